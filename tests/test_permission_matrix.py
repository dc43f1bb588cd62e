"""The permission matrix: every URL the service has, every method, for every kind of person.

Each URL name must have a row in tests/permission_cases/ saying what each persona gets from
each HTTP method its view accepts: the page (OK), a redirect to sign in that comes back to
the URL (LOGIN), a redirect to a named place, 403 or 404. The rules that keep it whole:

- a URL with no row fails `test_every_url_is_in_the_matrix`, and a URL pattern without a
  name fails `test_every_url_pattern_has_a_name` (it could not have a row);
- a row must declare exactly the methods its view accepts, read from the view itself
  (`require_http_methods` and friends, or a class-based view's handlers): so a view that
  starts to accept POST cannot go untested;
- every method the view does not accept must be refused with 405.

Each request runs in a transaction that is rolled back, so a POST that succeeds (removing
a member, rolling back an import) leaves the world as it was for the next persona.

Organisation A is Harrow, B is Herefordshire. The outsider is a member of B only; the
grantee is a member of B who holds a grant on one of A's records (an import). Neither may
ever see A's data, which `test_no_data_of_a_reaches_b` checks by looking for A's markers
in every response they get. Django's admin site is checked by a sample of its pages that
still fails if its gate (ascent/core/admin_site.py) breaks.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ascent.jobs.models import Job
from ascent.organisations.models import Invitation, Membership, Role, hash_token
from tests.conftest import make_people
from tests.factories import grant

from .permission_cases import a_markers, all_cases, extend_world, url_name
from .permission_cases.base import ADMIN_LOGIN, LOGIN, OK, PERSONAS, Redirect

CASES = all_cases()
#: Every method a view could be asked with. HEAD answers as GET does; OPTIONS is only ever
#: accepted by class-based views, where Django answers it for every view alike.
METHODS = ("get", "head", "post", "put", "patch", "delete", "options")
#: A refused method is refused before any access check, so it is tried as the superuser (who
#: passes every check, so would see the page if the method were taken) and an anonymous person.
REFUSAL_PERSONAS = ("anonymous", "superuser")


def url_patterns() -> list[tuple[str | None, str, object]]:
    """(name with namespace, route, view) of every URL pattern outside the admin site."""
    found = []

    def walk(patterns, namespace=None, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
                found.append((name, prefix + str(pattern.pattern), pattern.callback))

    walk(get_resolver().url_patterns)
    return found


PATTERNS = url_patterns()
VIEWS = {name: view for name, _, view in PATTERNS if name}
SERVICE_URLS = sorted(VIEWS)
#: Every row: one per URL name, and any further rows about other records of the same URL.
ROWS = sorted(CASES)


def accepted_methods(view) -> set[str] | None:
    """The HTTP methods a view accepts, read from the view; None if it accepts any method."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        methods = {m for m in view_class.http_method_names if hasattr(view_class, m)}
        if "get" in methods and "head" in view_class.http_method_names:
            methods.add("head")  # View.setup() answers HEAD with the GET handler
        return methods
    function = view
    while function is not None:
        # django.views.decorators.http.require_http_methods keeps its list in a closure.
        for name, cell in zip(function.__code__.co_freevars, function.__closure__ or (), strict=True):
            if name == "request_method_list":
                return {method.lower() for method in cell.cell_contents}
        function = getattr(function, "__wrapped__", None)
    return None


def test_every_url_pattern_has_a_name():
    unnamed = [route for name, route, _ in PATTERNS if not name]
    assert not unnamed, f"Name these URL patterns so the permission matrix can classify them: {unnamed}"


def test_every_url_is_in_the_matrix():
    missing = [name for name in SERVICE_URLS if name not in CASES]
    assert not missing, f"Add these URLs to the permission matrix: {missing}"
    stale = [name for name in CASES if url_name(name) not in SERVICE_URLS]
    assert not stale, f"These matrix rows name URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", ROWS)
def test_each_row_declares_every_method_its_view_accepts(name):
    accepted = accepted_methods(VIEWS[url_name(name)])
    assert accepted is not None, f"{name} accepts any HTTP method: restrict it (require_GET, require_POST, ...)"
    declared = set(CASES[name].methods())
    assert declared == accepted - {"head", "options"}, f"{name} accepts {sorted(accepted)}; its row declares {declared}"


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, world_media):
    """The world's files (a job's result, uploads) stay where the world saved them, for every test."""
    settings.MEDIA_ROOT = world_media


