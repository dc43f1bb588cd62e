"""The team's access date: the default, the host setting it, and every team grant following it."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.reviews import team as actions

from .team_world import make_review, review_url, seat

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 15), 6, dt.date(2026, 7, 15)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 1), 1, dt.date(2027, 1, 1)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_s_last(day, months, expected):
    assert actions.add_months(day, months) == expected


def test_the_default_is_six_months_after_the_last_day_on_site_or_after_today(harrow):
    today = dt.date(2026, 3, 1)
    review = make_review(harrow, on_site_from=dt.date(2026, 5, 10), on_site_to=dt.date(2026, 5, 12))
    assert actions.default_team_access_end(review, today=today) == dt.date(2026, 11, 12)
    undated = make_review(harrow, on_site_from=None, on_site_to=None)
    assert actions.default_team_access_end(undated, today=today) == dt.date(2026, 9, 1)
    long_ago = make_review(harrow, on_site_from=dt.date(2020, 1, 1), on_site_to=dt.date(2020, 1, 2))
    assert actions.default_team_access_end(long_ago, today=today) == today


def test_the_host_sets_the_date_and_every_team_grant_follows(client, harrow, editor, reviewer, grantee):
    review = make_review(harrow)
    seat(review, reviewer, by=editor)
    seat(review, grantee, by=editor, lead=False)
    new_end = timezone.localdate() + dt.timedelta(days=400)
    client.force_login(editor)
    response = client.get(review_url("reviews:team-access", review))
    assert response.status_code == 200
    response = client.post(
        review_url("reviews:team-access", review),
        {"team_access_ends_on": f"{new_end.day}/{new_end.month}/{new_end.year}"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.team_access_ends_on == new_end
    assert sorted(AccessGrant.objects.values_list("ends_on", flat=True)) == [new_end, new_end]
    assert AccessGrant.objects.first().history.first().history_user == editor


def test_a_grant_of_someone_taken_off_the_team_does_not_follow(harrow, editor, reviewer):
    review = make_review(harrow)
    member = seat(review, reviewer, by=editor)
    actions.remove_member(member, by=editor)
    actions.set_team_access(review, ends_on=timezone.localdate() + dt.timedelta(days=30), by=editor)
    assert not AccessGrant.objects.get(user=reviewer).is_current()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the last day the team may see the review"),
        ("31/2/2027", "must be a real date"),
        ("1/1/2020", "or later. To end one member's access now, remove them from the team"),
    ],
)
def test_a_bad_date_is_refused_with_the_field_named(client, harrow, editor, reviewer, typed, message):
    review = make_review(harrow)
    seat(review, reviewer, by=editor)
    before = AccessGrant.objects.get().ends_on
    client.force_login(editor)
    response = client.post(review_url("reviews:team-access", review), {"team_access_ends_on": typed})
    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    assert message in summary.get_text()
    assert summary.find("a")["href"] == "#id_team_access_ends_on"
    assert AccessGrant.objects.get().ends_on == before


def test_the_action_refuses_no_date(harrow, editor):
    review = make_review(harrow)
    with pytest.raises(ValidationError) as caught:
        actions.set_team_access(review, ends_on=None, by=editor)
    assert list(caught.value.message_dict) == ["team_access_ends_on"]


def test_the_team_page_shows_the_date(client, harrow, editor):
    review = make_review(harrow, team_access_ends_on=dt.date(2031, 3, 7))
    client.force_login(editor)
    assert "7 March 2031" in client.get(review_url("reviews:team", review)).content.decode()
