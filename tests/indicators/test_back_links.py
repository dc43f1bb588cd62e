"""Every form page in Performance has a GOV.UK back link to the page a person came from."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from .bench_factories import custom_group
from .factories import IndicatorFactory, IndicatorGroupFactory, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews(harrow):
    return IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months")


def back_link(client, page_url):
    response = client.get(page_url)
    assert response.status_code == 200
    back = BeautifulSoup(response.content, "html.parser").select_one("a.govuk-back-link")
    assert back is not None, f"{page_url} has no back link"
    assert back.find_parent("main") is None  # before the main content, as GOV.UK places it
    return back["href"], back.get_text(" ", strip=True)


def test_the_value_form_links_back_to_the_indicator_page(client, harrow, editor, reviews):
    client.force_login(editor)
    href, text = back_link(client, url("observation-edit", harrow, indicator_id=reviews.pk))
    assert href == url("detail", harrow, indicator_id=reviews.pk)
    assert text == "Back to HAR-REV12 Reviews within 12 months"
    # Correcting a value of a period has the same back link.
    href, _ = back_link(client, url("observation-edit", harrow, indicator_id=reviews.pk) + "?period=2023-24")
    assert href == url("detail", harrow, indicator_id=reviews.pk)


def test_the_indicator_forms_link_back(client, harrow, editor, reviews):
    client.force_login(editor)
    assert back_link(client, url("indicator-add", harrow)) == (url("library", harrow), "Back to the indicators")
    assert back_link(client, url("indicator-edit", harrow, indicator_id=reviews.pk)) == (
        url("detail", harrow, indicator_id=reviews.pk),
        "Back to HAR-REV12 Reviews within 12 months",
    )


def test_the_group_forms_link_back(client, harrow, editor, reviews):
    client.force_login(editor)
    group = IndicatorGroupFactory(organisation=harrow)
    expected = (url("groups", harrow), "Back to indicator groups")
    assert back_link(client, url("group-add", harrow)) == expected
    assert back_link(client, url("group-edit", harrow, group_id=group.pk)) == expected


def test_the_comparator_forms_link_back(client, harrow, editor):
    client.force_login(editor)
    group = custom_group(harrow, "Peers", [harrow])
    expected = (url("comparators", harrow), "Back to comparator groups")
    assert back_link(client, url("comparator-add", harrow)) == expected
    assert back_link(client, url("comparator-edit", harrow, slug=group.slug)) == expected
    assert back_link(client, url("comparator-upload", harrow)) == expected
