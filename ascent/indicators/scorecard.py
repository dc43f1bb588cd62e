"""An organisation's scorecard: each indicator's baseline, target, latest value, RAG and direction.

:func:`build_scorecard` reads an organisation's indicators, observations and targets in six
queries whatever the amount of data (the grouping framework's elements, the indicators, their
element tags, the crosswalk of the framework's elements, the observations and the targets;
three with a council's indicator group: its items, the observations, the targets), then works
everything else out in Python with the pure functions of :mod:`ascent.core.rag`. The page,
the exports, the Overview panel, the command line and the "Performance scorecard" report all use it, so they agree.

Rules, in words (docs/user-guide/scorecard.md says the same for readers):

* **Rows**: shipped indicators that have data for the organisation, and every active local
  indicator (with or without data), in the library's order.
* **Groups** (:func:`build_scorecards` ``framework``): by the top-level elements of one
  framework, in the framework's order (for CQC's assessment, its four themes; for ASCOF, its
  domains or objectives), each holding the indicators tagged with that element or any element
  under it (shipped tags, and the council's own), or tagged with an element of another
  framework that the crosswalk, as the council sees it, maps to one of those (its row says
  "Through ASCOF Domain 1"; a mapping the council has hidden does not count). An indicator
  tagged under two top-level
  elements is shown once, under the first. Local indicators not tagged with the framework come
  last under "Local indicators", and shipped ones under "Not in this framework". The default
  is ASCOF: the domains of the 2014/15 to 2022/23 set, then the objectives from 2023/24, as the
  library groups its measures. With a council-defined :class:`IndicatorGroup`, one group
  holding its indicators in the group's order.
* **Latest**: the observation with the latest end date (ties go to the kind of period matching
  the indicator's frequency, then to the longer period). With ``period``, only observations
  ending on or before that period's end count, so the scorecard shows how things stood then.
  A value for a period that has not started yet (saved after the person confirmed the
  warning) never counts: it is not an actual figure.
* **Previous**: the observation before the latest one of the *same kind of period* (a quarter
  is compared with the quarter before, a year with the year before).
* **Baseline**: a direction target's own baseline value and label when it has one; otherwise
  the earliest observation of the latest one's kind.
* **Target and RAG**: :func:`ascent.indicators.rating.rate`, the one rule every page, export
  and report uses: the target for the latest period; else the shortest target period
  containing it; else the most recent target that ended before it began (labelled "against
  the 2019-20 target" when it is not the value's own period). With no observation, the most
  recent target. "Not rated" when there is no target or no value (or no baseline for a
  direction target).
* **Direction of travel**: latest against previous, judged with the polarity; "Not comparable"
  when a break in series (:mod:`ascent.indicators.breaks`) falls between them, and the row says
  "Break in series before 2024-25" instead of what it moved from. The same holds for the change
  between two periods side by side.
* **Trend**: up to the last 12 values of the latest one's kind, oldest first.

**As at** and **compared with** (:func:`build_comparison`): the scorecard as at one period beside
the scorecard as at another, both from one reading of the data by :func:`build_scorecards` (which
:func:`build_scorecard` is too), so each side's value, target and rating are exactly what the
scorecard shows as at that period. Each value keeps its real
period (as at Q3 2015/16 an annual indicator shows its 2014-15 value). The change is the as-at
value less the compared value, in percentage points for percentages; when both sides show the
same value (nothing newer was recorded) there is no change to show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ascent.core.money import format_money
from ascent.core.periods import Period, PeriodKind, PeriodParseError, parse_period, series_key
from ascent.core.rag import RAG, Comparison, Direction, Polarity, TargetKind, Travel, describe_range, travel
from ascent.core.rag import Target as TargetRule
from ascent.frameworks.crosswalk import also_counts_towards
from ascent.frameworks.models import Element, Framework

from .breaks import Break, breaks_before
from .models import (
    Frequency,
    Indicator,
    IndicatorElement,
    IndicatorGroup,
    IndicatorGroupItem,
    Observation,
    Target,
    Unit,
)
from .rating import rate

__all__ = [
    "LAST_YEAR",
    "SORTS",
    "TREND_POINTS",
    "Point",
    "Scorecard",
    "ScorecardGroup",
    "ScorecardRow",
    "UnknownFramework",
    "UnknownGroup",
    "element_sections",
    "through_text",
    "frameworks_for",
    "Comparison",
    "ComparisonRow",
    "build_comparison",
    "build_scorecard",
    "build_scorecards",
    "compare_scorecards",
    "format_change",
    "periods_with_data",
    "same_period_last_year",
    "describe_target",
    "format_observed",
    "filter_scorecard",
    "format_value",
    "period_label_of",
    "rag_counts",
    "worst_moving",
]

#: How many values the trend (sparkline) shows at most.
TREND_POINTS = 12
LOCAL_TITLE = "Local indicators"
#: The last group when grouping by a framework: shipped indicators not tagged with it.
UNTAGGED_TITLE = "Not in this framework"
#: What ``framework`` is by default: the two ASCOF measure sets, as the library groups them.
DEFAULT_FRAMEWORK = "ascof"
ASCOF_SLUGS = ("ascof-2014", "ascof-2023")
NO_TARGET = "No target set"
#: Sort orders the page offers: value → label.
SORTS = {"group": "Group order", "rag": "RAG, worst first", "title": "Indicator title"}

_FREQUENCY_KIND = {
    Frequency.ANNUAL: PeriodKind.FINANCIAL_YEAR,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.WEEKLY: PeriodKind.WEEK,
    Frequency.SNAPSHOT: PeriodKind.DATE,
}


#: The fields of an observation the scorecard loads: its rows' ``latest`` and ``previous``
#: observations have these (reading any other field would query the database again).
OBSERVATION_FIELDS = (
    "id",
    "indicator_id",
    "period_kind",
    "period_code",
    "period_start",
    "period_end",
    "value",
    "status",
    "is_illustrative",
    "is_approximate",
)

_POLARITY_COMPARISON = {Polarity.HIGHER_IS_BETTER: Comparison.AT_LEAST, Polarity.LOWER_IS_BETTER: Comparison.AT_MOST}


class UnknownGroup(LookupError):
    """The indicator group does not exist for this organisation."""


class UnknownFramework(LookupError):
    """No framework the organisation can see has this slug or id."""


# ----- formatting ------------------------------------------------------------------------


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_value(indicator: Indicator, value: Decimal | None) -> str:
    """A value as people read it, in the indicator's unit and decimal places.

    Per cent "83%" or "6.4%"; per 100,000 "512.3"; money as councils write it ("£863K",
    "£1.263m"); counts and other numbers with thousands separators ("1,234"); days and weeks
    with the unit ("12.5 days"). ``None`` gives an empty string.
    """
    if value is None:
        return ""
    decimals = max(0, min(int(indicator.decimals), 6))
    if indicator.unit == Unit.MONEY:
        return format_money(Decimal(value))
    number = _rounded(Decimal(value), decimals)
    if number.is_zero():
        number = abs(number)  # never "-0.0"
    text = f"{number:,.{decimals}f}"
    if indicator.unit == Unit.PERCENT:
        return f"{text}%"
    if indicator.unit in (Unit.DAYS, Unit.WEEKS):
        word = "day" if indicator.unit == Unit.DAYS else "week"
        return f"{text} {word}" if number == 1 else f"{text} {word}s"
    return text


def _format_band(indicator: Indicator, value: Decimal) -> str:
    if indicator.unit == Unit.PERCENT:
        number = _rounded(value, max(0, min(int(indicator.decimals), 6)))
        return f"{number:,f} percentage point" + ("" if number == 1 else "s")
    return format_value(indicator, value)


#: What comes before a value written as an approximation ("c. £1.6m"): "about £1.6m".
ABOUT = "about "
#: What follows a target whose amounts were written as approximations.
APPROXIMATE_TARGET = " (approximate)"


def format_observed(indicator: Indicator, observation) -> str:
    """An observation's value as :func:`format_value` shows it, with "about " before a value
    written as an approximation ("c. £1.6m" is shown "about £1.6m"). None gives ""."""
    if observation is None:
        return ""
    text = format_value(indicator, observation.value)
    return ABOUT + text if getattr(observation, "is_approximate", False) else text


def describe_target(rule: TargetRule, indicator: Indicator) -> str:
    """A target in words with the indicator's unit: "At least 80%", "Between 70% and 80% (above
    is better)", "Keep within 70% to 80%", "Maintain or lower compared with baseline (amber
    within 2 percentage points)"."""
    if rule.kind is TargetKind.THRESHOLD:
        comparison = rule.comparison
        if comparison is None:
            comparison = _POLARITY_COMPARISON.get(Polarity(indicator.polarity))
        prefix = comparison.label if comparison else "Reach"
        text = f"{prefix} {format_value(indicator, rule.value)}"
    elif rule.kind is TargetKind.RANGE:
        low, high = format_value(indicator, rule.low), format_value(indicator, rule.high)
        text = describe_range(low, high, rule.sense, indicator.polarity)
        if rule.tolerance and text.endswith(")"):  # one bracket: "(above is better; amber within 2)"
            return f"{text[:-1]}; {_tolerance_text(rule, indicator)[2:]}"
    else:
        return TargetRule(rule.kind, change=rule.change).describe() + _tolerance_text(rule, indicator)
    return text + _tolerance_text(rule, indicator)


