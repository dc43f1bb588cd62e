"""Fieldwork: the on-site timetable, the people met and the team's notes.

Every change goes through a function here, each in one transaction, recording who acted.
Bad input raises ``ValidationError`` keyed by the form field it is about, and nothing is
saved. The views check the person's permission (``reviews.change_fieldwork``,
``reviews.add_team_note``); these functions also refuse a review that is no longer open,
so a command or a second browser tab cannot change a published review's fieldwork.

Team notes are the team's alone: nothing here or in the views shows them to the host.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import ActivityKind, FieldworkActivity, PersonMet, Review, TeamMember, TeamNote

TITLE_MAX = 200
LOCATION_MAX = 200
ROLE_MAX = 300
NAME_MAX = 200
NOTE_MAX = 20000


def _refuse_if_closed(review: Review, what: str) -> None:
    if not review.is_open:
        raise ValidationError(
            {
                "__all__": (
                    f"This review has been published ({review.get_stage_display().lower()}): "
                    f"{what} can no longer change"
                )
            }
        )


def _lines(text: str) -> str:
    """One entry per line, blank lines and surrounding spaces dropped."""
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


# --- The timetable ---------------------------------------------------------------------------


def save_activity(
    review: Review,
    by,
    *,
    activity: FieldworkActivity | None = None,
    kind: str,
    title: str,
    day: dt.date,
    starts: dt.time,
    ends: dt.time | None = None,
    location: str = "",
    participants: str = "",
    participant_names: str = "",
    team_members=(),
) -> FieldworkActivity:
    """Add an activity to ``review``'s timetable, or change ``activity``; the saved activity."""
    _refuse_if_closed(review, "its fieldwork")
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if kind not in ActivityKind.values:
        errors["kind"] = "Select what kind of activity it is"
    if not title:
        errors["title"] = "Enter a title"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Title must be {TITLE_MAX} characters or fewer"
    if not isinstance(day, dt.date):
        errors["day"] = "Enter the day of the activity"
    if not isinstance(starts, dt.time):
        errors["starts"] = "Enter the time it starts"
    elif ends is not None and ends <= starts:
        errors["ends"] = "Time it ends must be after the time it starts"
    if len((location or "").strip()) > LOCATION_MAX:
        errors["location"] = f"Location must be {LOCATION_MAX} characters or fewer"
    members = list(team_members)
    if any(member.review_id != review.pk for member in members):
        errors["team_members"] = "Select members of this review's team"
    if errors:
        raise ValidationError(errors)
    zone = timezone.get_current_timezone()
    with transaction.atomic():
        if activity is None:
            activity = FieldworkActivity(review=review)
        elif activity.review_id != review.pk:
            raise ValidationError({"__all__": "That activity belongs to another review"})
        activity.kind = kind
        activity.title = title
        activity.starts_at = timezone.make_aware(dt.datetime.combine(day, starts), zone)
        activity.ends_at = timezone.make_aware(dt.datetime.combine(day, ends), zone) if ends else None
        activity.location = (location or "").strip()
        activity.participants = _lines(participants)
        activity.participant_names = _lines(participant_names)
        activity._history_user = by
        activity.save()
        activity.team_members.set(members)
    return activity


def delete_activity(activity: FieldworkActivity, by) -> None:
    """Take an activity off the timetable. Notes and people met that named it keep their text."""
    _refuse_if_closed(activity.review, "its fieldwork")
    with transaction.atomic():
        activity._history_user = by
        activity.delete()


@dataclass
class Day:
    """One day of the timetable: its date and its activities in time order."""

    date: dt.date
    activities: list[FieldworkActivity] = field(default_factory=list)


def timetable(activities) -> list[Day]:
    """Activities grouped by their day (in UK time), days and activities in order."""
    ordered = sorted(activities, key=lambda activity: (activity.starts_at, activity.pk))
    return [
        Day(date=day, activities=list(items))
        for day, items in groupby(ordered, key=lambda activity: timezone.localtime(activity.starts_at).date())
    ]


# --- People met --------------------------------------------------------------------------------


def save_person(
    review: Review,
    by,
    *,
    person: PersonMet | None = None,
    role: str,
    name: str = "",
    is_group: bool = False,
    activity: FieldworkActivity | None = None,
) -> PersonMet:
    """Add a person or group to the list of people met (at the end), or change ``person``."""
    _refuse_if_closed(review, "the people met")
    errors: dict[str, str] = {}
    role, name = (role or "").strip(), (name or "").strip()
    if not role:
        errors["role"] = "Enter their role, or what the group is"
    elif len(role) > ROLE_MAX:
        errors["role"] = f"Role or group must be {ROLE_MAX} characters or fewer"
    if len(name) > NAME_MAX:
        errors["name"] = f"Name must be {NAME_MAX} characters or fewer"
    if activity is not None and activity.review_id != review.pk:
        errors["activity"] = "Select an activity of this review"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if person is None:
            last = PersonMet.objects.filter(review=review).aggregate(last=Max("position"))["last"]
            person = PersonMet(review=review, position=0 if last is None else last + 1)
        elif person.review_id != review.pk:
            raise ValidationError({"__all__": "That person belongs to another review"})
        person.role, person.name, person.is_group, person.activity = role, name, bool(is_group), activity
        person._history_user = by
        person.save()
    return person


def delete_person(person: PersonMet, by) -> None:
    _refuse_if_closed(person.review, "the people met")
    with transaction.atomic():
        person._history_user = by
        person.delete()


# --- Team notes --------------------------------------------------------------------------------


def _check_note(review: Review, text: str, activity: FieldworkActivity | None) -> str:
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = "Enter the note"
    elif len(text) > NOTE_MAX:
        errors["text"] = f"Note must be {NOTE_MAX} characters or fewer"
    if activity is not None and activity.review_id != review.pk:
        errors["activity"] = "Select an activity of this review"
    if errors:
        raise ValidationError(errors)
    return text


def add_note(review: Review, by, *, text: str, activity: FieldworkActivity | None = None) -> TeamNote:
    """A team member's note on the review (optionally about one activity)."""
    _refuse_if_closed(review, "the team's notes")
    text = _check_note(review, text, activity)
    with transaction.atomic():
        note = TeamNote(review=review, author=by, text=text, activity=activity)
        note._history_user = by
        note.save()
    return note


def _refuse_unless_author(note: TeamNote, by) -> None:
    if note.author_id is None or note.author_id != getattr(by, "pk", None):
        raise PermissionDenied("Only the note's author may change it")


def edit_note(note: TeamNote, by, *, text: str, activity: FieldworkActivity | None = None) -> TeamNote:
    """Change a note: its author only."""
    _refuse_unless_author(note, by)
    _refuse_if_closed(note.review, "the team's notes")
    text = _check_note(note.review, text, activity)
    with transaction.atomic():
        note.text, note.activity = text, activity
        note._history_user = by
        note.save()
    return note


def delete_note(note: TeamNote, by) -> None:
    """Delete a note: its author only."""
    _refuse_unless_author(note, by)
    _refuse_if_closed(note.review, "the team's notes")
    with transaction.atomic():
        note._history_user = by
        note.delete()


def team_members(review: Review):
    """The review's team, for choosing who takes part in an activity."""
    return TeamMember.objects.in_organisation(review.organisation).filter(review=review)
