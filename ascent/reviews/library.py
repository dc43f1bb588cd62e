"""The review's evidence library and what the host shares with the team; the evidence page's block.

The host puts things in front of the team here, and only here: evidence files
(:class:`~.models.LibraryItem`, from the council's files or uploaded straight in), one
self-assessment version (``Review.shared_assessment``) and chosen indicators
(:class:`~.models.ReviewIndicator`). A team member reaches them through the review's pages
only (``ascent.reviews.access``); nothing else of the host opens to them.

Who changes what: the host's contributors and above add and remove library files (they
may upload evidence: ``evidence.add_evidence``); the host's editors choose the shared
self-assessment and indicators (``reviews.change_review``). Each change is one transaction
that records who acted; bad input raises ``ValidationError`` naming the field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ascent.evidence.actions import evidence_transaction, store_evidence_file
from ascent.evidence.models import EvidenceFile

from .models import LibraryItem, Review, ReviewIndicator

NOTE_MAX = 300


def may_change_library(user, review: Review) -> bool:
    """The host's contributors and above (who may upload the council's evidence), and platform staff."""
    return user.has_perm("reviews.view_review", review) and user.has_perm("evidence.add_evidence", review.organisation)


def may_share(user, review: Review) -> bool:
    """Choosing the shared self-assessment and indicators: the host's editors."""
    return user.has_perm("reviews.change_review", review)


def addable_files(review: Review):
    """The host's evidence files not yet in the review's library, newest evidence first."""
    held = LibraryItem.objects.filter(review=review).values("evidence_id")
    return (
        EvidenceFile.objects.in_organisation(review.organisation)
        .exclude(pk__in=held)
        .order_by("-evidence_date", "title", "pk")
    )


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"Note must be {NOTE_MAX} characters or fewer"})
    return note


def add_to_library(review: Review, by, files, *, note: str = "") -> list[LibraryItem]:
    """Put the host's evidence ``files`` in the review's library; the new items."""
    files = list(files)
    note = _check_note(note)
    if not files:
        raise ValidationError({"files": "Select at least one evidence file"})
    if any(evidence.organisation_id != review.organisation_id for evidence in files):
        raise ValidationError({"files": "Select evidence files of the council"})
    with transaction.atomic():
        held = set(
            LibraryItem.objects.filter(review=review, evidence__in=files).values_list("evidence__title", flat=True)
        )
        if held:
            names = ", ".join(sorted(held))
            raise ValidationError({"files": f"Already in the library: {names}"})
        items = []
        for evidence in files:
            item = LibraryItem(review=review, evidence=evidence, note=note, added_by=by)
            item._history_user = by
            item.save()
            items.append(item)
    return items


def upload_to_library(review: Review, by, checked_file, *, title, kind, evidence_date, description="", note=""):
    """Store a new evidence file of the host and put it in the library, or neither; the new item.

    ``checked_file`` is the ``CheckedFile`` an ``EvidenceFileForm`` made (or any upload the
    evidence app's ``store_evidence_file`` takes).
    """
    try:
        note = _check_note(note)
    except ValidationError:
        if hasattr(checked_file, "close"):
            checked_file.close()
        raise
    with evidence_transaction():
        evidence = store_evidence_file(
            review.organisation,
            by,
            checked_file,
            title=title,
            kind=kind,
            evidence_date=evidence_date,
            description=description,
        )
        (item,) = add_to_library(review, by, [evidence], note=note)
    return item


class ItemInUse(ValidationError):
    """A library file a finding cites: it stays until the finding stops citing it."""


def remove_from_library(item: LibraryItem, by) -> None:
    """Take a file out of the library (the evidence file itself stays). Refused while a finding cites it."""
    with transaction.atomic():
        cited = item.findings.count()
        if cited:
            noun = "finding cites" if cited == 1 else "findings cite"
            raise ItemInUse(
                {"__all__": f"{cited} {noun} this file as evidence. Remove it from the findings before removing it"}
            )
        item._history_user = by
        item.delete()


def share_assessment(review: Review, by, assessment) -> None:
    """Share one self-assessment version of the host with the team, or none."""
    if assessment is not None and assessment.organisation_id != review.organisation_id:
        raise ValidationError(
            {"assessment": "Select one of the council's self-assessment versions, or Do not share a self-assessment"}
        )
    with transaction.atomic():
        review.shared_assessment = assessment
        review._history_user = by
        review.save(update_fields=["shared_assessment", "updated_at"])


def share_indicators(review: Review, by, indicators) -> list[ReviewIndicator]:
    """Share ``indicators`` (shipped ones or the host's own) with the team; the new links."""
    indicators = list(indicators)
    if not indicators:
        raise ValidationError({"indicators": "Select at least one indicator"})
    if any(indicator.organisation_id not in (None, review.organisation_id) for indicator in indicators):
        raise ValidationError({"indicators": "Select indicators the council uses"})
    with transaction.atomic():
        held = set(ReviewIndicator.objects.filter(review=review).values_list("indicator_id", flat=True))
        made = []
        for indicator in indicators:
            if indicator.pk in held:
                continue  # already shared: choosing it again changes nothing
            link = ReviewIndicator(review=review, indicator=indicator, added_by=by)
            link._history_user = by
            link.save()
            made.append(link)
    return made


def unshare_indicator(link: ReviewIndicator, by) -> None:
    with transaction.atomic():
        link._history_user = by
        link.delete()


def shared_indicators(review: Review) -> list:
    """The indicators shared with the team, each with its evidence (latest value, RAG, trend) for the host.

    Four queries whatever their number: the links, then the indicator store's three.
    """
    from ascent.indicators.evidence import indicator_evidence

    links = list(
        ReviewIndicator.objects.in_organisation(review.organisation).filter(review=review).select_related("indicator")
    )
    evidence = indicator_evidence(review.organisation, [link.indicator for link in links])
    for link in links:
        link.evidence = evidence.get(link.indicator_id)
    return links


# --- A block of an evidence file's page ----------------------------------------------------------


def evidence_reviews_panel(request, organisation, evidence) -> dict | None:
    """Which of the council's reviews hold the file in their library: the host's members only."""
    if not request.user.has_perm("reviews.view_reviews", organisation):
        return None  # a person granted the one file (or a review) learns nothing of other reviews
    items = list(
        LibraryItem.objects.in_organisation(organisation)
        .filter(evidence=evidence)
        .select_related("review")
        .order_by("-review__on_site_from", "review__title", "pk")
    )
    return {"template": "reviews/library/_evidence_reviews.html", "organisation": organisation, "library_items": items}
