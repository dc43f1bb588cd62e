"""Matrix rows for the foundation: service pages, accounts, organisations, reports and jobs."""

from __future__ import annotations

from .base import (
    ADMINS_OF_A,
    LEADS_OF_REGION,
    LOGIN,
    MEMBERS_OF_A,
    NOBODY,
    OK,
    PERSONAS,
    PUBLIC,
    REQUESTER_OR_ADMINS_OF_A,
    SIGNED_IN,
    Case,
    a,
    a_job,
    a_member,
    a_report,
    b,
    but,
    goes_to,
)

# People already signed in are sent on to the home page.
SIGNED_OUT_ONLY = {**dict.fromkeys(PERSONAS, goes_to("core:home")), "anonymous": OK}

# Removing a member or withdrawing an invitation goes back to the members page.
TO_MEMBERS = but(ADMINS_OF_A, to=goes_to("organisations:members", a))
# Producing a report in the background goes to the new job's page.
TO_NEW_JOB = but(MEMBERS_OF_A, to=goes_to("jobs:detail", a, new="job_id"))

CASES: dict[str, Case] = {
    # Service-wide pages
    "core:home": Case(
        get={
            **dict.fromkeys(("viewer", "contributor", "editor", "admin_user"), goes_to("organisations:overview", a)),
            **dict.fromkeys(("outsider", "grantee"), goes_to("organisations:overview", b)),
            "anonymous": LOGIN,
            "regional_lead": OK,
            "superuser": OK,
            # The reviewer belongs to no council and sits on a Harrow review: home sends them
            # to the reviews they sit on (the reviews app's home_pages hook).
            "reviewer": goes_to("reviews:mine"),
        }
    ),
    "core:accessibility": Case(get=PUBLIC),
    "core:privacy": Case(get=PUBLIC),
    "core:cookies": Case(get=PUBLIC),
    "core:help": Case(get=PUBLIC),
    "core:healthz": Case(get=PUBLIC),
    # Accounts
    "accounts:sign-in": Case(get=SIGNED_OUT_ONLY, post=SIGNED_OUT_ONLY),
    "accounts:sign-out": Case(post=but(SIGNED_IN, to=goes_to("accounts:signed-out"))),
    "accounts:signed-out": Case(get=PUBLIC),
    "accounts:password-reset": Case(get=PUBLIC, post=PUBLIC),
    "accounts:password-reset-sent": Case(get=PUBLIC),
    "accounts:password-reset-confirm": Case(
        get=PUBLIC, post=PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"}
    ),
    "accounts:password-reset-complete": Case(get=PUBLIC),
    "accounts:account": Case(get=SIGNED_IN),
    "accounts:password-change": Case(get=SIGNED_IN, post=SIGNED_IN),
    "accounts:password-changed": Case(get=SIGNED_IN),
    # An organisation's space
    "organisations:overview": Case(get=MEMBERS_OF_A, kwargs=a),
    "organisations:members": Case(get=MEMBERS_OF_A, kwargs=a),
    "organisations:invite": Case(get=ADMINS_OF_A, post=ADMINS_OF_A, kwargs=a),
    "organisations:member-role": Case(get=ADMINS_OF_A, post=ADMINS_OF_A, kwargs=a_member),
    "organisations:member-remove": Case(get=ADMINS_OF_A, post=TO_MEMBERS, kwargs=a_member),
    "organisations:invitation-withdraw": Case(
        post=TO_MEMBERS, kwargs=lambda w: {**a(w), "invitation_id": w["invitation"].pk}
    ),
    "organisations:activity": Case(get=ADMINS_OF_A, kwargs=a),
    "organisations:switch": Case(get=SIGNED_IN),
    "organisations:region": Case(get=LEADS_OF_REGION, kwargs=lambda w: {"code": w["harrow"].region.code}),
    # An invitation link that is not (or no longer) valid is a 404 for everyone.
    "organisations:invitation": Case(get=NOBODY, post=NOBODY, kwargs=lambda w: {"token": "no-such-invitation"}),
    # Reports and jobs
    "reports:index": Case(get=MEMBERS_OF_A, kwargs=a),
    "reports:view": Case(get=MEMBERS_OF_A, kwargs=a_report()),
    "reports:download": Case(get=MEMBERS_OF_A, kwargs=a_report("html")),
    "reports:run": Case(post=TO_NEW_JOB, kwargs=a_report(), data={"format": "html"}),
    "jobs:detail": Case(get=REQUESTER_OR_ADMINS_OF_A, kwargs=a_job),
    "jobs:status": Case(get=REQUESTER_OR_ADMINS_OF_A, kwargs=a_job),
    "jobs:download": Case(get=REQUESTER_OR_ADMINS_OF_A, kwargs=a_job),
    # The world's job is done, so trying it again is refused with a message on the job's page.
    "jobs:retry": Case(post=but(REQUESTER_OR_ADMINS_OF_A, to=goes_to("jobs:detail", a_job)), kwargs=a_job),
}

# Organisation A's members' email addresses and a job file's content.
A_MARKERS = ["admin@harrow.example", "editor@harrow.example", "viewer@harrow.example", "Harrow profile"]
