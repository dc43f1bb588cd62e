"""Changes to a council's self-assessments: starting one, rating elements, linking evidence,
naming top risks.

Views, commands and the demo call these. Each runs in one transaction, records the acting
person (``by``) in the history, and refuses:

- a version that may no longer change (anything but a draft:
  :func:`ascent.assessments.workflow.ensure_editable`), with a message saying why and what to
  do instead;
- a rating value that is not on the framework's scale;
- an element of another framework, an indicator or evidence file the council may not use,
  an owner who is not a member of the council.

A refusal is a :class:`~django.core.exceptions.ValidationError` whose messages name the
field they are about, so a form can show each beside its field. Nothing is saved when any
check fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ascent.core.periods import Period
from ascent.evidence.models import EvidenceFile
from ascent.frameworks.models import Element, Framework
from ascent.indicators.models import Indicator
from ascent.organisations.models import Membership

from .models import ElementRating, RatingEvidence, RatingIndicator, SelfAssessment, TopRisk
from .workflow import ensure_editable


def _locked_for_change(assessment: SelfAssessment) -> SelfAssessment:
    """Lock the assessment's row for the transaction and check it may still change.

    Reading the status under the lock means a sign-off that commits first is seen here, so
    a change never lands in a version that was signed off a moment before.
    """
    current = SelfAssessment.objects.select_for_update().only("id", "status", "version").get(pk=assessment.pk)
    assessment.status = current.status
    ensure_editable(assessment)
    return assessment


# ----- starting a self-assessment --------------------------------------------------------


def frameworks_for(organisation):
    """The frameworks a council may assess itself against: shipped ones and its own, newest versions."""
    return Framework.objects.in_organisation(organisation).current().order_by("name", "version")


@transaction.atomic
def create_self_assessment(organisation, *, framework: Framework, period: Period, by) -> SelfAssessment:
    """Start version 1 of a self-assessment, with an empty rating for every rated element."""
    if framework.organisation_id not in (None, organisation.pk):
        raise ValidationError({"framework": f"Choose a framework {organisation} can use"})
    existing = (
        SelfAssessment.objects.in_organisation(organisation)
        .filter(
            framework__slug=framework.slug,
            framework__organisation_id=framework.organisation_id,
            period_code=period.code,
        )
        .exists()
    )
    if existing:
        raise ValidationError(
            {
                "period": f"{organisation} already has a self-assessment against {framework.name} for "
                f"{period.label}: open it from the list, or choose another period"
            }
        )
    elements = list(framework.elements.filter(is_rated=True).order_by("sort_order"))
    if not elements:
        raise ValidationError({"framework": f"{framework.name} has no elements to rate"})
    assessment = SelfAssessment(organisation=organisation, framework=framework, version=1, created_by=by)
    assessment.set_period(period)
    assessment._history_user = by
    assessment.save()
    bulk_create_with_history(
        [ElementRating(assessment=assessment, element=element) for element in elements],
        ElementRating,
        default_user=by,
    )
    return assessment


# ----- rating one element ----------------------------------------------------------------


def _check_element(assessment: SelfAssessment, element: Element) -> None:
    if element.framework_id != assessment.framework_id:
        raise ValidationError({"element": f"{element} is not an element of {assessment.framework.name}"})


def _check_owner(organisation, owner) -> None:
    if owner is None:
        return
    if not Membership.objects.filter(organisation=organisation, user=owner).exists():
        raise ValidationError({"owner": f"Choose an owner who is a member of {organisation}"})


@transaction.atomic
def save_rating(
    rating: ElementRating,
    *,
    by,
    rating_value: str,
    narrative: str = "",
    strengths: str = "",
    areas_for_development: str = "",
    owner=None,
) -> ElementRating:
    """Save an element's rating (a value of the framework's scale, or "" for not rated yet) and its text."""
    assessment = _locked_for_change(rating.assessment)
    framework = assessment.framework
    _check_element(assessment, rating.element)
    problems = {}
    if rating_value and framework.level(rating_value) is None:
        values = ", ".join(level.label for level in framework.scale)
        problems["rating"] = f"Choose a rating from the {framework.name} scale: {values}"
    try:
        _check_owner(assessment.organisation, owner)
    except ValidationError as error:
        problems.update(error.message_dict)
    if problems:
        raise ValidationError(problems)
    rating.rating = rating_value
    rating.narrative = narrative.strip()
    rating.strengths = strengths.strip()
    rating.areas_for_development = areas_for_development.strip()
    rating.owner = owner
    rating._history_user = by
    rating.save()
    return rating


# ----- evidence: indicators and files ----------------------------------------------------


@transaction.atomic
def link_indicator(rating: ElementRating, indicator: Indicator, *, by) -> RatingIndicator:
    """Link an indicator to a rating as evidence; its values come from the indicator store."""
    assessment = _locked_for_change(rating.assessment)
    organisation = assessment.organisation
    if indicator.organisation_id not in (None, organisation.pk):
        raise ValidationError({"indicator": f"Choose an indicator {organisation} can use"})
    if RatingIndicator.objects.filter(rating=rating, indicator=indicator).exists():
        raise ValidationError({"indicator": f"{indicator.code} is already linked to {rating.element.label}"})
    link = RatingIndicator(rating=rating, indicator=indicator)
    link._history_user = by
    link.save()
    return link


@transaction.atomic
def unlink_indicator(link: RatingIndicator, *, by) -> None:
    _locked_for_change(link.rating.assessment)
    link._history_user = by
    link.delete()


@transaction.atomic
def attach_evidence(rating: ElementRating, evidence: EvidenceFile, *, by) -> RatingEvidence:
    """Attach one of the council's evidence files to a rating (a file may back several ratings)."""
    assessment = _locked_for_change(rating.assessment)
    if evidence.organisation_id != assessment.organisation_id:
        raise ValidationError({"evidence": f"Choose an evidence file of {assessment.organisation}"})
    if RatingEvidence.objects.filter(rating=rating, evidence=evidence).exists():
        raise ValidationError({"evidence": f"“{evidence.title}” is already attached to {rating.element.label}"})
    link = RatingEvidence(rating=rating, evidence=evidence)
    link._history_user = by
    link.save()
    return link


