"""The review team: members, invitations by email, and the grant each accepted member holds.

Views, commands and tests call these. Each action runs in one transaction, records who
acted (``_history_user``), refuses bad input with a ``ValidationError`` naming the field,
and sends email only once the transaction has committed.

A team member invited as a user accepts an emailed link (only the token's SHA-256 hash is
stored, as for ``organisations.Invitation``). Accepting links ``TeamMember.user`` and gives
them one :class:`~ascent.core.models.AccessGrant` of the review record, edit level, from
that day to ``Review.team_access_ends_on``: the host's date, which every team grant
follows (:func:`set_team_access`). The rules (``ascent.reviews.rules``) turn that one grant
into "works on the review while it is open, reads it after publication, sees nothing after
the end date".
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from ascent.accounts.identity import normalise_email
from ascent.core.dates import govuk_date
from ascent.core.models import AccessGrant
from ascent.organisations.models import hash_token

from .models import Review, ReviewInvitation, TeamMember, TeamRole

#: How long the team keeps access by default: six months after the last day on site.
DEFAULT_ACCESS_MONTHS = 6
#: AccessGrant.reason is at most 300 characters.
_REASON_MAX = 300


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it is shorter (31 August + 6 = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_team_access_end(review: Review, *, today: dt.date | None = None) -> dt.date:
    """Six months after the last day on site, or after today when the dates are not known (never before today)."""
    today = today or timezone.localdate()
    start = review.on_site_to or review.on_site_from or today
    return max(add_months(start, DEFAULT_ACCESS_MONTHS), today)


def team_access_end(review: Review) -> dt.date:
    """The date the team's grants run to: the host's date, or the default until they set one."""
    return review.team_access_ends_on or default_team_access_end(review)


# ----- members -------------------------------------------------------------------------------

MEMBER_FIELDS = (
    "name",
    "role",
    "job_title",
    "home_organisation",
    "home_organisation_name",
    "is_lead",
    "email",
)


def _check_member(review: Review, values: dict, *, member: TeamMember | None = None) -> dict:
    values = {**values}
    values["name"] = (values.get("name") or "").strip()
    if not values["name"]:
        raise ValidationError({"name": "Enter the member's name"})
    if (member is None or "role" in values) and values.get("role") not in TeamRole.values:
        raise ValidationError({"role": "Choose the member's role on the team"})
    email = normalise_email(values.get("email") or "")
    values["email"] = email
    if member is not None and member.user_id and email.lower() != member.email.lower():
        raise ValidationError(
            {"email": f"{member.name} has joined with their account ({member.email}), so their email address stays"}
        )
    if email:
        clash = TeamMember.objects.in_organisation(review.organisation).filter(review=review, email__iexact=email)
        if member is not None:
            clash = clash.exclude(pk=member.pk)
        other = clash.first()
        if other is not None:
            raise ValidationError({"email": f"{other.name} on this team already has the email address {email}"})
    if values.get("home_organisation") and (values.get("home_organisation_name") or "").strip():
        raise ValidationError(
            {"home_organisation_name": "Choose a council from the list or type another organisation, not both"}
        )
    return values


def _apply(member: TeamMember, values: dict) -> None:
    for name in MEMBER_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "is_lead":
            value = bool(value)
        elif name == "home_organisation":
            value = value or None
        elif value is None:
            value = ""
        setattr(member, name, value.strip() if isinstance(value, str) else value)


def _only_lead(member: TeamMember, by) -> None:
    """A review has one lead: making this member lead stops the others being lead."""
    if not member.is_lead:
        return
    for other in (
        TeamMember.objects.select_for_update().filter(review_id=member.review_id, is_lead=True).exclude(pk=member.pk)
    ):
        other.is_lead = False
        other._history_user = by
        other.save(update_fields=["is_lead"])


@transaction.atomic
def add_member(review: Review, *, by, **values) -> TeamMember:
    """Add a member to the team, at the end of the list. ``values`` are :data:`MEMBER_FIELDS`."""
    values = _check_member(review, values)
    last = TeamMember.objects.filter(review=review).aggregate(last=Max("position"))["last"]
    member = TeamMember(review=review, position=0 if last is None else last + 1)
    _apply(member, values)
    member._history_user = by
    member.save()
    _only_lead(member, by)
    return member


@transaction.atomic
def change_member(member: TeamMember, *, by, **values) -> TeamMember:
    """Change a member's details. A member who has joined keeps their email address."""
    member = TeamMember.objects.select_for_update(of=("self",)).select_related("review").get(pk=member.pk)
    values = _check_member(member.review, values, member=member)
    old_email = member.email
    _apply(member, values)
    member._history_user = by
    member.save()
    _only_lead(member, by)
    if old_email and old_email.lower() != member.email.lower():
        # An invitation sent to the old address must not let anyone in any more.
        _withdraw_pending(member, by)
    return member


