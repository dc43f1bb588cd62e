"""The sign-in lockout counts every spelling of an address as one, and a reset password lifts it."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.core import mail

from ascent.accounts.identity import normalise_email
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"
NEW_PASSWORD = "a brand new pass phrase"


def variants(email: str) -> list[str]:
    """Five spellings of one address that sign-in treats as the same account."""
    local, domain = email.split("@")
    return [
        email.upper(),
        f"  {email}  ",
        f"{local.capitalize()}@{domain}",
        f"\t{email.upper()}",
        f"{local}@{domain.upper()} ",
    ]


def sign_in(client, username: str, password: str):
    return client.post(SIGN_IN, {"username": username, "password": password})


def reset_password(client, email: str, new_password: str = NEW_PASSWORD) -> None:
    """Ask for a reset link, follow the link in the email and set a new password."""
    mail.outbox.clear()
    assert client.post("/password-reset/", {"email": email})["Location"] == "/password-reset/sent/"
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done["Location"] == "/password-reset/complete/"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Viewer@Harrow.Example", "viewer@harrow.example"),
        ("  viewer@harrow.example\t", "viewer@harrow.example"),
        ("VIEWER@HARROW.EXAMPLE\n", "viewer@harrow.example"),
        ("", ""),
        (None, ""),
    ],
)
def test_an_address_is_normalised_by_trimming_and_lower_casing(raw, expected):
    assert normalise_email(raw) == expected


def test_every_spelling_of_an_address_shares_one_count(client, viewer):
    for spelling in variants(viewer.email)[:3]:
        assert sign_in(client, spelling, "wrong").status_code == 200

    usernames = set(AccessAttempt.objects.values_list("username", flat=True))
    assert usernames == {viewer.email}
    assert AccessAttempt.objects.get().failures_since_start == 3


def test_five_wrong_passwords_in_any_spelling_lock_the_account(client, viewer):
    *first_four, fifth = variants(viewer.email)
    for spelling in first_four:
        assert sign_in(client, spelling, "wrong").status_code == 200
    assert sign_in(client, fifth, "wrong").status_code == 429

    response = sign_in(client, viewer.email, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/orgs/E09000015/").status_code == 302


def test_the_locked_out_page_says_a_password_reset_unlocks_the_account(client, viewer):
    for _ in range(5):
        sign_in(client, viewer.email, "wrong")

    response = sign_in(client, viewer.email, PASSWORD)

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Your account is locked for 30 minutes"
    link = soup.select_one("main a[href='/password-reset/']")
    assert link is not None
    assert link.get_text(strip=True) == "reset your password"
    assert "to unlock your account now" in soup.select_one("main").get_text(" ", strip=True)


def test_resetting_the_password_unlocks_the_account_from_every_address(client, viewer):
    for _ in range(5):
        sign_in(client, viewer.email.upper(), "wrong")
    # Someone elsewhere has also been guessing at the same account.
    AccessAttempt.objects.create(
        username=viewer.email, ip_address="198.51.100.7", user_agent="", failures_since_start=5
    )
    assert sign_in(client, viewer.email, PASSWORD).status_code == 429

    reset_password(client, f" {viewer.email.capitalize()} ")

    assert not AccessAttempt.objects.filter(username=viewer.email).exists()
    response = sign_in(client, viewer.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(viewer.pk)


def test_resetting_one_password_leaves_other_locks_alone(client, viewer, contributor):
    for _ in range(5):
        sign_in(client, contributor.email, "wrong")

    reset_password(client, viewer.email)

    assert AccessAttempt.objects.filter(username=contributor.email).exists()
    assert sign_in(client, contributor.email, PASSWORD).status_code == 429


def test_a_reset_for_an_unknown_address_reveals_nothing_and_unlocks_nothing(client, viewer):
    for _ in range(5):
        sign_in(client, "nobody@harrow.example", "wrong")
    known = client.post("/password-reset/", {"email": viewer.email})
    mail.outbox.clear()

    unknown = client.post("/password-reset/", {"email": "Nobody@harrow.example"})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == "/password-reset/sent/"
    assert mail.outbox == []
    assert AccessAttempt.objects.filter(username="nobody@harrow.example").exists()
    assert client.get(unknown["Location"]).content == client.get(known["Location"]).content
