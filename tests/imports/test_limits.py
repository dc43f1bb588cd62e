"""No file can exhaust the server: each limit is enforced as the file is read, with a clear message.

Bombs are generated here, small on disk: millions of identical rows compress to under 2 MB.
"""

from __future__ import annotations

import io
import os
import re
import zipfile

import pytest

from ascent.imports import reading
from ascent.imports.reading import Limits, ReadError, estimate_rows, read_table

from .helpers import csv_bytes, xlsx_bytes, xlsx_of_identical_rows


@pytest.fixture(scope="module")
def three_million_rows():
    return xlsx_of_identical_rows(3_000_000)


@pytest.fixture(scope="module")
def twenty_million_cells():
    return xlsx_of_identical_rows(1_000_000, columns=20)


@pytest.fixture
def never_parsed(monkeypatch):
    """Fail the test if the workbook gets as far as openpyxl."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed before its sizes were checked")

    monkeypatch.setattr(reading, "_load_workbook", refuse)


def refused(data, name="file.xlsx", **kwargs) -> str:
    with pytest.raises(ReadError) as caught:
        read_table(data, name, **kwargs)
    return str(caught.value)


# ----- workbooks: before anything is decompressed -----------------------------------------


def test_a_workbook_of_3_million_rows_is_refused_from_its_sizes_before_it_is_parsed(three_million_rows, never_parsed):
    assert len(three_million_rows) < 2_000_000
    message = refused(three_million_rows)
    assert re.search(r"holds [\d,]+ MB of data once opened, more than the 200 MB allowed", message), message


def test_a_workbook_of_20_million_cells_is_refused_before_it_is_parsed(twenty_million_cells, never_parsed):
    assert "MB of data once opened" in refused(twenty_million_cells)


def test_a_workbook_compressed_far_more_than_figures_compress_is_refused(never_parsed, settings):
    settings.ASCENT_IMPORT_MAX_UNCOMPRESSED_BYTES = 10**10  # leave only the ratio to catch it
    data = xlsx_of_identical_rows(100_000)
    assert "compressed more than 100 times" in refused(data)


def test_a_declared_dimension_over_the_row_limit_is_refused_before_the_rows_are_read(never_parsed):
    data = xlsx_of_identical_rows(3, dimension="A1:D3000000")
    assert refused(data) == (
        "The worksheet has 3,000,000 rows, more than the 500,000 a file may have: "
        "split it into smaller files and import each one"
    )


def test_a_declared_dimension_over_the_cell_limit_is_refused(never_parsed, settings):
    settings.ASCENT_IMPORT_MAX_CELLS = 1000
    data = xlsx_of_identical_rows(3, dimension="A1:Z100")
    assert refused(data).startswith("The worksheet has 2,600 cells or more, more than the 1,000 a file may have")


# ----- workbooks: counted again while streaming (a dimension can lie) -----------------------


def test_rows_are_counted_as_they_are_read_whatever_the_dimension_says(settings):
    settings.ASCENT_IMPORT_MAX_ROWS = 100
    # 10,000 rows: under a megabyte of XML, so that only the row count can catch it.
    data = xlsx_of_identical_rows(10_000, dimension="A1:D2", headings=["a", "b", "c", "d"])
    assert "more than 100 rows" in refused(data)


def test_cells_are_counted_as_they_are_read(settings, monkeypatch):
    settings.ASCENT_IMPORT_MAX_CELLS = 400
    read = []
    data = xlsx_of_identical_rows(10_000, dimension="A1:D2")
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    rows = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in rows(self, *args, **kwargs):
            read.append(row)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    assert "more than the 400 a file may have" in refused(data)
    assert len(read) <= 101, "reading stopped at the limit, not at the end of the sheet"


def test_merged_ranges_count_as_cells(settings):
    settings.ASCENT_IMPORT_MAX_CELLS = 5_000

    def merge_a_lot(workbook):
        for column in range(1, 41):
            workbook.active.merge_cells(start_row=2, start_column=column, end_row=400, end_column=column)

    rows = [["a"] * 40] + [["x"] * 40] + [[""] * 40] * 400
    assert "cells or more, more than the 5,000" in refused(xlsx_bytes(rows, build=merge_a_lot))


def test_a_huge_cell_in_a_workbook_is_refused_naming_it():
    data = xlsx_bytes([["organisation", "value"], ["E09000015", "x" * 3000]])
    assert refused(data) == "Row 2, column B holds 3,000 characters: a cell may hold at most 2,000"


def test_figures_beyond_the_last_column_are_refused_but_blank_columns_are_not(settings):
    settings.ASCENT_IMPORT_MAX_COLUMNS = 3
    assert read_table(xlsx_bytes([["a", "b", "c", None, None], [1, 2, 3, None]]), "f.xlsx").headers == ["a", "b", "c"]
    message = refused(xlsx_bytes([["a", "b", "c"], [1, 2, 3, 4]]))
    assert message == "Row 2 has figures beyond column C: a file may have at most 3 columns"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-30], id="end-of-directory cut"),
        pytest.param(lambda data: b"PK\x03\x04" + os.urandom(5000), id="junk after a zip signature"),
    ],
)
def test_a_damaged_workbook_is_a_clear_message(damage):
    data = damage(xlsx_bytes([["a", "b"], [1, 2]]))
    assert refused(data).startswith("The selected file could not be opened as an Excel workbook")


def test_a_workbook_whose_member_lies_about_its_size_is_refused():
    # A member declaring fewer bytes than it holds: zipfile stops at the declared size and
    # fails the checksum, so the declared sizes bound what is read.
    data = bytearray(xlsx_bytes([["a", "b"], [1, 2]]))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    offset = bytes(data).rfind(b"xl/worksheets/sheet1.xml") - 46 + 24  # its central directory size field
    data[offset : offset + 4] = (10).to_bytes(4, "little")
    assert sheet.file_size > 10
    message = refused(bytes(data))
    assert message.startswith(("The selected file could not be opened", "The worksheet “Data” could not be read"))


# ----- CSV: decoded and split as it is read ------------------------------------------------


def test_a_csv_file_of_3_million_rows_is_refused_at_the_row_limit(settings):
    settings.ASCENT_IMPORT_MAX_ROWS = 50_000  # the default works the same, ten times slower
    data = b"organisation,value\n" + b"E09000015,1\n" * 3_000_000
    assert refused(data, "file.csv") == (
        "The file has more than 50,000 rows: split it into smaller files and import each one"
    )


def test_a_huge_single_cell_is_refused_at_the_line_limit_before_it_is_held_whole():
    data = b"organisation,value\nE09000015," + b"9" * 5_000_000 + b"\n"
    assert refused(data, "file.csv") == (
        "Line 2 of the file is longer than 100,000 characters: it may not be a CSV file. "
        "Save it from Excel as CSV, or upload the .xlsx"
    )


def test_a_quoted_cell_spanning_many_lines_is_refused_at_the_field_limit():
    data = b'organisation,value\nE09000015,"' + b"9999\n" * 40_000 + b'"\n'
    assert refused(data, "file.csv").startswith("A cell near line")


def test_a_long_cell_is_refused_naming_it():
    data = csv_bytes(["organisation", "value"], ["E09000015", "1" * 2001])
    assert refused(data, "file.csv") == "Row 2, column B holds 2,001 characters: a cell may hold at most 2,000"


def test_a_csv_row_with_figures_beyond_the_last_column_is_refused(settings):
    settings.ASCENT_IMPORT_MAX_COLUMNS = 2
    assert "Row 3 has figures beyond column B" in refused(csv_bytes(["a", "b"], [1, 2], [1, 2, 3]), "file.csv")


def test_binary_junk_renamed_csv_is_refused():
    junk = bytes(range(256)) * 200
    assert refused(junk, "file.csv").startswith("The selected file is not a text (CSV) file")


def test_the_limits_are_settings(settings):
    settings.ASCENT_IMPORT_MAX_LINE_CHARACTERS = 10
    assert Limits.from_settings().max_line_characters == 10
    assert "longer than 10 characters" in refused(b"a,b\n12345678901,2\n", "file.csv")


def test_rows_are_estimated_without_reading_the_file(never_parsed):
    assert estimate_rows(b"a\n1\n2\n", "file.csv") == 3
    assert estimate_rows(xlsx_of_identical_rows(3, dimension="A1:D7000"), "file.xlsx") == 7000
    assert estimate_rows(b"PK\x03\x04junk", "file.xlsx") == 0


def test_a_preview_of_a_big_workbook_finds_merged_ranges_without_parsing_every_row():
    def merge(workbook):
        workbook.active.merge_cells("B1:C1")
        workbook.active.merge_cells("A3:A5000")

    data = xlsx_bytes([["organisation", "Value", None]] + [[None, 1, 2]] * 5000, build=merge)
    full, preview = read_table(data, "f.xlsx"), read_table(data, "f.xlsx", limit=3)
    assert preview.headers == full.headers == ["organisation", "Value", "Value (column C)"]
    assert [row.cells for row in preview.rows] == [row.cells for row in full.rows[:3]]
