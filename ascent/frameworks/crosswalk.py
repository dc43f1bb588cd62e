"""The crosswalk: which elements of other frameworks an element also counts towards.

A mapping (:class:`~ascent.frameworks.models.ElementMapping`) reads both ways. What a
council sees is the shipped mappings (no organisation), minus those it has hidden for itself
(a row of its own with ``is_hidden``), plus the mappings it added (rows of its own).

:func:`also_counts_towards` answers that for any number of elements in one query;
:func:`mapped` for one element. :func:`load_crosswalk_text` loads the default mapping that
ships in ``data/crosswalk.yaml`` (``manage.py load_frameworks`` runs it after the frameworks).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from .loading import FrameworkError, FrameworkFileError, _child, _line, _locate, _schema_checked
from .models import Element, ElementMapping, Framework
from .schema import CROSSWALK_SCHEMA

DEFAULT_CROSSWALK = Path(__file__).resolve().parent / "data" / "crosswalk.yaml"


def _visible(rows: Iterable[ElementMapping], organisation) -> list[ElementMapping]:
    """The mappings a council sees: shipped ones it has not hidden, and its own."""
    rows = list(rows)
    organisation_id = getattr(organisation, "pk", organisation)
    hidden = {
        frozenset((row.source_id, row.target_id))
        for row in rows
        if row.is_hidden and row.organisation_id is not None and row.organisation_id == organisation_id
    }
    shown = []
    for row in rows:
        if row.is_hidden:
            continue
        if row.organisation_id is None and frozenset((row.source_id, row.target_id)) in hidden:
            continue
        if row.organisation_id is not None and row.organisation_id != organisation_id:
            continue
        shown.append(row)
    return shown


def _owners(organisation) -> Q:
    owners = Q(organisation__isnull=True)
    if organisation is not None:
        owners |= Q(organisation=organisation)
    return owners


def also_counts_towards(elements: Iterable[Element], organisation) -> dict[int, list[Element]]:
    """For each element, the elements of other frameworks it also counts towards, for a council.

    Every element asked about has an entry (an empty list when it maps to nothing). The
    elements come with their framework loaded, ordered by framework then place in the tree.
    One query, however many elements."""
    ids = {element.pk if isinstance(element, Element) else int(element) for element in elements}
    result: dict[int, list[Element]] = {pk: [] for pk in ids}
    if not ids:
        return result
    rows = (
        ElementMapping.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
        .filter(_owners(organisation))
        .select_related("source__framework", "target__framework")
    )
    seen: dict[int, set[int]] = {pk: set() for pk in ids}
    for row in _visible(rows, organisation):
        for mine, other in ((row.source, row.target), (row.target, row.source)):
            if mine.pk in ids and other.pk not in seen[mine.pk] and other.pk != mine.pk:
                seen[mine.pk].add(other.pk)
                result[mine.pk].append(other)
    for others in result.values():
        others.sort(key=lambda e: (e.framework.name, e.framework.version, e.framework_id, e.sort_order))
    return result


def mapped(element: Element, organisation) -> list[Element]:
    """The elements of other frameworks ``element`` also counts towards, for a council."""
    return also_counts_towards([element], organisation)[element.pk]


@dataclass(frozen=True)
class CrosswalkRow:
    """One mapping of an element as a council's crosswalk page shows it."""

    other: Element
    mapping: ElementMapping  # the shipped row, or the council's own
    is_shipped: bool
    is_hidden: bool  # a shipped mapping the council has hidden for itself


def rows_for(element: Element, organisation) -> list[CrosswalkRow]:
    """Every mapping of ``element`` a council can see or restore: shipped (hidden or not) and its own."""
    rows = list(
        ElementMapping.objects.filter(Q(source=element) | Q(target=element))
        .filter(_owners(organisation))
        .select_related("source__framework", "target__framework")
    )
    organisation_id = getattr(organisation, "pk", organisation)
    hidden = {
        frozenset((row.source_id, row.target_id))
        for row in rows
        if row.is_hidden and row.organisation_id == organisation_id
    }
    result = []
    for row in rows:
        other = row.target if row.source_id == element.pk else row.source
        if row.organisation_id is None:
            is_hidden = frozenset((row.source_id, row.target_id)) in hidden
            result.append(CrosswalkRow(other, row, is_shipped=True, is_hidden=is_hidden))
        elif not row.is_hidden:
            result.append(CrosswalkRow(other, row, is_shipped=False, is_hidden=False))
    result.sort(key=lambda r: (r.other.framework.name, r.other.framework.version, r.other.sort_order))
    return result


