"""Demo transformation programme: Resilient Harrow, 2019-20.

Harrow's adult social care transformation programme as its December 2019 committee report
describes it: the figures (savings against the medium-term financial strategy, the delivery
budget, the KPIs) are the report's; the words, the people's posts aside, are ours, and so is
anything the report does not give (risks, milestones, the wording of updates, exact dates of
meetings), made up to look like a real programme.

The dates are the programme's own, in 2019 and early 2020, and are **not** moved relative to
today as the improvement plans demo's are: they are history, and the figures are tied to them
(£312,000 delivered by mid-November 2019; the moves of January 2020).

What it makes, with :mod:`ascent.programmes.actions` only:

- three boards: the Resilient Harrow Programme Board (every four weeks, chaired by the
  Corporate Director, People) with four meetings in autumn 2019 and its decisions (two
  projects to business as usual in October; in November, to end the programme in its
  current form), the Adults Social Care Improvement Board (chaired by the Director of Adult
  Social Services) and the ASC Commissioning Workstream (reporting to the corporate
  Commissioning Board);
- the programme, 2019-20, with thirteen projects, each with a short business case, progress
  updates and self-reported RAGs;
- savings for 2019-20: Targeted Reviews £863K forecast against £1.046m (£183K short) and
  Harrow is Home £400K in full (£312,000 delivered as at 15 November 2019): £1.263m forecast
  against £1.446m;
- the delivery budget (just under £1.6m in 2019-20) and 2020-21's funding (£190K corporate,
  £400K Adults transformation);
- the moves of January 2020 to the Improvement Board and the Commissioning Workstream;
- the report's KPI table, linked from Harrow's indicators in the store (loaded by
  :mod:`ascent.indicators.demo`);
- risks and milestones, so that each of the programme checks (:mod:`ascent.programmes.checks`)
  flags exactly once: Targeted Reviews green while £183K short; the Charging Review green
  while still proposed; the Market Position Statement's milestone three months beyond its
  baseline and never marked done; one open risk scored above the appetite of 12 (another
  was closed, a third re-scored down to 12); Learning Disabilities Integration, still with
  the Programme Board, with no update since the board's last two meetings. Every other
  milestone was met on its forecast date, since the checks also flag an open milestone
  whose date has passed, and every date here has.

Running it again adds nothing twice: Harrow's programme called "Resilient Harrow" is there
already (the demo's or the council's own), so it is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from ascent.core.periods import parse_period
from ascent.organisations.demo import HARROW, DemoDataError
from ascent.organisations.models import Organisation

from . import actions
from .models import Board, BudgetKind, EqiaStatus, Programme, Stage

D = dt.date

PROGRAMME_NAME = "Resilient Harrow"
PROGRAMME_BOARD = "Resilient Harrow Programme Board"
IMPROVEMENT_BOARD = "Adults Social Care Improvement Board"
COMMISSIONING = "ASC Commissioning Workstream"

#: The Programme Board's meetings in 2019, four weeks apart.
MEETINGS = (D(2019, 9, 5), D(2019, 10, 3), D(2019, 10, 31), D(2019, 11, 28))
#: The day the projects moved to their new boards.
MOVED_ON = D(2020, 1, 6)
#: When Harrow is Home's delivered saving was counted ("the middle of November 2019").
MID_NOVEMBER = D(2019, 11, 15)
#: The date of the latest round of project updates, after the last meeting.
LATEST_UPDATE = D(2019, 12, 5)
EARLIER_UPDATE = D(2019, 10, 24)

#: Budget set aside to deliver the projects in 2019-20 ("just under £1.6m": the exact figure is ours).
DELIVERY_BUDGET_2019 = Decimal("1595000.00")
CORPORATE_2020 = Decimal("190000.00")
ADULTS_TRANSFORMATION_2020 = Decimal("400000.00")

G, A, R = "green", "amber", "red"


@dataclass(frozen=True)
class DemoSaving:
    target: Decimal
    forecast: Decimal
    delivered: Decimal | None = None
    delivered_as_at: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    baseline: dt.date
    forecast: dt.date
    #: Met on its forecast date (every milestone but the Market Position Statement's was, in the end).
    done: bool = True


@dataclass(frozen=True)
class DemoRisk:
    reference: str
    title: str
    description: str
    likelihood: int
    impact: int
    mitigation: str
    owner: str  # a demo person's key, or "~" and a post
    target: tuple[int, int] = (2, 3)
    kind: str = "risk"
    #: The score it was first given, when it has since been re-scored (likelihood, impact).
    first_scored: tuple[int, int] | None = None
    closed_on: dt.date | None = None
    review_on: dt.date = D(2020, 1, 30)


@dataclass(frozen=True)
class DemoProject:
    reference: str
    name: str
    summary: str
    stage: str
    started: dt.date
    sponsor: str
    manager: str
    #: The board it moved to in January 2020 (None: it stays with the Programme Board).
    moves_to: str | None
    #: (date, text, overall, time, cost, benefits), oldest first.
    updates: tuple[tuple[dt.date, str, str, str, str, str], ...]
    problem: str = ""
    outcomes: str = ""
    outputs: str = ""
    options: str = ""
    costs: str = ""
    benefits: str = ""
    dependencies: str = ""
    eqia: str = EqiaStatus.NOT_DONE
    eqia_note: str = ""
    approved_on: dt.date | None = None
    saving: DemoSaving | None = None
    #: (stage, date, reason) after it was set up.
    later_stage: tuple[str, dt.date, str] | None = None
    milestones: tuple[DemoMilestone, ...] = ()
    risks: tuple[DemoRisk, ...] = ()
    #: (indicator code, target in words), in the order of the report's KPI table.
    kpis: tuple[tuple[str, str], ...] = ()


def _update(on, text, overall, time="", cost="", benefits=""):
    return (on, text, overall, time or overall, cost or overall, benefits or overall)


PROJECTS: tuple[DemoProject, ...] = (
    DemoProject(
        "RH01",
        "Targeted Reviews",
        "Review the care and support of people whose packages are most likely to have changed, so that "
        "each gets what meets their assessed needs now, and no more or less.",
        Stage.DELIVERY,
        D(2019, 4, 1),
        "dass",
        "editor",
        IMPROVEMENT_BOARD,
        (
            _update(EARLIER_UPDATE, "Reviews of high-cost packages are under way in every team.", A, A, G, A),
            _update(
                LATEST_UPDATE,
                "The review team is working through its list on schedule and the savings are being logged "
                "each month. Reported on track.",
                G,
                G,
                G,
                G,
            ),
        ),
        problem="Many care packages had not been looked at for over a year, and some no longer match the "
        "person's needs.",
        outcomes="Care that fits each person's needs today; the 2019-20 MTFS saving delivered.",
        outputs="A review of every package on the priority list, with a revised support plan where needed.",
        options="Review every package in turn; review only the costliest; review a list chosen by how likely "
        "each package is to have changed (chosen).",
        costs="Interim reviewing officers and a finance business partner's time, from the delivery budget.",
        benefits="A cash-releasing saving of £1.046m in 2019-20 (MTFS).",
        dependencies="Enough reviewing officers; finance business partner time to confirm each saving.",
        eqia=EqiaStatus.NOT_NEEDED,
        eqia_note="Each change follows an individual review of the person's assessed needs.",
        approved_on=D(2019, 3, 21),
        saving=DemoSaving(Decimal("1046000.00"), Decimal("863000.00")),
        milestones=(DemoMilestone("Every package on the priority list reviewed", D(2019, 12, 20), D(2020, 1, 10)),),
        risks=(
            DemoRisk(
                "RH01-R1",
                "Reviews find fewer packages that can safely change than the target assumes",
                "The saving rests on an estimate of how many packages are larger than needed.",
                3,
                4,
                "Finance and the review team check the pipeline of savings every month; the board is told of "
                "any gap as soon as it appears.",
                "editor",
            ),
        ),
    ),
    DemoProject(
        "RH02",
        "Harrow is Home",
        "Help people with learning disabilities and autism live more independently, closer to home: "
        "moving from residential care out of the borough to supported living in Harrow where that meets "
        "their needs.",
        Stage.DELIVERY,
        D(2019, 4, 1),
        "dass",
        "~Learning Disabilities Service Manager",
        COMMISSIONING,
        (
            _update(EARLIER_UPDATE, "Most reviews are done; moves are planned with each person and family.", G),
            _update(
                LATEST_UPDATE,
                "46 of the 51 people have been reviewed and the last five are booked before the end of "
                "December. 14 have new, more cost-effective care plans, 9 have moved to more independent "
                "homes and 23 need no change. The saving will be met in full.",
                G,
            ),
        ),
        problem="Too many people with learning disabilities live in residential care far from Harrow.",
        outcomes="More people living independently in Harrow with the right support.",
        outputs="51 people's care reviewed in 2019-20; moves to supported living where it suits them.",
        options="Leave placements as they are; review every placement out of the borough (chosen).",
        costs="Social work time for the reviews and transition support for each move, from the delivery budget.",
        benefits="A cash-releasing saving of £400K in 2019-20 (MTFS).",
        dependencies="Supported living places in the borough; the Learning Disability and Autism Strategy.",
        eqia=EqiaStatus.DONE,
        approved_on=D(2019, 3, 21),
        saving=DemoSaving(
            Decimal("400000.00"),
            Decimal("400000.00"),
            delivered=Decimal("312000.00"),
            delivered_as_at=MID_NOVEMBER,
            note="Delivered to date as counted in the middle of November 2019.",
        ),
        milestones=(DemoMilestone("All 51 people's care and support reviewed", D(2019, 12, 20), D(2019, 12, 20)),),
        risks=(
            DemoRisk(
                "RH02-R1",
                "Not enough suitable supported living in the borough",
                "Moves depend on places becoming available when people are ready.",
                3,
                3,
                "Work with housing colleagues and providers on a pipeline of places.",
                "~Learning Disabilities Service Manager",
            ),
        ),
    ),
    DemoProject(
        "RH03",
        "3 Conversations",
        "A strengths-based way of meeting people: three distinct conversations that connect them with "
        "help around them, deal with risk and crisis, and plan for a good life, tried first in three "
        "innovation sites.",
        Stage.DELIVERY,
        D(2019, 6, 3),
        "dass",
        "~Early Intervention and Prevention Team Manager",
        IMPROVEMENT_BOARD,
        (
            _update(
                EARLIER_UPDATE, "The first innovation site is resolving most enquiries at the first conversation.", G
            ),
            _update(
                LATEST_UPDATE,
                "The first site resolves most cases at conversation one. The second site will start in January, "
                "later than planned while staff are trained; the third should follow before March.",
                A,
                A,
                G,
                G,
            ),
        ),
        problem="Most community enquiries were passed on for assessment, and many ended in long-term care.",
        outcomes="Fewer people needing long-term support; people helped sooner, closer to home.",
        outputs="Three innovation sites using the model during 2019-20.",
        benefits="Cost avoidance: fewer new long-term service users each week from the community route.",
        approved_on=D(2019, 5, 16),
        milestones=(
            DemoMilestone("First innovation site working with the model", D(2019, 6, 3), D(2019, 6, 3)),
            DemoMilestone("Second innovation site working with the model", D(2019, 12, 23), D(2020, 1, 13)),
            DemoMilestone("Third innovation site working with the model", D(2020, 3, 2), D(2020, 3, 16)),
        ),
        kpis=(("HAR-RH-NEWLTS", "Maintain or lower"),),
    ),
    DemoProject(
        "RH04",
        "Effective Reablement",
        "Target reablement at the people most likely to benefit, so more need no long-term care after six "
        "weeks of support.",
        Stage.DELIVERY,
        D(2019, 4, 1),
        "dass",
        "contributor",
        IMPROVEMENT_BOARD,
        (
            _update(
                EARLIER_UPDATE, "The new pathway is working; the board is asked to treat it as business as usual.", G
            ),
            _update(LATEST_UPDATE, "Business as usual; the service keeps reporting its outcomes monthly.", G),
        ),
        problem="Reablement was given widely, and too many people still needed long-term care afterwards.",
        outcomes="More people independent after reablement.",
        benefits="Cost avoidance: lower demand for long-term care.",
        approved_on=D(2019, 3, 21),
        later_stage=(Stage.BAU, D(2019, 10, 31), "The new structures and pathway are established"),
        kpis=(("HAR-RH-REAB-OUTCOME", "Increase"),),
    ),
    DemoProject(
        "RH05",
        "Effective Hospital Discharge",
        "Get people home from hospital on time, keeping delayed transfers of care within the national guidelines.",
        Stage.DELIVERY,
        D(2019, 4, 1),
        "dass",
        "~Hospital Social Work Team Manager",
        IMPROVEMENT_BOARD,
        (
            _update(EARLIER_UPDATE, "Delays are within the national guidelines; ready for business as usual.", G),
            _update(LATEST_UPDATE, "Business as usual; delays are still falling and monitored monthly.", G),
        ),
        problem="Delayed transfers of care from hospital were above the national guidelines.",
        outcomes="Timely discharge; fewer delays caused by social care.",
        approved_on=D(2019, 3, 21),
        later_stage=(Stage.BAU, D(2019, 10, 31), "The new structures and pathway are established"),
        kpis=(
            ("HAR-RH-DTOC-ALL", "Lower"),
            ("HAR-RH-DTOC-ASC", "Lower"),
            ("HAR-RH-DTOC-JOINT", "Lower"),
            ("HAR-RH-REAB-COVER", "Lower"),
        ),
    ),
    DemoProject(
        "RH06",
        "Learning Disabilities Integration",
        "One integrated, co-located learning disabilities service for all ages with NHS colleagues, "
        "commissioning care jointly.",
        Stage.DELIVERY,
        D(2019, 4, 1),
        "dass",
        "~Head of Learning Disabilities",
        None,
        (
            _update(
                EARLIER_UPDATE,
                "The move of the integrated team into its new offices is planned for November and December.",
                A,
                A,
                G,
                G,
            ),
        ),
        problem="Council and NHS learning disability teams worked apart, in different buildings.",
        outcomes="Better outcomes through joined-up work and joint commissioning.",
        dependencies="Building and facilities work on the new offices; NHS partners.",
        approved_on=D(2019, 4, 18),
        milestones=(DemoMilestone("Integrated team moved into Civic 5 and 6", D(2019, 11, 18), D(2019, 12, 9)),),
        risks=(
            DemoRisk(
                "RH06-I1",
                "Building works for the new offices are running late",
                "Fit-out of the shared offices has slipped; the move may run into December.",
                3,
                2,
                "Move in two stages, November and December.",
                "~Head of Learning Disabilities",
                kind="issue",
            ),
        ),
    ),
    DemoProject(
        "RH07",
        "Assistive Technology",
        "Pilot technology that helps people stay safe and independent at home, and use it more widely if "
        "the pilots show it works.",
        Stage.DELIVERY,
        D(2019, 9, 2),
        "dass",
        "~Assistive Technology Lead",
        COMMISSIONING,
        (
            _update(EARLIER_UPDATE, "Pilots started in September.", A),
            _update(LATEST_UPDATE, "Pilots running; evaluation planned for the spring.", A),
        ),
        dependencies="The council's wider IT work.",
        milestones=(DemoMilestone("Pilots evaluated", D(2020, 2, 28), D(2020, 3, 13)),),
    ),
    DemoProject(
        "RH08",
        "Extra Care",
        "Commission more extra care housing as an alternative to residential care.",
        Stage.PROPOSED,
        D(2019, 6, 1),
        "dass",
        "~Head of Commissioning",
        COMMISSIONING,
        (_update(LATEST_UPDATE, "Options being worked up with housing colleagues for the commissioning plan.", A),),
    ),
    DemoProject(
        "RH09",
        "Housing Related Support",
        "Review and recommission housing-related support so that it promotes independence.",
        Stage.PROPOSED,
        D(2019, 6, 1),
        "dass",
        "~Head of Commissioning",
        COMMISSIONING,
        (_update(LATEST_UPDATE, "Current contracts mapped; the review starts in the new year.", A),),
    ),
    DemoProject(
        "RH10",
        "Empowering Resilience in Mental Health",
        "Joint work with the NHS on support that keeps people with mental health needs well and independent.",
        Stage.PROPOSED,
        D(2019, 7, 1),
        "dass",
        "~Mental Health Service Manager",
        COMMISSIONING,
        (_update(LATEST_UPDATE, "Scope agreed with NHS partners; business case in draft.", A),),
    ),
    DemoProject(
        "RH11",
        "MPS and Commissioning plans",
        "Write the market position statements and the commissioning plans that set out the work for the coming years.",
        Stage.DELIVERY,
        D(2019, 7, 1),
        "dass",
        "~Head of Commissioning",
        COMMISSIONING,
        (
            _update(EARLIER_UPDATE, "Drafting under way with interim commissioners.", A, A, G, G),
            _update(
                LATEST_UPDATE,
                "The plans will now go to Cabinet in February 2020, three months after the date first set, "
                "while permanent commissioners are recruited.",
                A,
                R,
                G,
                A,
            ),
        ),
        dependencies="Two permanent commissioners to be recruited early in 2020.",
        approved_on=D(2019, 6, 20),
        milestones=(
            DemoMilestone(
                "Market position statement and commissioning plans to Cabinet",
                D(2019, 11, 21),
                D(2020, 2, 20),
                done=False,
            ),
        ),
        risks=(
            DemoRisk(
                "RH11-R1",
                "Too few local providers for Asian elders and people with mental health needs",
                "Gaps in the local market push up the cost of care and send people out of the borough.",
                3,
                4,
                "Market shaping in the commissioning plans; talks with providers.",
                "~Head of Commissioning",
                target=(2, 3),
                first_scored=(4, 4),
            ),
        ),
    ),
    DemoProject(
        "RH12",
        "MyCEP and CarePlace review",
        "Review how the care e-marketplace and the brokerage system are used, and whether they give value for money.",
        Stage.DELIVERY,
        D(2019, 10, 1),
        "dass",
        "~Head of Commissioning",
        COMMISSIONING,
        (_update(LATEST_UPDATE, "Usage figures gathered; options paper in preparation.", A),),
    ),
    DemoProject(
        "RH13",
        "Charging Review",
        "A revised adult social care charging and financial assessment policy, to raise income fairly, "
        "after public consultation.",
        Stage.PROPOSED,
        D(2019, 9, 1),
        "dass",
        "editor",
        None,
        (
            _update(
                LATEST_UPDATE,
                "Consultation is open until the end of December; the revised policy goes to Cabinet in February. "
                "Reported green on every measure.",
                G,
            ),
        ),
        problem="The charging policy had not been reviewed for some years.",
        outcomes="A fair, clear charging policy that raises more income.",
        outputs="Consultation, a revised policy and a Cabinet decision.",
        options="Keep the current policy; revise it in full; revise parts of it.",
        eqia=EqiaStatus.DONE,
        eqia_note="Completed for the consultation.",
        risks=(
            DemoRisk(
                "RH13-R1",
                "Consultation responses delay the Cabinet decision",
                "Many responses, or a challenge, could push the decision beyond February.",
                2,
                3,
                "Analysis of responses planned week by week.",
                "editor",
                target=(1, 3),
            ),
        ),
    ),
)

#: Programme risks (no project).
PROGRAMME_RISKS = (
    DemoRisk(
        "RHP-R1",
        "Demand for adult social care grows faster than the projects can manage it",
        "More people with dementia, long-term conditions, learning disabilities and poor mental health.",
        4,
        4,
        "Track new long-term service users weekly; the board reviews demand every meeting.",
        "dass",
        target=(3, 3),
    ),
    DemoRisk(
        "RHP-R2",
        "Specialist interim staff leave before their work is handed over",
        "Much of the delivery relies on interim support and backfilled posts.",
        4,
        4,
        "Hand-over plans for each interim post; permanent recruitment.",
        "editor",
        closed_on=D(2019, 11, 28),
    ),
)


# ----- loading -------------------------------------------------------------------------------------


def load_demo_programmes() -> str:
    """Load Harrow's Resilient Harrow programme (after the demo people and performance figures)."""
    organisation = Organisation.objects.filter(gss_code=HARROW).first()
    if organisation is None:
        raise DemoDataError("Load the reference data first: manage.py load_reference_data")
    existing = Programme.objects.in_organisation(organisation).filter(name=PROGRAMME_NAME).first()
    if existing is not None:
        return f"{organisation.name}: {existing.name} ({existing.projects.count()} projects; already there)"
    with transaction.atomic():
        programme = _create(organisation)
    return f"{organisation.name}: {programme.name} ({programme.projects.count()} projects; added)"


