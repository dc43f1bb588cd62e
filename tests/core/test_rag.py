"""Tests for ascent.core.rag: ratings, polarity, direction of travel and target evaluation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ascent.core.rag import (
    RAG,
    Comparison,
    DesiredChange,
    Direction,
    Polarity,
    RangeSense,
    Target,
    TargetKind,
    Travel,
    describe_range,
    direction_of_travel,
    evaluate,
    range_sense,
    travel,
    worst,
)

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
NEITHER = Polarity.NEITHER

GREEN, AMBER, RED, NOT_RATED = RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NONE


def dec(value: str | int) -> Decimal:
    return Decimal(value)


# ----- RAG ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "label", "css_class"),
    [
        (RED, "Red", "red"),
        (AMBER, "Amber", "yellow"),
        (GREEN, "Green", "green"),
        (NOT_RATED, "Not rated", "grey"),
    ],
)
def test_rag_has_a_text_label_and_a_govuk_tag_colour(rating, label, css_class):
    assert (rating.label, rating.css_class) == (label, css_class)


def test_rag_tag_class_is_a_complete_govuk_tag_class():
    assert RED.tag_class == "govuk-tag govuk-tag--red"


def test_rag_is_a_string_of_its_value():
    assert RED == "red" and str(RED) == "red" and f"{AMBER}" == "amber"


def test_rag_sorts_by_severity_with_red_worst():
    assert sorted([RED, NOT_RATED, GREEN, AMBER]) == [NOT_RATED, GREEN, AMBER, RED]


def test_rag_max_is_the_most_severe():
    assert max([GREEN, RED, AMBER]) is RED


@pytest.mark.parametrize(("lower", "higher"), [(GREEN, AMBER), (AMBER, RED), (NOT_RATED, GREEN)])
def test_rag_comparisons_follow_severity(lower, higher):
    assert lower < higher and lower <= higher and higher > lower and higher >= lower


def test_rag_is_rated_is_false_only_for_not_rated():
    assert [rating.is_rated for rating in RAG] == [True, True, True, False]


def test_rag_choices_pair_values_with_labels():
    assert RAG.choices() == [("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("none", "Not rated")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R", RED),
        ("red", RED),
        (" Amber ", AMBER),
        ("a", AMBER),
        ("GREEN", GREEN),
        ("g", GREEN),
        ("", NOT_RATED),
        ("n/a", NOT_RATED),
        ("-", NOT_RATED),
        ("Not rated", NOT_RATED),
        (None, NOT_RATED),
    ],
)
def test_rag_from_text_reads_spreadsheet_ratings(text, expected):
    assert RAG.from_text(text) is expected


def test_rag_from_text_rejects_unknown_words():
    with pytest.raises(ValueError, match="Could not read 'purple' as a RAG rating"):
        RAG.from_text("purple")


def test_worst_picks_the_most_severe_rating():
    assert worst([GREEN, AMBER, GREEN]) is AMBER


def test_worst_ignores_not_rated():
    assert worst([GREEN, NOT_RATED]) is GREEN


def test_worst_of_nothing_rated_is_not_rated():
    assert worst([NOT_RATED, NOT_RATED]) is NOT_RATED


def test_worst_of_an_empty_collection_is_not_rated():
    assert worst([]) is NOT_RATED


def test_worst_accepts_string_values():
    assert worst(["green", "red"]) is RED


@given(st.lists(st.sampled_from(list(RAG))))
def test_worst_is_at_least_as_severe_as_every_rated_input(ratings):
    result = worst(ratings)
    assert all(result >= rating for rating in ratings if rating.is_rated)


# ----- polarity and direction -----------------------------------------------------------


@pytest.mark.parametrize(("polarity", "sign"), [(HIGHER, 1), (LOWER, -1), (NEITHER, 0)])
def test_polarity_sign_is_the_better_direction(polarity, sign):
    assert polarity.sign == sign


def test_polarity_has_plain_labels():
    assert [p.label for p in Polarity] == ["Higher is better", "Lower is better", "No preferred direction"]


def test_polarity_choices_pair_values_with_labels():
    assert Polarity.choices()[0] == ("higher_is_better", "Higher is better")


@pytest.mark.parametrize(
    ("direction", "label", "symbol"),
    [
        (Direction.IMPROVING, "Improving", "\u2713"),
        (Direction.WORSENING, "Worsening", "\u2717"),
        (Direction.INCREASED, "Increased", "\u2191"),
        (Direction.DECREASED, "Decreased", "\u2193"),
        (Direction.NO_CHANGE, "No change", "="),
        (Direction.NOT_COMPARABLE, "Not comparable", "\u2013"),
    ],
)
def test_direction_has_a_label_and_a_text_symbol(direction, label, symbol):
    assert (direction.label, direction.symbol) == (label, symbol)


def test_every_direction_symbol_is_distinct():
    assert len({d.symbol for d in Direction}) == len(Direction)


@pytest.mark.parametrize(
    ("direction", "css_class"),
    [(Direction.IMPROVING, "green"), (Direction.WORSENING, "red"), (Direction.NO_CHANGE, "grey")],
)
def test_direction_has_a_govuk_tag_colour(direction, css_class):
    assert direction.css_class == css_class


def test_only_improving_and_worsening_are_judged():
    assert {d for d in Direction if d.is_judged} == {Direction.IMPROVING, Direction.WORSENING}


def test_direction_choices_pair_values_with_labels():
    assert ("no_change", "No change") in Direction.choices()


DIRECTION_TABLE = [
    # (previous, latest, polarity, expected)
    ("10", "12", HIGHER, Direction.IMPROVING),
    ("12", "10", HIGHER, Direction.WORSENING),
    ("10", "12", LOWER, Direction.WORSENING),
    ("12", "10", LOWER, Direction.IMPROVING),
    ("10", "12", NEITHER, Direction.INCREASED),
    ("12", "10", NEITHER, Direction.DECREASED),
    ("10", "10", HIGHER, Direction.NO_CHANGE),
    ("10", "10", LOWER, Direction.NO_CHANGE),
    ("10", "10", NEITHER, Direction.NO_CHANGE),
    ("10.0", "10.00", HIGHER, Direction.NO_CHANGE),
    ("-5", "-3", HIGHER, Direction.IMPROVING),
    ("0.001", "0.002", LOWER, Direction.WORSENING),
]


@pytest.mark.parametrize(("previous", "latest", "polarity", "expected"), DIRECTION_TABLE)
def test_direction_of_travel_judges_the_change_by_polarity(previous, latest, polarity, expected):
    assert direction_of_travel(dec(previous), dec(latest), polarity) is expected


@pytest.mark.parametrize(("previous", "latest"), [(None, dec(1)), (dec(1), None), (None, None)])
@pytest.mark.parametrize("polarity", list(Polarity))
def test_direction_of_travel_with_missing_data_is_not_comparable(previous, latest, polarity):
    assert direction_of_travel(previous, latest, polarity) is Direction.NOT_COMPARABLE


def test_a_change_exactly_equal_to_the_tolerance_is_no_change():
    assert direction_of_travel(dec(10), dec("10.5"), HIGHER, tolerance=dec("0.5")) is Direction.NO_CHANGE


def test_a_fall_exactly_equal_to_the_tolerance_is_no_change():
    assert direction_of_travel(dec(10), dec("9.5"), HIGHER, tolerance=dec("0.5")) is Direction.NO_CHANGE


def test_a_change_just_beyond_the_tolerance_is_judged():
    assert direction_of_travel(dec(10), dec("10.51"), HIGHER, tolerance=dec("0.5")) is Direction.IMPROVING


def test_direction_of_travel_accepts_ints():
    assert direction_of_travel(1, 2, HIGHER) is Direction.IMPROVING


def test_direction_of_travel_accepts_polarity_as_its_string_value():
    assert direction_of_travel(dec(1), dec(2), "lower_is_better") is Direction.WORSENING


def test_direction_of_travel_rejects_a_negative_tolerance():
    with pytest.raises(ValueError, match="tolerance"):
        direction_of_travel(dec(1), dec(2), HIGHER, tolerance=dec(-1))


def test_direction_of_travel_rejects_floats():
    with pytest.raises(TypeError, match="Decimal"):
        direction_of_travel(1.0, 2.0, HIGHER)


def test_direction_of_travel_rejects_an_unknown_polarity():
    with pytest.raises(ValueError):
        direction_of_travel(dec(1), dec(2), "sideways")


def test_direction_of_travel_rejects_nan():
    with pytest.raises(ValueError, match="finite"):
        direction_of_travel(Decimal("NaN"), dec(2), HIGHER)


def test_direction_of_travel_is_exact_for_long_decimals():
    # With 28-digit rounding the change would equal the tolerance and read as no change.
    latest = Decimal("1000000000000000000000000000000.4")
    tolerance = Decimal("1000000000000000000000000000000.3")
    assert direction_of_travel(dec(0), latest, HIGHER, tolerance=tolerance) is Direction.IMPROVING


def test_travel_reports_the_change_and_the_arrow_of_the_number():
    assert travel(dec(12), dec(10), LOWER) == Travel(Direction.IMPROVING, dec(-2), "\u2193")


def test_travel_shows_a_level_arrow_within_tolerance():
    assert travel(dec(10), dec(11), HIGHER, tolerance=dec(1)).arrow == "\u2192"


def test_travel_without_data_has_no_change_and_a_dash():
    assert travel(None, dec(1), HIGHER) == Travel(Direction.NOT_COMPARABLE, None, "\u2013")


values = st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
tolerances = st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False)
judged_polarities = st.sampled_from([HIGHER, LOWER])


@given(values, values, judged_polarities)
def test_swapping_the_values_swaps_improving_and_worsening(a, b, polarity):
    swapped = {
        Direction.IMPROVING: Direction.WORSENING,
        Direction.WORSENING: Direction.IMPROVING,
        Direction.NO_CHANGE: Direction.NO_CHANGE,
    }
    assert direction_of_travel(b, a, polarity) is swapped[direction_of_travel(a, b, polarity)]


@given(values, values)
def test_opposite_polarities_give_opposite_judgements(a, b):
    higher = direction_of_travel(a, b, HIGHER)
    lower = direction_of_travel(a, b, LOWER)
    assert higher is lower is Direction.NO_CHANGE or {higher, lower} == {Direction.IMPROVING, Direction.WORSENING}


@given(values, values, tolerances)
def test_neither_polarity_never_judges(a, b, tolerance):
    result = direction_of_travel(a, b, NEITHER, tolerance=tolerance)
    assert not result.is_judged and result is not Direction.NOT_COMPARABLE


@given(values, values, tolerances, tolerances)
def test_a_wider_tolerance_never_turns_no_change_into_a_change(a, b, t1, t2):
    narrow, wide = sorted([t1, t2])
    if direction_of_travel(a, b, HIGHER, tolerance=narrow) is Direction.NO_CHANGE:
        assert direction_of_travel(a, b, HIGHER, tolerance=wide) is Direction.NO_CHANGE


# ----- target construction --------------------------------------------------------------


def test_at_least_builds_a_threshold_target():
    target = Target.at_least(80)
    assert (target.kind, target.value, target.comparison) == (TargetKind.THRESHOLD, dec(80), Comparison.AT_LEAST)


def test_threshold_leaves_the_comparison_to_the_polarity():
    assert Target.threshold(dec(80)).comparison is None


def test_between_builds_a_range_target():
    target = Target.between(1, 2)
    assert (target.kind, target.low, target.high) == (TargetKind.RANGE, dec(1), dec(2))


def test_direction_accepts_council_wording():
    assert Target.direction("Maintain or lower").change is DesiredChange.MAINTAIN_OR_DECREASE


def test_direction_accepts_the_stored_value():
    assert Target.direction("maintain_or_increase").change is DesiredChange.MAINTAIN_OR_INCREASE


def test_target_converts_ints_to_decimals():
    assert isinstance(Target.at_most(5, tolerance=1).tolerance, Decimal)


def test_targets_are_hashable_values():
    assert {Target.at_least(80), Target.at_least(dec("80.0"))} == {Target.at_least(80)}


def test_target_accepts_kind_as_its_string_value():
    assert Target("range", low=dec(1), high=dec(2)) == Target.between(1, 2)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Target(TargetKind.THRESHOLD), "needs value"),
        (lambda: Target(TargetKind.RANGE, low=dec(1)), "needs high"),
        (lambda: Target(TargetKind.DIRECTION), "needs change"),
        (lambda: Target(TargetKind.RANGE, low=dec(1), high=dec(2), value=dec(1)), "does not use value"),
        (
            lambda: Target(TargetKind.DIRECTION, change=DesiredChange.MAINTAIN, comparison=Comparison.AT_LEAST),
            "does not use comparison",
        ),
        (lambda: Target.between(3, 2), "above high"),
        (lambda: Target.at_least(80, tolerance=-1), "zero or more"),
        (lambda: Target.at_least(Decimal("Infinity")), "finite"),
        (lambda: Target.direction("sideways"), "target direction"),
    ],
)
def test_target_rejects_inconsistent_definitions(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_target_rejects_a_float_value():
    with pytest.raises(TypeError, match="Decimal"):
        Target.at_least(80.0)


@pytest.mark.parametrize(
    ("target", "description"),
    [
        (Target.at_least(80), "At least 80"),
        (Target.at_most(dec("5.50"), tolerance=dec("0.50")), "At most 5.5 (amber within 0.5)"),
        (Target.threshold(100), "Reach 100"),
        (Target.between(10, 20), "Between 10 and 20"),
        (Target.between(10, 20, sense="or_better"), "Between 10 and 20 or better"),
        (Target.keep_within(10, 20, tolerance=1), "Keep within 10 to 20 (amber within 1)"),
        (Target.direction(DesiredChange.MAINTAIN_OR_DECREASE), "Maintain or lower compared with baseline"),
    ],
)
def test_describe_summarises_the_target_in_plain_english(target, description):
    assert target.describe() == description


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lower", DesiredChange.DECREASE),
        ("Reduce", DesiredChange.DECREASE),
        ("Increase", DesiredChange.INCREASE),
        ("higher", DesiredChange.INCREASE),
        ("Maintain", DesiredChange.MAINTAIN),
        ("Maintain or lower", DesiredChange.MAINTAIN_OR_DECREASE),
        ("Maintain or reduce", DesiredChange.MAINTAIN_OR_DECREASE),
        ("Maintain or increase", DesiredChange.MAINTAIN_OR_INCREASE),
        ("maintain or  higher.", DesiredChange.MAINTAIN_OR_INCREASE),
        ("Improve", DesiredChange.IMPROVE),
        ("Maintain or improve", DesiredChange.MAINTAIN_OR_IMPROVE),
    ],
)
def test_desired_change_reads_council_target_wording(text, expected):
    assert DesiredChange.from_text(text) is expected


@pytest.mark.parametrize("text", ["", "Sideways", "Maintain or maintain", "Lower or maintain"])
def test_desired_change_rejects_unknown_wording(text):
    with pytest.raises(ValueError, match="target direction"):
        DesiredChange.from_text(text)


def test_desired_change_labels_match_council_wording():
    assert DesiredChange.MAINTAIN_OR_DECREASE.label == "Maintain or lower"


def test_target_kind_and_comparison_offer_choices():
    assert TargetKind.choices()[0] == ("threshold", "Threshold")
    assert Comparison.choices() == [("at_least", "At least"), ("at_most", "At most")]


# ----- evaluate: thresholds -------------------------------------------------------------

THRESHOLD_TABLE = [
    # (target, value, polarity, expected)
    (Target.at_least(80), "80", HIGHER, GREEN),
    (Target.at_least(80), "80.01", HIGHER, GREEN),
    (Target.at_least(80), "79.99", HIGHER, RED),
    (Target.at_least(80, tolerance=5), "75", HIGHER, AMBER),
    (Target.at_least(80, tolerance=5), "74.99", HIGHER, RED),
    (Target.at_least(80, tolerance=5), "79.99", HIGHER, AMBER),
    (Target.at_most(5), "5", LOWER, GREEN),
    (Target.at_most(5), "5.01", LOWER, RED),
    (Target.at_most(5, tolerance=1), "6", LOWER, AMBER),
    (Target.at_most(5, tolerance=1), "6.01", LOWER, RED),
    (Target.at_most(5, tolerance=1), "-100", LOWER, GREEN),
    (Target.threshold(80), "81", HIGHER, GREEN),
    (Target.threshold(80), "79", HIGHER, RED),
    (Target.threshold(80), "79", LOWER, GREEN),
    (Target.threshold(80), "81", LOWER, RED),
    (Target.threshold(80, tolerance=2), "82", LOWER, AMBER),
    (Target.threshold(80), "80", LOWER, GREEN),
    # An explicit comparison wins over the polarity.
    (Target.at_least(80), "81", LOWER, GREEN),
    (Target.at_most(5), "6", HIGHER, RED),
    (Target.at_least(80), "81", NEITHER, GREEN),
]


@pytest.mark.parametrize(("target", "value", "polarity", "expected"), THRESHOLD_TABLE)
def test_threshold_targets_rate_met_near_and_missed(target, value, polarity, expected):
    assert evaluate(target, dec(value), polarity=polarity) is expected


def test_threshold_ignores_a_baseline():
    assert evaluate(Target.at_least(80), dec(80), baseline=dec(100), polarity=HIGHER) is GREEN


def test_polarity_led_threshold_cannot_be_judged_without_a_polarity():
    with pytest.raises(ValueError, match="higher or lower is better"):
        evaluate(Target.threshold(80), dec(80), polarity=NEITHER)


def test_a_zero_tolerance_gives_no_amber_band():
    assert evaluate(Target.at_least(80, tolerance=0), dec("79.999"), polarity=HIGHER) is RED


# ----- evaluate: ranges -----------------------------------------------------------------

RANGE_TABLE = [
    ("10", GREEN),
    ("20", GREEN),
    ("15", GREEN),
    ("9", AMBER),
    ("8", AMBER),
    ("7.99", RED),
    ("21", AMBER),
    ("22", AMBER),
    ("22.01", RED),
]


@pytest.mark.parametrize(("value", "expected"), RANGE_TABLE)
def test_range_targets_rate_inside_near_and_outside(value, expected):
    assert evaluate(Target.between(10, 20, tolerance=2), dec(value), polarity=NEITHER) is expected


@pytest.mark.parametrize(("value", "expected"), RANGE_TABLE)
def test_a_keep_within_range_rates_both_sides_whatever_the_polarity(value, expected):
    for polarity in Polarity:
        assert evaluate(Target.keep_within(10, 20, tolerance=2), dec(value), polarity=polarity) is expected


@pytest.mark.parametrize(("value", "expected"), [("9.99", RED), ("10", GREEN), ("20", GREEN), ("20.01", RED)])
def test_a_keep_within_range_without_tolerance_has_no_amber_band(value, expected):
    assert evaluate(Target.keep_within(10, 20), dec(value), polarity=HIGHER) is expected


def test_a_single_point_range_is_met_only_at_that_point():
    assert evaluate(Target.between(5, 5), dec(5), polarity=NEITHER) is GREEN


# "Reviews 70% to 80% a year" on a measure where higher is better: 84% is better still.
OR_BETTER_TABLE = [
    (HIGHER, "84", GREEN),
    (HIGHER, "80", GREEN),
    (HIGHER, "70", GREEN),
    (HIGHER, "68", AMBER),
    (HIGHER, "67.9", RED),
    (HIGHER, "1000", GREEN),
    (LOWER, "60", GREEN),
    (LOWER, "70", GREEN),
    (LOWER, "80", GREEN),
    (LOWER, "82", AMBER),
    (LOWER, "82.1", RED),
    (LOWER, "-1000", GREEN),
]


@pytest.mark.parametrize("sense", [None, RangeSense.OR_BETTER])
@pytest.mark.parametrize(("polarity", "value", "expected"), OR_BETTER_TABLE)
def test_a_range_honours_the_polarity_beyond_its_better_end(sense, polarity, value, expected):
    target = Target.between(70, 80, sense=sense, tolerance=2)
    assert evaluate(target, dec(value), polarity=polarity) is expected


@pytest.mark.parametrize("sense", [None, RangeSense.OR_BETTER, RangeSense.KEEP_WITHIN])
def test_a_range_on_a_measure_with_no_better_direction_is_always_keep_within(sense):
    target = Target.between(70, 80, sense=sense)
    assert evaluate(target, dec(84), polarity=NEITHER) is RED
    assert evaluate(target, dec(66), polarity=NEITHER) is RED
    assert range_sense(sense, NEITHER) is RangeSense.KEEP_WITHIN


def test_range_sense_defaults_to_or_better_for_a_directional_polarity():
    assert range_sense(None, HIGHER) is RangeSense.OR_BETTER
    assert range_sense("keep_within", LOWER) is RangeSense.KEEP_WITHIN


def test_only_a_range_takes_a_sense():
    with pytest.raises(ValueError, match="does not use sense"):
        Target(TargetKind.THRESHOLD, value=dec(1), sense=RangeSense.KEEP_WITHIN)


def test_range_sense_has_labels_and_choices():
    assert RangeSense.choices() == [("or_better", "In the range or better"), ("keep_within", "Keep within the range")]


@pytest.mark.parametrize(
    ("sense", "polarity", "expected"),
    [
        (None, HIGHER, "Between 70% and 80% (above is better)"),
        (RangeSense.OR_BETTER, LOWER, "Between 70% and 80% (below is better)"),
        (RangeSense.KEEP_WITHIN, HIGHER, "Keep within 70% to 80%"),
        (RangeSense.OR_BETTER, NEITHER, "Keep within 70% to 80%"),
    ],
)
def test_describe_range_says_which_side_is_better(sense, polarity, expected):
    assert describe_range("70%", "80%", sense, polarity) == expected


# ----- evaluate: direction against baseline ---------------------------------------------

DIRECTION_TARGET_TABLE = [
    # (change, tolerance, baseline, value, polarity, expected)
    (DesiredChange.INCREASE, None, "50", "51", HIGHER, GREEN),
    (DesiredChange.INCREASE, None, "50", "50", HIGHER, AMBER),
    (DesiredChange.INCREASE, None, "50", "49", HIGHER, RED),
    (DesiredChange.INCREASE, "2", "50", "48", HIGHER, AMBER),
    (DesiredChange.INCREASE, "2", "50", "47.99", HIGHER, RED),
    (DesiredChange.DECREASE, None, "50", "49", LOWER, GREEN),
    (DesiredChange.DECREASE, None, "50", "50", LOWER, AMBER),
    (DesiredChange.DECREASE, None, "50", "51", LOWER, RED),
    (DesiredChange.DECREASE, "2", "50", "52", LOWER, AMBER),
    (DesiredChange.DECREASE, "2", "50", "52.01", LOWER, RED),
    (DesiredChange.MAINTAIN_OR_INCREASE, None, "50", "50", HIGHER, GREEN),
    (DesiredChange.MAINTAIN_OR_INCREASE, None, "50", "60", HIGHER, GREEN),
    (DesiredChange.MAINTAIN_OR_INCREASE, None, "50", "49.99", HIGHER, RED),
    (DesiredChange.MAINTAIN_OR_INCREASE, "1", "50", "49", HIGHER, AMBER),
    (DesiredChange.MAINTAIN_OR_INCREASE, "1", "50", "48.99", HIGHER, RED),
    (DesiredChange.MAINTAIN_OR_DECREASE, None, "50", "50", LOWER, GREEN),
    (DesiredChange.MAINTAIN_OR_DECREASE, None, "50", "40", LOWER, GREEN),
    (DesiredChange.MAINTAIN_OR_DECREASE, None, "50", "50.01", LOWER, RED),
    (DesiredChange.MAINTAIN_OR_DECREASE, "1", "50", "51", LOWER, AMBER),
    (DesiredChange.MAINTAIN_OR_DECREASE, "1", "50", "51.01", LOWER, RED),
    # Maintain is two-sided only when the measure has no preferred direction.
    (DesiredChange.MAINTAIN, None, "50", "50", NEITHER, GREEN),
    (DesiredChange.MAINTAIN, None, "50", "50.01", NEITHER, RED),
    (DesiredChange.MAINTAIN, None, "50", "49.99", NEITHER, RED),
    (DesiredChange.MAINTAIN, "1", "50", "51", NEITHER, AMBER),
    (DesiredChange.MAINTAIN, "1", "50", "49", NEITHER, AMBER),
    (DesiredChange.MAINTAIN, "1", "50", "51.01", NEITHER, RED),
    (DesiredChange.MAINTAIN, None, "50", "60", HIGHER, GREEN),
    (DesiredChange.MAINTAIN, None, "50", "40", HIGHER, RED),
    (DesiredChange.MAINTAIN, None, "50", "40", LOWER, GREEN),
    (DesiredChange.MAINTAIN, "1", "50", "51", LOWER, AMBER),
    # Improve follows the polarity.
    (DesiredChange.IMPROVE, None, "50", "51", HIGHER, GREEN),
    (DesiredChange.IMPROVE, None, "50", "51", LOWER, RED),
    (DesiredChange.IMPROVE, None, "50", "50", LOWER, AMBER),
    (DesiredChange.IMPROVE, None, "50", "49", LOWER, GREEN),
    (DesiredChange.MAINTAIN_OR_IMPROVE, None, "50", "50", LOWER, GREEN),
    (DesiredChange.MAINTAIN_OR_IMPROVE, None, "50", "51", LOWER, RED),
    (DesiredChange.MAINTAIN_OR_IMPROVE, "2", "50", "48", HIGHER, AMBER),
    # An explicit direction is applied as written whatever the polarity.
    (DesiredChange.INCREASE, None, "50", "51", LOWER, GREEN),
    (DesiredChange.DECREASE, None, "50", "49", HIGHER, GREEN),
    (DesiredChange.MAINTAIN_OR_INCREASE, None, "50", "49", NEITHER, RED),
]


@pytest.mark.parametrize(("change", "tolerance", "baseline", "value", "polarity", "expected"), DIRECTION_TARGET_TABLE)
def test_direction_targets_rate_the_change_from_baseline(change, tolerance, baseline, value, polarity, expected):
    target = Target.direction(change, tolerance=None if tolerance is None else dec(tolerance))
    assert evaluate(target, dec(value), baseline=dec(baseline), polarity=polarity) is expected


@pytest.mark.parametrize("change", [DesiredChange.IMPROVE, DesiredChange.MAINTAIN_OR_IMPROVE])
def test_improve_targets_cannot_be_judged_without_a_polarity(change):
    with pytest.raises(ValueError, match="higher or lower is better"):
        evaluate(Target.direction(change), dec(1), baseline=dec(0), polarity=NEITHER)


def test_direction_target_without_a_baseline_is_not_rated():
    assert evaluate(Target.direction("Increase"), dec(5), polarity=HIGHER) is NOT_RATED


# ----- evaluate: missing data and arguments ---------------------------------------------

ALL_TARGETS = [
    Target.at_least(80),
    Target.at_most(5, tolerance=1),
    Target.threshold(80),
    Target.between(10, 20),
    Target.keep_within(10, 20),
    Target.direction("Maintain or lower"),
    Target.direction("Improve"),
]


@pytest.mark.parametrize("target", ALL_TARGETS, ids=lambda t: t.describe())
def test_a_missing_value_is_not_rated(target):
    assert evaluate(target, None, baseline=dec(1), polarity=HIGHER) is NOT_RATED


def test_evaluate_accepts_polarity_as_its_string_value():
    assert evaluate(Target.threshold(80), dec(81), polarity="higher_is_better") is GREEN


def test_evaluate_accepts_int_values():
    assert evaluate(Target.at_least(80), 80, polarity=HIGHER) is GREEN


def test_evaluate_rejects_float_values():
    with pytest.raises(TypeError, match="Decimal"):
        evaluate(Target.at_least(80), 80.0, polarity=HIGHER)


def test_evaluate_rejects_something_that_is_not_a_target():
    with pytest.raises(TypeError, match="Target"):
        evaluate("at least 80", dec(80), polarity=HIGHER)


def test_evaluate_requires_a_polarity():
    with pytest.raises(TypeError):
        evaluate(Target.at_least(80), dec(80))  # type: ignore[call-arg]


def test_evaluate_is_exact_for_long_decimals():
    # With 28-digit rounding the shortfall would fall inside the tolerance and read as amber.
    threshold = Decimal("1000000000000000000000000000000.4")
    target = Target.at_least(threshold, tolerance=Decimal("1000000000000000000000000000000.3"))
    assert evaluate(target, dec(0), polarity=HIGHER) is RED


def test_validate_for_rejects_a_polarity_led_target_without_a_polarity():
    with pytest.raises(ValueError, match="higher or lower is better"):
        Target.direction("Improve").validate_for(NEITHER)


@pytest.mark.parametrize("target", ALL_TARGETS, ids=lambda t: t.describe())
def test_validate_for_accepts_every_target_for_a_directional_polarity(target):
    assert target.validate_for(LOWER) is None


# ----- evaluate: properties -------------------------------------------------------------

steps = st.decimals(min_value=0, max_value=10**4, places=3, allow_nan=False, allow_infinity=False)
optional_tolerances = st.none() | tolerances
polarity_led_changes = st.sampled_from(
    [DesiredChange.IMPROVE, DesiredChange.MAINTAIN_OR_IMPROVE, DesiredChange.MAINTAIN]
)


def _better(value: Decimal, step: Decimal, polarity: Polarity) -> Decimal:
    return value + step * polarity.sign


@given(values, values, steps, optional_tolerances, judged_polarities)
def test_moving_the_value_in_the_better_direction_never_worsens_a_threshold_rating(
    threshold, value, step, tolerance, polarity
):
    target = Target.threshold(threshold, tolerance=tolerance)
    before = evaluate(target, value, polarity=polarity)
    after = evaluate(target, _better(value, step, polarity), polarity=polarity)
    assert after <= before


@given(values, values, steps, optional_tolerances, st.sampled_from(list(Polarity)))
def test_raising_the_value_never_worsens_an_at_least_rating(threshold, value, step, tolerance, polarity):
    target = Target.at_least(threshold, tolerance=tolerance)
    assert evaluate(target, value + step, polarity=polarity) <= evaluate(target, value, polarity=polarity)


@given(values, values, steps, optional_tolerances, st.sampled_from(list(Polarity)))
def test_lowering_the_value_never_worsens_an_at_most_rating(threshold, value, step, tolerance, polarity):
    target = Target.at_most(threshold, tolerance=tolerance)
    assert evaluate(target, value - step, polarity=polarity) <= evaluate(target, value, polarity=polarity)


@given(polarity_led_changes, values, values, steps, optional_tolerances, judged_polarities)
def test_moving_the_value_in_the_better_direction_never_worsens_a_polarity_led_direction_rating(
    change, baseline, value, step, tolerance, polarity
):
    target = Target.direction(change, tolerance=tolerance)
    before = evaluate(target, value, baseline=baseline, polarity=polarity)
    after = evaluate(target, _better(value, step, polarity), baseline=baseline, polarity=polarity)
    assert after <= before


@given(values, steps, values, optional_tolerances, st.sampled_from(list(Polarity)))
def test_moving_the_value_towards_a_keep_within_range_never_worsens_its_rating(low, width, value, tolerance, polarity):
    high = low + width
    target = Target.keep_within(low, high, tolerance=tolerance)
    centre = (low + high) / 2
    closer = (value + centre) / 2
    assert evaluate(target, closer, polarity=polarity) <= evaluate(target, value, polarity=polarity)


def _any_target(kind_index: int, a: Decimal, b: Decimal, tolerance: Decimal | None) -> Target:
    low, high = sorted([a, b])
    return [
        Target.at_least(a, tolerance=tolerance),
        Target.at_most(a, tolerance=tolerance),
        Target.threshold(a, tolerance=tolerance),
        Target.between(low, high, tolerance=tolerance),
        Target.direction(DesiredChange.INCREASE, tolerance=tolerance),
        Target.direction(DesiredChange.DECREASE, tolerance=tolerance),
        Target.direction(DesiredChange.MAINTAIN, tolerance=tolerance),
        Target.direction(DesiredChange.MAINTAIN_OR_INCREASE, tolerance=tolerance),
        Target.direction(DesiredChange.MAINTAIN_OR_DECREASE, tolerance=tolerance),
        Target.direction(DesiredChange.IMPROVE, tolerance=tolerance),
        Target.direction(DesiredChange.MAINTAIN_OR_IMPROVE, tolerance=tolerance),
        Target.between(low, high, sense=RangeSense.OR_BETTER, tolerance=tolerance),
        Target.keep_within(low, high, tolerance=tolerance),
    ][kind_index]


any_target_index = st.integers(0, 12)
all_polarities = st.sampled_from(list(Polarity))


def _follows_polarity(target: Target) -> bool:
    """True when the target's sense is led by the polarity (not a fixed comparison, change or keep-within)."""
    if target.kind is TargetKind.THRESHOLD:
        return target.comparison is None
    if target.kind is TargetKind.RANGE:
        return target.sense is not RangeSense.KEEP_WITHIN
    return target.change in (DesiredChange.IMPROVE, DesiredChange.MAINTAIN_OR_IMPROVE, DesiredChange.MAINTAIN)


