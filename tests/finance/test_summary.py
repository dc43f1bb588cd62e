"""The spending trend's pure functions (ascent/finance/summary.py)."""

from __future__ import annotations

import csv
import io
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.numbers import shares_of_100
from ascent.finance.summary import (
    DASH,
    Line,
    build_trend,
    compound_annual_growth,
    default_measure,
    display_rows,
    export_rows,
    format_amount,
    format_percent,
    format_thousands,
    in_thousands,
    latest_trend,
    percent_change,
    shares,
    summary_sentences,
    trend_csv,
    trend_text,
)

from .harrow import MOVEMENTS, ORDER, PERCENTS, TOTALS, YEAR_LABELS, YEARS, harrow_lines, pounds


def texts(table, kind):
    return [[cell.text for cell in row.cells] for row in display_rows(table) if row.kind == kind]


def line(name="Adults", year=2019, thousands=100, **extra):
    return Line(name, year, pounds(thousands), **extra)


# The Resilient Harrow acceptance figures --------------------------------------------------


def test_harrow_totals_are_reproduced_exactly():
    assert texts(build_trend(harrow_lines()), "total") == [TOTALS]


def test_harrow_movements_are_reproduced_exactly():
    assert texts(build_trend(harrow_lines()), "movement") == [MOVEMENTS]


def test_harrow_percentages_are_reproduced_exactly():
    assert texts(build_trend(harrow_lines()), "percent") == [PERCENTS]


def test_harrow_service_lines_keep_the_reports_order_and_figures():
    rows = display_rows(build_trend(harrow_lines()))
    assert [row.label for row in rows] == [*ORDER, "Total", "Year on year movement", "Year on year %"]
    assert [cell.text for cell in rows[0].cells] == [
        "32,480", "34,221", "37,959", "40,439", "43,237", "47,991", "50,178", "53,022"
    ]  # fmt: skip


def test_harrow_columns_are_the_financial_years_in_order():
    table = build_trend(harrow_lines())
    assert [column.label for column in table.columns] == YEAR_LABELS


def test_harrow_raw_values_are_exact_pounds():
    table = build_trend(harrow_lines())
    assert table.totals[0] == Decimal("34099000")
    assert table.movements[-1].amount == Decimal("2847000")
    assert table.movements[-1].percent == Decimal("5")


def test_harrow_order_is_reproducible_from_shuffled_input_with_a_given_list():
    lines = harrow_lines()
    random.Random(4).shuffle(lines)
    table = build_trend(lines, order=ORDER)
    assert [row.service_line for row in table.rows] == ORDER
    assert texts(table, "total") == [TOTALS]


def test_harrow_summary_sentences():
    assert summary_sentences(build_trend(harrow_lines())) == [
        "Spending rose from £34.099m in 2013-14 to £56.651m in 2020-21, 66% in seven years.",
        "That is an average rise of 7.5% a year.",
        "Of the 2020-21 total, Adults made up 93%, Reablement 1% and CYAD 6%.",
    ]


def test_harrow_compound_annual_growth():
    assert build_trend(harrow_lines()).compound_annual_growth() == Decimal("7.5")


def test_harrow_shares_of_the_latest_year_add_up_to_100():
    # 93.59%, 0.69% and 5.72% round one by one to 94%, 1% and 6%, which add up to 101%. The
    # largest remainders (CYAD's 0.72, Reablement's 0.69) take the two units left after
    # rounding down (93 + 0 + 5), so Adults shows 93%.
    found = [(share.service_line, share.percent) for share in shares(build_trend(harrow_lines()))]
    assert found == [("Adults", Decimal(93)), ("Reablement", Decimal(1)), ("CYAD", Decimal(6))]
    assert sum(percent for _, percent in found) == 100


def test_shares_to_one_place_add_up_to_100():
    found = [share.percent for share in shares(build_trend(harrow_lines()), dp=1)]
    assert found == [Decimal("93.6"), Decimal("0.7"), Decimal("5.7")]
    assert sum(found) == 100


@given(
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=12).filter(lambda xs: sum(xs) > 0),
    st.integers(min_value=0, max_value=2),
)
def test_shares_always_add_up_to_100_and_stay_within_one_unit(amounts, dp):
    shown = shares_of_100([Decimal(amount) for amount in amounts], dp)
    unit = Decimal(1).scaleb(-dp)
    assert sum(shown) == 100
    total = sum(amounts)
    for amount, share in zip(amounts, shown, strict=True):
        exact = Decimal(amount) * 100 / total
        assert abs(share - exact) < unit
        assert share >= 0