def _people(organisation: Organisation) -> dict[str, object]:
    User = get_user_model()
    wanted = {key: f"{key}@harrow.demo.ascent.invalid" for key in ("dass", "editor", "contributor")}
    found = {user.email: user for user in User.objects.filter(email__in=wanted.values())}
    if len(found) != len(wanted):
        raise DemoDataError("Load the demo people first (manage.py demo loads them before the programmes)")
    return {key: found[email] for key, email in wanted.items()}


def _who(key: str, people: dict) -> dict:
    """A person field's values: the demo person, or the post named after "~"."""
    if key.startswith("~"):
        return {"user": None, "name": key[1:]}
    return {"user": people[key], "name": ""}


def _indicators(organisation) -> dict:
    from ascent.indicators.models import Indicator

    codes = [code for project in PROJECTS for code, _ in project.kpis]
    found = {i.code: i for i in Indicator.objects.filter(organisation=organisation, code__in=codes)}
    missing = sorted(set(codes) - set(found))
    if missing:
        raise DemoDataError(
            f"The programmes demo needs Harrow's indicators {', '.join(missing)}: load the demo performance first"
        )
    return found


def _board(organisation, name: str, *, by, **fields) -> Board:
    """The council's board of that name, set up if it has none."""
    board = Board.objects.in_organisation(organisation).filter(name=name).first()
    return board or actions.create_board(organisation, by=by, name=name, **fields)


