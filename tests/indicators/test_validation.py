"""What a value may be (refused outside the indicator's range) and the slips worth a second look."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.periods import parse_period
from ascent.indicators.library import load_indicator_library
from ascent.indicators.models import Indicator, Unit
from ascent.indicators.validation import ARITHMETIC, FUTURE, PROPORTION, ValueRules, agrees, find_slips
from tests.indicators.factories import shipped_frameworks

D = Decimal
TODAY = date(2026, 12, 6)
PERCENT = ValueRules.build("HAR-REV12", Unit.PERCENT, 1, None, None)
RATE = ValueRules.build("ASCOF-2A1", Unit.PER_100K, 1, D(0), None)
SCORE_1A = ValueRules.build("ASCOF-1A", Unit.SCORE, 1, D(0), D(24))


# ----- the valid range -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "low", "high"),
    [
        (Unit.PERCENT, D(0), D(100)),
        (Unit.COUNT, D(0), None),
        (Unit.RATE, D(0), None),
        (Unit.PER_100K, D(0), None),
        (Unit.DAYS, D(0), None),
        (Unit.WEEKS, D(0), None),
        (Unit.MONEY, None, None),
        (Unit.SCORE, None, None),
    ],
)
def test_a_unit_gives_its_natural_bounds_when_the_indicator_sets_none(unit, low, high):
    rules = ValueRules.build("X", unit, 1, None, None)
    assert (rules.low, rules.high) == (low, high)


def test_the_indicators_own_bounds_come_first_side_by_side():
    rules = ValueRules.build("HAR-CHG", Unit.PERCENT, 1, D(-50), None)
    assert (rules.low, rules.high) == (D(-50), D(100))
    assert rules.problem(D(-20)) is None
    assert rules.problem(D(-51)) == "HAR-CHG is a percentage from -50 to 100: -51 is below -50"


def test_money_can_be_negative_a_saving_or_an_overspend():
    assert ValueRules.build("HAR-SAV", Unit.MONEY, 0, None, None).problem(D("-1263000")) is None


@pytest.mark.parametrize(
    ("rules", "value", "message"),
    [
        (SCORE_1A, D("25.3"), "ASCOF-1A is a score from 0 to 24: 25.3 is above 24"),
        (
            ValueRules.build("ASCOF-1D", Unit.SCORE, 1, D(0), D(12)),
            D(13),
            "ASCOF-1D is a score from 0 to 12: 13 is above 12",
        ),
        (RATE, D("-3"), "ASCOF-2A1 is a rate per 100,000 population of 0 or more: -3 is below 0"),
        (PERCENT, D("100.5"), "HAR-REV12 is a percentage from 0 to 100: 100.5 is above 100"),
        (ValueRules.build("N", Unit.COUNT, 0, None, None), D(-1), "N is a count of 0 or more: -1 is below 0"),
        (ValueRules.build("M", Unit.SCORE, 1, None, D(5)), D(6), "M is a score of 5 or less: 6 is above 5"),
    ],
)
def test_a_value_outside_the_range_is_refused_naming_the_range(rules, value, message):
    assert rules.problem(value) == message


@given(st.decimals(min_value=0, max_value=24, places=2))
def test_every_value_on_the_scale_is_allowed(value):
    assert SCORE_1A.problem(value) is None


@given(
    st.decimals(min_value=D("24.01"), max_value=10**9, places=2)
    | st.decimals(max_value=D("-0.01"), min_value=-(10**9), places=2)
)
def test_every_value_off_the_scale_is_refused(value):
    assert SCORE_1A.problem(value) is not None


# ----- slips -----------------------------------------------------------------------------


def kinds(slips):
    return [slip.kind for slip in slips]


def test_a_proportion_among_percentages_is_a_slip():
    [slip] = find_slips(PERCENT, D("0.75"), today=TODAY)
    assert (slip.field, slip.kind) == ("value", PROPORTION)
    assert slip.message == "0.75% looks like a proportion: as a percentage it would be 75%."


def test_a_proportion_among_the_councils_other_percentages_names_them():
    [slip] = find_slips(PERCENT, D("0.75"), others=[D("80.1"), D("82.3"), D("79")], today=TODAY)
    assert slip.message.endswith("Your other values for HAR-REV12 are around 80.1%.")


def test_a_small_percentage_among_small_ones_is_not_a_slip():
    assert find_slips(PERCENT, D("0.75"), others=[D("0.5"), D("0.9"), D("1.2")], today=TODAY) == []


def test_a_small_percentage_its_numerator_and_denominator_give_is_not_a_slip():
    assert find_slips(PERCENT, D("0.75"), numerator=D(3), denominator=D(400), today=TODAY) == []


def test_zero_and_one_hundred_per_cent_are_not_slips():
    assert find_slips(PERCENT, D(0), today=TODAY) == []
    assert find_slips(PERCENT, D(100), today=TODAY) == []


def test_a_value_that_disagrees_with_its_numerator_and_denominator_is_a_slip():
    [slip] = find_slips(PERCENT, D(90), numerator=D(10), denominator=D(100), today=TODAY)
    assert (slip.field, slip.kind) == ("value", ARITHMETIC)
    assert slip.message == "The value 90 does not match its numerator and denominator: 10 out of 100 is 10%."


def test_a_rate_per_100k_is_checked_against_its_numerator_and_denominator():
    assert find_slips(RATE, D("15.2"), numerator=D(9), denominator=D(59200), today=TODAY) == []
    [slip] = find_slips(RATE, D("152"), numerator=D(9), denominator=D(59200), today=TODAY)
    assert slip.message.endswith("9 out of 59,200 is 15.2 per 100,000.")


def test_a_value_rounded_more_coarsely_than_the_indicator_is_not_a_slip():
    # 827 / 1000 is 82.7%: a paper that writes 83 has rounded, not slipped.
    assert find_slips(PERCENT, D(83), numerator=D(827), denominator=D(1000), today=TODAY) == []
    assert kinds(find_slips(PERCENT, D("83.0"), numerator=D(827), denominator=D(1000), today=TODAY)) == []
    assert kinds(find_slips(PERCENT, D("82.9"), numerator=D(827), denominator=D(1000), today=TODAY)) == [ARITHMETIC]


@given(
    st.integers(min_value=1, max_value=10**6).flatmap(
        lambda d: st.tuples(st.integers(min_value=0, max_value=d), st.just(d))
    ),
    st.integers(min_value=0, max_value=4),
)
def test_a_value_worked_out_from_its_numerator_and_denominator_is_never_an_arithmetic_slip(pair, decimals):
    numerator, denominator = (D(n) for n in pair)
    rules = ValueRules.build("P", Unit.PERCENT, decimals, None, None)
    value = round(numerator / denominator * 100, decimals)
    assert ARITHMETIC not in kinds(find_slips(rules, value, numerator=numerator, denominator=denominator, today=TODAY))


def test_a_period_that_has_not_started_is_a_slip():
    [slip] = find_slips(PERCENT, D(80), period=parse_period("2035-36"), today=TODAY)
    assert (slip.field, slip.kind) == ("period", FUTURE)
    assert slip.message.startswith("2035-36 has not started yet (it starts on 1 April 2035)")


def test_the_current_period_and_earlier_ones_are_not_slips():
    assert find_slips(PERCENT, D(80), period=parse_period("2026-27"), today=TODAY) == []
    assert find_slips(PERCENT, D(80), period=parse_period("Dec 2026"), today=TODAY) == []
    assert kinds(find_slips(PERCENT, D(80), period=parse_period("Jan 2027"), today=TODAY)) == [FUTURE]


# ----- the shipped library ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_shipped_library_carries_each_measures_range():
    shipped_frameworks()
    load_indicator_library()
    shipped = {i.code: i for i in Indicator.objects.filter(organisation__isnull=True)}
    assert (shipped["ASCOF-1A"].valid_min, shipped["ASCOF-1A"].valid_max) == (D(0), D(24))
    assert (shipped["ASCOF23-1A"].valid_min, shipped["ASCOF23-1A"].valid_max) == (D(0), D(24))
    assert (shipped["ASCOF-1D"].valid_min, shipped["ASCOF-1D"].valid_max) == (D(0), D(12))
    assert (shipped["ASCOF23-1D"].valid_min, shipped["ASCOF23-1D"].valid_max) == (D(0), D(12))
    for indicator in shipped.values():
        rules = indicator.valid_range
        if indicator.unit == Unit.PERCENT:
            assert (rules.low, rules.high) == (D(0), D(100)), indicator.code
        elif indicator.unit == Unit.PER_100K:
            assert (rules.low, rules.high) == (D(0), None), indicator.code
    # 1J (and its successor 1C) is an adjusted score whose scale the reference does not give.
    assert (shipped["ASCOF-1J"].valid_min, shipped["ASCOF-1J"].valid_max) == (None, None)
    shipped_frameworks()
    assert load_indicator_library().unchanged == len(shipped), "loading again changes nothing"


@given(
    st.integers(min_value=0, max_value=10**5),
    st.integers(min_value=1, max_value=10**5),
    st.decimals(min_value=0, max_value=100, places=2),
    st.integers(min_value=0, max_value=4),
)
def test_the_imports_quick_test_never_passes_a_value_the_full_check_would_warn_about(n, d, value, decimals):
    rules = ValueRules.build("P", Unit.PERCENT, decimals, None, None)
    if agrees(rules, value, D(n), D(d)):
        assert ARITHMETIC not in kinds(find_slips(rules, value, numerator=D(n), denominator=D(d), today=TODAY))
