"""Asking for a later date for an action, and deciding (ascent/plans/extensions.py).

Contributors and the action's owner (``plans.update_action``) ask and withdraw; the plan's
owner or the council's admins (``plans.decide_extension``) approve or refuse. Every member
sees the council's requests waiting for a decision; a plan owner sees theirs first.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.core.dates import govuk_date
from ascent.core.forms import add_action_errors, show_refusal
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import extensions
from ..forms_progress import DecisionForm, ExtensionRequestForm
from ..models import ExtensionRequest
from .progress import action_url, form_page, get_action


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    waiting = list(extensions.pending(organisation))
    user = request.user
    # The plan's owner decides: their own plans' requests come first.
    waiting.sort(key=lambda item: item.action.plan.owner_id != user.pk)
    for item in waiting:
        item.can_decide = user.has_perm("plans.decide_extension", item)
    return render(
        request,
        "plans/extensions/index.html",
        {
            "organisation": organisation,
            "waiting": waiting,
            "decided": list(extensions.recently_decided(organisation)),
        },
    )


@require_http_methods(["GET", "POST"])
def request_extension(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation, record = get_action(request, gss_code, plan_id, action_id, perm="plans.update_action")
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            extensions.request_extension(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Your request for a later date has been sent to the plan's owner")
            return redirect(action_url(record, "extensions"))
    intro = (
        f"The action is due {govuk_date(record.due_date)}. The plan's owner approves or refuses the request; "
        "the date moves only if it is approved, and the original date is kept."
        if record.due_date
        else "The action has no due date yet: an editor sets its first date on the action's form."
    )
    return form_page(
        request,
        organisation,
        record,
        form,
        heading="Ask for a later date",
        submit="Send the request",
        intro=intro,
        anchor="extensions",
    )


def _request(request, gss_code, plan_id, action_id, extension_id, *, perm):
    organisation, record = get_action(request, gss_code, plan_id, action_id)
    item = fetch(
        ExtensionRequest,
        request.user,
        perm=perm,
        organisation=organisation,
        select_related=("requested_by",),
        pk=extension_id,
        action=record,
    )
    item.action = record
    return organisation, record, item


@require_http_methods(["GET", "POST"])
def decide_extension(
    request: HttpRequest, gss_code: str, plan_id: int, action_id: int, extension_id: int
) -> HttpResponse:
    organisation, record, item = _request(
        request, gss_code, plan_id, action_id, extension_id, perm="plans.decide_extension"
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            extensions.decide_extension(item, by=request.user, approve=approve, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request, "The request is approved: the action's date has moved" if approve else "The request is refused"
            )
            return redirect(action_url(record, "extensions"))
    return render(
        request,
        "plans/extensions/decide.html",
        {
            "organisation": organisation,
            "plan": record.plan,
            "action": record,
            "item": item,
            "form": form,
            "back": action_url(record, "extensions"),
        },
    )


@require_POST
def withdraw_extension(
    request: HttpRequest, gss_code: str, plan_id: int, action_id: int, extension_id: int
) -> HttpResponse:
    _organisation, record, item = _request(
        request, gss_code, plan_id, action_id, extension_id, perm="plans.update_action"
    )
    try:
        extensions.withdraw_extension(item, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, "The request for a later date has been withdrawn")
    return redirect(action_url(record, "extensions"))


_ACTION = "orgs/<gss:gss_code>/plans/<int:plan_id>/actions/<int:action_id>/"

urls = [
    path("orgs/<gss:gss_code>/plans/extensions/", index, name="extensions"),
    path(_ACTION + "extensions/request/", request_extension, name="request_extension"),
    path(_ACTION + "extensions/<int:extension_id>/", decide_extension, name="decide_extension"),
    path(_ACTION + "extensions/<int:extension_id>/withdraw/", withdraw_extension, name="withdraw_extension"),
]
