"""A self-assessment read as a whole: its ratings in the framework's order, risks and sign-off.

Used where a version is shown read only (the regional view) and by the reports. A fixed
number of queries whatever the number of elements: the elements, the ratings, the linked
indicators, the attached files, the top risks and the justifications.

Each justification given at sign-off is read with what it is about (:class:`SignedOffChallenge`):
the element, found through the rating id in its flag key ("<check>:rating:<ElementRating id>"),
and the check's title (or its stored name, for a check no longer run); each rated row carries
its own, to show beside its rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ascent.assurance.registry import get_check
from ascent.evidence.models import EvidenceKind
from ascent.frameworks.models import Element, ScaleLevel

from .models import ElementRating, FlagJustification, RatingEvidence, RatingIndicator, SelfAssessment, TopRisk


@dataclass
class SignedOffChallenge:
    """A justification given at sign-off, with the element and the check it answers."""

    justification: FlagJustification
    #: The element's label ("D1 Leadership and governance"), or "" when the flag was about no
    #: rating of this version (or its key is not one the flags module makes).
    element_label: str
    #: The check's title, or a plain note naming a check that is no longer run.
    check_title: str

    @property
    def reason(self) -> str:
        """The flag's reason as it read at sign-off."""
        return self.justification.reason

    @property
    def text(self) -> str:
        return self.justification.justification


def _rating_id(flag_key: str) -> int | None:
    """The ElementRating id in a flag key "<check>:rating:<id>", or None."""
    _, sep, tail = flag_key.rpartition(":rating:")
    return int(tail) if sep and tail.isdigit() else None


def _check_title(check_name: str) -> str:
    try:
        return get_check(check_name).title
    except LookupError:
        return f"A check no longer run ({check_name})"


@dataclass
class SummaryRow:
    element: Element
    rating: ElementRating | None  # None for an element that is not rated (a theme, a heading)
    level: ScaleLevel | None = None
    indicators: list = field(default_factory=list)  # Indicator rows linked as evidence
    evidence: list = field(default_factory=list)  # EvidenceFile rows attached
    challenges: list[SignedOffChallenge] = field(default_factory=list)  # justified at sign-off

    #: How a linked indicator is described beside its code: it is evidence of the kind "Data".
    indicator_kind_label = EvidenceKind.DATA.label

    @property
    def is_heading(self) -> bool:
        return not self.element.is_rated

    @property
    def rating_label(self) -> str:
        return self.level.label if self.level else "Not rated"

    @property
    def tag_class(self) -> str:
        return self.level.tag_class if self.level else "govuk-tag govuk-tag--grey"


@dataclass
class AssessmentSummary:
    assessment: SelfAssessment
    rows: list[SummaryRow]
    top_risks: list[TopRisk]
    justifications: list[FlagJustification]
    #: The same justifications, each with its element and check, in the order given.
    challenges: list[SignedOffChallenge] = field(default_factory=list)

    @property
    def rated_rows(self) -> list[SummaryRow]:
        return [row for row in self.rows if not row.is_heading]

    @property
    def completed(self) -> int:
        """Rated elements with both a rating and a narrative."""
        return sum(1 for row in self.rated_rows if row.rating and row.rating.rating and row.rating.narrative.strip())


def assessment_summary(assessment: SelfAssessment) -> AssessmentSummary:
    framework = assessment.framework
    elements = list(Element.objects.filter(framework=framework).order_by("sort_order"))
    ratings = {
        rating.element_id: rating
        for rating in ElementRating.objects.filter(assessment=assessment).select_related("owner")
    }
    indicators: dict[int, list] = {}
    for link in RatingIndicator.objects.filter(rating__assessment=assessment).select_related("indicator"):
        indicators.setdefault(link.rating_id, []).append(link.indicator)
    evidence: dict[int, list] = {}
    for link in RatingEvidence.objects.filter(rating__assessment=assessment).select_related("evidence"):
        evidence.setdefault(link.rating_id, []).append(link.evidence)
    labels = {element.pk: element.label for element in elements}
    by_rating = {rating.pk: rating for rating in ratings.values()}
    justifications = list(FlagJustification.objects.filter(assessment=assessment).select_related("created_by"))
    challenges: list[SignedOffChallenge] = []
    by_rating_challenges: dict[int, list[SignedOffChallenge]] = {}
    for item in justifications:
        rating = by_rating.get(_rating_id(item.flag_key))
        challenge = SignedOffChallenge(
            justification=item,
            element_label=labels.get(rating.element_id, "") if rating else "",
            check_title=_check_title(item.check_name),
        )
        challenges.append(challenge)
        if rating is not None:
            by_rating_challenges.setdefault(rating.pk, []).append(challenge)
    rows = []
    for element in elements:
        rating = ratings.get(element.pk)
        if not element.is_rated and rating is None and element.depth > 1:
            continue  # prompts and areas to consider are read on the framework's page
        rows.append(
            SummaryRow(
                element=element,
                rating=rating,
                level=framework.level(rating.rating) if rating and rating.rating else None,
                indicators=indicators.get(rating.pk, []) if rating else [],
                evidence=evidence.get(rating.pk, []) if rating else [],
                challenges=by_rating_challenges.get(rating.pk, []) if rating else [],
            )
        )
    return AssessmentSummary(
        assessment=assessment,
        rows=rows,
        top_risks=list(TopRisk.objects.filter(assessment=assessment).select_related("element")),
        justifications=justifications,
        challenges=challenges,
    )
