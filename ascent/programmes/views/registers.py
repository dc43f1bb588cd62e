"""A programme's risks and issues register (with its heat map) and its budget monitoring.

Every member reads both. Contributors (``programmes.update_project``), and a project's own
manager or sponsor for its risks, add and re-score risks, escalate a project's risk to the
programme, close them and record budget lines. Changes go through
``ascent.programmes.actions``; a refusal is shown beside the field it names.

Both pages keep a fixed number of queries whatever the number of risks or lines: the heat
map counts the register in one query, the table is a page of 50, and the budget page reads
the programme's budget lines and savings once each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.forms import add_action_errors
from ascent.core.money import format_money
from ascent.core.periods import PeriodKind, financial_year_label, parse_period
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import actions
from .. import risks as scoring
from ..forms_registers import PROGRAMME_WIDE, BudgetLineForm, RiskFilterForm, RiskForm
from ..models import BudgetKind, BudgetLine, Programme, Project, Risk, RiskStatus, SavingKind, SavingLine
from ..savings import Position, total_position

VIEW = "programmes.view_programme"
UPDATE = "programmes.update_project"
RISKS_PER_PAGE = 50


def _programme(request, gss_code: str, pk: int, *, perm: str = VIEW):
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    programme = fetch(Programme, request.user, perm=perm, organisation=organisation, pk=pk)
    return organisation, programme


def _projects(organisation, programme):
    return Project.objects.in_organisation(organisation).filter(programme=programme).order_by("reference", "name")


# ── The risks register ───────────────────────────────────────────────────────────────────────


def heat_rows(cells: list[list[int]]) -> list[dict]:
    """The heat map as table rows: impact 5 at the top, each cell with its count, score and grade."""
    rows = []
    for index, counts in enumerate(cells):
        impact = 5 - index
        row = []
        for likelihood, count in enumerate(counts, start=1):
            value = likelihood * impact
            row.append({"likelihood": likelihood, "count": count, "score": value, "grade": scoring.grade(value)})
        rows.append({"impact": impact, "name": scoring.IMPACTS[impact], "cells": row})
    return rows


def _filtered(organisation, programme, values: dict):
    found = Risk.objects.in_organisation(organisation).filter(programme=programme)
    status = values.get("status")
    if status == RiskStatus.CLOSED:
        found = found.filter(status=RiskStatus.CLOSED)
    elif status != "all":
        found = found.filter(status=RiskStatus.OPEN)
    project = values.get("project")
    if project == PROGRAMME_WIDE:
        found = found.filter(project__isnull=True)
    elif project:
        found = found.filter(project_id=int(project))
    if values.get("kind"):
        found = found.filter(kind=values["kind"])
    return found


@require_GET
def risks(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, programme = _programme(request, gss_code, pk)
    today = timezone.localdate()
    projects = list(_projects(organisation, programme))
    filters = RiskFilterForm(request.GET or None, projects=projects)
    values = filters.values() if request.GET else {}
    found = _filtered(organisation, programme, values)
    cells = scoring.heat_map(found.order_by().values_list("likelihood", "impact"))
    ordered = (
        found.select_related("project", "owner")
        .annotate(score_now=F("likelihood") * F("impact"))
        .order_by("-score_now", F("review_on").asc(nulls_last=True), "pk")
    )
    page = Paginator(ordered, RISKS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for risk in rows:
        risk.grade_band = scoring.grade(risk.score)
        risk.trend_word = scoring.trend(risk.score, risk.previous_score)
        risk.review_overdue = risk.status == RiskStatus.OPEN and risk.review_on is not None and risk.review_on < today
        risk.over_appetite = risk.status == RiskStatus.OPEN and scoring.above_appetite(
            risk.score, programme.risk_appetite
        )
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])
    return render(
        request,
        "programmes/risks.html",
        {
            "organisation": organisation,
            "programme": programme,
            "heat_rows": heat_rows(cells),
            "likelihoods": scoring.LIKELIHOODS,
            "counted": sum(sum(row) for row in cells),
            "grades": scoring.GRADES,
            "filters": filters,
            "filtered": bool(values),
            "showing_closed": values.get("status") in (RiskStatus.CLOSED, "all"),
            "page": page,
            "rows": rows,
            "query": query,
            "can_update": request.user.has_perm(UPDATE, programme),
        },
    )


@require_http_methods(["GET", "POST"])
def new_risk(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, programme = _programme(request, gss_code, pk, perm=UPDATE)
    initial = {}
    chosen = request.GET.get("project", "")
    if chosen.isdigit():
        initial["project"] = int(chosen)
    form = RiskForm(
        request.POST or None,
        organisation=organisation,
        projects=_projects(organisation, programme),
        new=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            risk = actions.save_risk(
                programme, by=request.user, project=form.cleaned_data["project"], **form.action_values()
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The {risk.get_kind_display().lower()} “{risk.title}” has been added")
            return redirect("programmes:risks", gss_code=organisation.gss_code, pk=programme.pk)
    return render(
        request,
        "programmes/risk_form.html",
        {"organisation": organisation, "programme": programme, "form": form, "risk": None},
    )


def _risk(request, gss_code: str, pk: int, *, perm: str = VIEW):
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    risk = fetch(
        Risk,
        request.user,
        perm=perm,
        organisation=organisation,
        select_related=("programme", "project", "owner"),
        pk=pk,
    )
    return organisation, risk


@require_http_methods(["GET", "POST"])
def risk(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _risk(request, gss_code, pk)
    can_update = record.status == RiskStatus.OPEN and request.user.has_perm(UPDATE, record)
    if request.method == "POST" and not request.user.has_perm(UPDATE, record):
        raise PermissionDenied
    form = None
    if can_update:
        form = RiskForm(
            request.POST or None,
            organisation=organisation,
            projects=None,
            new=False,
            initial={name: getattr(record, name) for name in actions.RISK_FIELDS},
        )
        if record.project_id is None:
            del form.fields["escalated"]
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            actions.save_risk(record.programme, by=request.user, risk=record, **form.action_values())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The risk has been saved")
            return redirect("programmes:risks", gss_code=organisation.gss_code, pk=record.programme_id)
    return render(
        request,
        "programmes/risk.html",
        {
            "organisation": organisation,
            "programme": record.programme,
            "risk": record,
            "form": form,
            "grade": scoring.grade(record.score),
            "trend": scoring.trend(record.score, record.previous_score),
            "over_appetite": scoring.above_appetite(record.score, record.programme.risk_appetite),
            "can_close": can_update,
        },
    )


@require_http_methods(["GET", "POST"])
def close_risk(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _risk(request, gss_code, pk, perm=UPDATE)
    if request.method == "POST":
        try:
            actions.close_risk(record, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"The {record.get_kind_display().lower()} “{record.title}” has been closed")
        return redirect("programmes:risks", gss_code=organisation.gss_code, pk=record.programme_id)
    return render(
        request,
        "programmes/risk_close.html",
        {"organisation": organisation, "programme": record.programme, "risk": record},
    )


# ── Budget monitoring ────────────────────────────────────────────────────────────────────────


GRANULARITY = {
    PeriodKind.FINANCIAL_YEAR.value: (0, "Whole year"),
    PeriodKind.QUARTER.value: (1, "Quarters"),
    PeriodKind.MONTH.value: (2, "Months"),
}


def variance_text(amount: Decimal) -> str:
    """ "£12K overspend", "£3K underspend" or "On budget" (forecast outturn less budget)."""
    if amount > 0:
        return f"{format_money(amount)} overspend"
    if amount < 0:
        return f"{format_money(-amount)} underspend"
    return "On budget"


@dataclass
class Figures:
    """Budget, forecast outturn and spend added up (spend: None when no line recorded it)."""

    budget: Decimal = Decimal(0)
    forecast: Decimal = Decimal(0)
    spent: Decimal | None = None
    basis: str = ""

    def add(self, line) -> None:
        self.budget += line.budget
        self.forecast += line.forecast
        if line.spent is not None:
            self.spent = (self.spent or Decimal(0)) + line.spent

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.budget

    @property
    def overspent(self) -> bool:
        return self.variance > 0

    def shown(self) -> dict:
        return {
            "budget": format_money(self.budget),
            "forecast": format_money(self.forecast),
            "variance": variance_text(self.variance),
            "overspent": self.overspent,
            "spent": format_money(self.spent) if self.spent is not None else "Not recorded",
            "basis": self.basis,
        }


@dataclass
class KindTable:
    kind: str
    label: str
    rows: list = field(default_factory=list)
    totals: list = field(default_factory=list)


def _scope(line) -> tuple:
    return (0, "", "") if line.project is None else (1, line.project.reference, line.project.name)


def _scope_label(project) -> str:
    return "Programme" if project is None else str(project)


def budget_year(year: int, lines: list, savings: list) -> dict:
    """One financial year of the budget page: each kind's lines with totals, the year by
    project, and the savings position beside it."""
    periods = {code: parse_period(code) for code in {line.period_code for line in lines}}
    tables = []
    for kind, label in BudgetKind.choices:
        mine = sorted(
            (line for line in lines if line.kind == kind),
            key=lambda line: (periods[line.period_code].sort_key, _scope(line), line.source),
        )
        if not mine:
            continue
        table = KindTable(kind, label)
        by_granularity: dict[str, Figures] = {}
        for line in mine:
            period = periods[line.period_code]
            figures = Figures()
            figures.add(line)
            table.rows.append(
                {
                    "period": period.label,
                    "scope": _scope_label(line.project),
                    "source": line.source,
                    "note": line.note,
                    **figures.shown(),
                }
            )
            by_granularity.setdefault(period.kind.value, Figures()).add(line)
        for granularity in sorted(by_granularity, key=lambda g: GRANULARITY[g][0]):
            figures = by_granularity[granularity]
            table.totals.append({"label": GRANULARITY[granularity][1], **figures.shown()})
        tables.append(table)

    # The year for each project and kind, from its coarsest lines, so nothing counts twice.
    grouped: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    projects = {}
    for line in lines:
        key = (_scope(line), line.kind)
        projects[key] = line.project
        grouped[key][periods[line.period_code].kind.value].append(line)
    by_project, kind_totals = [], {}
    for key in sorted(grouped, key=lambda k: (k[0], [c for c, _ in BudgetKind.choices].index(k[1]))):
        granularity = min(grouped[key], key=lambda g: GRANULARITY[g][0])
        chosen = grouped[key][granularity]
        figures = Figures(basis=_basis(granularity, len(chosen)))
        for line in chosen:
            figures.add(line)
        total = kind_totals.setdefault(key[1], Figures())
        for line in chosen:
            total.add(line)
        by_project.append({"scope": _scope_label(projects[key]), "kind": BudgetKind(key[1]).label, **figures.shown()})
    year_totals = [
        {"kind": BudgetKind(kind).label, **kind_totals[kind].shown()}
        for kind in BudgetKind.values
        if kind in kind_totals
    ]

    saving_rows = []
    positions = []
    for line in sorted(savings, key=lambda s: (_scope(s), s.kind)):
        position = Position(target=line.target, delivered=line.delivered, forecast=line.forecast)
        positions.append(position)
        saving_rows.append(
            {
                "scope": str(line.project),
                "kind": SavingKind(line.kind).label,
                "target": format_money(position.target),
                "delivered": format_money(position.delivered),
                "delivered_as_at": line.delivered_as_at,
                "forecast": format_money(position.forecast),
                "shortfall": format_money(position.shortfall) if position.shortfall else "None",
                "short": bool(position.shortfall),
            }
        )
    saving_total = None
    if positions:
        total = total_position(positions)
        saving_total = {
            "target": format_money(total.target),
            "delivered": format_money(total.delivered),
            "forecast": format_money(total.forecast),
            "shortfall": format_money(total.shortfall) if total.shortfall else "None",
            "short": bool(total.shortfall),
            "sentence": total.sentence(),
        }
    overspends = [
        {"kind": BudgetKind(kind).label.lower(), "amount": format_money(kind_totals[kind].variance)}
        for kind in BudgetKind.values
        if kind in kind_totals and kind_totals[kind].overspent
    ]
    return {
        "year": year,
        "label": financial_year_label(year),
        "tables": tables,
        "by_project": by_project,
        "year_totals": year_totals,
        "savings": saving_rows,
        "saving_total": saving_total,
        "overspends": overspends,
    }


def _basis(granularity: str, count: int) -> str:
    if granularity == PeriodKind.FINANCIAL_YEAR.value:
        return "Whole year"
    noun = "quarter" if granularity == PeriodKind.QUARTER.value else "month"
    return f"{count} {noun}{'' if count == 1 else 's'}"


@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, programme = _programme(request, gss_code, pk)
    can_update = request.user.has_perm(UPDATE, programme)
    if request.method == "POST" and not can_update:
        raise PermissionDenied
    form = BudgetLineForm(request.POST or None, projects=_projects(organisation, programme)) if can_update else None
    if request.method == "POST" and form.is_valid():
        try:
            line = actions.record_budget(programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The budget for {parse_period(line.period_code).label} has been recorded")
            return redirect(
                f"{_budget_url(organisation, programme)}#year-{line.financial_year}",
            )
    lines = list(BudgetLine.objects.in_organisation(organisation).filter(programme=programme).select_related("project"))
    savings = list(
        SavingLine.objects.in_organisation(organisation).filter(project__programme=programme).select_related("project")
    )
    by_year: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for line in lines:
        by_year[line.financial_year][0].append(line)
    for line in savings:
        by_year[line.financial_year][1].append(line)
    years = [budget_year(year, *by_year[year]) for year in sorted(by_year, reverse=True)]
    return render(
        request,
        "programmes/budget.html",
        {"organisation": organisation, "programme": programme, "years": years, "form": form},
    )


def _budget_url(organisation, programme) -> str:
    return reverse("programmes:budget", kwargs={"gss_code": organisation.gss_code, "pk": programme.pk})


urls = [
    path("orgs/<gss:gss_code>/programmes/<int:pk>/risks/", risks, name="risks"),
    path("orgs/<gss:gss_code>/programmes/<int:pk>/risks/new/", new_risk, name="new_risk"),
    path("orgs/<gss:gss_code>/programmes/risks/<int:pk>/", risk, name="risk"),
    path("orgs/<gss:gss_code>/programmes/risks/<int:pk>/close/", close_risk, name="close_risk"),
    path("orgs/<gss:gss_code>/programmes/<int:pk>/budget/", budget, name="budget"),
]
