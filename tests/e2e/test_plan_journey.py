"""Browser journey of issue 12, end to end: from a review's recommendation to its follow-up report.

Harrow's review is published with two recommendations (made in the database: issue 11's
journey drives the review itself). Harrow's editor accepts recommendation 1 on the review's
recommendations page, creates a plan answering the review and, from the accepted
recommendation, an action, which she gives an owner (a contributor) and a date. The
contributor reports it on track; when its date passes (moved in the database), the Overview's
plans panel, the Challenges page and the action's own page all show the assurance check's
flag "reported on track but overdue". The contributor asks for a later date, the plan's owner
approves it, and the action page shows the new date "(originally ...)". The contributor adds a
link as evidence of completion and closes the action. The editor plans a follow-up of the
review and downloads its report as a web page and as a Word document, read back with
python-docx.

Every page state is scanned with axe-core (WCAG 2.2 AA) at 1280 px and at 320 px, where the
page must not scroll sideways either (WCAG 1.4.10).

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_plan_journey.py
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument
from playwright.sync_api import expect

from ascent.plans.models import Action, ActionStatus, ExtensionRequest, ExtensionStatus, FollowUp, Plan
from ascent.reviews.models import LetterVersion, Recommendation, Response, Review, Stage

from .conftest import check_accessibility, sign_in
from .test_journeys import download
from .test_reflow import sideways_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REVIEW = "Harrow peer challenge 2026"
FRONT_DOOR = "Simplify the front door, so that people reach the right help at the first contact."
CARERS = "Close the day centre at Kenton."
EVIDENCE_URL = "https://harrow.example/front-door"


def short(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def govuk(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def scan(page, name: str) -> None:
    """axe at 1280 and 320 px (check_accessibility), and no sideways scrolling of the page at 320 px."""
    check_accessibility(page, name)
    original = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 900})
    try:
        found = sideways_overflow(page)
    finally:
        page.set_viewport_size(original)
    assert found["scrollWidth"] <= found["innerWidth"], (
        f"{name} scrolls sideways at 320 px: the page is {found['scrollWidth']} px wide; "
        f"sticking out: {found['culprits']}"
    )


def banner(page):
    return page.locator(".govuk-notification-banner")


def error_summary(page):
    return page.locator(".govuk-error-summary")


@pytest.fixture
def review(harrow):
    """Harrow's review, its letter published three months ago, with two recommendations not yet answered."""
    letter_on = timezone.now() - dt.timedelta(days=90)
    review = Review.objects.create(
        organisation=harrow,
        title=REVIEW,
        stage=Stage.PUBLISHED,
        published_at=letter_on,
        letter_date=letter_on.date(),
        on_site_from=letter_on.date() - dt.timedelta(days=60),
        on_site_to=letter_on.date() - dt.timedelta(days=57),
    )
    LetterVersion.objects.create(review=review, version=1, content={}, published_at=letter_on)
    Recommendation.objects.create(review=review, position=0, number=1, text=FRONT_DOOR)
    Recommendation.objects.create(review=review, position=1, number=2, text=CARERS)
    return review


