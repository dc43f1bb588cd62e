"""Council-defined groups of indicators."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ascent.indicators.models import IndicatorGroup, IndicatorGroupItem

from .factories import IndicatorFactory, IndicatorGroupFactory, field_errors, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(harrow):
    return {
        "national": IndicatorFactory(code="ASCOF-1A", domain__framework="ascof-2014", sort_order=1),
        "later": IndicatorFactory(code="ASCOF23-2A", sort_order=1),
        "local": IndicatorFactory(organisation=harrow, code="HAR-REV12"),
    }


def item_codes(group):
    return [item.indicator.code for item in IndicatorGroupItem.objects.filter(group=group).order_by("order")]


def test_the_list_shows_each_group_with_its_size(client, harrow, viewer, indicators):
    IndicatorGroupFactory(organisation=harrow, name="Adults board", members=list(indicators.values()))
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(url("groups", harrow)).content, "html.parser")
    cells = [cell.get_text(" ", strip=True) for cell in soup.select("tbody tr")[0].find_all(["th", "td"])]
    assert cells[:2] == ["Adults board", "3"]
    link = soup.select_one('a[href*="?group="]')
    assert link.get_text(" ", strip=True) == "View scorecard for Adults board"
    assert link["href"].endswith(f"?group={IndicatorGroup.objects.get().pk}")


def test_an_editor_adds_a_group_in_library_order(client, harrow, editor, indicators):
    client.force_login(editor)
    chosen = [indicators["local"].pk, indicators["national"].pk, indicators["later"].pk]
    response = client.post(url("group-add", harrow), {"name": "Adults board", "indicators": chosen})
    assert response.status_code == 302
    group = IndicatorGroup.objects.get(organisation=harrow)
    assert item_codes(group) == ["ASCOF-1A", "ASCOF23-2A", "HAR-REV12"]
    assert group.history.get().history_user == editor


def test_an_editor_changes_a_groups_indicators(client, harrow, editor, indicators):
    group = IndicatorGroupFactory(
        organisation=harrow, name="Board", members=[indicators["national"], indicators["local"]]
    )
    client.force_login(editor)
    data = {
        "name": "Adults board",
        "description": "Monthly",
        "indicators": [indicators["later"].pk, indicators["local"].pk],
    }
    assert client.post(url("group-edit", harrow, group_id=group.pk), data).status_code == 302
    group.refresh_from_db()
    assert (group.name, group.description) == ("Adults board", "Monthly")
    assert item_codes(group) == ["ASCOF23-2A", "HAR-REV12"]
    assert group.history.order_by("-history_date").first().history_user == editor


def test_the_edit_form_ticks_the_groups_indicators(client, harrow, editor, indicators):
    group = IndicatorGroupFactory(organisation=harrow, members=[indicators["local"]])
    client.force_login(editor)
    soup = BeautifulSoup(client.get(url("group-edit", harrow, group_id=group.pk)).content, "html.parser")
    ticked = [box["value"] for box in soup.select('input[name="indicators"][checked]')]
    assert ticked == [str(indicators["local"].pk)]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name"),
        ({"name": "n" * 201}, "name", "The name must be 200 characters or fewer"),
        ({"indicators": []}, "indicators", "Select at least one indicator"),
        ({"indicators": ["999999"]}, "indicators", "Select indicators from the list"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, harrow, editor, indicators, data, field, message):
    client.force_login(editor)
    errors = field_errors(
        client.post(url("group-add", harrow), {"name": "Board", "indicators": [indicators["local"].pk], **data})
    )
    assert errors[field] == message
    assert not IndicatorGroup.objects.exists()


def test_a_name_must_be_unique_in_the_organisation(client, harrow, editor, indicators):
    IndicatorGroupFactory(organisation=harrow, name="Adults board")
    client.force_login(editor)
    errors = field_errors(
        client.post(url("group-add", harrow), {"name": "adults BOARD", "indicators": [indicators["local"].pk]})
    )
    assert errors["name"] == "Your organisation already has a group called adults BOARD"


def test_another_organisations_local_indicator_cannot_be_chosen(client, harrow, herefordshire, editor, indicators):
    theirs = IndicatorFactory(organisation=herefordshire, code="HER-1")
    client.force_login(editor)
    errors = field_errors(client.post(url("group-add", harrow), {"name": "Board", "indicators": [theirs.pk]}))
    assert errors["indicators"] == "Select indicators from the list"


def test_another_organisations_group_is_a_404(client, harrow, herefordshire, editor, indicators):
    theirs = IndicatorGroupFactory(organisation=herefordshire, name="Hereford board")
    client.force_login(editor)
    assert client.get(url("group-edit", harrow, group_id=theirs.pk)).status_code == 404
    data = {"name": "Taken over", "indicators": [indicators["national"].pk]}
    assert client.post(url("group-edit", harrow, group_id=theirs.pk), data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Hereford board"


def test_a_viewer_may_not_add_or_change_groups(client, harrow, viewer, indicators):
    group = IndicatorGroupFactory(organisation=harrow)
    client.force_login(viewer)
    data = {"name": "Board", "indicators": [indicators["local"].pk]}
    assert client.post(url("group-add", harrow), data).status_code == 403
    assert client.post(url("group-edit", harrow, group_id=group.pk), data).status_code == 403
    assert IndicatorGroup.objects.count() == 1
