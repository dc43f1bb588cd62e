"""Illustrative benchmarking data: made-up ASCOF values for every council, for demonstrations.

Benchmarking needs figures for every council, and the demo ships real figures only for Harrow
and Herefordshire. This module makes up plausible values for ten ASCOF measures with clear
units, for every council and the five financial years 2014-15 to 2018-19, so that rankings,
quartiles, group medians and the England figure have something to work on.

Every value is stored with ``is_illustrative=True``; the pages label such figures as
illustrative, not official statistics. The numbers are NOT estimates of any council's real
performance.

How the values are made
-----------------------
* Deterministic: each council and measure has its own ``random.Random`` seeded with the
  council's GSS code and the measure's code, so the same council always gets the same values,
  whichever other councils exist.
* Plausible: each measure has a typical level, a council-to-council spread, a gentle yearly
  trend and a floor and ceiling (:data:`MEASURES`).
* Persistent: a council's values stay near its own level from year to year (a council-level
  effect plus a smaller yearly wobble).
* Aggregatable: every value has a numerator and a denominator of a realistic size (clients,
  survey respondents or population), and the value is worked out from them, so England and
  group figures can be summed exactly.
* Real values are never shadowed: a council's real (not illustrative) values may be of any
  period (a year, or an in-year quarter or month such as Harrow's Q3 2015/16 figures). No
  illustrative value is made for a financial year that contains a real value of the same
  council and measure, nor for any year after its latest real value, so a made-up figure
  never stands in for a real one nor becomes the "latest" value that hides it. The other
  (earlier) years are kept, shifted to run through the real values (so Harrow's earlier
  illustrative years sit near its real figures).
* Real values sit where the councils' papers put them: :data:`STANDINGS` lists what a paper
  says about a real value's position among councils of its type ("the second highest in
  London" is rank 2; a figure the paper lists among its strong areas is in the top quarter).
  The other councils of that type are moved so the real value has that rank (for a quarter:
  the rank nearest its natural one that lies in the quarter), with the same move applied to
  each of their years so their series stay smooth; councils of other types in the same
  region (the City of London) are kept below it. The other councils keep their order among
  themselves: those placed above the real value are the best of them.
* Idempotent and self-correcting: running it again adds nothing, and brings illustrative
  values stored by an earlier version into line (changed values are updated, shadowing ones
  removed), each change recorded in the value's history. Real values are never touched.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ascent.core.fields import PeriodColumns
from ascent.core.periods import Period, financial_year_start_year
from ascent.organisations.models import CouncilType, Organisation

from .models import Indicator, Observation

#: The financial years made up (by the calendar year each starts in): 2014-15 to 2018-19.
YEARS = tuple(range(2014, 2019))
HARROW = "E09000015"
CHANGE_REASON = "Illustrative demonstration data (not official statistics)"


@dataclass(frozen=True)
class Measure:
    """How to make up one measure's values.

    ``base`` names the count the value is a share or a rate of; ``per`` is 100 for a
    percentage and 100,000 for a rate per 100,000 population. ``mean`` is a typical council's
    value in the first year, ``spread`` the council-to-council standard deviation and ``trend``
    the typical change per year; values stay between ``low`` and ``high``. ``higher_is_better``
    follows the indicator's polarity (placing a council at a rank needs it).
    """

    code: str
    base: str
    mean: float
    spread: float
    trend: float
    low: float
    high: float
    per: int = 100
    higher_is_better: bool = True


MEASURES: tuple[Measure, ...] = (
    Measure("ASCOF-1C1A", "community_clients", 84.0, 8.0, 0.8, 45.0, 100.0),
    Measure("ASCOF-1C2A", "community_clients", 26.0, 7.0, 0.5, 8.0, 55.0),
    Measure("ASCOF-1E", "ld_clients", 6.0, 3.0, -0.1, 0.5, 20.0),
    Measure("ASCOF-1G", "ld_clients", 74.0, 9.0, 0.6, 40.0, 95.0),
    Measure("ASCOF-2A1", "population_18_64", 14.0, 5.0, -0.2, 2.0, 40.0, per=100_000, higher_is_better=False),
    Measure("ASCOF-2A2", "population_65_plus", 650.0, 150.0, -12.0, 250.0, 1200.0, per=100_000, higher_is_better=False),
    Measure("ASCOF-2B1", "reablement_discharges", 82.0, 6.0, 0.2, 55.0, 99.0),
    Measure("ASCOF-2D", "short_term_clients", 76.0, 11.0, 0.5, 35.0, 99.0),
    Measure("ASCOF-3A", "survey_respondents", 64.5, 4.0, 0.0, 50.0, 80.0),
    Measure("ASCOF-4A", "survey_respondents", 69.0, 3.5, 0.3, 56.0, 82.0),
)
MEASURE_CODES = tuple(measure.code for measure in MEASURES)

#: Adults (18 and over) living in a council's area, by type: the range the made-up size is drawn from.
ADULTS_BY_TYPE = {
    CouncilType.LONDON_BOROUGH: (150_000, 300_000),
    CouncilType.METROPOLITAN: (140_000, 850_000),
    CouncilType.UNITARY: (70_000, 450_000),
    CouncilType.COUNTY: (400_000, 1_200_000),
    CouncilType.SUI_GENERIS: (1_500, 9_000),
}

#: Where a council's papers describe its position, lean its made-up level that way (in standard
#: deviations). Harrow's 2016 assurance review found younger adults' care home admissions higher
#: than comparators, older people's admissions good, and reablement outcomes well below comparators.
LEANINGS = {HARROW: {"ASCOF-2A1": 1.3, "ASCOF-2A2": -0.9, "ASCOF-2D": -1.6}}


@dataclass(frozen=True)
class Standing:
    """Where a council's paper puts one of its real values among councils of its type.

    Give either ``rank`` (1 = best) or ``quartile`` (1 = the best quarter). ``year`` is the
    financial year (by its start) of the councils' values the real value is compared with: an
    in-year real value is compared with the other councils' values for the year containing it.
    """

    code: str
    year: int
    gss_code: str
    rank: int | None = None
    quartile: int | None = None
    why: str = ""


#: What Harrow's March 2016 assurance review says about its real figures.
STANDINGS = (
    Standing("ASCOF-1E", 2014, HARROW, rank=2, why="14%, the second highest in London in 2014/15"),
    Standing("ASCOF-1C1A", 2015, HARROW, quartile=1, why="83% at Q3 2015/16, listed among strong areas"),
    Standing("ASCOF-1C2A", 2015, HARROW, quartile=1, why="44% at Q3 2015/16, listed among strong areas"),
)

_TENTH = Decimal("0.1")


class Cell:
    """One made-up value: a numerator and a denominator, the value worked out from them."""

    __slots__ = ("denominator", "numerator", "per")

    def __init__(self, denominator: int, per: int, target: float):
        self.denominator = denominator
        self.per = per
        self.set_value(target)

    def set_value(self, target: float) -> None:
        numerator = round(self.denominator * target / self.per)
        if self.per == 100:
            numerator = min(numerator, self.denominator)
        self.numerator = max(numerator, 0)

    def can_move(self, step: int) -> bool:
        """Whether the numerator can change by ``step`` and stay a possible count."""
        moved = self.numerator + step
        return moved >= 0 and (self.per != 100 or moved <= self.denominator)

    @property
    def value(self) -> Decimal:
        exact = Decimal(self.numerator) * self.per / Decimal(self.denominator)
        return exact.quantize(_TENTH, rounding=ROUND_HALF_UP)


def _sizes(gss_code: str, council_type: str) -> dict[str, list[int]]:
    """The made-up counts a council's values are shares or rates of, year by year."""
    rng = random.Random(f"sizes:{gss_code}")  # noqa: S311 - made-up demo figures, not security
    low, high = ADULTS_BY_TYPE.get(council_type, ADULTS_BY_TYPE[CouncilType.UNITARY])
    adults = rng.uniform(low, high)
    older_share = rng.uniform(0.11, 0.18) if council_type == CouncilType.LONDON_BOROUGH else rng.uniform(0.17, 0.30)
    rates = {
        "community_clients": rng.uniform(0.0045, 0.0085),
        "ld_clients": rng.uniform(0.0028, 0.0042),
        "reablement_discharges": rng.uniform(0.003, 0.008),
        "short_term_clients": rng.uniform(0.010, 0.030),
    }
    respondents = rng.uniform(250, 650)
    sizes: dict[str, list[int]] = defaultdict(list)
    for index in range(len(YEARS)):
        growth = 1.007**index
        older = adults * older_share * (1.02**index)
        younger = adults * (1 - older_share) * growth
        wobble = rng.uniform(0.95, 1.05)
        counts = {
            "population_18_64": younger,
            "population_65_plus": older,
            "community_clients": adults * growth * rates["community_clients"] * wobble,
            "ld_clients": younger * rates["ld_clients"] * wobble,
            "reablement_discharges": older * rates["reablement_discharges"] * wobble,
            "short_term_clients": older * rates["short_term_clients"] * wobble,
        }
        counts["survey_respondents"] = min(respondents * wobble, counts["community_clients"] * 0.6)
        for name, count in counts.items():
            sizes[name].append(max(round(count), 5))
    return sizes


