"""Matrix rows for the workflow pages of a self-assessment (ascent/assessments/views/workflow.py).

Each page is asked about a version in the state the step needs: a fully rated draft to
submit, a submitted version to return or sign off, a signed-off one to share or start a new
version from, a shared one to withdraw, and two versions of one self-assessment to compare.
A step the role does not allow is a 403; anybody outside Harrow gets a 404.
"""

from __future__ import annotations

from .base import ADMINS_OF_A, EDITORS_OF_A, FORBIDDEN, MEMBERS_OF_A, Case, a, but, goes_to

CONTRIBUTORS_OF_A = {**MEMBERS_OF_A, "viewer": FORBIDDEN}


def version(key):
    def build(world):
        return {**a(world), "assessment_id": world[key].pk}

    return build


def summary_of(key):
    return goes_to("assessments:detail", version(key))


CASES: dict[str, Case] = {
    "assessments:submit": Case(
        get=CONTRIBUTORS_OF_A,
        post=but(CONTRIBUTORS_OF_A, to=summary_of("workflow_draft")),
        kwargs=version("workflow_draft"),
    ),
    "assessments:return": Case(
        get=EDITORS_OF_A,
        post=but(EDITORS_OF_A, to=summary_of("workflow_submitted")),
        kwargs=version("workflow_submitted"),
        data={"reason": "The narrative of QS3 needs the audit's findings"},
    ),
    # With flags open and no justification given, signing off shows the form again with its errors.
    "assessments:sign-off": Case(get=ADMINS_OF_A, post=ADMINS_OF_A, kwargs=version("workflow_submitted")),
    "assessments:share": Case(
        get=ADMINS_OF_A,
        post=but(ADMINS_OF_A, to=summary_of("workflow_signed_off")),
        kwargs=version("workflow_signed_off"),
    ),
    "assessments:unshare": Case(
        get=ADMINS_OF_A,
        post=but(ADMINS_OF_A, to=summary_of("workflow_shared")),
        kwargs=version("workflow_shared"),
    ),
    "assessments:new-version": Case(
        get=EDITORS_OF_A,
        post=but(EDITORS_OF_A, to=goes_to("assessments:detail", a, new="assessment_id")),
        kwargs=version("workflow_signed_off"),
    ),
    "assessments:compare": Case(get=MEMBERS_OF_A, kwargs=version("workflow_successor")),
}

# A narrative only Harrow's versions hold: the compare page shows it as a change.
A_MARKERS = ["Harrow's private workflow narrative"]


def extend_world(world: dict) -> None:
    from ascent.assessments.models import ElementRating, Status
    from tests.assessments import workflow_world as build

    harrow = world["harrow"]
    framework = build.framework(slug="cqc-matrix")
    rated = build.all_rated(framework)
    world["workflow_draft"] = build.version(harrow, framework, period="2024-25", ratings=rated)
    world["workflow_submitted"] = build.version(
        harrow, framework, period="2023-24", status=Status.SUBMITTED, ratings=rated
    )
    world["workflow_signed_off"] = build.version(
        harrow, framework, period="2022-23", status=Status.SIGNED_OFF, ratings=rated
    )
    shared = build.version(harrow, framework, period="2021-22", status=Status.SIGNED_OFF, ratings=rated, shared=True)
    world["workflow_shared"] = shared
    successor = build.version(harrow, framework, period="2021-22", number=2, ratings=rated, based_on=shared)
    ElementRating.objects.filter(assessment=successor, element__key="qs-1").update(
        narrative="Harrow's private workflow narrative"
    )
    world["workflow_successor"] = successor
