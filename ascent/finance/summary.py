"""Spending trends from expenditure lines: pure functions over plain values.

Nothing here touches Django or the database. The input is any iterable of objects with the
attributes of :class:`Line` (``service_line``, ``financial_year``, ``amount``, ``basis``,
``measure`` and, optionally, ``is_illustrative``), so :class:`Line` values and
``ExpenditureLine`` rows can both be passed. Amounts are ``Decimal`` pounds (an ``int`` is
accepted; a ``float`` is refused, as in :mod:`ascent.core.money`).

The trend table (:func:`build_trend`)
-------------------------------------
One column per financial year, one row per service line, then a Total row, a "Year on year
movement" row (pounds, blank for the first year) and a "Year on year %" row (the movement
as a percentage of the previous year's total, rounded half up to whole per cent unless
``percent_dp`` says otherwise).

* **Measure.** Only lines of one measure are used: ``"net"`` (net of client contributions,
  the default) or ``"gross"``.
* **Basis.** With ``basis="best"`` (the default) each year uses the best basis that has any
  figure in that year: actual, else forecast, else budget. The whole column then uses that
  basis, and its label says which when it is not actual: "2019-20 (forecast)",
  "2020-21 (budget)". A service line with no figure on the chosen basis shows no figure for
  that year. ``basis="actual"`` (or "forecast", or "budget") uses that basis alone.
* **Years.** The columns run from the first year with figures to the last (optionally
  within ``first_year`` and ``last_year``). A year in between with no figures is a gap: its
  column is kept, with no figures, and no movement is worked out into or out of it.
* **Row order.** ``order="appearance"`` (the default) keeps the order in which service lines
  first appear in the input (the order they were imported, when the input is in import
  order); ``"alphabetical"`` sorts by name, ignoring case; ``"largest"`` puts the largest
  total over the years shown first (ties in order of appearance); a list of names puts
  those first, in that order, and any others after them in order of appearance. Resilient
  Harrow's order (Adults, Reablement, CYAD) is its order of appearance.
* Several lines for the same service line, year, basis and measure are added together.
* A percentage is never worked out from a previous total of zero (it shows as a dash). A
  negative previous total (an income line outweighing spending) is divided by its size, so
  the sign of the percentage is always the sign of the movement.

Display
-------
Council finance tables give amounts in thousands of pounds under a "£000" heading:
:func:`format_thousands` gives "34,099" ("£34,099" with ``pound_sign=True``), rounded half
up, with a true minus sign for falls ("−120", "−£120"). A single amount quoted in a
sentence uses :func:`format_amount`: "£34.099m", "£863K", "−£1.2m". Percentages use
:func:`format_percent`: "6%", "−3%".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, Protocol

from ascent.core.money import format_money
from ascent.core.numbers import shares_of_100
from ascent.core.periods import financial_year_label
from ascent.documents.tabular import csv_text

__all__ = [
    "ACTUAL",
    "BASES",
    "BASIS_NAMES",
    "BASIS_PRECEDENCE",
    "BEST",
    "BUDGET",
    "DASH",
    "FORECAST",
    "GROSS",
    "MEASURES",
    "MINUS",
    "NET",
    "DisplayCell",
    "DisplayRow",
    "LatestTrend",
    "Line",
    "Movement",
    "Share",
    "TrendRow",
    "TrendTable",
    "YearColumn",
    "basis_sentence",
    "build_trend",
    "compound_annual_growth",
    "default_measure",
    "display_rows",
    "export_rows",
    "format_amount",
    "format_percent",
    "format_thousands",
    "in_thousands",
    "latest_trend",
    "percent_change",
    "shares",
    "summary_sentences",
    "trend_csv",
    "trend_text",
]

ACTUAL, FORECAST, BUDGET = "actual", "forecast", "budget"
#: Which basis a year uses when several are held: the first that has figures.
BASIS_PRECEDENCE = (ACTUAL, FORECAST, BUDGET)
#: "Best available": actual, else forecast, else budget, year by year.
BEST = "best"
BASES = (BEST, *BASIS_PRECEDENCE)
NET, GROSS = "net", "gross"
MEASURES = (NET, GROSS)

#: The minus sign (U+2212) used for falls, as typeset tables do.
MINUS = "\u2212"
#: Shown for "no figure".
DASH = "\u2013"

Order = Literal["appearance", "alphabetical", "largest"] | Sequence[str]

_MEASURE_WORDS = {NET: "Net expenditure", GROSS: "Gross expenditure"}
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


class LineLike(Protocol):
    service_line: str
    financial_year: int
    amount: Decimal
    basis: str
    measure: str


@dataclass(frozen=True)
class Line:
    """One expenditure figure: a service line's spending in one financial year.

    ``financial_year`` is the calendar year the financial year starts in (2019 for 2019-20).
    """

    service_line: str
    financial_year: int
    amount: Decimal
    basis: str = ACTUAL
    measure: str = NET
    is_illustrative: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _as_decimal(self.amount))


def _as_decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"an amount must be a Decimal or an int, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"an amount must be a finite number, not {value}")
    return value


def _round(value: Decimal, dp: int) -> Decimal:
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + dp + 4)
        return value.quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)


# Columns, rows and the table --------------------------------------------------------------


@dataclass(frozen=True)
class YearColumn:
    """A financial year in the table, with the basis its figures are on (None: no figures)."""

    year: int
    basis: str | None

    @property
    def year_label(self) -> str:
        """The financial year alone: "2019-20"."""
        return financial_year_label(self.year)

    @property
    def basis_note(self) -> str:
        """The note after the year, "(forecast)" or "(budget)", or "" for actual figures."""
        return "" if self.basis in (None, ACTUAL) else f"({self.basis})"

    @property
    def label(self) -> str:
        """The column heading: "2019-20", or "2019-20 (forecast)" when not actual."""
        return f"{self.year_label} {self.basis_note}" if self.basis_note else self.year_label

    @property
    def has_figures(self) -> bool:
        return self.basis is not None


@dataclass(frozen=True)
class TrendRow:
    """A service line's amounts, one per column (None where there is no figure)."""

    service_line: str
    amounts: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Movement:
    """The change in the total from the previous column.

    ``reason`` says why a part is missing: "first" (the first year: nothing to compare),
    "gap" (this year or the one before has no figures) or "zero" (the previous total is zero,
    so there is no percentage). It is "" when both the amount and the percentage are known.
    """

    amount: Decimal | None
    percent: Decimal | None
    reason: str = ""


