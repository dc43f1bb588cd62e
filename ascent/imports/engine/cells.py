"""Reading one cell's text as a value: numbers, money, choices, periods, organisations.

Each reader raises :class:`CellError` with the reason in plain English; a schema's
:class:`RowReader` turns that into a :class:`~.schema.RowError` for the row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from openpyxl.utils.datetime import from_excel

from ascent.core.money import MoneyParseError, MoneyReading, round_money
from ascent.core.money import read_money as parse_money_reading
from ascent.core.numbers import decimal_text
from ascent.core.periods import Period, PeriodParseError, parse_period
from ascent.organisations.models import Organisation

from .schema import RowError, SourceRow

SUPPRESSED = "suppressed or not available: leave the row out or give a number"
#: What statistical tables print instead of a figure: suppressed, not available, not applicable.
SUPPRESSION_MARKERS = frozenset(
    ("[c]", "c", "[x]", "x", ":", "..", "...", "[z]", "z", "[u]", "[low]", "[k]", "[w]", "[s]", "*", "**")
    + ("-", "–", "—", "~", "n/a", "na", "#n/a", "[n/a]", "null", "none", "supp", "suppressed")
)


class CellError(ValueError):
    """One cell's value is not acceptable; the message is the reason, in plain English.

    A reason that names the cell's value (or explains it) differs from row to row; ``kind``
    then names the problem without it, so that like problems are counted together.
    """

    def __init__(self, message: str, *, kind: str = ""):
        super().__init__(message)
        self.kind = kind


class RowReader:
    """Reads one row's cells, recording a :class:`RowError` for each cell that fails to parse."""

    __slots__ = ("errors", "ok", "row")

    def __init__(self, row: SourceRow, errors: list[RowError]):
        self.row = row
        self.errors = errors
        self.ok = True

    def get(self, name: str, parse: Callable[..., Any], *args: Any) -> Any:
        text = self.row.values.get(name, "")
        try:
            return parse(text, *args)
        except CellError as error:
            self.fail(name, str(error), kind=error.kind)
            return None

    def fail(self, name: str, reason: str, value: str | None = None, *, kind: str = "") -> None:
        """Record a problem with one cell; ``kind`` when the reason varies (see :class:`CellError`)."""
        shown = self.row.values.get(name, "") if value is None else value
        self.errors.append(RowError(self.row.number, name, shown[:200], reason, f"{name}: {kind}" if kind else ""))
        self.ok = False


_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00a0": "", " ": ""})


def read_number(text: str, *, required: bool = True, what: str = "a number", places: int = 6) -> Decimal | None:
    """A decimal number from cell text: "27.5", "1,234", "27.5%", "−3". Blank is None unless required.

    Numbers are exact (never through binary floating point) and rounded, half up, to
    ``places`` decimal places, the most the database keeps.
    """
    if not text:
        if required:
            raise CellError(f"enter {what}")
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = _slow_number(text)
    if not number.is_finite():
        raise CellError(f"not a number: enter {what}")
    if number.adjusted() >= 20 - places:
        raise CellError("the number is too large")
    if number.as_tuple().exponent < -places:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number


