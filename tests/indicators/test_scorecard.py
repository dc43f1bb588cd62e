"""The scorecard service: grouping, the figures on each row, RAG and direction, and its query count."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ascent.core.periods import parse_period
from ascent.core.rag import RAG, Direction
from ascent.indicators.models import Unit
from ascent.indicators.scorecard import (
    TREND_POINTS,
    UnknownGroup,
    build_scorecard,
    filter_scorecard,
    format_value,
    rag_counts,
    worst_moving,
)

from .factories import IndicatorFactory, IndicatorGroupFactory, TargetFactory, element, series

pytestmark = pytest.mark.django_db

D = Decimal


def only_row(organisation, **kwargs):
    rows = build_scorecard(organisation, **kwargs).rows
    assert len(rows) == 1
    return rows[0]


@pytest.fixture
def reviews(harrow):
    """A local percentage where higher is better, like Harrow's reviews within 12 months."""
    return IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months")


# ----- RAG for each kind of target -------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "expected"),
    [("85", RAG.GREEN), ("80", RAG.GREEN), ("77", RAG.AMBER), ("75", RAG.AMBER), ("74.9", RAG.RED)],
)
def test_a_threshold_at_least_rates_against_the_value_and_tolerance(harrow, reviews, latest, expected):
    series(harrow, reviews, {"2023-24": latest})
    TargetFactory(organisation=harrow, indicator=reviews, period="2023-24", value=D("80"), tolerance=D("5"))
    assert only_row(harrow).rag is expected


@pytest.mark.parametrize(("latest", "expected"), [("12", RAG.GREEN), ("14", RAG.AMBER), ("16", RAG.RED)])
def test_a_threshold_at_most_rates_a_lower_is_better_indicator(harrow, latest, expected):
    delays = IndicatorFactory(organisation=harrow, code="DTOC", unit=Unit.PER_100K, polarity="lower_is_better")
    series(harrow, delays, {"2023-24": latest})
    TargetFactory(
        organisation=harrow, indicator=delays, comparison="at_most", value=D("12"), tolerance=D("2"), period="2023-24"
    )
    assert only_row(harrow).rag is expected


@pytest.mark.parametrize(
    ("sense", "latest", "expected"),
    [
        ("keep_within", "70", RAG.GREEN),
        ("keep_within", "75", RAG.GREEN),
        ("keep_within", "80", RAG.GREEN),
        ("keep_within", "67", RAG.AMBER),
        ("keep_within", "83", RAG.AMBER),
        ("keep_within", "84", RAG.RED),
        ("keep_within", "60", RAG.RED),
        # "Reviews 70% to 80% a year" where higher is better: above the range is better still.
        ("or_better", "84", RAG.GREEN),
        ("", "84", RAG.GREEN),
        ("", "67", RAG.AMBER),
        ("", "60", RAG.RED),
    ],
)
def test_a_range_target_is_green_inside_and_amber_within_the_tolerance(harrow, reviews, sense, latest, expected):
    series(harrow, reviews, {"2023-24": latest})
    TargetFactory(
        organisation=harrow,
        indicator=reviews,
        kind="range",
        comparison="",
        value=None,
        low=D("70"),
        high=D("80"),
        range_sense=sense,
        tolerance=D("3"),
        period="2023-24",
    )
    assert only_row(harrow).rag is expected


def test_a_lower_is_better_range_is_green_below_its_low_end(harrow):
    delays = IndicatorFactory(organisation=harrow, code="DTOC", unit=Unit.PER_100K, polarity="lower_is_better")
    series(harrow, delays, {"2023-24": "3"})
    TargetFactory(
        organisation=harrow,
        indicator=delays,
        kind="range",
        comparison="",
        value=None,
        low=D("5"),
        high=D("8"),
        period="2023-24",
    )
    row = only_row(harrow)
    assert row.rag is RAG.GREEN
    assert row.target_text == "Between 5.0 and 8.0 (below is better)"