def _judgeable(target: Target, polarity: Polarity) -> bool:
    try:
        target.validate_for(polarity)
    except ValueError:
        return False
    return True


@given(any_target_index, values, values, values, steps, optional_tolerances, judged_polarities)
def test_moving_the_value_in_the_better_direction_never_worsens_a_polarity_led_rating(
    index, a, b, value, step, tolerance, polarity
):
    # Every kind of target whose sense follows the polarity, ranges of both senses included.
    target = _any_target(index, a, b, tolerance)
    assume(_follows_polarity(target))
    before = evaluate(target, value, baseline=b, polarity=polarity)
    after = evaluate(target, _better(value, step, polarity), baseline=b, polarity=polarity)
    assert after <= before


@given(values, values, values, steps, optional_tolerances, judged_polarities)
def test_moving_beyond_an_or_better_range_on_its_better_side_is_green(a, b, value, step, tolerance, polarity):
    low, high = sorted([a, b])
    target = Target.between(low, high, sense=RangeSense.OR_BETTER, tolerance=tolerance)
    end = high if polarity is HIGHER else low
    assert evaluate(target, _better(end, step, polarity), polarity=polarity) is GREEN


@given(values, steps, steps, optional_tolerances, all_polarities, st.sampled_from([None, *RangeSense]))
def test_a_keep_within_range_is_symmetric(low, width, distance, tolerance, polarity, sense):
    # Keep-within (chosen, or any range when neither way is better) rates the same distance
    # below the low end and above the high end alike.
    target = Target.between(low, low + width, sense=sense, tolerance=tolerance)
    assume(range_sense(sense, polarity) is RangeSense.KEEP_WITHIN)
    below = evaluate(target, low - distance, polarity=polarity)
    above = evaluate(target, low + width + distance, polarity=polarity)
    assert below is above


