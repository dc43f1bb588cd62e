"""Each assurance check of self-assessment: a case that flags and a case that does not.

The checks are pure functions over plain values, so these tests build the facts by hand.
``COVERED`` names every check this module tests; tests/assurance/test_registry.py fails when
a check of the assessments app is registered without being listed (and so tested) here.
"""

from __future__ import annotations

import datetime

import pytest

from ascent.assessments import checks
from ascent.assessments.checks import EvidenceFact, IndicatorFact, MappedRating, RatingFacts
from ascent.assurance import registry

COVERED = {
    "assessments.favourable-over-red",
    "assessments.favourable-bottom-quartile",
    "assessments.favourable-worsening",
    "assessments.no-evidence",
    "assessments.stale-evidence",
    "assessments.one-kind-of-evidence",
    "assessments.better-without-new-evidence",
    "assessments.contradicts-mapped-rating",
}

END = datetime.date(2025, 3, 31)
RECENT = datetime.date(2024, 11, 1)


def good(**changes) -> RatingFacts:
    """A CQC-style "3 – Good" rating with fresh, varied evidence and nothing against it."""
    facts = {
        "element_label": "QS7 Safeguarding",
        "rating_label": "3 – Good standard",
        "favourable": True,
        "is_lowest": False,
        "score": 3,
        "indicators": (IndicatorFact("4A", "Feeling safe", rag="green", trend="better", quartile=1),),
        "evidence": (EvidenceFact("Safeguarding audit", "processes", RECENT),),
        "period_end": END,
        "max_evidence_age_days": 730,
    }
    facts.update(changes)
    return RatingFacts(**facts)


def poor(**changes) -> RatingFacts:
    """A "1 – Significant shortfalls" rating: not favourable, the lowest point of the scale."""
    return good(rating_label="1 – Significant shortfalls", favourable=False, is_lowest=True, score=1, **changes)


def run(name: str, facts: RatingFacts) -> str | None:
    return registry.run(name, facts)


# favourable over red -----------------------------------------------------------------


def test_favourable_over_red_flags_a_good_rating_over_a_red_indicator():
    facts = good(
        indicators=(IndicatorFact("4A", "Feeling safe", rag="red"), IndicatorFact("4B", "Made safer", rag="green"))
    )
    detail = run("assessments.favourable-over-red", facts)
    assert detail == "Rated 3 – Good standard while 1 of 2 linked indicators is red: 4A."


def test_favourable_over_red_leaves_green_and_amber_alone():
    facts = good(indicators=(IndicatorFact("4A", "Feeling safe", rag="amber"), IndicatorFact("4B", "", rag="green")))
    assert run("assessments.favourable-over-red", facts) is None


def test_favourable_over_red_leaves_an_unfavourable_rating_alone():
    assert run("assessments.favourable-over-red", poor(indicators=(IndicatorFact("4A", "x", rag="red"),))) is None


# bottom quartile ----------------------------------------------------------------------


def test_bottom_quartile_flags_a_favourable_rating_in_the_worst_quarter():
    facts = good(indicators=(IndicatorFact("2A", "Admissions", quartile=4), IndicatorFact("1C", "", quartile=2)))
    detail = run("assessments.favourable-bottom-quartile", facts)
    assert detail == (
        "Rated 3 – Good standard while the council is in the bottom quarter of its comparator group "
        "on 1 linked indicator: 2A."
    )


def test_bottom_quartile_leaves_the_third_quarter_and_unknown_quartiles_alone():
    facts = good(indicators=(IndicatorFact("2A", "Admissions", quartile=3), IndicatorFact("1C", "", quartile=None)))
    assert run("assessments.favourable-bottom-quartile", facts) is None
    assert (
        run("assessments.favourable-bottom-quartile", poor(indicators=(IndicatorFact("2A", "", quartile=4),))) is None
    )


# worsening ----------------------------------------------------------------------------


