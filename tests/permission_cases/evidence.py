"""Matrix rows for the evidence file pages (ascent/evidence/urls.py)."""

from __future__ import annotations

import datetime as dt

from .base import EDITORS_OF_A, FORBIDDEN, MEMBERS_OF_A, Case, a, but, goes_to

# Contributors and above upload evidence; viewers read it.
CONTRIBUTORS_OF_A = {**MEMBERS_OF_A, "viewer": FORBIDDEN}


def a_file(world):
    return {**a(world), "evidence_id": world["evidence_file"].pk}


CASES: dict[str, Case] = {
    "evidence:index": Case(get=MEMBERS_OF_A, kwargs=a),
    # Posting nothing shows the form again with its errors.
    "evidence:upload": Case(get=CONTRIBUTORS_OF_A, post=CONTRIBUTORS_OF_A, kwargs=a),
    "evidence:detail": Case(get=MEMBERS_OF_A, kwargs=a_file),
    "evidence:download": Case(get=MEMBERS_OF_A, kwargs=a_file),
    "evidence:delete": Case(get=EDITORS_OF_A, post=but(EDITORS_OF_A, to=goes_to("evidence:index", a)), kwargs=a_file),
}

# The title and name of a file Harrow uploaded, and its content.
A_MARKERS = ["Harrow safeguarding audit", "harrow-audit-private.csv", "private-audit-finding"]


def extend_world(world: dict) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ascent.evidence.actions import store_evidence_file

    world["evidence_file"] = store_evidence_file(
        world["harrow"],
        None,
        SimpleUploadedFile("harrow-audit-private.csv", b"finding,owner\nprivate-audit-finding,Director\n"),
        title="Harrow safeguarding audit",
        kind="processes",
        evidence_date=dt.date(2025, 1, 31),
    )
