"""Bringing in a past letter: start, correct, accept (the one step that saves a review), undo.

:func:`start` keeps what was read and proposed on a :class:`~.models.LetterImport`, and
nothing else: no review, finding or recommendation exists until a person has checked the
proposal and :func:`accept` creates them all in one transaction. :func:`undo` deletes the
review the import created; when people have changed or added to it since
(:func:`changes_since`), only once the person undoing it has seen each change and agreed to
lose it: a person's later work is never discarded without them knowing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ascent.core.dates import govuk_date

from . import letter_import
from .letter import snapshot as letter_snapshot
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
    RecommendationBaseline,
    RecommendationKind,
    Review,
    ReviewIndicator,
    ScopeItem,
    ScopeStyle,
    Stage,
    TeamMember,
    TeamNote,
    TeamRole,
)
from .team import _end_grant

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


def _published_at(day: dt.date | None) -> dt.datetime | None:
    """Noon on the letter's day, in the service's time zone (the letter gives no hour)."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def accept(record: LetterImport, *, by) -> Review:
    """Create the review and everything proposed for it, in one transaction.

    The proposal (as corrected) must name the review's title, kind and stage
    (``proposal["review"]``). Findings are approved (they come from a published letter);
    recommendations keep the number the letter gave them, or none. A review past reporting
    was published when the letter was written: its publication date is the letter's date
    (else the last day on site, else left empty: nobody knows it), and the letter is kept as
    its version 1, noted as brought in from the file.
    """
    if record.status == LetterImport.Status.ACCEPTED:
        raise ValidationError("This letter has already been accepted")
    proposal = record.proposal
    _check(proposal)
    details = proposal["review"]
    now = timezone.now()
    on_site_from, on_site_to = _date(details.get("on_site_from")), _date(details.get("on_site_to"))
    letter_date = _date(details.get("letter_date"))
    published = details["stage"] not in (Stage.SCOPING, Stage.FIELDWORK, Stage.REPORTING)
    key_line = (details.get("key_line_of_enquiry") or "").strip()
    scope_style = ScopeStyle.KEY_LINE if details.get("scope_style") == ScopeStyle.KEY_LINE else ScopeStyle.QUESTIONS
    with transaction.atomic():
        locked = LetterImport.objects.select_for_update().get(pk=record.pk)
        if locked.status == LetterImport.Status.ACCEPTED:
            raise ValidationError("This letter has already been accepted")
        review = Review(
            organisation=record.organisation,
            title=details["title"].strip()[:200],
            kind=details["kind"],
            stage=details["stage"],
            on_site_from=on_site_from,
            on_site_to=on_site_to,
            letter_date=letter_date,
            scope_style=scope_style,
            key_line_of_enquiry=key_line if scope_style == ScopeStyle.KEY_LINE else "",
            development_label=details.get("development_label") or DevelopmentLabel.DEVELOPMENT,
            published_at=_published_at(letter_date or on_site_to) if published else None,
            created_by=by,
        )
        review._history_user = by
        review.save()
        scope_items = []
        item_kind = ScopeItem.ItemKind.SUB_AREA if scope_style == ScopeStyle.KEY_LINE else ScopeItem.ItemKind.QUESTION
        for position, item in enumerate(proposal.get("scope", [])):
            scope = ScopeItem(review=review, position=position, kind=item_kind, text=item["text"].strip())
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
                scope_item=_linked_scope(finding, scope_items),
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
        if published:
            # The letter as it was published, so the Letter tab shows it as published.
            day = letter_date or on_site_to
            when = f"dated {govuk_date(day)}" if day else "its date is not known"
            version = LetterVersion(
                review=review,
                version=1,
                content=letter_snapshot(review),
                published_at=review.published_at,
                published_by=None,
                note=f"Brought in from {record.source_name} ({when})"[:300],
            )
            version._history_user = by
            version.save()
        locked.status = LetterImport.Status.ACCEPTED
        locked.review = review
        locked.lost_on_undo = []
        # After every row above, so "created by the import" is "first saved by then" (changes_since).
        locked.accepted_at = timezone.now()
        locked.accepted_by = by
        locked._history_user = by
        locked.save()
    record.refresh_from_db()
    return review


def _linked_scope(finding: dict, scope_items: list[ScopeItem]) -> ScopeItem | None:
    """The scope item the proposal links a finding to (its number in the scope), else the one its heading names."""
    number = finding.get("scope")
    if isinstance(number, int) and 1 <= number <= len(scope_items):
        return scope_items[number - 1]
    return _scope_for(finding.get("heading", ""), scope_items)


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


@dataclass(frozen=True)
class Change:
    """One thing people did to the imported review since it was accepted: what, who and when."""

    what: str
    who: str
    when: dt.datetime | None

    def as_json(self) -> dict:
        return {"what": self.what, "who": self.who, "when": self.when.isoformat() if self.when else None}


