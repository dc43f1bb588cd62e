"""The scorecard compares like with like: years to date to the same month, spans of as many years."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ascent.core.periods import parse_period, series_key
from ascent.indicators.scorecard import build_scorecard

from .factories import IndicatorFactory, series

pytestmark = pytest.mark.django_db


def test_series_keys_separate_years_to_date_by_month_and_spans_by_length():
    def key(text):
        return parse_period(text).series_key

    assert key("2018-19 YTD to Dec 2018") == key("2017-18 YTD to Dec 2017")
    assert key("2018-19 YTD to Dec 2018") != key("2018-19 YTD to Jun 2018")
    assert key("2017-18 to 2019-20") == key("2020-21 to 2022-23")
    assert key("2017-18 to 2019-20") != key("2017-18 to 2018-19")
    assert key("Q3 2018/19") == key("Q1 2015/16")
    assert series_key("month", parse_period("Oct 2019").start, parse_period("Oct 2019").end) == key("Jan 2020")


def test_a_year_to_date_is_compared_with_the_same_months_of_the_year_before(harrow):
    indicator = IndicatorFactory(organisation=harrow, code="HAR-SDS", polarity="higher_is_better", decimals=0)
    series(
        harrow,
        indicator,
        {"2017-18 YTD to Dec 2017": "79", "2018-19 YTD to Jun 2018": "70", "2018-19 YTD to Dec 2018": "83"},
    )
    row = build_scorecard(harrow).rows[0]
    assert row.latest_period_label == parse_period("2018-19 YTD to Dec 2018").label
    # Not the April to June figure: it covers other months.
    assert row.previous.value == Decimal("79")
    assert row.previous_period_label == parse_period("2017-18 YTD to Dec 2017").label
    assert [point.value for point in row.points] == [Decimal("79"), Decimal("83")]
    assert row.baseline == Decimal("79")