def test_shares_of_a_total_with_income_are_rounded_one_by_one():
    assert shares_of_100([Decimal(120), Decimal(-20)]) is None
    lines = [line("Care", 2020, 120), line("Income", 2020, -20)]
    assert [share.percent for share in shares(build_trend(lines))] == [Decimal(120), Decimal(-20)]


def test_harrow_latest_trend_for_the_overview():
    latest = latest_trend(harrow_lines())
    assert (latest.latest.label, latest.total, latest.previous.label) == ("2020-21", pounds(56_651), "2019-20")
    assert (latest.previous_total, latest.movement, latest.percent) == (pounds(53_804), pounds(2_847), Decimal(5))
    assert latest.sentence() == "£56.651m in 2020-21, up £2.847m (5%) on 2019-20"


# Row order -------------------------------------------------------------------------------


def test_rows_follow_the_order_of_first_appearance_by_default():
    lines = [line("Zeta"), line("alpha"), line("Mid"), line("Zeta", 2020)]
    assert [row.service_line for row in build_trend(lines).rows] == ["Zeta", "alpha", "Mid"]


def test_rows_can_be_alphabetical_ignoring_case():
    lines = [line("Zeta"), line("alpha"), line("Mid")]
    assert [row.service_line for row in build_trend(lines, order="alphabetical").rows] == ["alpha", "Mid", "Zeta"]


def test_rows_can_be_largest_total_first():
    table = build_trend(harrow_lines(), order="largest")
    assert [row.service_line for row in table.rows] == ["Adults", "CYAD", "Reablement"]


def test_a_given_order_puts_unlisted_lines_after_and_ignores_unknown_names():
    lines = [line("A"), line("B"), line("C")]
    assert [row.service_line for row in build_trend(lines, order=["C", "Nope"]).rows] == ["C", "A", "B"]


def test_an_unknown_order_is_refused():
    with pytest.raises(ValueError, match="order must be"):
        build_trend([line()], order="random")


def test_order_of_appearance_does_not_change_when_years_are_filtered():
    lines = [line("B", 2018), line("A", 2019), line("B", 2019)]
    assert [row.service_line for row in build_trend(lines, first_year=2019).rows] == ["B", "A"]


# Basis -----------------------------------------------------------------------------------


def test_actual_is_preferred_to_forecast_and_budget():
    lines = [line(thousands=90, basis="budget"), line(thousands=95, basis="forecast"), line(thousands=100)]
    table = build_trend(lines)
    assert (table.columns[0].label, table.totals[0]) == ("2019-20", pounds(100))


def test_forecast_is_preferred_to_budget_and_labelled():
    table = build_trend([line(thousands=90, basis="budget"), line(thousands=95, basis="forecast")])
    assert (table.columns[0].label, table.totals[0]) == ("2019-20 (forecast)", pounds(95))


def test_a_budget_only_year_is_labelled_budget():
    table = build_trend([line(2019, thousands=1), line(year=2020, thousands=2, basis="budget")])
    assert [column.label for column in table.columns] == ["2019-20", "2020-21 (budget)"]


def test_each_year_chooses_its_own_basis():
    lines = [line(year=2018), line(year=2019, basis="forecast"), line(year=2020, basis="budget")]
    labels = [column.label for column in build_trend(lines).columns]
    assert labels == ["2018-19", "2019-20 (forecast)", "2020-21 (budget)"]


def test_a_service_line_without_the_years_basis_shows_no_figure():
    lines = [line("Adults", thousands=100), line("CYAD", thousands=7, basis="budget")]
    table = build_trend(lines)
    assert [row.service_line for row in table.rows] == ["Adults"]
    assert table.totals == (pounds(100),)


def test_a_single_basis_can_be_forced():
    lines = [line(thousands=100), line(thousands=90, basis="budget"), line(year=2020, thousands=95, basis="budget")]
    table = build_trend(lines, basis="budget")
    assert [column.label for column in table.columns] == ["2019-20 (budget)", "2020-21 (budget)"]
    assert table.totals == (pounds(90), pounds(95))


def test_forcing_actual_leaves_out_plans():
    table = build_trend([line(year=2019), line(year=2020, basis="budget")], basis="actual")
    assert [column.label for column in table.columns] == ["2019-20"]


def test_an_unknown_basis_is_refused():
    with pytest.raises(ValueError, match="basis must be one of"):
        build_trend([line()], basis="outturn")
    with pytest.raises(ValueError, match="basis must be one of"):
        build_trend([line(basis="estimate")])


# Measure ---------------------------------------------------------------------------------


