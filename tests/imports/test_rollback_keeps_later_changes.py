"""A rollback never deletes or reverts a value changed after the import, by hand or by a later import.

It refuses and lists the changed rows, or, if the person chooses, rolls back only the rows
nobody has touched and says which stay. Rows other records refer to are deleted with their
CASCADE dependents, cleared from SET_NULL ones, and kept when a PROTECT reference holds them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from ascent.core.periods import Period
from ascent.finance.models import ExpenditureLine
from ascent.imports import engine
from ascent.imports.models import ImportChange, ImportRun
from ascent.indicators import actions
from ascent.indicators.models import Observation
from tests.imports.referring.models import Note, Pin, Saving

from .helpers import expenditure_csv, observations_csv, web_import

pytestmark = pytest.mark.django_db

D = Decimal
FIRST = observations_csv(
    ["E09000015", "ASCOF-1C1A", "2022-23", "25.0", "25", "100", "final"],
    ["E09000015", "ASCOF-1C1A", "2023-24", "27.5", "", "", "provisional"],
)
LATER = observations_csv(["E09000015", "ASCOF-1C1A", "2023-24", "28.1", "", "", "final"])


def observation(period_code):
    return Observation.objects.get(period_code=period_code)


def correct_by_hand(indicator, organisation, user, value="30"):
    return actions.record_observation(
        organisation, indicator, period=Period.financial_year(2023), value=D(value), by=user, status="final"
    )


# ----- a hand edit is the person's, not the import's -------------------------------------


def test_a_hand_correction_takes_the_row_away_from_the_import(harrow, editor, admin_user, ascof_1c1a):
    web_import(FIRST, harrow, editor)
    corrected = correct_by_hand(ascof_1c1a, harrow, admin_user)
    assert (corrected.import_run, corrected.entered_by) == (None, admin_user)
    last = corrected.history.order_by("-history_id").first()
    assert (last.import_run_id, last.history_user, last.value) == (None, admin_user, D("30"))


# ----- refusing ----------------------------------------------------------------------------


def test_a_rollback_meeting_a_hand_correction_is_refused_and_lists_it(harrow, editor, admin_user, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    correct_by_hand(ascof_1c1a, harrow, admin_user)
    with pytest.raises(engine.RollbackBlocked) as blocked:
        engine.rollback_run(run, user=editor)
    assert str(blocked.value) == (
        "This import cannot be rolled back as it is: 1 of the rows it wrote has been changed since (by Admin Person)."
    )
    [kept] = blocked.value.kept
    assert (kept.record, kept.value, kept.reason, kept.changed_by) == (
        "Harrow, ASCOF-1C1A, 2023-24",
        "30.0%",
        "Changed since the import",
        "Admin Person",
    )
    assert kept.changed_at == observation("2023-24").history.order_by("-history_id").first().history_date
    assert blocked.value.untouched == 1
    # Nothing was rolled back.
    assert {o.period_code: o.value for o in Observation.objects.all()} == {"2022-23": D("25"), "2023-24": D("30")}
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
    assert not ImportChange.objects.filter(kept=True).exists()


def test_a_rollback_meeting_a_later_import_is_refused_and_names_it(harrow, editor, ascof_1c1a):
    first = web_import(FIRST, harrow, editor)
    second = web_import(LATER, harrow, editor)
    with pytest.raises(engine.RollbackBlocked) as blocked:
        engine.rollback_run(first, user=editor)
    assert "Roll back the later import first, or keep the changed rows." in str(blocked.value)
    [kept] = blocked.value.kept
    assert (kept.record, kept.value) == ("Harrow, ASCOF-1C1A, 2023-24", "28.1%")
    assert kept.changed_by == f"Editor Person (import {second.pk} of figures.csv)"


def test_an_edit_that_kept_the_import_is_still_found_by_its_history(harrow, editor, admin_user, ascof_1c1a):
    # Before hand edits cleared it, a correction kept the row's import; the admin site still does.
    run = web_import(FIRST, harrow, editor)
    row = observation("2023-24")
    row.value = D("31")
    row._history_user = admin_user
    row.save()
    assert row.import_run == run
    with pytest.raises(engine.RollbackBlocked) as blocked:
        engine.rollback_run(run, user=editor)
    assert [(k.record, k.value, k.changed_by) for k in blocked.value.kept] == [
        ("Harrow, ASCOF-1C1A, 2023-24", "31.0%", "Admin Person")
    ]


def test_a_bulk_change_that_left_no_history_is_still_found(harrow, editor, ascof_1c1a):
    # As the engine's own bulk writes do, a bulk change stamps updated_at even without history.
    run = web_import(FIRST, harrow, editor)
    Observation.objects.filter(period_code="2023-24").update(value=D("40"), updated_at=timezone.now())
    with pytest.raises(engine.RollbackBlocked) as blocked:
        engine.rollback_run(run, user=editor)
    assert [(k.value, k.changed_by) for k in blocked.value.kept] == [("40.0%", "not recorded")]


# ----- nothing changed ----------------------------------------------------------------------


def test_a_rollback_with_nothing_changed_since_undoes_everything(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    outcome = engine.rollback_run(run, user=editor)
    assert (outcome.deleted, outcome.restored, outcome.kept) == (2, 0, [])
    assert not Observation.objects.exists()


def test_a_later_import_rolled_back_first_leaves_the_rows_untouched(harrow, editor, ascof_1c1a):
    first = web_import(FIRST, harrow, editor)
    second = web_import(LATER, harrow, editor)
    engine.rollback_run(second, user=editor)
    outcome = engine.rollback_run(first, user=editor)
    assert (outcome.deleted, outcome.kept) == (2, [])
    assert not Observation.objects.exists()


# ----- rolling back only the untouched rows -------------------------------------------------


def test_keeping_the_changed_rows_rolls_back_only_the_others(harrow, editor, admin_user, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    correct_by_hand(ascof_1c1a, harrow, admin_user)
    outcome = engine.rollback_run(run, user=editor, keep_changed=True)
    assert (outcome.deleted, outcome.restored) == (1, 0)
    assert [(k.record, k.value) for k in outcome.kept] == [("Harrow, ASCOF-1C1A, 2023-24", "30.0%")]
    assert [(o.period_code, o.value, o.entered_by) for o in Observation.objects.all()] == [
        ("2023-24", D("30"), admin_user)
    ]
    assert list(ImportChange.objects.filter(run=run, kept=True).values_list("object_id", flat=True)) == [
        observation("2023-24").pk
    ]
    run.refresh_from_db()
    assert (run.status, run.rolled_back_by) == (ImportRun.Status.ROLLED_BACK, editor)
    # The kept row's history ends with the correction, not with the rollback.
    assert observation("2023-24").history.order_by("-history_id").first().history_user == admin_user


def test_keeping_a_row_a_later_import_revised_restores_the_other_revisions(harrow, editor, ascof_1c1a):
    web_import(observations_csv(["E09000015", "ASCOF-1C1A", "2022-23", "20", "", "", ""]), harrow, editor)
    revising = web_import(FIRST, harrow, editor)  # revises 2022-23 and adds 2023-24
    web_import(LATER, harrow, editor)  # revises 2023-24 again
    outcome = engine.rollback_run(revising, user=editor, keep_changed=True)
    assert (outcome.deleted, outcome.restored, len(outcome.kept)) == (0, 1, 1)
    assert {o.period_code: o.value for o in Observation.objects.all()} == {"2022-23": D("20"), "2023-24": D("28.1")}


# ----- expenditure ----------------------------------------------------------------------------


def expenditure(rows, harrow, editor):
    return web_import(expenditure_csv(*rows), harrow, editor, kind="expenditure")


ADULTS = ["E09000015", "Adults", "2023-24", "£34m", "", ""]
REABLEMENT = ["E09000015", "Reablement", "2023-24", "£2m", "", ""]


def test_an_expenditure_line_edited_in_the_admin_stops_the_rollback(harrow, editor, admin_user):
    run = expenditure([ADULTS, REABLEMENT], harrow, editor)
    line = ExpenditureLine.objects.get(service_line="Adults")
    line.amount = D("35000000")
    line._history_user = admin_user
    line.save()
    with pytest.raises(engine.RollbackBlocked) as blocked:
        engine.rollback_run(run, user=editor)
    [kept] = blocked.value.kept
    assert (kept.record, kept.value, kept.changed_by) == (
        "Harrow, Adults, 2023-24 (actual, net of client contributions)",
        "£35,000,000",
        "Admin Person",
    )
    assert ExpenditureLine.objects.count() == 2
    outcome = engine.rollback_run(run, user=editor, keep_changed=True)
    assert (outcome.deleted, len(outcome.kept)) == (1, 1)
    assert list(ExpenditureLine.objects.values_list("service_line", "amount")) == [("Adults", D("35000000.00"))]


def test_an_expenditure_line_a_later_import_revised_stops_the_rollback(harrow, editor):
    first = expenditure([ADULTS], harrow, editor)
    second = expenditure([["E09000015", "Adults", "2023-24", "£36m", "", ""]], harrow, editor)
    with pytest.raises(engine.RollbackBlocked) as blocked:
        engine.rollback_run(first, user=editor)
    assert [k.changed_by for k in blocked.value.kept] == [f"Editor Person (import {second.pk} of figures.csv)"]
    engine.rollback_run(second, user=editor)
    assert engine.rollback_run(first, user=editor).deleted == 1
    assert not ExpenditureLine.objects.exists()


def test_an_untouched_expenditure_import_rolls_back_whole(harrow, editor):
    run = expenditure([ADULTS, REABLEMENT], harrow, editor)
    assert engine.rollback_run(run, user=editor).deleted == 2
    assert not ExpenditureLine.objects.exists()


# ----- records that refer to imported rows ----------------------------------------------------


def test_a_cascading_reference_is_deleted_with_the_row_and_recorded(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    note = Note.objects.create(observation=observation("2023-24"), text="Checked with the team")
    engine.rollback_run(run, user=editor)
    assert not Observation.objects.exists()
    assert not Note.objects.exists()
    deleted = Note.history.get(id=note.pk, history_type="-")
    assert (deleted.history_user, deleted.history_change_reason) == (
        editor,
        f"Rollback of import {run.pk}: figures.csv",
    )


def test_a_set_null_reference_loses_the_row_and_is_recorded(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    pin = Pin.objects.create(observation=observation("2023-24"), text="On the board")
    engine.rollback_run(run, user=editor)
    pin.refresh_from_db()
    assert pin.observation_id is None
    last = pin.history.order_by("-history_id").first()
    assert (last.history_type, last.observation_id, last.history_user) == ("~", None, editor)


def test_a_protecting_reference_refuses_the_rollback_naming_what_refers(harrow, editor, ascof_1c1a):
    run = web_import(FIRST, harrow, editor)
    Saving.objects.create(observation=observation("2023-24"), amount=D("1000"))
    with pytest.raises(engine.RollbackBlocked) as blocked:
        engine.rollback_run(run, user=editor)
    assert str(blocked.value) == (
        "This import cannot be rolled back as it is: 1 row it added is referred to by other records."
    )
    assert [(k.record, k.reason) for k in blocked.value.kept] == [
        ("Harrow, ASCOF-1C1A, 2023-24", "Referred to by 1 savings line")
    ]
    assert Observation.objects.count() == 2
    outcome = engine.rollback_run(run, user=editor, keep_changed=True)
    assert (outcome.deleted, len(outcome.kept)) == (1, 1)
    assert list(Observation.objects.values_list("period_code", flat=True)) == ["2023-24"]
    assert Saving.objects.count() == 1
