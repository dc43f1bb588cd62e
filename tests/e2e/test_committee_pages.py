"""In a browser: the committee pages (ascent/plans/views/committee.py), from naming a committee
through setting the plan's schedule and writing the report to issuing it, each scanned with
axe-core (WCAG 2.2 AA) at 1280 px and at 320 px, with a form error shown on the way.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_committee_pages.py
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.plans.test_committee import make_world

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(harrow, herefordshire, editor):
    return make_world(harrow, herefordshire, editor)


def test_an_editor_reports_a_plan_to_a_committee(page, live_server, harrow, editor, world):
    orgs = f"{live_server.url}/orgs/{harrow.gss_code}/plans"
    plan = world["plan"]
    sign_in(page, live_server, editor)

    page.goto(f"{orgs}/committees/")
    expect(page.get_by_role("heading", name="Committees", exact=True)).to_be_visible()
    page.get_by_role("button", name="Add the committee").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the committee's name")
    check_accessibility(page, "plans-committees-error")
    page.get_by_label("Name").fill("Cabinet")
    page.get_by_label("Cabinet").check()
    page.get_by_role("button", name="Add the committee").click()
    expect(page.locator("[data-committees]")).to_contain_text("Cabinet")
    check_accessibility(page, "plans-committees")

    page.goto(f"{orgs}/{plan.pk}/schedules/")
    expect(page.get_by_role("heading", name="Committee reporting")).to_be_visible()
    page.get_by_label("Committee", exact=True).select_option(label="Cabinet")
    page.get_by_label("Every six months").check()
    page.get_by_label("Date of the next meeting").fill("1/3/2027")
    page.get_by_role("button", name="Save the schedule").click()
    expect(page.locator("[data-schedules]")).to_contain_text("Cabinet")
    check_accessibility(page, "plans-schedules")

    page.get_by_role("link", name="Start the report to Health and Social Care Scrutiny Sub-Committee").click()
    check_accessibility(page, "plans-committee-report-new")
    page.get_by_role("button", name="Start the report").click()
    expect(page.locator("[data-status]")).to_contain_text("Draft")
    expect(page.locator("[data-report-body]")).to_contain_text("Publish one number for the front door")
    check_accessibility(page, "plans-committee-report-draft")

    page.get_by_role("link", name="Change the text").click()
    page.get_by_label("Summary", exact=True).fill("Most actions are on track; the front door work is late.")
    page.get_by_label("Recommendations to the committee").fill("The committee is asked to note the progress.")
    check_accessibility(page, "plans-committee-report-edit")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Issue the report").click()
    check_accessibility(page, "plans-committee-report-issue")
    page.get_by_role("button", name="Issue the report").click()
    expect(page.locator("[data-status]")).to_contain_text("Issued")
    expect(page.locator("[data-snapshot]")).to_be_visible()
    check_accessibility(page, "plans-committee-report-issued")
