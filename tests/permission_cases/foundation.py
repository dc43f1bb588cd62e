"""Matrix rows for the foundation: service pages, accounts, organisations, reports and jobs."""

from __future__ import annotations

from .base import (
    ADMINS_OF_A,
    LEADS_OF_REGION,
    MEMBERS_OF_A,
    NOBODY,
    PUBLIC,
    REQUESTER_OR_ADMINS_OF_A,
    SIGNED_IN,
    Case,
    a,
    a_job,
    a_member,
    a_report,
)

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

# Organisation A's members' email addresses and a job file's content.
A_MARKERS = ["admin@harrow.example", "editor@harrow.example", "viewer@harrow.example", "Harrow profile"]
