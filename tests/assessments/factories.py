"""Builders for frameworks, self-assessments, ratings and evidence, for any test of issue 10.

``cqc_framework()`` and ``teasc_framework()`` build small shipped frameworks shaped like the
real ones (without loading the YAML): CQC has 4 themes and 9 rated quality statements on a
1–4 scale with CQC scoring; TEASC has 6 rated domains, each with an area to consider that is
not rated, on a green/amber/red scale with 3 top risks. ``self_assessment(...)`` starts one
through the real action, so it has a rating per rated element, and can fill ratings in.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.core.files.base import ContentFile

from ascent.assessments import actions
from ascent.assessments.models import ElementRating, RatingEvidence, RatingIndicator, SelfAssessment
from ascent.core.periods import parse_period
from ascent.evidence.models import EvidenceFile, EvidenceKind
from ascent.frameworks.models import Element, Framework

CQC_SCALE = [
    {
        "value": "1",
        "label": "1 – Significant shortfalls",
        "score": 1,
        "favourable": False,
        "colour": "red",
        "description": "Significant shortfalls in what people can expect.",
    },
    {
        "value": "2",
        "label": "2 – Some shortfalls",
        "score": 2,
        "favourable": False,
        "colour": "amber",
        "description": "Some shortfalls in what people can expect.",
    },
    {
        "value": "3",
        "label": "3 – Good standard",
        "score": 3,
        "favourable": True,
        "colour": "green",
        "description": "A good standard that people can expect.",
    },
    {
        "value": "4",
        "label": "4 – Exceptional standard",
        "score": 4,
        "favourable": True,
        "colour": "green",
        "description": "An exceptional standard.",
    },
]
TEASC_SCALE = [
    {"value": "red", "label": "High risk", "score": 1, "favourable": False, "colour": "red"},
    {"value": "amber", "label": "Medium risk", "score": 2, "favourable": False, "colour": "amber"},
    {"value": "green", "label": "Low risk", "score": 3, "favourable": True, "colour": "green"},
]
CQC_THEMES = {
    "Working with people": [
        "Assessing needs",
        "Supporting people to live healthier lives",
        "Equity in experience and outcomes",
    ],
    "Providing support": ["Care provision, integration and continuity", "Partnerships and communities"],
    "How the local authority ensures safety within the system": [
        "Safe pathways, systems and transitions",
        "Safeguarding",
    ],
    "Leadership": ["Governance, management and sustainability", "Learning, improvement and innovation"],
}
TEASC_DOMAINS = [
    "Leadership and governance",
    "Performance and outcomes",
    "Commissioning and quality",
    "Resource and workforce management",
    "National priorities and partnerships",
    "Culture and challenge",
]


class FrameworkFactory(factory.django.DjangoModelFactory):
    """A shipped framework unless ``organisation`` is given; no elements (add them with ElementFactory)."""

    class Meta:
        model = Framework

    organisation = None
    slug = factory.Sequence(lambda n: f"framework-{n}")
    name = factory.Sequence(lambda n: f"Framework {n}")
    version = "1"
    rating_scale = factory.LazyFunction(lambda: [dict(level) for level in TEASC_SCALE])


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Element

    framework = factory.SubFactory(FrameworkFactory)
    key = factory.Sequence(lambda n: f"element-{n}")
    code = ""
    kind = "Domain"
    title = factory.Sequence(lambda n: f"Element {n}")
    is_rated = True
    sort_order = factory.Sequence(lambda n: n)


def cqc_framework(organisation=None, **fields) -> Framework:
    """CQC's local authority assessment in small: 4 themes, 9 rated quality statements QS1–QS9."""
    fields = {
        "slug": "cqc-la-assessment",
        "name": "CQC local authority assessment",
        "short_name": "CQC",
        "version": "2023",
        "rating_scale": [dict(level) for level in CQC_SCALE],
        "scoring": Framework.Scoring.CQC_LA_2023,
        **fields,
    }
    framework = FrameworkFactory(
        organisation=organisation,
        evidence_categories=["people", "feedback", "processes", "outcomes"],
        **fields,
    )
    order, number = 0, 0
    for theme_number, (theme, statements) in enumerate(CQC_THEMES.items(), start=1):
        order += 1
        parent = ElementFactory(
            framework=framework,
            key=f"theme-{theme_number}",
            code=f"Theme {theme_number}",
            kind="Theme",
            title=theme,
            is_rated=False,
            sort_order=order,
        )
        for title in statements:
            order += 1
            number += 1
            ElementFactory(
                framework=framework,
                parent=parent,
                key=f"qs-{number}",
                code=f"QS{number}",
                kind="Quality statement",
                title=title,
                depth=1,
                sort_order=order,
                we_statement=f"We do what {title.lower()} asks of us.",
                i_statements=[f"I can see {title.lower()}."],
            )
    return framework


