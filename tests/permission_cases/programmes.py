"""Matrix rows for programmes and projects (ascent/programmes/views/programmes.py and views/projects.py).

The world gains a Harrow programme under its own board, with one project (in delivery, with
a 2019-20 savings target) and one milestone. Every member reads programmes and projects;
editors set them up and change them; contributors (and a project's own manager or sponsor)
add updates, record savings and move milestones' forecasts. Each post that succeeds
redirects to the page of what it made or changed (the matrix undoes it); the others are
refused by the form, which is shown again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .base import EDITORS_OF_A, FORBIDDEN, MEMBERS_OF_A, Case, a, but, goes_to

#: The programme's name and the project's: Harrow's private words.
A_MARKERS = ["Harrow resilience matrix programme", "Matrix targeted reviews"]

CONTRIBUTORS_OF_A = but(MEMBERS_OF_A, viewer=FORBIDDEN)


def a_programme(world):
    return {**a(world), "pk": world["programme_a"].pk}


def a_programme_new_project(world):
    return {**a(world), "programme_pk": world["programme_a"].pk}


def a_project(world):
    return {**a(world), "pk": world["project_a"].pk}


def a_milestone(world):
    return {**a(world), "pk": world["milestone_a"].pk}


def to_programme(answers):
    return but(answers, to=goes_to("programmes:programme", a_programme))


def to_project(answers):
    return but(answers, to=goes_to("programmes:project", a_project))


def extend_world(world: dict) -> None:
    from ascent.programmes import actions
    from ascent.programmes.models import Stage

    editor = world["editor"]
    board = actions.create_board(world["harrow"], by=editor, name="Harrow matrix programme board")
    programme = actions.create_programme(
        world["harrow"],
        by=editor,
        name="Harrow resilience matrix programme",
        starts_on=dt.date(2019, 4, 1),
        ends_on=dt.date(2020, 3, 31),
        board=board,
    )
    project = actions.create_project(
        programme,
        by=editor,
        reference="M01",
        name="Matrix targeted reviews",
        stage=Stage.DELIVERY,
        on=dt.date(2019, 4, 1),
    )
    actions.record_saving(
        project, by=editor, financial_year=2019, target=Decimal("1046000"), forecast=Decimal("863000")
    )
    world["programme_a_board"] = board
    world["programme_a"] = programme
    world["project_a"] = project
    world["milestone_a"] = actions.save_milestone(
        project, by=editor, title="Reviews done", baseline_date=dt.date(2019, 9, 30)
    )


PROGRAMME_DATA = {
    "name": "Harrow resilience matrix programme",
    "starts_on": "1/4/2019",
    "ends_on": "31/3/2020",
    "risk_appetite": "12",
    "milestone_tolerance_days": "28",
    "status": "active",
}

CASES: dict[str, Case] = {
    "programmes:index": Case(get=MEMBERS_OF_A, kwargs=a),
    # Without a name the form is shown again with its error.
    "programmes:new_programme": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a, data={"name": ""}),
    "programmes:programme": Case(get=MEMBERS_OF_A, kwargs=a_programme),
    "programmes:edit_programme": Case(
        get=EDITORS_OF_A, post=to_programme(EDITORS_OF_A), kwargs=a_programme, data=PROGRAMME_DATA
    ),
    "programmes:new_project": Case(
        get=EDITORS_OF_A,
        post=but(EDITORS_OF_A, to=goes_to("programmes:project", a, new="pk")),
        kwargs=a_programme_new_project,
        data={"name": "Matrix new project", "eqia": "not-done", "stage": "proposed"},
    ),
    "programmes:project": Case(get=MEMBERS_OF_A, kwargs=a_project),
    "programmes:edit_project": Case(
        get=EDITORS_OF_A,
        post=to_project(EDITORS_OF_A),
        kwargs=a_project,
        data={"reference": "M01", "name": "Matrix targeted reviews", "eqia": "done"},
    ),
    "programmes:project_stage": Case(
        get=EDITORS_OF_A, post=to_project(EDITORS_OF_A), kwargs=a_project, data={"stage": "bau", "on": "1/4/2020"}
    ),
    "programmes:project_board": Case(
        get=EDITORS_OF_A, post=to_project(EDITORS_OF_A), kwargs=a_project, data={"board": "", "moved_on": "6/1/2020"}
    ),
    "programmes:project_update": Case(
        get=CONTRIBUTORS_OF_A,
        post=to_project(CONTRIBUTORS_OF_A),
        kwargs=a_project,
        data={
            "text": "On track",
            "on": "15/11/2019",
            "rag_overall": "green",
            "rag_time": "green",
            "rag_cost": "amber",
            "rag_benefits": "green",
        },
    ),
    "programmes:project_savings": Case(
        get=CONTRIBUTORS_OF_A,
        post=to_project(CONTRIBUTORS_OF_A),
        kwargs=a_project,
        data={"form": "saving", "saving-financial_year": "2019", "saving-kind": "cash", "saving-forecast": "£900K"},
    ),
    # Without a reason the form is shown again with its error.
    "programmes:reprofile": Case(
        get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_project, data={"kind": "cash", "year_2019": "£1m", "reason": ""}
    ),
    "programmes:new_milestone": Case(
        get=EDITORS_OF_A,
        post=to_project(EDITORS_OF_A),
        kwargs=a_project,
        data={"title": "Go live", "baseline_date": "1/1/2020"},
    ),
    "programmes:milestone": Case(
        get=CONTRIBUTORS_OF_A,
        post=to_project(CONTRIBUTORS_OF_A),
        kwargs=a_milestone,
        data={"forecast_date": "31/10/2019"},
    ),
    # Without an indicator the form is shown again with its error.
    "programmes:new_kpi": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_project, data={"indicator": ""}),
    # Without an action the form is shown again with its error.
    "programmes:take_action": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_project, data={"action": ""}),
}
