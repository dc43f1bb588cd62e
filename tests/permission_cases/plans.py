"""Matrix rows for improvement plans: the list (ascent/plans/views/plans.py).

The world gains one Harrow plan owned by the editor persona, with a theme and one action owned
by nobody, and a committee; the other parts of the plans app (tests/permission_cases/plans_*.py)
add their own records to these. Herefordshire has a private plan of its own, which Harrow's
people must never see.
"""

from __future__ import annotations

import datetime as dt

from .base import MEMBERS_OF_A, Case, a

#: Text of Harrow's plan that must never reach a member of Herefordshire.
A_MARKERS = ["Harrow front door improvement plan"]


def a_plan(world):
    return {**a(world), "plan_id": world["plan"].pk}


def an_action(world):
    return {**a_plan(world), "action_id": world["action"].pk}


def extend_world(world: dict) -> None:
    from ascent.plans.models import Action, ActionStatus, Committee, Plan, Theme

    plan = Plan.objects.create(
        organisation=world["harrow"],
        title="Harrow front door improvement plan",
        owner=world["editor"],
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
        created_by=world["editor"],
    )
    theme = Theme.objects.create(plan=plan, title="Information and advice", position=1)
    action = Action.objects.create(
        plan=plan,
        theme=theme,
        reference="1.1",
        title="Publish a directory of community support",
        due_date=dt.date(2026, 12, 31),
        original_due_date=dt.date(2026, 12, 31),
        status=ActionStatus.ON_TRACK,
    )
    world["plan"] = plan
    world["theme"] = theme
    world["action"] = action
    world["committee"] = Committee.objects.create(
        organisation=world["harrow"], name="Health and Social Care Scrutiny Sub-Committee"
    )
    world["plan_b"] = Plan.objects.create(
        organisation=world["herefordshire"],
        title="Herefordshire plan",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
    )


CASES: dict[str, Case] = {
    "plans:index": Case(get=MEMBERS_OF_A, kwargs=a),
    "plans:plan": Case(get=MEMBERS_OF_A, kwargs=a_plan),
    "plans:action": Case(get=MEMBERS_OF_A, kwargs=an_action),
}
