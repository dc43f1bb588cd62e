"""The council's programmes: the list with savings and flags, one programme's page, and
setting a programme up or changing (or closing) it.

Every member reads them; editors add and change programmes (``programmes.add_programme``,
``programmes.change_programme``). The list and the programme page take a fixed number of
queries however many programmes, projects and saving lines there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.forms import add_action_errors
from ascent.core.money import format_money
from ascent.core.periods import financial_year_label, financial_year_start_year
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import actions, flags
from ..forms import ChangeProgrammeForm, ProgrammeForm, members_of
from ..models import Board, Programme, ProgrammeStatus, Project, SavingKind, SavingLine, Stage

ZERO = Decimal("0.00")

# ── Shared by the programme and project pages ────────────────────────────────────────────────


def money(amount) -> str:
    """An amount as councils write it ("£863K", "£1.263m"); "£0" for nothing."""
    return format_money(amount if amount is not None else ZERO)


def boards(organisation):
    return Board.objects.in_organisation(organisation).filter(is_active=True).order_by("name")


def programme_year(programme: Programme, today=None) -> int:
    """The financial year a programme's figures are shown for: this one while the programme
    runs; otherwise its last year (or its first, if it has not begun)."""
    today = today or timezone.localdate()
    year = financial_year_start_year(today)
    first = financial_year_start_year(programme.starts_on)
    last = financial_year_start_year(programme.ends_on) if programme.ends_on else None
    if year < first:
        return first
    if last is not None and year > last:
        return last
    return year


@dataclass
class Figures:
    """Target, original target, delivered and forecast added up (pounds)."""

    target: Decimal = ZERO
    original: Decimal = ZERO
    delivered: Decimal = ZERO
    forecast: Decimal = ZERO
    as_at: object = None
    kinds: set = field(default_factory=set)

    def add(self, line) -> None:
        self.target += line.target
        self.original += line.original_target
        self.delivered += line.delivered
        self.forecast += line.forecast
        self.kinds.add(line.kind)
        if line.delivered_as_at and (self.as_at is None or line.delivered_as_at > self.as_at):
            self.as_at = line.delivered_as_at

    @property
    def shortfall(self) -> Decimal:
        return max(self.target - self.forecast, ZERO)

    def text(self) -> dict:
        return {
            "target": money(self.target),
            "original": money(self.original),
            "delivered": money(self.delivered),
            "forecast": money(self.forecast),
            "shortfall": money(self.shortfall),
            "reprofiled": self.target != self.original,
            "as_at": self.as_at,
        }


def savings_table(lines) -> dict:
    """Saving lines as a table by financial year and kind, with totals by kind and overall."""
    by_row: dict[tuple[int, str], Figures] = defaultdict(Figures)
    by_kind: dict[str, Figures] = defaultdict(Figures)
    total = Figures()
    for line in lines:
        by_row[(line.financial_year, line.kind)].add(line)
        by_kind[line.kind].add(line)
        total.add(line)
    rows = [
        {"year": financial_year_label(year), "kind": SavingKind(kind).label, **figures.text()}
        for (year, kind), figures in sorted(by_row.items())
    ]
    kinds = [{"kind": SavingKind(kind).label, **by_kind[kind].text()} for kind in SavingKind.values if kind in by_kind]
    return {"rows": rows, "kinds": kinds if len(kinds) > 1 else [], "total": total.text() if rows else None}


RAG_COLOURS = {"green": "green", "amber": "yellow", "red": "red"}
STAGE_COLOURS = {Stage.PROPOSED: "grey", Stage.DELIVERY: "blue", Stage.BAU: "green", Stage.CLOSED: ""}


def rag(value: str) -> dict | None:
    """A RAG as a GOV.UK tag's text and colour (None when not reported)."""
    if not value:
        return None
    return {"text": value.title(), "colour": RAG_COLOURS.get(value, "")}


def flags_by_programme(organisation) -> dict[int, int]:
    """How many open flags each programme has (its projects', its milestones' and its risks')."""
    counts: dict[int, int] = defaultdict(int)
    for flag in flags.open_flags(organisation):
        programme_id = (getattr(flag, "extra", None) or {}).get("programme_id")
        if programme_id:
            counts[programme_id] += 1
    return counts


