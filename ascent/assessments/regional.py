"""What a region sees: the self-assessments its councils have shared, as a heat map.

Only signed-off versions that a council has shared (and not withdrawn) are in it: never a
draft, never an unshared version, never a council of another region. For each council and
framework the heat map takes the shared version of the latest period (its highest version),
and lays its ratings out element × council. Frameworks are matched by slug, and elements by
their key, so councils that used different versions of a framework still line up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ascent.frameworks.models import Element, Framework, ScaleLevel

from .models import ElementRating, SelfAssessment


@dataclass
class HeatCell:
    assessment: SelfAssessment
    level: ScaleLevel | None  # None: the element was not rated

    @property
    def label(self) -> str:
        return self.level.label if self.level else "Not rated"

    @property
    def tag_class(self) -> str:
        return self.level.tag_class if self.level else "govuk-tag govuk-tag--grey"


@dataclass
class HeatRow:
    element: Element
    cells: list[HeatCell | None]  # one per council column; None: that council has no such element


@dataclass
class HeatMap:
    framework: Framework | None  # the newest version among those shared
    frameworks: list[Framework] = field(default_factory=list)  # every framework shared in the region
    assessments: list[SelfAssessment] = field(default_factory=list)  # the columns, by council name
    rows: list[HeatRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.assessments


def shared_in_region(region):
    """Every shared, signed-off version of the region's councils (a queryset)."""
    return SelfAssessment.objects.shared_with_region(region)


def heat_map(region, framework_slug: str | None = None) -> HeatMap:
    """The heat map of one framework (by slug; the first shared one when not given) in a region.

    Four queries whatever the number of councils: the shared versions, the frameworks they
    use, the elements, and the ratings.
    """
    shared = list(
        shared_in_region(region)
        .select_related("organisation", "framework")
        .order_by("organisation__name", "-period_start", "-version")
    )
    by_slug: dict[str, list[SelfAssessment]] = {}
    for assessment in shared:
        by_slug.setdefault(assessment.framework.slug, []).append(assessment)
    frameworks = sorted(
        {slug: max((a.framework for a in items), key=lambda f: f.pk) for slug, items in by_slug.items()}.values(),
        key=lambda f: f.name,
    )
    if not frameworks:
        return HeatMap(framework=None)
    chosen = next((f for f in frameworks if f.slug == framework_slug), frameworks[0])
    columns: list[SelfAssessment] = []
    seen: set[int] = set()
    for assessment in by_slug[chosen.slug]:  # newest period first, then the highest version
        if assessment.organisation_id not in seen:
            seen.add(assessment.organisation_id)
            columns.append(assessment)
    elements = list(Element.objects.filter(framework=chosen, is_rated=True).order_by("sort_order"))
    ratings = list(
        ElementRating.objects.filter(assessment__in=columns).values_list("assessment_id", "element__key", "rating")
    )
    rated: dict[tuple[int, str], str] = {(a, key): value for a, key, value in ratings}
    keys_of: dict[int, set[str]] = {}
    for assessment_id, key, _ in ratings:
        keys_of.setdefault(assessment_id, set()).add(key)
    rows = []
    for element in elements:
        cells: list[HeatCell | None] = []
        for assessment in columns:
            if element.key not in keys_of.get(assessment.pk, set()):
                cells.append(None)
                continue
            value = rated[(assessment.pk, element.key)]
            cells.append(HeatCell(assessment=assessment, level=assessment.framework.level(value) if value else None))
        rows.append(HeatRow(element=element, cells=cells))
    return HeatMap(framework=chosen, frameworks=frameworks, assessments=columns, rows=rows)
