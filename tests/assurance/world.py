"""Builders for the assurance tests: a CQC-like and a TEASC-like framework, self-assessments,
ratings with linked indicators and evidence files, and crosswalk mappings, made as real rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ascent.assessments.models import ElementRating, RatingEvidence, RatingIndicator, SelfAssessment
from ascent.evidence.models import EvidenceFile
from ascent.frameworks.models import Element, ElementMapping, Framework
from tests.indicators.factories import IndicatorFactory, ObservationFactory, TargetFactory

CQC_SCALE = [
    {"value": "1", "label": "1 – Significant shortfalls", "score": 1, "favourable": False, "colour": "red"},
    {"value": "2", "label": "2 – Some shortfalls", "score": 2, "favourable": False, "colour": "amber"},
    {"value": "3", "label": "3 – Good standard", "score": 3, "favourable": True, "colour": "green"},
    {"value": "4", "label": "4 – Exceptional standard", "score": 4, "favourable": True, "colour": "green"},
]
TEASC_SCALE = [
    {"value": "red", "label": "High risk", "score": 1, "favourable": False, "colour": "red"},
    {"value": "amber", "label": "Medium risk", "score": 2, "favourable": False, "colour": "amber"},
    {"value": "green", "label": "Low risk", "score": 3, "favourable": True, "colour": "green"},
]


def framework(slug: str, short_name: str, scale: list[dict], elements: list[tuple[str, str, str]]) -> Framework:
    """A shipped framework whose rated elements are ``(key, code, title)``."""
    made = Framework.objects.create(
        slug=slug, name=f"Test {short_name}", short_name=short_name, version="1", rating_scale=scale
    )
    for order, (key, code, title) in enumerate(elements):
        Element.objects.create(
            framework=made, key=key, code=code, title=title, kind="Statement", is_rated=True, sort_order=order
        )
    return made


def cqc() -> Framework:
    return framework(
        "test-cqc",
        "CQC",
        CQC_SCALE,
        [("qs-4", "QS4", "Care provision"), ("qs-7", "QS7", "Safeguarding"), ("qs-8", "QS8", "Governance")],
    )


def teasc() -> Framework:
    return framework(
        "test-teasc",
        "TEASC",
        TEASC_SCALE,
        [("domain-1", "Domain 1", "Performance and outcomes"), ("domain-3", "Domain 3", "Commissioning")],
    )


def element(framework: Framework, key: str) -> Element:
    return Element.objects.get(framework=framework, key=key)


def assessment(organisation, framework: Framework, period: str = "2024-25", *, based_on=None, **extra):
    made = SelfAssessment(
        organisation=organisation,
        framework=framework,
        version=based_on.version + 1 if based_on else 1,
        based_on=based_on,
        **extra,
    )
    made.set_period(period)
    made.save()
    for item in framework.elements.filter(is_rated=True):
        ElementRating.objects.create(assessment=made, element=item)
    return made


def rate(assessment: SelfAssessment, key: str, value: str) -> ElementRating:
    rating = ElementRating.objects.get(assessment=assessment, element__key=key)
    rating.rating = value
    rating.save()
    return rating


def red_indicator(organisation, code: str = "4A", *, period: str = "2023-24") -> object:
    """A shipped indicator the council misses its target on (50 against at least 80)."""
    indicator = IndicatorFactory(code=code, title=f"Indicator {code}")
    ObservationFactory(organisation=organisation, indicator=indicator, period=period, value=Decimal("50"))
    TargetFactory(organisation=organisation, indicator=indicator, period=period)
    return indicator


def green_indicator(organisation, code: str = "1B", *, period: str = "2023-24") -> object:
    indicator = IndicatorFactory(code=code, title=f"Indicator {code}")
    ObservationFactory(organisation=organisation, indicator=indicator, period=period, value=Decimal("90"))
    TargetFactory(organisation=organisation, indicator=indicator, period=period)
    return indicator


def link(rating: ElementRating, indicator) -> RatingIndicator:
    return RatingIndicator.objects.create(rating=rating, indicator=indicator)


def attach(
    rating: ElementRating, *, kind: str = "people", when: datetime.date = datetime.date(2024, 10, 1), title="Survey"
):
    organisation = rating.assessment.organisation
    evidence = EvidenceFile.objects.create(
        organisation=organisation,
        title=title,
        kind=kind,
        evidence_date=when,
        file=f"evidence/{title.lower().replace(' ', '-')}.pdf",
        original_name=f"{title}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    return RatingEvidence.objects.create(rating=rating, evidence=evidence)


def mapping(source: Element, target: Element, organisation=None, *, hidden: bool = False) -> ElementMapping:
    return ElementMapping.objects.create(source=source, target=target, organisation=organisation, is_hidden=hidden)
