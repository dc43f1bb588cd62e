"""Review pages: the council's reviews, starting one, its Overview, details, stage and scope.

The Reviews section (``index``) and starting a review (``new``) are the host council's: they
reach the council with ``get_organisation_for_user``, so a team member from elsewhere gets a
404 there. Every page of one review reaches it with ``get_review`` (host members and the
team alike); changing its details, stage and scope needs ``reviews.change_review`` (the
host's editors), so the team gets a 403 on those.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.core.forms import add_action_errors, show_refusal
from ascent.organisations.access import get_organisation_for_user

from .. import lifecycle, scope
from ..access import get_record, get_review
from ..forms_review import MoveForm, ReviewForm, ScopeElementsForm, ScopeItemForm, StageForm
from ..models import (
    FieldworkActivity,
    Finding,
    FindingKind,
    FindingStatus,
    LetterImport,
    LibraryItem,
    PersonMet,
    Recommendation,
    RecommendationKind,
    Response,
    Review,
    ScopeItem,
    ScopeStyle,
    TeamMember,
)
from ..rules import may
from .common import render_review, viewer_of

CHANGE = "reviews.change_review"


# ----- the council's reviews -------------------------------------------------------------


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="reviews.view_reviews")
    hosted = lifecycle.with_counts(lifecycle.newest_first(Review.objects.in_organisation(organisation)))
    sat_on = lifecycle.with_counts(
        lifecycle.newest_first(
            Review.objects.visible_to(request.user)
            .sat_on_by(request.user)
            .exclude(organisation=organisation)
            .select_related("organisation")
        )
    )
    return render(
        request,
        "reviews/index.html",
        {
            "organisation": organisation,
            "hosted": hosted,
            "sat_on": sat_on,
            "can_add": request.user.has_perm("reviews.add_review", organisation),
            "can_import": request.user.has_perm("reviews.import_letter", organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="reviews.add_review")
    form = ReviewForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            review = lifecycle.create_review(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{review.title} has been set up. Agree its scope and name its team next.")
            return redirect("reviews:detail", gss_code=organisation.gss_code, review_id=review.pk)
    return render(request, "reviews/review/new.html", {"organisation": organisation, "form": form})


# ----- one review ------------------------------------------------------------------------


def overview_counts(review: Review) -> dict:
    """The figures the Overview shows: a few grouped queries, whatever the review's size."""
    organisation = review.organisation
    findings = Counter(
        {
            (kind, status): n
            for kind, status, n in Finding.objects.in_organisation(organisation)
            .filter(review=review)
            .order_by()
            .values_list("kind", "status")
            .annotate(n=Count("id"))
        }
    )
    recommendations = (
        Recommendation.objects.in_organisation(organisation)
        .filter(review=review)
        .order_by()
        .aggregate(
            total=Count("id"),
            key_priorities=Count("id", filter=Q(kind=RecommendationKind.KEY_PRIORITY)),
            answered=Count("id", filter=~Q(response="")),
            accepted=Count("id", filter=Q(response=Response.ACCEPTED)),
            partly=Count("id", filter=Q(response=Response.PARTLY_ACCEPTED)),
            not_accepted=Count("id", filter=Q(response=Response.NOT_ACCEPTED)),
        )
    )
    fieldwork = (
        FieldworkActivity.objects.in_organisation(organisation)
        .filter(review=review)
        .order_by()
        .aggregate(total=Count("id"))
    )
    labels = {
        FindingKind.STRENGTH: "Strengths",
        FindingKind.DEVELOPMENT: review.get_development_label_display(),
        FindingKind.KEY_PRIORITY: "Key priorities",
    }
    finding_rows = [
        {
            "kind": kind,
            "label": labels[kind],
            "draft": findings[(kind, FindingStatus.DRAFT)],
            "approved": findings[(kind, FindingStatus.APPROVED)],
        }
        for kind in FindingKind.values
    ]
    return {
        "finding_rows": finding_rows,
        "finding_total": sum(findings.values()),
        "findings_draft": sum(n for (_, status), n in findings.items() if status == FindingStatus.DRAFT),
        "recommendations": recommendations,
        "unanswered": recommendations["total"] - recommendations["answered"],
        "activities": fieldwork["total"],
        "people_met": PersonMet.objects.in_organisation(organisation).filter(review=review).count(),
        "library": LibraryItem.objects.in_organisation(organisation).filter(review=review).count(),
    }


