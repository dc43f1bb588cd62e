"""A scorecard as a spreadsheet: CSV (UTF-8 with a byte order mark, so Excel reads it correctly)
and XLSX (a title row, a header row, numbers stored as numbers), and as plain records for JSON.

Every format has the same columns, from :func:`records`. Both files are written by the one
spreadsheet writer, :mod:`ascent.documents.tabular`, so titles and names never become formulas.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ascent.core.rag import RAG
from ascent.documents.tabular import Spreadsheet, csv_bytes, number_format, rag_style

from .models import Unit
from .scorecard import Scorecard, ScorecardRow

__all__ = ["HEADINGS", "ILLUSTRATIVE_NOTE", "filename", "records", "to_csv", "to_json_records", "to_xlsx"]

ILLUSTRATIVE_NOTE = "Illustrative: not official statistics"

#: (heading, key of the record) in column order. Every row says whether its latest value is
#: illustrative (made up) or real, and which of its figures are illustrative, if any.
HEADINGS = [
    ("Group", "group"),
    ("Code", "code"),
    ("Indicator", "title"),
    ("Unit", "unit"),
    ("Baseline", "baseline"),
    ("Baseline period", "baseline_label"),
    ("Target", "target"),
    ("Latest", "latest"),
    ("Latest period", "latest_period"),
    ("Status", "status"),
    ("Previous", "previous"),
    ("Previous period", "previous_period"),
    ("RAG", "rag"),
    ("Direction of travel", "direction"),
    ("Illustrative", "illustrative"),
    ("Illustrative figures", "illustrative_figures"),
]
NUMBER_KEYS = {"baseline", "latest", "previous"}
_RAG_BY_LABEL = {rag.label: rag for rag in RAG}


def _rounded(row: ScorecardRow, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    places = max(0, min(int(row.indicator.decimals), 6))
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def records(scorecard: Scorecard) -> list[dict]:
    """One dict per row, numbers as ``Decimal`` rounded to the indicator's decimal places."""
    result = []
    for group in scorecard.groups:
        for row in group.rows:
            indicator = row.indicator
            result.append(
                {
                    "group": group.title,
                    "code": indicator.code,
                    "title": indicator.title,
                    "unit": indicator.get_unit_display(),
                    "baseline": _rounded(row, row.baseline),
                    "baseline_label": row.baseline_label,
                    "target": row.target_description,
                    "latest": _rounded(row, row.latest_value),
                    "latest_period": row.latest_period_label,
                    "status": row.latest.get_status_display() if row.latest else "",
                    "previous": _rounded(row, row.previous.value if row.previous else None),
                    "previous_period": row.previous_period_label,
                    "rag": row.rag.label,
                    "direction": row.direction.label,
                    "illustrative": "yes" if row.latest_is_illustrative else "no",
                    "illustrative_figures": ", ".join(row.illustrative_parts),
                    "_unit": indicator.unit,
                    "_decimals": indicator.decimals,
                }
            )
    return result


def _headings(scorecard: Scorecard) -> list[tuple[str, str]]:
    return list(HEADINGS)


def to_csv(scorecard: Scorecard) -> bytes:
    """CSV with a header row; numbers without separators or units (the Unit column says)."""
    headings = _headings(scorecard)
    rows = [[record[key] for _, key in headings] for record in records(scorecard)]
    return csv_bytes([[heading for heading, _ in headings], *rows])


def to_json_records(scorecard: Scorecard) -> list[dict]:
    """Records ready for ``json.dumps``: numbers as numbers; ``is_illustrative`` (the latest
    value is made up) and ``illustrative_figures`` (a list: "latest", "previous", "baseline",
    "trend") in place of the two text columns."""
    result = []
    for record in records(scorecard):
        item = {}
        for _, key in HEADINGS:
            if key.startswith("illustrative"):
                continue
            value = record[key]
            if isinstance(value, Decimal):
                value = int(value) if record["_decimals"] == 0 else float(value)
            item[key] = value
        item["is_illustrative"] = record["illustrative"] == "yes"
        item["illustrative_figures"] = [part for part in record["illustrative_figures"].split(", ") if part]
        result.append(item)
    return result


def _number_format(unit: str, decimals: int) -> str:
    """The shared spreadsheet format (the report workbook's too): per cents on the 0 to 100
    scale with a literal "%", money with "£", days and weeks with the word."""
    kind = {Unit.PERCENT: "percent", Unit.MONEY: "money"}.get(unit, "number")
    return number_format(kind, decimals, {Unit.DAYS: "days", Unit.WEEKS: "weeks"}.get(unit, ""))


#: Column widths (in characters) are set to the content, within these bounds; longer text
#: wraps. The indicator's name may be the widest, so the printed page stays readable.
_MIN_WIDTH, _MAX_WIDTH, _MAX_TITLE_WIDTH = 8, 24, 40


def to_xlsx(scorecard: Scorecard, *, title: str, subtitle: str = "") -> bytes:
    """An Excel workbook: a title row, an optional subtitle row, a blank row, then the table."""
    headings = _headings(scorecard)
    spreadsheet = Spreadsheet(title=title, subject=subtitle)
    sheet = spreadsheet.add_sheet("Scorecard")
    sheet.put(1, 1, title, font=Font(bold=True, size=14))
    sheet.put(2, 1, subtitle)
    header_row = 4
    for column, (heading, _) in enumerate(headings, start=1):
        sheet.put(
            header_row, column, heading, font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="top")
        )
    row = header_row
    # A heading is as wide as its longest word (it wraps); a column as wide as its longest value.
    widths = [max(len(word) for word in heading.split()) for heading, _ in headings]
    top = Alignment(vertical="top", wrap_text=True)
    top_right = Alignment(horizontal="right", vertical="top")
    for record in records(scorecard):
        row += 1
        number_format = _number_format(record["_unit"], record["_decimals"])
        for column, (_, key) in enumerate(headings, start=1):
            value = record[key]
            if key == "rag":
                # The rating in words, on its GOV.UK tag colours as on the page.
                font, fill = rag_style(_RAG_BY_LABEL[value])
                sheet.put(row, column, value, font=font, fill=fill, alignment=top)
            elif key in NUMBER_KEYS:
                sheet.put(row, column, value, number_format=number_format, alignment=top_right)
            else:
                sheet.put(row, column, value, alignment=top)
            shown = sheet.worksheet.cell(row=row, column=column).value
            length = len(f"{shown:,}") + 1 if isinstance(shown, Decimal) else len(str(shown or ""))
            widths[column - 1] = max(widths[column - 1], length)
    worksheet = sheet.worksheet
    for column, ((_, key), width) in enumerate(zip(headings, widths, strict=True), start=1):
        limit = _MAX_TITLE_WIDTH if key == "title" else _MAX_WIDTH
        worksheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, _MIN_WIDTH), limit)
    sheet.header_row = header_row
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    if row > header_row:
        worksheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headings))}{row}"
    return spreadsheet.to_bytes()


def filename(scorecard: Scorecard, extension: str, *, today: date | None = None) -> str:
    """Such as "scorecard-E09000015-2024-05-01.xlsx"."""
    today = today or timezone.localdate()
    return f"scorecard-{scorecard.organisation.gss_code}-{today.isoformat()}.{extension}"
