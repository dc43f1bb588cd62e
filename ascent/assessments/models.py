"""Self-assessments: a council's ratings against a framework for a period, with their evidence.

A :class:`SelfAssessment` belongs to one council, one framework version and one period, and
has a version number: signing off locks a version, and a new version starts as a copy of the
one before (``based_on``). Its workflow is draft → submitted → signed off; sharing with the
region is a separate, revocable act (``shared_at``) open to signed-off versions only.

Each rated element of the framework gets an :class:`ElementRating` (rating, narrative,
strengths, areas for development, owner) with its evidence: linked indicators
(:class:`RatingIndicator`) and evidence files (:class:`RatingEvidence`). A framework that
asks for them has :class:`TopRisk` rows. Signing off over open assurance flags needs a
:class:`FlagJustification` per flag, kept with the sign-off.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ascent.core.fields import PeriodColumns
from ascent.core.models import OrganisationScoped, OrganisationScopedModel, OrganisationScopedQuerySet


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for sign-off"
    SIGNED_OFF = "signed_off", "Signed off"


class SelfAssessmentQuerySet(OrganisationScopedQuerySet):
    def latest_versions(self) -> SelfAssessmentQuerySet:
        """The newest version of each (council, framework, period): older ones are history."""
        return self.filter(next_version__isnull=True)

    def shared_with_region(self, region) -> SelfAssessmentQuerySet:
        """What a regional lead may see: signed-off versions the region's councils have shared."""
        return self.filter(organisation__region=region, status=Status.SIGNED_OFF, shared_at__isnull=False)


class SelfAssessment(PeriodColumns, OrganisationScopedModel):
    """One version of a council's self-assessment against one framework for one period."""

    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(default=1)
    #: The version this one was copied from; that version's ``next_version`` is this one.
    based_on = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sign_off_note = models.TextField(blank=True)
    #: Set while the version is shared with the council's region; cleared when sharing is withdrawn.
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_noun = "self-assessment"

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-period_start", "framework", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "framework", "period_code", "version"], name="one_self_assessment_version"
            ),
            models.CheckConstraint(
                condition=Q(shared_at__isnull=True) | Q(status="signed_off"),
                name="only_signed_off_self_assessments_are_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}, {self.period.label} (version {self.version})"

    @property
    def is_locked(self) -> bool:
        """A signed-off version never changes: a new version starts from a copy."""
        return self.status == Status.SIGNED_OFF

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class ElementRating(OrganisationScoped):
    """The council's rating of one element in one version, with its narrative."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    element = models.ForeignKey("frameworks.Element", on_delete=models.PROTECT, related_name="+")
    #: A value of the framework's rating scale; empty while not yet rated.
    rating = models.CharField(max_length=40, blank=True)
    narrative = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    organisation_path = "assessment__organisation"
    audit_organisation_path = "assessment__organisation"
    audit_noun = "rating"

    class Meta:
        ordering = ["assessment", "element__sort_order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "element"], name="one_rating_per_element")]

    def __str__(self) -> str:
        return f"{self.element}: {self.rating or 'not rated'}"


class RatingIndicator(OrganisationScoped):
    """An indicator linked to a rating as evidence: its values come from the indicator store."""

    rating = models.ForeignKey(ElementRating, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "rating__assessment__organisation"
    audit_organisation_path = "rating__assessment__organisation"
    audit_noun = "linked indicator"

    class Meta:
        ordering = ["rating", "indicator__sort_order", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["rating", "indicator"], name="one_link_per_indicator")]


class RatingEvidence(OrganisationScoped):
    """An evidence file attached to a rating (one file may back several ratings)."""

    rating = models.ForeignKey(ElementRating, on_delete=models.CASCADE, related_name="evidence_links")
    evidence = models.ForeignKey("evidence.EvidenceFile", on_delete=models.CASCADE, related_name="rating_links")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "rating__assessment__organisation"
    audit_organisation_path = "rating__assessment__organisation"
    audit_noun = "attached evidence"
    #: How the evidence pages count the ratings a file backs ("Used by 2 ratings").
    evidence_use_noun = ("rating", "ratings")

    class Meta:
        ordering = ["rating", "-evidence__evidence_date"]
        constraints = [models.UniqueConstraint(fields=["rating", "evidence"], name="one_link_per_evidence_file")]


class TopRisk(OrganisationScoped):
    """One of the council's top risks (TEASC asks the director for three), with its mitigation."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="top_risks")
    rank = models.PositiveSmallIntegerField()
    risk = models.TextField()
    mitigation = models.TextField(blank=True)
    element = models.ForeignKey(
        "frameworks.Element", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    organisation_path = "assessment__organisation"
    audit_organisation_path = "assessment__organisation"
    audit_noun = "top risk"

    class Meta:
        ordering = ["assessment", "rank"]
        constraints = [models.UniqueConstraint(fields=["assessment", "rank"], name="one_top_risk_per_rank")]


class FlagJustification(OrganisationScoped):
    """Why a version was signed off over an open assurance flag: kept with the sign-off."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="justifications")
    #: The flag's stable key (see ascent.assurance.registry.Flag.key).
    flag_key = models.CharField(max_length=200)
    check_name = models.CharField(max_length=80)
    #: The flag's reason as it read at sign-off.
    reason = models.TextField()
    justification = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "assessment__organisation"
    audit_organisation_path = "assessment__organisation"
    audit_noun = "sign-off justification"

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "flag_key"], name="one_justification_per_flag")]
