"""Savings arithmetic: to the penny, and no phasing or re-profiling changes a total unless asked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.programmes.savings import PENNY, Position, SavingsError, phase, profile_total, reprofile, total_position

pennies = st.integers(min_value=0, max_value=10**12).map(lambda n: Decimal(n) * PENNY)
years = st.lists(st.integers(min_value=2000, max_value=2050), min_size=1, max_size=12, unique=True)


def test_resilient_harrows_2019_20_savings_add_up_as_its_report_says():
    targeted_reviews = Position(target=Decimal("1046000"), forecast=Decimal("863000"))
    harrow_is_home = Position(target=Decimal("400000"), delivered=Decimal("312000"), forecast=Decimal("400000"))
    assert targeted_reviews.shortfall == Decimal("183000.00")
    assert targeted_reviews.sentence() == "£863K forecast against a target of £1.046m, £183K short"
    assert harrow_is_home.shortfall == 0 and harrow_is_home.still_to_deliver == Decimal("88000.00")
    assert harrow_is_home.sentence() == "£400K forecast against a target of £400K, in full"
    programme = total_position([targeted_reviews, harrow_is_home])
    assert (programme.target, programme.forecast, programme.shortfall) == (
        Decimal("1446000.00"),
        Decimal("1263000.00"),
        Decimal("183000.00"),
    )
    assert programme.sentence() == "£1.263m forecast against a target of £1.446m, £183K short"


def test_a_forecast_beyond_its_target_is_over_not_short():
    position = Position(target=Decimal("100000"), forecast=Decimal("120000.50"))
    assert (position.shortfall, position.over_target) == (0, Decimal("20000.50"))
    assert position.sentence() == "£120K forecast against a target of £100K, £20K over"  # as a report words it


def test_phasing_spreads_pennies_that_do_not_divide_to_the_earliest_years():
    assert phase(Decimal("1000"), [2019, 2017, 2018]) == {
        2017: Decimal("333.34"),
        2018: Decimal("333.33"),
        2019: Decimal("333.33"),
    }
    assert phase(Decimal("1000"), [2017, 2018], weights=[3, 1]) == {2017: Decimal("750.00"), 2018: Decimal("250.00")}


@given(total=pennies, years=years, data=st.data())
def test_phasing_never_changes_the_total(total, years, data):
    weights = data.draw(st.lists(st.integers(min_value=0, max_value=1000), min_size=len(years), max_size=len(years)))
    if sum(weights) == 0:
        weights[0] = 1
    profile = phase(total, years, weights)
    assert profile_total(profile) == total
    assert list(profile) == sorted(years)
    # Each year is within a penny of its exact share.
    for year, weight in zip(years, weights, strict=True):
        assert abs(profile[year] - total * weight / sum(weights)) < PENNY


@given(total=pennies, years=years, data=st.data())
def test_re_profiling_keeps_the_total_or_is_refused(total, years, data):
    profile = phase(total, years)
    changes = data.draw(st.dictionaries(st.integers(min_value=2000, max_value=2050), pennies, max_size=6))
    new_total = profile_total({**profile, **changes})
    if new_total == total:
        assert profile_total(reprofile(profile, changes)) == total
    else:
        with pytest.raises(SavingsError, match="say that the target changes"):
            reprofile(profile, changes)
    # Said to change, the total is whatever the years now add up to.
    assert profile_total(reprofile(profile, changes, total_changes=True)) == new_total


@given(total=pennies, years=years)
def test_moving_a_saving_from_one_year_to_another_keeps_the_total_and_the_original(total, years):
    profile = phase(total, years)
    original = dict(profile)
    first, last = min(years), max(years) + 1
    moved = reprofile(profile, {first: Decimal(0), last: profile[first] + profile.get(last, Decimal(0))})
    assert profile_total(moved) == total
    assert first not in moved or moved[first] == 0
    assert profile == original  # the profile before stays as it was, to show beside the new one


def test_a_re_profiling_that_loses_money_says_by_how_much():
    profile = {2017: Decimal("500000"), 2018: Decimal("500000")}
    with pytest.raises(SavingsError) as refused:
        reprofile(profile, {2018: Decimal("400000")})
    assert str(refused.value) == (
        "The years add up to £900K, £100K less than the target of £1m: move savings between years, "
        "or say that the target changes"
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: phase(Decimal("100.001"), [2019]), "The target must be in whole pence, not 100.001"),
        (lambda: phase(Decimal("-5"), [2019]), "The target cannot be less than nothing"),
        (lambda: phase(Decimal("100"), []), "Choose at least one financial year"),
        (lambda: phase(Decimal("100"), [2019, 2019]), "Each financial year can be given only once"),
        (lambda: phase(Decimal("100"), [2019, 2020], [1]), "Give one weight for each financial year"),
        (lambda: phase(Decimal("100"), [2019], [0]), "The weights must be zero or more, and not all zero"),
        (lambda: reprofile({2019: Decimal("100")}, {2020: Decimal("-1")}), "The saving for 2020-21 cannot be less"),
        (lambda: Position(target=Decimal("1"), forecast=Decimal("0.001")), "The forecast saving must be in whole"),
    ],
)
def test_bad_figures_are_refused_with_a_reason(call, message):
    with pytest.raises(SavingsError, match=message.replace("(", r"\(")):
        call()


def test_a_float_is_refused_so_binary_rounding_cannot_creep_in():
    with pytest.raises(TypeError, match="must be a Decimal or an int, not float"):
        phase(1000.10, [2019])
