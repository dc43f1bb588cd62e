"""UK public-sector reporting periods.

This module is pure Python: it has no Django or database dependency, so any layer
(importers, reports, templates, tests) can use it.

Kinds of period
---------------
A :class:`Period` is an immutable, hashable value with a :class:`PeriodKind`, a
``start`` date and an ``end`` date (both inclusive).

* ``FINANCIAL_YEAR_SPAN`` - two or more whole financial years, from 1 April of the first to
  31 March after the last, such as a multi-year savings plan "2017-18 to 2019-20"
  (``Period.financial_year_span(2017, 2019)``).
* ``FINANCIAL_YEAR`` - 1 April to 31 March. Named by the calendar year it starts in, so
  financial year 2019-20 is ``Period.financial_year(2019)`` (1 Apr 2019 to 31 Mar 2020).
* ``YEAR_TO_DATE`` - a financial year to date: 1 April to the end of a month from April to
  February, such as April to December 2018 (``Period.year_to_date(2018, 12)``). It keeps its
  "to date" end; a year to the end of March is the ``FINANCIAL_YEAR`` itself.
* ``QUARTER`` - a financial quarter: Q1 = Apr-Jun, Q2 = Jul-Sep, Q3 = Oct-Dec and
  Q4 = Jan-Mar (so Q4 2019/20 is Jan-Mar 2020).
* ``MONTH`` - a calendar month.
* ``WEEK`` - an ISO 8601 week, Monday to Sunday, numbered within its ISO year.
* ``DATE`` - a single day (a snapshot, such as a waiting list count on a given date).

Every period must lie between 1 April 1000 and 31 March 9999 (financial years 1000-01 to
9998-99), so that every label and code has a four-digit year and every period has a
financial year. Anything outside raises ``ValueError``.

A period's ``financial_year`` is the financial year containing its start: for a span, its
first year (the span contains it); for every other kind but a week straddling 31 March, the
year that contains the whole period. Use ``contains`` to ask whether a year holds a period.

Labels and codes
----------------
``label`` is the council reporting style, for people:

========================  ==============================
kind                      label
========================  ==============================
span of financial years   ``2017-18 to 2019-20``
financial year            ``2019-20``
year to date              ``2018-19 to date (Dec 2018)``
quarter                   ``Q3 2015/16``
month                     ``Oct 2019``
week                      ``w/c 7 Oct 2019``
date                      ``7 Oct 2019``
========================  ==============================

``code`` is a stable, machine-friendly canonical string, for URLs, database keys and
exports. It contains only ASCII digits, hyphens and upper-case letters, and is at most 20
characters long:

========================  ======================  ===========================================
kind                      code                    notes
========================  ======================  ===========================================
span of financial years   ``2017-18-TO-2019-20``  first and last financial year codes
financial year            ``2019-20``             start year, hyphen, last two digits of end
year to date              ``2018-19-YTD-M12``     financial year code, ``-YTD-M`` and the
                                                  calendar month it runs to
quarter                   ``2015-16-Q3``          financial year code, ``-Q`` and quarter
month                     ``2019-M10``            year, ``-M`` and two-digit month
week                      ``2019-W41``            ISO 8601 week (ISO year and week number)
date                      ``2019-10-07``          ISO 8601 calendar date
========================  ======================  ===========================================

Months use ``YYYY-MNN`` (the statistical "reporting period" style) rather than the
bare ISO ``YYYY-MM`` because a bare ``2010-11`` is ambiguous: it is both November 2010
and financial year 2010-11. :func:`parse_period` reads such text as the financial year (the
council convention); it reads "2017-19" as the span 2017-18 to 2018-19, refuses text that is
both a month and a span ("2008-11": Nov 2008, or 2008-09 to 2010-11) and otherwise accepts a
bare ``YYYY-MM`` as a month. See :func:`parse_period` for every form it reads and what it
refuses. For every period ``p``, ``parse_period(p.code) == p`` and
``parse_period(p.label) == p``.

Ordering
--------
Periods are totally ordered by the key ``(start, end descending, kind rank)``:

1. earlier start first;
2. for the same start, the longer period first (later end first), so a span of years sorts
   before its first financial year, which sorts before a year to date, its first quarter,
   its first month, and a week or date starting the same day;
3. kind rank (span of financial years, financial year, year to date, quarter, month, week,
   date) breaks any remaining tie: a year to date to June sorts before Q1, which has the
   same dates.

Two periods compare equal exactly when their kind, start and end are equal, and the key
holds all three, so the order is consistent with ``==`` and ``hash``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MethodType
from typing import Any, Literal
from zoneinfo import ZoneInfo

__all__ = [
    "FIRST_SUPPORTED_DATE",
    "LAST_SUPPORTED_DATE",
    "Period",
    "PeriodKind",
    "PeriodParseError",
    "financial_year_label",
    "financial_year_of",
    "financial_year_start_year",
    "parse_period",
    "series_key",
]

#: The earliest day any period may include (the start of financial year 1000-01).
FIRST_SUPPORTED_DATE = date(1000, 4, 1)
#: The latest day any period may include (the end of financial year 9998-99).
LAST_SUPPORTED_DATE = date(9999, 3, 31)

_FIRST_FY = FIRST_SUPPORTED_DATE.year
#: Councils' today, for this year's "YTD": the date in the UK.
_UK = ZoneInfo("Europe/London")
_LAST_FY = LAST_SUPPORTED_DATE.year - 1

_MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


class PeriodParseError(ValueError):
    """Raised when text cannot be read as a period. The message says what was expected."""


class PeriodKind(StrEnum):
    """The kinds of period, in rank order (longest first)."""

    FINANCIAL_YEAR_SPAN = "financial_year_span"
    FINANCIAL_YEAR = "financial_year"
    YEAR_TO_DATE = "year_to_date"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    DATE = "date"

    @property
    def rank(self) -> int:
        """Position in the order span of financial years (0), financial year, year to date,
        quarter, month, week, date (6)."""
        return _KIND_ORDER.index(self)

    @property
    def label(self) -> str:
        """A plain-English name, such as "Financial year"."""
        return _KIND_LABELS.get(self, self.value.replace("_", " ").capitalize())


_KIND_ORDER = tuple(PeriodKind)
_KIND_LABELS = {PeriodKind.FINANCIAL_YEAR_SPAN: "Span of financial years"}
#: The kinds whose end follows from their start; a span and a year to date also need their end.
_FIXED_LENGTH_KINDS = frozenset(
    {PeriodKind.FINANCIAL_YEAR, PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.WEEK, PeriodKind.DATE}
)


def _check_year(year: int, what: str = "year") -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"{what} must be an int, not {type(year).__name__}")


def financial_year_start_year(d: date) -> int:
    """The calendar year in which the financial year containing ``d`` starts."""
    return d.year if d.month >= 4 else d.year - 1


def financial_year_label(start_year: int, style: Literal["-", "/"] = "-") -> str:
    """Name the financial year starting in April of ``start_year``.

    ``style="-"`` gives "2019-20" (the financial-year label); ``style="/"`` gives "2019/20"
    (as used inside quarter labels).
    """
    _check_year(start_year, "start_year")
    if style not in ("-", "/"):
        raise ValueError(f'style must be "-" or "/", not {style!r}')
    return f"{start_year}{style}{(start_year + 1) % 100:02d}"


def financial_year_of(d: date) -> Period:
    """The financial year (1 April to 31 March) containing the date ``d``."""
    if isinstance(d, datetime):
        d = d.date()
    return Period.financial_year(financial_year_start_year(d))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _short_date(d: date) -> str:
    return f"{d.day} {_MONTH_ABBREVIATIONS[d.month - 1]} {d.year}"


class _ConstructorOrAttribute:
    """A name that is a constructor on the class and a computed attribute on instances.

    ``Period.financial_year(2019)`` calls the constructor (as a classmethod would), while
    ``period.financial_year`` computes a value from the instance (as a property would).
    """

    def __init__(
        self,
        constructor: Callable[..., Period],
        getter: Callable[[Period], Period],
    ) -> None:
        self._constructor = constructor
        self._getter = getter
        self.__doc__ = constructor.__doc__

    def __get__(self, instance: Period | None, owner: type[Period]) -> Any:
        if instance is None:
            return MethodType(self._constructor, owner)
        return self._getter(instance)


@dataclass(frozen=True, slots=True, eq=True, order=False, repr=False)
class Period:
    """A reporting period: a kind plus inclusive start and end dates.

    Build periods with the constructors (:meth:`financial_year`, :meth:`quarter`,
    :meth:`month`, :meth:`week`, :meth:`on`) or :func:`parse_period`. Direct construction
    is allowed but the dates must match the kind exactly, otherwise ``ValueError``.
    """

    kind: PeriodKind
    start: date
    end: date

    def __post_init__(self) -> None:
        if not isinstance(self.kind, PeriodKind):
            object.__setattr__(self, "kind", PeriodKind(self.kind))
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, datetime) or not isinstance(value, date):
                raise TypeError(f"Period.{name} must be a date, not {type(value).__name__}")
        if self.start < FIRST_SUPPORTED_DATE or self.end > LAST_SUPPORTED_DATE:
            raise ValueError(
                f"{self.start.isoformat()} to {self.end.isoformat()} is outside the supported "
                f"range {FIRST_SUPPORTED_DATE.isoformat()} to {LAST_SUPPORTED_DATE.isoformat()}"
            )
        if self.kind in _FIXED_LENGTH_KINDS:
            expected_end = _expected_end(self.kind, self.start)
            if expected_end != self.end:
                raise ValueError(
                    f"a {self.kind.label.lower()} starting {self.start.isoformat()} must end "
                    f"{expected_end.isoformat()}, not {self.end.isoformat()}"
                )
        else:
            _check_open_ended(self.kind, self.start, self.end)

    # ----- constructors -------------------------------------------------------------

    def _new_financial_year(cls, start_year: int) -> Period:
        """Financial year running 1 April ``start_year`` to 31 March ``start_year + 1``."""
        _check_year(start_year, "start_year")
        _check_fy_range(start_year)
        return cls(PeriodKind.FINANCIAL_YEAR, date(start_year, 4, 1), date(start_year + 1, 3, 31))

    def _containing_financial_year(self) -> Period:
        """The financial year containing this period's start (itself for a financial year)."""
        return Period.financial_year(self.fy_start_year)

    #: ``Period.financial_year(2019)`` builds financial year 2019-20;
    #: ``some_period.financial_year`` is the financial year containing its start.
    financial_year = _ConstructorOrAttribute(_new_financial_year, _containing_financial_year)
    del _new_financial_year, _containing_financial_year

    @classmethod
    def financial_year_span(cls, first_start_year: int, last_start_year: int) -> Period:
        """The financial years from the one starting in ``first_start_year`` to the one starting
        in ``last_start_year``, both included: 1 April of the first to 31 March after the last.

        A span has at least two years (one year is :meth:`financial_year`).
        """
        _check_year(first_start_year, "first_start_year")
        _check_year(last_start_year, "last_start_year")
        _check_fy_range(first_start_year)
        _check_fy_range(last_start_year)
        if last_start_year <= first_start_year:
            raise ValueError(
                f"a span of financial years must end after it starts: "
                f"{financial_year_label(last_start_year)} is not after {financial_year_label(first_start_year)}"
            )
        return cls(PeriodKind.FINANCIAL_YEAR_SPAN, date(first_start_year, 4, 1), date(last_start_year + 1, 3, 31))

    @classmethod
    def year_to_date(cls, year: int, month: int) -> Period:
        """The financial year to date: from 1 April to the end of calendar month ``month`` of
        ``year`` (April to February; to the end of March is the whole :meth:`financial_year`)."""
        _check_year(year)
        if isinstance(month, bool) or not isinstance(month, int):
            raise TypeError(f"month must be an int, not {type(month).__name__}")
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1 to 12, not {month}")
        if month == 3:
            raise ValueError(f"a year to the end of March is the whole financial year {financial_year_label(year - 1)}")
        fy_start = year if month >= 4 else year - 1
        _check_fy_range(fy_start)
        return cls(PeriodKind.YEAR_TO_DATE, date(fy_start, 4, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, fy_start_year: int, q: int) -> Period:
        """Quarter ``q`` (1-4) of the financial year starting in ``fy_start_year``."""
        _check_year(fy_start_year, "fy_start_year")
        if isinstance(q, bool) or not isinstance(q, int):
            raise TypeError(f"quarter number must be an int, not {type(q).__name__}")
        if not 1 <= q <= 4:
            raise ValueError(f"quarter number must be 1 to 4, not {q}")
        _check_fy_range(fy_start_year)
        first_month = 4 + 3 * (q - 1)
        year = fy_start_year
        if first_month > 12:
            first_month -= 12
            year += 1
        start = date(year, first_month, 1)
        return cls(PeriodKind.QUARTER, start, _month_end(year, first_month + 2))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``month`` (1-12) of ``year``."""
        _check_year(year)
        if isinstance(month, bool) or not isinstance(month, int):
            raise TypeError(f"month must be an int, not {type(month).__name__}")
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1 to 12, not {month}")
        if not _FIRST_FY <= year <= LAST_SUPPORTED_DATE.year:
            raise ValueError(f"year {year} is outside the supported range")
        return cls(PeriodKind.MONTH, date(year, month, 1), _month_end(year, month))

    @classmethod
    def week(cls, iso_year: int, iso_week: int) -> Period:
        """ISO 8601 week ``iso_week`` of ``iso_year`` (Monday to Sunday)."""
        _check_year(iso_year, "iso_year")
        if isinstance(iso_week, bool) or not isinstance(iso_week, int):
            raise TypeError(f"week number must be an int, not {type(iso_week).__name__}")
        if not _FIRST_FY <= iso_year <= LAST_SUPPORTED_DATE.year:
            raise ValueError(f"year {iso_year} is outside the supported range")
        try:
            start = date.fromisocalendar(iso_year, iso_week, 1)
        except ValueError:
            raise ValueError(f"{iso_year} has no ISO week {iso_week}") from None
        return cls(PeriodKind.WEEK, start, start + timedelta(days=6))

    @classmethod
    def week_commencing(cls, monday: date) -> Period:
        """The ISO week starting on ``monday``; any other weekday raises ``ValueError``."""
        if isinstance(monday, datetime):
            monday = monday.date()
        if monday.weekday() != 0:
            raise ValueError(
                f"{_short_date(monday)} is a {calendar.day_name[monday.weekday()]}; a week must commence on a Monday"
            )
        return cls(PeriodKind.WEEK, monday, monday + timedelta(days=6))

    @classmethod
    def on(cls, d: date) -> Period:
        """A single-day (snapshot) period. A ``datetime`` is reduced to its date."""
        if isinstance(d, datetime):
            d = d.date()
        if not isinstance(d, date):
            raise TypeError(f"expected a date, not {type(d).__name__}")
        return cls(PeriodKind.DATE, d, d)

    # ----- presentation -------------------------------------------------------------

    @property
    def label(self) -> str:
        """Council reporting style: "2017-18 to 2019-20", "2019-20", "2018-19 to date (Dec 2018)",
        "Q3 2015/16", "Oct 2019", "w/c 7 Oct 2019", "7 Oct 2019"."""
        kind = self.kind
        if kind is PeriodKind.FINANCIAL_YEAR:
            return financial_year_label(self.start.year, "-")
        if kind is PeriodKind.FINANCIAL_YEAR_SPAN:
            return f"{financial_year_label(self.start.year)} to {financial_year_label(self.end.year - 1)}"
        if kind is PeriodKind.YEAR_TO_DATE:
            end_month = f"{_MONTH_ABBREVIATIONS[self.end.month - 1]} {self.end.year}"
            return f"{financial_year_label(self.start.year)} to date ({end_month})"
        if kind is PeriodKind.QUARTER:
            return f"Q{self.quarter_number} {financial_year_label(self.fy_start_year, '/')}"
        if kind is PeriodKind.MONTH:
            return f"{_MONTH_ABBREVIATIONS[self.start.month - 1]} {self.start.year}"
        if kind is PeriodKind.WEEK:
            return f"w/c {_short_date(self.start)}"
        return _short_date(self.start)

    @property
    def code(self) -> str:
        """Canonical machine-friendly form: "2017-18-TO-2019-20", "2019-20", "2018-19-YTD-M12",
        "2015-16-Q3", "2019-M10", "2019-W41", "2019-10-07". Round-trips through
        :func:`parse_period`; at most 20 characters."""
        kind = self.kind
        if kind is PeriodKind.FINANCIAL_YEAR:
            return financial_year_label(self.start.year, "-")
        if kind is PeriodKind.FINANCIAL_YEAR_SPAN:
            return f"{financial_year_label(self.start.year)}-TO-{financial_year_label(self.end.year - 1)}"
        if kind is PeriodKind.YEAR_TO_DATE:
            return f"{financial_year_label(self.start.year)}-YTD-M{self.end.month:02d}"
        if kind is PeriodKind.QUARTER:
            return f"{financial_year_label(self.fy_start_year, '-')}-Q{self.quarter_number}"
        if kind is PeriodKind.MONTH:
            return f"{self.start.year}-M{self.start.month:02d}"
        if kind is PeriodKind.WEEK:
            iso_year, iso_week, _ = self.start.isocalendar()
            return f"{iso_year}-W{iso_week:02d}"
        return self.start.isoformat()

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"<Period {self.kind.name} {self.code}>"

    # ----- ordering -----------------------------------------------------------------

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """``(start, -end, kind rank)`` as integers; see the module docstring."""
        return (self.start.toordinal(), -self.end.toordinal(), self.kind.rank)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key >= other.sort_key

    # ----- relationships ------------------------------------------------------------

    @property
    def days(self) -> int:
        """Number of days in the period (inclusive)."""
        return (self.end - self.start).days + 1

    @property
    def fy_start_year(self) -> int:
        """Start year of the financial year containing this period's start."""
        return financial_year_start_year(self.start)

    @property
    def quarter_number(self) -> int:
        """Financial quarter (1-4) containing this period's start."""
        return (self.start.month - 4) % 12 // 3 + 1

    def contains(self, other: Period | date) -> bool:
        """Whether ``other`` (a period or a date) lies wholly within this period.

        A period contains itself. A week straddling the end of a month is not contained in
        either month.
        """
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        if isinstance(other, datetime):
            other = other.date()
        if isinstance(other, date):
            return self.start <= other <= self.end
        raise TypeError(f"expected a Period or a date, not {type(other).__name__}")

    def __contains__(self, other: Period | date) -> bool:
        return self.contains(other)

    def next(self) -> Period:
        """The following period of the same kind.

        For a span of financial years, the span of as many years that follows it; for a year to
        date, the same months of the following financial year (so "2018-19 to date (Dec 2018)"
        is followed by "2019-20 to date (Dec 2019)").
        """
        return self._step(1)

    def previous(self) -> Period:
        """The preceding period of the same kind (see :meth:`next`)."""
        return self._step(-1)

    def _step(self, steps: int) -> Period:
        kind = self.kind
        if kind is PeriodKind.FINANCIAL_YEAR:
            return Period.financial_year(self.start.year + steps)
        if kind is PeriodKind.FINANCIAL_YEAR_SPAN:
            years = self.end.year - self.start.year
            first = self.start.year + years * steps
            return Period.financial_year_span(first, first + years - 1)
        if kind is PeriodKind.YEAR_TO_DATE:
            return Period.year_to_date(self.end.year + steps, self.end.month)
        if kind is PeriodKind.QUARTER:
            index = self.fy_start_year * 4 + self.quarter_number - 1 + steps
            return Period.quarter(index // 4, index % 4 + 1)
        if kind is PeriodKind.MONTH:
            index = self.start.year * 12 + self.start.month - 1 + steps
            return Period.month(index // 12, index % 12 + 1)
        days = 7 if kind is PeriodKind.WEEK else 1
        try:
            start = self.start + timedelta(days=days * steps)
        except OverflowError:
            raise ValueError("the period is outside the supported range") from None
        end = start + timedelta(days=days - 1)
        return Period(kind, start, end)

    @property
    def series_key(self) -> tuple[str, int]:
        """Which values this one is compared with in a series: see :func:`series_key`."""
        return series_key(self.kind, self.start, self.end)

    def quarters(self) -> tuple[Period, ...]:
        """The four quarters of a financial year, in order."""
        if self.kind is not PeriodKind.FINANCIAL_YEAR:
            raise ValueError(f"only a financial year has quarters, not a {self.kind.label.lower()}")
        return tuple(Period.quarter(self.start.year, q) for q in range(1, 5))

    def financial_years(self) -> tuple[Period, ...]:
        """The financial years of a span (or the one financial year of a financial year), in order."""
        if self.kind not in (PeriodKind.FINANCIAL_YEAR, PeriodKind.FINANCIAL_YEAR_SPAN):
            raise ValueError(
                f"only a financial year or a span of financial years has financial years, "
                f"not a {self.kind.label.lower()}"
            )
        return tuple(Period.financial_year(year) for year in range(self.start.year, self.end.year))

    def months(self) -> tuple[Period, ...]:
        """The calendar months of a span of financial years, a financial year (12), a year to
        date or a quarter (3), in order."""
        if self.kind not in _WHOLE_MONTH_KINDS:
            raise ValueError(
                "only a span of financial years, a financial year, a year to date or a quarter has months, "
                f"not a {self.kind.label.lower()}"
            )
        count = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        first = Period.month(self.start.year, self.start.month)
        result = [first]
        for _ in range(count - 1):
            result.append(result[-1].next())
        return tuple(result)


def series_key(kind: PeriodKind | str, start: date, end: date) -> tuple[str, int]:
    """What a value for this period is compared with, like for like, in a series or a trend.

    Periods of the same kind compare, with two refinements: a year to date only with years to
    date to the same month (Apr-Dec with Apr-Dec, never with Apr-Jun), and a span of financial
    years only with spans of as many years (three-year savings with three-year savings). Takes
    the stored columns, so a series can be grouped without building a Period for every value.
    """
    kind = PeriodKind(kind)
    if kind is PeriodKind.YEAR_TO_DATE:
        return kind.value, end.month
    if kind is PeriodKind.FINANCIAL_YEAR_SPAN:
        return kind.value, end.year - start.year
    return kind.value, 0


def _check_fy_range(start_year: int) -> None:
    if not _FIRST_FY <= start_year <= _LAST_FY:
        raise ValueError(
            f"financial year starting {start_year} is outside the supported range "
            f"{financial_year_label(_FIRST_FY)} to {financial_year_label(_LAST_FY)}"
        )


_WHOLE_MONTH_KINDS = frozenset(
    {PeriodKind.FINANCIAL_YEAR_SPAN, PeriodKind.FINANCIAL_YEAR, PeriodKind.YEAR_TO_DATE, PeriodKind.QUARTER}
)


def _check_open_ended(kind: PeriodKind, start: date, end: date) -> None:
    """Check the dates of a span of financial years or a year to date, whose end is their own."""
    if start.month != 4 or start.day != 1:
        raise ValueError(f"a {kind.label.lower()} must start on 1 April, not {start.isoformat()}")
    if kind is PeriodKind.FINANCIAL_YEAR_SPAN:
        if (end.month, end.day) != (3, 31) or end.year < start.year + 2:
            raise ValueError(
                f"a span of financial years starting {start.isoformat()} must end on 31 March of "
                f"{start.year + 2} or later, not {end.isoformat()}"
            )
        return
    year_end = date(start.year + 1, 3, 31)
    if end != _month_end(end.year, end.month) or not start < end < date(start.year + 1, 3, 1):
        raise ValueError(
            f"a year to date starting {start.isoformat()} must end on the last day of a month from "
            f"April to February, before {year_end.isoformat()}, not {end.isoformat()}"
        )


def _expected_end(kind: PeriodKind, start: date) -> date:
    """The end date a period of ``kind`` starting on ``start`` must have."""
    if kind is PeriodKind.DATE:
        return start
    if kind is PeriodKind.WEEK:
        if start.weekday() != 0:
            raise ValueError(f"a week must start on a Monday, not {start.isoformat()}")
        return start + timedelta(days=6)
    if start.day != 1:
        raise ValueError(f"a {kind.label.lower()} must start on the 1st, not {start.isoformat()}")
    if kind is PeriodKind.MONTH:
        return _month_end(start.year, start.month)
    if kind is PeriodKind.QUARTER:
        if start.month not in (1, 4, 7, 10):
            raise ValueError(f"a financial quarter must start in Jan, Apr, Jul or Oct, not {start.isoformat()}")
        end_month = start.month + 2
        return _month_end(start.year, end_month)
    if start.month != 4:
        raise ValueError(f"a financial year must start on 1 April, not {start.isoformat()}")
    return date(start.year + 1, 3, 31)


# ----- parsing --------------------------------------------------------------------------

_EXPECTED = (
    "expected a financial year such as '2019-20', '2019/20' or '19/20', a quarter such as "
    "'Q3 2015/16', a month such as 'Oct 2019', a week such as 'w/c 7 Oct 2019' or "
    "'w/e 13 Oct 2019', a date such as '7 Oct 2019' or '07/10/2019', a year to date such as "
    "'Apr-Dec 2018' or '2018-19 YTD to Dec 2018', or a span of financial years such as "
    "'2017-18 to 2019-20'"
)

#: A span of years written with a two-digit end ("2017-19") is read only up to this many years,
#: so that an ISO month such as "2019-10" is never read as the 91 years 2019-20 to 2109-10.
_SHORT_SPAN_LIMIT = 10

_MONTH_NAMES: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name[1:], start=1):
    _MONTH_NAMES[_name.lower()] = _number
    _MONTH_NAMES[_name[:3].lower()] = _number
_MONTH_NAMES["sept"] = 9

# Normalisation applied before matching: dashes and minus signs become "-", typographic
# apostrophes and primes become "'", and any run of whitespace becomes one space.
_TRANSLATE = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark (curly apostrophe)
        "\u2032": "'",  # prime
        "`": "'",
        "\u00b4": "'",  # acute accent
    }
)