def test_worsening_flags_a_favourable_rating_over_a_declining_indicator():
    facts = good(indicators=(IndicatorFact("2A", "Admissions", trend="worse"), IndicatorFact("1C", "", trend="worse")))
    detail = run("assessments.favourable-worsening", facts)
    assert detail == "Rated 3 – Good standard while 2 linked indicators got worse since the period before: 2A, 1C."


def test_worsening_leaves_steady_and_improving_indicators_alone():
    facts = good(indicators=(IndicatorFact("2A", "", trend="same"), IndicatorFact("1C", "", trend="better")))
    assert run("assessments.favourable-worsening", facts) is None
    assert run("assessments.favourable-worsening", poor(indicators=(IndicatorFact("2A", "", trend="worse"),))) is None


# no evidence --------------------------------------------------------------------------


def test_no_evidence_flags_a_rating_with_neither_indicators_nor_files():
    detail = run("assessments.no-evidence", poor(indicators=(), evidence=()))
    assert detail == "Rated 1 – Significant shortfalls with no linked indicators and no evidence files."


def test_no_evidence_is_satisfied_by_one_indicator_or_one_file():
    assert run("assessments.no-evidence", good(evidence=())) is None
    assert run("assessments.no-evidence", good(indicators=())) is None


def test_no_evidence_leaves_an_element_not_yet_rated_alone():
    assert run("assessments.no-evidence", good(rating_label="", favourable=False, indicators=(), evidence=())) is None


# stale evidence -----------------------------------------------------------------------


def test_stale_evidence_flags_when_the_newest_evidence_is_older_than_the_limit():
    old = (EvidenceFact("Audit", "processes", datetime.date(2022, 6, 30)),)
    detail = run("assessments.stale-evidence", good(indicators=(), evidence=old))
    assert detail == (
        "Rated 3 – Good standard, but the newest evidence dates from 30 June 2022, more than 2 years "
        "before the end of the period (31 March 2025)."
    )


def test_stale_evidence_counts_an_indicators_latest_value_as_dated_evidence():
    old = (EvidenceFact("Audit", "processes", datetime.date(2020, 1, 1)),)
    fresh = (IndicatorFact("4A", "", latest_date=datetime.date(2024, 3, 31)),)
    assert run("assessments.stale-evidence", good(indicators=fresh, evidence=old)) is None
    stale = (IndicatorFact("4A", "", latest_date=datetime.date(2021, 3, 31)),)
    assert run("assessments.stale-evidence", good(indicators=stale, evidence=old)) is not None


def test_stale_evidence_passes_on_the_limit_and_follows_the_setting():
    on_the_limit = (EvidenceFact("Audit", "processes", END - datetime.timedelta(days=730)),)
    assert run("assessments.stale-evidence", good(indicators=(), evidence=on_the_limit)) is None
    a_day_older = (EvidenceFact("Audit", "processes", END - datetime.timedelta(days=731)),)
    assert run("assessments.stale-evidence", good(indicators=(), evidence=a_day_older)) is not None
    shorter = run("assessments.stale-evidence", good(indicators=(), evidence=on_the_limit, max_evidence_age_days=100))
    assert shorter is not None and "more than 100 days before" in shorter


def test_stale_evidence_says_nothing_without_dated_evidence():
    assert run("assessments.stale-evidence", good(indicators=(IndicatorFact("4A", ""),), evidence=())) is None


# one kind -----------------------------------------------------------------------------


def test_one_kind_flags_files_all_of_one_kind():
    files = (EvidenceFact("Audit", "processes", RECENT), EvidenceFact("Policy", "processes", RECENT))
    detail = run("assessments.one-kind-of-evidence", good(indicators=(), evidence=files))
    assert detail == "Rated 3 – Good standard on processes alone: no other kind of evidence is linked."


def test_one_kind_counts_indicators_as_data():
    files = (EvidenceFact("Return", "data", RECENT),)
    detail = run("assessments.one-kind-of-evidence", good(evidence=files))
    assert detail == "Rated 3 – Good standard on data alone: no other kind of evidence is linked."


