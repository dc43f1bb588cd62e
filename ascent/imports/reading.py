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
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

__all__ = [
    "CSV_EXTENSIONS",
    "EXCEL_EXTENSIONS",
    "FORMULA_WITHOUT_VALUE",
    "ReadError",
    "Row",
    "Table",
    "read_table",
]

CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
#: The widest table read; cells to the right of this column are ignored.
MAX_COLUMNS = 200
#: Cell text longer than this is cut short (no legitimate figure is this long).
MAX_CELL_CHARACTERS = 2000

FORMULA_WITHOUT_VALUE = "the cell holds a formula with no saved value: open and save the file in Excel"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DELIMITERS = (",", ";", "\t", "|")
_WHITESPACE = "\u00a0\u2007\u202f\ufeff"


class ReadError(ValueError):
    """The file as a whole cannot be read. The message is written for the person who uploaded it."""


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


def file_type_of(file_name: str) -> str:
    """ "csv" or "xlsx" for a file name we can read; ReadError with the reason otherwise."""
    name = (file_name or "").lower()
    if name.endswith(CSV_EXTENSIONS):
        return "csv"
    if name.endswith(EXCEL_EXTENSIONS):
        return "xlsx"
    if name.endswith(".xls"):
        raise ReadError(
            "The selected file is in the old Excel 97-2003 format (.xls): open it in Excel and save it as an "
            "Excel workbook (.xlsx) or as CSV"
        )
    if name.endswith(".ods"):
        raise ReadError("The selected file is an OpenDocument spreadsheet: save it as an Excel workbook (.xlsx) or CSV")
    raise ReadError("The selected file must be a CSV file or an Excel workbook (.xlsx)")


def read_table(
    data: bytes,
    file_name: str,
    *,
    sheet: str = "",
    max_rows: int | None = None,
    limit: int | None = None,
) -> Table:
    """Read a CSV file or Excel workbook.

    ``sheet`` picks a worksheet by name (the first one by default). ``max_rows`` refuses
    files with more data rows than that; ``limit`` stops after that many data rows (for a
    preview). Raises :class:`ReadError` for a file that cannot be read at all.
    """
    file_type = file_type_of(file_name)
    if not data:
        raise ReadError("The selected file is empty")
    is_zip = data[:4] == b"PK\x03\x04"
    if file_type == "csv":
        if is_zip:
            raise ReadError(
                "The selected file is an Excel workbook with a CSV name: rename it to end in .xlsx, "
                "or save it from Excel as CSV"
            )
        return _read_csv(data, max_rows=max_rows, limit=limit)
    if not is_zip:
        raise ReadError(
            "The selected file is not an Excel workbook: it may be damaged, or a different kind of file "
            "renamed to .xlsx. Save it from Excel again, or as CSV"
        )
    return _read_xlsx(data, sheet=sheet, max_rows=max_rows, limit=limit)


# ----- shared ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = text.strip().strip(_WHITESPACE).strip()
    if len(text) > MAX_CELL_CHARACTERS:
        text = text[:MAX_CELL_CHARACTERS]
    return text


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


def _too_many_rows(max_rows: int) -> ReadError:
    return ReadError(f"The file has more than {max_rows:,} rows: split it into smaller files and import each one")


class _TableBuilder:
    """Collects rows, finds the header row, pads or trims rows to its width, applies the limits."""

    def __init__(self, file_type: str, *, max_rows: int | None, limit: int | None):
        self.table = Table(file_type=file_type, headers=[], header_row=0)
        self.rows = self.table.rows
        self.max_rows = max_rows
        self.limit = limit
        self.width = 0

    @property
    def full(self) -> bool:
        return self.limit is not None and len(self.rows) >= self.limit

    def add(self, number: int, cells: list[str], problems: dict[int, str] | None = None) -> None:
        width = self.width
        if not width:
            self._header(number, cells)
            return
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
        if self.max_rows is not None and len(self.rows) >= self.max_rows:
            raise _too_many_rows(self.max_rows)
        self.rows.append(Row(number, cells, problems))

    def _header(self, number: int, cells: list[str]) -> None:
        cells = cells[:MAX_COLUMNS]
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


