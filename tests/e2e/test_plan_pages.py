"""In a browser: setting a plan up (ascent/plans/views/plans.py and views/actions.py), from the
list through a new plan, a theme and actions from the review's accepted recommendations to the
plan page filtered, each scanned with axe-core (WCAG 2.2 AA) at 1280 px and at 320 px, with
form errors shown on the way.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_plan_pages.py
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.plans.test_planning_views import world  # noqa: F401 - the plan page's world

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_sets_a_plan_up(page, live_server, harrow, editor, world):  # noqa: F811
    base = f"{live_server.url}/orgs/{harrow.gss_code}/plans"
    sign_in(page, live_server, editor)

    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="Improvement plans", exact=True)).to_be_visible()
    check_accessibility(page, "plans-index")

    page.get_by_role("link", name="Create a plan").click()
    page.get_by_label("Title").fill("Carers plan")
    page.get_by_label("Start date").fill("1/4/2026")
    page.get_by_label("End date").fill("1/3/2026")
    page.get_by_role("button", name="Create the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The plan must end on or after the day it starts")
    check_accessibility(page, "plans-new-plan-error")
    page.get_by_label("End date").fill("31/3/2027")
    page.get_by_label("The review it answers (optional)").select_option(label="Harrow peer challenge")
    page.get_by_role("button", name="Create the plan").click()
    expect(page.get_by_role("heading", name="Carers plan")).to_be_visible()

    page.get_by_role("link", name="Add a theme").click()
    page.get_by_label("Title").fill("Carers' breaks")
    page.get_by_label("Or the lead's name (optional)").fill("Head of Carers Services")
    check_accessibility(page, "plans-new-theme")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.locator("[data-themes]")).to_contain_text("Head of Carers Services")

    page.get_by_role("link", name="Add actions from the review").click()
    page.get_by_role("button", name="Add the actions").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one recommendation")
    check_accessibility(page, "plans-actions-from-review-error")
    page.get_by_label("Recommendation 1: Simplify the front door.").check()
    page.get_by_role("button", name="Add the actions").click()
    expect(page.locator("[data-actions]")).to_contain_text("1 Simplify the front door.")
    check_accessibility(page, "plans-plan")

    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Due date (optional)").fill("31/2/2027")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the action is")
    check_accessibility(page, "plans-new-action-error")

    # The world's plan, filtered to its overdue action.
    page.goto(f"{base}/{world['plan'].pk}/?show=overdue")
    expect(page.locator("[data-action]")).to_have_count(1)
    expect(page.locator("[data-overdue]")).to_have_text("Overdue")
    check_accessibility(page, "plans-plan-filtered")
