"""Money in pounds sterling, held as exact ``Decimal`` values.

This module is pure Python (no Django, no database). Amounts are always ``Decimal``
pounds; arithmetic never goes through ``float``.

Reading amounts (:func:`read_money`, :func:`parse_money`)
---------------------------------------------------------
Every place that reads money from text (the expenditure import, a money indicator's values
in the observation import and the value and target forms) reads it with :func:`read_money`,
so the same text means the same amount everywhere. Council papers write money in several
shorthand forms. All of these are accepted, ignoring case and surrounding whitespace:

* plain pounds: "£300", "300", "1,234.56", "£1,234,567", "GBP 300"
* pence: "50p" (£0.50)
* thousands: "£863K", "£863k", "£34,099k", "£12.5 thousand"
* millions: "£1.263m", "£1.263M", "1.263m", "£10.55m", "£2 million" ("mn" also means million)
* billions: "£1.2bn", "£1.2b", "£1.5 billion"
* negatives: "-£183k", "£-183k", and the accounting forms "(£183K)" and "£(183)k"
* approximations (:func:`read_money` only): "c. £1.6m", "circa £1.6m", "approx. £1.6m",
  "about £1.6m", "around £1.6m", "£1.6m approx.", "just under £1.6m", "nearly £1.6m",
  "over £2m", "£2m+". The amount is the one written; :class:`MoneyReading` says it was
  approximate, so that the form or import can tell the person ("“c. £1.6m” read as about
  £1.6m"). :func:`parse_money`, for exact amounts only, refuses them.

Commas must group thousands correctly ("1,23" is rejected). Scaling by k/m/bn/p is exact:
"£1.263m" is exactly ``Decimal("1263000")``. Anything else raises
:class:`MoneyParseError`, whose ``reason`` says what was wrong where it can tell: a range
("£1.6m-£1.8m"), a limit ("up to £2m"), another currency, a percentage, misplaced commas,
or pounds and pence together ("£0.50p").

Displaying amounts (:func:`format_money`)
-----------------------------------------
Rounding is always ``ROUND_HALF_UP`` (halves round away from zero), applied to the
magnitude, so ``format_money(-x) == "-" + format_money(x)`` whenever the result is not
zero. A negative amount that rounds to zero displays without a minus sign ("£0").

``style="pounds"``
    "£1,234,567" - whole pounds with comma separators. With ``dp=None`` pence are shown
    (two decimal places, "£12.50") only when the amount is not a whole number of pounds;
    with ``dp`` given, exactly that many decimal places are shown.
``style="k"``
    "£34,099k" - thousands of pounds with separators and a lower-case "k", as finance
    tables write. ``dp`` defaults to 0.
``style="m"``
    "£1.263m" - millions of pounds. With ``dp=None`` the amount is rounded to three
    decimal places and trailing zeros are trimmed, with the decimal point for whole
    millions, as councils write them ("£1.263m", "£10.55m", "£1.6m", "£13m"). With ``dp``
    given, exactly that many places are shown ("£1.600m" for ``dp=3``). Amounts of £1bn
    and more keep separators ("£1,500m").
``style="auto"`` (default)
    Picks the style council reports use, by the size of the *rounded* amount:

    * under £10,000 - pounds style: "£300", "£9,999", "£12.50";
    * £10,000 to under £1m - whole thousands with an upper-case "K": "£863K";
    * £1m and over - millions style: "£1.263m", "£1.6m", "£2m".

    An amount that rounds up to a boundary moves to the larger unit (£999,600 is
    "£1m", not "£1,000K"). ``dp`` overrides the decimal places of whichever unit is
    chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

__all__ = [
    "MoneyParseError",
    "MoneyReading",
    "MoneyStyle",
    "exact_pounds",
    "format_money",
    "parse_money",
    "read_money",
    "round_money",
]

MoneyStyle = Literal["auto", "pounds", "k", "m"]

_STYLES = ("auto", "pounds", "k", "m")

#: Power of ten for each accepted suffix ("p" is pence: a hundredth of a pound).
_SUFFIX_EXPONENTS = {
    "": 0,
    "p": -2,
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "million": 6,
    "b": 9,
    "bn": 9,
    "billion": 9,
}

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"

_RE_AMOUNT = re.compile(
    rf"""
    (?P<sign>[-+])?\s*
    (?P<currency>£|gbp)?\s*
    (?P<sign_after_symbol>[-+])?\s*
    (?:(?P<number>{_NUMBER})|\(\s*(?P<bracketed>{_NUMBER})\s*\))
    \s*(?P<suffix>k|m|mn|b|bn|p|thousand|million|billion)?
    """,
    re.VERBOSE,
)

#: Words written before an amount to say it is approximate, and how the reading names them.
_QUALIFIERS = {
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "approx.": "about",
    "approx": "about",
    "circa": "about",
    "ca.": "about",
    "c.": "about",
    "c": "about",
    "~": "about",
    "just under": "just under",
    "just below": "just under",
    "a little under": "just under",
    "nearly": "just under",
    "almost": "just under",
    "under": "under",
    "below": "under",
    "less than": "under",
    "just over": "just over",
    "just above": "just over",
    "a little over": "just over",
    "over": "over",
    "above": "over",
    "more than": "over",
}
_RE_QUALIFIER = re.compile(
    r"(?P<word>"
    + "|".join(re.escape(word) for word in sorted(_QUALIFIERS, key=len, reverse=True))
    + r")(?:(?<=[.~])\s*|\s+|(?=[£(\d.+-]))"
)
#: "£1.6m approx." and "£1.6m (approx)" say "about" after the amount; "£2m+" says "over".
_RE_TRAILING_QUALIFIER = re.compile(r"\s*(?:\(\s*(?:approx\.?|approximately|circa)\s*\)|approx\.?|approximately)$")
#: Bounds written as an amount: a limit says what an amount may be, not what it is.
_RE_LIMIT = re.compile(r"(?:up to|at least|at most|no more than|no less than|not more than|not less than)\b")
_RE_RANGE = re.compile(rf"(?:between\s+)?[£(]*\s*(?:{_NUMBER})\s*[a-z]*\)?\s*(?:-|to|and)\s*[£(]*\s*(?:{_NUMBER})")
_OTHER_CURRENCIES = {"$": "dollars", "€": "euros", "usd": "dollars", "eur": "euros", "¥": "yen"}

_TRANSLATE = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2010": "-",  # hyphen
        "\u00a0": " ",  # no-break space
        "\u2009": " ",  # thin space
        "\u202f": " ",  # narrow no-break space
    }
)

_ADVICE = "write it as councils do, such as £300, 1,234.56, £863K, £1.263m, 50p or (£183K)"
_EXPECTED = f"is not an amount of money: {_ADVICE}"


class MoneyParseError(ValueError):
    """Raised when a value cannot be read as an amount of money.

    The message names the value and says why: "Could not read '£1.6m-£1.8m' as an amount
    of money: it is a range of amounts: give one amount, such as £1.6m". ``reason`` says
    why without naming the value, to follow the name of a form's field ("is a range of
    amounts: give one amount, such as £1.6m").
    """

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


def _fail(value: object, reason: str = _EXPECTED) -> MoneyParseError:
    shown = " ".join(value.split()) if isinstance(value, str) else value
    clause = _ADVICE if reason == _EXPECTED else f"it {reason}"
    return MoneyParseError(f"Could not read {shown!r} as an amount of money: {clause}.", reason)


@dataclass(frozen=True)
class MoneyReading:
    """What :func:`read_money` read: the amount, and whether it was written as an approximation.

    ``qualifier`` is "" for an exact amount, else how the text hedged it: "about" (for
    "c.", "circa", "approx.", "around"...), "just under" ("nearly", "almost"), "under",
    "just over" or "over". ``written`` is the text as given; ``scaled`` says whether the
    text gave its own scale (k, m, bn or p), so a table's "amounts in £000" must not apply.
    """

    amount: Decimal
    written: str = ""
    qualifier: str = ""
    scaled: bool = False

    @property
    def approximate(self) -> bool:
        return bool(self.qualifier)

    @property
    def read_as(self) -> str:
        """The amount as councils write it, "about £1.6m" for an approximation."""
        shown = format_money(self.amount)
        return f"about {shown}" if self.qualifier else shown

    @property
    def note(self) -> str:
        """For an approximation, what the person should see: “c. £1.6m” read as about £1.6m."""
        if not self.qualifier:
            return ""
        return f"“{self.written}” read as {self.read_as}"


def parse_money(value: str | Decimal | float) -> Decimal:
    """Read an exact amount of money in pounds, returning a ``Decimal``.

    See the module docstring for the accepted text forms. ``Decimal`` and ``int`` values
    are returned as ``Decimal`` unchanged in value. A ``float`` (as spreadsheet readers
    produce) is converted through its shortest ``repr`` - ``0.1`` becomes
    ``Decimal("0.1")`` - never through binary arithmetic. Blank text, non-finite numbers
    and anything else raise :class:`MoneyParseError`; so does an approximation ("c. £1.6m"),
    which only :func:`read_money` accepts, because its caller must say it was approximate.

    The result keeps the decimal places written for plain amounts ("1,234.50" gives
    ``Decimal("1234.50")``); scaled amounts are whole pounds where possible ("£1.263m"
    gives ``Decimal("1263000")``). Negative zero is returned as zero.
    """
    reading = read_money(value)
    if reading.approximate:
        raise _fail(value, f"is an approximation ({reading.qualifier}): give the amount itself")
    return reading.amount


def read_money(value: str | Decimal | float) -> MoneyReading:
    """Read an amount of money as :func:`parse_money` does, also accepting approximations.

    "c. £1.6m", "circa £1.6m", "approx. £1.6m", "about £1.6m", "around £1.6m", "just under
    £1.6m", "nearly £1.6m" and "over £2m" (or "£2m+") read as the amount, with
    :attr:`MoneyReading.qualifier` saying how it was hedged. Limits ("up to £2m") and ranges
    ("£1.6m-£1.8m") are refused, as are other currencies, with the reason.
    """
    if isinstance(value, bool):
        raise _fail(value, "is not an amount of money: it is True or False")
    if isinstance(value, int):
        return MoneyReading(Decimal(value), str(value))
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _fail(value, "is not an amount of money: the amount must be a finite number")
        return MoneyReading(value, str(value))
    if not isinstance(value, str):
        raise _fail(value, f"is not an amount of money: expected text or a number, not {type(value).__name__}")

    written = " ".join(value.translate(_TRANSLATE).split())
    text = written.lower()
    if not text:
        raise MoneyParseError(
            f"Could not read an empty value as an amount of money: {_ADVICE}.", "is blank: enter an amount"
        )

    qualifier = ""
    found = _RE_QUALIFIER.match(text)
    if found is not None:
        qualifier = _QUALIFIERS[found.group("word")]
        text = text[found.end() :]
    else:
        trailing = _RE_TRAILING_QUALIFIER.search(text)
        if trailing is not None and trailing.start() > 0:
            qualifier, text = "about", text[: trailing.start()]
        elif text.endswith("+") and len(text) > 1:
            qualifier, text = "over", text[:-1].rstrip()

    amount, scaled = _read_amount(value, text)
    return MoneyReading(amount, written, qualifier, scaled)


def _read_amount(value: str, text: str) -> tuple[Decimal, bool]:
    """The amount in ``text`` (already lower case, one space at most) and whether it gave its scale."""
    negative = False
    if text.startswith("(") and text.endswith(")") and not _RE_AMOUNT.fullmatch(text):
        negative = True
        text = text[1:-1].strip()

    match = _RE_AMOUNT.fullmatch(text)
    if match is None:
        raise _fail(value, _why_not(text))
    signs = [s for s in (match.group("sign"), match.group("sign_after_symbol")) if s]
    if match.group("bracketed"):
        signs.append("-")
    if len(signs) > 1 or (signs and negative):
        raise _fail(value, "has more than one minus sign or pair of brackets")
    if signs and signs[0] == "-":
        negative = True
    suffix = match.group("suffix") or ""
    if suffix == "p" and match.group("currency"):
        raise _fail(value, "gives both pounds and pence: write £0.50 or 50p")

    digits = (match.group("number") or match.group("bracketed")).replace(",", "")
    exponent = _SUFFIX_EXPONENTS[suffix]
    with localcontext() as context:
        context.prec = max(28, len(digits) + abs(exponent) + 2)
        amount = Decimal(digits).scaleb(exponent)
        if exponent > 0 and amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))
        if negative:
            amount = -amount
        if amount.is_zero():
            amount = abs(amount)
    return amount, bool(suffix)


def _why_not(text: str) -> str:
    """Why ``text`` is not an amount, as specifically as can be told."""
    for symbol, name in _OTHER_CURRENCIES.items():
        if symbol in text:
            return f"is in {name}: give amounts in pounds (£)"
    if text.endswith("%"):
        return "is a percentage, not an amount of money"
    if _RE_LIMIT.match(text):
        return "is a limit, not an amount: give the amount itself, such as £2m"
    if _RE_RANGE.search(text):
        return "is a range of amounts: give one amount, such as £1.6m"
    if re.search(r"\d,\d{1,2}(?!\d)|\d,\d{4}", text):
        return "has commas that do not separate thousands: write £1,234,567, with a full stop for a decimal point"
    return _EXPECTED


def _as_amount(amount: Decimal | int) -> Decimal:
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(
            f"amount must be a Decimal or an int, not {type(amount).__name__} (convert floats with parse_money first)"
        )
    amount = Decimal(amount)
    if not amount.is_finite():
        raise ValueError(f"cannot format a non-finite amount ({amount})")
    return amount


def _check_dp(dp: int | None) -> None:
    if dp is None:
        return
    if isinstance(dp, bool) or not isinstance(dp, int):
        raise TypeError(f"dp must be an int or None, not {type(dp).__name__}")
    if dp < 0:
        raise ValueError(f"dp must be zero or more, not {dp}")


def round_money(amount: Decimal | int, dp: int = 2) -> Decimal:
    """Round ``amount`` to ``dp`` decimal places, halves away from zero (ROUND_HALF_UP)."""
    _check_dp(dp)
    return _round(_as_amount(amount), dp)


def _round(value: Decimal, places: int) -> Decimal:
    with localcontext() as context:
        integer_digits = max(value.adjusted() + 1, 1)
        context.prec = max(28, integer_digits + places + 2)
        result = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return result


def _shift(value: Decimal, places: int) -> Decimal:
    """``value`` times ten to the ``places``, exactly (never rounded by the context)."""
    with localcontext() as context:
        context.prec = max(28, len(value.as_tuple().digits) + 2)
        return value.scaleb(places)


def _grouped(magnitude: Decimal, places: int) -> str:
    """Fixed-point text with comma separators; ``magnitude`` is already rounded."""
    return format(magnitude, f",.{places}f")


def _pounds_places(magnitude: Decimal, dp: int | None) -> int:
    if dp is not None:
        return dp
    return 0 if magnitude == magnitude.to_integral_value() else 2


def _millions_text(magnitude: Decimal, dp: int | None) -> str:
    millions = _shift(magnitude, -6)
    if dp is not None:
        return _grouped(_round(millions, dp), dp)
    text = _grouped(_round(millions, 3), 3)
    # Trim trailing zeros, and the point for whole millions, as councils write them:
    # 1.600 -> 1.6, 13.000 -> 13 ("£13m", never "£13.0m").
    return text.rstrip("0").rstrip(".")


def format_money(
    amount: Decimal | int,
    *,
    style: MoneyStyle = "auto",
    dp: int | None = None,
) -> str:
    """Display ``amount`` (pounds) as council reports do; see the module docstring.

    Examples: ``format_money(Decimal("863000"))`` is "£863K";
    ``format_money(Decimal("1263000"))`` is "£1.263m";
    ``format_money(Decimal("34099000"), style="k")`` is "£34,099k";
    ``format_money(Decimal("-1200000"))`` is "-£1.2m".

    ``amount`` must be a ``Decimal`` or ``int``; a ``float`` raises ``TypeError`` so that
    binary rounding errors cannot slip into reports.
    """
    amount = _as_amount(amount)
    if style not in _STYLES:
        raise ValueError(f"style must be one of {', '.join(_STYLES)}, not {style!r}")
    _check_dp(dp)

    magnitude = amount.copy_abs()
    if style == "auto":
        style, text = _auto_text(magnitude, dp)
        suffix = {"pounds": "", "k": "K", "m": "m"}[style]
    elif style == "pounds":
        places = _pounds_places(magnitude, dp)
        text, suffix = _grouped(_round(magnitude, places), places), ""
    elif style == "k":
        places = dp or 0
        text, suffix = _grouped(_round(_shift(magnitude, -3), places), places), "k"
    else:
        text, suffix = _millions_text(magnitude, dp), "m"

    is_zero = not any(character in "123456789" for character in text)
    sign = "-" if amount < 0 and not is_zero else ""
    return f"{sign}£{text}{suffix}"


def _auto_text(magnitude: Decimal, dp: int | None) -> tuple[str, str]:
    """Choose the unit for ``style="auto"``; returns (chosen style, number text)."""
    places = _pounds_places(magnitude, dp)
    pounds = _round(magnitude, places)
    if pounds < 10_000:
        return "pounds", _grouped(pounds, places)
    places = dp or 0
    thousands = _round(_shift(magnitude, -3), places)
    if thousands < 1_000:
        return "k", _grouped(thousands, places)
    return "m", _millions_text(magnitude, dp)


def exact_pounds(amount: Decimal | int) -> str:
    """An amount with every digit, as an import preview shows what will be stored: "£10,550,000",
    "-£183,000", and pence always as two places or more: "50p" is "£0.50", £1.2345 is "£1.2345".

    No rounding: unlike :func:`format_money`, nothing the database keeps is hidden.
    """
    amount = _as_amount(amount)
    magnitude = abs(amount).normalize()
    places = max(0, -magnitude.as_tuple().exponent)
    if places:
        places = max(places, 2)
    text = f"{magnitude:,.{places}f}"
    return ("-" if amount < 0 and magnitude != 0 else "") + "£" + text
