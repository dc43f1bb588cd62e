"""The reader over the two real letters in ../shared/seeds: Herefordshire 2014 and Harrow 2016.

The project must not depend on ../shared, so each test is skipped, with its reason, when the
seed file is not there (set ASCENT_SEEDS to point elsewhere). What is expected is written down
in tests/reviews/letters/seeds.py by reading the letters.
"""

from __future__ import annotations

import pytest

from ascent.reviews.letter_import import propose, read
from scripts.letter_import_accuracy import score
from tests.reviews.letters.seeds import HARROW, HEREFORDSHIRE, seeds_folder


def proposal_of(seed: dict) -> dict:
    path = seeds_folder() / seed["file"]
    if not path.is_file():
        pytest.skip(f"the seed letter {seed['file']} is not in {seeds_folder()} (../shared is absent)")
    return propose(read(path.read_text(encoding="utf-8"))[1])


def test_herefordshire_gives_34_recommendations_with_two_unnumbered_between_4_and_7():
    recommendations = proposal_of(HEREFORDSHIRE)["recommendations"]
    assert len(recommendations) == 34
    assert [item["number"] for item in recommendations[:7]] == [1, 2, 3, 4, None, None, 7]
    assert [item["number"] for item in recommendations[6:]] == list(range(7, 35))


def test_herefordshire_gives_its_team_of_seven_named_in_a_sentence_and_the_signature():
    team = proposal_of(HEREFORDSHIRE)["team"]
    assert [(m["name"], m["role"]) for m in team] == [
        ("David Stevens", "lead-director"),
        ("Keymn Whervin", "expert-by-experience"),
        ("Liam Waldron", "expert-by-experience"),
        ("Councillor Yvonne Davies", "member-peer"),
        ("Sue Alexander", "officer-peer"),
        ("Chris Lewington", "officer-peer"),
        ("Eddie Clarke", "challenge-manager"),
    ]


def test_herefordshire_gives_three_scope_questions_past_the_address_block():
    proposal = proposal_of(HEREFORDSHIRE)
    assert len(proposal["scope"]) == 3
    assert all(item["text"].endswith("?") for item in proposal["scope"])


def test_harrow_gives_ten_recommendations_six_domains_and_two_reviewers():
    proposal = proposal_of(HARROW)
    assert len(proposal["recommendations"]) == 10
    assert [item["number"] for item in proposal["recommendations"]] == [None, None, 3, 4, None, 6, 7, 8, 9, 10]
    assert len(proposal["scope"]) == 6
    assert [m["name"] for m in proposal["team"]] == ["Moira Wilson", "Anne Flanagan"]


@pytest.mark.parametrize("seed", [HEREFORDSHIRE, HARROW], ids=lambda seed: seed["name"])
def test_each_seed_scores_everything_right(seed):
    result = score(proposal_of(seed), seed)
    for part, counts in result.items():
        assert counts["wrong"] == 0 and counts["missed"] == 0, (part, counts)
