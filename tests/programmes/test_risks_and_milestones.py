"""Risk scores, grades, appetite, heat map and trend; milestone slippage against tolerance."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.programmes.milestones import beyond_tolerance, slippage_days, slippage_text
from ascent.programmes.risks import GRADES, RiskError, above_appetite, grade, heat_map, score, trend

levels = st.integers(min_value=1, max_value=5)


@given(likelihood=levels, impact=levels)
def test_every_score_on_the_matrix_has_exactly_one_grade(likelihood, impact):
    value = score(likelihood, impact)
    assert 1 <= value <= 25
    assert sum(1 for band in GRADES if band.lowest <= value <= band.highest) == 1
    assert grade(value) in GRADES


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected"),
    [(1, 1, "Low"), (1, 3, "Low"), (2, 2, "Moderate"), (3, 2, "Moderate"), (4, 2, "High"), (3, 4, "High"),
     (3, 5, "Extreme"), (5, 5, "Extreme")],
)  # fmt: skip
def test_grades_follow_the_five_by_five_matrix(likelihood, impact, expected):
    assert grade(score(likelihood, impact)).name == expected


def test_a_likelihood_or_impact_off_the_scale_is_refused_with_the_scale():
    with pytest.raises(
        RiskError, match=r"The likelihood must be a whole number from 1 to 5 \(1 rare, .*5 almost certain\)"
    ):
        score(6, 1)
    with pytest.raises(RiskError, match="The impact must be a whole number from 1 to 5"):
        score(1, 0)
    with pytest.raises(RiskError, match="not True"):
        score(True, 2)


def test_a_risk_above_the_programmes_appetite_is_flagged_and_one_at_it_is_not():
    assert above_appetite(score(4, 4), appetite=12)
    assert not above_appetite(score(3, 4), appetite=12)
    with pytest.raises(RiskError, match="appetite must be a score from 1 to 25"):
        above_appetite(5, appetite=30)


def test_the_heat_map_counts_risks_impact_down_the_side_likelihood_across():
    grid = heat_map([(5, 5), (5, 5), (1, 1), (2, 4)])
    assert grid[0] == [0, 0, 0, 0, 2]  # impact 5
    assert grid[1] == [0, 1, 0, 0, 0]  # impact 4
    assert grid[4] == [1, 0, 0, 0, 0]  # impact 1
    assert sum(map(sum, grid)) == 4


def test_the_trend_compares_with_the_last_review():
    assert [trend(12, None), trend(12, 8), trend(8, 12), trend(8, 8)] == ["new", "rising", "falling", "steady"]


def test_milestone_slippage_against_its_baseline_and_tolerance():
    baseline = dt.date(2019, 10, 1)
    assert slippage_days(baseline, dt.date(2019, 10, 22)) == 21
    assert slippage_text(baseline, dt.date(2019, 10, 22)) == "3 weeks late"
    assert slippage_text(baseline, dt.date(2019, 9, 29)) == "2 days early"
    assert slippage_text(baseline, baseline) == "On its baseline date"
    assert slippage_text(baseline, dt.date(2019, 10, 2)) == "1 day late"
    assert slippage_text(None, baseline) == "" and slippage_days(baseline, None) is None
    assert beyond_tolerance(baseline, dt.date(2019, 10, 22), tolerance_days=14)
    assert not beyond_tolerance(baseline, dt.date(2019, 10, 15), tolerance_days=14)
    assert not beyond_tolerance(None, dt.date(2019, 10, 15), tolerance_days=14)
    with pytest.raises(ValueError, match="zero or more"):
        beyond_tolerance(baseline, baseline, tolerance_days=-1)
