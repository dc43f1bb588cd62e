"""Savings arithmetic for transformation programmes: phasing a target over financial years,
re-profiling it, and what is delivered, forecast and short of it.

Money is ``Decimal`` pounds to the penny everywhere: a float is refused, and no function here
rounds a total it was given. A **profile** maps each financial year (the calendar year it
starts in: 2019 for 2019-20) to an amount, in year order.

- :func:`phase` spreads a target set for several years at once (a total for 2017-19 across
  ten areas) over its years, evenly or by weights, to the penny: the years add up to exactly
  the total.
- :func:`reprofile` moves amounts between years. The total stays what it was unless the
  caller says it changes (a re-profiling that loses or finds money must say so); years may be
  added, and a year set to nothing is dropped. The original profile is left as it was, so the
  record of each re-profiling can keep both.
- :class:`Position` is one project's (or a programme's) saving for a year: the target, what
  is delivered to date and what is forecast, and so the shortfall against the target;
  :func:`total_position` adds positions up, as a programme's table does.

Resilient Harrow's 2019-20 figures read: Targeted Reviews forecast £863K against £1.046m
(£183K short); Harrow is Home £400K forecast in full, £312,000 delivered by mid-November; the
programme £1.263m against £1.446m.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ascent.core.money import format_money
from ascent.core.numbers import allocate
from ascent.core.periods import financial_year_label

__all__ = ["PENNY", "Position", "SavingsError", "phase", "profile_total", "reprofile", "total_position"]

PENNY = Decimal("0.01")

Profile = dict[int, Decimal]


class SavingsError(ValueError):
    """Savings figures that cannot be used, with a sentence saying why, as a council would read it."""


def _amount(value: Decimal | int, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{what} must be a Decimal or an int, not {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise SavingsError(f"{what} must be a number of pounds")
    if amount % PENNY:
        raise SavingsError(f"{what} must be in whole pence, not {amount}")
    if amount < 0:
        raise SavingsError(f"{what} cannot be less than nothing: {format_money(amount)}")
    return amount.quantize(PENNY)


def _year(year: int) -> str:
    return financial_year_label(year)


def profile_total(profile: Mapping[int, Decimal]) -> Decimal:
    """The amounts of a profile added up."""
    return sum(profile.values(), Decimal(0)).quantize(PENNY)


def phase(total: Decimal | int, years: Sequence[int], weights: Sequence[Decimal | int] | None = None) -> Profile:
    """``total`` spread over ``years``, evenly or in proportion to ``weights``, to the penny.

    The years add up to exactly ``total``: pennies that do not divide evenly go one each to
    the years that lost most in rounding down (on a tie, the larger weight, then the earlier
    year). ``phase(Decimal("1000"), [2017, 2018, 2019])`` is 333.34, 333.33 and 333.33.
    """
    total = _amount(total, "The target")
    if not years:
        raise SavingsError("Choose at least one financial year to phase the target over")
    if len(set(years)) != len(years):
        raise SavingsError("Each financial year can be given only once")
    if weights is None:
        weights = [Decimal(1)] * len(years)
    if len(weights) != len(years):
        raise SavingsError("Give one weight for each financial year")
    shares = [Decimal(weight) for weight in weights]
    if any(share < 0 for share in shares) or sum(shares, Decimal(0)) <= 0:
        raise SavingsError("The weights must be zero or more, and not all zero")
    # In year order, so that a tie for a spare penny goes to the earlier year.
    ordered = sorted(zip(years, shares, strict=True))
    parts = allocate(total, [share for _, share in ordered], PENNY)
    return {year: part for (year, _), part in zip(ordered, parts, strict=True)}


def reprofile(
    profile: Mapping[int, Decimal],
    changes: Mapping[int, Decimal | int | None],
    *,
    total_changes: bool = False,
) -> Profile:
    """``profile`` with the years in ``changes`` set to their new amounts (None, or nothing,
    drops a year; a year not in the profile is added). Returns a new profile; ``profile`` is
    not changed.

    Unless ``total_changes``, the new profile must add up to the same total as the old: a
    re-profiling moves savings between years, and money lost or found has to be said so
    (:class:`SavingsError` otherwise, saying by how much the years are out).
    """
    new: Profile = {year: _amount(amount, f"The saving for {_year(year)}") for year, amount in profile.items()}
    for year, amount in changes.items():
        if amount is None or amount == 0:
            new.pop(year, None)
        else:
            new[year] = _amount(amount, f"The saving for {_year(year)}")
    new = dict(sorted(new.items()))
    before, after = profile_total(profile), profile_total(new)
    if not total_changes and after != before:
        difference = after - before
        more_or_less = "more" if difference > 0 else "less"
        raise SavingsError(
            f"The years add up to {format_money(after)}, {format_money(abs(difference))} {more_or_less} than the "
            f"target of {format_money(before)}: move savings between years, or say that the target changes"
        )
    return new


@dataclass(frozen=True)
class Position:
    """One saving for one year: the target, delivered to date and forecast (pounds)."""

    target: Decimal
    delivered: Decimal = Decimal(0)
    forecast: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        for name in ("target", "delivered", "forecast"):
            object.__setattr__(self, name, _amount(getattr(self, name), f"The {name} saving"))

    @property
    def shortfall(self) -> Decimal:
        """How far the forecast falls short of the target (nothing when it meets it)."""
        return max(self.target - self.forecast, Decimal(0)).quantize(PENNY)

    @property
    def over_target(self) -> Decimal:
        """How far the forecast goes beyond the target (nothing when it does not)."""
        return max(self.forecast - self.target, Decimal(0)).quantize(PENNY)

    @property
    def still_to_deliver(self) -> Decimal:
        """What the forecast still needs beyond what is delivered to date."""
        return max(self.forecast - self.delivered, Decimal(0)).quantize(PENNY)

    def sentence(self) -> str:
        """ "£863K forecast against a target of £1.046m, £183K short"."""
        text = f"{format_money(self.forecast)} forecast against a target of {format_money(self.target)}"
        if self.shortfall:
            return f"{text}, {format_money(self.shortfall)} short"
        if self.over_target:
            return f"{text}, {format_money(self.over_target)} over"
        return f"{text}, in full"


def total_position(positions: Iterable[Position]) -> Position:
    """Positions added up, as a programme's savings table totals its projects."""
    positions = list(positions)
    return Position(
        target=sum((p.target for p in positions), Decimal(0)),
        delivered=sum((p.delivered for p in positions), Decimal(0)),
        forecast=sum((p.forecast for p in positions), Decimal(0)),
    )
