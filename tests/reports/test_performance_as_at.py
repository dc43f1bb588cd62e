"""The performance report as at a period, and compared with another: the document, the report
pages' options and the background job."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pdfplumber
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from ascent.core.periods import parse_period
from ascent.documents.model import Table
from ascent.jobs.models import Job
from ascent.reports.performance import build_performance
from tests.indicators.factories import IndicatorFactory, TargetFactory, series

D = Decimal
Q3_1516 = parse_period("Q3 2015/16")
Q3_1415 = parse_period("Q3 2014/15")


@pytest.fixture
def history(harrow):
    sds = IndicatorFactory(code="ASCOF-1C1A", title="Self-directed support", frequency="quarterly")
    series(harrow, sds, {"Q3 2014/15": "78.0", "Q3 2015/16": "83.0", "Q4 2015/16": "84.0"})
    TargetFactory(organisation=harrow, indicator=sds, period="2015-16", value=D("80"))
    TargetFactory(organisation=harrow, indicator=sds, period="2014-15", value=D("80"))
    reviews = IndicatorFactory(organisation=harrow, code="HAR-REV", title="Reviews on time", decimals=0)
    series(harrow, reviews, {"2013-14": "60", "2014-15": "70", "2015-16": "75"})
    return sds, reviews


def tables(document) -> dict[str, Table]:
    return {table.caption: table for table, _chart in document.tables()}


def texts(row) -> tuple:
    """A table row as shown: a figure's text, a rating's label."""
    return tuple(getattr(cell, "label", None) or (str(cell) if cell is not None else None) for cell in row)


@pytest.mark.django_db
def test_as_at_a_period_the_title_metadata_and_headings_say_so(harrow, history, viewer):
    document = build_performance(harrow, user=viewer, as_at=Q3_1516)
    assert document.title == "Performance scorecard as at Q3 2015/16"
    assert ("As at", "Q3 2015/16 (each indicator's latest value up to its end)") in document.metadata
    assert document.sections[0].heading == "Summary as at Q3 2015/16"
    table = tables(document)["Quality of life (Adult Social Care Outcomes Framework from 2023/24) as at Q3 2015/16"]
    row = texts(next(row for row in table.rows if row[0].startswith("ASCOF-1C1A")))
    assert (row[4], row[5], row[6]) == ("83.0%", "Q3 2015/16", "Green")
    local = texts(next(row for row in tables(document)["Local indicators as at Q3 2015/16"].rows))
    assert (local[4], local[5]) == ("70%", "2014-15")
    assert document.filename("pdf").startswith("performance-scorecard-as-at-q3-2015-16-harrow-")


@pytest.mark.django_db
def test_compared_with_a_period_each_table_pairs_both(harrow, history, viewer):
    document = build_performance(harrow, user=viewer, as_at=Q3_1516, compare=Q3_1415)
    assert document.title == "Performance scorecard as at Q3 2015/16 compared with Q3 2014/15"
    assert ("Compared with", "Q3 2014/15") in document.metadata
    assert document.sections[0].heading == "Summary as at Q3 2015/16 compared with Q3 2014/15"
    table = tables(document)[
        "Quality of life (Adult Social Care Outcomes Framework from 2023/24) as at Q3 2015/16 compared with Q3 2014/15"
    ]
    assert [column.heading for column in table.columns] == [
        "Indicator",
        "As at Q3 2015/16",
        "Period",
        "Rating, Q3 2015/16",
        "As at Q3 2014/15",
        "Period",
        "Rating, Q3 2014/15",
        "Change",
    ]
    assert texts(table.rows[0])[1:] == (
        "83.0%",
        "Q3 2015/16",
        "Green",
        "78.0%",
        "Q3 2014/15",
        "Red",
        "+5.0 percentage points (improving)",
    )


@pytest.mark.django_db
def test_compared_with_a_period_without_an_as_at_period_uses_the_latest_values(harrow, history, viewer):
    document = build_performance(harrow, user=viewer, compare=Q3_1415)
    assert document.title == "Performance scorecard compared with Q3 2014/15"
    table = tables(document)[
        "Quality of life (Adult Social Care Outcomes Framework from 2023/24) compared with Q3 2014/15"
    ]
    assert [table.columns[1].heading, table.columns[3].heading] == ["Latest", "Rating, latest"]
    assert texts(table.rows[0])[1:3] == ("84.0%", "Q4 2015/16")


@pytest.mark.django_db
def test_the_word_and_excel_files_carry_both_periods(client, harrow, history, viewer):
    client.force_login(viewer)
    url = reverse("reports:download", kwargs={"gss_code": harrow.gss_code, "slug": "performance", "fmt": "docx"})
    response = client.get(url, {"as_at": "2015-16-Q3", "compare": "last-year"})
    assert response.status_code == 200
    assert "performance-scorecard-as-at-q3-2015-16-compared-with-q3-2014-15-harrow" in response["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Performance scorecard as at Q3 2015/16 compared with Q3 2014/15" in text
    cells = [cell.text for table in docx.Document(io.BytesIO(response.content)).tables for cell in table._cells]
    assert "78.0%" in cells and "Q3 2014/15" in cells
    response = client.get(url.replace("/docx/", "/xlsx/"), {"as_at": "2015-16-Q3", "compare": "last-year"})
    values = [
        value
        for sheet in load_workbook(io.BytesIO(response.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    assert "+5.0 percentage points (improving)" in values


@pytest.mark.django_db
def test_the_pdf_title_page_and_tables_say_as_at_and_compared_with(client, harrow, history, viewer):
    client.force_login(viewer)
    url = reverse("reports:download", kwargs={"gss_code": harrow.gss_code, "slug": "performance", "fmt": "pdf"})
    response = client.get(url, {"as_at": "2015-16-Q3", "compare": "2014-15-Q3"})
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        first = " ".join((pdf.pages[0].extract_text() or "").split())
        text = " ".join(" ".join((page.extract_text() or "") for page in pdf.pages).split())
    assert "Performance scorecard as at Q3 2015/16 compared with Q3 2014/15" in first
    assert "Compared with Q3 2014/15" in first
    assert "Summary as at Q3 2015/16 compared with Q3 2014/15" in text
    # Each side's value; the change cell wraps, so its words are read apart.
    assert "83.0%" in text and "78.0%" in text
    assert "+5.0" in text and "(improving)" in text


@pytest.mark.django_db
def test_the_report_page_offers_the_periods_and_its_downloads_keep_them(client, harrow, history, viewer):
    client.force_login(viewer)
    url = reverse("reports:view", kwargs={"gss_code": harrow.gss_code, "slug": "performance"})
    soup = BeautifulSoup(client.get(url, {"as_at": "Q3 2015/16"}).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Performance scorecard as at Q3 2015/16"
    assert soup.select_one("select#id_as_at option[selected]")["value"] == "2015-16-Q3"
    pdf_link = soup.find("a", string="Download as PDF")["href"]
    assert pdf_link.endswith("/download/pdf/?as_at=Q3+2015%2F16")


@pytest.mark.django_db
def test_a_bad_period_on_the_report_page_is_a_form_error(client, harrow, history, viewer):
    client.force_login(viewer)
    url = reverse("reports:view", kwargs={"gss_code": harrow.gss_code, "slug": "performance"})
    soup = BeautifulSoup(client.get(url, {"as_at": "Q9 2015/16"}).content, "html.parser")
    summary = soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Could not read 'Q9 2015/16' as a period" in summary
    assert soup.h1.get_text(strip=True) == "Performance scorecard"
    download = reverse("reports:download", kwargs={"gss_code": harrow.gss_code, "slug": "performance", "fmt": "pdf"})
    response = client.get(download, {"as_at": "Q9 2015/16"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?as_at=Q9+2015%2F16"


@pytest.mark.django_db
def test_the_reports_page_offers_the_periods_for_the_performance_report_only(client, harrow, history, viewer):
    client.force_login(viewer)
    response = client.get(reverse("reports:index", kwargs={"gss_code": harrow.gss_code}))
    soup = BeautifulSoup(response.content, "html.parser")
    # The self-assessment summary's own choice (which self-assessment) is the only other select.
    assert [select["name"] for select in soup.select("select")] == [
        "performance-as_at",
        "performance-compare",
        "performance-framework",
        "self-assessment-assessment",
    ]
    assert soup.find("label", attrs={"for": "id_performance-as_at"}).get_text(strip=True) == "As at"


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_report_requested_as_at_a_period_is_produced_so(client, harrow, history, viewer):
    client.force_login(viewer)
    url = reverse("reports:run", kwargs={"gss_code": harrow.gss_code, "slug": "performance"})
    client.post(url, {"format": "xlsx", "performance-as_at": "2015-16-Q3", "performance-compare": "last-year"})
    job = Job.objects.get()
    assert job.title == "Performance scorecard as at Q3 2015/16 compared with Q3 2014/15 (Excel)"
    assert job.parameters == {
        "report": "performance",
        "format": "xlsx",
        "as_at": "2015-16-Q3",
        "compare": "2014-15-Q3",
    }
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    download = client.get(reverse("jobs:download", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk}))
    assert "performance-scorecard-as-at-q3-2015-16-compared-with-q3-2014-15" in download["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    values = [value for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row]
    assert "Q3 2014/15" in values


@pytest.mark.django_db(transaction=True)
def test_a_bad_period_on_a_report_request_starts_nothing(client, harrow, history, viewer):
    client.force_login(viewer)
    url = reverse("reports:run", kwargs={"gss_code": harrow.gss_code, "slug": "performance"})
    response = client.post(url, {"format": "pdf", "performance-as_at": "2015-16", "performance-compare": "2015-16"})
    assert response.status_code == 302
    assert not Job.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Performance scorecard: Select a period other than 2015-16 to compare with" in page


@pytest.mark.django_db
def test_side_by_side_each_value_says_whether_it_is_illustrative(harrow, history, viewer):
    sds, _reviews = history
    sds.observations.filter(period_code="2014-15-Q3").update(is_illustrative=True)
    document = build_performance(harrow, user=viewer, as_at=Q3_1516, compare=Q3_1415)
    section = next(
        section
        for section in document.sections
        if section.heading.startswith("Quality of life (Adult Social Care Outcomes Framework from 2023/24)")
    )
    assert "illustrative" in section.blocks[0].text
    table = section.blocks[1]
    assert table.columns[-1].heading == "Figures"
    assert texts(table.rows[0])[-1] == "Q3 2015/16: real; Q3 2014/15: illustrative"


@pytest.mark.django_db
def test_the_reports_page_promises_only_reports_still_to_come(client, harrow, history, viewer):
    """The self-assessment summary is here now, so the line about reports to come no longer names it."""
    client.force_login(viewer)
    soup = BeautifulSoup(
        client.get(reverse("reports:index", kwargs={"gss_code": harrow.gss_code})).content, "html.parser"
    )
    promise = next(p.get_text(" ", strip=True) for p in soup.select("p.govuk-body") if "More reports" in p.get_text())
    assert "self-assessment" not in promise
    assert "improvement plan" in promise and "programmes" in promise
    assert "Self-assessment summary" in [h.get_text(strip=True) for h in soup.select(".govuk-summary-card__title")]
