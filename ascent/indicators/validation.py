"""What a value of an indicator may be, and the likely slips worth a second look.

Two kinds of check, used alike by the value form, :func:`~.actions.record_observation` and
the observation import:

- **Refused**: a value outside the indicator's valid range. An indicator's own bounds
  (``valid_min``, ``valid_max``: the ASCOF scales from the shipped library, or what a council
  sets on a local indicator) come first; a side left empty takes its unit's natural bound
  (:data:`NATURAL_BOUNDS`: a percentage is 0 to 100; counts, rates, rates per 100,000, days
  and weeks are 0 or more; money and scores have none, since savings, variances and some
  scores can be below zero).
- **Warned about** (:func:`find_slips`): a value that is allowed but probably a mistake, which
  the person confirms or corrects before it is saved:

  - a percentage above 0 and at most 1, which looks like a proportion pasted by mistake
    (0.75 for 75%), unless its numerator and denominator work out to it, or the council's
    other values for the indicator are that small too (the value is nearer their median than
    a hundred times the value is);
  - a value that does not match its numerator and denominator (a percentage is
    numerator ÷ denominator × 100, a rate per 100,000 × 100,000), allowing for rounding to
    the indicator's decimal places or to the places the value was written with, whichever
    is coarser;
  - a period that has not started yet (a value is an actual figure, so it cannot be for
    2035-36).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ascent.core.numbers import decimal_text
from ascent.core.periods import Period

from .models import Unit

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)

#: Each unit's own bounds (lowest, highest), used where an indicator sets none.
NATURAL_BOUNDS: dict[str, tuple[Decimal | None, Decimal | None]] = {
    Unit.PERCENT: (_ZERO, _HUNDRED),
    Unit.PER_100K: (_ZERO, None),
    Unit.RATE: (_ZERO, None),
    Unit.COUNT: (_ZERO, None),
    Unit.DAYS: (_ZERO, None),
    Unit.WEEKS: (_ZERO, None),
    # Savings, variances and net positions can be negative; scores have scales of their own.
    Unit.MONEY: (None, None),
    Unit.SCORE: (None, None),
}

_NOUNS = {
    Unit.PERCENT: "a percentage",
    Unit.PER_100K: "a rate per 100,000 population",
    Unit.RATE: "a rate",
    Unit.COUNT: "a count",
    Unit.DAYS: "a number of days",
    Unit.WEEKS: "a number of weeks",
    Unit.MONEY: "an amount of money",
    Unit.SCORE: "a score",
}

#: What a numerator ÷ denominator is multiplied by to give the value, for units where it is known.
SCALES = {Unit.PERCENT: _HUNDRED, Unit.PER_100K: Decimal(100_000)}

#: Kinds of slip, as the import counts them.
PROPORTION = "a percentage that looks like a proportion (0.75 for 75%)"
ARITHMETIC = "a value that does not match its numerator and denominator"
FUTURE = "a period that has not started yet"


def _number(value: Decimal) -> str:
    return decimal_text(value, grouped=True)


@dataclass(frozen=True, slots=True)
class ValueRules:
    """An indicator's code, unit, decimal places and valid range: all a value is checked against."""

    code: str
    unit: str
    decimals: int = 1
    low: Decimal | None = None
    high: Decimal | None = None

    @classmethod
    def build(
        cls, code: str, unit: str, decimals: int | None, valid_min: Decimal | None, valid_max: Decimal | None
    ) -> ValueRules:
        natural_low, natural_high = NATURAL_BOUNDS.get(unit, (None, None))
        return cls(
            code,
            unit,
            1 if decimals is None else int(decimals),
            natural_low if valid_min is None else Decimal(valid_min),
            natural_high if valid_max is None else Decimal(valid_max),
        )

    @classmethod
    def of(cls, indicator) -> ValueRules:
        return cls.build(indicator.code, indicator.unit, indicator.decimals, indicator.valid_min, indicator.valid_max)

    @property
    def noun(self) -> str:
        return _NOUNS.get(self.unit, "a number")

    @property
    def bounds(self) -> str:
        """The range in a few words: "0 to 24", "0 or more", "5 or less", or "" for any value."""
        if self.low is not None and self.high is not None:
            return f"{_number(self.low)} to {_number(self.high)}"
        if self.low is not None:
            return f"{_number(self.low)} or more"
        if self.high is not None:
            return f"{_number(self.high)} or less"
        return ""

    def describe(self) -> str:
        """ "ASCOF-1A is a score from 0 to 24", or "" when any value is allowed."""
        bounds = self.bounds
        if not bounds:
            return ""
        joined = f"from {bounds}" if self.low is not None and self.high is not None else f"of {bounds}"
        return f"{self.code} is {self.noun} {joined}"

    def problem(self, value: Decimal) -> str | None:
        """Why ``value`` is refused ("ASCOF-1A is a score from 0 to 24: 25.3 is above 24"), or None."""
        if self.low is not None and value < self.low:
            return f"{self.describe()}: {_number(value)} is below {_number(self.low)}"
        if self.high is not None and value > self.high:
            return f"{self.describe()}: {_number(value)} is above {_number(self.high)}"
        return None


