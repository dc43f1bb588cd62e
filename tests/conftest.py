"""Shared fixtures: two councils and a person in each role.

Personas (as in the permission matrix):
- anonymous: not signed in
- viewer / contributor / editor / admin: members of Harrow (organisation A) in that role
- outsider: a member of Herefordshire (organisation B) only — must never see A's data
- grantee: a viewer of Herefordshire who holds grants on single Harrow records (the peer
  reviewer of later releases); the grants are given by the tests that need them, so as a
  persona they must see no more of Harrow than the outsider does
- regional_lead: lead of London, Harrow's region, with no membership
- superuser: platform staff
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

from ascent.organisations.models import CouncilType, Role

from .factories import MembershipFactory, OrganisationFactory, RegionalRoleFactory, RegionFactory, UserFactory

# CI runs the same examples every time, so a red build is reproducible; developers' runs
# keep exploring new examples (and hypothesis remembers any failure it finds locally).
# manage.py processes a test starts install the same test-only apps as the tests (settings.py).
os.environ["ASCENT_TEST_APPS"] = "1"

hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_london():
    return RegionFactory(code="E12000007", name="London", adass_name="London")


def make_west_midlands():
    return RegionFactory(code="E12000005", name="West Midlands", adass_name="West Midlands")


def make_harrow(london):
    return OrganisationFactory(
        gss_code="E09000015", name="Harrow", council_type=CouncilType.LONDON_BOROUGH, region=london
    )


def make_herefordshire(west_midlands):
    return OrganisationFactory(
        gss_code="E06000019", name="Herefordshire", council_type=CouncilType.UNITARY, region=west_midlands
    )


def _member(organisation, role, name):
    return MembershipFactory(
        organisation=organisation,
        role=role,
        user=UserFactory(email=f"{name}@{organisation.name.lower()}.example", full_name=f"{name.title()} Person"),
    ).user


def make_regional_lead(london):
    return RegionalRoleFactory(
        region=london, user=UserFactory(email="lead@region.example", full_name="Lead Person")
    ).user


def make_reviewer():
    return UserFactory(email="reviewer@peers.example", full_name="Reviewer Person")


def make_superuser():
    user = UserFactory(email="platform@ascent.example", full_name="Platform Person")
    user.is_superuser = user.is_staff = True
    user.save()
    return user


def make_people() -> dict:
    """Both councils, their regions and every persona, made at once (for a world shared by a module)."""
    london, west_midlands = make_london(), make_west_midlands()
    harrow, herefordshire = make_harrow(london), make_herefordshire(west_midlands)
    return {
        "london": london,
        "west_midlands": west_midlands,
        "harrow": harrow,
        "herefordshire": herefordshire,
        "admin_user": _member(harrow, Role.ADMIN, "admin"),
        "editor": _member(harrow, Role.EDITOR, "editor"),
        "contributor": _member(harrow, Role.CONTRIBUTOR, "contributor"),
        "viewer": _member(harrow, Role.VIEWER, "viewer"),
        "outsider": _member(herefordshire, Role.ADMIN, "outsider"),
        "grantee": _member(herefordshire, Role.VIEWER, "grantee"),
        "regional_lead": make_regional_lead(london),
        "superuser": make_superuser(),
        "reviewer": make_reviewer(),
    }


@pytest.fixture
def london(db):
    return make_london()


@pytest.fixture
def west_midlands(db):
    return make_west_midlands()


@pytest.fixture
def harrow(london):
    return make_harrow(london)


@pytest.fixture
def herefordshire(west_midlands):
    return make_herefordshire(west_midlands)


@pytest.fixture
def admin_user(harrow):
    return _member(harrow, Role.ADMIN, "admin")


@pytest.fixture
def editor(harrow):
    return _member(harrow, Role.EDITOR, "editor")


@pytest.fixture
def contributor(harrow):
    return _member(harrow, Role.CONTRIBUTOR, "contributor")


@pytest.fixture
def viewer(harrow):
    return _member(harrow, Role.VIEWER, "viewer")


@pytest.fixture
def outsider(herefordshire):
    return _member(herefordshire, Role.ADMIN, "outsider")


@pytest.fixture
def grantee(herefordshire):
    return _member(herefordshire, Role.VIEWER, "grantee")


@pytest.fixture
def regional_lead(london):
    return make_regional_lead(london)


@pytest.fixture
def reviewer(db):
    """A peer reviewer who belongs to no council in the service (an expert by experience, say).

    What they may see comes only from grants: the permission matrix gives them a seat on one
    of Harrow's reviews (tests/permission_cases/reviews.py).
    """
    return make_reviewer()


@pytest.fixture
def superuser(db):
    return make_superuser()


@pytest.fixture
def shipped_frameworks(db):
    """The shipped frameworks (TEASC, CQC, ASCOF) and the default crosswalk, by slug."""
    from .frameworks.factories import load_shipped

    return load_shipped()


@pytest.fixture
def persona(request):
    """Parametrise by persona name: `@pytest.mark.parametrize("persona", [...], indirect=True)`."""
    if request.param == "anonymous":
        return None
    return request.getfixturevalue(request.param)