def _create(organisation: Organisation) -> Programme:
    people = _people(organisation)
    indicators = _indicators(organisation)
    manager = people["editor"]
    by = manager
    boards = _boards(organisation, people, by)
    programme = actions.create_programme(
        organisation,
        by=by,
        name=PROGRAMME_NAME,
        summary=(
            "Phase two of Harrow's adult social care vision: projects that manage demand, change the way "
            "staff work and shape local care markets, so that people get the right support at the right "
            "time, and the agreed MTFS savings are met."
        ),
        sponsor_name="Corporate Director, People",
        manager=manager,
        board=boards[PROGRAMME_BOARD],
        starts_on=D(2019, 4, 1),
        ends_on=D(2020, 3, 31),
        risk_appetite=12,
        milestone_tolerance_days=28,
    )
    meetings = _meetings(boards[PROGRAMME_BOARD], by)
    projects = {item.reference: _project(programme, item, people, indicators, by) for item in PROJECTS}
    _decisions(boards[PROGRAMME_BOARD], programme, projects, meetings, by)
    _moves(projects, boards, by)
    _budget(programme, by)
    for item in PROGRAMME_RISKS:
        _risk(programme, None, item, people, by)
    return programme


def _boards(organisation, people, by) -> dict[str, Board]:
    return {
        PROGRAMME_BOARD: _board(
            organisation,
            PROGRAMME_BOARD,
            by=by,
            purpose=(
                "Oversees the Resilient Harrow projects: decides key project issues, approves new projects, "
                "scrutinises progress and monitors spending on delivery."
            ),
            chair_name="Corporate Director, People",
            members=[people["dass"], people["editor"]],
            other_members="\n".join(
                (
                    "Chief Executive",
                    "Director of Finance",
                    "Lead Member for Adult Social Care",
                    "Deputy Lead Member for Adult Social Care",
                    "Shadow Lead Member for Adult Social Care",
                    "Project sponsors and managers",
                    "Performance business partner",
                    "Finance business partner",
                )
            ),
            cycle_weeks=4,
        ),
        IMPROVEMENT_BOARD: _board(
            organisation,
            IMPROVEMENT_BOARD,
            by=by,
            purpose="From January 2020, oversees the adult social care projects of practice and pathway.",
            chair=people["dass"],
            members=[people["dass"], people["editor"], people["contributor"]],
            cycle_weeks=4,
        ),
        COMMISSIONING: _board(
            organisation,
            COMMISSIONING,
            by=by,
            purpose="From January 2020, delivers the adult social care commissioning projects.",
            chair_name="Head of Commissioning",
            members=[people["editor"]],
            reports_to="Commissioning Board (corporate)",
        ),
    }


