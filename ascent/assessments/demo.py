"""Demo self-assessments: Harrow's TEASC risk awareness (2015-16) and Herefordshire's CQC (2024-25).

Harrow's ratings follow what the independent assurance review of March 2016 found under each
of the six TEASC domains (strong leadership, safeguarding and workforce; worries about the care
market, a few whole-system indicators and the savings still to find). Every sentence here is
ours: the review's facts and figures are used, its wording is not. Herefordshire's CQC
self-assessment is made up for the demo, around the few facts its 2014 peer challenge gave, and
is built to show the assurance checks at work: a score of 3 on a quality statement whose linked
indicator is off target, and a score resting only on old evidence.

Both are signed off by the council's demo admin with a justification for every open flag, and
Herefordshire's is shared with the West Midlands region, so the demo regional lead sees it.
Evidence files are small real documents (Word and PDF) generated here, not shipped binaries.

Running it again adds nothing twice: an assessment the demo made is kept as it is (signed off
if it was left submitted, shared if the demo shares it), and an evidence file is found by its
title. The demo only ever touches self-assessments it made itself, known by the change reason
:data:`DEMO_MARKER` on their first history record (no page writes it). A council's own
self-assessment of the same framework and period is left alone, and the summary says so. A
signed-off version is never given new justifications: only the sign-off itself writes them.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ascent.core.periods import parse_period
from ascent.core.rag import Comparison, TargetKind
from ascent.evidence.models import EvidenceFile, EvidenceKind
from ascent.frameworks.models import Element, Framework
from ascent.indicators.models import Indicator, Observation, Target
from ascent.organisations.demo import HARROW, HEREFORDSHIRE, DemoDataError
from ascent.organisations.models import Organisation

from .models import (
    ElementRating,
    RatingEvidence,
    RatingIndicator,
    SelfAssessment,
    Status,
    TopRisk,
)

TEASC = "teasc-risk-awareness"
CQC = "cqc-la-assessment"
DEMO_TARGET_NOTE = "Demonstration target, made up for the demo"
#: The change reason of a demo self-assessment's first history record: how the demo knows its own.
DEMO_MARKER = "Made by the Ascent demo data"


@dataclass(frozen=True)
class Evidence:
    title: str
    kind: str
    date: str  # ISO date: when the evidence was true
    description: str
    #: "docx" or "pdf": the demo writes a small document of that type.
    fmt: str = "docx"


@dataclass(frozen=True)
class Rating:
    #: The element's key, or its title (TEASC domains are found by title, whatever their order).
    element: str
    rating: str
    narrative: str
    strengths: str = ""
    areas: str = ""
    indicators: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    #: Written by the admin at sign-off for any open flag on this rating.
    justification: str = ""


@dataclass(frozen=True)
class Risk:
    risk: str
    mitigation: str
    element: str = ""


@dataclass(frozen=True)
class DemoAssessment:
    gss_code: str
    framework: str
    period: str
    admin_email: str
    owner_email: str
    ratings: tuple[Rating, ...]
    risks: tuple[Risk, ...] = ()
    sign_off_note: str = ""
    shared: bool = False
    #: For a flag on no rating of ours (a whole-assessment flag).
    general_justification: str = ""
    targets: tuple[tuple[str, str, int], ...] = field(default=())
    #: When the council submitted, signed off (and shared) it: past events, recorded as such.
    submitted_at: dt.datetime | None = None
    signed_off_at: dt.datetime | None = None
    shared_at: dt.datetime | None = None


# ----- Harrow: TEASC risk awareness, 2015-16 -------------------------------------------------

Q3_SCORECARD = Evidence(
    "Adult social care scorecard, quarter 3 2015/16",
    EvidenceKind.DATA,
    "2015-12-31",
    "The monthly performance meeting's scorecard at the end of December 2015.",
    "pdf",
)

HARROW_TEASC = DemoAssessment(
    gss_code=HARROW,
    framework=TEASC,
    period="2015-16",
    admin_email="dass@harrow.demo.ascent.invalid",
    owner_email="editor@harrow.demo.ascent.invalid",
    ratings=(
        Rating(
            "Leadership and governance",
            "green",
            "Children's, adults' and public health services came together in one People Directorate in "
            "July 2015. The move went smoothly because change management support was in place, and the adult "
            "services leadership team is well regarded, visible and stable. The lead member, in post since "
            "April 2015, brings a health background to chairing the Health and Wellbeing Board.",
            strengths="A settled senior team; a lead member who explains adult social care to other councillors "
            "and backs hard decisions; governance that joins up the directorate while keeping a distinct "
            "focus on adults.",
            areas="Keep adult social care visible inside a larger directorate, so that the Care Act's wellbeing "
            "and prevention duties stay owned across the council.",
            indicators=("HAR-REV12",),
            evidence=(
                Evidence(
                    "People Directorate implementation plan",
                    EvidenceKind.PROCESSES,
                    "2015-07-01",
                    "The plan for bringing the three services together, with its risks and mitigations.",
                ),
                Q3_SCORECARD,
            ),
            justification="The overdue reviews are a throughput problem in one team, not a failure of "
            "governance: the scorecard meeting spotted the fall, and the recovery plan it asked for is on "
            "track to reach 90% by the end of March. We keep the rating and will check it at quarter 4.",
        ),
        Rating(
            "Performance and outcomes",
            "amber",
            "Most measures compare well. At quarter 3, 83% of people used self-directed support and 44% took "
            "a direct payment; every carer had a direct payment; 14% of people with a learning disability were "
            "in paid work in 2014/15, second in London. Safeguarding is strong and Deprivation of Liberty "
            "assessments meet the statutory timescales despite a threefold rise. Against that, only 81% of "
            "reviews were done within 12 months (target 90%), delayed discharges have slipped from the best in "
            "London to the middle, more younger adults go into care homes than in similar councils, and fewer "
            "people leave reablement needing no further support.",
            strengths="Personalisation and direct payments; employment for people with learning disabilities "
            "and mental health needs; Making Safeguarding Personal, checked by independent file audits.",
            areas="Reviews within 12 months; delayed transfers of care; care home admissions of people under 65; "
            "reablement outcomes, to be looked at with health commissioners.",
            indicators=("ASCOF-1C1A", "ASCOF-1C2A", "ASCOF-1E", "HAR-REV12", "ASCOF-2A1", "ASCOF-2D"),
            evidence=(
                Q3_SCORECARD,
                Evidence(
                    "Safeguarding case file audit summary",
                    EvidenceKind.PROCESSES,
                    "2016-01-29",
                    "Findings of the latest independent audit of safeguarding files against Making Safeguarding "
                    "Personal.",
                ),
                Evidence(
                    "Safeguarding follow-up interviews with people",
                    EvidenceKind.PEOPLES_EXPERIENCE,
                    "2016-02-15",
                    "What people told the independent social worker who contacts them when their safeguarding "
                    "enquiry closes.",
                ),
            ),
            justification="Amber already reflects these measures; the recovery actions are in the area for "
            "development and in the top risks.",
        ),
        Rating(
            "Commissioning and quality",
            "red",
            "Quality monitoring works well, involves people who use services, and relations with CQC are good. "
            "The market is the worry: four providers have left in recent months, our fees are below those of "
            "neighbouring boroughs and providers are less willing to work here. There are gaps in care for "
            "Asian elders with dementia and in mental health step-down beds. Our market position statement "
            "dates from 2013 and no commissioning strategy was finished in the last year.",
            strengths="Provider quality work led by the safeguarding assurance and quality service, with people "
            "who use services taking part.",
            areas="Refresh the market position statement; finish the accommodation, learning disability and "
            "carers strategies; plan commissioning jointly with health; look again at pricing with the West "
            "London Alliance.",
            evidence=(
                Evidence(
                    "Market position statement 2013",
                    EvidenceKind.PROCESSES,
                    "2013-06-30",
                    "The last published statement of local care supply and demand.",
                ),
                Evidence(
                    "Provider exits log 2015/16",
                    EvidenceKind.DATA,
                    "2016-02-29",
                    "Providers that handed back contracts or closed this year, and what happened to the people "
                    "they supported.",
                ),
            ),
            justification="Rated high risk on purpose: the flag is about the age of some evidence, and the "
            "refreshed market position statement is the first action under our top risk 1.",
        ),
        Rating(
            "National priorities and partnerships",
            "amber",
            "Relations with health partners have improved a great deal over two years, and the Better Care Fund's "
            "protection of social care is agreed for 2016/17 in good time. The Care Act's first-year duties are "
            "in place, as reported to scrutiny in February 2016. The shape of integration with the CCG is still "
            "undecided, and the integrated care pioneer work is little known among front-line staff.",
            strengths="Working relationships with the CCG; Care Act implementation; a Health and Wellbeing Board "
            "that can bring partners together.",
            areas="Agree a model of integration and joint transformation plans; make integration visible to staff "
            "through co-location and joint events.",
            evidence=(
                Evidence(
                    "Care Act implementation: report to scrutiny",
                    EvidenceKind.PROCESSES,
                    "2016-02-09",
                    "Progress on the Care Act since April 2015 and the work still under way.",
                ),
                Evidence(
                    "Better Care Fund plan 2016/17",
                    EvidenceKind.PROCESSES,
                    "2016-03-01",
                    "The agreed pooled budget and its metrics, including a local target for delayed transfers.",
                ),
            ),
            justification="Both documents are formal plans because this domain is about agreements between "
            "partners; staff feedback on joint working is in the Culture and challenge evidence.",
        ),
        Rating(
            "Resource and workforce management",
            "amber",
            "Adult social care has saved £21.4m over six years and must find another £13m over the next three, "
            "with the easier savings already taken and the local NHS also in deficit. Our spending power ranks "
            "26th of 32 London boroughs. The workforce is a strength: sickness absence has fallen to 8.5 days, "
            "appraisals are up to date, agency spending is falling and staff turnover is low.",
            strengths="A stable, committed workforce; Project Infinity's potential to earn income; tight approval "
            "of care packages.",
            areas="Plan the next savings with health as one budget for the borough; keep staff informed of the "
            "financial position; open professional training to experienced staff without a social work "
            "qualification.",
            indicators=("HAR-SICK",),
            evidence=(
                Evidence(
                    "Medium-term financial strategy: adult social care savings",
                    EvidenceKind.DATA,
                    "2016-02-18",
                    "Savings delivered since 2010 and those planned to 2018/19.",
                    "pdf",
                ),
                Evidence(
                    "Workforce dashboard, December 2015",
                    EvidenceKind.DATA,
                    "2015-12-31",
                    "Sickness absence, appraisals, agency spending and turnover in adult services.",
                ),
            ),
            justification="Amber reflects the savings still to find; the workforce figures are data by nature.",
        ),
        Rating(
            "Culture and challenge",
            "green",
            "Staff describe an open culture: managers are visible, listen and know their teams' work. The merger "
            "is seen as building on close working that already existed. The Local Account has become a standing "
            "group of people who use services, working on improvements rather than a yearly publication, and "
            "quality assurance charters bring people into checking services. We take part in regional "
            "sector-led improvement.",
            strengths="Openness and communication at every level; co-production through the Local Account group "
            "and the quality assurance charters.",
            areas="Record what the Local Account group achieves, since there has been no published Local Account "
            "since 2013/14.",
            evidence=(
                Evidence(
                    "Adult services staff survey 2015",
                    EvidenceKind.FEEDBACK,
                    "2015-11-30",
                    "Results of the autumn staff survey for adult social care teams.",
                ),
            ),
            justification="Green rests on what staff say; the Local Account group's own record of its work "
            "will be attached to the next version, which answers the one-kind-of-evidence flag.",
        ),
    ),
    risks=(
        Risk(
            "The care market may not hold: providers are leaving and our fees are below our neighbours'.",
            "A fee uplift for 2016/17 from the adult social care precept; a refreshed market position statement; "
            "a fresh look at pricing and block arrangements with the West London Alliance.",
            "Commissioning and quality",
        ),
        Risk(
            "£13m of savings is still to find over three years, after the easier savings have been made.",
            "Plan with health as one budget for the borough through the Better Care Fund; Project Infinity's "
            "commercial income; review spending patterns with the TEASC use of resources tool.",
            "Resource and workforce management",
        ),
        Risk(
            "Delays in leaving hospital are rising as purchasing budgets tighten.",
            "A local target for delayed transfers in the 2016/17 Better Care Fund; joint analysis of reablement "
            "with health commissioners so that it reaches the people who gain most.",
            "Performance and outcomes",
        ),
    ),
    sign_off_note="Signed off for the independent assurance review in March 2016.",
    # Before the reviewers' interviews of 15 to 17 March 2016, which tested it.
    submitted_at=dt.datetime(2016, 3, 4, 15, 0, tzinfo=dt.UTC),
    signed_off_at=dt.datetime(2016, 3, 8, 10, 0, tzinfo=dt.UTC),
    general_justification="Reviewed by the Director at sign-off; the evidence will be brought up to date in "
    "the next version.",
)

# ----- Herefordshire: CQC local authority assessment, 2024-25 --------------------------------

HEREFORDSHIRE_CQC = DemoAssessment(
    gss_code=HEREFORDSHIRE,
    framework=CQC,
    period="2024-25",
    admin_email="dass@herefordshire.demo.ascent.invalid",
    owner_email="editor@herefordshire.demo.ascent.invalid",
    ratings=(
        Rating(
            "qs-1",
            "2",
            "Most people are assessed within our timescales, but waits for occupational therapy assessments are "
            "too long and callers to the front door still too often reach voicemail.",
            strengths="A single front door with a strengths-based conversation.",
            areas="Occupational therapy waiting times; answering calls first time.",
            indicators=("ASCOF-1C1A",),
            evidence=(
                Evidence(
                    "Assessment waiting times, March 2025",
                    EvidenceKind.DATA,
                    "2025-03-31",
                    "People waiting for an assessment and how long they have waited, by team.",
                ),
                Evidence(
                    "Front door telephone survey",
                    EvidenceKind.PEOPLES_EXPERIENCE,
                    "2025-01-20",
                    "What callers said about reaching the advice and referral team.",
                ),
            ),
        ),
        Rating(
            "qs-2",
            "2",
            "Prevention services and information are in place, but take-up is uneven across a large rural county.",
            evidence=(
                Evidence(
                    "Prevention and wellbeing offer review",
                    EvidenceKind.PROCESSES,
                    "2024-10-15",
                    "What the prevention offer includes and who used it in the first half of the year.",
                ),
            ),
            justification="A score of 2 already says the offer falls short; the review is the only evidence "
            "so far because the first survey of people using prevention services reports in the summer.",
        ),
        Rating(
            "qs-3",
            "2",
            "We know less than we should about how outcomes differ between groups; equality data is incomplete.",
            evidence=(
                Evidence(
                    "Equality data audit",
                    EvidenceKind.DATA,
                    "2024-12-02",
                    "How complete the protected characteristics recorded in the case system are.",
                ),
            ),
            justification="The gap in equality data is the finding behind the score of 2; closing it is the first "
            "action, after which people's experience by group can be added.",
        ),
        Rating(
            "qs-4",
            "2",
            "Home care is hard to find in the west of the county, and direct payments are used less than we "
            "would like; unspent balances are recovered.",
            indicators=("ASCOF-1C2A",),
            evidence=(
                Evidence(
                    "Market sustainability plan 2024",
                    EvidenceKind.PROCESSES,
                    "2024-09-30",
                    "Supply and demand for care by area, and the plan to close gaps.",
                    "pdf",
                ),
            ),
        ),
        Rating(
            "qs-5",
            "3",
            "Strong partnerships with the NHS, the voluntary sector and town and parish councils.",
            evidence=(
                Evidence(
                    "Partnership board minutes, Q3 2024/25",
                    EvidenceKind.PROCESSES,
                    "2024-12-12",
                    "Decisions of the joint partnership board in the third quarter.",
                ),
                Evidence(
                    "Voluntary sector partners' feedback",
                    EvidenceKind.FEEDBACK,
                    "2025-02-10",
                    "A summary of a workshop with voluntary sector partners.",
                ),
            ),
        ),
        Rating(
            "qs-6",
            "2",
            "Hospital discharge works well, but moving from children's to adult services is too often late.",
            indicators=("ASCOF-2B1",),
            evidence=(
                Evidence(
                    "Transitions case review",
                    EvidenceKind.PROCESSES,
                    "2025-02-28",
                    "Twenty young people's moves to adult services, and what went well or late.",
                ),
            ),
        ),
        Rating(
            "qs-7",
            "3",
            "Safeguarding enquiries are timely and the safeguarding adults board holds partners to account. "
            "People's own sense of safety is the weaker part.",
            strengths="Timely enquiries; a strong multi-agency board.",
            areas="Find out why fewer people who use services feel safe than we aim for.",
            indicators=("ASCOF-4A",),
            evidence=(
                Evidence(
                    "Safeguarding adults board annual report 2023/24",
                    EvidenceKind.OUTCOMES,
                    "2024-09-30",
                    "What the board did and found in 2023/24.",
                    "pdf",
                ),
                Evidence(
                    "Safeguarding audit of enquiries",
                    EvidenceKind.PROCESSES,
                    "2025-01-31",
                    "A practice audit of thirty safeguarding enquiries.",
                ),
            ),
            justification="The feel-safe measure is a survey result and the latest we hold is old; the board "
            "has asked for a local survey this year. Enquiry practice, which the score is about, is good.",
        ),
        Rating(
            "qs-8",
            "3",
            "Clear governance from the cabinet member to front-line teams, with a balanced budget this year.",
            evidence=(
                Evidence(
                    "Adult social care governance framework",
                    EvidenceKind.PROCESSES,
                    "2025-01-15",
                    "Boards, their remits and how performance and risk are reported.",
                ),
                Evidence(
                    "Budget monitoring, month 10",
                    EvidenceKind.DATA,
                    "2025-01-31",
                    "Spending against budget at the end of January 2025.",
                ),
            ),
        ),
        Rating(
            "qs-9",
            "3",
            "We learn from peer challenge and from complaints, and test new approaches before we spread them.",
            evidence=(
                Evidence(
                    "West Midlands ADASS peer challenge feedback letter",
                    EvidenceKind.FEEDBACK,
                    "2014-07-31",
                    "The peer team's feedback after its three days with us in June 2014.",
                ),
            ),
            justification="The peer challenge is old, but its recommendations are still tracked; a new peer "
            "challenge is booked for the autumn and will replace it as evidence.",
        ),
    ),
    sign_off_note="Signed off by the Director before sharing with the West Midlands region.",
    shared=True,
    # After the year it covers (2024-25) had ended.
    submitted_at=dt.datetime(2025, 6, 10, 15, 0, tzinfo=dt.UTC),
    signed_off_at=dt.datetime(2025, 6, 16, 10, 0, tzinfo=dt.UTC),
    shared_at=dt.datetime(2025, 6, 17, 9, 30, tzinfo=dt.UTC),
    general_justification="Accepted at sign-off; to be revisited in the next version.",
    # A made-up target above Herefordshire's latest value of ASCOF-4A, so that the demo shows a
    # score of 3 resting on an indicator that is off target: (indicator, the target's year, margin).
    targets=(("ASCOF-4A", "2018-19", 4),),
)

DEMOS = (HARROW_TEASC, HEREFORDSHIRE_CQC)


# ----- evidence documents --------------------------------------------------------------------


def _docx(evidence: Evidence, organisation: Organisation) -> bytes:
    from docx import Document as WordDocument

    document = WordDocument()
    document.core_properties.title = evidence.title
    document.add_heading(evidence.title, level=1)
    document.add_paragraph(f"{organisation.name} – {dt.date.fromisoformat(evidence.date):%-d %B %Y}")
    document.add_paragraph(evidence.description)
    document.add_paragraph("Demonstration evidence file made by Ascent's demo data: not a real council document.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(evidence: Evidence, organisation: Organisation) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    when = f"{dt.date.fromisoformat(evidence.date):%-d %B %Y}"
    html = (
        f"<html><head><title>{escape(evidence.title)}</title></head><body style='font-family: sans-serif'>"
        f"<h1>{escape(evidence.title)}</h1><p>{escape(organisation.name)} – {when}</p>"
        f"<p>{escape(evidence.description)}</p>"
        "<p>Demonstration evidence file made by Ascent's demo data: not a real council document.</p>"
        "</body></html>"
    )
    return HTML(string=html).write_pdf()


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _evidence_file(organisation: Organisation, user, evidence: Evidence, cache: dict) -> EvidenceFile:
    """The demo's evidence file with this title, made (as a real small document) if it is missing."""
    found = cache.get(evidence.title)
    if found is not None:
        return found
    content = (_pdf if evidence.fmt == "pdf" else _docx)(evidence, organisation)
    name = "".join(c if c.isalnum() else "-" for c in evidence.title.lower()).strip("-") + f".{evidence.fmt}"
    upload = SimpleUploadedFile(name, content, content_type=CONTENT_TYPES[evidence.fmt])
    date = dt.date.fromisoformat(evidence.date)
    try:
        from ascent.evidence.actions import store_evidence_file
    except ImportError:  # the evidence files part is not merged yet: store it the plain way
        store_evidence_file = None
    if store_evidence_file is not None:
        stored = store_evidence_file(
            organisation,
            user,
            upload,
            title=evidence.title,
            kind=evidence.kind,
            evidence_date=date,
            description=evidence.description,
        )
    else:
        import hashlib

        stored = EvidenceFile(
            organisation=organisation,
            title=evidence.title,
            kind=evidence.kind,
            evidence_date=date,
            description=evidence.description,
            original_name=name,
            content_type=CONTENT_TYPES[evidence.fmt],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        stored.file.save(name, upload, save=False)
        stored._history_user = user
        stored.save()
    cache[evidence.title] = stored
    return stored


# ----- loading -------------------------------------------------------------------------------


def _framework(slug: str) -> Framework:
    """The newest version of a shipped framework, loading the shipped files (and crosswalk) if needed."""
    framework = Framework.objects.filter(organisation__isnull=True, slug=slug).current().first()
    if framework is None:
        from ascent.frameworks.crosswalk import load_shipped_crosswalk
        from ascent.frameworks.loading import load_shipped_frameworks

        load_shipped_frameworks()
        load_shipped_crosswalk()
        framework = Framework.objects.filter(organisation__isnull=True, slug=slug).current().first()
        if framework is None:
            raise DemoDataError(f"The demo needs the shipped framework {slug!r}, which is not among those shipped")
    return framework


def _elements(framework: Framework) -> dict[str, Element]:
    """The framework's rated elements by key and by lower-cased title."""
    found: dict[str, Element] = {}
    for element in Element.objects.filter(framework=framework, is_rated=True):
        found[element.key] = element
        found[element.title.lower()] = element
    return found


def _element(elements: dict[str, Element], name: str) -> Element:
    element = elements.get(name) or elements.get(name.lower())
    if element is None:
        raise DemoDataError(f"The demo expects a rated element {name!r} in the framework")
    return element


def _user(email: str):
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        raise DemoDataError(f"The demo needs the demo person {email}: load the demo people first")
    return user


def _demo_targets(organisation: Organisation, demo: DemoAssessment) -> None:
    """Made-up targets the demo needs, each just above the council's value (so off target)."""
    for code, year, margin in demo.targets:
        indicator = Indicator.objects.filter(organisation__isnull=True, code=code).first()
        if indicator is None:
            raise DemoDataError(f"The demo data needs indicator {code}: load the indicator library first")
        period = parse_period(year)
        observation = Observation.objects.filter(
            organisation=organisation, indicator=indicator, period_code=period.code
        ).first()
        if observation is None or observation.value is None:
            continue  # no value to be off target against: the flag simply does not show
        value = Decimal(math.ceil(observation.value) + margin)
        target = Target.objects.filter(organisation=organisation, indicator=indicator, period_code=period.code).first()
        if target is None:
            target = Target(organisation=organisation, indicator=indicator)
            target.set_period(period)
        elif target.note != DEMO_TARGET_NOTE:
            continue  # a target someone set themselves: leave it alone
        target.kind = TargetKind.THRESHOLD.value
        target.comparison = Comparison.AT_LEAST.value
        target.value = value
        target.tolerance = Decimal(1)
        target.note = DEMO_TARGET_NOTE
        target.save()


def _flags_for(assessment: SelfAssessment) -> list:
    from .flags import flags_for

    return flags_for(assessment)


def _create(demo: DemoAssessment, organisation: Organisation, framework: Framework) -> SelfAssessment:
    _user(demo.admin_email)  # refuse early if the demo people are missing
    owner = _user(demo.owner_email)
    elements = _elements(framework)
    # The council's own indicators win over a national one with the same code.
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(Q(organisation=organisation) | Q(organisation__isnull=True)).order_by(
            "-organisation"
        )
    }
    files = {f.title: f for f in EvidenceFile.objects.filter(organisation=organisation)}
    assessment = SelfAssessment(
        organisation=organisation, framework=framework, version=1, status=Status.DRAFT, created_by=owner
    )
    assessment.set_period(demo.period)
    assessment._history_user = owner
    assessment._change_reason = DEMO_MARKER
    assessment.save()
    for spec in demo.ratings:
        rating = ElementRating(
            assessment=assessment,
            element=_element(elements, spec.element),
            rating=spec.rating,
            narrative=spec.narrative,
            strengths=spec.strengths,
            areas_for_development=spec.areas,
            owner=owner,
        )
        rating._history_user = owner
        rating.save()
        for code in spec.indicators:
            if code not in indicators:
                raise DemoDataError(f"The demo data needs indicator {code}: load the demo performance data first")
            link = RatingIndicator(rating=rating, indicator=indicators[code])
            link._history_user = owner
            link.save()
        for evidence in spec.evidence:
            link = RatingEvidence(rating=rating, evidence=_evidence_file(organisation, owner, evidence, files))
            link._history_user = owner
            link.save()
    for rank, spec in enumerate(demo.risks, start=1):
        risk = TopRisk(
            assessment=assessment,
            rank=rank,
            risk=spec.risk,
            mitigation=spec.mitigation,
            element=_element(elements, spec.element) if spec.element else None,
        )
        risk._history_user = owner
        risk.save()
    assessment.status = Status.SUBMITTED
    now = timezone.now()
    assessment.submitted_at = min(demo.submitted_at, now) if demo.submitted_at else now
    assessment.submitted_by = owner
    assessment._history_user = owner
    assessment._history_date = assessment.submitted_at
    assessment.save()
    del assessment._history_date
    return assessment


