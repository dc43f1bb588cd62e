"""A scorecard as a spreadsheet: CSV (UTF-8 with a byte order mark, so Excel reads it correctly)
and XLSX (a title row, a header row, numbers stored as numbers), and as plain records for JSON.

Every format has the same columns, from :func:`records`. A scorecard as at a period has an
"As at" column; two periods side by side (a :class:`Comparison`) have each period's value, its
real period, target and rating, and the change between them. Both files are written by the one
spreadsheet writer, :mod:`ascent.documents.tabular`, so titles and names never become formulas.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ascent.core.rag import RAG
from ascent.documents.tabular import Spreadsheet, csv_bytes, formatted_length, number_format, rag_style

from .models import Unit
from .scorecard import Comparison, ComparisonRow, Scorecard, ScorecardRow, format_change

__all__ = [
    "COMPARISON_HEADINGS",
    "HEADINGS",
    "ILLUSTRATIVE_NOTE",
    "filename",
    "period_phrase",
    "records",
    "to_csv",
    "to_json_records",
    "to_xlsx",
]

ILLUSTRATIVE_NOTE = "Illustrative: not official statistics"

#: (heading, key of the record) in column order. Every row says whether its latest value is
#: illustrative (made up) or real, and which of its figures are illustrative, if any; and
#: whether its latest value was written as an approximation ("c. £1.6m": "yes" or "no").
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
    ("Approximate", "approximate"),
    ("Previous", "previous"),
    ("Previous period", "previous_period"),
    ("RAG", "rag"),
    ("Direction of travel", "direction"),
    ("Illustrative", "illustrative"),
    ("Illustrative figures", "illustrative_figures"),
]
#: The column added after "Unit" when the scorecard is as at a period.
AS_AT_HEADING = ("As at", "as_at")
#: Columns of two periods side by side: each side's value, real period, target and rating, and
#: whether each side's value is illustrative ("yes" or "no").
COMPARISON_HEADINGS = [
    ("Group", "group"),
    ("Code", "code"),
    ("Indicator", "title"),
    ("Unit", "unit"),
    ("As at", "as_at"),
    ("Value", "latest"),
    ("Period", "latest_period"),
    ("Status", "status"),
    ("Approximate", "approximate"),
    ("Target", "target"),
    ("RAG", "rag"),
    ("Compared with", "compare"),
    ("Compared value", "compare_value"),
    ("Compared period", "compare_period"),
    ("Compared status", "compare_status"),
    ("Compared approximate", "compare_approximate"),
    ("Compared target", "compare_target"),
    ("Compared RAG", "compare_rag"),
    ("Change", "change"),
    ("Change in words", "change_text"),
    ("Direction of travel", "direction"),
    ("Illustrative", "illustrative"),
    ("Compared illustrative", "compare_illustrative"),
]
NUMBER_KEYS = {"baseline", "latest", "previous", "compare_value"}
_RAG_BY_LABEL = {rag.label: rag for rag in RAG}
#: Columns holding a rating in words, shown on its GOV.UK tag colours.
RAG_KEYS = {"rag", "compare_rag"}
Table = Scorecard | Comparison


def period_phrase(table: Table) -> str:
    """ ", as at Q3 2015/16" and ", as at Q3 2015/16, compared with Q3 2014/15", or ""."""
    text = f", as at {table.period.label}" if table.period is not None else ""
    if isinstance(table, Comparison) and table.compared_period is not None:
        text += f", compared with {table.compared_period.label}"
    return text


def _rounded(row: ScorecardRow, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    places = max(0, min(int(row.indicator.decimals), 6))
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def records(scorecard: Table) -> list[dict]:
    """One dict per row, numbers as ``Decimal`` rounded to the indicator's decimal places."""
    if isinstance(scorecard, Comparison):
        return _comparison_records(scorecard)
    as_at = scorecard.period.label if scorecard.period is not None else ""
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
                    "as_at": as_at,
                    "baseline": _rounded(row, row.baseline),
                    "baseline_label": row.baseline_label,
                    "target": row.target_description,
                    "latest": _rounded(row, row.latest_value),
                    "latest_period": row.latest_period_label,
                    "status": row.latest.get_status_display() if row.latest else "",
                    "approximate": _yes_no(row.latest is not None and row.latest.is_approximate),
                    "previous": _rounded(row, row.previous.value if row.previous else None),
                    "previous_period": row.previous_period_label,
                    "rag": row.rag.label,
                    "direction": row.direction_text,
                    "illustrative": "yes" if row.latest_is_illustrative else "no",
                    "illustrative_figures": ", ".join(row.illustrative_parts),
                    "_unit": indicator.unit,
                    "_decimals": indicator.decimals,
                }
            )
    return result


