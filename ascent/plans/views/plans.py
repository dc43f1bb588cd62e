"""The council's improvement plans: the list, one plan with its actions, setting plans and themes up,
and superseding a plan.

Every member reads the plans; editors (``plans.add_plan`` / ``plans.change_plan``) create and
change plans and themes and supersede a plan. The plan page lists its actions grouped by
theme, filtered by a GET form and paginated: a fixed number of queries whatever the size of
the plan.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.forms import add_action_errors
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import planning
from ..forms_plans import ActionFilterForm, PlanForm, SupersedePlanForm, ThemeForm
from ..models import Action, Plan, PlanStatus, Theme
from ..status import is_overdue, is_stale, last_activity_on, overdue_q, settings_for, stale_q

#: Actions a page of the plan shows.
ACTIONS_PER_PAGE = 50


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    plans = list(
        Plan.objects.in_organisation(organisation)
        .select_related("owner", "superseded_by")
        .order_by("status", "-starts_on", "title")
    )
    stale_days = settings_for(organisation).stale_after_days
    counts = planning.plan_counts(organisation, stale_after_days=stale_days)
    empty = {"open": 0, "overdue": 0, "stale": 0, "closed": 0, "total": 0}
    for plan in plans:
        plan.counts = counts.get(plan.pk, empty)
    return render(
        request,
        "plans/index.html",
        {
            "organisation": organisation,
            "plans": plans,
            "can_add": request.user.has_perm("plans.add_plan", organisation),
            "can_change_settings": request.user.has_perm("plans.change_plan_settings", organisation),
            "stale_days": stale_days,
        },
    )


def _filtered(plan: Plan, values: dict, *, today, stale_days: int):
    actions = Action.objects.in_organisation(plan.organisation).filter(plan=plan)
    if "q" in values:
        words = values["q"]
        actions = actions.filter(
            Q(reference__icontains=words) | Q(title__icontains=words) | Q(description__icontains=words)
        )
    if "status" in values:
        actions = actions.filter(status=values["status"])
    if "theme" in values:
        actions = actions.filter(theme_id=values["theme"])
    if "owner" in values:
        actions = actions.filter(owner_id=values["owner"])
    if values.get("show") == "overdue":
        actions = actions.filter(overdue_q(today))
    elif values.get("show") == "stale":
        actions = actions.filter(stale_q(stale_days, today))
    return actions


@require_GET
def plan(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    record = fetch(
        Plan,
        request.user,
        perm="plans.view_plan",
        organisation=organisation,
        select_related=("owner", "review", "superseded_by"),
        pk=plan_id,
    )
    today = timezone.localdate()
    stale_days = settings_for(organisation).stale_after_days
    themes = list(Theme.objects.in_organisation(organisation).filter(plan=record).select_related("lead"))
    owners = list(planning.members(organisation))
    filters = ActionFilterForm(request.GET or None, themes=themes, owners=owners)
    values = filters.values() if request.GET else {}
    actions = (
        _filtered(record, values, today=today, stale_days=stale_days)
        .select_related("owner", "superseded_by__plan", "superseded_by_type")
        .prefetch_related(
            Prefetch("supersedes", queryset=Action.objects.in_organisation(organisation).select_related("plan"))
        )
        .order_by(F("theme__position").asc(nulls_last=True), "theme_id", "position", "pk")
    )
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    by_theme = {theme.pk: theme for theme in themes}
    for action in rows:
        action.theme_row = by_theme.get(action.theme_id)
        action.overdue = is_overdue(action, today)
        action.stale = is_stale(action, stale_days, today)
        action.days_since = (today - last_activity_on(action)).days
        action.rag_word = action.get_rag_display().split(":")[0] if action.rag else ""
        action.moved = bool(
            action.original_due_date and action.due_date and action.original_due_date != action.due_date
        )
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])
    return render(
        request,
        "plans/plan.html",
        {
            "organisation": organisation,
            "plan": record,
            "themes": themes,
            "page": page,
            "rows": rows,
            "filters": filters,
            "filtered": bool(values),
            "query": query,
            "supersedes": list(Plan.objects.in_organisation(organisation).filter(superseded_by=record)),
            "can_change": request.user.has_perm("plans.change_plan", record),
            "can_add_action": request.user.has_perm("plans.change_action", record),
            "can_import": request.user.has_perm("plans.import_plan", record),
            "stale_days": stale_days,
        },
    )


def _plan_form(request, organisation, *, initial=None, superseded=False):
    return PlanForm(
        request.POST or None,
        initial=initial,
        members=planning.members(organisation),
        reviews=planning.reviews_to_answer(organisation),
        superseded=superseded,
    )


@require_http_methods(["GET", "POST"])
def new_plan(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.add_plan")
    initial = {"status": PlanStatus.ACTIVE}
    chosen = request.GET.get("review", "")
    if chosen.isdigit():
        initial["review"] = int(chosen)
    form = _plan_form(request, organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = planning.create_plan(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The plan “{record.title}” has been created")
            return redirect("plans:plan", gss_code=organisation.gss_code, plan_id=record.pk)
    return render(request, "plans/plan/form.html", {"organisation": organisation, "form": form, "plan": None})


def _get_plan(request, gss_code: str, plan_id: int, *, perm: str):
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    record = fetch(Plan, request.user, perm=perm, organisation=organisation, pk=plan_id)
    return organisation, record


@require_http_methods(["GET", "POST"])
def edit_plan(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    organisation, record = _get_plan(request, gss_code, plan_id, perm="plans.change_plan")
    initial = {
        name: getattr(record, name)
        for name in ("title", "summary", "owner", "starts_on", "ends_on", "status", "review")
    }
    form = _plan_form(request, organisation, initial=initial, superseded=record.status == PlanStatus.SUPERSEDED)
    if request.method == "POST" and form.is_valid():
        try:
            planning.change_plan(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The plan has been saved")
            return redirect("plans:plan", gss_code=organisation.gss_code, plan_id=record.pk)
    return render(request, "plans/plan/form.html", {"organisation": organisation, "form": form, "plan": record})


@require_http_methods(["GET", "POST"])
def new_theme(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    organisation, record = _get_plan(request, gss_code, plan_id, perm="plans.change_plan")
    form = ThemeForm(request.POST or None, members=planning.members(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            theme = planning.add_theme(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The theme “{theme.title}” has been added")
            return redirect("plans:plan", gss_code=organisation.gss_code, plan_id=record.pk)
    return render(
        request, "plans/plan/theme.html", {"organisation": organisation, "form": form, "plan": record, "theme": None}
    )


@require_http_methods(["GET", "POST"])
def edit_theme(request: HttpRequest, gss_code: str, plan_id: int, theme_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    theme = fetch(
        Theme,
        request.user,
        perm="plans.change_plan",
        organisation=organisation,
        select_related=("plan",),
        pk=theme_id,
        plan_id=plan_id,
    )
    initial = {"title": theme.title, "lead": theme.lead_id, "lead_name": theme.lead_name, "position": theme.position}
    form = ThemeForm(request.POST or None, initial=initial, members=planning.members(organisation))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            planning.change_theme(
                theme,
                by=request.user,
                title=data["title"],
                lead=data["lead"],
                lead_name=data["lead_name"],
                position=theme.position if data["position"] is None else data["position"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The theme has been saved")
            return redirect("plans:plan", gss_code=organisation.gss_code, plan_id=theme.plan_id)
    return render(
        request,
        "plans/plan/theme.html",
        {"organisation": organisation, "form": form, "plan": theme.plan, "theme": theme},
    )


@require_http_methods(["GET", "POST"])
def supersede_plan(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    organisation, record = _get_plan(request, gss_code, plan_id, perm="plans.change_plan")
    others = Plan.objects.in_organisation(organisation).exclude(pk=record.pk).order_by("-starts_on", "title")
    form = SupersedePlanForm(
        request.POST or None,
        plans=others,
        initial={"successor": record.superseded_by_id, "note": record.supersession_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            planning.supersede_plan(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The plan is superseded by “{form.cleaned_data['successor'].title}”")
            return redirect("plans:plan", gss_code=organisation.gss_code, plan_id=record.pk)
    return render(request, "plans/plan/supersede.html", {"organisation": organisation, "form": form, "plan": record})


urls = [
    path("orgs/<gss:gss_code>/plans/", index, name="index"),
    path("orgs/<gss:gss_code>/plans/new/", new_plan, name="new_plan"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/", plan, name="plan"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/edit/", edit_plan, name="edit_plan"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/supersede/", supersede_plan, name="supersede_plan"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/themes/new/", new_theme, name="new_theme"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/themes/<int:theme_id>/edit/", edit_theme, name="edit_theme"),
]
