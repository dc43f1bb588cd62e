"""Regions, organisations (councils) and who belongs to them, with what role."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ascent.core.models import OrganisationScoped, OrganisationScopedQuerySet


class Role(models.IntegerChoices):
    """A member's role in an organisation. Higher values include the lower ones."""

    VIEWER = 10, "Viewer"
    CONTRIBUTOR = 20, "Contributor"
    EDITOR = 30, "Editor"
    ADMIN = 40, "Admin"

    @property
    def description(self) -> str:
        return ROLE_DESCRIPTIONS[self]


ROLE_DESCRIPTIONS = {
    Role.VIEWER: "Can read everything in the organisation's space, for example a councillor on scrutiny.",
    Role.CONTRIBUTOR: "Can also add evidence, comments and progress updates.",
    Role.EDITOR: "Can also create and change assessments, plans, projects and data.",
    Role.ADMIN: "Can also invite members, change their roles and remove them, and see the activity log.",
}


class CouncilType(models.TextChoices):
    UNITARY = "unitary authority", "Unitary authority"
    METROPOLITAN = "metropolitan district", "Metropolitan district"
    LONDON_BOROUGH = "London borough", "London borough"
    COUNTY = "county council", "County council"
    SUI_GENERIS = "sui generis", "Sui generis"

    @classmethod
    def plural(cls, value: str, count: int = 2) -> str:
        """The type in words for a count, as in "1 county council" or "2 unitary authorities"."""
        singular = str(cls(value).label).lower().replace("london", "London")
        if count == 1 or value == cls.SUI_GENERIS:
            return singular
        return singular[:-1] + "ies" if singular.endswith("y") else singular + "s"


class Region(models.Model):
    """One of the nine English regions (ONS code and name); ``adass_name`` is kept for reference only."""

    code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField("ONS name", max_length=100)
    adass_name = models.CharField("ADASS name", max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        # The ONS name is the one shown everywhere ("East of England", not ADASS's "Eastern").
        return self.name


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user) -> OrganisationQuerySet:
        """Organisations whose private space the user may enter."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(memberships__user=user).distinct()


class Organisation(models.Model):
    """A council with adult social services responsibilities, identified by its GSS code."""

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=150)
    council_type = models.CharField("type", max_length=30, choices=CouncilType.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()
    audit_organisation_path = "id"
    audit_labels = {"is_active": "active status"}

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:overview", kwargs={"gss_code": self.gss_code})


class Membership(OrganisationScoped):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.PositiveSmallIntegerField(choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation"),
        ]
        ordering = ["organisation__name", "user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return name_of("user_id")


class RegionalRole(models.Model):
    """A user's role on a region, such as the regional lead who sees what councils share."""

    class Kind(models.TextChoices):
        LEAD = "lead", "Regional lead"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regional_roles")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="regional_roles")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LEAD)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "kind"], name="one_regional_role_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}, {self.region}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class InvitationQuerySet(OrganisationScopedQuerySet):
    def pending(self, now=None) -> InvitationQuerySet:
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(OrganisationScoped):
    """An invitation, sent by email, to join an organisation with a role.

    Only a hash of the token is stored, so a copy of the database cannot be used to
    accept invitations.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.PositiveSmallIntegerField(choices=Role.choices, default=Role.VIEWER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token_hash"])
    audit_organisation_path = "organisation"

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return record.email

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @classmethod
    def default_expiry(cls):
        return timezone.now() + timedelta(days=settings.ASCENT_INVITATION_DAYS)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
