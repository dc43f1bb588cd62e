"""The reminder digest's daily run on the worker (ascent/plans/tasks.py) and the command's --schedule."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ascent.plans import tasks
from ascent.plans.apps import _schedule_reminders
from ascent.plans.models import Action, Plan

UK = ZoneInfo("Europe/London")


def waiting():
    return DBTaskResult.objects.filter(
        task_path=tasks.send_daily_reminders.module_path, status=TaskResultStatus.READY
    ).order_by("run_after")


@pytest.fixture
def empty_queue(db):
    # Migrating the test database queued a run (PlansConfig.ready); start each test without it.
    waiting().delete()


# When it runs (no database) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 12, 7, 6, 59, tzinfo=UK), dt.datetime(2026, 12, 7, 7, 0, tzinfo=UK)),
        (dt.datetime(2026, 12, 7, 7, 0, tzinfo=UK), dt.datetime(2026, 12, 8, 7, 0, tzinfo=UK)),
        (dt.datetime(2026, 12, 7, 23, 30, tzinfo=UK), dt.datetime(2026, 12, 8, 7, 0, tzinfo=UK)),
        # The clocks go forward on 28 March 2027: still 7am in the UK, 6am UTC.
        (dt.datetime(2027, 3, 27, 8, 0, tzinfo=UK), dt.datetime(2027, 3, 28, 6, 0, tzinfo=dt.UTC)),
        # And back on 31 October 2027: 7am UK is 7am UTC again.
        (dt.datetime(2027, 10, 30, 8, 0, tzinfo=UK), dt.datetime(2027, 10, 31, 7, 0, tzinfo=dt.UTC)),
    ],
)
def test_the_next_run_is_at_the_reminder_hour_uk_time(settings, now, expected):
    settings.ASCENT_REMINDER_HOUR = 7

    assert tasks.next_run_at(now) == expected


# Keeping one run queued ------------------------------------------------------------------------------


def test_it_queues_the_next_run_once(empty_queue, settings):
    settings.ASCENT_REMINDER_HOUR = 7
    now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=UK)

    first = tasks.ensure_scheduled(now)
    again = tasks.ensure_scheduled(now)

    assert first == again == dt.datetime(2026, 12, 8, 7, 0, tzinfo=UK)
    assert waiting().count() == 1


def test_migrate_queues_the_daily_run(empty_queue):
    _schedule_reminders(sender=None)

    assert waiting().count() == 1


def test_nothing_is_queued_on_a_backend_with_no_queue(empty_queue, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    assert tasks.ensure_scheduled() is None
    assert not waiting().exists()


def test_the_daily_run_sends_the_digests_and_queues_tomorrows(empty_queue, harrow, editor, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 7, 7, 0, 5, tzinfo=UK))
    plan = Plan.objects.create(
        organisation=harrow, title="Harrow plan", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31)
    )
    Action.objects.create(plan=plan, title="Late work", owner=editor, due_date=dt.date(2026, 12, 1))

    summary = tasks.send_daily_reminders.call()

    assert summary == "Sent 1 digest listing 1 action on 7 December 2026"
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert [row.run_after for row in waiting()] == [dt.datetime(2026, 12, 8, 7, 0, tzinfo=UK)]


def test_a_failed_run_still_queues_tomorrows(empty_queue, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(tasks.reminders, "send_digests", broken)

    with pytest.raises(RuntimeError):
        tasks.send_daily_reminders.call()

    assert waiting().count() == 1


def test_the_command_can_queue_the_daily_run(empty_queue, capsys):
    call_command("send_action_reminders", "--schedule")

    assert "The worker's next daily run is at" in capsys.readouterr().out
    assert waiting().count() == 1
    assert mail.outbox == []
