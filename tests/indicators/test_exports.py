"""Downloading a scorecard as CSV and Excel, read back with the csv module and openpyxl."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ascent.indicators.exports import to_json_records

from .factories import IndicatorFactory, TargetFactory, series

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def scorecard_data(harrow):
    reviews = IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months", decimals=0)
    series(harrow, reviews, {"2022-23": "74.4", "2023-24": "83.4"})
    TargetFactory(organisation=harrow, indicator=reviews, period="2023-24", value=D("80"))
    spend = IndicatorFactory(
        organisation=harrow, code="HAR-SPEND", title="Spend per client", unit="money", decimals=0, polarity="neither"
    )
    series(harrow, spend, {"2023-24": "12345.67"})
    return reviews, spend


def download(client, organisation, fmt, **params):
    url = reverse("indicators:scorecard-export", kwargs={"gss_code": organisation.gss_code, "fmt": fmt})
    return client.get(url, params)


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_starts_with_a_byte_order_mark_and_a_header_row(client, harrow, viewer, scorecard_data):
    client.force_login(viewer)
    response = download(client, harrow, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("Group,Code,Indicator,Unit,Baseline")
    assert response["Content-Disposition"].startswith('attachment; filename="scorecard-E09000015-')


def test_the_csv_holds_each_rows_figures(client, harrow, viewer, scorecard_data):
    client.force_login(viewer)
    rows = {row["Code"]: row for row in read_csv(download(client, harrow, "csv"))}
    assert rows["HAR-REV12"] == {
        "Group": "Local indicators",
        "Code": "HAR-REV12",
        "Indicator": "Reviews within 12 months",
        "Unit": "Per cent (%)",
        "Baseline": "74",
        "Baseline period": "2022-23",
        "Target": "At least 80%",
        "Latest": "83",
        "Latest period": "2023-24",
        "Status": "Final",
        "Approximate": "no",
        "Previous": "74",
        "Previous period": "2022-23",
        "RAG": "Green",
        "Direction of travel": "Improving",
        "Illustrative": "no",
        "Illustrative figures": "",
    }
    assert rows["HAR-SPEND"]["Latest"] == "12346"
    assert rows["HAR-SPEND"]["RAG"] == "Not rated"


def test_the_download_honours_the_filters(client, harrow, viewer, scorecard_data):
    client.force_login(viewer)
    assert [row["Code"] for row in read_csv(download(client, harrow, "csv", rag="none"))] == ["HAR-SPEND"]
    assert [row["Code"] for row in read_csv(download(client, harrow, "csv", q="reviews"))] == ["HAR-REV12"]


def test_illustrative_rows_are_noted_in_their_own_column(client, harrow, viewer, scorecard_data):
    made_up = IndicatorFactory(organisation=harrow, code="DEMO")
    series(harrow, made_up, {"2023-24": "5"}, is_illustrative=True)
    client.force_login(viewer)
    rows = {row["Code"]: row for row in read_csv(download(client, harrow, "csv"))}
    assert (rows["DEMO"]["Illustrative"], rows["DEMO"]["Illustrative figures"]) == ("yes", "latest, baseline, trend")
    assert (rows["HAR-REV12"]["Illustrative"], rows["HAR-REV12"]["Illustrative figures"]) == ("no", "")


def test_a_real_latest_value_after_made_up_years_says_which_figures_are_made_up(client, harrow, viewer, scorecard_data):
    mixed = IndicatorFactory(organisation=harrow, code="MIXED")
    series(harrow, mixed, {"2021-22": "60", "2022-23": "61"}, is_illustrative=True)
    series(harrow, mixed, {"2023-24": "70"})
    client.force_login(viewer)
    row = {row["Code"]: row for row in read_csv(download(client, harrow, "csv"))}["MIXED"]
    assert (row["Latest"], row["Illustrative"]) == ("70.0", "no")
    assert row["Illustrative figures"] == "previous, baseline, trend"


def test_without_illustrative_rows_every_row_says_no(client, harrow, viewer, scorecard_data):
    client.force_login(viewer)
    assert {row["Illustrative"] for row in read_csv(download(client, harrow, "csv"))} == {"no"}


def test_the_workbook_has_a_title_row_a_header_row_and_numbers_as_numbers(client, harrow, viewer, scorecard_data):
    client.force_login(viewer)
    response = download(client, harrow, "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Performance scorecard: Harrow"
    assert sheet["A1"].font.bold
    header = [cell.value for cell in sheet[4]]
    assert header[:4] == ["Group", "Code", "Indicator", "Unit"]
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["HAR-REV12"]["Latest"] == 83
    assert isinstance(rows["HAR-REV12"]["Latest"], int | float)
    assert rows["HAR-REV12"]["RAG"] == "Green"
    latest = sheet.cell(row=5, column=header.index("Latest") + 1)
    assert latest.number_format == '#,##0"%"'


def test_the_workbook_notes_illustrative_rows(client, harrow, viewer, scorecard_data):
    made_up = IndicatorFactory(organisation=harrow, code="DEMO")
    series(harrow, made_up, {"2023-24": "5"}, is_illustrative=True)
    client.force_login(viewer)
    sheet = load_workbook(io.BytesIO(download(client, harrow, "xlsx").content)).active
    header = [cell.value for cell in sheet[4]]
    notes = {row[1]: row[header.index("Illustrative")] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert notes["DEMO"] == "yes"
    assert notes["HAR-REV12"] == "no"


def test_an_empty_scorecard_still_downloads(client, harrow, viewer):
    client.force_login(viewer)
    assert read_csv(download(client, harrow, "csv")) == []
    sheet = load_workbook(io.BytesIO(download(client, harrow, "xlsx").content)).active
    assert sheet.max_row == 4


def test_another_format_is_a_404(client, harrow, viewer):
    client.force_login(viewer)
    assert download(client, harrow, "pdf").status_code == 404


def test_json_records_hold_numbers(harrow, scorecard_data):
    from ascent.indicators.scorecard import build_scorecard

    records = {record["code"]: record for record in to_json_records(build_scorecard(harrow))}
    assert records["HAR-REV12"]["latest"] == 83
    assert records["HAR-REV12"]["is_illustrative"] is False
    assert records["HAR-SPEND"]["baseline"] == 12346


def test_the_workbook_shows_ratings_on_their_tag_colours_and_prints_landscape(client, harrow, viewer, scorecard_data):
    from ascent.core.rag import RAG
    from ascent.documents.colours import rag_colours

    client.force_login(viewer)
    sheet = load_workbook(io.BytesIO(download(client, harrow, "xlsx").content)).active
    header = [cell.value for cell in sheet[4]]
    rag_cells = [row[header.index("RAG")] for row in sheet.iter_rows(min_row=5)]
    assert rag_cells
    for cell in rag_cells:
        rag = next(rag for rag in RAG if rag.label == cell.value)  # the words are there
        assert cell.fill.start_color.rgb[-6:] == rag_colours(rag).background_hex
        assert cell.font.color.rgb[-6:] == rag_colours(rag).text_hex
    # Set up to print: landscape, one page wide, the heading row on every page, the title on top.
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.oddHeader.left.text == "Performance scorecard: Harrow"
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[4]}
    assert max(widths, key=widths.get) == "Indicator"


def test_the_workbook_columns_fit_their_formatted_money_and_print_at_eight_points(client, harrow, viewer):
    from tests.documents.test_board_pack import printed_text_size

    spend = IndicatorFactory(
        organisation=harrow,
        code="HAR-BUDGET",
        title="Budget variance against the approved budget for adult social care",
        unit="money",
        decimals=0,
        polarity="neither",
    )
    series(harrow, spend, {"2022-23": "1600000", "2023-24": "-183000"})
    client.force_login(viewer)
    sheet = load_workbook(io.BytesIO(download(client, harrow, "xlsx").content)).active
    header = [cell.value for cell in sheet[4]]
    widths = {heading: sheet.column_dimensions[chr(ord("A") + index)].width for index, heading in enumerate(header)}
    # "-£183,000" and "£1,600,000" as the spreadsheet shows them, with a character to spare.
    assert widths["Latest"] >= len("-£183,000") + 1
    assert widths["Previous"] >= len("£1,600,000") + 1
    row = next(row for row in sheet.iter_rows(min_row=5) if row[1].value == "HAR-BUDGET")
    assert row[header.index("Latest")].value == -183000
    # Printed on one landscape page width, the text is 8 points or more; the columns a board
    # paper does without are folded away (hidden, not deleted).
    assert printed_text_size(sheet) >= 8
    folded = [heading for index, heading in enumerate(header) if sheet.column_dimensions[chr(ord("A") + index)].hidden]
    assert folded == ["Unit", "Status", "Previous", "Previous period", "Illustrative figures"]
    assert widths["Indicator"] == max(width for heading, width in widths.items() if heading not in folded)
