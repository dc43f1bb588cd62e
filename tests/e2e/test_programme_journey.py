"""Browser journey of issue 13, end to end: from setting up a programme board to a paper at its meeting.

Harrow's editor sets up the Resilient Harrow programme board (meeting every four weeks) and a
programme under it, through the real pages. She adds the project "Targeted Reviews", in
delivery, sets its savings target as a two-year total phased evenly over 2019-20 and 2020-21,
records 2019-20's forecast of £863K and adds a risk scored above the programme's appetite. She
re-profiles the saving so that 2019-20 carries £1.046m (the total unchanged, with a reason): the
original profile stays beside the current one and the re-profiling is listed. An update reports
the project green, and the assurance checks challenge it: "Green while savings are behind
profile" and "Risks above the programme's appetite", on the project page, the Overview's
programmes panel and the Challenges page. She opens the board highlight report, downloads it as a
PDF (produced in the background: the job's page offers it when the worker has run) and as a Word
document read back with python-docx, adds a meeting of the board and issues the report to it as
a paper, which the board's page lists.

The second test: a viewer (a scrutiny councillor) reads the programme, the project, the report
and the board, and is offered none of the editor's links.

Every page state is scanned with axe-core (WCAG 2.2 AA) at 1280 px and at 320 px, where the page
must not scroll sideways either (WCAG 1.4.10).

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_programme_journey.py
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument
from playwright.sync_api import expect

from ascent.programmes import actions
from ascent.programmes.models import Board, BoardMeeting, BoardPaper, Programme, Project, Reprofiling, Risk, SavingLine

from .conftest import expect_failed_resource, sign_in
from .test_journeys import download, heading, run_worker_once, service_link
from .test_plan_journey import scan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BOARD = "Resilient Harrow Programme Board"
PROGRAMME = "Resilient Harrow"
PROJECT = "Targeted Reviews"
RISK = "Reviews release less care than planned as demand rises"
REASON = "The reviews team started in June, so most of the saving falls in the first year."
GREEN = "Green while savings are behind profile"
APPETITE = "Risks above the programme's appetite"


def short(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def govuk(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def banner(page):
    return page.locator(".govuk-notification-banner")


def word_text(raw: bytes) -> str:
    word = WordDocument(io.BytesIO(raw))
    return "\n".join(
        [paragraph.text for paragraph in word.paragraphs]
        + [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    )


def test_an_editor_runs_a_programme_from_its_board_to_a_paper(page, live_server, harrow, editor):
    today = timezone.localdate()
    gss = harrow.gss_code
    sign_in(page, live_server, editor)

    # --- Programmes → Boards → Set up a board, meeting every four weeks. ---
    service_link(page, "Programmes").click()
    expect(heading(page)).to_have_text("Programmes")
    scan(page, "programme-journey-programmes-empty")
    page.locator("[data-links]").get_by_role("link", name="Boards").click()
    expect(page.locator("[data-no-boards]")).to_be_visible()
    scan(page, "programme-journey-boards-empty")
    page.get_by_role("link", name="Set up a board").click()
    scan(page, "programme-journey-new-board")
    page.get_by_role("button", name="Set up the board").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    scan(page, "programme-journey-new-board-error")
    page.get_by_label("Name", exact=True).fill(BOARD)
    page.get_by_label("Chair's name or post (optional)").fill("Corporate Director, People")
    page.get_by_label("Meets every how many weeks (optional)").fill("4")
    page.get_by_role("button", name="Set up the board").click()
    expect(heading(page)).to_have_text(BOARD)
    expect(page.locator("[data-cycle]")).to_have_text("Every 4 weeks")
    scan(page, "programme-journey-board")
    board = Board.objects.get(organisation=harrow)
    assert board.cycle_weeks == 4

    # --- Programmes → Create a programme, overseen by the board. ---
    service_link(page, "Programmes").click()
    page.get_by_role("link", name="Create a programme").click()
    expect(heading(page)).to_have_text("Create a programme")
    page.get_by_label("Name", exact=True).fill(PROGRAMME)
    page.get_by_label("Overseeing board (optional)").select_option(label=BOARD)
    page.get_by_label("Start date").fill("1/4/2019")
    page.get_by_label("End date (optional)").fill("31/3/2021")
    expect(page.get_by_label("Risk appetite")).to_have_value("12")
    scan(page, "programme-journey-new-programme")
    page.get_by_role("button", name="Create the programme").click()
    expect(heading(page)).to_have_text(PROGRAMME)
    expect(banner(page)).to_contain_text(f"The programme “{PROGRAMME}” has been set up")
    scan(page, "programme-journey-programme-empty")
    programme = Programme.objects.get(organisation=harrow)
    assert programme.board_id == board.pk and programme.risk_appetite == 12

    # --- A project in delivery: Targeted Reviews. ---
    page.get_by_role("link", name="Add a project").click()
    page.get_by_label("Reference (optional)").fill("RH07")
    page.get_by_label("Name", exact=True).fill(PROJECT)
    page.get_by_label("Problem (optional)").fill("Long-term packages are not reviewed often enough.")
    page.get_by_role("radio", name="In delivery").check()
    expect(page.get_by_label("Overseeing board (optional)")).to_have_value(str(board.pk))
    scan(page, "programme-journey-new-project")
    page.get_by_role("button", name="Add the project").click()
    expect(heading(page)).to_have_text(f"RH07: {PROJECT}")
    expect(page.locator("[data-stage]")).to_contain_text("In delivery")
    expect(page.locator("[data-board]")).to_contain_text(BOARD)
    scan(page, "programme-journey-project")
    project = Project.objects.get(organisation=harrow)
    project_url = page.url

    # --- Its savings target: £1.546m over 2019-20 and 2020-21, phased evenly. ---
    page.get_by_role("link", name="Record savings").click()
    expect(heading(page)).to_have_text("Savings")
    scan(page, "programme-journey-savings-empty")
    target = page.locator("[data-target-form]")
    target.get_by_label("Total target").fill("£1.546m")
    target.get_by_label("First financial year").select_option(label="2019-20")
    target.get_by_label("Last financial year").select_option(label="2020-21")
    target.get_by_role("radio", name="Cash-releasing").check()
    target.get_by_role("button", name="Set the target").click()
    expect(banner(page)).to_contain_text("The savings target has been set")
    savings = page.locator("[data-savings]")
    expect(savings).to_contain_text("2019-20")
    expect(savings).to_contain_text("£773K")
    scan(page, "programme-journey-project-target")
    assert sorted(SavingLine.objects.filter(project=project).values_list("financial_year", "target")) == [
        (2019, Decimal("773000.00")),
        (2020, Decimal("773000.00")),
    ]

    # ... and 2019-20's forecast, £863K.
    page.get_by_role("link", name="Record savings").click()
    saving = page.locator("[data-saving-form]")
    saving.get_by_label("Financial year").select_option(label="2019-20")
    saving.get_by_label("Forecast for the year (optional)").fill("£863K")
    scan(page, "programme-journey-savings")
    saving.get_by_role("button", name="Record the saving").click()
    expect(banner(page)).to_contain_text("The saving has been recorded")
    expect(savings).to_contain_text("£863K")
    line = SavingLine.objects.get(project=project, financial_year=2019)
    assert line.forecast == Decimal("863000.00")

    # --- A risk scored 16, above the programme's appetite of 12. ---
    page.get_by_role("link", name="Add a risk or issue").click()
    expect(heading(page)).to_have_text("Add a risk or issue")
    expect(page.get_by_label("Project (optional)")).to_have_value(str(project.pk))
    page.get_by_role("textbox", name="Risk", exact=True).fill(RISK)
    page.get_by_role("group", name="Likelihood").get_by_label("4 – Likely").check()
    page.get_by_role("group", name="Impact").get_by_label("4 – Major").check()
    page.get_by_label("Mitigation (optional)").fill("Weekly review of the reviews' pipeline with finance.")
    scan(page, "programme-journey-new-risk")
    page.get_by_role("button", name="Add to the register").click()
    expect(page.locator("main")).to_contain_text(RISK)
    scan(page, "programme-journey-risks")
    risk = Risk.objects.get(organisation=harrow)
    assert (risk.project_id, risk.likelihood * risk.impact) == (project.pk, 16)

    # --- Re-profile: 2019-20 carries £1.046m, 2020-21 the other £500K, with a reason. ---
    page.goto(project_url)
    page.get_by_role("link", name="Re-profile the savings").click()
    expect(heading(page)).to_have_text("Re-profile the savings")
    scan(page, "programme-journey-reprofile")
    page.get_by_label("Target for 2019-20").fill("£1.046m")
    page.get_by_label("Target for 2020-21").fill("£500K")
    page.get_by_label("Reason for re-profiling").fill(REASON)
    page.get_by_role("button", name="Re-profile").click()
    expect(banner(page)).to_contain_text("The savings have been re-profiled")
    reprofilings = page.locator("[data-reprofilings]")
    expect(reprofilings).to_contain_text("2019-20 £773K, 2020-21 £773K → 2019-20 £1.046m, 2020-21 £500K")
    expect(reprofilings).to_contain_text(REASON)
    scan(page, "programme-journey-project-reprofiled")
    # The original profile beside the current one.
    page.get_by_role("link", name="Re-profile the savings").click()
    profile = page.locator("[data-profile]")
    expect(profile.locator("tbody tr").first).to_contain_text("£773K")
    expect(profile.locator("tbody tr").first).to_contain_text("£1.046m")
    expect(profile.locator("tbody tr").nth(1)).to_contain_text("£500K")
    expect(page.locator("[data-reprofilings]")).to_contain_text(REASON)
    scan(page, "programme-journey-reprofile-after")
    line.refresh_from_db()
    assert (line.original_target, line.target, line.forecast) == (
        Decimal("773000.00"),
        Decimal("1046000.00"),
        Decimal("863000.00"),
    )
    assert Reprofiling.objects.filter(project=project).count() == 1

    # --- An update reporting the project green. ---
    page.goto(project_url)
    expect(page.locator("[data-flag-list]")).not_to_contain_text(GREEN)
    page.get_by_role("link", name="Add an update").click()
    page.get_by_label("What has happened since the last update").fill(
        "Reviews are running at forty a week; the team is confident of the year's saving."
    )
    for label in ("Overall", "Time", "Cost", "Benefits"):
        page.get_by_role("group", name=f"{label} RAG").get_by_role("radio", name="Green").check()
    scan(page, "programme-journey-update")
    page.get_by_role("button", name="Add the update").click()
    expect(banner(page)).to_contain_text("The update has been added")
    expect(page.locator("[data-updates]")).to_contain_text("Reviews are running at forty a week")
    expect(page.locator("[data-rags] [data-rag='overall']")).to_have_text("Green")

    # --- The checks challenge it: on the project page, ... ---
    flags = page.locator("[data-flag-list]")
    expect(flags).to_contain_text(GREEN)
    expect(flags).to_contain_text("£183K")
    expect(flags).to_contain_text(APPETITE)
    scan(page, "programme-journey-project-flagged")

    # ... on the Overview's programmes panel, ...
    service_link(page, "Overview").click()
    expect(page.locator("[data-programmes-flags]")).to_contain_text("2 open challenges")
    checks = page.locator("[data-programmes-checks]")
    expect(checks).to_contain_text(f"{GREEN}: 1")
    expect(checks).to_contain_text(f"{APPETITE}: 1")
    scan(page, "programme-journey-overview")

    # ... and on the Challenges page.
    page.locator("[data-programmes-flags]").get_by_role("link", name="See the challenges").click()
    green = page.get_by_role("region", name=f"{GREEN} (1)")
    expect(green).to_contain_text(PROJECT)
    expect(green).to_contain_text("£863K")
    expect(page.get_by_role("region", name=f"{APPETITE} (1)")).to_contain_text(RISK)
    scan(page, "programme-journey-challenges")

    # --- The board highlight report, ... ---
    page.goto(live_server.url + reverse("programmes:programme", kwargs={"gss_code": gss, "pk": programme.pk}))
    expect(page.locator(f"[data-project='{project.pk}'] [data-flags]")).to_have_text("2")
    scan(page, "programme-journey-programme")
    page.get_by_role("link", name="Board highlight report").click()
    body = page.locator("[data-report-body]")
    expect(body).to_contain_text(PROJECT)
    expect(body).to_contain_text("£863K")
    expect(body).to_contain_text(GREEN)
    scan(page, "programme-journey-highlight")
    report_url = page.url

    # ... as a Word document, ...
    downloads = page.locator("[data-downloads]")
    name, raw = download(page, downloads.get_by_role("link", name=re.compile(r"Word document \(DOCX\)")))
    assert name.endswith(".docx") and raw[:2] == b"PK"
    text = word_text(raw)
    assert PROJECT in text and "£863K" in text and PROGRAMME in text

    # ... and as a PDF, produced in the background.
    page.get_by_role("button", name="Produce the PDF").click()
    expect(page.locator("#job-status")).to_contain_text("Queued")
    scan(page, "programme-journey-pdf-queued")
    job_url = page.url
    # Leave the page so that its status polling does not share the live server's database
    # connection with the worker, which runs here in the test's thread.
    page.goto("about:blank")
    run_worker_once()
    page.goto(job_url)
    expect(page.locator("#job-status")).to_contain_text("Done")
    scan(page, "programme-journey-pdf-done")
    name, raw = download(page, page.get_by_role("link", name=re.compile(r"^Download ")))
    assert name.endswith(".pdf") and raw[:4] == b"%PDF", name
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        text = " ".join(" ".join((pdf_page.extract_text() or "") for pdf_page in pdf.pages).split())
    assert PROJECT in text and "£863K" in text

    # --- Issued as a paper to a meeting of the board (added first). ---
    page.goto(report_url)
    page.get_by_role("link", name="Issue to a board meeting").click()
    expect(page.locator("[data-no-meetings]")).to_be_visible()
    scan(page, "programme-journey-issue-no-meeting")
    page.locator("[data-no-meetings]").get_by_role("link", name="Add its next meeting").click()
    expect(heading(page)).to_have_text(BOARD)
    page.get_by_role("link", name="Add a meeting").click()
    meeting_day = today + dt.timedelta(days=7)
    page.get_by_label("Date of the meeting").fill(short(meeting_day))
    scan(page, "programme-journey-new-meeting")
    page.get_by_role("button", name="Add the meeting").click()
    expect(banner(page)).to_contain_text(f"The meeting of {govuk(meeting_day)} has been added")
    expect(page.locator("[data-meetings]")).to_contain_text(govuk(meeting_day))
    meeting = BoardMeeting.objects.get(board=board)

    page.goto(report_url)
    page.get_by_role("link", name="Issue to a board meeting").click()
    page.get_by_role("radio").first.check()
    scan(page, "programme-journey-issue")
    page.get_by_role("button", name="Issue the paper").click()
    expect(banner(page)).to_contain_text("The paper has been issued")
    expect(page.locator("[data-snapshot]")).to_be_visible()
    expect(page.locator("[data-report-body]")).to_contain_text("£863K")
    scan(page, "programme-journey-paper")
    paper = BoardPaper.objects.get(programme=programme)
    assert paper.meeting_id == meeting.pk

    page.goto(live_server.url + reverse("programmes:board", kwargs={"gss_code": gss, "pk": board.pk}))
    expect(page.locator(f"[data-paper='{paper.pk}']")).to_contain_text(paper.title)
    expect(page.locator("[data-board-projects]")).to_contain_text(PROJECT)
    scan(page, "programme-journey-board-with-paper")
    page.locator(f"[data-paper='{paper.pk}']").get_by_role("link").click()
    expect(page.locator("[data-snapshot]")).to_be_visible()


# ----- A viewer reads the programme, read-only ------------------------------------------------


@pytest.fixture
def running(harrow, editor):
    """Harrow's programme with its board, a meeting, Targeted Reviews in delivery and its savings."""
    board = actions.create_board(harrow, by=editor, name=BOARD, cycle_weeks=4)
    programme = actions.create_programme(
        harrow,
        by=editor,
        name=PROGRAMME,
        board=board,
        starts_on=dt.date(2019, 4, 1),
        ends_on=dt.date(2021, 3, 31),
        risk_appetite=12,
        milestone_tolerance_days=28,
    )
    project = actions.create_project(programme, by=editor, name=PROJECT, reference="RH07", stage="delivery")
    actions.set_savings_target(project, by=editor, total=Decimal("1046000"), years=[2019])
    actions.record_saving(project, by=editor, financial_year=2019, forecast=Decimal("863000"))
    actions.add_meeting(board, by=editor, held_on=timezone.localdate() + dt.timedelta(days=7))
    return {"board": board, "programme": programme, "project": project}


