"""The committee pages (ascent/plans/views/committee.py): committees, schedules, reports and downloads.

The world is tests/plans/test_committee.py's: Harrow's plan with two themes and four actions,
reported quarterly to its scrutiny sub-committee.
"""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook

from ascent.jobs.models import Job
from ascent.plans import committee as committees
from ascent.plans.committee_tasks import KIND, produce_report_pdf
from ascent.plans.models import Action, ActionStatus, Committee, CommitteeReport, ReportingSchedule, ReportStatus, Theme

from .test_committee import TEXTS, draft, issued, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(harrow, herefordshire, editor):
    return make_world(harrow, herefordshire, editor)


def _url(name, harrow, **kwargs):
    return reverse(f"plans:{name}", kwargs={"gss_code": harrow.gss_code, **kwargs})


def _report_url(name, report, **kwargs):
    return reverse(
        f"plans:{name}",
        kwargs={
            "gss_code": report.plan.organisation.gss_code,
            "plan_id": report.plan_id,
            "report_id": report.pk,
            **kwargs,
        },
    )


def _page(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# Committees ----------------------------------------------------------------------------------------


def test_members_see_the_committees_and_only_editors_may_add_one(client, viewer, editor, world, harrow):
    client.force_login(viewer)
    page = _page(client.get(_url("committees", harrow)))
    assert [row.th.text for row in page.select("[data-committee]")] == ["Health and Social Care Scrutiny Sub-Committee"]
    assert page.find("form", id="main-form") is None
    assert "Herefordshire Adults Scrutiny" not in page.text
    client.force_login(editor)
    response = client.post(_url("committees", harrow), {"name": "Cabinet", "kind": "cabinet"})
    assert response.status_code == 302
    assert Committee.objects.get(organisation=harrow, name="Cabinet").kind == "cabinet"


def test_a_duplicate_committee_is_named_on_the_form(client, editor, world, harrow):
    client.force_login(editor)
    page = _page(
        client.post(
            _url("committees", harrow), {"name": "Health and Social Care Scrutiny Sub-Committee", "kind": "board"}
        )
    )
    assert "The council already has a committee called Health and Social Care Scrutiny Sub-Committee" in (
        page.select_one(".govuk-error-summary").text
    )
    assert Committee.objects.filter(organisation=harrow).count() == 1


def test_an_editor_renames_a_committee(client, editor, world, harrow):
    client.force_login(editor)
    url = _url("edit_committee", harrow, committee_id=world["scrutiny"].pk)
    assert client.post(url, {"name": "Adults Scrutiny", "kind": "scrutiny"}).status_code == 302
    assert Committee.objects.get(pk=world["scrutiny"].pk).name == "Adults Scrutiny"


def test_another_councils_committee_is_not_found(client, editor, world, harrow):
    client.force_login(editor)
    assert client.get(_url("edit_committee", harrow, committee_id=world["theirs"].pk)).status_code == 404


# Schedules -----------------------------------------------------------------------------------------


def test_the_schedules_page_shows_the_next_report_due_and_sets_a_schedule(client, editor, world, harrow):
    client.force_login(editor)
    url = _url("schedules", harrow, plan_id=world["plan"].pk)
    page = _page(client.get(url))
    (row,) = page.select("[data-schedule]")
    assert row.th.text == "Health and Social Care Scrutiny Sub-Committee"
    assert "14 January 2027" in row.select_one("[data-next]").text
    cabinet = Committee.objects.create(organisation=harrow, name="Cabinet", kind="cabinet")
    response = client.post(url, {"committee": cabinet.pk, "frequency": "half-yearly", "next_meeting_on": "1/3/2027"})
    assert response.status_code == 302
    assert ReportingSchedule.objects.get(plan=world["plan"], committee=cabinet).next_meeting_on == dt.date(2027, 3, 1)


def test_an_editor_stops_a_schedule_and_a_viewer_may_not(client, viewer, editor, world, harrow):
    url = _url("remove_schedule", harrow, plan_id=world["plan"].pk, schedule_id=world["schedule"].pk)
    client.force_login(viewer)
    assert client.post(url).status_code == 403
    client.force_login(editor)
    assert client.post(url).url == _url("schedules", harrow, plan_id=world["plan"].pk)
    assert not ReportingSchedule.objects.filter(pk=world["schedule"].pk).exists()
    assert ReportingSchedule.history.filter(id=world["schedule"].pk).first().history_user == editor


def test_a_bad_date_on_the_schedule_is_named(client, editor, world, harrow):
    client.force_login(editor)
    url = _url("schedules", harrow, plan_id=world["plan"].pk)
    page = _page(
        client.post(url, {"committee": world["scrutiny"].pk, "frequency": "quarterly", "next_meeting_on": "31/2/2027"})
    )
    assert (
        "The date of the next meeting must be a real date, like 14/1/2027"
        in page.select_one(".govuk-error-summary").text
    )


def test_the_schedules_page_keeps_its_queries_with_more_reports(
    client, viewer, editor, world, harrow, django_assert_num_queries
):
    client.force_login(viewer)
    url = _url("schedules", harrow, plan_id=world["plan"].pk)
    issued(world, editor)
    client.get(url)
    with django_assert_num_queries(13):
        client.get(url)
    for number in range(5):
        other = Committee.objects.create(organisation=harrow, name=f"Board {number}", kind="board")
        committees.set_schedule(
            world["plan"],
            by=editor,
            committee=other,
            frequency="quarterly",
            next_meeting_on=dt.date(2027, 2, number + 1),
        )
        committees.issue_report(
            committees.change_report(
                committees.start_report(world["plan"], by=editor, committee=other, meeting_on=dt.date(2027, 2, 1)),
                by=editor,
                title=f"Report {number}",
                meeting_on=dt.date(2027, 2, 1),
                **TEXTS,
            ),
            by=editor,
        )
    with django_assert_num_queries(13):
        page = _page(client.get(url))
    assert len(page.select("[data-schedule]")) == 6 and len(page.select("[data-report]")) == 6


# Reports -------------------------------------------------------------------------------------------


def test_an_editor_starts_a_report_prefilled_from_the_schedule(client, editor, world, harrow):
    client.force_login(editor)
    url = _url("new_committee_report", harrow, plan_id=world["plan"].pk)
    page = _page(client.get(f"{url}?committee={world['scrutiny'].pk}"))
    assert page.find("input", {"name": "meeting_on"})["value"] == "14/1/2027"
    response = client.post(url, {"committee": world["scrutiny"].pk, "meeting_on": "14/1/2027"})
    report = CommitteeReport.objects.get(plan=world["plan"])
    assert response.url == _report_url("committee_report", report)
    assert report.title.startswith("Harrow improvement plan: progress report to the Health and Social Care")


def test_the_report_page_shows_the_report_in_its_shape(client, viewer, editor, world):
    report = draft(world, editor, **TEXTS)
    client.force_login(viewer)
    page = _page(client.get(_report_url("committee_report", report)))
    assert page.h1.text == report.title
    headings = [h2.text.strip() for h2 in page.select("[data-report-body] h2")]
    assert headings[:3] == ["Summary", "Recommendations to the committee", "Background"]
    assert "Changes since the last report" in headings
    assert page.select_one("[data-status]")["data-status"] == "draft"
    assert not page.select("main a.govuk-button")  # a viewer may neither change nor issue it
    assert TEXTS["summary"] in page.text


def test_an_editor_writes_and_issues_the_report(client, editor, world):
    report = draft(world, editor)
    client.force_login(editor)
    response = client.post(
        _report_url("edit_committee_report", report),
        {"title": "Quarter 3 progress", "meeting_on": "14/1/2027", **TEXTS, "risks": "Recruitment of social workers."},
    )
    assert response.status_code == 302
    page = _page(client.get(_report_url("issue_committee_report", report)))
    assert "moves on from 14 January 2027" in page.select_one("[data-schedule]").text
    assert client.post(_report_url("issue_committee_report", report)).status_code == 302
    report = CommitteeReport.objects.get(pk=report.pk)
    assert (report.status, report.title, report.risks) == (
        ReportStatus.ISSUED,
        "Quarter 3 progress",
        "Recruitment of social workers.",
    )
    page = _page(client.get(_report_url("committee_report", report)))
    assert page.select_one("[data-snapshot]") is not None
    assert not page.select("main a.govuk-button")


def test_issuing_without_a_summary_says_what_is_missing(client, editor, world):
    report = draft(world, editor)
    client.force_login(editor)
    page = _page(client.post(_report_url("issue_committee_report", report)))
    assert "Write the summary before issuing the report" in page.select_one(".govuk-error-summary").text
    assert CommitteeReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_an_issued_reports_text_cannot_be_changed_on_the_page(client, editor, world):
    report = issued(world, editor)
    client.force_login(editor)
    page = _page(client.get(_report_url("edit_committee_report", report)))
    assert page.select_one("[data-issued]") is not None and page.find("form", id="main-form") is None
    page = _page(
        client.post(
            _report_url("edit_committee_report", report), {"title": "Changed", "meeting_on": "14/1/2027", **TEXTS}
        )
    )
    assert "cannot change" in page.select_one(".govuk-error-summary").text
    assert CommitteeReport.objects.get(pk=report.pk).title != "Changed"


def test_the_issued_page_keeps_its_figures(client, viewer, editor, world):
    report = issued(world, editor)
    client.force_login(viewer)
    before = _page(client.get(_report_url("committee_report", report))).select_one("[data-report-body]").text
    Action.objects.filter(plan=world["plan"]).update(status=ActionStatus.COMPLETE)
    Theme.objects.filter(pk=world["front"].pk).update(title="Renamed theme")
    after = _page(client.get(_report_url("committee_report", report))).select_one("[data-report-body]").text
    assert after == before


#: Signing in (4), the plan and report, the settings, themes, actions, plan owner, linked
#: indicators and their latest values, the council's spending (committee.content), the person's
#: PDF jobs, the session's save.
QUERIES_OF_THE_REPORT_PAGE = 21


def test_the_report_page_keeps_its_queries_with_a_bigger_plan(client, viewer, editor, world, django_assert_num_queries):
    report = draft(world, editor, **TEXTS)
    client.force_login(viewer)
    url = _report_url("committee_report", report)
    client.get(url)
    with django_assert_num_queries(QUERIES_OF_THE_REPORT_PAGE):
        client.get(url)
    for number in range(20):
        theme = Theme.objects.create(plan=world["plan"], title=f"Theme {number}", position=10 + number)
        Action.objects.create(plan=world["plan"], theme=theme, title=f"Action {number}", owner=editor)
    with django_assert_num_queries(QUERIES_OF_THE_REPORT_PAGE):
        client.get(url)


def test_another_councils_person_cannot_find_the_report(client, outsider, editor, world):
    report = draft(world, editor)
    client.force_login(outsider)
    assert client.get(_report_url("committee_report", report)).status_code == 404
    assert client.get(_report_url("committee_report_download", report, fmt="pdf")).status_code == 404


# Downloads -----------------------------------------------------------------------------------------


def _download(client, report, fmt):
    response = client.get(_report_url("committee_report_download", report, fmt=fmt))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_the_report_downloads_as_html_and_word(client, viewer, editor, world):
    report = issued(world, editor)
    client.force_login(viewer)
    page = BeautifulSoup(_download(client, report, "html"), "html.parser")
    assert page.h1.text == report.title
    word = WordDocument(io.BytesIO(_download(client, report, "docx")))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Recommendations to the committee" in text and TEXTS["summary"] in text


def test_the_pdf_is_produced_in_the_background_as_the_committee_saw_it(client, viewer, editor, world):
    report = issued(world, editor)
    Action.objects.filter(pk=world["done"].pk).update(title="Renamed after the meeting")
    client.force_login(viewer)
    # An old link to the PDF goes back to the report page, which offers to produce it.
    response = client.get(_report_url("committee_report_download", report, fmt="pdf"))
    assert response.status_code == 302 and response.url == _report_url("committee_report", report)
    response = client.post(_report_url("produce_committee_report_pdf", report))
    job = Job.objects.get(kind=KIND, created_by=viewer)
    assert response.url == job.get_absolute_url()
    assert job.parameters == {"report_id": report.pk}
    produce_report_pdf.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result_name.endswith(".pdf")
    with job.result_file.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Progress by theme" in text and "Train the contact centre" in text
    assert "Renamed after the meeting" not in text
    page = _page(client.get(_report_url("committee_report", report)))
    assert len(page.select("[data-pdf-jobs] tbody tr")) == 1


def test_the_pdf_job_fails_for_someone_who_may_no_longer_see_the_plan(client, viewer, editor, world):
    from ascent.organisations.models import Membership

    report = draft(world, editor)
    client.force_login(viewer)
    client.post(_report_url("produce_committee_report_pdf", report))
    job = Job.objects.get(kind=KIND, created_by=viewer)
    Membership.objects.filter(user=viewer).delete()
    produce_report_pdf.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "may no longer see this plan" in job.error


def test_the_spreadsheet_holds_the_figures_as_numbers(client, viewer, editor, world):
    report = issued(world, editor)
    client.force_login(viewer)
    book = load_workbook(io.BytesIO(_download(client, report, "xlsx")))
    by_theme = next(sheet for sheet in book.worksheets if sheet["A1"].value == "Actions by theme and status")
    rows = [[cell.value for cell in row] for row in by_theme.iter_rows(min_row=2)]
    header, front = rows[0], next(row for row in rows if row[0] == "Front door")
    assert header[:3] == ["Theme", "Actions", "Not started"]
    assert front[1] == 2 and isinstance(front[1], int)
    actions = next(sheet for sheet in book.worksheets if sheet["A1"].value == "Actions")
    values = [[cell.value for cell in row] for row in actions.iter_rows(min_row=3)]
    late = next(row for row in values if row[0] == "1.1")
    assert late[6] in (40, 0.4)  # a number, shown as a per cent
    assert late[9] == "Yes"


def test_an_unknown_format_is_not_found(client, viewer, editor, world):
    report = draft(world, editor)
    client.force_login(viewer)
    assert client.get(_report_url("committee_report_download", report, fmt="odt")).status_code == 404
