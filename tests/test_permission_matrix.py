"""The permission matrix: every URL the service has, for every kind of person.

Each URL name must have a row in tests/permission_cases/ saying what each persona gets: the page (OK), a
redirect to sign in (LOGIN), 403 or 404. A URL that has no row fails
`test_every_url_is_in_the_matrix`, so each new page must be added here when it is built.
Django's admin site is checked by a rule of its own (superusers only), over all its URLs.

Organisation A is Harrow, B is Herefordshire. The outsider is a member of B only: they must
never see A's data, which `test_no_data_of_a_reaches_b` checks by looking for A's markers
in every response they get.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ascent.jobs.models import Job
from ascent.organisations.models import Invitation, Membership, Role, hash_token

from .permission_cases import a_markers, all_cases, extend_world
from .permission_cases.base import ADMIN_LOGIN, LOGIN, OK, PERSONAS, Case

CASES = all_cases()


def all_url_names() -> list[str]:
    names = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return sorted(set(names))


URL_NAMES = all_url_names()
SERVICE_URLS = [name for name in URL_NAMES if not name.startswith("admin:")]
ADMIN_URLS = [name for name in URL_NAMES if name.startswith("admin:")]


def test_every_url_is_in_the_matrix():
    missing = [name for name in SERVICE_URLS if name not in CASES]
    assert not missing, f"Add these URLs to the permission matrix: {missing}"
    stale = [name for name in CASES if name not in SERVICE_URLS]
    assert not stale, f"These matrix rows name URLs that no longer exist: {stale}"


@pytest.fixture
def world(harrow, herefordshire, viewer, contributor, editor, admin_user, outsider, regional_lead, superuser):
    job = Job.objects.create(
        organisation=harrow, created_by=editor, kind="report:profile", title="Organisation profile (PDF)"
    )
    job.result_file.save("profile.html", ContentFile(b"<p>Harrow profile</p>"), save=False)
    job.result_name, job.result_content_type, job.status = "profile.html", "text/html", Job.Status.DONE
    job.save()
    invitation = Invitation.objects.create(
        organisation=harrow,
        email="invited@harrow.example",
        role=Role.EDITOR,
        token_hash=hash_token("matrix-token"),
        expires_at=Invitation.default_expiry(),
    )
    world = {
        "harrow": harrow,
        "herefordshire": herefordshire,
        "viewer_membership": Membership.objects.get(user=viewer, organisation=harrow),
        "job": job,
        "invitation": invitation,
    }
    extend_world(world)
    return world


def request_as(client, persona_user, case: Case, url: str):
    if persona_user is not None:
        client.force_login(persona_user)
    return getattr(client, case.method)(url, data=case.data)


def outcome(response, url: str) -> object:
    if response.status_code in (301, 302):
        location = response.headers["Location"]
        if location.startswith(reverse("accounts:sign-in")):
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return OK
    if response.status_code == 200:
        return OK
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", SERVICE_URLS)
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_matrix(client, request, world, name, persona_name):
    case = CASES[name]
    user = None if persona_name == "anonymous" else request.getfixturevalue(persona_name)
    url = reverse(name, kwargs=case.kwargs(world))
    response = request_as(client, user, case, url)
    assert outcome(response, url) == case.expect[persona_name], f"{case.method.upper()} {url} as {persona_name}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", SERVICE_URLS)
def test_no_data_of_a_reaches_b(client, world, outsider, name):
    case = CASES[name]
    client.force_login(outsider)
    response = request_as(client, None, case, reverse(name, kwargs=case.kwargs(world)))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    for marker in a_markers():
        assert marker.encode() not in body, f"{name} shows {marker!r} to a member of B"


@pytest.mark.django_db
def test_a_used_invitation_link_is_a_404(client, world):
    invitation = Invitation.objects.create(
        organisation=world["harrow"],
        email="new@harrow.example",
        role=Role.VIEWER,
        token_hash=hash_token("secret-token"),
        expires_at=Invitation.default_expiry(),
    )
    assert client.get(reverse("organisations:invitation", kwargs={"token": "secret-token"})).status_code == 200
    invitation.revoked_at = invitation.expires_at
    invitation.save()
    assert client.get(reverse("organisations:invitation", kwargs={"token": "secret-token"})).status_code == 404


# --- Django's admin site: superusers only -------------------------------------------------


def admin_urls() -> list[tuple[str, list[str]]]:
    """Every admin URL name with the arguments its pattern takes."""
    from django.contrib import admin

    found = []
    stack = list(admin.site.urls[0])
    while stack:
        item = stack.pop()
        if isinstance(item, URLResolver):
            stack.extend(item.url_patterns)
        elif item.name:
            regex = item.pattern.regex
            # Named groups give keyword arguments; django-simple-history's pages use positional ones.
            found.append((f"admin:{item.name}", list(regex.groupindex) or (regex.groups or [])))
    return sorted(found)


ADMIN_URL_ARGS = dict(admin_urls())


def admin_model(name: str):
    from django.apps import apps

    return next(
        (m for m in apps.get_models() if name.startswith(f"admin:{m._meta.app_label}_{m._meta.model_name}_")), None
    )


def admin_reverse(name: str, world) -> str:
    """The URL of an admin page, for an object that exists where the page needs one."""
    from django.contrib.contenttypes.models import ContentType

    if isinstance(ADMIN_URL_ARGS[name], int):
        # django-simple-history's "view this version" page: the object and one of its versions.
        obj = admin_model(name)._default_manager.first()
        return reverse(name, args=[obj.pk, obj.history.first().history_id])
    kwargs = {}
    for key in ADMIN_URL_ARGS[name]:
        if key == "app_label":
            kwargs[key] = "organisations"
        elif key == "content_type_id":
            kwargs[key] = ContentType.objects.get_for_model(world["harrow"]).pk
            kwargs["object_id"] = str(world["harrow"].pk)
        elif key == "object_id" and "object_id" not in kwargs:
            model = admin_model(name)
            obj = model._default_manager.first() if model else None
            kwargs[key] = str(obj.pk) if obj else "999999"
        elif key == "id":
            kwargs[key] = str(world["harrow"].pk)
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADMIN_URLS)
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_admin_site_is_for_superusers_only(client, request, world, name, persona_name):
    url = admin_reverse(name, world)
    user = None if persona_name == "anonymous" else request.getfixturevalue(persona_name)
    if user is not None:
        client.force_login(user)
    method = "post" if name == "admin:logout" else "get"
    response = getattr(client, method)(url)
    assert response.status_code < 500, f"{url}: {response.status_code}"
    if persona_name == "superuser":
        # Superusers reach every admin page (some models forbid adding or changing: 403; a page
        # for a kind of record that has no rows in this test: 404).
        assert outcome(response, url) in (OK, 403, 404), f"{url}: {response.status_code}"
    elif name == "admin:logout":
        assert outcome(response, url) in (OK, ADMIN_LOGIN)
    elif name == "admin:login":
        # The admin's sign-in form is all that people who are not superusers see.
        assert response.status_code == 200
        others = [m for m in a_markers() if user is None or m != user.email]
        assert not any(marker.encode() in response.content for marker in others)
    else:
        # Everyone else is sent to sign in (anonymous people may get the service's own page).
        assert outcome(response, url) in (ADMIN_LOGIN, LOGIN), f"{url} as {persona_name}: {response.status_code}"
