"""Excel (XLSX) rendering, through the one spreadsheet writer in :mod:`ascent.documents.tabular`.

One "Contents" sheet (title, metadata, each distinct note once, key figures and a linked
list of tables), then one sheet per table, chart tables included, named by its caption cut
at a word. Ratings are written in words on their GOV.UK tag colours and :class:`Figure`
cells are numbers in their own format. Following the Government Analysis Function's guidance on
accessible spreadsheets: each table sheet starts with its caption in A1, has a single
header row (bold, frozen, filtered) and no blank rows inside the table, and numbers are
stored as numbers with a display format rather than as text. Text never becomes a formula
(see :mod:`ascent.documents.tabular`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ascent.core.rag import RAG
from ascent.documents.model import Column, Document, Figure, KeyFigures, Note, Table, is_number
from ascent.documents.tabular import Sheet, Spreadsheet, formatted_length, number_format, rag_style

__all__ = ["render_xlsx", "sheet_title"]

CONTENTS = "Contents"
_MAX_SHEET_TITLE = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_RESERVED = {"history"}  # Excel reserves "History"
#: Column widths (characters) are set to the content within these bounds; longer text wraps.
#: The first column (an indicator's name) may be the widest; a number's column is always as
#: wide as its widest number as the spreadsheet shows it.
_MIN_WIDTH, _MAX_WIDTH, _MAX_FIRST_WIDTH = 8, 30, 40
_TRAILING_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "that", "the", "to", "whose", "with"}
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_LINK = Font(color="1D70B8", underline="single")


def _tidy_title(text: str) -> str:
    """Remove the spaces and apostrophes Excel refuses at either end of a title."""
    return text.strip(" '")


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique worksheet title from ``text``; adds it (lower-cased) to ``taken``.

    Excel titles are at most 31 characters, cannot contain ``[ ] : * ? / \\``, cannot
    start or end with an apostrophe, and are unique ignoring case.
    """
    base = _tidy_title(re.sub(r"\s+", " ", _FORBIDDEN.sub(" ", text))) or "Table"
    candidate, number = _shorten(base, _MAX_SHEET_TITLE), 1
    while candidate.lower() in taken or candidate.lower() in _RESERVED:
        number += 1
        suffix = f" ({number})"
        candidate = _shorten(base, _MAX_SHEET_TITLE - len(suffix)) + suffix
    taken.add(candidate.lower())
    return candidate


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary (never mid-word, unless
    its first word alone is too long), with no dangling punctuation, apostrophe or space."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit].isalnum() and cut[-1].isalnum() and " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]  # drop the word that was cut
    # Nor end on a little word that leads into the words cut off ("...reducing the").
    words = cut.split(" ")
    while len(words) > 1 and words[-1].lower() in _TRAILING_WORDS:
        words.pop()
    cut = " ".join(words)
    return _tidy_title(cut.rstrip(" ,;.-–'")) or _tidy_title(text[:limit]) or "Table"


def _places(value: int | float | Decimal) -> int:
    """How many decimal places ``value`` is written with (at most 6)."""
    if isinstance(value, int):
        return 0
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0
    text = repr(value)
    if "e" in text or "E" in text or "." not in text:
        return 0 if float(value).is_integer() else 2
    decimals = text.split(".", 1)[1].rstrip("0")
    return min(len(decimals), 6)


def _number_format(value: int | float | Decimal, column: Column) -> str:
    places = _places(value)
    if column.kind == "money":
        return number_format("money", 2 if places else 0)
    # Percentages are on the 0 to 100 scale, so the format's "%" is literal text.
    return number_format("percent" if column.kind == "percent" else "number", places)


def _display_length(value: object, column: Column) -> int:
    if value is None:
        return 0
    if isinstance(value, RAG):
        return len(value.label)
    if isinstance(value, Figure):
        # As the spreadsheet shows the number ("£1,600,000"), not as the page does ("£1.6m").
        shown = formatted_length(value.value, value.kind, value.places, value.unit, signed=value.signed)
        return max(shown, len(value.text))
    if is_number(value):
        kind = column.kind if column.kind in ("money", "percent") else "number"
        return formatted_length(value, kind, _places(value) if kind != "money" or _places(value) == 0 else 2)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _figure_format(figure: Figure) -> str:
    return number_format(figure.kind, figure.places, figure.unit, signed=figure.signed)


def _put_value(sheet: Sheet, row: int, index: int, value: object, column: Column) -> None:
    """One table cell: a number with its format, a rating in words on its tag colour, or text."""
    right = Alignment(horizontal="right", vertical="top")
    if isinstance(value, Figure):
        sheet.put(row, index, value.value, number_format=_figure_format(value), alignment=right)
    elif isinstance(value, RAG):
        font, fill = rag_style(value)
        sheet.put(row, index, value.label, font=font, fill=fill, alignment=Alignment(vertical="top"))
    elif is_number(value):
        sheet.put(row, index, value, number_format=_number_format(value, column), alignment=right)
    else:
        alignment = right if column.align == "right" else Alignment(vertical="top", wrap_text=True)
        sheet.put(row, index, value, alignment=alignment)


