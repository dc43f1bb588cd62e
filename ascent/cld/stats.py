"""Confidence intervals and comparisons for the client-level data measures.

:func:`wilson` is the Wilson score interval for a proportion, the interval Fingertips and the
ONS use for percentages: it stays inside 0 to 100% and behaves for small counts and for 0 or
all (where the simple "p ± 1.96 × standard error" would give a width of nothing). Figures are
per cent.

:func:`compare` is the Fingertips comparison with a benchmark: when the benchmark's value lies
outside the 95% interval of the council's value, the council is significantly better or worse
(depending on which way is better for the measure); when it lies inside, the two are similar.
With no polarity the answer is "higher" or "lower" rather than better or worse.

Rates per 100,000 (ASCOF 2B and 2C) have no Wilson interval: their denominator is a
population, not a count of which the numerator is a part.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from ascent.core.rag import Polarity

__all__ = ["Z_95", "BETTER", "SIMILAR", "WORSE", "HIGHER", "LOWER", "compare", "wilson", "wilson_rounded"]

#: The two-sided 95% point of the standard normal distribution.
Z_95 = 1.959964

BETTER, SIMILAR, WORSE = "better", "similar", "worse"
HIGHER, LOWER = "higher", "lower"


def wilson(numerator, denominator, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of ``numerator`` out of ``denominator``, as percentages.

    None when there is no denominator (nothing to estimate). Raises ValueError for a negative
    count or a numerator larger than its denominator: those are not proportions.
    """
    if numerator is None or denominator is None:
        return None
    x, n = float(numerator), float(denominator)
    if n == 0:
        return None
    if x < 0 or n < 0 or x > n:
        raise ValueError(f"{numerator} out of {denominator} is not a proportion")
    p = x / n
    z2 = z * z
    scale = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / scale
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / scale
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    # At 0 or all, one end is exactly the observed proportion (floating point can miss it).
    if x == 0:
        low = 0.0
    if x == n:
        high = 1.0
    return 100 * low, 100 * high


def wilson_rounded(numerator, denominator, z: float = Z_95) -> tuple[Decimal, Decimal] | tuple[None, None]:
    """:func:`wilson` to 1 decimal place, as Decimals for storing; (None, None) without a denominator."""
    interval = wilson(numerator, denominator, z)
    if interval is None:
        return None, None
    tenth = Decimal("0.1")
    return tuple(Decimal(repr(end)).quantize(tenth, rounding=ROUND_HALF_UP) for end in interval)


def compare(value_ci, other_value, polarity=Polarity.HIGHER_IS_BETTER) -> str:
    """How a value with interval ``value_ci`` (low, high) compares with ``other_value``.

    "similar" when ``other_value`` lies within the interval (its ends included); otherwise
    "better" or "worse" by ``polarity``, or "higher" or "lower" when the measure has none.
    """
    low, high = (Decimal(str(end)) for end in value_ci)
    if low > high:
        raise ValueError("The interval's low end is above its high end")
    other = Decimal(str(other_value))
    if low <= other <= high:
        return SIMILAR
    above = other < low  # the council's whole interval is above the comparator
    polarity = Polarity(polarity)
    if polarity == Polarity.NEITHER:
        return HIGHER if above else LOWER
    if polarity == Polarity.HIGHER_IS_BETTER:
        return BETTER if above else WORSE
    return WORSE if above else BETTER
