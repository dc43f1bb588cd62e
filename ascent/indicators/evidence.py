"""What the indicator store says about a set of indicators for one council, as evidence.

A self-assessment rating, an element's page and the assurance checks show each linked
indicator with its latest value, its RAG rating, its trend and where the council stands among
its comparators. :func:`indicator_evidence` works all of that out for any number of
indicators in three queries at most (the council's values, its targets, and the comparator
group's values for each indicator's latest period), using the same rules as the scorecard:

* **latest**: the value the scorecard shows as the latest (latest end date; ties go to the
  kind of period matching the indicator's frequency), formatted in the indicator's unit, with
  its period's label ("58.5%", "2015-16"). None when the council has no value.
* **rag**: :func:`ascent.indicators.rating.rate`, the one rating rule: "green", "amber" or
  "red"; "grey" when there is a value but nothing to rate it against (no target); None when
  there is no value.
* **trend**: the latest value against the previous value for the same kind of period (a
  quarter against the quarter before, a year against the year before:
  :func:`ascent.core.periods.series_key`), judged with the indicator's polarity: "better",
  "worse" or "same"; None with no previous value of that kind, or when the indicator has no
  better direction.
* **quartile**: 1 (best) to 4 (worst) among the comparator group's active councils with a
  value for the same period as the council's latest, ranked with the polarity
  (:mod:`ascent.indicators.benchmark`; the council is ranked alongside them when it is not a
  member). The default group is the councils of the council's region. None when the council
  has no value, the indicator has no better direction, or no other council in the group has a
  value for that period.
* **is_illustrative**: whether the latest or previous value, or any value the quartile was
  worked out from, is illustrative (made up): show it labelled as such.
* **url**: the indicator's page in the council.

Callers pass indicators the council can use (shipped ones and its own, as
``Indicator.objects.for_organisation`` gives); values are only ever the council's own and its
comparators'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ascent.core.rag import RAG, Direction, Polarity
from ascent.organisations.models import Organisation

from .benchmark import ordinal, rank
from .models import ComparatorGroup, Indicator, Observation, Target
from .scorecard import OBSERVATION_FIELDS, _row, _Value, format_observed

__all__ = ["IndicatorEvidence", "Latest", "indicator_evidence"]

_TREND = {Direction.IMPROVING: "better", Direction.WORSENING: "worse", Direction.NO_CHANGE: "same"}
_TREND_LABELS = {"better": "Getting better", "worse": "Getting worse", "same": "No change"}
_RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Not rated"}


@dataclass(frozen=True)
class Latest:
    """A council's latest value of an indicator, as pages show it."""

    value: str  # "58.5%", "about £1.6m"
    period: str  # "2015-16", "Q3 2015/16"
    period_code: str
    is_illustrative: bool = False

    def __str__(self) -> str:
        return f"{self.value} ({self.period})"


@dataclass(frozen=True)
class IndicatorEvidence:
    """One indicator's evidence for one council (see the module docstring for each field)."""

    indicator: Indicator
    latest: Latest | None
    rag: str | None
    trend: str | None
    quartile: int | None
    is_illustrative: bool
    url: str
    #: The target in words, as the scorecard says it ("At least 80%", "No target set").
    target_text: str = ""
    #: How many councils the quartile was worked out among (0 when there is no quartile).
    ranked: int = 0

    @property
    def rag_label(self) -> str:
        return _RAG_LABELS.get(self.rag or "", "No data")

    @property
    def rag_css(self) -> str:
        """The GOV.UK tag colour: "green", "yellow", "red" or "grey"."""
        return {"amber": "yellow"}.get(self.rag or "grey", self.rag or "grey")

    @property
    def trend_label(self) -> str:
        return _TREND_LABELS.get(self.trend or "", "No trend")

    @property
    def quartile_text(self) -> str:
        """ "4th quartile (worst)", "1st quartile (best)", "2nd quartile", or ""."""
        if self.quartile is None:
            return ""
        extra = {1: " (best)", 4: " (worst)"}.get(self.quartile, "")
        return f"{ordinal(self.quartile)} quartile{extra}"

    @property
    def is_red(self) -> bool:
        return self.rag == "red"

    @property
    def is_worsening(self) -> bool:
        return self.trend == "worse"

    @property
    def is_bottom_quartile(self) -> bool:
        return self.quartile == 4


def _members(organisation, comparator_group: ComparatorGroup | None):
    """The comparator councils' ids, as a subquery (no query of its own)."""
    if comparator_group is not None:
        return ComparatorGroup.members.through.objects.filter(comparatorgroup_id=comparator_group.pk).values(
            "organisation_id"
        )
    return Organisation.objects.filter(region_id=organisation.region_id).values("id")


