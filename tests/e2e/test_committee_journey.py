"""Browser journey of issue 12, its last step: the plan reported to a committee on its cycle.

Carries on from tests/e2e/test_plan_journey.py (made here in the database through the
domain functions): Harrow's plan answers its review, with action 1 from the accepted
recommendation (on track) and action 2 added directly. Harrow's editor names the scrutiny
committee (an empty form first), reports the plan to it quarterly, starts the report from the
schedule, writes its summary and recommendations to the committee, and issues it: its figures
are kept, and the schedule moves on a quarter. The report downloads as a web page, a Word
document (read back with python-docx) and a spreadsheet of the figures with numbers as
numbers (openpyxl). Then action 1 closes with evidence and action 2's date passes; the next
report, compared with the issued one, shows action 1 newly complete and action 2 newly
overdue, while the issued report still reads as the committee saw it.

Every page state is scanned with axe-core (WCAG 2.2 AA) at 1280 px and at 320 px, where the
page must not scroll sideways either (WCAG 1.4.10).

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_committee_journey.py
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
from ascent.plans.models import Action, ActionStatus, CommitteeReport, ReportingSchedule, ReportStatus
from ascent.reviews.models import Recommendation, Response

from .conftest import sign_in
from .test_journeys import download
from .test_plan_journey import FRONT_DOOR, error_summary, govuk, review, scan, short  # noqa: F401 - review: the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMMITTEE = "Health and Social Care Scrutiny Sub-Committee"
SUMMARY = "The plan is on course: the front door's new pathway is being built with the call handlers."
ASK = "The sub-committee is asked to note the progress of the improvement plan."


@pytest.fixture
def plan(harrow, editor, contributor, review):  # noqa: F811
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


def test_the_plan_is_reported_to_its_committee(page, live_server, harrow, editor, contributor, plan):
    today = timezone.localdate()
    gss = harrow.gss_code

    def url(name, **kwargs):
        return live_server.url + reverse(name, kwargs={"gss_code": gss, **kwargs})

    sign_in(page, live_server, editor)

    # --- The editor names the committee, leaving the form empty first. ---
    page.goto(url("plans:committees"))
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
    page.goto(url("plans:schedules", plan_id=plan.pk))
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
