"""In a browser: the reminder e-mails page and the plan settings page (ascent/plans/views/reminders.py),
each scanned with axe-core (WCAG 2.2 AA) at 1280 px and at 320 px, with a form error shown on the way.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_reminder_pages.py
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ascent.plans.models import Action, Plan

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_admin_turns_their_digest_off_and_changes_the_councils_settings(page, live_server, harrow, admin_user):
    plan = Plan.objects.create(
        organisation=harrow,
        title="Harrow front door plan",
        owner=admin_user,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
    )
    today = timezone.localdate()
    Action.objects.create(
        plan=plan,
        reference="1.1",
        title="Publish one number for the front door",
        owner=admin_user,
        due_date=today - dt.timedelta(days=3),
    )
    base = f"{live_server.url}/orgs/{harrow.gss_code}/plans"
    sign_in(page, live_server, admin_user)

    page.goto(f"{base}/reminders/")
    expect(page.get_by_role("heading", name="Reminder e-mails", exact=True)).to_be_visible()
    expect(page.locator("[data-upcoming]")).to_contain_text("Publish one number for the front door")
    check_accessibility(page, "plans-reminders")
    page.get_by_label("No, do not send it").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-digest-state]")).to_contain_text("You do not get the digest")

    page.get_by_role("link", name="Change Harrow's plan settings").click()
    expect(page.get_by_role("heading", name="Plan settings", exact=True)).to_be_visible()
    check_accessibility(page, "plans-settings")
    page.get_by_label("The days ahead the reminder lists actions due").fill("120")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The days ahead the reminder lists actions due must be between 1 and 90"
    )
    check_accessibility(page, "plans-settings-error")
    page.get_by_label("The days ahead the reminder lists actions due").fill("21")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator("[data-last-change]")).to_contain_text("Last changed by Admin Person")
