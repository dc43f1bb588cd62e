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

The second test is the journey's last step, the plan reported to a committee on its cycle,
carrying on from the same state (made through the domain functions): the editor names the
scrutiny committee (an empty form first), reports the plan to it quarterly, starts the report
from the schedule, writes its summary and recommendations to the committee and issues it (its
figures kept, the schedule moved on a quarter), and downloads it as a web page, a Word
document and a spreadsheet of the figures with numbers as numbers. When action 1 closes and
action 2's date passes, the next report shows them newly complete and newly overdue, while the
issued one still reads as the committee saw it.

Every page state is scanned with axe-core (WCAG 2.2 AA) at 1280 px and at 320 px, where the
page must not scroll sideways either (WCAG 1.4.10).

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_plan_journey.py
"""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument
from openpyxl import load_workbook
from playwright.sync_api import expect

from ascent.plans import planning, progress
from ascent.plans.models import (
    Action,
    ActionStatus,
    CommitteeReport,
    ExtensionRequest,
    ExtensionStatus,
    FollowUp,
    Plan,
    ReportingSchedule,
    ReportStatus,
)
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


# ----- The plan reported to a committee on its cycle ------------------------------------------

COMMITTEE = "Health and Social Care Scrutiny Sub-Committee"
SUMMARY = "The plan is on course: the front door's new pathway is being built with the call handlers."
ASK = "The sub-committee is asked to note the progress of the improvement plan."


@pytest.fixture
def reported_plan(harrow, editor, contributor, review):
    today = timezone.localdate()
    first = Recommendation.objects.get(review=review, number=1)
    Recommendation.objects.filter(pk=first.pk).update(response=Response.ACCEPTED)
    plan = planning.create_plan(
        harrow,
        by=editor,
        title="Harrow improvement plan 2026-27",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
        owner=editor,
        review=review,
    )
    theme = planning.add_theme(plan, by=editor, title="The front door", lead=contributor)
    door = planning.create_action(
        plan,
        by=editor,
        title=FRONT_DOOR,
        reference="1",
        theme=theme,
        owner=contributor,
        due_date=today + dt.timedelta(days=30),
        recommendations=[first],
    )
    progress.add_update(door, by=contributor, on=today, text="The script is agreed.", status=ActionStatus.ON_TRACK)
    planning.create_action(
        plan,
        by=editor,
        title="Publish the front door's call times every month",
        reference="2",
        theme=theme,
        owner=contributor,
        due_date=today + dt.timedelta(days=10),
    )
    return plan


def test_the_plan_is_reported_to_its_committee(page, live_server, harrow, editor, contributor, reported_plan):
    plan = reported_plan
    today = timezone.localdate()
    gss = harrow.gss_code

    def url(name, **kwargs):
        return live_server.url + reverse(name, kwargs={"gss_code": gss, **kwargs})

    sign_in(page, live_server, editor)

    # --- The editor names the committee, leaving the form empty first. ---
    page.goto(url("plans:index"))
    expect(page.locator(f"[data-plan='{plan.pk}']")).to_contain_text(plan.title)
    scan(page, "committee-journey-plans")
    page.get_by_role("link", name="Committees and their reports").click()
    expect(page.locator("[data-no-committees]")).to_be_visible()
    scan(page, "committee-journey-committees-empty")
    page.get_by_role("button", name="Add the committee").click()
    expect(error_summary(page)).to_contain_text("Enter the committee's name")
    expect(error_summary(page)).to_contain_text("Choose what kind of committee it is")
    scan(page, "committee-journey-committees-error")
    page.get_by_label("Name").fill(COMMITTEE)
    page.get_by_label("Scrutiny committee").check()
    page.get_by_role("button", name="Add the committee").click()
    expect(page.locator("[data-committees]")).to_contain_text(COMMITTEE)
    scan(page, "committee-journey-committees")

    # --- ... reports the plan to it every quarter, ... ---
    first_meeting = today + dt.timedelta(days=14)
    page.goto(url("plans:plan", plan_id=plan.pk))
    page.get_by_role("link", name="Reporting to committees").click()
    expect(page.locator("[data-no-schedules]")).to_be_visible()
    page.get_by_label("Committee").select_option(label=COMMITTEE)
    page.get_by_label("Quarterly").check()
    page.get_by_label("Date of the next meeting").fill(short(first_meeting))
    scan(page, "committee-journey-schedule-form")
    page.get_by_role("button", name="Save the schedule").click()
    schedules = page.locator("[data-schedules]")
    expect(schedules).to_contain_text(COMMITTEE)
    expect(schedules).to_contain_text(govuk(first_meeting))
    scan(page, "committee-journey-schedules")

    # --- ... starts the report from the schedule (the meeting's date filled in), ... ---
    schedules.get_by_role("link", name=f"Start the report to {COMMITTEE}").click()
    expect(page.get_by_label("Date of the meeting")).to_have_value(short(first_meeting))
    scan(page, "committee-journey-new-report")
    page.get_by_role("button", name="Start the report").click()
    expect(page.locator("[data-status]")).to_contain_text("Draft")
    expect(page.locator("[data-previous]")).to_have_text("No earlier report to this committee")
    body = page.locator("[data-report-body]")
    expect(body).to_contain_text(FRONT_DOOR)
    expect(body).to_contain_text("This is the first report of the plan to the committee")
    scan(page, "committee-journey-draft")
    first = CommitteeReport.objects.get(plan=plan)

    # --- ... writes its text, ... ---
    page.get_by_role("link", name="Change the text").click()
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_label("Recommendations to the committee").fill(ASK)
    scan(page, "committee-journey-edit-report")
    page.get_by_role("button", name="Save").click()
    expect(body).to_contain_text(SUMMARY)
    expect(body).to_contain_text(ASK)

    # --- ... and issues it: the figures are kept, the schedule moves on a quarter. ---
    page.get_by_role("link", name="Issue the report").click()
    expect(page.locator("[data-schedule]")).to_contain_text(govuk(first_meeting))
    scan(page, "committee-journey-issue")
    page.get_by_role("button", name="Issue the report").click()
    expect(page.locator("[data-status]")).to_contain_text("Issued")
    expect(page.locator("[data-snapshot]")).to_contain_text(f"The figures are as they stood on {govuk(today)}")
    expect(page.get_by_role("link", name="Change the text")).to_have_count(0)
    scan(page, "committee-journey-issued")
    first.refresh_from_db()
    assert first.status == ReportStatus.ISSUED and first.snapshot
    schedule = ReportingSchedule.objects.get(plan=plan)
    assert schedule.next_meeting_on > first_meeting

    # The report, as a web page, a Word document and a spreadsheet of the figures.
    downloads = page.locator("[data-downloads]")
    name, raw = download(page, downloads.get_by_role("link", name=re.compile(r"web page \(HTML\)")))
    assert name.endswith(".html")
    html = unescape(raw.decode("utf-8"))
    assert SUMMARY in html and ASK in html and FRONT_DOOR in html

    name, raw = download(page, downloads.get_by_role("link", name=re.compile(r"Word document \(DOCX\)")))
    assert name.endswith(".docx") and raw[:2] == b"PK"
    word = WordDocument(io.BytesIO(raw))
    text = "\n".join(
        [paragraph.text for paragraph in word.paragraphs]
        + [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    )
    for part in ("Summary", "Recommendations to the committee", "Background", "Risks", SUMMARY, ASK, FRONT_DOOR):
        assert part in text, part
    assert COMMITTEE in text

    name, raw = download(page, downloads.get_by_role("link", name=re.compile(r"spreadsheet of the figures \(XLSX\)")))
    assert name.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(raw), read_only=True)
    values = [cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert any(isinstance(value, int | float) and not isinstance(value, bool) for value in values)
    assert any(isinstance(value, str) and FRONT_DOOR in value for value in values)

    # --- The plan moves on: action 1 closes with evidence, action 2's date passes. ---
    door = Action.objects.get(plan=plan, reference="1")
    progress.add_evidence(door, by=contributor, url="https://harrow.example/front-door", title="The new pathway")
    progress.close_action(door, by=contributor, status=ActionStatus.COMPLETE, on=today)
    Action.objects.filter(plan=plan, reference="2").update(due_date=today - dt.timedelta(days=3))

    # The issued report still reads as the committee saw it.
    page.reload()
    expect(body).not_to_contain_text("Newly complete")
    first.refresh_from_db()
    kept = first.snapshot

    # --- The next report, compared with the issued one, shows what changed. ---
    page.goto(url("plans:schedules", plan_id=plan.pk))
    expect(page.locator("[data-reports]")).to_contain_text(first.title)
    scan(page, "committee-journey-schedules-reported")
    page.locator("[data-schedules]").get_by_role("link", name=f"Start the report to {COMMITTEE}").click()
    expect(page.get_by_label("Date of the meeting")).to_have_value(short(schedule.next_meeting_on))
    page.get_by_role("button", name="Start the report").click()
    expect(page.locator("[data-previous]")).to_have_text(first.title)
    newly_complete = body.get_by_role("table", name=re.compile("Newly complete since the last report"))
    expect(newly_complete).to_contain_text(FRONT_DOOR)
    newly_overdue = body.get_by_role("table", name=re.compile("Newly overdue since the last report"))
    expect(newly_overdue).to_contain_text("Publish the front door's call times every month")
    scan(page, "committee-journey-second-draft")
    first.refresh_from_db()
    assert first.snapshot == kept
