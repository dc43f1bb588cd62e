"""Findings: drafted by the team, approved by the lead; and the findings block of an element's page.

A finding is a strength, an area for development (the letter may call it an area "for
consideration": ``Review.development_label``) or a key priority, placed under one of the
review's scope items, or under a framework element, or in general. Its evidence references
are words (an interview, a case file, a figure) and any files of the review's library.

Views, the letter import and the demo call these actions. Each runs in one transaction,
records who acted in the history, and refuses with a :class:`~django.core.exceptions.ValidationError`
naming the field, saving nothing:

- a change to a review that is no longer open (published or later): read under a row lock,
  so a publication that commits first is seen;
- a scope item, library file or element that is not the review's own.

Editing an approved finding returns it to draft: the lead approves what the letter says,
so a changed text needs approving again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from .models import (
    DevelopmentLabel,
    Finding,
    FindingKind,
    FindingStatus,
    LibraryItem,
    Recommendation,
    Review,
    ScopeItem,
)

#: The order kinds are listed in, under each heading.
KIND_ORDER = [FindingKind.STRENGTH, FindingKind.DEVELOPMENT, FindingKind.KEY_PRIORITY]


def kind_label(review: Review, kind: str, *, plural: bool = False) -> str:
    """What this review's letter calls a kind: "Area for consideration" where it says so."""
    if kind == FindingKind.DEVELOPMENT:
        consideration = review.development_label == DevelopmentLabel.CONSIDERATION
        noun = "consideration" if consideration else "development"
        return f"Areas for {noun}" if plural else f"Area for {noun}"
    if kind == FindingKind.STRENGTH:
        return "Strengths" if plural else "Strength"
    return "Key priorities" if plural else "Key priority"


def kind_choices(review: Review) -> list[tuple[str, str]]:
    return [(kind.value, kind_label(review, kind)) for kind in KIND_ORDER]


# ----- what a finding may point to ---------------------------------------------------------


def scope_items(review: Review) -> list[ScopeItem]:
    """The review's scope items in order, each with ``number`` set (1, 2, 3...)."""
    items = list(ScopeItem.objects.in_organisation(review.organisation).filter(review=review).select_related("element"))
    for number, item in enumerate(items, start=1):
        item._number = number
    return items


def scope_item_label(item: ScopeItem) -> str:
    """ "Scope question 2: How well ...", "Sub-area 1: ...", or the element's label."""
    if item.kind == ScopeItem.ItemKind.ELEMENT and item.element_id:
        return item.element.label
    return f"{item.get_kind_display()} {item.number}: {item.text}"


def allowed_elements(review: Review) -> list:
    """Elements a finding or recommendation may be tagged with: the review's framework's, and those in scope."""
    from ascent.frameworks.models import Element

    query = Q(pk__in=ScopeItem.objects.filter(review=review, element__isnull=False).values("element_id"))
    if review.framework_id:
        query |= Q(framework_id=review.framework_id)
    return list(
        Element.objects.in_organisation(review.organisation)
        .filter(query)
        .select_related("framework")
        .order_by("framework__name", "sort_order")
    )


def library_items(review: Review) -> list[LibraryItem]:
    return list(
        LibraryItem.objects.in_organisation(review.organisation).filter(review=review).select_related("evidence")
    )


# ----- actions -----------------------------------------------------------------------------


def ensure_open(review: Review) -> Review:
    """Lock the review's row and refuse if it is no longer open (the letter is published)."""
    stage = Review.objects.select_for_update().values_list("stage", flat=True).get(pk=review.pk)
    review.stage = stage
    if not review.is_open:
        raise ValidationError(
            f"The review is {review.get_stage_display().lower()}: its findings and recommendations "
            "can no longer be changed"
        )
    return review


def _check_links(review: Review, *, scope_item, element, evidence: Iterable[LibraryItem]) -> dict:
    problems = {}
    if scope_item is not None and scope_item.review_id != review.pk:
        problems["scope_item"] = "Choose one of this review's scope items"
    if element is not None and element.pk not in {e.pk for e in allowed_elements(review)}:
        problems["element"] = "Choose an element of the review's framework or scope"
    if any(item.review_id != review.pk for item in evidence):
        problems["evidence"] = "Choose files in this review's evidence library"
    return problems


@transaction.atomic
def save_finding(
    review: Review,
    *,
    by,
    kind: str,
    text: str,
    heading: str = "",
    scope_item: ScopeItem | None = None,
    element=None,
    evidence_references: str = "",
    evidence: Iterable[LibraryItem] = (),
    finding: Finding | None = None,
) -> Finding:
    """Add a finding (``finding`` None) or change one. A changed approved finding returns to draft."""
    ensure_open(review)
    evidence = list(evidence)
    problems = _check_links(review, scope_item=scope_item, element=element, evidence=evidence)
    if kind not in FindingKind.values:
        problems["kind"] = "Choose whether it is a strength, an area for development or a key priority"
    if not text.strip():
        problems["text"] = "Enter the finding"
    if problems:
        raise ValidationError(problems)
    if finding is None:
        finding = Finding(review=review, drafted_by=by)
        last = Finding.objects.filter(review=review).aggregate(last=Max("position"))["last"]
        finding.position = 0 if last is None else last + 1
    elif finding.review_id != review.pk:
        raise ValidationError("That finding is not one of this review's")
    finding.kind, finding.text, finding.heading = kind, text.strip(), heading.strip()
    finding.scope_item, finding.element = scope_item, element
    finding.evidence_references = evidence_references.strip()
    if finding.status == FindingStatus.APPROVED:
        finding.status, finding.approved_by, finding.approved_at = FindingStatus.DRAFT, None, None
    finding._history_user = by
    finding.save()
    finding.evidence.set(evidence)
    return finding


