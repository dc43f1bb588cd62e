"""A search longer than any search box allows is answered plainly on every search page.

The boxes take 100 characters; a longer query can only come from a hand-made or damaged
link. gunicorn passes addresses up to 8 KB (tests/core/test_server.py), so these pages see it.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.indicators.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

LONG = "x" * 5000


def search_page(client, url: str):
    response = client.get(url, {"q": LONG})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    box = soup.select_one("input[name=q]")
    assert box["maxlength"] == "100"
    return soup


def test_the_scorecard_search_says_the_text_is_too_long(client, harrow, viewer):
    IndicatorFactory(organisation=harrow, code="HAR-1", title="Reviews on time")
    client.force_login(viewer)
    soup = search_page(client, reverse("indicators:scorecard", kwargs={"gss_code": harrow.gss_code}))
    summary = soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Search text must be 100 characters or fewer" in summary


def test_the_library_search_uses_the_first_100_characters(client, harrow, viewer):
    client.force_login(viewer)
    soup = search_page(client, reverse("indicators:library", kwargs={"gss_code": harrow.gss_code}))
    assert soup.select_one("input[name=q]")["value"] == "x" * 100
    assert f"match “{'x' * 100}”" in soup.get_text()


def test_the_organisation_search_uses_the_first_100_characters(client, harrow, superuser):
    client.force_login(superuser)
    soup = search_page(client, reverse("organisations:switch"))
    assert soup.select_one("input[name=q]")["value"] == "x" * 100
