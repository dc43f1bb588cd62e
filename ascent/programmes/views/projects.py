"""A project of a programme: its page, business case, stage, board, updates, savings, milestones and KPIs.

Every member reads a project. Editors (``programmes.change_project``) set it up, change its
business case, stage and board, set and re-profile savings targets, add milestones and KPIs
and hand it an improvement-plan action's work. Contributors and the project's own manager
or sponsor (``programmes.update_project``) add updates, record savings delivered and
forecast, and move a milestone's forecast. The project page takes a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.forms import add_action_errors
from ascent.core.periods import financial_year_label, financial_year_start_year
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import actions, flags
from ..forms import (
    BoardMoveForm,
    KpiForm,
    MilestoneChangeForm,
    MilestoneForm,
    ProjectForm,
    ReprofileForm,
    SavingForm,
    StageForm,
    TakeActionForm,
    TargetForm,
    UpdateForm,
    members_of,
)
from ..milestones import beyond_tolerance, slippage_text
from ..models import (
    BoardMove,
    BudgetLine,
    Milestone,
    Programme,
    Project,
    ProjectIndicator,
    ProjectUpdate,
    Reprofiling,
    Risk,
    RiskStatus,
    SavingKind,
    SavingLine,
)
from .programmes import STAGE_COLOURS, Figures, boards, money, programme_year, rag

BUSINESS_CASE = [
    ("problem", "Problem"),
    ("outcomes", "Outcomes"),
    ("outputs", "Outputs"),
    ("options", "Options considered"),
    ("costs", "Costs"),
    ("benefits", "Benefits"),
    ("dependencies", "Dependencies"),
]


def _project(request, gss_code: str, pk: int, perm: str):
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    record = fetch(
        Project,
        request.user,
        perm=perm,
        organisation=organisation,
        select_related=("programme", "board"),
        pk=pk,
    )
    return organisation, record


def _to_project(organisation, project) -> HttpResponse:
    return redirect("programmes:project", gss_code=organisation.gss_code, pk=project.pk)


def _today():
    return timezone.localdate()


def _years(project: Project, extra=()) -> list[int]:
    """Financial years a saving can be set for: the programme's, a few either side, and any already used."""
    programme = project.programme
    first = financial_year_start_year(programme.starts_on) - 2
    last = financial_year_start_year(programme.ends_on or programme.starts_on) + 4
    last = max(last, financial_year_start_year(_today()) + 1)
    return sorted(set(range(first, last + 1)) | set(extra))


def _profile_text(profile: dict) -> str:
    """ "2019-20 £500K, 2020-21 £546K" from a re-profiling's stored profile; "nothing" if empty."""
    parts = [f"{financial_year_label(int(year))} {money(Decimal(amount))}" for year, amount in sorted(profile.items())]
    return ", ".join(parts) or "nothing"


# ── The project page ─────────────────────────────────────────────────────────────────────────


