"""The improvement plans' assurance checks (ascent/plans/checks.py), each with cases that flag and cases that do not.

The checks are pure functions over plain values, so these tests build the facts by hand; the
gathering of facts from the database is in test_flags.py. ``COVERED`` names every check this
module tests; tests/assurance/test_registry.py fails when a check of the plans app is
registered without being listed (and so tested) here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from ascent.assurance import registry
from ascent.plans import checks
from ascent.plans.checks import ActionFacts, IndicatorFact

COVERED = {
    "plans.on-track-but-overdue",
    "plans.no-update",
    "plans.complete-without-evidence",
    "plans.green-while-indicator-worse",
    "plans.repeated-extensions",
}

TODAY = dt.date(2026, 12, 7)


def action(**changes) -> ActionFacts:
    """An open action, on track and due next month, updated last week: nothing to flag."""
    values = {
        "today": TODAY,
        "status": "on-track",
        "rag": "amber",
        "due_date": dt.date(2027, 1, 31),
        "last_update_on": dt.date(2026, 11, 30),
        "added_on": dt.date(2026, 4, 1),
        "stale_after_days": 60,
    }
    return ActionFacts(**{**values, **changes})


def test_every_check_is_registered_here_and_listed_for_actions():
    assert {check.name for check in registry.checks("plans")} == COVERED
    assert set(checks.ACTION_CHECKS) == COVERED


def test_a_usual_action_raises_nothing():
    assert [name for name in COVERED if registry.run(name, action())] == []


# --- plans.on-track-but-overdue ------------------------------------------------------------------


def test_on_track_but_overdue_flags_an_on_track_status_past_its_date():
    assert registry.run("plans.on-track-but-overdue", action(due_date=dt.date(2026, 11, 27))) == (
        "Reported on track, but it was due on 27 November 2026: 10 days ago."
    )


def test_on_track_but_overdue_flags_a_green_rag_past_its_date_whatever_the_status():
    facts = action(status="at-risk", rag="green", due_date=dt.date(2026, 12, 6))
    assert registry.run("plans.on-track-but-overdue", facts) == (
        "Reported with a green RAG, but it was due on 6 December 2026: 1 day ago."
    )


def test_on_track_but_overdue_names_both_when_both_say_so():
    facts = action(rag="green", due_date=dt.date(2026, 1, 7))
    assert registry.run("plans.on-track-but-overdue", facts) == (
        "Reported on track with a green RAG, but it was due on 7 January 2026: 334 days ago."
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"due_date": TODAY},  # due today is not yet overdue
        {"due_date": None},
        {"status": "off-track", "rag": "red", "due_date": dt.date(2026, 1, 1)},  # overdue, but honestly reported
        {"status": "at-risk", "rag": "", "due_date": dt.date(2026, 1, 1)},
        {"status": "complete", "rag": "green", "due_date": dt.date(2026, 1, 1)},  # closed
        {"superseded": True, "due_date": dt.date(2026, 1, 1)},  # its work is elsewhere
    ],
)
def test_on_track_but_overdue_leaves_the_rest(changes):
    assert registry.run("plans.on-track-but-overdue", action(**changes)) is None


# --- plans.no-update -----------------------------------------------------------------------------


def test_no_update_flags_an_action_quiet_for_the_councils_days():
    facts = action(last_update_on=TODAY - dt.timedelta(days=60))
    assert registry.run("plans.no-update", facts) == (
        "No progress update for 60 days, since 8 October 2026 (the council asks for one at least every 60 days)."
    )


def test_no_update_counts_from_the_day_added_when_never_updated():
    facts = action(last_update_on=None, added_on=dt.date(2026, 9, 1), stale_after_days=30)
    assert registry.run("plans.no-update", facts) == (
        "No progress update since it was added on 1 September 2026, 97 days ago "
        "(the council asks for one at least every 30 days)."
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"last_update_on": TODAY - dt.timedelta(days=59)},
        {"last_update_on": TODAY - dt.timedelta(days=100), "stale_after_days": 120},  # the council's own days
        {"last_update_on": None, "added_on": TODAY - dt.timedelta(days=5)},
        {"last_update_on": dt.date(2025, 1, 1), "status": "complete"},
        {"last_update_on": dt.date(2025, 1, 1), "status": "will-not-be-done"},
        {"last_update_on": dt.date(2025, 1, 1), "superseded": True},
        {"last_update_on": None, "added_on": None},
    ],
)
def test_no_update_leaves_the_rest(changes):
    assert registry.run("plans.no-update", action(**changes)) is None


# --- plans.complete-without-evidence -------------------------------------------------------------


def test_complete_without_evidence_flags_a_bare_completion():
    facts = action(status="complete", completed_on=dt.date(2026, 11, 2))
    assert registry.run("plans.complete-without-evidence", facts) == (
        "Marked complete on 2 November 2026 with no evidence of completion and no reason recorded for having none."
    )
    assert registry.run("plans.complete-without-evidence", replace(facts, completed_on=None)) == (
        "Marked complete with no evidence of completion and no reason recorded for having none."
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "complete", "evidence": 1},
        {"status": "complete", "no_evidence_reason": "The change was to a rota; there is no document."},
        {"status": "complete", "superseded": True},
        {"status": "on-track"},
        {"status": "done-another-way"},  # its reason says how
    ],
)
def test_complete_without_evidence_leaves_the_rest(changes):
    assert registry.run("plans.complete-without-evidence", action(**changes)) is None


def test_complete_without_evidence_does_not_count_a_blank_reason():
    facts = action(status="complete", no_evidence_reason="   ")
    assert registry.run("plans.complete-without-evidence", facts) is not None


# --- plans.green-while-indicator-worse -----------------------------------------------------------

REABLEMENT = IndicatorFact(
    label="ASCOF-2B Still at home after reablement",
    polarity="higher_is_better",
    baseline=Decimal("82.0"),
    latest=Decimal("79.5"),
    target=Decimal("85"),
    baseline_text="82.0%",
    latest_text="79.5%",
    target_text="85.0%",
)


def test_green_while_indicator_worse_flags_a_fall_in_a_higher_is_better_indicator():
    facts = action(rag="green", indicators=(REABLEMENT,))
    assert registry.run("plans.green-while-indicator-worse", facts) == (
        "RAG green, but a linked indicator has moved the wrong way since it was linked: "
        "ASCOF-2B Still at home after reablement from 82.0% to 79.5% (target 85.0%)."
    )


def test_green_while_indicator_worse_reads_lower_is_better_the_other_way_and_names_each():
    admissions = IndicatorFact(
        label="ASCOF-2A Admissions", polarity="lower_is_better", baseline=Decimal(500), latest=Decimal(530)
    )
    falling = replace(admissions, label="ASCOF-2A Falling", latest=Decimal(450))
    facts = action(rag="green", indicators=(REABLEMENT, admissions, falling))
    assert registry.run("plans.green-while-indicator-worse", facts) == (
        "RAG green, but 2 linked indicators have moved the wrong way since it was linked: "
        "ASCOF-2B Still at home after reablement from 82.0% to 79.5% (target 85.0%); "
        "ASCOF-2A Admissions from 500 to 530."
    )


def test_an_indicator_with_no_better_direction_is_judged_by_its_target():
    neither = IndicatorFact(
        label="Local mix", polarity="neither", baseline=Decimal(40), latest=Decimal(35), target=Decimal(50)
    )
    assert checks.moved_the_wrong_way(neither) is True
    assert checks.moved_the_wrong_way(replace(neither, latest=Decimal(45))) is False
    assert checks.moved_the_wrong_way(replace(neither, target=None)) is False  # nothing to judge it by
    assert registry.run("plans.green-while-indicator-worse", action(rag="green", indicators=(neither,))) is not None


@pytest.mark.parametrize(
    "changes",
    [
        {"rag": "amber", "indicators": (REABLEMENT,)},  # not claiming all is well
        {"rag": "green", "indicators": (replace(REABLEMENT, latest=Decimal("84")),)},  # better
        {"rag": "green", "indicators": (replace(REABLEMENT, latest=Decimal("82.0")),)},  # no change
        {"rag": "green", "indicators": (replace(REABLEMENT, latest=None),)},  # no value yet
        {"rag": "green", "indicators": (replace(REABLEMENT, baseline=None),)},  # no value when linked
        {"rag": "green", "indicators": ()},
        {"rag": "green", "status": "complete", "indicators": (REABLEMENT,)},
        {"rag": "green", "superseded": True, "indicators": (REABLEMENT,)},
    ],
)
def test_green_while_indicator_worse_leaves_the_rest(changes):
    assert registry.run("plans.green-while-indicator-worse", action(**changes)) is None


# --- plans.repeated-extensions -------------------------------------------------------------------


def test_repeated_extensions_flags_a_third_approved_extension():
    facts = action(approved_extensions=3, original_due_date=dt.date(2026, 3, 31), due_date=dt.date(2027, 3, 31))
    assert registry.run("plans.repeated-extensions", facts) == (
        "Its date has been moved 3 times by approved extensions: first due on 31 March 2026, now 31 March 2027."
    )
    assert registry.run("plans.repeated-extensions", replace(facts, original_due_date=None)) == (
        "Its date has been moved 3 times by approved extensions."
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"approved_extensions": 2},  # twice is allowed
        {"approved_extensions": 0},
        {"approved_extensions": 4, "status": "complete"},
        {"approved_extensions": 4, "superseded": True},
    ],
)
def test_repeated_extensions_leaves_the_rest(changes):
    assert registry.run("plans.repeated-extensions", action(**changes)) is None
