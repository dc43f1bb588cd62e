"""Bad input gets a clear message or a 4xx page: never a 500 or a stack trace."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ascent.organisations.models import Invitation

pytestmark = pytest.mark.django_db


def test_an_oversized_request_is_a_plain_400(client, harrow, admin_user):
    client.force_login(admin_user)
    url = reverse("organisations:invite", kwargs={"gss_code": harrow.gss_code})
    response = client.post(url, {"email": "x" * (6 * 1024 * 1024), "role": "10"})
    assert response.status_code == 400
    assert b"there is a problem with that request" in response.content
    assert Invitation.objects.count() == 0


def test_too_many_fields_is_a_plain_400(client, harrow, admin_user):
    client.force_login(admin_user)
    url = reverse("organisations:invite", kwargs={"gss_code": harrow.gss_code})
    response = client.post(url, {f"field{i}": "x" for i in range(3000)})
    assert response.status_code == 400


def test_malformed_multipart_is_a_plain_400(client, harrow, admin_user):
    client.force_login(admin_user)
    url = reverse("organisations:invite", kwargs={"gss_code": harrow.gss_code})
    response = client.generic(
        "POST", url, b"--broken\r\nnot a part", content_type="multipart/form-data; boundary=other"
    )
    assert response.status_code in (200, 400)
    assert b"Traceback" not in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/orgs/E06000019/",  # another organisation's space
        "/orgs/E06000019/members/",
        "/orgs/%00/",
        "/orgs/E09000015/members/99999999999999999999/role/",
        "/orgs/E09000015/jobs/99999999999999999999/",
        "/regions/E12000005/",
        "/invitations/" + "a" * 400 + "/",
    ],
)
def test_typed_in_urls_are_404s(client, harrow, herefordshire, admin_user, path):
    client.force_login(admin_user)
    response = client.get(path)
    assert response.status_code == 404


def test_a_wrong_method_is_refused(client, harrow, viewer):
    client.force_login(viewer)
    assert client.delete("/orgs/E09000015/").status_code == 405
    assert client.get(reverse("reports:run", kwargs={"gss_code": "E09000015", "slug": "profile"})).status_code == 405