def plain_number(text: str) -> Decimal | None:
    """A fast path for :func:`read_number`: the number if ``text`` is a plain, in-range decimal
    with at most six decimal places, else None (then read_number gives the answer or the error)."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number.adjusted() >= 14 or "e" in text or "E" in text:
        return None
    dot = text.find(".")
    if dot >= 0 and len(text) - dot > 7:
        return None
    return number


def _slow_number(text: str) -> Decimal:
    if text.casefold() in SUPPRESSION_MARKERS:
        raise CellError(SUPPRESSED)
    cleaned = text.translate(_DASHES)
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise CellError("not a number: use digits, with commas only between thousands")
        cleaned = cleaned.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise CellError("not a number") from None


#: What every amount that cannot be read has in common (each reason names its own text).
UNREADABLE_MONEY = "not an amount of money that can be read"


def read_money(text: str, multiplier: int = 1, *, places: int = 2) -> MoneyReading:
    """An amount in pounds as councils write it ("£34,099k", "£10.55m", "(£183K)", "50p",
    "c. £1.6m"), read by :func:`ascent.core.money.read_money`, rounded half up to ``places``.

    ``multiplier`` (1,000 for tables in £000) applies only to a bare number: an amount that
    says its own scale ("£1.2m", "£863K", "50p") is taken as written. An approximation is
    read as the amount written; the reading says so (:attr:`MoneyReading.note`), for the
    caller to show.
    """
    if not text:
        raise CellError("enter an amount")
    if text.casefold() in SUPPRESSION_MARKERS:
        raise CellError(SUPPRESSED)
    try:
        reading = parse_money_reading(text)
    except MoneyParseError as error:
        raise CellError(str(error).rstrip("."), kind=UNREADABLE_MONEY) from None
    amount = reading.amount
    if multiplier != 1 and not reading.scaled:
        amount *= multiplier
    amount = round_money(amount, places)
    if amount.adjusted() >= 14:  # the database keeps 14 digits before the point
        raise CellError("the amount is too large")
    return replace(reading, amount=amount)


def read_choice(text: str, choices: dict[str, str], default: str, what: str) -> str:
    """One of a fixed set of values, matched ignoring case; blank gives the default."""
    if not text:
        return default
    found = choices.get(" ".join(text.split()).casefold())
    if found is None:
        allowed = list(dict.fromkeys(choices.values()))
        listed = allowed[0] if len(allowed) == 1 else ", ".join(allowed[:-1]) + " or " + allowed[-1]
        raise CellError(f"{what} must be {listed}")
    return found


NO_PERIOD = "enter the period"
#: What every period that cannot be read has in common (each reason explains its own text).
UNREADABLE_PERIOD = "not a period that can be read"


class PeriodReader:
    """Reads periods with :func:`~ascent.core.periods.parse_period`, each distinct text once.

    A whole number from 20,000 to 80,000 is an Excel date serial (a date cell saved as a
    number, as CSV exports of dates often are) and is read as that date.
    """

    def __init__(self):
        self._cache: dict[str, Period | str] = {}

    def __call__(self, text: str) -> Period:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._parse(text)
        if isinstance(found, str):
            raise CellError(found, kind="" if found == NO_PERIOD else UNREADABLE_PERIOD)
        return found

    @staticmethod
    def _parse(text: str) -> Period | str:
        if not text:
            return NO_PERIOD
        try:
            serial = float(text)
        except ValueError:
            serial = None
        if serial is not None and serial.is_integer() and 20000 <= serial <= 80000:
            return Period.on(from_excel(serial).date())
        try:
            return parse_period(text)
        except PeriodParseError as error:
            return str(error).rstrip(".")


class Organisations:
    """Finds organisations by GSS code (or exact name), in one query.

    With ``restrict_to`` (an import in one organisation's space by someone who is not a
    superuser), any other organisation is an error.
    """

    def __init__(self, *, restrict_to: Organisation | None = None):
        self.restrict_to = restrict_to
        self.by_code: dict[str, tuple[int, str, str]] = {}
        self.by_name: dict[str, tuple[int, str, str]] = {}
        for pk, code, name in Organisation.objects.values_list("pk", "gss_code", "name"):
            self.by_code[code.upper()] = (pk, code, name)
            self.by_name.setdefault(name.casefold(), (pk, code, name))
        self._names = {pk: name for pk, _, name in self.by_code.values()}

    def name_of(self, pk: int) -> str:
        return self._names.get(pk, "")

    def __call__(self, text: str) -> int:
        if not text:
            raise CellError("enter the organisation's GSS code, such as E09000015")
        found = self.by_code.get(text.upper()) or self.by_name.get(" ".join(text.split()).casefold())
        if found is None:
            raise CellError("unknown organisation: give its 9-character GSS code, such as E09000015")
        if self.restrict_to is not None and found[0] != self.restrict_to.pk:
            raise CellError(f"this file can only hold figures for {self.restrict_to.name}")
        return found[0]


def organisations_for(organisation: Organisation | None, user) -> Organisations:
    superuser = bool(user is not None and getattr(user, "is_superuser", False))
    return Organisations(restrict_to=None if organisation is None or superuser else organisation)


def show_number(value: Decimal | None) -> str:
    return "" if value is None else decimal_text(value)


def with_note(shown: str, note: str | None) -> str:
    """A preview cell's text with a note on how it was read: "£1,600,000 (“c. £1.6m” read as about £1.6m)"."""
    return f"{shown} ({note})" if note else shown
