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

**As at a day** (``as_at``): a self-assessment is for a period, so its evidence is what was
known by the period's end. Only values for periods ending on or before that day count as the
latest and the previous (and so for the RAG, trend and quartile); the target is found by the
one rating rule for the latest value's period, as always. Without ``as_at``, the newest value
counts. :func:`indicator_evidence_as_at` works out several days at once in the same queries.

Callers pass indicators the council can use (shipped ones and its own, as
``Indicator.objects.for_organisation`` gives); values are only ever the council's own and its
comparators'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from ascent.core.periods import Period
from ascent.core.rag import RAG, Direction, Polarity
from ascent.organisations.models import Organisation

from .benchmark import ordinal, quartile
from .models import ComparatorGroup, Indicator, Observation, Target
from .scorecard import OBSERVATION_FIELDS, _row, _Value, format_observed

__all__ = ["IndicatorEvidence", "Latest", "indicator_evidence", "indicator_evidence_as_at"]

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


def _as_at_date(as_at: date | Period | None) -> date | None:
    """The day ``as_at`` means: a date itself, or a period's last day."""
    if as_at is None or isinstance(as_at, date):
        return as_at
    return as_at.end


def indicator_evidence(
    organisation,
    indicators: Iterable[Indicator],
    *,
    comparator_group: ComparatorGroup | None = None,
    as_at: date | Period | None = None,
) -> dict[int, IndicatorEvidence]:
    """Each indicator's evidence for ``organisation``, keyed by indicator id.

    ``indicators`` are :class:`Indicator` instances (a queryset is read once). With
    ``comparator_group`` (a :class:`ComparatorGroup`) quartiles are among its councils,
    otherwise among the councils of ``organisation``'s region. With ``as_at`` (a date, or a
    :class:`Period` whose last day is used) the evidence is as it stood then: only values for
    periods ending on or before it count as the latest, the previous and for the quartile, so
    a self-assessment for 2015-16 is measured against what was known by the end of 2015-16.
    Three queries at most, whatever the number of indicators.
    """
    return indicator_evidence_as_at(organisation, indicators, [as_at], comparator_group=comparator_group)[
        _as_at_date(as_at)
    ]


def indicator_evidence_as_at(
    organisation,
    indicators: Iterable[Indicator],
    dates: Iterable[date | Period | None],
    *,
    comparator_group: ComparatorGroup | None = None,
    only: Mapping[date | None, Collection[int]] | None = None,
) -> dict[date | None, dict[int, IndicatorEvidence]]:
    """:func:`indicator_evidence` as at each of several ``dates`` at once (several
    self-assessments for different periods), keyed by the day (None for "now"). Still three
    queries at most, whatever the number of indicators and dates.

    ``only`` (by day, as the result is keyed) limits each day's answer to the indicators with
    those ids, when each date needs a few of them (each self-assessment's linked indicators):
    the others are not worked out for that day and are missing from its dict."""
    indicators = list(indicators)
    days = list(dict.fromkeys(_as_at_date(when) for when in dates))
    if not indicators:
        return {day: {} for day in days}
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

    rows_by_day = {}
    for day in days:
        wanted = None if only is None else set(only.get(day, ()))
        rows_by_day[day] = {
            indicator.pk: _row(
                indicator,
                _known_by(series.get(indicator.pk, []), day),
                # A target for a period starting after the day could not apply to a value known
                # by then (the rating rule only looks back); left out, it is not "the target" of
                # an indicator with no value yet either.
                _known_by_start(targets.get(indicator.pk, []), day),
                0,
                values.db,
            )
            for indicator in indicators
            if wanted is None or indicator.pk in wanted
        }
    quartiles = _quartiles(organisation, indicators, rows_by_day, comparator_group)
    # Each indicator's page, worked out once for every day.
    urls = {
        indicator.pk: reverse(
            "indicators:detail", kwargs={"gss_code": organisation.gss_code, "indicator_id": indicator.pk}
        )
        for indicator in indicators
    }
    return {day: _evidence(indicators, rows_by_day[day], quartiles.get(day, {}), urls) for day in days}


