from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_pages_send_security_headers(client):
    response = client.get("/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert (
        "script-src 'self'" in csp
        and "unsafe-eval" not in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp


def test_error_pages_are_govuk_style_and_leak_nothing(client, viewer):
    client.force_login(viewer)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Traceback" not in response.content


def test_a_server_error_shows_a_plain_page(client, viewer, settings, monkeypatch):
    from ascent.organisations import views

    def boom(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(views, "get_organisation_for_user", boom)
    client.raise_request_exception = False
    client.force_login(viewer)
    response = client.get("/orgs/E09000015/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"database exploded" not in response.content


def test_a_forged_form_gets_a_plain_page(viewer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "x@y.z", "password": "p"})
    assert response.status_code == 403
    assert b"your form could not be sent" in response.content


def test_health_check(client):
    assert client.get("/healthz").json() == {"status": "ok"}
