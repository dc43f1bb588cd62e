"""The programmes' assurance checks (ascent/programmes/checks.py), each with cases that flag and cases that do not.

The checks are pure functions over plain values, so these tests build the facts by hand; the
gathering of facts from the database is in test_flags.py. ``COVERED`` names every check this
module tests; tests/assurance/test_registry.py fails when a check of the programmes app is
registered without being listed (and so tested) here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from ascent.assurance import registry
from ascent.programmes import checks
from ascent.programmes.checks import MilestoneFacts, ProjectFacts, RiskFacts, SavingFact

COVERED = {
    "programmes.green-while-savings-behind",
    "programmes.green-before-implementation",
    "programmes.milestone-slipped",
    "programmes.risk-above-appetite",
    "programmes.no-update-since-board",
}

#: Mid-November 2019, when Resilient Harrow's figures were counted.
TODAY = dt.date(2019, 11, 15)

SAVINGS = "programmes.green-while-savings-behind"
NOT_STARTED = "programmes.green-before-implementation"
SLIPPED = "programmes.milestone-slipped"
RISK = "programmes.risk-above-appetite"
NO_UPDATE = "programmes.no-update-since-board"


def project(**changes) -> ProjectFacts:
    """A green project in delivery, on profile and updated since its board last met: nothing to flag."""
    values = {
        "today": TODAY,
        "stage": "delivery",
        "rag_overall": "green",
        "rag_benefits": "green",
        "implementation_started_on": dt.date(2019, 4, 1),
        "first_baseline": dt.date(2019, 6, 1),
        "first_milestone": "Reviewing team in post",
        "programme_starts_on": dt.date(2019, 4, 1),
        "savings": (harrow_is_home(),),
        "last_update_on": dt.date(2019, 11, 14),
        "board_name": "Programme Board",
        "last_board_meeting": dt.date(2019, 11, 12),
    }
    return ProjectFacts(**{**values, **changes})


def harrow_is_home(**changes) -> SavingFact:
    """Harrow is Home 2019-20: £400K forecast in full, £312,000 delivered by mid-November."""
    values = {
        "financial_year": 2019,
        "target": Decimal("400000"),
        "delivered": Decimal("312000"),
        "forecast": Decimal("400000"),
        "delivered_as_at": dt.date(2019, 11, 15),
    }
    return SavingFact(**{**values, **changes})


def milestone(**changes) -> MilestoneFacts:
    values = {
        "today": TODAY,
        "title": "Go live",
        "baseline_date": dt.date(2019, 12, 1),
        "forecast_date": dt.date(2019, 12, 20),
        "tolerance_days": 28,
    }
    return MilestoneFacts(**{**values, **changes})


def risk(**changes) -> RiskFacts:
    return RiskFacts(**{"likelihood": 3, "impact": 4, "appetite": 12, **changes})


def test_every_check_is_registered_here():
    assert {check.name for check in registry.checks("programmes")} == COVERED
    assert set(checks.ALL_CHECKS) == COVERED


def test_a_usual_project_milestone_and_risk_raise_nothing():
    assert [name for name in checks.PROJECT_CHECKS if registry.run(name, project())] == []
    assert registry.run(SLIPPED, milestone()) is None
    assert registry.run(RISK, risk()) is None


@pytest.mark.parametrize("stage", ["bau", "closed"])
def test_a_project_no_longer_open_is_not_checked(stage):
    facts = project(
        stage=stage,
        savings=(harrow_is_home(forecast=Decimal("1")),),
        last_update_on=None,
        implementation_started_on=None,
    )
    assert [name for name in checks.PROJECT_CHECKS if registry.run(name, facts)] == []
    assert registry.run(SLIPPED, milestone(project_stage=stage, forecast_date=dt.date(2019, 1, 1))) is None
    assert registry.run(RISK, risk(project_stage=stage, likelihood=5, impact=5)) is None


def test_a_closed_programme_is_not_checked():
    facts = project(programme_active=False, savings=(harrow_is_home(forecast=Decimal("1")),), last_update_on=None)
    assert [name for name in checks.PROJECT_CHECKS if registry.run(name, facts)] == []
    assert registry.run(SLIPPED, milestone(programme_active=False, forecast_date=dt.date(2019, 1, 1))) is None
    assert registry.run(RISK, risk(programme_active=False, likelihood=5, impact=5)) is None


# --- programmes.green-while-savings-behind ----------------------------------------------------------


def targeted_reviews(**changes) -> SavingFact:
    """Targeted Reviews 2019-20: £863K forecast against £1.046m."""
    values = {
        "financial_year": 2019,
        "target": Decimal("1046000"),
        "delivered": Decimal("700000"),
        "forecast": Decimal("863000"),
        "delivered_as_at": dt.date(2019, 11, 15),
    }
    return SavingFact(**{**values, **changes})


def test_green_while_the_forecast_falls_short_names_the_figures_as_councils_write_them():
    assert registry.run(SAVINGS, project(savings=(targeted_reviews(),))) == (
        "Reported green overall and for benefits, but savings are behind: "
        "2019-20: £863K forecast against a target of £1.046m, £183K short."
    )


def test_a_project_behind_in_many_years_has_the_latest_two_named_and_the_rest_counted():
    years = tuple(targeted_reviews(financial_year=year, delivered_as_at=None) for year in (2015, 2016, 2017, 2018))
    said = registry.run(SAVINGS, project(savings=years))
    assert said == (
        "Reported green overall and for benefits, but savings are behind: "
        "2017-18: £863K forecast against a target of £1.046m, £183K short; "
        "2018-19: £863K forecast against a target of £1.046m, £183K short; and in 2 earlier years."
    )


@pytest.mark.parametrize(
    "overall, benefits, said",
    [("green", "", "green overall"), ("amber", "green", "green for benefits"), ("green", "red", "green overall")],
)
def test_either_green_rag_is_enough(overall, benefits, said):
    detail = registry.run(SAVINGS, project(rag_overall=overall, rag_benefits=benefits, savings=(targeted_reviews(),)))
    assert detail.startswith(f"Reported {said}, but savings are behind")


@pytest.mark.parametrize("overall, benefits", [("amber", "amber"), ("red", ""), ("", "")])
def test_no_green_rag_no_flag(overall, benefits):
    assert (
        registry.run(SAVINGS, project(rag_overall=overall, rag_benefits=benefits, savings=(targeted_reviews(),)))
        is None
    )


def test_a_forecast_one_penny_short_flags_and_the_target_in_full_does_not():
    short = harrow_is_home(forecast=Decimal("399999.99"))
    assert "£400K forecast against a target of £400K, £0.01 short" in registry.run(SAVINGS, project(savings=(short,)))
    assert registry.run(SAVINGS, project(savings=(harrow_is_home(forecast=Decimal("400000")),))) is None


def test_the_straight_line_share_is_by_days_elapsed_in_the_year():
    # 229 of 2019-20's 366 days have passed by the end of 15 November 2019.
    assert checks.expected_by(Decimal("400000"), 2019, dt.date(2019, 11, 15)) == Decimal("250273.22")
    assert checks.expected_by(Decimal("366000"), 2019, dt.date(2019, 4, 1)) == Decimal("1000.00")
    assert checks.expected_by(Decimal("366000"), 2019, dt.date(2019, 3, 31)) == Decimal("0.00")
    assert checks.expected_by(Decimal("366000"), 2019, dt.date(2020, 3, 31)) == Decimal("366000.00")
    assert checks.expected_by(Decimal("366000"), 2019, dt.date(2021, 1, 1)) == Decimal("366000.00")


def test_delivered_behind_the_straight_line_flags_even_with_the_forecast_in_full():
    behind = harrow_is_home(delivered=Decimal("250273.21"))
    assert registry.run(SAVINGS, project(savings=(behind,))) == (
        "Reported green overall and for benefits, but savings are behind: 2019-20: £250K delivered by "
        "15 November 2019, behind the £250K a straight line to the target of £400K expects by then."
    )
    on_the_line = harrow_is_home(delivered=Decimal("250273.22"))
    assert registry.run(SAVINGS, project(savings=(on_the_line,))) is None


def test_harrow_is_home_with_312000_delivered_by_mid_november_is_ahead():
    assert checks.saving_behind(harrow_is_home(), TODAY) is None


def test_the_straight_line_is_read_when_delivered_was_counted_else_today():
    counted_early = harrow_is_home(delivered=Decimal("100000"), delivered_as_at=dt.date(2019, 6, 30))
    assert checks.saving_behind(counted_early, TODAY) is None  # £100K of the £100K expected by 30 June
    never_counted = harrow_is_home(delivered=Decimal("100000"), delivered_as_at=None)
    assert "delivered by 15 November 2019" in checks.saving_behind(never_counted, TODAY)


def test_a_year_already_ended_is_checked_in_full_and_a_year_to_come_is_not():
    ended = harrow_is_home(financial_year=2018, delivered=Decimal("300000"), delivered_as_at=None)
    assert checks.saving_behind(ended, TODAY) == (
        "2018-19: £300K delivered in the year against a target of £400K, £100K short"
    )
    to_come = harrow_is_home(financial_year=2020, delivered=Decimal("0"), forecast=Decimal("0"))
    assert checks.saving_behind(to_come, TODAY) is None
    assert checks.saving_behind(harrow_is_home(target=Decimal("0"), forecast=Decimal("0")), TODAY) is None


def test_every_year_behind_is_named_and_cost_avoidance_says_so():
    lines = (
        harrow_is_home(financial_year=2018, delivered=Decimal("300000")),
        targeted_reviews(kind="avoidance"),
    )
    assert registry.run(SAVINGS, project(rag_overall="amber", savings=lines)) == (
        "Reported green for benefits, but savings are behind: "
        "2018-19: £300K delivered in the year against a target of £400K, £100K short; "
        "2019-20 (cost avoidance): £863K forecast against a target of £1.046m, £183K short."
    )


# --- programmes.green-before-implementation ---------------------------------------------------------


def test_green_while_still_proposed_after_its_first_milestone_was_due():
    facts = project(stage="proposed", implementation_started_on=None, first_baseline=dt.date(2019, 9, 30))
    assert registry.run(NOT_STARTED, facts) == (
        "Reported green overall, but it is still proposed, and its first milestone, “Reviewing team in post”, "
        "was due on 30 September 2019, 46 days ago."
    )


def test_with_no_milestones_the_programme_start_is_when_it_was_due():
    facts = project(stage="proposed", implementation_started_on=None, first_baseline=None, first_milestone="")
    assert registry.run(NOT_STARTED, facts) == (
        "Reported green overall, but it is still proposed, and the programme began on 1 April 2019, 228 days ago."
    )


def test_a_start_recorded_for_later_is_not_begun():
    facts = project(implementation_started_on=dt.date(2020, 1, 6))
    assert registry.run(NOT_STARTED, facts) == (
        "Reported green overall, but implementation is not due to start until 6 January 2020, and its first "
        "milestone, “Reviewing team in post”, was due on 1 June 2019, 167 days ago."
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"stage": "delivery", "implementation_started_on": None},  # in delivery: its stage says it began
        {"stage": "delivery", "implementation_started_on": TODAY},
        {"stage": "proposed", "rag_overall": "amber"},
        {"stage": "proposed", "rag_overall": "", "rag_benefits": "green"},  # only the overall RAG counts
        {"stage": "proposed", "first_baseline": TODAY},  # due today: not yet passed
        {"stage": "proposed", "first_baseline": dt.date(2019, 12, 1)},
        {"stage": "proposed", "first_baseline": None, "programme_starts_on": None},
    ],
)
def test_green_before_implementation_does_not_flag(changes):
    assert registry.run(NOT_STARTED, project(**changes)) is None


def test_the_day_after_it_was_due_flags():
    facts = project(stage="proposed", first_baseline=TODAY - dt.timedelta(days=1))
    assert registry.run(NOT_STARTED, facts).endswith("was due on 14 November 2019, 1 day ago.")


# --- programmes.milestone-slipped --------------------------------------------------------------------


def test_a_milestone_slipped_beyond_tolerance_flags():
    facts = milestone(baseline_date=dt.date(2019, 12, 1), forecast_date=dt.date(2019, 12, 30))
    assert registry.run(SLIPPED, facts) == (
        "“Go live” is forecast for 30 December 2019, 29 days late against its baseline of 1 December 2019 "
        "(the programme allows 28 days)."
    )


def test_a_milestone_at_its_tolerance_does_not():
    assert registry.run(SLIPPED, milestone(forecast_date=dt.date(2019, 12, 29))) is None
    assert registry.run(SLIPPED, milestone(forecast_date=dt.date(2019, 11, 15))) is None  # due today, not passed
    assert registry.run(SLIPPED, milestone(tolerance_days=0, forecast_date=dt.date(2019, 12, 1))) is None


def test_a_milestone_whose_forecast_has_passed_without_being_done_flags():
    facts = milestone(baseline_date=dt.date(2019, 11, 1), forecast_date=dt.date(2019, 11, 14))
    assert registry.run(SLIPPED, facts) == "“Go live” was forecast for 14 November 2019 and is not done: 1 day overdue."
    assert registry.run(SLIPPED, replace(facts, done_on=dt.date(2019, 11, 14))) is None


def test_both_at_once_say_both():
    facts = milestone(baseline_date=dt.date(2019, 9, 1), forecast_date=dt.date(2019, 11, 5))
    assert registry.run(SLIPPED, facts) == (
        "“Go live” was forecast for 5 November 2019, 65 days late against its baseline of 1 September 2019 "
        "(the programme allows 28 days), and is not done: 10 days overdue."
    )


def test_a_done_milestone_is_not_checked_however_late():
    facts = milestone(forecast_date=dt.date(2020, 6, 1), done_on=dt.date(2019, 11, 1))
    assert registry.run(SLIPPED, facts) is None


# --- programmes.risk-above-appetite ------------------------------------------------------------------


def test_a_risk_above_the_appetite_flags_with_its_score_and_grade():
    assert registry.run(RISK, risk(likelihood=4, impact=4)) == (
        "Scored 16 (Extreme: likelihood 4 × impact 4), above the programme's appetite of 12."
    )
    assert registry.run(RISK, risk(likelihood=5, impact=3, target_likelihood=2, target_impact=3)) == (
        "Scored 15 (Extreme: likelihood 5 × impact 3), above the programme's appetite of 12; its target score is 6."
    )
    assert registry.run(RISK, risk(kind="issue", likelihood=5, impact=5, appetite=20)) == (
        "An issue scored 25 (Extreme: likelihood 5 × impact 5), above the programme's appetite of 20."
    )


def test_a_risk_at_the_appetite_does_not():
    assert registry.run(RISK, risk(likelihood=3, impact=4, appetite=12)) is None
    assert registry.run(RISK, risk(likelihood=3, impact=4, appetite=11)) is not None


def test_a_closed_risk_is_not_checked_and_a_programme_risk_is():
    assert registry.run(RISK, risk(likelihood=5, impact=5, open=False)) is None
    assert registry.run(RISK, risk(likelihood=5, impact=5, project_stage=None)) is not None
    assert registry.run(RISK, risk(likelihood=5, impact=5, project_stage="proposed")) is not None


# --- programmes.no-update-since-board ----------------------------------------------------------------


def test_no_update_since_the_board_met():
    facts = project(last_update_on=dt.date(2019, 10, 1))
    assert registry.run(NO_UPDATE, facts) == (
        "No progress update since the Programme Board met on 12 November 2019: the last was on 1 October 2019."
    )


def test_no_update_at_all_since_the_board_took_it_on():
    facts = project(last_update_on=None, board_name="The Improvement Board")
    assert registry.run(NO_UPDATE, facts) == (
        "No progress update at all, though The Improvement Board has met since it took the project on: "
        "last on 12 November 2019."
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"last_update_on": dt.date(2019, 11, 12)},  # on the day of the meeting
        {"last_update_on": dt.date(2019, 11, 13)},
        {"last_board_meeting": None, "last_update_on": None},  # the board has not met since
        {"last_board_meeting": None, "last_update_on": dt.date(2019, 1, 1)},
    ],
)
def test_an_update_on_or_after_the_meeting_or_no_meeting_does_not_flag(changes):
    assert registry.run(NO_UPDATE, project(**changes)) is None


def test_the_day_before_the_meeting_flags():
    assert registry.run(NO_UPDATE, project(last_update_on=dt.date(2019, 11, 11))) is not None
