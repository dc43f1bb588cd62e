"""Matrix rows for a review's fieldwork, team notes, evidence library and what the host shares
(ascent/reviews/views/fieldwork.py and library.py).

The world's review (tests/permission_cases/reviews.py) is Harrow's, in fieldwork; the reviewer
persona sits on its team as lead with an edit grant. Here it gains an activity, a person met,
a team note the reviewer wrote, a library file, a shared self-assessment and a shared
indicator.

- The timetable, people met and library: everyone who may see the review reads them (the
  host's members and the reviewer); the team and the host's editors change the fieldwork.
- Team notes: the team only. Every member of the host, and platform staff, get 404, so
  nobody outside the team can learn that notes exist; only the author changes a note.
- Library files: the host's contributors and above add, upload and remove them (the reviewer
  gets 403); the host's editors choose what self-assessment and indicators the team sees.
"""

from __future__ import annotations

import re

from django.urls import reverse

from .base import FORBIDDEN, LOGIN, MEMBERS_OF_A, NOT_FOUND, OK, PERSONAS, Case, Redirect, a, but, goes_to

#: Everyone who may see the review: the host's members, platform staff and the team.
REVIEW_READERS = {**MEMBERS_OF_A, "reviewer": OK}
#: The fieldwork timetable and people met, while the review is open: the team and the host's editors.
FIELDWORK_CHANGERS = {**REVIEW_READERS, "viewer": FORBIDDEN, "contributor": FORBIDDEN}
#: Team notes: the team alone; to every member of the host, and to platform staff, they do not exist.
NOTE_READERS = {**dict.fromkeys(PERSONAS, NOT_FOUND), "anonymous": LOGIN, "reviewer": OK}
#: One note: its author (the reviewer) changes it.
NOTE_AUTHOR = NOTE_READERS
#: Library files: the host's contributors and above (who may upload the council's evidence).
LIBRARY_CHANGERS = {**REVIEW_READERS, "viewer": FORBIDDEN, "reviewer": FORBIDDEN}
#: The shared self-assessment and indicators: the host's editors.
SHARERS = {**LIBRARY_CHANGERS, "contributor": FORBIDDEN}


def a_review(world):
    return {**a(world), "review_id": world["review"].pk}


def an_activity(world):
    return {**a_review(world), "activity_id": world["fieldwork_activity"].pk}


def a_person(world):
    return {**a_review(world), "person_id": world["person_met"].pk}


def a_note(world):
    return {**a_review(world), "note_id": world["team_note"].pk}


def an_item(world):
    return {**a_review(world), "item_id": world["library_item"].pk}


def a_link(world):
    return {**a_review(world), "link_id": world["review_indicator"].pk}


def to_page(name: str, fragment: str) -> Redirect:
    """A redirect to the review's page ``name`` at ``#fragment``."""
    return Redirect(
        lambda world: re.escape(reverse(name, kwargs=a_review(world)) + f"#{fragment}"), f"{name}#{fragment}"
    )


ACTIVITY = {"kind": "interview", "title": "Interview with the director", "day": "7/12/2026", "starts": "9:30"}
PERSON = {"role": "Director of adult social care"}
NOTE = {"text": "The director described the front door"}

TO_FIELDWORK = goes_to("reviews:fieldwork", a_review)
TO_PEOPLE = to_page("reviews:fieldwork", "people-met")
TO_NOTES = goes_to("reviews:notes", a_review)
TO_LIBRARY = goes_to("reviews:library", a_review)

