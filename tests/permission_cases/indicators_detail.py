"""Matrix rows for the indicator page (with benchmarking) and the comparator groups pages.

Every member of A may read an indicator's page and the comparator groups; editors and admins
(and platform staff) may add and change A's own groups, so viewers and contributors get a 403
there. Members of B and the regional lead get a 404 everywhere. A's own comparator group is
private to A: its name is a marker that must never reach a member of B.
"""

from __future__ import annotations

from decimal import Decimal

from .base import EDITORS_OF_A, MEMBERS_OF_A, Case, a

MARKER = "Harrow private neighbours"


def extend_world(world: dict) -> None:
    from ascent.core.periods import parse_period
    from ascent.indicators.comparators import create_custom_group, sync_builtin_groups
    from ascent.indicators.models import Indicator, Observation

    harrow, herefordshire = world["harrow"], world["herefordshire"]
    indicator, _ = Indicator.objects.get_or_create(
        organisation=None,
        code="MATRIX-BENCH-1",
        defaults={
            "title": "Matrix benchmarking measure",
            "unit": "percent",
            "polarity": "higher_is_better",
        },
    )
    period = Observation.period_values(parse_period("2022-23"))
    for organisation, value in ((harrow, "71.5"), (herefordshire, "64.2")):
        Observation.objects.create(organisation=organisation, indicator=indicator, value=Decimal(value), **period)
    sync_builtin_groups()
    world["bench_indicator"] = indicator
    world["comparator_group"] = create_custom_group(
        harrow, name=MARKER, member_ids={harrow.pk, herefordshire.pk}, by=None
    )


def an_indicator(world):
    return {**a(world), "indicator_id": world["bench_indicator"].pk}


def a_comparator_group(world):
    return {**a(world), "slug": world["comparator_group"].slug}


CASES: dict[str, Case] = {
    "indicators:detail": Case(get=MEMBERS_OF_A, kwargs=an_indicator),
    "indicators:comparators": Case(get=MEMBERS_OF_A, kwargs=a),
    "indicators:comparator-add": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a),
    "indicators:comparator-upload": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a),
    "indicators:comparator-edit": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_comparator_group),
}

A_MARKERS = [MARKER]