def _tolerance_text(rule: TargetRule, indicator: Indicator) -> str:
    if not rule.tolerance:
        return ""
    return f" (amber within {_format_band(indicator, rule.tolerance)})"


# ----- the scorecard ---------------------------------------------------------------------


def _element_name(element: Element) -> str:
    framework = element.framework
    name = framework.short_name or framework.name
    return f"{name} {element.label}".strip()


def through_text(elements: Iterable[Element]) -> str:
    """How an indicator reaches a group through the crosswalk, in words:
    "Through ASCOF Domain 1", "Through CQC QS1 Assessing needs and CQC QS7 Safeguarding"."""
    names = list(dict.fromkeys(_element_name(element) for element in elements))
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Through {listed}"


def period_label_of(text: str) -> str:
    """A period as the council wrote it ("Mar '19"), in the style every other period on the page
    has ("Mar 2019"), so one row never mixes styles; text that is not a period is kept as written."""
    if not text.strip():
        return ""
    try:
        return parse_period(text).label
    except PeriodParseError:
        return text.strip()


@dataclass(frozen=True, slots=True, eq=False)
class _Value:
    """One observation as the scorecard reads it: a row of its query, in OBSERVATION_FIELDS order.

    A council's whole history can be thousands of values; reading them as these rather than
    as model instances took a third off the time of building the scorecard. Only the rows'
    ``latest`` and ``previous`` become :class:`Observation` instances (see :func:`_observation`).
    """

    id: int
    indicator_id: int
    period_kind: str
    period_code: str
    period_start: date
    period_end: date
    value: Decimal
    status: str
    is_illustrative: bool
    is_approximate: bool

    @property
    def period(self) -> Period:
        return Period(PeriodKind(self.period_kind), self.period_start, self.period_end)


#: The loaded fields in the model's own order, as ``Model.from_db`` takes them.
_MODEL_ORDER = tuple(
    field.attname for field in Observation._meta.concrete_fields if field.attname in OBSERVATION_FIELDS
)
_model_values = attrgetter(*_MODEL_ORDER)


