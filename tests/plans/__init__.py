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
