"""Matrix rows for committees, schedules and committee reports (ascent/plans/views/committee.py).

The world's Harrow plan is reported quarterly to the world's committee, and has a draft report
to its next meeting with a summary and recommendations, so issuing it succeeds for an editor.
Every member reads the committees, the plan's schedules and its reports and downloads them;
editors name committees, set schedules, draft and issue reports. Herefordshire has a
committee of its own, which Harrow's people never see.
"""

from __future__ import annotations

import datetime as dt

from .base import EDITORS_OF_A, MEMBERS_OF_A, Case, a, but, goes_to

#: The draft report's summary: Harrow's private words, never shown to a member of Herefordshire.
A_MARKERS = ["Harrow committee report private summary"]


def a_plan(world):
    return {**a(world), "plan_id": world["plan"].pk}


def a_schedule(world):
    return {**a_plan(world), "schedule_id": world["schedule"].pk}


def a_committee(world):
    return {**a(world), "committee_id": world["committee"].pk}


def a_report(world):
    return {**a_plan(world), "report_id": world["committee_report"].pk}


def a_download(world):
    return {**a_report(world), "fmt": "xlsx"}


def extend_world(world: dict) -> None:
    from ascent.plans.models import CommitteeReport, Frequency, ReportingSchedule

    world["schedule"] = ReportingSchedule.objects.create(
        plan=world["plan"],
        committee=world["committee"],
        frequency=Frequency.QUARTERLY,
        next_meeting_on=dt.date(2027, 1, 14),
    )
    world["committee_report"] = CommitteeReport.objects.create(
        plan=world["plan"],
        committee=world["committee"],
        meeting_on=dt.date(2027, 1, 14),
        title="Harrow front door improvement plan: progress report, 14 January 2027",
        summary="Harrow committee report private summary",
        recommendations_to_committee="The committee is asked to note the progress.",
    )


CASES: dict[str, Case] = {
    "plans:committees": Case(
        get=MEMBERS_OF_A,
        post=but(EDITORS_OF_A, to=goes_to("plans:committees", a)),
        kwargs=a,
        data={"name": "Harrow Cabinet", "kind": "cabinet"},
    ),
    "plans:edit_committee": Case(
        get=EDITORS_OF_A,
        post=but(EDITORS_OF_A, to=goes_to("plans:committees", a)),
        kwargs=a_committee,
        data={"name": "Adults Scrutiny Sub-Committee", "kind": "scrutiny"},
    ),
    "plans:schedules": Case(
        get=MEMBERS_OF_A,
        # Without a committee chosen the form is shown again with its error.
        post=EDITORS_OF_A,
        kwargs=a_plan,
        data={"frequency": "half-yearly", "next_meeting_on": "14/1/2027"},
    ),
    "plans:remove_schedule": Case(post=but(EDITORS_OF_A, to=goes_to("plans:schedules", a_plan)), kwargs=a_schedule),
    "plans:new_committee_report": Case(
        get=EDITORS_OF_A,
        # Without a committee chosen the form is shown again with its error.
        post=EDITORS_OF_A,
        kwargs=a_plan,
        data={"meeting_on": "14/4/2027"},
    ),
    "plans:committee_report": Case(get=MEMBERS_OF_A, kwargs=a_report),
    "plans:edit_committee_report": Case(
        get=EDITORS_OF_A,
        post=but(EDITORS_OF_A, to=goes_to("plans:committee_report", a_report)),
        kwargs=a_report,
        data={
            "title": "Harrow front door improvement plan: progress report",
            "meeting_on": "14/1/2027",
            "summary": "Harrow committee report private summary, revised",
            "recommendations_to_committee": "The committee is asked to note the progress.",
        },
    ),
    "plans:issue_committee_report": Case(
        get=EDITORS_OF_A, post=but(EDITORS_OF_A, to=goes_to("plans:committee_report", a_report)), kwargs=a_report
    ),
    "plans:committee_report_download": Case(get=MEMBERS_OF_A, kwargs=a_download),
    "plans:produce_committee_report_pdf": Case(
        post=but(MEMBERS_OF_A, to=goes_to("jobs:detail", a, new="job_id")), kwargs=a_report
    ),
}
