"""The life of a self-assessment version: draft → submitted → signed off → shared.

Who may do what (the permissions are named in :data:`PERMISSIONS`):

- a **contributor** (or above) submits a draft for sign-off, once every rated element has
  a rating;
- an **editor** returns a submitted version to draft, with a reason, and starts a new
  version from a signed-off one (a deep copy: ratings, narratives, owners, linked
  indicators, evidence files and top risks);
- an **admin of the council** signs off a submitted version, giving a written justification
  for every open assurance flag (kept as :class:`~.models.FlagJustification` rows with the
  sign-off), and shares a signed-off version with the region or withdraws sharing.

A signed-off version is locked: :func:`ensure_editable` refuses every change to it (and to a
submitted one, which waits for sign-off). Every change here runs in one transaction and is
recorded in the history with the person who made it.

The functions check the person's permission themselves (:class:`WorkflowError` otherwise),
so commands and tests get the same answers as the pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ascent.frameworks import scoring
from ascent.frameworks.models import Element, Framework

from .models import (
    ElementRating,
    FlagJustification,
    RatingEvidence,
    RatingIndicator,
    SelfAssessment,
    Status,
    TopRisk,
)

VIEW = "assessments.view_selfassessment"
SUBMIT = "assessments.submit_selfassessment"
RETURN = "assessments.return_selfassessment"
SIGN_OFF = "assessments.sign_off_selfassessment"
SHARE = "assessments.share_selfassessment"
NEW_VERSION = "assessments.new_version_selfassessment"

# Every permission named here is defined in ascent/assessments/rules.py, the one place the
# app's rules live (rules are autodiscovered at start-up, whatever imports this module).

MAX_REASON = 2000
MAX_JUSTIFICATION = 4000


class WorkflowError(ValidationError):
    """A step the version's status or the person's role does not allow, with a message to show."""


class LockedError(WorkflowError):
    """A change to a version that is submitted or signed off."""


def status_phrase(assessment) -> str:
    """Where a version stands, to follow "Version 2 is": "a draft", "submitted for sign-off", "signed off"."""
    if assessment.status == Status.DRAFT:
        return "a draft"
    return assessment.get_status_display().lower()


def ensure_editable(assessment: SelfAssessment) -> None:
    """Refuse any change to a version that is not a draft: every write of the pages calls this.

    A signed-off version is locked for good (start a new version to change it); a submitted
    one waits for sign-off (an editor can return it to draft).
    """
    if assessment.status == Status.SIGNED_OFF:
        raise LockedError(
            f"Version {assessment.version} is signed off and cannot change. Start a new version to make changes.",
            code="locked",
        )
    if assessment.status == Status.SUBMITTED:
        raise LockedError(
            f"Version {assessment.version} has been submitted for sign-off and cannot change. "
            "An editor can return it to draft.",
            code="submitted",
        )


def _require(user, perm: str, assessment: SelfAssessment, doing: str) -> None:
    if user is None or not user.has_perm(perm, assessment):
        raise WorkflowError(f"You do not have permission to {doing}.", code="permission")


def _lock(assessment: SelfAssessment) -> SelfAssessment:
    """Re-read the row under a lock, so two people acting at once cannot both pass a check."""
    current = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    for name in ("status", "submitted_at", "submitted_by_id", "signed_off_at", "signed_off_by_id"):
        setattr(assessment, name, getattr(current, name))
    for name in ("sign_off_note", "shared_at", "shared_by_id"):
        setattr(assessment, name, getattr(current, name))
    return assessment


def _when(at):
    """A past moment being recorded (never later than now), or now."""
    now = timezone.now()
    return min(at, now) if at is not None else now


def _save(assessment: SelfAssessment, user, reason: str, fields: list[str], *, at=None) -> None:
    assessment._history_user = user
    assessment._change_reason = reason
    if at is not None:
        assessment._history_date = _when(at)  # the history says when it happened, not when it was recorded
    try:
        assessment.save(update_fields=fields)
    finally:
        assessment.__dict__.pop("_history_date", None)


# ----- what is missing before submitting ---------------------------------------------------


def rated_elements(framework: Framework) -> list[Element]:
    return list(Element.objects.filter(framework=framework, is_rated=True).order_by("sort_order"))


def unrated_elements(assessment: SelfAssessment) -> list[Element]:
    """The rated elements of the framework with no rating (or one not on the scale) in this version."""
    valid = {level.value for level in assessment.framework.scale}
    rated_ids = {
        element_id
        for element_id, value in ElementRating.objects.filter(assessment=assessment).values_list("element_id", "rating")
        if value in valid
    }
    return [element for element in rated_elements(assessment.framework) if element.pk not in rated_ids]


# ----- transitions -----------------------------------------------------------------------


@transaction.atomic
def submit(assessment: SelfAssessment, *, by) -> SelfAssessment:
    """Draft → submitted. Every rated element must have a rating on the framework's scale."""
    _require(by, SUBMIT, assessment, "submit this self-assessment")
    _lock(assessment)
    if assessment.status != Status.DRAFT:
        raise WorkflowError(
            f"Version {assessment.version} is {status_phrase(assessment)}: only a draft can be submitted.",
            code="status",
        )
    missing = unrated_elements(assessment)
    if missing:
        names = ", ".join(element.label for element in missing)
        raise WorkflowError(
            f"Rate every element before submitting. {len(missing)} not rated yet: {names}.", code="unrated"
        )
    assessment.status = Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    _save(assessment, by, "Submitted for sign-off", ["status", "submitted_at", "submitted_by"])
    return assessment


@transaction.atomic
def return_to_draft(assessment: SelfAssessment, *, by, reason: str) -> SelfAssessment:
    """Submitted → draft, with the reason recorded in the history (the Activity page shows it)."""
    _require(by, RETURN, assessment, "return this self-assessment to draft")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError({"reason": "Enter why you are returning it to draft"}, code="required")
    if len(reason) > MAX_REASON:
        raise WorkflowError({"reason": f"The reason must be {MAX_REASON} characters or fewer"}, code="max_length")
    _lock(assessment)
    if assessment.status != Status.SUBMITTED:
        raise WorkflowError(
            f"Version {assessment.version} is {status_phrase(assessment)}: "
            "only a submitted version can be returned to draft.",
            code="status",
        )
    assessment.status = Status.DRAFT
    assessment.submitted_at = None
    assessment.submitted_by = None
    _save(assessment, by, f"Returned to draft: {reason}"[:100], ["status", "submitted_at", "submitted_by"])
    return assessment


def _flags_for(assessment: SelfAssessment) -> list:
    # Imported here: the flags module (part of the assurance work) gathers facts across apps.
    from . import flags

    return flags.flags_for(assessment)


def open_flags(assessment: SelfAssessment) -> list:
    """The flags that need a justification before sign-off (those not yet justified).

    On a signed-off version these are the ones raised after its sign-off (``after_sign_off``):
    they are answered in a new version, never added to the locked one.
    """
    return [flag for flag in _flags_for(assessment) if not flag.is_justified]


def field_name(flag_key: str) -> str:
    """A form field name for a flag's justification: its key with anything but letters and digits as hyphens."""
    return "justify-" + re.sub(r"[^a-z0-9]+", "-", flag_key.lower()).strip("-")