# One financial year (or a span) written as two years: "2019-20", "2019/2020", "FY19/20".
_YEARS = r"(?:(?:fy|financial year)\s*)?(?:\d{4}\s*[-/]\s*(?:\d{4}|\d{2})|\d{2}\s*[-/]\s*\d{2})"
_MONTH_YEAR = r"(?P<name>[a-z]+)\.?\s*(?:(?P<year4>\d{4})|'?\s*(?P<year2>\d{2}))"
_MONTH_MAYBE_YEAR = r"(?P<name>[a-z]+)\.?\s*(?:(?P<year4>\d{4})|'?\s*(?P<year2>\d{2}))?"
_QUARTER = r"q(?:uarter|tr)?\.?\s*(?P<q>\d)"
_YTD_LINK = r"(?:(?:to|up to|at|as at|as of|-)\s*)?(?:the\s+)?(?:end\s+(?:of\s+)?)?"

_RE_YEARS = re.compile(
    r"(?:(?P<prefix>fy|financial year)\s*)?(?P<y1>\d{4}|\d{2})\s*(?P<sep>[-/])\s*(?P<y2>\d{4}|\d{2})"
)
_RE_YEARS_RANGE = re.compile(rf"(?P<first>{_YEARS})\s*(?:-?\s*(?:to|until|through|thru)\s*-?|-)\s*(?P<last>{_YEARS})")
_RE_YTD_CODE = re.compile(r"(?P<fy>\d{4}-\d{2})-ytd-m(?P<month>\d{1,2})")
_RE_YTD_AFTER_YEAR = re.compile(rf"(?P<fy>{_YEARS})\s*(?:ytd|to date)\s*{_YTD_LINK}\(?\s*{_MONTH_MAYBE_YEAR}\s*\)?")
_RE_YEAR_TO_MONTH = re.compile(
    rf"(?P<fy>{_YEARS})\s*(?:to|up to)\s+(?:the\s+)?(?:end\s+(?:of\s+)?)?{_MONTH_MAYBE_YEAR}"
)
_RE_YTD_BEFORE_MONTH = re.compile(rf"ytd\s*{_YTD_LINK}{_MONTH_YEAR}")
_RE_YTD_AFTER_MONTH = re.compile(rf"{_MONTH_YEAR}\s*-?\s*ytd")
_RE_YTD_ALONE = re.compile(rf"(?:(?P<fy>{_YEARS})\s*)?(?:ytd|to date)")
_RE_QUARTER_FIRST = re.compile(rf"{_QUARTER}\s*,?\s*(?P<fy>{_YEARS})")
_RE_QUARTER_LAST = re.compile(rf"(?P<fy>{_YEARS})\s*-?\s*{_QUARTER}")
_RE_QUARTER_RANGE = re.compile(
    r"q(?:uarter|tr)?\.?\s*(?P<q1>\d)\s*(?:-|to)\s*q(?:uarter|tr)?\.?\s*(?P<q2>\d)\s*,?\s*" rf"(?P<fy>{_YEARS})"
)
_RE_QUARTER_WITHOUT_FY = re.compile(
    r"q(?:uarter|tr)?\.?\s*\d\s*,?\s*(?:fy\s*)?\d{2,4}|\d{4}\s*-?\s*q(?:uarter|tr)?\.?\s*\d"
)
_RE_MONTH_RANGE = re.compile(
    r"(?P<m1>[a-z]+)\.?\s*(?:(?P<a4>\d{4})|'?\s*(?P<a2>\d{2}))?\s*(?:-|to|until|through)\s*"
    rf"(?P<m2>[a-z]+)\.?\s*(?:(?P<fy>{_YEARS})|(?P<b4>\d{{4}})|'?\s*(?P<b2>\d{{2}}))"
)
_RE_ISO_MONTH = re.compile(r"(?P<year>\d{4})-m(?P<month>\d{1,2})")
_RE_NAMED_MONTH = re.compile(r"(?P<name>[a-z]+)\.?\s*[-/]?\s*(?:(?P<year4>\d{4})|'?\s*(?P<year2>\d{2}))")
_RE_ISO_WEEK = re.compile(r"(?P<year>\d{4})\s*-?\s*w(?P<week>\d{1,2})")
_RE_WEEK_NUMBER = re.compile(r"(?:week|wk)\s*(?P<week>\d{1,2})\s*,?\s*(?P<year>\d{4})")
_RE_WEEK_COMMENCING = re.compile(r"(?:w/c|w/b|wc|wb|week commencing|week beginning|week starting)\s*:?\s*(?P<rest>.+)")
_RE_WEEK_ENDING = re.compile(
    r"(?:week ending|wk ending|week end|wk end|w/ending|w/e|w\.e\.?|we(?=\s))\s*:?\s*(?P<rest>.+)"
)
_RE_AS_AT = re.compile(r"(?:as at|as of|at)\s*:?\s+(?P<rest>.+)")
_RE_END_OF = re.compile(r"(?:the\s+)?end\s+(?:of\s+)?(?P<rest>.+)")
_RE_YEAR_ALONE = re.compile(r"(?P<prefix>fy|financial year)?\s*(?P<year>\d{4}|\d{2})")
_RE_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_RE_NUMERIC_DATE = re.compile(
    r"(?P<day>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<year>\d{4}|\d{2})"
)
_RE_NAMED_DATE = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*[-/]?\s*(?P<name>[a-z]+)\.?,?\s*[-/]?\s*"
    r"(?:(?P<year4>\d{4})|'?\s*(?P<year2>\d{2}))"
)