def teasc_framework(organisation=None, **fields) -> Framework:
    """TEASC risk awareness in small: 6 rated domains, each with one unrated area to consider; 3 top risks."""
    fields = {
        "slug": "teasc-risk-awareness",
        "name": "TEASC risk awareness",
        "short_name": "TEASC",
        "version": "2015",
        "rating_scale": [dict(level) for level in TEASC_SCALE],
        "top_risks": 3,
        **fields,
    }
    framework = FrameworkFactory(
        organisation=organisation,
        **fields,
    )
    order = 0
    for number, title in enumerate(TEASC_DOMAINS, start=1):
        order += 1
        domain = ElementFactory(
            framework=framework,
            key=f"domain-{number}",
            code=f"Domain {number}",
            kind="Domain",
            title=title,
            sort_order=order,
        )
        order += 1
        ElementFactory(
            framework=framework,
            parent=domain,
            key=f"domain-{number}-area-1",
            kind="Area to consider",
            title=f"Area to consider for {title.lower()}",
            is_rated=False,
            depth=1,
            sort_order=order,
        )
    return framework


def rated_elements(framework: Framework) -> list[Element]:
    return list(framework.elements.filter(is_rated=True).order_by("sort_order"))


def self_assessment(
    organisation, framework: Framework, *, period: str = "2015-16", by=None, ratings: dict | None = None
) -> SelfAssessment:
    """Start a self-assessment through the action; ``ratings`` maps element key → rating value
    (or → (value, narrative)) to fill in."""
    assessment = actions.create_self_assessment(organisation, framework=framework, period=parse_period(period), by=by)
    for key, value in (ratings or {}).items():
        rating_value, narrative = value if isinstance(value, tuple) else (value, "")
        ElementRating.objects.filter(assessment=assessment, element__key=key).update(
            rating=rating_value, narrative=narrative
        )
    return assessment


def rating_of(assessment: SelfAssessment, key: str) -> ElementRating:
    return ElementRating.objects.select_related("assessment__framework", "element").get(
        assessment=assessment, element__key=key
    )


def evidence_file(organisation, *, title="Board report", kind=EvidenceKind.DATA, evidence_date=None, by=None):
    """An evidence file stored directly (without the upload checks), for tests about ratings."""
    evidence = EvidenceFile(
        organisation=organisation,
        created_by=by,
        title=title,
        kind=kind,
        evidence_date=evidence_date or dt.date(2015, 12, 1),
        original_name="report.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )
    evidence.file.save("report.pdf", ContentFile(b"%PDF-1.4"), save=False)
    evidence.save()
    return evidence


def attach(rating: ElementRating, evidence: EvidenceFile) -> RatingEvidence:
    return RatingEvidence.objects.create(rating=rating, evidence=evidence)


def link(rating: ElementRating, indicator) -> RatingIndicator:
    return RatingIndicator.objects.create(rating=rating, indicator=indicator)
