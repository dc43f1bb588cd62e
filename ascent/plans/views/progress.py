"""One action's page and what keeps the action moving (ascent/plans/progress.py).

Every member reads the page. Contributors and the action's owner (``plans.update_action``)
post progress updates, close and reopen the action, keep its milestones and its evidence of
completion; editors (``plans.change_action``) link the indicators it should move. A refused
change is shown on its form, with the field it is about.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.core.forms import add_action_errors, show_refusal
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import progress
from ..flags import flags_for_action
from ..forms_progress import CloseForm, EvidenceForm, IndicatorForm, MilestoneForm, ReopenForm, UpdateForm
from ..models import Action, ActionEvidence, ActionIndicator, Milestone

#: Records of the action the page shows at once, joined with the action.
_RELATED = (
    "plan__organisation",
    "plan__owner",
    "plan__superseded_by",
    "theme",
    "owner",
    "top_risk",
    "superseded_by__plan",
)


def get_action(request, gss_code: str, plan_id: int, action_id: int, *, perm: str = "plans.view_plan"):
    """The organisation and the action of the URL, if the person may ``perm`` it (404 or 403)."""
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    record = fetch(
        Action,
        request.user,
        perm=perm,
        organisation=organisation,
        select_related=_RELATED,
        pk=action_id,
        plan_id=plan_id,
    )
    return organisation, record


def action_url(action: Action, anchor: str = "") -> str:
    from django.urls import reverse

    url = reverse(
        "plans:action",
        kwargs={"gss_code": action.plan.organisation.gss_code, "plan_id": action.plan_id, "action_id": action.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def form_page(request, organisation, action, form, *, heading: str, submit: str, intro: str = "", anchor: str = ""):
    return render(
        request,
        "plans/action/form.html",
        {
            "organisation": organisation,
            "plan": action.plan,
            "action": action,
            "form": form,
            "heading": heading,
            "submit": submit,
            "intro": intro,
            "back": action_url(action, anchor),
        },
    )


@require_GET
def action(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation, record = get_action(request, gss_code, plan_id, action_id)
    user = request.user
    page = progress.action_page(record)
    return render(
        request,
        "plans/action.html",
        {
            "organisation": organisation,
            "plan": record.plan,
            "action": record,
            "page": page,
            "flags": flags_for_action(record),
            "can_update": user.has_perm("plans.update_action", record),
            "can_change": user.has_perm("plans.change_action", record),
            "can_decide": user.has_perm("plans.decide_extension", record),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def add_update(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.update_action")
    form = UpdateForm(request.POST or None, action=record, initial={"rag": record.rag})
    if request.method == "POST" and form.is_valid():
        try:
            progress.add_update(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The progress update has been saved")
            return redirect(action_url(record, "updates"))
    return form_page(
        request, organisation, record, form, heading="Add a progress update", submit="Save the update", anchor="updates"
    )


@require_http_methods(["GET", "POST"])
def close_action(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.update_action")
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            progress.close_action(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The action is closed as {record.get_status_display().lower()}")
            return redirect(action_url(record))
    evidence_count = record.evidence.count()
    intro = (
        f"The action has {evidence_count} piece{'' if evidence_count == 1 else 's'} of evidence of completion."
        if evidence_count
        else "The action has no evidence of completion yet: add some first, or say why there is none."
    )
    return form_page(
        request, organisation, record, form, heading="Close the action", submit="Close the action", intro=intro
    )


@require_http_methods(["GET", "POST"])
def reopen_action(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.update_action")
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            progress.reopen_action(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The action is open again")
            return redirect(action_url(record))
    return form_page(request, organisation, record, form, heading="Reopen the action", submit="Reopen the action")


@require_http_methods(["GET", "POST"])
def add_milestone(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.update_action")
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            progress.add_milestone(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The milestone has been added")
            return redirect(action_url(record, "milestones"))
    return form_page(
        request, organisation, record, form, heading="Add a milestone", submit="Add the milestone", anchor="milestones"
    )


def _milestone(request, gss_code, plan_id, action_id, milestone_id):
    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.update_action")
    milestone = fetch(
        Milestone,
        request.user,
        perm="plans.update_action",
        organisation=organisation,
        select_related=("action__plan",),
        pk=milestone_id,
        action=record,
    )
    return organisation, record, milestone


@require_http_methods(["GET", "POST"])
def edit_milestone(
    request: HttpRequest, gss_code: str, plan_id: int, action_id: int, milestone_id: int
) -> HttpResponse:
    organisation, record, milestone = _milestone(request, gss_code, plan_id, action_id, milestone_id)
    initial = {"title": milestone.title, "due_date": milestone.due_date, "done_on": milestone.done_on}
    if request.GET.get("done") and not milestone.done_on:
        initial["done_on"] = timezone.localdate()
    form = MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            progress.change_milestone(milestone, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The milestone has been saved")
            return redirect(action_url(record, "milestones"))
    return form_page(
        request,
        organisation,
        record,
        form,
        heading="Change the milestone",
        submit="Save the milestone",
        intro="To mark it done, give the day it was done.",
        anchor="milestones",
    )


@require_POST
def remove_milestone(
    request: HttpRequest, gss_code: str, plan_id: int, action_id: int, milestone_id: int
) -> HttpResponse:
    _organisation, record, milestone = _milestone(request, gss_code, plan_id, action_id, milestone_id)
    progress.remove_milestone(milestone, by=request.user)
    messages.success(request, f"The milestone “{milestone.title}” has been removed")
    return redirect(action_url(record, "milestones"))


@require_http_methods(["GET", "POST"])
def add_evidence(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    from ascent.evidence.models import EvidenceFile

    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.update_action")
    held = record.evidence.exclude(evidence__isnull=True).values("evidence_id")
    files = list(EvidenceFile.objects.in_organisation(organisation).exclude(pk__in=held))
    form = EvidenceForm(request.POST or None, files=files)
    if request.method == "POST" and form.is_valid():
        try:
            progress.add_evidence(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The evidence has been added")
            return redirect(action_url(record, "evidence"))
    return form_page(
        request,
        organisation,
        record,
        form,
        heading="Add evidence of completion",
        submit="Add the evidence",
        intro="Choose one of the council's evidence files, or give a link to where the evidence is.",
        anchor="evidence",
    )


@require_POST
def remove_evidence(
    request: HttpRequest, gss_code: str, plan_id: int, action_id: int, evidence_id: int
) -> HttpResponse:
    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.update_action")
    item = fetch(
        ActionEvidence,
        request.user,
        perm="plans.update_action",
        organisation=organisation,
        select_related=("action__plan",),
        pk=evidence_id,
        action=record,
    )
    try:
        progress.remove_evidence(item, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, "The evidence has been removed")
    return redirect(action_url(record, "evidence"))


@require_http_methods(["GET", "POST"])
def link_indicator(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.change_action")
    form = IndicatorForm(request.POST or None, indicators=list(progress.indicator_choices(record)))
    if request.method == "POST" and form.is_valid():
        try:
            link = progress.link_indicator(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{link.indicator.code} is linked: its latest value is kept as the baseline")
            return redirect(action_url(record, "indicators"))
    return form_page(
        request,
        organisation,
        record,
        form,
        heading="Link an indicator",
        submit="Link the indicator",
        intro="The council's latest value of the indicator is kept as the baseline, to measure movement from.",
        anchor="indicators",
    )


@require_POST
def unlink_indicator(request: HttpRequest, gss_code: str, plan_id: int, action_id: int, link_id: int) -> HttpResponse:
    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.change_action")
    link = fetch(
        ActionIndicator,
        request.user,
        perm="plans.change_action",
        organisation=organisation,
        select_related=("indicator", "action__plan"),
        pk=link_id,
        action=record,
    )
    progress.unlink_indicator(link, by=request.user)
    messages.success(request, f"{link.indicator.code} is no longer linked to the action")
    return redirect(action_url(record, "indicators"))


# /orgs/<GSS code>/plans/<plan>/actions/<action>/
_ACTION = "orgs/<gss:gss_code>/plans/<int:plan_id>/actions/<int:action_id>/"

urls = [
    path(_ACTION, action, name="action"),
    path(_ACTION + "update/", add_update, name="add_update"),
    path(_ACTION + "close/", close_action, name="close_action"),
    path(_ACTION + "reopen/", reopen_action, name="reopen_action"),
    path(_ACTION + "milestones/add/", add_milestone, name="add_milestone"),
    path(_ACTION + "milestones/<int:milestone_id>/", edit_milestone, name="edit_milestone"),
    path(_ACTION + "milestones/<int:milestone_id>/remove/", remove_milestone, name="remove_milestone"),
    path(_ACTION + "evidence/add/", add_evidence, name="add_evidence"),
    path(_ACTION + "evidence/<int:evidence_id>/remove/", remove_evidence, name="remove_evidence"),
    path(_ACTION + "indicators/add/", link_indicator, name="link_indicator"),
    path(_ACTION + "indicators/<int:link_id>/remove/", unlink_indicator, name="unlink_indicator"),
]