def direction_target(organisation, indicator, change, **extra):
    return TargetFactory(
        organisation=organisation,
        indicator=indicator,
        kind="direction",
        comparison="",
        value=None,
        change=change,
        **extra,
    )


@pytest.mark.parametrize(
    ("latest", "expected"), [("9", RAG.GREEN), ("10", RAG.GREEN), ("11", RAG.AMBER), ("13", RAG.RED)]
)
def test_a_direction_target_compares_with_the_targets_own_baseline(harrow, latest, expected):
    admissions = IndicatorFactory(organisation=harrow, code="ADM", unit=Unit.PER_100K, polarity="lower_is_better")
    series(harrow, admissions, {"2021-22": "50", "2023-24": latest})
    direction_target(
        harrow,
        admissions,
        "maintain_or_decrease",
        tolerance=D("2"),
        baseline_value=D("10"),
        baseline_label="Mar 2019",
        period="2023-24",
    )
    row = only_row(harrow)
    assert (row.baseline, row.baseline_label) == (D("10"), "Mar 2019")
    assert row.rag is expected


@pytest.mark.parametrize(
    ("written", "shown"),
    [("Mar '19", "Mar 2019"), ("March 2019", "Mar 2019"), ("2018/19", "2018-19"), ("2019-10", "Oct 2019")],
)
def test_a_baseline_period_is_shown_in_the_style_of_the_other_periods(harrow, written, shown):
    admissions = IndicatorFactory(organisation=harrow, code="ADM", unit=Unit.PER_100K, polarity="lower_is_better")
    # The Resilient Harrow KPI table gives its baseline as "Mar '19" beside the position in
    # "Oct 2019"; the row shows both the same way.
    series(harrow, admissions, {"2023-24": "11"})
    direction_target(
        harrow, admissions, "maintain_or_decrease", baseline_value=D("10"), baseline_label=written, period="2023-24"
    )
    assert only_row(harrow).baseline_label == shown


def test_a_baseline_label_that_is_not_a_period_is_kept_as_written(harrow):
    admissions = IndicatorFactory(organisation=harrow, code="ADM", unit=Unit.PER_100K, polarity="lower_is_better")
    series(harrow, admissions, {"2023-24": "11"})
    direction_target(
        harrow,
        admissions,
        "maintain_or_decrease",
        baseline_value=D("10"),
        baseline_label=" Before the new service ",
        period="2023-24",
    )
    assert only_row(harrow).baseline_label == "Before the new service"


def test_a_direction_target_without_a_baseline_uses_the_earliest_value(harrow, reviews):
    series(harrow, reviews, {"2020-21": "60", "2021-22": "58", "2022-23": "64"})
    direction_target(harrow, reviews, "increase", period="2022-23")
    row = only_row(harrow)
    assert (row.baseline, row.baseline_label) == (D("60"), "2020-21")
    assert row.rag is RAG.GREEN


def test_a_wanted_change_that_did_not_happen_is_amber(harrow, reviews):
    series(harrow, reviews, {"2021-22": "60", "2022-23": "60"})
    direction_target(harrow, reviews, "increase", period="2022-23")
    assert only_row(harrow).rag is RAG.AMBER


def test_a_value_exactly_on_the_threshold_meets_it(harrow, reviews):
    series(harrow, reviews, {"2023-24": "80.0"})
    TargetFactory(organisation=harrow, indicator=reviews, value=D("80"), period="2023-24")
    assert only_row(harrow).rag is RAG.GREEN


def test_a_polarity_led_direction_follows_the_indicator(harrow):
    falls = IndicatorFactory(organisation=harrow, code="FALLS", unit=Unit.COUNT, polarity="lower_is_better", decimals=0)
    series(harrow, falls, {"2022-23": "120", "2023-24": "110"})
    direction_target(harrow, falls, "improve", period="2023-24")
    row = only_row(harrow)
    assert row.rag is RAG.GREEN
    assert row.direction is Direction.IMPROVING