def _expand_two_digit_year(two_digits: str) -> int:
    """Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999."""
    value = int(two_digits)
    return 2000 + value if value < 70 else 1900 + value


def _year_from(match: re.Match[str]) -> int:
    if match.group("year4"):
        return int(match.group("year4"))
    return _expand_two_digit_year(match.group("year2"))


def _optional_year(match: re.Match[str]) -> int | None:
    if match.group("year4") or match.group("year2"):
        return _year_from(match)
    return None


def _fail(original: str, reason: str | None = None) -> PeriodParseError:
    shown = original.strip()
    if reason:
        return PeriodParseError(f"Could not read {shown!r} as a period: {reason}.")
    return PeriodParseError(f"Could not read {shown!r} as a period: {_EXPECTED}.")


def _build(original: str, constructor: Callable[..., Period], *args: object) -> Period:
    try:
        return constructor(*args)
    except ValueError as error:
        raise _fail(original, str(error)) from None
    except OverflowError:
        # A week at the very end of the calendar ("9999-W52") runs past the last date Python
        # has; it is as far out of range as any other.
        supported = f"{FIRST_SUPPORTED_DATE.isoformat()} to {LAST_SUPPORTED_DATE.isoformat()}"
        raise _fail(original, f"it is outside the supported range {supported}") from None


