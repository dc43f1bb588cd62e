"""The report pages: the live report with its downloads, issuing a paper, and an issued paper."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from ascent.core.dates import govuk_date
from ascent.jobs.models import Job
from ascent.programmes import actions
from ascent.programmes.models import BoardPaper, Stage
from ascent.programmes.reporting.tasks import KIND, produce_report_pdf

from .test_reporting import resilient_harrow

pytestmark = pytest.mark.django_db

#: The queries of the live report's page (session, user, organisation and membership, the
#: programme, the snapshot with its flags, the papers and the person's PDF jobs).
QUERIES_OF_THE_REPORT_PAGE = 28


def report_url(programme, kind="highlight", suffix=""):
    return reverse("programmes:report", args=[programme.organisation.gss_code, programme.pk, kind]) + suffix


def issue_url(programme, kind="highlight"):
    return reverse("programmes:issue_paper", args=[programme.organisation.gss_code, programme.pk, kind])


def paper_url(paper):
    return reverse("programmes:paper", args=[paper.organisation.gss_code, paper.pk])


def _page(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_member_reads_the_live_report_with_its_downloads(client, viewer, harrow, editor):
    programme, *_ = resilient_harrow(harrow, editor)
    client.force_login(viewer)
    page = _page(client.get(report_url(programme)))
    assert page.h1.text.strip() == "Resilient programme: board highlight report"
    body = page.select_one("[data-report-body]").text
    assert "£1.263m" in body and "Targeted Reviews" in body
    assert [a["data-format"] for a in page.select("[data-downloads] a")] == ["docx", "xlsx", "html"]
    assert page.select_one("[data-produce-pdf]") is not None
    assert page.select_one("[data-issue]") is None  # a viewer may not issue
    committee = _page(client.get(report_url(programme, "committee")))
    assert "Summary and recommendations" in committee.select_one("[data-report-body]").text


def test_an_unknown_kind_or_format_is_not_found(client, viewer, harrow, editor):
    programme, *_ = resilient_harrow(harrow, editor)
    client.force_login(viewer)
    assert client.get(report_url(programme, "annual")).status_code == 404
    assert client.get(report_url(programme, suffix="?format=odt")).status_code == 404


def test_the_report_downloads_in_each_format(client, viewer, harrow, editor):
    import docx
    import openpyxl

    programme, *_ = resilient_harrow(harrow, editor)
    client.force_login(viewer)
    response = client.get(report_url(programme, suffix="?format=docx"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert any("Programme summary" in p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    response = client.get(report_url(programme, "committee", "?format=xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert 1263000 in values and 1446000 in values
    html = client.get(report_url(programme, suffix="?format=html"))
    assert html.status_code == 200 and b"Resilient programme" in html.content
    # The PDF is produced in the background: a link to it goes back to the page that offers it.
    response = client.get(report_url(programme, suffix="?format=pdf"))
    assert response.status_code == 302 and response.url == report_url(programme)


def test_the_pdf_is_produced_in_the_background(client, viewer, harrow, editor):
    programme, *_ = resilient_harrow(harrow, editor)
    client.force_login(viewer)
    response = client.post(report_url(programme, "committee"), {"format": "pdf"})
    job = Job.objects.get(kind=KIND, created_by=viewer)
    assert response.url == job.get_absolute_url()
    assert job.parameters == {"programme_id": programme.pk, "kind": "committee"}
    produce_report_pdf.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result_name.endswith(".pdf")
    with job.result_file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    page = _page(client.get(report_url(programme, "committee")))
    assert len(page.select("[data-pdf-jobs] tbody tr")) == 1


def test_the_report_page_keeps_its_queries_with_a_bigger_programme(
    client, viewer, harrow, editor, django_assert_num_queries
):
    programme, *_ = resilient_harrow(harrow, editor)
    client.force_login(viewer)
    url = report_url(programme)
    client.get(url)
    with django_assert_num_queries(QUERIES_OF_THE_REPORT_PAGE):
        client.get(url)
    for number in range(10):
        project = actions.create_project(
            programme, by=editor, reference=f"X{number}", name=f"Project {number}", stage=Stage.DELIVERY
        )
        actions.record_saving(project, by=editor, financial_year=2019, target=Decimal("1000"))
        actions.add_update(project, by=editor, text="Going well", on=dt.date(2019, 10, 1), rag_overall="green")
        actions.save_risk(programme, by=editor, project=project, title=f"Risk {number}", likelihood=3, impact=3)
    with django_assert_num_queries(QUERIES_OF_THE_REPORT_PAGE):
        client.get(url)


def test_an_editor_issues_a_paper_to_a_meeting_and_it_keeps_its_figures(client, editor, viewer, harrow):
    programme, reviews, _home, meeting = resilient_harrow(harrow, editor)
    client.force_login(editor)
    page = _page(client.get(issue_url(programme)))
    assert page.select_one(f"input[name=meeting][value='{meeting.pk}']") is not None
    response = client.post(issue_url(programme), {"meeting": meeting.pk})
    paper = BoardPaper.objects.get(programme=programme)
    assert response.status_code == 302 and response.url == paper_url(paper)
    assert paper.kind == "highlight" and paper.issued_by == editor and paper.meeting == meeting
    actions.record_saving(reviews, by=editor, financial_year=2019, forecast=Decimal("1046000"))
    client.force_login(viewer)
    page = _page(client.get(paper_url(paper)))
    body = page.select_one("[data-report-body]").text
    assert "£863K" in body and "£1.263m" in body
    assert govuk_date(timezone.localdate()) in page.select_one("[data-issued]").text
    live = _page(client.get(report_url(programme))).select_one("[data-report-body]").text
    assert "£863K" not in live
    response = client.get(paper_url(paper) + "?format=docx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_issuing_without_a_meeting_says_so(client, editor, harrow):
    programme, *_ = resilient_harrow(harrow, editor)
    client.force_login(editor)
    page = _page(client.post(issue_url(programme), {}))
    assert "Choose the meeting the paper goes to" in page.select_one(".govuk-error-summary").text
    assert not BoardPaper.objects.exists()


def test_a_meeting_of_another_board_is_refused(client, editor, harrow):
    programme, *_ = resilient_harrow(harrow, editor)
    other = actions.create_board(harrow, by=editor, name="Other Board")
    elsewhere = actions.add_meeting(other, by=editor, held_on=dt.date(2019, 12, 1))
    client.force_login(editor)
    page = _page(client.post(issue_url(programme), {"meeting": elsewhere.pk}))
    assert "Choose a meeting of the programme's board" in page.select_one(".govuk-error-summary").text
    assert not BoardPaper.objects.exists()


def test_a_viewer_may_not_issue_and_an_outsider_finds_nothing(client, viewer, outsider, harrow, editor):
    programme, _reviews, _home, meeting = resilient_harrow(harrow, editor)
    client.force_login(viewer)
    assert client.post(issue_url(programme), {"meeting": meeting.pk}).status_code == 403
    client.force_login(editor)
    client.post(issue_url(programme), {"meeting": meeting.pk})
    paper = BoardPaper.objects.get()
    client.force_login(outsider)
    assert client.get(report_url(programme)).status_code == 404
    assert client.get(paper_url(paper)).status_code == 404
    assert client.get(paper_url(paper) + "?format=docx").status_code == 404


def test_the_paper_pdf_job_reads_the_snapshot(client, viewer, harrow, editor):
    programme, reviews, _home, meeting = resilient_harrow(harrow, editor)
    client.force_login(editor)
    client.post(issue_url(programme, "committee"), {"meeting": meeting.pk})
    paper = BoardPaper.objects.get()
    client.force_login(viewer)
    response = client.post(paper_url(paper), {"format": "pdf"})
    job = Job.objects.get(kind=KIND, created_by=viewer)
    assert response.url == job.get_absolute_url() and job.parameters == {"paper_id": paper.pk}
    produce_report_pdf.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
