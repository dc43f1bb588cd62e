"""Matrix rows for a programme's reports and the papers issued to meetings (ascent/programmes/views/reports.py).

The world gains a Harrow programme of its own under its own board, with one meeting and one
paper issued to it. Every member reads the live reports and the papers, downloads them and
asks for their PDF (a job of their own); editors issue a report to a meeting. Posting the
issue form without a meeting shows the form again with its error.
"""

from __future__ import annotations

import datetime as dt

from .base import EDITORS_OF_A, MEMBERS_OF_A, Case, a, but, goes_to

#: The programme's name: Harrow's private words, in every report and paper.
A_MARKERS = ["Harrow reports matrix programme"]


def a_report(world):
    return {**a(world), "pk": world["reports_programme"].pk, "kind": "highlight"}


def a_paper(world):
    return {**a(world), "pk": world["reports_paper"].pk}


def extend_world(world: dict) -> None:
    from ascent.programmes import actions
    from ascent.programmes.reporting import issue_paper

    editor = world["editor"]
    board = actions.create_board(world["harrow"], by=editor, name="Harrow reports matrix board", cycle_weeks=4)
    programme = actions.create_programme(
        world["harrow"],
        by=editor,
        name="Harrow reports matrix programme",
        starts_on=dt.date(2019, 4, 1),
        ends_on=dt.date(2020, 3, 31),
        board=board,
    )
    meeting = actions.add_meeting(board, by=editor, held_on=dt.date(2019, 11, 26))
    world["reports_programme"] = programme
    world["reports_paper"] = issue_paper(programme, by=editor, meeting=meeting, kind="highlight")


CASES: dict[str, Case] = {
    "programmes:report": Case(
        get=MEMBERS_OF_A,
        post=but(MEMBERS_OF_A, to=goes_to("jobs:detail", a, new="job_id")),
        kwargs=a_report,
        data={"format": "pdf"},
    ),
    "programmes:issue_paper": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_report),
    "programmes:paper": Case(
        get=MEMBERS_OF_A,
        post=but(MEMBERS_OF_A, to=goes_to("jobs:detail", a, new="job_id")),
        kwargs=a_paper,
        data={"format": "pdf"},
    ),
}
