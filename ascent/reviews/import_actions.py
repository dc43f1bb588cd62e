"""Bringing in a past letter: start, correct, accept (the one step that saves a review), undo.

:func:`start` keeps what was read and proposed on a :class:`~.models.LetterImport`, and
nothing else: no review, finding or recommendation exists until a person has checked the
proposal and :func:`accept` creates them all in one transaction. :func:`undo` deletes what
the import created, but only while nobody has changed it or added to the review since
(:func:`changes_since`): a person's later work is never discarded without them knowing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import letter_import
from .models import (
    DevelopmentLabel,
    FieldworkActivity,
    Finding,
    FindingKind,
    FindingStatus,
    Kind,
    LetterImport,
    LetterVersion,
    LibraryItem,
    PersonMet,
    Recommendation,
    RecommendationKind,
    Review,
    ReviewIndicator,
    ScopeItem,
    Stage,
    TeamMember,
    TeamNote,
    TeamRole,
)

#: The largest text kept from a letter (a 200-page report is about a million characters).
MAX_TEXT = 2_000_000


def start(organisation, *, by, source: bytes | str, source_name: str) -> LetterImport:
    """Read a letter and keep the proposal (nothing of the review is saved yet)."""
    try:
        kind, text = letter_import.read(source)
    except letter_import.LetterReadError as error:
        raise ValidationError({"file": str(error)}) from None
    if not text.strip():
        field = "text" if isinstance(source, str) else "file"
        raise ValidationError({field: "No text could be read from the letter"})
    if len(text) > MAX_TEXT:
        raise ValidationError({"file": "The letter is too long to bring in: split it into parts"})
    proposal = letter_import.propose(text)
    with transaction.atomic():
        record = LetterImport(
            organisation=organisation,
            source_name=(source_name or "Pasted text")[:255],
            source_kind=kind,
            text=text,
            proposal=proposal,
            created_by=by,
        )
        record._history_user = by
        record.save()
    return record


def save_corrections(record: LetterImport, proposal: dict, *, by) -> LetterImport:
    """Keep a person's corrections to the proposal (still nothing of the review saved)."""
    if record.status == LetterImport.Status.ACCEPTED:
        raise ValidationError("This letter has already been accepted: change the review itself instead")
    with transaction.atomic():
        record.proposal = proposal
        record._history_user = by
        record.save(update_fields=["proposal", "updated_at"])
    return record


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _check(proposal: dict) -> None:
    review = proposal.get("review", {})
    errors = {}
    if not (review.get("title") or "").strip():
        errors["title"] = "Enter the review's title"
    if review.get("kind") not in Kind.values:
        errors["kind"] = "Select what kind of review it was"
    if review.get("stage") not in Stage.values:
        errors["stage"] = "Select the stage the review is at"
    try:
        first, last = _date(review.get("on_site_from")), _date(review.get("on_site_to"))
    except ValueError:
        errors["on_site_from"] = "Dates on site must be real dates"
    else:
        if first and last and last < first:
            errors["on_site_to"] = "Last day on site must be on or after the first day"
    for index, finding in enumerate(proposal.get("findings", [])):
        if finding.get("kind") not in FindingKind.values:
            errors[f"findings_{index}_kind"] = f"Finding {index + 1}: select its kind"
        if not (finding.get("text") or "").strip():
            errors[f"findings_{index}_text"] = f"Finding {index + 1}: enter its text, or leave it out"
    for index, item in enumerate(proposal.get("recommendations", [])):
        if item.get("kind") not in RecommendationKind.values:
            errors[f"recommendations_{index}_kind"] = f"Recommendation {index + 1}: select its kind"
        if not (item.get("text") or "").strip():
            errors[f"recommendations_{index}_text"] = f"Recommendation {index + 1}: enter its text, or leave it out"
    for index, member in enumerate(proposal.get("team", [])):
        if not (member.get("name") or "").strip():
            errors[f"team_{index}_name"] = f"Team member {index + 1}: enter their name, or leave them out"
        if member.get("role") not in TeamRole.values:
            errors[f"team_{index}_role"] = f"Team member {index + 1}: select their role"
    if errors:
        raise ValidationError(errors)


