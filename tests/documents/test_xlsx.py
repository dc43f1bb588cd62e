"""Excel rendering with openpyxl, read back with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.documents.model import Column, Document, Section, Table
from ascent.documents.renderers import render
from ascent.documents.renderers.xlsx import render_xlsx, sheet_title

from . import sample_document


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(sample_document())))


def test_sheet_names(workbook):
    assert workbook.sheetnames == [
        "Contents",
        "Permanent admissions compared",
        "Gross spending on adult social",
        "Spending per adult over time",
    ]


def test_contents_sheet(workbook):
    sheet = workbook["Contents"]
    assert sheet["A1"].value == "Organisation profile"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "Adult social care in Harrow"
    values = [(row[0], row[1]) for row in sheet.iter_rows(min_row=3, max_col=2, values_only=True)]
    assert ("Organisation", "Harrow") in values
    assert ("Notes", "Illustrative: not official statistics.") in values
    assert ("People supported", "3,579") in values
    links = [cell for cell in sheet["A"] if cell.hyperlink is not None]
    assert [cell.value for cell in links] == workbook.sheetnames[1:]
    assert links[0].hyperlink.location == "'Permanent admissions compared'!A1"


def test_table_sheet_layout(workbook):
    sheet = workbook["Gross spending on adult social"]
    assert sheet["A1"].value == "Gross spending on adult social care"
    assert sheet["A2"].value == "Source: illustrative figures."
    header = [cell.value for cell in sheet[3]]
    assert header == ["Service", "Spend", "Change", "Clients", "Comment"]
    assert all(cell.font.bold for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:E6"
    assert sheet.column_dimensions["A"].width >= len("Direct payments")


def test_numbers_are_stored_as_numbers(workbook):
    sheet = workbook["Gross spending on adult social"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0] == ("Residential care", 12500000, 4.5, 1234, "Rising")
    assert rows[1][1] == pytest.approx(8250000.5)
    assert rows[2][3] is None and rows[2][4] == "[c]"
    for value in (rows[0][1], rows[0][2], rows[0][3], rows[1][1]):
        assert isinstance(value, int | float)
    assert sheet["B4"].number_format == '"£"#,##0'
    assert sheet["B5"].number_format == '"£"#,##0.00'
    assert sheet["C4"].number_format == '#,##0.0"%"'
    assert sheet["D4"].number_format == "#,##0"


def test_chart_tables_get_sheets(workbook):
    sheet = workbook["Permanent admissions compared"]
    assert sheet["A1"].value == "Permanent admissions per 100,000 adults aged 65 and over"
    assert [cell.value for cell in sheet[2]] == ["Council", "Rate per 100,000"]
    assert sheet["B3"].value == pytest.approx(612.5)
    assert sheet.freeze_panes == "A3"


def test_sheet_titles_are_valid_and_unique():
    taken = {"contents"}
    assert sheet_title("Contents", taken) == "Contents (2)"
    assert sheet_title("Rates: [2024/25] *draft*?", taken) == "Rates 2024 25 draft"
    assert sheet_title("'Quoted'", taken) == "Quoted"
    assert sheet_title("History", taken) == "History (2)"
    long = "A very long caption that goes on and on and on"
    first = sheet_title(long, taken)
    second = sheet_title(long.upper(), taken)
    assert len(first) <= 31 and len(second) <= 31
    assert first.lower() != second.lower()
    assert sheet_title("   ", taken) == "Table"


@given(st.lists(st.text(max_size=60), min_size=1, max_size=12))
def test_sheet_titles_always_valid(texts):
    taken: set[str] = set()
    titles = [sheet_title(text, taken) for text in texts]
    assert len({title.lower() for title in titles}) == len(titles)
    for title in titles:
        assert 1 <= len(title) <= 31
        assert not set(title) & set("[]:*?/\\")
        assert not title.startswith("'") and not title.endswith("'")


def test_many_same_captions_open_in_openpyxl():
    tables = [Table("Same caption", [Column("A"), Column("N", kind="number")], [["x", n]]) for n in range(12)]
    document = Document("Many", sections=[Section("Tables", tables)])
    content, content_type, extension = render(document, "xlsx")
    assert content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert extension == "xlsx"
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert len(book.sheetnames) == 13
    assert book.sheetnames[-1] == "Same caption (12)"