def test_one_kind_leaves_mixed_evidence_alone():
    # an indicator (data) and a processes file
    assert run("assessments.one-kind-of-evidence", good()) is None
    files = (EvidenceFact("Survey", "people", RECENT), EvidenceFact("Policy", "processes", RECENT))
    assert run("assessments.one-kind-of-evidence", good(indicators=(), evidence=files)) is None
    # no evidence at all is the "no evidence" check's business
    assert run("assessments.one-kind-of-evidence", good(indicators=(), evidence=())) is None


# better without new evidence ----------------------------------------------------------


def test_better_without_new_evidence_flags_an_improvement_on_the_same_evidence():
    facts = good(previous_score=2, previous_label="2 – Some shortfalls", evidence_added_since_previous=False)
    detail = run("assessments.better-without-new-evidence", facts)
    assert detail == (
        "Rated 3 – Good standard, up from 2 – Some shortfalls in the previous version, with no evidence added since."
    )


def test_better_without_new_evidence_leaves_an_improvement_with_new_evidence_alone():
    facts = good(previous_score=2, previous_label="2 – Some shortfalls", evidence_added_since_previous=True)
    assert run("assessments.better-without-new-evidence", facts) is None


def test_better_without_new_evidence_leaves_the_same_or_a_lower_rating_alone():
    assert run("assessments.better-without-new-evidence", good(previous_score=3, previous_label="3")) is None
    assert run("assessments.better-without-new-evidence", good(previous_score=4, previous_label="4")) is None
    assert run("assessments.better-without-new-evidence", good()) is None  # no previous version


# contradicts the mapped rating --------------------------------------------------------

TEASC_HIGH_RISK = MappedRating(
    element_label="Domain 3 Commissioning and quality",
    framework_label="TEASC 2024-25 v1",
    rating_label="High risk",
    favourable=False,
    is_lowest=True,
)
TEASC_MEDIUM_RISK = MappedRating("Domain 3 Commissioning and quality", "TEASC 2024-25 v1", "Medium risk", False, False)
CQC_ONE = MappedRating("QS4 Ensuring safety", "CQC 2024-25 v2", "1 – Significant shortfalls", False, True)
CQC_TWO = MappedRating("QS4 Ensuring safety", "CQC 2024-25 v2", "2 – Some shortfalls", False, False)


def test_contradiction_flags_a_cqc_score_of_3_or_4_where_the_teasc_domain_is_high_risk():
    for label, score in (("3 – Good standard", 3), ("4 – Exceptional standard", 4)):
        detail = run(
            "assessments.contradicts-mapped-rating", good(rating_label=label, score=score, mapped=(TEASC_HIGH_RISK,))
        )
        assert detail == f"Rated {label} while Domain 3 Commissioning and quality is High risk in TEASC 2024-25 v1."


def test_contradiction_flags_teasc_low_risk_where_a_mapped_quality_statement_scores_1():
    teasc_low = good(element_label="Domain 3 Commissioning and quality", rating_label="Low risk", mapped=(CQC_ONE,))
    detail = run("assessments.contradicts-mapped-rating", teasc_low)
    assert detail == "Rated Low risk while QS4 Ensuring safety is 1 – Significant shortfalls in CQC 2024-25 v2."


def test_contradiction_leaves_agreeing_and_middling_ratings_alone():
    assert run("assessments.contradicts-mapped-rating", good(mapped=(TEASC_MEDIUM_RISK,))) is None
    assert run("assessments.contradicts-mapped-rating", good(rating_label="Low risk", mapped=(CQC_TWO,))) is None
    # an unfavourable rating beside the other framework's lowest is consistent
    assert run("assessments.contradicts-mapped-rating", poor(mapped=(TEASC_HIGH_RISK,))) is None
    assert run("assessments.contradicts-mapped-rating", good(mapped=())) is None


# the registry ------------------------------------------------------------------------


def test_every_rating_check_is_run_and_covered_here():
    assert set(checks.RATING_CHECKS) == COVERED
    assert {check.name for check in registry.checks("assessments")} == COVERED


@pytest.mark.parametrize("name", sorted(COVERED))
def test_each_check_is_quiet_for_a_well_evidenced_rating(name):
    assert run(name, good()) is None