@require_GET
def detail(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(
        request.user,
        gss_code,
        review_id,
        select_related=("framework", "commissioning_region", "lead_organisation", "published_by"),
    )
    items = scope.numbered(scope.items_of(review))
    viewer = viewer_of(request.user, review)
    team = list(
        TeamMember.objects.in_organisation(review.organisation)
        .filter(review=review)
        .select_related("home_organisation")
    )
    brought_in = (
        LetterImport.objects.in_organisation(review.organisation)
        .filter(review=review, status=LetterImport.Status.ACCEPTED)
        .only("id", "source_name", "accepted_at", "organisation_id", "review_id")
        .first()
    )
    context = {
        "items": items,
        "item_noun": scope.ITEM_NOUN[ScopeStyle(review.scope_style)],
        "brought_in": brought_in,
        "may_see_import": bool(brought_in) and request.user.has_perm("reviews.import_letter", review.organisation),
        "team_has_accounts": any(member.user_id for member in team),
        "team": team,
        "lead": next((member for member in team if member.is_lead), None),
        "next_step": lifecycle.next_step(
            review,
            host_side=viewer.is_host,
            may_move=viewer.can_change,
            # While open, publishing is the first version; after, a correction (asked only of the team).
            may_publish=viewer.can_publish
            if review.is_open
            else (not viewer.is_host and may(request.user, "reviews.publish_letter_version", review)),
        ),
        "steps": lifecycle.steps(review),
        **overview_counts(review),
    }
    return render_review(request, review, "reviews/detail.html", context, tab="overview", viewer=viewer)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    initial = {name: getattr(review, name) for name in lifecycle.DETAIL_FIELDS}
    form = ReviewForm(
        request.POST if request.method == "POST" else None, initial=initial, organisation=review.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.update_review(review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The review's details have been saved")
            return redirect("reviews:detail", gss_code=review.organisation.gss_code, review_id=review.pk)
    return render_review(request, review, "reviews/review/edit.html", {"form": form}, tab="overview")


@require_POST
def stage(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    form = StageForm(request.POST)
    if not form.is_valid():
        show_refusal(request, ValidationError(form.errors["direction"]))
    else:
        try:
            moved = lifecycle.move_stage(review, by=request.user, direction=form.cleaned_data["direction"])
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, f"The review is now at {moved.get_stage_display().lower()}")
    return redirect("reviews:detail", gss_code=review.organisation.gss_code, review_id=review.pk)


# ----- scope -----------------------------------------------------------------------------


def _scope_url(review: Review) -> str:
    from django.urls import reverse

    return reverse("reviews:scope", kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk})


@require_GET
def scope_page(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, select_related=("framework",))
    items = scope.numbered(
        scope.items_of(review).annotate(
            finding_count=Count("findings", distinct=True), recommendation_count=Count("recommendations", distinct=True)
        )
    )
    style = ScopeStyle(review.scope_style)
    context = {
        "items": items,
        "item_noun": scope.ITEM_NOUN[style],
        "can_change_scope": request.user.has_perm(CHANGE, review) and review.is_open,
    }
    return render_review(request, review, "reviews/review/scope.html", context, tab="scope")


@require_http_methods(["GET", "POST"])
def scope_add(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE, select_related=("framework",))
    style = ScopeStyle(review.scope_style)
    noun = scope.ITEM_NOUN[style]
    data = request.POST if request.method == "POST" else None
    if style == ScopeStyle.ELEMENTS:
        current = [item.element_id for item in scope.items_of(review) if item.element_id]
        form = ScopeElementsForm(data, elements=scope.rated_elements(review), initial={"elements": current})
    else:
        form = ScopeItemForm(data, noun=noun)
    if request.method == "POST" and form.is_valid():
        try:
            if style == ScopeStyle.ELEMENTS:
                scope.set_elements(review, by=request.user, elements=form.cleaned_data["elements"])
                done = "The elements in scope have been saved"
            else:
                scope.add_item(review, by=request.user, text=form.cleaned_data["text"])
                done = f"The {noun} has been added"
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_scope_url(review))
    context = {"form": form, "item_noun": noun, "style": style}
    return render_review(request, review, "reviews/review/scope_add.html", context, tab="scope")


@require_http_methods(["GET", "POST"])
def scope_edit(request: HttpRequest, gss_code: str, review_id: int, item_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    item = get_record(ScopeItem, review, request.user, perm=CHANGE, pk=item_id)
    item.review = review
    noun = scope.ITEM_NOUN[ScopeStyle(review.scope_style)] if item.kind != ScopeItem.ItemKind.ELEMENT else "element"
    form = ScopeItemForm(request.POST if request.method == "POST" else None, initial={"text": item.text}, noun=noun)
    if request.method == "POST" and form.is_valid():
        try:
            scope.edit_item(item, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The {noun} has been saved")
            return redirect(_scope_url(review))
    context = {"form": form, "item": item, "item_noun": noun}
    return render_review(request, review, "reviews/review/scope_edit.html", context, tab="scope")


@require_http_methods(["GET", "POST"])
def scope_delete(request: HttpRequest, gss_code: str, review_id: int, item_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    item = get_record(ScopeItem, review, request.user, perm=CHANGE, pk=item_id)
    item.review = review
    error = None
    if request.method == "POST":
        try:
            scope.delete_item(item, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, "The scope item has been deleted")
            return redirect(_scope_url(review))
    context = {"item": item, "error": error}
    return render_review(request, review, "reviews/review/scope_delete.html", context, tab="scope")


@require_POST
def scope_move(request: HttpRequest, gss_code: str, review_id: int, item_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    item = get_record(ScopeItem, review, request.user, perm=CHANGE, pk=item_id)
    item.review = review
    form = MoveForm(request.POST)
    if not form.is_valid():
        show_refusal(request, ValidationError(form.errors["direction"]))
    else:
        try:
            scope.move_item(item, by=request.user, direction=form.cleaned_data["direction"])
        except ValidationError as error:
            show_refusal(request, error)
    return redirect(_scope_url(review))


# /orgs/<gss_code>/reviews/
urls = [
    path("orgs/<gss:gss_code>/reviews/", index, name="index"),
    path("orgs/<gss:gss_code>/reviews/new/", new, name="new"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/", detail, name="detail"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/edit/", edit, name="edit"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/stage/", stage, name="stage"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/scope/", scope_page, name="scope"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/scope/add/", scope_add, name="scope-add"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/scope/<int:item_id>/edit/", scope_edit, name="scope-edit"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/scope/<int:item_id>/delete/", scope_delete, name="scope-delete"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/scope/<int:item_id>/move/", scope_move, name="scope-move"),
]
