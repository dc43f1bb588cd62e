"""A run's proportions beside England and the comparator group: figures worked by hand.

Harrow's 2A is 80 of 100, 80.0%. Its Wilson 95% interval, by hand (p = 0.8, n = 100,
z² = 3.8415): centre (0.8 + 0.0192) / 1.0384 = 0.7889, half-width
1.96 × √(0.0016 + 0.000096) / 1.0384 = 0.0777, so 71.1% to 86.7%.
England's 2A is every council's numerators over their denominators:
(80 + 600 + 300 + 70) / (100 + 1,000 + 400 + 100) = 1,050 / 1,600 = 65.625%, below the
interval, so Harrow is better (higher is better). The London boroughs' median is the middle of
60.0, 75.0 and 80.0: 75.0, inside the interval, so similar.

Harrow's 3D1a is 50 of 200, 25.0%; by hand its interval is 19.5% to 31.4%. England's is
(50 + 270) / (200 + 1,000) = 26.67%: inside, so similar.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ascent.cld.comparisons import benchmarks_for
from ascent.cld.models import MeasureResult, MeasureRun
from ascent.cld.stats import wilson_rounded
from ascent.indicators.comparators import sync_builtin_groups
from ascent.indicators.models import Indicator, Unit
from tests.indicators.bench_factories import make_councils, observe

pytestmark = pytest.mark.django_db

YEAR = "2024-25"


def _indicator(code, unit=Unit.PERCENT, polarity="higher_is_better"):
    return Indicator.objects.create(
        code=code, title=code, definition="", unit=unit, polarity=polarity, decimals=1, sort_order=len(code)
    )


def _run(organisation, figures, *, start=dt.date(2024, 4, 1), end=dt.date(2025, 3, 31)):
    run = MeasureRun.objects.create(
        organisation=organisation,
        period_start=start,
        period_end=end,
        method_version="test",
        extracts=[],
        fingerprint=f"{start:%Y%m%d}{end:%Y%m%d}".ljust(64, "0"),
        ran_at=timezone.now(),
    )
    for (measure, group), (numerator, denominator) in figures.items():
        low, high = wilson_rounded(numerator, denominator)
        MeasureResult.objects.create(
            run=run,
            measure=measure,
            group=group,
            numerator=numerator,
            denominator=denominator,
            outcome=Decimal(100 * numerator / denominator).quantize(Decimal("0.1")),
            ci_low=low,
            ci_high=high,
        )
    return run


@pytest.fixture
def world(harrow, herefordshire):
    a, b = make_councils(harrow.region, 2)
    indicators = {
        code: _indicator(code) for code in ("ASCOF23-2A", "ASCOF23-2E", "ASCOF23-3D1A", "ASCOF23-3D1B", "ASCOF23-3D2B")
    }
    indicators["ASCOF23-3D2A"] = _indicator("ASCOF23-3D2A", polarity="lower_is_better")
    indicators["ASCOF23-2C"] = _indicator("ASCOF23-2C", unit=Unit.PER_100K, polarity="lower_is_better")
    sync_builtin_groups()
    for council, numerator, denominator in ((harrow, 80, 100), (a, 600, 1000), (b, 300, 400), (herefordshire, 70, 100)):
        value = Decimal(100 * numerator / denominator)
        observe(council, indicators["ASCOF23-2A"], YEAR, value, numerator=numerator, denominator=denominator)
    for council, numerator, denominator in ((harrow, 50, 200), (a, 270, 1000)):
        value = Decimal(100 * numerator / denominator)
        observe(council, indicators["ASCOF23-3D1A"], YEAR, value, numerator=numerator, denominator=denominator)
    observe(a, indicators["ASCOF23-3D2A"], YEAR, 30, numerator=300, denominator=1000)
    observe(a, indicators["ASCOF23-2C"], YEAR, 500, numerator=200, denominator=40_000)
    run = _run(
        harrow,
        {
            ("2A", "Total"): (80, 100),
            ("2E", "Total"): (40, 50),
            ("3D 1a", "Total"): (50, 200),
            ("3D 2a", "Total"): (10, 100),
            ("2C", "65 and above"): (200, 40_000),
        },
    )
    return run, a, b


def test_the_verdicts_against_england_and_the_group(harrow, world):
    run, a, b = world
    found = benchmarks_for(harrow, run)

    two_a = found[("2A", "Total")]
    assert (two_a.ci_low, two_a.ci_high) == (Decimal("71.1"), Decimal("86.7"))
    assert two_a.england.value == Decimal("65.625")
    assert two_a.verdict == "better"
    assert two_a.comparator_group.slug == "london-boroughs"
    assert [(m.name, m.value, m.is_subject) for m in two_a.group_values] == [
        (a.name, Decimal("60.0"), False),
        (b.name, Decimal("75.0"), False),
        ("Harrow", Decimal("80.0"), True),
    ]
    assert two_a.group_median == Decimal("75.0") and two_a.group_verdict == "similar"

    three = found[("3D 1a", "Total")]
    assert (three.ci_low, three.ci_high) == (Decimal("19.5"), Decimal("31.4"))
    assert three.england.value.quantize(Decimal("0.01")) == Decimal("26.67")
    assert three.verdict == "similar"


def test_lower_is_better_turns_a_lower_value_into_better(harrow, world):
    run, _, _ = world
    # 10 of 100 (5.5% to 17.4%) against England's 30%: lower, and lower is better.
    three = benchmarks_for(harrow, run)[("3D 2a", "Total")]
    assert three.england.value == Decimal("30") and three.verdict == "better"


def test_no_england_figure_no_verdict_and_rates_are_left_out(harrow, world):
    run, _, _ = world
    found = benchmarks_for(harrow, run)
    two_e = found[("2E", "Total")]
    assert two_e.england is None and two_e.verdict is None
    assert two_e.group_median is None and two_e.group_verdict is None
    # 2C is a rate per 100,000: no Wilson interval, so no verdict; 3D 1b has no result in the run.
    assert ("2C", "65 and above") not in found
    assert set(found) == {("2A", "Total"), ("2E", "Total"), ("3D 1a", "Total"), ("3D 2a", "Total")}


def test_only_financial_years_from_2024_25_are_compared(harrow, world):
    rolling = _run(harrow, {("2A", "Total"): (80, 100)}, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert benchmarks_for(harrow, rolling) == {}


def test_five_queries_however_many_councils(harrow, world):
    run, _, _ = world
    with CaptureQueriesContext(connection) as first:
        benchmarks_for(harrow, run)
    more = make_councils(harrow.region, 6, start=200)
    sync_builtin_groups()
    for council in more:
        observe(council, Indicator.objects.get(code="ASCOF23-2A"), YEAR, 50, numerator=50, denominator=100)
    with CaptureQueriesContext(connection) as second:
        found = benchmarks_for(harrow, run)
    assert len(first) == len(second) == 5
    assert len(found[("2A", "Total")].group_values) == 9
