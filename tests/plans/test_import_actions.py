"""Importing an action plan into one plan (ascent/plans/import_actions.py), through the import engine.

The world: Harrow's plan answers its peer challenge, whose recommendations are 1 "Simplify the
front door." and 2 "Review carers' assessments." (both accepted) and 3 "Merge two teams." (not
accepted). The plan already has a theme "Front door" and an action 1.1. The editor persona
("Editor Person", editor@harrow.example) is a member, so an owner naming them is matched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from ascent.imports import engine
from ascent.imports.models import ImportChange, ImportRun
from ascent.imports.reading import read_table
from ascent.plans import import_actions
from ascent.plans.models import (
    Action,
    ActionStatus,
    Milestone,
    Plan,
    ProgressUpdate,
    Source,
    Theme,
)
from ascent.reviews.models import Recommendation, Response, Review, Stage

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
TODAY = dt.date(2026, 12, 7)
HEADINGS = (
    "Ref,Recommendation,Theme,Action,Owner,Due date,Status,Reason,RAG,Per cent complete,Latest update,Update date\n"
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def review(harrow):
    review = Review.objects.create(organisation=harrow, title="Harrow peer challenge", stage=Stage.PUBLISHED)
    for number, text, response in [
        (1, "Simplify the front door.", Response.ACCEPTED),
        (2, "Review carers' assessments.", Response.ACCEPTED),
        (3, "Merge two teams.", Response.NOT_ACCEPTED),
    ]:
        Recommendation.objects.create(review=review, position=number, number=number, text=text, response=response)
    return review


@pytest.fixture
def plan(harrow, editor, review):
    plan = Plan.objects.create(
        organisation=harrow,
        title="Harrow improvement plan",
        owner=editor,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
        review=review,
    )
    theme = Theme.objects.create(plan=plan, title="Front door", position=1)
    Action.objects.create(plan=plan, theme=theme, reference="1.1", title="An action typed in by hand", position=1)
    return plan


def start(plan, data: bytes | str, user, name="plan.csv") -> ImportRun:
    data = data.encode() if isinstance(data, str) else data
    table = read_table(data, name, limit=engine.PREVIEW_ROWS)
    return import_actions.start_import(plan, data=data, file_name=name, table=table, user=user)


def imported(plan, data, user, name="plan.csv") -> ImportRun:
    run = start(plan, data, user, name)
    result = engine.check_run(run, user=user)
    assert result.ok, [str(error) for error in result.errors]
    engine.commit_run(run, user=user)
    run.refresh_from_db()
    return run


def errors_of(plan, text, user) -> list[str]:
    run = start(plan, HEADINGS + text, user)
    result = engine.check_run(run, user=user)
    return [str(error) for error in result.errors]


def test_each_row_becomes_an_action_of_the_plan(plan, editor):
    run = imported(plan, (FILES / "action_plan.csv").read_bytes(), editor, "action_plan.csv")

    assert run.status == ImportRun.Status.COMMITTED
    assert (run.rows_read, run.rows_created) == (3, 3)
    a1, a2, a3 = Action.objects.filter(import_run=run).order_by("reference")
    assert (a1.title, a1.theme.title, a1.owner, a1.owner_name) == (
        "Publish one number for the front door",
        "Front door",
        editor,
        "",
    )
    assert a1.theme.pk == Theme.objects.get(plan=plan, title="Front door").pk, "an existing theme is reused"
    assert (a1.due_date, a1.original_due_date) == (dt.date(2027, 3, 31), dt.date(2027, 3, 31))
    assert (a1.status, a1.rag, a1.percent_complete, a1.source) == (ActionStatus.ON_TRACK, "green", 40, Source.IMPORT)
    assert [r.number for r in a1.recommendations.all()] == [1]
    update = a1.updates.get()
    assert (update.on, update.text, update.author_name, update.status) == (
        dt.date(2026, 11, 1),
        "Number agreed with the contact centre",
        "From the imported plan",
        ActionStatus.ON_TRACK,
    )
    assert a1.last_update_on == dt.date(2026, 11, 1)
    assert {entry.history_user for entry in a1.history.all()} == {editor}

    assert (a2.owner, a2.owner_name, a2.status, a2.rag) == (None, "Head of Customer Services", "not-started", "amber")
    assert sorted(r.number for r in a2.recommendations.all()) == [1, 2]
    assert not a2.updates.exists() and a2.last_update_on is None

    # Matched by its text; owner by e-mail address; "Mar-27" is the month's last day; complete is 100%.
    assert [r.number for r in a3.recommendations.all()] == [2]
    assert a3.owner == editor
    assert a3.due_date == dt.date(2027, 3, 31)
    assert (a3.status, a3.percent_complete, a3.completed_on) == (ActionStatus.COMPLETE, 100, dt.date(2026, 10, 15))
    assert a3.theme.title == "Carers"
    assert Theme.objects.filter(plan=plan).count() == 2, "a new theme is created once"
    assert ImportChange.objects.filter(run=run).count() == 3 + 1 + 2  # actions, the new theme, the updates


def test_an_excel_workbook_with_date_and_percent_cells(plan, editor):
    run = imported(plan, (FILES / "action_plan.xlsx").read_bytes(), editor, "action_plan.xlsx")

    b1, b2 = Action.objects.filter(import_run=run).order_by("reference")
    assert (b1.due_date, b1.percent_complete, b1.owner_name) == (dt.date(2027, 3, 31), 25, "Carers lead")
    assert [r.number for r in b1.recommendations.all()] == [2]
    assert b1.updates.get().on == TODAY, "an update with no date is dated the day of the import"
    assert (b2.due_date, b2.status, b2.percent_complete, b2.owner) == (
        dt.date(2026, 12, 31),
        ActionStatus.COMPLETE,
        100,
        Plan.objects.get().owner,
    )


def test_new_actions_follow_the_plans_own(plan, editor):
    run = imported(plan, HEADINGS + ",,,Second action,,,,,,,,\n,,,Third action,,,,,,,,\n", editor)

    assert list(Action.objects.filter(plan=plan).values_list("title", "position")) == [
        ("An action typed in by hand", 1),
        ("Second action", 2),
        ("Third action", 3),
    ]
    assert Action.objects.filter(import_run=run, theme__isnull=True).count() == 2


def test_every_error_names_the_row_the_column_and_the_reason(plan, editor):
    rows = (
        "1.1,,,Already in the plan,,,,,,,,\n"
        "A1,,,First,,,,,,,,\n"
        "a1,,,Same reference again,,,,,,,,\n"
        "A4,99,,Follows nothing,,,,,,,,\n"
        "A5,Build a bridge to the moon,,Follows nothing either,,,,,,,,\n"
        "A6,3,,Follows a refused recommendation,,,,,,,,\n"
        "A7,,,Undated,,Spring 2027,Parked,,Purple,150,,\n"
        "A8,,,Cancelled without a reason,,,Will not be done,,,,,\n"
        "A9,,Front door,,Someone,31/03/2027,,,,,,\n"
        "A10,,,Update from the future,,,,,,,Done,31/12/2026\n"
    )
    assert errors_of(plan, rows, editor) == [
        "Row 2, Ref: “1.1”: the plan already has an action 1.1: give a new reference or leave the row out",
        "Row 4, Ref: “a1”: row 3 has the same reference: give each action its own",
        "Row 5, Recommendation: “99”: the review has no recommendation 99",
        "Row 6, Recommendation: “Build a bridge to the moon”: matches no recommendation of the review by number or "
        "by text: give its number",
        "Row 7, Recommendation: “3”: recommendation 3 was not accepted, so it has no actions",
        "Row 8, Due date: “Spring 2027”: enter a date such as 31/03/2027, 31 March 2027 or Mar-27",
        "Row 8, Status: “Parked”: enter one of: not started, on track, at risk, off track, complete, will not be "
        "done or done another way",
        "Row 8, RAG: “Purple”: enter red, amber or green",
        "Row 8, Per cent complete: “150”: enter a whole number from 0 to 100",
        "Row 9, Status: “Will not be done”: give the reason it is “will not be done” in a Reason column",
        "Row 10, Action: (blank): enter what the action is",
        "Row 11, Update date: “31/12/2026”: the latest update cannot be dated in the future",
    ]


def test_a_file_with_any_error_imports_nothing(plan, editor):
    run = start(plan, HEADINGS + "A1,,New theme,Fine,,,,,,,Fine,\nA2,,,Fine too,,not a date,,,,,,\n", editor)
    engine.check_run(run, user=editor)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INVALID
    with pytest.raises(engine.ImportRefused, match="Check the file, and fix any errors, before importing it"):
        engine.commit_run(run, user=editor)
    assert Action.objects.count() == 1 and Theme.objects.count() == 1 and not ProgressUpdate.objects.exists()


def test_a_failure_while_writing_leaves_nothing_half_saved(plan, editor, monkeypatch):
    run = start(plan, HEADINGS + "A1,1,New theme,First,,,,,,,Went well,\nA2,,,Second,,,,,,,Broke,\n", editor)
    engine.check_run(run, user=editor)
    save = ProgressUpdate.save

    def fail_on_the_second(update, *args, **kwargs):
        if update.text == "Broke":
            raise RuntimeError("the database went away")
        return save(update, *args, **kwargs)

    monkeypatch.setattr(ProgressUpdate, "save", fail_on_the_second)
    with pytest.raises(RuntimeError):
        engine.commit_run(run, user=editor)

    assert list(Action.objects.values_list("reference", flat=True)) == ["1.1"]
    assert list(Theme.objects.values_list("title", flat=True)) == ["Front door"]
    assert not ProgressUpdate.objects.exists() and not ImportChange.objects.exists()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.VALIDATED


def test_a_plan_that_answers_no_review_matches_no_recommendation(plan, editor):
    plan.review = None
    plan.save()
    assert errors_of(plan, "A1,1,,Something,,,,,,,,\n", editor) == [
        "Row 2, Recommendation: “1”: the plan answers no review, so no recommendation can be matched: choose the "
        "review on the plan first, or leave the column out"
    ]


def test_a_file_needs_an_action_column(plan, editor):
    run = start(plan, "Ref,Owner\nA1,Someone\n", editor)
    problems = engine.mapping_problems(
        engine.get_schema(run.kind), engine.run_mapping(run), ["Ref", "Owner"], organisation_scoped=True
    )
    assert problems == {"title": "Select the column that holds the action"}
    with pytest.raises(engine.ImportRefused, match="Match the file's columns before checking it"):
        engine.check_run(run, user=editor)


def test_a_run_not_linked_to_a_plan_is_refused(plan, editor):
    run = start(plan, HEADINGS + "A1,,,Something,,,,,,,,\n", editor)
    engine.set_run_mapping(run, engine.run_mapping(run), {})
    with pytest.raises(engine.ImportRefused, match="import it from the plan's page"):
        engine.check_run(run, user=editor)


def test_the_preview_shows_the_first_actions_as_they_will_be_imported(plan, editor):
    run = start(plan, (FILES / "action_plan.csv").read_bytes(), editor)
    engine.check_run(run, user=editor)
    shown = [texts for _, texts in engine.preview_run(run, user=editor)]
    assert shown[0] == (
        "A1",
        "Publish one number for the front door",
        "Front door",
        "1",
        "Editor Person",
        "31 March 2027",
        "On track",
        "Green",
        "40%",
    )
    assert shown[1][2:5] == ("Front door", "1, 2", "Head of Customer Services")
    assert shown[2][2] == "Carers (new theme)"
    assert not Action.objects.filter(import_run=run).exists(), "a preview saves nothing"


def test_the_plans_imports_are_listed_newest_first(plan, editor, harrow):
    first = start(plan, HEADINGS + "A1,,,One,,,,,,,,\n", editor)
    second = start(plan, HEADINGS + "A1,,,One,,,,,,,,\n", editor)
    other_plan = Plan.objects.create(
        organisation=harrow, title="Another", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31)
    )
    start(other_plan, HEADINGS + "A1,,,One,,,,,,,,\n", editor)
    assert list(import_actions.runs_for_plan(plan)) == [second, first]


# --- rolling back ---


def test_a_rollback_removes_what_the_import_added_and_nothing_else(plan, editor, admin_user):
    run = imported(plan, (FILES / "action_plan.csv").read_bytes(), editor)

    outcome = engine.rollback_run(run, user=admin_user)

    assert (outcome.deleted, outcome.themes_deleted, outcome.kept) == (3, 1, [])
    assert list(Action.objects.values_list("reference", flat=True)) == ["1.1"]
    assert list(Theme.objects.values_list("title", flat=True)) == ["Front door"]
    assert not ProgressUpdate.objects.exists()
    run.refresh_from_db()
    assert (run.status, run.rolled_back_by) == (ImportRun.Status.ROLLED_BACK, admin_user)
    deleted = Action.history.filter(history_type="-")
    assert deleted.count() == 3
    assert {entry.history_user for entry in deleted} == {admin_user}
    assert deleted.first().history_change_reason.startswith(f"Rollback of import {run.pk}")
    with pytest.raises(engine.ImportRefused, match="already been rolled back"):
        engine.rollback_run(run, user=admin_user)


def _work_on(action, user):
    """What an owner does after the import: a progress update that moves the action on."""
    ProgressUpdate.objects.create(action=action, on=TODAY, author=user, text="Moved on", status="at-risk")
    action.status = ActionStatus.AT_RISK
    action._history_user = user
    action.save()


def test_a_rollback_refuses_while_an_action_has_been_worked_on_since_and_lists_it(plan, editor, contributor):
    run = imported(plan, (FILES / "action_plan.csv").read_bytes(), editor)
    a1 = Action.objects.get(reference="A1")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        _work_on(a1, contributor)

    with pytest.raises(engine.RollbackBlocked) as blocked:
        engine.rollback_run(run, user=editor)

    assert str(blocked.value) == (
        "This import cannot be rolled back as it is: 1 action it added has been worked on since. "
        "Keep it (with everything on it) and remove the rest, or cancel."
    )
    first = blocked.value.kept[0]
    assert (first.record, first.value, first.changed_by) == (
        "Action A1 Publish one number for the front door",
        "At risk",
        "Contributor Person",
    )
    assert first.reason == "Changed since the import; 1 progress update added since"
    assert blocked.value.untouched == 2
    assert Action.objects.filter(import_run=run).count() == 3, "nothing was rolled back"
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED


def test_keeping_the_changed_ones_rolls_back_the_rest_and_says_what_it_left(plan, editor, contributor):
    run = imported(plan, (FILES / "action_plan.csv").read_bytes(), editor)
    a1 = Action.objects.get(reference="A1")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        Milestone.objects.create(action=a1, title="Number live")

    outcome = engine.rollback_run(run, user=editor, keep_changed=True)

    assert outcome.deleted == 2
    assert [row.record for row in outcome.kept] == ["Action A1 Publish one number for the front door"]
    assert outcome.kept[0].reason == "1 milestone added since"
    a1.refresh_from_db()
    assert a1.milestones.count() == 1 and a1.updates.count() == 1, "the action keeps its work and its history"
    assert list(Action.objects.order_by("reference").values_list("reference", flat=True)) == ["1.1", "A1"]
    assert list(Theme.objects.values_list("title", flat=True)) == ["Front door"], "Carers went with A3"
    assert set(ImportChange.objects.filter(run=run, kept=True).values_list("model", "object_id")) == {
        ("plans.action", a1.pk),
        ("plans.progressupdate", a1.updates.get().pk),
    }


def test_a_theme_the_import_added_stays_while_an_action_added_by_hand_uses_it(plan, editor):
    run = imported(plan, HEADINGS + "A1,,Carers,One,,,,,,,,\n", editor)
    carers = Theme.objects.get(title="Carers")
    Action.objects.create(plan=plan, theme=carers, title="Added by hand later")

    outcome = engine.rollback_run(run, user=editor)

    assert outcome.deleted == 1 and outcome.themes_deleted == 0
    assert [(row.record, row.reason) for row in outcome.kept] == [("Theme “Carers”", "Still used by actions that stay")]
    assert Theme.objects.filter(pk=carers.pk).exists()


def test_the_import_is_recorded_in_the_history(plan, editor):
    run = imported(plan, HEADINGS + "A1,,,One,,,,,,,,\n", editor)
    entry = Action.history.filter(reference="A1").earliest("history_date")
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        editor,
        f"Import {run.pk}: plan.csv",
    )


def test_an_action_typed_in_after_the_check_stops_the_import(plan, editor, monkeypatch):
    run = start(plan, HEADINGS + "A1,,,One,,,,,,,,\n", editor)
    engine.check_run(run, user=editor)
    schema = import_actions.ActionPlanSchema
    validate = schema.validate

    def and_meanwhile(self, rows, **kwargs):
        checked = validate(self, rows, **kwargs)
        Action.objects.create(plan=plan, reference="A1", title="Typed in while the file was imported")
        return checked

    monkeypatch.setattr(schema, "validate", and_meanwhile)
    with pytest.raises(engine.ImportRefused, match="the plan now has an action A1, added since the file was checked"):
        engine.commit_run(run, user=editor)
    assert not Action.objects.filter(import_run__isnull=False).exists()


def test_an_update_date_needs_an_update(plan, editor):
    assert errors_of(plan, "A1,,,Something,,,,,,,,01/11/2026\n", editor) == [
        "Row 2, Update date: “01/11/2026”: there is no latest update for this date: add it, or leave the date out"
    ]


def test_an_owner_two_members_share_a_name_with_is_kept_as_a_name(plan, editor, harrow):
    from tests.factories import MembershipFactory, UserFactory

    for email in ("sam.one@harrow.example", "sam.two@harrow.example"):
        MembershipFactory(organisation=harrow, user=UserFactory(email=email, full_name="Sam Patel"))
    run = imported(plan, HEADINGS + "A1,,,One,Sam Patel,,,,,,,\nA2,,,Two,SAM.TWO@harrow.example,,,,,,,\n", editor)
    one, two = Action.objects.filter(import_run=run).order_by("reference")
    assert (one.owner, one.owner_name) == (None, "Sam Patel")
    assert (two.owner.email, two.owner_name) == ("sam.two@harrow.example", "")