def _comparison_records(comparison: Comparison) -> list[dict]:
    as_at = comparison.period.label if comparison.period is not None else "Latest values"
    compare = comparison.compared_period.label if comparison.compared_period is not None else ""
    result = []
    for group in comparison.groups:
        for row in group.rows:
            indicator, current, compared = row.indicator, row.current, row.compared
            result.append(
                {
                    "group": group.title,
                    "code": indicator.code,
                    "title": indicator.title,
                    "unit": indicator.get_unit_display(),
                    "as_at": as_at,
                    "latest": _rounded(current, current.latest_value),
                    "latest_period": current.latest_period_label,
                    "status": current.latest.get_status_display() if current.latest else "",
                    "approximate": _yes_no(current.latest is not None and current.latest.is_approximate),
                    "target": current.target_description,
                    "rag": current.rag.label,
                    "compare": compare,
                    "compare_value": _rounded(compared, compared.latest_value),
                    "compare_period": compared.latest_period_label,
                    "compare_status": compared.latest.get_status_display() if compared.latest else "",
                    "compare_approximate": _yes_no(compared.latest is not None and compared.latest.is_approximate),
                    "compare_target": compared.target_description,
                    "compare_rag": compared.rag.label,
                    "change": _rounded(current, row.change),
                    "change_text": _change_text(row),
                    "direction": row.direction_text,
                    "illustrative": "yes" if current.latest_is_illustrative else "no",
                    "compare_illustrative": "yes" if compared.latest_is_illustrative else "no",
                    "_unit": indicator.unit,
                    "_decimals": indicator.decimals,
                }
            )
    return result


def _change_text(row: ComparisonRow) -> str:
    if row.same_value:
        return f"No newer value than {row.compared.latest_period_label}"
    return format_change(row.indicator, row.change, words=True)


def _headings(scorecard: Table) -> list[tuple[str, str]]:
    if isinstance(scorecard, Comparison):
        headings = list(COMPARISON_HEADINGS)
    else:
        headings = list(HEADINGS)
        if scorecard.period is not None:
            headings.insert(headings.index(("Unit", "unit")) + 1, AS_AT_HEADING)
    return headings


def to_csv(scorecard: Table) -> bytes:
    """CSV with a header row; numbers without separators or units (the Unit column says)."""
    headings = _headings(scorecard)
    rows = [[record[key] for _, key in headings] for record in records(scorecard)]
    return csv_bytes([[heading for heading, _ in headings], *rows])


def to_json_records(scorecard: Table) -> list[dict]:
    """Records ready for ``json.dumps``: numbers as numbers; ``is_illustrative`` (the latest
    value is made up) and ``illustrative_figures`` (a list: "latest", "previous", "baseline",
    "trend") in place of the two text columns. Two periods side by side have
    ``is_illustrative`` and ``compare_is_illustrative``, one for each side's value.
    ``approximate`` (and ``compare_approximate``) are true or false."""
    keys = [key for _, key in _headings(scorecard) if "illustrative" not in key]
    result = []
    for record in records(scorecard):
        item = {}
        for key in keys:
            value = record[key]
            if isinstance(value, Decimal):
                value = int(value) if record["_decimals"] == 0 else float(value)
            elif key in ("approximate", "compare_approximate"):
                value = value == "yes"
            item[key] = value
        item["is_illustrative"] = record["illustrative"] == "yes"
        if "illustrative_figures" in record:
            item["illustrative_figures"] = [part for part in record["illustrative_figures"].split(", ") if part]
        if "compare_illustrative" in record:
            item["compare_is_illustrative"] = record["compare_illustrative"] == "yes"
        result.append(item)
    return result


def _number_format(unit: str, decimals: int) -> str:
    """The shared spreadsheet format (the report workbook's too): per cents on the 0 to 100
    scale with a literal "%", money with "£", days and weeks with the word."""
    kind = {Unit.PERCENT: "percent", Unit.MONEY: "money"}.get(unit, "number")
    return number_format(kind, decimals, {Unit.DAYS: "days", Unit.WEEKS: "weeks"}.get(unit, ""))