def test_without_a_target_a_row_is_not_rated(harrow, reviews):
    series(harrow, reviews, {"2023-24": "70"})
    row = only_row(harrow)
    assert row.rag is RAG.NONE
    assert row.target_text == "No target set"


def test_without_data_a_row_is_not_rated_and_has_no_direction(harrow, reviews):
    TargetFactory(organisation=harrow, indicator=reviews, period="2023-24")
    row = only_row(harrow)
    assert not row.has_data
    assert row.rag is RAG.NONE
    assert row.direction is Direction.NOT_COMPARABLE
    assert row.latest_text == ""
    assert row.target_text == "At least 80.0%"


def test_a_target_the_polarity_can_no_longer_judge_is_not_rated_with_a_reason(harrow):
    indicator = IndicatorFactory(organisation=harrow, code="MIX", polarity="neither")
    series(harrow, indicator, {"2023-24": "50"})
    direction_target(harrow, indicator, "improve", period="2023-24")
    row = only_row(harrow)
    assert row.rag is RAG.NONE
    assert "higher or lower is better" in row.problem


# ----- which target, which values ------------------------------------------------------


def test_the_target_for_the_latest_period_wins(harrow, reviews):
    series(harrow, reviews, {"2022-23": "70", "2023-24": "72"})
    TargetFactory(organisation=harrow, indicator=reviews, period="2022-23", value=D("60"))
    TargetFactory(organisation=harrow, indicator=reviews, period="2023-24", value=D("75"))
    TargetFactory(organisation=harrow, indicator=reviews, period="2024-25", value=D("90"))
    row = only_row(harrow)
    assert row.target.period_code == "2023-24"
    assert row.rag is RAG.RED


def test_a_years_target_applies_to_its_quarters(harrow, reviews):
    series(harrow, reviews, {"Q1 2023/24": "70", "Q2 2023/24": "82"})
    TargetFactory(organisation=harrow, indicator=reviews, period="2023-24", value=D("80"))
    TargetFactory(organisation=harrow, indicator=reviews, period="Q1 2023/24", value=D("99"))
    row = only_row(harrow)
    assert row.target.period_code == "2023-24"
    assert row.rag is RAG.GREEN


def test_without_a_target_for_the_period_the_most_recent_earlier_one_applies(harrow, reviews):
    series(harrow, reviews, {"2023-24": "70"})
    TargetFactory(organisation=harrow, indicator=reviews, period="2020-21", value=D("50"))
    TargetFactory(organisation=harrow, indicator=reviews, period="2021-22", value=D("65"))
    assert only_row(harrow).target.period_code == "2021-22"


def test_a_target_only_for_a_later_period_does_not_rate_an_earlier_value(harrow, reviews):
    series(harrow, reviews, {"2022-23": "70"})
    TargetFactory(organisation=harrow, indicator=reviews, period="2023-24")
    row = only_row(harrow)
    assert row.target is None
    assert row.rag is RAG.NONE


def test_direction_compares_with_the_previous_value_of_the_same_kind_of_period(harrow, reviews):
    series(harrow, reviews, {"2022-23": "90", "Q1 2023/24": "70", "Q2 2023/24": "75"})
    row = only_row(harrow)
    assert row.latest.period_code == "2023-24-Q2"
    assert row.previous.period_code == "2023-24-Q1"
    assert row.direction is Direction.IMPROVING
    assert row.travel.change == D("5")


def test_a_fall_in_a_higher_is_better_indicator_is_worsening(harrow, reviews):
    series(harrow, reviews, {"2022-23": "75", "2023-24": "70"})
    assert only_row(harrow).direction is Direction.WORSENING


def test_an_unchanged_value_is_no_change(harrow, reviews):
    series(harrow, reviews, {"2022-23": "70", "2023-24": "70"})
    assert only_row(harrow).direction is Direction.NO_CHANGE


