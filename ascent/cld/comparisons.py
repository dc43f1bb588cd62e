"""A client-level data run's proportions beside England and the council's comparator group.

:func:`benchmarks_for` takes a :class:`~ascent.cld.models.MeasureRun` whose 12 months are a
financial year from 2024-25 (the runs :mod:`ascent.cld.publish` writes to the indicator store)
and, for each published measure that is a proportion (2A, 2E and the 3D measures; 2B and 2C are
rates per 100,000 and have no interval), gives:

* **England**: the figure the indicator's benchmarking section shows for the same indicator and
  year, worked out the same way (:func:`ascent.indicators.benchmark.england_figure` over every
  active council's observation: the aggregate of numerators and denominators when all have
  them, otherwise the average of councils' values). None when no council holds a value.
* **The comparator group**: the council's default group (London boroughs for a London borough,
  otherwise its region: :func:`ascent.indicators.comparators.default_group_for`), or the group
  given, with each member's value for the year and the group's median.
* **The verdict**, as Fingertips gives it (:func:`ascent.cld.stats.compare`): the run's Wilson
  95% interval (as stored, to 1 decimal place, the interval the measure page shows) against the
  England figure, judged by the indicator's polarity: "better", "similar" or "worse". None
  when there is no England figure. The same against the group median.

Five queries whatever the number of measures and councils: the indicators, the run's results,
the group, its members and every council's observations for the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ascent.indicators.benchmark import EnglandFigure, england_figure, median
from ascent.indicators.comparators import default_group_for
from ascent.indicators.models import ComparatorGroup, Indicator, Observation, Unit

from . import stats
from .models import MeasureRun
from .publish import PUBLISHED, financial_year
from .results import is_proportion

__all__ = ["GroupValue", "MeasureBenchmark", "benchmarks_for"]


@dataclass(frozen=True)
class GroupValue:
    """One member of the comparator group with its value for the year (None when it has none)."""

    gss_code: str
    name: str
    value: Decimal | None
    is_illustrative: bool
    #: The council whose run this is.
    is_subject: bool


@dataclass(frozen=True)
class MeasureBenchmark:
    """One proportion measure of a run beside England and the comparator group."""

    indicator: Indicator
    measure: str
    group: str
    value: Decimal
    ci_low: Decimal
    ci_high: Decimal
    england: EnglandFigure | None
    #: "better", "similar" or "worse" than England (or "higher"/"lower" with no polarity); None
    #: without an England figure.
    verdict: str | None
    comparator_group: ComparatorGroup | None
    #: The group's members, by name.
    group_values: tuple[GroupValue, ...]
    group_median: Decimal | None
    #: The same judgement against the group median; None when no member has a value.
    group_verdict: str | None
    #: Whether any figure compared (England's or a member's) is illustrative.
    any_illustrative: bool

    @property
    def code(self) -> str:
        return self.indicator.code


def _proportion_codes() -> dict[str, tuple[str, str]]:
    return {code: key for code, key in PUBLISHED.items() if is_proportion(key[0])}


def _interval(result) -> tuple[Decimal, Decimal] | None:
    if result.ci_low is not None and result.ci_high is not None:
        return result.ci_low, result.ci_high
    low, high = stats.wilson_rounded(result.numerator, result.denominator)
    return None if low is None else (low, high)


def benchmarks_for(
    organisation, run: MeasureRun, *, group: ComparatorGroup | None = None
) -> dict[tuple[str, str], MeasureBenchmark]:
    """Each published proportion of ``run`` beside England and a comparator group, keyed by the
    result's (measure, group), for example ``("2A", "Total")``.

    Empty when the run's 12 months are not a financial year from 2024-25 (the indicator store
    holds no other council's figure for them). A measure without a figure (suppressed, no
    denominator) is left out; one without an England figure has ``england`` and ``verdict``
    None. ``group`` defaults to the council's default comparator group.
    """
    period = financial_year(run)
    if period is None:
        return {}
    codes = _proportion_codes()
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(organisation__isnull=True, code__in=list(codes), unit=Unit.PERCENT)
    }
    wanted = {codes[code] for code in indicators}
    results = {
        (result.measure, result.group): result
        for result in run.results.filter(breakdown="", suppressed=False, measure__in={m for m, _ in wanted})
        if (result.measure, result.group) in wanted
    }
    if group is None:
        group = ComparatorGroup.objects.filter(owner__isnull=True, slug=default_group_for(organisation)).first()
    members: dict[int, tuple[str, str]] = {}
    if group is not None:
        rows = group.members.filter(is_active=True).order_by("name").values_list("id", "gss_code", "name")
        members = {pk: (gss_code, name) for pk, gss_code, name in rows}
    by_indicator: dict[int, list[tuple]] = {indicator.pk: [] for indicator in indicators.values()}
    observations = Observation.objects.filter(
        indicator__in=list(indicators.values()), period_code=period.code, organisation__is_active=True
    ).values_list("indicator_id", "organisation_id", "value", "numerator", "denominator", "is_illustrative")
    for indicator_id, *row in observations:
        by_indicator[indicator_id].append(row)

    found: dict[tuple[str, str], MeasureBenchmark] = {}
    for code, indicator in sorted(indicators.items(), key=lambda item: item[1].sort_order):
        key = codes[code]
        result = results.get(key)
        if result is None or result.outcome is None:
            continue
        interval = _interval(result)
        if interval is None:
            continue
        rows = by_indicator[indicator.pk]
        england = england_figure(((value, num, den) for _, value, num, den, _ in rows), unit=indicator.unit)
        values = {organisation_id: (value, illustrative) for organisation_id, value, _, _, illustrative in rows}
        group_values = tuple(
            GroupValue(gss_code, name, *values.get(pk, (None, False)), is_subject=pk == organisation.pk)
            for pk, (gss_code, name) in members.items()
        )
        present = [member.value for member in group_values if member.value is not None]
        group_median = median(present) if present else None
        found[key] = MeasureBenchmark(
            indicator=indicator,
            measure=key[0],
            group=key[1],
            value=result.outcome,
            ci_low=interval[0],
            ci_high=interval[1],
            england=england,
            verdict=None if england is None else stats.compare(interval, england.value, indicator.polarity),
            comparator_group=group,
            group_values=group_values,
            group_median=group_median,
            group_verdict=None if group_median is None else stats.compare(interval, group_median, indicator.polarity),
            any_illustrative=any(illustrative for *_, illustrative in rows),
        )
    return found
