"""Programmes under two people at once: a re-profiling, a move between boards and a board's
decision each happen as one person meant, never half, never twice.

Each test runs two calls of the domain functions in two threads against the database (file
SQLite or PostgreSQL), so they meet its own locking (tests/concurrency/together.py). The first
holds the project (or decision) for a moment, so the second arrives while it works.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ascent.programmes import actions
from ascent.programmes.models import BoardMove, Decision, Project, Reprofiling, SavingLine
from tests.programmes import resilient_programme

from .together import run_together, slowed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project(harrow, editor):
    programme = resilient_programme(harrow, editor)
    project = actions.create_project(programme, by=editor, name="Ten areas", on=dt.date(2019, 4, 1))
    actions.set_savings_target(project, by=editor, total=Decimal("1000000"), years=[2017, 2018])
    return project


def test_two_reprofilings_at_once_follow_each_other_and_keep_the_total(project, editor, admin_user, monkeypatch):
    monkeypatch.setattr(actions, "_lines", slowed(actions._lines))
    outcomes = run_together(
        lambda: actions.reprofile_savings(
            project, by=editor, changes={2017: Decimal("400000"), 2018: Decimal("600000")}, reason="Slipped"
        ),
        lambda: actions.reprofile_savings(
            project,
            by=admin_user,
            changes={2018: Decimal("300000"), 2019: Decimal("300000")},
            reason="A year later",
        ),
    )
    errors = [outcome.error for outcome in outcomes]
    assert all(error is None or isinstance(error, ValidationError) for error in errors), errors
    records = list(Reprofiling.objects.filter(project=project).order_by("created_at", "id"))
    assert records, "at least one re-profiling happened"
    # Each re-profiling saw the profile the one before left: the records chain, and the total holds.
    for earlier, later in zip(records, records[1:], strict=False):
        assert later.before == earlier.after
    targets = SavingLine.objects.filter(project=project).values_list("target", flat=True)
    assert sum(targets) == Decimal("1000000.00")
    assert sum(SavingLine.objects.filter(project=project).values_list("original_target", flat=True)) == Decimal(
        "1000000.00"
    )


def test_two_moves_to_the_same_board_at_once_make_one_move(harrow, project, editor, admin_user, monkeypatch):
    board = actions.create_board(harrow, by=editor, name="Adults Social Care Improvement Board")
    monkeypatch.setattr(actions, "_same_council", slowed(actions._same_council))
    on = dt.date(2020, 1, 6)
    outcomes = run_together(
        lambda: actions.move_to_board(project, by=editor, board=board, on=on, reason="Programme ended"),
        lambda: actions.move_to_board(project, by=admin_user, board=board, on=on, reason="Programme ended"),
    )
    errors = [outcome.error for outcome in outcomes]
    assert sorted(error is None for error in errors) == [False, True], errors
    refused = next(error for error in errors if error is not None)
    assert "already overseen by that board" in str(refused)
    assert BoardMove.objects.filter(project=project, to_board=board).count() == 1
    assert Project.objects.get(pk=project.pk).board == board


def test_a_decision_recorded_twice_at_once_is_recorded_once(harrow, project, editor, admin_user, monkeypatch):
    board = project.board
    decision = actions.log_decision(board, by=editor, title="End the programme in its current form")
    monkeypatch.setattr(actions, "_text", slowed(actions._text, 0.05))
    outcomes = run_together(
        lambda: actions.record_decision(decision, by=editor, decision_text="Agreed", decided_on=dt.date(2019, 11, 20)),
        lambda: actions.record_decision(
            decision, by=admin_user, decision_text="Deferred", decided_on=dt.date(2019, 11, 20)
        ),
    )
    errors = [outcome.error for outcome in outcomes]
    assert sorted(error is None for error in errors) == [False, True], errors
    assert "already recorded" in str(next(error for error in errors if error is not None))
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.decision in ("Agreed", "Deferred")
    assert decision.history.filter(status="made").count() == 1
