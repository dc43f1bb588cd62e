"""Matrix rows for reviews (ascent/reviews/urls.py).

The world holds one Harrow review in fieldwork. The reviewer persona sits on its team with
an edit grant of the review in force today; they must reach that review's pages and nothing
else of Harrow (every other row says 404 for them).
"""

from __future__ import annotations

import datetime as dt

from .base import EDITORS_OF_A, FORBIDDEN, MEMBERS_OF_A, OK, Case, a, but, goes_to

#: The Reviews section: the host's members; the reviewer's own list is at /reviews/.
REVIEWS_SECTION = MEMBERS_OF_A
#: One review's pages: the host's members, and the reviewer on its team.
REVIEW_READERS = but(MEMBERS_OF_A, reviewer=OK)
#: Its details, stage and scope: the host's editors. The team may see the review, so they get 403.
REVIEW_EDITORS = but(EDITORS_OF_A, reviewer=FORBIDDEN)


def a_review(world):
    return {**a(world), "review_id": world["review"].pk}


def a_scope_item(world):
    return {**a_review(world), "item_id": world["scope_item"].pk}


def to_detail(answers):
    return but(answers, to=goes_to("reviews:detail", a_review))


def to_scope(answers):
    return but(answers, to=goes_to("reviews:scope", a_review))


REVIEW_DETAILS = {
    "kind": "peer-challenge",
    "title": "Harrow peer challenge",
    "scope_style": "questions",
    "development_label": "development",
}

CASES: dict[str, Case] = {
    "reviews:index": Case(get=REVIEWS_SECTION, kwargs=a),
    "reviews:new": Case(
        get=EDITORS_OF_A,
        post=but(EDITORS_OF_A, to=goes_to("reviews:detail", a, new="review_id")),
        kwargs=a,
        data={**REVIEW_DETAILS, "title": "A new review"},
    ),
    "reviews:detail": Case(get=REVIEW_READERS, kwargs=a_review),
    "reviews:edit": Case(get=REVIEW_EDITORS, post=to_detail(REVIEW_EDITORS), kwargs=a_review, data=REVIEW_DETAILS),
    "reviews:stage": Case(post=to_detail(REVIEW_EDITORS), kwargs=a_review, data={"direction": "forward"}),
    "reviews:scope": Case(get=REVIEW_READERS, kwargs=a_review),
    "reviews:scope-add": Case(
        get=REVIEW_EDITORS, post=to_scope(REVIEW_EDITORS), kwargs=a_review, data={"text": "How safe are people?"}
    ),
    "reviews:scope-edit": Case(
        get=REVIEW_EDITORS, post=to_scope(REVIEW_EDITORS), kwargs=a_scope_item, data={"text": "Reworded"}
    ),
    "reviews:scope-delete": Case(get=REVIEW_EDITORS, post=to_scope(REVIEW_EDITORS), kwargs=a_scope_item),
    "reviews:scope-move": Case(post=to_scope(REVIEW_EDITORS), kwargs=a_scope_item, data={"direction": "down"}),
}

#: Harrow's private things the reviewer must not see even on the review's pages: a review
#: they are not on.
A_MARKERS = ["Harrow's other private review"]


def extend_world(world: dict) -> None:
    from django.utils import timezone

    from ascent.core.models import AccessGrant
    from ascent.reviews.models import Review, ScopeItem, Stage, TeamMember, TeamRole

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
    world["scope_item"] = ScopeItem.objects.create(review=review, text="How well does Harrow keep people safe?")
    world["other_review"] = Review.objects.create(
        organisation=world["harrow"], title="Harrow's other private review", stage=Stage.SCOPING
    )
