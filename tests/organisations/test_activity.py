from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.organisations import actions
from ascent.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db

#: The page's own nine (session read and save, user, access checks, navigation, the filter
#: form's people) and the feed's four: count, the page's keys, its rows' details and the
#: people who made the changes. The same however many models are audited and rows there are
#: (tests/core/test_activity_feed.py).
ACTIVITY_PAGE_QUERIES = 13


def activity(client, org, **params):
    return client.get(reverse("organisations:activity", kwargs={"gss_code": org.gss_code}), params)


def rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup.select("tbody tr")]


def test_it_records_who_changed_what(client, harrow, admin_user, viewer):
    membership = Membership.objects.get(user=viewer)
    actions.change_role(membership, role=Role.EDITOR, by=admin_user)
    client.force_login(admin_user)
    first = rows(activity(client, harrow))[0]
    assert first[1] == "Admin Person"
    assert first[2] == "Changed membership Viewer Person"
    assert first[3] == "Changed the role of Viewer Person from Viewer to Editor"


def test_it_shows_removals(client, harrow, admin_user, viewer):
    actions.remove_member(Membership.objects.get(user=viewer), by=admin_user)
    client.force_login(admin_user)
    first = rows(activity(client, harrow))[0]
    assert first[2] == "Deleted membership Viewer Person"
    assert first[3] == "Removed"


def test_it_filters_by_person_and_action(client, harrow, admin_user, viewer, editor):
    actions.change_role(Membership.objects.get(user=viewer), role=Role.CONTRIBUTOR, by=admin_user)
    actions.change_role(Membership.objects.get(user=editor), role=Role.VIEWER, by=viewer)
    client.force_login(admin_user)
    found = rows(activity(client, harrow, who=viewer.pk))
    assert len(found) == 1 and found[0][1] == "Viewer Person"
    changed = rows(activity(client, harrow, action="~"))
    assert len(changed) == 2


def test_it_filters_by_record_type_and_date(client, harrow, admin_user):
    client.force_login(admin_user)
    only_orgs = rows(activity(client, harrow, what="organisations.organisation"))
    assert only_orgs and all("organisation" in row[2].lower() for row in only_orgs)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    assert rows(activity(client, harrow, date_from=tomorrow)) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "31/02/2026"}, "From date must be a real date"),
        ({"date_from": "2/1/2026", "date_to": "1/1/2026"}, "To date must be the same as or after"),
        ({"who": "not-a-number"}, "Select an option from the list"),
        ({"what": "secrets.table"}, "Select an option from the list"),
        # Python's last date: a day after it overflows (this was a 500).
        ({"date_to": "9999-12-31"}, "To date must be on or before 31/3/9999"),
        ({"date_to": "31/12/9999"}, "To date must be on or before 31/3/9999"),
        ({"date_from": "9999-12-31"}, "From date must be on or before 31/3/9999"),
        ({"date_from": "0001-01-01"}, "From date must be on or after 1/4/1000"),
        ({"date_to": "1/1/10000"}, "To date must be a real date"),
    ],
)
def test_it_explains_bad_filters(client, harrow, admin_user, params, message):
    client.force_login(admin_user)
    response = activity(client, harrow, **params)
    assert response.status_code == 200
    assert message in BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary").get_text()


def test_it_never_shows_another_organisations_changes(client, harrow, herefordshire, admin_user, outsider):
    actions.add_member(herefordshire, user=admin_user, role=Role.VIEWER, by=outsider)
    client.force_login(admin_user)
    text = activity(client, harrow).content.decode()
    assert "outsider@herefordshire.example" not in text
    assert all("Herefordshire" not in " ".join(row) for row in rows(activity(client, harrow)))


def test_the_last_supported_day_is_a_working_filter(client, harrow, admin_user):
    client.force_login(admin_user)
    response = activity(client, harrow, date_from="1/4/1000", date_to="31/3/9999")
    assert response.status_code == 200
    assert rows(response)


def test_it_pages_without_a_query_per_row(client, harrow, admin_user, django_assert_num_queries):
    from tests.factories import MembershipFactory

    MembershipFactory.create_batch(60, organisation=harrow)
    actions.change_role(Membership.objects.filter(organisation=harrow).last(), role=Role.EDITOR, by=admin_user)
    client.force_login(admin_user)
    with django_assert_num_queries(ACTIVITY_PAGE_QUERIES):
        response = activity(client, harrow)
    assert len(rows(response)) == 50
    assert len(rows(activity(client, harrow, page=2))) >= 11
    assert activity(client, harrow, page="999").status_code == 200
    assert activity(client, harrow, page="not-a-page").status_code == 200
