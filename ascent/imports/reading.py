"""Reading CSV files and Excel workbooks into rows of cell text.

Everything a schema sees is text: :func:`read_table` turns an uploaded file into a
:class:`Table` of header names and :class:`Row` objects, each holding the row's number as the
spreadsheet shows it (so error messages can point at it) and its cells as stripped text.

What Excel produces is handled here, once:

* CSV: UTF-8 with or without a byte order mark, UTF-16 ("Unicode text"), and Windows-1252
  (tried when the bytes are not UTF-8; undecodable bytes become U+FFFD, never an exception).
  The delimiter is a comma unless the header line clearly uses semicolons, tabs or bars.
* XLSX (read with openpyxl in read-only mode, with cached formula values): numbers become
  their shortest text (0.1 stays "0.1", 12.0 becomes "12"); cells formatted as percentages
  become "27.5%" as Excel shows them; dates become ISO dates ("2019-10-07"), or month names
  ("Oct 2019") when the cell's format shows no day; merged ranges repeat the top-left value
  in every cell of the range; a formula with no saved value and an Excel error (#N/A) are
  problems of that cell, reported against its row.
* Blank rows are skipped but never renumbered. The header row is the first row that is not
  blank; blank headings become "Column C" and repeated ones "Value (column D)".

No file can exhaust the server (see :class:`Limits`, each a setting). A CSV file is decoded
and split into lines as it is read, never copied whole into one string; a line, a cell, the
number of rows and of columns each have a limit, checked as the rows arrive. A workbook is a
zip archive: before anything is decompressed, the sizes its members declare (which bound
what can be read from them) and their compression ratios are checked, then the worksheet's
own ``<dimension>``; while the sheet is read, rows and cells are counted again (a dimension
can lie). Each limit ends the read with a :class:`ReadError` naming it.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import posixpath
import re
import zipfile
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.conf import settings
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string, range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = [
    "CSV_EXTENSIONS",
    "EXCEL_EXTENSIONS",
    "FORMULA_WITHOUT_VALUE",
    "Limits",
    "ReadError",
    "Row",
    "Table",
    "estimate_rows",
    "read_table",
]

CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
#: The widest table read (the default of Limits.max_columns, also used to trim headings).
MAX_COLUMNS = 200
#: The longest cell text (the default of Limits.max_cell_characters).
MAX_CELL_CHARACTERS = 2000
_MB = 1024 * 1024

FORMULA_WITHOUT_VALUE = "the cell holds a formula with no saved value: open and save the file in Excel"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DELIMITERS = (",", ";", "\t", "|")
_WHITESPACE = "\u00a0\u2007\u202f\ufeff"


class ReadError(ValueError):
    """The file as a whole cannot be read. The message is written for the person who uploaded it."""


@dataclass(frozen=True)
class Limits:
    """What one file may hold. Each is the setting ``ASCENT_IMPORT_`` + its name in capitals.

    The defaults are far above any real file of indicator values or expenditure (the national
    file of every council's ASCOF values is about 365,000 rows of 7 columns) and low enough
    that reading a file stays within a few hundred megabytes (see bench/README.md).
    """

    #: Data rows (rows below the headings, blank or not).
    max_rows: int = 500_000
    #: Columns holding anything; blank columns beyond are ignored.
    max_columns: int = MAX_COLUMNS
    #: Characters in one cell.
    max_cell_characters: int = MAX_CELL_CHARACTERS
    #: Characters in one line of a CSV file.
    max_line_characters: int = 100_000
    #: Cells of a worksheet, as its dimension declares and as counted while reading.
    max_cells: int = 5_000_000
    #: Bytes of a workbook once decompressed: the sum of the sizes its zip members declare.
    max_uncompressed_bytes: int = 200 * _MB
    #: How many times smaller than its content a zip member may be (for members over 1 MB).
    max_compression_ratio: int = 100

    @classmethod
    def from_settings(cls, **overrides) -> Limits:
        values = {
            item.name: getattr(settings, f"ASCENT_IMPORT_{item.name.upper()}", item.default) for item in fields(cls)
        }
        values.update({name: value for name, value in overrides.items() if value is not None})
        return cls(**values)


@dataclass(slots=True)
class Row:
    """One row of the file: its number as the spreadsheet shows it, and its cells as text."""

    number: int
    cells: list[str]
    #: Cell problems found while reading, by column index (0 for column A).
    problems: dict[int, str] | None = None

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


@dataclass
class Table:
    file_type: str  # "csv" or "xlsx"
    headers: list[str]
    header_row: int
    rows: list[Row] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)
    sheet_name: str = ""
    #: True when reading stopped early because only the first rows were asked for.
    truncated: bool = False


#: Spreadsheets people often have that Ascent cannot read, and what to do instead.
OTHER_SPREADSHEETS = {
    ".xls": (
        "The selected file is in the old Excel 97-2003 format (.xls): open it in Excel and save it as an "
        "Excel workbook (.xlsx) or as CSV"
    ),
    ".ods": "The selected file is an OpenDocument spreadsheet: save it as an Excel workbook (.xlsx) or CSV",
}


def file_type_of(file_name: str) -> str:
    """ "csv" or "xlsx" for a file name we can read; ReadError with the reason otherwise."""
    name = (file_name or "").lower()
    if name.endswith(CSV_EXTENSIONS):
        return "csv"
    if name.endswith(EXCEL_EXTENSIONS):
        return "xlsx"
    for ending, reason in OTHER_SPREADSHEETS.items():
        if name.endswith(ending):
            raise ReadError(reason)
    raise ReadError("The selected file must be a CSV file or an Excel workbook (.xlsx)")


def read_table(
    data: bytes,
    file_name: str,
    *,
    sheet: str = "",
    max_rows: int | None = None,
    limit: int | None = None,
    limits: Limits | None = None,
) -> Table:
    """Read a CSV file or Excel workbook.

    ``sheet`` picks a worksheet by name (the first one by default). ``limits`` says what the
    file may hold (the settings by default); ``max_rows`` overrides its row limit. ``limit``
    stops after that many data rows (for a preview). Raises :class:`ReadError` for a file
    that cannot be read at all or breaks a limit.
    """
    limits = limits or Limits.from_settings()
    if max_rows is not None:
        limits = replace(limits, max_rows=max_rows)
    file_type = _file_type_of_data(data, file_name)
    if file_type == "csv":
        return _read_csv(data, limits=limits, limit=limit)
    return _read_xlsx(data, sheet=sheet, limits=limits, limit=limit)


def _file_type_of_data(data: bytes, file_name: str) -> str:
    file_type = file_type_of(file_name)
    if not data:
        raise ReadError("The selected file is empty")
    is_zip = data[:4] == b"PK\x03\x04"
    if file_type == "csv" and is_zip:
        raise ReadError(
            "The selected file is an Excel workbook with a CSV name: rename it to end in .xlsx, "
            "or save it from Excel as CSV"
        )
    if file_type == "xlsx" and not is_zip:
        raise ReadError(
            "The selected file is not an Excel workbook: it may be damaged, or a different kind of file "
            "renamed to .xlsx. Save it from Excel again, or as CSV"
        )
    return file_type


def estimate_rows(data: bytes, file_name: str, *, sheet: str = "") -> int:
    """About how many rows a file holds, cheaply and without reading it: to decide whether
    checking it is quick enough to do while the person waits.

    A CSV file's line breaks; a worksheet's declared dimension, or else its size (about 50
    bytes of XML a row at the least). Never raises: a file that cannot be read counts as small,
    since reading it will fail at once.
    """
    try:
        file_type = _file_type_of_data(data, file_name)
        if file_type == "csv":
            return data.count(b"\n")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _chosen_part(archive, sheet)
            if part is None:
                return 0
            dimension = _dimension(archive, part)
            if dimension is not None:
                return dimension[1]
            return archive.getinfo(part).file_size // 50
    except (ReadError, zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return 0


# ----- shared ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    return text.strip().strip(_WHITESPACE).strip()


def _unique_headers(cells: list[str]) -> list[str]:
    headers: list[str] = []
    seen: set[str] = set()
    for index, text in enumerate(cells):
        letter = get_column_letter(index + 1)
        name = " ".join(text.split()) or f"Column {letter}"
        if name.casefold() in seen:
            name = f"{name} (column {letter})"
        seen.add(name.casefold())
        headers.append(name)
    return headers


def too_many_rows(max_rows: int) -> ReadError:
    return ReadError(f"The file has more than {max_rows:,} rows: split it into smaller files and import each one")


def _too_many_columns(number: int, limits: Limits) -> ReadError:
    return ReadError(
        f"Row {number} has figures beyond column {get_column_letter(limits.max_columns)}: "
        f"a file may have at most {limits.max_columns:,} columns"
    )


def _cell_too_long(number: int, index: int, length: int, limits: Limits) -> ReadError:
    return ReadError(
        f"Row {number}, column {get_column_letter(index + 1)} holds {length:,} characters: "
        f"a cell may hold at most {limits.max_cell_characters:,}"
    )


def check_row_limits(number: int, cells: list[str], limits: Limits) -> None:
    """Refuse a row with figures beyond the last allowed column, or a cell that is too long."""
    if len(cells) > limits.max_columns and any(cells[limits.max_columns :]):
        raise _too_many_columns(number, limits)
    longest = limits.max_cell_characters
    for index, text in enumerate(cells):
        if len(text) > longest:
            raise _cell_too_long(number, index, len(text), limits)


class _TableBuilder:
    """Collects rows, finds the header row, pads or trims rows to its width, applies the limits."""

    def __init__(self, file_type: str, *, limits: Limits, limit: int | None):
        self.table = Table(file_type=file_type, headers=[], header_row=0)
        self.rows = self.table.rows
        self.limits = limits
        self.max_rows = limits.max_rows
        self.limit = limit
        self.width = 0

    @property
    def full(self) -> bool:
        return self.limit is not None and len(self.rows) >= self.limit

    def add(self, number: int, cells: list[str], problems: dict[int, str] | None = None) -> None:
        check_row_limits(number, cells, self.limits)
        width = self.width
        if not width:
            self._header(number, cells)
            return
        # Every row below the headings counts, blank or not: what a limit bounds is the work.
        if number - self.table.header_row > self.max_rows:
            raise too_many_rows(self.max_rows)
        count = len(cells)
        if count != width:
            if count > width:
                cells = cells[:width]
            else:
                cells.extend([""] * (width - count))
        if problems:
            problems = {index: text for index, text in problems.items() if index < width} or None
        if not problems and not any(cells):
            return
        self.rows.append(Row(number, cells, problems))

    def _header(self, number: int, cells: list[str]) -> None:
        cells = cells[: self.limits.max_columns]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            self.table.headers = _unique_headers(cells)
            self.table.header_row = number
            self.width = len(cells)

    def finish(self) -> Table:
        if not self.table.header_row:
            raise ReadError("The selected file is empty: it has no header row and no figures")
        return self.table


# ----- CSV -------------------------------------------------------------------------------


def _encoding_of(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # Is it UTF-8 throughout? Decoded a block at a time and thrown away, never copied whole.
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _MB):
            decoder.decode(view[start : start + _MB])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _text_stream(data: bytes) -> io.TextIOWrapper:
    """The file's text, decoded as it is read (undecodable bytes become U+FFFD, never an error)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=_encoding_of(data), errors="replace", newline="")


def _lines(stream: io.TextIOBase, limits: Limits):
    """The file's physical lines, refusing a line longer than the limit before it is all in memory."""
    longest = limits.max_line_characters
    number = 0
    while True:
        line = stream.readline(longest + 2)  # room for the line break
        if not line:
            return
        number += 1
        if len(line.rstrip("\r\n")) > longest:
            raise ReadError(
                f"Line {number:,} of the file is longer than {longest:,} characters: "
                "it may not be a CSV file. Save it from Excel as CSV, or upload the .xlsx"
            )
        if "\x00" in line:
            raise ReadError(
                "The selected file is not a text (CSV) file: save it from Excel as CSV, or upload the .xlsx"
            )
        yield line


def _delimiter_of(line: str) -> str:
    """Comma, unless the first non-blank line clearly uses another delimiter."""
    counts = {delimiter: line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _read_csv(data: bytes, *, limits: Limits, limit: int | None) -> Table:
    lines = _lines(_text_stream(data), limits)
    leading: list[str] = []
    delimiter = ","
    for line in lines:
        leading.append(line)
        if line.strip():
            delimiter = _delimiter_of(line)
            break
    builder = _TableBuilder("csv", limits=limits, limit=limit)
    reader = csv.reader(itertools.chain(leading, lines), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            builder.add(number, list(map(str.strip, cells)))
            if builder.full:
                builder.table.truncated = True
                break
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ReadError(
                f"A cell near line {reader.line_num:,} is longer than {csv.field_size_limit():,} characters: "
                f"a cell may hold at most {limits.max_cell_characters:,}"
            ) from None
        raise ReadError(f"The file could not be read as CSV near row {reader.line_num}: {error}") from None
    return builder.finish()


# ----- XLSX ------------------------------------------------------------------------------


def _number_text(value: float | int | Decimal) -> str:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _percent_text(value: float | int) -> str:
    try:
        shown = Decimal(repr(value) if isinstance(value, float) else str(value)) * 100
    except InvalidOperation:
        return _number_text(value)
    text = format(shown.normalize(), "f")
    return f"{text}%"


def _date_text(value: date, number_format: str) -> str:
    if isinstance(value, datetime):
        value = value.date()
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]', "", (number_format or "").lower())
    if "d" not in shown and "m" in shown and "y" in shown:
        return f"{_MONTHS[value.month - 1]} {value.year}"
    return value.isoformat()


def _cell_text(cell) -> tuple[str, str | None]:
    """The text of an openpyxl read-only cell, and a problem with it (or None)."""
    value = cell.value
    if value is None:
        return "", None
    if cell.data_type == "e":
        return str(value), f"the cell holds an Excel error ({value}): give a value or leave the row out"
    if isinstance(value, str):
        return _clean(value), None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, int | float | Decimal):
        if "%" in (cell.number_format or ""):
            return _percent_text(value), None
        return _number_text(value), None
    if isinstance(value, datetime | date):
        return _date_text(value, cell.number_format), None
    if isinstance(value, time | timedelta):
        return str(value), None
    return _clean(str(value)), None


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name → its XML part in the workbook, read from the workbook's own index."""
    names: dict[str, str] = {}
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 - parsed by expat, no entities
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    except (KeyError, ElementTree.ParseError):
        return names
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = target
    for element in workbook.iter():
        if element.tag.endswith("}sheet"):
            rel_id = next((value for key, value in element.attrib.items() if key.endswith("}id")), None)
            if rel_id in targets:
                names[element.get("name", "")] = targets[rel_id]
    return names


_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([^\"]+)\"")


def _merges_and_formulas(
    archive: zipfile.ZipFile, part: str | None, *, last_row: int | None = None
) -> tuple[list[tuple[int, int, int, int]], set]:
    """Merged ranges (min_col, min_row, max_col, max_row) and cells holding a formula with no saved value.

    With ``last_row`` (a preview), formulas are looked for only down to that row, and the merged
    ranges (listed after the rows) are found by scanning the rest of the sheet's bytes, so
    that a preview of a big sheet does not cost a parse of all of it.
    """
    merges: list[tuple[int, int, int, int]] = []
    unsaved: set[tuple[int, int]] = set()
    if not part:
        return merges, unsaved
    refs: list[str] = []
    try:
        with archive.open(part) as source:
            for event, element in ElementTree.iterparse(source, events=("start", "end")):  # noqa: S314
                tag = element.tag.rpartition("}")[2]
                if event == "start":
                    if tag == "row" and last_row is not None and int(element.get("r") or 0) > last_row:
                        break
                    continue
                if tag == "c":
                    # A formula cell Excel has calculated and saved holds its result in <v>.
                    children = {child.tag.rpartition("}")[2]: child for child in element}
                    saved = children.get("v") is not None and (children["v"].text or "") != ""
                    if "f" in children and not saved and "is" not in children and element.get("r"):
                        letters, row = coordinate_from_string(element.get("r"))
                        unsaved.add((row, _column_index(letters)))
                    element.clear()
                elif tag == "row":
                    element.clear()
                elif tag == "mergeCell" and element.get("ref"):
                    refs.append(element.get("ref"))
            else:
                last_row = None  # read to the end: every merged range was seen
        if last_row is not None:
            refs = _merge_refs(archive, part)
    except (KeyError, ElementTree.ParseError, ValueError, zipfile.BadZipFile, EOFError):
        return [], set()
    for ref in refs:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if None not in (min_col, min_row, max_col, max_row):
            merges.append((min_col, min_row, max_col, max_row))
    return merges, unsaved


def _merge_refs(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The ``ref`` of every ``<mergeCell>``, from the bytes after the sheet's rows."""
    tail = b""
    found = False
    with archive.open(part) as source:
        while chunk := source.read(_MB):
            if found:
                tail += chunk
                continue
            window = tail[-64:] + chunk
            end = _SHEET_DATA_END.search(window)
            if end:
                found = True
                tail = window[end.end() :]
            else:
                tail = window
    return [ref.decode("utf-8", "replace") for ref in _MERGE_CELL.findall(tail)] if found else []


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _Sheet(ReadOnlyWorksheet):
    """A read-only worksheet that does not look for its dimension when opened (see _load_workbook)."""

    def _get_size(self):
        pass


class _Reader(ExcelReader):
    """openpyxl's reader, making read-only sheets that do not look for their dimension.

    Opening a workbook, openpyxl reads every worksheet's ``<dimension>``, and where there is
    none (openpyxl's own write-only files have none) it parses the whole sheet to find that
    out: every sheet, before a single row is read, even for a preview of ten rows (3.6 s for
    a 100,000-row upload). The reader resets the dimensions anyway, since they can lie.
    """

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _load_workbook(data: bytes):
    """What ``openpyxl.load_workbook(..., read_only=True, data_only=True)`` does, with :class:`_Reader`."""
    reader = _Reader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    return reader.wb


_DAMAGED = (
    "The selected file could not be opened as an Excel workbook: it may be damaged or password-protected. "
    "Save it from Excel again, or as CSV"
)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]{1,3}\d+)(?::([A-Za-z]{1,3})(\d+))?\"")


