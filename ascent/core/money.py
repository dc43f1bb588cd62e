"""Money in pounds sterling, held as exact ``Decimal`` values.

This module is pure Python (no Django, no database). Amounts are always ``Decimal``
pounds; arithmetic never goes through ``float``.

Reading amounts (:func:`parse_money`)
-------------------------------------
Council papers write money in several shorthand forms. All of these are accepted, ignoring
case and surrounding whitespace:

* plain pounds: "£300", "300", "1,234.56", "£1,234,567", "GBP 300"
* thousands: "£863K", "£863k", "£34,099k", "£12.5 thousand"
* millions: "£1.263m", "£1.263M", "£1.6m", "£2 million" ("mn" also means million)
* billions: "£1.5bn", "£1.5 billion"
* negatives: "-£1.2m", "£-1.2m" and the accounting form "(£1.2m)"

Commas must group thousands correctly ("1,23" is rejected). Scaling by k/m/bn is exact:
"£1.263m" is exactly ``Decimal("1263000")``. Anything else raises
:class:`MoneyParseError`.

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
    decimal places and trailing zeros are trimmed, keeping at least one decimal place
    ("£1.263m", "£1.6m", "£2.0m"). With ``dp`` given, exactly that many places are shown
    ("£1.600m" for ``dp=3``). Amounts of £1bn and more keep separators ("£1,500.0m").
``style="auto"`` (default)
    Picks the style council reports use, by the size of the *rounded* amount:

    * under £10,000 - pounds style: "£300", "£9,999", "£12.50";
    * £10,000 to under £1m - whole thousands with an upper-case "K": "£863K";
    * £1m and over - millions style: "£1.263m", "£1.6m", "£2.0m".

    An amount that rounds up to a boundary moves to the larger unit (£999,600 is
    "£1.0m", not "£1,000K"). ``dp`` overrides the decimal places of whichever unit is
    chosen.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

__all__ = [
    "MoneyParseError",
    "MoneyStyle",
    "format_money",
    "parse_money",
    "round_money",
]

MoneyStyle = Literal["auto", "pounds", "k", "m"]

_STYLES = ("auto", "pounds", "k", "m")

#: Power of ten for each accepted suffix.
_SUFFIX_EXPONENTS = {
    "": 0,
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "million": 6,
    "bn": 9,
    "billion": 9,
}

_RE_AMOUNT = re.compile(
    r"""
    (?P<sign>[-+])?\s*
    (?:£|gbp)?\s*
    (?P<sign_after_symbol>[-+])?\s*
    (?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)
    \s*(?P<suffix>k|m|mn|bn|thousand|million|billion)?
    """,
    re.VERBOSE,
)

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

_EXPECTED = "expected an amount such as '£300', '1,234.56', '£863K', '£1.263m' or '(£1.2m)'"


class MoneyParseError(ValueError):
    """Raised when a value cannot be read as an amount of money."""


def _fail(value: object, reason: str = _EXPECTED) -> MoneyParseError:
    shown = value.strip() if isinstance(value, str) else value
    return MoneyParseError(f"Could not read {shown!r} as an amount of money: {reason}.")


def parse_money(value: str | Decimal | float) -> Decimal:
    """Read an amount of money in pounds, returning an exact ``Decimal``.

    See the module docstring for the accepted text forms. ``Decimal`` and ``int`` values
    are returned as ``Decimal`` unchanged in value. A ``float`` (as spreadsheet readers
    produce) is converted through its shortest ``repr`` - ``0.1`` becomes
    ``Decimal("0.1")`` - never through binary arithmetic. Blank text, non-finite numbers
    and anything else raise :class:`MoneyParseError`.

    The result keeps the decimal places written for plain amounts ("1,234.50" gives
    ``Decimal("1234.50")``); scaled amounts are whole pounds where possible ("£1.263m"
    gives ``Decimal("1263000")``). Negative zero is returned as zero.
    """
    if isinstance(value, bool):
        raise _fail(value, "expected an amount, not True or False")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _fail(value, "the amount must be a finite number")
        return value
    if not isinstance(value, str):
        raise _fail(value, f"expected text or a number, not {type(value).__name__}")

    text = " ".join(value.translate(_TRANSLATE).split()).lower()
    if not text:
        raise MoneyParseError(f"Could not read an empty value as an amount of money: {_EXPECTED}.")

    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative = True
        text = text[1:-1].strip()

    match = _RE_AMOUNT.fullmatch(text)
    if match is None:
        raise _fail(value)
    signs = [s for s in (match.group("sign"), match.group("sign_after_symbol")) if s]
    if len(signs) > 1 or (signs and negative):
        raise _fail(value, "the amount has more than one sign")
    if signs and signs[0] == "-":
        negative = True

    digits = match.group("number").replace(",", "")
    exponent = _SUFFIX_EXPONENTS[match.group("suffix") or ""]
    with localcontext() as context:
        context.prec = max(28, len(digits) + exponent + 2)
        amount = Decimal(digits).scaleb(exponent)
        if exponent and amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))
        if negative:
            amount = -amount
        if amount.is_zero():
            amount = abs(amount)
    return amount


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
    # Trim trailing zeros but keep at least one decimal place: 1.600 -> 1.6, 2.000 -> 2.0.
    whole, fraction = text.split(".")
    fraction = fraction.rstrip("0") or "0"
    return f"{whole}.{fraction}"


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
