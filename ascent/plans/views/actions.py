"""Adding and changing a plan's actions: directly, from a recommendation, a top risk or a flag,
from a review's accepted recommendations in one go, and superseding an action.

Editors only (``plans.change_action``). Status, percent and RAG are not set here: they come
with a progress update (``ascent.plans.progress``); a due date, once set, moves only through
an extension request.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from ascent.core.forms import add_action_errors
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import planning
from ..forms_plans import ActionForm, FromReviewForm, SupersedeActionForm
from ..models import Action, Plan, Theme


def _get_plan(request, gss_code: str, plan_id: int):
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    record = fetch(
        Plan,
        request.user,
        perm="plans.change_action",
        organisation=organisation,
        select_related=("review",),
        pk=plan_id,
    )
    return organisation, record


def _get_action(request, gss_code: str, plan_id: int, action_id: int):
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    record = fetch(
        Action,
        request.user,
        perm="plans.change_action",
        organisation=organisation,
        select_related=("plan",),
        pk=action_id,
        plan_id=plan_id,
    )
    return organisation, record


def _themes(organisation, plan):
    return Theme.objects.in_organisation(organisation).filter(plan=plan)


def _source(request, organisation) -> dict:
    """The source named in the query string (?recommendation=, ?top_risk=, ?flag=), checked to be
    the council's, as keyword arguments of ``create_action`` and a sentence saying what it is."""
    from ascent.assessments.models import TopRisk
    from ascent.reviews.models import Recommendation

    chosen = request.GET.get("recommendation", "")
    if chosen.isdigit():
        recommendation = fetch(
            Recommendation,
            request.user,
            perm="reviews.view_review",
            organisation=organisation,
            select_related=("review",),
            pk=int(chosen),
        )
        return {
            "kwargs": {"recommendations": [recommendation]},
            "title": recommendation.text,
            "says": f"{recommendation.label} of {recommendation.review.title}",
        }
    chosen = request.GET.get("top_risk", "")
    if chosen.isdigit():
        risk = fetch(
            TopRisk,
            request.user,
            perm="assessments.view_selfassessment",
            organisation=organisation,
            select_related=("assessment",),
            pk=int(chosen),
        )
        return {"kwargs": {"top_risk": risk}, "title": "", "says": f"Top risk {risk.rank}: {risk.risk}"}
    chosen = request.GET.get("flag", "")
    if chosen:
        from ascent.assurance.registry import open_flags

        flag = next((flag for flag in open_flags(organisation) if flag.key == chosen), None)
        if flag is not None:
            return {
                "kwargs": {"flag_key": flag.key, "flag_check": flag.check.name, "flag_detail": flag.detail},
                "title": "",
                "says": f"The assurance flag “{flag.check.title}”: {flag.detail}",
            }
    return {"kwargs": {}, "title": "", "says": ""}


@require_http_methods(["GET", "POST"])
def new_action(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    organisation, plan = _get_plan(request, gss_code, plan_id)
    source = _source(request, organisation)
    initial = {"title": source["title"][:300]}
    if request.GET.get("theme", "").isdigit():
        initial["theme"] = int(request.GET["theme"])
    form = ActionForm(
        request.POST or None,
        initial=initial,
        themes=_themes(organisation, plan),
        members=planning.members(organisation),
        elements=planning.council_elements(organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = planning.create_action(plan, by=request.user, **form.cleaned_data, **source["kwargs"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The action “{action.title}” has been added")
            return redirect("plans:action", gss_code=organisation.gss_code, plan_id=plan.pk, action_id=action.pk)
    return render(
        request,
        "plans/action_form.html",
        {"organisation": organisation, "plan": plan, "form": form, "action": None, "source": source["says"]},
    )


@require_http_methods(["GET", "POST"])
def edit_action(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation, action = _get_action(request, gss_code, plan_id, action_id)
    initial = {
        "reference": action.reference,
        "title": action.title,
        "description": action.description,
        "theme": action.theme_id,
        "owner": action.owner_id,
        "owner_name": action.owner_name,
        "elements": list(action.elements.values_list("pk", flat=True)),
    }
    form = ActionForm(
        request.POST or None,
        initial=initial,
        themes=_themes(organisation, action.plan),
        members=planning.members(organisation),
        elements=planning.council_elements(organisation),
        date_set=action.due_date is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            planning.change_action(action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The action has been saved")
            return redirect("plans:action", gss_code=organisation.gss_code, plan_id=plan_id, action_id=action.pk)
    return render(
        request,
        "plans/action_form.html",
        {"organisation": organisation, "plan": action.plan, "form": form, "action": action, "source": ""},
    )


@require_http_methods(["GET", "POST"])
def actions_from_review(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    organisation, plan = _get_plan(request, gss_code, plan_id)
    recommendations = planning.accepted_recommendations(plan.review) if plan.review_id else None
    form = None
    answered: dict[int, int] = {}
    if recommendations is not None:
        form = FromReviewForm(request.POST or None, recommendations=recommendations, themes=_themes(organisation, plan))
        if request.method == "POST" and form.is_valid():
            try:
                made = planning.actions_from_review(plan, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, f"{len(made)} action{'s' if len(made) != 1 else ''} added from the review")
                return redirect("plans:plan", gss_code=organisation.gss_code, plan_id=plan.pk)
        through = Action.recommendations.through.objects.filter(
            recommendation__in=recommendations, action__plan__organisation=organisation
        ).values_list("recommendation_id", flat=True)
        for recommendation_id in through:
            answered[recommendation_id] = answered.get(recommendation_id, 0) + 1
    return render(
        request,
        "plans/action_form_from_review.html",
        {"organisation": organisation, "plan": plan, "form": form, "answered": answered},
    )


@require_http_methods(["GET", "POST"])
def supersede_action(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation, action = _get_action(request, gss_code, plan_id, action_id)
    plans = Plan.objects.in_organisation(organisation).order_by("-starts_on", "title")
    initial = {"plan": action.plan_id, "note": action.supersession_note}
    form = SupersedeActionForm(request.POST or None, plans=plans, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        successor = (
            Action.objects.in_organisation(organisation)
            .filter(plan=data["plan"], reference__iexact=data["reference"].strip())
            .select_related("plan")
            .first()
        )
        try:
            if successor is None:
                raise ValidationError(
                    {"reference": f"{data['plan'].title} has no action with the reference {data['reference'].strip()}"}
                )
            planning.supersede_action(action, by=request.user, successor=successor, note=data["note"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The action's work has moved to {successor}")
            return redirect("plans:action", gss_code=organisation.gss_code, plan_id=plan_id, action_id=action.pk)
    return render(
        request,
        "plans/action_form_supersede.html",
        {"organisation": organisation, "plan": action.plan, "action": action, "form": form},
    )


urls = [
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/actions/new/", new_action, name="new_action"),
    path(
        "orgs/<gss:gss_code>/plans/<int:plan_id>/actions/from-review/", actions_from_review, name="actions_from_review"
    ),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/actions/<int:action_id>/edit/", edit_action, name="edit_action"),
    path(
        "orgs/<gss:gss_code>/plans/<int:plan_id>/actions/<int:action_id>/supersede/",
        supersede_action,
        name="supersede_action",
    ),
]