def _series(gss_code: str, measure: Measure) -> list[float]:
    """A council's made-up level for ``measure`` in each year, before rounding to counts."""
    rng = random.Random(f"{measure.code}:{gss_code}")  # noqa: S311 - made-up demo figures, not security
    lean = LEANINGS.get(gss_code, {}).get(measure.code)
    council_effect = lean if lean is not None else rng.gauss(0, 1)
    return [
        measure.mean + measure.trend * index + measure.spread * (0.9 * council_effect + 0.35 * rng.gauss(0, 1))
        for index in range(len(YEARS))
    ]


def _clip(value: float, measure: Measure) -> float:
    return min(max(value, measure.low), measure.high)


def _council(entry: tuple) -> tuple[str, str, str]:
    """(GSS code, council type, region code); the region is optional."""
    return (entry[0], entry[1], entry[2] if len(entry) > 2 else "")


def generate(
    councils: list[tuple], real: dict[tuple[str, str, int], Decimal] | None = None
) -> dict[tuple[str, str, int], Cell]:
    """Made-up values for ``councils`` (GSS code, council type and optionally region code),
    keyed (GSS code, measure code, year).

    ``real`` holds real values already known, keyed the same way (an in-year value under the
    year containing it): each council's series is shifted to run through its real values, and
    :data:`STANDINGS` are honoured. The result still has cells for every key; the caller must
    not store those :func:`shadowed` by real values.
    """
    real = real or {}
    entries = sorted(_council(entry) for entry in councils)
    cells: dict[tuple[str, str, int], Cell] = {}
    for gss_code, council_type, _region in entries:
        sizes = _sizes(gss_code, council_type)
        for measure in MEASURES:
            levels = _series(gss_code, measure)
            anchors = [
                float(real[(gss_code, measure.code, year)]) - levels[index]
                for index, year in enumerate(YEARS)
                if (gss_code, measure.code, year) in real
            ]
            shift = sum(anchors) / len(anchors) if anchors else 0.0
            for index, year in enumerate(YEARS):
                target = _clip(levels[index] + shift, measure)
                cells[(gss_code, measure.code, year)] = Cell(sizes[measure.base][index], measure.per, target)
        _keep_direct_payments_within_self_directed(cells, gss_code)
    types = {gss: kind for gss, kind, _region in entries}
    regions = {gss: region for gss, _kind, region in entries}
    for standing in STANDINGS:
        anchor = real.get((standing.gss_code, standing.code, standing.year))
        if anchor is not None and standing.gss_code in types:
            _place(cells, types, regions, standing, anchor)
    for gss_code in types:
        _keep_direct_payments_within_self_directed(cells, gss_code)
    return cells


