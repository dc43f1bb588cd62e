"""indicator_evidence: latest value, RAG, trend and quartile of indicators for one council."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ascent.core.periods import Period
from ascent.indicators.evidence import indicator_evidence, indicator_evidence_as_at
from ascent.indicators.models import ComparatorGroup, Frequency
from tests.factories import OrganisationFactory
from tests.indicators.factories import IndicatorFactory, ObservationFactory, TargetFactory, series

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbours(london):
    """Four more London councils: with Harrow, five in the region."""
    return [OrganisationFactory(name=f"Borough {n}", region=london) for n in range(4)]


def _values(indicator, period, councils_values):
    for council, value in councils_values:
        ObservationFactory(organisation=council, indicator=indicator, period=period, value=Decimal(value))


def test_green_improving_top_quartile(harrow, neighbours):
    indicator = IndicatorFactory(title="Satisfaction", polarity="higher_is_better")
    series(harrow, indicator, {"2014-15": "60", "2015-16": "85.25"})
    TargetFactory(organisation=harrow, indicator=indicator, period="2015-16", value=Decimal("80"))
    _values(indicator, "2015-16", zip(neighbours, ["50", "60", "70", "80"], strict=True))

    evidence = indicator_evidence(harrow, [indicator])[indicator.pk]

    assert evidence.indicator == indicator
    assert (evidence.latest.value, evidence.latest.period) == ("85.3%", "2015-16")
    assert str(evidence.latest) == "85.3% (2015-16)"
    assert evidence.rag == "green"
    assert evidence.trend == "better"
    assert evidence.quartile == 1
    assert evidence.ranked == 5
    assert evidence.is_illustrative is False
    assert evidence.url == f"/orgs/{harrow.gss_code}/performance/indicators/{indicator.pk}/"
    assert evidence.target_text == "At least 80.0%"


def test_red_worsening_bottom_quartile(harrow, neighbours):
    indicator = IndicatorFactory(title="Satisfaction", polarity="higher_is_better")
    series(harrow, indicator, {"2014-15": "70", "2015-16": "40"})
    TargetFactory(organisation=harrow, indicator=indicator, period="2015-16", value=Decimal("80"))
    _values(indicator, "2015-16", zip(neighbours, ["50", "60", "70", "80"], strict=True))

    evidence = indicator_evidence(harrow, [indicator])[indicator.pk]

    assert evidence.rag == "red" and evidence.is_red
    assert evidence.trend == "worse" and evidence.is_worsening
    assert evidence.quartile == 4 and evidence.is_bottom_quartile
    assert evidence.quartile_text == "4th quartile (worst)"


def test_polarity_decides_worst_quartile_and_trend(harrow, neighbours):
    """Lower is better: the highest value is the worst quartile, and a fall is getting better."""
    indicator = IndicatorFactory(title="Admissions", unit="per_100k", polarity="lower_is_better")
    series(harrow, indicator, {"2014-15": "700", "2015-16": "650"})
    _values(indicator, "2015-16", zip(neighbours, ["500", "520", "540", "560"], strict=True))

    evidence = indicator_evidence(harrow, [indicator])[indicator.pk]

    assert evidence.trend == "better"
    assert evidence.quartile == 4
    # No target: a value with nothing to rate it against is grey, not missing.
    assert evidence.rag == "grey"
    assert evidence.target_text == "No target set"


def test_amber_and_no_change(harrow):
    indicator = IndicatorFactory(polarity="higher_is_better")
    series(harrow, indicator, {"2014-15": "78", "2015-16": "78"})
    TargetFactory(
        organisation=harrow, indicator=indicator, period="2015-16", value=Decimal("80"), tolerance=Decimal("5")
    )

    evidence = indicator_evidence(harrow, [indicator])[indicator.pk]

    assert evidence.rag == "amber"
    assert evidence.trend == "same"
    # Nobody else in the region has a value: no "1st of 1".
    assert evidence.quartile is None and evidence.ranked == 0


def test_trend_is_like_for_like(harrow):
    """A quarter is compared with the quarter before, never with a year's value."""
    indicator = IndicatorFactory(polarity="higher_is_better", frequency=Frequency.QUARTERLY)
    series(harrow, indicator, {"Q2 2015/16": "50", "2014-15": "90", "Q3 2015/16": "55"})

    evidence = indicator_evidence(harrow, [indicator])[indicator.pk]

    assert evidence.latest.period == "Q3 2015/16"
    assert evidence.trend == "better"


def test_no_value_and_no_direction(harrow, neighbours):
    empty = IndicatorFactory()
    neutral = IndicatorFactory(polarity="neither")
    series(harrow, neutral, {"2014-15": "10", "2015-16": "12"})
    _values(neutral, "2015-16", zip(neighbours, ["1", "2", "3", "4"], strict=True))

    found = indicator_evidence(harrow, [empty, neutral])

    assert (found[empty.pk].latest, found[empty.pk].rag, found[empty.pk].trend) == (None, None, None)
    assert found[empty.pk].quartile is None
    assert found[empty.pk].rag_label == "No data"
    # No better direction: neither better nor worse, and no worst quartile.
    assert found[neutral.pk].trend is None
    assert found[neutral.pk].quartile is None


