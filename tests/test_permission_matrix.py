"""The permission matrix: every URL the service has, for every kind of person.

Each URL name must have a row in CASES saying what each persona gets: the page (OK), a
redirect to sign in (LOGIN), 403 or 404. A URL that has no row fails
`test_every_url_is_in_the_matrix`, so each new page must be added here when it is built.
Django's admin site is checked by a rule of its own (superusers only), over all its URLs.

Organisation A is Harrow, B is Herefordshire. The outsider is a member of B only: they must
never see A's data, which `test_no_data_of_a_reaches_b` checks by looking for A's markers
in every response they get.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ascent.jobs.models import Job
from ascent.organisations.models import Invitation, Membership, Role, hash_token

OK, LOGIN, FORBIDDEN, NOT_FOUND, ADMIN_LOGIN = "ok", "login", 403, 404, "admin-login"

PERSONAS = ["anonymous", "viewer", "contributor", "editor", "admin_user", "outsider", "regional_lead", "superuser"]

PUBLIC = dict.fromkeys(PERSONAS, OK)
SIGNED_IN = {**PUBLIC, "anonymous": LOGIN}
MEMBERS_OF_A = {
    "anonymous": LOGIN,
    "viewer": OK,
    "contributor": OK,
    "editor": OK,
    "admin_user": OK,
    "outsider": NOT_FOUND,
    "regional_lead": NOT_FOUND,
    "superuser": OK,
}
ADMINS_OF_A = {**MEMBERS_OF_A, "viewer": FORBIDDEN, "contributor": FORBIDDEN, "editor": FORBIDDEN}
# A job belongs to whoever asked for it (the editor here) and to the organisation's admins.
REQUESTER_OR_ADMINS_OF_A = {**MEMBERS_OF_A, "viewer": NOT_FOUND, "contributor": NOT_FOUND}
LEADS_OF_REGION = {**dict.fromkeys(PERSONAS, NOT_FOUND), "anonymous": LOGIN, "regional_lead": OK, "superuser": OK}
NOBODY = {**dict.fromkeys(PERSONAS, NOT_FOUND)}


@dataclass
class Case:
    expect: dict[str, object]
    kwargs: Callable[[dict], dict] = lambda world: {}
    method: str = "get"
    data: dict = field(default_factory=dict)


def a(world):
    return {"gss_code": world["harrow"].gss_code}


def a_member(world):
    return {**a(world), "membership_id": world["viewer_membership"].pk}


def a_job(world):
    return {**a(world), "job_id": world["job"].pk}


def a_report(fmt=None):
    def build(world):
        return {**a(world), "slug": "profile", **({"fmt": fmt} if fmt else {})}

    return build


CASES: dict[str, Case] = {
    # Service-wide pages
    "core:home": Case(SIGNED_IN),
    "core:accessibility": Case(PUBLIC),
    "core:privacy": Case(PUBLIC),
    "core:cookies": Case(PUBLIC),
    "core:help": Case(PUBLIC),
    "core:healthz": Case(PUBLIC),
    # Accounts
    "accounts:sign-in": Case(PUBLIC),
    "accounts:sign-out": Case(SIGNED_IN, method="post"),
    "accounts:signed-out": Case(PUBLIC),
    "accounts:password-reset": Case(PUBLIC),
    "accounts:password-reset-sent": Case(PUBLIC),
    "accounts:password-reset-confirm": Case(PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"}),
    "accounts:password-reset-complete": Case(PUBLIC),
    "accounts:account": Case(SIGNED_IN),
    "accounts:password-change": Case(SIGNED_IN),
    "accounts:password-changed": Case(SIGNED_IN),
    # An organisation's space
    "organisations:overview": Case(MEMBERS_OF_A, kwargs=a),
    "organisations:members": Case(MEMBERS_OF_A, kwargs=a),
    "organisations:invite": Case(ADMINS_OF_A, kwargs=a),
    "organisations:member-role": Case(ADMINS_OF_A, kwargs=a_member),
    "organisations:member-remove": Case(ADMINS_OF_A, kwargs=a_member),
    "organisations:invitation-withdraw": Case(
        ADMINS_OF_A, kwargs=lambda w: {**a(w), "invitation_id": w["invitation"].pk}, method="post"
    ),
    "organisations:activity": Case(ADMINS_OF_A, kwargs=a),
    "organisations:performance": Case(MEMBERS_OF_A, kwargs=a),
    "organisations:self-assessment": Case(MEMBERS_OF_A, kwargs=a),
    "organisations:reviews": Case(MEMBERS_OF_A, kwargs=a),
    "organisations:improvement-plan": Case(MEMBERS_OF_A, kwargs=a),
    "organisations:programmes": Case(MEMBERS_OF_A, kwargs=a),
    "organisations:switch": Case(SIGNED_IN),
    "organisations:region": Case(LEADS_OF_REGION, kwargs=lambda w: {"code": w["harrow"].region.code}),
    # An invitation link that is not (or no longer) valid is a 404 for everyone.
    "organisations:invitation": Case(NOBODY, kwargs=lambda w: {"token": "no-such-invitation"}),
    # Reports and jobs
    "reports:index": Case(MEMBERS_OF_A, kwargs=a),
    "reports:view": Case(MEMBERS_OF_A, kwargs=a_report()),
    "reports:download": Case(MEMBERS_OF_A, kwargs=a_report("html")),
    "reports:run": Case(MEMBERS_OF_A, kwargs=a_report(), method="post", data={"format": "html"}),
    "jobs:detail": Case(REQUESTER_OR_ADMINS_OF_A, kwargs=a_job),
    "jobs:status": Case(REQUESTER_OR_ADMINS_OF_A, kwargs=a_job),
    "jobs:download": Case(REQUESTER_OR_ADMINS_OF_A, kwargs=a_job),
}


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
    return {
        "harrow": harrow,
        "herefordshire": herefordshire,
        "viewer_membership": Membership.objects.get(user=viewer, organisation=harrow),
        "job": job,
        "invitation": invitation,
    }


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


# Markers of organisation A's private data: its members' email addresses and the job's file.
def a_markers():
    return ["admin@harrow.example", "editor@harrow.example", "viewer@harrow.example", "Harrow profile"]


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
