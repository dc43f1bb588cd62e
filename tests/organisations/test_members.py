"""Admins invite, re-role and remove members through the service's own pages."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from ascent.organisations.models import Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def members_url(org):
    return reverse("organisations:members", kwargs={"gss_code": org.gss_code})


def invite_url(org):
    return reverse("organisations:invite", kwargs={"gss_code": org.gss_code})


@pytest.fixture
def send_invite(client, django_capture_on_commit_callbacks):
    """Post the invite form, running the after-commit email as a real request would."""

    def post(org, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(invite_url(org), data)

    return post


def test_it_lists_members_with_their_roles(client, harrow, admin_user, viewer):
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(members_url(harrow)).content, "html.parser")
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all("td")] for tr in soup.select("tbody tr")]
    assert ["Admin Person", "admin@harrow.example", "Admin"] in rows
    assert ["Viewer Person", "viewer@harrow.example", "Viewer"] in rows


def test_it_hides_member_management_from_non_admins(client, harrow, viewer):
    client.force_login(viewer)
    content = client.get(members_url(harrow)).content.decode()
    assert "Invite someone" not in content
    assert "Change role" not in content


def test_it_pins_the_query_count_of_the_members_page(client, harrow, admin_user, django_assert_max_num_queries):
    from tests.factories import MembershipFactory

    MembershipFactory.create_batch(30, organisation=harrow)
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(members_url(harrow))
    assert response.status_code == 200
    assert response.content.decode().count("Change role") == 31


def test_it_invites_by_email(send_invite, client, harrow, admin_user):
    client.force_login(admin_user)
    response = send_invite(harrow, {"email": " New.Person@Harrow.gov.uk ", "role": Role.EDITOR})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@harrow.gov.uk"
    assert invitation.role == Role.EDITOR
    assert len(mail.outbox) == 1
    assert "Harrow" in mail.outbox[0].subject
    assert re.search(r"http://testserver/invitations/[\w-]+/", mail.outbox[0].body)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "role": Role.VIEWER}, "email", "Enter an email address"),
        ({"email": "not-an-email", "role": Role.VIEWER}, "email", "Enter an email address in the correct format"),
        ({"email": "x@harrow.gov.uk"}, "role", "Select a role"),
        ({"email": "x@harrow.gov.uk", "role": "99"}, "role", "Select a role from the list"),
        ({"email": "a" * 300 + "@x.uk", "role": Role.VIEWER}, "email", "254 characters or fewer"),
    ],
)
def test_it_explains_bad_invitations(send_invite, client, harrow, admin_user, data, field, message):
    client.force_login(admin_user)
    response = send_invite(harrow, data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert message in summary.get_text()
    link = summary.select_one("a")["href"]
    assert soup.select_one(link) is not None, "the error summary links to the field"
    assert soup.title.get_text().startswith("Invite someone") and "(error)" in soup.title.get_text()
    assert Invitation.objects.count() == 0


def test_it_refuses_to_invite_an_existing_member(send_invite, client, harrow, admin_user, viewer):
    client.force_login(admin_user)
    response = send_invite(harrow, {"email": viewer.email, "role": Role.EDITOR})
    assert "already a member" in response.content.decode()
    assert Invitation.objects.count() == 0


def test_a_new_invitation_replaces_the_open_one(send_invite, client, harrow, admin_user):
    client.force_login(admin_user)
    send_invite(harrow, {"email": "p@harrow.gov.uk", "role": Role.VIEWER})
    send_invite(harrow, {"email": "p@harrow.gov.uk", "role": Role.EDITOR})
    assert Invitation.objects.pending().get().role == Role.EDITOR
    assert Invitation.objects.filter(revoked_at__isnull=False).count() == 1


def test_someone_new_accepts_an_invitation_and_gets_an_account(send_invite, client, harrow, admin_user):
    client.force_login(admin_user)
    send_invite(harrow, {"email": "new@harrow.gov.uk", "role": Role.CONTRIBUTOR})
    link = re.search(r"http://testserver(/invitations/[\w-]+/)", mail.outbox[0].body).group(1)
    client.logout()
    assert "Create your account" in client.get(link).content.decode()
    response = client.post(
        link,
        {
            "full_name": "New Person",
            "job_title": "",
            "password1": "a long pass phrase 42",
            "password2": "a long pass phrase 42",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new@harrow.gov.uk")
    assert membership.role == Role.CONTRIBUTOR
    assert client.get(link).status_code == 404, "a used link does not work twice"


def test_an_invitation_needs_matching_passwords(send_invite, client, harrow, admin_user):
    client.force_login(admin_user)
    send_invite(harrow, {"email": "new@harrow.gov.uk", "role": Role.VIEWER})
    link = re.search(r"http://testserver(/invitations/[\w-]+/)", mail.outbox[0].body).group(1)
    client.logout()
    response = client.post(link, {"full_name": "N", "password1": "a long pass phrase 42", "password2": "different"})
    assert "The passwords do not match" in response.content.decode()
    assert not Membership.objects.filter(user__email="new@harrow.gov.uk").exists()


def test_an_existing_user_signs_in_to_accept(send_invite, client, harrow, admin_user, outsider):
    client.force_login(admin_user)
    send_invite(harrow, {"email": outsider.email, "role": Role.VIEWER})
    link = re.search(r"http://testserver(/invitations/[\w-]+/)", mail.outbox[0].body).group(1)
    client.logout()
    assert "Sign in" in client.get(link).content.decode()
    client.force_login(outsider)
    assert client.post(link).status_code == 302
    assert Membership.objects.get(user=outsider, organisation=harrow).role == Role.VIEWER


def test_the_wrong_person_cannot_accept(send_invite, client, harrow, admin_user, viewer, outsider):
    client.force_login(admin_user)
    send_invite(harrow, {"email": "someone.else@harrow.gov.uk", "role": Role.ADMIN})
    link = re.search(r"http://testserver(/invitations/[\w-]+/)", mail.outbox[0].body).group(1)
    client.force_login(outsider)
    response = client.post(link)
    assert "Sign in with that email address" in response.content.decode()
    assert not Membership.objects.filter(user=outsider, organisation=harrow).exists()


def test_an_admin_changes_a_role(client, harrow, admin_user, viewer):
    membership = Membership.objects.get(user=viewer)
    client.force_login(admin_user)
    url = reverse("organisations:member-role", kwargs={"gss_code": harrow.gss_code, "membership_id": membership.pk})
    assert client.post(url, {"role": Role.EDITOR}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR
    assert membership.history.first().history_user == admin_user


def test_the_last_admin_cannot_step_down(client, harrow, admin_user):
    membership = Membership.objects.get(user=admin_user)
    client.force_login(admin_user)
    url = reverse("organisations:member-role", kwargs={"gss_code": harrow.gss_code, "membership_id": membership.pk})
    response = client.post(url, {"role": Role.VIEWER})
    assert "only admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_an_admin_removes_a_member(client, harrow, admin_user, viewer):
    membership = Membership.objects.get(user=viewer)
    client.force_login(admin_user)
    url = reverse("organisations:member-remove", kwargs={"gss_code": harrow.gss_code, "membership_id": membership.pk})
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    deleted = Membership.history.filter(id=membership.pk, history_type="-").get()
    assert deleted.history_user == admin_user


def test_the_last_admin_cannot_be_removed(client, harrow, admin_user):
    membership = Membership.objects.get(user=admin_user)
    client.force_login(admin_user)
    url = reverse("organisations:member-remove", kwargs={"gss_code": harrow.gss_code, "membership_id": membership.pk})
    response = client.post(url)
    assert response.status_code == 200
    assert "only admin" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_another_organisations_member_id_is_a_404(client, harrow, herefordshire, admin_user, outsider):
    other = Membership.objects.get(user=outsider)
    client.force_login(admin_user)
    url = reverse("organisations:member-role", kwargs={"gss_code": harrow.gss_code, "membership_id": other.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"role": Role.VIEWER}).status_code == 404
    other.refresh_from_db()
    assert other.role == Role.ADMIN


def test_an_admin_withdraws_an_invitation(send_invite, client, harrow, admin_user):
    client.force_login(admin_user)
    send_invite(harrow, {"email": "p@harrow.gov.uk", "role": Role.VIEWER})
    link = re.search(r"http://testserver(/invitations/[\w-]+/)", mail.outbox[0].body).group(1)
    invitation = Invitation.objects.get()
    url = reverse(
        "organisations:invitation-withdraw", kwargs={"gss_code": harrow.gss_code, "invitation_id": invitation.pk}
    )
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert "has been withdrawn" in client.get(response["Location"]).content.decode()
    assert Invitation.objects.pending().count() == 0
    client.logout()
    assert client.get(link).status_code == 404
    client.force_login(admin_user)
    assert client.post(url).status_code == 404, "a withdrawn invitation cannot be withdrawn again"
