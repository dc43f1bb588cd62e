"""The indicators of one framework element, on that element's page in one council.

Declared on the app's AppConfig (``element_panels``): the element page (in assessments)
imports nothing from here. An indicator is listed when it is tagged with the element (read
across versions of the element's framework, by the element's key), or tagged with an element
of another framework that the crosswalk, as the council sees it, maps to this one; such rows
say which ("Through ASCOF Domain 1"). Shipped tags and the council's own. Three queries (the
crosswalk, the tags, the indicators), then the indicators' evidence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from ascent.frameworks.crosswalk import also_counts_towards
from ascent.frameworks.models import Element

from .models import Indicator, IndicatorElement
from .scorecard import through_text

VIEW_PERM = "indicators.view_performance"


@dataclass(frozen=True)
class ElementIndicator:
    """An indicator of an element: tagged with it directly, or only ``through`` other
    frameworks' elements the crosswalk maps to it."""

    indicator: Indicator
    through: tuple[Element, ...] = ()

    @property
    def through_text(self) -> str:
        return through_text(self.through)


def element_indicators(organisation, element) -> list[ElementIndicator]:
    """The active indicators the council sees of ``element``, in library order: three queries."""
    framework = element.framework
    mapped = {other.pk: other for other in also_counts_towards([element], organisation)[element.pk]}
    own = Q(
        element__key=element.key,
        element__framework__slug=framework.slug,
        element__framework__organisation=framework.organisation_id,
    )
    rows = (
        IndicatorElement.objects.in_organisation(organisation)
        .filter(own | Q(element_id__in=list(mapped)))
        .order_by()
        .values_list("indicator_id", "element_id", "element__key", "element__framework__slug")
    )
    direct: set[int] = set()
    through: dict[int, list[Element]] = defaultdict(list)
    for indicator_id, element_id, key, slug in rows:
        if key == element.key and slug == framework.slug and element_id not in mapped:
            direct.add(indicator_id)
        elif element_id in mapped and mapped[element_id] not in through[indicator_id]:
            through[indicator_id].append(mapped[element_id])
    ids = direct | set(through)
    if not ids:
        return []
    indicators = (
        Indicator.objects.in_organisation(organisation)
        .filter(pk__in=ids, is_active=True)
        .order_by("sort_order", "code")
    )
    return [
        ElementIndicator(indicator, () if indicator.pk in direct else tuple(through[indicator.pk]))
        for indicator in indicators
    ]


def tagged_indicators(organisation, element) -> list[Indicator]:
    """The indicators of :func:`element_indicators`, without how they were reached."""
    return [item.indicator for item in element_indicators(organisation, element)]


def element_indicators_panel(request, organisation, element) -> dict | None:
    if not request.user.has_perm(VIEW_PERM, organisation):
        return None
    items = element_indicators(organisation, element)
    from .evidence import indicator_evidence

    indicators = [item.indicator for item in items]
    evidence = indicator_evidence(organisation, indicators) if indicators else {}
    rows = [
        {"evidence": evidence[item.indicator.pk], "through_text": item.through_text}
        for item in items
        if item.indicator.pk in evidence
    ]
    return {
        "template": "indicators/_element_panel.html",
        "organisation": organisation,
        "element": element,
        "rows": rows,
        "through_count": sum(1 for row in rows if row["through_text"]),
    }
