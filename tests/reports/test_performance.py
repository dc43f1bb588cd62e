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
from tests.indicators.factories import shipped_frameworks

pytestmark = pytest.mark.django_db


@pytest.fixture
def harrow_figures(monkeypatch, viewer):
    """Harrow's real demo figures (not the illustrative benchmarking set) and a member to read them."""
    load_reference_data()
    shipped_frameworks()
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
    # Numbers of per cent, shown as whole per cents.
    assert [str(v) if v is not None else None for v in percent[1:]] == [
        None,
        "6%",
        "11%",
        "5%",
        "9%",
        "11%",
        "5%",
        "5%",
    ]
    assert [v.value for v in percent[2:]] == [6, 11, 5, 9, 11, 5, 5]


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


def test_the_workbook_stores_figures_as_numbers_with_ratings_in_colour(client, harrow_figures, viewer):
    from ascent.core.rag import RAG
    from ascent.documents.colours import rag_colours

    client.force_login(viewer)
    book = openpyxl.load_workbook(io.BytesIO(download(client, harrow_figures, "xlsx")))
    group_sheets = [sheet for sheet in book.worksheets if sheet["A2"].value == "Indicator"]
    assert group_sheets
    for sheet in book.worksheets:
        assert len(sheet.title) <= 31
    texts = []
    for sheet in group_sheets:
        header = [cell.value for cell in sheet[2]]
        assert header[:3] == ["Indicator", "Baseline", "Baseline period"]
        for row in sheet.iter_rows(min_row=3):
            cells = dict(zip(header, row, strict=True))
            for name in ("Baseline", "Latest"):
                value = cells[name].value
                assert value is None or isinstance(value, int | float), (name, value)
                texts.append(cells[name].number_format)
            rating = cells["Rating"]
            rag = next(rag for rag in RAG if rag.label == rating.value)
            assert rating.fill.start_color.rgb[-6:] == rag_colours(rag).background_hex
    assert '#,##0.0"%"' in texts  # per cents on the 0 to 100 scale, with a literal "%"
    # The year-on-year percentages are numbers too.
    spending = book["Net expenditure by service line"]
    percent = next(row for row in spending.iter_rows(min_row=3) if row[0].value == "Year on year %")
    assert [cell.value for cell in percent[2:4]] == [6, 11] and percent[2].number_format == '#,##0"%"'
    contents = [cell.value for cell in book["Contents"]["A"]]
    assert "Warning" not in contents and contents.count("Notes") <= 1


def test_baseline_periods_are_shown_in_every_format(client, harrow_figures, viewer):
    from bs4 import BeautifulSoup

    document = build_performance(harrow_figures, user=viewer)
    table = next(table for table, _ in document.tables() if table.columns[0].heading == "Indicator")
    periods = [row[2] for row in table.rows if row[1] is not None]
    assert periods and all(periods), "every baseline has its period"
    period = periods[0]
    client.force_login(viewer)
    with pdfplumber.open(io.BytesIO(download(client, harrow_figures, "pdf"))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Baseline" in text and period in text
    word = docx.Document(io.BytesIO(download(client, harrow_figures, "docx")))
    headers = {table.rows[0].cells[2].text for table in word.tables if table.rows[0].cells[0].text == "Indicator"}
    assert headers == {"Baseline period"}
    soup = BeautifulSoup(download(client, harrow_figures, "html"), "html.parser")
    assert "Baseline period" in [th.get_text(strip=True) for th in soup.find_all("th")]


def test_the_pdf_draws_the_ratings_in_colour(client, harrow_figures, viewer):
    from ascent.documents.colours import RAG_COLOURS

    client.force_login(viewer)
    with pdfplumber.open(io.BytesIO(download(client, harrow_figures, "pdf"))) as pdf:
        fills = {tuple(round(c, 2) for c in rect["non_stroking_color"]) for page in pdf.pages for rect in page.rects
                 if rect.get("non_stroking_color") and len(rect["non_stroking_color"]) == 3}  # fmt: skip
    for colours in RAG_COLOURS.values():
        rgb = tuple(round(int(colours.background[i : i + 2], 16) / 255, 2) for i in (1, 3, 5))
        assert rgb in fills, colours


def test_an_organisation_without_figures_gets_a_plain_report(herefordshire, outsider):
    document = build_performance(herefordshire, user=outsider)
    assert [section.heading for section in document.sections] == ["Summary"]
    assert "no indicator values" in repr(document)


def test_illustrative_figures_are_labelled(harrow_figures, viewer):
    from ascent.indicators.models import Observation

    Observation.objects.filter(organisation=harrow_figures).update(is_illustrative=True)
    assert "not official statistics" in repr(build_performance(harrow_figures, user=viewer))


def test_each_row_of_a_table_with_illustrative_figures_says_which_it_is(harrow_figures, viewer):
    from ascent.documents.model import Table
    from ascent.indicators.models import Observation

    # Harrow's real 2B1 figures after made-up years; one local measure made up entirely.
    Observation.objects.filter(organisation=harrow_figures, indicator__code="HAR-SICK").update(is_illustrative=True)
    made_up = Observation.objects.get(organisation=harrow_figures, indicator__code="ASCOF-2B1", period_code="2018-19")
    earlier = Observation(organisation=harrow_figures, indicator=made_up.indicator, value=80, is_illustrative=True)
    earlier.set_period("2016-17")
    earlier.save()

    document = build_performance(harrow_figures, user=viewer)

    rows = {}
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Table) and block.columns[-1].heading == "Figures":
                rows.update({row[0].split()[0]: row[-1] for row in block.rows})
    assert rows["HAR-SICK"] == "Illustrative"
    assert rows["ASCOF-2B1"] == "Real latest value; illustrative baseline and trend"
    assert rows["HAR-REV12"] == "Real"
    assert "Key: the Figures column" in repr(document)