def test_an_indicator_with_no_preferred_direction_only_describes_the_change(harrow):
    indicator = IndicatorFactory(organisation=harrow, code="POP", polarity="neither", unit=Unit.COUNT)
    series(harrow, indicator, {"2022-23": "100", "2023-24": "90"})
    assert only_row(harrow).direction is Direction.DECREASED


def test_with_a_year_and_its_last_quarter_the_indicators_frequency_decides_the_latest(harrow):
    quarterly = IndicatorFactory(organisation=harrow, code="Q", frequency="quarterly")
    series(harrow, quarterly, {"2023-24": "60", "Q4 2023/24": "65"})
    assert only_row(harrow).latest.period_code == "2023-24-Q4"


def test_the_trend_holds_the_last_twelve_values_oldest_first(harrow, reviews):
    values = {f"{2000 + n}-{(n + 1) % 100:02d}": n for n in range(15)}
    series(harrow, reviews, values)
    row = only_row(harrow)
    assert len(row.points) == TREND_POINTS
    assert [p.value for p in row.points] == [D(n) for n in range(3, 15)]
    assert row.points[-1].period == parse_period("2014-15")


def test_a_provisional_latest_value_is_flagged(harrow, reviews):
    series(harrow, reviews, {"2023-24": "70"}, status="provisional")
    assert only_row(harrow).is_provisional


def test_a_row_showing_an_illustrative_value_is_illustrative(harrow, reviews):
    series(harrow, reviews, {"2018-19": "60"}, is_illustrative=True)
    series(harrow, reviews, {"2022-23": "70", "2023-24": "71"})
    scorecard = build_scorecard(harrow)
    assert scorecard.rows[0].is_illustrative  # the baseline is the made-up 2018-19 value
    assert scorecard.is_illustrative


def test_a_row_of_real_values_is_not_illustrative(harrow, reviews):
    series(harrow, reviews, {"2022-23": "70", "2023-24": "71"})
    assert not build_scorecard(harrow).is_illustrative


def test_as_at_a_period_later_values_are_left_out(harrow, reviews):
    series(harrow, reviews, {"2021-22": "60", "2022-23": "70", "2023-24": "80"})
    row = only_row(harrow, period=parse_period("2022-23"))
    assert row.latest.period_code == "2022-23"
    assert row.previous.period_code == "2021-22"


# ----- grouping and scope ----------------------------------------------------------------


def test_shipped_indicators_with_data_are_grouped_by_objective_in_the_frameworks_order_then_local_ones(harrow, reviews):
    for title in ("Quality of life", "Independence", "Quality of services"):  # the framework's order
        element(title)
    later = IndicatorFactory(code="ASCOF23-3A", domain="Quality of services", sort_order=20)
    first = IndicatorFactory(code="ASCOF23-1A", domain="Quality of life", sort_order=10)
    second = IndicatorFactory(code="ASCOF23-1B", domain="Quality of life", sort_order=11)
    IndicatorFactory(code="ASCOF23-2A", domain="Independence", sort_order=15)  # no data: left out
    for indicator in (later, second, first):
        series(harrow, indicator, {"2023-24": "50"})
    groups = build_scorecard(harrow).groups
    assert [g.title for g in groups] == ["Quality of life", "Quality of services", "Local indicators"]
    assert [r.indicator.code for r in groups[0].rows] == ["ASCOF23-1A", "ASCOF23-1B"]
    assert groups[0].framework_label == "Adult Social Care Outcomes Framework from 2023/24"
    assert [r.indicator.code for r in groups[2].rows] == ["HAR-REV12"]  # shown though it has no data


def test_another_organisations_data_and_local_indicators_are_not_used(harrow, herefordshire, reviews):
    theirs = IndicatorFactory(organisation=herefordshire, code="HER-1")
    national = IndicatorFactory(code="ASCOF23-1A")
    series(herefordshire, theirs, {"2023-24": "1"})
    series(herefordshire, national, {"2023-24": "99"})
    series(herefordshire, reviews, {"2023-24": "99"})  # cannot happen through the service, but must not show
    scorecard = build_scorecard(harrow)
    assert [r.indicator.code for r in scorecard.rows] == ["HAR-REV12"]
    assert not scorecard.has_data


