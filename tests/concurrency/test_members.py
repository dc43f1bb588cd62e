"""Two admins changing each other's membership at the same moment: one wins, the other is told why.

These tests run two requests in two threads against a real (file or server) database, so they
meet the database's own locking; see tests/concurrency/together.py.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from ascent.organisations import actions
from ascent.organisations.models import Membership, Role
from tests.factories import MembershipFactory, UserFactory

from .together import run_together, slowed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_admins(harrow, admin_user):
    other = MembershipFactory(
        organisation=harrow, role=Role.ADMIN, user=UserFactory(email="second@harrow.example", full_name="Second Admin")
    ).user
    return admin_user, other


@pytest.fixture
def slow_admin_check(monkeypatch):
    """The last-admin check takes a moment, so the second request arrives while the first is inside it."""
    monkeypatch.setattr(actions, "_check_keeps_an_admin", slowed(actions._check_keeps_an_admin))


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def post_remove(client: Client, organisation, member) -> callable:
    membership = Membership.objects.get(organisation=organisation, user=member)
    kwargs = {"gss_code": organisation.gss_code, "membership_id": membership.pk}
    url = reverse("organisations:member-remove", kwargs=kwargs)
    return lambda: client.post(url)


def post_role(client: Client, organisation, member, role) -> callable:
    membership = Membership.objects.get(organisation=organisation, user=member)
    kwargs = {"gss_code": organisation.gss_code, "membership_id": membership.pk}
    url = reverse("organisations:member-role", kwargs=kwargs)
    return lambda: client.post(url, {"role": role})


def admins_of(organisation) -> set[str]:
    admins = Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
    return set(admins.values_list("user__email", flat=True))


def test_two_admins_removing_each_other_at_once_leave_one_admin(harrow, two_admins, slow_admin_check):
    first, second = two_admins
    outcomes = run_together(
        post_remove(signed_in(first), harrow, second),
        post_remove(signed_in(second), harrow, first),
    )
    assert [o.error for o in outcomes] == [None, None]
    responses = [o.value for o in outcomes]
    assert sorted(r.status_code for r in responses) == [200, 302], "one removal succeeds, one is refused"
    refused = next(r for r in responses if r.status_code == 200)
    assert "is the only admin of Harrow" in refused.content.decode()
    assert len(admins_of(harrow)) == 1


def test_two_admins_demoting_each_other_at_once_leave_one_admin(harrow, two_admins, slow_admin_check):
    first, second = two_admins
    outcomes = run_together(
        post_role(signed_in(first), harrow, second, Role.VIEWER),
        post_role(signed_in(second), harrow, first, Role.VIEWER),
    )
    assert [o.error for o in outcomes] == [None, None]
    responses = [o.value for o in outcomes]
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "is the only admin of Harrow" in refused.content.decode()
    assert len(admins_of(harrow)) == 1


def test_removing_someone_another_admin_has_just_removed_says_so(harrow, two_admins, viewer, slow_admin_check):
    first, second = two_admins
    outcomes = run_together(
        post_remove(signed_in(first), harrow, viewer),
        post_remove(signed_in(second), harrow, viewer),
    )
    assert [o.error for o in outcomes] == [None, None]
    responses = [o.value for o in outcomes]
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    said = "Viewer Person is no longer a member of Harrow: someone else has just removed them."
    assert said in refused.content.decode()
    assert not Membership.objects.filter(user=viewer).exists()
    done = next(r for r in responses if r.status_code == 302)
    assert [str(m) for m in get_messages(done.wsgi_request)] == ["Viewer Person has been removed from Harrow"]
