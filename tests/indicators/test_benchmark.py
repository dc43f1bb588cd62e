"""The pure benchmarking functions: ranks, quartiles, median, mean, gap, words and the England figure."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.rag import Polarity
from ascent.indicators.benchmark import (
    RANKED_BY_VALUE,
    EnglandBasis,
    GapJudgement,
    benchmark,
    england_figure,
    gap_to_median,
    mean,
    median,
    ordinal,
    quartile,
    rank,
    unit_scale,
)

D = Decimal
HIGHER, LOWER, NEITHER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NEITHER


def ranks(values, polarity=HIGHER) -> dict:
    return {placing.key: placing.rank for placing in rank(values, polarity)}


# ----- ordinal ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "0th"),
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (121, "121st"),
        (153, "153rd"),
    ],
)
def test_ordinal_words(number, text):
    assert ordinal(number) == text


def test_ordinal_refuses_negatives_and_non_integers():
    with pytest.raises(ValueError, match="zero or more"):
        ordinal(-1)
    with pytest.raises(TypeError):
        ordinal(1.0)
    with pytest.raises(TypeError):
        ordinal(True)


# ----- ranking ----------------------------------------------------------------------------


def test_higher_is_better_ranks_the_highest_value_first():
    assert ranks({"a": D(10), "b": D(30), "c": D(20)}, HIGHER) == {"b": 1, "c": 2, "a": 3}


def test_lower_is_better_ranks_the_lowest_value_first():
    assert ranks({"a": D(10), "b": D(30), "c": D(20)}, LOWER) == {"a": 1, "c": 2, "b": 3}


def test_no_better_direction_ranks_by_value_highest_first():
    assert ranks({"a": D(10), "b": D(30), "c": D(20)}, NEITHER) == {"b": 1, "c": 2, "a": 3}


def test_polarity_may_be_given_as_its_value():
    assert ranks({"a": D(1), "b": D(2)}, "lower_is_better") == {"a": 1, "b": 2}


def test_ties_share_the_best_rank_and_the_next_rank_skips():
    values = {"a": D(9), "b": D(7), "c": D(7), "d": D(5)}
    assert ranks(values) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_a_tie_at_the_top_shares_first_place():
    assert ranks({"a": D(5), "b": D(5), "c": D(1)}) == {"a": 1, "b": 1, "c": 3}


def test_tied_placings_say_joint():
    placings = {p.key: p for p in rank({"a": D(9), "b": D(7), "c": D(7)}, HIGHER)}
    assert (placings["a"].tied, placings["a"].position) == (False, "1st")
    assert (placings["b"].tied, placings["b"].position) == (True, "joint 2nd")


def test_tied_councils_keep_the_order_they_were_given_in():
    placings = rank({"zeta": D(5), "alpha": D(5), "mid": D(5)}, HIGHER)
    assert [p.key for p in placings] == ["zeta", "alpha", "mid"]


def test_equal_values_written_differently_are_a_tie():
    assert ranks({"a": D("5.0"), "b": D("5.000000")}) == {"a": 1, "b": 1}


def test_missing_values_are_left_out_of_the_ranking():
    assert ranks({"a": D(1), "b": None, "c": D(3)}) == {"c": 1, "a": 2}


def test_a_single_council_is_first_in_the_first_quartile():
    [placing] = rank({"only": D(42)}, LOWER)
    assert (placing.rank, placing.quartile, placing.tied) == (1, 1, False)


def test_all_equal_values_are_all_first():
    placings = rank(dict.fromkeys("abcdef", D(3)), HIGHER)
    assert {p.rank for p in placings} == {1}
    assert {p.quartile for p in placings} == {1}
    assert all(p.tied for p in placings)


def test_an_empty_group_has_no_ranking():
    assert rank({}, HIGHER) == []
    assert rank({"a": None}, HIGHER) == []


def test_integers_are_accepted():
    assert ranks({"a": 1, "b": 2}) == {"b": 1, "a": 2}


def test_floats_are_refused():
    with pytest.raises(TypeError, match="Decimal or an int"):
        rank({"a": 1.5}, HIGHER)


def test_non_finite_values_are_refused():
    with pytest.raises(ValueError, match="finite"):
        rank({"a": D("NaN")}, HIGHER)


def test_negative_values_rank_by_polarity():
    assert ranks({"a": D(-5), "b": D(-1), "c": D(0)}, LOWER) == {"a": 1, "b": 2, "c": 3}


# ----- quartiles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rank_", "count", "expected"),
    [
        (1, 1, 1),
        (1, 2, 1),
        (2, 2, 3),
        (1, 3, 1),
        (2, 3, 2),
        (3, 3, 3),
        (1, 4, 1),
        (2, 4, 2),
        (3, 4, 3),
        (4, 4, 4),
        (1, 8, 1),
        (2, 8, 1),
        (3, 8, 2),
        (4, 8, 2),
        (5, 8, 3),
        (7, 8, 4),
        (8, 8, 4),
        # A group of 33 (London): ranks 1-9, 10-17, 18-25 and 26-33.
        (9, 33, 1),
        (10, 33, 2),
        (11, 33, 2),
        (17, 33, 2),
        (18, 33, 3),
        (25, 33, 3),
        (26, 33, 4),
        (33, 33, 4),
        # England, 153 councils.
        (39, 153, 1),
        (40, 153, 2),
        (153, 153, 4),
    ],
)
def test_quartile_edges(rank_, count, expected):
    assert quartile(rank_, count) == expected


def test_quartile_refuses_impossible_ranks():
    with pytest.raises(ValueError, match="outside"):
        quartile(0, 4)
    with pytest.raises(ValueError, match="outside"):
        quartile(5, 4)
    with pytest.raises(ValueError, match="at least one"):
        quartile(1, 0)


def test_tied_councils_share_a_quartile():
    placings = {p.key: p for p in rank({"a": D(4), "b": D(3), "c": D(3), "d": D(3), "e": D(1)}, HIGHER)}
    assert placings["b"].quartile == placings["c"].quartile == placings["d"].quartile == 1
    assert placings["e"].quartile == 4


# ----- median and mean --------------------------------------------------------------------


def test_median_of_an_odd_count_is_the_middle_value():
    assert median([D(3), D(1), D(2)]) == D(2)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median([D(1), D(2), D(3), D(10)]) == D("2.5")


def test_median_is_exact_with_many_digits():
    big = D("12345678901234567890.123456")
    assert median([big, big + D("0.000001")]) == D("12345678901234567890.1234565")


def test_mean_is_exact_when_it_terminates():
    assert mean([D("0.1"), D("0.2")]) == D("0.15")


def test_mean_that_does_not_terminate_has_28_significant_digits():
    assert mean([D(1), D(1), D(2)]) == D("1.333333333333333333333333333")


def test_mean_and_median_need_a_value():
    with pytest.raises(ValueError):
        median([])
    with pytest.raises(ValueError):
        mean([])


# ----- gap to the median ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "polarity", "judgement"),
    [
        (D(12), HIGHER, GapJudgement.BETTER),
        (D(8), HIGHER, GapJudgement.WORSE),
        (D(8), LOWER, GapJudgement.BETTER),
        (D(12), LOWER, GapJudgement.WORSE),
        (D(12), NEITHER, GapJudgement.ABOVE),
        (D(8), NEITHER, GapJudgement.BELOW),
        (D(10), HIGHER, GapJudgement.SAME),
        (D(10), NEITHER, GapJudgement.SAME),
    ],
)
def test_gap_is_judged_by_polarity(value, polarity, judgement):
    gap = gap_to_median(value, D(10), polarity)
    assert gap.difference == value - D(10)
    assert gap.judgement is judgement


def test_gap_descriptions():
    assert gap_to_median(D("12.5"), D(10), HIGHER).describe() == "2.5 better than the group median"
    assert gap_to_median(D("7.5"), D(10), HIGHER).describe() == "2.5 worse than the group median"
    assert gap_to_median(D(12), D(10), NEITHER).describe() == "2 above the group median"
    assert gap_to_median(D(10), D(10), LOWER).describe() == "the same as the group median"
    assert gap_to_median(D(7), D(10), LOWER).describe(lambda v: f"{v} days") == "3 days better than the group median"


def test_judgement_says_whether_it_is_better():
    assert GapJudgement.BETTER.is_better is True
    assert GapJudgement.WORSE.is_better is False
    assert GapJudgement.ABOVE.is_better is None


# ----- a whole benchmark ------------------------------------------------------------------


def london_like(n=33, subject_rank=11, missing=0):
    """n councils valued so that higher is better and the subject ranks ``subject_rank``."""
    values = {f"council-{i:02d}": D(1000 - i * 10) for i in range(1, n + 1)}
    values.update({f"missing-{i}": None for i in range(missing)})
    return values, f"council-{subject_rank:02d}"


def test_benchmark_places_the_subject():
    values, subject = london_like()
    result = benchmark(values, HIGHER, subject=subject)
    assert result.count == 33
    assert result.rank_text == "11th of 33"
    assert result.quartile_text == "2nd quartile"
    assert result.median == D(830)
    assert result.mean == D(830)


def test_benchmark_counts_missing_values_separately():
    values, subject = london_like(n=31, missing=2)
    result = benchmark(values, HIGHER, subject=subject)
    assert result.count == 31
    assert result.missing_count == 2
    assert result.missing_text == "no value for 2 councils"
    assert benchmark({"a": D(1), "b": None}, HIGHER).missing_text == "no value for 1 council"


def test_the_sentence_names_rank_quartile_and_median():
    values, subject = london_like()
    sentence = benchmark(values, HIGHER, subject=subject).sentence("Harrow", "London boroughs", lambda v: f"{v:.1f}")
    assert sentence == "Harrow is 11th of 33 London boroughs (2nd quartile); the group median is 830.0."


def test_the_sentence_mentions_councils_with_no_value():
    values, subject = london_like(n=31, missing=2)
    sentence = benchmark(values, HIGHER, subject=subject).sentence("Harrow", "London boroughs")
    assert sentence.endswith("There is no value for 2 councils in the group.")


def test_the_sentence_says_when_there_is_no_better_direction():
    values, subject = london_like()
    sentence = benchmark(values, NEITHER, subject=subject).sentence("Harrow", "London boroughs")
    assert f"11th of 33 London boroughs, {RANKED_BY_VALUE} (2nd quartile)" in sentence


def test_the_sentence_when_the_subject_has_no_value():
    result = benchmark({"a": D(1), "b": D(3), "harrow": None}, HIGHER, subject="harrow")
    assert result.subject_placing is None
    assert result.rank_text is None and result.quartile_text is None and result.gap is None
    assert result.sentence("Harrow", "London boroughs") == (
        "Harrow has no value for this period, so it is not ranked; the group median is 2 (from 2 councils with a "
        "value). There is no value for 1 council in the group."
    )


def test_the_sentence_when_nobody_has_a_value():
    result = benchmark({"a": None, "b": None}, HIGHER, subject="a")
    assert (result.median, result.mean, result.count) == (None, None, 0)
    assert result.sentence("A", "councils") == "No council in the group has a value for this period."


def test_a_tied_subject_is_joint():
    result = benchmark({"a": D(5), "harrow": D(3), "c": D(3)}, HIGHER, subject="harrow")
    assert result.rank_text == "joint 2nd of 3"


def test_the_gap_is_subject_minus_median():
    result = benchmark({"a": D(10), "b": D(20), "harrow": D(40)}, LOWER, subject="harrow")
    assert result.gap.difference == D(20)
    assert result.gap.judgement is GapJudgement.WORSE


def test_without_a_subject_there_is_no_standing():
    result = benchmark({"a": D(10)}, HIGHER)
    assert result.subject_placing is None and result.rank_text is None


# ----- the England figure ---------------------------------------------------------------


def test_england_aggregates_numerators_and_denominators_weighting_by_size():
    # 50% of 100 people and 10% of 300 people: 80 of 400 is 20%, where the average is 30%.
    figure = england_figure([(D(50), D(50), D(100)), (D(10), D(30), D(300))], unit="percent")
    assert figure.basis is EnglandBasis.AGGREGATE
    assert figure.value == D(20)
    assert figure.councils == 2


def test_england_aggregate_scales_per_100000():
    figure = england_figure([(D(500), D(5), D(1000)), (D(100), D(1), D(1000))], unit="per_100k")
    assert figure.value == D(300)
    assert figure.basis_text == "England figure: aggregate of councils' numerators and denominators"


def test_england_aggregate_of_other_units_is_the_plain_ratio():
    assert england_figure([(D(3), D(6), D(2))], unit="days").value == D(3)


def test_england_falls_back_to_the_average_when_a_council_lacks_a_numerator():
    figure = england_figure([(D(50), D(1), D(2)), (D(10), None, D(100))], unit="percent")
    assert figure.basis is EnglandBasis.AVERAGE
    assert figure.value == D(30)
    assert figure.basis_text == "England figure: average of councils"


def test_england_falls_back_to_the_average_when_denominators_add_to_zero():
    figure = england_figure([(D(4), D(0), D(0)), (D(6), D(1), D(0))], unit="rate")
    assert (figure.basis, figure.value) == (EnglandBasis.AVERAGE, D(5))


def test_england_ignores_councils_with_no_value():
    figure = england_figure([(D(40), D(4), D(10)), (None, None, None)], unit="percent")
    assert (figure.basis, figure.value, figure.councils) == (EnglandBasis.AGGREGATE, D(40), 1)


def test_england_with_no_values_is_none():
    assert england_figure([], unit="percent") is None
    assert england_figure([(None, D(1), D(2))], unit="percent") is None


def test_unit_scales():
    assert unit_scale("percent") == 100
    assert unit_scale("per_100k") == 100_000
    assert unit_scale("score") == 1


# ----- properties -------------------------------------------------------------------------

decimals = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
maybe_values = st.dictionaries(
    st.integers(min_value=0, max_value=10_000), st.one_of(st.none(), decimals), min_size=0, max_size=40
)
polarities = st.sampled_from(list(Polarity))


def _better(a: Decimal, b: Decimal, polarity: Polarity) -> bool:
    return a < b if polarity is LOWER else a > b


@given(maybe_values, polarities)
def test_ranks_lie_between_1_and_the_count(values, polarity):
    placings = rank(values, polarity)
    assert len(placings) == sum(v is not None for v in values.values())
    assert all(1 <= p.rank <= len(placings) for p in placings)
    assert all(1 <= p.quartile <= 4 for p in placings)


@given(maybe_values, polarities, st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_the_order_of_the_councils(values, polarity, rnd):
    items = list(values.items())
    rnd.shuffle(items)
    assert ranks(dict(items), polarity) == ranks(values, polarity)


@given(maybe_values, polarities)
def test_a_better_value_never_ranks_worse(values, polarity):
    placings = rank(values, polarity)
    for a in placings:
        for b in placings:
            if _better(a.value, b.value, polarity):
                assert a.rank < b.rank
                assert a.quartile <= b.quartile
            elif a.value == b.value:
                assert a.rank == b.rank


@given(maybe_values, polarities)
def test_rank_is_one_more_than_the_councils_strictly_better(values, polarity):
    placings = rank(values, polarity)
    for a in placings:
        assert a.rank == 1 + sum(_better(b.value, a.value, polarity) for b in placings)


@given(maybe_values, polarities)
def test_placings_come_best_first(values, polarity):
    placings = rank(values, polarity)
    assert [p.rank for p in placings] == sorted(p.rank for p in placings)


@given(st.lists(decimals, min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_median_and_mean_lie_within_the_values_and_ignore_order(values, rnd):
    shuffled = values[:]
    rnd.shuffle(shuffled)
    assert min(values) <= median(values) <= max(values)
    assert min(values) <= mean(values) <= max(values)
    assert median(shuffled) == median(values)
    assert mean(shuffled) == mean(values)


@given(maybe_values, polarities)
def test_every_council_is_either_ranked_or_missing(values, polarity):
    result = benchmark(values, polarity)
    assert result.count + result.missing_count == len(values)
    assert {p.key for p in result.placings}.isdisjoint(result.missing)


def test_shuffling_a_large_group_keeps_every_rank():
    rnd = random.Random(4)
    values = {i: D(rnd.randint(0, 20)) for i in range(153)}
    items = list(values.items())
    rnd.shuffle(items)
    assert ranks(dict(items), LOWER) == ranks(values, LOWER)
