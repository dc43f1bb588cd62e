"""Builders for the benchmarking, comparator group and indicator page tests."""

from __future__ import annotations

from decimal import Decimal

from ascent.core.fields import PeriodColumns
from ascent.core.periods import parse_period
from ascent.indicators.models import ComparatorGroup, Indicator, Observation, Target, Unit
from ascent.organisations.models import CouncilType, Organisation, Region

from .factories import tag


def make_indicator(code: str = "BENCH-1", *, organisation=None, **fields) -> Indicator:
    """A shipped indicator (per cent, higher is better) unless told otherwise."""
    values = {
        "title": f"Bench indicator {code}",
        "definition": "The share of people who say they are satisfied.",
        "unit": Unit.PERCENT,
        "polarity": "higher_is_better",
        "decimals": 1,
        "source": "Survey of adult carers",
        **fields,
    }
    indicator = Indicator.objects.create(organisation=organisation, code=code, **values)
    if organisation is None:
        tag(indicator, "Quality of life")
    return indicator


def observe(organisation, indicator, period: str, value, **fields) -> Observation:
    return Observation.objects.create(
        organisation=organisation,
        indicator=indicator,
        value=Decimal(str(value)),
        **PeriodColumns.period_values(parse_period(period)),
        **fields,
    )


def set_target(organisation, indicator, period: str, **fields) -> Target:
    values = {"kind": "threshold", "comparison": "at_least", "value": Decimal("80"), **fields}
    return Target.objects.create(
        organisation=organisation, indicator=indicator, **PeriodColumns.period_values(parse_period(period)), **values
    )


def make_councils(region: Region, count: int, *, start: int = 100, council_type=CouncilType.LONDON_BOROUGH):
    """``count`` councils in ``region`` with GSS codes E0990xxxx and names "Council xxx"."""
    return [
        Organisation.objects.create(
            gss_code=f"E099{start + n:05d}", name=f"Council {start + n:03d}", council_type=council_type, region=region
        )
        for n in range(count)
    ]


def custom_group(owner, name: str, members, slug: str | None = None) -> ComparatorGroup:
    group = ComparatorGroup.objects.create(
        slug=slug or f"{owner.gss_code.lower()}-{name.lower().replace(' ', '-')}",
        name=name,
        kind=ComparatorGroup.Kind.CUSTOM,
        owner=owner,
        sort_order=1000,
    )
    group.members.set(members)
    return group