def _justifications(demo: DemoAssessment, assessment: SelfAssessment, flags) -> dict[str, str]:
    """The admin's justification for each flag: the one written for its rating, else the general one."""
    elements = _elements(assessment.framework)
    by_element = {_element(elements, spec.element).pk: spec.justification for spec in demo.ratings}
    return {flag.key: by_element.get(flag.element_id) or demo.general_justification for flag in flags}


def _sign_off(demo: DemoAssessment, assessment: SelfAssessment) -> int:
    """Sign off (if still submitted) with a justification for every open flag; share if the demo says so.

    Goes through the workflow as the council's admin would. Returns how many justifications
    were added: none once the version is signed off, which locks it (a flag raised after
    sign-off is answered in a new version, not by writing into this one).
    """
    from .workflow import open_flags, share, sign_off

    admin = _user(demo.admin_email)
    added = 0
    if assessment.status == Status.SUBMITTED:
        flags = open_flags(assessment)
        added = len(
            sign_off(
                assessment,
                by=admin,
                justifications=_justifications(demo, assessment, flags),
                note=demo.sign_off_note,
                at=demo.signed_off_at,
            )
        )
    if demo.shared and assessment.status == Status.SIGNED_OFF and not assessment.is_shared:
        share(assessment, by=admin, at=demo.shared_at)
    return added


