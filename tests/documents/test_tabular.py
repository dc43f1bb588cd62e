"""The one spreadsheet writer: text that looks like a formula never becomes one."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from ascent.documents.tabular import Spreadsheet, csv_bytes, csv_field, csv_text, starts_like_formula

#: The payloads of OWASP's CSV injection page, one per trigger character.
PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _workbook(values):
    spreadsheet = Spreadsheet(title="Test")
    sheet = spreadsheet.add_sheet("Data")
    for value in values:
        sheet.append([value])
    return openpyxl.load_workbook(io.BytesIO(spreadsheet.to_bytes()))


def _cells(values):
    return [row[0] for row in _workbook(values)["Data"].iter_rows(min_row=1, max_row=len(values))]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_csv_field_that_starts_like_a_formula_gets_a_leading_apostrophe(payload):
    assert csv_field(payload) == "'" + payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_csv_file_holds_the_payload_as_neutralised_text(payload):
    text = csv_bytes([["Heading"], [payload]]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["Heading"], ["'" + payload]]


@pytest.mark.parametrize("payload", [" =1+1", "  @SUM(A1)", "\n=1"])
def test_leading_spaces_do_not_hide_a_formula(payload):
    assert starts_like_formula(payload)
    assert csv_field(payload) == "'" + payload


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Home care", "Home care"),
        ("Mary O'Brien", "Mary O'Brien"),
        ("50% = target", "50% = target"),
        ("", ""),
        (None, ""),
        (12, "12"),
        (-3, "-3"),
        (-3.5, "-3.5"),
        (Decimal("-12.50"), "-12.50"),
        (Decimal("58.5"), "58.5"),
        (date(2024, 3, 31), "2024-03-31"),
    ],
)
def test_ordinary_values_are_written_as_they_are(value, expected):
    assert csv_field(value) == expected


def test_a_negative_number_given_as_text_is_text():
    assert csv_field("-3.5") == "'-3.5"
    assert csv_field("-1+2") == "'-1+2"


def test_csv_quotes_fields_holding_separators_so_no_new_field_can_start():
    text = csv_text([["=1,=2", 'say "hi"']])
    assert text == '"\'=1,=2","say ""hi"""\r\n'


def test_a_yes_no_value_must_be_written_as_words():
    with pytest.raises(TypeError):
        csv_field(True)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_xlsx_cell_that_starts_like_a_formula_is_a_marked_string(payload):
    (cell,) = _cells([payload])
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    # The text is kept as written (Excel's apostrophe mark is not part of the value).
    assert cell.value == payload


def test_no_cell_is_ever_a_formula_or_an_error():
    values = [*PAYLOADS, "#N/A", "#DIV/0!", "=", "Home care"]
    cells = _cells(values)
    assert [cell.data_type for cell in cells] == ["s"] * len(values)
    assert cells[-1].quotePrefix is False
    assert cells[6].value == "#N/A"


def test_xlsx_numbers_stay_numbers_with_their_format():
    spreadsheet = Spreadsheet()
    sheet = spreadsheet.add_sheet("Data")
    sheet.put(1, 1, -3.5, number_format="0.0")
    sheet.put(2, 1, Decimal("-12.25"), number_format='"£"#,##0.00')
    sheet.put(3, 1, 7)
    sheet.put(4, 1, None)
    sheet.put(5, 1, "-3.5")
    data = openpyxl.load_workbook(io.BytesIO(spreadsheet.to_bytes()))["Data"]
    assert (data["A1"].value, data["A1"].data_type, data["A1"].number_format) == (-3.5, "n", "0.0")
    assert (data["A2"].value, data["A2"].number_format) == (-12.25, '"£"#,##0.00')
    assert (data["A3"].value, data["A3"].data_type) == (7, "n")
    assert data["A4"].value is None
    assert (data["A5"].value, data["A5"].data_type, data["A5"].quotePrefix) == ("-3.5", "s", True)


def test_xlsx_dates_stay_dates_and_aware_times_are_local():
    moment = timezone.make_aware(datetime(2024, 7, 1, 9, 30))
    spreadsheet = Spreadsheet()
    sheet = spreadsheet.add_sheet("Data")
    sheet.put(1, 1, date(2024, 3, 31))
    sheet.put(2, 1, moment)
    data = openpyxl.load_workbook(io.BytesIO(spreadsheet.to_bytes()))["Data"]
    assert data["A1"].is_date and data["A1"].value == datetime(2024, 3, 31)
    assert data["A2"].is_date and data["A2"].value == datetime(2024, 7, 1, 9, 30)


def test_characters_a_workbook_cannot_hold_are_dropped_not_a_failure():
    (cell,) = _cells(["bell\x07 and null\x00"])
    assert cell.value == "bell and null"
    assert csv_field("bell\x07") == "bell"


def test_an_internal_link_keeps_its_text_safe():
    spreadsheet = Spreadsheet()
    sheet = spreadsheet.add_sheet("Data")
    sheet.link(1, 1, "=Sheet", location="'=Sheet'!A1")
    data = openpyxl.load_workbook(io.BytesIO(spreadsheet.to_bytes()))["Data"]
    assert data["A1"].data_type == "s" and data["A1"].hyperlink.location == "'=Sheet'!A1"


def test_every_spreadsheet_and_csv_is_written_by_the_one_writer():
    # A second writer would be a second place to forget the neutralising: only
    # ascent/documents/tabular.py may create workbooks or CSV writers.
    root = Path(__file__).resolve().parents[2] / "ascent"
    pattern = re.compile(r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(|openpyxl import Workbook\b")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "tabular.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
