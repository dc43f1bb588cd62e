"""Who may do what in an organisation's space: the one place these rules live.

Permissions are named ``<app>.<verb>_<thing>`` and checked with ``user.has_perm(name, obj)``
(object-level, through ``rules``). The object is an Organisation or a Region. Views get to
objects through ``ascent.organisations.access``, which also applies these rules.
"""

from __future__ import annotations

import rules

from .models import Organisation, Region, Role


def membership_role(user, organisation: Organisation) -> int | None:
    """The user's role in the organisation, or None. Cached on the user for the request."""
    if user is None or not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_ascent_roles", None)
    if cache is None:
        cache = dict(user.memberships.values_list("organisation_id", "role"))
        user.__dict__["_ascent_roles"] = cache
    return cache.get(organisation.pk)


def regional_lead_region_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    cache = user.__dict__.get("_ascent_lead_regions")
    if cache is None:
        cache = set(user.regional_roles.values_list("region_id", flat=True))
        user.__dict__["_ascent_lead_regions"] = cache
    return cache


def forget_cached_roles(user) -> None:
    """Call after changing a user's memberships within a request."""
    user.__dict__.pop("_ascent_roles", None)
    user.__dict__.pop("_ascent_lead_regions", None)


def role_at_least(minimum: Role):
    @rules.predicate(name=f"role_at_least_{minimum.name.lower()}")
    def predicate(user, organisation) -> bool:
        if not isinstance(organisation, Organisation):
            return False
        role = membership_role(user, organisation)
        return role is not None and role >= minimum

    return predicate


is_member = role_at_least(Role.VIEWER)
is_contributor = role_at_least(Role.CONTRIBUTOR)
is_editor = role_at_least(Role.EDITOR)
is_org_admin = role_at_least(Role.ADMIN)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_regional_lead(user, region) -> bool:
    if isinstance(region, Organisation):
        region_id = region.region_id
    elif isinstance(region, Region):
        region_id = region.pk
    else:
        return False
    return region_id in regional_lead_region_ids(user)


# The organisation's own space
rules.add_perm("organisations.view_organisation", is_member | is_superuser)
rules.add_perm("organisations.view_members", is_member | is_superuser)
rules.add_perm("organisations.manage_members", is_org_admin | is_superuser)
rules.add_perm("organisations.view_activity", is_org_admin | is_superuser)
# Reports and background jobs: every member can produce and download reports.
rules.add_perm("reports.view_reports", is_member | is_superuser)
rules.add_perm("jobs.view_job", is_member | is_superuser)
# A job's result was produced with its requester's permissions, so only they and the
# organisation's admins may open it.
rules.add_perm("jobs.view_any_job", is_org_admin | is_superuser)
# Regions: their leads see the region's page; what councils share with them comes later.
rules.add_perm("organisations.view_region", is_regional_lead | is_superuser)
