"""Demo improvement plans: Herefordshire's against its 2014 peer challenge, Harrow's against its 2016 review.

Each plan answers one of the demo reviews (:mod:`ascent.reviews.demo`) with one action per
recommendation, in the letter's order: Herefordshire's 34 (the two unnumbered ones
included), Harrow's ten. The actions are ours, written for the demo from what each
recommendation asks; who owns them, their dates and how they are going are made up. The
dates are counted from the day the demo runs, so the plans always show the same picture:

- actions on track, at risk and off track, a few not started, and some **overdue** (one
  still reported on track, which the assurance checks flag);
- some **complete with evidence** (a link), one complete with a recorded reason for having
  none, one done another way, and one that will not be done (Herefordshire did not accept
  recommendation 31);
- one action **extended** in each plan: its date moved by an approved request, the original
  date kept; and one request in Herefordshire waiting for the plan owner's decision;
- two actions with no progress update for months (stale), and progress updates on the rest;
- indicators linked to the actions they should move, with a target and the council's latest
  value as the baseline.

Herefordshire's peer challenge also gets its **follow-up review**, held a week before the
demo first runs, and each council a scrutiny committee that the plan is reported to every
quarter, with last quarter's report issued.

Running it again adds nothing twice: a plan made by the demo is known by the change reason
:data:`~ascent.reviews.demo.DEMO_MARKER` on its first history record, and a council's own
plan of the same title is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ascent.organisations.demo import HARROW, HEREFORDSHIRE, DemoDataError
from ascent.organisations.models import Organisation
from ascent.reviews.demo import DEMO_MARKER, HARROW_2016, HEREFORDSHIRE_2014
from ascent.reviews.models import Review

from . import committee as committee_reports
from . import followup
from .models import (
    Action,
    ActionEvidence,
    ActionIndicator,
    ActionStatus,
    Committee,
    CommitteeKind,
    ExtensionRequest,
    ExtensionStatus,
    FollowUp,
    Frequency,
    Milestone,
    Plan,
    PlanStatus,
    ProgressUpdate,
    ReportingSchedule,
    Source,
    Theme,
)

ON, RISK, OFF = ActionStatus.ON_TRACK, ActionStatus.AT_RISK, ActionStatus.OFF_TRACK
NEW, DONE = ActionStatus.NOT_STARTED, ActionStatus.COMPLETE
WONT, OTHER = ActionStatus.WILL_NOT_BE_DONE, ActionStatus.DONE_ANOTHER_WAY

#: The RAG an owner would report with each status.
RAG_OF = {ON: "green", RISK: "amber", OFF: "red"}

#: What an owner writes in a progress update, by the status it reports.
UPDATE_TEXT = {
    ON: "Going to plan. The next step is agreed with the theme lead and booked in.",
    RISK: "Slower than planned: the team is stretched and the date is at risk unless cover is found.",
    OFF: "Behind plan. The work is waiting on partners' agreement and will miss its date without help.",
    DONE: "Finished. The evidence is linked to the action.",
    NEW: "",
}


@dataclass(frozen=True)
class DemoAction:
    """One action answering the recommendation at ``position`` (1 = the first in the letter).

    ``owner`` is a demo person's key ("dass", "editor", "contributor", "analyst") or, after a
    "~", the post of someone without an account. ``due`` is days from today (negative: past).
    ``extended_from``: days from today of the original date, for an action whose date moved.
    """

    position: int
    theme: int
    title: str
    owner: str
    status: str
    due: int
    percent: int = 0
    rag: str = ""
    extended_from: int | None = None
    #: Days since the latest progress update (default: a fortnight).
    updated: int = 14
    reason: str = ""
    evidence: str = ""
    no_evidence_reason: str = ""
    #: (indicator code, target) the action should move.
    indicator: tuple[str, str] | None = None
    pending_extension: int | None = None


@dataclass(frozen=True)
class DemoTheme:
    title: str
    lead: str  # a demo person's key, or "~" and a post


@dataclass(frozen=True)
class DemoPlan:
    gss_code: str
    review_title: str
    title: str
    summary: str
    owner: str
    themes: tuple[DemoTheme, ...]
    actions: tuple[DemoAction, ...]
    committee: str
    extension_reason: str


HEREFORDSHIRE_PLAN = DemoPlan(
    gss_code=HEREFORDSHIRE,
    review_title=HEREFORDSHIRE_2014.title,
    title="Adult wellbeing improvement plan",
    summary=(
        "How the directorate answers the 34 recommendations of the West Midlands ADASS peer challenge: a "
        "front door that answers people, more choice and control, closer work with health, the voice of "
        "people and carers in every change, and a workforce that can deliver it."
    ),
    owner="dass",
    themes=(
        DemoTheme("Transformation, performance and the front door", "editor"),
        DemoTheme("Personalisation, choice and the care market", "~Head of Commissioning"),
        DemoTheme("Partnership and integration with health", "dass"),
        DemoTheme("The voice of people who use services and carers", "~Engagement Lead"),
        DemoTheme("Safeguarding, workforce and practice", "~Principal Social Worker"),
    ),
    committee="Adults and Wellbeing Scrutiny Committee",
    extension_reason="Training has to wait until the new support planning guidance is signed off.",
    actions=(
        DemoAction(
            1,
            0,
            "Review staffing and call handling in the Advice and Referral Team so that most calls reach a person",
            "editor",
            ON,
            -21,
            70,
            "green",
            indicator=("HER-ART-VOICEMAIL", "10"),
        ),
        DemoAction(
            2,
            0,
            "Set up one point of information, advice and guidance, welfare rights included",
            "editor",
            DONE,
            -120,
            evidence="Launch note of the information and advice service",
        ),
        DemoAction(
            3,
            1,
            "Review the brokerage service and the case for cover seven days a week",
            "~Brokerage Team Manager",
            OTHER,
            -80,
            reason="Weekend cover comes from the out-of-hours team's rota instead of a seven-day brokerage service.",
        ),
        DemoAction(
            4,
            0,
            "Produce a monthly report that puts activity and performance beside the budget",
            "analyst",
            DONE,
            -60,
            evidence="Monthly performance and finance report, first edition",
        ),
        DemoAction(
            5,
            0,
            "Give the Transformation Board full reports on progress and risks, testing each risk rating",
            "editor",
            ON,
            45,
            50,
            "green",
        ),
        DemoAction(
            6,
            1,
            "Relaunch personalisation, with training for social work teams in creative support planning",
            "~Personalisation Lead",
            ON,
            75,
            55,
            "amber",
            extended_from=-15,
        ),
        DemoAction(
            7,
            4,
            "Tie the leadership team's decisions on change to a delivery plan each frontline team can follow",
            "dass",
            RISK,
            30,
            40,
            "amber",
        ),
        DemoAction(
            8,
            0,
            "Review how much weight the care pathway gives to prevention, early help and reablement",
            "editor",
            ON,
            90,
            30,
            "green",
            updated=85,
        ),
        DemoAction(
            9,
            1,
            "Write a market position statement with people who use services, carers and providers",
            "~Head of Commissioning",
            ON,
            120,
            25,
            "green",
        ),
        DemoAction(
            10,
            2,
            "Merge the two transformation boards' work programmes into one joint plan",
            "dass",
            DONE,
            -200,
            evidence="Joint transformation work programme, as agreed by both boards",
        ),
        DemoAction(11, 2, "Agree with health partners which model of integration to take forward", "dass", OFF, 20, 35),
        DemoAction(
            12,
            2,
            "Review with Wye Valley NHS Trust how the new reablement and rapid response services work",
            "~Reablement Service Manager",
            OFF,
            -40,
            50,
            pending_extension=45,
        ),
        DemoAction(
            13,
            2,
            "Protect adult social care's share in the refreshed Better Care Fund plan",
            "contributor",
            DONE,
            -90,
            evidence="Better Care Fund plan, as refreshed",
        ),
        DemoAction(14, 2, "Write a community capacity strategy with partners", "~Prevention Lead", NEW, 150),
        DemoAction(15, 2, "Agree a development plan for the Health and Wellbeing Board", "dass", ON, 60, 40, "green"),
        DemoAction(
            16,
            0,
            "Take adult social care's budget and performance to scrutiny at least twice a year",
            "analyst",
            DONE,
            -100,
            no_evidence_reason="The reports are published with the committee's papers on the council's website.",
        ),
        DemoAction(
            17,
            1,
            "Monitor the new day opportunities contracts for progress towards work and independence",
            "~Head of Commissioning",
            ON,
            30,
            60,
            "green",
        ),
        DemoAction(
            18,
            1,
            "Rewrite the direct payments policy with clear guidance on using the money flexibly",
            "editor",
            RISK,
            -10,
            80,
            "amber",
        ),
        DemoAction(
            19,
            1,
            "Find out why unspent direct payments were taken back, and act on what is found",
            "contributor",
            DONE,
            -30,
            evidence="Review of direct payment recoveries, with its actions",
            indicator=("HER-DP-CLAWBACK", "400000"),
        ),
        DemoAction(
            20,
            3,
            "Make sure people and carers get their assessment and help to write their support plan",
            "~Assessment Team Manager",
            ON,
            45,
            50,
            "green",
        ),
        DemoAction(
            21, 3, "Review the whole care pathway together with people who use services and carers", "editor", NEW, 200
        ),
        DemoAction(
            22,
            3,
            "Agree how co-production works in commissioning and in service reviews",
            "~Engagement Lead",
            RISK,
            25,
            30,
            "amber",
        ),
        DemoAction(
            23,
            3,
            "Set up an engagement group for each group of people who use services, with plain contact details",
            "~Engagement Lead",
            DONE,
            -45,
            evidence="Terms of reference of the engagement groups",
        ),
        DemoAction(
            24,
            3,
            "Explain what the closure of the Independent Living Fund means, and publicise the direct payments policy",
            "editor",
            DONE,
            -150,
            evidence="Letter and leaflet sent to people affected",
        ),
        DemoAction(
            25,
            4,
            "Replace the learning disability service's access criteria with new guidance for staff",
            "~Principal Social Worker",
            ON,
            35,
            70,
            "green",
        ),
        DemoAction(
            26,
            4,
            "Cut waiting times for Deprivation of Liberty Safeguards and track safeguarding cases end to end",
            "~Safeguarding Adults Board Manager",
            OFF,
            -60,
            45,
        ),
        DemoAction(
            27,
            4,
            "Ask people and carers, by questionnaire, about their experience of safeguarding",
            "~Safeguarding Adults Board Manager",
            NEW,
            100,
        ),
        DemoAction(
            28,
            4,
            "Make the Adult Wellbeing forums a two-way conversation with staff about change",
            "dass",
            ON,
            50,
            20,
            "green",
            updated=95,
        ),
        DemoAction(
            29,
            4,
            "Use fewer interim staff, with a plan to recruit and keep our own",
            "~HR Business Partner",
            OFF,
            15,
            30,
        ),
        DemoAction(
            30,
            0,
            "Build activity and performance reports for managers from the client database",
            "analyst",
            ON,
            80,
            45,
            "green",
        ),
        DemoAction(
            31,
            4,
            "Mobile and flexible working for staff who travel across the county",
            "~Head of Operations",
            WONT,
            60,
            reason="The council did not accept this recommendation: the corporate review of offices covers mobile "
            "working for all staff.",
        ),
        DemoAction(32, 4, "Delegate more operational and budget decisions to frontline managers", "dass", NEW, 180),
        DemoAction(
            33,
            1,
            "Keep the provider forums going and involve providers in shaping the market",
            "~Head of Commissioning",
            DONE,
            -20,
            evidence="Provider forum programme for the year",
        ),
        DemoAction(
            34,
            4,
            "Audit staff training for whether it is up to date and how it treats risk in personalisation",
            "~Workforce Development Lead",
            RISK,
            10,
            35,
            "amber",
        ),
    ),
)

HARROW_PLAN = DemoPlan(
    gss_code=HARROW,
    review_title=HARROW_2016.title,
    title="Adult social care assurance action plan",
    summary=(
        "The People Directorate's response to the ten recommendations of the 2016 TEASC risk awareness "
        "assurance review: governance, integration with health, performance and the workforce."
    ),
    owner="dass",
    themes=(
        DemoTheme("Leadership, governance and the Health and Wellbeing Board", "dass"),
        DemoTheme("Integration and commissioning with health", "editor"),
        DemoTheme("Performance, resources and the workforce", "contributor"),
    ),
    committee="Health and Social Care Scrutiny Sub-Committee",
    extension_reason="The recruitment of the independent chair was run again after the first round found nobody.",
    actions=(
        DemoAction(
            1,
            0,
            "Bring in outside facilitation for the Health and Wellbeing Board's development",
            "dass",
            DONE,
            -100,
            evidence="Development session notes, Health and Wellbeing Board",
        ),
        DemoAction(
            2,
            0,
            "Keep adult social care's priorities visible in the People Directorate's plan",
            "dass",
            ON,
            60,
            60,
            "green",
        ),
        DemoAction(
            3,
            0,
            "Appoint an independent chair of the Safeguarding Adults Board and share support between the two boards",
            "editor",
            ON,
            50,
            70,
            "amber",
            extended_from=-10,
        ),
        DemoAction(
            4,
            1,
            "Agree a joint strategic commissioning plan with health commissioners",
            "editor",
            ON,
            -25,
            55,
            "green",
        ),
        DemoAction(
            5,
            2,
            "Look into delayed transfers of care, reablement outcomes and care home admissions under 65",
            "contributor",
            ON,
            40,
            50,
            "green",
            indicator=("HAR-RH-REAB-OUTCOME", "75"),
        ),
        DemoAction(
            6,
            1,
            "Write joint transformation plans with health, treating the Better Care Fund as one Harrow pound",
            "editor",
            RISK,
            20,
            40,
            "amber",
        ),
        DemoAction(
            7,
            2,
            "Use the TEASC tool on reducing resources to find further savings",
            "contributor",
            DONE,
            -40,
            evidence="Resources self-assessment and the savings options it found",
        ),
        DemoAction(
            8,
            1,
            "Place social care staff alongside the virtual ward teams",
            "contributor",
            OFF,
            -5,
            30,
            indicator=("HAR-RH-DTOC-ASC", "2"),
        ),
        DemoAction(
            9,
            2,
            "Open a route into social work training for experienced staff without the qualification",
            "~Principal Social Worker",
            NEW,
            120,
        ),
        DemoAction(
            10,
            0,
            "Decide the Principal Social Worker arrangements after weighing all the guidance",
            "dass",
            DONE,
            -150,
            evidence="Decision record on the Principal Social Worker role",
        ),
    ),
)

DEMO_PLANS = (HEREFORDSHIRE_PLAN, HARROW_PLAN)

#: What Herefordshire's follow-up found (ours; the follow-up is made up for the demo).
FOLLOW_UP_SUMMARY = (
    "Most of the plan is moving. The front door, the joint work programme and the Better Care Fund are done "
    "or nearly done, and the monthly report now puts performance beside the money.\n\n"
    "Three areas are behind: integration with health, safeguarding waiting times and the use of interim "
    "staff. The directorate will bring each back to the scrutiny committee with a recovery plan."
)


# ----- loading -------------------------------------------------------------------------------------


def load_demo_plans(*, today: dt.date | None = None) -> str:
    """Load the demo plans (after the demo people, performance figures and reviews); a summary line."""
    today = today or timezone.localdate()
    parts = []
    for demo in DEMO_PLANS:
        plan, state = load_demo_plan(demo, today=today)
        parts.append(f"{plan.organisation.name}: {plan.title} ({plan.actions.count()} actions; {state})")
    return "; ".join(parts)


def _is_ours(plan: Plan) -> bool:
    return plan.history.filter(history_change_reason=DEMO_MARKER).exists()


def load_demo_plan(demo: DemoPlan, *, today: dt.date) -> tuple[Plan, str]:
    organisation = Organisation.objects.filter(gss_code=demo.gss_code).first()
    if organisation is None:
        raise DemoDataError("Load the reference data first: manage.py load_reference_data")
    existing = list(Plan.objects.in_organisation(organisation).filter(title=demo.title))
    ours = next((plan for plan in existing if _is_ours(plan)), None)
    if ours is not None:
        return ours, "already there"
    if existing:
        return existing[0], "the council's own plan, left alone"
    review = Review.objects.in_organisation(organisation).filter(title=demo.review_title).first()
    if review is None:
        raise DemoDataError("Load the demo reviews first (manage.py demo loads them before the plans)")
    with transaction.atomic():
        plan = _create(demo, organisation, review, today)
        if demo is HEREFORDSHIRE_PLAN:
            _follow_up(review, _people(organisation)["dass"], today)
    return plan, "added"


def _people(organisation: Organisation) -> dict[str, object]:
    """The council's demo people by key (dass, editor, contributor, viewer) and the shared analyst."""
    User = get_user_model()
    domain = "harrow" if organisation.gss_code == HARROW else "herefordshire"
    wanted = {key: f"{key}@{domain}.demo.ascent.invalid" for key in ("dass", "editor", "contributor", "viewer")}
    wanted["analyst"] = "analyst@demo.ascent.invalid"
    found = {user.email: user for user in User.objects.filter(email__in=wanted.values())}
    if len(found) != len(wanted):
        raise DemoDataError("Load the demo people first (manage.py demo loads them before the plans)")
    return {key: found[email] for key, email in wanted.items()}


