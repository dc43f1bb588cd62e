"""One organisation's values of one indicator over time, with the target for each period.

:func:`load_series` reads the observations and targets in two queries whatever their
number. Each row is one period that has a value, a target or both, oldest first. A value is
rated with :func:`ascent.indicators.rating.rate`, exactly as the scorecard rates its latest
value:

* the target is the one set for that period, else the shortest target period containing it
  (a year's target applies to its months and quarters), else the most recent target that
  ended before it, labelled "against the 2019-20 target" when it is not the period's own;
* a direction target ("Lower", "Maintain or increase") is judged against its own baseline
  value when it has one, otherwise against the earliest value of the same kind of period;
* a period with a target but no value shows its own target, "Not rated"; a value with no
  target that applies is "Not rated".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ascent.core.periods import Period, parse_period
from ascent.core.rag import RAG, TargetKind

from .models import Indicator, Observation, Target, Unit
from .rating import Rating, rate
from .scorecard import format_value

__all__ = ["SeriesRow", "format_difference", "load_series", "periods_with_values"]


@dataclass(frozen=True)
class SeriesRow:
    period: Period
    observation: Observation | None
    #: The target that applies: to a value, the one :func:`rate` chose; otherwise the period's own.
    target: Target | None
    target_text: str
    rag: RAG
    #: "against the 2019-20 target" when the target was set for another period.
    against: str = ""

    @property
    def value(self) -> Decimal | None:
        return self.observation.value if self.observation is not None else None

    @property
    def is_illustrative(self) -> bool:
        return self.observation is not None and self.observation.is_illustrative

    @property
    def target_points(self) -> list[tuple[str, Decimal]]:
        """The target as numbers to draw: ("Target", value) or the two ends of a range."""
        target = self.target
        if target is None:
            return []
        if target.kind == TargetKind.THRESHOLD and target.value is not None:
            return [("Target", target.value)]
        if target.kind == TargetKind.RANGE and target.low is not None and target.high is not None:
            return [("Target range, low end", target.low), ("Target range, high end", target.high)]
        return []


def load_series(indicator: Indicator, organisation) -> list[SeriesRow]:
    """The organisation's values and targets for ``indicator``, oldest period first (two queries)."""
    observations = list(
        Observation.objects.filter(organisation=organisation, indicator=indicator).only(
            "period_kind",
            "period_code",
            "period_start",
            "period_end",
            "value",
            "numerator",
            "denominator",
            "status",
            "is_illustrative",
            "is_approximate",
        )
    )
    targets = list(Target.objects.filter(organisation=organisation, indicator=indicator))
    by_code: dict[str, list] = {}
    for observation in observations:
        by_code.setdefault(observation.period_code, [observation.period, None, None])[1] = observation
    for target in targets:
        by_code.setdefault(target.period_code, [target.period, None, None])[2] = target
    ordered = sorted(by_code.values(), key=lambda entry: entry[0])

    first_of_kind: dict[tuple[str, int], tuple[Decimal, str]] = {}
    for period, observation, _ in ordered:
        if observation is not None:
            first_of_kind.setdefault(period.series_key, (observation.value, period.label))

    rows = []
    for period, observation, own in ordered:
        if observation is not None:
            rating = rate(indicator, observation.value, period, targets, earliest=first_of_kind.get(period.series_key))
        else:
            rating = rate(indicator, None, period, [own])
        rows.append(_series_row(period, observation, rating))
    return rows


def _series_row(period: Period, observation: Observation | None, rating: Rating) -> SeriesRow:
    return SeriesRow(period, observation, rating.target, rating.target_text, rating.rag, rating.against)


def periods_with_values(indicator: Indicator, organisation=None) -> list[Period]:
    """Every period in which some council has a value for ``indicator``, latest first (one query).

    For a local indicator only its owner's values count (``organisation``). Only the period
    codes are read, which the (indicator, period) index holds, so the database need not visit
    the rows themselves.
    """
    observations = Observation.objects.filter(indicator=indicator)
    if indicator.is_local and organisation is not None:
        observations = observations.filter(organisation=organisation)
    codes = observations.order_by().values_list("period_code", flat=True).distinct()
    return sorted((parse_period(code) for code in codes), reverse=True)


def format_difference(indicator: Indicator, amount: Decimal) -> str:
    """A difference in the indicator's unit: "12.3", "£1,200"; a difference between
    percentages is in percentage points ("2.5 percentage points")."""
    if indicator.unit == Unit.PERCENT:
        decimals = max(0, min(int(indicator.decimals), 6))
        number = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        return f"{number:,.{decimals}f} percentage point" + ("" if number == 1 else "s")
    return format_value(indicator, amount)
