"""Tests of the improvement plans app, and what several of them make."""

from __future__ import annotations

import datetime as dt


def front_door_plan(organisation, editor, *, review=None):
    """Harrow's (or another council's) "Front door plan" for 2026-27, owned by ``editor``."""
    from ascent.plans import planning

    return planning.create_plan(
        organisation,
        by=editor,
        title="Front door plan",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
        owner=editor,
        review=review,
    )


def local_noon_days_ago(days: int) -> dt.datetime:
    """Noon, UK time, ``days`` days before today: a moment whose local date is exactly that day.

    Taking days off ``timezone.now()`` is not: late in a winter evening, 60 days earlier falls
    in British Summer Time, an hour ahead, so the local date is a day later than meant.
    """
    from django.utils import timezone

    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