#: Records of a review a person may add or change after the import, and how each is named.
ADDED_LATER = [
    (ScopeItem, "scope item"),
    (TeamMember, "team member"),
    (Finding, "finding"),
    (Recommendation, "recommendation"),
    (RecommendationBaseline, "indicator baseline"),
    (FieldworkActivity, "fieldwork activity"),
    (PersonMet, "person met"),
    (LibraryItem, "library file"),
    (ReviewIndicator, "shared indicator"),
    (LetterVersion, "published letter"),
    (TeamNote, "team note"),
]


def _who(entry) -> str:
    user = getattr(entry, "history_user", None)
    if user is None:
        return "Not recorded"
    return getattr(user, "full_name", "") or user.email


def _rows(model, review):
    if model is RecommendationBaseline:
        return model.objects.filter(recommendation__review=review)
    return model.objects.filter(review=review)


def changes_since(record: LetterImport) -> list[Change]:
    """What people changed or added on the imported review since it was accepted, oldest first.

    A record counts as changed when its history has any entry after the one the import wrote
    (simple-history keeps one per save), and as added when the import did not create it: the
    import's records are the findings and recommendations that name it, and the rest whose
    first history entry is no later than the acceptance. Team notes are the team's alone: the
    host learns only that there are some, never what they say or who wrote them. An empty
    list means the undo loses nobody's work.
    """
    review = record.review
    if review is None:
        return []
    found: list[Change] = []
    for entry in review.history.filter(history_type="~").order_by("history_date", "history_id"):
        previous = entry.prev_record
        fields = []
        if previous is not None:
            fields = [change.field for change in entry.diff_against(previous).changes]
        names = ", ".join(Review._meta.get_field(name).verbose_name for name in fields if name != "updated_at")
        what = f"The review's details changed ({names})" if names else "The review's details were saved again"
        found.append(Change(what, _who(entry), entry.history_date))
    notes = 0
    for model, noun in ADDED_LATER:
        for row in _rows(model, review):
            entries = list(row.history.order_by("history_date", "history_id"))
            first = entries[0] if entries else None
            if model in (Finding, Recommendation):
                made_by_import = row.letter_import_id == record.pk
            else:
                made_by_import = (
                    first is not None and record.accepted_at is not None and first.history_date <= record.accepted_at
                )
            if model is TeamNote:
                notes += 0 if made_by_import and len(entries) <= 1 else 1
                continue
            if not made_by_import:
                found.append(Change(f"A {noun} was added: {_name(row)}", _who(first), first and first.history_date))
            found.extend(
                Change(f"A {noun} was changed: {_name(row)}", _who(entry), entry.history_date) for entry in entries[1:]
            )
    found.sort(key=lambda change: change.when or dt.datetime.min.replace(tzinfo=dt.UTC))
    if notes:
        found.append(Change(f"The team's own notes ({notes}), which only the team may read", "The team", None))
    return found


def _name(row) -> str:
    text = str(row)
    return text if len(text) <= 80 else text[:77] + "…"


def undo(record: LetterImport, *, by, lose_changes: bool = False) -> list[Change]:
    """Delete the review the import created, and everything on it.

    When people have changed or added to the review since (:func:`changes_since`), it is
    refused unless ``lose_changes`` says the person has seen those changes and agreed to lose
    them; the import then keeps the list of what was lost, and its history says so. Team
    members' access to the review ends with it. Returns what was lost.
    """
    if record.status != LetterImport.Status.ACCEPTED or record.review_id is None:
        raise ValidationError("Only an accepted letter can be undone")
    with transaction.atomic():
        locked = LetterImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != LetterImport.Status.ACCEPTED:
            raise ValidationError("Only an accepted letter can be undone")
        changes = changes_since(locked)
        if changes and not lose_changes:
            raise ValidationError(
                {
                    "confirm": "The review has been changed since it was brought in, so undoing it would lose that "
                    "work: confirm that you understand those changes will be lost"
                }
            )
        review = locked.review
        today = timezone.localdate()
        for member in TeamMember.objects.filter(review=review).select_related("grant"):
            if member.grant is not None:
                _end_grant(member.grant, by, today=today)
        for model, _noun in reversed(ADDED_LATER):
            for row in _rows(model, review):
                row._history_user = by
                row.delete()
        locked.status = LetterImport.Status.UNDONE
        locked.review = None
        locked.undone_at = timezone.now()
        locked.undone_by = by
        locked.lost_on_undo = [change.as_json() for change in changes]
        if changes:
            count = len(changes)
            locked._change_reason = f"Undone, losing {count} later change{'s' if count != 1 else ''} on purpose"
        locked._history_user = by
        locked.save()
        review._history_user = by
        review.delete()
    record.refresh_from_db()
    return changes
