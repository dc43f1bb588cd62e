"""A scorecard as a spreadsheet: CSV (UTF-8 with a byte order mark, so Excel reads it correctly)
and XLSX (a title row, a header row, numbers stored as numbers), and as plain records for JSON.

Every format has the same columns, from :func:`records`.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .models import Unit
from .scorecard import Scorecard, ScorecardRow

__all__ = ["HEADINGS", "ILLUSTRATIVE_NOTE", "filename", "records", "to_csv", "to_json_records", "to_xlsx"]

ILLUSTRATIVE_NOTE = "Illustrative: not official statistics"

#: (heading, key of the record) in column order. "Illustrative" is added only when a row is.
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
]
NUMBER_KEYS = {"baseline", "latest", "previous"}


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
                    "target": row.target_text,
                    "latest": _rounded(row, row.latest_value),
                    "latest_period": row.latest_period_label,
                    "status": row.latest.get_status_display() if row.latest else "",
                    "previous": _rounded(row, row.previous.value if row.previous else None),
                    "previous_period": row.previous_period_label,
                    "rag": row.rag.label,
                    "direction": row.direction.label,
                    "illustrative": ILLUSTRATIVE_NOTE if row.is_illustrative else "",
                    "_unit": indicator.unit,
                    "_decimals": indicator.decimals,
                }
            )
    return result


def _headings(scorecard: Scorecard) -> list[tuple[str, str]]:
    headings = list(HEADINGS)
    if scorecard.is_illustrative:
        headings.append(("Illustrative", "illustrative"))
    return headings


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def to_csv(scorecard: Scorecard) -> bytes:
    """CSV with a header row; numbers without separators or units (the Unit column says)."""
    headings = _headings(scorecard)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([heading for heading, _ in headings])
    for record in records(scorecard):
        writer.writerow([_plain(record[key]) for _, key in headings])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json_records(scorecard: Scorecard) -> list[dict]:
    """Records ready for ``json.dumps``: numbers as numbers, plus an ``is_illustrative`` flag."""
    result = []
    for record in records(scorecard):
        item = {}
        for _, key in HEADINGS:
            value = record[key]
            if isinstance(value, Decimal):
                value = int(value) if record["_decimals"] == 0 else float(value)
            item[key] = value
        item["is_illustrative"] = bool(record["illustrative"])
        result.append(item)
    return result


def _number_format(unit: str, decimals: int) -> str:
    places = "." + "0" * decimals if decimals else ""
    if unit == Unit.PERCENT:
        return f'0{places}"%"'
    if unit == Unit.MONEY:
        return f'"£"#,##0{places}'
    return f"#,##0{places}"


def to_xlsx(scorecard: Scorecard, *, title: str, subtitle: str = "") -> bytes:
    """An Excel workbook: a title row, an optional subtitle row, a blank row, then the table."""
    headings = _headings(scorecard)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scorecard"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([subtitle])
    sheet.append([])
    sheet.append([heading for heading, _ in headings])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for record in records(scorecard):
        sheet.append([record[key] for _, key in headings])
        number_format = _number_format(record["_unit"], record["_decimals"])
        for column, (_, key) in enumerate(headings, start=1):
            if key in NUMBER_KEYS:
                sheet.cell(row=sheet.max_row, column=column).number_format = number_format
    widths = {"group": 30, "title": 50, "target": 32, "illustrative": 34}
    for column, (_, key) in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(key, 14)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if sheet.max_row > header_row:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headings))}{sheet.max_row}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def filename(scorecard: Scorecard, extension: str, *, today: date | None = None) -> str:
    """Such as "scorecard-E09000015-2024-05-01.xlsx"."""
    today = today or timezone.localdate()
    return f"scorecard-{scorecard.organisation.gss_code}-{today.isoformat()}.{extension}"
