"""Review pages: findings (see ascent/reviews/urls.py).

Everyone who may see the review reads its findings (drafts and approved). The team drafts
them while the review is open (``reviews.draft_findings``) and the lead approves them
(``reviews.approve_findings``); on a review recorded by the host, the host's editors do both.
Changes go through :mod:`ascent.reviews.findings`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.core.forms import add_action_errors, show_refusal

from .. import findings as actions
from ..access import get_record, get_review
from ..flags import finding_flags
from ..forms_findings import FindingFilterForm, FindingForm
from ..models import Finding, FindingStatus
from .common import render_review

VIEW = "reviews.view_review"
DRAFT = "reviews.draft_findings"
APPROVE = "reviews.approve_findings"


def _to_findings(review, finding=None):
    url = redirect("reviews:findings", gss_code=review.organisation.gss_code, review_id=review.pk)
    if finding is not None:
        url["Location"] += f"#finding-{finding.pk}"
    return url


def _finding(request, review, finding_id: int, perm: str) -> Finding:
    finding = get_record(
        Finding, review, request.user, perm=perm, select_related=("scope_item", "element"), pk=finding_id
    )
    finding.review = review
    return finding


@require_GET
def index(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=VIEW, select_related=("organisation",))
    filter_form = FindingFilterForm(request.GET or None, review=review)
    chosen = filter_form.filters()
    everything = Finding.objects.in_organisation(review.organisation).filter(review=review)
    counts = {
        "all": everything.count(),
        "draft": everything.filter(status=FindingStatus.DRAFT).count(),
    }
    findings = (
        everything.filter(**chosen)
        .select_related("element", "drafted_by", "approved_by")
        .prefetch_related("evidence__evidence")
        .order_by("position", "id")
    )
    items = actions.scope_items(review)
    findings = list(findings)
    # Open challenges of the findings, for those who can answer them (the team, or the host
    # recording a past review); the host sees them worded for it on its Challenges page.
    challenges = finding_flags(review, findings) if request.user.has_perm(DRAFT, review) else {}
    for finding in findings:
        finding.kind_label = actions.kind_label(review, finding.kind)
        finding.challenge = challenges.get(finding.pk, "")
    return render_review(
        request,
        review,
        "reviews/findings/index.html",
        {
            "groups": actions.grouped(review, findings, items),
            "filter_form": filter_form,
            "filtered": bool(chosen),
            "shown": len(findings),
            "counts": counts,
            "challenges": len(challenges),
        },
        tab="findings",
    )


@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=DRAFT, select_related=("organisation",))
    form = FindingForm(request.POST or None, review=review, initial=_initial_from_query(request))
    if request.method == "POST" and form.is_valid():
        try:
            finding = actions.save_finding(review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The finding has been added as a draft")
            return _to_findings(review, finding)
    return render_review(
        request, review, "reviews/findings/form.html", {"form": form, "heading": "Add a finding"}, tab="findings"
    )


def _initial_from_query(request) -> dict:
    """A link from a heading of the findings page can start the form under that scope item and kind."""
    return {name: request.GET[name] for name in ("scope_item", "kind") if request.GET.get(name)}


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, gss_code: str, review_id: int, finding_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=DRAFT, select_related=("organisation",))
    finding = _finding(request, review, finding_id, DRAFT)
    was_approved = finding.status == FindingStatus.APPROVED
    form = FindingForm(request.POST or None, review=review, initial=FindingForm.initial_for(finding))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_finding(review, by=request.user, finding=finding, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            message = "The finding has been changed"
            if was_approved:
                message += ". It is a draft again: the lead needs to approve it"
            messages.success(request, message)
            return _to_findings(review, finding)
    return render_review(
        request,
        review,
        "reviews/findings/form.html",
        {"form": form, "finding": finding, "heading": "Change a finding", "was_approved": was_approved},
        tab="findings",
    )


@require_POST
def approve(request: HttpRequest, gss_code: str, review_id: int, finding_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=APPROVE, select_related=("organisation",))
    finding = _finding(request, review, finding_id, APPROVE)
    try:
        actions.approve_finding(finding, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, "The finding has been approved")
    return _to_findings(review, finding)


@require_POST
def unapprove(request: HttpRequest, gss_code: str, review_id: int, finding_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=APPROVE, select_related=("organisation",))
    finding = _finding(request, review, finding_id, APPROVE)
    try:
        actions.unapprove_finding(finding, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, "The finding is a draft again")
    return _to_findings(review, finding)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, gss_code: str, review_id: int, finding_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=DRAFT, select_related=("organisation",))
    finding = _finding(request, review, finding_id, DRAFT)
    if request.method == "POST":
        try:
            actions.delete_finding(finding, by=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, "The finding has been deleted")
        return _to_findings(review)
    finding.kind_label = actions.kind_label(review, finding.kind)
    linked = finding.recommendations.count()
    return render_review(
        request, review, "reviews/findings/delete.html", {"finding": finding, "linked": linked}, tab="findings"
    )


# /orgs/<gss>/reviews/<id>/findings/
urls = [
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/findings/", index, name="findings"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/findings/add/", add, name="findings-add"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/findings/<int:finding_id>/edit/", edit, name="finding-edit"),
    path(
        "orgs/<gss:gss_code>/reviews/<int:review_id>/findings/<int:finding_id>/approve/",
        approve,
        name="finding-approve",
    ),
    path(
        "orgs/<gss:gss_code>/reviews/<int:review_id>/findings/<int:finding_id>/unapprove/",
        unapprove,
        name="finding-unapprove",
    ),
    path(
        "orgs/<gss:gss_code>/reviews/<int:review_id>/findings/<int:finding_id>/delete/",
        delete,
        name="finding-delete",
    ),
]
