"""Committing is all or nothing and idempotent; revisions keep history; rollback undoes a run exactly."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from ascent.finance.models import ExpenditureLine
from ascent.imports import engine
from ascent.imports.models import ImportChange, ImportRun
from ascent.indicators.models import Observation

from .helpers import expenditure_csv, observations_csv, web_import, web_run

pytestmark = pytest.mark.django_db

FIRST = observations_csv(
    ["E09000015", "ASCOF-1C1A", "2022-23", "25.0", "25", "100", "final"],
    ["E09000015", "ASCOF-1C1A", "2023-24", "27.5", "", "", "provisional"],
)
REVISED = observations_csv(
    ["E09000015", "ASCOF-1C1A", "2022-23", "25.0", "25", "100", "final"],  # unchanged
    ["E09000015", "ASCOF-1C1A", "2023-24", "28.1", "", "", "final"],  # revised
    ["E09000015", "ASCOF-1C1A", "2024-25", "30", "", "", "provisional"],  # new
)


def values():
    return {o.period_code: (o.value, o.status) for o in Observation.objects.order_by("period_code")}


def test_a_commit_writes_every_row_stamped_with_its_run(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    assert run.status == ImportRun.Status.COMMITTED
    assert (run.rows_read, run.rows_created, run.rows_revised, run.rows_unchanged) == (2, 2, 0, 0)
    assert run.file_sha256 == hashlib.sha256(FIRST).hexdigest()
    assert run.committed_at is not None
    assert values() == {"2022-23": (Decimal("25"), "final"), "2023-24": (Decimal("27.5"), "provisional")}
    observation = Observation.objects.get(period_code="2022-23")
    assert (observation.import_run, observation.entered_by, observation.organisation) == (run, editor, harrow)
    assert (observation.numerator, observation.denominator) == (Decimal("25"), Decimal("100"))
    assert observation.period.label == "2022-23"
    assert set(ImportChange.objects.values_list("object_id", "created", "previous")) == {
        (o.pk, True, None) for o in Observation.objects.all()
    }


def test_created_rows_get_history_naming_the_person_and_the_import(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    [record] = Observation.objects.get(period_code="2023-24").history.all()
    assert record.history_type == "+"
    assert record.history_user == editor
    assert record.history_change_reason == f"Import {run.pk}: figures.csv"
    assert record.value == Decimal("27.5")
    assert record.import_run_id == run.pk


def test_one_bad_row_means_nothing_is_saved(ascof_1c1a, harrow):
    data = observations_csv(
        ["E09000015", "ASCOF-1C1A", "2022-23", "25.0", "", "", ""],
        ["E09000015", "ASCOF-1C1A", "2023-24", "[c]", "", "", ""],
    )
    result, run = engine.import_file("observations", data, "national.csv")
    assert run is None
    assert [error.row for error in result.errors] == [3]
    assert not Observation.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_run_with_errors_cannot_be_committed(harrow, editor, ascof_1c1a):
    run = web_run(observations_csv(["E09000015", "NOPE", "2023-24", "5", "", "", ""]), harrow, editor)
    assert run.status == ImportRun.Status.INVALID
    with pytest.raises(engine.ImportRefused, match="Check the file, and fix any errors"):
        engine.commit_run(run, user=editor)
    assert not Observation.objects.exists()


def test_a_failure_while_writing_leaves_nothing_half_saved(harrow, editor, ascof_1c1a, monkeypatch):
    run = web_run(FIRST, harrow, editor)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(engine._TableWriter, "copy_from", broken)
    with pytest.raises(RuntimeError):
        engine.commit_run(run, user=editor)
    assert not Observation.objects.exists()
    assert not ImportChange.objects.exists()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.VALIDATED


def test_a_file_that_changed_since_it_was_checked_is_checked_again_before_committing(harrow, editor, ascof_1c1a):
    run = web_run(FIRST, harrow, editor)
    ascof_1c1a.delete()
    with pytest.raises(engine.ImportRefused, match="the file now has 2 errors"):
        engine.commit_run(run, user=editor)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INVALID
    assert run.error_count == 2


def test_importing_the_same_file_twice_creates_nothing_new(harrow, editor, ascof_1c1a):
    web_import(FIRST, harrow, editor)
    again = web_import(FIRST, harrow, editor)
    assert (again.rows_created, again.rows_revised, again.rows_unchanged) == (0, 0, 2)
    assert Observation.objects.count() == 2
    assert Observation.history.count() == 2
    assert not ImportChange.objects.filter(run=again).exists()


def test_a_committed_run_cannot_be_committed_again(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    with pytest.raises(engine.ImportRefused, match="already been imported"):
        engine.commit_run(run, user=editor)


def test_a_changed_value_revises_the_row_and_history_keeps_the_earlier_value(harrow, editor, admin_user, ascof_1c1a):
    first = web_import(FIRST, harrow, editor)
    second = web_import(REVISED, harrow, admin_user)
    assert (second.rows_created, second.rows_revised, second.rows_unchanged) == (1, 1, 1)
    revised = Observation.objects.get(period_code="2023-24")
    assert (revised.value, revised.status, revised.import_run, revised.entered_by) == (
        Decimal("28.1"),
        "final",
        second,
        admin_user,
    )
    history = list(revised.history.order_by("history_id"))
    assert [(h.history_type, h.value, h.history_user, h.history_change_reason) for h in history] == [
        ("+", Decimal("27.5"), editor, f"Import {first.pk}: figures.csv"),
        ("~", Decimal("28.1"), admin_user, f"Import {second.pk}: figures.csv"),
    ]
    change = ImportChange.objects.get(run=second, created=False)
    assert change.object_id == revised.pk
    assert change.previous == {
        "value": "27.500000",
        "numerator": None,
        "denominator": None,
        "status": "provisional",
        "is_illustrative": False,
        "is_approximate": False,
        "import_run_id": first.pk,
        "entered_by_id": editor.pk,
    }


def test_importing_over_illustrative_figures_makes_them_real(harrow, editor, ascof_1c1a):
    observation = Observation(organisation=harrow, indicator=ascof_1c1a, value=Decimal("27.5"), is_illustrative=True)
    observation.set_period("2023-24")
    observation.save()
    run = web_import(FIRST, harrow, editor)
    observation.refresh_from_db()
    assert not observation.is_illustrative
    assert run.rows_revised == 1


def test_rollback_deletes_created_rows_and_restores_revised_ones(harrow, editor, admin_user, ascof_1c1a):
    first = web_import(FIRST, harrow, editor)
    second = web_import(REVISED, harrow, editor)
    engine.rollback_run(second, user=admin_user)
    assert values() == {"2022-23": (Decimal("25"), "final"), "2023-24": (Decimal("27.5"), "provisional")}
    restored = Observation.objects.get(period_code="2023-24")
    assert (restored.import_run, restored.entered_by) == (first, editor)
    second.refresh_from_db()
    assert second.status == ImportRun.Status.ROLLED_BACK
    assert (second.rolled_back_by, second.rolled_back_at is not None) == (admin_user, True)
    last = restored.history.order_by("-history_id").first()
    assert (last.history_type, last.value, last.history_user) == ("~", Decimal("27.5"), admin_user)
    assert last.history_change_reason == f"Rollback of import {second.pk}: figures.csv"


def test_rollback_records_the_deletions_in_history(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    ids = set(Observation.objects.values_list("pk", flat=True))
    engine.rollback_run(run, user=editor)
    assert not Observation.objects.exists()
    deleted = Observation.history.filter(history_type="-")
    assert set(deleted.values_list("id", flat=True)) == ids
    assert {(h.history_user, h.value) for h in deleted} >= {(editor, Decimal("27.5"))}


def test_rollback_leaves_rows_the_run_did_not_change(harrow, editor, ascof_1c1a):
    web_import(FIRST, harrow, editor)
    second = web_import(REVISED, harrow, editor)
    unchanged = Observation.objects.get(period_code="2022-23")
    engine.rollback_run(second, user=editor)
    unchanged.refresh_from_db()
    assert unchanged.history.count() == 1


def test_rollback_is_refused_when_a_later_import_changed_the_rows(harrow, editor, ascof_1c1a):
    first = web_import(FIRST, harrow, editor)
    second = web_import(REVISED, harrow, editor)
    with pytest.raises(engine.ImportRefused) as refused:
        engine.rollback_run(first, user=editor)
    assert str(refused.value) == (
        "This import cannot be rolled back as it is: 1 of the rows it wrote has been changed since "
        f"(by Editor Person (import {second.pk} of figures.csv)). "
        "Roll back the later import first, or keep the changed rows."
    )
    assert Observation.objects.count() == 3
    first.refresh_from_db()
    assert first.status == ImportRun.Status.COMMITTED
    engine.rollback_run(second, user=editor)
    engine.rollback_run(first, user=editor)
    assert not Observation.objects.exists()


def test_rolling_back_twice_is_refused(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    engine.rollback_run(run, user=editor)
    with pytest.raises(engine.ImportRefused, match="already been rolled back"):
        engine.rollback_run(run, user=editor)


def test_a_run_that_was_never_imported_cannot_be_rolled_back(harrow, editor, ascof_1c1a):
    run = web_run(FIRST, harrow, editor)
    with pytest.raises(engine.ImportRefused, match="Only an import that has been made"):
        engine.rollback_run(run, user=editor)


def test_rows_deleted_since_the_import_do_not_stop_a_rollback(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    Observation.objects.filter(period_code="2022-23").delete()
    engine.rollback_run(run, user=editor)
    assert not Observation.objects.exists()


def test_expenditure_imports_revise_and_roll_back_too(harrow, editor):
    first = web_import(
        expenditure_csv(["E09000015", "Adults", "2023-24", "34099", "", ""]),
        harrow,
        editor,
        kind="expenditure",
        options={"thousands": True},
    )
    line = ExpenditureLine.objects.get()
    assert (line.amount, line.import_run) == (Decimal("34099000.00"), first)
    second = web_import(
        expenditure_csv(["E09000015", "adults", "2023-24", "£35m", "", ""]), harrow, editor, kind="expenditure"
    )
    line.refresh_from_db()
    assert (line.amount, line.service_line, second.rows_revised) == (Decimal("35000000.00"), "Adults", 1)
    engine.rollback_run(second, user=editor)
    line.refresh_from_db()
    assert line.amount == Decimal("34099000.00")
    engine.rollback_run(first, user=editor)
    assert not ExpenditureLine.objects.exists()
    assert ExpenditureLine.history.filter(history_type="-").count() == 1


def test_a_national_import_spans_organisations_with_no_owner(harrow, herefordshire, ascof_1c1a):
    data = observations_csv(
        ["E09000015", "ASCOF-1C1A", "2023-24", "27.5", "", "", ""],
        ["E06000019", "ASCOF-1C1A", "2023-24", "31.0", "", "", ""],
    )
    result, run = engine.import_file("observations", data, "ascof-2023-24.csv")
    assert result.ok
    assert (run.organisation, run.created_by, run.rows_created) == (None, None, 2)
    assert Observation.objects.filter(import_run=run).count() == 2
    assert Observation.history.filter(history_user__isnull=True).count() == 2


def test_deleting_a_run_still_clears_its_rows_references_without_a_database_constraint(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    line = web_import(
        expenditure_csv(["E09000015", "Adults", "2023-24", "34099", "", ""]), harrow, editor, kind="expenditure"
    )
    assert ImportChange.objects.count() == 3
    run.delete()
    line.delete()
    assert set(Observation.objects.values_list("import_run", flat=True)) == {None}
    assert set(ExpenditureLine.objects.values_list("import_run", flat=True)) == {None}
    assert not ImportChange.objects.exists()