def _known_by(series: list[_Value], day: date | None) -> list[_Value]:
    if day is None:
        return series
    return [value for value in series if value.period_end <= day]


def _known_by_start(targets: list[Target], day: date | None) -> list[Target]:
    if day is None:
        return targets
    return [target for target in targets if target.period_start <= day]


def _evidence(indicators, rows, quartiles, urls) -> dict[int, IndicatorEvidence]:
    result = {}
    for indicator in indicators:
        row = rows.get(indicator.pk)
        if row is None:
            continue  # not asked for on this day
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
            url=urls[indicator.pk],
            target_text=row.target_description,
            ranked=ranked,
        )
    return result


def _quartiles(
    organisation, indicators, rows_by_day, comparator_group
) -> dict[date | None, dict[int, tuple[int | None, int, bool]]]:
    """For each day, each indicator's (quartile, councils ranked, whether any ranked value is
    illustrative), for the council's latest period by then: one query for every indicator and day.

    The database does the counting (:func:`ascent.indicators.benchmark.rank` by hand): for each
    (indicator, period) wanted it gives how many councils have a value, how many of those are
    higher and how many lower than the council's own, and whether any is illustrative. The
    council's rank is one more than the number better than it (tied councils share a rank), so
    the quartile is ``quartile(rank, count)`` as the benchmark page works it out, without
    reading every comparator's value into Python.
    """
    ranked_ids = {indicator.pk for indicator in indicators if Polarity(indicator.polarity) is not Polarity.NEITHER}
    wanted_by_day = {
        day: {pk: row.latest.period_code for pk, row in rows.items() if row.latest is not None and pk in ranked_ids}
        for day, rows in rows_by_day.items()
    }
    codes: dict[int, set[str]] = defaultdict(set)
    for wanted in wanted_by_day.values():
        for pk, code in wanted.items():
            codes[pk].add(code)
    if not codes:
        return {}
    # Every wanted indicator with every wanted period (the index on both columns finds them;
    # an OR of exact pairs made SQLite read every value of the councils instead): the few
    # pairs not wanted are left out below.
    which = Q(indicator_id__in=sorted(codes), period_code__in=sorted(set().union(*codes.values())))
    own_value = Subquery(
        Observation.objects.filter(
            organisation=organisation, indicator_id=OuterRef("indicator_id"), period_code=OuterRef("period_code")
        ).values("value")[:1]
    )
    counted = (
        Observation.objects.filter(which, organisation__is_active=True)
        # The council and its comparators in one subquery, so SQLite looks each of them up in
        # the (council, indicator, period) index rather than reading every council's values.
        .filter(
            organisation_id__in=Organisation.objects.filter(
                Q(pk__in=_members(organisation, comparator_group)) | Q(pk=organisation.pk)
            ).values("id")
        )
        .order_by()
        .values("indicator_id", "period_code")
        .annotate(
            count=Count("pk"),
            own=Count("pk", filter=Q(organisation=organisation)),
            higher=Count("pk", filter=Q(value__gt=own_value)),
            lower=Count("pk", filter=Q(value__lt=own_value)),
            illustrative=Count("pk", filter=Q(is_illustrative=True)),
        )
        .values_list("indicator_id", "period_code", "count", "own", "higher", "lower", "illustrative")
    )
    polarities = {indicator.pk: Polarity(indicator.polarity) for indicator in indicators}
    placed: dict[tuple[int, str], tuple[int | None, int, bool]] = {}
    for indicator_id, period_code, count, own, higher, lower, illustrative in counted:
        if period_code not in codes[indicator_id] or count < 2 or not own:
            continue  # nobody to compare with: no "1st of 1"
        better = higher if polarities[indicator_id] is Polarity.HIGHER_IS_BETTER else lower
        placed[(indicator_id, period_code)] = (quartile(better + 1, count), count, illustrative > 0)
    return {
        day: {pk: placed[(pk, code)] for pk, code in wanted.items() if (pk, code) in placed}
        for day, wanted in wanted_by_day.items()
    }