def build_world() -> dict:
    world = make_people()
    harrow, editor, admin_user = world["harrow"], world["editor"], world["admin_user"]
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
    world.update(
        {
            "viewer_membership": Membership.objects.get(user=world["viewer"], organisation=harrow),
            "job": job,
            "invitation": invitation,
        }
    )
    extend_world(world)
    # The grantee holds a current view grant on A's import and an expired edit grant on A's
    # job: neither may open any of A's pages.
    grantee = world["grantee"]
    grant(grantee, world["import_run"], by=admin_user)
    grant(grantee, job, level="edit", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31), by=admin_user)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """Both councils, every persona and each area's records, built once for the module.

    Building it takes longer than most rows' requests, and every row asks about the same
    world, so it is made once inside a transaction that is rolled back after the last test.
    Each test runs in a savepoint within it (pytest-django's own), so what a request changes
    is undone before the next. Persona fixtures below read the people back from the database
    for each test, so no change made to a Python object in one test carries into another.
    """
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=world_media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _fresh(world: dict, key: str):
    record = world[key]
    return type(record).objects.get(pk=record.pk)


@pytest.fixture
def harrow(world, db):
    return _fresh(world, "harrow")


@pytest.fixture
def herefordshire(world, db):
    return _fresh(world, "herefordshire")


@pytest.fixture
def viewer(world, db):
    return _fresh(world, "viewer")


@pytest.fixture
def contributor(world, db):
    return _fresh(world, "contributor")


@pytest.fixture
def editor(world, db):
    return _fresh(world, "editor")


@pytest.fixture
def admin_user(world, db):
    return _fresh(world, "admin_user")


@pytest.fixture
def outsider(world, db):
    return _fresh(world, "outsider")


@pytest.fixture
def grantee(world, db):
    return _fresh(world, "grantee")


@pytest.fixture
def regional_lead(world, db):
    return _fresh(world, "regional_lead")


@pytest.fixture
def superuser(world, db):
    return _fresh(world, "superuser")


@pytest.fixture
def reviewer(world, db):
    return _fresh(world, "reviewer")


SAFE = {"get", "head", "options"}


def sign_in(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


def ask(client, user, method: str, url: str, data: dict, *, signed_in: bool = False):
    """The response, with its body read, to one request by ``user``, whose changes are then undone.

    A safe request made by someone ``signed_in`` already reuses their session; any other is
    made in a fresh one, since it may end the session (signing out) or change the world.
    """
    if method in SAFE and signed_in:
        response = getattr(client, method)(url)
    else:
        with transaction.atomic():
            sign_in(client, user)
            response = getattr(client, method)(url, data=data if method == "post" else None)
            response.body = b"".join(response.streaming_content) if response.streaming else response.content
            transaction.set_rollback(True)
        sign_in(client, user)
        return response
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def answer(response, url: str, world: dict, expected) -> object:
    """The answer in the matrix's terms: a redirect is named only if it goes where expected."""
    if response.status_code in (301, 302):
        location = response.headers["Location"]
        if location == redirect_to_login(url).url:
            return LOGIN
        if isinstance(expected, Redirect) and expected.matches(location, world):
            return expected
        return f"redirect to {location}"
    if response.status_code == 200:
        return OK
    return response.status_code


def expected_answers(case, method: str, accepted: set[str]) -> dict[str, object]:
    """What each persona must get from this method of the URL."""
    declared = case.methods()
    if method == "head" and "head" in accepted:
        return declared["get"]
    if method == "options" and "options" in accepted:
        # Class-based views answer OPTIONS as they answer GET up to the handler (the sign-in
        # rule, the sign-in page's redirect); a view without GET answers it with its own 200.
        if "get" in declared:
            return declared["get"]
        return {persona: LOGIN if answer == LOGIN else OK for persona, answer in declared["post"].items()}
    if method in declared:
        return declared[method]
    # Refused methods: 405, except that anonymous people are sent to sign in first where the
    # page needs it (the sign-in rule runs before the view).
    needs_sign_in = any(answers["anonymous"] == LOGIN for answers in declared.values())
    return {persona: LOGIN if persona == "anonymous" and needs_sign_in else 405 for persona in PERSONAS}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROWS)
