"""Fieldwork: the timetable by day, the people met and the team's notes (ascent/reviews/fieldwork.py
and views/fieldwork.py). The host's members never see team notes, in any role."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.reviews import fieldwork
from ascent.reviews.models import FieldworkActivity, PersonMet, TeamNote

from ..factories import UserFactory
from ..indicators.factories import field_errors
from .fieldwork_world import make_review, publish, seat, url

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 7)


@pytest.fixture
def review(harrow, reviewer, admin_user):
    review = make_review(harrow)
    seat(review, reviewer, by=admin_user, is_lead=True, name="Reviewer Person")
    return review


def add(review, by, title="Interview with the director", day=DAY, starts=dt.time(9, 30), **extra):
    return fieldwork.save_activity(review, by, kind="interview", title=title, day=day, starts=starts, **extra)


# --- The timetable ---------------------------------------------------------------------------------


def test_the_team_adds_an_activity_and_it_shows_under_its_day(client, review, reviewer):
    client.force_login(reviewer)
    response = client.post(
        url("fieldwork-add", review),
        {
            "kind": "mystery-shopper",
            "title": "Calls to the front door",
            "day": "7/12/2026",
            "starts": "2pm",
            "ends": "3.30pm",
            "location": "Civic Centre",
            "participants": "Contact centre staff\n\n  Duty social worker ",
        },
    )
    assert response.status_code == 302
    activity = FieldworkActivity.objects.get(review=review)
    assert activity.participants == "Contact centre staff\nDuty social worker"
    assert timezone.localtime(activity.starts_at).time() == dt.time(14, 0)
    assert activity.history.get().history_user == reviewer

    page = BeautifulSoup(client.get(url("fieldwork", review)).content, "html.parser")
    day = page.select_one('table[data-timetable-day="2026-12-07"]')
    assert "Monday 7 December 2026" in day.caption.get_text()
    row = day.select_one("tbody tr").get_text(" ", strip=True)
    assert "2pm to 3:30pm" in row
    assert "Mystery-shopper exercise" in row
    assert "Duty social worker" in row


def test_the_timetable_groups_activities_by_day_in_time_order(review, reviewer):
    late = add(review, reviewer, title="Late", starts=dt.time(16, 0))
    next_day = add(review, reviewer, title="Next day", day=DAY + dt.timedelta(days=1), starts=dt.time(8, 0))
    early = add(review, reviewer, title="Early", starts=dt.time(9, 0))
    days = fieldwork.timetable([late, next_day, early])
    assert [day.date for day in days] == [DAY, DAY + dt.timedelta(days=1)]
    assert [activity.title for activity in days[0].activities] == ["Early", "Late"]


def test_an_activity_that_ends_before_it_starts_is_refused_and_nothing_is_saved(client, review, reviewer):
    client.force_login(reviewer)
    response = client.post(
        url("fieldwork-add", review),
        {"kind": "interview", "title": "Interview", "day": "7/12/2026", "starts": "10:00", "ends": "9:00"},
    )
    assert field_errors(response) == {"ends": "Time it ends must be after the time it starts"}
    assert not FieldworkActivity.objects.filter(review=review).exists()


def test_a_time_that_is_not_a_time_is_refused_with_the_field_named(client, review, reviewer):
    client.force_login(reviewer)
    response = client.post(
        url("fieldwork-add", review),
        {"kind": "interview", "title": "Interview", "day": "31/2/2026", "starts": "noonish"},
    )
    errors = field_errors(response)
    assert errors["day"] == "Day must be a real date, like 7/12/2026"
    assert errors["starts"] == "Time it starts must be a time, like 9:30 or 2pm"


def test_team_members_of_another_review_cannot_take_part(harrow, review, reviewer, editor):
    other = make_review(harrow, title="Another review")
    stranger = seat(other, UserFactory(), name="Stranger")
    with pytest.raises(ValidationError) as refused:
        add(review, reviewer, team_members=[stranger])
    assert refused.value.message_dict == {"team_members": ["Select members of this review's team"]}


def test_an_activity_can_be_changed_and_deleted(client, review, editor):
    activity = add(review, editor)
    client.force_login(editor)
    response = client.post(
        url("fieldwork-edit", review, activity_id=activity.pk),
        {"kind": "site-visit", "title": "Visit to the day centre", "day": "8/12/2026", "starts": "11:00"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.kind, activity.title) == ("site-visit", "Visit to the day centre")
    assert client.post(url("fieldwork-delete", review, activity_id=activity.pk)).status_code == 302
    assert not FieldworkActivity.objects.filter(pk=activity.pk).exists()


def test_the_edit_form_shows_the_activity_as_saved(client, review, editor):
    activity = add(review, editor, ends=dt.time(10, 45))
    client.force_login(editor)
    page = BeautifulSoup(client.get(url("fieldwork-edit", review, activity_id=activity.pk)).content, "html.parser")
    assert page.select_one("#id_day")["value"] == "7/12/2026"
    assert page.select_one("#id_starts")["value"] == "09:30"
    assert page.select_one("#id_ends")["value"] == "10:45"


def test_after_publication_the_team_reads_the_fieldwork_but_cannot_change_it(client, review, reviewer):
    activity = add(review, reviewer)
    publish(review)
    client.force_login(reviewer)
    page = client.get(url("fieldwork", review))
    assert page.status_code == 200
    assert b"Interview with the director" in page.content
    assert url("fieldwork-edit", review, activity_id=activity.pk).encode() not in page.content
    assert client.post(url("fieldwork-add", review), {"kind": "interview"}).status_code == 403
    assert client.post(url("fieldwork-delete", review, activity_id=activity.pk)).status_code == 403


def test_the_actions_refuse_a_published_review_whoever_calls_them(review, reviewer):
    activity = add(review, reviewer)
    publish(review)
    activity.review.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer change"):
        add(review, reviewer, title="Too late")
    with pytest.raises(ValidationError, match="can no longer change"):
        fieldwork.delete_activity(activity, reviewer)
    with pytest.raises(ValidationError, match="can no longer change"):
        fieldwork.save_person(review, reviewer, role="Too late")


def test_a_viewer_of_the_host_reads_the_timetable_but_cannot_change_it(client, review, viewer, reviewer):
    add(review, reviewer)
    client.force_login(viewer)
    assert b"Interview with the director" in client.get(url("fieldwork", review)).content
    assert client.get(url("fieldwork-add", review)).status_code == 403


def test_the_fieldwork_page_costs_the_same_queries_however_many_activities(
    client, review, reviewer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = review.team.get()

    def fill(hours):
        for hour in hours:
            add(review, reviewer, title=f"Interview at {hour}", starts=dt.time(hour, 0), team_members=[member])
            fieldwork.save_person(review, reviewer, role=f"Manager {hour}")

    client.force_login(reviewer)
    fill(range(8, 10))
    with CaptureQueriesContext(connection) as few:
        client.get(url("fieldwork", review))
    fill(range(10, 18))
    with django_assert_max_num_queries(18):
        response = client.get(url("fieldwork", review))
    assert len(BeautifulSoup(response.content, "html.parser").select("tr[data-activity]")) == 10
    with CaptureQueriesContext(connection) as many:
        client.get(url("fieldwork", review))
    assert len(many) == len(few)


# --- People met ------------------------------------------------------------------------------------


def test_people_met_are_listed_in_the_order_added_names_optional(client, review, reviewer):
    client.force_login(reviewer)
    client.post(url("people-add", review), {"role": "Director of adult social care", "name": "Pat Smith"})
    client.post(url("people-add", review), {"role": "Carers' forum", "is_group": "on"})
    people = list(PersonMet.objects.filter(review=review))
    assert [(person.role, person.name, person.is_group, person.position) for person in people] == [
        ("Director of adult social care", "Pat Smith", False, 0),
        ("Carers' forum", "", True, 1),
    ]
    table = BeautifulSoup(client.get(url("fieldwork", review)).content, "html.parser").select_one("[data-people-met]")
    assert "Not named" in table.get_text()


def test_a_person_met_needs_a_role(client, review, reviewer):
    client.force_login(reviewer)
    response = client.post(url("people-add", review), {"name": "Pat Smith"})
    assert field_errors(response) == {"role": "Enter their role, or what the group is"}
    assert not PersonMet.objects.exists()


def test_a_person_met_can_be_changed_and_deleted(client, review, reviewer):
    person = fieldwork.save_person(review, reviewer, role="Head of safeguarding")
    client.force_login(reviewer)
    client.post(url("people-edit", review, person_id=person.pk), {"role": "Head of safeguarding adults"})
    person.refresh_from_db()
    assert person.role == "Head of safeguarding adults"
    client.post(url("people-delete", review, person_id=person.pk))
    assert not PersonMet.objects.exists()


def test_a_person_of_another_review_is_a_404(client, harrow, review, reviewer):
    other = make_review(harrow, title="Another review")
    person = PersonMet.objects.create(review=other, role="Someone else's")
    client.force_login(reviewer)
    assert client.get(url("people-edit", review, person_id=person.pk)).status_code == 404


# --- Team notes ------------------------------------------------------------------------------------

SECRET = "The front door is badly understaffed"


@pytest.fixture
def note(review, reviewer):
    return fieldwork.add_note(review, reviewer, text=SECRET)


@pytest.mark.parametrize("persona", ["viewer", "contributor", "editor", "admin_user", "superuser"], indirect=True)
def test_no_member_of_the_host_learns_that_notes_exist(client, review, note, persona):
    client.force_login(persona)
    for name, kwargs in [("notes", {}), ("notes-add", {}), ("notes-edit", {"note_id": note.pk})]:
        assert client.get(url(name, review, **kwargs)).status_code == 404
    assert client.post(url("notes-delete", review, note_id=note.pk)).status_code == 404
    for page in ("fieldwork", "library"):
        response = client.get(url(page, review))
        assert response.status_code == 200
        assert SECRET.encode() not in response.content
        assert url("notes", review).encode() not in response.content  # no Team notes tab either
    assert TeamNote.objects.filter(pk=note.pk).exists()


def test_the_team_reads_and_writes_notes(client, review, reviewer, note):
    client.force_login(reviewer)
    page = client.get(url("notes", review))
    assert SECRET.encode() in page.content
    response = client.post(url("notes-add", review), {"text": "Second visit went well"})
    assert response.status_code == 302
    assert TeamNote.objects.filter(review=review, author=reviewer, text="Second visit went well").exists()


def test_a_note_can_be_about_an_activity(client, review, reviewer):
    activity = add(review, reviewer)
    client.force_login(reviewer)
    client.post(url("notes-add", review), {"text": "Ran long", "activity": activity.pk})
    assert TeamNote.objects.get(review=review).activity == activity


def test_an_empty_note_is_refused(client, review, reviewer):
    client.force_login(reviewer)
    assert field_errors(client.post(url("notes-add", review), {"text": "  "})) == {"text": "Enter the note"}


def test_only_the_author_changes_or_deletes_a_note(client, review, note, admin_user):
    colleague = UserFactory(full_name="Colleague Person")
    seat(review, colleague, by=admin_user)
    client.force_login(colleague)
    assert SECRET.encode() in client.get(url("notes", review)).content  # the whole team reads it
    refused = client.get(url("notes-edit", review, note_id=note.pk))
    assert refused.status_code == 403
    said = BeautifulSoup(refused.content, "html.parser").get_text(" ", strip=True)
    assert "Only the note's author can change it." in said
    assert "Your role in this organisation" not in said
    assert client.post(url("notes-delete", review, note_id=note.pk)).status_code == 403
    with pytest.raises(PermissionDenied):
        fieldwork.edit_note(note, colleague, text="Rewritten")
    note.refresh_from_db()
    assert note.text == SECRET


def test_the_author_changes_and_deletes_their_note(client, review, reviewer, note):
    client.force_login(reviewer)
    client.post(url("notes-edit", review, note_id=note.pk), {"text": "Corrected"})
    note.refresh_from_db()
    assert note.text == "Corrected"
    assert note.history.first().history_user == reviewer
    client.post(url("notes-delete", review, note_id=note.pk))
    assert not TeamNote.objects.filter(pk=note.pk).exists()


def test_after_publication_the_team_reads_notes_but_writes_none(client, review, reviewer, note):
    publish(review)
    client.force_login(reviewer)
    assert SECRET.encode() in client.get(url("notes", review)).content
    assert client.post(url("notes-add", review), {"text": "Late"}).status_code == 403
    response = client.post(url("notes-edit", review, note_id=note.pk), {"text": "Late"})
    assert response.status_code == 403
    assert "The review has been published: the team can read it but not change it." in response.content.decode()


def test_once_the_teams_access_ends_the_notes_are_a_404(client, review, reviewer, note):
    publish(review)
    today = timezone.localdate()
    AccessGrant.objects.filter(user=reviewer).update(
        starts_on=today - dt.timedelta(days=30), ends_on=today - dt.timedelta(days=1)
    )
    client.force_login(reviewer)
    assert client.get(url("notes", review)).status_code == 404
    assert client.get(url("fieldwork", review)).status_code == 404


def test_notes_stay_off_the_hosts_activity_page(client, harrow, review, note, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/orgs/{harrow.gss_code}/activity/")
    assert response.status_code == 200
    assert SECRET.encode() not in response.content