def test_net_is_the_default_measure_and_gross_is_left_out():
    lines = [line(thousands=100), line(thousands=130, measure="gross")]
    table = build_trend(lines)
    assert (table.totals, table.caption) == ((pounds(100),), "Net expenditure by service line, £000")


def test_gross_can_be_chosen():
    lines = [line(thousands=100), line(thousands=130, measure="gross")]
    table = build_trend(lines, measure="gross")
    assert (table.totals, table.caption) == ((pounds(130),), "Gross expenditure by service line, £000")


def test_an_unknown_measure_is_refused():
    with pytest.raises(ValueError, match="measure must be one of"):
        build_trend([line()], measure="total")


def test_the_default_measure_is_gross_only_when_only_gross_is_held():
    assert default_measure([line(measure="gross")]) == "gross"
    assert default_measure([line(measure="gross"), line()]) == "net"
    assert default_measure([]) == "net"


def test_the_gross_summary_says_gross():
    lines = [line(year=2019, thousands=100, measure="gross"), line(year=2020, thousands=110, measure="gross")]
    assert summary_sentences(build_trend(lines, measure="gross"))[0].startswith("Gross spending rose from")


# Missing years ---------------------------------------------------------------------------


def gap_lines():
    return [line(year=2015, thousands=100), line(year=2017, thousands=120), line(year=2018, thousands=126)]


def test_a_gap_year_keeps_its_column_with_no_figures():
    table = build_trend(gap_lines())
    assert [column.label for column in table.columns] == ["2015-16", "2016-17", "2017-18", "2018-19"]
    assert table.gaps == (2016,)
    assert texts(table, "total") == [["100", DASH, "120", "126"]]


def test_no_movement_is_computed_across_a_gap():
    table = build_trend(gap_lines())
    assert [movement.reason for movement in table.movements] == ["first", "gap", "gap", ""]
    assert texts(table, "movement") == [["", DASH, DASH, "6"]]
    assert texts(table, "percent") == [["", DASH, DASH, "5%"]]


def test_the_summary_says_which_years_have_no_figures():
    sentences = summary_sentences(build_trend(gap_lines()))
    assert sentences[-1] == "There are no figures for 2016-17, so there is no movement into or out of that year."


def test_the_latest_trend_says_when_the_year_before_has_no_figures():
    latest = latest_trend([line(year=2018, thousands=100), line(year=2020, thousands=120)])
    assert latest.movement is None
    assert latest.sentence() == "£120K in 2020-21; no figures for 2019-20"


def test_years_can_be_limited_to_a_range():
    table = build_trend(harrow_lines(), first_year=2015, last_year=2017)
    assert [column.label for column in table.columns] == ["2015-16", "2016-17", "2017-18"]
    assert texts(table, "movement") == [["", "2,151", "3,946"]]


def test_a_range_with_no_figures_gives_an_empty_table():
    table = build_trend(harrow_lines(), first_year=2030)
    assert table.is_empty
    assert (summary_sentences(table), shares(table), table.compound_annual_growth()) == ([], [], None)


# Zero and negative ------------------------------------------------------------------------


def test_a_zero_previous_total_has_a_movement_but_no_percentage():
    table = build_trend([line(year=2019, thousands=0), line(year=2020, thousands=50)])
    assert (table.movements[1].amount, table.movements[1].percent, table.movements[1].reason) == (
        pounds(50),
        None,
        "zero",
    )
    assert texts(table, "percent") == [["", DASH]]


def test_a_fall_shows_a_minus_sign():
    table = build_trend([line(year=2019, thousands=4_000), line(year=2020, thousands=3_880)])
    assert texts(table, "movement") == [["", "−120"]]
    assert texts(table, "percent") == [["", "−3%"]]


def test_a_fall_in_pounds_style():
    assert format_thousands(Decimal("-120000"), pound_sign=True) == "−£120"
    assert format_thousands(Decimal("34099000"), pound_sign=True) == "£34,099"


def test_the_latest_trend_describes_a_fall():
    latest = latest_trend([line(year=2019, thousands=4_000), line(year=2020, thousands=3_880)])
    assert latest.sentence() == "£3.88m in 2020-21, down £120K (3%) on 2019-20"


def test_a_fall_over_the_span_is_described():
    lines = [line(year=2018, thousands=4_000), line(year=2019, thousands=3_950), line(year=2020, thousands=3_880)]
    assert summary_sentences(build_trend(lines))[:2] == [
        "Spending fell from £4m in 2018-19 to £3.88m in 2020-21, 3% in two years.",
        "That is an average fall of 1.5% a year.",
    ]