def made_by_demo(assessment: SelfAssessment) -> bool:
    """Whether the demo made this self-assessment (its first history record carries :data:`DEMO_MARKER`)."""
    return assessment.history.filter(history_type="+", history_change_reason=DEMO_MARKER).exists()


def load_demo_assessment(demo: DemoAssessment) -> tuple[SelfAssessment, str, int]:
    """Load one demo self-assessment: (the assessment, what happened, justifications added).

    What happened is "added", "already there" (the demo's own, from an earlier run) or
    "the council's own" (one the demo did not make, left exactly as it is).
    """
    organisation = Organisation.objects.filter(gss_code=demo.gss_code).first()
    if organisation is None:
        raise DemoDataError("Load the reference data first: manage.py load_reference_data")
    framework = _framework(demo.framework)
    _demo_targets(organisation, demo)
    period = parse_period(demo.period)
    assessment = SelfAssessment.objects.filter(
        organisation=organisation,
        framework__slug=demo.framework,
        framework__organisation__isnull=True,
        period_code=period.code,
        version=1,
    ).first()
    if assessment is None:
        state = "added"
        assessment = _create(demo, organisation, framework)
    elif made_by_demo(assessment):
        state = "already there"
    else:
        return assessment, "the council's own", 0
    added = _sign_off(demo, assessment)
    return assessment, state, added


@transaction.atomic
def load_demo_assessments() -> str:
    """Load both demo self-assessments; returns a summary line."""
    parts = []
    for demo in DEMOS:
        assessment, state, added = load_demo_assessment(demo)
        if state == "the council's own":
            parts.append(
                f"{assessment.organisation.name}: {assessment.framework.short_name or assessment.framework.name} "
                f"{assessment.period.label} left alone (the council's own self-assessment, not made by the demo)"
            )
            continue
        flags = len(_flags_for(assessment))
        parts.append(
            f"{assessment.organisation.name}: {assessment.framework.short_name or assessment.framework.name} "
            f"{assessment.period.label} ({state}; {flags} flag{'' if flags == 1 else 's'}"
            + (f", {added} justification{'' if added == 1 else 's'} added" if added else "")
            + (", shared with the region" if assessment.is_shared else "")
            + ")"
        )
    return "; ".join(parts)
