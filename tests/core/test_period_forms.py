"""The period forms councils write (issue 9 point 6), the two kinds they need (a span of
financial years and a year to date), and the refusals of what is truly ambiguous."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.periods import Period, PeriodKind, PeriodParseError, parse_period

FY = Period.financial_year
SPAN = Period.financial_year_span
YTD = Period.year_to_date
Q = Period.quarter
M = Period.month
W = Period.week
D = Period.on

# ----- every form listed in the issue ---------------------------------------------------

ISSUE_FORMS = [
    ("14/15", FY(2014)),
    ("16/17", FY(2016)),
    ("Q3 15/16", Q(2015, 3)),
    ("Qtr 2 2018/19", Q(2018, 2)),
    ("Apr-Jun 2018", Q(2018, 1)),
    ("Oct\u2013Dec 2018", Q(2018, 3)),  # en dash
    ("Oct-Dec 2018", Q(2018, 3)),
    ("FY19/20", FY(2019)),
    ("as at July 2018", M(2018, 7)),
    ("w/e 13 Oct 2019", W(2019, 41)),
    ("2017-19", SPAN(2017, 2018)),
    ("2017/18 to 2019/20", SPAN(2017, 2019)),
    ("2017-18 to 2019-20", SPAN(2017, 2019)),
    ("2018-19 YTD to Dec 2018", YTD(2018, 12)),
    ("YTD Dec 2018", YTD(2018, 12)),
    ("Apr-Dec 2018", YTD(2018, 12)),
]


@pytest.mark.parametrize(("text", "expected"), ISSUE_FORMS, ids=[text for text, _ in ISSUE_FORMS])
def test_it_reads_each_form_in_the_issue(text, expected):
    assert parse_period(text) == expected


MORE_FORMS = [
    # financial years with two-digit years
    ("19-20", FY(2019)),
    ("99/00", FY(1999)),
    ("FY 19-20", FY(2019)),
    ("fy2019/20", FY(2019)),
    ("Apr 2019 - Mar 2020", FY(2019)),
    ("April 2019 to March 2020", FY(2019)),
    # quarters
    ("Quarter 2 2018/19", Q(2018, 2)),
    ("Qtr. 4 FY18/19", Q(2018, 4)),
    ("2018/19 Qtr 2", Q(2018, 2)),
    ("Jan-Mar 2019", Q(2018, 4)),
    ("Jan\u2014Mar 2019", Q(2018, 4)),  # em dash
    ("October to December 2018", Q(2018, 3)),
    ("Jul 2018 - Sep 2018", Q(2018, 2)),
    ("Jul-Sep 18", Q(2018, 2)),
    ("Oct-Dec 2018/19", Q(2018, 3)),
    ("Jan-Mar 2018/19", Q(2018, 4)),
    ("Nov 2018-Nov 2018", M(2018, 11)),
    # spans of financial years
    ("2017/19", SPAN(2017, 2018)),
    ("2017-2019", SPAN(2017, 2018)),
    ("2015-20", SPAN(2015, 2019)),
    ("2017/18 - 2019/20", SPAN(2017, 2019)),
    ("2017-18\u20132019-20", SPAN(2017, 2019)),
    ("FY17/18 to FY19/20", SPAN(2017, 2019)),
    ("17/18 to 19/20", SPAN(2017, 2019)),
    ("2017-18 until 2019-20", SPAN(2017, 2019)),
    ("Apr 2017 to Mar 2020", SPAN(2017, 2019)),
    ("2017-18-TO-2019-20", SPAN(2017, 2019)),
    ("2019-20 to 2019-20", FY(2019)),  # a span of one year is that year
    ("98/01", SPAN(1998, 2000)),
    # years to date
    ("2018-19 YTD Dec", YTD(2018, 12)),
    ("2018/19 YTD (Dec)", YTD(2018, 12)),
    ("2018-19 YTD as at Jan 2019", YTD(2019, 1)),
    ("2018-19 year to date to December 2018", YTD(2018, 12)),
    ("2018-19 to Dec 2018", YTD(2018, 12)),
    ("2018-19 to the end of Dec 2018", YTD(2018, 12)),
    ("2018-19 to date (Dec 2018)", YTD(2018, 12)),
    ("Year to date December 2018", YTD(2018, 12)),
    ("YTD to Feb 2019", YTD(2019, 2)),
    ("Dec 2018 YTD", YTD(2018, 12)),
    ("Apr 2018 - Jan 2019", YTD(2019, 1)),
    ("Apr-Jan 2019", YTD(2019, 1)),
    ("Q1-Q3 2018/19", YTD(2018, 12)),
    ("Q1 to Q2 2018/19", YTD(2018, 9)),
    ("Q1-Q4 2018/19", FY(2018)),
    ("2018-19-YTD-M12", YTD(2018, 12)),
    ("2018-19 YTD to Mar 2019", FY(2018)),  # to the end of March is the whole year
    ("YTD Apr 2018", YTD(2018, 4)),
    ("2018-19 YTD to Jun 2018", YTD(2018, 6)),  # said as a year to date, kept as one
    # snapshots "as at"
    ("as at Jul 2018", M(2018, 7)),
    ("As of July 2018", M(2018, 7)),
    ("as at 31 July 2018", D(date(2018, 7, 31))),
    ("as at end of July 2018", D(date(2018, 7, 31))),
    ("as at the end of July 2018", D(date(2018, 7, 31))),
    ("at end Jul 2018", D(date(2018, 7, 31))),
    ("end of Q3 2015/16", D(date(2015, 12, 31))),
    ("as at 31/03/2019", D(date(2019, 3, 31))),
    ("as at Q3 2015/16", Q(2015, 3)),
    # weeks ending
    ("week ending 13 Oct 2019", W(2019, 41)),
    ("W/E 13/10/2019", W(2019, 41)),
    ("w.e. 13 October 2019", W(2019, 41)),
    ("we 13 Oct 2019", W(2019, 41)),
    ("w/ending 13 Oct 2019", W(2019, 41)),
    ("wk ending 2019-10-13", W(2019, 41)),
]


@pytest.mark.parametrize(("text", "expected"), MORE_FORMS, ids=[text for text, _ in MORE_FORMS])
def test_it_reads_the_other_forms_councils_write(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("last_day", "week"),
    [
        (date(2019, 10, 13), W(2019, 41)),  # Sunday: exactly that ISO week
        (date(2019, 10, 12), W(2019, 41)),  # Saturday
        (date(2019, 10, 11), W(2019, 41)),  # Friday, the common council week ending
        (date(2019, 10, 10), W(2019, 41)),  # Thursday: four of its seven days are in W41
        (date(2019, 10, 9), W(2019, 40)),  # Wednesday: four of its seven days are in W40
        (date(2019, 10, 8), W(2019, 40)),  # Tuesday
        (date(2019, 10, 14), W(2019, 41)),  # Monday: six of its seven days are in W41
    ],
)
def test_a_week_ending_is_the_iso_week_holding_most_of_its_seven_days(last_day, week):
    assert parse_period(f"w/e {last_day:%d/%m/%Y}") == week


@given(st.dates(date(1001, 1, 1), date(9998, 12, 1)))
def test_a_week_ending_any_day_shares_at_least_four_days_with_the_week_read(last_day):
    week = parse_period(f"w/e {last_day.isoformat()}")
    seven_days = {last_day - timedelta(days=n) for n in range(7)}
    assert week.kind is PeriodKind.WEEK
    assert len([day for day in seven_days if week.contains(day)]) >= 4


# ----- refusals, and what they say ------------------------------------------------------

REFUSALS = [
    ("2018-19 YTD", "needs the month it runs to.*'2018-19 YTD to Dec 2018'.*'Apr-Dec 2018'"),
    ("YTD", "needs the month it runs to"),
    ("2008-11", "could be Nov 2008 or the financial years 2008-09 to 2010-11"),
    ("2010-12", "could be Dec 2010 or the financial years 2010-11 to 2011-12"),
    ("10/12", "could be Oct 2012 .*2010-11 to 2011-12"),
    ("2019", "could be the financial year ending in 2019 \\('2018-19'\\) or the one starting in it \\('2019-20'\\)"),
    ("FY19", "could be the financial year ending in 2019"),
    ("Jul-Dec 2018", "Jul 2018 to Dec 2018 is 6 months.*give a figure for each quarter or month"),
    ("Nov 2018-Jan 2019", "is 3 months.*Apr-Jun, Jul-Sep, Oct-Dec or Jan-Mar"),
    ("Jun-Apr 2018", "is 11 months"),
    ("Apr 2019 - Dec 2018", "ends before it starts"),
    ("2019-20 to 2017-18", "the span ends \\(2017-18\\) before it starts \\(2019-20\\)"),
    ("2018-19 YTD to Dec 2019", "Dec 2019 is not in the financial year 2018-19"),
    ("2018-19-YTD-M13", "month numbered 01 to 12"),
    ("w/e someday", "week ending date such as 'w/e 13 Oct 2019'"),
    ("Q3 15", "quarter needs its financial year"),
    ("Q3 2015/17", "second year must be the year after the first"),
    ("2015/17 Q3", "second year must be the year after the first"),
    ("2019-15", "not a financial year.*nor a span of financial years.*nor a month"),
    ("2019/2019", "the second part should be 2020"),
]


@pytest.mark.parametrize(("text", "message"), REFUSALS, ids=[text for text, _ in REFUSALS])
def test_it_refuses_what_is_ambiguous_or_wrong_saying_what_would_be_understood(text, message):
    with pytest.raises(PeriodParseError, match=message) as caught:
        parse_period(text)
    assert str(caught.value).startswith(f"Could not read {text!r} as a period: ")


def test_a_span_of_years_is_not_called_a_month():
    # The bug: "2017-19" was refused with "19 is not a month number".
    assert parse_period("2017-19").kind is PeriodKind.FINANCIAL_YEAR_SPAN


YEARS = st.integers(1001, 9990)


@given(YEARS, st.integers(13, 99), st.sampled_from(["-", "/", " - ", "\u2013"]))
def test_no_message_reads_a_two_digit_year_above_12_as_a_month_number(year, two_digits, sep):
    text = f"{year}{sep}{two_digits:02d}"
    try:
        parse_period(text)
    except PeriodParseError as error:
        assert not re.search(rf"\b{two_digits}\b is not a month", str(error))


@given(st.integers(0, 99), st.integers(0, 99), st.sampled_from(["-", "/"]))
def test_two_two_digit_years_either_read_or_are_refused_with_a_reason(first, second, sep):
    text = f"{first:02d}{sep}{second:02d}"
    try:
        period = parse_period(text)
    except PeriodParseError as error:
        assert "expected a financial year such as" not in str(error)  # a reason, not the list
    else:
        assert period.kind in (PeriodKind.FINANCIAL_YEAR, PeriodKind.FINANCIAL_YEAR_SPAN)


# ----- the new kinds --------------------------------------------------------------------


def test_a_span_runs_from_1_april_of_its_first_year_to_31_march_after_its_last():
    span = SPAN(2017, 2019)
    assert (span.kind, span.start, span.end) == (PeriodKind.FINANCIAL_YEAR_SPAN, date(2017, 4, 1), date(2020, 3, 31))


def test_a_span_has_its_label_and_code():
    assert (SPAN(2017, 2019).label, SPAN(2017, 2019).code) == ("2017-18 to 2019-20", "2017-18-TO-2019-20")


def test_a_year_to_date_has_its_label_and_code():
    assert (YTD(2018, 12).label, YTD(2018, 12).code) == ("2018-19 to date (Dec 2018)", "2018-19-YTD-M12")


def test_a_year_to_date_across_the_new_calendar_year_names_its_end_month():
    period = YTD(2019, 2)
    assert (period.start, period.end, period.label) == (
        date(2018, 4, 1),
        date(2019, 2, 28),
        "2018-19 to date (Feb 2019)",
    )


def test_the_new_kinds_have_plain_english_names():
    assert (PeriodKind.FINANCIAL_YEAR_SPAN.label, PeriodKind.YEAR_TO_DATE.label) == (
        "Span of financial years",
        "Year to date",
    )


def test_every_kind_value_fits_the_period_kind_column():
    assert max(len(kind.value) for kind in PeriodKind) <= 20


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: SPAN(2019, 2019), "must end after it starts"),
        (lambda: SPAN(2019, 2018), "must end after it starts"),
        (lambda: YTD(2019, 3), "whole financial year 2018-19"),
        (lambda: YTD(2019, 13), "1 to 12"),
        (lambda: Period(PeriodKind.FINANCIAL_YEAR_SPAN, date(2017, 4, 1), date(2018, 3, 31)), "2019 or later"),
        (lambda: Period(PeriodKind.FINANCIAL_YEAR_SPAN, date(2017, 4, 1), date(2019, 4, 30)), "31 March"),
        (lambda: Period(PeriodKind.FINANCIAL_YEAR_SPAN, date(2017, 1, 1), date(2019, 3, 31)), "1 April"),
        (lambda: Period(PeriodKind.YEAR_TO_DATE, date(2018, 4, 1), date(2019, 3, 31)), "April to February"),
        (lambda: Period(PeriodKind.YEAR_TO_DATE, date(2018, 4, 1), date(2018, 12, 30)), "last day of a month"),
        (lambda: Period(PeriodKind.YEAR_TO_DATE, date(2018, 5, 1), date(2018, 12, 31)), "1 April"),
    ],
)
def test_the_new_kinds_refuse_dates_that_do_not_fit(build, message):
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize("build", [lambda: SPAN(2019.0, 2021), lambda: YTD(2019, "12"), lambda: YTD(True, 12)])
def test_the_new_constructors_reject_values_of_the_wrong_type(build):
    with pytest.raises(TypeError):
        build()


def test_a_span_sorts_before_its_first_year_which_sorts_before_its_year_to_date_and_first_quarter():
    shuffled = [M(2017, 4), Q(2017, 1), YTD(2017, 6), YTD(2017, 12), FY(2017), SPAN(2017, 2019)]
    assert sorted(shuffled) == [SPAN(2017, 2019), FY(2017), YTD(2017, 12), YTD(2017, 6), Q(2017, 1), M(2017, 4)]


def test_a_year_to_date_and_the_quarter_with_the_same_dates_are_different_periods():
    assert YTD(2018, 6) != Q(2018, 1) and (YTD(2018, 6).start, YTD(2018, 6).end) == (Q(2018, 1).start, Q(2018, 1).end)


def test_a_span_holds_its_financial_years_and_their_quarters():
    span = SPAN(2017, 2019)
    assert span.financial_years() == (FY(2017), FY(2018), FY(2019))
    assert all(span.contains(q) for year in span.financial_years() for q in year.quarters())
    assert not span.contains(FY(2020))


def test_the_financial_year_of_a_span_is_its_first_and_of_a_year_to_date_its_own():
    assert (SPAN(2017, 2019).financial_year, YTD(2019, 1).financial_year) == (FY(2017), FY(2018))


def test_the_months_of_a_year_to_date_run_from_april_to_its_end():
    months = YTD(2019, 1).months()
    assert (len(months), months[0], months[-1]) == (10, M(2018, 4), M(2019, 1))


def test_the_months_of_a_span_cover_every_year():
    assert len(SPAN(2017, 2019).months()) == 36


def test_only_a_year_or_a_span_has_financial_years():
    with pytest.raises(ValueError, match="only a financial year or a span"):
        YTD(2018, 12).financial_years()


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (SPAN(2017, 2019), SPAN(2020, 2022)),
        (SPAN(2017, 2018), SPAN(2019, 2020)),
        (YTD(2018, 12), YTD(2019, 12)),
        (YTD(2019, 2), YTD(2020, 2)),
    ],
)
def test_next_of_a_span_or_a_year_to_date(period, following):
    assert (period.next(), following.previous()) == (following, period)


def test_the_year_to_date_after_a_leap_february_ends_on_the_28th():
    assert YTD(2020, 2).next().end == date(2021, 2, 28)


@pytest.mark.parametrize("kind", list(PeriodKind))
def test_every_kind_round_trips_an_example_through_its_label_and_code(kind):
    examples = {
        PeriodKind.FINANCIAL_YEAR_SPAN: SPAN(2017, 2019),
        PeriodKind.FINANCIAL_YEAR: FY(2019),
        PeriodKind.YEAR_TO_DATE: YTD(2019, 1),
        PeriodKind.QUARTER: Q(2015, 3),
        PeriodKind.MONTH: M(2019, 10),
        PeriodKind.WEEK: W(2019, 41),
        PeriodKind.DATE: D(date(2019, 10, 7)),
    }
    period = examples[kind]
    assert (parse_period(period.label), parse_period(period.code)) == (period, period)


# ----- properties over every kind -------------------------------------------------------

spans = st.integers(1000, 9997).flatmap(
    lambda first: st.integers(first + 1, min(first + 60, 9998)).map(lambda last: SPAN(first, last))
)
years_to_date = st.builds(
    lambda fy, month: YTD(fy if month >= 4 else fy + 1, month),
    st.integers(1000, 9998),
    st.sampled_from([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2]),
)
new_kinds = st.one_of(spans, years_to_date)


@given(new_kinds)
def test_label_and_code_of_the_new_kinds_round_trip(period):
    assert parse_period(period.label) == period
    assert parse_period(period.code) == period


@given(new_kinds)
def test_codes_of_the_new_kinds_are_short_ascii_digits_hyphens_and_capitals(period):
    assert len(period.code) <= 20 and re.fullmatch(r"[0-9A-Z-]+", period.code)


@given(new_kinds)
def test_a_new_kind_lies_within_or_starts_its_financial_year(period):
    year = period.financial_year
    assert year.start == period.start
    assert period.contains(year) if period.kind is PeriodKind.FINANCIAL_YEAR_SPAN else year.contains(period)


@given(st.integers(1000, 9998), st.sampled_from([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2]))
def test_a_range_of_months_from_april_reads_as_the_year_to_date_or_the_quarter(fy, month):
    year = fy if month >= 4 else fy + 1
    period = parse_period(f"Apr {fy} to {date(year, month, 1):%b} {year}")
    expected = {4: M(fy, 4), 6: Q(fy, 1)}.get(month, YTD(year, month))
    assert period == expected


@given(spans, st.sampled_from(["{a} to {b}", "{a}-{b}", "{a} - {b}", "FY{a} to FY{b}"]), st.sampled_from(["-", "/"]))
def test_spans_read_in_every_written_style(span, template, sep):
    first, last = span.financial_years()[0], span.financial_years()[-1]
    text = template.format(a=first.label.replace("-", sep), b=last.label.replace("-", sep))
    assert parse_period(text) == span


PIECES = st.sampled_from(
    ["20", "19", "2019", "9999", "1000", "00", "12", "13", "/", "-", "\u2013", " ", "to", "q3", "qtr", "fy", "ytd",
     "year to date", "to date", "(", ")", "dec", "apr", "mar", "as at", "end of", "w/e", "w/c", "m10", "w41", "'"]
)  # fmt: skip


@given(st.lists(PIECES, min_size=1, max_size=8).map("".join))
def test_any_text_is_read_or_refused_with_a_period_error_never_another_error(text):
    try:
        period = parse_period(text)
    except PeriodParseError as error:
        assert str(error).startswith("Could not read")
    else:
        assert parse_period(period.code) == period


# ----- this year's "YTD" ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # On 6 Dec 2026 this year's YTD runs to the end of November, the last month that has ended.
        ("2026-27 YTD", date(2026, 12, 6), Period.year_to_date(2026, 11)),
        ("2026/27 year to date", date(2026, 12, 6), Period.year_to_date(2026, 11)),
        ("FY26/27 YTD", date(2027, 2, 1), Period.year_to_date(2027, 1)),
        ("2018-19 YTD", date(2018, 12, 31), Period.year_to_date(2018, 11)),
    ],
)
def test_this_years_ytd_runs_to_the_last_month_that_has_ended(text, today, expected):
    found = parse_period(text, today=today)
    assert found == expected
    assert found.kind is PeriodKind.YEAR_TO_DATE
    # Its label names the month, so it reads back the same on any day.
    assert parse_period(found.label, today=date(2040, 1, 1)) == found


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("2018-19 YTD", date(2026, 12, 6)),  # an earlier year: its paper's month is not in the text
        ("2027-28 YTD", date(2026, 12, 6)),  # a year that has not started
        ("2026-27 YTD", date(2026, 4, 20)),  # no month of the year has ended yet
    ],
)
def test_ytd_without_its_month_is_refused_outside_this_year(text, today):
    with pytest.raises(PeriodParseError, match="needs the month it runs to"):
        parse_period(text, today=today)
