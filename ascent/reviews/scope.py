"""A review's scope as the host agrees it: numbered questions, sub-areas of one key line of
enquiry, or elements of the review's framework.

Items are kept in ``position`` order and numbered 1..n from it (:func:`numbered`); every change
keeps the positions 0..n-1 without gaps, so the numbers the letter shows follow the list. The
scope is the host's to agree (``reviews.change_review``) and is fixed once the review is
published: the letter as published names it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Review, ScopeItem, ScopeStyle

TEXT_LIMIT = 2000

#: The kind of item each style of scope holds.
ITEM_KIND = {
    ScopeStyle.QUESTIONS: ScopeItem.ItemKind.QUESTION,
    ScopeStyle.KEY_LINE: ScopeItem.ItemKind.SUB_AREA,
    ScopeStyle.ELEMENTS: ScopeItem.ItemKind.ELEMENT,
}
#: What the pages call one item of each style.
ITEM_NOUN = {
    ScopeStyle.QUESTIONS: "scope question",
    ScopeStyle.KEY_LINE: "sub-area",
    ScopeStyle.ELEMENTS: "element",
}


def items_of(review: Review):
    return ScopeItem.objects.in_organisation(review.organisation).filter(review=review).select_related("element")


def numbered(items) -> list[ScopeItem]:
    """The items in order, each with its number (1..n) as the letter shows it."""
    listed = sorted(items, key=lambda item: (item.position, item.pk))
    for number, item in enumerate(listed, start=1):
        item._number = number
    return listed


def rated_elements(review: Review):
    """The rated elements of the review's framework, in the framework's order (none without one)."""
    from ascent.frameworks.models import Element

    if not review.framework_id:
        return Element.objects.none()
    return Element.objects.filter(framework=review.framework_id, is_rated=True).order_by("sort_order")


def _check_open(review: Review) -> None:
    if not review.is_open:
        raise ValidationError(
            {"text": "The review is published: its scope stays as the letter gave it"}, code="published"
        )


def _close_gaps(review: Review, by) -> None:
    for position, item in enumerate(numbered(ScopeItem.objects.filter(review=review))):
        if item.position != position:
            item.position = position
            item._history_user = by
            item.save(update_fields=["position"])


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the text of the scope item"})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({"text": f"The text must be {TEXT_LIMIT} characters or fewer"})
    return text


@transaction.atomic
def add_item(review: Review, *, by, text: str) -> ScopeItem:
    """Add a scope question or sub-area at the end of the list."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    _check_open(review)
    if review.scope_style == ScopeStyle.ELEMENTS:
        raise ValidationError({"text": "This review's scope is elements of its framework: choose them instead"})
    text = _clean_text(text)
    item = ScopeItem(
        review=review,
        kind=ITEM_KIND[ScopeStyle(review.scope_style)],
        text=text,
        position=ScopeItem.objects.filter(review=review).count(),
    )
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def edit_item(item: ScopeItem, *, by, text: str) -> ScopeItem:
    """Change the words of a scope item (for an element: how the letter names it)."""
    _check_open(item.review)
    item.text = _clean_text(text)
    item._history_user = by
    item.save(update_fields=["text"])
    return item


@transaction.atomic
def delete_item(item: ScopeItem, *, by) -> None:
    """Delete a scope item that no finding or recommendation is filed under yet."""
    review = item.review
    _check_open(review)
    findings, recommendations = item.findings.count(), item.recommendations.count()
    if findings or recommendations:
        held = " and ".join(
            part
            for part in (
                f"{findings} finding{'s' if findings != 1 else ''}" if findings else "",
                f"{recommendations} recommendation{'s' if recommendations != 1 else ''}" if recommendations else "",
            )
            if part
        )
        verb = "is" if findings + recommendations == 1 else "are"
        raise ValidationError({"text": f"{held} {verb} filed under this item: move them first"})
    item._history_user = by
    item.delete()
    _close_gaps(review, by)


@transaction.atomic
def move_item(item: ScopeItem, *, by, direction: str) -> None:
    """Swap an item with the one above (``up``) or below (``down``); at either end nothing moves."""
    review = item.review
    _check_open(review)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Choose whether to move the item up or down"})
    _close_gaps(review, by)
    items = numbered(ScopeItem.objects.select_for_update().filter(review=review))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if direction == "up" else index + 1
    if swap < 0 or swap >= len(items):
        return
    first, second = items[index], items[swap]
    first.position, second.position = second.position, first.position
    for moved in (first, second):
        moved._history_user = by
        moved.save(update_fields=["position"])


@transaction.atomic
def set_elements(review: Review, *, by, elements) -> list[ScopeItem]:
    """Make the scope exactly ``elements`` (rated elements of the review's framework; None: all of them).

    Elements already in scope keep their place and wording; new ones follow in the
    framework's order. An element with findings or recommendations filed under it stays.
    """
    review = Review.objects.select_for_update().get(pk=review.pk)
    _check_open(review)
    if review.scope_style != ScopeStyle.ELEMENTS:
        raise ValidationError({"elements": "This review's scope is not elements of a framework"})
    allowed = list(rated_elements(review))
    chosen = allowed if elements is None else list(elements)
    allowed_ids = {element.pk for element in allowed}
    if not chosen:
        raise ValidationError({"elements": "Choose at least one element"})
    if any(element.pk not in allowed_ids for element in chosen):
        raise ValidationError({"elements": "Choose elements the review's framework rates"})
    chosen_ids = {element.pk for element in chosen}
    existing = list(ScopeItem.objects.filter(review=review, kind=ScopeItem.ItemKind.ELEMENT))
    for item in existing:
        if item.element_id not in chosen_ids:
            if item.findings.exists() or item.recommendations.exists():
                raise ValidationError(
                    {"elements": f"Findings or recommendations are filed under {item.text}: it stays in scope"}
                )
            item._history_user = by
            item.delete()
    kept = {item.element_id for item in existing if item.element_id in chosen_ids}
    position = ScopeItem.objects.filter(review=review).count()
    for element in sorted(chosen, key=lambda element: element.sort_order):
        if element.pk in kept:
            continue
        item = ScopeItem(
            review=review, kind=ScopeItem.ItemKind.ELEMENT, element=element, text=element.label, position=position
        )
        item._history_user = by
        item.save()
        position += 1
    _close_gaps(review, by)
    return numbered(ScopeItem.objects.filter(review=review))
