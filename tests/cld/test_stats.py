"""Wilson score intervals and the Fingertips comparison (ascent.cld.stats)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from ascent.cld.stats import Z_95, compare, wilson, wilson_rounded
from ascent.core.rag import Polarity


def _on_the_boundary(bound: float, x: int, n: int) -> bool:
    """A Wilson bound p solves (x/n − p)² = z²·p(1 − p)/n: the score test is exactly at 1.96."""
    p = bound / 100
    return math.isclose((x / n - p) ** 2, Z_95**2 * p * (1 - p) / n, rel_tol=1e-9, abs_tol=1e-12)


def test_45_out_of_60():
    """p = 0.75, z² = 3.8415: centre (0.75 + 3.8415/120) ÷ (1 + 3.8415/60) = 0.7350; half width
    1.96 × √(0.1875/60 + 3.8415/14400) ÷ 1.0640 = 0.1073 → 62.8% to 84.2%."""
    low, high = wilson(45, 60)
    assert wilson_rounded(45, 60) == (Decimal("62.8"), Decimal("84.2"))
    assert _on_the_boundary(low, 45, 60) and _on_the_boundary(high, 45, 60)
    assert low < 75 < high


def test_none_out_of_ten_runs_from_zero():
    """0/10: the low end is 0 and the high end z²/n ÷ (1 + z²/n) = 0.38415 ÷ 1.38415 = 27.8%."""
    low, high = wilson(0, 10)
    assert low == 0
    assert math.isclose(high, 100 * (Z_95**2 / 10) / (1 + Z_95**2 / 10))
    assert wilson_rounded(0, 10) == (Decimal("0.0"), Decimal("27.8"))


def test_all_out_of_ten_runs_to_a_hundred():
    """10/10 mirrors 0/10: 72.2% to 100%."""
    assert wilson_rounded(10, 10) == (Decimal("72.2"), Decimal("100.0"))
    low, _ = wilson(10, 10)
    assert math.isclose(low, 100 - wilson(0, 10)[1])


def test_the_interval_narrows_as_the_count_grows():
    small, large = wilson(45, 60), wilson(4500, 6000)
    assert large[1] - large[0] < small[1] - small[0]
    assert _on_the_boundary(large[0], 4500, 6000)


def test_no_denominator_gives_no_interval_and_a_non_proportion_is_refused():
    assert wilson(0, 0) is None
    assert wilson_rounded(3, None) == (None, None)
    with pytest.raises(ValueError, match="not a proportion"):
        wilson(11, 10)


@pytest.mark.parametrize(
    ("other", "polarity", "expected"),
    [
        # The interval of 45/60 is 62.8% to 84.2%.
        (60, Polarity.HIGHER_IS_BETTER, "better"),  # England below the interval
        (90, Polarity.HIGHER_IS_BETTER, "worse"),  # England above it
        (70, Polarity.HIGHER_IS_BETTER, "similar"),  # inside it
        (60, Polarity.LOWER_IS_BETTER, "worse"),
        (90, Polarity.LOWER_IS_BETTER, "better"),
        (84.2, Polarity.LOWER_IS_BETTER, "similar"),  # on its end
        (60, Polarity.NEITHER, "higher"),
        (90, Polarity.NEITHER, "lower"),
    ],
)
def test_compare_as_fingertips_does(other, polarity, expected):
    assert compare(wilson_rounded(45, 60), other, polarity) == expected


def test_compare_reads_the_polarity_as_the_indicator_stores_it():
    assert compare((Decimal("62.8"), Decimal("84.2")), Decimal("50"), "higher_is_better") == "better"
    with pytest.raises(ValueError, match="low end is above"):
        compare((80, 70), 75)
