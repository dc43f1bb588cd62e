"""Who may do what in an organisation's space: the one place these rules live.

Permissions are named ``<app>.<verb>_<thing>`` and checked with ``user.has_perm(name, obj)``
(object-level, through ``rules``). The object is an Organisation, a Region or one record of
an organisation-scoped model (:class:`~ascent.core.models.OrganisationScoped`). A record is
judged by its organisation's roles, or by an :class:`~ascent.core.models.AccessGrant` of that
one record to the person. Permissions about an organisation as a whole never look at grants,
so a grant holder sees the record granted and nothing else of that organisation. Views get
to objects through ``ascent.organisations.access``, which also applies these rules.
"""

from __future__ import annotations

import rules

from ascent.core.models import AccessGrant, OrganisationScoped

from .models import Organisation, Region, Role


def organisation_id_of(obj) -> int | None:
    """The organisation an Organisation or an organisation-scoped record belongs to, or None."""
    if isinstance(obj, Organisation):
        return obj.pk
    if isinstance(obj, OrganisationScoped):
        return obj.owning_organisation_id()
    return None


def membership_role(user, obj) -> int | None:
    """The user's role in the organisation (or the record's organisation), or None.

    Cached on the user for the request.
    """
    if user is None or not user.is_authenticated:
        return None
    organisation_id = organisation_id_of(obj)
    if organisation_id is None:
        return None
    cache = user.__dict__.setdefault("_ascent_roles", None)
    if cache is None:
        cache = dict(user.memberships.values_list("organisation_id", "role"))
        user.__dict__["_ascent_roles"] = cache
    return cache.get(organisation_id)


def granted_levels(user, obj) -> set[str]:
    """The levels of the user's grants in force today on this one record. Cached for the request."""
    if user is None or not user.is_authenticated or not user.is_active or not isinstance(obj, OrganisationScoped):
        return set()
    cache = user.__dict__.get("_ascent_grants")
    if cache is None:
        cache = {}
        current = AccessGrant.objects.current().filter(user=user)
        for app_label, model, object_id, level in current.values_list(
            "content_type__app_label", "content_type__model", "object_id", "level"
        ):
            cache.setdefault((app_label, model, object_id), set()).add(level)
        user.__dict__["_ascent_grants"] = cache
    meta = obj._meta.concrete_model._meta
    return cache.get((meta.app_label, meta.model_name, obj.pk), set())


def has_grant(user, obj, level: str = AccessGrant.Level.VIEW) -> bool:
    """True if a grant in force today gives the user this level on the record (edit includes view)."""
    levels = granted_levels(user, obj)
    if level == AccessGrant.Level.VIEW:
        return bool(levels)
    return level in levels


def regional_lead_region_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    cache = user.__dict__.get("_ascent_lead_regions")
    if cache is None:
        cache = set(user.regional_roles.values_list("region_id", flat=True))
        user.__dict__["_ascent_lead_regions"] = cache
    return cache


def forget_cached_roles(user) -> None:
    """Call after changing a user's memberships or grants within a request."""
    user.__dict__.pop("_ascent_roles", None)
    user.__dict__.pop("_ascent_lead_regions", None)
    user.__dict__.pop("_ascent_grants", None)


def role_at_least(minimum: Role):
    @rules.predicate(name=f"role_at_least_{minimum.name.lower()}")
    def predicate(user, obj) -> bool:
        role = membership_role(user, obj)
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
def has_view_grant(user, record) -> bool:
    return has_grant(user, record, AccessGrant.Level.VIEW)


@rules.predicate
def has_edit_grant(user, record) -> bool:
    return has_grant(user, record, AccessGrant.Level.EDIT)


@rules.predicate
def is_owned_record(user, record) -> bool:
    """A record that belongs to an organisation (not a shipped definition or built-in group)."""
    return isinstance(record, OrganisationScoped) and record.owning_organisation_id() is not None


@rules.predicate
def is_shared_record(user, record) -> bool:
    """A shipped record with no organisation, which everyone signed in may read."""
    return (
        bool(user and user.is_authenticated and user.is_active)
        and isinstance(record, OrganisationScoped)
        and record.shared_when_unowned
        and record.owning_organisation_id() is None
    )


#: Who may read one record, and who may change it: its organisation's members (editors to
#: change), a person granted that record, and platform staff. Each app names its records'
#: permissions from these (``indicators.view_observation``, ``imports.change_importrun``).
#: Grants come last: reading them costs a query, which members never need.
can_view_record = is_member | is_shared_record | is_superuser | has_view_grant
can_change_record = is_owned_record & (is_editor | is_superuser | has_edit_grant)


@rules.predicate
def is_regional_lead(user, region) -> bool:
    if isinstance(region, Organisation):
        region_id = region.region_id
    elif isinstance(region, Region):
        region_id = region.pk
    else:
        return False
    return region_id in regional_lead_region_ids(user)


@rules.predicate
def is_requester_through_record(user, job) -> bool:
    """Asked for this job through one record (a review they sit on) and may still do there what that needed.

    A job (ascent.jobs) started with ``reached_through`` belongs to its requester even when
    they are not a member of the job's organisation, but only while their access to that
    record is in force: when a team member's grant ends, so does their way to its jobs.
    """
    reached_through = getattr(job, "reached_through", None)
    if not callable(reached_through) or not user.is_authenticated or not user.is_active:
        return False
    if getattr(job, "created_by_id", None) != user.pk or not getattr(job, "permission", ""):
        return False
    record = reached_through()
    return record is not None and user.has_perm(job.permission, record)


# The organisation's own space
rules.add_perm("organisations.view_organisation", is_member | is_superuser)
rules.add_perm("organisations.view_members", is_member | is_superuser)
rules.add_perm("organisations.manage_members", is_org_admin | is_superuser)
rules.add_perm("organisations.view_activity", is_org_admin | is_superuser)
# Reports and background jobs: every member can produce and download reports.
rules.add_perm("reports.view_reports", is_member | is_superuser)
# A job is also its requester's when they asked for it through one record they may reach
# without being a member (a review's team member producing its letter).
rules.add_perm("jobs.view_job", is_member | is_superuser | is_requester_through_record)
# A job's result was produced with its requester's permissions, so only they and the
# organisation's admins may open it.
rules.add_perm("jobs.view_any_job", is_org_admin | is_superuser)
# Records of the organisation's own space
rules.add_perm("organisations.view_membership", can_view_record)
rules.add_perm("organisations.change_membership", is_org_admin | is_superuser)
rules.add_perm("organisations.change_invitation", is_org_admin | is_superuser)
# Regions: their leads see the region's page; what councils share with them comes later.
rules.add_perm("organisations.view_region", is_regional_lead | is_superuser)
