"""Error pages rendered outside a normal request still carry the service's name."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse

from ascent.core import views


def test_the_server_error_page_names_the_service():
    response = views.server_error(RequestFactory().get("/"))
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 500
    assert soup.title.get_text(strip=True) == "Sorry, there is a problem with the service – Ascent"
    assert soup.select_one(".govuk-generic-header__homepage-link").get_text(strip=True) == "Ascent"


@pytest.mark.django_db
def test_a_button_address_opened_directly_gets_the_error_page_with_its_405_and_allow_header(client, editor, harrow):
    """GET on a POST-only address: still 405 with its Allow header, now with a page saying what to do."""
    client.force_login(editor)
    address = reverse("frameworks:mapping-restore", args=[harrow.gss_code, 1, 1])
    response = client.get(address)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "This page cannot be opened on its own"
    assert "Nothing has been changed" in soup.main.get_text(" ", strip=True)
    assert soup.title.get_text(strip=True).endswith("– Ascent")
