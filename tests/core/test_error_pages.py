"""Error pages rendered outside a normal request still carry the service's name."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.test import RequestFactory

from ascent.core import views


def test_the_server_error_page_names_the_service():
    response = views.server_error(RequestFactory().get("/"))
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 500
    assert soup.title.get_text(strip=True) == "Sorry, there is a problem with the service – Ascent"
    assert soup.select_one(".govuk-generic-header__homepage-link").get_text(strip=True) == "Ascent"
