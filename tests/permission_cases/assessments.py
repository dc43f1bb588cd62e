"""Matrix rows for self-assessment pages: the list, starting one, the summary, rating an element,
its evidence and the top risks.

Every member of A reads them; contributors change a draft (a viewer gets 403); editors start
one. The world's self-assessment is a draft of A against a TEASC-shaped framework, with one
rating holding a linked indicator and an attached evidence file. Empty posts either show the
form again with its errors (200) or save nothing of note and go back where they came from.
"""

from __future__ import annotations

from .base import EDITORS_OF_A, FORBIDDEN, MEMBERS_OF_A, Case, a, but, goes_to

MARKER = "Harrow private rating narrative"

CONTRIBUTORS_OF_A = {**MEMBERS_OF_A, "viewer": FORBIDDEN}


def extend_world(world: dict) -> None:
    from ascent.assessments.models import ElementRating
    from tests.assessments.factories import attach, evidence_file, link, self_assessment, teasc_framework
    from tests.indicators.factories import IndicatorFactory

    assessment = self_assessment(world["harrow"], teasc_framework(), period="2015-16")
    rating = ElementRating.objects.get(assessment=assessment, element__key="domain-1")
    rating.narrative = MARKER
    rating.save()
    world["assessment"] = assessment
    world["rating"] = rating
    world["indicator_link"] = link(rating, IndicatorFactory(code="MATRIX-1"))
    world["evidence_link"] = attach(rating, evidence_file(world["harrow"], title="Harrow private board minutes"))


def an_assessment(world):
    return {**a(world), "assessment_id": world["assessment"].pk}


def a_rating(world):
    return {**an_assessment(world), "element_id": world["rating"].element_id}


TO_SUMMARY = but(CONTRIBUTORS_OF_A, to=goes_to("assessments:detail", an_assessment))
TO_RATING = but(CONTRIBUTORS_OF_A, to=goes_to("assessments:rating", a_rating))

CASES: dict[str, Case] = {
    "assessments:index": Case(get=MEMBERS_OF_A, kwargs=a),
    "assessments:new": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a),
    "assessments:detail": Case(get=MEMBERS_OF_A, kwargs=an_assessment),
    "assessments:risks": Case(get=MEMBERS_OF_A, post=TO_SUMMARY, kwargs=an_assessment),
    "assessments:rating": Case(get=MEMBERS_OF_A, post=TO_SUMMARY, kwargs=a_rating),
    "assessments:rating-indicator-add": Case(post=CONTRIBUTORS_OF_A, kwargs=a_rating),
    "assessments:rating-indicator-remove": Case(
        post=TO_RATING, kwargs=lambda w: {**a_rating(w), "link_id": w["indicator_link"].pk}
    ),
    "assessments:rating-evidence-attach": Case(post=CONTRIBUTORS_OF_A, kwargs=a_rating),
    "assessments:rating-evidence-upload": Case(post=CONTRIBUTORS_OF_A, kwargs=a_rating),
    "assessments:rating-evidence-remove": Case(
        post=TO_RATING, kwargs=lambda w: {**a_rating(w), "link_id": w["evidence_link"].pk}
    ),
}

A_MARKERS = [MARKER, "Harrow private board minutes"]