def test_inactive_indicators_are_left_out(harrow, reviews):
    IndicatorFactory(organisation=harrow, code="OLD", is_active=False)
    assert [r.indicator.code for r in build_scorecard(harrow).rows] == ["HAR-REV12"]


def test_a_council_group_shows_its_indicators_in_its_order(harrow, reviews):
    national = IndicatorFactory(code="ASCOF23-1A")
    series(harrow, national, {"2023-24": "50"})
    group = IndicatorGroupFactory(organisation=harrow, name="Adults board", members=[reviews, national])
    scorecard = build_scorecard(harrow, group=group.pk)
    assert [g.title for g in scorecard.groups] == ["Adults board"]
    assert [r.indicator.code for r in scorecard.rows] == ["HAR-REV12", "ASCOF23-1A"]
    assert scorecard.indicator_group == group


def test_another_organisations_group_is_unknown(harrow, herefordshire):
    theirs = IndicatorGroupFactory(organisation=herefordshire)
    with pytest.raises(UnknownGroup):
        build_scorecard(harrow, group=theirs.pk)
    with pytest.raises(UnknownGroup):
        build_scorecard(harrow, group=theirs)
    with pytest.raises(UnknownGroup):
        build_scorecard(harrow, group="not a number")


def test_an_organisation_with_nothing_has_an_empty_scorecard(harrow):
    scorecard = build_scorecard(harrow)
    assert scorecard.is_empty
    assert rag_counts(scorecard) == {RAG.RED: 0, RAG.AMBER: 0, RAG.GREEN: 0, RAG.NONE: 0}


# ----- filtering, sorting and summaries --------------------------------------------------


@pytest.fixture
def rated(harrow):
    """Four local indicators: red, amber, green and not rated."""
    made = {}
    for code, title, value in [("G", "Alpha", "90"), ("R", "Charlie", "10"), ("A", "Bravo", "78"), ("N", "Delta", "5")]:
        indicator = IndicatorFactory(organisation=harrow, code=code, title=title)
        series(harrow, indicator, {"2022-23": "50", "2023-24": value})
        if code != "N":
            TargetFactory(organisation=harrow, indicator=indicator, value=D("80"), tolerance=D("5"), period="2023-24")
        made[code] = indicator
    return made


def codes(scorecard):
    return [row.indicator.code for row in scorecard.rows]


def test_it_filters_by_rag(harrow, rated):
    shown = filter_scorecard(build_scorecard(harrow), rags=[RAG.RED, "none"])
    assert codes(shown) == ["R", "N"]  # in group order


def test_it_searches_codes_and_titles(harrow, rated):
    whole = build_scorecard(harrow)
    assert codes(filter_scorecard(whole, search="  charlie ")) == ["R"]
    assert codes(filter_scorecard(whole, search="a")) == ["G", "R", "A", "N"]
    assert filter_scorecard(whole, search="zzz").is_empty


def test_it_sorts_by_rag_worst_first_with_not_rated_last(harrow, rated):
    assert codes(filter_scorecard(build_scorecard(harrow), sort="rag")) == ["R", "A", "G", "N"]


def test_it_sorts_by_title(harrow, rated):
    assert codes(filter_scorecard(build_scorecard(harrow), sort="title")) == ["G", "A", "R", "N"]


def test_rag_counts_count_each_rating(harrow, rated):
    assert rag_counts(build_scorecard(harrow)) == {RAG.RED: 1, RAG.AMBER: 1, RAG.GREEN: 1, RAG.NONE: 1}


