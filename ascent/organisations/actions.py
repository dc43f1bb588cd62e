"""Changes to organisations and their members. Views, commands and tests call these.

Each action runs in one transaction, records the acting user in the history, and sends
email only after the transaction commits.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ascent.accounts.identity import normalise_email
from ascent.core.locks import hold_organisation_lock

from .models import Invitation, Membership, Organisation, Role, hash_token


class LastAdminError(ValidationError):
    """An organisation must always keep at least one admin."""


def _check_keeps_an_admin(membership: Membership, new_role: int | None) -> None:
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    other_admins = (
        Membership.objects.select_for_update()
        .filter(organisation=membership.organisation_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not other_admins.exists():
        raise LastAdminError(
            f"{membership.user} is the only admin of {membership.organisation}. Make someone else an admin first."
        )


@transaction.atomic
def invite_member(organisation: Organisation, *, email: str, role: int, by, accept_url_builder) -> Invitation:
    """Invite someone by email. Replaces any earlier open invitation for the same address.

    ``accept_url_builder(token)`` returns the absolute link to put in the email.
    """
    email = normalise_email(email)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already a member of {organisation}.")
    now = timezone.now()
    for old in Invitation.objects.select_for_update().filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ):
        old.revoked_at = now
        old._history_user = by
        old.save(update_fields=["revoked_at"])
    token = Invitation.new_token()
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=by,
        expires_at=Invitation.default_expiry(),
    )
    invitation._history_user = by
    invitation.save()
    link = accept_url_builder(token)
    context = {"invitation": invitation, "link": link, "inviter": by, "days": settings.ASCENT_INVITATION_DAYS}
    subject = f"You have been invited to join {organisation.name} on {settings.ASCENT_SERVICE_NAME}"
    body = render_to_string("organisations/emails/invitation.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation


def find_pending_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.pending()
        .select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user) -> Membership:
    """Make the user a member with the invited role (or raise their role to it)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError("This invitation has expired or has already been used.")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            f"This invitation is for {invitation.email}. Sign in with that email address to accept it."
        )
    membership = Membership.objects.filter(user=user, organisation=invitation.organisation_id).first()
    if membership is None:
        membership = Membership(user=user, organisation=invitation.organisation, role=invitation.role)
        membership._history_user = user
        membership.save()
    elif membership.role < invitation.role:
        membership.role = invitation.role
        membership._history_user = user
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation._history_user = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by) -> None:
    invitation.revoked_at = timezone.now()
    invitation._history_user = by
    invitation.save(update_fields=["revoked_at"])


def _lock_membership(membership: Membership) -> Membership:
    """Take the organisation's members lock, then read the membership afresh.

    Two admins acting at once (say, removing each other) take turns: the second sees what
    the first did, so the last-admin rule holds and the second is told why nothing changed.
    """
    hold_organisation_lock("members", membership.organisation_id)
    current = (
        Membership.objects.select_for_update().select_related("user", "organisation").filter(pk=membership.pk).first()
    )
    if current is None:
        raise ValidationError(
            f"{membership.user} is no longer a member of {membership.organisation}: someone else has just removed them."
        )
    return current


@transaction.atomic
def change_role(membership: Membership, *, role: int, by) -> Membership:
    membership = _lock_membership(membership)
    if membership.role == role:
        return membership
    _check_keeps_an_admin(membership, role)
    membership.role = role
    membership._history_user = by
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, by) -> None:
    membership = _lock_membership(membership)
    _check_keeps_an_admin(membership, None)
    membership._history_user = by
    membership.delete()


@transaction.atomic
def add_member(organisation: Organisation, *, user, role: int, by=None) -> Membership:
    """Used by the demo and by platform staff: make an existing user a member."""
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership._history_user = by
        membership.save(update_fields=["role"])
    return membership
