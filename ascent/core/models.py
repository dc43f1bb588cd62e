"""Abstract base models shared by every domain app, and the grant of one record to one person.

Access to organisation-scoped records is decided in one place: :class:`OrganisationScopedQuerySet`
says which rows a person may see (their organisations' rows, shared rows, and single rows
granted to them), ``ascent.organisations.rules`` says what they may do with one, and
``ascent.organisations.access.fetch`` is how a view gets one row, with the 404 or 403.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """Adds when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def current(self, today=None) -> AccessGrantQuerySet:
        """Grants in force today: both dates are inclusive."""
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today)

    def for_model(self, model) -> AccessGrantQuerySet:
        # By app label and model name rather than a ContentType instance, so that scoping a
        # query costs no extra query to look the content type up.
        meta = model._meta.concrete_model._meta
        return self.filter(content_type__app_label=meta.app_label, content_type__model=meta.model_name)


class AccessGrant(models.Model):
    """One person's access to one record of an organisation they do not belong to.

    The peer reviewer from another council is the first user: they may see (or change) the
    records a council shares with them, from a start date to an end date inclusive, and
    nothing else of that organisation: not its overview, its members or its other records.
    """

    class Level(models.TextChoices):
        VIEW = "view", "View"
        EDIT = "edit", "View and change"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_grants")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.VIEW)
    starts_on = models.DateField(help_text="The first day the grant gives access")
    ends_on = models.DateField(help_text="The last day the grant gives access")
    reason = models.CharField(max_length=300, blank=True, help_text="For example: peer review of Harrow, 2026")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "id"]
        indexes = [models.Index(fields=["user", "content_type", "object_id"], name="access_grant_lookup")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="access_grant_dates_in_order")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} access for {self.user} to {self.content_type.name} {self.object_id}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date"})

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on


class OrganisationScopedQuerySet(models.QuerySet):
    """What every organisation-scoped model's queryset can do: scope to a person or an organisation.

    The model says how to reach its organisation (``organisation_path``) and whether rows
    with no organisation are shared with everyone signed in (``shared_when_unowned``, for
    shipped indicators and built-in comparator groups).
    """

    def _path(self) -> str:
        return self.model.organisation_path

    def visible_to(self, user) -> OrganisationScopedQuerySet:
        """Rows the user may know exist: their organisations', shared ones and ones granted to them."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        path = self._path()
        # A subquery rather than a join, so a row never comes back twice.
        visible = Q(**{f"{path}__in": user.memberships.values("organisation_id")})
        if self.model.shared_when_unowned:
            visible |= Q(**{f"{path}__isnull": True})
        granted = AccessGrant.objects.current().for_model(self.model).filter(user=user).values("object_id")
        return self.filter(visible | Q(pk__in=granted))

    def in_organisation(self, organisation) -> OrganisationScopedQuerySet:
        """The organisation's rows, and shared rows where the model has them."""
        path = self._path()
        mine = Q(**{path: organisation})
        if self.model.shared_when_unowned:
            mine |= Q(**{f"{path}__isnull": True})
        return self.filter(mine)


class OrganisationScoped(models.Model):
    """The base of every record that belongs to one organisation and is private to it.

    It adds no columns (so existing tables keep theirs): it gives the model the scoped
    queryset above as its manager and says where its organisation is. A model with its own
    queryset subclasses :class:`OrganisationScopedQuerySet`.
    """

    #: Django lookup path from this model to its organisation, for the access helpers (the
    #: Activity page reads ``audit_organisation_path``, which is usually the same).
    organisation_path = "organisation"
    #: True if rows with no organisation are shared with everyone signed in.
    shared_when_unowned = False

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def owning_organisation_id(self) -> int | None:
        """The primary key of the organisation the record belongs to (None if shared)."""
        *through, last = self.organisation_path.split("__")
        holder = self
        for name in through:  # an indirect path follows its links, one query each at most
            holder = getattr(holder, name)
            if holder is None:
                return None
        return getattr(holder, f"{last}_id")


class OrganisationScopedModel(OrganisationScoped, TimeStampedModel):
    """A new organisation-scoped record: its organisation, who created it and when.

    Subclasses get history through django-simple-history (``history = HistoricalRecords()``).
    """

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