def _withdraw_pending(member: TeamMember, by) -> int:
    now = timezone.now()
    pending = list(ReviewInvitation.objects.select_for_update().pending(now).filter(member=member))
    for invitation in pending:
        invitation.revoked_at = now
        invitation._history_user = by
        invitation.save(update_fields=["revoked_at"])
    return len(pending)


def _end_grant(grant: AccessGrant, by, *, today: dt.date) -> None:
    """End a grant yesterday, so it gives nothing from today."""
    yesterday = today - timedelta(days=1)
    if grant.ends_on <= yesterday:
        return
    grant.ends_on = yesterday
    # A grant that started today (or is yet to start) never gave access before today; the
    # dates must stay in order, so it becomes a one-day grant of yesterday, which gives
    # nothing now. Its history keeps the dates it had.
    grant.starts_on = min(grant.starts_on, yesterday)
    grant._history_user = by
    grant.save(update_fields=["ends_on", "starts_on"])


@transaction.atomic
def remove_member(member: TeamMember, *, by) -> None:
    """Take a member off the team: their grant ends yesterday and their open invitations are withdrawn."""
    member = TeamMember.objects.select_for_update(of=("self",)).select_related("grant").get(pk=member.pk)
    today = timezone.localdate()
    if member.grant is not None:
        _end_grant(member.grant, by, today=today)
    _withdraw_pending(member, by)
    member._history_user = by
    member.delete()


# ----- invitations ---------------------------------------------------------------------------


def _ensure_access_date(review: Review, by) -> dt.date:
    if review.team_access_ends_on is None:
        review.team_access_ends_on = default_team_access_end(review)
        review._history_user = by
        review.save(update_fields=["team_access_ends_on", "updated_at"])
    return review.team_access_ends_on


@transaction.atomic
def invite_member(member: TeamMember, *, by, accept_url_builder: Callable[[str], str]) -> ReviewInvitation:
    """Email the member a link to join the review as a user. Replaces any earlier open invitation.

    ``accept_url_builder(token)`` returns the absolute link to put in the email. The first
    invitation sets the team's access date to its default if the host has not set one.
    """
    member = TeamMember.objects.select_for_update(of=("self",)).select_related("review__organisation").get(pk=member.pk)
    review = member.review
    if not member.email:
        raise ValidationError({"email": f"Add {member.name}'s email address before inviting them"})
    if member.user_id:
        raise ValidationError({"email": f"{member.name} has already joined the team with their account"})
    today = timezone.localdate()
    if review.team_access_ends_on is not None and review.team_access_ends_on < today:
        raise ValidationError(
            {
                "team_access_ends_on": (
                    f"The team's access ended on {govuk_date(review.team_access_ends_on)}. "
                    "Set a later date before inviting anyone"
                )
            }
        )
    ends_on = _ensure_access_date(review, by)
    _withdraw_pending(member, by)
    token = secrets.token_urlsafe(32)
    invitation = ReviewInvitation(
        member=member,
        email=member.email,
        token_hash=hash_token(token),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.ASCENT_INVITATION_DAYS),
    )
    invitation._history_user = by
    invitation.save()
    context = {
        "member": member,
        "review": review,
        "inviter": by,
        "link": accept_url_builder(token),
        "days": settings.ASCENT_INVITATION_DAYS,
        "ends_on": ends_on,
        "service_name": settings.ASCENT_SERVICE_NAME,
    }
    kind = review.get_kind_display().lower()
    subject = f"Join the team of {review.organisation.name}'s {kind} on {settings.ASCENT_SERVICE_NAME}"
    body = render_to_string("reviews/team/emails/invitation.txt", context)
    email = member.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation


@transaction.atomic
def withdraw_invitation(invitation: ReviewInvitation, *, by) -> None:
    invitation = ReviewInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation has already been accepted. Remove the member to end their access")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation._history_user = by
        invitation.save(update_fields=["revoked_at"])


class InvitationProblem(ValidationError):
    """Why an invitation link cannot be used (``code``: unknown, used, withdrawn, expired, ended)."""


def find_invitation(token: str) -> ReviewInvitation:
    """The invitation a link's token belongs to, if it can still be accepted; :class:`InvitationProblem` if not."""
    invitation = None
    if token and len(token) <= 100:
        invitation = (
            ReviewInvitation.objects.select_related("member__review__organisation", "invited_by")
            .filter(token_hash=hash_token(token))
            .first()
        )
    if invitation is None:
        raise InvitationProblem("This invitation link does not work. Check you copied all of it", code="unknown")
    check_invitation(invitation)
    return invitation


