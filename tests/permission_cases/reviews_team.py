"""Matrix rows for the review team (ascent/reviews/views/team.py).

The host's members and the team read the team page; the host's editors change the team,
invite and remove members and set the team's access date (the reviewer, who sees the
review, gets 403 there). "Reviews you sit on" is for anyone signed in, and the invitation
page is public: a signed-in person whose address is not the invited one is told so.
"""

from __future__ import annotations

import datetime as dt

from .base import EDITORS_OF_A, MEMBERS_OF_A, OK, PUBLIC, SIGNED_IN, Case, but, goes_to
from .reviews import a_review

#: The review's pages: the host's members and the reviewer on its team.
REVIEW_READERS = but(MEMBERS_OF_A, reviewer=OK)
#: Changing the team: the host's editors; the reviewer sees the review but may not.
TEAM_CHANGERS = but(EDITORS_OF_A, reviewer=403)
TO_TEAM = goes_to("reviews:team", a_review)
TOKEN = "review-matrix-token"


def a_member(world):
    return {**a_review(world), "member_id": world["invitable_member"].pk}


def an_invitation(world):
    return {**a_review(world), "invitation_id": world["review_invitation"].pk}


LATER = dt.date.today() + dt.timedelta(days=200)

CASES: dict[str, Case] = {
    "reviews:team": Case(get=REVIEW_READERS, kwargs=a_review),
    "reviews:team-add": Case(
        get=TEAM_CHANGERS,
        post=but(TEAM_CHANGERS, to=TO_TEAM),
        kwargs=a_review,
        data={"name": "New Peer", "role": "officer-peer"},
    ),
    "reviews:team-edit": Case(
        get=TEAM_CHANGERS,
        post=but(TEAM_CHANGERS, to=TO_TEAM),
        kwargs=a_member,
        data={"name": "Invitable Person", "role": "member-peer", "email": "invitee@peers.example"},
    ),
    "reviews:team-remove": Case(get=TEAM_CHANGERS, post=but(TEAM_CHANGERS, to=TO_TEAM), kwargs=a_member),
    "reviews:team-invite": Case(post=but(TEAM_CHANGERS, to=TO_TEAM), kwargs=a_member),
    "reviews:team-invitation-withdraw": Case(post=but(TEAM_CHANGERS, to=TO_TEAM), kwargs=an_invitation),
    "reviews:team-access": Case(
        get=TEAM_CHANGERS,
        post=but(TEAM_CHANGERS, to=TO_TEAM),
        kwargs=a_review,
        data={"team_access_ends_on": f"{LATER.day}/{LATER.month}/{LATER.year}"},
    ),
    "reviews:mine": Case(get=SIGNED_IN),
    "reviews:invitation": Case(get=PUBLIC, post=PUBLIC, kwargs=lambda world: {"token": TOKEN}),
}


def extend_world(world: dict) -> None:
    from django.utils import timezone

    from ascent.organisations.models import hash_token
    from ascent.reviews.models import ReviewInvitation, TeamMember, TeamRole

    member = TeamMember.objects.create(
        review=world["review"],
        position=1,
        name="Invitable Person",
        role=TeamRole.MEMBER_PEER,
        email="invitee@peers.example",
    )
    world["invitable_member"] = member
    world["review_invitation"] = ReviewInvitation.objects.create(
        member=member,
        email=member.email,
        token_hash=hash_token(TOKEN),
        invited_by=world["admin_user"],
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
