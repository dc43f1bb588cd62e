"""The reviews panel on a council's Overview page (declared on the app's AppConfig)."""

from __future__ import annotations

from django.db.models import Count, Q

from .lifecycle import newest_first
from .models import OPEN_STAGES, Recommendation, Review, Stage


def awaiting_response(organisation):
    """Recommendations of the council's published reviews that the council has not answered yet."""
    return (
        Recommendation.objects.in_organisation(organisation)
        .filter(response="")
        .exclude(review__stage__in=[stage.value for stage in OPEN_STAGES])
    )


def reviews_panel(request, organisation) -> dict | None:
    """Reviews by stage, the latest review and the recommendations waiting for an answer; None for non-members."""
    if not request.user.has_perm("reviews.view_reviews", organisation):
        return None
    reviews = Review.objects.in_organisation(organisation)
    # One grouped query gives both: reviews per stage, and unanswered recommendations per stage.
    grouped = (
        reviews.order_by()
        .values_list("stage")
        .annotate(
            n=Count("id", distinct=True), unanswered=Count("recommendations", filter=Q(recommendations__response=""))
        )
    )
    by_stage, awaiting = {}, 0
    for stage, count, unanswered in grouped:
        by_stage[stage] = count
        if stage not in OPEN_STAGES:
            awaiting += unanswered
    latest = newest_first(reviews).first() if by_stage else None
    return {
        "template": "reviews/review/_overview_panel.html",
        "organisation": organisation,
        "by_stage": [(stage, by_stage[stage.value]) for stage in Stage if by_stage.get(stage.value)],
        "total": sum(by_stage.values()),
        "latest": latest,
        "awaiting": awaiting,
    }