# --- loading the default crosswalk ------------------------------------------------------------


@dataclass
class CrosswalkResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} added, {self.updated} updated, {self.removed} removed, {self.unchanged} unchanged"


def _shipped_elements() -> dict[str, Element]:
    """The elements of the newest version of each shipped framework, by "slug:key"."""
    frameworks = Framework.objects.filter(organisation__isnull=True).current()
    return {
        f"{element.framework.slug}:{element.key}": element
        for element in Element.objects.filter(framework__in=frameworks).select_related("framework")
    }


@lru_cache(maxsize=4)
def _parsed(text: str):
    """Parse and schema-check a crosswalk file once per text (the shipped one is read on every load)."""
    return _schema_checked(text, CROSSWALK_SCHEMA)


def read_crosswalk_text(text: str) -> dict[frozenset[int], tuple[Element, Element, str]]:
    """The mappings a crosswalk file names, by the pair of element ids; raises FrameworkFileError."""
    data, root = _parsed(text)
    elements = _shipped_elements()
    errors: list[FrameworkError] = []
    pairs: dict[frozenset[int], tuple[Element, Element, str]] = {}
    first_line: dict[frozenset[int], int] = {}
    for index, entry in enumerate(data["mappings"]):
        node, where = _locate(root, ["mappings", index])
        source = elements.get(entry["from"])
        if source is None:
            errors.append(
                FrameworkError(
                    _line(_child(node, "from")), f"{where}.from", f"there is no shipped element {entry['from']}"
                )
            )
        for position, name in enumerate(entry["to"]):
            line = _line(_child(_child(node, "to"), position) or node)
            field = f"{where}.to[{position + 1}]"
            target = elements.get(name)
            if target is None:
                errors.append(FrameworkError(line, field, f"there is no shipped element {name}"))
                continue
            if source is None:
                continue
            if target.framework_id == source.framework_id:
                errors.append(FrameworkError(line, field, "a mapping joins elements of two different frameworks"))
                continue
            pair = frozenset((source.pk, target.pk))
            if pair in pairs:
                errors.append(
                    FrameworkError(
                        line, field, f"{entry['from']} and {name} are already mapped on line {first_line[pair]}"
                    )
                )
                continue
            pairs[pair] = (source, target, entry.get("note", ""))
            first_line[pair] = line
    if errors:
        raise FrameworkFileError(errors)
    return pairs


def load_crosswalk_text(text: str, *, user=None) -> CrosswalkResult:
    """Make the shipped mappings between the newest shipped frameworks what the file says.

    Mappings the file no longer names are removed (only between the newest versions; older
    versions keep theirs). Loading the same file again changes nothing."""
    wanted = read_crosswalk_text(text)
    result = CrosswalkResult()
    with transaction.atomic():
        current = list(_shipped_elements().values())
        current_ids = [element.pk for element in current]
        existing = {
            frozenset((row.source_id, row.target_id)): row
            for row in ElementMapping.objects.filter(
                organisation__isnull=True, source_id__in=current_ids, target_id__in=current_ids
            )
        }
        new_rows = []
        for pair, (source, target, note) in wanted.items():
            row = existing.pop(pair, None)
            if row is None:
                new_rows.append(ElementMapping(organisation=None, source=source, target=target, note=note))
            elif row.note != note:
                row.note = note
                row._history_user = user
                row.save()
                result.updated += 1
            else:
                result.unchanged += 1
        bulk_create_with_history(new_rows, ElementMapping, default_user=user)
        result.created = len(new_rows)
        for row in existing.values():
            row._history_user = user
            row.delete()
            result.removed += 1
    return result


def load_shipped_crosswalk(user=None) -> CrosswalkResult:
    """Load ``data/crosswalk.yaml``; run after the shipped frameworks are loaded."""
    try:
        return load_crosswalk_text(DEFAULT_CROSSWALK.read_text(encoding="utf-8"), user=user)
    except FrameworkFileError as error:
        raise FrameworkFileError(
            [
                FrameworkError(e.line, f"crosswalk.yaml: {e.field}" if e.field else "crosswalk.yaml", e.message)
                for e in error.errors
            ]
        ) from None
