"""The indicator library: national indicators by framework and domain, and local ones."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from .factories import IndicatorFactory, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(harrow, herefordshire):
    IndicatorFactory(
        code="ASCOF-1A", title="Social care-related quality of life", domain="One", domain__framework="ascof-2014"
    )
    IndicatorFactory(code="ASCOF23-2A", title="Admissions to care homes", domain="Two")
    IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months")
    IndicatorFactory(organisation=herefordshire, code="HER-1", title="Hereford private measure")


def get(client, organisation, **params):
    response = client.get(url("library", organisation), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def codes(soup):
    return [tr["data-code"] for tr in soup.select("tbody tr")]


def test_it_lists_national_indicators_by_framework_and_domain_and_local_ones(client, harrow, viewer, library):
    client.force_login(viewer)
    soup = get(client, harrow)
    assert soup.h1.get_text(strip=True) == "Indicators"
    assert [h2.get_text(strip=True) for h2 in soup.select("main h2")] == [
        "Local indicators",
        "Adult Social Care Outcomes Framework 2014/15 to 2022/23",
        "Adult Social Care Outcomes Framework from 2023/24",
    ]
    assert [caption.get_text(strip=True) for caption in soup.select("caption")] == [
        "Local indicators of Harrow",
        "One",
        "Two",
    ]
    assert codes(soup) == ["HAR-REV12", "ASCOF-1A", "ASCOF23-2A"]


def test_another_organisations_local_indicators_are_not_listed(client, harrow, viewer, library):
    client.force_login(viewer)
    assert "Hereford private measure" not in str(get(client, harrow))


def test_it_searches_codes_titles_and_definitions(client, harrow, viewer, library):
    client.force_login(viewer)
    soup = get(client, harrow, q="care homes")
    assert codes(soup) == ["ASCOF23-2A"]
    assert "1 indicator matches “care homes”" in soup.get_text(" ", strip=True)


def test_editors_can_add_and_change_local_indicators(client, harrow, editor, library):
    client.force_login(editor)
    soup = get(client, harrow)
    assert soup.find("a", string="Add a local indicator")["href"] == url("indicator-add", harrow)
    change = soup.select_one('tr[data-code="HAR-REV12"] a[href$="/edit/"]')
    assert change.get_text(" ", strip=True) == "Change Reviews within 12 months"
    assert soup.select_one('tr[data-code="ASCOF-1A"] a[href$="/edit/"]') is None


def test_viewers_see_no_change_links(client, harrow, viewer, library):
    client.force_login(viewer)
    soup = get(client, harrow)
    assert soup.find("a", string="Add a local indicator") is None
    assert soup.select('a[href$="/edit/"], a[href$="/target/"], a[href$="/value/"]') == []
