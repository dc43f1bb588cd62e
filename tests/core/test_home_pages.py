"""The home page's hook for people who belong to no organisation (Registration.home_pages)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ascent.core import registry
from ascent.core.checks import check_registrations
from ascent.core.registry import Registration


def nowhere(request):
    return None


def somewhere(request):
    return "/somewhere/"


def declared(monkeypatch, *registrations):
    monkeypatch.setattr(registry, "registrations", lambda: [(f"app{i}", r) for i, r in enumerate(registrations)])


@pytest.mark.django_db
def test_the_first_app_with_somewhere_to_send_the_person_wins(monkeypatch, client, reviewer):
    declared(
        monkeypatch,
        Registration(home_pages=[f"{__name__}.nowhere"]),
        Registration(home_pages=[f"{__name__}.somewhere"]),
    )
    client.force_login(reviewer)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == "/somewhere/"


@pytest.mark.django_db
def test_with_nowhere_to_go_the_person_sees_the_welcome_page(monkeypatch, client, reviewer):
    declared(monkeypatch, Registration(home_pages=[f"{__name__}.nowhere"]))
    client.force_login(reviewer)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "You are not a member of any organisation yet" in response.content.decode()


@pytest.mark.django_db
def test_a_member_goes_to_their_organisation_whatever_the_apps_say(monkeypatch, client, harrow, viewer):
    declared(monkeypatch, Registration(home_pages=[f"{__name__}.somewhere"]))
    client.force_login(viewer)
    assert client.get(reverse("core:home"))["Location"] == harrow.get_absolute_url()


def test_a_home_page_that_cannot_be_imported_fails_the_checks(monkeypatch):
    declared(monkeypatch, Registration(home_pages=["ascent.nowhere.home_page"]))
    assert [error.id for error in check_registrations()] == ["ascent.E003"]
