"""Access helpers every view uses to reach organisations and organisation-scoped records.

Two answers only, as the access-control guide asks: a record the user may not know exists
(another organisation's) is a 404, the same as a record that does not exist; a record the
user can see but may not act on in this way is a 403.

A view first gets the organisation of its URL with :func:`get_organisation_for_user`, then
any one record with :func:`fetch`. Lists start from ``Model.objects.in_organisation(...)``
or ``visible_to(user)``; ``scripts/lint_access.py`` refuses anything else in a view.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from .models import Organisation, Region

#: Where a request's visible organisations are remembered on its user object, so that the
#: middleware and the view do not look the same organisation up twice.
CACHE_ATTRIBUTE = "_ascent_visible_organisations"


def find_visible_organisation(user, gss_code: str) -> Organisation | None:
    """The organisation if the user may enter its space, else None. Remembered for the request."""
    gss_code = str(gss_code).upper()
    cache = user.__dict__.setdefault(CACHE_ATTRIBUTE, {})
    if gss_code not in cache:
        cache[gss_code] = (
            Organisation.objects.visible_to(user).select_related("region").filter(gss_code=gss_code).first()
        )
    return cache[gss_code]


def get_organisation_for_user(user, gss_code: str, *, perm: str = "organisations.view_organisation") -> Organisation:
    """The organisation with this GSS code, if the user may enter its space, checked for `perm`."""
    organisation = find_visible_organisation(user, gss_code)
    if organisation is None:
        raise Http404("No organisation found")
    if not user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


def get_region_for_user(user, code: str) -> Region:
    region = Region.objects.filter(code=str(code).upper()).first()
    if region is None or not user.has_perm("organisations.view_region", region):
        raise Http404("No region found")
    return region


def fetch(source: type[Model] | QuerySet, user, *, perm: str, organisation=None, select_related=(), **lookup):
    """The one record of an organisation-scoped model that ``lookup`` finds, if the user may act on it.

    ``source`` is the model or a narrower queryset of it (``Invitation.objects.pending()``).
    The record must be visible to the user (their organisation's, shared, or granted to
    them) and, when ``organisation`` is given, belong to it (or be shared): otherwise the
    answer is a 404, whether or not it exists. If it is visible but ``perm`` is not allowed
    on it, the answer is a 403.
    """
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    queryset = queryset.visible_to(user)
    if organisation is not None:
        queryset = queryset.in_organisation(organisation)
    if select_related:
        queryset = queryset.select_related(*select_related)
    record = queryset.filter(**lookup).first()
    if record is None:
        raise Http404(f"No such {queryset.model._meta.verbose_name}")
    path = record.organisation_path
    if organisation is not None and "__" not in path and getattr(record, f"{path}_id") == organisation.pk:
        # The view already holds the organisation: save a query for every use of it.
        setattr(record, path, organisation)
    if not user.has_perm(perm, record):
        raise PermissionDenied
    return record