@dataclass(frozen=True)
class Share:
    """A service line's part of the latest year's total."""

    service_line: str
    amount: Decimal
    percent: Decimal | None


@dataclass(frozen=True)
class TrendTable:
    """The spending trend for one measure: see the module docstring."""

    measure: str
    basis: str
    columns: tuple[YearColumn, ...]
    rows: tuple[TrendRow, ...]
    totals: tuple[Decimal | None, ...]
    movements: tuple[Movement, ...]
    is_illustrative: bool = False
    percent_dp: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.columns

    @property
    def caption(self) -> str:
        """ "Net expenditure by service line, £000"."""
        return f"{_MEASURE_WORDS[self.measure]} by service line, £000"

    @property
    def gaps(self) -> tuple[int, ...]:
        """Years inside the span that have no figures."""
        return tuple(column.year for column in self.columns if not column.has_figures)

    @property
    def first(self) -> tuple[YearColumn, Decimal] | None:
        """The first column and its total (the first column always has figures)."""
        return (self.columns[0], self.totals[0]) if self.columns else None

    @property
    def last(self) -> tuple[YearColumn, Decimal] | None:
        """The last column and its total."""
        return (self.columns[-1], self.totals[-1]) if self.columns else None

    def compound_annual_growth(self, dp: int = 1) -> Decimal | None:
        """The average yearly growth of the total over the span, in per cent."""
        if len(self.columns) < 2:
            return None
        (first, first_total), (last, last_total) = self.first, self.last
        return compound_annual_growth(first_total, last_total, last.year - first.year, dp=dp)

    def shares(self, dp: int = 0) -> list[Share]:
        return shares(self, dp=dp)


