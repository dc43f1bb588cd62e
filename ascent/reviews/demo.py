"""Demo reviews: Herefordshire's 2014 peer challenge, Harrow's 2016 TEASC assurance review, and a current one.

The two past reviews follow two public documents: the West Midlands ADASS peer challenge of
Herefordshire's adult wellbeing services (on site 24 to 26 June 2014, letter of 11 July 2014)
and the independent assurance of Harrow's TEASC risk awareness self-assessment (interviews
15 to 17 March 2016). Their facts and figures are used (the scope, the team and its roles, the
activities, what was found under each question or domain, every recommendation in the
letter's order and numbering); every sentence here is ours, not the documents'. The councils'
responses to the recommendations, the times of the activities and the current review are made
up for the demo.

The past reviews are recorded by the host, as a council brings in a letter it already has:
no team member has an account. Herefordshire's letter numbers 32 of its 34 recommendations
and leaves the fifth and sixth unnumbered, as the original does; the council has answered the
first 24 and one more, so the assurance check "Recommendation with no response" flags the
rest, and "Accepted recommendations with no actions" flags both reviews until the improvement
plan app arrives.

The current review is Harrow's preparation for CQC assessment, in fieldwork, on site from Tuesday
to Thursday of the latest week whose Tuesday is before the day the demo first runs (reading the
documents on the Monday), so every visit falls on a weekday and the first day on site, which its
finding and note are about, is already past. The demo peer reviewer (Dr Nadia Kaur, from Walsall) leads its
team through a grant of that one review, so a person can sign in as her and try the journey:
fieldwork, notes, findings, approval, the letter. One of its approved findings has no
evidence reference, to show the check "Finding with no evidence reference".

Running it again adds nothing twice. The demo knows its own reviews by the change reason
:data:`DEMO_MARKER` on their first history record (no page writes it), and leaves a council's
own review of the same title alone. On a later run it only keeps the reviewer's seat in force
(extending the grant and the team's access date if they have passed) and adds the published
letter's first version if the letter module can now make one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.organisations.demo import HARROW, HEREFORDSHIRE, LONDON, WEST_MIDLANDS, DemoDataError
from ascent.organisations.models import Organisation, Region

from .models import (
    ActivityKind,
    DevelopmentLabel,
    FieldworkActivity,
    Finding,
    FindingKind,
    FindingStatus,
    Kind,
    LetterVersion,
    LibraryItem,
    PersonMet,
    Recommendation,
    Response,
    Review,
    ReviewIndicator,
    ScopeItem,
    ScopeStyle,
    Stage,
    TeamMember,
    TeamNote,
    TeamRole,
)

#: The change reason of a demo review's first history record: how the demo knows its own.
DEMO_MARKER = "Made by the Ascent demo data"
REVIEWER_EMAIL = "reviewer@demo.ascent.invalid"

S = FindingKind.STRENGTH
A = FindingKind.DEVELOPMENT
ACC = Response.ACCEPTED
PART = Response.PARTLY_ACCEPTED
NOT = Response.NOT_ACCEPTED


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    job_title: str
    council: str = ""  # a council in the service, found by name
    elsewhere: str = ""  # an organisation that is not a council in the service
    is_lead: bool = False
    email: str = ""  # a demo person with an account


@dataclass(frozen=True)
class Rec:
    """A recommendation as the letter has it: ``number`` None for an unnumbered one."""

    number: int | None
    text: str
    response: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Found:
    """A finding, with the recommendations that follow from it."""

    kind: str
    heading: str
    text: str
    evidence: str = ""
    recommends: tuple[Rec, ...] = ()
    #: Numbers of recommendations made elsewhere in the letter that this finding also supports.
    see_also: tuple[int, ...] = ()
    status: str = FindingStatus.APPROVED


@dataclass(frozen=True)
class Part:
    """A scope question, sub-area or framework element (by title), and what was found under it."""

    text: str
    findings: tuple[Found, ...] = ()
    element: str = ""


@dataclass(frozen=True)
class Activity:
    kind: str
    title: str
    day: int  # days after the first day on site (negative: before it)
    start: str  # "14:00"
    end: str
    location: str = ""
    participants: str = ""


@dataclass(frozen=True)
class Met:
    role: str
    is_group: bool = False


@dataclass(frozen=True)
class DemoReview:
    gss_code: str
    title: str
    kind: str
    stage: str
    on_site_from: dt.date | None
    on_site_to: dt.date | None
    commissioned_by: str
    led_by: str
    scope_style: str
    development_label: str
    team: tuple[Member, ...]
    parts: tuple[Part, ...]
    general: tuple[Found, ...] = ()
    activities: tuple[Activity, ...] = ()
    people_met: tuple[Met, ...] = ()
    region: str = ""
    lead_council: str = ""
    framework: str = ""
    key_line: str = ""
    letter_date: dt.date | None = None
    addressee: str = ""
    signatory: str = ""
    introduction: str = ""
    context: str = ""
    executive_summary: str = ""
    conclusion: str = ""
    published_on: dt.date | None = None
    responded_on: dt.date | None = None
    follow_up_due_on: dt.date | None = None
    #: For the current review: what the team has written so far.
    notes: tuple[str, ...] = field(default=())


# ----- Herefordshire: West Midlands ADASS peer challenge, June 2014 ----------------------------------

HEREFORDSHIRE_2014 = DemoReview(
    gss_code=HEREFORDSHIRE,
    title="Adult wellbeing peer challenge 2014",
    kind=Kind.PEER_CHALLENGE,
    stage=Stage.PUBLISHED,
    on_site_from=dt.date(2014, 6, 24),
    on_site_to=dt.date(2014, 6, 26),
    commissioned_by="West Midlands ADASS",
    region=WEST_MIDLANDS,
    led_by="Sandwell Metropolitan Borough Council",
    lead_council="Sandwell",
    scope_style=ScopeStyle.QUESTIONS,
    development_label=DevelopmentLabel.CONSIDERATION,
    letter_date=dt.date(2014, 7, 11),
    published_on=dt.date(2014, 7, 11),
    responded_on=dt.date(2014, 9, 30),
    addressee="Helen Coombes, Director of Adult Wellbeing, Herefordshire Council",
    signatory="David Stevens, Director of Adult Social Care, Sandwell Metropolitan Borough Council",
    introduction=(
        "This letter sets out the team's formal findings and recommendations from the peer challenge, and "
        "confirms the early feedback we gave on the last afternoon on site, Thursday 26 June 2014. We thank "
        "the council for volunteering to host the challenge, and everyone who gave us their time: staff and "
        "partners, the Chief Executive, the Cabinet Member, and the people who use services and their "
        "families. The visit was arranged with great care by Meg Swain and John Gorman, and people's openness"
        " made it a useful exercise for all of us."
    ),
    context=(
        "Adult social care had only just come back into the council after the end of the arrangement under "
        "which Wye Valley NHS Trust ran it, so the team met what felt like a brand new directorate, carrying a "
        "heavy load on top of the pressures every council faces. The council asked us three questions, about its "
        "transformation programme, the voice of people who use services and carers, and its workforce."
    ),
    executive_summary=(
        "The directorate has made real progress: a clear vision and visible leadership from the Director, "
        "strong political backing and staff who are ready for change. It now needs to work more closely with "
        "staff, partners, carers and the people who use services to widen the choice of care and support, "
        "commission better and plan support more creatively. The areas that most need attention are "
        "safeguarding, co-production, personalisation, integration with the NHS, building community capacity,"
        " and joining up performance and finance reporting."
    ),
    conclusion=(
        "We have tried to balance support with challenge and hope the council finds these findings constructive. "
        "The team learnt a great deal from the visit and will take good practice back to our own councils. Thank "
        "you for hosting us and for working with us so openly."
    ),
    team=(
        Member(
            "David Stevens",
            TeamRole.LEAD_DIRECTOR,
            "Director of Adult Social Care, Sandwell Metropolitan Borough Council",
            council="Sandwell",
            is_lead=True,
        ),
        # The letter gives the experts by experience no job title, only where they come from.
        Member("Keymn Whervin", TeamRole.EXPERT_BY_EXPERIENCE, "", council="Solihull"),
        Member("Liam Waldron", TeamRole.EXPERT_BY_EXPERIENCE, "", council="Solihull"),
        Member("Councillor Yvonne Davies", TeamRole.MEMBER_PEER, "Cabinet Member, Sandwell", council="Sandwell"),
        Member("Sue Alexander", TeamRole.OFFICER_PEER, "Head of Service, Worcestershire", council="Worcestershire"),
        Member("Chris Lewington", TeamRole.OFFICER_PEER, "Head of Service, Warwickshire", council="Warwickshire"),
        Member(
            "Eddie Clarke",
            TeamRole.CHALLENGE_MANAGER,
            "Peer Challenge Programme Lead, West Midlands ADASS",
            elsewhere="West Midlands ADASS",
        ),
    ),
    activities=(
        Activity(
            ActivityKind.DOCUMENT_READING,
            "Reading the transformation board's reports and the care pathway guide",
            0,
            "09:00",
            "10:30",
            "Brockington, Hereford",
        ),
        Activity(
            ActivityKind.INTERVIEW,
            "Director, Chief Executive and Cabinet Member",
            0,
            "11:00",
            "12:30",
            "Brockington, Hereford",
            "Director of Adult Wellbeing\nChief Executive\nCabinet Member for Health and Wellbeing",
        ),
        Activity(
            ActivityKind.FOCUS_GROUP,
            "People who use services and family carers",
            0,
            "14:00",
            "15:30",
            "Hereford",
            "People with a direct payment\nParents of people with a learning disability\nFamily carers",
        ),
        Activity(
            ActivityKind.FOCUS_GROUP,
            "Making it Real Board and the Autism Partnership Group",
            1,
            "10:00",
            "11:30",
            "Hereford",
            "Board and group members\nVoluntary and community sector representatives",
        ),
        Activity(
            ActivityKind.MYSTERY_SHOPPER,
            "Calls to the Advice and Referral Team",
            1,
            "14:00",
            "14:40",
            "By telephone",
            "Four calls, one every 10 to 15 minutes",
        ),
        Activity(
            ActivityKind.INTERVIEW,
            "Health partners and the Health and Social Care Transformation Board",
            1,
            "15:00",
            "16:30",
            "Hereford",
            "Wye Valley NHS Trust\nClinical commissioning group\nTransformation board members",
        ),
        Activity(
            ActivityKind.FOCUS_GROUP,
            "Frontline staff and managers",
            2,
            "09:30",
            "11:00",
            "Brockington, Hereford",
            "Social workers\nTeam managers\nBrokerage and Advice and Referral Team staff",
        ),
        Activity(
            ActivityKind.INTERVIEW,
            "Elected members and scrutiny",
            2,
            "11:30",
            "12:30",
            "Shire Hall, Hereford",
            "Leader\nGroup leaders\nScrutiny lead members",
        ),
    ),
    people_met=(
        Met("Director of Adult Wellbeing"),
        Met("Chief Executive"),
        Met("Leader of the Council"),
        Met("Cabinet Member for Health and Wellbeing"),
        Met("Group leaders and scrutiny lead members", is_group=True),
        Met("People who use services and family carers", is_group=True),
        Met("Parents of people with a learning disability", is_group=True),
        Met("Making it Real Board", is_group=True),
        Met("Autism Partnership Group", is_group=True),
        Met("Voluntary and community sector representatives", is_group=True),
        Met("Health partners, including Wye Valley NHS Trust", is_group=True),
        Met("External care providers", is_group=True),
        Met("Frontline staff and managers", is_group=True),
    ),
    general=(
        Found(
            S,
            "Bringing adult social care back into the council",
            "A great deal has been done to bring adult social care back into the council after the arrangement "
            "with Wye Valley NHS Trust ended, and it shows: the directorate feels new, and staff say they are ready "
            "for change.",
            "Interviews with staff and partners",
        ),
        Found(
            S,
            "Leadership",
            "Staff and partners spoke well of the Director's vision and drive, and lead members and the Chief "
            "Executive give adult wellbeing strong backing.",
            "Interviews with staff, partners and elected members",
        ),
    ),
    parts=(
        Part(
            "Can the adult wellbeing transformation programme deliver what it sets out to, including its financial "
            "plans and the closer joint commissioning and delivery the Better Care Fund plan describes?",
            (
                Found(
                    S,
                    "A programme with clear strands",
                    "The transformation work is organised in clear strands that report to the Adult Wellbeing "
                    "Transformation Board, and the new Health and Social Care Transformation Board will bring a "
                    "whole-system view; its supporters see the value of involving people who use services early.",
                    "Transformation board papers; interviews with board members",
                ),
                Found(
                    S,
                    "Partners see the council's commitment",
                    "Health partners recognise that the council is committed to partnership and change while "
                    "managing its own money and demand pressures.",
                    "Interview with health partners",
                ),
                Found(
                    S,
                    "Community capacity and reablement",
                    "There are good local schemes to build community capacity, for example through libraries, and "
                    "the re-tendered reablement service, with telecare and a 24-hour response, will help people "
                    "stay independent.",
                    "Interviews with commissioners",
                ),
                Found(
                    S,
                    "Getting ready for the Care Act",
                    "A person has been given the job of working through what the Care Act means for the council.",
                    "Interview with the Director",
                ),
                Found(
                    A,
                    "Advice and Referral Team",
                    "Three staff answer the Advice and Referral Team's calls. The council gave the team a figure of "
                    "about 320 calls a month, while the ASCOF return supplied showed more than 500, and a quarter of "
                    "calls reach an answer machine. In the team's own exercise, two of four calls made over 40 "
                    "minutes went to the machine.",
                    "Mystery-shopper exercise on the second afternoon; call figures given on site; ASCOF return",
                    (
                        Rec(
                            1,
                            "Look at the demand on the Advice and Referral Team and how it performs, so that more "
                            "calls are answered by a person.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Information and advice",
                    "People can get information and advice, including on welfare rights and benefits, from "
                    "several places: the Advice and Referral Team, the welfare and financial assessments service "
                    "and the Citizens Advice Bureau. Demand will rise under the Care Act.",
                    "Interviews with staff and the voluntary sector",
                    (
                        Rec(
                            2,
                            "As part of getting ready for the Care Act, look at ways of giving people one point of "
                            "access to information, advice and guidance on care and support, welfare rights included.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Brokerage",
                    "With two staff, brokerage is slow to respond and procurement is delayed; some want it to work "
                    "seven days a week, which the Better Care Fund may come to require.",
                    "Interviews with brokerage staff and care managers",
                    (
                        Rec(
                            3,
                            "Review the brokerage service, including whether it needs to work seven days a week "
                            "now or later.",
                            PART,
                            "We will review brokerage this year. Seven-day working will be decided with health "
                            "partners once the Better Care Fund's seven-day requirements are settled.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Performance and finance reporting",
                    "The council accepts that its performance and financial information should be joined up, "
                    "which would also help it follow the transformation programme's progress.",
                    "Discussion with the leadership team",
                    (
                        Rec(
                            4,
                            "Review performance and financial reporting so the directorate has complete reports "
                            "that put activity and performance beside the money.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Reports to the transformation board",
                    "Reports to the Adult Wellbeing Transformation Board could say more about progress and "
                    "difficulties, and their risk ratings are sometimes too generous, for example where savings "
                    "are not yet made or work has not started, so the board may take more comfort than it should.",
                    "Adult Wellbeing Transformation Board reports",
                    (
                        Rec(
                            None,
                            "Give the Adult Wellbeing Transformation Board fuller reports on progress and "
                            "difficulties, and challenge the risk ratings in them harder, above all where savings are "
                            "not yet made or work has not started.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Personalisation",
                    "Direct payments and the range of care and support on offer are not strong, nobody visibly "
                    "leads personalisation and support planning could be better: frontline teams need a change of "
                    "culture towards outcomes. Northamptonshire trained more than 300 staff in support planning "
                    "last year, which the council may want to look at.",
                    "Performance figures; interviews with frontline teams",
                    (
                        Rec(
                            None,
                            "Consider relaunching personalisation (direct payments and a wider choice of care and "
                            "support), with training and help for social work teams in creative support planning.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "From decision to delivery",
                    "Staff said that decisions taken by the leadership team are sometimes put into practice late or "
                    "without enough preparation, and spoke of unintended consequences for frontline services.",
                    "Focus group with frontline staff",
                    (
                        Rec(
                            7,
                            "Bring the leadership team's decisions on strategic change and their implementation "
                            "closer together, so that changes reach frontline services on time, well prepared and "
                            "with their effects on staff understood.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "The care pathway",
                    "The team was given a detailed step-by-step guide to the care pathway but no one-page pathway "
                    "built around preventing need, intervening early and reablement, like Walsall's; early "
                    "intervention is not yet the consistent starting point.",
                    "The care pathway guide",
                    (
                        Rec(
                            8,
                            "Review the adult social care pathway, including the weight it gives to prevention, "
                            "early intervention and reablement.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Shaping the market",
                    "A wider range of care and support needs commissioners and operational staff to shape the "
                    "market together with people who use services, carers and providers.",
                    "Interviews with commissioners and providers",
                    (
                        Rec(
                            9,
                            "Do more to shape the care market, with commissioners and operational staff working "
                            "alongside people who use services, carers and providers, so that people have a wider "
                            "range of care and support to choose from.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Two transformation boards",
                    "Unless the new Health and Social Care Transformation Board and the Adult Wellbeing "
                    "Transformation Board are closely aligned, work may be duplicated or fall out of step. "
                    "Worcestershire runs two similar programmes, including Well Connected, and may have advice.",
                    "Transformation board papers",
                    (
                        Rec(
                            10,
                            "Align the work programmes of the Adult Wellbeing Transformation Board and the new "
                            "Health and Social Care Transformation Board closely.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Integration with health",
                    "Given the history with Wye Valley NHS Trust, and the Care Act's expectation that local health "
                    "and social care partners integrate (in whatever form suits them), the council needs to explore "
                    "models of integration that improve access and outcomes.",
                    "Interviews with health partners",
                    (
                        Rec(
                            11,
                            "Explore with local health organisations the models of health and social care "
                            "integration that would improve people's access to support and their outcomes.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Hospital pressures",
                    "The local acute hospital is under heavy pressure on A&E and length of stay. A joint strategy "
                    "will take time; meanwhile the council and Wye Valley NHS Trust could look together at the "
                    "effect of bringing services back and at the new reablement and rapid response services.",
                    "Interviews with health partners",
                    (
                        Rec(
                            12,
                            "Build on the relationship with Wye Valley NHS Trust by reviewing together the effect "
                            "of bringing services back into the council and how well the new reablement and rapid "
                            "response services work.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Protecting adult social care in the Better Care Fund",
                    "The Better Care Fund submission shows no extra money to protect adult social care, as the fund's "
                    "national condition asks; other councils have used part of the fund to sustain services or meet "
                    "Care Act costs.",
                    "Better Care Fund submission",
                    (
                        Rec(
                            13,
                            "When the Better Care Fund plan is reviewed or refreshed, consider further ways of "
                            "protecting adult social care, as the fund's national condition asks.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Community capacity",
                    "There are local examples, such as at Kington, but no council-led strategy for building "
                    "community capacity, a key part of prevention.",
                    "Examples shared on site",
                    (
                        Rec(
                            14,
                            "With partners, consider a council-led strategy for building community capacity across "
                            "the county, as part of prevention and early intervention.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Health and Wellbeing Board",
                    "Several people felt the Health and Wellbeing Board has had little impact so far, although it "
                    "matters for the Better Care Fund and wider transformation.",
                    "Interviews with partners and elected members",
                    (
                        Rec(
                            15,
                            "The Health and Wellbeing Board should consider how to widen its impact and influence "
                            "across health and social care.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Scrutiny",
                    "Some members felt scrutiny, including public participation, could be stronger and is short of "
                    "resources, and the team thought scrutiny of how adult social care performs and spends its "
                    "money could be more searching.",
                    "Interviews with elected members",
                    (
                        Rec(
                            16,
                            "(i) Consider how to strengthen and resource the council's scrutiny function; "
                            "(ii) the Adult Wellbeing scrutiny panel should take and debate reports on adult social "
                            "care's budget and performance at least twice a year.",
                            PART,
                            "The panel will take budget and performance reports twice a year from this autumn. "
                            "Resourcing scrutiny is for the council's budget round.",
                        ),
                    ),
                ),
            ),
        ),
        Part(
            "Do we focus enough on the experience of people who use services and their carers and families, and "
            "can they influence commissioning, the redesign of services and the checking of delivery, so that "
            "personalisation can move faster?",
            (
                Found(
                    S,
                    "Parents involved in commissioning",
                    "Parents of people with a learning disability feel involved in commissioning and shaping some "
                    "services, such as supported living, and value it.",
                    "Focus group with parents",
                ),
                Found(
                    S,
                    "Making it Real Board",
                    "People who use services, carers and the voluntary and community sector welcome the relaunched "
                    "Making it Real Board.",
                    "Focus group with board members",
                ),
                Found(
                    S,
                    "Support for carers",
                    "Carers value Herefordshire Carers' Support highly.",
                    "Focus group with carers",
                ),
                Found(
                    S,
                    "A voice for autistic people",
                    "The Autism Partnership Group feels it is starting to be heard, which matters for a group "
                    "that is often overlooked.",
                    "Meeting with the Autism Partnership Group",
                ),
                Found(
                    S,
                    "Checking the quality of providers",
                    "Provider quality reviews combine questionnaires for people who use services and staff with the "
                    "provider's own self-assessment, to see whether they agree on strengths and problems.",
                    "Quality review and monitoring documents",
                ),
                Found(
                    A,
                    "Day opportunities",
                    "The new day opportunities model at Canal Road risks becoming a traditional day centre of arts, "
                    "crafts and bingo, rather than helping people towards work, work experience, small enterprises "
                    "and independence.",
                    "Site visit and focus group",
                    (
                        Rec(
                            17,
                            "Commissioners should monitor new service contracts, especially where the model is new "
                            "as at Canal Road, and make sure future day opportunities help people towards work and "
                            "independence, as the commissioning intentions say.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Direct payments",
                    "People with a direct payment described their experience very negatively: they felt told what "
                    "they could spend it on, were given inconsistent advice and were afraid to spend, and found the "
                    "council's audit of their records too formal.",
                    "Focus group with people who have a direct payment",
                    (
                        Rec(
                            18,
                            "Review the council's direct payments policy and practice, with clearer guidance on "
                            "what the money can be spent on that allows flexible use within the policy.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Unspent direct payments recovered",
                    "The council recovered £929,000 of unspent direct payments in 2013-14. As people said they were "
                    "afraid to spend, some of that money may have been needed to meet their needs.",
                    "Figure given on site",
                    (
                        Rec(
                            19,
                            "Find out why £929,000 of unspent direct payments was recovered from people in "
                            "2013-14, and act on what is found.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Assessments and support plans",
                    "People and carers are not always involved in their assessments and support plans; everyone "
                    "should receive their assessment in writing and shape a plan built on the outcomes they want.",
                    "Focus groups with people who use services and carers",
                    (
                        Rec(
                            20,
                            "Consider how to make sure people and carers receive their assessment and take a "
                            "full part in their support plan.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "The pathway from end to end",
                    "Access, assessment, support planning and review would benefit from one review from end to end, "
                    "with a plain emphasis on prevention, early intervention and reablement.",
                    "The care pathway guide; interviews with staff",
                    (
                        Rec(
                            21,
                            "Review the care pathway from end to end (access, assessment, support planning and "
                            "review) in co-production with people who use services and carers (see also "
                            "recommendations 6 and 8).",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Co-production",
                    "Managers and staff understand co-production differently, and people who use services and carers "
                    "experience something closer to consultation.",
                    "Interviews with managers and staff",
                    (
                        Rec(
                            22,
                            "Managers and staff should work with people who use services and carers to define the "
                            "council's approach to co-production in commissioning and service reviews.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Engaging every group",
                    "Engagement is being rebuilt for some groups, such as the Autism Partnership Group and the "
                    "Learning Disability Partnership Board, but not for older people, people with a physical "
                    "disability or people with mental health problems; information is not always plain or gives "
                    "contact details.",
                    "Meetings with boards and groups",
                    (
                        Rec(
                            23,
                            "Set up engagement for every group of people who use services and carers, with plain "
                            "information that always gives contact details.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "The Independent Living Fund and other policies",
                    "People who use services and staff did not know what will happen when the Independent Living "
                    "Fund closes, and were unsure of other policies such as those on direct payments.",
                    "Focus groups",
                    (
                        Rec(
                            24,
                            "(i) Make clear to people who use services and staff what will happen when the "
                            "Independent Living Fund closes; (ii) consider how to make policies and procedures, such "
                            "as those on direct payments, better known to people who use services, carers and staff.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Learning disability access criteria",
                    "The learning disability social work service still uses the old medical-model criteria for "
                    "access, although it is no longer an integrated team.",
                    "Interviews with managers",
                    (
                        Rec(
                            25,
                            "Withdraw the old medical-model criteria for access to the learning disability social "
                            "work service, and give managers and staff new guidance.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Safeguarding",
                    "The council knows safeguarding needs work. Managers described significant risks: the time taken "
                    "for Deprivation of Liberty Safeguards assessments and reviews, tracking cases through the "
                    "safeguarding process, and a board that had questioned performance in the past without seeing "
                    "it improve.",
                    "Interviews with safeguarding managers",
                    (
                        Rec(
                            26,
                            "Act to reduce the risks in adult safeguarding (the time Deprivation of Liberty "
                            "Safeguards assessments and reviews take, and the tracking of cases through the "
                            "safeguarding process) and to improve practice, in line with the law where it applies.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Hearing from people about safeguarding",
                    "Asking people and their families about their experience of safeguarding, and whether they got "
                    "the outcome they wanted, would give the council and the Safeguarding Adults Board assurance "
                    "about practice, as many councils do.",
                    "Interviews with safeguarding managers",
                    (
                        Rec(
                            27,
                            "The council, its safeguarding partners and the Safeguarding Adults Board should "
                            "consider asking people who use services and their family carers, by questionnaire, "
                            "about their experience of safeguarding and whether it gave the outcome they wanted.",
                        ),
                    ),
                ),
            ),
        ),
        Part(
            "The workforce is a key priority for the next year: will our organisation and our improvement plans for "
            "operational staff deliver what we want on quality, personalisation and money?",
            (
                Found(
                    S,
                    "Re-integration",
                    "Very good progress has been made in bringing adult social care back into the council, alongside "
                    "every other pressure.",
                    "Interviews with the leadership team and staff",
                ),
                Found(
                    S,
                    "Political and corporate support",
                    "Senior members across parties, including the Leader, the Cabinet Member, group leaders and "
                    "scrutiny leads, and the Chief Executive all support adult social care and understand its "
                    "challenges.",
                    "Interviews with elected members and the Chief Executive",
                ),
                Found(
                    S,
                    "Planning the workforce together",
                    "A strategic group of several agencies has an integrated workforce plan for adult social care.",
                    "Workforce plan",
                ),
                Found(
                    S,
                    "An open culture",
                    "Staff feel able to speak openly, and the Adult Wellbeing forums can build on that; the social "
                    "care commitment action plan uses \u201cI\u201d statements for recruitment and appraisal, and a "
                    "culture change strategy is planned.",
                    "Focus group with staff; social care commitment action plan",
                ),
                Found(
                    A,
                    "Staff forums",
                    "Some staff see the Adult Wellbeing forums as mainly telling them things; they could be a real "
                    "two-way conversation about the directorate's challenges.",
                    "Focus group with staff",
                    (
                        Rec(
                            28,
                            "Consider how the Adult Wellbeing forums can become a real dialogue with staff about "
                            "transformation and change.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Interim staff",
                    "Many people worried about the use of interim staff and frequent changes; keeping staff and "
                    "growing local talent should come first.",
                    "Interviews with staff and managers",
                    (
                        Rec(
                            29,
                            "Consider how adult wellbeing can use fewer interim staff and keep and develop its "
                            "current workforce.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Support planning skills",
                    "Creative support planning matters for personalised outcomes; staff and frontline managers "
                    "should be trained in it.",
                    "Focus groups",
                    see_also=(6,),
                ),
                Found(
                    A,
                    "The client database",
                    "People described limits in the client database, Frameworki. Worcestershire, which uses the same "
                    "system, has made it produce performance and financial data for managers at every level, and "
                    "the council has visited them.",
                    "Interviews with managers",
                    (
                        Rec(
                            30,
                            "Extend what the client database, Frameworki, does so that frontline and senior "
                            "managers get better reports on activity and performance.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Mobile working",
                    "The county is large and staff travel long distances; better broadband will make mobile and "
                    "flexible working possible and often more efficient.",
                    "Focus group with staff",
                    (
                        Rec(
                            31,
                            "Explore what more staff, who travel long distances across the county, could gain "
                            "from mobile and flexible working.",
                            NOT,
                            "Mobile working is part of the council's corporate technology programme, which already "
                            "covers adult wellbeing staff; the directorate will not run a separate exercise.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Room to innovate",
                    "Staff feel they can be open but not that they may innovate or take risks, and would like more "
                    "decisions delegated to the front line.",
                    "Focus group with staff",
                    (
                        Rec(
                            32,
                            "Consider delegating more authority to frontline staff and managers, over both "
                            "operational and budget decisions.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Providers",
                    "Provider forums have started again. Providers want to take a fuller part in shaping the market "
                    "and in commissioning intentions.",
                    "Meeting with external providers",
                    (
                        Rec(
                            33,
                            "Keep the recently restarted forums with care providers going, and involve providers "
                            "in planning how the care market is shaped.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Training",
                    "Staff said some training providers are cautious about risk and out of date, which does not help "
                    "personalisation.",
                    "Focus group with staff",
                    (
                        Rec(
                            34,
                            "Monitor the quality of staff training programmes and review any that are out of date "
                            "or too cautious about risk for personalisation.",
                        ),
                    ),
                ),
                Found(
                    A,
                    "Workforce and integration",
                    "Integration with the NHS will raise workforce questions; they should not stop the council "
                    "considering models that improve access and outcomes.",
                    "Interviews with the leadership team",
                    see_also=(11,),
                ),
            ),
        ),
    ),
)


# ----- Harrow: independent assurance of the TEASC risk awareness self-assessment, March 2016 ---------

HARROW_2016 = DemoReview(
    gss_code=HARROW,
    title="TEASC risk awareness assurance review 2016",
    kind=Kind.ASSURANCE_REVIEW,
    stage=Stage.FOLLOW_UP,
    on_site_from=dt.date(2016, 3, 15),
    on_site_to=dt.date(2016, 3, 17),
    commissioned_by="Director of Adult Social Services, Harrow Council",
    led_by="Two independent adult social care and health consultants",
    framework="teasc-risk-awareness",
    scope_style=ScopeStyle.ELEMENTS,
    development_label=DevelopmentLabel.CONSIDERATION,
    letter_date=dt.date(2016, 3, 31),
    published_on=dt.date(2016, 3, 31),
    responded_on=dt.date(2016, 5, 16),
    follow_up_due_on=dt.date(2017, 1, 31),
    addressee="Director of Adult Social Services, Harrow Council",
    signatory="Moira Wilson and Anne Flanagan, independent consultants",
    introduction=(
        "The Director of Adult Social Services asked, in December 2015, for a local test of assurance of adult "
        "social care, like the one made for children's services before the People Directorate was set up in July "
        "2015, including how far the new directorate's vision and benefits are being realised. The council "
        "assessed itself with the TEASC risk awareness tool, launched by the LGA and ADASS in October 2015, and "
        "we tested that self-assessment through interviews in Harrow from 15 to 17 March 2016, reading key "
        "documents and analysing performance information."
    ),
    context=(
        "The People Directorate brings children's services, adult services and public health under a Corporate "
        "Director of People. The children's test of assurance of June 2015 made five recommendations, among them "
        "dedicated change management capacity and a formal review after a year; we kept them in mind."
    ),
    executive_summary=(
        "The council knows itself well. Leadership is strong, the culture open, and safeguarding, Mental Capacity "
        "Act work and workforce management are real strengths. The main risks lie in the care market, in a few "
        "whole-system indicators and in the savings still to be found, which will need joint plans with health."
    ),
    conclusion=(
        "The directorate is using the chance to work with whole families and communities in a careful way, and "
        "staff at every level can describe the vision. Money, leadership and the Care Act will keep testing adult "
        "social care; Harrow's culture and leadership put it in a good position to meet those tests. We thank "
        "everyone we met for their openness and the interviews' excellent organisation."
    ),
    team=(
        Member(
            "Moira Wilson",
            TeamRole.REVIEWER,
            "Independent adult social care and health consultant",
            elsewhere="Independent consultant",
        ),
        Member(
            "Anne Flanagan",
            TeamRole.REVIEWER,
            "Independent adult social care and health consultant",
            elsewhere="Independent consultant",
        ),
    ),
    activities=(
        Activity(
            ActivityKind.DOCUMENT_READING,
            "The risk awareness pack, scorecard and key documents",
            0,
            "09:00",
            "11:00",
            "Civic Centre, Harrow",
        ),
        Activity(
            ActivityKind.INTERVIEW,
            "Portfolio holder and Corporate Director",
            0,
            "11:30",
            "13:00",
            "Civic Centre, Harrow",
            "Portfolio holder for adults and older people\nCorporate Director, People",
        ),
        Activity(
            ActivityKind.INTERVIEW,
            "Assistant directors",
            0,
            "14:00",
            "17:00",
            "Civic Centre, Harrow",
            "Assistant Director, adult and children's social care\nAssistant Director, safeguarding assurance "
            "and quality\nAssistant Director, strategic commissioning and provider services",
        ),
        Activity(
            ActivityKind.INTERVIEW,
            "Commissioning and finance",
            1,
            "09:30",
            "12:30",
            "Civic Centre, Harrow",
            "Commissioning lead\nFinance business partner",
        ),
        Activity(
            ActivityKind.INTERVIEW,
            "Service managers",
            1,
            "13:30",
            "17:00",
            "Civic Centre, Harrow",
            "Safeguarding adults and DoLS\nPersonalisation review team\nLong-term social care\nPersonalisation "
            "and hospital teams\nReablement\nComplaints and information requests",
        ),
        Activity(
            ActivityKind.FOCUS_GROUP,
            "Practitioners",
            2,
            "10:00",
            "11:30",
            "Civic Centre, Harrow",
            "Social workers and care managers",
        ),
        Activity(
            ActivityKind.INTERVIEW,
            "Project Infinity",
            2,
            "12:00",
            "13:00",
            "Civic Centre, Harrow",
            "Project manager, adult social care",
        ),
    ),
    people_met=(
        Met("Portfolio Holder, Adults and Older People"),
        Met("Corporate Director, People Services"),
        Met("Assistant Director, Adult and Children's Social Care"),
        Met("Assistant Director, Safeguarding Assurance and Quality Services"),
        Met("Assistant Director, Strategic Commissioning and Provider Services"),
        Met("Interim cover for the Assistant Director, Strategic Commissioning and Provider Services"),
        Met("Senior Professional, Commissioning"),
        Met("Service Manager, Safeguarding Adults and DoLS"),
        Met("Finance Business Partner"),
        Met("Service Manager, Personalisation Review Team"),
        Met("Service Manager, Long Term Social Care Team"),
        Met("Service Manager, Personalisation and Hospital Teams"),
        Met("Service Manager, Reablement"),
        Met("Service Manager, Complaints and Information Requests"),
        Met("Social workers and care managers", is_group=True),
        Met("Project Manager, Adult Social Care"),
    ),
    parts=(
        Part(
            "Leadership and governance",
            (
                Found(
                    S,
                    "The People Directorate",
                    "Everyone we met sees the People Directorate as a sensible step "
                    "that has gone well: the change capacity promised after the children's test of assurance "
                    "made for a smooth move, and people regard the adult services leadership team as strong, "
                    "visible and committed.",
                    "Interviews with leaders and managers",
                    (
                        Rec(
                            2,
                            "Keep the focus on adult social care high in the new People Directorate, so that "
                            "wellbeing, prevention and whole-system working with health keep moving.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    S,
                    "The portfolio holder",
                    "The portfolio holder, in post since April 2015 with a health "
                    "background, wants the Health and Wellbeing Board to lead integration and can act as an "
                    "honest broker between health and social care.",
                    "Interview with the portfolio holder",
                    (
                        Rec(
                            1,
                            "Keep developing the Health and Wellbeing Board's role in integration and in managing "
                            "financial pressures, which the portfolio holder's experience as its chair helps; "
                            "consider outside facilitation, for example from the LGA.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    S,
                    "Governance",
                    "Governance in the directorate supports joined-up work across children's "
                    "services, adult social care and public health without losing sight of adults.",
                    "Directorate governance papers",
                ),
                Found(
                    A,
                    "Keeping adult social care visible",
                    "Adult social care must stay visible so that the "
                    "whole council owns the Care Act's duties on wellbeing and prevention and the move to "
                    "whole-system working with health.",
                    "Interviews with leaders",
                ),
                Found(
                    S,
                    "Project Infinity",
                    "Leaders' energy shows in innovation such as Project Infinity, which "
                    "builds on personalisation with a community-wide, asset-based offer using technology, leaner "
                    "back-office work, live information and commercial partners.",
                    "Interview with the project manager",
                ),
            ),
            element="Leadership and governance",
        ),
        Part(
            "Performance and outcomes",
            (
                Found(
                    S,
                    "Safeguarding",
                    "The safeguarding peer review of November 2013 went well and its few "
                    "recommendations are in the Safeguarding Adults Board's business plan and being carried out. "
                    "Concerns raised have risen by about 35% since April 2015, as in most councils, and the "
                    "specialist team is managing the rise with an extra post.",
                    "Safeguarding Adults Board business plan; interviews",
                ),
                Found(
                    S,
                    "Making Safeguarding Personal",
                    "Making Safeguarding Personal has been in place since 2013 "
                    "and independent file audits, practitioners and an independent social worker's follow-up "
                    "with people all show it is well used.",
                    "Independent file audits; interviews",
                ),
                Found(
                    S,
                    "Mental Capacity Act and Deprivation of Liberty Safeguards",
                    "Statutory timescales are "
                    "met despite assessments rising by 200% since 2014-15, thanks to a mixed pool of best "
                    "interests assessors and strong leadership; the cost goes beyond the government grant.",
                    "Performance figures; interview with the service manager",
                ),
                Found(
                    A,
                    "Safeguarding systems and boards",
                    "Framework-i will need changing for the new pan-London "
                    "safeguarding guidelines, and local guidance rewriting. Support to the two safeguarding "
                    "boards might be run more efficiently, and the board, chaired by the Director, may wish to "
                    "consider an independent chair, as many have.",
                    "Interviews with safeguarding managers",
                    (
                        Rec(
                            3,
                            "Safeguarding adults, Mental Capacity Act work included, is strong: look for savings in "
                            "supporting Harrow's two safeguarding boards while keeping quality, consider an "
                            "independent chair for the Safeguarding Adults Board, and find the resources to "
                            "bring local systems into line with the new pan-London guidelines.",
                            PART,
                            "The savings and the pan-London changes are accepted. The board will consider an "
                            "independent chair at its annual review rather than now.",
                        ),
                    ),
                ),
                Found(
                    S,
                    "Strong performance",
                    "A monthly scorecard meeting feeds the corporate improvement board. "
                    "In Q3 2015/16, 83% of people had self-directed support and 44% a direct "
                    "payment; every carer had self-directed support, all by direct payment; 14% of people with "
                    "a learning disability were in paid work, the second highest in London in 2014-15, and 6.4% "
                    "of people with mental health needs.",
                    "Q3 2015/16 scorecard",
                ),
                Found(
                    A,
                    "Reviews within a year",
                    "81% of people had a review within 12 months, lower than before; "
                    "managers were acting to reach the year-end target of 90%.",
                    "Q3 2015/16 scorecard",
                ),
                Found(
                    A,
                    "Whole-system indicators",
                    "Delayed transfers of care have slipped from best in London to the middle of the range; "
                    "long-term admissions to care homes of people under 65 are above comparators; "
                    "and fewer people need no or less support after reablement than in comparable councils, "
                    "probably because reablement is offered to everyone leaving hospital.",
                    "Scorecard; comparator figures",
                    (
                        Rec(
                            5,
                            "Look further at the few whole-system indicators that warrant it against a background "
                            "of strong performance: delayed transfers of care, what reablement achieves, and "
                            "care home admissions of people under 65.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    S,
                    "The front line",
                    "Harrow is setting its own benchmarks for how long assessments take; "
                    "staff work well across the customer journey, value My Care Place, and see the new 0 to 25 "
                    "disability service already paying off.",
                    "Focus group with practitioners",
                ),
            ),
            element="Performance and outcomes",
        ),
        Part(
            "Commissioning and quality",
            (
                Found(
                    S,
                    "Quality",
                    "The council works with providers and people who use services to raise "
                    "quality, and relations with CQC are reported to be excellent.",
                    "Risk awareness pack",
                ),
                Found(
                    A,
                    "A fragile market",
                    "Four providers have left the market recently and low fees put "
                    "providers off; fees will rise in 2016-17, paid for by the 2% social care precept. There are "
                    "gaps for Asian people with dementia and in mental health step-down beds, and the market "
                    "position statement dates from 2013.",
                    "Interviews with commissioners; market position statement",
                ),
                Found(
                    A,
                    "Commissioning strategies",
                    "No commissioning strategy has been finished in the past year, "
                    "though three (accommodation, learning disabilities and carers) are being written, and there "
                    "is room for more joint plans with health. The West London Alliance approach and some "
                    "framework agreements may help with prices and supply.",
                    "Interviews with commissioners",
                    (
                        Rec(
                            4,
                            "Work more closely with health commissioners on joint strategic commissioning, to "
                            "make the most of new models of care, revisiting the West London Alliance "
                            "relationship and market management; consider the Commissioning for Better "
                            "Outcomes self-assessment.",
                            ACC,
                        ),
                    ),
                ),
            ),
            element="Commissioning and quality",
        ),
        Part(
            "National priorities and partnerships",
            (
                Found(
                    S,
                    "Relationships with health",
                    "Relationships with health have improved markedly in two "
                    "years: protection of adult social care in the Better Care Fund was agreed in full for "
                    "2016-17.",
                    "Interviews; Better Care Fund plan",
                ),
                Found(
                    S,
                    "The Care Act",
                    "Harrow was well placed for the Care Act; scrutiny heard in "
                    "February 2016 how far it had come since April 2015.",
                    "Scrutiny report, February 2016",
                ),
                Found(
                    A,
                    "Integration",
                    "Money is tight for both the clinical commissioning group and the council "
                    "and talks on a model of integration are at an early stage; specific joint plans could help "
                    "both budgets and outcomes.",
                    "Interviews with leaders",
                    (
                        Rec(
                            6,
                            "Strengthen the focus on integrating health and social care with specific joint "
                            "transformation plans, to tackle both budget gaps and outcomes, and use the Better "
                            "Care Fund for 2016-17 onwards, seen as one Harrow pound, to raise the profile of "
                            "integration at every level.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "Integration at the front line",
                    "Staff want to work more closely with health; the North "
                    "West London Integrated Care Pioneer programme is little known to them, and co-location "
                    "would help.",
                    "Focus group with practitioners",
                    (
                        Rec(
                            8,
                            "Make the most of the Integrated Care Programme's virtual wards, and of co-location, to "
                            "bring front line social care staff and health colleagues closer together.",
                            ACC,
                        ),
                    ),
                ),
            ),
            element="National priorities and partnerships",
        ),
        Part(
            "Resource and workforce management",
            (
                Found(
                    A,
                    "Money",
                    "Harrow's spending power ranks 26th of 32 London boroughs. Adult social care has "
                    "saved £21.4m in six years and must find £13m more in three; the easy savings are gone. The "
                    "Better Care Fund pools only the minimum, and staff would benefit from continuing to hear the "
                    "financial position.",
                    "Financial plans; interviews with finance",
                    (
                        Rec(
                            7,
                            "Consider using the TEASC tool on making best use of reducing resources to look for "
                            "further ways to reduce or change adult social care spending for the best outcomes.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    S,
                    "Workforce",
                    "Workforce management is a strength: sickness absence is falling (8.5 days "
                    "in 2015-16), appraisals are high, agency spend is falling and turnover is low, with people "
                    "coming back to work in Harrow.",
                    "Workforce figures; focus group",
                ),
                Found(
                    A,
                    "Routes into professional training",
                    "Experienced staff without a social work "
                    "qualification could be helped into professional training and a career in Harrow.",
                    "Interviews with managers",
                    (
                        Rec(
                            9,
                            "Consider whether experienced adult social care staff without a social work "
                            "qualification could be supported into professional training.",
                            ACC,
                        ),
                    ),
                ),
                Found(
                    A,
                    "The Principal Social Worker",
                    "New statutory guidance strengthens the Principal Social "
                    "Worker's role; combining the adults' and children's roles would need careful thought about "
                    "visibility, time and adult social care expertise.",
                    "Care and support statutory guidance",
                    (
                        Rec(
                            10,
                            "Consider every part of the recent guidance on the Principal Social Worker, for "
                            "adults and for children, before deciding Harrow's Principal Social Worker arrangements.",
                            ACC,
                        ),
                    ),
                ),
            ),
            element="Resource and workforce management",
        ),
        Part(
            "Culture and challenge",
            (
                Found(
                    S,
                    "An open culture",
                    "Staff describe managers who are visible, available and know them and "
                    "their work, and feel well informed.",
                    "Focus group with practitioners",
                ),
                Found(
                    S,
                    "The merger",
                    "Staff see the merger as a continuation of close working, not a takeover.",
                    "Interviews and focus group",
                ),
                Found(
                    A,
                    "The Local Account",
                    "The last Local Account published was for 2013-14; it has become a "
                    "user-led group driving improvement, and a way of capturing its work would help.",
                    "Interviews; Local Account 2013-14",
                ),
            ),
            element="Culture and challenge",
        ),
    ),
)


# ----- Harrow: a current review, in fieldwork (made up for the demo) ---------------------------------

CURRENT_TITLE = "Preparation for CQC assessment: peer challenge"

HARROW_CURRENT = DemoReview(
    gss_code=HARROW,
    title=CURRENT_TITLE,
    kind=Kind.PREPARATION,
    stage=Stage.FIELDWORK,
    on_site_from=None,  # set from the day the demo first runs
    on_site_to=None,
    commissioned_by="Harrow Council, through London ADASS",
    region=LONDON,
    led_by="Walsall Council",
    lead_council="Walsall",
    scope_style=ScopeStyle.KEY_LINE,
    key_line="How well do people in Harrow get timely advice, assessment and support that keeps them independent?",
    development_label=DevelopmentLabel.DEVELOPMENT,
    team=(
        Member(
            "Dr Nadia Kaur",
            TeamRole.OFFICER_PEER,
            "Assistant Director, Adult Social Care, Walsall Council",
            council="Walsall",
            is_lead=True,
            email=REVIEWER_EMAIL,
        ),
        Member("Jordan Ellis", TeamRole.EXPERT_BY_EXPERIENCE, "", elsewhere="Demo peers network"),
        Member(
            "Morgan Reid",
            TeamRole.CHALLENGE_MANAGER,
            "Sector-Led Improvement Programme Manager, London ADASS",
            elsewhere="London ADASS",
        ),
    ),
    activities=(
        Activity(
            ActivityKind.DOCUMENT_READING, "Reading the self-assessment and scorecard", -1, "10:00", "16:00", "Remote"
        ),
        Activity(
            ActivityKind.INTERVIEW,
            "Director of Adult Social Services",
            0,
            "09:30",
            "10:30",
            "Civic Centre",
            "Director of Adult Social Services",
        ),
        Activity(ActivityKind.FOCUS_GROUP, "Carers", 0, "14:00", "15:30", "Civic Centre", "Six carers"),
        Activity(
            ActivityKind.MYSTERY_SHOPPER,
            "Calls to the front door",
            0,
            "11:00",
            "12:00",
            "By telephone",
            "Five calls, twelve minutes apart",
        ),
        Activity(
            ActivityKind.CASE_FILE_AUDIT,
            "Twelve case files from reablement",
            1,
            "09:30",
            "12:30",
            "Civic Centre",
            "Team Manager, Reablement",
        ),
        Activity(ActivityKind.SITE_VISIT, "Reablement team base", 2, "10:00", "11:30", "Harrow", "Reablement staff"),
    ),
    people_met=(
        Met("Director of Adult Social Services"),
        Met("Head of Service, Quality Assurance"),
        Met("Team Manager, Reablement"),
        Met("Carers' group", is_group=True),
    ),
    parts=(
        Part(
            "The front door: information, advice and first contact",
            (
                Found(
                    A,
                    "Calls answered",
                    "Two of the five calls made to the front door waited more than ten minutes to be answered.",
                    "Mystery-shopper calls on the first day",
                    status=FindingStatus.APPROVED,
                ),
                Found(
                    S,
                    "Advice online",
                    "The online directory of local support is easy to find and up to date.",
                    status=FindingStatus.DRAFT,
                ),
            ),
        ),
        Part(
            "Assessment and review in good time",
            (
                Found(
                    A,
                    "Reviews",
                    "Fewer people are reviewed within a year than the council's own target.",
                    status=FindingStatus.APPROVED,
                ),
            ),
        ),
        Part("Reablement and leaving hospital", ()),
    ),
    notes=(
        "Carers' group: three of the six had not been offered a carer's assessment. Check the figures with the "
        "scorecard before we write this up.",
    ),
)

DEMOS = (HEREFORDSHIRE_2014, HARROW_2016, HARROW_CURRENT)


# ----- loading -------------------------------------------------------------------------------------


def load_demo_reviews(*, today: dt.date | None = None) -> str:
    """Load the three demo reviews; returns a summary line."""
    today = today or timezone.localdate()
    parts = []
    for demo in DEMOS:
        review, state = load_demo_review(demo, today=today)
        stage = review.get_stage_display().lower()
        parts.append(f"{review.organisation.name}: {review.title} ({stage}; {state})")
    return "; ".join(parts)


def _is_ours(review: Review) -> bool:
    return review.history.filter(history_change_reason=DEMO_MARKER).exists()


def load_demo_review(demo: DemoReview, *, today: dt.date) -> tuple[Review, str]:
    """Make one demo review, or keep the one made before; returns it and what was done."""
    organisation = Organisation.objects.filter(gss_code=demo.gss_code).first()
    if organisation is None:
        raise DemoDataError("Load the reference data first: manage.py load_reference_data")
    existing = list(Review.objects.in_organisation(organisation).filter(title=demo.title))
    ours = next((review for review in existing if _is_ours(review)), None)
    if ours is not None:
        with transaction.atomic():
            kept = _keep_seat(ours, demo, today)
            added = _letter_version(ours)
        state = (
            "already there"
            + (", reviewer's seat renewed" if kept else "")
            + (", letter version added" if added else "")
        )
        return ours, state
    if existing:
        return existing[0], "the council's own review, left alone"
    with transaction.atomic():
        review = _create(demo, organisation, today)
        _letter_version(review)
    return review, "added"


def _users() -> dict[str, object]:
    User = get_user_model()
    wanted = {
        HARROW: "dass@harrow.demo.ascent.invalid",
        HEREFORDSHIRE: "dass@herefordshire.demo.ascent.invalid",
        "reviewer": REVIEWER_EMAIL,
    }
    found = {user.email: user for user in User.objects.filter(email__in=wanted.values())}
    if len(found) != len(wanted):
        raise DemoDataError("Load the demo people first (manage.py demo loads them before the reviews)")
    return {key: found[email] for key, email in wanted.items()}


def _council(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first() if name else None  # access: councils are reference data


def _current_first_day(today: dt.date) -> dt.date:
    """The current review's first day on site: the latest Tuesday before today (on site Tuesday to Thursday)."""
    yesterday = today - dt.timedelta(days=1)
    return yesterday - dt.timedelta(days=(yesterday.weekday() - 1) % 7)


