"""Which framework elements an indicator counts towards in one council, and what those
elements also count towards in other frameworks (the crosswalk).

An indicator's tags are the shipped ones (no organisation) and the council's own; tags to
an element of a framework the council cannot see (another council's) are never shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from ascent.frameworks import crosswalk
from ascent.frameworks.models import Element, Framework

from .models import Indicator, IndicatorElement

#: The slug of a council's own framework holding its local indicators' areas (the data
#: migration 0009 made one from each council's free-text domains).
LOCAL_FRAMEWORK = "local-indicators"


@dataclass
class FrameworkTags:
    """One framework's elements an indicator is tagged with."""

    framework: Framework
    elements: list[Element] = field(default_factory=list)
    #: Per element id: the elements of other frameworks it also counts towards.
    also: dict[int, list[Element]] = field(default_factory=dict)

    @property
    def items(self) -> list[tuple[Element, list[Element]]]:
        """Each element with what it also counts towards."""
        return [(element, self.also.get(element.pk, [])) for element in self.elements]


def tags_of(indicator: Indicator, organisation) -> list[FrameworkTags]:
    """The indicator's elements in ``organisation``, by framework, with what each also counts
    towards (two queries with the crosswalk: the tags, and the mappings)."""
    tags = (
        IndicatorElement.objects.filter(indicator=indicator)
        .filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        .filter(Q(element__framework__organisation__isnull=True) | Q(element__framework__organisation=organisation))
        .select_related("element__framework")
        .order_by("element__framework__name", "element__framework_id", "element__sort_order")
    )
    grouped: dict[int, FrameworkTags] = {}
    for tag in tags:
        framework = tag.element.framework
        entry = grouped.setdefault(framework.pk, FrameworkTags(framework))
        if tag.element not in entry.elements:
            entry.elements.append(tag.element)
    also = also_counts_towards([e for entry in grouped.values() for e in entry.elements], organisation)
    for entry in grouped.values():
        entry.also = {element.pk: also.get(element.pk, []) for element in entry.elements}
    return list(grouped.values())


def also_counts_towards(elements: list[Element], organisation) -> dict[int, list[Element]]:
    """What each element also counts towards in other frameworks: part A1's crosswalk."""
    if not elements:
        return {}
    return crosswalk.also_counts_towards(elements, organisation)


def element_choices(organisation) -> list[tuple[Framework, list[Element]]]:
    """Elements a local indicator can be tagged with, by framework: the newest version of each
    shipped framework and of the council's own (one query)."""
    elements = (
        Element.objects.filter(
            Q(framework__organisation__isnull=True) | Q(framework__organisation=organisation),
            framework__superseded_by__isnull=True,
        )
        .select_related("framework")
        .order_by("framework__name", "framework_id", "sort_order", "id")
    )
    grouped: dict[int, tuple[Framework, list[Element]]] = {}
    for element in elements:
        grouped.setdefault(element.framework_id, (element.framework, []))[1].append(element)
    return list(grouped.values())


def own_element_ids(indicator: Indicator, organisation) -> set[int]:
    """The elements the council itself tagged the indicator with (one query)."""
    return set(
        IndicatorElement.objects.filter(indicator=indicator, organisation=organisation).values_list(
            "element_id", flat=True
        )
    )


@transaction.atomic
def set_own_tags(indicator: Indicator, organisation, element_ids: set[int], *, by) -> None:
    """Make the council's own tags of ``indicator`` exactly ``element_ids`` (elements of
    frameworks it can see; others are refused by the caller's form). Each change is audited."""
    held = {
        tag.element_id: tag for tag in IndicatorElement.objects.filter(indicator=indicator, organisation=organisation)
    }
    for element_id in element_ids - set(held):
        tag = IndicatorElement(indicator=indicator, element_id=element_id, organisation=organisation)
        tag._history_user = by
        tag.save()
    for element_id in set(held) - element_ids:
        tag = held[element_id]
        tag._history_user = by
        tag.delete()
