"""Access helpers every view uses to reach organisation-scoped objects.

Two answers only, as the access-control guide asks: a record the user may not know exists
(another organisation's) is a 404, the same as a record that does not exist; a record the
user can see but may not act on in this way is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
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


def get_scoped_or_404(queryset, user, **lookup):
    """One row of an org-scoped model that the user may see, or a 404."""
    row = queryset.visible_to(user).filter(**lookup).first()
    if row is None:
        raise Http404("Not found")
    return row


def require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied
