"""The comparator groups pages: the list, adding a group, changing and deleting one."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.indicators.comparators import sync_builtin_groups
from ascent.indicators.models import ComparatorGroup

from .bench_factories import custom_group, make_councils

pytestmark = pytest.mark.django_db


def index_url(organisation) -> str:
    return reverse("indicators:comparators", kwargs={"gss_code": organisation.gss_code})


def add_url(organisation) -> str:
    return reverse("indicators:comparator-add", kwargs={"gss_code": organisation.gss_code})


def edit_url(organisation, slug: str) -> str:
    return reverse("indicators:comparator-edit", kwargs={"gss_code": organisation.gss_code, "slug": slug})


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def errors(response) -> list[str]:
    return [a.get_text(" ", strip=True) for a in soup_of(response).select(".govuk-error-summary a")]


@pytest.fixture
def councils(harrow, herefordshire, london):
    others = make_councils(london, 3)
    sync_builtin_groups()
    return others


# ----- the list ----------------------------------------------------------------------------------


def test_the_list_shows_built_in_groups_with_member_counts(client, viewer, harrow, councils):
    client.force_login(viewer)
    soup = soup_of(client.get(index_url(harrow)))
    rows = {
        row.th.contents[0].strip(): row.select("td")[-1].get_text(strip=True)
        for row in soup.select("#built-in-groups tbody tr")
    }
    assert rows["England"] == "5"
    assert rows["London boroughs"] == "4"
    assert rows["London"] == "4"
    assert rows["West Midlands"] == "1"


def test_the_list_shows_the_councils_own_groups_and_not_others(client, viewer, harrow, herefordshire, councils):
    custom_group(harrow, "Harrow peers", [harrow, councils[0]])
    custom_group(herefordshire, "Hereford peers", [herefordshire])
    client.force_login(viewer)
    soup = soup_of(client.get(index_url(harrow)))
    own = soup.select_one("#own-groups")
    assert own.select_one("tbody th").get_text(strip=True) == "Harrow peers"
    assert [li.get_text() for li in own.select("details li")] == ["Council 100", "Harrow"]
    assert "Hereford peers" not in soup.get_text()


def test_viewers_cannot_see_the_add_and_change_links(client, viewer, harrow, councils):
    custom_group(harrow, "Harrow peers", [harrow])
    client.force_login(viewer)
    soup = soup_of(client.get(index_url(harrow)))
    assert not soup.find("a", href=add_url(harrow))
    assert "Change" not in soup.select_one("#own-groups").get_text()


def test_editors_see_the_add_and_change_links(client, editor, harrow, councils):
    group = custom_group(harrow, "Harrow peers", [harrow])
    client.force_login(editor)
    soup = soup_of(client.get(index_url(harrow)))
    assert soup.find("a", href=add_url(harrow))
    link = soup.find("a", href=edit_url(harrow, group.slug))
    assert link.get_text(" ", strip=True) == "Change Harrow peers"


def test_the_list_says_when_built_in_groups_are_missing(client, viewer, harrow):
    client.force_login(viewer)
    assert "python manage.py load_indicators" in soup_of(client.get(index_url(harrow))).get_text()


# ----- adding a group ------------------------------------------------------------------------


def test_the_form_lists_councils_by_region(client, editor, harrow, councils):
    client.force_login(editor)
    soup = soup_of(client.get(add_url(harrow)))
    legends = [legend.get_text(strip=True) for legend in soup.select("#members legend")]
    assert legends == ["Councils in London", "Councils in West Midlands"]
    first = soup.select_one("#members input[type=checkbox]")
    assert first["id"] == "id_members_0"
    assert soup.find("label", attrs={"for": "id_members_0"}).get_text(strip=True) == "Council 100"


def test_adding_a_group_by_ticking_councils(client, editor, harrow, herefordshire, councils):
    client.force_login(editor)
    response = client.post(
        add_url(harrow),
        {"name": "CIPFA nearest neighbours", "description": "From 2024", "members": [herefordshire.pk, harrow.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == index_url(harrow)
    group = ComparatorGroup.objects.get(owner=harrow)
    assert (group.slug, group.name, group.description) == (
        "e09000015-cipfa-nearest-neighbours",
        "CIPFA nearest neighbours",
        "From 2024",
    )
    assert set(group.members.all()) == {herefordshire, harrow}
    assert group.history.first().history_user == editor


def test_adding_a_group_by_gss_codes(client, editor, harrow, herefordshire, councils):
    client.force_login(editor)
    codes = f"{herefordshire.gss_code.lower()},\n{councils[0].gss_code}; {councils[0].gss_code}"
    response = client.post(add_url(harrow), {"name": "Pasted", "gss_codes": codes, "members": [harrow.pk]})
    assert response.status_code == 302
    group = ComparatorGroup.objects.get(owner=harrow)
    assert set(group.members.all()) == {herefordshire, councils[0], harrow}
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Comparator group Pasted added, with 3 councils"]


def test_a_group_needs_a_name(client, editor, harrow, councils):
    client.force_login(editor)
    response = client.post(add_url(harrow), {"name": "  ", "members": [harrow.pk]})
    assert response.status_code == 200
    assert errors(response) == ["Enter a name for the group"]
    assert not ComparatorGroup.objects.filter(owner=harrow).exists()


def test_a_group_needs_a_council(client, editor, harrow, councils):
    client.force_login(editor)
    response = client.post(add_url(harrow), {"name": "Empty"})
    assert errors(response) == ["Choose at least one council for the group, or enter GSS codes"]
    assert soup_of(response).select_one(".govuk-error-summary a")["href"] == "#id_members_0"
    assert soup_of(response).select_one("#members details")["open"] is not None


def test_an_empty_post_is_reported_not_ignored(client, editor, harrow, councils):
    client.force_login(editor)
    response = client.post(add_url(harrow), {})
    assert "Enter a name for the group" in errors(response)


def test_each_bad_gss_code_is_named(client, editor, harrow, councils):
    client.force_login(editor)
    response = client.post(add_url(harrow), {"name": "Bad", "gss_codes": "E09000015 E09999999, hello"})
    assert errors(response) == [
        "E09999999 is not the GSS code of a council in England with adult social services",
        "HELLO is not a GSS code: a GSS code is a letter and 8 digits, like E09000015",
    ]
    assert not ComparatorGroup.objects.filter(owner=harrow).exists()


def test_an_unknown_council_id_is_refused(client, editor, harrow, councils):
    client.force_login(editor)
    response = client.post(add_url(harrow), {"name": "Bad", "members": ["999999"]})
    assert errors(response) == ["Select councils from the lists"]


def test_a_name_already_used_by_the_council_is_refused(client, editor, harrow, herefordshire, councils):
    custom_group(harrow, "Peers", [harrow])
    custom_group(herefordshire, "Friends", [herefordshire])
    client.force_login(editor)
    assert errors(client.post(add_url(harrow), {"name": "peers", "members": [harrow.pk]})) == [
        "Your council already has a comparator group called peers"
    ]
    # Another council's names do not matter.
    assert client.post(add_url(harrow), {"name": "Friends", "members": [harrow.pk]}).status_code == 302


def test_the_ticked_councils_stay_ticked_after_an_error(client, editor, harrow, councils):
    client.force_login(editor)
    response = client.post(add_url(harrow), {"name": "", "members": [councils[1].pk]})
    soup = soup_of(response)
    ticked = [box["value"] for box in soup.select("#members input[checked]")]
    assert ticked == [str(councils[1].pk)]
    assert "London (1 chosen)" in soup.get_text()


# ----- changing and deleting ------------------------------------------------------------------


def test_the_edit_form_starts_with_the_group(client, editor, harrow, councils):
    group = custom_group(harrow, "Peers", [councils[0], councils[2]])
    client.force_login(editor)
    soup = soup_of(client.get(edit_url(harrow, group.slug)))
    assert soup.select_one("#id_name")["value"] == "Peers"
    assert sorted(box["value"] for box in soup.select("#members input[checked]")) == sorted(
        [str(councils[0].pk), str(councils[2].pk)]
    )


def test_changing_a_group(client, editor, harrow, councils):
    group = custom_group(harrow, "Peers", [councils[0]])
    client.force_login(editor)
    response = client.post(
        edit_url(harrow, group.slug), {"name": "Close peers", "members": [councils[1].pk, councils[2].pk]}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Close peers"
    assert group.slug == "e09000015-peers"  # links keep working
    assert set(group.members.all()) == {councils[1], councils[2]}
    assert group.history.first().history_user == editor


def test_a_group_may_keep_its_own_name(client, editor, harrow, councils):
    group = custom_group(harrow, "Peers", [councils[0]])
    client.force_login(editor)
    assert client.post(edit_url(harrow, group.slug), {"name": "Peers", "members": [councils[0].pk]}).status_code == 302


def test_a_built_in_group_cannot_be_changed(client, editor, harrow, councils):
    client.force_login(editor)
    assert client.get(edit_url(harrow, "london-boroughs")).status_code == 403
    assert client.post(edit_url(harrow, "england"), {"name": "Mine", "members": [harrow.pk]}).status_code == 403
    assert ComparatorGroup.objects.get(slug="england").name == "England"


def test_another_councils_group_is_not_found(client, editor, harrow, herefordshire, councils):
    theirs = custom_group(herefordshire, "Theirs", [herefordshire])
    client.force_login(editor)
    assert client.get(edit_url(harrow, theirs.slug)).status_code == 404
    assert client.post(edit_url(harrow, theirs.slug), {"action": "delete-confirmed"}).status_code == 404
    assert ComparatorGroup.objects.filter(pk=theirs.pk).exists()


def test_an_unknown_group_is_not_found(client, editor, harrow, councils):
    client.force_login(editor)
    assert client.get(edit_url(harrow, "no-such-group")).status_code == 404


def test_viewers_cannot_change_groups(client, viewer, harrow, councils):
    group = custom_group(harrow, "Peers", [harrow])
    client.force_login(viewer)
    assert client.get(add_url(harrow)).status_code == 403
    assert client.post(edit_url(harrow, group.slug), {"name": "X", "members": [harrow.pk]}).status_code == 403


def test_deleting_asks_first(client, editor, harrow, councils):
    group = custom_group(harrow, "Peers", [harrow])
    client.force_login(editor)
    response = client.post(edit_url(harrow, group.slug), {"action": "delete"})
    assert response.status_code == 200
    assert soup_of(response).h1.get_text(strip=True) == "Are you sure you want to delete Peers?"
    assert ComparatorGroup.objects.filter(pk=group.pk).exists()


def test_deleting_a_group(client, editor, harrow, councils):
    group = custom_group(harrow, "Peers", [harrow])
    client.force_login(editor)
    response = client.post(edit_url(harrow, group.slug), {"action": "delete-confirmed"})
    assert response.status_code == 302
    assert not ComparatorGroup.objects.filter(pk=group.pk).exists()
    assert group.history.first().history_type == "-"
    assert group.history.first().history_user == editor