MEETING_NOTES = {
    MEETINGS[0]: "Highlight reports from every project; delivery spend reviewed.",
    MEETINGS[1]: "Savings forecast reviewed with finance; three conversations site visit reported.",
    MEETINGS[2]: "Reablement and hospital discharge ready for business as usual.",
    MEETINGS[3]: "Future of the programme and its governance from January 2020.",
}


def _meetings(board: Board, by) -> dict:
    return {on: actions.add_meeting(board, by=by, held_on=on, notes=MEETING_NOTES[on]) for on in MEETINGS}


def _project(programme, item: DemoProject, people, indicators, by):
    sponsor, manager = _who(item.sponsor, people), _who(item.manager, people)
    project = actions.create_project(
        programme,
        by=by,
        stage=item.stage,
        on=item.started,
        reference=item.reference,
        name=item.name,
        summary=item.summary,
        sponsor=sponsor["user"],
        sponsor_name=sponsor["name"],
        manager=manager["user"],
        manager_name=manager["name"],
        implementation_started_on=item.started if item.stage == Stage.DELIVERY else None,
        problem=item.problem,
        outcomes=item.outcomes,
        outputs=item.outputs,
        options=item.options,
        costs=item.costs,
        benefits=item.benefits,
        dependencies=item.dependencies,
        eqia=item.eqia,
        eqia_note=item.eqia_note,
        business_case_approved_on=item.approved_on,
    )
    if item.later_stage is not None:
        stage, on, reason = item.later_stage
        project = actions.change_stage(project, by=by, stage=stage, on=on, reason=reason)
    author = manager["user"] or by
    for on, text, overall, time, cost, benefits in item.updates:
        actions.add_update(
            project,
            by=author,
            on=on,
            text=text,
            rag_overall=overall,
            rag_time=time,
            rag_cost=cost,
            rag_benefits=benefits,
        )
    if item.saving is not None:
        saving = item.saving
        actions.record_saving(
            project,
            by=by,
            financial_year=2019,
            target=saving.target,
            forecast=saving.forecast,
            delivered=saving.delivered,
            delivered_as_at=saving.delivered_as_at,
            note=saving.note or None,
        )
    for milestone in item.milestones:
        actions.save_milestone(
            project,
            by=by,
            title=milestone.title,
            baseline_date=milestone.baseline,
            forecast_date=milestone.forecast,
            done_on=milestone.forecast if milestone.done else None,
        )
    for risk in item.risks:
        _risk(programme, project, risk, people, by)
    baseline = parse_period("Mar 2019").code
    for code, target in item.kpis:
        actions.link_kpi(project, by=by, indicator=indicators[code], baseline_period_code=baseline, target_text=target)
    return project