def test_worst_moving_lists_worsening_rows_worst_rating_first(harrow, reviews):
    steady = IndicatorFactory(organisation=harrow, code="S")
    slipping = IndicatorFactory(organisation=harrow, code="SLIP")
    falling = IndicatorFactory(organisation=harrow, code="FALL")
    series(harrow, steady, {"2022-23": "80", "2023-24": "85"})
    series(harrow, slipping, {"2022-23": "90", "2023-24": "89"})
    series(harrow, falling, {"2022-23": "90", "2023-24": "40"})
    series(harrow, reviews, {"2022-23": "90", "2023-24": "85"})
    TargetFactory(organisation=harrow, indicator=falling, value=D("80"), period="2023-24")
    worst = worst_moving(build_scorecard(harrow), n=2)
    assert [row.indicator.code for row in worst] == ["FALL", "HAR-REV12"]


# ----- formatting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "decimals", "value", "text"),
    [
        (Unit.PERCENT, 0, "83.4", "83%"),
        (Unit.PERCENT, 1, "6.45", "6.5%"),
        (Unit.PER_100K, 1, "512.34", "512.3"),
        (Unit.PER_100K, 1, "1512.34", "1,512.3"),
        (Unit.COUNT, 0, "12345", "12,345"),
        (Unit.MONEY, 0, "1263000", "£1.263m"),
        (Unit.MONEY, 0, "863000", "£863K"),
        (Unit.DAYS, 1, "12.25", "12.3 days"),
        (Unit.WEEKS, 0, "1", "1 week"),
        (Unit.SCORE, 1, "-0.01", "0.0"),
    ],
)
def test_values_are_formatted_with_the_unit_and_decimals(unit, decimals, value, text):
    indicator = IndicatorFactory.build(unit=unit, decimals=decimals)
    assert format_value(indicator, D(value)) == text


def test_targets_are_described_in_the_indicators_unit(harrow, reviews):
    series(harrow, reviews, {"2023-24": "70"})
    TargetFactory(
        organisation=harrow,
        indicator=reviews,
        kind="range",
        comparison="",
        value=None,
        low=D("70"),
        high=D("80"),
        tolerance=D("2"),
        period="2023-24",
    )
    assert (
        only_row(harrow).target_text == "Between 70.0% and 80.0% (above is better; amber within 2.0 percentage points)"
    )


def test_direction_targets_are_described_in_words(harrow, reviews):
    series(harrow, reviews, {"2023-24": "70"})
    direction_target(harrow, reviews, "maintain_or_decrease", period="2023-24")
    assert only_row(harrow).target_text == "Maintain or lower compared with baseline"


# ----- queries ----------------------------------------------------------------------------


def add_data(organisation, how_many: int, *, start: int = 0):
    for n in range(start, start + how_many):
        national = IndicatorFactory(code=f"ASCOF23-X{n}", domain=f"Domain {n % 3}")
        local = IndicatorFactory(organisation=organisation, code=f"LOC-{n}")
        for indicator in (national, local):
            series(
                indicator=indicator, organisation=organisation, values={"2021-22": n, "2022-23": n + 1, "Q1 2023/24": n}
            )
            TargetFactory(organisation=organisation, indicator=indicator, period="2022-23")


def test_it_reads_everything_in_six_queries_however_much_data(harrow, django_assert_num_queries):
    """The grouping framework's elements, the indicators, their tags, the crosswalk of the
    framework's elements (an indicator tagged with an element it maps to is grouped there too),
    the values, the targets."""
    add_data(harrow, 2)
    with django_assert_num_queries(6):
        small = build_scorecard(harrow)
    add_data(harrow, 25, start=2)
    with django_assert_num_queries(6):
        large = build_scorecard(harrow)
    assert len(large.rows) > len(small.rows) == 4


def test_a_council_group_is_read_in_three_queries_however_big(harrow, django_assert_num_queries):
    add_data(harrow, 25)
    from ascent.indicators.models import Indicator

    group = IndicatorGroupFactory(organisation=harrow, members=list(Indicator.objects.filter(organisation=harrow)))
    with django_assert_num_queries(3):
        scorecard = build_scorecard(harrow, group=group)
    assert len(scorecard.rows) == 25