def shadowed(years_with_real_values: set[int]) -> set[int]:
    """The illustrative years a council's real values rule out for one measure: every year that
    contains a real value, and every year after the latest one."""
    if not years_with_real_values:
        return set()
    last = max(years_with_real_values)
    return {year for year in YEARS if year in years_with_real_values or year > last}


def _keep_direct_payments_within_self_directed(cells: dict, gss_code: str) -> None:
    """People with a direct payment are among those with self-directed support: keep 1C2A below 1C1A."""
    for year in YEARS:
        self_directed = cells[(gss_code, "ASCOF-1C1A", year)]
        direct = cells[(gss_code, "ASCOF-1C2A", year)]
        if direct.value > self_directed.value:
            direct.set_value(float(self_directed.value) * 0.6)


def _quartile(rank: int, count: int) -> int:
    return 4 * (rank - 1) // count + 1


def _target_rank(standing: Standing, natural: int, count: int) -> int:
    """The rank to give the real value: the paper's rank, or the one nearest its natural rank
    that lies in the paper's quarter."""
    if standing.rank is not None:
        return min(max(standing.rank, 1), count)
    ranks = [rank for rank in range(1, count + 1) if _quartile(rank, count) == standing.quartile]
    return min(ranks, key=lambda rank: (abs(rank - natural), rank)) if ranks else natural