def _record_justifications(assessment: SelfAssessment, rows: list[FlagJustification], *, by) -> list[FlagJustification]:
    """Save sign-off justifications: the only writer of them, called by :func:`sign_off` alone.

    Refuses (:class:`LockedError`) unless the version, read under a lock in the caller's
    transaction, is still submitted: a signed-off version never gains a justification
    afterwards. A flag raised after sign-off is answered in a new version.
    """
    if not transaction.get_connection().in_atomic_block:
        raise WorkflowError("Justifications are saved only with the sign-off, in its transaction.", code="atomic")
    current = SelfAssessment.objects.select_for_update().values_list("status", flat=True).get(pk=assessment.pk)
    if current != Status.SUBMITTED:
        raise LockedError(
            f"Version {assessment.version} is {Status(current).label.lower()}: justifications are written only "
            "when a submitted version is signed off.",
            code="locked" if current == Status.SIGNED_OFF else "status",
        )
    already = set(FlagJustification.objects.filter(assessment=assessment).values_list("flag_key", flat=True))
    rows = [row for row in rows if row.flag_key not in already]
    if rows:
        bulk_create_with_history(rows, FlagJustification, default_user=by, default_change_reason="Signed off")
    return rows


@transaction.atomic
def sign_off(
    assessment: SelfAssessment, *, by, justifications: Mapping[str, str], note: str = "", at=None
) -> list[FlagJustification]:
    """Submitted → signed off, by an admin of the council.

    ``justifications`` maps each open flag's key to the written reason for signing off over
    it. Every open flag at this moment needs one: a missing one is an error naming the flag
    (keyed by :func:`field_name` of the flag, so a form can show it beside its box), and
    nothing is saved. The justifications are saved with the sign-off in one transaction.
    ``at`` is when it was signed off, for a past sign-off being recorded (the demo); else now.
    """
    _require(by, SIGN_OFF, assessment, "sign off this self-assessment")
    note = (note or "").strip()
    _lock(assessment)
    if assessment.status != Status.SUBMITTED:
        raise WorkflowError(
            f"Version {assessment.version} is {status_phrase(assessment)}: only a submitted version can be signed off.",
            code="status",
        )
    flags = open_flags(assessment)
    errors: dict[str, str] = {}
    rows = []
    for flag in flags:
        text = (justifications.get(flag.key) or "").strip()
        if not text:
            errors[field_name(flag.key)] = f"Enter why you are signing off over “{flag.check.title}” on {flag.subject}"
        elif len(text) > MAX_JUSTIFICATION:
            errors[field_name(flag.key)] = (
                f"The justification for “{flag.check.title}” on {flag.subject} must be "
                f"{MAX_JUSTIFICATION} characters or fewer"
            )
        else:
            rows.append(
                FlagJustification(
                    assessment=assessment,
                    flag_key=flag.key[:200],
                    check_name=flag.check.name[:80],
                    reason=f"{flag.check.reason} {flag.detail}".strip(),
                    justification=text,
                    created_by=by,
                )
            )
    if errors:
        raise WorkflowError(errors, code="justification")
    rows = _record_justifications(assessment, rows, by=by)
    assessment.status = Status.SIGNED_OFF
    assessment.signed_off_at = _when(at)
    assessment.signed_off_by = by
    assessment.sign_off_note = note
    _save(assessment, by, "Signed off", ["status", "signed_off_at", "signed_off_by", "sign_off_note"], at=at)
    return rows


@transaction.atomic
def share(assessment: SelfAssessment, *, by, at=None) -> SelfAssessment:
    """Share a signed-off version with the council's region (its regional lead sees it); ``at`` as for sign-off."""
    _require(by, SHARE, assessment, "share this self-assessment")
    _lock(assessment)
    if assessment.status != Status.SIGNED_OFF:
        raise WorkflowError("Only a signed-off version can be shared with the region.", code="status")
    if assessment.shared_at is not None:
        raise WorkflowError("This version is already shared with the region.", code="shared")
    assessment.shared_at = _when(at)
    assessment.shared_by = by
    _save(assessment, by, "Shared with the region", ["shared_at", "shared_by"], at=at)
    return assessment