def _check_choice(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")


def percent_change(movement: Decimal, previous: Decimal, dp: int = 0) -> Decimal | None:
    """``movement`` as a percentage of ``previous``, rounded half up; None when previous is 0."""
    if previous == 0:
        return None
    with localcontext() as context:
        context.prec = 40
        value = movement * 100 / abs(previous)
    return _round(value, dp)


def compound_annual_growth(first: Decimal, last: Decimal, years: int, dp: int = 1) -> Decimal | None:
    """Compound annual growth in per cent: the yearly rate that takes ``first`` to ``last``.

    None when it has no meaning: fewer than one year, or a first or last total that is not
    above zero.
    """
    first, last = _as_decimal(first), _as_decimal(last)
    if years < 1 or first <= 0 or last <= 0:
        return None
    with localcontext() as context:
        context.prec = 40
        rate = ((last / first) ** (Decimal(1) / Decimal(years)) - 1) * 100
    return _round(rate, dp)


def _service_line_order(names: list[str], totals: dict[str, Decimal], order: Order) -> list[str]:
    """``names`` is in order of appearance."""
    if isinstance(order, str):
        if order == "appearance":
            return list(names)
        if order == "alphabetical":
            return sorted(names, key=lambda name: (name.casefold(), name))
        if order == "largest":
            position = {name: index for index, name in enumerate(names)}
            return sorted(names, key=lambda name: (-totals[name], position[name]))
        raise ValueError(f'order must be "appearance", "alphabetical", "largest" or a list of names, not {order!r}')
    given = [name for name in dict.fromkeys(order) if name in names]
    return given + [name for name in names if name not in given]


def build_trend(
    lines: Iterable[LineLike],
    *,
    measure: str = NET,
    basis: str = BEST,
    order: Order = "appearance",
    first_year: int | None = None,
    last_year: int | None = None,
    percent_dp: int = 0,
) -> TrendTable:
    """The trend table for one measure; see the module docstring. Empty when nothing matches."""
    _check_choice(measure, MEASURES, "measure")
    _check_choice(basis, BASES, "basis")
    appearance: dict[str, None] = {}
    cells: dict[tuple[int, str], dict[str, Decimal]] = {}
    illustrative: dict[tuple[int, str], bool] = {}
    for line in lines:
        _check_choice(line.basis, BASIS_PRECEDENCE, "basis")
        _check_choice(line.measure, MEASURES, "measure")
        appearance.setdefault(line.service_line, None)
        year = line.financial_year
        if line.measure != measure or (first_year is not None and year < first_year):
            continue
        if last_year is not None and year > last_year:
            continue
        if basis != BEST and line.basis != basis:
            continue
        key = (year, line.basis)
        column = cells.setdefault(key, {})
        column[line.service_line] = column.get(line.service_line, Decimal(0)) + _as_decimal(line.amount)
        illustrative[key] = illustrative.get(key, False) or bool(getattr(line, "is_illustrative", False))

    chosen: dict[int, str] = {}
    for year, line_basis in sorted(cells, key=lambda key: (key[0], BASIS_PRECEDENCE.index(key[1]))):
        chosen.setdefault(year, line_basis)
    if not chosen:
        return TrendTable(measure, basis, (), (), (), (), percent_dp=percent_dp)

    columns = tuple(YearColumn(year, chosen.get(year)) for year in range(min(chosen), max(chosen) + 1))
    used = [cells[(column.year, column.basis)] if column.has_figures else {} for column in columns]
    line_totals: dict[str, Decimal] = {}
    for column_cells in used:
        for name, amount in column_cells.items():
            line_totals[name] = line_totals.get(name, Decimal(0)) + amount
    names = [name for name in appearance if name in line_totals]
    rows = tuple(
        TrendRow(name, tuple(column_cells.get(name) for column_cells in used))
        for name in _service_line_order(names, line_totals, order)
    )
    totals = tuple(sum(column_cells.values(), Decimal(0)) if column_cells else None for column_cells in used)
    movements = [Movement(None, None, "first")]
    for previous, current in zip(totals, totals[1:], strict=False):
        if previous is None or current is None:
            movements.append(Movement(None, None, "gap"))
            continue
        amount = current - previous
        percent = percent_change(amount, previous, percent_dp)
        movements.append(Movement(amount, percent, "" if percent is not None else "zero"))
    return TrendTable(
        measure=measure,
        basis=basis,
        columns=columns,
        rows=rows,
        totals=totals,
        movements=tuple(movements),
        is_illustrative=any(illustrative[(column.year, column.basis)] for column in columns if column.has_figures),
        percent_dp=percent_dp,
    )


def default_measure(lines: Iterable[LineLike]) -> str:
    """Net when there are any net figures, else gross (net again when there are none at all)."""
    measures = {line.measure for line in lines}
    return GROSS if measures == {GROSS} else NET


def shares(table: TrendTable, dp: int = 0) -> list[Share]:
    """Each service line's share of the latest year's total, in table order (lines with no
    figure that year are left out).

    The shares are rounded so that they add up to 100% (largest remainder: see
    :func:`ascent.core.numbers.shares_of_100`): Harrow's 2020-21 budget of Adults £53.022m,
    Reablement £390K and CYAD £3.239m is 94%, 1% and 6% rounded one by one (101%), and 93%,
    1% and 6% here. Where a line is negative (income) each share is rounded on its own.
    """
    if table.is_empty:
        return []
    total = table.totals[-1]
    present = [(row.service_line, row.amounts[-1]) for row in table.rows if row.amounts[-1] is not None]
    together = shares_of_100([amount for _, amount in present], dp)
    if together is not None:
        return [Share(name, amount, percent) for (name, amount), percent in zip(present, together, strict=True)]
    return [Share(name, amount, percent_change(amount, total, dp) if total else None) for name, amount in present]


#: The bases a year's bar can be on, as its legend names them, in the order they are drawn:
#: actual solid, forecast lighter with a dashed outline, budget white with a dotted one.
BASIS_NAMES = {ACTUAL: "Actual", FORECAST: "Forecast", BUDGET: "Budget"}


def basis_sentence(table: TrendTable) -> str:
    """Which years are not actual spending and how their bars are drawn, or "" when all are actual:
    "2019-20 is a forecast (a lighter bar with a dashed outline) and 2020-21 a budget (a white bar
    with a dotted outline); the other years are actual spending (solid blue bars)." """
    drawn = {
        FORECAST: ("a forecast", "forecasts", "a lighter bar with a dashed outline"),
        BUDGET: ("a budget", "budgets", "a white bar with a dotted outline"),
    }
    parts = []
    for basis, (one, many, how) in drawn.items():
        years = [
            column.year_label
            for column, total in zip(table.columns, table.totals, strict=True)
            if column.basis == basis and total is not None
        ]
        if len(years) == 1:
            parts.append(f"{years[0]} is {one} ({how})")
        elif years:
            parts.append(f"{', '.join(years[:-1])} and {years[-1]} are {many} (each {how})")
    if not parts:
        return ""
    return " and ".join(parts) + "; the other years are actual spending (solid blue bars)."


# The Overview's latest figures ------------------------------------------------------------


@dataclass(frozen=True)
class LatestTrend:
    """The latest year's total and how it moved from the year before."""

    measure: str
    latest: YearColumn
    total: Decimal
    previous: YearColumn | None
    previous_total: Decimal | None
    movement: Decimal | None
    percent: Decimal | None
    is_illustrative: bool = False

    def sentence(self) -> str:
        """ "£56.651m in 2020-21 (budget), up £2.847m (5%) on 2019-20"."""
        text = f"{format_amount(self.total)} in {self.latest.label}"
        if self.previous is None:
            return text
        if self.movement is None:
            return f"{text}; no figures for {self.previous.year_label}"
        if self.movement == 0:
            return f"{text}, the same as in {self.previous.label}"
        direction = "up" if self.movement > 0 else "down"
        size = format_amount(abs(self.movement))
        percent = f" ({format_percent(abs(self.percent))})" if self.percent is not None else ""
        return f"{text}, {direction} {size}{percent} on {self.previous.label}"


def latest_trend(lines: Iterable[LineLike], *, measure: str = NET, basis: str = BEST) -> LatestTrend | None:
    """The last two years' totals and the movement between them; None with no figures."""
    table = build_trend(lines, measure=measure, basis=basis)
    if table.is_empty:
        return None
    latest, total = table.last
    previous = previous_total = None
    if len(table.columns) > 1:
        previous, previous_total = table.columns[-2], table.totals[-2]
    movement = table.movements[-1]
    return LatestTrend(
        measure=measure,
        latest=latest,
        total=total,
        previous=previous,
        previous_total=previous_total,
        movement=movement.amount,
        percent=movement.percent,
        is_illustrative=table.is_illustrative,
    )


# Display -----------------------------------------------------------------------------------


def _with_minus(text: str) -> str:
    return MINUS + text[1:] if text.startswith("-") else text


def format_thousands(amount: Decimal | int, *, pound_sign: bool = False) -> str:
    """Thousands of pounds, rounded half up, as a "£000" table shows them: "34,099", "−120"
    (with ``pound_sign``: "£34,099", "−£120")."""
    text = _with_minus(format_money(_as_decimal(amount), style="k"))[:-1]
    return text if pound_sign else text.replace("£", "")


def format_amount(amount: Decimal | int) -> str:
    """One amount quoted in a sentence: "£34.099m", "£863K", "£9,500", "−£1.2m"."""
    return _with_minus(format_money(_as_decimal(amount)))


def format_percent(value: Decimal | int) -> str:
    """ "6%", "−3%", "5.4%" (as many places as the value holds)."""
    text = f"{value}%"
    if text.startswith("-"):
        # A percentage that rounded to zero is shown without a sign.
        return text[1:] if Decimal(value) == 0 else MINUS + text[1:]
    return text


def in_thousands(amount: Decimal | int) -> Decimal:
    """The exact amount in thousands of pounds, for exports (34099000 → 34099)."""
    with localcontext() as context:
        context.prec = 60
        value = _as_decimal(amount).scaleb(-3)
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


@dataclass(frozen=True)
class DisplayCell:
    """A table cell's text; ``missing`` means "no figure" (the text is a dash)."""

    text: str
    missing: bool = False


@dataclass(frozen=True)
class DisplayRow:
    """A table row for display. ``kind`` is "line", "total", "movement" or "percent"."""

    label: str
    cells: tuple[DisplayCell, ...]
    kind: str


_NO_FIGURE = DisplayCell(DASH, missing=True)
_BLANK = DisplayCell("")

TOTAL_LABEL = "Total"
MOVEMENT_LABEL = "Year on year movement"
PERCENT_LABEL = "Year on year %"


def _amount_cell(amount: Decimal | None) -> DisplayCell:
    return _NO_FIGURE if amount is None else DisplayCell(format_thousands(amount))


def display_rows(table: TrendTable) -> list[DisplayRow]:
    """Every row of the table as display text: service lines, Total, movement and %."""
    rows = [DisplayRow(row.service_line, tuple(map(_amount_cell, row.amounts)), "line") for row in table.rows]
    rows.append(DisplayRow(TOTAL_LABEL, tuple(map(_amount_cell, table.totals)), "total"))
    movement_cells, percent_cells = [], []
    for movement in table.movements:
        if movement.reason == "first":
            movement_cells.append(_BLANK)
            percent_cells.append(_BLANK)
            continue
        movement_cells.append(_amount_cell(movement.amount))
        percent_cells.append(_NO_FIGURE if movement.percent is None else DisplayCell(format_percent(movement.percent)))
    rows.append(DisplayRow(MOVEMENT_LABEL, tuple(movement_cells), "movement"))
    rows.append(DisplayRow(PERCENT_LABEL, tuple(percent_cells), "percent"))
    return rows


def export_rows(table: TrendTable) -> list[list[str | Decimal | None]]:
    """The table for a spreadsheet: a header row, then the rows with numbers as numbers.

    Amounts are exact thousands of pounds (the header says "£000"); percentages are as the
    table shows them (rounded). None means no figure. An empty table is the header alone.
    """
    header: list[str | Decimal | None] = ["Service line (£000)", *(column.label for column in table.columns)]
    if table.is_empty:
        return [header]

    def thousands(amount: Decimal | None) -> Decimal | None:
        return None if amount is None else in_thousands(amount)

    body: list[list[str | Decimal | None]] = [[row.service_line, *map(thousands, row.amounts)] for row in table.rows]
    body.append([TOTAL_LABEL, *map(thousands, table.totals)])
    body.append([MOVEMENT_LABEL, *(thousands(movement.amount) for movement in table.movements)])
    body.append([PERCENT_LABEL, *(movement.percent for movement in table.movements)])
    return [header, *body]


def trend_csv(table: TrendTable) -> str:
    """The table as CSV text (see :func:`export_rows`), through the one spreadsheet writer."""
    return csv_text(export_rows(table))


def trend_text(table: TrendTable) -> str:
    """The table as plain text in aligned columns: names left, numbers right."""
    header = ["Service line", *(column.label for column in table.columns)]
    body = [[row.label, *(cell.text for cell in row.cells)] for row in display_rows(table)]
    widths = [max(len(line[index]) for line in [header, *body]) for index in range(len(header))]
    lines = []
    for line in [header, *body]:
        parts = [line[0].ljust(widths[0])] + [
            text.rjust(width) for text, width in zip(line[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


# The summary in words ----------------------------------------------------------------------


def _years_in_words(years: int) -> str:
    count = _NUMBER_WORDS[years] if years < len(_NUMBER_WORDS) else str(years)
    return f"{count} year" if years == 1 else f"{count} years"


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def summary_sentences(table: TrendTable) -> list[str]:
    """A few sentences summing up the table, for the page and reports.

    For Resilient Harrow: "Spending rose from £34.099m in 2013-14 to £56.651m in 2020-21,
    66% in seven years." and so on.
    """
    if table.is_empty:
        return []
    subject = "Spending" if table.measure == NET else "Gross spending"
    (first, first_total), (last, last_total) = table.first, table.last
    if first.year == last.year:
        return [f"{subject} was {format_amount(last_total)} in {last.label}."]
    sentences = []
    change = last_total - first_total
    span = _years_in_words(last.year - first.year)
    if change == 0:
        sentences.append(f"{subject} was {format_amount(last_total)} in both {first.label} and {last.label}.")
    else:
        verb = "rose" if change > 0 else "fell"
        start, end = f"{format_amount(first_total)} in {first.label}", f"{format_amount(last_total)} in {last.label}"
        text = f"{subject} {verb} from {start} to {end}"
        percent = percent_change(change, first_total, table.percent_dp)
        if percent is not None and first_total > 0:
            text += f", {format_percent(abs(percent))} in {span}"
        sentences.append(text + ".")
        growth = table.compound_annual_growth()
        if growth is not None and last.year - first.year > 1:
            kind = "rise" if growth >= 0 else "fall"
            sentences.append(f"That is an average {kind} of {format_percent(abs(growth))} a year.")
    known = [share for share in table.shares() if share.percent is not None]
    if len(known) > 1:
        parts = [f"{share.service_line} {format_percent(share.percent)}" for share in known]
        parts[0] = f"{known[0].service_line} made up {format_percent(known[0].percent)}"
        sentences.append(f"Of the {last.label} total, {_join(parts)}.")
    if table.gaps:
        missing = _join([financial_year_label(year) for year in table.gaps])
        which = "that year" if len(table.gaps) == 1 else "those years"
        sentences.append(f"There are no figures for {missing}, so there is no movement into or out of {which}.")
    return sentences
