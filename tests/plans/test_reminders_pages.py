"""The reminder preferences page and the plan settings page (ascent/plans/views/reminders.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ascent.plans import reminders
from ascent.plans.models import Action, ActionStatus, Plan, PlanSettings, ReminderPreference
from ascent.plans.status import settings_for

pytestmark = pytest.mark.django_db


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def errors_of(response) -> list[str]:
    return [item.get_text(strip=True) for item in soup_of(response).select(".govuk-error-summary__list li")]


@pytest.fixture
def preferences_url(harrow):
    return reverse("plans:reminder_preferences", kwargs={"gss_code": harrow.gss_code})


@pytest.fixture
def settings_url(harrow):
    return reverse("plans:settings", kwargs={"gss_code": harrow.gss_code})


@pytest.fixture
def plan(harrow, editor):
    return Plan.objects.create(
        organisation=harrow,
        title="Harrow front door plan",
        owner=editor,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
    )


# A person's own choice --------------------------------------------------------------------------


def test_the_page_lists_the_persons_actions_a_digest_would_list(
    client, contributor, plan, preferences_url, django_assert_num_queries
):
    today = timezone.localdate()
    for n in range(5):
        Action.objects.create(
            plan=plan, reference=f"1.{n}", title=f"Action {n}", owner=contributor, due_date=today + dt.timedelta(n - 2)
        )
    Action.objects.create(plan=plan, title="Far off", owner=contributor, due_date=today + dt.timedelta(days=60))
    Action.objects.create(plan=plan, title="Finished", owner=contributor, due_date=today, status=ActionStatus.COMPLETE)
    client.force_login(contributor)

    # Session and user; the council and the person's roles; the preference; the council's settings;
    # the actions; the layout's count of the person's councils; the session saved (three).
    with django_assert_num_queries(11):
        response = client.get(preferences_url)

    page = soup_of(response)
    rows = page.select("[data-upcoming] tbody tr")
    assert [row.select_one("a").get_text(strip=True) for row in rows] == [f"1.{n} Action {n}" for n in range(5)]
    assert len(page.select("[data-upcoming] .govuk-tag")) == 2  # the two overdue
    assert "You get the digest" in page.select_one("[data-digest-state]").get_text(" ", strip=True)
    assert page.select_one("[data-council-off]") is None


def test_a_person_turns_the_digest_off_and_on(client, contributor, preferences_url):
    client.force_login(contributor)

    response = client.post(preferences_url, {"digest": "off"}, follow=True)

    assert not ReminderPreference.objects.get(user=contributor).digest_enabled
    assert "You will not get the reminder digest" in response.content.decode()
    assert "You do not get the digest" in soup_of(response).select_one("[data-digest-state]").get_text(" ", strip=True)

    client.post(preferences_url, {"digest": "on"})

    assert reminders.digest_enabled(contributor)


def test_choosing_nothing_says_what_to_choose(client, contributor, preferences_url):
    client.force_login(contributor)

    response = client.post(preferences_url, {})

    assert response.status_code == 200
    assert errors_of(response) == ["Choose whether you want the digest"]
    assert not ReminderPreference.objects.exists()


def test_the_page_says_when_the_council_turned_reminders_off(client, viewer, harrow, preferences_url):
    PlanSettings.objects.create(organisation=harrow, reminders_enabled=False)
    client.force_login(viewer)

    page = soup_of(client.get(preferences_url))

    assert "Harrow has turned reminders off" in page.select_one("[data-council-off]").get_text()
    assert page.select_one("[data-none]") is not None
    assert not page.find("a", string="Change Harrow's plan settings")


def test_an_admin_is_offered_the_councils_settings(client, admin_user, preferences_url, settings_url):
    client.force_login(admin_user)

    page = soup_of(client.get(preferences_url))

    assert page.find("a", string="Change Harrow's plan settings")["href"] == settings_url


# The council's settings ------------------------------------------------------------------------------


def test_the_settings_start_from_the_services_defaults(client, admin_user, settings_url, settings):
    settings.ASCENT_REMINDER_DAYS_AHEAD = 14
    client.force_login(admin_user)

    page = soup_of(client.get(settings_url))

    assert page.select_one("#id_reminder_days_ahead")["value"] == "14"
    assert page.select_one("#id_stale_after_days")["value"] == str(settings.ASCENT_ACTION_STALE_DAYS)
    assert page.select_one("#id_reminders_0").has_attr("checked")
    assert "nobody has changed them yet" in page.select_one("[data-last-change]").get_text()


def test_an_admin_saves_the_settings_and_who_did_is_recorded(client, admin_user, harrow, settings_url):
    client.force_login(admin_user)

    response = client.post(
        settings_url,
        {"reminders": "off", "reminder_days_ahead": "21", "stale_after_days": "45", "follow_up_months": "9"},
        follow=True,
    )

    assert settings_for(harrow) == settings_for(harrow).__class__(
        reminders_enabled=False, stale_after_days=45, follow_up_months=9, reminder_days_ahead=21
    )
    row = PlanSettings.objects.get(organisation=harrow)
    assert row.history.get().history_user == admin_user
    page = soup_of(response)
    assert "The plan settings have been saved" in response.content.decode()
    assert "Last changed by Admin Person on" in page.select_one("[data-last-change]").get_text()
    assert page.select_one("#id_reminders_1").has_attr("checked")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reminder_days_ahead", "", "Enter the days ahead the reminder lists actions due"),
        ("reminder_days_ahead", "0", "The days ahead the reminder lists actions due must be between 1 and 90"),
        ("stale_after_days", "sixty", "The days without an update before an action is stale must be a whole number"),
        ("follow_up_months", "37", "The months from a review's letter to its follow-up must be between 1 and 36"),
    ],
)
def test_a_wrong_setting_is_refused_naming_the_field(client, admin_user, harrow, settings_url, field, value, message):
    data = {"reminders": "on", "reminder_days_ahead": "14", "stale_after_days": "60", "follow_up_months": "10"}
    client.force_login(admin_user)

    response = client.post(settings_url, {**data, field: value})

    assert response.status_code == 200
    assert [error.split(",")[0] for error in errors_of(response)] == [message]
    assert soup_of(response).select_one(f"#{'id_' + field}-error") is not None
    assert not PlanSettings.objects.filter(organisation=harrow).exists()


def test_the_action_refuses_settings_out_of_bounds(harrow, admin_user):
    with pytest.raises(ValidationError) as refused:
        reminders.change_plan_settings(
            harrow,
            by=admin_user,
            reminders_enabled=True,
            stale_after_days=3,
            follow_up_months=10,
            reminder_days_ahead=14,
        )

    assert refused.value.message_dict == {
        "stale_after_days": ["The days without an update before an action is stale must be between 7 and 365"]
    }
