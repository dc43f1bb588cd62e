"""A small CQC-shaped framework and self-assessment versions in each workflow state, for the
workflow tests and the permission matrix rows of the workflow pages."""

from __future__ import annotations

from django.utils import timezone

from ascent.assessments.models import ElementRating, SelfAssessment, Status
from ascent.assurance.registry import Check, Flag
from ascent.frameworks.models import Element, Framework

SCALE = [
    {"value": "1", "label": "1 – Significant shortfalls", "score": 1, "favourable": False, "colour": "red"},
    {"value": "2", "label": "2 – Some shortfalls", "score": 2, "favourable": False, "colour": "orange"},
    {"value": "3", "label": "3 – Good standard", "score": 3, "favourable": True, "colour": "green"},
    {"value": "4", "label": "4 – Exceptional standard", "score": 4, "favourable": True, "colour": "green"},
]
STATEMENTS = ["Assessing needs", "Partnerships and communities", "Safeguarding"]


def framework(*, slug="cqc-workflow-test", version="2023", previous=None, statements=STATEMENTS) -> Framework:
    built = Framework.objects.create(
        slug=slug,
        name="CQC local authority assessment",
        short_name="CQC",
        version=version,
        rating_scale=SCALE,
        scoring=Framework.Scoring.CQC_LA_2023,
        top_risks=3,
        previous_version=previous,
    )
    theme = Element.objects.create(framework=built, key="theme-1", code="Theme 1", kind="Theme", title="Themes")
    for number, title in enumerate(statements, start=1):
        Element.objects.create(
            framework=built,
            parent=theme,
            key=f"qs-{number}",
            code=f"QS{number}",
            kind="Quality statement",
            title=title,
            is_rated=True,
            depth=1,
            sort_order=number,
        )
    return built


def version(
    organisation,
    built: Framework,
    *,
    period="2024-25",
    number=1,
    status=Status.DRAFT,
    ratings=None,
    shared=False,
    based_on=None,
    by=None,
) -> SelfAssessment:
    """A version with a rating row per rated element; ``ratings`` maps element key → value."""
    now = timezone.now()
    assessment = SelfAssessment(organisation=organisation, framework=built, version=number, status=status)
    assessment.set_period(period)
    assessment.based_on = based_on
    if status in (Status.SUBMITTED, Status.SIGNED_OFF):
        assessment.submitted_at, assessment.submitted_by = now, by
    if status == Status.SIGNED_OFF:
        assessment.signed_off_at, assessment.signed_off_by = now, by
        if shared:
            assessment.shared_at, assessment.shared_by = now, by
    assessment.save()
    ratings = ratings or {}
    for element in built.elements.filter(is_rated=True).order_by("sort_order"):
        ElementRating.objects.create(assessment=assessment, element=element, rating=ratings.get(element.key, ""))
    return assessment


def all_rated(built: Framework, value="3") -> dict[str, str]:
    return dict.fromkeys(built.elements.filter(is_rated=True).values_list("key", flat=True), value)


CHECK = Check(
    name="assessments.test-over-red",
    title="Favourable rating over red indicators",
    reason="A rating that says things go well should not sit on indicators that are off target.",
    app="assessments",
    function=lambda *args: None,
)


def flag(rating: ElementRating, *, justification="", url="") -> Flag:
    return Flag(
        check=CHECK,
        key=f"{CHECK.name}:rating:{rating.pk}",
        detail=f"Rated {rating.rating} while 2 of 2 linked indicators are red",
        subject=f"{rating.element.label}, version {rating.assessment.version}",
        element_id=rating.element_id,
        justification=justification,
        url=url,
    )