@transaction.atomic
def unshare(assessment: SelfAssessment, *, by) -> SelfAssessment:
    """Withdraw sharing: the region no longer sees this version. The history keeps who and when."""
    _require(by, SHARE, assessment, "withdraw sharing of this self-assessment")
    _lock(assessment)
    if assessment.shared_at is None:
        raise WorkflowError("This version is not shared with the region.", code="not_shared")
    assessment.shared_at = None
    assessment.shared_by = None
    _save(assessment, by, "Sharing with the region withdrawn", ["shared_at", "shared_by"])
    return assessment


def newest_framework(framework: Framework) -> Framework:
    """The newest version of a framework (following ``superseded_by``)."""
    current = framework
    seen = {current.pk}
    while True:
        following = Framework.objects.filter(previous_version=current).first()
        if following is None or following.pk in seen:
            return current
        seen.add(following.pk)
        current = following


@transaction.atomic
def start_new_version(assessment: SelfAssessment, *, by) -> SelfAssessment:
    """A new draft version copied from a signed-off one: ``version + 1``, ``based_on`` it.

    Copies every rating with its narrative, strengths, areas for development and owner, its
    linked indicators and evidence files, and the top risks. If the framework has a newer
    version, the copy uses it, matching elements by their stable key; ratings of elements the
    newer version dropped are not copied, and its new rated elements start unrated.
    A version has at most one successor: a second attempt is refused.
    """
    _require(by, NEW_VERSION, assessment, "start a new version of this self-assessment")
    _lock(assessment)
    if assessment.status != Status.SIGNED_OFF:
        raise WorkflowError(
            "A new version starts from a signed-off one. This version is still "
            f"{assessment.get_status_display().lower()}: change it instead.",
            code="status",
        )
    successor = SelfAssessment.objects.filter(based_on=assessment).first()
    if successor is not None:
        raise WorkflowError(
            f"Version {successor.version} has already been started from version {assessment.version}. "
            "Work on that one instead.",
            code="has_successor",
        )
    family = SelfAssessment.objects.filter(
        organisation_id=assessment.organisation_id,
        framework__slug=assessment.framework.slug,
        framework__organisation_id=assessment.framework.organisation_id,
        period_code=assessment.period_code,
    )
    highest = max(family.values_list("version", flat=True), default=assessment.version)
    framework = newest_framework(assessment.framework)
    copy = SelfAssessment(
        organisation_id=assessment.organisation_id,
        framework=framework,
        version=highest + 1,
        based_on=assessment,
        status=Status.DRAFT,
        period_kind=assessment.period_kind,
        period_code=assessment.period_code,
        period_start=assessment.period_start,
        period_end=assessment.period_end,
        created_by=by,
    )
    copy._history_user = by
    copy._change_reason = f"Started from version {assessment.version}"
    copy.save()

    same_framework = framework.pk == assessment.framework_id
    target_by_key = {} if same_framework else {e.key: e for e in Element.objects.filter(framework=framework)}
    old_ratings = list(
        ElementRating.objects.filter(assessment=assessment)
        .select_related("element")
        .prefetch_related("indicator_links", "evidence_links")
    )
    new_ratings: list[ElementRating] = []
    kept: list[ElementRating] = []
    for old in old_ratings:
        element = old.element if same_framework else target_by_key.get(old.element.key)
        if element is None:
            continue
        kept.append(old)
        new_ratings.append(
            ElementRating(
                assessment=copy,
                element=element,
                rating=old.rating,
                narrative=old.narrative,
                strengths=old.strengths,
                areas_for_development=old.areas_for_development,
                owner_id=old.owner_id,
            )
        )
    covered = {rating.element.pk for rating in new_ratings}
    new_ratings.extend(
        ElementRating(assessment=copy, element=element)
        for element in rated_elements(framework)
        if element.pk not in covered
    )
    reason = f"Copied from version {assessment.version}"
    created = bulk_create_with_history(new_ratings, ElementRating, default_user=by, default_change_reason=reason)
    if not all(r.pk for r in created):  # backends that do not return keys from a bulk insert
        created = list(ElementRating.objects.filter(assessment=copy))
    new_by_element = {rating.element_id: rating for rating in created}

    indicator_links, evidence_links = [], []
    for old in kept:
        element_id = old.element_id if same_framework else target_by_key[old.element.key].pk
        new = new_by_element[element_id]
        indicator_links += [RatingIndicator(rating=new, indicator_id=x.indicator_id) for x in old.indicator_links.all()]
        evidence_links += [RatingEvidence(rating=new, evidence_id=li.evidence_id) for li in old.evidence_links.all()]
    if indicator_links:
        bulk_create_with_history(indicator_links, RatingIndicator, default_user=by, default_change_reason=reason)
    if evidence_links:
        bulk_create_with_history(evidence_links, RatingEvidence, default_user=by, default_change_reason=reason)

    risks = []
    for risk in TopRisk.objects.filter(assessment=assessment).select_related("element"):
        element_id = risk.element_id
        if risk.element_id is not None and not same_framework:
            target = target_by_key.get(risk.element.key)
            element_id = target.pk if target else None
        risks.append(
            TopRisk(assessment=copy, rank=risk.rank, risk=risk.risk, mitigation=risk.mitigation, element_id=element_id)
        )
    if risks:
        bulk_create_with_history(risks, TopRisk, default_user=by, default_change_reason=reason)
    return copy


