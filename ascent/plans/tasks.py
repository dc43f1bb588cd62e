"""The reminder digest as a daily task on the background worker (``manage.py db_worker``).

The tasks backport has no periodic scheduler, so the daily run is kept going in the smallest
honest way: the task, when it runs, queues its own next run for ASCENT_REMINDER_HOUR (UK time)
the next day, with the database backend's ``run_after``; and :func:`ensure_scheduled` queues
a first run when none is waiting. That is called after every ``manage.py migrate`` (which each
installation and upgrade runs; see ``PlansConfig.ready``) and by ``manage.py
send_action_reminders --schedule``. The worker must be running for it to be sent, as for every
background job.

Running twice never sends twice: the digest itself is guarded by ``ReminderDigest`` (one per
person a day), so a duplicated queue entry costs one idle run.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import reminders

logger = logging.getLogger(__name__)


def next_run_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next ASCENT_REMINDER_HOUR o'clock (UK time) after ``now``."""
    now = timezone.localtime(now or timezone.now())
    at = now.replace(hour=settings.ASCENT_REMINDER_HOUR, minute=0, second=0, microsecond=0)
    if at <= now:
        # Aware arithmetic in one zone is on the wall clock: 7am stays 7am across a change of the clocks.
        at += dt.timedelta(days=1)
    return at


def _waiting_runs():
    """Daily runs queued and not yet taken by the worker (database backend only), or None."""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(send_daily_reminders.get_backend(), DatabaseBackend):
        return None
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=send_daily_reminders.module_path, status=TaskResultStatus.READY)


def ensure_scheduled(now: dt.datetime | None = None) -> dt.datetime | None:
    """Queue the next daily run unless one is waiting; returns when the waiting run is due.

    None when the backend keeps no queue to wait in (the immediate backend a trial may use, which
    would send the digest there and then): run ``manage.py send_action_reminders`` from cron instead.
    """
    waiting = _waiting_runs()
    if waiting is None:
        return None
    queued = waiting.order_by("run_after").first()
    if queued is not None:
        return queued.run_after
    at = next_run_at(now)
    send_daily_reminders.using(run_after=at).enqueue()
    logger.info("Action reminders: the next daily run is queued for %s", at.isoformat())
    return at


@task()
def send_daily_reminders() -> str:
    """Send today's digests, then queue tomorrow's run (even when this one failed)."""
    try:
        return reminders.send_digests().summary()
    finally:
        ensure_scheduled()