def _place(cells: dict, types: dict[str, str], regions: dict[str, str], standing: Standing, anchor: Decimal) -> None:
    """Move other councils' values so that ``anchor`` has the standing's rank among councils of its type.

    The councils already best placed are kept above the anchor (nudged past it if need be); the
    rest move down together, by the same amount, so that all are below it and keep their order.
    Each council's move is applied to every year of its series. Councils of another type in the
    same region are kept below the anchor too, so "in London" holds for the region as well.
    """
    measure = next(m for m in MEASURES if m.code == standing.code)
    sign = 1 if measure.higher_is_better else -1
    subject = standing.gss_code
    kind, region = types[subject], regions.get(subject, "")
    peers = sorted(gss for gss, other in types.items() if other == kind and gss != subject)
    outsiders = sorted(
        gss
        for gss, other in types.items()
        if region and regions.get(gss) == region and other != kind and gss != subject
    )

    def cell(gss: str) -> Cell:
        return cells[(gss, standing.code, standing.year)]

    before = {gss: cell(gss).value for gss in [*peers, *outsiders]}
    peers.sort(key=lambda gss: (-sign * cell(gss).value, gss))
    natural = 1 + sum(1 for gss in peers if sign * (cell(gss).value - anchor) > 0)
    rank = _target_rank(standing, natural, len(peers) + 1)
    better = peers[: rank - 1]
    worse = [*peers[rank - 1 :], *outsiders]
    margin = Decimal(str(measure.spread)) * Decimal("0.3")
    for gss in better:
        placed = cell(gss)
        if sign * (placed.value - anchor) <= 0:
            placed.set_value(_clip(float(anchor + sign * margin), measure))
        while sign * (placed.value - anchor) <= 0 and placed.can_move(sign):
            placed.numerator += sign
    if worse:
        limit = anchor - sign * margin
        closest = max((cell(gss).value for gss in worse), key=lambda value: sign * value)
        drop = max(Decimal(0), sign * (closest - limit))
        for gss in worse:
            placed = cell(gss)
            if drop:
                placed.set_value(_clip(float(placed.value - sign * drop), measure))
            while sign * (placed.value - anchor) >= 0 and placed.can_move(-sign):
                placed.numerator -= sign
    for gss, old in before.items():
        moved = float(cell(gss).value - old)
        if not moved:
            continue
        for year in YEARS:
            if year != standing.year:
                other = cells[(gss, standing.code, year)]
                other.set_value(_clip(float(other.value) + moved, measure))


@dataclass
class LoadResult:
    """What :func:`load_illustrative_data` did."""

    added: int = 0
    updated: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} corrected, {self.removed} removed"


