"""Evidence files: documents a council uploads as evidence for its ratings.

Not to be confused with ``ascent.documents``, the report kernel. An evidence file is stored
privately through Django's storage API (the ``evidence`` storage in ``STORAGES``, so
S3-compatible storage can be configured), its type is sniffed from its content, and it is
served only through a view that checks access. Each file has a **kind** (CQC's evidence
categories) and a **date** (when the evidence was true), so stale or one-sided evidence shows.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from ascent.core.models import OrganisationScopedModel

from .storage import evidence_storage


class EvidenceKind(models.TextChoices):
    DATA = "data", "Data"
    PEOPLES_EXPERIENCE = "people", "People's experience"
    FEEDBACK = "feedback", "Feedback from staff and partners"
    PROCESSES = "processes", "Processes"
    OUTCOMES = "outcomes", "Outcomes"


class EvidenceFile(OrganisationScopedModel):
    """One uploaded file of evidence, private to its council."""

    class ScanStatus(models.TextChoices):
        NOT_SCANNED = "not-scanned", "Not scanned"
        CLEAN = "clean", "No threat found"
        INFECTED = "infected", "Refused: the scan found a threat"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    evidence_date = models.DateField(
        "date of the evidence", help_text="When the evidence was true, not when it was uploaded"
    )
    description = models.TextField(blank=True)
    #: Kept in the ``evidence`` storage under a random name (ascent.evidence.storage).
    file = models.FileField(max_length=300, storage=evidence_storage)
    original_name = models.CharField(max_length=255)
    #: The type sniffed from the content (never the browser's claim), for example application/pdf.
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(help_text="In bytes")
    sha256 = models.CharField(max_length=64)
    scan_status = models.CharField(max_length=20, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_noun = "evidence file"
    audit_name = "title"
    audit_exclude = {"file", "sha256", "content_type", "scan_status"}

    class Meta:
        ordering = ["-evidence_date", "title"]

    def __str__(self) -> str:
        return self.title
