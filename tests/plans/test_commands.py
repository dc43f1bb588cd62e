"""The ``plans`` and ``overdue_actions`` commands (ascent/plans/management/commands/)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ascent.core.dates import govuk_date
from ascent.plans.models import Action, ActionStatus, Plan, PlanStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def make_plan(organisation, title, **fields):
    values = {"starts_on": dt.date(2026, 4, 1), "ends_on": dt.date(2027, 3, 31)}
    return Plan.objects.create(organisation=organisation, title=title, **{**values, **fields})


@pytest.fixture
def world(harrow, herefordshire, editor):
    plan = make_plan(harrow, "Harrow improvement plan", owner=editor)
    late = Action.objects.create(
        plan=plan,
        reference="1.1",
        title="Publish one number for the front door",
        owner=editor,
        status=ActionStatus.ON_TRACK,
        due_date=TODAY - dt.timedelta(days=10),
        original_due_date=TODAY - dt.timedelta(days=40),
        last_update_on=TODAY,
    )
    later = Action.objects.create(
        plan=plan,
        reference="1.2",
        title="Train the contact centre",
        owner_name="Head of Service, Adults",
        status=ActionStatus.OFF_TRACK,
        due_date=TODAY - dt.timedelta(days=3),
        last_update_on=TODAY - dt.timedelta(days=70),
    )
    Action.objects.create(plan=plan, reference="1.3", title="On time", due_date=TODAY + dt.timedelta(days=3))
    Action.objects.create(
        plan=plan, reference="1.4", title="Done", status=ActionStatus.COMPLETE, due_date=TODAY - dt.timedelta(days=90)
    )
    Action.objects.create(
        plan=plan, reference="1.5", title="Moved on", due_date=TODAY - dt.timedelta(days=90), superseded_by=late
    )
    old = make_plan(
        harrow, "Harrow's old plan", starts_on=dt.date(2025, 4, 1), status=PlanStatus.SUPERSEDED, superseded_by=plan
    )
    Action.objects.create(plan=old, reference="A1", title="Old work", due_date=TODAY - dt.timedelta(days=200))
    other = make_plan(herefordshire, "Herefordshire plan")
    Action.objects.create(plan=other, title="Herefordshire's own", due_date=TODAY - dt.timedelta(days=5))
    return {"plan": plan, "old": old, "late": late, "later": later}


# --- plans -----------------------------------------------------------------------------------


def test_plans_lists_each_plan_with_its_counts(harrow, world):
    lines = run("plans", harrow.gss_code).splitlines()
    assert lines[0].split() == [
        "ID",
        "Title",
        "Status",
        "Owner",
        "Period",
        "Actions",
        "Open",
        "Overdue",
        "Stale",
        "Closed",
    ]
    cells = [[cell.strip() for cell in line.split("  ") if cell.strip()] for line in lines[1:]]
    assert cells == [
        [str(world["plan"].pk), "Harrow improvement plan", "Active", "Editor Person", "1 Apr 2026 to 31 Mar 2027",
         "5", "3", "2", "1", "1"],
        [str(world["old"].pk), "Harrow's old plan", "Superseded", "-", "1 Apr 2025 to 31 Mar 2027",
         "1", "1", "1", "0", "0"],
    ]  # fmt: skip


def test_plans_gives_json(harrow, world):
    rows = json.loads(run("plans", harrow.gss_code.lower(), "--format", "json"))
    assert [row["title"] for row in rows] == ["Harrow improvement plan", "Harrow's old plan"]
    first = rows[0]
    assert first["starts_on"] == "2026-04-01" and first["ends_on"] == "2027-03-31"
    assert first["status"] == "active"
    assert first["counts"] == {"actions": 5, "open": 3, "overdue": 2, "stale": 1, "closed": 1}
    assert rows[1]["superseded_by"] == world["plan"].pk


def test_plans_says_when_a_council_has_none(harrow):
    assert run("plans", harrow.gss_code) == f"{harrow.name} has no improvement plans.\n"
    assert json.loads(run("plans", harrow.gss_code, "--format", "json")) == []


def test_plans_counts_in_three_queries(harrow, world, django_assert_num_queries):
    from ascent.plans.management.commands.plans import plan_rows

    with django_assert_num_queries(3):
        plan_rows(harrow)


# --- overdue_actions ---------------------------------------------------------------------------


def test_overdue_actions_lists_the_overdue_most_overdue_first(harrow, world):
    lines = run("overdue_actions", harrow.gss_code).splitlines()
    assert lines[0].split("  ")[0] == "Ref"
    cells = [[cell.strip() for cell in line.split("  ") if cell.strip()] for line in lines[1:]]
    assert [row[0] for row in cells] == ["1.1", "1.2"]
    assert cells[0][2:6] == [
        "Editor Person",
        govuk_date(TODAY - dt.timedelta(days=10), short=True),
        govuk_date(TODAY - dt.timedelta(days=40), short=True),
        "10",
    ]
    assert cells[1][2] == "Head of Service, Adults"
    assert cells[1][4:7] == ["-", "3", "Off track"]


def test_overdue_actions_gives_csv(harrow, world):
    text = run("overdue_actions", harrow.gss_code, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["reference"] for row in rows] == ["1.1", "1.2"]
    assert rows[0] == {
        "reference": "1.1",
        "title": "Publish one number for the front door",
        "owner": "Editor Person",
        "due": (TODAY - dt.timedelta(days=10)).isoformat(),
        "original_due": (TODAY - dt.timedelta(days=40)).isoformat(),
        "days_overdue": "10",
        "status": "On track",
        "plan": "Harrow improvement plan",
        "plan_id": str(world["plan"].pk),
        "id": str(world["late"].pk),
    }
    assert rows[1]["original_due"] == ""


def test_overdue_actions_gives_json(harrow, world):
    rows = json.loads(run("overdue_actions", harrow.gss_code, "--format", "json"))
    assert [(row["id"], row["days_overdue"], row["status"]) for row in rows] == [
        (world["late"].pk, 10, "on-track"),
        (world["later"].pk, 3, "off-track"),
    ]


def test_overdue_actions_says_when_none_is_overdue(harrow):
    assert run("overdue_actions", harrow.gss_code) == f"{harrow.name} has no overdue actions.\n"
    assert run("overdue_actions", harrow.gss_code, "--format", "csv").splitlines() == [
        "reference,title,owner,due,original_due,days_overdue,status,plan,plan_id,id"
    ]


@pytest.mark.parametrize("command", ["plans", "overdue_actions"])
def test_an_unknown_code_is_a_clear_error(db, command):
    with pytest.raises(CommandError, match="No organisation has the GSS code 'E99999999'"):
        run(command, "E99999999")