def test_matrix(client, request, world, name):
    case = CASES[name]
    accepted = accepted_methods(VIEWS[url_name(name)]) or set(METHODS)
    url = reverse(url_name(name), kwargs=case.kwargs(world))
    wrong = []
    for persona in PERSONAS:
        user = None if persona == "anonymous" else request.getfixturevalue(persona)
        sign_in(client, user)
        for method in METHODS:
            if method not in accepted and persona not in REFUSAL_PERSONAS:
                continue
            expected = expected_answers(case, method, accepted)[persona]
            response = ask(client, user, method, url, case.data, signed_in=True)
            got = answer(response, url, world, expected)
            if got != expected:
                wrong.append(f"{method.upper()} {url} as {persona}: expected {expected!r}, got {got!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROWS)
def test_no_data_of_a_reaches_b(client, world, outsider, grantee, reviewer, name):
    case = CASES[name]
    url = reverse(url_name(name), kwargs=case.kwargs(world))
    # The reviewer sees one review of A and what A shares with it; A's markers are private
    # data that is in neither, so they must not reach the reviewer on any page either.
    for user in (outsider, grantee, reviewer):
        for method in case.methods():
            body = ask(client, user, method, url, case.data).body
            for marker in a_markers():
                assert marker.encode() not in body, f"{method.upper()} {name} shows {marker!r} to {user}"


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
#
# Every admin page goes through the same gate (AdminSite.has_permission, replaced in
# ascent/core/admin_site.py), so a sample shows it holds: the index for every persona, and
# each registered model's list and add pages for an anonymous person, an organisation's
# admin (staff-like but not platform staff) and a superuser.


def admin_sample() -> list[tuple[str, dict]]:
    from django.contrib import admin

    pages = []
    for model in admin.site._registry:
        meta = model._meta
        pages.append((f"admin:{meta.app_label}_{meta.model_name}_changelist", {}))
        pages.append((f"admin:{meta.app_label}_{meta.model_name}_add", {}))
    return sorted(pages)


ADMIN_SAMPLE = admin_sample()


def admin_answer(response, url: str):
    if response.status_code in (301, 302):
        location = response.headers["Location"]
        if location == redirect_to_login(url, login_url=reverse("admin:login")).url:
            return ADMIN_LOGIN
        if location == redirect_to_login(url).url:
            return LOGIN
        return f"redirect to {location}"
    return OK if response.status_code == 200 else response.status_code


def test_the_admin_sample_covers_every_registered_model():
    from django.contrib import admin

    assert len(ADMIN_SAMPLE) == 2 * len(admin.site._registry) > 0


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_only_superusers_get_past_the_admin_index(client, request, world, persona_name):
    url = reverse("admin:index")
    user = None if persona_name == "anonymous" else request.getfixturevalue(persona_name)
    got = admin_answer(ask(client, user, "get", url, {}), url)
    assert got == (OK if persona_name == "superuser" else ADMIN_LOGIN)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), ADMIN_SAMPLE)
def test_admin_pages_are_for_superusers_only(client, world, viewer, admin_user, superuser, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    admin_user.is_staff = True  # staff status alone must not open the admin site
    admin_user.save()
    # Anonymous people meet the service's own sign-in first; others the admin's sign-in.
    for user, expected in ((None, LOGIN), (viewer, ADMIN_LOGIN), (admin_user, ADMIN_LOGIN)):
        got = admin_answer(ask(client, user, "get", url, {}), url)
        assert got == expected, f"{url} as {user}: {got!r}"
    # Superusers reach every page (a model that forbids adding answers 403).
    assert admin_answer(ask(client, superuser, "get", url, {}), url) in (OK, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_the_admin_sign_in_page_shows_nothing_private(client, request, world, persona_name):
    user = None if persona_name == "anonymous" else request.getfixturevalue(persona_name)
    response = ask(client, user, "get", reverse("admin:login"), {})
    if persona_name == "superuser":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    others = [marker for marker in a_markers() if user is None or marker != user.email]
    assert not any(marker.encode() in response.body for marker in others)