@transaction.atomic
def upload_evidence(
    rating: ElementRating,
    *,
    by,
    uploaded_file,
    title: str,
    kind: str,
    evidence_date: dt.date,
    description: str = "",
) -> RatingEvidence:
    """Store a new evidence file for the council (ascent.evidence checks it) and attach it to the rating.

    The version is checked first, so a locked version never stores a file it cannot use.
    """
    assessment = _locked_for_change(rating.assessment)
    from ascent.evidence.actions import store_evidence_file  # ascent.evidence checks type, size and scan

    evidence = store_evidence_file(
        assessment.organisation,
        by,
        uploaded_file,
        title=title,
        kind=kind,
        evidence_date=evidence_date,
        description=description,
    )
    link = RatingEvidence(rating=rating, evidence=evidence)
    link._history_user = by
    link.save()
    return link


@transaction.atomic
def detach_evidence(link: RatingEvidence, *, by) -> None:
    """Take an evidence file off a rating; the file itself stays in the council's evidence."""
    _locked_for_change(link.rating.assessment)
    link._history_user = by
    link.delete()


# ----- top risks -------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskEntry:
    """One row of the top risks form: the risk, how it is mitigated, and the element it is about."""

    risk: str = ""
    mitigation: str = ""
    element: Element | None = None

    @property
    def is_blank(self) -> bool:
        return not (self.risk.strip() or self.mitigation.strip() or self.element)


@transaction.atomic
def save_top_risks(assessment: SelfAssessment, entries: Sequence[RiskEntry], *, by) -> list[TopRisk]:
    """Replace the assessment's top risks with ``entries`` in order (blank rows are dropped).

    A named risk needs its mitigation, as a mitigation needs its risk.
    Problems are keyed ``risk_<n>``, ``mitigation_<n>``, ``element_<n>`` (n counting from 1), or ``__all__``.
    """
    assessment = _locked_for_change(assessment)
    framework = assessment.framework
    problems: dict[str, str] = {}
    if not framework.top_risks:
        raise ValidationError(f"{framework.name} does not ask for top risks")
    kept: list[tuple[int, RiskEntry]] = []
    for number, entry in enumerate(entries, start=1):
        if entry.is_blank:
            continue
        if not entry.risk.strip():
            problems[f"risk_{number}"] = f"Enter risk {number}, or clear its mitigation and element"
        elif not entry.mitigation.strip():
            problems[f"mitigation_{number}"] = f"Enter how risk {number} is being mitigated"
        if entry.element is not None and entry.element.framework_id != framework.pk:
            problems[f"element_{number}"] = f"Choose an element of {framework.name} for risk {number}"
        kept.append((number, entry))
    if len(kept) > framework.top_risks:
        problems["__all__"] = f"Name no more than {framework.top_risks} top risks"
    if problems:
        raise ValidationError(problems)
    existing = {risk.rank: risk for risk in TopRisk.objects.filter(assessment=assessment)}
    saved = []
    for rank, (_, entry) in enumerate(kept, start=1):
        risk = existing.pop(rank, None) or TopRisk(assessment=assessment, rank=rank)
        values = (entry.risk.strip(), entry.mitigation.strip(), entry.element.pk if entry.element else None)
        if risk.pk is None or (risk.risk, risk.mitigation, risk.element_id) != values:
            risk.risk, risk.mitigation, risk.element_id = values
            risk._history_user = by
            risk.save()
        saved.append(risk)
    for risk in existing.values():
        risk._history_user = by
        risk.delete()
    return saved
