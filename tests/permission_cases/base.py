"""What each persona may get from a URL, and the helpers case modules share.

A row is a :class:`Case`: the answer per persona for each HTTP method the view accepts
(``get=``, ``post=``; HEAD is checked against GET's answers), how to build the URL's
arguments from the test world (``kwargs=``) and what to post (``data=``). An answer is
``OK`` (the page, 200), ``LOGIN`` (sent to sign in, coming back to this URL), 403, 404, or
``goes_to(...)`` for a redirect to a known place. A method the row does not name must be
one the view refuses with 405.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

OK, LOGIN, FORBIDDEN, NOT_FOUND, ADMIN_LOGIN = "ok", "login", 403, 404, "admin-login"

PERSONAS = [
    "anonymous",
    "viewer",
    "contributor",
    "editor",
    "admin_user",
    "outsider",
    "grantee",
    "regional_lead",
    "superuser",
    "reviewer",
]


@dataclass(frozen=True)
class Redirect:
    """A redirect whose Location matches the pattern ``where(world)`` builds."""

    where: Callable[[dict], str]
    label: str

    def matches(self, location: str, world: dict) -> bool:
        return re.fullmatch(self.where(world), location) is not None

    def __repr__(self) -> str:
        return f"redirect to {self.label}"


def goes_to(name: str, kwargs: Callable[[dict], dict] = lambda world: {}, *, new: str | None = None) -> Redirect:
    """A redirect to the URL named ``name``; ``new`` names an argument that is a record made by the request."""

    def where(world):
        arguments = kwargs(world)
        if new is None:
            return re.escape(reverse(name, kwargs=arguments))
        return re.escape(reverse(name, kwargs={**arguments, new: 987654321})).replace("987654321", r"\d+")

    return Redirect(where, name)


PUBLIC = dict.fromkeys(PERSONAS, OK)
SIGNED_IN = {**PUBLIC, "anonymous": LOGIN}
MEMBERS_OF_A = {
    "anonymous": LOGIN,
    "viewer": OK,
    "contributor": OK,
    "editor": OK,
    "admin_user": OK,
    "outsider": NOT_FOUND,
    # The grantee holds a grant on one of A's records (an import): it opens none of A's pages.
    "grantee": NOT_FOUND,
    "regional_lead": NOT_FOUND,
    "superuser": OK,
    # The reviewer sits on one of A's reviews (a grant of that review): it opens none of A's
    # other pages, only the review's own (tests/permission_cases/reviews.py).
    "reviewer": NOT_FOUND,
}
ADMINS_OF_A = {**MEMBERS_OF_A, "viewer": FORBIDDEN, "contributor": FORBIDDEN, "editor": FORBIDDEN}
EDITORS_OF_A = {**MEMBERS_OF_A, "viewer": FORBIDDEN, "contributor": FORBIDDEN}
# A job belongs to whoever asked for it (the editor here) and to the organisation's admins.
REQUESTER_OR_ADMINS_OF_A = {**MEMBERS_OF_A, "viewer": NOT_FOUND, "contributor": NOT_FOUND}
LEADS_OF_REGION = {**dict.fromkeys(PERSONAS, NOT_FOUND), "anonymous": LOGIN, "regional_lead": OK, "superuser": OK}
NOBODY = {**dict.fromkeys(PERSONAS, NOT_FOUND)}


def but(answers: dict, *, to=None, **changes) -> dict:
    """``answers`` with some personas changed; ``to=`` replaces every OK (for example with a redirect)."""
    changed = {persona: (to if to is not None and answer == OK else answer) for persona, answer in answers.items()}
    return {**changed, **changes}


@dataclass
class Case:
    get: dict | None = None
    post: dict | None = None
    kwargs: Callable[[dict], dict] = lambda world: {}
    data: dict = field(default_factory=dict)

    def methods(self) -> dict[str, dict]:
        declared = {"get": self.get, "post": self.post}
        return {method: answers for method, answers in declared.items() if answers is not None}


def a(world):
    return {"gss_code": world["harrow"].gss_code}


def b(world):
    return {"gss_code": world["herefordshire"].gss_code}


def a_member(world):
    return {**a(world), "membership_id": world["viewer_membership"].pk}


def a_job(world):
    return {**a(world), "job_id": world["job"].pk}


def a_report(fmt=None):
    def build(world):
        return {**a(world), "slug": "profile", **({"fmt": fmt} if fmt else {})}

    return build