def _observation(value: _Value | None, db: str) -> Observation | None:
    """The observation a scorecard row shows, as a model instance with the loaded fields."""
    if value is None:
        return None
    return Observation.from_db(db, _MODEL_ORDER, _model_values(value))


@dataclass(frozen=True, slots=True)
class Point:
    """One value in a row's trend."""

    period: Period
    value: Decimal
    is_illustrative: bool = False


@dataclass
class ScorecardRow:
    """One indicator on the scorecard. Values are exact ``Decimal``; the ``*_text`` properties format them."""

    indicator: Indicator
    latest: Observation | None = None
    previous: Observation | None = None
    baseline: Decimal | None = None
    #: When the baseline was taken: the target's own label, or the earliest observation's period.
    baseline_label: str = ""
    target: Target | None = None
    target_text: str = NO_TARGET
    rag: RAG = RAG.NONE
    travel: Travel = field(default_factory=lambda: travel(None, None, Polarity.NEITHER))
    points: tuple[Point, ...] = ()
    #: Whether any figure the row shows (latest, previous, baseline or trend) is illustrative.
    is_illustrative: bool = False
    #: Whether the baseline is an illustrative value (a target's own baseline never is).
    baseline_is_illustrative: bool = False
    #: Why the row could not be rated although it has a target and a value (rare: the polarity
    #: changed after a polarity-led target was set).
    problem: str = ""
    #: "against the 2019-20 target" when the target was set for another period than the latest value's.
    target_against: str = ""
    #: The row's place in its group's own order (what "group order" sorts by).
    position: int = 0
    #: When the row is in its framework group only through the crosswalk: the elements of other
    #: frameworks it is tagged with that the council's crosswalk maps into the group.
    through: tuple[Element, ...] = ()
    #: The break in series between the previous value and the latest, if one falls between them:
    #: the two are then not compared.
    series_break: Break | None = None

    @property
    def through_text(self) -> str:
        """ "Through ASCOF 2014 Domain 1" when the row comes through the crosswalk, else ""."""
        return through_text(self.through)

    @property
    def break_text(self) -> str:
        """ "Break in series before 2024-25" when one falls between the previous value and the latest, else ""."""
        return break_text(self.series_break)

    @property
    def direction_text(self) -> str:
        """The direction in words, or "Not comparable: break in series before 2024-25"."""
        return direction_text(self.direction, self.series_break)

    @property
    def direction(self) -> Direction:
        return self.travel.direction

    @property
    def has_data(self) -> bool:
        return self.latest is not None

    @property
    def latest_is_illustrative(self) -> bool:
        return self.latest is not None and self.latest.is_illustrative

    @property
    def previous_is_illustrative(self) -> bool:
        return self.previous is not None and self.previous.is_illustrative

    @property
    def illustrative_parts(self) -> list[str]:
        """Which figures in the row are illustrative: "latest", "previous", "baseline", "trend"."""
        parts = [
            name
            for name, flag in (
                ("latest", self.latest_is_illustrative),
                ("previous", self.previous_is_illustrative),
                ("baseline", self.baseline_is_illustrative),
                ("trend", any(point.is_illustrative for point in self.points)),
            )
            if flag
        ]
        return parts

    @property
    def source_label(self) -> str:
        """Says which the row's figures are: "Illustrative", "Real", or which parts are made up."""
        parts = self.illustrative_parts
        if not parts:
            return "Real"
        if self.latest_is_illustrative:
            return "Illustrative"
        names = [{"previous": "previous value"}.get(part, part) for part in parts if part != "latest"]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"Real latest value; illustrative {listed}"

    @property
    def is_provisional(self) -> bool:
        return self.latest is not None and self.latest.status == Observation.Status.PROVISIONAL

    @property
    def latest_value(self) -> Decimal | None:
        return self.latest.value if self.latest else None

    @property
    def latest_period(self) -> Period | None:
        return self.latest.period if self.latest else None

    @property
    def latest_text(self) -> str:
        return format_observed(self.indicator, self.latest)

    @property
    def latest_period_label(self) -> str:
        return self.latest.period.label if self.latest else ""

    @property
    def previous_text(self) -> str:
        return format_observed(self.indicator, self.previous)

    @property
    def previous_period_label(self) -> str:
        return self.previous.period.label if self.previous else ""

    @property
    def baseline_text(self) -> str:
        return format_value(self.indicator, self.baseline)

    @property
    def target_description(self) -> str:
        """The target in words with, where it applies, "(against the 2019-20 target)"."""
        return f"{self.target_text} ({self.target_against})" if self.target_against else self.target_text

    @property
    def target_rule(self) -> TargetRule | None:
        """The target's pure rule, or None with no target or an incomplete one."""
        try:
            return self.target.rule() if self.target else None
        except ValueError:
            return None

    @property
    def sparkline_values(self) -> list[Decimal]:
        return [point.value for point in self.points]


@dataclass
class ScorecardGroup:
    """A table of rows: a framework's top-level element, the local indicators or a council group."""

    key: str
    title: str
    #: The framework's name for an element's group ("ASCOF from 2023/24"), else empty.
    framework_label: str = ""
    rows: list[ScorecardRow] = field(default_factory=list)
    #: The framework element the group is, or None (local, untagged, a council group).
    element: Element | None = None

    @property
    def through_count(self) -> int:
        """How many of its rows are in the group only through the crosswalk."""
        return sum(1 for row in self.rows if row.through)