def test_a_viewer_reads_the_programme_without_changing_it(page, live_server, harrow, viewer, running):
    gss = harrow.gss_code
    programme, project, board = running["programme"], running["project"], running["board"]

    def url(name, **kwargs):
        return live_server.url + reverse(name, kwargs={"gss_code": gss, **kwargs})

    sign_in(page, live_server, viewer)
    service_link(page, "Programmes").click()
    expect(page.locator(f"[data-programme='{programme.pk}']")).to_contain_text(PROGRAMME)
    expect(page.get_by_role("link", name="Create a programme")).to_have_count(0)
    scan(page, "programme-viewer-programmes")

    page.get_by_role("link", name=PROGRAMME, exact=True).click()
    expect(heading(page)).to_have_text(PROGRAMME)
    expect(page.locator(f"[data-project='{project.pk}']")).to_contain_text(PROJECT)
    for name in ("Add a project", "Change or close the programme"):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    scan(page, "programme-viewer-programme")

    page.get_by_role("link", name=PROJECT, exact=True).click()
    expect(page.locator("[data-savings]")).to_contain_text("£863K")
    for name in (
        "Add an update",
        "Record savings",
        "Re-profile the savings",
        "Add a risk or issue",
        "Add a milestone",
        "Add a KPI",
        "Change the project and its business case",
    ):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    scan(page, "programme-viewer-project")

    page.goto(url("programmes:report", pk=programme.pk, kind="highlight"))
    expect(page.locator("[data-report-body]")).to_contain_text(PROJECT)
    expect(page.get_by_role("link", name="Issue to a board meeting")).to_have_count(0)
    scan(page, "programme-viewer-highlight")

    page.goto(url("programmes:board", pk=board.pk))
    expect(heading(page)).to_have_text(BOARD)
    for name in ("Add a meeting", "Change the board", "Add a decision needed"):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    scan(page, "programme-viewer-board")

    # Typing the address of a form does not help: the service refuses it.
    forbidden = url("programmes:new_project", programme_pk=programme.pk)
    expect_failed_resource(page, forbidden)
    response = page.goto(forbidden)
    assert response.status == 403
    assert not Project.objects.filter(organisation=harrow).exclude(pk=project.pk).exists()
