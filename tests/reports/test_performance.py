"""The Performance scorecard report, built from Harrow's demo figures and read back in each format."""

from __future__ import annotations

import io

import docx
import openpyxl
import pdfplumber
import pytest
from django.urls import reverse

from ascent.finance.demo import load_demo_finance
from ascent.indicators import demo
from ascent.indicators.library import load_indicator_library
from ascent.organisations.models import Membership, Organisation, Role
from ascent.organisations.reference import load_reference_data
from ascent.reports.performance import build_performance

pytestmark = pytest.mark.django_db


@pytest.fixture
def harrow_figures(monkeypatch, viewer):
    """Harrow's real demo figures (not the illustrative benchmarking set) and a member to read them."""
    load_reference_data()
    load_indicator_library()
    monkeypatch.setattr(demo, "load_illustrative_data", lambda: 0)
    demo.load_demo_performance()
    load_demo_finance()
    harrow = Organisation.objects.get(gss_code="E09000015")
    Membership.objects.update_or_create(user=viewer, organisation=harrow, defaults={"role": Role.VIEWER})
    return harrow


def download(client, organisation, fmt):
    url = reverse("reports:download", kwargs={"gss_code": organisation.gss_code, "slug": "performance", "fmt": fmt})
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_the_document_holds_ratings_groups_and_spending(harrow_figures, viewer):
    document = build_performance(harrow_figures, user=viewer)
    headings = [section.heading for section in document.sections]
    assert headings[0] == "Summary"
    assert headings[-1] == "Spending"
    text = repr(document)
    assert "83.0%" in text  # self-directed support, 2015-16 (the shipped measure shows 1 decimal place)
    assert "At least 90%" in text or "at least 90%" in text  # the reviews target
    spending = document.sections[-1]
    trend = next(block for block in spending.blocks if getattr(block, "caption", "").startswith("Net"))
    total = next(row for row in trend.rows if row[0] == "Total")
    assert [int(v) for v in total[1:]] == [34099, 36177, 40033, 42184, 46130, 51032, 53804, 56651]
    percent = next(row for row in trend.rows if row[0] == "Year on year %")
    assert list(percent[1:]) == [None, "6%", "11%", "5%", "9%", "11%", "5%", "5%"]


def test_the_spending_chart_draws_forecast_and_budget_years_apart(harrow_figures, viewer):
    # The demo holds Resilient Harrow's table: 2019-20 the forecast, 2020-21 the budget.
    document = build_performance(harrow_figures, user=viewer)
    chart = next(block for block in document.sections[-1].blocks if getattr(block, "spec", None))
    bars = next(layer for layer in chart.spec["layer"] if layer["mark"]["type"] == "bar")
    rows = (bars.get("data") or chart.spec["data"])["values"]
    assert [row["Basis"] for row in rows] == ["Actual"] * 6 + ["Forecast", "Budget"]
    assert bars["encoding"]["strokeDash"]["scale"]["domain"] == ["Actual", "Forecast", "Budget"]
    assert "2019-20 is a forecast" in chart.description and "2020-21 is a budget" in chart.description


def test_the_pdf_reads_back(client, harrow_figures, viewer):
    client.force_login(viewer)
    with pdfplumber.open(io.BytesIO(download(client, harrow_figures, "pdf"))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Performance scorecard" in text
    assert "HAR-RH-DTOC-ALL" in text  # a Resilient Harrow KPI (titles may wrap across lines in a PDF)
    assert "56,651" in text


def test_the_word_document_reads_back(client, harrow_figures, viewer):
    client.force_login(viewer)
    word = docx.Document(io.BytesIO(download(client, harrow_figures, "docx")))
    assert word.paragraphs[0].text == "Performance scorecard"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Summary" and headings[-1] == "Spending"
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert "34,099" in cells
    assert len(word.inline_shapes) == 2, "the ratings chart and the spending chart"


def test_the_workbook_reads_back(client, harrow_figures, viewer):
    client.force_login(viewer)
    book = openpyxl.load_workbook(io.BytesIO(download(client, harrow_figures, "xlsx")))
    values = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    totals = next(row for row in values if row and row[0] == "Total")
    assert [int(v) for v in totals[1:9]] == [34099, 36177, 40033, 42184, 46130, 51032, 53804, 56651]


def test_an_organisation_without_figures_gets_a_plain_report(herefordshire, outsider):
    document = build_performance(herefordshire, user=outsider)
    assert [section.heading for section in document.sections] == ["Summary"]
    assert "no indicator values" in repr(document)


def test_illustrative_figures_are_labelled(harrow_figures, viewer):
    from ascent.indicators.models import Observation

    Observation.objects.filter(organisation=harrow_figures).update(is_illustrative=True)
    assert "not official statistics" in repr(build_performance(harrow_figures, user=viewer))