CASES: dict[str, Case] = {
    "reviews:fieldwork": Case(get=REVIEW_READERS, kwargs=a_review),
    "reviews:fieldwork-add": Case(
        get=FIELDWORK_CHANGERS, post=but(FIELDWORK_CHANGERS, to=TO_FIELDWORK), kwargs=a_review, data=ACTIVITY
    ),
    "reviews:fieldwork-edit": Case(
        get=FIELDWORK_CHANGERS, post=but(FIELDWORK_CHANGERS, to=TO_FIELDWORK), kwargs=an_activity, data=ACTIVITY
    ),
    "reviews:fieldwork-delete": Case(
        get=FIELDWORK_CHANGERS, post=but(FIELDWORK_CHANGERS, to=TO_FIELDWORK), kwargs=an_activity
    ),
    "reviews:people-add": Case(
        get=FIELDWORK_CHANGERS, post=but(FIELDWORK_CHANGERS, to=TO_PEOPLE), kwargs=a_review, data=PERSON
    ),
    "reviews:people-edit": Case(
        get=FIELDWORK_CHANGERS, post=but(FIELDWORK_CHANGERS, to=TO_PEOPLE), kwargs=a_person, data=PERSON
    ),
    "reviews:people-delete": Case(get=FIELDWORK_CHANGERS, post=but(FIELDWORK_CHANGERS, to=TO_PEOPLE), kwargs=a_person),
    "reviews:notes": Case(get=NOTE_READERS, kwargs=a_review),
    "reviews:notes-add": Case(get=NOTE_READERS, post=but(NOTE_READERS, to=TO_NOTES), kwargs=a_review, data=NOTE),
    "reviews:notes-edit": Case(get=NOTE_AUTHOR, post=but(NOTE_AUTHOR, to=TO_NOTES), kwargs=a_note, data=NOTE),
    "reviews:notes-delete": Case(get=NOTE_AUTHOR, post=but(NOTE_AUTHOR, to=TO_NOTES), kwargs=a_note),
    "reviews:library": Case(get=REVIEW_READERS, kwargs=a_review),
    # Posting nothing shows the form again with its errors.
    "reviews:library-add": Case(get=LIBRARY_CHANGERS, post=LIBRARY_CHANGERS, kwargs=a_review),
    "reviews:library-upload": Case(get=LIBRARY_CHANGERS, post=LIBRARY_CHANGERS, kwargs=a_review),
    "reviews:library-download": Case(get=REVIEW_READERS, kwargs=an_item),
    "reviews:library-remove": Case(get=LIBRARY_CHANGERS, post=but(LIBRARY_CHANGERS, to=TO_LIBRARY), kwargs=an_item),
    # Posting no choice shares no self-assessment, and goes back to the library.
    "reviews:library-share": Case(
        get=SHARERS, post=but(SHARERS, to=TO_LIBRARY), kwargs=a_review, data={"assessment": "none"}
    ),
    "reviews:shared-assessment": Case(get=REVIEW_READERS, kwargs=a_review),
    "reviews:indicators-add": Case(get=SHARERS, post=SHARERS, kwargs=a_review),
    "reviews:indicators-remove": Case(post=but(SHARERS, to=to_page("reviews:library", "indicators")), kwargs=a_link),
}

#: A team note of a review the reviewer is not on, and a file of Harrow's not in the library.
A_MARKERS = ["Private note of another review's team", "Harrow file kept from the team"]


def extend_world(world: dict) -> None:
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from ascent.evidence.actions import store_evidence_file
    from ascent.reviews.models import (
        FieldworkActivity,
        LibraryItem,
        PersonMet,
        ReviewIndicator,
        TeamNote,
    )
    from tests.assessments.factories import self_assessment
    from tests.indicators.factories import IndicatorFactory

    review, harrow = world["review"], world["harrow"]
    activity = FieldworkActivity.objects.create(
        review=review, kind="focus-group", title="Carers' focus group", starts_at=timezone.now()
    )
    world["fieldwork_activity"] = activity
    world["person_met"] = PersonMet.objects.create(
        review=review, role="Carers' forum", is_group=True, activity=activity
    )
    world["team_note"] = TeamNote.objects.create(review=review, author=world["reviewer"], text="First impressions")
    TeamNote.objects.create(
        review=world["other_review"], author=world["editor"], text="Private note of another review's team"
    )

    def stored(title, name):
        return store_evidence_file(
            harrow,
            None,
            SimpleUploadedFile(name, b"topic,finding\nfront door,waits\n"),
            title=title,
            kind="data",
            evidence_date=dt.date(2025, 3, 31),
        )

    world["library_item"] = LibraryItem.objects.create(
        review=review, evidence=stored("Carers' survey for the review", "carers-survey.csv"), added_by=world["editor"]
    )
    stored("Harrow file kept from the team", "kept.csv")
    # A version of its own to share (the world's other self-assessment holds Harrow's private narrative).
    framework = world["assessment"].framework
    review.shared_assessment = self_assessment(harrow, framework, period="2016-17")
    review.save(update_fields=["shared_assessment"])
    world["review_indicator"] = ReviewIndicator.objects.create(
        review=review, indicator=IndicatorFactory(code="REVIEW-1"), added_by=world["editor"]
    )
