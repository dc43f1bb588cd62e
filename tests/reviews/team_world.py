"""Small builders the team and isolation tests share: a Harrow review and a seat on its team."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from ascent.reviews import team as actions
from ascent.reviews.models import Review, ReviewInvitation, Stage, TeamMember, TeamRole

TOKEN = "a-test-token-for-the-review-team"


def make_review(organisation, **values) -> Review:
    today = timezone.localdate()
    defaults = {
        "title": "Harrow peer challenge 2026",
        "stage": Stage.FIELDWORK,
        "on_site_from": today,
        "on_site_to": today + dt.timedelta(days=2),
    }
    return Review.objects.create(organisation=organisation, **{**defaults, **values})


def invite(member: TeamMember, *, by, token: str = TOKEN) -> ReviewInvitation:
    """Invite through the action, with a known token so a test can open the link."""
    from unittest import mock

    with mock.patch("ascent.reviews.team.secrets.token_urlsafe", return_value=token):
        return actions.invite_member(member, by=by, accept_url_builder=lambda t: f"http://testserver/r/{t}/")


def seat(review: Review, user, *, by, lead: bool = True, role: str = TeamRole.OFFICER_PEER) -> TeamMember:
    """Put ``user`` on the team the way the service does: add, invite, accept."""
    member = actions.add_member(review, by=by, name=user.full_name, role=role, is_lead=lead, email=user.email)
    invitation = invite(member, by=by, token=f"seat-{review.pk}-{user.pk}")
    return actions.accept_invitation(invitation, user=user)


def review_url(name: str, review: Review, **kwargs) -> str:
    return reverse(name, kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk, **kwargs})