def _period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Two financial years from the 1 April on or before ``today``."""
    year = today.year if today.month >= 4 else today.year - 1
    return dt.date(year, 4, 1), dt.date(year + 2, 3, 31)


def _who(key: str, people: dict) -> tuple[object | None, str]:
    """(member, name): a demo person for a key, or the post named after "~"."""
    if key.startswith("~"):
        return None, key[1:]
    return people[key], ""


def _create(demo: DemoPlan, organisation: Organisation, review: Review, today: dt.date) -> Plan:
    people = _people(organisation)
    owner = people[demo.owner]
    starts_on, ends_on = _period(today)
    plan = Plan(
        organisation=organisation,
        title=demo.title,
        summary=demo.summary,
        owner=owner,
        starts_on=starts_on,
        ends_on=ends_on,
        status=PlanStatus.ACTIVE,
        review=review,
        created_by=owner,
    )
    plan._history_user = owner
    plan._change_reason = DEMO_MARKER
    plan.save()
    themes = []
    for position, item in enumerate(demo.themes, 1):
        lead, lead_name = _who(item.lead, people)
        theme = Theme(plan=plan, position=position, title=item.title, lead=lead, lead_name=lead_name)
        theme._history_user = owner
        theme.save()
        themes.append(theme)
    recommendations = list(review.recommendations.order_by("position").prefetch_related("elements"))
    if len(recommendations) < len(demo.actions):
        raise DemoDataError(f"The demo expects {len(demo.actions)} recommendations in {review.title}")
    for item in demo.actions:
        recommendation = recommendations[item.position - 1]
        _action(plan, themes[item.theme], recommendation, item, people, owner, demo, today)
    _committee(plan, demo, owner, today)
    return plan


def _number(recommendation) -> str:
    return str(recommendation.number) if recommendation.number is not None else f"U{recommendation.position}"


def _action(plan, theme, recommendation, item: DemoAction, people, plan_owner, demo: DemoPlan, today) -> Action:
    owner, owner_name = _who(item.owner, people)
    # Who writes the updates: the owner, or the theme's lead for an owner without an account.
    author = owner or theme.lead or plan_owner
    due = today + dt.timedelta(days=item.due)
    original = today + dt.timedelta(days=item.extended_from) if item.extended_from is not None else due
    action = Action(
        plan=plan,
        theme=theme,
        reference=f"{theme.position}.{item.position}",
        position=item.position,
        title=item.title,
        source=Source.RECOMMENDATION,
        owner=owner,
        owner_name=owner_name,
        due_date=due,
        original_due_date=original,
        status=item.status,
        status_reason=item.reason,
        percent_complete=100 if item.status == DONE else item.percent,
        rag=item.rag or RAG_OF.get(item.status, ""),
        no_evidence_reason=item.no_evidence_reason,
        created_by=plan_owner,
    )
    if item.status in (DONE, OTHER):
        action.completed_on = min(due, today - dt.timedelta(days=3))
    if item.status != NEW:
        action.last_update_on = today - dt.timedelta(days=item.updated)
        if action.completed_on:
            action.last_update_on = action.completed_on
    action._history_user = plan_owner
    action._change_reason = "Action made for a recommendation"
    action.save()
    action.recommendations.add(recommendation)
    action.elements.set(recommendation.elements.all())

    _updates(action, item, author, today)
    if item.evidence:
        evidence = ActionEvidence(
            action=action,
            url=f"https://www.example.gov.uk/demo/{plan.organisation.gss_code}/action-{_number(recommendation)}",
            title=item.evidence,
            added_by=author,
        )
        evidence._history_user = author
        evidence.save()
    if item.extended_from is not None:
        _extension(action, original, due, plan_owner, author, demo.extension_reason, approved=True)
    if item.pending_extension is not None:
        _extension(
            action,
            due,
            today + dt.timedelta(days=item.pending_extension),
            plan_owner,
            author,
            "The Trust has asked for the review to wait for its own winter report.",
            approved=False,
        )
    if item.indicator is not None:
        _link_indicator(action, *item.indicator, by=plan_owner)
    if item.status in (ON, RISK, OFF) and item.percent >= 50:
        _milestones(action, author, today)
    return action


def _updates(action: Action, item: DemoAction, author, today: dt.date) -> None:
    """An earlier update, then the latest one, which reports the action's current state."""
    if item.status == NEW:
        return
    latest = action.last_update_on
    earlier = latest - dt.timedelta(days=42)
    rows = [
        (earlier, "Work has started: the owner and the theme lead have agreed the approach.", ON, item.percent // 2),
    ]
    if item.status in (WONT, OTHER):
        rows.append((latest, item.reason, item.status, action.percent_complete))
    else:
        rows.append((latest, UPDATE_TEXT[item.status], item.status, action.percent_complete))
    for on, text, status, percent in rows:
        update = ProgressUpdate(
            action=action,
            on=on,
            author=author,
            text=text,
            status=status,
            percent_complete=percent,
            rag=RAG_OF.get(status, ""),
        )
        update._history_user = author
        update.save()


def _extension(action, from_date, to_date, plan_owner, author, reason: str, *, approved: bool) -> None:
    request = ExtensionRequest(
        action=action,
        requested_by=author,
        from_date=from_date,
        to_date=to_date,
        reason=reason,
        status=ExtensionStatus.APPROVED if approved else ExtensionStatus.PENDING,
    )
    if approved:
        request.decided_by = plan_owner
        request.decided_at = timezone.now()
        request.decision_note = "Agreed: the new date still lands inside the plan's period."
    request._history_user = author
    request.save()


def _link_indicator(action: Action, code: str, target: str, *, by) -> None:
    """Link the council's (or a shipped) indicator with a target, the latest value as the baseline."""
    from decimal import Decimal

    from ascent.indicators.models import Indicator, Observation

    organisation = action.plan.organisation
    indicator = (
        Indicator.objects.filter(Q(organisation=organisation) | Q(organisation__isnull=True), code=code)
        .order_by("organisation_id")
        .first()
    )
    if indicator is None:
        return  # the performance demo was not loaded with this indicator: nothing to link
    latest = Observation.objects.filter(organisation=organisation, indicator=indicator).order_by("-period_end").first()
    link = ActionIndicator(action=action, indicator=indicator, target=Decimal(target))
    if latest is not None:
        link.baseline_value = latest.value
        link.baseline_period_code = latest.period_code
        link.baseline_period_label = str(latest.period)[:40]
    link._history_user = by
    link.save()


def _milestones(action: Action, author, today: dt.date) -> None:
    for title, days, done in (
        ("Approach agreed with the theme lead", -60, True),
        ("Draft shared with partners", 10, False),
    ):
        milestone = Milestone(
            action=action,
            title=title,
            due_date=today + dt.timedelta(days=days),
            done_on=today + dt.timedelta(days=days) if done else None,
        )
        milestone._history_user = author
        milestone.save()


def _committee(plan: Plan, demo: DemoPlan, owner, today: dt.date) -> None:
    """The council's scrutiny committee, with the plan reported to it every quarter.

    Reports themselves are drafted and issued on the committee pages (ascent/plans/committee.py).
    """
    committee = Committee.objects.in_organisation(plan.organisation).filter(name=demo.committee).first()
    if committee is None:
        committee = Committee(
            organisation=plan.organisation, name=demo.committee, kind=CommitteeKind.SCRUTINY, created_by=owner
        )
        committee._history_user = owner
        committee.save()
    schedule = ReportingSchedule(
        plan=plan, committee=committee, frequency=Frequency.QUARTERLY, next_meeting_on=today + dt.timedelta(days=35)
    )
    schedule._history_user = owner
    schedule.save()
    _issued_report(plan, committee, owner, today)


#: The text of the last quarter's report to scrutiny (ours, made up for the demo).
REPORT_TEXTS = {
    "summary": (
        "This report sets out progress on the improvement plan agreed after the peer challenge. Most actions "
        "are on track or done; a few are behind, and the report explains what is being done about each."
    ),
    "recommendations_to_committee": (
        "The committee is asked to note the progress made, and to say which of the actions that are behind "
        "it wants to look at in more detail at its next meeting."
    ),
    "background": (
        "The council asked its regional peers to challenge its adult social care services, and agreed an "
        "improvement plan answering each of their recommendations. The committee receives a report on it "
        "every quarter."
    ),
    "financial_implications": "There are none beyond the budgets already agreed for the work in the plan.",
    "legal_implications": "None arise from this report.",
    "equality_implications": "Each action that changes a service has its own equality impact assessment.",
    "risks": "The actions off track are the main risk to the plan; each has a named owner and a recovery step.",
}


def _issued_report(plan: Plan, committee: Committee, owner, today: dt.date) -> None:
    """Last quarter's report to the committee, issued (its figures kept), so the next report shows
    what changed since."""
    meeting_on = today - dt.timedelta(days=56)
    report = committee_reports.start_report(plan, by=owner, committee=committee, meeting_on=meeting_on)
    report = committee_reports.change_report(
        report, by=owner, title=report.title, meeting_on=meeting_on, **REPORT_TEXTS
    )
    committee_reports.issue_report(report, by=owner, today=meeting_on)


def _follow_up(review: Review, by, today: dt.date) -> FollowUp | None:
    """Herefordshire's follow-up of its peer challenge, held a week ago (its figures kept as they were)."""
    if FollowUp.objects.in_organisation(review.organisation).filter(review=review).exists():
        return None
    held_on = today - dt.timedelta(days=7)
    record = followup.plan_follow_up(review, by=by, due_on=held_on)
    record = followup.change_follow_up(record, by=by, due_on=held_on, summary=FOLLOW_UP_SUMMARY)
    return followup.mark_held(record, by=by, held_on=held_on)