@given(any_target_index, values, values, values, tolerances, tolerances, all_polarities)
def test_widening_the_tolerance_never_worsens_a_rating(index, a, b, value, t1, t2, polarity):
    narrow, wide = sorted([t1, t2])
    narrow_target = _any_target(index, a, b, narrow)
    wide_target = _any_target(index, a, b, wide)
    assume(_judgeable(narrow_target, polarity))  # NEITHER refuses polarity-led targets
    baseline = b
    assert evaluate(wide_target, value, baseline=baseline, polarity=polarity) <= evaluate(
        narrow_target, value, baseline=baseline, polarity=polarity
    )


@given(any_target_index, values, values, values, optional_tolerances, judged_polarities)
def test_every_rating_with_data_is_red_amber_or_green(index, a, b, value, tolerance, polarity):
    target = _any_target(index, a, b, tolerance)
    assert evaluate(target, value, baseline=b, polarity=polarity).is_rated


@given(any_target_index, values, values, values, judged_polarities)
def test_without_tolerance_a_rating_is_never_amber_except_a_stalled_strict_change(index, a, b, value, polarity):
    target = _any_target(index, a, b, None)
    rating = evaluate(target, value, baseline=b, polarity=polarity)
    strict = target.change in (DesiredChange.INCREASE, DesiredChange.DECREASE, DesiredChange.IMPROVE)
    assert rating is not AMBER or (strict and value == b)


@given(values, values, judged_polarities)
def test_an_improve_target_is_green_exactly_when_the_direction_of_travel_is_improving(baseline, value, polarity):
    rating = evaluate(Target.direction("Improve"), value, baseline=baseline, polarity=polarity)
    improving = direction_of_travel(baseline, value, polarity) is Direction.IMPROVING
    assert (rating is GREEN) == improving
