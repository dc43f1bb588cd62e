"""Matrix rows for reviews (ascent/reviews/urls.py).

The world holds one Harrow review in fieldwork. The reviewer persona sits on its team with
an edit grant of the review in force today; they must reach that review's pages and nothing
else of Harrow (every other row says 404 for them).
"""

from __future__ import annotations

import datetime as dt

from .base import MEMBERS_OF_A, Case, a

#: The Reviews section: the host's members; the reviewer's own list is at /reviews/.
REVIEWS_SECTION = MEMBERS_OF_A


def a_review(world):
    return {**a(world), "review_id": world["review"].pk}


CASES: dict[str, Case] = {
    "reviews:index": Case(get=REVIEWS_SECTION, kwargs=a),
}

#: Harrow's private things the reviewer must not see even on the review's pages: a review
#: they are not on.
A_MARKERS = ["Harrow's other private review"]


def extend_world(world: dict) -> None:
    from django.utils import timezone

    from ascent.core.models import AccessGrant
    from ascent.reviews.models import Review, Stage, TeamMember, TeamRole

    today = timezone.localdate()
    review = Review.objects.create(
        organisation=world["harrow"],
        title="Harrow peer challenge",
        stage=Stage.FIELDWORK,
        on_site_from=today,
        on_site_to=today + dt.timedelta(days=2),
        team_access_ends_on=today + dt.timedelta(days=180),
    )
    grant = AccessGrant.objects.create(
        user=world["reviewer"],
        record=review,
        level=AccessGrant.Level.EDIT,
        starts_on=today,
        ends_on=review.team_access_ends_on,
        granted_by=world["admin_user"],
        reason="Team of the Harrow peer challenge",
    )
    TeamMember.objects.create(
        review=review,
        name="Reviewer Person",
        role=TeamRole.EXPERT_BY_EXPERIENCE,
        home_organisation_name="Peers Together",
        is_lead=True,
        user=world["reviewer"],
        grant=grant,
        email=world["reviewer"].email,
    )
    world["review"] = review
    world["other_review"] = Review.objects.create(
        organisation=world["harrow"], title="Harrow's other private review", stage=Stage.SCOPING
    )