def _at(day: dt.date, clock: str) -> dt.datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hours, minutes)))


def _create(demo: DemoReview, organisation: Organisation, today: dt.date) -> Review:
    users = _users()
    host_admin = users[demo.gss_code]
    on_site_from = demo.on_site_from or _current_first_day(today)
    on_site_to = demo.on_site_to or on_site_from + dt.timedelta(days=2)
    is_current = demo.stage in (Stage.SCOPING, Stage.FIELDWORK, Stage.REPORTING)
    framework = _framework(demo.framework) if demo.framework else None
    review = Review(
        organisation=organisation,
        kind=demo.kind,
        title=demo.title,
        stage=demo.stage,
        on_site_from=on_site_from,
        on_site_to=on_site_to,
        commissioned_by=demo.commissioned_by,
        commissioning_region=Region.objects.filter(code=demo.region).first() if demo.region else None,
        led_by=demo.led_by,
        lead_organisation=_council(demo.lead_council),
        framework=framework,
        scope_style=demo.scope_style,
        key_line_of_enquiry=demo.key_line,
        development_label=demo.development_label,
        letter_date=demo.letter_date,
        addressee=demo.addressee,
        signatory=demo.signatory,
        introduction=demo.introduction,
        context=demo.context,
        executive_summary=demo.executive_summary,
        conclusion=demo.conclusion,
        follow_up_due_on=demo.follow_up_due_on,
    )
    if demo.published_on:
        review.published_at = _at(demo.published_on, "12:00")
        review.published_by = host_admin
        review.team_access_ends_on = demo.published_on + dt.timedelta(days=90)
    else:
        review.team_access_ends_on = on_site_to + dt.timedelta(days=183)
    review._history_user = host_admin
    review._change_reason = DEMO_MARKER
    review.save()

    # The team.
    lead_user = None
    members = []
    for position, member in enumerate(demo.team):
        user = users["reviewer"] if member.email == REVIEWER_EMAIL else None
        row = TeamMember(
            review=review,
            position=position,
            name=member.name,
            role=member.role,
            job_title=member.job_title,
            home_organisation=_council(member.council),
            home_organisation_name="" if _council(member.council) else (member.elsewhere or member.council),
            is_lead=member.is_lead,
            email=member.email,
            user=user,
        )
        if user is not None:
            row.grant = AccessGrant.objects.create(
                user=user,
                record=review,
                level=AccessGrant.Level.EDIT,
                starts_on=today,
                ends_on=review.team_access_ends_on,
                granted_by=host_admin,
                reason=f"Team of {review.title}",
            )
            lead_user = user if member.is_lead else lead_user
        row._history_user = host_admin
        row.save()
        members.append(row)
    # Who drafts and approves: the team's lead where they have an account; else the host recording it.
    author = lead_user or host_admin

    # The timetable and the people met.
    for item in demo.activities:
        day = on_site_from + dt.timedelta(days=item.day)
        activity = FieldworkActivity(
            review=review,
            kind=item.kind,
            title=item.title,
            starts_at=_at(day, item.start),
            ends_at=_at(day, item.end),
            location=item.location,
            participants=item.participants,
        )
        activity._history_user = author
        activity.save()
        activity.team_members.set(members)
    for position, met in enumerate(demo.people_met):
        person = PersonMet(review=review, position=position, role=met.role, is_group=met.is_group)
        person._history_user = author
        person.save()

    # Scope and findings, then the recommendations in the letter's order: by their number, an
    # unnumbered one in the place it has in the letter (Herefordshire's fifth and sixth).
    elements = _elements(framework) if framework else {}
    made: list[tuple[int, Rec, ScopeItem, object, Finding]] = []
    see_also: list[tuple[Finding, tuple[int, ...]]] = []
    finding_position = 0
    # A past review's findings were approved by its team when it left the site; the current one's now.
    approved_at = _at(on_site_to, "17:00") if demo.on_site_to else timezone.now()
    for general in demo.general:
        finding_position += 1
        _finding(review, None, None, general, finding_position, author, approved_at)
    for index, part in enumerate(demo.parts):
        element = elements.get(part.element.lower()) if part.element else None
        if part.element and element is None:
            raise DemoDataError(f"The demo expects the element {part.element!r} in {framework}")
        if element is not None:
            kind = ScopeItem.ItemKind.ELEMENT
        elif demo.scope_style == ScopeStyle.KEY_LINE:
            kind = ScopeItem.ItemKind.SUB_AREA
        else:
            kind = ScopeItem.ItemKind.QUESTION
        item = ScopeItem(review=review, position=index, kind=kind, text=part.text, element=element)
        item._history_user = host_admin
        item.save()
        for found in part.findings:
            finding_position += 1
            finding = _finding(review, item, element, found, finding_position, author, approved_at)
            if found.see_also:
                see_also.append((finding, found.see_also))
            for rec in found.recommends:
                made.append((rec.number or len(made) + 1, rec, item, element, finding))
    by_number: dict[int, Recommendation] = {}
    for position, (slot, rec, item, element, finding) in enumerate(sorted(made, key=lambda row: row[0]), 1):
        recommendation = Recommendation(
            review=review,
            position=position,
            number=rec.number,
            is_numbered=rec.number is not None,
            text=rec.text,
            scope_item=item,
            created_by=author,
        )
        if rec.response and demo.responded_on:
            recommendation.response = rec.response
            recommendation.response_reason = rec.reason
            recommendation.responded_at = _at(demo.responded_on, "16:00")
            recommendation.responded_by = host_admin
        recommendation._history_user = author
        recommendation.save()
        recommendation.findings.add(finding)
        if element is not None:
            recommendation.elements.add(element)
        by_number[slot] = recommendation  # the letter refers to its unnumbered ones by their place
    for finding, numbers in see_also:
        for number in numbers:
            if number in by_number:
                by_number[number].findings.add(finding)

    if is_current:
        _current_extras(review, organisation, users["reviewer"], host_admin, demo)
    return review


