"""Matrix rows for the scorecard and the management of indicators, targets, values and groups.

Every member of A may read the scorecard, its downloads, the indicator library and the group
list; editors and admins (and platform staff) may change things, so viewers and contributors
get a 403 there. Members of B and the regional lead get a 404 everywhere.
"""

from __future__ import annotations

from decimal import Decimal

from .base import EDITORS_OF_A, MEMBERS_OF_A, Case, a

MARKER = "Harrow private measure"


def extend_world(world: dict) -> None:
    from ascent.core.periods import parse_period
    from ascent.indicators.models import Indicator, IndicatorGroup, IndicatorGroupItem, Observation, Target

    harrow = world["harrow"]
    period = Observation.period_values(parse_period("2023-24"))
    indicator = Indicator.objects.create(
        organisation=harrow,
        code="HAR-REV12",
        title=MARKER,
        definition="People in long-term support whose needs were reviewed within 12 months.",
        unit="percent",
        polarity="higher_is_better",
    )
    Target.objects.create(
        organisation=harrow, indicator=indicator, kind="threshold", comparison="at_least", value=Decimal("80"), **period
    )
    Observation.objects.create(organisation=harrow, indicator=indicator, value=Decimal("83.5"), **period)
    group = IndicatorGroup.objects.create(organisation=harrow, name="Harrow adults board")
    IndicatorGroupItem.objects.create(group=group, indicator=indicator, order=1)
    world["local_indicator"] = indicator
    world["indicator_group"] = group


def an_indicator(world):
    return {**a(world), "indicator_id": world["local_indicator"].pk}


def a_group(world):
    return {**a(world), "group_id": world["indicator_group"].pk}


CASES: dict[str, Case] = {
    "indicators:scorecard": Case(get=MEMBERS_OF_A, kwargs=a),
    "indicators:scorecard-export": Case(get=MEMBERS_OF_A, kwargs=lambda w: {**a(w), "fmt": "xlsx"}),
    "indicators:library": Case(get=MEMBERS_OF_A, kwargs=a),
    "indicators:indicator-add": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a),
    "indicators:indicator-edit": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=an_indicator),
    "indicators:target-edit": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=an_indicator),
    "indicators:observation-edit": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=an_indicator),
    "indicators:groups": Case(get=MEMBERS_OF_A, kwargs=a),
    "indicators:group-add": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a),
    "indicators:group-edit": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_group),
}

A_MARKERS = [MARKER]