# ── The list ─────────────────────────────────────────────────────────────────────────────────


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    programmes = list(
        Programme.objects.in_organisation(organisation).select_related("board").order_by("status", "-starts_on", "name")
    )
    stages: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Project.objects.in_organisation(organisation).values("programme_id", "stage").annotate(n=Count("id")).order_by()
    ):
        stages[row["programme_id"]][row["stage"]] = row["n"]
    sums: dict[tuple[int, int], dict] = {}
    for row in (
        SavingLine.objects.in_organisation(organisation)
        .values("project__programme_id", "financial_year")
        .annotate(target=Sum("target"), forecast=Sum("forecast"), delivered=Sum("delivered"))
        .order_by()
    ):
        sums[(row["project__programme_id"], row["financial_year"])] = row
    flag_counts = flags_by_programme(organisation)
    rows = []
    for programme in programmes:
        year = programme_year(programme)
        figures = sums.get((programme.pk, year), {})
        target, forecast = figures.get("target") or ZERO, figures.get("forecast") or ZERO
        rows.append(
            {
                "programme": programme,
                "stages": [
                    {"label": label, "count": stages[programme.pk][value]}
                    for value, label in Stage.choices
                    if stages[programme.pk].get(value)
                ],
                "projects": sum(stages[programme.pk].values()),
                "year": financial_year_label(year),
                "target": money(target),
                "forecast": money(forecast),
                "delivered": money(figures.get("delivered")),
                "shortfall": money(max(target - forecast, ZERO)),
                "short": forecast < target,
                "flags": flag_counts.get(programme.pk, 0),
            }
        )
    return render(
        request,
        "programmes/index.html",
        {
            "organisation": organisation,
            "rows": rows,
            "can_add": request.user.has_perm("programmes.add_programme", organisation),
        },
    )


# ── One programme ────────────────────────────────────────────────────────────────────────────


@require_GET
def programme(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    record = fetch(
        Programme,
        request.user,
        perm="programmes.view_programme",
        organisation=organisation,
        select_related=("board", "sponsor", "manager"),
        pk=pk,
    )
    year = programme_year(record)
    projects = list(
        Project.objects.in_organisation(organisation)
        .filter(programme=record)
        .select_related("board", "manager")
        .order_by("reference", "name")
    )
    lines = list(
        SavingLine.objects.in_organisation(organisation)
        .filter(project__programme=record)
        .order_by("financial_year", "kind", "project_id")
    )
    of_year: dict[int, Figures] = defaultdict(Figures)
    for line in lines:
        if line.financial_year == year:
            of_year[line.project_id].add(line)
    project_flags = flags.project_flags(organisation, [project.pk for project in projects])
    rows = [
        {
            "project": project,
            "stage_colour": STAGE_COLOURS.get(project.stage, ""),
            "rags": [
                ("Overall", rag(project.rag_overall)),
                ("Time", rag(project.rag_time)),
                ("Cost", rag(project.rag_cost)),
                ("Benefits", rag(project.rag_benefits)),
            ],
            "savings": of_year[project.pk].text() if project.pk in of_year else None,
            "flags": len(project_flags.get(project.pk, [])),
        }
        for project in projects
    ]
    year_total = Figures()
    for figures in of_year.values():
        year_total.target += figures.target
        year_total.forecast += figures.forecast
        year_total.delivered += figures.delivered
    can_change = request.user.has_perm("programmes.change_programme", record)
    return render(
        request,
        "programmes/programme.html",
        {
            "organisation": organisation,
            "programme": record,
            "year": financial_year_label(year),
            "rows": rows,
            "year_total": year_total.text() if of_year else None,
            "savings": savings_table(lines),
            "can_change": can_change,
            "can_add_project": request.user.has_perm("programmes.change_project", record),
        },
    )


def _programme_initial(record: Programme) -> dict:
    return {
        "name": record.name,
        "summary": record.summary,
        "sponsor": record.sponsor_id,
        "sponsor_name": record.sponsor_name,
        "manager": record.manager_id,
        "manager_name": record.manager_name,
        "board": record.board_id,
        "starts_on": record.starts_on,
        "ends_on": record.ends_on,
        "risk_appetite": record.risk_appetite,
        "milestone_tolerance_days": record.milestone_tolerance_days,
        "status": record.status,
        "closed_reason": record.closed_reason,
    }


@require_http_methods(["GET", "POST"])
def new_programme(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.add_programme")
    form = ProgrammeForm(request.POST or None, members=members_of(organisation), boards=boards(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            record = actions.create_programme(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The programme “{record.name}” has been set up")
            return redirect("programmes:programme", gss_code=organisation.gss_code, pk=record.pk)
    return render(
        request, "programmes/programme_form.html", {"organisation": organisation, "form": form, "programme": None}
    )


@require_http_methods(["GET", "POST"])
def edit_programme(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    record = fetch(Programme, request.user, perm="programmes.change_programme", organisation=organisation, pk=pk)
    form = ChangeProgrammeForm(
        request.POST or None,
        initial=_programme_initial(record),
        members=members_of(organisation),
        boards=boards(organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data["status"] == ProgrammeStatus.ACTIVE:
            data["closed_reason"], data["closed_on"] = "", None
        elif record.status == ProgrammeStatus.CLOSED:
            data["closed_on"] = record.closed_on
        try:
            actions.change_programme(record, by=request.user, **data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The programme has been saved")
            return redirect("programmes:programme", gss_code=organisation.gss_code, pk=record.pk)
    return render(
        request, "programmes/programme_form.html", {"organisation": organisation, "form": form, "programme": record}
    )


urls = [
    path("orgs/<gss:gss_code>/programmes/", index, name="index"),
    path("orgs/<gss:gss_code>/programmes/new/", new_programme, name="new_programme"),
    path("orgs/<gss:gss_code>/programmes/<int:pk>/", programme, name="programme"),
    path("orgs/<gss:gss_code>/programmes/<int:pk>/edit/", edit_programme, name="edit_programme"),
]