def test_a_negative_previous_total_gives_a_percentage_with_the_sign_of_the_movement():
    assert percent_change(Decimal(50), Decimal(-100)) == Decimal(50)
    assert percent_change(Decimal(-50), Decimal(-100)) == Decimal(-50)


# Rounding --------------------------------------------------------------------------------


def test_percentages_round_half_up():
    assert percent_change(Decimal(5), Decimal(1000)) == Decimal(1)  # 0.5% -> 1%
    assert percent_change(Decimal(25), Decimal(1000)) == Decimal(3)  # 2.5% -> 3%
    assert percent_change(Decimal("4.9"), Decimal(1000)) == Decimal(0)  # 0.49% -> 0%


def test_falling_percentages_round_half_away_from_zero():
    assert percent_change(Decimal(-5), Decimal(1000)) == Decimal(-1)


def test_a_half_per_cent_rise_in_the_table_shows_as_one_per_cent():
    table = build_trend([line(year=2019, thousands=1_000), line(year=2020, thousands=1_005)])
    assert texts(table, "percent") == [["", "1%"]]


def test_percentages_can_have_decimal_places():
    table = build_trend(harrow_lines(), percent_dp=1)
    assert texts(table, "percent")[0][1:3] == ["6.1%", "10.7%"]


def test_thousands_round_half_up():
    assert format_thousands(Decimal("34099500")) == "34,100"
    assert format_thousands(Decimal("34099499.99")) == "34,099"
    assert format_thousands(Decimal("-500")) == "−1"


def test_a_fall_that_rounds_to_nothing_has_no_sign():
    assert format_thousands(Decimal("-499")) == "0"
    assert format_percent(Decimal("-0")) == "0%"


def test_single_amounts_are_quoted_as_councils_write_them():
    assert format_amount(Decimal("34099000")) == "£34.099m"
    assert format_amount(Decimal("863000")) == "£863K"
    assert format_amount(Decimal("-1200000")) == "−£1.2m"


# Growth, shares and the latest year ------------------------------------------------------


def test_compound_annual_growth_has_no_meaning_without_positive_totals_or_a_year():
    assert compound_annual_growth(Decimal(0), Decimal(10), 3) is None
    assert compound_annual_growth(Decimal(10), Decimal(-1), 3) is None
    assert compound_annual_growth(Decimal(10), Decimal(20), 0) is None


def test_compound_annual_growth_of_a_doubling_over_one_year():
    assert compound_annual_growth(Decimal(10), Decimal(20), 1) == Decimal("100.0")


def test_shares_leave_out_lines_with_no_figure_in_the_latest_year():
    lines = [line("A", 2019), line("B", 2019), line("A", 2020)]
    assert [share.service_line for share in shares(build_trend(lines))] == ["A"]


def test_the_latest_trend_labels_a_budget_year():
    lines = [*harrow_lines()]
    lines = [item for item in lines if item.financial_year != 2020]
    lines += [Line(name, 2020, pounds(amount), basis="budget") for name, amount in [("Adults", 56_651)]]
    assert latest_trend(lines).sentence() == "£56.651m in 2020-21 (budget), up £2.847m (5%) on 2019-20"


def test_the_latest_trend_of_one_year_has_no_movement():
    latest = latest_trend([line(thousands=1_263)])
    assert (latest.previous, latest.movement, latest.sentence()) == (None, None, "£1.263m in 2019-20")


def test_the_latest_trend_says_when_nothing_changed():
    latest = latest_trend([line(year=2019), line(year=2020)])
    assert latest.sentence() == "£100K in 2020-21, the same as in 2019-20"


def test_the_latest_trend_from_a_zero_year_has_no_percentage():
    latest = latest_trend([line(year=2019, thousands=0), line(year=2020, thousands=10)])
    assert latest.sentence() == "£10K in 2020-21, up £10K on 2019-20"


def test_there_is_no_latest_trend_without_figures():
    assert latest_trend([]) is None
    assert latest_trend([line(measure="gross")]) is None


def test_one_year_is_summed_up_in_one_sentence():
    assert summary_sentences(build_trend([line(thousands=1_263)])) == ["Spending was £1.263m in 2019-20."]


def test_an_unchanged_total_is_summed_up():
    sentences = summary_sentences(build_trend([line(year=2018), line(year=2020)]))
    assert sentences[0] == "Spending was £100K in both 2018-19 and 2020-21."


# Input -----------------------------------------------------------------------------------