def _month_label(year: int, month: int) -> str:
    return f"{_MONTH_ABBREVIATIONS[month - 1]} {year}"


def _years(original: str, text: str, *, single: bool = False) -> Period:
    """Read two years ("2019-20", "2017-19", "FY19/20", "2019/2020") as a financial year, a span
    of financial years or (for "YYYY-MM") a month. ``single`` allows only one financial year."""
    match = _RE_YEARS.fullmatch(text)
    if match is None:
        raise _fail(original)
    y1_text, y2_text, sep = match.group("y1"), match.group("y2"), match.group("sep")
    prefixed = match.group("prefix") is not None
    if len(y1_text) == 2 and len(y2_text) == 4:
        first = _expand_two_digit_year(y1_text)
        raise _fail(
            original, f"write the first year in full too, such as '{first}-{y2_text}' or '{first}-{y2_text[2:]}'"
        )
    first = int(y1_text) if len(y1_text) == 4 else _expand_two_digit_year(y1_text)
    if len(y2_text) == 4:
        last_end = int(y2_text)
    else:
        last_end = first - first % 100 + int(y2_text)
        if last_end <= first:
            last_end += 100
    count = last_end - first
    following = financial_year_label(first, sep)  # type: ignore[arg-type]
    if len(y2_text) == 4:
        following = f"{first}{sep}{first + 1}"
    if count == 1:
        return _build(original, Period.financial_year, first)
    if single:
        raise _fail(
            original,
            "in a financial year the second year must be the year after the first "
            f"(expected {following!r} for the year starting April {first})",
        )
    # A four-digit end says exactly where the span ends; a two-digit one is read up to a limit.
    could_be_span = count > 1 if len(y2_text) == 4 else count <= _SHORT_SPAN_LIMIT
    could_be_month = not prefixed and sep == "-" and len(y1_text) == 4 and len(y2_text) == 2 and 1 <= int(y2_text) <= 12
    # "10/12" might be October 2012 (or 10 December) as well as years; "13/15" cannot.
    two_digit_ambiguity = not prefixed and len(y1_text) == 2 and int(y1_text) <= 12
    span_text = f"{financial_year_label(first)} to {financial_year_label(last_end - 1)}"
    if could_be_span and could_be_month:
        month = _month_label(first, int(y2_text))
        raise _fail(
            original,
            f"it could be {month} or the financial years {span_text}: write {month!r} (or "
            f"'{first}-M{y2_text}') for the month, or {span_text!r} for the years",
        )
    if could_be_span and two_digit_ambiguity:
        month = _month_label(_expand_two_digit_year(y2_text), int(y1_text))
        raise _fail(
            original,
            f"it could be {month} (or a day and month) as well as the financial years {span_text}: "
            f"write {month!r} for the month, or {span_text!r} for the years",
        )
    if could_be_span:
        return _build(original, Period.financial_year_span, first, last_end - 1)
    if could_be_month:
        return _build(original, Period.month, first, int(y2_text))
    reason = (
        f"it is not a financial year (the second part should be {following[-len(y2_text) :]}, the year after "
        f"{first}: {following!r})"
    )
    # Not a span either: a two-digit end would make it longer than a span is read, or the end is not after the start.
    reason += (
        f", nor a span of financial years (such as '{first}-{(first + 3) % 100:02d}' for "
        f"{financial_year_label(first)} to {financial_year_label(first + 2)})"
    )
    if sep == "-" and not prefixed and len(y2_text) == 2 and len(y1_text) == 4:
        reason += ", nor a month (01 to 12)"
    raise _fail(original, reason)


