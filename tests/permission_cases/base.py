"""What each persona may get from a URL, and the helpers case modules share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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