# ----- what a person may do now ------------------------------------------------------------


@dataclass(frozen=True)
class Actions:
    """The workflow steps open to one person on one version, for the buttons on its summary."""

    submit: bool = False
    return_to_draft: bool = False
    sign_off: bool = False
    share: bool = False
    unshare: bool = False
    new_version: bool = False

    @property
    def any(self) -> bool:
        return any((self.submit, self.return_to_draft, self.sign_off, self.share, self.unshare, self.new_version))


def available_actions(assessment: SelfAssessment, user) -> Actions:
    """Which steps the person may take now: their role and the version's status both count.

    Starting a new version is offered only on a signed-off version with no successor; call
    with ``next_version`` already known (``select_related``) to save a query.
    """
    status = assessment.status
    if status == Status.SIGNED_OFF:
        try:
            has_successor = assessment.next_version is not None
        except SelfAssessment.DoesNotExist:
            has_successor = False
    else:
        has_successor = True
    return Actions(
        submit=status == Status.DRAFT and user.has_perm(SUBMIT, assessment),
        return_to_draft=status == Status.SUBMITTED and user.has_perm(RETURN, assessment),
        sign_off=status == Status.SUBMITTED and user.has_perm(SIGN_OFF, assessment),
        share=status == Status.SIGNED_OFF and assessment.shared_at is None and user.has_perm(SHARE, assessment),
        unshare=assessment.shared_at is not None and user.has_perm(SHARE, assessment),
        new_version=status == Status.SIGNED_OFF and not has_successor and user.has_perm(NEW_VERSION, assessment),
    )


# ----- the CQC estimate ---------------------------------------------------------------------


def cqc_estimate(assessment: SelfAssessment, ratings=None) -> scoring.Estimate | None:
    """The CQC estimate for a version of a framework scored by CQC's method, else None.

    ``ratings`` are the version's ElementRating rows if the caller has them (one query saved).
    Each rated element counts once: its score is the scale level's score (1–4), or none yet.
    """
    framework = assessment.framework
    if framework.scoring != Framework.Scoring.CQC_LA_2023:
        return None
    if ratings is None:
        ratings = ElementRating.objects.filter(assessment=assessment)
    by_element = {rating.element_id: rating.rating for rating in ratings}
    scores: dict[str, int | None] = {}
    for element in rated_elements(framework):
        level = framework.level(by_element.get(element.pk, ""))
        scores[element.label] = level.score if level is not None else None
    return scoring.estimate(scores)
