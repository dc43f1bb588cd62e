"""Matrix rows for setting plans up (ascent/plans/views/plans.py and views/actions.py).

The world gains a second Harrow plan (the one that takes over work when a plan or an action
is superseded) with an action referenced 9.9. Every member reads the plans; editors create
and change plans, themes and actions, add actions from a review and supersede. Each post
that succeeds redirects to the page of what it made or changed (the matrix undoes it).
"""

from __future__ import annotations

import datetime as dt

from .base import EDITORS_OF_A, Case, a, but, goes_to
from .plans import a_plan, an_action

#: The second plan's title: Harrow's private words.
A_MARKERS = ["Harrow successor plan"]


def a_theme(world):
    return {**a_plan(world), "theme_id": world["theme"].pk}


def to_plan(answers):
    return but(answers, to=goes_to("plans:plan", a_plan))


def to_action(answers):
    return but(answers, to=goes_to("plans:action", an_action))


def extend_world(world: dict) -> None:
    from ascent.plans.models import Action, Plan

    successor = Plan.objects.create(
        organisation=world["harrow"],
        title="Harrow successor plan",
        starts_on=dt.date(2027, 4, 1),
        ends_on=dt.date(2028, 3, 31),
    )
    world["plan_2"] = successor
    world["action_2"] = Action.objects.create(plan=successor, reference="9.9", title="Carry on the directory")


PLAN_DATA = {
    "title": "Harrow front door improvement plan",
    "starts_on": "1/4/2026",
    "ends_on": "31/3/2027",
    "status": "active",
}

CASES: dict[str, Case] = {
    # Without a title the form is shown again with its error.
    "plans:new_plan": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a, data={"title": ""}),
    "plans:edit_plan": Case(get=EDITORS_OF_A, post=to_plan(EDITORS_OF_A), kwargs=a_plan, data=PLAN_DATA),
    # Without the plan that takes over, the form is shown again with its error.
    "plans:supersede_plan": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_plan, data={"note": "Moved"}),
    "plans:new_theme": Case(get=EDITORS_OF_A, post=to_plan(EDITORS_OF_A), kwargs=a_plan, data={"title": "Carers"}),
    "plans:edit_theme": Case(
        get=EDITORS_OF_A, post=to_plan(EDITORS_OF_A), kwargs=a_theme, data={"title": "Information and advice"}
    ),
    "plans:new_action": Case(
        get=EDITORS_OF_A,
        post=but(EDITORS_OF_A, to=goes_to("plans:action", a_plan, new="action_id")),
        kwargs=a_plan,
        data={"title": "Train the front door team"},
    ),
    # The world's plan answers no review: the page says so, and a post shows it again.
    "plans:actions_from_review": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_plan),
    "plans:edit_action": Case(
        get=EDITORS_OF_A,
        post=to_action(EDITORS_OF_A),
        kwargs=an_action,
        data={"title": "Publish a directory of community support", "reference": "1.1"},
    ),
    # Without the plan of the action that takes over, the form is shown again with its error.
    "plans:supersede_action": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=an_action, data={"reference": "9.9"}),
}