def _risk(programme, project, item: DemoRisk, people, by) -> None:
    owner = _who(item.owner, people)
    likelihood, impact = item.first_scored or (item.likelihood, item.impact)
    risk = actions.save_risk(
        programme,
        by=by,
        project=project,
        kind=item.kind,
        reference=item.reference,
        title=item.title,
        description=item.description,
        owner=owner["user"],
        owner_name=owner["name"],
        likelihood=likelihood,
        impact=impact,
        target_likelihood=item.target[0],
        target_impact=item.target[1],
        mitigation=item.mitigation,
        review_on=item.review_on,
    )
    if item.first_scored is not None:
        risk = actions.save_risk(programme, by=by, risk=risk, likelihood=item.likelihood, impact=item.impact)
    if item.closed_on is not None:
        actions.close_risk(risk, by=by, on=item.closed_on)


def _decisions(board: Board, programme, projects: dict, meetings: dict, by) -> None:
    to_bau = actions.log_decision(
        board,
        by=by,
        title="Move Effective Reablement and Effective Hospital Discharge to business as usual",
        detail="Both projects have put their new structures and pathways in place.",
        programme=programme,
    )
    actions.record_decision(
        to_bau,
        by=by,
        decision_text="Agreed. The services keep reporting their measures to the board each month.",
        meeting=meetings[MEETINGS[2]],
    )
    end = actions.log_decision(
        board,
        by=by,
        title="The future of the Resilient Harrow programme",
        detail="Many projects are now business as usual; most of the rest are commissioning work.",
        programme=programme,
    )
    actions.record_decision(
        end,
        by=by,
        decision_text=(
            "End the programme in its current form. From January 2020 the practice projects report to the "
            "Adults Social Care Improvement Board and the commissioning projects to the ASC Commissioning "
            "Workstream."
        ),
        meeting=meetings[MEETINGS[3]],
    )
    actions.log_decision(
        board,
        by=by,
        title="Take the revised charging policy to Cabinet in February 2020",
        detail="Once the consultation has closed and its responses have been analysed.",
        project=projects["RH13"],
    )