class _Tables:
    """What a scorecard and a side-by-side comparison both answer about their tables of rows
    (``groups``, and ``marks_sources`` set by :func:`filter_scorecard`)."""

    groups: list[ScorecardGroup]
    marks_sources: bool

    @property
    def rows(self) -> list:
        return [row for group in self.groups for row in group.rows]

    @property
    def is_illustrative(self) -> bool:
        return any(row.is_illustrative for row in self.rows)

    @property
    def shows_sources(self) -> bool:
        """Whether each row says if it is real or illustrative: when the whole scorecard (before
        any filter or search) has illustrative figures, so a search that keeps only real rows
        still tags them "Real"."""
        return self.marks_sources or self.is_illustrative

    @property
    def has_data(self) -> bool:
        return any(row.has_data for row in self.rows)

    @property
    def is_empty(self) -> bool:
        return not any(group.rows for group in self.groups)


@dataclass
class Scorecard(_Tables):
    organisation: Any
    groups: list[ScorecardGroup]
    #: The council-defined group shown, or None for the framework domains.
    indicator_group: IndicatorGroup | None = None
    #: The period the scorecard is "as at", or None for the latest data.
    period: Period | None = None
    #: Set by :func:`filter_scorecard` when the scorecard it filtered had illustrative figures.
    marks_sources: bool = False
    #: The frameworks whose elements group the rows (both ASCOF sets by default; none with a
    #: council-defined group).
    frameworks: list[Framework] = field(default_factory=list)

    @property
    def framework_title(self) -> str:
        """What the rows are grouped by, in words: "ASCOF", "CQC local authority assessment (2023)"."""
        if len(self.frameworks) > 1 and all(f.slug in ASCOF_SLUGS for f in self.frameworks):
            return "ASCOF"
        return ", ".join(str(framework) for framework in self.frameworks)


def build_scorecard(
    organisation,
    *,
    group: IndicatorGroup | int | str | None = None,
    period: Period | None = None,
    framework: Framework | int | str | None = None,
) -> Scorecard:
    """The scorecard of ``organisation`` (see the module docstring for the rules).

    ``group`` is a council-defined :class:`IndicatorGroup` of this organisation, or its id;
    another organisation's group (or an unknown id) raises :class:`UnknownGroup`. ``period``
    shows the scorecard as it stood at the end of that period. ``framework`` (a framework, its
    id or slug; default ASCOF) says whose elements group the rows; one the organisation cannot
    see raises :class:`UnknownFramework`. Six queries at most.
    """
    return build_scorecards(organisation, [period], group=group, framework=framework)[0]


def build_scorecards(
    organisation,
    periods: list[Period | None],
    *,
    group: IndicatorGroup | int | str | None = None,
    framework: Framework | int | str | None = None,
) -> list[Scorecard]:
    """The scorecard as at each of ``periods`` (None: the latest values), in that order, from
    one reading of the data: six queries at most (the framework's elements, the indicators,
    their tags, the crosswalk, the values and the targets), however many periods; three with a council group.
    Each is exactly what :func:`build_scorecard` gives for its period alone."""
    ends = [period.end if period is not None else None for period in periods]
    last = None if None in ends else max(ends)
    indicator_group = None
    frameworks: list[Framework] = []
    if group is None or group == "":
        frameworks, elements = _framework_elements(organisation, framework)
        indicators = list(_indicators_with_data(organisation, last))
        tagged = _tags(organisation, indicators, frameworks, elements)
    else:
        indicator_group, indicators = _group_indicators(organisation, group)
        sections = [(f"group:{indicator_group.pk}", indicator_group.name, "", indicators, None)]

    ids = [indicator.pk for indicator in indicators]
    observations: dict[int, list[_Value]] = defaultdict(list)
    targets: dict[int, list[Target]] = defaultdict(list)
    # A period that has not started yet cannot have an actual value: if one was saved anyway
    # (confirmed as it is), it is not the latest value, a trend point or a "getting worse" item.
    query = Observation.objects.filter(
        organisation=organisation, indicator_id__in=ids, period_start__lte=timezone.localdate()
    )
    if ids:
        if last is not None:
            query = query.filter(period_end__lte=last)
        ordered = query.order_by("indicator_id", "period_start", "-period_end").values_list(*OBSERVATION_FIELDS)
        for values in ordered:
            observation = _Value(*values)
            observations[observation.indicator_id].append(observation)
        target_query = Target.objects.filter(organisation=organisation, indicator_id__in=ids)
        for target in target_query.order_by("indicator_id", "period_start", "-period_end"):
            targets[target.indicator_id].append(target)

    scorecards = []
    for period, end in zip(periods, ends, strict=True):
        held = observations
        if end != last:  # an earlier period: only the values ending by its end
            held = {pk: [o for o in series if o.period_end <= end] for pk, series in observations.items()}
        if indicator_group is None:
            # As _indicators_with_data would for this period: the organisation's own, and
            # shipped ones with a value by its end.
            members = [i for i in indicators if i.organisation_id == organisation.pk or held.get(i.pk)]
            sections, through = _element_sections(members, elements, tagged)
        else:
            through = {}
        groups = []
        for key, title, framework_label, members, element in sections:
            rows = [
                _row(indicator, held.get(indicator.pk, []), targets.get(indicator.pk, []), position, query.db)
                for position, indicator in enumerate(members)
            ]
            for row in rows:
                row.through = through.get((key, row.indicator.pk), ())
            groups.append(
                ScorecardGroup(key=key, title=title, framework_label=framework_label, rows=rows, element=element)
            )
        scorecards.append(
            Scorecard(
                organisation=organisation,
                groups=groups,
                indicator_group=indicator_group,
                period=period,
                frameworks=frameworks,
            )
        )
    return scorecards


