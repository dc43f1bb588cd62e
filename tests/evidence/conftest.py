"""Fixtures for the evidence tests: a stored file for Harrow, one for Herefordshire, and a way
to attach a file to a rating (the self-assessment app's link, made directly)."""

from __future__ import annotations

import datetime as dt

import pytest

from ascent.evidence.actions import store_evidence_file
from ascent.evidence.storage import evidence_storage

from . import samples


def stored_names() -> list[str]:
    """Every file in the evidence storage, as ``<folder>/<name>``."""
    storage = evidence_storage()
    try:
        folders, _ = storage.listdir("")
    except FileNotFoundError:
        return []
    return sorted(f"{folder}/{name}" for folder in folders for name in storage.listdir(folder)[1])


@pytest.fixture
def harrow_file(harrow, editor):
    return store_evidence_file(
        harrow,
        editor,
        samples.upload(samples.PDF, "Harrow carers survey.pdf"),
        title="Harrow carers' survey",
        kind="people",
        evidence_date=dt.date(2025, 3, 31),
        description="Results of the 2024 survey of carers",
    )


@pytest.fixture
def herefordshire_file(herefordshire, outsider):
    return store_evidence_file(
        herefordshire,
        outsider,
        samples.upload(samples.CSV, "waiting-times.csv", "text/csv"),
        title="Herefordshire waiting times",
        kind="data",
        evidence_date=dt.date(2024, 9, 30),
    )


@pytest.fixture
def attach():
    """``attach(evidence)``: link the file to a rating of a draft self-assessment of its council."""
    from ascent.assessments.models import ElementRating, RatingEvidence, SelfAssessment
    from ascent.frameworks.models import Element, Framework

    def make(evidence):
        framework, _ = Framework.objects.get_or_create(slug="test-framework", version="1", defaults={"name": "Test"})
        element, _ = Element.objects.get_or_create(
            framework=framework, key="domain-1", defaults={"kind": "Domain", "title": "Domain 1", "is_rated": True}
        )
        assessment = SelfAssessment(organisation=evidence.organisation, framework=framework)
        assessment.set_period("2024-25")
        assessment.save()
        rating = ElementRating.objects.create(assessment=assessment, element=element)
        return RatingEvidence.objects.create(rating=rating, evidence=evidence)

    return make
