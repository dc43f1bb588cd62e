"""In a browser: what improvement plans add to other pages (ascent/plans/panels.py and flags.py).

A viewer reads the Overview's Improvement plans panel, follows it to the Challenges page,
where the plans' challenges link to their actions, and opens an element's page, which lists
the actions tagged with it. Each page is scanned with axe-core (WCAG 2.2 AA) at 1280 px and
at 320 px.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_plan_panels.py
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.plans.test_panels import actions, plan, tagged  # noqa: F401 - the panels' world

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_viewer_follows_the_plans_from_the_overview(page, live_server, harrow, viewer, tagged):  # noqa: F811
    sign_in(page, live_server, viewer)

    page.goto(f"{live_server.url}/orgs/{harrow.gss_code}/")
    expect(page.get_by_role("heading", name="Improvement plans", exact=True)).to_be_visible()
    expect(page.locator("[data-plans-overdue]")).to_contain_text("2 overdue")
    check_accessibility(page, "plans-overview-panel")

    page.locator("[data-plans-flags]").get_by_role("link", name="See the challenges").click()
    expect(page.get_by_text("Reported on track, but it was due on")).to_be_visible()
    check_accessibility(page, "plans-challenges")

    page.goto(f"{live_server.url}/orgs/{harrow.gss_code}/self-assessment/elements/{tagged['element'].pk}/")
    expect(page.get_by_role("heading", name="Improvement plan actions")).to_be_visible()
    expect(page.locator("[data-element-actions=open]")).to_contain_text("Overdue")
    check_accessibility(page, "plans-element-actions")
