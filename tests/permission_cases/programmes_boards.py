"""Matrix rows for boards and a programme's registers (ascent/programmes/views/boards.py and views/registers.py).

The world gains a Harrow board with a meeting and a decision needed, overseeing a programme
with one project, a project risk and a budget line. Every member reads the boards, the
board, its decisions, the risks register, each risk and the budget page; editors set boards
up, change them, add meetings and keep the decisions log; contributors (and a project's own
manager or sponsor) add, re-score and close risks and record budget lines. Each post that
succeeds redirects (the matrix undoes it).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse

from .base import EDITORS_OF_A, FORBIDDEN, MEMBERS_OF_A, Case, Redirect, a, but, goes_to

#: The risk's title and the decision's: Harrow's private words.
A_MARKERS = ["Harrow matrix private risk", "Harrow matrix private decision"]

CONTRIBUTORS_OF_A = but(MEMBERS_OF_A, viewer=FORBIDDEN)


def a_board(world):
    return {**a(world), "pk": world["boards_board"].pk}


def a_decision(world):
    return {**a(world), "pk": world["boards_decision"].pk}


def a_programme(world):
    return {**a(world), "pk": world["boards_programme"].pk}


def a_risk(world):
    return {**a(world), "pk": world["boards_risk"].pk}


def to_board(answers):
    return but(answers, to=goes_to("programmes:board", a_board))


def to_risks(answers):
    return but(answers, to=goes_to("programmes:risks", a_programme))


#: The budget page sends people back to the year they recorded.
TO_BUDGET_YEAR = Redirect(
    lambda world: re.escape(reverse("programmes:budget", kwargs=a_programme(world)) + "#year-2019"),
    "programmes:budget#year-2019",
)


def extend_world(world: dict) -> None:
    from ascent.programmes import actions
    from ascent.programmes.models import Stage

    editor = world["editor"]
    board = actions.create_board(world["harrow"], by=editor, name="Harrow matrix improvement board", cycle_weeks=4)
    actions.add_meeting(board, by=editor, held_on=dt.date(2019, 11, 12), notes="Savings reviewed")
    programme = actions.create_programme(
        world["harrow"], by=editor, name="Harrow matrix boards programme", starts_on=dt.date(2019, 4, 1), board=board
    )
    project = actions.create_project(
        programme, by=editor, reference="B01", name="Matrix reablement", stage=Stage.DELIVERY, on=dt.date(2019, 4, 1)
    )
    world["boards_board"] = board
    world["boards_programme"] = programme
    world["boards_decision"] = actions.log_decision(
        board, by=editor, title="Harrow matrix private decision", project=project
    )
    world["boards_risk"] = actions.save_risk(
        programme, by=editor, project=project, title="Harrow matrix private risk", likelihood=4, impact=4
    )
    actions.record_budget(
        programme, by=editor, period="2019-20", budget=Decimal("1600000"), forecast=Decimal("1590000")
    )


RISK_DATA = {"kind": "risk", "title": "Providers leave the market", "likelihood": "3", "impact": "4"}

CASES: dict[str, Case] = {
    "programmes:boards": Case(get=MEMBERS_OF_A, kwargs=a),
    "programmes:new_board": Case(
        get=EDITORS_OF_A,
        post=but(EDITORS_OF_A, to=goes_to("programmes:board", a, new="pk")),
        kwargs=a,
        data={"name": "Harrow matrix commissioning workstream", "cycle_weeks": "6"},
    ),
    "programmes:board": Case(get=MEMBERS_OF_A, kwargs=a_board),
    "programmes:edit_board": Case(
        get=EDITORS_OF_A,
        post=to_board(EDITORS_OF_A),
        kwargs=a_board,
        data={"name": "Harrow matrix improvement board", "cycle_weeks": "6", "is_active": "on"},
    ),
    "programmes:new_meeting": Case(
        get=EDITORS_OF_A, post=to_board(EDITORS_OF_A), kwargs=a_board, data={"held_on": "14/1/2020"}
    ),
    "programmes:new_decision": Case(
        get=EDITORS_OF_A,
        post=to_board(EDITORS_OF_A),
        kwargs=a_board,
        data={"title": "Move the reablement project to the Improvement Board"},
    ),
    "programmes:decision": Case(
        get=MEMBERS_OF_A, post=to_board(EDITORS_OF_A), kwargs=a_decision, data={"decision": "Agreed"}
    ),
    "programmes:risks": Case(get=MEMBERS_OF_A, kwargs=a_programme),
    "programmes:new_risk": Case(
        get=CONTRIBUTORS_OF_A, post=to_risks(CONTRIBUTORS_OF_A), kwargs=a_programme, data=RISK_DATA
    ),
    "programmes:risk": Case(get=MEMBERS_OF_A, post=to_risks(CONTRIBUTORS_OF_A), kwargs=a_risk, data=RISK_DATA),
    "programmes:close_risk": Case(get=CONTRIBUTORS_OF_A, post=to_risks(CONTRIBUTORS_OF_A), kwargs=a_risk),
    "programmes:budget": Case(
        get=MEMBERS_OF_A,
        post=but(CONTRIBUTORS_OF_A, to=TO_BUDGET_YEAR),
        kwargs=a_programme,
        data={"period": "Nov 2019", "kind": "service", "budget": "£130K", "forecast": "£140K"},
    ),
}