@dataclass(frozen=True, slots=True)
class Slip:
    """A likely mistake: the field it is about, its kind (one of the constants above) and what to check."""

    field: str
    kind: str
    message: str


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _tolerance(rules: ValueRules, value: Decimal) -> Decimal:
    """Half a unit in the last place of the value as rounded (the indicator's places or the value's own)."""
    places = min(rules.decimals, _places(value))
    return Decimal("0.5").scaleb(-places)


_HALF_UNITS = {places: Decimal("0.5").scaleb(-places) for places in range(7)}


def agrees(rules: ValueRules, value: Decimal, numerator: Decimal | None, denominator: Decimal | None) -> bool:
    """A quick test: True when the value certainly matches its numerator and denominator (within
    rounding to the indicator's places), or there is nothing to compare; False when
    :func:`find_slips` must look closer. The import asks this of every row, so it is cheap."""
    scale = SCALES.get(rules.unit)
    if scale is None or numerator is None or denominator is None or denominator <= 0:
        return True
    return abs(numerator * scale / denominator - value) <= _HALF_UNITS.get(rules.decimals, _HALF_UNITS[6])


def expected_value(rules: ValueRules, numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """What the numerator and denominator give in the indicator's unit, where the unit says how."""
    scale = SCALES.get(rules.unit)
    if scale is None or numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator * scale


def _median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def may_be_proportion(rules: ValueRules, value: Decimal) -> bool:
    """Whether the proportion check applies at all: a percentage above 0 and at most 1."""
    return rules.unit == Unit.PERCENT and _ZERO < value <= 1


def find_slips(
    rules: ValueRules,
    value: Decimal,
    *,
    period: Period | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    others: Sequence[Decimal] = (),
    today: date,
) -> list[Slip]:
    """The likely slips in one value (see the module docstring); ``others`` are the council's
    other values of the indicator, for the proportion check."""
    slips = []
    expected = expected_value(rules, numerator, denominator)
    matches = expected is not None and abs(expected - value) <= _tolerance(rules, value)
    if may_be_proportion(rules, value) and not matches:
        as_percentage = value * _HUNDRED
        median = _median(others) if others else None
        if median is None or abs(as_percentage - median) < abs(value - median):
            usual = f" Your other values for {rules.code} are around {_number(median)}%." if median is not None else ""
            slips.append(
                Slip(
                    "value",
                    PROPORTION,
                    f"{_number(value)}% looks like a proportion: as a percentage it would be "
                    f"{_number(as_percentage)}%.{usual}",
                )
            )
    if expected is not None and not matches:
        shown = round(expected, rules.decimals)
        unit = "%" if rules.unit == Unit.PERCENT else " per 100,000"
        slips.append(
            Slip(
                "value",
                ARITHMETIC,
                f"The value {_number(value)} does not match its numerator and denominator: "
                f"{_number(numerator)} out of {_number(denominator)} is {_number(shown)}{unit}.",
            )
        )
    if period is not None and period.start > today:
        slips.append(
            Slip(
                "period",
                FUTURE,
                f"{period.label} has not started yet (it starts on {period.start.day} "
                f"{period.start:%B %Y}): a value is an actual figure, so check the period.",
            )
        )
    return slips
