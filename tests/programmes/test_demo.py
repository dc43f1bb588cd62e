"""The demo programme (ascent/programmes/demo.py): Resilient Harrow 2019-20 reproduces to the penny."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ascent.core.money import format_money
from ascent.programmes import demo, milestones, risks, savings
from ascent.programmes.demo import load_demo_programmes
from ascent.programmes.models import (
    Board,
    BoardMeeting,
    BoardMove,
    BudgetKind,
    BudgetLine,
    Decision,
    DecisionStatus,
    Milestone,
    Programme,
    Project,
    ProjectIndicator,
    ProjectUpdate,
    Risk,
    RiskStatus,
    SavingLine,
    Stage,
)

pytestmark = pytest.mark.django_db

HARROW = "E09000015"


@pytest.fixture
def loaded(db):
    from ascent.indicators.demo import load_demo_performance
    from ascent.organisations.demo import load_demo_people
    from ascent.organisations.reference import load_reference_data
    from tests.frameworks.factories import load_shipped

    load_reference_data()
    load_shipped()
    load_demo_people(password_factory=lambda: "demo-password")
    load_demo_performance()
    return load_demo_programmes()


@pytest.fixture
def programme(loaded) -> Programme:
    return Programme.objects.select_related("organisation", "board").get(
        organisation__gss_code=HARROW, name="Resilient Harrow"
    )


def projects_of(programme) -> dict[str, Project]:
    return {project.name: project for project in programme.projects.select_related("board")}


def position(project, year=2019) -> savings.Position:
    line = SavingLine.objects.get(project=project, financial_year=year)
    return savings.Position(target=line.target, delivered=line.delivered, forecast=line.forecast)


def test_loading_again_adds_nothing(loaded):
    counts = [
        model.objects.count()
        for model in (
            Programme,
            Project,
            Board,
            BoardMeeting,
            Decision,
            BoardMove,
            ProjectUpdate,
            SavingLine,
            BudgetLine,
            Risk,
            Milestone,
            ProjectIndicator,
        )
    ]
    assert "added" in loaded
    again = load_demo_programmes()
    assert "already there" in again
    assert counts == [
        model.objects.count()
        for model in (
            Programme,
            Project,
            Board,
            BoardMeeting,
            Decision,
            BoardMove,
            ProjectUpdate,
            SavingLine,
            BudgetLine,
            Risk,
            Milestone,
            ProjectIndicator,
        )
    ]


def test_the_boards_and_their_meetings(programme):
    boards = {board.name: board for board in Board.objects.in_organisation(programme.organisation)}
    board = boards["Resilient Harrow Programme Board"]
    assert programme.board == board
    assert board.cycle_weeks == 4
    assert board.chair_label == "Corporate Director, People"
    for post in ("Chief Executive", "Director of Finance", "Lead Member for Adult Social Care"):
        assert post in board.other_members.splitlines()
    held = list(board.meetings.order_by("held_on").values_list("held_on", flat=True))
    assert held == list(demo.MEETINGS)
    assert all(later - earlier == dt.timedelta(weeks=4) for earlier, later in zip(held, held[1:], strict=False))
    improvement = boards["Adults Social Care Improvement Board"]
    assert improvement.chair.email == "dass@harrow.demo.ascent.invalid"
    assert improvement.chair.job_title == "Director of Adult Social Services"
    assert boards["ASC Commissioning Workstream"].reports_to == "Commissioning Board (corporate)"
    ended = Decision.objects.get(board=board, title="The future of the Resilient Harrow programme")
    assert ended.status == DecisionStatus.MADE
    assert ended.decided_on == dt.date(2019, 11, 28)
    assert ended.meeting.held_on == dt.date(2019, 11, 28)
    assert ended.decision.startswith("End the programme in its current form")
    assert Decision.objects.filter(board=board, status=DecisionStatus.NEEDED).count() == 1
    _projects_and_their_stages(programme)


def _projects_and_their_stages(programme):
    projects = projects_of(programme)
    assert set(projects) == {
        "Targeted Reviews",
        "Harrow is Home",
        "3 Conversations",
        "Effective Reablement",
        "Effective Hospital Discharge",
        "Learning Disabilities Integration",
        "Assistive Technology",
        "Extra Care",
        "Housing Related Support",
        "Empowering Resilience in Mental Health",
        "MPS and Commissioning plans",
        "MyCEP and CarePlace review",
        "Charging Review",
    }
    assert projects["Effective Reablement"].stage == Stage.BAU
    assert projects["Effective Hospital Discharge"].stage == Stage.BAU
    assert projects["3 Conversations"].stage == Stage.DELIVERY
    assert projects["Charging Review"].implementation_started_on is None


def test_savings_reproduce_the_report_to_the_penny(programme):
    projects = projects_of(programme)
    reviews = position(projects["Targeted Reviews"])
    assert reviews.target == Decimal("1046000.00")
    assert reviews.forecast == Decimal("863000.00")
    assert reviews.shortfall == Decimal("183000.00")
    assert reviews.sentence() == "£863K forecast against a target of £1.046m, £183K short"

    home = position(projects["Harrow is Home"])
    assert (home.target, home.forecast, home.delivered) == (Decimal("400000.00"),) * 2 + (Decimal("312000.00"),)
    assert home.shortfall == 0
    line = SavingLine.objects.get(project=projects["Harrow is Home"], financial_year=2019)
    assert line.delivered_as_at == dt.date(2019, 11, 15)
    assert line.original_target == line.target

    lines = SavingLine.objects.filter(project__programme=programme, financial_year=2019)
    total = savings.total_position(
        savings.Position(target=line.target, delivered=line.delivered, forecast=line.forecast) for line in lines
    )
    assert total.target == Decimal("1446000.00")
    assert total.forecast == Decimal("1263000.00")
    assert total.shortfall == Decimal("183000.00")
    assert (format_money(total.forecast), format_money(total.target)) == ("£1.263m", "£1.446m")
    # Only the two projects carry the 2019-20 MTFS savings, and no other year has any.
    assert SavingLine.objects.filter(project__programme=programme).count() == 2


def test_delivery_budget_and_next_years_funding(programme):
    lines = BudgetLine.objects.filter(programme=programme, kind=BudgetKind.DELIVERY)
    this_year = lines.get(financial_year=2019)
    assert this_year.budget == Decimal("1595000.00")
    assert Decimal("1500000") < this_year.budget < Decimal("1600000")  # "just under £1.6m"
    assert this_year.period_code == "2019-20"
    next_year = {line.source: line.budget for line in lines.filter(financial_year=2020)}
    assert next_year == {
        "Corporate resources": Decimal("190000.00"),
        "Adults transformation funding": Decimal("400000.00"),
    }


def test_the_moves_of_january_2020(programme):
    moved = BoardMove.objects.filter(project__programme=programme, moved_on=dt.date(2020, 1, 6))
    by_board: dict[str, set[str]] = {}
    for move in moved.select_related("project"):
        assert move.from_name == "Resilient Harrow Programme Board"
        by_board.setdefault(move.to_name, set()).add(move.project.name)
    assert by_board == {
        "Adults Social Care Improvement Board": {
            "Effective Reablement",
            "Effective Hospital Discharge",
            "3 Conversations",
            "Targeted Reviews",
        },
        "ASC Commissioning Workstream": {
            "MPS and Commissioning plans",
            "MyCEP and CarePlace review",
            "Extra Care",
            "Housing Related Support",
            "Empowering Resilience in Mental Health",
            "Harrow is Home",
            "Assistive Technology",
        },
    }
    projects = projects_of(programme)
    assert projects["Harrow is Home"].board.name == "ASC Commissioning Workstream"
    # Its history: overseen by the Programme Board from the start, then moved.
    history = [(m.from_name, m.to_name) for m in projects["Targeted Reviews"].board_moves.all()]
    assert history == [
        ("", "Resilient Harrow Programme Board"),
        ("Resilient Harrow Programme Board", "Adults Social Care Improvement Board"),
    ]


def test_the_kpi_table_reproduces_from_the_indicator_store(programme):
    from ascent.indicators.models import Observation

    rows = []
    kpis = ProjectIndicator.objects.filter(project__programme=programme).select_related("project", "indicator")
    for kpi in kpis.order_by("project__reference", "position"):
        latest = Observation.objects.get(
            organisation=programme.organisation, indicator=kpi.indicator, period_code="2019-M10"
        )
        rows.append(
            (
                kpi.project.name,
                kpi.indicator.code,
                kpi.baseline_period_code,
                kpi.baseline_value.normalize(),
                kpi.target_text,
                latest.value.normalize(),
            )
        )
    d = Decimal
    assert rows == [
        ("3 Conversations", "HAR-RH-NEWLTS", "2019-M03", d("7.2"), "Maintain or lower", d("5.7")),
        ("Effective Reablement", "HAR-RH-REAB-OUTCOME", "2019-M03", d("59"), "Increase", d("75")),
        ("Effective Hospital Discharge", "HAR-RH-DTOC-ALL", "2019-M03", d("7.8"), "Lower", d("5.5")),
        ("Effective Hospital Discharge", "HAR-RH-DTOC-ASC", "2019-M03", d("2.1"), "Lower", d("1.7")),
        ("Effective Hospital Discharge", "HAR-RH-DTOC-JOINT", "2019-M03", d("0.3"), "Lower", d("0.2")),
        ("Effective Hospital Discharge", "HAR-RH-REAB-COVER", "2019-M03", d("7.1"), "Lower", d("3.9")),
    ]


# ----- the data behind each check: one case of each -------------------------------------------------


def _one_project_reports_green_while_short_of_its_saving(programme):
    green_short = [
        project.name
        for project in programme.projects.all()
        for line in project.savings.all()
        if line.shortfall and "green" in (project.rag_overall, project.rag_benefits)
    ]
    assert green_short == ["Targeted Reviews"]


def _one_open_project_reports_green_before_implementation(programme):
    found = [
        project.name
        for project in programme.projects.all()
        if project.is_open and not project.implementation_started and project.rag_overall == "green"
    ]
    assert found == ["Charging Review"]


def _one_milestone_slipped_beyond_tolerance(programme):
    slipped = [
        (milestone.project.name, milestones.slippage_days(milestone.baseline_date, milestone.forecast_date))
        for milestone in Milestone.objects.filter(project__programme=programme).select_related("project")
        if milestone.done_on is None
        or milestones.beyond_tolerance(
            milestone.baseline_date, milestone.forecast_date, programme.milestone_tolerance_days
        )
    ]
    assert slipped == [("MPS and Commissioning plans", 91)]


def _one_open_risk_above_appetite_and_others_that_were(programme):
    above = [
        risk.title
        for risk in Risk.objects.filter(programme=programme, status=RiskStatus.OPEN)
        if risks.above_appetite(risk.score, programme.risk_appetite)
    ]
    assert above == ["Demand for adult social care grows faster than the projects can manage it"]
    closed = Risk.objects.get(programme=programme, status=RiskStatus.CLOSED)
    assert closed.score == 16 and closed.closed_on == dt.date(2019, 11, 28)
    rescored = Risk.objects.get(programme=programme, previous_score__isnull=False)
    assert (rescored.previous_score, rescored.score) == (16, 12)
    assert risks.trend(rescored.score, rescored.previous_score) != risks.trend(12, 12)


def _one_project_has_no_update_since_its_board_last_met(programme):
    stale = []
    for project in programme.projects.select_related("board"):
        boards = {project.board_id, programme.board_id} - {None}
        last = BoardMeeting.objects.filter(board_id__in=boards).order_by("-held_on").first()
        if last is not None and (project.last_update_on is None or project.last_update_on < last.held_on):
            stale.append(project.name)
    assert stale == ["Learning Disabilities Integration"]


def test_the_data_gives_each_check_one_case(programme):
    """The five checks of the issue each find exactly one case in the demo (one load, for speed)."""
    _one_project_reports_green_while_short_of_its_saving(programme)
    _one_open_project_reports_green_before_implementation(programme)
    _one_milestone_slipped_beyond_tolerance(programme)
    _one_open_risk_above_appetite_and_others_that_were(programme)
    _one_project_has_no_update_since_its_board_last_met(programme)


def test_each_of_the_five_checks_flags_once(programme):
    """The checks themselves (ascent/programmes/checks.py and flags.py) find one case of each rule."""
    pytest.importorskip("ascent.programmes.checks")
    from collections import Counter

    from ascent.programmes.flags import open_flags

    flags = open_flags(programme.organisation)
    assert Counter(flag.check.name for flag in flags) == {
        "programmes.green-while-savings-behind": 1,
        "programmes.green-before-implementation": 1,
        "programmes.milestone-slipped": 1,
        "programmes.risk-above-appetite": 1,
        "programmes.no-update-since-board": 1,
    }
    about = {flag.check.name: flag.subject for flag in flags}
    assert about["programmes.green-while-savings-behind"].startswith("RH01 Targeted Reviews")
    assert about["programmes.green-before-implementation"].startswith("RH13 Charging Review")
    assert about["programmes.milestone-slipped"].startswith("RH11 MPS and Commissioning plans")
    assert about["programmes.no-update-since-board"].startswith("RH06 Learning Disabilities Integration")
    assert about["programmes.risk-above-appetite"].startswith("RHP-R1 Demand for adult social care")