def _years_range(original: str, match: re.Match[str]) -> Period:
    """ "2017/18 to 2019/20", "2017-18 - 2019-20", "2017-18-TO-2019-20"."""
    first = _years(original, match.group("first"), single=True)
    last = _years(original, match.group("last"), single=True)
    if last == first:
        return first
    if last < first:
        raise _fail(original, f"the span ends ({last.label}) before it starts ({first.label})")
    return _build(original, Period.financial_year_span, first.start.year, last.start.year)


def _month_number(name: str) -> int | None:
    return _MONTH_NAMES.get(name)


def _year_to_month(original: str, fy: Period, month: int, year: int | None) -> Period:
    """The financial year ``fy`` to the end of ``month`` (the whole year when that is March)."""
    calendar_year = fy.start.year if month >= 4 else fy.start.year + 1
    if year is not None and year != calendar_year:
        raise _fail(
            original,
            f"{_month_label(year, month)} is not in the financial year {fy.label} "
            f"(which runs from Apr {fy.start.year} to Mar {fy.end.year})",
        )
    if month == 3:
        return fy
    return _build(original, Period.year_to_date, calendar_year, month)


def _year_to_date(original: str, text: str, today: date | None = None) -> Period | None:
    """A financial year to date, in any of its forms, or None if ``text`` is not one."""
    text = re.sub(r"\byear[ -]to[ -]date\b|\by-t-d\b|\by\.t\.d\.?", "ytd", text)
    if "ytd" not in text and "to" not in text:
        return None
    match = _RE_YTD_CODE.fullmatch(text)
    if match:
        fy = _years(original, match.group("fy"), single=True)
        month = int(match.group("month"))
        if not 1 <= month <= 12:
            raise _fail(original, f"the year to date must end in a month numbered 01 to 12, not {month:02d}")
        return _year_to_month(original, fy, month, None)
    for pattern in (_RE_YTD_AFTER_YEAR, _RE_YEAR_TO_MONTH):
        match = pattern.fullmatch(text)
        if match and _month_number(match.group("name")):
            fy = _years(original, match.group("fy"), single=True)
            return _year_to_month(original, fy, _MONTH_NAMES[match.group("name")], _optional_year(match))
    for pattern in (_RE_YTD_BEFORE_MONTH, _RE_YTD_AFTER_MONTH):
        match = pattern.fullmatch(text)
        if match and _month_number(match.group("name")):
            month, year = _MONTH_NAMES[match.group("name")], _year_from(match)
            fy = _build(original, Period.financial_year, year if month >= 4 else year - 1)
            return _year_to_month(original, fy, month, year)
    match = _RE_YTD_ALONE.fullmatch(text)
    if match:
        example = "2018-19"
        if match.group("fy"):
            fy = _years(original, match.group("fy"), single=True)
            example = fy.label
            # This year's "YTD" runs to the last month that has ended: what "to date" means today.
            today = today or datetime.now(tz=_UK).date()
            last_month_end = today.replace(day=1) - timedelta(days=1)
            if fy.start <= last_month_end and last_month_end.month != 3 and fy.contains(last_month_end):
                return _build(original, Period.year_to_date, last_month_end.year, last_month_end.month)
        start = int(example[:4])
        raise _fail(
            original,
            "a year to date needs the month it runs to, which the text does not say (only this financial year's "
            "YTD is read as running to the last month that has ended): write "
            f"'{example} YTD to Dec {start}' or 'Apr-Dec {start}' (for the whole year, write '{example}')",
        )
    return None


