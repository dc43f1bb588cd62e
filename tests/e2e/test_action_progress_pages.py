"""In a browser: an action's page and what keeps it moving (ascent/plans/views/progress.py and
extensions.py). A contributor posts an update, adds a milestone, asks for a later date (with a
form error on the way); the plan's owner approves it (the original date shown); the
contributor adds evidence and closes the action. Each page is scanned with axe-core (WCAG 2.2
AA) at 1280 px and at 320 px.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_action_progress_pages.py
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.plans.test_progress import action, plan  # noqa: F401 - the action's world

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _today() -> str:
    from django.utils import timezone

    today = timezone.localdate()
    return f"{today.day}/{today.month}/{today.year}"


def test_an_action_is_updated_extended_and_closed(page, live_server, harrow, contributor, editor, action):  # noqa: F811
    url = f"{live_server.url}/orgs/{harrow.gss_code}/plans/{action.plan_id}/actions/{action.pk}/"
    sign_in(page, live_server, contributor)

    page.goto(url)
    expect(page.get_by_role("heading", name="1.1 Publish a directory of community support")).to_be_visible()
    check_accessibility(page, "plans-action")

    page.get_by_role("link", name="Add a progress update").click()
    page.get_by_label("What has happened").fill("")
    page.get_by_role("button", name="Save the update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write what has happened since the last update")
    check_accessibility(page, "plans-action-update-error")
    page.get_by_label("What has happened").fill("The content is agreed with the voluntary sector.")
    page.get_by_role("radio", name="At risk", exact=True).check()
    page.get_by_label("Per cent complete (optional)").fill("60")
    page.get_by_role("button", name="Save the update").click()
    expect(page.locator("[data-updates]")).to_contain_text("The content is agreed")
    expect(page.locator("[data-status]")).to_contain_text("At risk")

    page.get_by_role("link", name="Add a milestone").click()
    page.get_by_label("Milestone").fill("Directory online")
    page.get_by_role("button", name="Add the milestone").click()
    expect(page.locator("[data-milestones]")).to_contain_text("Directory online")

    page.get_by_role("link", name="Ask for a later date").click()
    page.get_by_label("New due date").fill("1/1/2020")
    page.get_by_label("Why a later date is needed").fill("The supplier is late.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The new date must be later than the due date")
    check_accessibility(page, "plans-action-extension-error")
    page.get_by_label("New due date").fill("31/3/2028")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("[data-extensions]")).to_contain_text("Waiting for a decision")

    page.context.clear_cookies()
    sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}/orgs/{harrow.gss_code}/plans/extensions/")
    check_accessibility(page, "plans-extensions")
    page.locator("[data-waiting]").get_by_role("link", name="Decide").click()
    check_accessibility(page, "plans-extension-decide")
    page.get_by_label("Approve: the action's due date moves").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator("[data-due]")).to_contain_text("31 March 2028")
    expect(page.locator("[data-original-due]")).to_contain_text("originally")

    page.context.clear_cookies()
    sign_in(page, live_server, contributor)
    page.goto(url)
    page.get_by_role("link", name="Add evidence of completion").click()
    page.get_by_label("Or a link (optional)").fill("https://harrow.example/directory")
    page.get_by_label("Title of the link (optional)").fill("The published directory")
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.locator("[data-evidence]")).to_contain_text("The published directory")

    page.get_by_role("link", name="Close the action").click()
    page.get_by_role("radio", name="Complete", exact=True).check()
    page.get_by_label("Day it closed").fill(_today())
    check_accessibility(page, "plans-action-close")
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator("[data-status]")).to_contain_text("Complete")
    check_accessibility(page, "plans-action-closed")