def _real_values(rows) -> tuple[dict[tuple[str, str], set[int]], dict[tuple[str, str, int], Decimal]]:
    """Years holding real values per (council, measure), and the value for each year: the
    full-year value if there is one, otherwise the latest in-year one."""
    years: dict[tuple[str, str], set[int]] = defaultdict(set)
    best: dict[tuple[str, str, int], tuple[tuple, Decimal]] = {}
    for gss_code, code, period_kind, period_start, period_end, value in rows:
        year = financial_year_start_year(period_start)
        years[(gss_code, code)].add(year)
        rank = (period_kind == "financial_year", period_end)
        key = (gss_code, code, year)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, value)
    return years, {key: value for key, (_rank, value) in best.items()}


@transaction.atomic
def load_illustrative_data() -> LoadResult:
    """Store the made-up values, correct earlier ones and remove any a real value now shadows."""
    indicators = {i.code: i for i in Indicator.objects.filter(organisation__isnull=True, code__in=MEASURE_CODES)}
    missing = sorted(set(MEASURE_CODES) - set(indicators))
    if missing:
        raise LookupError(f"Load the indicator library first (manage.py load_indicators): no {', '.join(missing)}")
    organisations = list(
        Organisation.objects.order_by("gss_code").values_list("id", "gss_code", "council_type", "region__code")
    )
    by_id = {pk: gss_code for pk, gss_code, _kind, _region in organisations}
    code_of = {indicator.pk: code for code, indicator in indicators.items()}
    periods = {year: Period.financial_year(year) for year in YEARS}
    year_of = {period.code: year for year, period in periods.items()}
    observations = Observation.objects.filter(indicator_id__in=code_of, organisation_id__in=by_id)
    real_rows = observations.filter(is_illustrative=False).values_list(
        "organisation_id", "indicator_id", "period_kind", "period_start", "period_end", "value"
    )
    real_years, real = _real_values(
        (by_id[org], code_of[ind], kind, start, end, value) for org, ind, kind, start, end, value in real_rows
    )
    stored = {
        (by_id[o.organisation_id], code_of[o.indicator_id], year_of[o.period_code]): o
        for o in observations.filter(is_illustrative=True, period_code__in=year_of).only(
            "id", "organisation_id", "indicator_id", "period_code", "value", "numerator", "denominator"
        )
    }
    cells = generate([(gss, kind, region or "") for _pk, gss, kind, region in organisations], real)
    ruled_out = {key: shadowed(years) for key, years in real_years.items()}
    period_values = {year: PeriodColumns.period_values(period) for year, period in periods.items()}
    new, changed, unwanted = [], [], []
    for pk, gss_code, _kind, _region in organisations:
        for code in MEASURE_CODES:
            skip = ruled_out.get((gss_code, code), set())
            for year in YEARS:
                key = (gss_code, code, year)
                existing = stored.get(key)
                if year in skip:
                    if existing is not None:
                        unwanted.append(existing)
                    continue
                cell = cells[key]
                figures = {"value": cell.value, "numerator": cell.numerator, "denominator": cell.denominator}
                if existing is None:
                    new.append(
                        Observation(
                            organisation_id=pk,
                            indicator=indicators[code],
                            status=Observation.Status.FINAL,
                            is_illustrative=True,
                            **figures,
                            **period_values[year],
                        )
                    )
                elif any(getattr(existing, name) != value for name, value in figures.items()):
                    for name, value in figures.items():
                        setattr(existing, name, value)
                    changed.append(existing)
    # With history, so each value's provenance shows in its history like any other value: the
    # 7,650 rows and their history rows take about two seconds, well within the demo's budget.
    bulk_create_with_history(new, Observation, batch_size=1000, default_change_reason=CHANGE_REASON)
    if changed:
        bulk_update_with_history(
            changed,
            Observation,
            ["value", "numerator", "denominator"],
            batch_size=1000,
            default_change_reason=f"{CHANGE_REASON}: regenerated",
        )
    for observation in unwanted:
        observation._change_reason = f"{CHANGE_REASON}: removed, a real value is shown instead"
        observation.delete()
    return LoadResult(added=len(new), updated=len(changed), removed=len(unwanted))
