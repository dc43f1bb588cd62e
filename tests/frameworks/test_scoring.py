"""CQC's arithmetic: the overall percentage of the quality statement scores and its band."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.frameworks.scoring import BANDS, WARNING, band_for, estimate

#: The band of every sum of nine scores, worked out by hand from the published thresholds:
#: 25–38% Inadequate, 39–62% Requires improvement, 63–87% Good, 88%+ Outstanding, with our rule
#: that a percentage is rounded to a whole percent first (so 14/36 = 38.9% is 39%).
NINE = {
    9: ("25.0", "Inadequate"),
    10: ("27.8", "Inadequate"),
    11: ("30.6", "Inadequate"),
    12: ("33.3", "Inadequate"),
    13: ("36.1", "Inadequate"),
    14: ("38.9", "Requires improvement"),
    15: ("41.7", "Requires improvement"),
    16: ("44.4", "Requires improvement"),
    17: ("47.2", "Requires improvement"),
    18: ("50.0", "Requires improvement"),
    19: ("52.8", "Requires improvement"),
    20: ("55.6", "Requires improvement"),
    21: ("58.3", "Requires improvement"),
    22: ("61.1", "Requires improvement"),
    23: ("63.9", "Good"),
    24: ("66.7", "Good"),
    25: ("69.4", "Good"),
    26: ("72.2", "Good"),
    27: ("75.0", "Good"),
    28: ("77.8", "Good"),
    29: ("80.6", "Good"),
    30: ("83.3", "Good"),
    31: ("86.1", "Good"),
    32: ("88.9", "Outstanding"),
    33: ("91.7", "Outstanding"),
    34: ("94.4", "Outstanding"),
    35: ("97.2", "Outstanding"),
    36: ("100.0", "Outstanding"),
}


def nine_scores_adding_up_to(total: int) -> dict[str, int]:
    """Nine scores of 1–4 with the given sum: as many 4s as fit, the rest spread."""
    scores, left = [], total
    for remaining in range(9, 0, -1):
        score = min(4, left - (remaining - 1))
        scores.append(score)
        left -= score
    return {f"QS{n}": s for n, s in enumerate(scores, start=1)}


@pytest.mark.parametrize("total", range(9, 37))
def test_every_sum_of_nine_statements_lands_in_the_right_band(total):
    scores = nine_scores_adding_up_to(total)
    assert sum(scores.values()) == total
    result = estimate(scores)
    percentage, rating = NINE[total]
    assert (result.scored, result.total, result.maximum) == (9, total, 36)
    assert result.percentage == Decimal(percentage)
    assert result.rating == rating
    assert result.missing == ()
    assert result.is_complete


def test_the_gap_between_38_and_39_percent_is_closed_by_rounding_to_a_whole_percent():
    # 14 of 36 is 38.888…%: CQC publishes no rule for it; we round to 39%, Requires improvement.
    result = estimate(nine_scores_adding_up_to(14))
    assert result.whole_percent == 39
    assert result.rating == "Requires improvement"
    assert result.rounding_mattered
    assert result.arithmetic == "14 of 36 = 38.9%: Requires improvement (lower part of the band)"
    # A percentage that rounds down stays below the edge: 5 of 13 scores is 38.46…% → 38%.
    assert band_for(38).rating == "Inadequate"
    assert not estimate(nine_scores_adding_up_to(13)).rounding_mattered


def test_halves_round_up_at_a_band_edge():
    # 7 of 8 = 87.5% → 88%: Outstanding; 5 of 8 = 62.5% → 63%: Good.
    assert estimate({"a": 4, "b": 3}).rating == "Outstanding"
    assert estimate({"a": 3, "b": 2}).rating == "Good"


def test_the_arithmetic_reads_as_a_sentence():
    assert estimate(nine_scores_adding_up_to(23)).arithmetic == "23 of 36 = 63.9%: Good (lower part of the band)"
    assert estimate(nine_scores_adding_up_to(27)).arithmetic == "27 of 36 = 75.0%: Good (middle part of the band)"
    assert estimate(nine_scores_adding_up_to(31)).position == "upper"
    assert estimate(nine_scores_adding_up_to(36)).position == "upper"
    assert estimate(nine_scores_adding_up_to(9)).position == "lower"


def test_partial_scoring_counts_only_the_statements_scored():
    result = estimate({"QS1": 3, "QS2": None, "QS3": 4, "QS4": None})
    assert (result.statements, result.scored, result.total, result.maximum) == (4, 2, 7, 8)
    assert result.percentage == Decimal("87.5")
    assert result.missing == ("QS2", "QS4")
    assert not result.is_complete


def test_nothing_scored_gives_no_estimate():
    result = estimate({"QS1": None, "QS2": None})
    assert result.percentage is None and result.rating is None and result.position is None
    assert result.arithmetic == "No quality statement is scored yet, so there is nothing to estimate."
    assert estimate({}).rating is None


@pytest.mark.parametrize("bad", [0, 5, -1, 2.5, "3", True])
def test_a_score_outside_1_to_4_is_refused(bad):
    with pytest.raises(ValueError, match="QS2"):
        estimate({"QS1": 3, "QS2": bad})


def test_the_bands_cover_every_whole_percent_from_25_to_100_once():
    covered = [p for band in BANDS for p in range(band.low, band.high + 1)]
    assert covered == list(range(25, 101))


def test_the_warning_says_it_is_an_estimate_and_not_cqcs_judgement():
    assert "estimate" in WARNING and "not CQC's judgement" in WARNING


RANK = {band.rating: position for position, band in enumerate(BANDS)}
scores = st.lists(st.integers(min_value=1, max_value=4) | st.none(), min_size=1, max_size=12)


@given(values=scores, data=st.data())
def test_raising_one_score_never_lowers_the_band(values, data):
    raisable = [i for i, v in enumerate(values) if v is not None and v < 4]
    if not raisable:
        return
    index = data.draw(st.sampled_from(raisable))
    before = estimate({f"QS{i}": v for i, v in enumerate(values)})
    raised = list(values)
    raised[index] += data.draw(st.integers(min_value=1, max_value=4 - values[index]))
    after = estimate({f"QS{i}": v for i, v in enumerate(raised)})
    assert RANK[after.rating] >= RANK[before.rating]
    assert after.percentage > before.percentage


@given(values=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=20))
def test_the_percentage_is_always_within_25_and_100_and_matches_the_sum(values):
    result = estimate({f"QS{i}": v for i, v in enumerate(values)})
    assert Decimal(25) <= result.percentage <= Decimal(100)
    assert result.total == sum(values) and result.maximum == 4 * len(values)
    assert result.band.low <= result.whole_percent <= result.band.high