def _indicators_with_data(organisation, end: date | None):
    """Active shipped indicators with data for the organisation (ending by ``end``), and all its active local ones."""
    held = Observation.objects.filter(
        organisation=organisation, indicator=OuterRef("pk"), period_start__lte=timezone.localdate()
    )
    if end is not None:
        held = held.filter(period_end__lte=end)
    return (
        Indicator.objects.for_organisation(organisation)
        .filter(is_active=True)
        .filter(Q(organisation=organisation) | Exists(held))
        .order_by("sort_order", "code")
    )


def frameworks_for(organisation) -> list[Framework]:
    """The frameworks a scorecard can be grouped by: the newest version of each shipped
    framework and of the organisation's own, by name (one query)."""
    return list(Framework.objects.in_organisation(organisation).current().order_by("name", "-id"))


def _framework_elements(organisation, framework) -> tuple[list[Framework], list[Element]]:
    """The frameworks that group the rows and all their elements, in order (one query).

    ``framework``: a :class:`Framework`, its id, its slug, or None / "" / "ascof" for both ASCOF
    sets. Among frameworks with the slug, the organisation's own comes first, then the newest
    shipped version."""
    if isinstance(framework, Framework):
        if framework.organisation_id not in (None, organisation.pk):
            raise UnknownFramework(f"{framework} is not a framework {organisation} can use")
        wanted = Q(framework_id=framework.pk)
    elif framework in (None, "", DEFAULT_FRAMEWORK):
        wanted = Q(framework__slug__in=ASCOF_SLUGS, framework__organisation__isnull=True)
    elif str(framework).isdigit():
        wanted = Q(framework_id=int(framework))
    else:
        wanted = Q(framework__slug=str(framework))
    elements = list(
        Element.objects.filter(wanted)
        .filter(Q(framework__organisation__isnull=True) | Q(framework__organisation=organisation))
        .filter(framework__superseded_by__isnull=True)
        .select_related("framework")
        .order_by("framework__slug", "sort_order", "id")
    )
    by_framework: dict[int, Framework] = {}
    for element in elements:
        by_framework.setdefault(element.framework_id, element.framework)
    chosen: dict[str, Framework] = {}

    def preference(candidate: Framework) -> tuple[bool, int]:
        return (candidate.organisation_id is not None, candidate.pk)

    for candidate in by_framework.values():  # one framework per slug: the council's own, else the newest
        held = chosen.get(candidate.slug)
        if held is None or preference(candidate) > preference(held):
            chosen[candidate.slug] = candidate
    frameworks = sorted(chosen.values(), key=lambda f: f.slug) if chosen else []
    if not frameworks and framework not in (None, "", DEFAULT_FRAMEWORK):
        found = _visible_framework(organisation, framework)
        if found is None:
            raise UnknownFramework(f"No framework {framework!r} for {organisation}")
        frameworks = [found]
    ids = {f.pk for f in frameworks}
    return frameworks, [element for element in elements if element.framework_id in ids]


def _visible_framework(organisation, framework) -> Framework | None:
    """A framework with no elements yet, if the organisation can see it (one query)."""
    query = Framework.objects.in_organisation(organisation).current()
    if isinstance(framework, Framework):
        return query.filter(pk=framework.pk).first()
    if str(framework).isdigit():
        return query.filter(pk=int(framework)).first()
    return query.filter(slug=str(framework)).order_by("-organisation_id", "-id").first()


#: What an indicator's tag says about a group: the element of the grouping framework it is
#: under, and the other framework's element it was reached through (None for a direct tag).
_Tag = tuple[int, Element | None]


def _tags(
    organisation, indicators: list[Indicator], frameworks: list[Framework], elements: list[Element]
) -> dict[int, list[_Tag]]:
    """Each indicator's elements of ``frameworks`` (shipped tags and the organisation's own),
    directly or through the crosswalk as the organisation sees it: two queries (the tags, of
    any framework, and the crosswalk of the grouping framework's elements).

    An indicator tagged with an element of another framework that the crosswalk maps to an
    element of ``frameworks`` counts under that element, with the element it came through."""
    if not indicators or not frameworks:
        return {}
    rows = (
        IndicatorElement.objects.filter(indicator_id__in=[indicator.pk for indicator in indicators])
        .filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        .order_by()
        .values_list("indicator_id", "element_id")
    )
    grouping = {element.pk for element in elements}
    # Another framework's element -> the grouping elements it also counts towards.
    reached: dict[int, list[tuple[int, Element]]] = defaultdict(list)
    if elements:
        for mine, others in also_counts_towards(elements, organisation).items():
            for other in others:
                if other.pk not in grouping:
                    reached[other.pk].append((mine, other))
    tagged: dict[int, list[_Tag]] = defaultdict(list)
    for indicator_id, element_id in rows:
        if element_id in grouping:
            tagged[indicator_id].append((element_id, None))
        for mine, other in reached.get(element_id, ()):
            tagged[indicator_id].append((mine, other))
    return tagged


def element_sections(
    organisation, indicators: list[Indicator], framework: Framework | int | str | None = None
) -> list[tuple[str, str, str, list[Indicator], Element | None]]:
    """``indicators`` (in the order given) grouped by ``framework``'s top-level elements, as
    the scorecard groups its rows: (key, title, framework name, indicators, element) for each
    group, directly or through the crosswalk. Four queries at most."""
    frameworks, elements = _framework_elements(organisation, framework)
    sections, _through = _element_sections(indicators, elements, _tags(organisation, indicators, frameworks, elements))
    return sections


