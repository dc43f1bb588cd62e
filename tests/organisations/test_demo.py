from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from ascent.cld.models import Extract, MeasureRun
from ascent.organisations.models import Membership, RegionalRole
from ascent.organisations.reference import load_reference_data

pytestmark = pytest.mark.django_db


def test_demo_creates_people_in_every_role_and_prints_sign_ins_that_work(capsys, client):
    load_reference_data()
    call_command("demo")
    out = capsys.readouterr().out
    assert "dass@harrow.demo.ascent.invalid" in out
    assert "Regional lead, London" in out
    assert "lead@westmidlands.demo.ascent.invalid" in out and "Regional lead, West Midlands" in out
    User = get_user_model()
    assert User.objects.count() == 13
    harrow_roles = sorted(Membership.objects.filter(organisation__gss_code="E09000015").values_list("role", flat=True))
    assert harrow_roles == [10, 20, 30, 30, 40]
    leads = RegionalRole.objects.order_by("region__code").values_list("user__email", "region__code")
    assert list(leads) == [
        ("lead@westmidlands.demo.ascent.invalid", "E12000005"),
        ("lead@london.demo.ascent.invalid", "E12000007"),
    ]
    assert User.objects.get(email="platform@demo.ascent.invalid").is_superuser
    assert "Demo client-level data: Harrow: 8 synthetic CLD extracts loaded" in out
    # The printed password signs in (one demo load serves both checks: it takes a while).
    line = next(text for text in out.splitlines() if "viewer@harrow" in text)
    email, password = line.split()[:2]
    response = client.post("/sign-in/", {"username": email, "password": password})
    assert response.status_code == 302, "the printed password signs in"


def test_demo_twice_makes_no_duplicates(capsys):
    load_reference_data()
    call_command("demo")
    runs = MeasureRun.objects.count()
    call_command("demo")
    assert get_user_model().objects.count() == 13
    assert Extract.objects.count() == 16, "eight synthetic extracts for each of the two councils, once"
    assert MeasureRun.objects.count() == runs > 0, "the same extracts' measures are not computed again"
    assert Membership.objects.count() == 10
    assert RegionalRole.objects.count() == 2


def test_demo_needs_reference_data():
    with pytest.raises(CommandError, match="reference data"):
        call_command("demo")


def test_demo_refuses_production(settings):
    settings.ASCENT_ENV = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