def _months_range(original: str, start_year: int, start_month: int, end_year: int, end_month: int) -> Period:
    """A run of whole months read as the period it is: a month, a quarter, a year to date, a
    financial year or a span of financial years."""
    first, last = start_year * 12 + start_month - 1, end_year * 12 + end_month - 1
    described = f"{_month_label(start_year, start_month)} to {_month_label(end_year, end_month)}"
    if last < first:
        raise _fail(original, f"it ends before it starts ({described})")
    count = last - first + 1
    if count == 1:
        return _build(original, Period.month, start_year, start_month)
    if start_month == 4 and end_month == 3:
        if count == 12:
            return _build(original, Period.financial_year, start_year)
        return _build(original, Period.financial_year_span, start_year, end_year - 1)
    if count == 3 and start_month in (1, 4, 7, 10):
        fy_start = start_year if start_month >= 4 else start_year - 1
        return _build(original, Period.quarter, fy_start, (start_month - 4) % 12 // 3 + 1)
    if start_month == 4 and count < 12:
        return _build(original, Period.year_to_date, end_year, end_month)
    raise _fail(
        original,
        f"{described} is {count} months, and a range of months is read only as a financial quarter "
        "(Apr-Jun, Jul-Sep, Oct-Dec or Jan-Mar), a year to date from April (such as 'Apr-Dec 2018'), "
        "a financial year (Apr to Mar) or whole financial years: give a figure for each quarter or "
        "month instead",
    )


def _month_range(original: str, match: re.Match[str]) -> Period | None:
    start_month, end_month = _month_number(match.group("m1")), _month_number(match.group("m2"))
    if start_month is None or end_month is None:
        return None
    start_given = match.group("a4") or match.group("a2")
    if match.group("fy"):
        if start_given:
            return None
        fy = _years(original, match.group("fy"), single=True)
        start_year = fy.start.year if start_month >= 4 else fy.start.year + 1
        end_year = fy.start.year if end_month >= 4 else fy.start.year + 1
        return _months_range(original, start_year, start_month, end_year, end_month)
    end_year = int(match.group("b4")) if match.group("b4") else _expand_two_digit_year(match.group("b2"))
    if match.group("a4"):
        start_year = int(match.group("a4"))
    elif match.group("a2"):
        start_year = _expand_two_digit_year(match.group("a2"))
    else:
        start_year = end_year if start_month <= end_month else end_year - 1
    return _months_range(original, start_year, start_month, end_year, end_month)


def _real_date(original: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _fail(original, f"there is no day {day}/{month}/{year} in the calendar") from None


def _parse_date_text(original: str, text: str) -> date | None:
    """Read ``text`` as a date in one of the accepted forms, or return None."""
    match = _RE_ISO_DATE.fullmatch(text)
    if match:
        return _real_date(original, int(match.group("year")), int(match.group("month")), int(match["day"]))
    match = _RE_NUMERIC_DATE.fullmatch(text)
    if match:
        year_text = match.group("year")
        year = int(year_text) if len(year_text) == 4 else _expand_two_digit_year(year_text)
        return _real_date(original, year, int(match.group("month")), int(match.group("day")))
    match = _RE_NAMED_DATE.fullmatch(text)
    if match:
        month = _MONTH_NAMES.get(match.group("name"))
        if month is None:
            raise _fail(original, f"{match.group('name')!r} is not a month name")
        return _real_date(original, _year_from(match), month, int(match.group("day")))
    return None


def _week_ending(original: str, day: date) -> Period:
    """The ISO week holding most of the seven days that end on ``day``.

    That is the week containing ``day`` when it is a Thursday to Sunday (a week ending Sunday is
    exactly that ISO week; "week ending Friday 11 Oct" is Monday 7 to Sunday 13 Oct), and the week
    before when it is a Monday to Wednesday.
    """
    weekday = day.weekday()
    back = weekday if weekday >= 3 else weekday + 7
    try:
        monday = day - timedelta(days=back)
    except OverflowError:
        raise _fail(original, "it is outside the supported range") from None
    return _build(original, Period.week_commencing, monday)


def parse_period(value: str | date | Period, *, today: date | None = None) -> Period:
    """Read a period from text (or a ``date``/``datetime``, giving a DATE period).

    Matching ignores case and surrounding whitespace; en and em dashes count as hyphens and
    curly apostrophes as straight ones. Accepted forms:

    * financial years: "2019-20", "2019/20", "2019-2020", "2019/2020", "FY 2019-20",
      "2019–20", "19/20", "19-20", "FY19/20", "Apr 2019-Mar 2020". The second year must be the
      year after the first.
    * spans of financial years: "2017-18 to 2019-20", "2017/18 to 2019/20", "2017/18-2019/20",
      "2017-19" and "2017/19" (1 April 2017 to 31 March 2019, so 2017-18 and 2018-19: the end
      year is the year the last financial year ends, as in "2017-18"), "2017-2019",
      "Apr 2017-Mar 2019", "2017-18-TO-2019-20". A span written "YYYY-YY" is read up to
      ten years long.
    * years to date (1 April to the end of a month, April to February): "2018-19 YTD to Dec
      2018", "2018-19 YTD Dec", "2018/19 year to date to Dec 2018", "YTD Dec 2018",
      "Dec 2018 YTD", "2018-19 to Dec 2018", "2018-19 to date (Dec 2018)", "Apr-Dec 2018",
      "Q1-Q3 2018/19", "2018-19-YTD-M12". A year to the end of March is the financial year.
    * quarters: "Q3 2015/16", "Q3 2015-16", "Q3 15/16", "Qtr 3 2015/16", "Quarter 3 2015/16",
      "2015/16 Q3", "2015-16-Q3", and a range of three months that is a financial quarter:
      "Oct-Dec 2015", "Oct–Dec 2015", "October to December 2015", "Jan-Mar 2016".
    * months: "Oct 2019", "October 2019", "Sept 2019", "Oct '19", "Oct ’19", "Oct-19",
      "Oct 19", "2019-M10" and ISO "2019-10".
    * weeks: "2019-W41", "2019W41", "Week 41 2019", "w/c 7 Oct 2019" (the date must be a
      Monday; any date form below is allowed after "w/c"), and "w/e 13 Oct 2019" (week
      ending): the ISO week that holds most of the seven days ending on that date, so a week
      ending Sunday 13 Oct is Monday 7 to Sunday 13 Oct, and so is a council's week ending
      Friday 11 Oct (a week ending Monday to Wednesday is the ISO week before).
    * dates: "2019-10-07", "07/10/2019" and "7/10/19" (UK day first), "7 October 2019",
      "7 Oct 2019", "7th Oct 2019"; "end of Jul 2018" or "end of Q3 2015/16" is the last day.
    * "as at" (or "as of", "at") before any form above reads as that form: "as at July 2018"
      is the month Jul 2018 (a snapshot taken in July; the text names no day, so none is
      invented), and "as at 31 Jul 2018" or "as at end of July 2018" is the date 31 Jul 2018.

    Two-digit years 00-69 mean 2000-2069 and 70-99 mean 1970-1999.

    Refused as ambiguous, with a message naming the readings: "YYYY-NN" that is both a month
    and a span of years ("2008-11": Nov 2008, or 2008-09 to 2010-11); two two-digit years whose
    first could be a month ("10/12"); a year alone ("2019", "FY19": 2018-19 or 2019-20?); and a
    year to date without its month ("2018-19 YTD": a council paper's year to date runs to the
    month it reports, which the text alone does not say) — except for the financial year that
    holds ``today`` (by default the real today), where "2026-27 YTD" is the year to the end of
    the last month that has ended (on 6 Dec 2026, "2026-27 to date (Nov 2026)"); in April,
    before a month of the year has ended, it is refused too.

    A ``Period`` is returned unchanged. Anything else raises :class:`PeriodParseError`
    with a message naming the input and what was expected; this function never returns
    ``None``.
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, date):
        return _build(str(value), Period.on, value)
    if not isinstance(value, str):
        raise PeriodParseError(
            f"Could not read {value!r} as a period: expected text or a date, not {type(value).__name__}."
        )
    original = value
    text = " ".join(value.translate(_TRANSLATE).replace("\u00a0", " ").split()).lower()
    if not text:
        raise PeriodParseError(f"Could not read an empty value as a period: {_EXPECTED}.")
    return _parse_text(original, text, today)


def _parse_text(original: str, text: str, today: date | None = None) -> Period:
    match = _RE_AS_AT.fullmatch(text)
    if match:
        return _parse_text(original, match.group("rest"), today)
    match = _RE_END_OF.fullmatch(text)
    if match:
        return _build(original, Period.on, _parse_text(original, match.group("rest"), today).end)

    # Two years: a financial year, a span of them, or a bare ISO year-month sharing the shape.
    if _RE_YEARS.fullmatch(text):
        return _years(original, text)
    match = _RE_YEARS_RANGE.fullmatch(text)
    if match:
        return _years_range(original, match)

    found = _year_to_date(original, text, today)
    if found is not None:
        return found

    for pattern in (_RE_QUARTER_FIRST, _RE_QUARTER_LAST):
        match = pattern.fullmatch(text)
        if match:
            quarter = int(match.group("q"))
            if not 1 <= quarter <= 4:
                raise _fail(original, f"there is no quarter {quarter}; quarters are Q1 to Q4")
            fy = _years(original, match.group("fy"), single=True)
            return _build(original, Period.quarter, fy.start.year, quarter)

    match = _RE_QUARTER_RANGE.fullmatch(text)
    if match:
        first, last = int(match.group("q1")), int(match.group("q2"))
        if not (1 <= first <= 4 and 1 <= last <= 4):
            raise _fail(original, "quarters are Q1 to Q4")
        fy = _years(original, match.group("fy"), single=True)
        start, end = Period.quarter(fy.start.year, first), Period.quarter(fy.start.year, last)
        return _months_range(original, start.start.year, start.start.month, end.end.year, end.end.month)

    if _RE_QUARTER_WITHOUT_FY.fullmatch(text):
        raise _fail(
            original,
            "a quarter needs its financial year, such as 'Q3 2015/16' or '2015-16 Q3' (Q1 is April to June)",
        )

    match = _RE_MONTH_RANGE.fullmatch(text)
    if match:
        found = _month_range(original, match)
        if found is not None:
            return found

    match = _RE_ISO_MONTH.fullmatch(text)
    if match:
        month = int(match.group("month"))
        if not 1 <= month <= 12:
            raise _fail(original, f"{month} is not a month number (01 to 12)")
        return _build(original, Period.month, int(match.group("year")), month)

    match = _RE_NAMED_MONTH.fullmatch(text)
    if match and match.group("name") in _MONTH_NAMES:
        return _build(original, Period.month, _year_from(match), _MONTH_NAMES[match["name"]])

    match = _RE_ISO_WEEK.fullmatch(text) or _RE_WEEK_NUMBER.fullmatch(text)
    if match:
        return _build(original, Period.week, int(match.group("year")), int(match["week"]))

    match = _RE_WEEK_COMMENCING.fullmatch(text)
    if match:
        monday = _parse_date_text(original, match.group("rest"))
        if monday is None:
            raise _fail(
                original,
                "expected a week commencing date such as 'w/c 7 Oct 2019' (a Monday)",
            )
        return _build(original, Period.week_commencing, monday)

    match = _RE_WEEK_ENDING.fullmatch(text)
    if match:
        last_day = _parse_date_text(original, match.group("rest"))
        if last_day is None:
            raise _fail(original, "expected a week ending date such as 'w/e 13 Oct 2019'")
        return _week_ending(original, last_day)

    parsed_date = _parse_date_text(original, text)
    if parsed_date is not None:
        return _build(original, Period.on, parsed_date)

    match = _RE_YEAR_ALONE.fullmatch(text)
    if match and (match.group("prefix") or len(match.group("year")) == 4):
        year_text = match.group("year")
        year = int(year_text) if len(year_text) == 4 else _expand_two_digit_year(year_text)
        if _FIRST_FY < year <= _LAST_FY:
            before, after = financial_year_label(year - 1), financial_year_label(year)
            raise _fail(
                original,
                f"a year on its own could be the financial year ending in {year} ({before!r}) or the one "
                f"starting in it ({after!r}): write the financial year, such as {after!r}, or a month "
                f"such as 'Mar {year}'",
            )

    raise _fail(original)