def _element_sections(
    indicators: list[Indicator], elements: list[Element], tagged: dict[int, list[_Tag]]
) -> tuple[list[tuple[str, str, str, list[Indicator], Element | None]], dict[tuple[str, int], tuple[Element, ...]]]:
    """The groups: one per top-level element with indicators tagged under it (directly or
    through the crosswalk), in the framework's order; then local indicators, then shipped ones,
    not tagged with it. And, by (group key, indicator id), the other frameworks' elements an
    indicator came through when it is in its group only through the crosswalk."""
    by_id = {element.pk: element for element in elements}

    def top(element: Element) -> Element:
        seen = set()
        while element.parent_id in by_id and element.pk not in seen:
            seen.add(element.pk)
            element = by_id[element.parent_id]
        return element

    roots = [element for element in elements if element.parent_id not in by_id]
    order = {root.pk: position for position, root in enumerate(roots)}
    members: dict[int, list[Indicator]] = defaultdict(list)
    local: list[Indicator] = []
    untagged: list[Indicator] = []
    through: dict[tuple[str, int], tuple[Element, ...]] = {}

    def key_of(root: Element) -> str:
        return f"element:{root.framework.slug}:{root.key}"

    for indicator in indicators:  # already in library order
        tags = tagged.get(indicator.pk, ())
        tops = [(top(by_id[element_id]), via) for element_id, via in tags if element_id in by_id]
        if tops:
            # A direct tag places an indicator; the crosswalk only places one that has none.
            direct = [(root, via) for root, via in tops if via is None]
            tops = direct or tops
            first = min((root for root, _via in tops), key=lambda root: order[root.pk])
            members[first.pk].append(indicator)
            reasons = [via for root, via in tops if root.pk == first.pk]
            if None not in reasons:  # only through the crosswalk: say which elements
                through[(key_of(first), indicator.pk)] = tuple({via.pk: via for via in reasons}.values())
        elif indicator.organisation_id is not None:
            local.append(indicator)
        else:
            untagged.append(indicator)
    result = [
        (key_of(root), root.label, root.framework.name, members[root.pk], root)
        for root in roots
        if members.get(root.pk)
    ]
    if local:
        result.append(("local", LOCAL_TITLE, "", local, None))
    if untagged:
        result.append(("untagged", UNTAGGED_TITLE, "", untagged, None))
    return result, through


def _group_indicators(organisation, group) -> tuple[IndicatorGroup, list[Indicator]]:
    if isinstance(group, IndicatorGroup):
        if group.organisation_id != organisation.pk:
            raise UnknownGroup(f"{group} is not one of {organisation}'s indicator groups")
        group_id = group.pk
    else:
        try:
            group_id = int(group)
        except (TypeError, ValueError):
            raise UnknownGroup(f"{group!r} is not an indicator group id") from None
    items = list(
        IndicatorGroupItem.objects.filter(group_id=group_id, group__organisation=organisation)
        .filter(Q(indicator__organisation__isnull=True) | Q(indicator__organisation=organisation))
        .select_related("indicator", "group")
        .order_by("order", "id")
    )
    if isinstance(group, IndicatorGroup):
        found = group
    elif items:
        found = items[0].group
    else:
        found = IndicatorGroup.objects.filter(pk=group_id, organisation=organisation).first()
        if found is None:
            raise UnknownGroup(f"No indicator group {group_id} for {organisation}")
    return found, [item.indicator for item in items]


def _latest(indicator: Indicator, series: list[_Value]) -> _Value:
    preferred = _FREQUENCY_KIND.get(indicator.frequency)

    def key(observation: Observation):
        kind = PeriodKind(observation.period_kind)
        return (observation.period_end, kind == preferred, -kind.rank)

    return max(series, key=key)


#: The kinds whose series_key also depends on the dates (a year to date's month, a span's length).
_DATED_SERIES_KINDS = frozenset({PeriodKind.YEAR_TO_DATE.value, PeriodKind.FINANCIAL_YEAR_SPAN.value})


def _row(indicator: Indicator, series: list[_Value], targets: list[Target], position: int, db: str) -> ScorecardRow:
    row = ScorecardRow(indicator=indicator, position=position)
    polarity = Polarity(indicator.polarity)
    latest = _latest(indicator, series) if series else None
    if latest is None:
        rating = rate(indicator, None, None, targets)
        row.target, row.target_text = rating.target, rating.target_text or NO_TARGET
        return row

    # Like with like: a quarter with quarters, a year to date with years to date to the same month.
    kind = latest.period_kind
    if kind in _DATED_SERIES_KINDS:
        key = series_key(kind, latest.period_start, latest.period_end)
        same_kind = [
            o for o in series if o.period_kind == kind and series_key(kind, o.period_start, o.period_end) == key
        ]
    else:  # series_key is the kind alone: compare the stored strings (this runs for every row of every page)
        same_kind = [o for o in series if o.period_kind == kind]
    index = same_kind.index(latest)
    shown = same_kind[max(0, index + 1 - TREND_POINTS) : index + 1]
    previous = same_kind[index - 1] if index > 0 else None
    row.latest = _observation(latest, db)
    row.previous = _observation(previous, db)
    row.points = tuple(Point(o.period, o.value, o.is_illustrative) for o in shown)

    first = same_kind[0]
    rating = rate(indicator, latest.value, latest.period, targets, earliest=(first.value, first.period.label))
    row.target, row.target_text, row.target_against = rating.target, rating.target_text or NO_TARGET, rating.against
    row.rag, row.problem = rating.rag, rating.problem
    row.baseline = rating.baseline
    # A target's own baseline label is as the council wrote it ("Mar '19"): shown in the style
    # of every other period ("Mar 2019") when it can be read as one.
    row.baseline_label = period_label_of(rating.baseline_label) if rating.baseline_is_target else rating.baseline_label
    used = [latest, *([previous] if previous else []), *shown]
    if not rating.baseline_is_target:
        row.baseline_is_illustrative = first.is_illustrative
        used.append(first)
    row.is_illustrative = any(o.is_illustrative for o in used)
    # Values either side of a break in series follow different definitions: not compared.
    row.series_break = series_break_between(indicator, previous, latest)
    comparable = previous is not None and row.series_break is None
    row.travel = travel(previous.value if comparable else None, latest.value, polarity)
    return row


