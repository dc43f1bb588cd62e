"""Demo performance data: Harrow's and Herefordshire's published figures, plus illustrative benchmarking.

The figures come from three public council documents, written here as data so that nothing
depends on the documents themselves:

* Harrow's independent assurance review of March 2016 (a Towards Excellence in Adult Social
  Care self-assessment), which quotes the board scorecard at quarter 3 of 2015/16. Those figures
  are stored at their real period, Q3 2015/16 (in-year, so provisional), not as the full year;
  its learning disability employment figure is the 2014/15 year's, as the review says.
* Harrow's December 2019 committee report on the Resilient Harrow programme: a KPI table with
  a March 2019 baseline, a target direction and the October 2019 position, and the reablement
  effectiveness figures for March 2018 and March 2019.
* Herefordshire's peer challenge feedback letter of July 2014, which gives a few figures about
  its Advice and Referral Team and direct payments.

Then every council gets illustrative (made-up, clearly flagged) values for ten ASCOF measures,
for benchmarking (:mod:`ascent.indicators.illustrative`), never for a council's period that has
a real value nor after its latest real one, and placed so that the real figures stand among
the made-up ones where the councils' papers put them.

Running it again adds nothing twice, and corrects data an earlier version loaded: a figure
once stored at the wrong period (Harrow's Q3 2015/16 figures were stored as 2015-16) is moved
to its real period, and the illustrative values are brought into line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from ascent.core.periods import parse_period
from ascent.core.rag import Comparison, DesiredChange, Polarity, TargetKind
from ascent.frameworks.crosswalk import load_shipped_crosswalk
from ascent.frameworks.loading import load_shipped_frameworks
from ascent.organisations.demo import DemoDataError
from ascent.organisations.models import Organisation

from .comparators import sync_builtin_groups
from .illustrative import load_illustrative_data
from .library import load_indicator_library
from .models import Frequency, Indicator, IndicatorGroup, IndicatorGroupItem, Observation, Target, Unit

HARROW = "E09000015"
HEREFORDSHIRE = "E06000019"

PROVISIONAL = Observation.Status.PROVISIONAL
FINAL = Observation.Status.FINAL


@dataclass(frozen=True)
class LocalIndicator:
    code: str
    title: str
    definition: str
    unit: str
    polarity: str
    decimals: int
    frequency: str
    source: str


@dataclass(frozen=True)
class Figure:
    """One value as a council document gives it."""

    code: str
    period: str
    value: str
    status: str = FINAL
    #: The period an earlier version of the demo stored this figure at, if it was wrong.
    was: str = ""


@dataclass(frozen=True)
class TargetSpec:
    code: str
    period: str
    kind: str
    comparison: str = ""
    value: str | None = None
    change: str = ""
    baseline_value: str | None = None
    baseline_label: str = ""
    note: str = ""
    tolerance: str | None = None


@dataclass(frozen=True)
class CouncilData:
    gss_code: str
    local_indicators: list[LocalIndicator] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    targets: list[TargetSpec] = field(default_factory=list)
    #: Group name → (description, indicator codes in order).
    groups: dict[str, tuple[str, list[str]]] = field(default_factory=dict)


# ----- Harrow -------------------------------------------------------------------------------

SCORECARD = "Adult social care monthly scorecard"
RESILIENT_HARROW = "Resilient Harrow programme KPIs"
REVIEW_2016 = "Harrow adult social care scorecard, quoted in the March 2016 assurance review"
RH_SOURCE = "Resilient Harrow programme board, reported to committee in December 2019"
BASELINE_LABEL = "Mar '19"
#: The quarter the 2016 review's scorecard figures are for.
Q3_2015 = "Q3 2015/16"

DEMO_TARGET_NOTE = "Demonstration target, made up for the demo"
#: (indicator, year, at least, amber tolerance): for the year of Harrow's latest value of each,
#: and set so as not to contradict the review (which calls the first three strong).
DEMO_ASCOF_TARGETS = [
    ("ASCOF-1C1A", "2015-16", "80", "5"),
    ("ASCOF-1C2A", "2015-16", "40", "5"),
    ("ASCOF-1E", "2014-15", "12", "2"),
    ("ASCOF-1G", "2018-19", "80", "5"),
    ("ASCOF-2B1", "2018-19", "90", "3"),
]

HARROW_LOCAL = [
    LocalIndicator(
        "HAR-REV12",
        "People with long-term support reviewed in the last 12 months",
        "The percentage of people getting long-term support whose care and support was reviewed within "
        "the last 12 months. Numerator: people reviewed in time; denominator: everyone in long-term support.",
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        0,
        Frequency.ANNUAL,
        REVIEW_2016,
    ),
    LocalIndicator(
        "HAR-SICK",
        "Sickness absence in adult services (days per employee)",
        "The average number of working days lost to sickness per member of staff in adult services over "
        "the last 12 months.",
        Unit.DAYS,
        Polarity.LOWER_IS_BETTER,
        1,
        Frequency.ANNUAL,
        REVIEW_2016,
    ),
    LocalIndicator(
        "HAR-RH-NEWLTS",
        "New long-term service users each week (community route)",
        "The average number of people starting long-term support each week after coming to the council "
        "through the community (not from hospital). The Three Conversations project aims to keep it level "
        "or bring it down.",
        Unit.COUNT,
        Polarity.LOWER_IS_BETTER,
        1,
        Frequency.MONTHLY,
        RH_SOURCE,
    ),
    LocalIndicator(
        "HAR-RH-DTOC-ALL",
        "Delayed transfers of care from hospital, all causes",
        "Delayed days for Harrow residents waiting to leave hospital, whatever the cause, per 100,000 "
        "population, as the hospital discharge project reports them each month.",
        Unit.PER_100K,
        Polarity.LOWER_IS_BETTER,
        1,
        Frequency.MONTHLY,
        RH_SOURCE,
    ),
    LocalIndicator(
        "HAR-RH-DTOC-ASC",
        "Delayed transfers of care from hospital caused by social care",
        "Delayed days attributed to adult social care, per 100,000 population, each month.",
        Unit.PER_100K,
        Polarity.LOWER_IS_BETTER,
        1,
        Frequency.MONTHLY,
        RH_SOURCE,
    ),
    LocalIndicator(
        "HAR-RH-DTOC-JOINT",
        "Delayed transfers of care from hospital with joint causes",
        "Delayed days attributed jointly to the NHS and adult social care, per 100,000 population, each month.",
        Unit.PER_100K,
        Polarity.LOWER_IS_BETTER,
        1,
        Frequency.MONTHLY,
        RH_SOURCE,
    ),
    LocalIndicator(
        "HAR-RH-REAB-COVER",
        "Older people given reablement or rehabilitation after hospital",
        "The percentage of older people leaving hospital who get reablement or rehabilitation. Harrow used "
        "to offer reablement to everyone leaving hospital; the programme aims to target it at the people "
        "most likely to benefit, so a lower figure is the aim here.",
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        1,
        Frequency.MONTHLY,
        RH_SOURCE,
    ),
    LocalIndicator(
        "HAR-RH-REAB-OUTCOME",
        "People who need no long-term support after reablement",
        "The percentage of people finishing six weeks of reablement, from any age group and referral route, "
        "who then need no ongoing care package.",
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        0,
        Frequency.MONTHLY,
        RH_SOURCE,
    ),
]

#: (code, baseline in March 2019, target wording, October 2019) as the KPI table gives them.
RESILIENT_HARROW_KPIS = [
    ("HAR-RH-NEWLTS", "7.2", "Maintain or Lower", "5.7"),
    ("HAR-RH-DTOC-ALL", "7.8", "Lower", "5.5"),
    ("HAR-RH-DTOC-ASC", "2.1", "Lower", "1.7"),
    ("HAR-RH-DTOC-JOINT", "0.3", "Lower", "0.2"),
    ("HAR-RH-REAB-COVER", "7.1", "Lower", "3.9"),
    ("HAR-RH-REAB-OUTCOME", "59", "Increase", "75"),
]

HARROW_DATA = CouncilData(
    HARROW,
    local_indicators=HARROW_LOCAL,
    figures=[
        # The assurance review's performance figures are "based on Q3 2015/16 data": in-year
        # figures for that quarter, so provisional. (Earlier demos stored them as the full year.)
        Figure("ASCOF-1C1A", Q3_2015, "83", PROVISIONAL, was="2015-16"),
        Figure("ASCOF-1C2A", Q3_2015, "44", PROVISIONAL, was="2015-16"),
        Figure("ASCOF-1C1B", Q3_2015, "100", PROVISIONAL, was="2015-16"),
        Figure("ASCOF-1C2B", Q3_2015, "100", PROVISIONAL, was="2015-16"),
        # "14% ..., the second highest in London in 14/15": the 2014/15 year.
        Figure("ASCOF-1E", "2014-15", "14"),
        Figure("ASCOF-1F", Q3_2015, "6.4", PROVISIONAL, was="2015-16"),
        Figure("HAR-REV12", Q3_2015, "81", PROVISIONAL, was="2015-16"),
        # Sickness absence "at 8.5 days" during 2015/16, in the same review: the same quarter.
        Figure("HAR-SICK", Q3_2015, "8.5", PROVISIONAL, was="2015-16"),
        # The December 2019 report: still at home 91 days after reablement, March 2018 and March 2019.
        Figure("ASCOF-2B1", "2017-18", "75.7"),
        Figure("ASCOF-2B1", "2018-19", "93.1"),
        *[
            figure
            for code, baseline, _wording, latest in RESILIENT_HARROW_KPIS
            for figure in (Figure(code, "Mar 2019", baseline), Figure(code, "Oct 2019", latest))
        ],
    ],
    targets=[
        TargetSpec(
            "HAR-REV12",
            "2015-16",
            TargetKind.THRESHOLD,
            comparison=Comparison.AT_LEAST,
            value="90",
            note="End-of-year target",
        ),
        # Made-up targets for the latest illustrative year, so that the demo scorecard and the
        # indicator charts show ratings and a target line. Each says so in its note.
        *[
            TargetSpec(
                code,
                year,
                TargetKind.THRESHOLD,
                comparison=Comparison.AT_LEAST,
                value=value,
                tolerance=tolerance,
                note=DEMO_TARGET_NOTE,
            )
            for code, year, value, tolerance in DEMO_ASCOF_TARGETS
        ],
        *[
            TargetSpec(
                code,
                "2019-20",
                TargetKind.DIRECTION,
                change=DesiredChange.from_text(wording).value,
                baseline_value=baseline,
                baseline_label=BASELINE_LABEL,
                note="Against the position before the programme began",
            )
            for code, baseline, wording, _latest in RESILIENT_HARROW_KPIS
        ],
    ],
    groups={
        SCORECARD: (
            "The measures the adult social care scorecard reports to the monthly performance meeting.",
            [
                "ASCOF-1C1A",
                "ASCOF-1C2A",
                "ASCOF-1C1B",
                "ASCOF-1C2B",
                "HAR-REV12",
                "ASCOF-1E",
                "ASCOF-1F",
                "ASCOF-2B1",
                "HAR-SICK",
            ],
        ),
        RESILIENT_HARROW: (
            "Key performance indicators of the Resilient Harrow transformation programme.",
            [code for code, *_rest in RESILIENT_HARROW_KPIS],
        ),
    },
)

# ----- Herefordshire ------------------------------------------------------------------------

PEER_CHALLENGE = "Peer challenge figures (June 2014)"
PEER_SOURCE = "Stated to the West Midlands ADASS peer challenge team, June 2014"

HEREFORDSHIRE_DATA = CouncilData(
    HEREFORDSHIRE,
    local_indicators=[
        LocalIndicator(
            "HER-ART-CALLS",
            "Calls to the Advice and Referral Team each month",
            "The average number of calls the Advice and Referral Team receives in a month. The figure "
            "given locally (320) differed from the one in the data supplied to the peer team (over 500).",
            Unit.COUNT,
            Polarity.NEITHER,
            0,
            Frequency.MONTHLY,
            PEER_SOURCE,
        ),
        LocalIndicator(
            "HER-ART-VOICEMAIL",
            "Calls to the Advice and Referral Team reaching an answering machine",
            "The percentage of calls to the Advice and Referral Team that go to an answering machine instead "
            "of being answered in person.",
            Unit.PERCENT,
            Polarity.LOWER_IS_BETTER,
            0,
            Frequency.MONTHLY,
            PEER_SOURCE,
        ),
        LocalIndicator(
            "HER-DP-CLAWBACK",
            "Unspent direct payments recovered by the council",
            "The amount of unspent direct payment money the council took back from people in the year.",
            Unit.MONEY,
            Polarity.NEITHER,
            0,
            Frequency.ANNUAL,
            PEER_SOURCE,
        ),
    ],
    figures=[
        Figure("HER-ART-CALLS", "Jun 2014", "320", PROVISIONAL),
        Figure("HER-ART-VOICEMAIL", "Jun 2014", "25", PROVISIONAL),
        Figure("HER-DP-CLAWBACK", "2013-14", "929000"),
    ],
    groups={
        PEER_CHALLENGE: (
            "Figures the council gave the West Midlands ADASS peer challenge in June 2014.",
            ["HER-ART-CALLS", "HER-ART-VOICEMAIL", "HER-DP-CLAWBACK"],
        ),
    },
)

COUNCILS = [HARROW_DATA, HEREFORDSHIRE_DATA]


# ----- loading ------------------------------------------------------------------------------


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    #: Figures an earlier demo stored at the wrong period, moved to their real one.
    moved: int = 0

    def count(self, created: bool, changed: bool) -> None:
        if created:
            self.added += 1
        elif changed:
            self.updated += 1


def _save(model_object, values: dict, created: bool) -> bool:
    """Set ``values`` on the object and save it if new or changed; True if anything changed."""
    changed = [name for name, value in values.items() if getattr(model_object, name) != value]
    if not created and not changed:
        return False
    for name in changed:
        setattr(model_object, name, values[name])
    model_object.save()
    return True


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _load_indicators(organisation, data: CouncilData, counts: Counts) -> dict[str, Indicator]:
    existing = {i.code: i for i in Indicator.objects.filter(organisation=organisation)}
    for spec in data.local_indicators:
        indicator = existing.get(spec.code)
        created = indicator is None
        if created:
            indicator = Indicator(organisation=organisation, code=spec.code)
        values = {
            "title": spec.title,
            "definition": spec.definition,
            "unit": str(spec.unit),
            "polarity": str(spec.polarity),
            "decimals": spec.decimals,
            "frequency": str(spec.frequency),
            "source": spec.source,
        }
        counts.count(created, _save(indicator, values, created))
        existing[spec.code] = indicator
    national = {i.code: i for i in Indicator.objects.filter(organisation__isnull=True)}
    return {**national, **existing}


def _indicator(indicators: dict[str, Indicator], code: str) -> Indicator:
    try:
        return indicators[code]
    except KeyError:
        raise DemoDataError(f"The demo data needs indicator {code}: load the indicator library first") from None


def _move_misplaced(figure: Figure, indicator: Indicator, period, existing: dict) -> bool:
    """Move a figure an earlier demo stored at the wrong period to its real one.

    Only the demo's own real value is moved (same value, not illustrative); if the real period
    already has a value, the misplaced one is removed instead. History records either change.
    """
    old_code = parse_period(figure.was).code
    misplaced = existing.get((indicator.pk, old_code))
    if misplaced is None or misplaced.is_illustrative or misplaced.value != Decimal(figure.value):
        return False
    del existing[(indicator.pk, old_code)]
    misplaced._change_reason = f"Demo data: moved from {misplaced.period.label} to its real period, {period.label}"
    if (indicator.pk, period.code) in existing:
        misplaced.delete()
        return True
    misplaced.set_period(period)
    misplaced.save()
    existing[(indicator.pk, period.code)] = misplaced
    return True


def _load_figures(organisation, data: CouncilData, indicators: dict[str, Indicator], counts: Counts) -> None:
    existing = {(o.indicator_id, o.period_code): o for o in Observation.objects.filter(organisation=organisation)}
    for figure in data.figures:
        indicator = _indicator(indicators, figure.code)
        period = parse_period(figure.period)
        if figure.was and _move_misplaced(figure, indicator, period, existing):
            counts.moved += 1
        observation = existing.get((indicator.pk, period.code))
        created = observation is None
        if created:
            observation = Observation(organisation=organisation, indicator=indicator)
            observation.set_period(period)
        values = {
            "value": Decimal(figure.value),
            "numerator": None,
            "denominator": None,
            "status": str(figure.status),
            "is_illustrative": False,
        }
        counts.count(created, _save(observation, values, created))


def _load_targets(organisation, data: CouncilData, indicators: dict[str, Indicator], counts: Counts) -> None:
    existing = {(t.indicator_id, t.period_code): t for t in Target.objects.filter(organisation=organisation)}
    wanted = {(_indicator(indicators, spec.code).pk, parse_period(spec.period).code) for spec in data.targets}
    for key, target in list(existing.items()):
        # A made-up target an earlier demo set for a year the demo no longer rates.
        if target.note == DEMO_TARGET_NOTE and key not in wanted:
            target._change_reason = "Demo data: made-up target moved to the year of the latest value"
            target.delete()
            del existing[key]
    for spec in data.targets:
        indicator = _indicator(indicators, spec.code)
        period = parse_period(spec.period)
        target = existing.get((indicator.pk, period.code))
        created = target is None
        if created:
            target = Target(organisation=organisation, indicator=indicator)
            target.set_period(period)
        values = {
            "kind": str(spec.kind),
            "comparison": str(spec.comparison),
            "value": _decimal(spec.value),
            "change": str(spec.change),
            "baseline_value": _decimal(spec.baseline_value),
            "baseline_label": spec.baseline_label,
            "note": spec.note,
            "tolerance": _decimal(spec.tolerance),
        }
        Target(**values).rule()  # the pure rule refuses an inconsistent target before anything is saved
        counts.count(created, _save(target, values, created))


def _load_groups(organisation, data: CouncilData, indicators: dict[str, Indicator], counts: Counts) -> None:
    for name, (description, codes) in data.groups.items():
        group = IndicatorGroup.objects.filter(organisation=organisation, name=name).first()
        created = group is None
        if created:
            group = IndicatorGroup(organisation=organisation, name=name)
        counts.count(created, _save(group, {"description": description}, created))
        items = {item.indicator_id: item for item in IndicatorGroupItem.objects.filter(group=group)}
        for order, code in enumerate(codes, start=1):
            indicator = _indicator(indicators, code)
            item = items.get(indicator.pk)
            if item is None:
                IndicatorGroupItem.objects.create(group=group, indicator=indicator, order=order)
            elif item.order != order:
                item.order = order
                item.save(update_fields=["order"])


def _load_council(data: CouncilData, organisation) -> str:
    counts = {name: Counts() for name in ("indicators", "figures", "targets", "groups")}
    indicators = _load_indicators(organisation, data, counts["indicators"])
    _load_figures(organisation, data, indicators, counts["figures"])
    _load_targets(organisation, data, indicators, counts["targets"])
    _load_groups(organisation, data, indicators, counts["groups"])
    sizes = {
        "local indicator": (len(data.local_indicators), counts["indicators"]),
        "figure": (len(data.figures), counts["figures"]),
        "target": (len(data.targets), counts["targets"]),
        "indicator group": (len(data.groups), counts["groups"]),
    }
    described = [
        f"{size} {name}{'' if size == 1 else 's'} ({done.added} added"
        + (f", {done.moved} moved to their real period" if done.moved else "")
        + ")"
        for name, (size, done) in sizes.items()
        if size
    ]
    return f"{organisation.name}: " + ", ".join(described)


@transaction.atomic
def load_demo_performance() -> str:
    """Load the demo councils' figures and the illustrative benchmarking set; returns a summary."""
    organisations = {o.gss_code: o for o in Organisation.objects.filter(gss_code__in=[c.gss_code for c in COUNCILS])}
    if len(organisations) != len(COUNCILS):
        raise DemoDataError("Load the reference data first: manage.py load_reference_data")
    # The library tags its measures with framework elements: the shipped frameworks first, as
    # `make setup` loads them (idempotent, so the demo also runs on its own).
    load_shipped_frameworks()
    load_shipped_crosswalk()
    load_indicator_library()
    sync_builtin_groups()
    parts = [_load_council(data, organisations[data.gss_code]) for data in COUNCILS]
    try:
        illustrative = load_illustrative_data()
    except LookupError as error:
        raise DemoDataError(str(error)) from error
    councils = Organisation.objects.count()
    parts.append(f"illustrative benchmarking values for {councils} councils ({illustrative})")
    return "; ".join(parts)