def decode_text(data: bytes) -> str:
    """Text of a CSV file: UTF-16 or UTF-8 (with or without a BOM), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter_of(text: str) -> str:
    """Comma, unless the first non-blank line clearly uses another delimiter."""
    for line in text.splitlines():
        if line.strip():
            counts = {delimiter: line.count(delimiter) for delimiter in _DELIMITERS}
            best = max(_DELIMITERS, key=lambda d: counts[d])
            return best if counts[best] > counts[","] else ","
    return ","


def _read_csv(data: bytes, *, max_rows: int | None, limit: int | None) -> Table:
    text = decode_text(data)
    if "\x00" in text:
        raise ReadError("The selected file is not a text (CSV) file: save it from Excel as CSV, or upload the .xlsx")
    builder = _TableBuilder("csv", max_rows=max_rows, limit=limit)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter_of(text))
    try:
        for number, cells in enumerate(reader, start=1):
            builder.add(number, list(map(str.strip, cells)))
            if builder.full:
                builder.table.truncated = True
                break
    except csv.Error as error:
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


def _merges_and_formulas(archive: zipfile.ZipFile, part: str | None) -> tuple[list[tuple[int, int, int, int]], set]:
    """Merged ranges (min_col, min_row, max_col, max_row) and cells holding a formula with no saved value."""
    merges: list[tuple[int, int, int, int]] = []
    unsaved: set[tuple[int, int]] = set()
    if not part:
        return merges, unsaved
    try:
        with archive.open(part) as source:
            for _event, element in ElementTree.iterparse(source, events=("end",)):  # noqa: S314
                tag = element.tag.rpartition("}")[2]
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
                    try:
                        min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                    except (TypeError, ValueError):
                        continue
                    if None not in (min_col, min_row, max_col, max_row):
                        merges.append((min_col, min_row, max_col, max_row))
    except (KeyError, ElementTree.ParseError, ValueError):
        return [], set()
    return merges, unsaved


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _read_xlsx(data: bytes, *, sheet: str, max_rows: int | None, limit: int | None) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means the same thing to the person uploading
        raise ReadError(
            "The selected file could not be opened as an Excel workbook: it may be damaged or password-protected. "
            "Save it from Excel again, or as CSV"
        ) from None
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
        data_rows = 0
        truncated = False
        try:
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                texts = []
                for index, cell in enumerate(cells[:MAX_COLUMNS]):
                    text, problem = _cell_text(cell)
                    texts.append(text)
                    if problem:
                        problems.setdefault(number, {})[index] = problem
                if any(texts) or number in problems:
                    grid[number] = texts
                    data_rows += 1
                    if max_rows is not None and data_rows > max_rows + 1:
                        raise _too_many_rows(max_rows)
                    if limit is not None and data_rows > limit + 1:
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
        merges, unsaved = _merges_and_formulas(archive, _sheet_paths(archive).get(chosen))
    last_row = max(grid) if grid else 0
    for min_col, min_row, max_col, max_row in merges:
        top = grid.get(min_row)
        value = top[min_col - 1] if top and min_col - 1 < len(top) else ""
        if not value or min_col > MAX_COLUMNS:
            continue
        for number in range(min_row, min(max_row, last_row) + 1):
            cells = grid.get(number)
            if cells is None:
                continue
            for column in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                while len(cells) < column:
                    cells.append("")
                if not cells[column - 1]:
                    cells[column - 1] = value
    for number, column in unsaved:
        if column <= MAX_COLUMNS:
            grid.setdefault(number, [""] * column)
            problems.setdefault(number, {})[column - 1] = FORMULA_WITHOUT_VALUE

    builder = _TableBuilder("xlsx", max_rows=max_rows, limit=limit)
    for number in sorted(grid):
        builder.add(number, grid[number], problems.get(number))
        if builder.full:
            break
    table = builder.finish()
    table.sheet_names = sheet_names
    table.sheet_name = chosen
    table.truncated = truncated or builder.full
    return table
