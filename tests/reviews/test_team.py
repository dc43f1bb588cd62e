"""The review team's page and the host's changes to it: add, change, remove (ascent/reviews/team.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.reviews import team as actions
from ascent.reviews.models import ReviewInvitation, TeamMember, TeamRole

from .team_world import invite, make_review, review_url, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow):
    return make_review(harrow)


def test_the_host_sees_each_member_with_role_organisation_lead_and_account_status(
    client, review, editor, reviewer, herefordshire
):
    seat(review, reviewer, by=editor)
    actions.add_member(
        review,
        by=editor,
        name="Sam Officer",
        role=TeamRole.OFFICER_PEER,
        home_organisation=herefordshire,
        email="sam@herefordshire.example",
    )
    invited = actions.add_member(review, by=editor, name="Ina Vited", role=TeamRole.MEMBER_PEER, email="ina@x.example")
    invite(invited, by=editor)
    actions.add_member(review, by=editor, name="No Mail", role=TeamRole.REVIEW_SUPPORT, home_organisation_name="LGA")
    client.force_login(editor)
    response = client.get(review_url("reviews:team", review))
    assert response.status_code == 200
    rows = {
        row.find("td").get_text(" ", strip=True).split(" ")[0]: [
            td.get_text(" ", strip=True) for td in row.find_all("td")
        ]
        for row in BeautifulSoup(response.content, "html.parser").select("table tbody tr")
    }
    assert rows["Reviewer"][0].startswith("Reviewer Person Lead")
    assert rows["Reviewer"][3] == "Joined"
    assert rows["Sam"][1:4] == ["Officer peer", "Herefordshire", "Not invited"]
    assert rows["Ina"][3].startswith("Invited by Editor Person; the link works until")
    assert rows["No"][2:4] == ["LGA", "No email address"]


def test_the_team_reads_the_team_page_without_the_host_s_controls_or_addresses(client, review, editor, reviewer):
    seat(review, reviewer, by=editor)
    actions.add_member(review, by=editor, name="Sam Officer", role=TeamRole.OFFICER_PEER, email="sam@x.example")
    client.force_login(reviewer)
    response = client.get(review_url("reviews:team", review))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sam Officer" in body
    assert "sam@x.example" not in body
    assert "Add a team member" not in body
    assert review_url("reviews:team-edit", review, member_id=TeamMember.objects.get(name="Sam Officer").pk) not in body


def test_the_team_page_costs_the_same_queries_for_a_big_team(client, review, editor, django_assert_max_num_queries):
    for n in range(12):
        member = actions.add_member(
            review, by=editor, name=f"Member {n}", role=TeamRole.OFFICER_PEER, email=f"m{n}@x.example"
        )
        if n % 2:
            invite(member, by=editor, token=f"token-{n}")
    client.force_login(editor)
    with django_assert_max_num_queries(16):
        response = client.get(review_url("reviews:team", review))
    assert response.content.decode().count("Member ") >= 12


def test_an_editor_adds_a_member_at_the_end_of_the_team(client, review, editor):
    actions.add_member(review, by=editor, name="First", role=TeamRole.LEAD_DIRECTOR)
    client.force_login(editor)
    response = client.post(
        review_url("reviews:team-add", review),
        {"name": "  Pat Peer ", "role": TeamRole.MEMBER_PEER, "email": "Pat@Peers.Example", "job_title": "Councillor"},
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(name="Pat Peer")
    assert (member.position, member.email, member.job_title) == (1, "pat@peers.example", "Councillor")
    assert member.history.first().history_user == editor


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": TeamRole.MEMBER_PEER}, "name", "Enter the member's name"),
        ({"name": "Pat"}, "role", "Choose the member's role on the team"),
        ({"name": "Pat", "role": "chair"}, "role", "Choose the member's role from the list"),
        ({"name": "Pat", "role": TeamRole.MEMBER_PEER, "email": "not an address"}, "email", "correct format"),
        (
            {"name": "Pat", "role": TeamRole.MEMBER_PEER, "home_organisation_name": "LGA", "home_organisation": "x"},
            "home_organisation",
            "Choose a council from the list",
        ),
    ],
)
def test_bad_member_details_are_refused_with_the_field_named(client, review, editor, data, field, message):
    client.force_login(editor)
    response = client.post(review_url("reviews:team-add", review), data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert message in summary.get_text()
    assert summary.find("a")["href"] in (f"#id_{field}", f"#id_{field}_0")
    assert not TeamMember.objects.exists()


def test_a_second_member_with_the_same_email_is_refused(client, review, editor):
    actions.add_member(review, by=editor, name="Pat", role=TeamRole.MEMBER_PEER, email="pat@x.example")
    client.force_login(editor)
    response = client.post(
        review_url("reviews:team-add", review),
        {"name": "Pat again", "role": TeamRole.OFFICER_PEER, "email": "PAT@x.example"},
    )
    assert "Pat on this team already has the email address pat@x.example" in response.content.decode()
    assert TeamMember.objects.count() == 1


def test_a_review_has_one_lead(review, editor):
    first = actions.add_member(review, by=editor, name="First", role=TeamRole.LEAD_DIRECTOR, is_lead=True)
    second = actions.add_member(review, by=editor, name="Second", role=TeamRole.OFFICER_PEER)
    actions.change_member(second, by=editor, name="Second", role=TeamRole.OFFICER_PEER, is_lead=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_lead, second.is_lead) == (False, True)


def test_an_editor_changes_a_member_s_details(client, review, editor, herefordshire):
    member = actions.add_member(review, by=editor, name="Pat", role=TeamRole.MEMBER_PEER)
    client.force_login(editor)
    response = client.get(review_url("reviews:team-edit", review, member_id=member.pk))
    assert 'value="Pat"' in response.content.decode()
    response = client.post(
        review_url("reviews:team-edit", review, member_id=member.pk),
        {"name": "Pat Smith", "role": TeamRole.LEAD_DIRECTOR, "home_organisation": herefordshire.pk, "is_lead": "on"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.role, member.home_organisation, member.is_lead) == (
        "Pat Smith",
        TeamRole.LEAD_DIRECTOR,
        herefordshire,
        True,
    )


def test_a_joined_member_keeps_their_email_address(client, review, editor, reviewer):
    member = seat(review, reviewer, by=editor)
    client.force_login(editor)
    response = client.post(
        review_url("reviews:team-edit", review, member_id=member.pk),
        {"name": member.name, "role": member.role, "email": "someone.else@x.example"},
    )
    assert "has joined with their account (reviewer@peers.example), so their email address stays" in (
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.email == "reviewer@peers.example"


def test_changing_an_invited_member_s_address_withdraws_the_invitation(review, editor):
    member = actions.add_member(review, by=editor, name="Pat", role=TeamRole.MEMBER_PEER, email="old@x.example")
    invitation = invite(member, by=editor)
    actions.change_member(member, by=editor, name="Pat", role=TeamRole.MEMBER_PEER, email="new@x.example")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_removing_a_member_ends_their_grant_yesterday_and_they_lose_the_review(client, review, editor, reviewer):
    member = seat(review, reviewer, by=editor)
    grant = member.grant
    grant.starts_on = timezone.localdate() - dt.timedelta(days=30)
    grant.save()
    client.force_login(editor)
    assert client.get(review_url("reviews:team-remove", review, member_id=member.pk)).status_code == 200
    response = client.post(review_url("reviews:team-remove", review, member_id=member.pk))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.ends_on == timezone.localdate() - dt.timedelta(days=1)
    assert grant.starts_on == timezone.localdate() - dt.timedelta(days=30)
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert grant.history.first().history_user == editor
    client.force_login(reviewer)
    assert client.get(review_url("reviews:team", review)).status_code == 404


def test_removing_a_member_who_joined_today_leaves_a_grant_that_gives_nothing(review, editor, reviewer):
    member = seat(review, reviewer, by=editor)
    actions.remove_member(member, by=editor)
    grant = AccessGrant.objects.get(user=reviewer)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert (grant.starts_on, grant.ends_on) == (yesterday, yesterday)
    assert not grant.is_current()


def test_removing_an_invited_member_withdraws_their_invitation(review, editor):
    member = actions.add_member(review, by=editor, name="Pat", role=TeamRole.MEMBER_PEER, email="pat@x.example")
    invitation = invite(member, by=editor)
    actions.remove_member(member, by=editor)
    assert ReviewInvitation.objects.filter(pk=invitation.pk).count() == 0  # gone with the member
    with pytest.raises(actions.InvitationProblem):
        actions.find_invitation("a-test-token-for-the-review-team")


def test_the_action_refuses_a_member_without_a_name(review, editor):
    with pytest.raises(ValidationError) as caught:
        actions.add_member(review, by=editor, name=" ", role=TeamRole.MEMBER_PEER)
    assert caught.value.message_dict == {"name": ["Enter the member's name"]}


def test_the_host_s_viewers_and_the_team_may_not_change_the_team(client, review, editor, viewer, reviewer):
    member = seat(review, reviewer, by=editor)
    for person in (viewer, reviewer):
        client.force_login(person)
        assert client.get(review_url("reviews:team-add", review)).status_code == 403
        assert client.post(review_url("reviews:team-remove", review, member_id=member.pk)).status_code == 403
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_a_member_of_another_review_is_a_404(client, harrow, review, editor):
    other = make_review(harrow, title="Another")
    member = actions.add_member(other, by=editor, name="Elsewhere", role=TeamRole.MEMBER_PEER)
    client.force_login(editor)
    assert client.get(review_url("reviews:team-edit", review, member_id=member.pk)).status_code == 404
