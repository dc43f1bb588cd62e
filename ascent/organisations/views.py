"""An organisation's own space: its overview, members and activity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.core.audit import ActivityFeed, audited_models, model_key, noun_plural
from ascent.core.registry import overview_panels as declared_panels
from ascent.core.registry import planned_sections, region_links

from . import actions
from .access import fetch, get_organisation_for_user, get_region_for_user
from .forms import AcceptInvitationForm, ActivityFilterForm, ChangeRoleForm, InviteForm
from .models import Invitation, Membership, Organisation, Role
from .sections import PLANNED_SECTIONS

ACTIVITY_PAGE_SIZE = 50


@require_GET
def overview(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code)
    role_counts = dict(Membership.objects.in_organisation(organisation).values_list("role").annotate(n=Count("id")))
    recent = (
        ActivityFeed(organisation.pk)[:5] if request.user.has_perm("organisations.view_activity", organisation) else []
    )
    context = {
        "organisation": organisation,
        "member_count": sum(role_counts.values()),
        "role_counts": [(role.label, role_counts.get(role.value, 0)) for role in reversed(Role)],
        "recent_activity": recent,
        "can_see_activity": request.user.has_perm("organisations.view_activity", organisation),
        "can_manage": request.user.has_perm("organisations.manage_members", organisation),
        "sections": {slug: PLANNED_SECTIONS[slug] for slug in planned_sections()},
        "panels": overview_panels(request, organisation),
    }
    return render(request, "organisations/overview.html", context)


def overview_panels(request: HttpRequest, organisation: Organisation) -> list[dict]:
    """The panels apps declare for the Overview on their AppConfig (ascent/core/registry.py)."""
    panels = []
    for path in declared_panels():
        panel = import_string(path)(request, organisation)
        if panel:
            panels.append(panel)
    return panels


@require_GET
def planned_section(request: HttpRequest, gss_code: str, section: str) -> HttpResponse:
    """A section a later release fills: it says plainly what is coming, and nothing more."""
    organisation = get_organisation_for_user(request.user, gss_code)
    info = PLANNED_SECTIONS[section]
    return render(request, "organisations/planned_section.html", {"organisation": organisation, "section": info})


@require_GET
def members(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="organisations.view_members")
    can_manage = request.user.has_perm("organisations.manage_members", organisation)
    memberships = (
        Membership.objects.in_organisation(organisation).select_related("user").order_by("-role", "user__full_name")
    )
    invitations = (
        Invitation.objects.in_organisation(organisation).pending().select_related("invited_by") if can_manage else []
    )
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "invitations": invitations,
            "can_manage": can_manage,
        },
    )


def _invitation_link(request: HttpRequest):
    def build(token: str) -> str:
        return request.build_absolute_uri(reverse("organisations:invitation", kwargs={"token": token}))

    return build


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="organisations.manage_members")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.invite_member(
                organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                accept_url_builder=_invitation_link(request),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}")
            return redirect("organisations:members", gss_code=organisation.gss_code)
    return render(request, "organisations/invite.html", {"organisation": organisation, "form": form})


def _membership_for(request, gss_code: str, membership_id: int) -> tuple[Organisation, Membership]:
    organisation = get_organisation_for_user(request.user, gss_code, perm="organisations.manage_members")
    membership = fetch(
        Membership,
        request.user,
        organisation=organisation,
        perm="organisations.change_membership",
        select_related=("user",),
        pk=membership_id,
    )
    return organisation, membership


@require_http_methods(["GET", "POST"])
def member_role(request: HttpRequest, gss_code: str, membership_id: int) -> HttpResponse:
    organisation, membership = _membership_for(request, gss_code, membership_id)
    form = ChangeRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_role(membership, role=form.cleaned_data["role"], by=request.user)
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, f"{membership.user}'s role is now {Role(form.cleaned_data['role']).label}")
            return redirect("organisations:members", gss_code=organisation.gss_code)
    return render(
        request,
        "organisations/member_role.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, gss_code: str, membership_id: int) -> HttpResponse:
    organisation, membership = _membership_for(request, gss_code, membership_id)
    error = None
    if request.method == "POST":
        try:
            actions.remove_member(membership, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, f"{membership.user} has been removed from {organisation}")
            if membership.user_id == request.user.pk:
                return redirect("core:home")
            return redirect("organisations:members", gss_code=organisation.gss_code)
    return render(
        request,
        "organisations/member_remove.html",
        {"organisation": organisation, "membership": membership, "error": error},
    )


@require_POST
def invitation_withdraw(request: HttpRequest, gss_code: str, invitation_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="organisations.manage_members")
    invitation = fetch(
        Invitation.objects.in_organisation(organisation).pending(),
        request.user,
        organisation=organisation,
        perm="organisations.change_invitation",
        pk=invitation_id,
    )
    actions.revoke_invitation(invitation, by=request.user)
    messages.success(request, f"The invitation for {invitation.email} has been withdrawn. Its link no longer works.")
    return redirect("organisations:members", gss_code=organisation.gss_code)


@require_GET
def activity(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="organisations.view_activity")
    models = audited_models()
    model_choices = [(model_key(m), capfirst(noun_plural(m))) for m in models]
    people = Membership.objects.in_organisation(organisation).select_related("user").order_by("user__full_name")
    form = ActivityFilterForm(request.GET or None, model_choices=model_choices, people=[m.user for m in people])
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    feed = ActivityFeed(
        organisation.pk,
        model_keys={filters["what"]} if filters.get("what") else None,
        action=filters.get("action") or None,
        user_id=filters.get("who"),
        since=filters.get("date_from"),
        until=filters.get("date_to"),
    )
    page = Paginator(feed, ACTIVITY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/activity.html",
        {"organisation": organisation, "form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
def switch(request: HttpRequest) -> HttpResponse:
    """Choose which organisation's space to work in."""
    organisations = Organisation.objects.visible_to(request.user).select_related("region").order_by("name")
    if request.user.is_superuser:
        query = request.GET.get("q", "").strip()[:100]
        if query:
            organisations = organisations.filter(name__icontains=query) | organisations.filter(gss_code__iexact=query)
    else:
        query = ""
    memberships = dict(request.user.memberships.values_list("organisation_id", "role"))
    rows = [
        (org, Role(memberships[org.pk]).label if org.pk in memberships else "Platform staff") for org in organisations
    ]
    return render(
        request,
        "organisations/switch.html",
        {"rows": rows, "query": query, "regions": request.user.regional_roles.select_related("region")},
    )


