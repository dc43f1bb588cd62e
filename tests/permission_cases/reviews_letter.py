"""Matrix rows for the letter's pages (ascent/reviews/views/letter.py).

The world's review (tests/permission_cases/reviews.py) is in fieldwork, with the reviewer
persona as its lead: every reader of the review reads the letter and its versions. The letter
is the team's: only the team writes its own parts while it is open, and only the lead may
publish it; the host's members, admins included, and platform staff get 403 (the review has
a team with an account, so it is not recorded by the host). In fieldwork the lead's publish
page says the letter cannot be published yet, and a POST without a date is answered with the
page and its error, not a version.
"""

from __future__ import annotations

from .base import FORBIDDEN, MEMBERS_OF_A, OK, Case, but, goes_to
from .reviews import a_review

#: Who reads one review: the host's members, platform staff and the team.
READERS = but(MEMBERS_OF_A, reviewer=OK)
#: The letter's own parts while open: the team only (the host reads and responds, never writes).
WRITERS = but(
    READERS, viewer=FORBIDDEN, contributor=FORBIDDEN, editor=FORBIDDEN, admin_user=FORBIDDEN, superuser=FORBIDDEN
)
#: Publishing while open: the lead only.
PUBLISHERS = WRITERS


def a_format(fmt):
    def build(world):
        return {**a_review(world), "fmt": fmt}

    return build


def a_version(world):
    return {**a_review(world), "version": world["letter_version"].version}


def a_version_format(world):
    return {**a_version(world), "fmt": "html"}


CASES: dict[str, Case] = {
    "reviews:letter": Case(get=READERS, kwargs=a_review),
    "reviews:letter-edit": Case(
        get=WRITERS,
        post=but(WRITERS, to=goes_to("reviews:letter", a_review)),
        kwargs=a_review,
        data={"addressee": "Director of Adult Social Services"},
    ),
    "reviews:letter-download": Case(get=READERS, kwargs=a_format("html")),
    "reviews:letter-publish": Case(get=PUBLISHERS, post=PUBLISHERS, kwargs=a_review, data={"note": ""}),
    "reviews:letter-version": Case(get=READERS, kwargs=a_version),
    "reviews:letter-version-download": Case(get=READERS, kwargs=a_version_format),
}


def extend_world(world: dict) -> None:
    from django.utils import timezone

    from ascent.reviews.letter import snapshot
    from ascent.reviews.models import LetterVersion

    review = world["review"]
    world["letter_version"] = LetterVersion.objects.create(
        review=review, version=1, content=snapshot(review), published_at=timezone.now(), published_by=world["reviewer"]
    )