def series_break_between(indicator: Indicator, earlier, later) -> Break | None:
    """The break in ``indicator``'s series that falls between two values (anything with a
    ``period``, in either order), or None."""
    if earlier is None or later is None:
        return None
    periods = sorted((earlier.period, later.period), key=lambda period: (period.start, period.end))
    return breaks_before(indicator, periods).get(1)


def break_text(brk: Break | None) -> str:
    """ "Break in series before 2024-25", or "" with no break."""
    return f"Break in series before {brk.label}" if brk is not None else ""


def direction_text(direction: Direction, brk: Break | None) -> str:
    """The direction's label; with a break in series, "Not comparable: break in series before 2024-25"."""
    if brk is None:
        return direction.label
    return f"{direction.label}: break in series before {brk.label}"


# ----- as at a period, and two periods side by side ----------------------------------------

#: What "compare with" says for "the same period a year earlier".
LAST_YEAR = "last-year"


def periods_with_data(organisation) -> list[Period]:
    """Every period the organisation has a value for, latest end first (longer periods before
    shorter ones ending the same day: 2019-20, Q4 2019/20, Mar 2020). One query."""
    # Periods that have not started are left out, as the scorecard leaves out their values.
    rows = (
        Observation.objects.filter(organisation=organisation, period_start__lte=timezone.localdate())
        .order_by()
        .values_list("period_kind", "period_start", "period_end")
        .distinct()
    )
    periods = {Period(PeriodKind(kind), start, end) for kind, start, end in rows}
    return sorted(periods, key=lambda p: (-p.end.toordinal(), p.start.toordinal(), p.kind.rank))


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def same_period_last_year(period: Period) -> Period | None:
    """The same period a year earlier: Q3 2015/16 → Q3 2014/15, 2019-20 → 2018-19, Oct 2019 →
    Oct 2018, a week → the week 52 weeks earlier (the same weekday), a day → the same day a year
    earlier (28 February for 29 February). None when there is none in the supported range."""
    try:
        if period.kind is PeriodKind.FINANCIAL_YEAR:
            return Period.financial_year(period.start.year - 1)
        if period.kind is PeriodKind.QUARTER:
            return Period.quarter(period.fy_start_year - 1, period.quarter_number)
        if period.kind is PeriodKind.MONTH:
            return Period.month(period.start.year - 1, period.start.month)
        if period.kind is PeriodKind.WEEK:
            return Period.week_commencing(period.start - timedelta(weeks=52))
        if period.kind is PeriodKind.DATE:
            return Period.on(_year_earlier(period.start))
        # Any other kind of period: the same dates a year earlier, if they make one.
        start = _year_earlier(period.start)
        end = _year_earlier(period.end + timedelta(days=1)) - timedelta(days=1)
        return Period(period.kind, start, end)
    except (ValueError, OverflowError):
        return None


def format_change(indicator: Indicator, amount: Decimal | None, *, words: bool = False) -> str:
    """A change with its sign, in the indicator's unit: "+2.5 percentage points", "−£1.2m",
    "+12 days", "No change"; with ``words``, "Up 2.5 percentage points", "Down £1.2m" (for
    files, where a leading sign would be taken for a formula). Percentages change in percentage
    points. ``None`` gives ""."""
    if amount is None:
        return ""
    decimals = max(0, min(int(indicator.decimals), 6))
    size = abs(Decimal(amount))
    if size.is_zero() or (indicator.unit != Unit.MONEY and _rounded(size, decimals).is_zero()):
        return "No change"
    signs = ("Up ", "Down ") if words else ("+", "\u2212")
    sign = signs[0] if amount > 0 else signs[1]
    if indicator.unit == Unit.PERCENT:
        number = _rounded(size, decimals)
        return f"{sign}{number:,.{decimals}f} percentage point" + ("" if number == 1 else "s")
    return sign + format_value(indicator, size)


@dataclass
class ComparisonRow:
    """One indicator as at two periods: ``current`` (as at) and ``compared`` (compared with),
    each a row of :func:`build_scorecard` for its period."""

    indicator: Indicator
    current: ScorecardRow
    compared: ScorecardRow
    position: int = 0

    @property
    def rag(self) -> RAG:
        """The as-at rating: what filtering and sorting go by."""
        return self.current.rag

    @property
    def is_illustrative(self) -> bool:
        return self.current.is_illustrative or self.compared.is_illustrative

    @property
    def has_data(self) -> bool:
        return self.current.has_data or self.compared.has_data

    @property
    def same_value(self) -> bool:
        """Both sides show the same recorded value: nothing newer was recorded in between."""
        return (
            self.current.latest is not None
            and self.compared.latest is not None
            and self.current.latest.pk == self.compared.latest.pk
        )

    @property
    def series_break(self) -> Break | None:
        """The break in series between the compared value and the as-at value, if one falls between them."""
        if self.same_value:
            return None
        return series_break_between(self.indicator, self.compared.latest, self.current.latest)

    @property
    def break_text(self) -> str:
        return break_text(self.series_break)

    @property
    def direction_text(self) -> str:
        return direction_text(self.direction, self.series_break)

    @property
    def change(self) -> Decimal | None:
        """The as-at value less the compared value; None when either is missing, they are the same
        value, or a break in series falls between them."""
        if self.current.latest is None or self.compared.latest is None or self.same_value:
            return None
        if self.series_break is not None:
            return None
        return self.current.latest.value - self.compared.latest.value

    @property
    def change_text(self) -> str:
        return format_change(self.indicator, self.change)

    @property
    def travel(self) -> Travel:
        """From the compared value to the as-at value, judged with the indicator's polarity."""
        if self.change is None:
            return travel(None, None, Polarity.NEITHER)
        return travel(self.compared.latest.value, self.current.latest.value, Polarity(self.indicator.polarity))

    @property
    def direction(self) -> Direction:
        return self.travel.direction

    @property
    def through(self) -> tuple[Element, ...]:
        """As the as-at row: the elements it comes through the crosswalk by, if any."""
        return self.current.through

    @property
    def through_text(self) -> str:
        return self.current.through_text