def _finding(review, item, element, found: Found, position: int, author, approved_at: dt.datetime) -> Finding:
    finding = Finding(
        review=review,
        scope_item=item,
        element=element,
        kind=found.kind,
        heading=found.heading,
        text=found.text,
        evidence_references=found.evidence,
        position=position,
        status=found.status,
        drafted_by=author,
    )
    if found.status == FindingStatus.APPROVED:
        finding.approved_by = author
        finding.approved_at = approved_at
    finding._history_user = author
    finding.save()
    return finding


def _current_extras(review: Review, organisation: Organisation, reviewer, host_admin, demo: DemoReview) -> None:
    """What the host shares with the current review's team, and the team's first notes."""
    from ascent.assessments.models import SelfAssessment, Status
    from ascent.evidence.models import EvidenceFile
    from ascent.indicators.models import Indicator

    shared = (
        SelfAssessment.objects.in_organisation(organisation)
        .filter(status=Status.SIGNED_OFF)
        .order_by("-period_start", "-version")
        .first()
    )
    if shared is not None:
        review.shared_assessment = shared
        review._history_user = host_admin
        review.save(update_fields=["shared_assessment"])
    for evidence in EvidenceFile.objects.in_organisation(organisation).order_by("-evidence_date", "pk")[:2]:
        item = LibraryItem(review=review, evidence=evidence, added_by=host_admin, note="Shared for the peer challenge")
        item._history_user = host_admin
        item.save()
    for indicator in (
        Indicator.objects.visible_to(host_admin).filter(code__in=["HAR-REV12", "ASCOF-1C1A"]).order_by("code")[:2]
    ):
        link = ReviewIndicator(review=review, indicator=indicator, added_by=host_admin)
        link._history_user = host_admin
        link.save()
    # The notes are about the carers' focus group on the first day on site, which is past.
    activity = review.activities.filter(kind=ActivityKind.FOCUS_GROUP).order_by("starts_at").first()
    for text in demo.notes:
        note = TeamNote(review=review, activity=activity, author=reviewer, text=text)
        note._history_user = reviewer
        note.save()