def check_invitation(invitation: ReviewInvitation, *, now=None) -> None:
    now = now or timezone.now()
    if invitation.accepted_at is not None:
        raise InvitationProblem("This invitation has already been used", code="used")
    if invitation.revoked_at is not None:
        raise InvitationProblem("This invitation has been withdrawn, or replaced by a newer one", code="withdrawn")
    if invitation.expires_at <= now:
        raise InvitationProblem(
            f"This invitation expired on {govuk_date(timezone.localtime(invitation.expires_at))}", code="expired"
        )
    review = invitation.member.review
    if review.team_access_ends_on is not None and review.team_access_ends_on < timezone.localdate(now):
        raise InvitationProblem(
            f"The team's access to this review ended on {govuk_date(review.team_access_ends_on)}", code="ended"
        )


def _reason(review: Review) -> str:
    reason = f"Team of {review.title}"
    return reason if len(reason) <= _REASON_MAX else reason[: _REASON_MAX - 1] + "…"


@transaction.atomic
def accept_invitation(invitation: ReviewInvitation, *, user) -> TeamMember:
    """Link the member to ``user`` and give them an edit grant of the review to the team's access date."""
    invitation = (
        ReviewInvitation.objects.select_for_update(of=("self",))
        .select_related("member__review__organisation", "invited_by")
        .get(pk=invitation.pk)
    )
    check_invitation(invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationProblem(
            f"This invitation is for {invitation.email}. You are signed in as {user.email}: "
            "sign out, then open the link again and sign in with the invited address",
            code="wrong-email",
        )
    member = TeamMember.objects.select_for_update().get(pk=invitation.member_id)
    review = Review.objects.select_for_update().get(pk=member.review_id)
    if member.user_id and member.user_id != user.pk:
        raise InvitationProblem("Someone else has already joined the team in this place", code="taken")
    seat = TeamMember.objects.filter(review=review, user=user).exclude(pk=member.pk).first()
    if seat is not None:
        raise InvitationProblem(f"You are already on this review's team as {seat.name}", code="seated")
    today = timezone.localdate()
    ends_on = _ensure_access_date(review, invitation.invited_by or user)
    grant = member.grant
    if grant is None:
        grant = AccessGrant(
            user=user,
            content_type=ContentType.objects.get_for_model(Review),
            object_id=review.pk,
        )
    grant.level = AccessGrant.Level.EDIT
    grant.starts_on = min(grant.starts_on, today) if grant.starts_on else today
    grant.ends_on = ends_on
    grant.granted_by = invitation.invited_by
    grant.reason = _reason(review)
    grant._history_user = user
    grant.save()
    member.user = user
    member.grant = grant
    member._history_user = user
    member.save(update_fields=["user", "grant"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation._history_user = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    from ascent.organisations.rules import forget_cached_roles

    forget_cached_roles(user)
    return member


# ----- the team's access date ----------------------------------------------------------------


@transaction.atomic
def set_team_access(review: Review, *, ends_on: dt.date, by) -> int:
    """Set the last day the team may see the review; every team member's grant follows it.

    Returns how many grants changed. The date must be today or later: to end one member's
    access now, remove them from the team.
    """
    if ends_on is None:
        raise ValidationError({"team_access_ends_on": "Enter the last day the team may see the review"})
    today = timezone.localdate()
    if ends_on < today:
        raise ValidationError(
            {
                "team_access_ends_on": (
                    f"The last day must be today ({govuk_date(today)}) or later. "
                    "To end one member's access now, remove them from the team"
                )
            }
        )
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.team_access_ends_on != ends_on:
        review.team_access_ends_on = ends_on
        review._history_user = by
        review.save(update_fields=["team_access_ends_on", "updated_at"])
    changed = 0
    grants = AccessGrant.objects.select_for_update().filter(
        pk__in=TeamMember.objects.filter(review=review, grant__isnull=False).values("grant_id")
    )
    for grant in grants:
        if grant.ends_on == ends_on:
            continue
        grant.ends_on = ends_on
        grant.starts_on = min(grant.starts_on, ends_on)
        grant._history_user = by
        grant.save(update_fields=["ends_on", "starts_on"])
        changed += 1
    return changed


# ----- the reviewer's own list ---------------------------------------------------------------


def seats_of(user, reviews) -> list[dict]:
    """For each review in ``reviews`` (those the person sits on): their place on its team and what they may do.

    Three queries whatever the number of reviews: the reviews, the person's grants, their seats.
    """
    reviews = list(reviews)
    if not reviews:
        return []
    ids = [review.pk for review in reviews]
    grants = {
        grant.object_id: grant
        for grant in AccessGrant.objects.current().for_model(Review).filter(user=user, object_id__in=ids)
    }
    seats = {seat.review_id: seat for seat in TeamMember.objects.filter(user=user, review_id__in=ids)}
    rows = []
    for review in reviews:
        grant = grants.get(review.pk)
        rows.append(
            {
                "review": review,
                "seat": seats.get(review.pk),
                "can_change": bool(grant and review.is_open and grant.level == AccessGrant.Level.EDIT),
                "ends_on": grant.ends_on if grant else None,
            }
        )
    return rows
