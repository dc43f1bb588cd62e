from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.organisations.models import Role

pytestmark = pytest.mark.django_db


def overview(client, org):
    return client.get(reverse("organisations:overview", kwargs={"gss_code": org.gss_code}))


def test_it_shows_the_organisation(client, harrow, viewer, admin_user):
    client.force_login(viewer)
    soup = BeautifulSoup(overview(client, harrow).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Harrow"
    summary = {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in soup.select(".govuk-summary-list__row")
    }
    assert summary["GSS code"] == "E09000015"
    assert summary["Type"] == "London borough"
    assert summary["Region"] == "London (E12000007)"
    assert "2 members" in soup.get_text(" ", strip=True)


def test_it_accepts_a_lower_case_gss_code(client, harrow, viewer):
    client.force_login(viewer)
    assert client.get("/orgs/e09000015/").status_code == 200


def test_an_unknown_organisation_is_a_404(client, viewer):
    client.force_login(viewer)
    assert client.get("/orgs/E09999999/").status_code == 404
    assert client.get("/orgs/" + "X" * 500 + "/").status_code == 404


def test_admins_see_recent_activity(client, harrow, admin_user, viewer):
    client.force_login(admin_user)
    text = BeautifulSoup(overview(client, harrow).content, "html.parser").get_text(" ", strip=True)
    assert "Recent activity" in text
    assert "See all activity" in text


def test_viewers_do_not_see_the_activity_log(client, harrow, viewer):
    client.force_login(viewer)
    assert "See all activity" not in overview(client, harrow).content.decode()


def test_the_navigation_marks_the_current_section(client, harrow, viewer):
    client.force_login(viewer)
    soup = BeautifulSoup(overview(client, harrow).content, "html.parser")
    current = soup.select('.govuk-service-navigation__link[aria-current="page"]')
    assert [link.get_text(strip=True) for link in current] == ["Overview"]
    labels = [link.get_text(strip=True) for link in soup.select(".govuk-service-navigation__link")]
    assert labels == [
        "Overview",
        "Performance",
        "Client-level data",
        "Self-assessment",
        "Reviews",
        "Improvement plans",
        "Programmes",
        "Reports",
    ]


def test_every_navigation_link_works(client, harrow, viewer):
    client.force_login(viewer)
    soup = BeautifulSoup(overview(client, harrow).content, "html.parser")
    for link in soup.select(".govuk-service-navigation__link"):
        assert client.get(link["href"]).status_code == 200, link["href"]


def test_overview_query_count_does_not_grow_with_members(client, harrow, admin_user, django_assert_max_num_queries):
    from tests.factories import MembershipFactory

    client.force_login(admin_user)
    overview(client, harrow)
    MembershipFactory.create_batch(40, organisation=harrow, role=Role.EDITOR)
    # 16 for the page and its other panels, 2 for the Reviews panel (stages with answers due,
    # the latest review), 1 for the reviews' flags in the self-assessment panel's count, 1 for
    # the Improvement plans panel of a council with no plans (tests/plans/test_panels.py), 1 for the
    # programmes' flags and 1 for the Programmes panel of a council with no active programme.
    with django_assert_max_num_queries(22):
        assert overview(client, harrow).status_code == 200


def test_home_sends_members_to_their_organisation(client, harrow, viewer):
    client.force_login(viewer)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/orgs/E09000015/"


def test_home_explains_what_to_do_without_an_organisation(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "not a member of any organisation" in client.get("/").content.decode()


def test_switching_lists_only_my_organisations(client, harrow, herefordshire, viewer):
    from ascent.organisations.models import Membership

    Membership.objects.create(user=viewer, organisation=herefordshire, role=Role.VIEWER)
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(reverse("organisations:switch")).content, "html.parser")
    names = [a.get_text(strip=True) for a in soup.select("main ul a")]
    assert names == ["Harrow", "Herefordshire"]
    client.get("/orgs/E06000019/")
    assert client.get("/")["Location"] == "/orgs/E06000019/", "the last organisation visited is remembered"


def test_superusers_can_search_all_organisations(client, harrow, herefordshire, superuser):
    client.force_login(superuser)
    soup = BeautifulSoup(client.get(reverse("organisations:switch"), {"q": "here"}).content, "html.parser")
    assert [a.get_text(strip=True) for a in soup.select("main ul a")] == ["Herefordshire"]


def test_a_regional_lead_sees_the_region(client, harrow, regional_lead):
    client.force_login(regional_lead)
    response = client.get(reverse("organisations:region", kwargs={"code": "E12000007"}))
    assert "Harrow" in response.content.decode()
    assert client.get("/").status_code == 200


def test_regions_are_shown_by_their_ons_names(client, viewer, harrow):
    # As councils know them: "East of England", never ADASS's short name "Eastern".
    from ascent.organisations.models import Region

    Region.objects.filter(pk=harrow.region_id).update(name="East of England", adass_name="Eastern")
    client.force_login(viewer)
    text = BeautifulSoup(overview(client, harrow).content, "html.parser").get_text(" ", strip=True)
    assert "East of England (E12000007)" in text
    assert "Eastern" not in text
    assert str(Region.objects.get(pk=harrow.region_id)) == "East of England"
