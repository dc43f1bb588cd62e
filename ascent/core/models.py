"""Abstract base models shared by every domain app."""

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Adds when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OrganisationScopedModel(TimeStampedModel):
    """A record that belongs to one organisation and is private to its members.

    Subclasses get history through django-simple-history (register with
    ``HistoricalRecords()``); the Activity page finds them through ``audit_organisation_path``.
    """

    #: Django lookup path from this model to its organisation; the Activity page and the
    #: access helpers use it. Subclasses with an indirect link override it.
    audit_organisation_path = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
