"""The domain functions of programmes: each change checked, recorded and kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ascent.programmes import actions
from ascent.programmes.models import BoardMove, Reprofiling, SavingLine, Stage

from . import resilient_programme, targeted_reviews

pytestmark = pytest.mark.django_db


def test_a_project_starts_under_the_programme_board_and_its_moves_are_kept(harrow, editor):
    programme = resilient_programme(harrow, editor)
    project = targeted_reviews(programme, editor)
    improvement = actions.create_board(harrow, by=editor, name="Adults Social Care Improvement Board")
    actions.move_to_board(project, by=editor, board=improvement, on=dt.date(2020, 1, 6), reason="Programme ended")
    moves = list(BoardMove.objects.filter(project=project).order_by("moved_on", "id"))
    assert [(m.from_name, m.to_name) for m in moves] == [
        ("", "Programme Board"),
        ("Programme Board", "Adults Social Care Improvement Board"),
    ]
    project.refresh_from_db()
    assert project.board == improvement
    assert project.history.count() >= 2
    with pytest.raises(ValidationError, match="already overseen"):
        actions.move_to_board(project, by=editor, board=improvement)
    with pytest.raises(ValidationError, match="before the project's last move"):
        actions.move_to_board(project, by=editor, board=None, on=dt.date(2019, 12, 1))


def test_phasing_then_reprofiling_keeps_the_total_and_the_original_profile(harrow, editor):
    programme = resilient_programme(harrow, editor)
    project = actions.create_project(programme, by=editor, name="Ten areas")
    actions.set_savings_target(project, by=editor, total=Decimal("1000000"), years=[2017, 2018])
    record = actions.reprofile_savings(
        project,
        by=editor,
        changes={2017: Decimal("300000"), 2018: Decimal("500000"), 2019: Decimal("200000")},
        reason="Care market work slipped a year",
    )
    lines = {line.financial_year: line for line in SavingLine.objects.filter(project=project)}
    assert {y: line.target for y, line in lines.items()} == {
        2017: Decimal("300000.00"),
        2018: Decimal("500000.00"),
        2019: Decimal("200000.00"),
    }
    assert {y: line.original_target for y, line in lines.items()} == {
        2017: Decimal("500000.00"),
        2018: Decimal("500000.00"),
        2019: Decimal("0.00"),
    }
    assert record.before == {"2017": "500000.00", "2018": "500000.00"}
    assert record.total_changed is False
    with pytest.raises(ValidationError, match="more than the target"):
        actions.reprofile_savings(project, by=editor, changes={2019: Decimal("300000")}, reason="More")
    assert Reprofiling.objects.filter(project=project).count() == 1


def test_closing_a_project_needs_a_reason_and_dates_it(harrow, editor):
    project = targeted_reviews(resilient_programme(harrow, editor), editor)
    with pytest.raises(ValidationError, match="reason for closing"):
        actions.change_stage(project, by=editor, stage=Stage.CLOSED)
    actions.change_stage(project, by=editor, stage=Stage.CLOSED, on=dt.date(2020, 3, 31), reason="Savings delivered")
    project.refresh_from_db()
    assert (project.closed_on, project.closed_reason) == (dt.date(2020, 3, 31), "Savings delivered")


def test_an_update_sets_the_self_reported_rags(harrow, editor):
    project = targeted_reviews(resilient_programme(harrow, editor), editor)
    actions.add_update(
        project,
        by=editor,
        text="Reviews under way",
        on=dt.date(2019, 11, 15),
        rag_overall="green",
        rag_benefits="amber",
    )
    project.refresh_from_db()
    assert (project.rag_overall, project.rag_benefits, project.last_update_on) == (
        "green",
        "amber",
        dt.date(2019, 11, 15),
    )


def test_risks_keep_their_previous_score_for_the_trend(harrow, editor):
    programme = resilient_programme(harrow, editor)
    risk = actions.save_risk(
        programme, by=editor, title="Care market cannot take the new packages", likelihood=3, impact=4
    )
    risk = actions.save_risk(programme, by=editor, risk=risk, likelihood=4)
    assert (risk.score, risk.previous_score) == (16, 12)
    with pytest.raises(ValidationError, match="likelihood"):
        actions.save_risk(programme, by=editor, title="x", likelihood=6, impact=1)


def test_budget_lines_take_months_quarters_and_years(harrow, editor):
    programme = resilient_programme(harrow, editor)
    line = actions.record_budget(
        programme, by=editor, period="Nov 2019", budget=Decimal("130000"), forecast=Decimal("128500")
    )
    assert (line.financial_year, line.variance) == (2019, Decimal("-1500.00"))
    with pytest.raises(ValidationError, match="period"):
        actions.record_budget(programme, by=editor, period="soon", budget=1, forecast=1)