def test_a_recommendation_becomes_an_action_followed_up_until_done(
    page, live_server, harrow, editor, contributor, review
):
    today = timezone.localdate()
    gss = harrow.gss_code

    def url(name, **kwargs):
        return live_server.url + reverse(name, kwargs={"gss_code": gss, **kwargs})

    # --- The editor accepts recommendation 1 on the review's recommendations page. ---
    sign_in(page, live_server, editor)
    page.goto(url("reviews:recommendations", review_id=review.pk))
    expect(page.locator("[data-counts]")).to_have_text("2 recommendations, 0 with the council's response.")
    scan(page, "plan-journey-recommendations")
    page.get_by_role("link", name="Respond to recommendation 1").click()
    expect(page.get_by_role("heading", name="Respond to recommendation 1")).to_be_visible()
    scan(page, "plan-journey-respond")
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_role("button", name="Save response").click()
    expect(banner(page)).to_contain_text(re.compile(r"Recommendation 1: your response \(accepted\) is saved", re.I))
    expect(page.locator("[data-counts]")).to_have_text("2 recommendations, 1 with the council's response.")
    scan(page, "plan-journey-recommendations-answered")
    assert Recommendation.objects.get(review=review, number=1).response == Response.ACCEPTED
    # Accepted, but no action follows it yet: the reviews' check says so on the Challenges page.
    page.goto(url("assurance:index"))
    no_action = page.get_by_role("region", name="Accepted recommendations with no actions (1)")
    expect(no_action).to_contain_text("The one accepted recommendation has no improvement plan actions.")
    scan(page, "plan-journey-challenges-no-action")

    # --- She creates a plan answering the review. ---
    page.goto(url("plans:index"))
    scan(page, "plan-journey-plans-empty")
    page.get_by_role("link", name="Create a plan").click()
    page.get_by_label("Title").fill("Harrow improvement plan 2026-27")
    page.get_by_label("Owner (optional)").select_option(label="Editor Person")
    page.get_by_label("Start date").fill("1/4/2026")
    page.get_by_label("End date").fill("31/3/2027")
    page.get_by_label("The review it answers (optional)").select_option(label=REVIEW)
    scan(page, "plan-journey-new-plan")
    page.get_by_role("button", name="Create the plan").click()
    expect(page.get_by_role("heading", name="Harrow improvement plan 2026-27")).to_be_visible()
    plan = Plan.objects.get(organisation=harrow)
    assert plan.review_id == review.pk and plan.owner_id == editor.pk

    # --- ... and an action from the accepted recommendation (the refused one is not offered). ---
    page.get_by_role("link", name="Add actions from the review").click()
    expect(page.get_by_label(f"Recommendation 1: {FRONT_DOOR}")).to_be_visible()
    expect(page.get_by_text(CARERS)).to_have_count(0)
    scan(page, "plan-journey-actions-from-review")
    page.get_by_label(f"Recommendation 1: {FRONT_DOOR}").check()
    page.get_by_role("button", name="Add the actions").click()
    expect(page.locator("[data-actions]")).to_contain_text(FRONT_DOOR)
    scan(page, "plan-journey-plan")
    action = Action.objects.get(plan=plan)
    assert list(action.recommendations.values_list("number", flat=True)) == [1]

    # She gives it an owner and its first date.
    due = today + dt.timedelta(days=30)
    page.goto(url("plans:edit_action", plan_id=plan.pk, action_id=action.pk))
    page.get_by_label("Owner (optional)").select_option(label="Contributor Person")
    page.get_by_label("Due date (optional)").fill(short(due))
    scan(page, "plan-journey-edit-action")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-due]")).to_have_text(govuk(due))
    scan(page, "plan-journey-action")

    # --- The contributor, its owner, reports it on track. ---
    action_url = url("plans:action", plan_id=plan.pk, action_id=action.pk)
    page.context.clear_cookies()
    sign_in(page, live_server, contributor)
    page.goto(action_url)
    page.get_by_role("link", name="Add a progress update").click()
    page.get_by_label("What has happened").fill("The new front door's script is agreed with the call handlers.")
    page.get_by_role("radio", name="On track", exact=True).check()
    page.get_by_label("Per cent complete (optional)").fill("40")
    page.get_by_role("radio", name="Green: will be done by its date").check()
    scan(page, "plan-journey-update")
    page.get_by_role("button", name="Save the update").click()
    expect(page.locator("[data-updates]")).to_contain_text("The new front door's script is agreed")
    expect(page.locator("[data-status]")).to_contain_text("On track")
    expect(page.locator("[data-action-flags]")).to_have_count(0)
    scan(page, "plan-journey-action-updated")

    # --- Its date passes (the action still reported on track): the plans check flags it. ---
    passed = today - dt.timedelta(days=5)
    Action.objects.filter(pk=action.pk).update(due_date=passed, original_due_date=passed)
    page.goto(url("organisations:overview"))
    expect(page.locator("[data-plans-overdue]")).to_contain_text("1 overdue")
    expect(page.locator("[data-plans-flags]")).to_contain_text("1 open challenge")
    scan(page, "plan-journey-overview-overdue")
    page.locator("[data-plans-flags]").get_by_role("link", name="See the challenges").click()
    overdue = page.get_by_role("region", name="Reported on track but overdue (1)")
    expect(overdue.get_by_role("link", name=re.compile(re.escape(FRONT_DOOR)))).to_be_visible()
    expect(overdue).to_contain_text(
        f"Reported on track with a green RAG, but it was due on {govuk(passed)}: 5 days ago."
    )
    # The recommendation now has its action: that challenge has gone.
    expect(page.get_by_role("region", name=re.compile("Accepted recommendations with no actions"))).to_have_count(0)
    scan(page, "plan-journey-challenges")
    page.goto(action_url)
    expect(page.locator("[data-action-flags]")).to_contain_text("The assurance checks challenge this action (1 flag)")
    expect(page.locator("main")).to_contain_text(
        f"Reported on track with a green RAG, but it was due on {govuk(passed)}"
    )
    scan(page, "plan-journey-action-flagged")

    # --- The owner asks for a later date; the plan's owner approves it. ---
    later = today + dt.timedelta(days=60)
    page.get_by_role("link", name="Ask for a later date").click()
    page.get_by_label("New due date").fill(short(later))
    page.get_by_label("Why a later date is needed").fill("The telephony supplier moved the switch-over to the spring.")
    scan(page, "plan-journey-ask-extension")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("[data-extensions]")).to_contain_text("Waiting for a decision")
    scan(page, "plan-journey-extension-asked")

    page.context.clear_cookies()
    sign_in(page, live_server, editor)
    page.goto(url("plans:extensions"))
    scan(page, "plan-journey-extensions")
    page.locator("[data-waiting]").get_by_role("link", name="Decide").click()
    scan(page, "plan-journey-decide")
    page.get_by_label("Approve: the action's due date moves").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator("[data-due]")).to_contain_text(govuk(later))
    expect(page.locator("[data-original-due]")).to_have_text(f"(originally {govuk(passed)})")
    expect(page.locator("[data-action-flags]")).to_have_count(0)
    scan(page, "plan-journey-extended")
    action.refresh_from_db()
    assert (action.due_date, action.original_due_date) == (later, passed)
    # The plan page shows the moved date too, no longer overdue.
    page.goto(url("plans:plan", plan_id=plan.pk))
    row = page.locator(f"[data-action='{action.pk}']")
    expect(row.locator("[data-original]")).to_contain_text("originally")
    expect(row.locator("[data-overdue]")).to_have_count(0)
    scan(page, "plan-journey-plan-extended")
    assert ExtensionRequest.objects.get(action=action).status == ExtensionStatus.APPROVED

    # --- The owner closes it with a link as evidence of completion. ---
    page.context.clear_cookies()
    sign_in(page, live_server, contributor)
    page.goto(action_url)
    page.get_by_role("link", name="Add evidence of completion").click()
    page.get_by_label("Or a link (optional)").fill(EVIDENCE_URL)
    page.get_by_label("Title of the link (optional)").fill("The front door's new pathway, as published")
    scan(page, "plan-journey-evidence")
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.locator("[data-evidence]")).to_contain_text("The front door's new pathway, as published")
    page.get_by_role("link", name="Close the action").click()
    page.get_by_role("radio", name="Complete", exact=True).check()
    page.get_by_label("Day it closed").fill(short(today))
    scan(page, "plan-journey-close")
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator("[data-status]")).to_contain_text("Complete")
    expect(
        page.locator("[data-evidence]").get_by_role("link", name=re.compile("front door's new pathway"))
    ).to_have_attribute("href", EVIDENCE_URL)
    scan(page, "plan-journey-closed")
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETE and action.completed_on == today

    # --- The editor plans the follow-up of the review and downloads its report. ---
    page.context.clear_cookies()
    sign_in(page, live_server, editor)
    page.goto(url("plans:follow_ups"))
    scan(page, "plan-journey-follow-ups")
    page.goto(url("plans:new_follow_up"))
    page.get_by_label("Review").select_option(label=REVIEW)
    scan(page, "plan-journey-new-follow-up")
    page.get_by_role("button", name="Plan the follow-up").click()
    expect(page.get_by_role("heading", name=f"Follow-up of {REVIEW}")).to_be_visible()
    rows = page.locator("[data-recommendation]")
    expect(rows.first).to_contain_text(FRONT_DOOR)
    expect(rows.first).to_contain_text("Complete")
    scan(page, "plan-journey-follow-up")
    follow_up = FollowUp.objects.get(review=review)

    downloads = page.locator("[data-downloads]")
    name, body = download(page, downloads.get_by_role("link", name=re.compile(r"web page \(HTML\)")))
    assert name.endswith(".html")
    html = body.decode("utf-8")
    assert FRONT_DOOR in html and "Complete" in html

    name, body = download(page, downloads.get_by_role("link", name=re.compile(r"Word document \(DOCX\)")))
    assert name.endswith(".docx")
    assert body[:2] == b"PK"  # a zip, as every Word file is
    word = WordDocument(io.BytesIO(body))
    text = "\n".join(
        [paragraph.text for paragraph in word.paragraphs]
        + [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    )
    assert REVIEW in text
    assert FRONT_DOOR in text
    assert "Complete" in text
    assert follow_up.review_id == review.pk
