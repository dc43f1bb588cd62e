"""A small world of self-assessments for the report and command tests.

Harrow: a signed-off TEASC self-assessment for 2015-16 (a green domain over a red indicator,
so one flag, justified at sign-off; an evidence file; three top risks) and a draft CQC one for
2024-25 with every quality statement scored (for the estimate). Herefordshire: a signed-off CQC
self-assessment shared with the West Midlands, and a draft that must never show.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from ascent.assessments.flags import flags_for
from ascent.assessments.models import (
    ElementRating,
    FlagJustification,
    RatingEvidence,
    RatingIndicator,
    SelfAssessment,
    Status,
    TopRisk,
)
from ascent.evidence.models import EvidenceFile, EvidenceKind
from ascent.frameworks.models import Element
from tests.frameworks.factories import load_shipped
from tests.indicators.factories import IndicatorFactory, ObservationFactory, TargetFactory

JUSTIFICATION = "Reviews are behind in one team only; a recovery plan reaches 90% by March."
CQC_SCORES = ["2", "3", "2", "2", "3", "2", "3", "3", "3"]  # 23 of 36 = 63.9%: Good


def _assessment(organisation, framework, period, **extra) -> SelfAssessment:
    assessment = SelfAssessment(organisation=organisation, framework=framework, **extra)
    assessment.set_period(period)
    assessment.save()
    return assessment


def _rated(framework) -> list[Element]:
    return list(Element.objects.filter(framework=framework, is_rated=True).order_by("sort_order"))


def _evidence(organisation, title, kind, date, name="note.pdf") -> EvidenceFile:
    content = b"%PDF-1.4 demo evidence"
    evidence = EvidenceFile(
        organisation=organisation,
        title=title,
        kind=kind,
        evidence_date=date,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
    )
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.save()
    return evidence


def build_world(harrow, herefordshire, admin_user) -> dict:
    frameworks = load_shipped()
    teasc, cqc = frameworks["teasc-risk-awareness"], frameworks["cqc-la-assessment"]

    # Harrow's TEASC self-assessment, 2015-16, signed off over one flag.
    reviews = IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months", decimals=0)
    ObservationFactory(organisation=harrow, indicator=reviews, period="2015-16", value=Decimal("81"))
    TargetFactory(organisation=harrow, indicator=reviews, period="2015-16", value=Decimal("90"))
    teasc_assessment = _assessment(harrow, teasc, "2015-16")
    scorecard = _evidence(harrow, "Quarter 3 scorecard", EvidenceKind.DATA, dt.date(2015, 12, 31))
    survey = _evidence(harrow, "Staff survey 2015", EvidenceKind.FEEDBACK, dt.date(2015, 11, 30))
    ratings = {}
    for element, value in zip(_rated(teasc), ["amber", "green", "red", "amber", "amber", "green"], strict=False):
        rating = ElementRating.objects.create(
            assessment=teasc_assessment,
            element=element,
            rating=value,
            narrative=f"Narrative for {element.title}.",
            strengths=f"Strengths of {element.title}.",
            areas_for_development=f"To develop in {element.title}.",
            owner=admin_user,
        )
        RatingEvidence.objects.create(rating=rating, evidence=scorecard)
        RatingEvidence.objects.create(rating=rating, evidence=survey)
        ratings[element.title] = rating
    RatingIndicator.objects.create(rating=ratings["Leadership and governance"], indicator=reviews)
    for rank, title in enumerate(["Care market", "Savings still to find", "Hospital discharge"], start=1):
        TopRisk.objects.create(
            assessment=teasc_assessment, rank=rank, risk=f"Risk: {title}", mitigation=f"Mitigation of {title}"
        )
    flags = flags_for(teasc_assessment)
    for flag in flags:
        FlagJustification.objects.create(
            assessment=teasc_assessment,
            flag_key=flag.key,
            check_name=flag.check.name,
            reason=flag.check.reason,
            justification=JUSTIFICATION,
            created_by=admin_user,
        )
    teasc_assessment.status = Status.SIGNED_OFF
    teasc_assessment.signed_off_at = timezone.now()
    teasc_assessment.signed_off_by = admin_user
    teasc_assessment.save()

    # Harrow's CQC draft, every statement scored.
    cqc_assessment = _assessment(harrow, cqc, "2024-25")
    for element, score in zip(_rated(cqc), CQC_SCORES, strict=True):
        ElementRating.objects.create(
            assessment=cqc_assessment, element=element, rating=score, narrative=f"Why {element.code} scores {score}."
        )

    # Herefordshire: one shared, signed-off CQC version and an unshared draft of TEASC.
    shared = _assessment(
        herefordshire, cqc, "2024-25", status=Status.SIGNED_OFF, signed_off_at=timezone.now(), shared_at=timezone.now()
    )
    for element, score in zip(_rated(cqc), ["1", "2", "2", "2", "3", "2", "4", "3", "3"], strict=True):
        ElementRating.objects.create(assessment=shared, element=element, rating=score, narrative="Herefordshire")
    draft = _assessment(herefordshire, teasc, "2024-25")
    ElementRating.objects.create(assessment=draft, element=_rated(teasc)[0], rating="red", narrative="Secret draft")
    return {
        "teasc": teasc_assessment,
        "cqc": cqc_assessment,
        "flags": flags,
        "herefordshire_shared": shared,
        "herefordshire_draft": draft,
    }