def _megabytes(size: int) -> str:
    return f"{size / _MB:,.0f} MB"


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a zip bomb from the sizes its members declare, before decompressing anything.

    Python's zipfile never yields more bytes from a member than its declared size (and fails
    the CRC check if the data would go on), so these sizes bound everything read after.
    """
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise ReadError(
            f"The workbook holds {_megabytes(total)} of data once opened, more than the "
            f"{_megabytes(limits.max_uncompressed_bytes)} allowed: split it into smaller files, or save it as CSV"
        )
    for member in members:
        if member.file_size > _MB and member.file_size > member.compress_size * limits.max_compression_ratio:
            raise ReadError(
                f"The workbook is compressed more than {limits.max_compression_ratio:,} times, far more than a "
                "spreadsheet of figures can be: it may be damaged. Save it from Excel again, or as CSV"
            )


def _chosen_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    paths = _sheet_paths(archive)
    if sheet:
        return paths.get(sheet)
    return next(iter(paths.values()), None)


def _dimension(archive: zipfile.ZipFile, part: str) -> tuple[int, int] | None:
    """(columns, rows) the worksheet declares in its ``<dimension>``, near the start of its XML."""
    try:
        with archive.open(part) as source:
            head = source.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError):
        return None
    match = _DIMENSION.search(head)
    if match is None:
        return None
    if match.group(2):
        return _column_index(match.group(2).decode()), int(match.group(3))
    letters, row = coordinate_from_string(match.group(1).decode())
    return _column_index(letters), row


def _check_dimension(archive: zipfile.ZipFile, part: str | None, limits: Limits) -> None:
    dimension = _dimension(archive, part) if part else None
    if dimension is None:
        return
    columns, rows = dimension
    if rows - 1 > limits.max_rows:
        raise ReadError(
            f"The worksheet has {rows:,} rows, more than the {limits.max_rows:,} a file may have: "
            "split it into smaller files and import each one"
        )
    if columns * rows > limits.max_cells:
        raise _too_many_cells(columns * rows, limits)


def _too_many_cells(cells: int, limits: Limits) -> ReadError:
    return ReadError(
        f"The worksheet has {cells:,} cells or more, more than the {limits.max_cells:,} a file may have: "
        "split it into smaller files, or delete unused rows and columns"
    )


def _read_xlsx(data: bytes, *, sheet: str, limits: Limits, limit: int | None) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, limits)
            _check_dimension(archive, _chosen_part(archive, sheet), limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError) as error:
        if isinstance(error, ReadError):
            raise
        raise ReadError(_DAMAGED) from None
    try:
        workbook = _load_workbook(data)
    except Exception:  # noqa: BLE001 - any failure to open means the same thing to the person uploading
        raise ReadError(_DAMAGED) from None
    max_columns = limits.max_columns
    try:
        sheet_names = [worksheet.title for worksheet in workbook.worksheets]
        if not sheet_names:
            raise ReadError("The workbook has no worksheets")
        chosen = sheet or sheet_names[0]
        if chosen not in sheet_names:
            raise ReadError(f"The workbook has no worksheet called “{chosen}”")
        worksheet = workbook[chosen]
        worksheet.reset_dimensions()
        grid: dict[int, list[str]] = {}
        problems: dict[int, dict[int, str]] = {}
        header_row = 0
        cells_read = 0
        truncated = False
        try:
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                # Counted as the rows arrive, whatever the sheet's dimension said.
                cells_read += len(cells)
                if cells_read > limits.max_cells:
                    raise _too_many_cells(cells_read, limits)
                if header_row and number - header_row > limits.max_rows:
                    raise too_many_rows(limits.max_rows)
                texts = []
                for index, cell in enumerate(cells):
                    text, problem = _cell_text(cell)
                    if index >= max_columns:
                        if text:
                            raise _too_many_columns(number, limits)
                        continue
                    if len(text) > limits.max_cell_characters:
                        raise _cell_too_long(number, index, len(text), limits)
                    texts.append(text)
                    if problem:
                        problems.setdefault(number, {})[index] = problem
                if any(texts) or number in problems:
                    header_row = header_row or number
                    grid[number] = texts
                    if limit is not None and len(grid) > limit + 1:
                        truncated = True
                        break
        except ReadError:
            raise
        except Exception:  # noqa: BLE001 - a damaged sheet is the uploader's problem to fix, not a crash
            raise ReadError(
                f"The worksheet “{chosen}” could not be read: it may be damaged. Save it from Excel again, or as CSV"
            ) from None
    finally:
        workbook.close()

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        merges, unsaved = _merges_and_formulas(
            archive, _sheet_paths(archive).get(chosen), last_row=max(grid, default=0) if truncated else None
        )
    last_row = max(grid) if grid else 0
    spread = 0
    for min_col, min_row, max_col, max_row in merges:
        top = grid.get(min_row)
        value = top[min_col - 1] if top and min_col - 1 < len(top) else ""
        if not value or min_col > max_columns:
            continue
        rows = range(min_row, min(max_row, last_row) + 1)
        columns = range(min_col, min(max_col, max_columns) + 1)
        # Merged ranges are cheap to declare and costly to fill: they count as cells too.
        spread += len(rows) * len(columns)
        if cells_read + spread > limits.max_cells:
            raise _too_many_cells(cells_read + spread, limits)
        for number in rows:
            cells = grid.get(number)
            if cells is None:
                continue
            for column in columns:
                while len(cells) < column:
                    cells.append("")
                if not cells[column - 1]:
                    cells[column - 1] = value
    for number, column in unsaved:
        if column <= max_columns:
            grid.setdefault(number, [""] * column)
            problems.setdefault(number, {})[column - 1] = FORMULA_WITHOUT_VALUE

    builder = _TableBuilder("xlsx", limits=limits, limit=limit)
    for number in sorted(grid):
        builder.add(number, grid[number], problems.get(number))
        if builder.full:
            break
    table = builder.finish()
    table.sheet_names = sheet_names
    table.sheet_name = chosen
    table.truncated = truncated or builder.full
    return table
