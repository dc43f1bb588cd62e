"""Follow-up reviews of the council's published reviews (ascent/plans/followup.py).

Every member reads the follow-ups and downloads their reports; editors
(``plans.change_follow_up``) plan one, change its date and summary, and mark it as held,
which keeps its figures. The report is made in the request as HTML, Word or PDF: it is short
(a page or two per recommendation).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.forms import add_action_errors
from ascent.documents.renderers import render as render_document
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import followup
from ..forms_followup import FollowUpForm, HoldForm, PlanFollowUpForm
from ..models import FollowUp, FollowUpStatus
from ..status import settings_for

#: What the report downloads as.
FORMATS = {"html": "web page (HTML)", "docx": "Word document (DOCX)", "pdf": "PDF"}
_DATE_KEYS = ("due_on", "original_due_on", "completed_on")


def _get(request, gss_code: str, follow_up_id: int, *, perm: str = "plans.view_plan"):
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    record = fetch(
        FollowUp,
        request.user,
        perm=perm,
        organisation=organisation,
        select_related=("review",),
        pk=follow_up_id,
    )
    return organisation, record


def _for_page(data: dict) -> dict:
    """The content with its dates as dates, for the templates' date filters."""

    def day(text):
        return dt.date.fromisoformat(text) if text else None

    for item in data["recommendations"]:
        for action in item["actions"]:
            for key in _DATE_KEYS:
                action[f"{key}_date"] = day(action[key])
        item["measure_count"] = len(item["indicators"]) + sum(len(action["indicators"]) for action in item["actions"])
    data["as_at_date"] = day(data["as_at"])
    data["letter_date"] = day(data["review"]["letter_day"])
    return data


def _without_follow_up(organisation, *, held_too: bool = False):
    """Published reviews with no follow-up planned (``held_too``: none held either)."""
    taken = FollowUp.objects.in_organisation(organisation)
    if not held_too:
        taken = taken.filter(status=FollowUpStatus.PLANNED)
    return followup.published_reviews(organisation).exclude(pk__in=taken.values("review_id"))


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    rows = list(followup.follow_ups(organisation))
    today = timezone.localdate()
    return render(
        request,
        "plans/follow_up/index.html",
        {
            "organisation": organisation,
            "planned": [row for row in rows if row.status == FollowUpStatus.PLANNED],
            "held": [row for row in rows if row.status == FollowUpStatus.HELD],
            "today": today,
            "waiting": list(_without_follow_up(organisation, held_too=True)),
            "can_change": request.user.has_perm("plans.change_follow_up", organisation),
            "months": settings_for(organisation).follow_up_months,
        },
    )


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.change_follow_up")
    reviews = _without_follow_up(organisation)
    initial = {}
    chosen = request.GET.get("review", "")
    if chosen.isdigit():
        initial["review"] = int(chosen)
    form = PlanFollowUpForm(request.POST or None, reviews=reviews, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = followup.plan_follow_up(
                form.cleaned_data["review"], by=request.user, due_on=form.cleaned_data["due_on"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The follow-up of {record.review.title} has been planned")
            return redirect("plans:follow_up", gss_code=organisation.gss_code, follow_up_id=record.pk)
    return render(
        request,
        "plans/follow_up/new.html",
        {"organisation": organisation, "form": form, "months": settings_for(organisation).follow_up_months},
    )


@require_GET
def detail(request: HttpRequest, gss_code: str, follow_up_id: int) -> HttpResponse:
    organisation, record = _get(request, gss_code, follow_up_id)
    data = _for_page(followup.follow_up_content(record))
    held = record.status == FollowUpStatus.HELD
    return render(
        request,
        "plans/follow_up/detail.html",
        {
            "organisation": organisation,
            "follow_up": record,
            "data": data,
            "held": held,
            "formats": FORMATS,
            "can_change": not held and request.user.has_perm("plans.change_follow_up", record),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, gss_code: str, follow_up_id: int) -> HttpResponse:
    organisation, record = _get(request, gss_code, follow_up_id, perm="plans.change_follow_up")
    form = FollowUpForm(request.POST or None, initial={"due_on": record.due_on, "summary": record.summary})
    if request.method == "POST" and form.is_valid():
        try:
            followup.change_follow_up(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The follow-up has been saved")
            return redirect("plans:follow_up", gss_code=organisation.gss_code, follow_up_id=record.pk)
    return render(
        request,
        "plans/follow_up/edit.html",
        {"organisation": organisation, "follow_up": record, "form": form, "held": record.status == "held"},
    )


@require_http_methods(["GET", "POST"])
def hold(request: HttpRequest, gss_code: str, follow_up_id: int) -> HttpResponse:
    organisation, record = _get(request, gss_code, follow_up_id, perm="plans.change_follow_up")
    from ascent.reviews.models import Stage

    may_move = record.review.stage == Stage.PUBLISHED and request.user.has_perm("reviews.change_review", record.review)
    form = HoldForm(request.POST or None, initial={"held_on": timezone.localdate()}, may_move_review=may_move)
    if request.method == "POST" and form.is_valid():
        try:
            followup.mark_held(
                record,
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                move_review=may_move and form.cleaned_data.get("move_review", False),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The follow-up is marked as held: its figures are kept as they are today")
            return redirect("plans:follow_up", gss_code=organisation.gss_code, follow_up_id=record.pk)
    return render(
        request,
        "plans/follow_up/hold.html",
        {"organisation": organisation, "follow_up": record, "form": form, "held": record.status == "held"},
    )


@require_GET
def report(request: HttpRequest, gss_code: str, follow_up_id: int, fmt: str) -> HttpResponse:
    _organisation, record = _get(request, gss_code, follow_up_id)
    if fmt not in FORMATS:
        raise Http404("The follow-up's report is not available in that format")
    document = followup.build_document(record)
    body, content_type, extension = render_document(document, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename(extension)}"'
    return response


urls = [
    path("orgs/<gss:gss_code>/plans/follow-ups/", index, name="follow_ups"),
    path("orgs/<gss:gss_code>/plans/follow-ups/new/", new, name="new_follow_up"),
    path("orgs/<gss:gss_code>/plans/follow-ups/<int:follow_up_id>/", detail, name="follow_up"),
    path("orgs/<gss:gss_code>/plans/follow-ups/<int:follow_up_id>/edit/", edit, name="edit_follow_up"),
    path("orgs/<gss:gss_code>/plans/follow-ups/<int:follow_up_id>/held/", hold, name="hold_follow_up"),
    path(
        "orgs/<gss:gss_code>/plans/follow-ups/<int:follow_up_id>/report.<str:fmt>",
        report,
        name="follow_up_report",
    ),
]
