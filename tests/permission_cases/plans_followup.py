"""Matrix rows for follow-up reviews (ascent/plans/views/followup.py).

The world gains a published Harrow review (its letter dated 10 January 2026) and a planned
follow-up of it with a summary, so marking it as held succeeds for an editor. Every member
reads the follow-ups and downloads their reports; editors plan, change and hold them. The
reviewer persona sits on another of Harrow's reviews and sees none of this (404).
"""

from __future__ import annotations

import datetime as dt

from .base import EDITORS_OF_A, MEMBERS_OF_A, Case, a, but, goes_to

#: The follow-up's summary: Harrow's private words, never shown to a member of Herefordshire.
A_MARKERS = ["Harrow follow-up private summary"]


def a_follow_up(world):
    return {**a(world), "follow_up_id": world["follow_up"].pk}


def a_report(world):
    return {**a_follow_up(world), "fmt": "html"}


def to_follow_up(answers):
    return but(answers, to=goes_to("plans:follow_up", a_follow_up))


def extend_world(world: dict) -> None:
    from ascent.plans.models import FollowUp
    from ascent.reviews.models import Review, Stage

    review = Review.objects.create(
        organisation=world["harrow"],
        title="Harrow published peer challenge",
        stage=Stage.PUBLISHED,
        letter_date=dt.date(2026, 1, 10),
    )
    world["published_review"] = review
    world["follow_up"] = FollowUp.objects.create(
        organisation=world["harrow"],
        review=review,
        due_on=dt.date(2026, 11, 10),
        summary="Harrow follow-up private summary",
    )


CASES: dict[str, Case] = {
    "plans:follow_ups": Case(get=MEMBERS_OF_A, kwargs=a),
    # Without a review chosen the form is shown again with its error (the world's review has one planned).
    "plans:new_follow_up": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a, data={"due_on": ""}),
    "plans:follow_up": Case(get=MEMBERS_OF_A, kwargs=a_follow_up),
    "plans:edit_follow_up": Case(
        get=EDITORS_OF_A,
        post=to_follow_up(EDITORS_OF_A),
        kwargs=a_follow_up,
        data={"due_on": "1/3/2027", "summary": "Harrow follow-up private summary, revised"},
    ),
    "plans:hold_follow_up": Case(
        get=EDITORS_OF_A, post=to_follow_up(EDITORS_OF_A), kwargs=a_follow_up, data={"held_on": "1/2/2026"}
    ),
    "plans:follow_up_report": Case(get=MEMBERS_OF_A, kwargs=a_report),
}