def accept(record: LetterImport, *, by) -> Review:
    """Create the review and everything proposed for it, in one transaction.

    The proposal (as corrected) must name the review's title, kind and stage
    (``proposal["review"]``). Findings are approved (they come from a published letter);
    recommendations keep the number the letter gave them, or none.
    """
    if record.status == LetterImport.Status.ACCEPTED:
        raise ValidationError("This letter has already been accepted")
    proposal = record.proposal
    _check(proposal)
    details = proposal["review"]
    now = timezone.now()
    with transaction.atomic():
        locked = LetterImport.objects.select_for_update().get(pk=record.pk)
        if locked.status == LetterImport.Status.ACCEPTED:
            raise ValidationError("This letter has already been accepted")
        review = Review(
            organisation=record.organisation,
            title=details["title"].strip()[:200],
            kind=details["kind"],
            stage=details["stage"],
            on_site_from=_date(details.get("on_site_from")),
            on_site_to=_date(details.get("on_site_to")),
            development_label=details.get("development_label") or DevelopmentLabel.DEVELOPMENT,
            published_at=now if details["stage"] not in (Stage.SCOPING, Stage.FIELDWORK, Stage.REPORTING) else None,
            created_by=by,
        )
        review._history_user = by
        review.save()
        scope_items = []
        for position, item in enumerate(proposal.get("scope", [])):
            scope = ScopeItem(
                review=review, position=position, kind=ScopeItem.ItemKind.QUESTION, text=item["text"].strip()
            )
            scope._history_user = by
            scope.save()
            scope_items.append(scope)
        for position, member in enumerate(proposal.get("team", [])):
            row = TeamMember(
                review=review,
                position=position,
                name=member["name"].strip()[:200],
                role=member["role"],
                job_title=(member.get("job_title") or "").strip()[:300],
                home_organisation_name=(member.get("organisation") or "").strip()[:200],
                is_lead=member["role"] == TeamRole.LEAD_DIRECTOR,
            )
            row._history_user = by
            row.save()
        for position, finding in enumerate(proposal.get("findings", [])):
            row = Finding(
                review=review,
                scope_item=_scope_for(finding.get("heading", ""), scope_items),
                kind=finding["kind"],
                heading=(finding.get("heading") or "").strip()[:300],
                text=finding["text"].strip(),
                position=position,
                status=FindingStatus.APPROVED,
                approved_by=by,
                approved_at=now,
                drafted_by=by,
                source_passage=finding.get("passage", ""),
                letter_import=record,
            )
            row._history_user = by
            row.save()
        for position, item in enumerate(proposal.get("recommendations", [])):
            number = item.get("number")
            row = Recommendation(
                review=review,
                kind=item["kind"],
                position=position,
                is_numbered=number is not None,
                number=number,
                text=item["text"].strip(),
                source_passage=item.get("passage", ""),
                letter_import=record,
                created_by=by,
            )
            row._history_user = by
            row.save()
        locked.status = LetterImport.Status.ACCEPTED
        locked.review = review
        # After every row above, so "created by the import" is "first saved by then" (changes_since).
        locked.accepted_at = timezone.now()
        locked.accepted_by = by
        locked._history_user = by
        locked.save()
    record.refresh_from_db()
    return review


def _scope_for(heading: str, scope_items: list[ScopeItem]) -> ScopeItem | None:
    """The scope question a finding's heading names, when it plainly does (same words, or its start)."""
    wanted = " ".join(heading.lower().split()).rstrip("?")
    if not wanted:
        return None
    for item in scope_items:
        text = " ".join(item.text.lower().split()).rstrip("?")
        if text == wanted or (len(wanted) >= 12 and text.startswith(wanted)):
            return item
    return None


#: Records of a review a person may add after the import; any of them blocks the undo.
ADDED_LATER = [
    (ScopeItem, "scope item"),
    (TeamMember, "team member"),
    (Finding, "finding"),
    (Recommendation, "recommendation"),
    (FieldworkActivity, "fieldwork activity"),
    (TeamNote, "team note"),
    (PersonMet, "person met"),
    (LibraryItem, "library file"),
    (ReviewIndicator, "shared indicator"),
    (LetterVersion, "published letter"),
]


def changes_since(record: LetterImport) -> list[str]:
    """What people changed or added on the imported review since it was accepted, in words.

    A record counts as changed when its history has any entry after the one the import
    wrote (simple-history keeps one per save); a record the import did not create counts as
    added. An empty list means the undo loses nobody's work.
    """
    review = record.review
    if review is None:
        return []
    found = []
    if review.history.filter(history_type="~").exists():
        found.append(f"The review's details ({review.title})")
    created: dict = {ScopeItem: set(), TeamMember: set()}
    # Scope items and team members carry no link to the import: the ones it made are those
    # whose first history entry is no later than the acceptance.
    for model in (ScopeItem, TeamMember):
        for row in model.objects.filter(review=review):
            first = row.history.order_by("history_date", "history_id").first()
            if first is not None and record.accepted_at and first.history_date <= record.accepted_at:
                created[model].add(row.pk)
    for model, noun in ADDED_LATER:
        rows = model.objects.filter(review=review)
        for row in rows:
            if model in (Finding, Recommendation):
                made_by_import = row.letter_import_id == record.pk
            elif model in created:
                made_by_import = row.pk in created[model]
            else:
                made_by_import = False
            if not made_by_import:
                found.append(f"A {noun} added since: {_name(row)}")
            elif row.history.exclude(history_type="+").exists():
                found.append(f"A {noun} changed since: {_name(row)}")
    return found


def _name(row) -> str:
    text = str(row)
    return text if len(text) <= 80 else text[:77] + "…"


def undo(record: LetterImport, *, by) -> None:
    """Delete the review the import created, unless people have changed or added to it since."""
    if record.status != LetterImport.Status.ACCEPTED or record.review_id is None:
        raise ValidationError("Only an accepted letter can be undone")
    with transaction.atomic():
        locked = LetterImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != LetterImport.Status.ACCEPTED:
            raise ValidationError("Only an accepted letter can be undone")
        changes = changes_since(locked)
        if changes:
            raise ValidationError(
                "The review has been changed since it was brought in, so undoing it would lose that work: "
                + "; ".join(changes)
            )
        review = locked.review
        for model in (Recommendation, Finding, TeamMember, ScopeItem):
            for row in model.objects.filter(review=review):
                row._history_user = by
                row.delete()
        locked.status = LetterImport.Status.UNDONE
        locked.review = None
        locked.undone_at = timezone.now()
        locked.undone_by = by
        locked._history_user = by
        locked.save()
        review._history_user = by
        review.delete()
    record.refresh_from_db()
