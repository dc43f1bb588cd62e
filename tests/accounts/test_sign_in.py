from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"


def test_every_page_needs_signing_in(client, harrow):
    response = client.get("/orgs/E09000015/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/orgs/E09000015/"


def test_it_signs_in_with_email_in_any_case(client, viewer):
    response = client.post(SIGN_IN, {"username": "VIEWER@Harrow.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_a_wrong_password_gets_a_clear_message(client, viewer):
    response = client.post(SIGN_IN, {"username": viewer.email, "password": "wrong"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Enter a correct email address and password" in soup.select_one(".govuk-error-summary").get_text()
    assert "(error)" in soup.title.get_text()


def test_missing_fields_are_named(client, db):
    soup = BeautifulSoup(client.post(SIGN_IN, {"username": "", "password": ""}).content, "html.parser")
    errors = [a.get_text(strip=True) for a in soup.select(".govuk-error-summary a")]
    assert errors == ["Enter your email address", "Enter your password"]
    assert soup.select_one("#id_username")["aria-describedby"] == "id_username-error"


def test_oversized_input_is_refused_politely(client, db):
    response = client.post(SIGN_IN, {"username": "a" * 10_000 + "@x.uk", "password": "p" * 10_000})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_it_locks_out_after_five_failures(client, viewer, settings):
    for _ in range(5):
        client.post(SIGN_IN, {"username": viewer.email, "password": "wrong"})
    response = client.post(SIGN_IN, {"username": viewer.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "locked" in response.content.decode()


def test_it_only_redirects_to_this_site_after_sign_in(client, viewer):
    response = client.post(SIGN_IN + "?next=https://evil.example/", {"username": viewer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


def test_sign_out_needs_a_post(client, viewer):
    client.force_login(viewer)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response["Location"] == "/signed-out/"
    assert client.get("/orgs/E09000015/").status_code == 302


def test_password_reset_sends_a_working_link(client, viewer):
    response = client.post("/password-reset/", {"email": viewer.email})
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox[0].subject == "Reset your Ascent password"
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Set a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new pass phrase", "new_password2": "a brand new pass phrase"},
    )
    assert done["Location"] == "/password-reset/complete/"
    viewer.refresh_from_db()
    assert viewer.check_password("a brand new pass phrase")


def test_password_reset_does_not_reveal_who_has_an_account(client, db):
    response = client.post("/password-reset/", {"email": "nobody@nowhere.example"})
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_changing_password_checks_the_current_one(client, viewer):
    client.force_login(viewer)
    url = reverse("accounts:password-change")
    bad = client.post(url, {"old_password": "nope", "new_password1": "x" * 14, "new_password2": "x" * 14})
    assert "Your current password is not right" in bad.content.decode()
    weak = client.post(url, {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"})
    assert "too short" in weak.content.decode() or "too common" in weak.content.decode()
    good = client.post(
        url, {"old_password": PASSWORD, "new_password1": "another long phrase", "new_password2": "another long phrase"}
    )
    assert good["Location"] == reverse("accounts:password-changed")


def test_sessions_expire_when_idle(settings):
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_the_admin_site_is_for_superusers_only(client, admin_user, superuser):
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/platform-admin/").status_code == 302
    client.force_login(superuser)
    assert client.get("/platform-admin/").status_code == 200