def indicator_evidence(
    organisation, indicators: Iterable[Indicator], *, comparator_group: ComparatorGroup | None = None
) -> dict[int, IndicatorEvidence]:
    """Each indicator's evidence for ``organisation``, keyed by indicator id.

    ``indicators`` are :class:`Indicator` instances (a queryset is read once). With
    ``comparator_group`` (a :class:`ComparatorGroup`) quartiles are among its councils,
    otherwise among the councils of ``organisation``'s region. Three queries at most, whatever
    the number of indicators.
    """
    indicators = list(indicators)
    if not indicators:
        return {}
    ids = [indicator.pk for indicator in indicators]
    series: dict[int, list[_Value]] = defaultdict(list)
    # A value for a period that has not started is not an actual figure (as on the scorecard).
    values = Observation.objects.filter(
        organisation=organisation, indicator_id__in=ids, period_start__lte=timezone.localdate()
    )
    for row in values.order_by("indicator_id", "period_start", "-period_end").values_list(*OBSERVATION_FIELDS):
        value = _Value(*row)
        series[value.indicator_id].append(value)

    targets: dict[int, list[Target]] = defaultdict(list)
    query = Target.objects.filter(organisation=organisation, indicator_id__in=ids)
    for target in query.order_by("indicator_id", "period_start", "-period_end"):
        targets[target.indicator_id].append(target)

    rows = {
        indicator.pk: _row(indicator, series.get(indicator.pk, []), targets.get(indicator.pk, []), 0, values.db)
        for indicator in indicators
    }
    quartiles = _quartiles(organisation, indicators, rows, comparator_group)

    result = {}
    for indicator in indicators:
        row = rows[indicator.pk]
        latest = None
        rag = None
        if row.latest is not None:
            latest = Latest(
                value=format_observed(indicator, row.latest),
                period=row.latest.period.label,
                period_code=row.latest.period_code,
                is_illustrative=row.latest.is_illustrative,
            )
            rag = row.rag.value if row.rag is not RAG.NONE else "grey"
        quartile, ranked, peers_illustrative = quartiles.get(indicator.pk, (None, 0, False))
        result[indicator.pk] = IndicatorEvidence(
            indicator=indicator,
            latest=latest,
            rag=rag,
            trend=_TREND.get(row.direction),
            quartile=quartile,
            is_illustrative=row.latest_is_illustrative or row.previous_is_illustrative or peers_illustrative,
            url=reverse("indicators:detail", kwargs={"gss_code": organisation.gss_code, "indicator_id": indicator.pk}),
            target_text=row.target_description,
            ranked=ranked,
        )
    return result


def _quartiles(organisation, indicators, rows, comparator_group) -> dict[int, tuple[int | None, int, bool]]:
    """Each indicator's (quartile, councils ranked, whether any ranked value is illustrative),
    for the council's latest period: one query for every indicator."""
    wanted = {
        indicator.pk: rows[indicator.pk].latest.period_code
        for indicator in indicators
        if rows[indicator.pk].latest is not None and Polarity(indicator.polarity) is not Polarity.NEITHER
    }
    if not wanted:
        return {}
    codes = set(wanted.values())
    peers = (
        Observation.objects.filter(indicator_id__in=list(wanted), period_code__in=codes, organisation__is_active=True)
        .filter(Q(organisation_id__in=_members(organisation, comparator_group)) | Q(organisation=organisation))
        .order_by()
        .values_list("indicator_id", "period_code", "organisation_id", "value", "is_illustrative")
    )
    by_indicator: dict[int, dict[int, Decimal]] = defaultdict(dict)
    illustrative: dict[int, bool] = defaultdict(bool)
    for indicator_id, period_code, organisation_id, value, is_illustrative in peers:
        if wanted[indicator_id] != period_code:
            continue
        by_indicator[indicator_id][organisation_id] = value
        illustrative[indicator_id] = illustrative[indicator_id] or is_illustrative
    polarities = {indicator.pk: indicator.polarity for indicator in indicators}
    result = {}
    for indicator_id, values in by_indicator.items():
        if len(values) < 2 or organisation.pk not in values:
            continue  # nobody to compare with: no "1st of 1"
        placings = rank(values, polarities[indicator_id])
        own = next(placing for placing in placings if placing.key == organisation.pk)
        result[indicator_id] = (own.quartile, len(placings), illustrative[indicator_id])
    return result