def test_illustrative_values_are_flagged(harrow, neighbours):
    indicator = IndicatorFactory()
    series(harrow, indicator, {"2014-15": "60"})
    series(harrow, indicator, {"2015-16": "70"}, is_illustrative=True)

    evidence = indicator_evidence(harrow, [indicator])[indicator.pk]

    assert evidence.is_illustrative is True
    assert evidence.latest.is_illustrative is True


def test_a_chosen_comparator_group(harrow, herefordshire, neighbours):
    """Against a group of councils outside the region, the quartile is theirs, not London's."""
    indicator = IndicatorFactory(polarity="higher_is_better")
    series(harrow, indicator, {"2015-16": "55"})
    _values(indicator, "2015-16", zip(neighbours, ["10", "20", "30", "40"], strict=True))  # Harrow best in London
    others = [OrganisationFactory(name=f"Shire {n}", region=herefordshire.region) for n in range(3)]
    _values(indicator, "2015-16", zip(others, ["70", "80", "90"], strict=True))
    group = ComparatorGroup.objects.create(slug="shires", name="Shires", kind=ComparatorGroup.Kind.CUSTOM)
    group.members.set(others)

    assert indicator_evidence(harrow, [indicator])[indicator.pk].quartile == 1
    evidence = indicator_evidence(harrow, [indicator], comparator_group=group)[indicator.pk]
    assert (evidence.quartile, evidence.ranked) == (4, 4)


def test_only_the_councils_own_values(harrow, herefordshire):
    indicator = IndicatorFactory()
    series(herefordshire, indicator, {"2015-16": "70"})

    assert indicator_evidence(harrow, [indicator])[indicator.pk].latest is None


@pytest.mark.parametrize("count", [1, 6])
def test_queries_do_not_grow_with_indicators(harrow, neighbours, count, django_assert_num_queries):
    indicators = [IndicatorFactory() for _ in range(count)]
    for indicator in indicators:
        series(harrow, indicator, {"2014-15": "60", "2015-16": "55"})  # 4th of 5
        TargetFactory(organisation=harrow, indicator=indicator, period="2015-16")
        _values(indicator, "2015-16", zip(neighbours, ["50", "60", "70", "80"], strict=True))

    with django_assert_num_queries(3):
        found = indicator_evidence(harrow, indicators)
    assert len(found) == count
    assert all(item.quartile == 3 for item in found.values())


def test_nothing_asked_nothing_read(harrow, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert indicator_evidence(harrow, []) == {}


def _then_and_now(harrow, neighbours):
    """Green in 2014-15 (against 2014-15's target), red and bottom in 2018-19."""
    indicator = IndicatorFactory(title="Satisfaction", polarity="higher_is_better")
    series(harrow, indicator, {"2013-14": "60", "2014-15": "64", "2018-19": "58.5"})
    TargetFactory(organisation=harrow, indicator=indicator, period="2014-15", value=Decimal("62"))
    TargetFactory(organisation=harrow, indicator=indicator, period="2018-19", value=Decimal("80"))
    _values(indicator, "2014-15", zip(neighbours, ["50", "55", "58", "70"], strict=True))  # 2nd of 5: 1st quartile
    _values(indicator, "2018-19", zip(neighbours, ["60", "70", "75", "80"], strict=True))  # last of 5
    return indicator


def test_as_at_the_end_of_a_period_later_values_do_not_count(harrow, neighbours):
    indicator = _then_and_now(harrow, neighbours)

    evidence = indicator_evidence(harrow, [indicator], as_at=Period.financial_year(2015))[indicator.pk]

    assert str(evidence.latest) == "64.0% (2014-15)"
    assert evidence.rag == "green"
    assert evidence.trend == "better"
    assert (evidence.quartile, evidence.ranked) == (1, 5)
    assert evidence.target_text == "At least 62.0%"
    # A date works the same as a period's end.
    same = indicator_evidence(harrow, [indicator], as_at=date(2016, 3, 31))[indicator.pk]
    assert same == evidence


def test_without_as_at_the_newest_value_counts(harrow, neighbours):
    indicator = _then_and_now(harrow, neighbours)

    evidence = indicator_evidence(harrow, [indicator])[indicator.pk]

    assert str(evidence.latest) == "58.5% (2018-19)"
    assert evidence.rag == "red"
    assert evidence.trend == "worse"
    assert evidence.quartile == 4


def test_as_at_before_any_value(harrow, neighbours):
    indicator = _then_and_now(harrow, neighbours)

    evidence = indicator_evidence(harrow, [indicator], as_at=date(2013, 3, 31))[indicator.pk]

    assert evidence.latest is None and evidence.rag is None and evidence.quartile is None
    assert evidence.target_text == "No target set"  # no target had been set by then either


def test_several_dates_in_the_same_queries(harrow, neighbours, django_assert_num_queries):
    indicator = _then_and_now(harrow, neighbours)

    with django_assert_num_queries(3):
        found = indicator_evidence_as_at(harrow, [indicator], [Period.financial_year(2015), None])

    assert str(found[date(2016, 3, 31)][indicator.pk].latest) == "64.0% (2014-15)"
    assert found[date(2016, 3, 31)][indicator.pk].quartile == 1
    assert str(found[None][indicator.pk].latest) == "58.5% (2018-19)"
    assert found[None][indicator.pk].quartile == 4
