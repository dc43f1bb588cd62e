"""A percentage's 95% interval and better/similar/worse than England, on the indicator page.

Worked by hand: 80 of 100 has the Wilson interval 71.1% to 86.7%; 150 of 200 (75%) has
68.6% to 80.5% (p = 0.75, n = 200: centre 0.7482, half-width 0.0593).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ascent.indicators.benchmark import significance
from ascent.indicators.comparators import sync_builtin_groups
from ascent.indicators.models import Unit

from .bench_factories import make_councils, make_indicator, observe
from .test_detail import page, summary

D = Decimal


def per_cent(value):
    return f"{value}%"


def test_a_higher_figure_whose_interval_clears_england_is_better():
    found = significance(80, 100, unit="percent", polarity="higher_is_better", england=D("65.625"))
    assert (found.low, found.high, found.verdict) == (D("71.1"), D("86.7"), "better")
    assert found.interval_text(per_cent) == "71.1% to 86.7% (Wilson score, from 80 of 100)"
    assert found.verdict_text(per_cent) == "Better than England: England's 65.625% is below the interval"


@pytest.mark.parametrize(
    ("polarity", "england", "verdict", "where"),
    [
        ("lower_is_better", "65.625", "worse", "below"),
        ("higher_is_better", "90", "worse", "above"),
        ("lower_is_better", "90", "better", "above"),
        ("higher_is_better", "86.7", "similar", "within"),  # the interval's ends count as inside
        ("higher_is_better", "71.1", "similar", "within"),
        ("neither", "65.625", "higher", "below"),
    ],
)
def test_the_verdict_follows_the_polarity(polarity, england, verdict, where):
    found = significance(D("80"), D("100"), unit=Unit.PERCENT, polarity=polarity, england=D(england))
    assert found.verdict == verdict
    assert f"is {where} the interval" in found.verdict_text()


@pytest.mark.parametrize(
    ("numerator", "denominator", "unit"),
    [(80, 100, "per_100k"), (80, 100, "count"), (None, 100, "percent"), (80, None, "percent"), (0, 0, "percent")],
)
def test_only_a_percentage_with_its_counts_has_an_interval(numerator, denominator, unit):
    assert significance(numerator, denominator, unit=unit, polarity="higher_is_better", england=D("50")) is None


def test_a_numerator_above_its_denominator_is_not_a_proportion():
    assert significance(120, 100, unit="percent", polarity="higher_is_better") is None


def test_without_england_there_is_an_interval_but_no_verdict():
    found = significance(80, 100, unit="percent", polarity="higher_is_better")
    assert found.verdict is None and found.verdict_text() == ""
    assert (found.low, found.high) == (D("71.1"), D("86.7"))


# ----- on the indicator page ------------------------------------------------------------------


@pytest.fixture
def boroughs(harrow, london, shipped_frameworks):
    """Harrow 150 of 200 (75%), two boroughs 60 of 100 and 30 of 100: England is
    (150 + 60 + 30) / 400 = 60.0%, below Harrow's interval."""
    indicator = make_indicator("ASCOF-SIG", title="Clients with self-directed support")
    observe(harrow, indicator, "2022-23", 75, numerator=150, denominator=200)
    for council, numerator in zip(make_councils(london, 2), (60, 30), strict=True):
        observe(council, indicator, "2022-23", numerator, numerator=numerator, denominator=100)
    sync_builtin_groups()
    return indicator


@pytest.mark.django_db
def test_the_benchmark_figures_give_the_interval_and_the_verdict_in_words(client, viewer, harrow, boroughs):
    soup = page(client, viewer, harrow, boroughs)
    figures = summary(soup, "benchmark-figures")
    assert figures["England figure"].startswith("60.0%")
    assert figures["95% confidence interval"] == "68.6% to 80.5% (Wilson score, from 150 of 200)"
    assert figures["Compared with England"] == "Better than England: England's 60.0% is below the interval"
    assert "better or worse than England only when" in soup.select_one("#benchmark-interval").get_text()


@pytest.mark.django_db
def test_no_interval_without_the_councils_counts(client, viewer, harrow, london, shipped_frameworks):
    indicator = make_indicator("ASCOF-NOCOUNT")
    observe(harrow, indicator, "2022-23", 75)
    observe(make_councils(london, 1)[0], indicator, "2022-23", 60, numerator=60, denominator=100)
    sync_builtin_groups()
    soup = page(client, viewer, harrow, indicator)
    figures = summary(soup, "benchmark-figures")
    assert "95% confidence interval" not in figures and "Compared with England" not in figures
    assert soup.select_one("#benchmark-interval") is None


@pytest.mark.django_db
def test_no_interval_for_a_rate_per_100000(client, viewer, harrow, london, shipped_frameworks):
    indicator = make_indicator("ASCOF-RATE", unit=Unit.PER_100K, polarity="lower_is_better")
    observe(harrow, indicator, "2022-23", 500, numerator=200, denominator=40_000)
    observe(make_councils(london, 1)[0], indicator, "2022-23", 400, numerator=160, denominator=40_000)
    sync_builtin_groups()
    figures = summary(page(client, viewer, harrow, indicator), "benchmark-figures")
    assert "95% confidence interval" not in figures
