"""Reading what Excel and other tools produce: encodings, blank rows, merged cells, formulas, dates."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from openpyxl.styles import Alignment

from ascent.imports.reading import FORMULA_WITHOUT_VALUE, ReadError, read_table

from .helpers import csv_bytes, xlsx_bytes


def cells(table):
    return [(row.number, row.cells) for row in table.rows]


# ----- CSV -------------------------------------------------------------------------------


def test_it_reads_a_plain_csv_with_row_numbers_as_a_spreadsheet_shows_them():
    table = read_table(csv_bytes(["a", "b"], ["1", "2"], ["3", "4"]), "file.csv")
    assert table.headers == ["a", "b"]
    assert table.header_row == 1
    assert cells(table) == [(2, ["1", "2"]), (3, ["3", "4"])]


def test_it_drops_a_utf8_byte_order_mark_from_the_first_heading():
    table = read_table(b"\xef\xbb\xbforganisation,value\r\nE09000015,1\r\n", "file.csv")
    assert table.headers == ["organisation", "value"]


def test_it_reads_windows_1252_pound_signs_and_dashes():
    data = csv_bytes(["service", "amount"], ["Adults – long term", "£34,099k"], encoding="cp1252")
    assert b"\xa3" in data and b"\x96" in data  # genuinely not UTF-8
    table = read_table(data, "file.csv")
    assert cells(table) == [(2, ["Adults – long term", "£34,099k"])]


def test_bytes_undefined_in_windows_1252_never_crash():
    table = read_table(b"name,value\r\nodd\x81\x8d,1\r\n", "file.csv")
    assert table.rows[0].cells[1] == "1"


def test_it_reads_utf16_unicode_text_as_excel_saves_it():
    data = "\ufeffa\tb\r\n£1\t2\r\n".encode("utf-16-le")
    table = read_table(data, "file.txt")
    assert table.headers == ["a", "b"]
    assert cells(table) == [(2, ["£1", "2"])]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_it_recognises_other_delimiters_from_the_heading_line(delimiter):
    table = read_table(csv_bytes(["a", "b", "c"], ["1", "2,5", "3"], delimiter=delimiter), "file.csv")
    assert table.headers == ["a", "b", "c"]
    assert table.rows[0].cells == ["1", "2,5", "3"]


def test_blank_rows_are_skipped_but_never_renumber_the_rows_after_them():
    data = csv_bytes([], ["a", "b"], ["1", "2"], ["", ""], [" ", ""], ["3", "4"])
    table = read_table(data, "file.csv")
    assert table.header_row == 2
    assert cells(table) == [(3, ["1", "2"]), (6, ["3", "4"])]


def test_a_quoted_cell_with_a_line_break_stays_one_row():
    table = read_table(b'a,b\r\n"two\r\nlines",1\r\nx,2\r\n', "file.csv")
    assert cells(table) == [(2, ["two\r\nlines", "1"]), (3, ["x", "2"])]


def test_cells_are_trimmed_and_rows_padded_to_the_headings():
    table = read_table(b"a,b,c\r\n 1 ,\xc2\xa02\xc2\xa0\r\n", "file.csv")
    assert table.rows[0].cells == ["1", "2", ""]


def test_blank_and_repeated_headings_get_names_of_their_own():
    table = read_table(b"value,,Value\r\n1,2,3\r\n", "file.csv")
    assert table.headers == ["value", "Column B", "Value (column C)"]


def test_only_the_first_rows_are_read_for_a_preview():
    data = csv_bytes(["a"], *[[str(n)] for n in range(50)])
    table = read_table(data, "file.csv", limit=5)
    assert len(table.rows) == 5
    assert table.truncated


def test_a_file_with_too_many_rows_is_refused_with_a_clear_message():
    data = csv_bytes(["a"], *[[str(n)] for n in range(11)])
    with pytest.raises(ReadError, match="more than 10 rows: split it into smaller files"):
        read_table(data, "file.csv", max_rows=10)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("figures.pdf", b"%PDF-1.4", "must be a CSV file or an Excel workbook"),
        ("figures.xls", b"\xd0\xcf\x11\xe0", "old Excel 97-2003 format"),
        ("figures.ods", b"PK\x03\x04", "OpenDocument spreadsheet"),
        ("figures.csv", b"", "The selected file is empty"),
        ("figures.csv", b"\r\n , \r\n", "no header row"),
        ("figures.csv", b"PK\x03\x04rest", "Excel workbook with a CSV name"),
        ("figures.csv", b"a\x00b", "not a text (CSV) file"),
        ("figures.xlsx", b"a,b\r\n1,2\r\n", "not an Excel workbook"),
        ("figures.xlsx", b"PK\x03\x04broken", "could not be opened as an Excel workbook"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_the_reason(name, data, message):
    with pytest.raises(ReadError, match=re.escape(message)):
        read_table(data, name)


# ----- XLSX ------------------------------------------------------------------------------


def test_it_reads_the_first_worksheet_of_a_workbook():
    data = xlsx_bytes([["organisation", "value"], ["E09000015", 27.5]], sheets={"Notes": [["x"]]})
    table = read_table(data, "file.xlsx")
    assert table.sheet_names == ["Data", "Notes"]
    assert table.sheet_name == "Data"
    assert cells(table) == [(2, ["E09000015", "27.5"])]


def test_a_worksheet_can_be_chosen_by_name():
    data = xlsx_bytes([["a"], ["1"]], sheets={"Figures": [["b"], ["2"]]})
    table = read_table(data, "file.xlsx", sheet="Figures")
    assert table.headers == ["b"]
    assert cells(table) == [(2, ["2"])]


def test_an_unknown_worksheet_is_refused():
    with pytest.raises(ReadError, match="no worksheet called “Missing”"):
        read_table(xlsx_bytes([["a"], ["1"]]), "file.xlsx", sheet="Missing")


def test_numbers_keep_their_exact_decimal_text():
    data = xlsx_bytes([["value"], [0.1], [12.0], [7], [33.333333], [1e-7]])
    table = read_table(data, "file.xlsx")
    assert [row.cells[0] for row in table.rows] == ["0.1", "12", "7", "33.333333", "1e-07"]
    assert Decimal(table.rows[0].cells[0]) == Decimal("0.1")


def test_percentage_cells_read_as_excel_shows_them():
    def percent(workbook):
        workbook.active["A2"].number_format = "0.0%"

    table = read_table(xlsx_bytes([["value"], [0.275]], build=percent), "file.xlsx")
    assert table.rows[0].cells == ["27.5%"]


def test_dates_become_iso_dates_or_months_when_the_format_shows_no_day():
    def formats(workbook):
        workbook.active["A3"].number_format = "mmm-yy"

    data = xlsx_bytes([["period"], [datetime.date(2019, 10, 7)], [datetime.date(2019, 10, 1)]], build=formats)
    table = read_table(data, "file.xlsx")
    assert [row.cells[0] for row in table.rows] == ["2019-10-07", "Oct 2019"]


def test_blank_rows_in_a_worksheet_keep_the_true_row_numbers():
    data = xlsx_bytes([["a", "b"], [1, 2], [None, None], [None, None], [3, 4]])
    assert cells(read_table(data, "file.xlsx")) == [(2, ["1", "2"]), (5, ["3", "4"])]


def test_a_title_above_blank_rows_is_the_header_row_when_it_comes_first():
    data = xlsx_bytes([[None], ["a", "b"], [1, 2]])
    table = read_table(data, "file.xlsx")
    assert table.header_row == 2
    assert cells(table) == [(3, ["1", "2"])]


def test_merged_cells_repeat_their_value_across_the_range():
    def merge(workbook):
        sheet = workbook.active
        sheet.merge_cells("A2:A4")  # one organisation for three rows
        sheet.merge_cells("B5:C5")
        sheet["A2"].alignment = Alignment(vertical="top")

    rows = [
        ["organisation", "indicator", "value"],
        ["E09000015", "X", 1],
        [None, "Y", 2],
        [None, "Z", 3],
        ["E06000019", "same", None],
    ]
    table = read_table(xlsx_bytes(rows, build=merge), "file.xlsx")
    assert cells(table) == [
        (2, ["E09000015", "X", "1"]),
        (3, ["E09000015", "Y", "2"]),
        (4, ["E09000015", "Z", "3"]),
        (5, ["E06000019", "same", "same"]),
    ]


def test_a_formula_with_no_saved_value_is_a_problem_of_its_row():
    # openpyxl saves formulas without their results, as a workbook never opened in Excel has.
    rows = [["indicator", "value"], ["X", "=1+1"], ["Y", 5]]
    table = read_table(xlsx_bytes(rows), "file.xlsx")
    assert table.rows[0].number == 2
    assert table.rows[0].problems == {1: FORMULA_WITHOUT_VALUE}
    assert table.rows[1].problems is None


def test_a_formula_with_a_saved_value_reads_as_the_value():
    import io
    import zipfile

    data = xlsx_bytes([["value"], ["=2*3"]])
    # Add the cached result Excel writes when it saves: <c r="A2"><f>2*3</f><v>6</v></c>.
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<f>2*3</f><v></v>", b"<f>2*3</f><v>6</v>").replace(
                    b"<f>2*3</f></c>", b"<f>2*3</f><v>6</v></c>"
                )
                assert b"<v>6</v>" in content
            target.writestr(item, content)
    table = read_table(buffer.getvalue(), "file.xlsx")
    assert table.rows[0].cells == ["6"]
    assert table.rows[0].problems is None


def test_excel_error_values_are_problems_of_their_row():
    import io
    import zipfile

    data = xlsx_bytes([["value"], ["placeholder"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = content.index(b'<c r="A2"')
                end = content.index(b"</c>", start) + 4
                content = content[:start] + b'<c r="A2" t="e"><v>#N/A</v></c>' + content[end:]
            target.writestr(item, content)
    table = read_table(buffer.getvalue(), "file.xlsx")
    assert table.rows[0].problems == {0: "the cell holds an Excel error (#N/A): give a value or leave the row out"}
