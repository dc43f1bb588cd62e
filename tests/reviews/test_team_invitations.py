"""Inviting a team member by email and accepting: the grant, the access date, and every refusal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.organisations.models import hash_token
from ascent.reviews import team as actions
from ascent.reviews.models import Review, ReviewInvitation, TeamMember, TeamRole
from tests.factories import UserFactory

from .team_world import TOKEN, invite, make_review, review_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow):
    return make_review(harrow)


@pytest.fixture
def member(review, editor):
    return actions.add_member(
        review, by=editor, name="Pat Peer", role=TeamRole.OFFICER_PEER, email="pat@peers.example", is_lead=True
    )


def link(token=TOKEN):
    return reverse("reviews:invitation", kwargs={"token": token})


def test_inviting_emails_a_link_and_keeps_only_the_token_s_hash(
    client, review, member, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url("reviews:team-invite", review, member_id=member.pk))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@peers.example"]
    assert "Harrow" in message.subject
    token = re.search(r"http://testserver/review-invitations/([\w-]+)/", message.body).group(1)
    invitation = ReviewInvitation.objects.get()
    assert invitation.token_hash == hash_token(token) != token
    assert invitation.invited_by == editor
    assert "token_hash" not in [field.name for field in invitation.history.model._meta.fields]


def test_the_first_invitation_sets_the_default_access_date(review, member, editor):
    assert review.team_access_ends_on is None
    invite(member, by=editor)
    review.refresh_from_db()
    assert review.team_access_ends_on == actions.add_months(review.on_site_to, 6)


def test_inviting_again_replaces_the_earlier_link(review, member, editor):
    first = invite(member, by=editor, token="first-token")
    invite(member, by=editor, token="second-token")
    first.refresh_from_db()
    assert first.revoked_at is not None
    with pytest.raises(actions.InvitationProblem) as caught:
        actions.find_invitation("first-token")
    assert caught.value.code == "withdrawn"


def test_a_member_without_an_address_cannot_be_invited_and_the_page_says_why(client, review, editor):
    member = actions.add_member(review, by=editor, name="No Mail", role=TeamRole.MEMBER_PEER)
    client.force_login(editor)
    response = client.post(review_url("reviews:team-invite", review, member_id=member.pk))
    assert response.status_code == 400
    body = response.content.decode()
    assert "No Mail: Add No Mail&#x27;s email address before inviting them" in body
    assert f'href="#member-{member.pk}"' in body
    assert not ReviewInvitation.objects.exists()


def test_inviting_is_refused_once_the_team_s_access_has_ended(review, member, editor):
    review.team_access_ends_on = timezone.localdate() - dt.timedelta(days=1)
    review.save()
    with pytest.raises(Exception) as caught:
        invite(member, by=editor)
    assert "Set a later date before inviting anyone" in str(caught.value)


def test_someone_new_creates_an_account_and_joins_with_an_edit_grant(client, review, member, editor):
    invite(member, by=editor)
    response = client.get(link())
    assert response.status_code == 200
    assert "Harrow peer challenge 2026" in response.content.decode()
    response = client.post(
        link(),
        {
            "full_name": "Pat Peer",
            "job_title": "",
            "password1": "a long secret phrase 9",
            "password2": "a long secret phrase 9",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    user = member.user
    assert user.email == "pat@peers.example"
    grant = member.grant
    review.refresh_from_db()
    assert (grant.user, grant.record, grant.level) == (user, review, AccessGrant.Level.EDIT)
    assert (grant.starts_on, grant.ends_on) == (timezone.localdate(), review.team_access_ends_on)
    assert grant.granted_by == editor
    assert grant.reason == "Team of Harrow peer challenge 2026"
    # Signed in, they reach the review straight away.
    assert client.get(review_url("reviews:team", review)).status_code == 200


def test_someone_with_an_account_signs_in_first_then_accepts(client, review, member, editor):
    person = UserFactory(email="pat@peers.example", full_name="Pat Peer")
    invite(member, by=editor)
    body = client.get(link()).content.decode()
    assert "Sign in</a> to accept" in body
    client.force_login(person)
    response = client.post(link())
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user == person
    assert ReviewInvitation.objects.get().accepted_by == person


def test_a_signed_in_person_with_another_address_is_refused_clearly(client, review, member, editor, outsider):
    invite(member, by=editor)
    client.force_login(outsider)
    response = client.get(link())
    assert "This invitation is for pat@peers.example, but you are signed in as outsider@herefordshire.example" in (
        response.content.decode()
    )
    response = client.post(link())
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.user is None
    assert not AccessGrant.objects.exists()
    with pytest.raises(actions.InvitationProblem) as caught:
        actions.accept_invitation(ReviewInvitation.objects.get(), user=outsider)
    assert caught.value.code == "wrong-email"


@pytest.mark.parametrize(
    ("spoil", "status", "message"),
    [
        (lambda invitation: setattr(invitation, "accepted_at", timezone.now()), 410, "already been used"),
        (lambda invitation: setattr(invitation, "revoked_at", timezone.now()), 410, "has been withdrawn"),
        (
            lambda invitation: setattr(invitation, "expires_at", timezone.now() - dt.timedelta(hours=1)),
            410,
            "This invitation expired on",
        ),
    ],
)
def test_a_used_withdrawn_or_expired_link_is_refused_clearly(client, review, member, editor, spoil, status, message):
    invitation = invite(member, by=editor)
    spoil(invitation)
    invitation.save()
    response = client.get(link())
    assert response.status_code == status
    assert message in response.content.decode()
    assert client.post(link(), {"full_name": "X"}).status_code == status
    assert not AccessGrant.objects.exists()


def test_an_unknown_link_is_a_404(client):
    response = client.get(link("no-such-token"))
    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_a_link_to_a_review_whose_team_access_has_ended_is_refused(client, review, member, editor):
    invite(member, by=editor)
    # The host shortened the team's access (through the admin site, say) after inviting.
    Review.objects.filter(pk=review.pk).update(team_access_ends_on=timezone.localdate() - dt.timedelta(days=1))
    response = client.get(link())
    assert response.status_code == 410
    assert "The team&#x27;s access to this review ended on" in response.content.decode()


def test_withdrawing_an_invitation_stops_its_link(client, review, member, editor):
    invitation = invite(member, by=editor)
    client.force_login(editor)
    response = client.post(review_url("reviews:team-invitation-withdraw", review, invitation_id=invitation.pk))
    assert response.status_code == 302
    client.logout()
    assert client.get(link()).status_code == 410


def test_an_accepted_invitation_cannot_be_withdrawn(client, review, member, editor):
    invitation = invite(member, by=editor)
    person = UserFactory(email="pat@peers.example")
    actions.accept_invitation(invitation, user=person)
    client.force_login(editor)
    response = client.post(review_url("reviews:team-invitation-withdraw", review, invitation_id=invitation.pk))
    assert response.status_code == 400
    assert "already been accepted" in response.content.decode()


def test_an_invitation_of_another_review_cannot_be_withdrawn_here(client, harrow, review, member, editor):
    other = make_review(harrow, title="Other")
    elsewhere = actions.add_member(other, by=editor, name="E", role=TeamRole.MEMBER_PEER, email="e@x.example")
    invitation = invite(elsewhere, by=editor)
    client.force_login(editor)
    response = client.post(review_url("reviews:team-invitation-withdraw", review, invitation_id=invitation.pk))
    assert response.status_code == 404


def test_one_person_takes_one_seat_on_a_team(review, member, editor):
    person = UserFactory(email="pat@peers.example")
    actions.accept_invitation(invite(member, by=editor), user=person)
    second = actions.add_member(review, by=editor, name="Pat twice", role=TeamRole.MEMBER_PEER)
    second.email = "pat@peers.example"  # as an import might leave it
    TeamMember.objects.filter(pk=second.pk).update(email="pat@peers.example")
    invitation = ReviewInvitation.objects.create(
        member=second,
        email="pat@peers.example",
        token_hash=hash_token("twice"),
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    with pytest.raises(actions.InvitationProblem, match="already on this review's team as Pat Peer"):
        actions.accept_invitation(invitation, user=person)
    assert AccessGrant.objects.count() == 1


def test_a_lead_who_joins_may_approve_findings(review, member, editor):
    person = UserFactory(email="pat@peers.example")
    actions.accept_invitation(invite(member, by=editor), user=person)
    review = Review.objects.get(pk=review.pk)
    assert person.has_perm("reviews.approve_findings", review)
    assert person.has_perm("reviews.draft_findings", review)
    assert not person.has_perm("reviews.change_review", review)