def test_lines_for_the_same_service_line_and_year_are_added_together():
    table = build_trend([line(thousands=100), line(thousands=25)])
    assert table.rows[0].amounts == (pounds(125),)


def test_a_float_amount_is_refused():
    with pytest.raises(TypeError, match="Decimal or an int"):
        Line("Adults", 2019, 1.5)


def test_whole_pound_ints_are_accepted():
    assert Line("Adults", 2019, 1500).amount == Decimal(1500)


def test_illustrative_lines_mark_the_table():
    assert build_trend([line(is_illustrative=True), line("B")]).is_illustrative
    assert not build_trend([line()]).is_illustrative


def test_illustrative_lines_of_the_other_measure_do_not_mark_the_table():
    assert not build_trend([line(), line(measure="gross", is_illustrative=True)]).is_illustrative


# Exports and text ------------------------------------------------------------------------


def test_export_rows_hold_numbers_in_thousands():
    rows = export_rows(build_trend(harrow_lines()))
    assert rows[0] == ["Service line (£000)", *YEAR_LABELS]
    assert rows[4] == ["Total", *(Decimal(total.replace(",", "")) for total in TOTALS)]
    assert rows[5][:3] == ["Year on year movement", None, Decimal(2078)]
    assert rows[6][:3] == ["Year on year %", None, Decimal(6)]


def test_exports_keep_pence_exactly():
    assert in_thousands(Decimal("1234.56")) == Decimal("1.23456")
    assert in_thousands(Decimal("34099000.00")) == Decimal("34099")


def test_the_csv_parses_back_to_the_harrow_figures():
    rows = list(csv.reader(io.StringIO(trend_csv(build_trend(harrow_lines())))))
    assert rows[0] == ["Service line (£000)", *YEAR_LABELS]
    assert [row[0] for row in rows[1:]] == [*ORDER, "Total", "Year on year movement", "Year on year %"]
    assert rows[4][1:] == [total.replace(",", "") for total in TOTALS]
    assert rows[5][1:] == [movement.replace(",", "") for movement in MOVEMENTS]
    assert rows[6][1:] == [percent.rstrip("%") for percent in PERCENTS]


def test_an_empty_table_exports_its_header_alone():
    assert trend_csv(build_trend([])) == "Service line (£000)\r\n"


def test_the_csv_leaves_missing_figures_empty():
    rows = list(csv.reader(io.StringIO(trend_csv(build_trend(gap_lines())))))
    assert rows[2] == ["Total", "100", "", "120", "126"]


def test_the_text_table_aligns_numbers_on_the_right():
    text = trend_text(build_trend(harrow_lines()))
    lines = text.splitlines()
    assert lines[0].split() == ["Service", "line", *YEAR_LABELS]
    assert len({len(text_line) for text_line in lines[:5]}) == 1  # full rows are all as wide
    assert lines[4].startswith("Total ") and lines[4].endswith("56,651")
    assert lines[5].split()[-7:] == MOVEMENTS[1:]
    assert lines[6].split()[-7:] == PERCENTS[1:]


# Properties ------------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=10**9).map(Decimal)
line_sets = st.lists(
    st.builds(
        Line,
        service_line=st.sampled_from(["Adults", "Reablement", "CYAD", "Carers"]),
        financial_year=st.integers(min_value=2010, max_value=2024),
        amount=amounts,
        basis=st.sampled_from(["actual", "forecast", "budget"]),
    ),
    max_size=40,
)


@given(line_sets)
def test_each_total_is_the_sum_of_its_column(lines):
    table = build_trend(lines)
    for index, total in enumerate(table.totals):
        cells = [row.amounts[index] for row in table.rows if row.amounts[index] is not None]
        assert total == (sum(cells, Decimal(0)) if table.columns[index].has_figures else None)


@given(line_sets)
def test_each_movement_is_the_change_in_the_total(lines):
    table = build_trend(lines)
    for index, movement in enumerate(table.movements[1:], start=1):
        previous, current = table.totals[index - 1], table.totals[index]
        if previous is None or current is None:
            assert movement.amount is None
        else:
            assert movement.amount == current - previous
            assert movement.percent == percent_change(current - previous, previous)


@given(line_sets)
def test_columns_are_consecutive_years_and_every_line_held_appears(lines):
    table = build_trend(lines)
    years = [column.year for column in table.columns]
    assert years == list(range(years[0], years[-1] + 1)) if years else not lines
    assert {row.service_line for row in table.rows} <= {item.service_line for item in lines}


def test_harrow_years_match_the_fixture():
    assert [column.year for column in build_trend(harrow_lines()).columns] == YEARS