@require_GET
def project(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    from ascent.indicators.models import Observation
    from ascent.indicators.scorecard import format_value
    from ascent.plans.models import Action

    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    record = fetch(
        Project,
        request.user,
        perm="programmes.view_programme",
        organisation=organisation,
        select_related=("programme", "board", "manager", "sponsor"),
        pk=pk,
    )
    programme = record.programme
    scoped = organisation
    moves = list(BoardMove.objects.in_organisation(scoped).filter(project=record).order_by("moved_on", "id"))
    updates = list(
        ProjectUpdate.objects.in_organisation(scoped)
        .filter(project=record)
        .select_related("author")
        .order_by("-on", "-id")[:5]
    )
    lines = list(SavingLine.objects.in_organisation(scoped).filter(project=record).order_by("financial_year", "kind"))
    reprofilings = list(
        Reprofiling.objects.in_organisation(scoped).filter(project=record).select_related("by").order_by("-on", "-id")
    )
    budget = list(
        BudgetLine.objects.in_organisation(scoped)
        .filter(project=record)
        .order_by("kind", "financial_year", "period_code", "id")
    )
    risks = list(
        Risk.objects.in_organisation(scoped)
        .filter(project=record)
        .select_related("owner")
        .order_by("status", "-likelihood", "-impact", "id")
    )
    milestones = list(Milestone.objects.in_organisation(scoped).filter(project=record).order_by("baseline_date", "id"))
    kpis = list(
        ProjectIndicator.objects.in_organisation(scoped)
        .filter(project=record)
        .select_related("indicator")
        .order_by("position", "id")
    )
    latest: dict[int, object] = {}
    if kpis:
        for observation in (
            Observation.objects.in_organisation(organisation)
            .filter(indicator_id__in=[kpi.indicator_id for kpi in kpis])
            .order_by("indicator_id", "-period_end", "-period_start")
        ):
            latest.setdefault(observation.indicator_id, observation)
    handed = list(
        Action.objects.in_organisation(organisation)
        .filter(
            superseded_by_type__app_label="programmes",
            superseded_by_type__model="project",
            superseded_by_id_generic=record.pk,
        )
        .select_related("plan")
        .order_by("plan__title", "position", "id")
    )
    project_flags = flags.project_flags(organisation, [record.pk]).get(record.pk, [])

    years: dict[int, dict[str, Figures]] = defaultdict(dict)
    for line in lines:
        years[line.financial_year].setdefault(line.kind, Figures()).add(line)
    savings = [
        {"year": financial_year_label(year), "kind": SavingKind(kind).label, "note": "", **figures.text()}
        for year, kinds in sorted(years.items())
        for kind, figures in sorted(kinds.items(), key=lambda item: SavingKind.values.index(item[0]))
    ]
    total = Figures()
    for line in lines:
        total.add(line)
    kpi_rows = []
    for kpi in kpis:
        observation = latest.get(kpi.indicator_id)
        kpi_rows.append(
            {
                "kpi": kpi,
                "baseline": format_value(kpi.indicator, kpi.baseline_value),
                "target": format_value(kpi.indicator, kpi.target_value) if kpi.target_value is not None else "",
                "latest": format_value(kpi.indicator, observation.value) if observation else "",
                "latest_period": observation.period_code if observation else "",
                "illustrative": bool(observation and observation.is_illustrative),
            }
        )
    user = request.user
    can_change = user.has_perm("programmes.change_project", record)
    can_update = user.has_perm("programmes.update_project", record)
    return render(
        request,
        "programmes/project.html",
        {
            "organisation": organisation,
            "programme": programme,
            "project": record,
            "stage_colour": STAGE_COLOURS.get(record.stage, ""),
            "rags": [
                ("Overall", rag(record.rag_overall)),
                ("Time", rag(record.rag_time)),
                ("Cost", rag(record.rag_cost)),
                ("Benefits", rag(record.rag_benefits)),
            ],
            "updates": [
                {
                    "update": update,
                    "rags": [
                        ("Overall", rag(update.rag_overall)),
                        ("Time", rag(update.rag_time)),
                        ("Cost", rag(update.rag_cost)),
                        ("Benefits", rag(update.rag_benefits)),
                    ],
                }
                for update in updates
            ],
            "moves": moves,
            "business_case": [(label, getattr(record, name)) for name, label in BUSINESS_CASE],
            "savings": savings,
            "savings_total": total.text() if lines else None,
            "current_year": financial_year_label(programme_year(programme)),
            "reprofilings": [
                {
                    "record": item,
                    "before": _profile_text(item.before),
                    "after": _profile_text(item.after),
                    "kind": SavingKind(item.kind).label,
                }
                for item in reprofilings
            ],
            "budget": [
                {
                    "line": line,
                    "budget": money(line.budget),
                    "forecast": money(line.forecast),
                    "spent": money(line.spent) if line.spent is not None else "",
                    "variance": money(line.variance),
                    "over": line.variance > 0,
                }
                for line in budget
            ],
            "risks": risks,
            "open_risks": sum(1 for risk in risks if risk.status == RiskStatus.OPEN),
            "milestones": [
                {
                    "milestone": item,
                    "slippage": slippage_text(item.baseline_date, item.done_on or item.forecast_date),
                    "beyond": beyond_tolerance(
                        item.baseline_date, item.done_on or item.forecast_date, programme.milestone_tolerance_days
                    ),
                }
                for item in milestones
            ],
            "kpis": kpi_rows,
            "handed": handed,
            "flags": project_flags,
            "can_change": can_change,
            "can_update": can_update,
        },
    )


# ── Setting up and changing a project ────────────────────────────────────────────────────────


@require_http_methods(["GET", "POST"])
def new_project(request: HttpRequest, gss_code: str, programme_pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    programme = fetch(
        Programme, request.user, perm="programmes.change_project", organisation=organisation, pk=programme_pk
    )
    form = ProjectForm(
        request.POST or None,
        initial={"board": programme.board_id},
        members=members_of(organisation),
        boards=boards(organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        board, stage = data.pop("board"), data.pop("stage")
        try:
            record = actions.create_project(programme, by=request.user, board=board, stage=stage, **data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The project “{record.name}” has been added")
            return _to_project(organisation, record)
    return render(
        request,
        "programmes/project_form.html",
        {"organisation": organisation, "programme": programme, "project": None, "form": form},
    )


@require_http_methods(["GET", "POST"])
def edit_project(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _project(request, gss_code, pk, "programmes.change_project")
    initial = {
        name: getattr(record, name)
        for name in ProjectForm.base_fields
        if name not in ("sponsor", "manager") and hasattr(record, name)
    }
    initial |= {"sponsor": record.sponsor_id, "manager": record.manager_id}
    form = ProjectForm(request.POST or None, initial=initial, members=members_of(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_project(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The project has been saved")
            return _to_project(organisation, record)
    return render(
        request,
        "programmes/project_form.html",
        {"organisation": organisation, "programme": record.programme, "project": record, "form": form},
    )


def _simple(request, organisation, record, form, template: str, do, success: str, **context) -> HttpResponse:
    """The pattern of the small project forms: check, call the action, go back to the project."""
    if request.method == "POST" and form.is_valid():
        try:
            do(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, success)
            return _to_project(organisation, record)
    return render(
        request,
        template,
        {"organisation": organisation, "programme": record.programme, "project": record, "form": form, **context},
    )


@require_http_methods(["GET", "POST"])
def project_stage(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _project(request, gss_code, pk, "programmes.change_project")
    form = StageForm(request.POST or None, initial={"on": _today()})

    def do(data):
        actions.change_stage(record, by=request.user, stage=data["stage"], on=data["on"], reason=data["reason"])

    return _simple(
        request,
        organisation,
        record,
        form,
        "programmes/project_stage.html",
        do,
        "The project's stage has been changed",
    )


@require_http_methods(["GET", "POST"])
def project_board(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _project(request, gss_code, pk, "programmes.change_project")
    form = BoardMoveForm(request.POST or None, initial={"moved_on": _today()}, boards=boards(organisation))

    def do(data):
        actions.move_to_board(record, by=request.user, board=data["board"], on=data["moved_on"], reason=data["reason"])

    moves = list(BoardMove.objects.in_organisation(organisation).filter(project=record).order_by("moved_on", "id"))
    return _simple(
        request,
        organisation,
        record,
        form,
        "programmes/project_board.html",
        do,
        "The project has moved board",
        moves=moves,
    )


@require_http_methods(["GET", "POST"])
def project_update(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _project(request, gss_code, pk, "programmes.update_project")
    initial = {
        "on": _today(),
        "rag_overall": record.rag_overall,
        "rag_time": record.rag_time,
        "rag_cost": record.rag_cost,
        "rag_benefits": record.rag_benefits,
    }
    form = UpdateForm(request.POST or None, initial=initial)

    def do(data):
        actions.add_update(record, by=request.user, **data)

    return _simple(
        request, organisation, record, form, "programmes/project_update.html", do, "The update has been added"
    )


# ── Savings ──────────────────────────────────────────────────────────────────────────────────


@require_http_methods(["GET", "POST"])
def project_savings(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    """Editors set a target phased over years; contributors record a year's delivered and forecast.

    The page shows the form each may use; a post says which it is (``form`` = "target" or "saving")."""
    organisation, record = _project(request, gss_code, pk, "programmes.update_project")
    can_set_target = request.user.has_perm("programmes.change_project", record)
    lines = list(SavingLine.objects.in_organisation(organisation).filter(project=record).order_by("financial_year"))
    years = _years(record, [line.financial_year for line in lines])
    which = request.POST.get("form") if request.method == "POST" else None
    if which == "target" and not can_set_target:
        raise PermissionDenied
    current = financial_year_start_year(_today())
    default_year = programme_year(record.programme)
    target_form = (
        TargetForm(
            request.POST if which == "target" else None,
            years=years,
            prefix="target",
            initial={"first_year": default_year, "last_year": default_year},
        )
        if can_set_target
        else None
    )
    saving_form = SavingForm(
        request.POST if which != "target" and request.method == "POST" else None,
        years=years,
        prefix="saving",
        initial={"financial_year": default_year if default_year <= current else current},
    )
    form = target_form if which == "target" else saving_form
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if which == "target":
                actions.set_savings_target(
                    record, by=request.user, total=data["total"], years=form.years, kind=data["kind"]
                )
            else:
                actions.record_saving(
                    record,
                    by=request.user,
                    financial_year=data["financial_year"],
                    kind=data["kind"],
                    delivered=data["delivered"],
                    forecast=data["forecast"],
                    delivered_as_at=data["delivered_as_at"],
                    note=data["note"] or None,
                )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request, "The savings target has been set" if which == "target" else "The saving has been recorded"
            )
            return _to_project(organisation, record)
    errors = list(target_form.errors.values()) if target_form is not None and target_form.is_bound else []
    return render(
        request,
        "programmes/project_savings.html",
        {
            "organisation": organisation,
            "programme": record.programme,
            "project": record,
            "target_form": target_form,
            "saving_form": saving_form,
            "bound_form": form if request.method == "POST" else None,
            "has_target_errors": bool(errors),
            "lines": [
                {
                    "line": line,
                    "year": financial_year_label(line.financial_year),
                    "target": money(line.target),
                    "original": money(line.original_target),
                    "delivered": money(line.delivered),
                    "forecast": money(line.forecast),
                    "shortfall": money(line.shortfall),
                }
                for line in lines
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def reprofile(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _project(request, gss_code, pk, "programmes.change_project")
    kind = request.POST.get("kind") or request.GET.get("kind") or SavingKind.CASH
    if kind not in SavingKind.values:
        kind = SavingKind.CASH
    all_lines = list(
        SavingLine.objects.in_organisation(organisation).filter(project=record).order_by("financial_year", "kind")
    )
    lines = [line for line in all_lines if line.kind == kind]
    profile_years = [line.financial_year for line in lines if line.target]
    new_years = [year for year in _years(record) if year not in profile_years]
    initial = {"kind": kind} | {f"year_{line.financial_year}": line.target for line in lines if line.target}
    form = ReprofileForm(request.POST or None, initial=initial, profile_years=profile_years, new_years=new_years)

    def do(data):
        actions.reprofile_savings(
            record,
            by=request.user,
            changes=form.changes,
            reason=data["reason"],
            kind=data["kind"],
            total_changes=data["total_changes"],
        )

    profile = [
        {
            "year": financial_year_label(line.financial_year),
            "kind": SavingKind(line.kind).label,
            "original": money(line.original_target),
            "current": money(line.target),
        }
        for line in all_lines
        if line.target or line.original_target
    ]
    reprofilings = [
        {"record": item, "before": _profile_text(item.before), "after": _profile_text(item.after)}
        for item in Reprofiling.objects.in_organisation(organisation).filter(project=record).order_by("-on", "-id")
    ]
    return _simple(
        request,
        organisation,
        record,
        form,
        "programmes/project_reprofile.html",
        do,
        "The savings have been re-profiled",
        profile=profile,
        reprofilings=reprofilings,
        kind_label=SavingKind(kind).label,
    )


# ── Milestones, KPIs, plan actions ───────────────────────────────────────────────────────────


@require_http_methods(["GET", "POST"])
def new_milestone(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _project(request, gss_code, pk, "programmes.change_project")
    form = MilestoneForm(request.POST or None)

    def do(data):
        actions.save_milestone(record, by=request.user, **data)

    return _simple(
        request, organisation, record, form, "programmes/project_milestone.html", do, "The milestone has been added"
    )


@require_http_methods(["GET", "POST"])
def milestone(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    item = fetch(
        Milestone,
        request.user,
        perm="programmes.update_project",
        organisation=organisation,
        select_related=("project", "project__programme"),
        pk=pk,
    )
    record = item.project
    form = MilestoneChangeForm(
        request.POST or None, initial={"forecast_date": item.forecast_date, "done_on": item.done_on}
    )

    def do(data):
        actions.save_milestone(
            record, by=request.user, milestone=item, forecast_date=data["forecast_date"], done_on=data["done_on"]
        )

    return _simple(
        request,
        organisation,
        record,
        form,
        "programmes/project_milestone.html",
        do,
        "The milestone has been saved",
        milestone=item,
        slippage=slippage_text(item.baseline_date, item.done_on or item.forecast_date),
    )


@require_http_methods(["GET", "POST"])
def new_kpi(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    from ascent.indicators.models import Indicator

    organisation, record = _project(request, gss_code, pk, "programmes.change_project")
    linked = ProjectIndicator.objects.in_organisation(organisation).filter(project=record).values("indicator_id")
    indicators = list(
        Indicator.objects.in_organisation(organisation)
        .filter(is_active=True)
        .exclude(pk__in=linked)
        .order_by("sort_order", "code")
    )
    form = KpiForm(request.POST or None, indicators=indicators)

    def do(data):
        actions.link_kpi(
            record,
            by=request.user,
            indicator=data["indicator"],
            baseline_period_code=data["baseline_period_code"].strip(),
            target_value=data["target_value"],
            target_text=data["target_text"],
        )

    return _simple(request, organisation, record, form, "programmes/project_kpi.html", do, "The KPI has been added")


@require_http_methods(["GET", "POST"])
def take_action(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    from ascent.plans.models import Action

    organisation, record = _project(request, gss_code, pk, "programmes.change_project")
    open_actions = list(
        Action.objects.in_organisation(organisation).open().select_related("plan").order_by("plan__title", "position")
    )
    form = TakeActionForm(request.POST or None, actions=open_actions)

    def do(data):
        actions.hand_action_to_project(data["action"], record, by=request.user, note=data["note"])

    return _simple(
        request,
        organisation,
        record,
        form,
        "programmes/project_take_action.html",
        do,
        "The action's work has been handed to the project",
    )


urls = [
    path("orgs/<gss:gss_code>/programmes/<int:programme_pk>/projects/new/", new_project, name="new_project"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/", project, name="project"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/edit/", edit_project, name="edit_project"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/stage/", project_stage, name="project_stage"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/board/", project_board, name="project_board"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/update/", project_update, name="project_update"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/savings/", project_savings, name="project_savings"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/reprofile/", reprofile, name="reprofile"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/milestones/new/", new_milestone, name="new_milestone"),
    path("orgs/<gss:gss_code>/programmes/milestones/<int:pk>/", milestone, name="milestone"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/kpis/new/", new_kpi, name="new_kpi"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/take-action/", take_action, name="take_action"),
]
