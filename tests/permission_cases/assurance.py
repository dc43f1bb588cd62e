"""Matrix rows for the Challenges page: every member of A reads A's open flags; nobody else does."""

from __future__ import annotations

from .base import MEMBERS_OF_A, Case, a

MARKER = "Harrow private sign-off justification"


def extend_world(world: dict) -> None:
    """A Harrow self-assessment with a justified flag, whose justification only Harrow may read."""
    from ascent.assessments.models import FlagJustification
    from tests.assurance import world as builders

    framework = builders.framework(
        "matrix-assurance", "MATRIX", builders.CQC_SCALE, [("qs-1", "QS1", "Assessing needs")]
    )
    assessment = builders.assessment(world["harrow"], framework)
    rating = builders.rate(assessment, "qs-1", "2")  # no evidence: flagged
    FlagJustification.objects.create(
        assessment=assessment,
        flag_key=f"assessments.no-evidence:rating:{rating.pk}",
        check_name="assessments.no-evidence",
        reason="A rating is only as good as the evidence behind it.",
        justification=MARKER,
    )


CASES: dict[str, Case] = {
    "assurance:index": Case(get=MEMBERS_OF_A, kwargs=a),
}

A_MARKERS = [MARKER]
