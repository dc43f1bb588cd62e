"""Matrix rows for the letter's pages (ascent/reviews/views/letter.py).

The world's review (tests/permission_cases/reviews.py) is in fieldwork, with the reviewer
persona as its lead: every reader of the review reads the letter and its versions. The letter
is the team's: only the team writes its own parts while it is open, and only the lead may
publish it; the host's members, admins included, and platform staff get 403 (the review has
a team with an account, so it is not recorded by the host). In fieldwork the lead's publish
page says the letter cannot be published yet, and a POST without a date is answered with the
page and its error, not a version.

Every reader may have the letter's PDF produced (a POST that starts a background job and goes
to its page). The job's own pages (ascent/jobs) answer its requester and the host's admins:
the world's letter job was asked for by the reviewer persona, who is no member of Harrow, so
those pages have further rows here about that job (``"jobs:detail @ ..."``), beside the rows
of the editor's report job in foundation.py.
"""

from __future__ import annotations

from .base import FORBIDDEN, MEMBERS_OF_A, NOT_FOUND, OK, REQUESTER_OR_ADMINS_OF_A, Case, a, but, goes_to
from .reviews import a_review

#: Who reads one review: the host's members, platform staff and the team.
READERS = but(MEMBERS_OF_A, reviewer=OK)
#: The letter's own parts while open: the team only (the host reads and responds, never writes).
WRITERS = but(
    READERS, viewer=FORBIDDEN, contributor=FORBIDDEN, editor=FORBIDDEN, admin_user=FORBIDDEN, superuser=FORBIDDEN
)
#: Publishing while open: the lead only.
PUBLISHERS = WRITERS
#: Producing the PDF: every reader, who goes to the new job's page.
TO_NEW_JOB = but(READERS, to=goes_to("jobs:detail", a, new="job_id"))
#: The reviewer's letter job: they asked for it, through their grant of the review; the
#: host's admins see every job of the host; the editor who asked for another job does not.
LETTER_JOB_READERS = but(REQUESTER_OR_ADMINS_OF_A, editor=NOT_FOUND, reviewer=OK)


def a_format(fmt):
    def build(world):
        return {**a_review(world), "fmt": fmt}

    return build


def a_version(world):
    return {**a_review(world), "version": world["letter_version"].version}


def a_version_format(world):
    return {**a_version(world), "fmt": "html"}


def a_letter_job(world):
    return {**a(world), "job_id": world["letter_job"].pk}


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
    "reviews:letter-pdf": Case(post=TO_NEW_JOB, kwargs=a_review),
    "reviews:letter-version-pdf": Case(post=TO_NEW_JOB, kwargs=a_version),
    "jobs:detail @ the reviewer's letter PDF": Case(get=LETTER_JOB_READERS, kwargs=a_letter_job),
    "jobs:status @ the reviewer's letter PDF": Case(get=LETTER_JOB_READERS, kwargs=a_letter_job),
    "jobs:download @ the reviewer's letter PDF": Case(get=LETTER_JOB_READERS, kwargs=a_letter_job),
    # The job is done, so trying it again is refused with a message on the job's page.
    "jobs:retry @ the reviewer's letter PDF": Case(
        post=but(LETTER_JOB_READERS, to=goes_to("jobs:detail", a_letter_job)), kwargs=a_letter_job
    ),
}


def extend_world(world: dict) -> None:
    from django.utils import timezone

    from ascent.jobs.services import finish_job
    from ascent.reviews.letter import snapshot
    from ascent.reviews.models import LetterVersion
    from ascent.reviews.tasks import start_letter_pdf

    review = world["review"]
    world["letter_version"] = LetterVersion.objects.create(
        review=review, version=1, content=snapshot(review), published_at=timezone.now(), published_by=world["reviewer"]
    )
    job = start_letter_pdf(review, by=world["reviewer"])
    finish_job(job, content=b"%PDF-1.7 the reviewer's letter", filename="letter.pdf", content_type="application/pdf")
    world["letter_job"] = job
