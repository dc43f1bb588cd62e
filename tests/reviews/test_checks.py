"""The reviews' assurance checks, each with a case that flags and cases that do not.

The checks are pure functions over plain values, so these tests build the facts by hand.
``COVERED`` names every check this module tests; tests/assurance/test_registry.py fails when
a check of the reviews app is registered without being listed (and so tested) here.
"""

from __future__ import annotations

import datetime

import pytest

from ascent.assurance import registry
from ascent.reviews import checks
from ascent.reviews.checks import AcceptedRecommendation, FindingFacts, RecommendationFacts, ReviewActionFacts

COVERED = {
    "reviews.no-response",
    "reviews.no-actions",
    "reviews.finding-without-evidence",
}

LETTER = datetime.date(2014, 7, 11)


def unanswered(days_later: int, **changes) -> RecommendationFacts:
    values = {
        "label": "Recommendation 12",
        "published_on": LETTER,
        "today": LETTER + datetime.timedelta(days=days_later),
        "response": "",
        "response_days": 28,
    }
    return RecommendationFacts(**{**values, **changes})


def test_every_check_is_registered_here_and_named_for_its_list():
    assert {check.name for check in registry.checks("reviews")} == COVERED
    assert set(checks.RECOMMENDATION_CHECKS + checks.REVIEW_CHECKS + checks.FINDING_CHECKS) == COVERED


# --- reviews.no-response ----------------------------------------------------------------------


def test_no_response_flags_a_recommendation_unanswered_after_the_set_time():
    detail = registry.run("reviews.no-response", unanswered(28))
    assert detail == (
        "Recommendation 12 has had no response 28 days after the letter of 11 July 2014 "
        "(a response is due within 28 days)."
    )


def test_no_response_waits_until_the_set_time_has_passed():
    assert registry.run("reviews.no-response", unanswered(27)) is None
    assert registry.run("reviews.no-response", unanswered(0)) is None


@pytest.mark.parametrize("response", ["accepted", "partly-accepted", "not-accepted"])
def test_no_response_is_quiet_once_the_council_answered(response):
    assert registry.run("reviews.no-response", unanswered(400, response=response)) is None


def test_no_response_follows_the_setting_and_says_one_day():
    assert registry.run("reviews.no-response", unanswered(5, response_days=7)) is None
    detail = registry.run("reviews.no-response", unanswered(1, response_days=1, label="Unnumbered recommendation"))
    assert detail == (
        "The unnumbered recommendation has had no response 1 day after the letter of 11 July 2014 "
        "(a response is due within 1 day)."
    )


@pytest.mark.parametrize(
    ("today", "how_long"),
    [
        (datetime.date(2014, 9, 8), "59 days"),
        (datetime.date(2014, 9, 11), "2 months"),
        (datetime.date(2014, 11, 20), "over 4 months"),
        (datetime.date(2016, 7, 11), "2 years"),
        (datetime.date(2026, 12, 7), "more than 12 years"),
        (datetime.date(2015, 7, 10), "over 11 months"),
    ],
)
def test_no_response_says_a_long_wait_in_months_or_years(today, how_long):
    detail = registry.run("reviews.no-response", unanswered(0, today=today))
    assert detail.startswith(f"Recommendation 12 has had no response {how_long} after the letter of 11 July 2014 ")


def test_no_response_cannot_judge_a_letter_with_no_date():
    assert registry.run("reviews.no-response", unanswered(400, published_on=None)) is None


# --- reviews.no-actions -----------------------------------------------------------------------


def accepted(*actions: int) -> ReviewActionFacts:
    return ReviewActionFacts(
        accepted=tuple(AcceptedRecommendation(label=f"Recommendation {n}", actions=a) for n, a in enumerate(actions, 1))
    )


def test_no_actions_flags_a_review_whose_accepted_recommendations_have_none():
    assert registry.run("reviews.no-actions", accepted(0, 0, 0)) == (
        "None of the 3 accepted recommendations has an improvement plan action."
    )
    assert registry.run("reviews.no-actions", accepted(0)) == (
        "The one accepted recommendation has no improvement plan actions."
    )


def test_no_actions_names_the_accepted_recommendations_left_without():
    assert registry.run("reviews.no-actions", accepted(2, 0, 1)) == (
        "1 of the 3 accepted recommendations has no improvement plan actions: Recommendation 2."
    )
    assert registry.run("reviews.no-actions", accepted(1, 0, 0)) == (
        "2 of the 3 accepted recommendations have no improvement plan actions: Recommendation 2 and Recommendation 3."
    )


def test_no_actions_shortens_a_long_list():
    detail = registry.run("reviews.no-actions", accepted(1, *([0] * 7)))
    assert detail.startswith("7 of the 8 accepted recommendations have no improvement plan actions: Recommendation 2, ")
    assert detail.endswith("Recommendation 6 and 2 more.")


def test_no_actions_names_partly_accepted_recommendations_as_such():
    both = ReviewActionFacts(
        accepted=(
            *(AcceptedRecommendation(label=f"Recommendation {n}", actions=0) for n in range(1, 23)),
            *(AcceptedRecommendation(label=f"Recommendation {n}", actions=0, partly=True) for n in (23, 24)),
        )
    )
    assert registry.run("reviews.no-actions", both) == (
        "None of the 24 accepted or partly accepted recommendations has an improvement plan action."
    )
    partly = ReviewActionFacts(accepted=(AcceptedRecommendation(label="Recommendation 1", actions=0, partly=True),))
    assert registry.run("reviews.no-actions", partly) == (
        "The one partly accepted recommendation has no improvement plan actions."
    )


def test_no_actions_is_quiet_when_every_accepted_recommendation_has_an_action_or_none_was_accepted():
    assert registry.run("reviews.no-actions", accepted(1, 3)) is None
    assert registry.run("reviews.no-actions", ReviewActionFacts()) is None


# --- reviews.finding-without-evidence ---------------------------------------------------------


def finding(**changes) -> FindingFacts:
    values = {"kind_label": "Area for consideration", "heading": "Advice and referral", "evidence_text": ""}
    return FindingFacts(**{**values, **changes})


def test_finding_without_evidence_flags_an_approved_finding_with_no_reference():
    assert registry.run("reviews.finding-without-evidence", finding()) == (
        "Approved area for consideration (Advice and referral) with no evidence reference and no library file."
    )
    assert registry.run("reviews.finding-without-evidence", finding(heading="", kind_label="Strength")) == (
        "Approved strength with no evidence reference and no library file."
    )


def test_finding_without_evidence_asks_the_host_to_ask_the_team_when_the_team_holds_it():
    assert registry.run("reviews.finding-without-evidence", finding(team_changes=True)) == (
        "Approved area for consideration (Advice and referral) with no evidence reference and no library file. "
        "Only the review team can change its findings while the review is open: ask the team's lead to say what it "
        "rests on."
    )


def test_finding_without_evidence_counts_blank_words_as_none():
    assert registry.run("reviews.finding-without-evidence", finding(evidence_text="  \n ")) is not None


def test_finding_without_evidence_is_quiet_with_words_or_a_library_file_or_before_approval():
    assert registry.run("reviews.finding-without-evidence", finding(evidence_text="Mystery-shopper calls")) is None
    assert registry.run("reviews.finding-without-evidence", finding(library_files=1)) is None
    assert registry.run("reviews.finding-without-evidence", finding(approved=False)) is None


@pytest.mark.parametrize("name", sorted(COVERED))
def test_each_check_has_a_title_and_a_reason(name):
    check = registry.get_check(name)
    assert check.app == "reviews"
    assert check.title and check.reason.endswith(".")