def _write_table(sheet: Sheet, table: Table) -> None:
    sheet.put(1, 1, table.caption, font=_TITLE)
    header_row = 2
    if table.footnote:
        sheet.put(2, 1, table.footnote)
        header_row = 3
    for index, column in enumerate(table.columns, start=1):
        alignment = Alignment(horizontal=column.align, vertical="top", wrap_text=True)
        sheet.put(header_row, index, column.heading, font=_BOLD, alignment=alignment)
    # A heading is as wide as its longest word; it wraps onto more lines rather than widening.
    widths = [max(len(word) for word in column.heading.split()) for column in table.columns]
    for row_offset, row in enumerate(table.rows, start=1):
        for index, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            _put_value(sheet, header_row + row_offset, index, value, column)
            widths[index - 1] = max(widths[index - 1], _display_length(value, column))
    worksheet = sheet.worksheet
    for index, (width, column) in enumerate(zip(widths, table.columns, strict=True), start=1):
        width = max(width + 2, _MIN_WIDTH)
        if not column.is_numeric and column.align != "right" and column.kind != "rating":
            width = min(width, _MAX_FIRST_WIDTH if index == 1 else _MAX_WIDTH)
        worksheet.column_dimensions[get_column_letter(index)].width = width
    last_column = get_column_letter(len(table.columns))
    last_row = header_row + max(len(table.rows), 1)
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    worksheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"
    worksheet.sheet_view.zoomScale = 100
    sheet.header_row = header_row


def _write_contents(sheet: Sheet, document: Document, tables: list[tuple[str, str]]) -> None:
    rows: list[tuple[str, str | None]] = []
    sheet.put(1, 1, document.title, font=_TITLE)
    row = 2
    if document.subtitle:
        sheet.put(row, 1, document.subtitle)
        row += 1
    for label, value in document.metadata:
        sheet.put(row, 1, label, font=_BOLD)
        sheet.put(row, 2, value)
        rows.append((label, value))
        row += 1
    # A note may be repeated in several sections (one for each table it applies to); the
    # Contents sheet lists each different note once, under one "Notes" label.
    notes = list(dict.fromkeys(block.text for block in document.blocks() if isinstance(block, Note)))
    for number, text in enumerate(notes):
        label = "Notes" if number == 0 else ""
        if label:
            sheet.put(row, 1, label, font=_BOLD)
        sheet.put(row, 2, text)
        rows.append((label, text))
        row += 1
    figures = [item for block in document.blocks() if isinstance(block, KeyFigures) for item in block.items]
    for label, value in figures:
        sheet.put(row, 1, label)
        if isinstance(value, Figure):
            # A number with its format ("£"#,##0, a count, a percentage), not its text.
            sheet.put(row, 2, value.value, number_format=_figure_format(value), alignment=Alignment(horizontal="left"))
        else:
            sheet.put(row, 2, value)
        rows.append((label, str(value)))
        row += 1
    if tables:
        row += 1
        sheet.put(row, 1, "Sheet", font=_BOLD)
        sheet.put(row, 2, "Table", font=_BOLD)
        for title, caption in tables:
            row += 1
            quoted = title.replace("'", "''")
            sheet.link(row, 1, title, location=f"'{quoted}'!A1", font=_LINK)
            sheet.put(row, 2, caption)
            rows.append((title, caption))
    worksheet = sheet.worksheet
    worksheet.column_dimensions["A"].width = min(max([len(a) for a, _ in rows] + [12]) + 2, 40)
    worksheet.column_dimensions["B"].width = min(max([len(b or "") for _, b in rows] + [12]) + 2, 100)
    for line in worksheet.iter_rows(min_row=2, max_col=2):
        for cell in line:
            # Labels sit at the top of their row, beside the first line of a wrapped value.
            cell.alignment = Alignment(wrap_text=cell.column == 2, vertical="top")


def render_xlsx(document: Document) -> bytes:
    """Render ``document``'s tables (chart tables included) as an Excel workbook."""
    spreadsheet = Spreadsheet(title=document.title, subject=document.subtitle or document.title)
    contents = spreadsheet.add_sheet(CONTENTS)
    taken = {CONTENTS.lower()}
    listed: list[tuple[str, str]] = []
    for table, chart in document.tables():
        title = sheet_title(chart.title if chart is not None else table.caption, taken)
        _write_table(spreadsheet.add_sheet(title), table)
        listed.append((title, table.caption))
    _write_contents(contents, document, listed)
    return spreadsheet.to_bytes()
