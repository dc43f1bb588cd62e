"""Matrix rows for a review's findings and recommendations (ascent/reviews/views/findings.py, recommendations.py).

The world's review (tests/permission_cases/reviews.py) is in fieldwork with a team: the
reviewer persona sits on it as the lead. So the team drafts and approves, and the host's
members only read (their editors respond to recommendations, but only once the letter is
published: before that the form answers with its refusal, 200). Everyone else gets 404.
"""

from __future__ import annotations

import re

from django.urls import reverse

from .base import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, Redirect, but
from .reviews import a_review

#: Who reads a review: its host's members, platform staff and the team.
READERS = {
    "anonymous": LOGIN,
    "viewer": OK,
    "contributor": OK,
    "editor": OK,
    "admin_user": OK,
    "outsider": NOT_FOUND,
    "grantee": NOT_FOUND,
    "regional_lead": NOT_FOUND,
    "superuser": OK,
    "reviewer": OK,
}
#: Who drafts (and, as the lead, approves) while the review is open and has a team: the team,
#: and platform staff. The host's members see the review, so they are refused (403).
TEAM = but(READERS, viewer=FORBIDDEN, contributor=FORBIDDEN, editor=FORBIDDEN, admin_user=FORBIDDEN)
#: Who answers recommendations: the host's editors (and staff); the team and other members 403.
RESPONDERS = but(READERS, viewer=FORBIDDEN, contributor=FORBIDDEN, reviewer=FORBIDDEN)


def a_finding(world):
    return {**a_review(world), "finding_id": world["finding"].pk}


def a_recommendation(world):
    return {**a_review(world), "recommendation_id": world["recommendation"].pk}


def back_to(name: str) -> Redirect:
    """A redirect to the list page, perhaps at the anchor of the record just changed."""
    return Redirect(lambda world: re.escape(reverse(name, kwargs=a_review(world))) + r"(#[\w-]+)?", name)


FINDINGS = back_to("reviews:findings")
RECOMMENDATIONS = back_to("reviews:recommendations")
FINDING_DATA = {"kind": "strength", "text": "Matrix finding"}
RECOMMENDATION_DATA = {"kind": "recommendation", "is_numbered": "on", "text": "Matrix recommendation"}

CASES: dict[str, Case] = {
    "reviews:findings": Case(get=READERS, kwargs=a_review),
    "reviews:findings-add": Case(get=TEAM, post=but(TEAM, to=FINDINGS), kwargs=a_review, data=FINDING_DATA),
    "reviews:finding-edit": Case(get=TEAM, post=but(TEAM, to=FINDINGS), kwargs=a_finding, data=FINDING_DATA),
    "reviews:finding-approve": Case(post=but(TEAM, to=FINDINGS), kwargs=a_finding),
    "reviews:finding-unapprove": Case(post=but(TEAM, to=FINDINGS), kwargs=a_finding),
    "reviews:finding-delete": Case(get=TEAM, post=but(TEAM, to=FINDINGS), kwargs=a_finding),
    "reviews:recommendations": Case(get=READERS, kwargs=a_review),
    "reviews:recommendation-add": Case(
        get=TEAM, post=but(TEAM, to=RECOMMENDATIONS), kwargs=a_review, data=RECOMMENDATION_DATA
    ),
    "reviews:recommendation-edit": Case(
        get=TEAM, post=but(TEAM, to=RECOMMENDATIONS), kwargs=a_recommendation, data=RECOMMENDATION_DATA
    ),
    "reviews:recommendation-move": Case(
        post=but(TEAM, to=RECOMMENDATIONS), kwargs=a_recommendation, data={"direction": "down"}
    ),
    "reviews:recommendation-delete": Case(get=TEAM, post=but(TEAM, to=RECOMMENDATIONS), kwargs=a_recommendation),
    # Before publication the response is refused on the form (200 with the error).
    "reviews:recommendation-respond": Case(
        get=RESPONDERS, post=RESPONDERS, kwargs=a_recommendation, data={"response": "accepted"}
    ),
    # Linking needs an indicator shared with the review; with none chosen the form says so (200).
    "reviews:recommendation-indicators": Case(get=TEAM, post=TEAM, kwargs=a_recommendation),
}

#: A finding of Harrow's other review, which the reviewer is not on.
A_MARKERS = ["A finding of Harrow's other review"]


def extend_world(world: dict) -> None:
    from ascent.reviews.models import Finding, FindingKind, Recommendation

    review = world["review"]
    world["finding"] = Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="Carers are heard")
    world["recommendation"] = Recommendation.objects.create(review=review, text="Listen more", number=1)
    Recommendation.objects.create(review=review, text="And again", number=2, position=1)
    Finding.objects.create(
        review=world["other_review"], kind=FindingKind.DEVELOPMENT, text="A finding of Harrow's other review"
    )