def _moves(projects: dict, boards: dict, by) -> None:
    reason = "The Programme Board's decision of November 2019: new governance from January 2020"
    for item in PROJECTS:
        if item.moves_to is not None:
            actions.move_to_board(
                projects[item.reference], by=by, board=boards[item.moves_to], on=MOVED_ON, reason=reason
            )


def _budget(programme, by) -> None:
    actions.record_budget(
        programme,
        by=by,
        period="2019-20",
        kind=BudgetKind.DELIVERY,
        source="Savings and the corporate transformation budget",
        budget=DELIVERY_BUDGET_2019,
        forecast=DELIVERY_BUDGET_2019,
        note="Specialist interim support and backfill for staff working on the projects; monitored monthly.",
    )
    actions.record_budget(
        programme,
        by=by,
        period="2020-21",
        kind=BudgetKind.DELIVERY,
        source="Corporate resources",
        budget=CORPORATE_2020,
        forecast=CORPORATE_2020,
        note="Planned for specific projects.",
    )
    actions.record_budget(
        programme,
        by=by,
        period="2020-21",
        kind=BudgetKind.DELIVERY,
        source="Adults transformation funding",
        budget=ADULTS_TRANSFORMATION_2020,
        forecast=ADULTS_TRANSFORMATION_2020,
        note="To consolidate safe and effective services.",
    )
