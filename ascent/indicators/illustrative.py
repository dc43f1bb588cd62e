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
* Real values win: a real (not illustrative) value already stored is never replaced, and an
  illustrative series is shifted to run through a council's real values where it has some
  (so Harrow's illustrative years sit near its real figures). :data:`ECHOES` then places a
  real value at the rank a council's papers give it ("the second highest in London").
* Idempotent: values already stored (real or illustrative) are skipped, so running it again
  adds nothing.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ascent.core.fields import PeriodColumns
from ascent.core.periods import Period
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
class Echo:
    """Place a council's real value at the rank its papers give it among councils of a type."""

    code: str
    year: int
    gss_code: str
    council_type: str
    rank: int


#: Harrow's 2016 review: 14% of people with a learning disability in paid work, "the second
#: highest in London in 14/15".
ECHOES = (Echo("ASCOF-1E", 2014, HARROW, CouncilType.LONDON_BOROUGH, 2),)

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


def generate(
    councils: list[tuple[str, str]], real: dict[tuple[str, str, int], Decimal] | None = None
) -> dict[tuple[str, str, int], Cell]:
    """Made-up values for ``councils`` (GSS code and council type), keyed (GSS code, measure code, year).

    ``real`` holds real values already known, keyed the same way: each council's series is
    shifted to run through its real values, and :data:`ECHOES` are honoured. The result still
    has cells for the real keys; the caller must not store those.
    """
    real = real or {}
    cells: dict[tuple[str, str, int], Cell] = {}
    for gss_code, council_type in sorted(councils):
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
    types = dict(councils)
    for echo in ECHOES:
        anchor = real.get((echo.gss_code, echo.code, echo.year))
        if anchor is not None:
            _place(cells, types, echo, anchor)
    return cells


def _keep_direct_payments_within_self_directed(cells: dict, gss_code: str) -> None:
    """People with a direct payment are among those with self-directed support: keep 1C2A below 1C1A."""
    for year in YEARS:
        self_directed = cells[(gss_code, "ASCOF-1C1A", year)]
        direct = cells[(gss_code, "ASCOF-1C2A", year)]
        if direct.value > self_directed.value:
            direct.set_value(float(self_directed.value) * 0.6)


def _place(cells: dict, types: dict[str, str], echo: Echo, anchor: Decimal) -> None:
    """Move other councils' values so that ``anchor`` ranks ``echo.rank`` among its type (1 = best).

    The councils already best placed are kept above the anchor (nudged past it if need be); the
    rest are scaled in proportion so that all stay below it, keeping their order.
    """
    measure = next(m for m in MEASURES if m.code == echo.code)
    sign = 1 if measure.higher_is_better else -1
    others = [
        (gss, cells[(gss, echo.code, echo.year)])
        for gss, kind in sorted(types.items())
        if kind == echo.council_type and gss != echo.gss_code
    ]
    others.sort(key=lambda item: sign * item[1].value, reverse=True)
    better = [cell for _gss, cell in others[: echo.rank - 1]]
    worse = [cell for _gss, cell in others[echo.rank - 1 :]]
    margin = Decimal(str(measure.spread)) * Decimal("0.3")
    for cell in better:
        if sign * (cell.value - anchor) <= 0:
            cell.set_value(float(anchor + sign * margin))
        while sign * (cell.value - anchor) <= 0 and cell.can_move(sign):
            cell.numerator += sign
    if worse:
        limit = anchor - sign * margin
        closest = worse[0].value
        if sign * (closest - limit) > 0 and closest > 0:
            factor = float(limit / closest)
            for cell in worse:
                cell.set_value(_clip(float(cell.value) * factor, measure))
        for cell in worse:
            while sign * (cell.value - anchor) >= 0 and cell.can_move(-sign):
                cell.numerator -= sign


@transaction.atomic
def load_illustrative_data() -> int:
    """Store the made-up values that are not already stored; returns how many were added."""
    indicators = {i.code: i for i in Indicator.objects.filter(organisation__isnull=True, code__in=MEASURE_CODES)}
    missing = sorted(set(MEASURE_CODES) - set(indicators))
    if missing:
        raise LookupError(f"Load the indicator library first (manage.py load_indicators): no {', '.join(missing)}")
    organisations = list(Organisation.objects.order_by("gss_code").only("id", "gss_code", "council_type"))
    by_id = {organisation.pk: organisation.gss_code for organisation in organisations}
    code_of = {indicator.pk: code for code, indicator in indicators.items()}
    periods = {year: Period.financial_year(year) for year in YEARS}
    year_of = {period.code: year for year, period in periods.items()}
    stored: set[tuple[str, str, int]] = set()
    real: dict[tuple[str, str, int], Decimal] = {}
    rows = Observation.objects.filter(
        indicator_id__in=code_of, period_code__in=year_of, organisation_id__in=by_id
    ).values_list("organisation_id", "indicator_id", "period_code", "value", "is_illustrative")
    for organisation_id, indicator_id, period_code, value, is_illustrative in rows:
        key = (by_id[organisation_id], code_of[indicator_id], year_of[period_code])
        stored.add(key)
        if not is_illustrative:
            real[key] = value
    cells = generate([(o.gss_code, o.council_type) for o in organisations], real)
    period_values = {year: PeriodColumns.period_values(period) for year, period in periods.items()}
    new = [
        Observation(
            organisation=organisation,
            indicator=indicators[code],
            value=cell.value,
            numerator=cell.numerator,
            denominator=cell.denominator,
            status=Observation.Status.FINAL,
            is_illustrative=True,
            **period_values[year],
        )
        for organisation in organisations
        for code in MEASURE_CODES
        for year in YEARS
        if (organisation.gss_code, code, year) not in stored
        for cell in [cells[(organisation.gss_code, code, year)]]
    ]
    # With history, so each value's provenance shows in its history like any other value: the
    # 7,650 rows and their history rows take about two seconds, well within the demo's budget.
    bulk_create_with_history(new, Observation, batch_size=1000, default_change_reason=CHANGE_REASON)
    return len(new)