@dataclass
class Comparison(_Tables):
    """Two scorecards side by side: ``groups`` hold :class:`ComparisonRow` rows (in
    :class:`ScorecardGroup` tables), so :func:`filter_scorecard` and :func:`rag_counts` work on it."""

    organisation: Any
    groups: list[ScorecardGroup]
    current: Scorecard
    compared: Scorecard
    indicator_group: IndicatorGroup | None = None
    #: Set by :func:`filter_scorecard` when the comparison it filtered had illustrative figures.
    marks_sources: bool = False

    @property
    def period(self) -> Period | None:
        return self.current.period

    @property
    def compared_period(self) -> Period | None:
        return self.compared.period


def compare_scorecards(current: Scorecard, compared: Scorecard) -> Comparison:
    """Pair each indicator's row of ``current`` with its row of ``compared``.

    The tables and their order are the later scorecard's: an indicator with a value by the
    earlier period's end has one by the later period's end too, so it holds every indicator of
    both. An indicator with no value as at one side gets an empty row there ("No data").
    """
    if current.organisation != compared.organisation:
        raise ValueError("Both scorecards must be of the same organisation")

    def end(scorecard: Scorecard) -> date:
        return scorecard.period.end if scorecard.period is not None else date.max

    later = current if end(current) >= end(compared) else compared
    current_rows = {row.indicator.pk: row for row in current.rows}
    compared_rows = {row.indicator.pk: row for row in compared.rows}
    groups = []
    for group in later.groups:
        rows = [
            ComparisonRow(
                indicator=row.indicator,
                current=current_rows.get(row.indicator.pk) or ScorecardRow(row.indicator, position=row.position),
                compared=compared_rows.get(row.indicator.pk) or ScorecardRow(row.indicator, position=row.position),
                position=row.position,
            )
            for row in group.rows
        ]
        groups.append(replace(group, rows=rows))
    return Comparison(
        organisation=current.organisation,
        groups=groups,
        current=current,
        compared=compared,
        indicator_group=later.indicator_group,
    )


def build_comparison(
    organisation,
    as_at: Period | None,
    compare: Period,
    *,
    group: IndicatorGroup | int | str | None = None,
    framework: Framework | int | str | None = None,
) -> Comparison:
    """The scorecard as at ``as_at`` (None: the latest values) beside the scorecard as at
    ``compare``, both from one reading of the data (:func:`build_scorecards`): six queries at most."""
    current, compared = build_scorecards(organisation, [as_at, compare], group=group, framework=framework)
    return compare_scorecards(current, compared)


# ----- filtering, sorting and summaries --------------------------------------------------


def _rag_order(row: ScorecardRow) -> tuple:
    return (-row.rag.severity if row.rag.is_rated else 1, row.position)


_SORT_KEYS = {
    "group": lambda row: row.position,
    "rag": _rag_order,
    "title": lambda row: (row.indicator.title.casefold(), row.indicator.code),
}


def filter_scorecard(
    scorecard: Scorecard, *, rags: Iterable[RAG | str] = (), search: str = "", sort: str = "group"
) -> Scorecard:
    """A copy keeping the rows that match, sorted within each group; groups left empty are dropped.

    ``rags``: keep rows with one of these ratings (empty keeps all). ``search``: text found in
    the indicator's code or title, ignoring case. ``sort``: one of :data:`SORTS`.
    """
    wanted = {RAG(rag) for rag in rags}
    needle = " ".join(search.split()).casefold()
    sort_key = _SORT_KEYS.get(sort, _SORT_KEYS["group"])
    groups = []
    for group in scorecard.groups:
        rows = [
            row
            for row in group.rows
            if (not wanted or row.rag in wanted)
            and (not needle or needle in row.indicator.code.casefold() or needle in row.indicator.title.casefold())
        ]
        if rows:
            groups.append(replace(group, rows=sorted(rows, key=sort_key)))
    # Whether rows say "Real" or "Illustrative" is decided on the whole scorecard, so a search
    # that keeps only real rows still tags them.
    return replace(scorecard, groups=groups, marks_sources=scorecard.shows_sources)


def rag_counts(scorecard: Scorecard) -> dict[RAG, int]:
    """How many rows are red, amber, green and not rated, in that order."""
    counts = dict.fromkeys((RAG.RED, RAG.AMBER, RAG.GREEN, RAG.NONE), 0)
    for row in scorecard.rows:
        counts[row.rag] += 1
    return counts


def _relative_change(row: ScorecardRow) -> Decimal:
    change = abs(row.travel.change or Decimal(0))
    previous = abs(row.previous.value) if row.previous else Decimal(0)
    return change / previous if previous else change


def worst_moving(scorecard: Scorecard, n: int = 3) -> list[ScorecardRow]:
    """Up to ``n`` rows whose direction of travel is worsening: red before amber before green
    (before not rated), and within a rating the largest change relative to the previous value."""
    worsening = [row for row in scorecard.rows if row.direction is Direction.WORSENING]
    worsening.sort(key=lambda row: (-row.rag.severity, -_relative_change(row), row.indicator.title.casefold()))
    return worsening[: max(0, n)]