@transaction.atomic
def approve_finding(finding: Finding, *, by) -> Finding:
    ensure_open(finding.review)
    if finding.status == FindingStatus.APPROVED:
        raise ValidationError("That finding is already approved")
    finding.status, finding.approved_by, finding.approved_at = FindingStatus.APPROVED, by, timezone.now()
    finding._history_user = by
    finding.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return finding


@transaction.atomic
def unapprove_finding(finding: Finding, *, by) -> Finding:
    ensure_open(finding.review)
    if finding.status != FindingStatus.APPROVED:
        raise ValidationError("That finding is a draft already")
    finding.status, finding.approved_by, finding.approved_at = FindingStatus.DRAFT, None, None
    finding._history_user = by
    finding.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return finding


@transaction.atomic
def delete_finding(finding: Finding, *, by) -> None:
    """Delete a finding; recommendations linked to it stay, without the link."""
    ensure_open(finding.review)
    finding._history_user = by
    finding.delete()


# ----- the findings page: grouped by heading and kind --------------------------------------


@dataclass
class Group:
    """Findings under one heading (a scope item, an element, or "General"), by kind."""

    key: str
    title: str
    by_kind: list[tuple[str, list[Finding]]] = field(default_factory=list)

    @property
    def is_element(self) -> bool:
        return self.key.startswith("element-")

    @property
    def count(self) -> int:
        return sum(len(findings) for _, findings in self.by_kind)


def grouped(review: Review, findings: Iterable[Finding], items: list[ScopeItem]) -> list[Group]:
    """Each scope item in order, then each element findings are tagged with outside the scope
    items, then "General"; under each, the kinds in order. Headings with no finding are left out."""
    buckets: dict[str, list[Finding]] = {}
    titles: dict[str, str] = {}
    for item in items:
        titles[f"scope-{item.pk}"] = scope_item_label(item)
    elements: dict[str, str] = {}
    for finding in findings:
        if finding.scope_item_id:
            key = f"scope-{finding.scope_item_id}"
        elif finding.element_id:
            key = f"element-{finding.element_id}"
            elements[key] = finding.element.label
        else:
            key = "general"
        buckets.setdefault(key, []).append(finding)
    order = [*titles, *sorted(elements, key=lambda k: elements[k]), "general"]
    titles.update(elements)
    titles["general"] = "General"
    groups = []
    for key in order:
        found = buckets.get(key)
        if not found:
            continue
        group = Group(key=key, title=titles[key])
        for kind in KIND_ORDER:
            of_kind = [finding for finding in found if finding.kind == kind]
            if of_kind:
                group.by_kind.append((kind_label(review, kind, plural=True), of_kind))
        groups.append(group)
    return groups


# ----- the element page's block -------------------------------------------------------------


def _same_element(prefix: str, element) -> Q:
    """The element, or the same element (by key) in another version of its framework."""
    framework = element.framework
    keys = {"key": element.key, "framework__slug": framework.slug, "framework__organisation": framework.organisation_id}
    return Q(**{f"{prefix}__{name}": value for name, value in keys.items()})


def element_findings_panel(request, organisation, element) -> dict | None:
    """Approved findings and the recommendations of the council's reviews tagged with ``element``.

    A finding counts when it is tagged with the element or sits under a scope item that is
    the element; a recommendation when it is tagged with it. Host members only (a team
    member never reaches the element page; this says so again). Three queries.
    """
    if not request.user.has_perm("reviews.view_reviews", organisation):
        return None
    findings = list(
        Finding.objects.in_organisation(organisation)
        .filter(status=FindingStatus.APPROVED)
        .filter(_same_element("element", element) | _same_element("scope_item__element", element))
        .select_related("review")
        .order_by("-review__on_site_from", "review_id", "position", "id")
    )
    recommendations = list(
        Recommendation.objects.in_organisation(organisation)
        .filter(
            pk__in=Recommendation.elements.through.objects.filter(_same_element("element", element)).values(
                "recommendation_id"
            )
        )
        .select_related("review")
        .order_by("-review__on_site_from", "review_id", "position", "id")
    )
    for finding in findings:
        finding.kind_label = kind_label(finding.review, finding.kind)
    return {
        "template": "reviews/findings/_element_panel.html",
        "organisation": organisation,
        "element": element,
        "findings": findings,
        "recommendations": recommendations,
    }
