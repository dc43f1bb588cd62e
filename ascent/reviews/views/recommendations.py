"""Review pages: recommendations (see ascent/reviews/urls.py).

Everyone who may see the review reads its recommendations in order. The team writes,
reorders and deletes them while the review is open (``reviews.draft_findings``), and links
indicators (their baselines are recorded then); the host's editors respond to them once the
letter is published (``reviews.respond_to_recommendations``). Changes go through
:mod:`ascent.reviews.recommendations`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.core import registry
from ascent.core.forms import add_action_errors, show_refusal

from .. import recommendations as actions
from ..access import get_record, get_review, is_host_member
from ..findings import kind_label, scope_item_label, scope_items
from ..forms_findings import IndicatorLinkForm, MoveForm, RecommendationForm, RespondForm
from ..models import Finding, Recommendation, RecommendationBaseline, ReviewIndicator
from .common import render_review

VIEW = "reviews.view_review"
DRAFT = "reviews.draft_findings"
RESPOND = "reviews.respond_to_recommendations"
#: What the 403 of the indicators page says cannot be done (rather than all drafting).
LINK_INDICATORS = "link indicators to a recommendation"


def _to_list(review, recommendation=None):
    response = redirect("reviews:recommendations", gss_code=review.organisation.gss_code, review_id=review.pk)
    if recommendation is not None:
        response["Location"] += f"#recommendation-{recommendation.uid}"
    return response


def _recommendation(request, review, recommendation_id: int, perm: str) -> Recommendation:
    recommendation = get_record(Recommendation, review, request.user, perm=perm, pk=recommendation_id)
    recommendation.review = review
    return recommendation


def _findings(review) -> list[Finding]:
    return list(Finding.objects.in_organisation(review.organisation).filter(review=review).order_by("position", "id"))


def _visible_baselines(request, review):
    """Baselines this person may see: all for the host; for the team, those of indicators shared with the review."""
    baselines = RecommendationBaseline.objects.in_organisation(review.organisation).select_related("indicator")
    if not is_host_member(request.user, review):
        shared = ReviewIndicator.objects.in_organisation(review.organisation).filter(review=review)
        baselines = baselines.filter(indicator_id__in=shared.values("indicator_id"))
    return baselines


@require_GET
def index(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=VIEW, select_related=("organisation",))
    return _index_page(request, review)


def _index_page(request, review, *, move_problem: tuple[int, str, str] | None = None) -> HttpResponse:
    """The list; ``move_problem`` (recommendation id, field, message) is a refused move, shown on its form."""
    items = {item.pk: item for item in scope_items(review)}
    recommendations = list(
        Recommendation.objects.in_organisation(review.organisation)
        .filter(review=review)
        .select_related("responded_by")
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.in_organisation(review.organisation).order_by("position")),
            "elements",
            Prefetch("baselines", queryset=_visible_baselines(request, review), to_attr="visible_baselines"),
        )
        .order_by("position", "id")
    )
    for recommendation in recommendations:
        recommendation.scope_label = (
            scope_item_label(items[recommendation.scope_item_id]) if recommendation.scope_item_id in items else ""
        )
        actions.with_value_text(recommendation.visible_baselines)
        for finding in recommendation.findings.all():
            finding.kind_label = kind_label(review, finding.kind)
    answered = sum(1 for recommendation in recommendations if recommendation.response)
    # What other apps hold on each recommendation (the improvement plans' actions answering it).
    for rows in registry.recommendation_rows():
        added = import_string(rows)(request, review.organisation, review, recommendations)
        for recommendation in recommendations:
            if recommendation.pk in added:
                recommendation.extra_rows = [*getattr(recommendation, "extra_rows", []), added[recommendation.pk]]
    return render_review(
        request,
        review,
        "reviews/recommendations/index.html",
        {
            "recommendations": recommendations,
            "answered": answered,
            "total": len(recommendations),
            "move_problem": move_problem,
        },
        tab="recommendations",
        status=400 if move_problem else 200,
    )


@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=DRAFT, select_related=("organisation",))
    form = RecommendationForm(request.POST or None, review=review, findings=_findings(review))
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = actions.save_recommendation(review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{actions.named(recommendation)} has been added")
            return _to_list(review, recommendation)
    return render_review(
        request,
        review,
        "reviews/recommendations/form.html",
        {"form": form, "heading": "Add a recommendation"},
        tab="recommendations",
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, gss_code: str, review_id: int, recommendation_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=DRAFT, select_related=("organisation",))
    recommendation = _recommendation(request, review, recommendation_id, DRAFT)
    form = RecommendationForm(
        request.POST or None,
        review=review,
        findings=_findings(review),
        initial=RecommendationForm.initial_for(recommendation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_recommendation(review, by=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{actions.named(recommendation)} has been changed")
            return _to_list(review, recommendation)
    return render_review(
        request,
        review,
        "reviews/recommendations/form.html",
        {"form": form, "recommendation": recommendation, "heading": f"Change {recommendation.label.lower()}"},
        tab="recommendations",
    )


@require_POST
def move(request: HttpRequest, gss_code: str, review_id: int, recommendation_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=DRAFT, select_related=("organisation",))
    recommendation = _recommendation(request, review, recommendation_id, DRAFT)
    form = MoveForm(request.POST)
    if not form.is_valid():
        field, problems = next(iter(form.errors.items()))
        return _move_refused(request, review, recommendation, field, problems[0])
    try:
        actions.move(recommendation, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        field, problems = (
            next(iter(error.message_dict.items())) if hasattr(error, "error_dict") else ("", error.messages)
        )
        return _move_refused(request, review, recommendation, field, problems[0])
    recommendation.refresh_from_db(fields=["number", "position"])
    place = recommendation.position + 1
    if recommendation.number:
        messages.success(request, f"Moved to place {place}: it is now {recommendation.label}")
    else:
        messages.success(request, f"{actions.named(recommendation)} has been moved to place {place}")
    return _to_list(review, recommendation)


def _move_refused(request, review, recommendation, field: str, message: str) -> HttpResponse:
    """The list again with the refused move in an error summary, linked to that recommendation's place box."""
    where = "to" if field == "to" else "direction"
    return _index_page(request, review, move_problem=(recommendation.pk, where, message))


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, gss_code: str, review_id: int, recommendation_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=DRAFT, select_related=("organisation",))
    recommendation = _recommendation(request, review, recommendation_id, DRAFT)
    if request.method == "POST":
        try:
            actions.delete_recommendation(recommendation, by=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, f"{actions.named(recommendation)} has been deleted; the rest are renumbered")
        return _to_list(review)
    return render_review(
        request,
        review,
        "reviews/recommendations/delete.html",
        {"recommendation": recommendation},
        tab="recommendations",
    )


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, gss_code: str, review_id: int, recommendation_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=RESPOND, select_related=("organisation",))
    recommendation = _recommendation(request, review, recommendation_id, RESPOND)
    initial = {"response": recommendation.response, "reason": recommendation.response_reason}
    form = RespondForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.respond(recommendation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            answer = recommendation.get_response_display().lower()
            messages.success(request, f"{actions.named(recommendation)}: your response ({answer}) is saved")
            return _to_list(review, recommendation)
    return render_review(
        request,
        review,
        "reviews/recommendations/respond.html",
        {"form": form, "recommendation": recommendation},
        tab="recommendations",
    )


@require_http_methods(["GET", "POST"])
def indicators(request: HttpRequest, gss_code: str, review_id: int, recommendation_id: int) -> HttpResponse:
    review = get_review(
        request.user, gss_code, review_id, perm=DRAFT, select_related=("organisation",), action=LINK_INDICATORS
    )
    recommendation = _recommendation(request, review, recommendation_id, DRAFT)
    choices = actions.indicator_choices(review, request.user)
    baselines = actions.with_value_text(_visible_baselines(request, review).filter(recommendation=recommendation))
    linked = {baseline.indicator_id for baseline in baselines}
    form = IndicatorLinkForm(
        request.POST if request.method == "POST" else None,
        indicators=[indicator for indicator in choices if indicator.pk not in linked],
    )
    if request.method == "POST" and "remove" in request.POST:
        baseline = get_record(
            RecommendationBaseline,
            review,
            request.user,
            perm=DRAFT,
            action=LINK_INDICATORS,
            select_related=("indicator",),
            recommendation=recommendation,
            pk=_int(request.POST["remove"]),
        )
        baseline.recommendation = recommendation
        try:
            actions.unlink_indicator(baseline, by=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, f"{baseline.indicator.code} is no longer linked; its baseline is removed")
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        indicator = form.cleaned_data["indicator"]
        try:
            baseline = actions.link_indicator(recommendation, indicator, by=request.user)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            actions.with_value_text([baseline])
            recorded = f"{baseline.value_text} ({baseline.period_label})" if baseline.period_code else "no value yet"
            messages.success(request, f"{indicator.code} is linked; its baseline is {recorded}")
            return redirect(request.path)
    return render_review(
        request,
        review,
        "reviews/recommendations/indicators.html",
        {"form": form, "recommendation": recommendation, "baselines": baselines, "has_choices": bool(choices)},
        tab="recommendations",
    )


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# /orgs/<gss>/reviews/<id>/recommendations/
_PREFIX = "orgs/<gss:gss_code>/reviews/<int:review_id>/recommendations/"
urls = [
    path(_PREFIX, index, name="recommendations"),
    path(f"{_PREFIX}add/", add, name="recommendation-add"),
    path(f"{_PREFIX}<int:recommendation_id>/edit/", edit, name="recommendation-edit"),
    path(f"{_PREFIX}<int:recommendation_id>/move/", move, name="recommendation-move"),
    path(f"{_PREFIX}<int:recommendation_id>/delete/", delete, name="recommendation-delete"),
    path(f"{_PREFIX}<int:recommendation_id>/respond/", respond, name="recommendation-respond"),
    path(f"{_PREFIX}<int:recommendation_id>/indicators/", indicators, name="recommendation-indicators"),
]
