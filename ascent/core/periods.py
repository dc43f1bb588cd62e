"""UK public-sector reporting periods.

This module is pure Python: it has no Django or database dependency, so any layer
(importers, reports, templates, tests) can use it.

Kinds of period
---------------
A :class:`Period` is an immutable, hashable value with a :class:`PeriodKind`, a
``start`` date and an ``end`` date (both inclusive).

* ``FINANCIAL_YEAR`` - 1 April to 31 March. Named by the calendar year it starts in, so
  financial year 2019-20 is ``Period.financial_year(2019)`` (1 Apr 2019 to 31 Mar 2020).
* ``QUARTER`` - a financial quarter: Q1 = Apr-Jun, Q2 = Jul-Sep, Q3 = Oct-Dec and
  Q4 = Jan-Mar (so Q4 2019/20 is Jan-Mar 2020).
* ``MONTH`` - a calendar month.
* ``WEEK`` - an ISO 8601 week, Monday to Sunday, numbered within its ISO year.
* ``DATE`` - a single day (a snapshot, such as a waiting list count on a given date).

Every period must lie between 1 April 1000 and 31 March 9999 (financial years 1000-01 to
9998-99), so that every label and code has a four-digit year and every period has a
financial year. Anything outside raises ``ValueError``.

Labels and codes
----------------
``label`` is the council reporting style, for people:

==============  ==================
kind            label
==============  ==================
financial year  ``2019-20``
quarter         ``Q3 2015/16``
month           ``Oct 2019``
week            ``w/c 7 Oct 2019``
date            ``7 Oct 2019``
==============  ==================

``code`` is a stable, machine-friendly canonical string, for URLs, database keys and
exports. It contains only ASCII digits, hyphens and upper-case letters:

==============  ==============  =========================================
kind            code            notes
==============  ==============  =========================================
financial year  ``2019-20``     start year, hyphen, last two digits of end
quarter         ``2015-16-Q3``  financial year code, ``-Q`` and quarter
month           ``2019-M10``    year, ``-M`` and two-digit month
week            ``2019-W41``    ISO 8601 week (ISO year and week number)
date            ``2019-10-07``  ISO 8601 calendar date
==============  ==============  =========================================

Months use ``YYYY-MNN`` (the statistical "reporting period" style) rather than the
bare ISO ``YYYY-MM`` because a bare ``2010-11`` is ambiguous: it is both November 2010
and financial year 2010-11. :func:`parse_period` reads such ambiguous text as the
financial year (the council convention); bare ``YYYY-MM`` is otherwise accepted as a
month. For every period ``p``, ``parse_period(p.code) == p`` and
``parse_period(p.label) == p``.

Ordering
--------
Periods are totally ordered by the key ``(start, end descending, kind rank)``:

1. earlier start first;
2. for the same start, the longer period first (later end first), so a financial year
   sorts before its first quarter, which sorts before its first month, which sorts before
   a week or date starting the same day;
3. kind rank (financial year, quarter, month, week, date) breaks any remaining tie.

Because a period's kind and start determine its end, two periods compare equal exactly
when they are equal, so the order is consistent with ``==`` and ``hash``.
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
]

#: The earliest day any period may include (the start of financial year 1000-01).
FIRST_SUPPORTED_DATE = date(1000, 4, 1)
#: The latest day any period may include (the end of financial year 9998-99).
LAST_SUPPORTED_DATE = date(9999, 3, 31)

_FIRST_FY = FIRST_SUPPORTED_DATE.year
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

    FINANCIAL_YEAR = "financial_year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    DATE = "date"

    @property
    def rank(self) -> int:
        """Position in the order financial year (0), quarter, month, week, date (4)."""
        return _KIND_ORDER.index(self)

    @property
    def label(self) -> str:
        """A plain-English name, such as "Financial year"."""
        return self.value.replace("_", " ").capitalize()


_KIND_ORDER = tuple(PeriodKind)


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
        expected_end = _expected_end(self.kind, self.start)
        if expected_end != self.end:
            raise ValueError(
                f"a {self.kind.label.lower()} starting {self.start.isoformat()} must end "
                f"{expected_end.isoformat()}, not {self.end.isoformat()}"
            )

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
        """Council reporting style: "2019-20", "Q3 2015/16", "Oct 2019", "w/c 7 Oct 2019",
        "7 Oct 2019"."""
        kind = self.kind
        if kind is PeriodKind.FINANCIAL_YEAR:
            return financial_year_label(self.start.year, "-")
        if kind is PeriodKind.QUARTER:
            return f"Q{self.quarter_number} {financial_year_label(self.fy_start_year, '/')}"
        if kind is PeriodKind.MONTH:
            return f"{_MONTH_ABBREVIATIONS[self.start.month - 1]} {self.start.year}"
        if kind is PeriodKind.WEEK:
            return f"w/c {_short_date(self.start)}"
        return _short_date(self.start)

    @property
    def code(self) -> str:
        """Canonical machine-friendly form: "2019-20", "2015-16-Q3", "2019-M10", "2019-W41",
        "2019-10-07". Round-trips through :func:`parse_period`."""
        kind = self.kind
        if kind is PeriodKind.FINANCIAL_YEAR:
            return financial_year_label(self.start.year, "-")
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
        """The following period of the same kind."""
        return self._step(1)

    def previous(self) -> Period:
        """The preceding period of the same kind."""
        return self._step(-1)

    def _step(self, steps: int) -> Period:
        kind = self.kind
        if kind is PeriodKind.FINANCIAL_YEAR:
            return Period.financial_year(self.start.year + steps)
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

    def quarters(self) -> tuple[Period, ...]:
        """The four quarters of a financial year, in order."""
        if self.kind is not PeriodKind.FINANCIAL_YEAR:
            raise ValueError(f"only a financial year has quarters, not a {self.kind.label.lower()}")
        return tuple(Period.quarter(self.start.year, q) for q in range(1, 5))

    def months(self) -> tuple[Period, ...]:
        """The calendar months of a financial year (12) or a quarter (3), in order."""
        if self.kind not in (PeriodKind.FINANCIAL_YEAR, PeriodKind.QUARTER):
            raise ValueError(f"only a financial year or a quarter has months, not a {self.kind.label.lower()}")
        count = 12 if self.kind is PeriodKind.FINANCIAL_YEAR else 3
        first = Period.month(self.start.year, self.start.month)
        result = [first]
        for _ in range(count - 1):
            result.append(result[-1].next())
        return tuple(result)


def _check_fy_range(start_year: int) -> None:
    if not _FIRST_FY <= start_year <= _LAST_FY:
        raise ValueError(
            f"financial year starting {start_year} is outside the supported range "
            f"{financial_year_label(_FIRST_FY)} to {financial_year_label(_LAST_FY)}"
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
    "expected a financial year such as '2019-20', a quarter such as 'Q3 2015/16', "
    "a month such as 'Oct 2019' or '2019-10', a week such as '2019-W41' or "
    "'w/c 7 Oct 2019', or a date such as '7 Oct 2019', '07/10/2019' or '2019-10-07'"
)

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

_FY_BODY = r"(?P<y1>\d{4})\s*(?P<sep>[-/])\s*(?P<y2>\d{2}|\d{4})"
_FY_PREFIX = r"(?:(?P<prefix>fy|financial year)\s*)?"

_RE_FY = re.compile(rf"{_FY_PREFIX}{_FY_BODY}")
_RE_QUARTER_FIRST = re.compile(rf"q(?:uarter)?\s*(?P<q>\d)\s*,?\s*{_FY_PREFIX}{_FY_BODY}")
_RE_QUARTER_LAST = re.compile(rf"{_FY_PREFIX}{_FY_BODY}\s*-?\s*q(?:uarter)?\s*(?P<q>\d)")
_RE_QUARTER_WITHOUT_FY = re.compile(r"q(?:uarter)?\s*\d\s*,?\s*\d{2,4}|\d{4}\s*-?\s*q(?:uarter)?\s*\d")
_RE_ISO_MONTH = re.compile(r"(?P<year>\d{4})-m(?P<month>\d{1,2})")
_RE_NAMED_MONTH = re.compile(r"(?P<name>[a-z]+)\.?\s*[-/]?\s*(?:(?P<year4>\d{4})|'?\s*(?P<year2>\d{2}))")
_RE_ISO_WEEK = re.compile(r"(?P<year>\d{4})\s*-?\s*w(?P<week>\d{1,2})")
_RE_WEEK_NUMBER = re.compile(r"(?:week|wk)\s*(?P<week>\d{1,2})\s*,?\s*(?P<year>\d{4})")
_RE_WEEK_COMMENCING = re.compile(r"(?:w/c|w/b|wc|wb|week commencing|week beginning|week starting)\s*:?\s*(?P<rest>.+)")
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


def _fail(original: str, reason: str | None = None) -> PeriodParseError:
    shown = original.strip()
    if reason:
        return PeriodParseError(f"Could not read {shown!r} as a period: {reason}.")
    return PeriodParseError(f"Could not read {shown!r} as a period: {_EXPECTED}.")


def _following_year_matches(y1: int, y2_text: str) -> bool:
    if len(y2_text) == 4:
        return int(y2_text) == y1 + 1
    return int(y2_text) == (y1 + 1) % 100


def _financial_year_from(original: str, match: re.Match[str]) -> Period:
    y1 = int(match.group("y1"))
    y2_text = match.group("y2")
    if not _following_year_matches(y1, y2_text):
        if len(y2_text) == 4:
            expected = f"{y1}{match.group('sep')}{y1 + 1}"
        else:
            expected = financial_year_label(y1, match.group("sep"))  # type: ignore[arg-type]
        raise _fail(
            original,
            "in a financial year the second year must be the year after the first "
            f"(expected {expected!r} for the year starting April {y1})",
        )
    return _build(original, Period.financial_year, y1)


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


def parse_period(value: str | date | Period) -> Period:
    """Read a period from text (or a ``date``/``datetime``, giving a DATE period).

    Matching ignores case and surrounding whitespace; en and em dashes count as hyphens and
    curly apostrophes as straight ones. Accepted forms:

    * financial years: "2019-20", "2019/20", "2019-2020", "2019/2020", "FY 2019-20",
      "2019–20". The second year must be the year after the first.
    * quarters: "Q3 2015/16", "Q3 2015-16", "2015/16 Q3", "2015-16 Q3", "2015-16-Q3".
    * months: "Oct 2019", "October 2019", "Sept 2019", "Oct '19", "Oct ’19", "Oct-19",
      "Oct 19", "2019-M10" and ISO "2019-10". ``YYYY-NN`` where NN is the last two digits
      of the following year is a financial year, never a month (so "2010-11" is
      financial year 2010-11; write November 2010 as "Nov 2010" or "2010-M11").
    * weeks: "2019-W41", "2019W41", "Week 41 2019", "w/c 7 Oct 2019" (the date must be a
      Monday; any date form below is allowed after "w/c").
    * dates: "2019-10-07", "07/10/2019" and "7/10/19" (UK day first), "7 October 2019",
      "7 Oct 2019", "7th Oct 2019".

    Two-digit years 00-69 mean 2000-2069 and 70-99 mean 1970-1999.

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

    # Financial years, and bare ISO year-months that share their shape.
    match = _RE_FY.fullmatch(text)
    if match:
        y1 = int(match.group("y1"))
        y2_text = match.group("y2")
        looks_like_month = (
            match.group("prefix") is None
            and match.group("sep") == "-"
            and len(y2_text) == 2
            and not _following_year_matches(y1, y2_text)
        )
        if looks_like_month:
            month = int(y2_text)
            if 1 <= month <= 12:
                return _build(original, Period.month, y1, month)
            raise _fail(
                original,
                f"it is not a financial year (the second part should be "
                f"{(y1 + 1) % 100:02d}, the year after {y1}) and {y2_text} is not a month "
                "number (01 to 12)",
            )
        return _financial_year_from(original, match)

    for pattern in (_RE_QUARTER_FIRST, _RE_QUARTER_LAST):
        match = pattern.fullmatch(text)
        if match:
            quarter = int(match.group("q"))
            if not 1 <= quarter <= 4:
                raise _fail(original, f"there is no quarter {quarter}; quarters are Q1 to Q4")
            fy = _financial_year_from(original, match)
            return _build(original, Period.quarter, fy.start.year, quarter)

    if _RE_QUARTER_WITHOUT_FY.fullmatch(text):
        raise _fail(
            original,
            "a quarter needs its financial year, such as 'Q3 2015/16' or '2015-16 Q3' (Q1 is April to June)",
        )

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

    parsed_date = _parse_date_text(original, text)
    if parsed_date is not None:
        return _build(original, Period.on, parsed_date)

    raise _fail(original)
