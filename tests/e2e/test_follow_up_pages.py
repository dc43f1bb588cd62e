"""In a browser: the follow-up pages (ascent/plans/views/followup.py), from the list through
writing the summary to marking the follow-up as held, each scanned with axe-core (WCAG 2.2 AA)
at 1280 px and at 320 px, with a form error shown on the way.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_follow_up_pages.py
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.plans.test_followup import planned, published_review, world  # noqa: F401 - the follow-up's world

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_writes_up_and_holds_a_follow_up(page, live_server, harrow, editor, planned):  # noqa: F811
    base = f"{live_server.url}/orgs/{harrow.gss_code}/plans/follow-ups"
    sign_in(page, live_server, editor)

    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="Follow-up reviews", exact=True)).to_be_visible()
    check_accessibility(page, "plans-follow-ups")

    # Another published review, so the form has one to offer (the world's has its follow-up).
    published_review(harrow, title="Harrow assurance review")
    page.goto(f"{base}/new/")
    page.get_by_role("button", name="Plan the follow-up").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the review to follow up")
    check_accessibility(page, "plans-follow-up-new-error")

    page.goto(f"{base}/{planned.pk}/")
    expect(page.get_by_role("heading", name="Follow-up of Harrow peer challenge")).to_be_visible()
    expect(page.locator("[data-recommendation]").first).to_contain_text("Publish one number for the front door")
    check_accessibility(page, "plans-follow-up-planned")

    page.get_by_role("link", name="Change the date or summary").click()
    page.get_by_label("Summary (optional)").fill("The front door is simpler, and reablement has improved.")
    check_accessibility(page, "plans-follow-up-edit")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-summary]")).to_contain_text("The front door is simpler")

    page.get_by_role("link", name="Mark as held").click()
    page.get_by_label("Day it was held").fill("31/2/2026")
    page.get_by_role("button", name="Mark as held").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Day it was held must be a real date")
    check_accessibility(page, "plans-follow-up-hold-error")
    page.get_by_label("Day it was held").fill("")
    page.get_by_label("Day it was held").type(_today())
    page.get_by_role("button", name="Mark as held").click()
    expect(page.locator("[data-status]")).to_contain_text("Held")
    expect(page.locator("[data-snapshot]")).to_be_visible()
    check_accessibility(page, "plans-follow-up-held")


def _today() -> str:
    from django.utils import timezone

    today = timezone.localdate()
    return f"{today.day}/{today.month}/{today.year}"
