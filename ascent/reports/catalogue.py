"""The reports Ascent can produce, each built once as a neutral document.

Each entry names a builder ``build(organisation, *, user, **options) -> Document``. A report
that takes options (the performance report: as at a period, compared with another) names a
form for them, ``options_form(data, organisation=..., prefix=...)``, whose ``options()`` are
the builder's keyword arguments and ``parameters()`` what a background job stores. Adding a report:
write its builder in ``reports/<name>.py``, add it here, and add its URL cases to the
permission matrix (tests/permission_cases/).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ascent.documents.model import Document

from .forms import PerformanceOptionsForm
from .performance import build_performance
from .profile import build_profile
from .self_assessment import SelfAssessmentOptionsForm, build_self_assessment

FORMATS = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "html": "Web page",
}


@dataclass(frozen=True)
class ReportType:
    slug: str
    title: str
    summary: str
    build: Callable[..., Document]
    formats: tuple[str, ...] = ("pdf", "docx", "html")
    #: The form of the options the report takes when it is requested, or None.
    options_form: type | None = None


REPORTS: dict[str, ReportType] = {
    report.slug: report
    for report in [
        ReportType(
            slug="profile",
            title="Organisation profile",
            summary=(
                "Who the organisation is, its region and comparators, its headline performance and spending, "
                "its members and recent activity."
            ),
            build=build_profile,
            formats=("pdf", "docx", "xlsx", "html"),
        ),
        ReportType(
            slug="performance",
            title="Performance scorecard",
            summary="Indicators with targets, ratings and direction of travel, and the spending trend, "
            "for a board, scrutiny or the region.",
            build=build_performance,
            formats=("pdf", "docx", "xlsx", "html"),
            options_form=PerformanceOptionsForm,
        ),
        ReportType(
            slug="self-assessment",
            title="Self-assessment summary",
            summary="One version of a self-assessment: each rating with its flags and the justifications given at "
            "sign-off, the top risks, the evidence, and for CQC the estimated overall rating.",
            build=build_self_assessment,
            formats=("pdf", "docx", "xlsx", "html"),
            options_form=SelfAssessmentOptionsForm,
        ),
    ]
}