@require_GET
def region(request: HttpRequest, code: str) -> HttpResponse:
    region = get_region_for_user(request.user, code)
    councils = region.organisations.filter(is_active=True).order_by("name")
    links = [(link.label, reverse(link.url_name, kwargs={"code": region.code})) for link in region_links()]
    return render(request, "organisations/region.html", {"region": region, "councils": councils, "links": links})


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: sign in (or create an account) with the invited address."""
    found = actions.find_pending_invitation(token)
    if found is None:
        return render(request, "organisations/invitation_invalid.html", status=404)
    user = request.user
    if user.is_authenticated:
        if request.method == "POST":
            try:
                actions.accept_invitation(found, user=user)
            except ValidationError as error:
                return render(
                    request, "organisations/invitation.html", {"invitation": found, "error": error.messages[0]}
                )
            messages.success(request, f"You are now a member of {found.organisation}")
            return redirect(found.organisation)
        return render(request, "organisations/invitation.html", {"invitation": found})
    from django.contrib.auth import get_user_model

    if get_user_model().objects.filter(email__iexact=found.email).exists():
        sign_in = reverse("accounts:sign-in") + "?next=" + request.path
        return render(request, "organisations/invitation.html", {"invitation": found, "sign_in": sign_in})
    form = AcceptInvitationForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            new_user = get_user_model().objects.create_user(
                email=found.email,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                job_title=form.cleaned_data["job_title"],
            )
            actions.accept_invitation(found, user=new_user)
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Your account is ready. You are now a member of {found.organisation}")
        return redirect(found.organisation)
    return render(request, "organisations/invitation_new_account.html", {"invitation": found, "form": form})