def _keep_seat(review: Review, demo: DemoReview, today: dt.date) -> bool:
    """Keep the demo reviewer's grant of the current review in force on a later run."""
    if demo.stage not in (Stage.SCOPING, Stage.FIELDWORK, Stage.REPORTING) or not review.is_open:
        return False
    member = review.team.filter(user__email=REVIEWER_EMAIL).select_related("grant").first()
    if member is None or member.grant is None or member.grant.ends_on >= today:
        return False
    ends_on = today + dt.timedelta(days=183)
    member.grant.ends_on = ends_on
    member.grant.save(update_fields=["ends_on"])
    review.team_access_ends_on = ends_on
    review._history_user = None
    review.save(update_fields=["team_access_ends_on"])
    return True


def _letter_version(review: Review) -> bool:
    """The published letter's first version, if the review is published and the letter module can make one."""
    if review.is_open or LetterVersion.objects.in_organisation(review.organisation).filter(review=review).exists():
        return False
    try:
        from . import letter
    except ImportError:  # the letter is built by another part of the app, not in this build
        return False
    snapshot = getattr(letter, "snapshot", None)
    if snapshot is None:
        return False
    version = LetterVersion(
        review=review,
        version=1,
        content=snapshot(review),
        published_at=review.published_at or timezone.now(),
        published_by=review.published_by,
        note="The letter as sent",
    )
    version._history_user = review.published_by
    version.save()
    return True


def _framework(slug: str):
    from ascent.frameworks.models import Framework

    framework = Framework.objects.filter(organisation__isnull=True, slug=slug).current().first()
    if framework is None:
        from ascent.frameworks.crosswalk import load_shipped_crosswalk
        from ascent.frameworks.loading import load_shipped_frameworks

        load_shipped_frameworks()
        load_shipped_crosswalk()
        framework = Framework.objects.filter(organisation__isnull=True, slug=slug).current().first()
        if framework is None:
            raise DemoDataError(f"The demo needs the shipped framework {slug!r}")
    return framework


def _elements(framework) -> dict:
    from ascent.frameworks.models import Element

    return {element.title.lower(): element for element in Element.objects.filter(framework=framework, is_rated=True)}
