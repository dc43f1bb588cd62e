"""Tests for ascent.core.periods: UK financial years, quarters, months, ISO weeks, dates."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.periods import (
    FIRST_SUPPORTED_DATE,
    LAST_SUPPORTED_DATE,
    Period,
    PeriodKind,
    PeriodParseError,
    financial_year_label,
    financial_year_of,
    financial_year_start_year,
    parse_period,
)

FY = Period.financial_year
SPAN = Period.financial_year_span
YTD = Period.year_to_date
Q = Period.quarter
M = Period.month
W = Period.week
D = Period.on

# ----- strategies: every kind of period, built from integers ----------------------------

FIRST_FY_YEAR = FIRST_SUPPORTED_DATE.year
LAST_FY_YEAR = LAST_SUPPORTED_DATE.year - 1


def _iso_weeks_in(year: int) -> int:
    return date(year, 12, 28).isocalendar()[1]


def _month_from_index(index: int) -> Period:
    return Period.month(index // 12, index % 12 + 1)


def _period_strategies(first_year: int, last_year: int, span_room: int = 0) -> st.SearchStrategy[Period]:
    """Periods of every kind whose financial years start between the two years.

    ``span_room`` 1 leaves a span's own length free on either side, for next()/previous().
    """
    years = st.integers(first_year, last_year)
    financial_years = years.map(Period.financial_year)
    quarters = st.builds(Period.quarter, years, st.integers(1, 4))
    # Month index counts months from year 0: April of first_year to March after last_year.
    months = st.integers(first_year * 12 + 3, (last_year + 1) * 12 + 2).map(_month_from_index)
    weeks = st.integers(first_year + 1, last_year).flatmap(
        lambda year: st.integers(1, _iso_weeks_in(year)).map(lambda week: Period.week(year, week))
    )
    days = st.integers(date(first_year, 4, 1).toordinal(), date(last_year + 1, 3, 31).toordinal()).map(
        lambda ordinal: Period.on(date.fromordinal(ordinal))
    )
    # Spans of two to twelve financial years, and years to date ending April to February.
    spans = st.integers(2, 12).flatmap(
        lambda length: st.integers(first_year + span_room * length, last_year - length + 1 - span_room * length).map(
            lambda first: Period.financial_year_span(first, first + length - 1)
        )
    )
    years_to_date = st.builds(
        lambda year, month: Period.year_to_date(year if month >= 4 else year + 1, month),
        years,
        st.sampled_from([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2]),
    )
    return st.one_of(financial_years, quarters, months, weeks, days, spans, years_to_date)


periods = _period_strategies(FIRST_FY_YEAR, LAST_FY_YEAR)
# Periods with room on both sides, for next()/previous().
interior_periods = _period_strategies(FIRST_FY_YEAR + 1, LAST_FY_YEAR - 1, span_room=1)
# Typical reporting years, to make sure the common range is well exercised.
recent_periods = _period_strategies(1990, 2060)
supported_dates = st.dates(FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE)


# ----- parsing: the documented examples --------------------------------------------------

FINANCIAL_YEAR_EXAMPLES = [
    "2019-20",
    "2019/20",
    "2019-2020",
    "2019/2020",
    "FY 2019-20",
    "FY2019/20",
    "fy 2019-2020",
    "Financial year 2019-20",
    "2019\u201320",  # en dash
    "2019\u201420",  # em dash
    "2019 - 20",
    "  2019-20  ",
]


@pytest.mark.parametrize("text", FINANCIAL_YEAR_EXAMPLES)
def test_it_parses_financial_year_forms(text):
    assert parse_period(text) == FY(2019)


QUARTER_EXAMPLES = [
    "Q3 2015/16",
    "Q3 2015-16",
    "2015/16 Q3",
    "2015-16 Q3",
    "2015-16-Q3",
    "q3 2015/16",
    "Q3 FY 2015-16",
    "Quarter 3 2015/16",
    "Q3 2015\u201316",
    "Q3 2015/2016",
]


@pytest.mark.parametrize("text", QUARTER_EXAMPLES)
def test_it_parses_quarter_forms(text):
    assert parse_period(text) == Q(2015, 3)


MONTH_EXAMPLES = [
    ("Oct 2019", M(2019, 10)),
    ("October 2019", M(2019, 10)),
    ("oct 2019", M(2019, 10)),
    ("OCTOBER 2019", M(2019, 10)),
    ("Oct '19", M(2019, 10)),
    ("Oct \u201919", M(2019, 10)),  # curly apostrophe
    ("Oct-19", M(2019, 10)),
    ("Oct 19", M(2019, 10)),
    ("Oct2019", M(2019, 10)),
    ("March 2019", M(2019, 3)),
    ("Sept 2019", M(2019, 9)),
    ("Sep 2019", M(2019, 9)),
    ("2019-10", M(2019, 10)),
    ("2019-M10", M(2019, 10)),
    ("2019-m3", M(2019, 3)),
    ("Jan-70", M(1970, 1)),
    ("Dec-69", M(2069, 12)),
]


@pytest.mark.parametrize(("text", "expected"), MONTH_EXAMPLES)
def test_it_parses_month_forms(text, expected):
    assert parse_period(text) == expected


WEEK_EXAMPLES = [
    "2019-W41",
    "2019-w41",
    "2019W41",
    "Week 41 2019",
    "week 41, 2019",
    "Wk 41 2019",
    "w/c 7 Oct 2019",
    "W/C 7 October 2019",
    "w/c 07/10/2019",
    "w/c 2019-10-07",
    "week commencing 7 Oct 2019",
    "wc 7 Oct 2019",
]


@pytest.mark.parametrize("text", WEEK_EXAMPLES)
def test_it_parses_week_forms(text):
    assert parse_period(text) == W(2019, 41)


DATE_EXAMPLES = [
    "2019-10-07",
    "07/10/2019",
    "7/10/2019",
    "07/10/19",
    "07.10.2019",
    "07-10-2019",
    "7 October 2019",
    "7 Oct 2019",
    "7th October 2019",
    "7 oct 19",
    "07 OCT 2019",
]


@pytest.mark.parametrize("text", DATE_EXAMPLES)
def test_it_parses_date_forms(text):
    assert parse_period(text) == D(date(2019, 10, 7))


def test_it_reads_numeric_dates_day_first():
    assert parse_period("01/02/2020") == D(date(2020, 2, 1))


@pytest.mark.parametrize(
    ("two_digits", "year"),
    [("00", 2000), ("19", 2019), ("69", 2069), ("70", 1970), ("99", 1999)],
)
def test_it_maps_two_digit_years_below_70_to_this_century(two_digits, year):
    assert parse_period(f"Jan '{two_digits}") == M(year, 1)


def test_it_parses_a_date_object_as_a_date_period():
    assert parse_period(date(2019, 10, 7)) == D(date(2019, 10, 7))


def test_it_parses_a_datetime_object_as_the_date_period_of_its_day():
    assert parse_period(datetime(2019, 10, 7, 15, 30)) == D(date(2019, 10, 7))


def test_it_returns_a_period_unchanged():
    period = Q(2019, 1)
    assert parse_period(period) is period


def test_it_reads_ambiguous_year_and_two_digits_as_a_financial_year():
    assert parse_period("2010-11") == FY(2010)


def test_it_reads_the_month_code_of_an_ambiguous_month_as_a_month():
    assert parse_period("2010-M11") == M(2010, 11)


def test_it_parses_the_turn_of_the_century_financial_year():
    assert parse_period("1999-00") == FY(1999)


def test_it_parses_week_53_in_a_long_iso_year():
    assert parse_period("2020-W53") == W(2020, 53)


def test_it_parses_week_commencing_in_the_previous_calendar_year():
    assert parse_period("w/c 30 Dec 2019") == W(2020, 1)


# ----- parsing: errors ------------------------------------------------------------------

INVALID_EXAMPLES = [
    "",
    "   ",
    "nonsense",
    "2019-15",
    "2019/15",
    "2019-2019",
    "2019-2018",
    "FY 2019-10",
    "2019-00",
    "2019-13",
    "2019-M13",
    "2019-M00",
    "Q5 2019/20",
    "Q0 2019/20",
    "Q3 2015",
    "2019-Q3",
    "Q3 2015/17",
    "Foo 2019",
    "31/02/2019",
    "2019-02-30",
    "30 Feb 2019",
    "7 Foo 2019",
    "2019-W54",
    "2019-W53",
    "2019-W00",
    "Week 60 2019",
    "w/c 8 Oct 2019",
    "w/c next Monday",
    "Jan 1000",
    "2019",
    "Oct",
    "7 Oct",
]


@pytest.mark.parametrize("text", INVALID_EXAMPLES)
def test_it_rejects_text_that_is_not_a_period(text):
    with pytest.raises(PeriodParseError):
        parse_period(text)


@pytest.mark.parametrize("text", [t for t in INVALID_EXAMPLES if t.strip()])
def test_its_error_message_names_the_input(text):
    with pytest.raises(PeriodParseError, match="Could not read") as caught:
        parse_period(text)
    assert repr(text.strip()) in str(caught.value)


def test_its_error_is_a_value_error():
    assert issubclass(PeriodParseError, ValueError)


def test_it_explains_that_the_second_year_must_follow_the_first():
    with pytest.raises(PeriodParseError, match="should be 20, the year after 2019"):
        parse_period("2019-15")


def test_it_explains_the_expected_four_digit_second_year():
    with pytest.raises(PeriodParseError, match="'2019-2020'"):
        parse_period("2019-2018")


def test_it_explains_that_a_week_must_commence_on_a_monday():
    with pytest.raises(PeriodParseError, match="Tuesday.*Monday"):
        parse_period("w/c 8 Oct 2019")


def test_it_explains_that_a_quarter_needs_a_financial_year():
    with pytest.raises(PeriodParseError, match="quarter needs its financial year"):
        parse_period("Q3 2015")


def test_it_explains_that_an_impossible_date_is_not_in_the_calendar():
    with pytest.raises(PeriodParseError, match="no day 31/2/2019"):
        parse_period("31/02/2019")


def test_it_lists_the_accepted_forms_for_unrecognised_text():
    with pytest.raises(PeriodParseError, match="expected a financial year such as '2019-20'"):
        parse_period("nonsense")


@pytest.mark.parametrize("value", [None, 2019, 2019.5, ["2019-20"]])
def test_it_rejects_values_that_are_neither_text_nor_dates(value):
    with pytest.raises(PeriodParseError, match="expected text or a date"):
        parse_period(value)


# ----- constructors ---------------------------------------------------------------------


def test_financial_year_runs_from_1_april_to_31_march():
    period = FY(2019)
    assert (period.kind, period.start, period.end) == (
        PeriodKind.FINANCIAL_YEAR,
        date(2019, 4, 1),
        date(2020, 3, 31),
    )


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        (1, date(2015, 4, 1), date(2015, 6, 30)),
        (2, date(2015, 7, 1), date(2015, 9, 30)),
        (3, date(2015, 10, 1), date(2015, 12, 31)),
        (4, date(2016, 1, 1), date(2016, 3, 31)),
    ],
)
def test_quarters_follow_the_financial_year(q, start, end):
    period = Q(2015, q)
    assert (period.start, period.end) == (start, end)


def test_month_covers_the_whole_calendar_month():
    assert (M(2020, 2).start, M(2020, 2).end) == (date(2020, 2, 1), date(2020, 2, 29))


def test_week_is_an_iso_week_from_monday_to_sunday():
    period = W(2019, 41)
    assert (period.start, period.end) == (date(2019, 10, 7), date(2019, 10, 13))


def test_on_makes_a_single_day_period():
    period = D(date(2019, 10, 7))
    assert (period.kind, period.start, period.end) == (
        PeriodKind.DATE,
        date(2019, 10, 7),
        date(2019, 10, 7),
    )


def test_on_reduces_a_datetime_to_its_date():
    assert D(datetime(2019, 10, 7, 23, 59)) == D(date(2019, 10, 7))


def test_week_commencing_builds_the_week_starting_on_that_monday():
    assert Period.week_commencing(date(2019, 10, 7)) == W(2019, 41)


def test_week_commencing_rejects_a_day_other_than_monday():
    with pytest.raises(ValueError, match="Monday"):
        Period.week_commencing(date(2019, 10, 8))


@pytest.mark.parametrize("q", [0, 5, -1])
def test_quarter_rejects_a_number_outside_1_to_4(q):
    with pytest.raises(ValueError, match="1 to 4"):
        Q(2019, q)


@pytest.mark.parametrize("month", [0, 13])
def test_month_rejects_a_number_outside_1_to_12(month):
    with pytest.raises(ValueError, match="1 to 12"):
        M(2019, month)


def test_week_rejects_week_53_in_a_short_iso_year():
    with pytest.raises(ValueError, match="no ISO week 53"):
        W(2019, 53)


@pytest.mark.parametrize(
    "build",
    [
        lambda: FY("2019"),
        lambda: FY(True),
        lambda: Q(2019, 1.0),
        lambda: M(2019.0, 1),
        lambda: W(2019, "41"),
        lambda: D("2019-10-07"),
    ],
)
def test_constructors_reject_values_of_the_wrong_type(build):
    with pytest.raises(TypeError):
        build()


@pytest.mark.parametrize(
    "build",
    [
        lambda: FY(FIRST_FY_YEAR - 1),
        lambda: FY(LAST_FY_YEAR + 1),
        lambda: M(1000, 3),
        lambda: M(9999, 4),
        lambda: D(date(1000, 3, 31)),
        lambda: D(date(9999, 4, 1)),
    ],
)
def test_constructors_reject_periods_outside_the_supported_range(build):
    with pytest.raises(ValueError, match="supported range"):
        build()


def test_the_first_and_last_supported_financial_years_can_be_built():
    assert (FY(FIRST_FY_YEAR).start, FY(LAST_FY_YEAR).end) == (
        FIRST_SUPPORTED_DATE,
        LAST_SUPPORTED_DATE,
    )


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        (PeriodKind.FINANCIAL_YEAR, date(2019, 1, 1), date(2019, 12, 31)),
        (PeriodKind.FINANCIAL_YEAR, date(2019, 4, 1), date(2020, 4, 30)),
        (PeriodKind.QUARTER, date(2019, 2, 1), date(2019, 4, 30)),
        (PeriodKind.QUARTER, date(2019, 4, 2), date(2019, 6, 30)),
        (PeriodKind.MONTH, date(2019, 4, 1), date(2019, 4, 29)),
        (PeriodKind.WEEK, date(2019, 10, 8), date(2019, 10, 14)),
        (PeriodKind.WEEK, date(2019, 10, 7), date(2019, 10, 12)),
        (PeriodKind.DATE, date(2019, 10, 7), date(2019, 10, 8)),
    ],
)
def test_direct_construction_rejects_dates_that_do_not_fit_the_kind(kind, start, end):
    with pytest.raises(ValueError):
        Period(kind, start, end)


def test_direct_construction_rejects_datetimes():
    with pytest.raises(TypeError):
        Period(PeriodKind.DATE, datetime(2019, 10, 7), datetime(2019, 10, 7))


def test_direct_construction_accepts_the_kind_as_its_string_value():
    assert Period("month", date(2019, 10, 1), date(2019, 10, 31)) == M(2019, 10)


def test_periods_are_immutable():
    with pytest.raises(AttributeError):
        FY(2019).start = date(2020, 4, 1)


# ----- labels and codes -----------------------------------------------------------------

LABELS_AND_CODES = [
    (FY(2019), "2019-20", "2019-20"),
    (FY(1999), "1999-00", "1999-00"),
    (Q(2015, 3), "Q3 2015/16", "2015-16-Q3"),
    (Q(2015, 4), "Q4 2015/16", "2015-16-Q4"),
    (M(2019, 10), "Oct 2019", "2019-M10"),
    (M(2019, 9), "Sep 2019", "2019-M09"),
    (W(2019, 41), "w/c 7 Oct 2019", "2019-W41"),
    (W(2020, 1), "w/c 30 Dec 2019", "2020-W01"),
    (D(date(2019, 10, 7)), "7 Oct 2019", "2019-10-07"),
]


@pytest.mark.parametrize(("period", "label", "code"), LABELS_AND_CODES)
def test_label_uses_the_council_style(period, label, code):
    assert period.label == label


@pytest.mark.parametrize(("period", "label", "code"), LABELS_AND_CODES)
def test_code_uses_the_canonical_scheme(period, label, code):
    assert period.code == code


def test_str_is_the_label():
    assert str(Q(2015, 3)) == "Q3 2015/16"


def test_repr_names_the_kind_and_code():
    assert repr(Q(2015, 3)) == "<Period QUARTER 2015-16-Q3>"


@pytest.mark.parametrize(("style", "expected"), [("-", "2019-20"), ("/", "2019/20")], ids=["hyphen", "slash"])
def test_financial_year_label_supports_both_styles(style, expected):
    assert financial_year_label(2019, style) == expected


def test_financial_year_label_rejects_an_unknown_style():
    with pytest.raises(ValueError, match="style"):
        financial_year_label(2019, "_")


def test_kind_has_a_plain_english_label():
    assert PeriodKind.FINANCIAL_YEAR.label == "Financial year"


@given(periods)
def test_code_round_trips_through_parse_period(period):
    assert parse_period(period.code) == period


@given(periods)
def test_label_round_trips_through_parse_period(period):
    assert parse_period(period.label) == period


@given(recent_periods, st.sampled_from([str.upper, str.lower, lambda s: f"  {s}\t"]))
def test_parsing_ignores_case_and_surrounding_whitespace(period, transform):
    assert parse_period(transform(period.label)) == period


@given(periods)
def test_code_is_plain_ascii_without_spaces(period):
    assert period.code.isascii() and " " not in period.code


@given(supported_dates)
def test_every_supported_date_round_trips_in_uk_numeric_form(day):
    assert parse_period(day.strftime("%d/%m/%Y")) == D(day)


# ----- ordering, equality and hashing ---------------------------------------------------


def test_a_financial_year_sorts_before_its_first_quarter_month_week_and_day():
    first_week = Period.week_commencing(date(2019, 4, 1))  # 1 April 2019 was a Monday
    shuffled = [D(date(2019, 4, 1)), first_week, M(2019, 4), Q(2019, 1), FY(2019)]
    assert sorted(shuffled) == [FY(2019), Q(2019, 1), M(2019, 4), first_week, D(date(2019, 4, 1))]


def test_periods_sort_by_start_first():
    assert sorted([M(2020, 1), FY(2019), D(date(2019, 5, 1))]) == [
        FY(2019),
        D(date(2019, 5, 1)),
        M(2020, 1),
    ]


def test_equal_periods_share_a_hash():
    assert {Q(2015, 3), parse_period("Q3 2015/16")} == {Q(2015, 3)}


def test_periods_do_not_order_against_other_types():
    with pytest.raises(TypeError):
        _ = FY(2019) < date(2019, 4, 1)


@given(periods, periods)
def test_ordering_is_a_total_order_consistent_with_equality(a, b):
    assert [a < b, a == b, a > b].count(True) == 1


@given(periods, periods)
def test_less_or_equal_matches_less_or_equal_to(a, b):
    assert (a <= b) == (a < b or a == b) and (a >= b) == (a > b or a == b)


@given(periods, periods, periods)
def test_ordering_is_transitive(a, b, c):
    x, y, z = sorted([a, b, c])
    assert x <= y <= z and x <= z


@given(periods)
def test_rebuilding_from_fields_gives_an_equal_period_with_the_same_hash(period):
    rebuilt = Period(period.kind, period.start, period.end)
    assert rebuilt == period and hash(rebuilt) == hash(period)


@given(periods)
def test_a_period_that_contains_another_sorts_no_later(period):
    year = period.financial_year
    container, contained = (period, year) if period.kind is PeriodKind.FINANCIAL_YEAR_SPAN else (year, period)
    assert container <= contained


# ----- containment and financial years --------------------------------------------------


def test_a_financial_year_contains_its_quarters():
    assert all(FY(2019).contains(q) for q in FY(2019).quarters())


def test_a_financial_year_contains_a_week_wholly_inside_it():
    assert FY(2019).contains(W(2019, 41))


def test_a_financial_year_does_not_contain_a_week_straddling_its_end():
    straddling = Period.week_commencing(date(2020, 3, 30))  # Mon 30 Mar to Sun 5 Apr 2020
    assert not FY(2019).contains(straddling)


def test_a_financial_year_contains_its_last_day():
    assert FY(2019).contains(date(2020, 3, 31))


def test_a_financial_year_does_not_contain_the_next_day():
    assert not FY(2019).contains(date(2020, 4, 1))


def test_contains_accepts_a_datetime():
    assert M(2019, 10).contains(datetime(2019, 10, 31, 23, 59))


def test_a_quarter_does_not_contain_its_financial_year():
    assert not Q(2019, 1).contains(FY(2019))


def test_in_operator_checks_containment():
    assert M(2019, 10) in Q(2019, 3)


def test_contains_rejects_other_types():
    with pytest.raises(TypeError):
        FY(2019).contains("2019-10")


@pytest.mark.parametrize(
    ("day", "start_year"),
    [(date(2020, 3, 31), 2019), (date(2020, 4, 1), 2020), (date(2020, 1, 1), 2019)],
)
def test_financial_year_of_a_date(day, start_year):
    assert financial_year_of(day) == FY(start_year)


def test_financial_year_of_accepts_a_datetime():
    assert financial_year_of(datetime(2020, 4, 1, 0, 0)) == FY(2020)


def test_financial_year_start_year_of_january_is_the_previous_year():
    assert financial_year_start_year(date(2020, 1, 15)) == 2019


@pytest.mark.parametrize(
    ("period", "start_year"),
    [(Q(2019, 4), 2019), (M(2020, 3), 2019), (M(2020, 4), 2020), (FY(2019), 2019)],
)
def test_financial_year_property_is_the_year_containing_the_start(period, start_year):
    assert period.financial_year == FY(start_year)


def test_financial_year_of_a_straddling_week_is_the_year_of_its_monday():
    assert Period.week_commencing(date(2020, 3, 30)).financial_year == FY(2019)


@given(supported_dates)
def test_financial_year_of_a_date_contains_that_date(day):
    assert financial_year_of(day).contains(day)


@given(periods)
def test_every_period_lies_within_its_financial_year_unless_a_straddling_week_or_a_span(period):
    if period.kind is PeriodKind.WEEK:
        assert period.financial_year.contains(period.start)
    elif period.kind is PeriodKind.FINANCIAL_YEAR_SPAN:
        # A span's financial year is its first; the span holds it and the years after it.
        assert period.contains(period.financial_year) and period.financial_year.start == period.start
    else:
        assert period.financial_year.contains(period)


@given(periods)
def test_every_period_contains_itself(period):
    assert period.contains(period)


@pytest.mark.parametrize(("month", "quarter"), [(4, 1), (6, 1), (7, 2), (12, 3), (1, 4), (3, 4)])
def test_quarter_number_follows_the_financial_year(month, quarter):
    assert M(2019 if month >= 4 else 2020, month).quarter_number == quarter


@pytest.mark.parametrize(("period", "days"), [(FY(2019), 366), (FY(2020), 365), (Q(2019, 1), 91), (W(2019, 41), 7)])
def test_days_counts_the_inclusive_length(period, days):
    assert period.days == days


# ----- stepping -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (FY(2019), FY(2020)),
        (Q(2019, 4), Q(2020, 1)),
        (Q(2019, 3), Q(2019, 4)),
        (M(2019, 12), M(2020, 1)),
        (W(2019, 52), W(2020, 1)),
        (W(2020, 53), W(2021, 1)),
        (D(date(2020, 2, 28)), D(date(2020, 2, 29))),
    ],
)
def test_next_gives_the_following_period_of_the_same_kind(period, following):
    assert period.next() == following


@pytest.mark.parametrize(
    ("period", "preceding"),
    [
        (FY(2019), FY(2018)),
        (Q(2020, 1), Q(2019, 4)),
        (M(2020, 1), M(2019, 12)),
        (W(2020, 1), W(2019, 52)),
        (D(date(2020, 3, 1)), D(date(2020, 2, 29))),
    ],
)
def test_previous_gives_the_preceding_period_of_the_same_kind(period, preceding):
    assert period.previous() == preceding


def test_next_beyond_the_supported_range_is_an_error():
    with pytest.raises(ValueError):
        FY(LAST_FY_YEAR).next()


def test_previous_before_the_supported_range_is_an_error():
    with pytest.raises(ValueError):
        D(FIRST_SUPPORTED_DATE).previous()


@given(interior_periods)
def test_next_then_previous_returns_to_the_same_period(period):
    assert period.next().previous() == period


@given(interior_periods)
def test_next_starts_the_day_after_the_end(period):
    following = period.next()
    if period.kind is PeriodKind.YEAR_TO_DATE:
        # The same months of the following financial year.
        assert following.start == period.start.replace(year=period.start.year + 1)
        assert (following.end.year, following.end.month) == (period.end.year + 1, period.end.month)
    else:
        assert following.start == period.end + timedelta(days=1)
    assert following.kind is period.kind


@given(interior_periods)
def test_next_sorts_after(period):
    assert period < period.next()


# ----- quarters and months of a year ----------------------------------------------------


def test_quarters_of_a_financial_year_are_q1_to_q4():
    assert FY(2019).quarters() == (Q(2019, 1), Q(2019, 2), Q(2019, 3), Q(2019, 4))


def test_months_of_a_financial_year_run_april_to_march():
    months = FY(2019).months()
    assert (len(months), months[0], months[-1]) == (12, M(2019, 4), M(2020, 3))


def test_months_of_a_quarter_are_its_three_months():
    assert Q(2019, 4).months() == (M(2020, 1), M(2020, 2), M(2020, 3))


def test_quarters_of_a_month_is_an_error():
    with pytest.raises(ValueError, match="only a financial year has quarters"):
        M(2019, 4).quarters()


def test_months_of_a_week_is_an_error():
    with pytest.raises(ValueError, match="has months"):
        W(2019, 41).months()


@given(st.integers(FIRST_FY_YEAR, LAST_FY_YEAR).map(Period.financial_year))
def test_quarters_tile_the_financial_year_without_gaps(year):
    quarters = year.quarters()
    joins = pairwise(quarters)
    assert quarters[0].start == year.start and quarters[-1].end == year.end
    assert all(a.end + timedelta(days=1) == b.start for a, b in joins)


@given(st.integers(FIRST_FY_YEAR, LAST_FY_YEAR).map(Period.financial_year))
def test_months_tile_the_financial_year_without_gaps(year):
    months = year.months()
    joins = pairwise(months)
    assert months[0].start == year.start and months[-1].end == year.end
    assert all(a.end + timedelta(days=1) == b.start for a, b in joins)


@given(periods)
def test_periods_survive_pickling_for_caches(period):
    assert pickle.loads(pickle.dumps(period)) == period  # noqa: S301 - our own bytes, not untrusted data