#: Column widths (in characters) are set to the content, within these bounds; longer text
#: wraps. The indicator's name may be the widest, then the target, so the printed page stays
#: readable. A number's column is as wide as its widest number as the spreadsheet shows it.
_MIN_WIDTH, _MAX_WIDTH, _MAX_TITLE_WIDTH, _MAX_TARGET_WIDTH = 8, 20, 40, 30
#: Columns folded away (hidden, with a "+" to show them) in the workbook, so the rest print
#: at a readable size on one landscape page width: the unit shows in each number's format,
#: and the rest are details a board paper does without.
FOLDED_KEYS = {
    "unit",
    "as_at",
    "status",
    "previous",
    "previous_period",
    "illustrative_figures",
    "compare",
    "compare_status",
    "compare_target",
    "change_text",
    "compare_illustrative",
}
_FIGURE_KINDS = {Unit.PERCENT: "percent", Unit.MONEY: "money"}
_FIGURE_UNITS = {Unit.DAYS: "days", Unit.WEEKS: "weeks"}


def _change_format(unit: str, decimals: int) -> str:
    places = "." + "0" * decimals if decimals else ""
    if unit == Unit.PERCENT:
        points = '" percentage points"'
        return f"+0{places}{points};-0{places}{points};0{places}{points}"
    if unit == Unit.MONEY:
        return f'+"£"#,##0{places};-"£"#,##0{places};"£"0'
    return f"+#,##0{places};-#,##0{places};0"


def to_xlsx(scorecard: Table, *, title: str, subtitle: str = "") -> bytes:
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
        formats = dict.fromkeys(NUMBER_KEYS, number_format)
        formats["change"] = _change_format(record["_unit"], record["_decimals"])
        for column, (_, key) in enumerate(headings, start=1):
            value = record[key]
            if key in RAG_KEYS:
                # The rating in words, on its GOV.UK tag colours as on the page.
                font, fill = rag_style(_RAG_BY_LABEL[value])
                sheet.put(row, column, value, font=font, fill=fill, alignment=top)
            elif key in formats:
                sheet.put(row, column, value, number_format=formats[key], alignment=top_right)
            else:
                sheet.put(row, column, value, alignment=top)
            if key in formats and value is not None:
                # As the spreadsheet shows it: "-£183,000" is 9 characters, not 8.
                length = formatted_length(
                    value,
                    _FIGURE_KINDS.get(record["_unit"], "number"),
                    record["_decimals"],
                    _FIGURE_UNITS.get(record["_unit"], ""),
                    signed=key == "change",
                )
                if key == "change" and record["_unit"] == Unit.PERCENT:
                    length += len(" percentage points") - 1
            else:
                length = len(str(value or ""))
            widths[column - 1] = max(widths[column - 1], length)
    worksheet = sheet.worksheet
    for column, ((_, key), width) in enumerate(zip(headings, widths, strict=True), start=1):
        width = max(width + 2, _MIN_WIDTH)
        if key not in NUMBER_KEYS and key != "change":
            width = min(width, {"title": _MAX_TITLE_WIDTH, "target": _MAX_TARGET_WIDTH}.get(key, _MAX_WIDTH))
        worksheet.column_dimensions[get_column_letter(column)].width = width
    sheet.fold_columns(column for column, (_, key) in enumerate(headings, start=1) if key in FOLDED_KEYS)
    sheet.header_row = header_row
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    if row > header_row:
        worksheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headings))}{row}"
    return spreadsheet.to_bytes()


def filename(scorecard: Table, extension: str, *, today: date | None = None) -> str:
    """Such as "scorecard-E09000015-2024-05-01.xlsx", or, as at a period and compared with
    another, "scorecard-E09000015-as-at-2015-16-Q3-vs-2014-15-Q3-2024-05-01.xlsx"."""
    today = today or timezone.localdate()
    periods = f"-as-at-{scorecard.period.code}" if scorecard.period is not None else ""
    if isinstance(scorecard, Comparison) and scorecard.compared_period is not None:
        periods += f"-vs-{scorecard.compared_period.code}"
    return f"scorecard-{scorecard.organisation.gss_code}{periods}-{today.isoformat()}.{extension}"
