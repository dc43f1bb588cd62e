"""What every part of the plans app means by overdue, stale and a council's plan settings.

One place, so the plan page, the Overview panel, the assurance checks, the reminders and the
committee report count the same actions the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import CLOSED_STATUSES, PlanSettings


@dataclass(frozen=True)
class Settings:
    reminders_enabled: bool
    stale_after_days: int
    follow_up_months: int
    reminder_days_ahead: int


def settings_for(organisation) -> Settings:
    """The council's plan settings, or the service's defaults where it has saved none (one query)."""
    row = PlanSettings.objects.filter(organisation=organisation).first()
    if row is None:
        return Settings(
            reminders_enabled=True,
            stale_after_days=settings.ASCENT_ACTION_STALE_DAYS,
            follow_up_months=settings.ASCENT_FOLLOW_UP_MONTHS,
            reminder_days_ahead=settings.ASCENT_REMINDER_DAYS_AHEAD,
        )
    return Settings(
        reminders_enabled=row.reminders_enabled,
        stale_after_days=row.stale_after_days,
        follow_up_months=row.follow_up_months,
        reminder_days_ahead=row.reminder_days_ahead,
    )


def is_overdue(action, today: dt.date | None = None) -> bool:
    """Open, not superseded, and past its due date."""
    today = today or timezone.localdate()
    return (
        action.status not in CLOSED_STATUSES
        and not action.is_superseded
        and action.due_date is not None
        and action.due_date < today
    )


def last_activity_on(action) -> dt.date:
    """The latest progress update's date, or the day the action was made if it has none."""
    if action.last_update_on:
        return action.last_update_on
    return timezone.localdate(action.created_at) if action.created_at else timezone.localdate()


def is_stale(action, stale_after_days: int, today: dt.date | None = None) -> bool:
    """Open, not superseded, and no progress update for ``stale_after_days`` days."""
    today = today or timezone.localdate()
    if action.status in CLOSED_STATUSES or action.is_superseded:
        return False
    return (today - last_activity_on(action)).days >= stale_after_days


def overdue_q(today: dt.date | None = None) -> Q:
    """The same test as :func:`is_overdue`, for a queryset of actions."""
    today = today or timezone.localdate()
    return (
        Q(due_date__lt=today)
        & ~Q(status__in=CLOSED_STATUSES)
        & Q(superseded_by__isnull=True, superseded_by_id_generic__isnull=True)
    )


def stale_q(stale_after_days: int, today: dt.date | None = None) -> Q:
    """The same test as :func:`is_stale`, for a queryset of actions."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=stale_after_days)
    return (
        ~Q(status__in=CLOSED_STATUSES)
        & Q(superseded_by__isnull=True, superseded_by_id_generic__isnull=True)
        & (Q(last_update_on__lte=cutoff) | Q(last_update_on__isnull=True, created_at__date__lte=cutoff))
    )
