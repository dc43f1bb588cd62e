"""Changes to an organisation's indicators, targets, values and indicator groups.

Views and commands call these. Each runs in one transaction and records the acting user
(``by``) in the history, so the Activity page and an observation's history say who changed
what; an earlier value that is corrected stays in the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ascent.core.periods import Period
from ascent.core.rag import Target as TargetRule
from ascent.core.rag import TargetKind

from .elements import set_own_tags
from .models import Indicator, IndicatorGroup, IndicatorGroupItem, Observation, Target, Unit
from .validation import ValueRules

#: Units where the numerator is part of the denominator, so it can never be larger (as imports check).
PROPORTION_UNITS = {Unit.PERCENT, Unit.PER_100K, Unit.RATE}

INDICATOR_FIELDS = (
    "code",
    "title",
    "definition",
    "unit",
    "polarity",
    "decimals",
    "source",
    "frequency",
    "valid_min",
    "valid_max",
)


def observation_problems(
    indicator: Indicator | ValueRules,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> dict[str, str]:
    """What is wrong with a value, by field name: the rules the observation import applies.

    The value is within the indicator's valid range (:class:`~.validation.ValueRules`: its own
    bounds, else its unit's, so a percentage is 0 to 100 and a count is not negative); a
    numerator or denominator is not negative; a denominator is not zero; for proportions the
    numerator is not above the denominator.
    """
    rules = indicator if isinstance(indicator, ValueRules) else ValueRules.of(indicator)
    problems: dict[str, str] = {}
    if value is not None:
        problem = rules.problem(value)
        if problem:
            problems["value"] = problem
    if numerator is not None and numerator < 0:
        problems["numerator"] = "The numerator cannot be negative"
    if denominator is not None:
        if denominator < 0:
            problems["denominator"] = "The denominator cannot be negative"
        elif denominator == 0:
            problems["denominator"] = "The denominator cannot be zero"
        elif numerator is not None and numerator > denominator and rules.unit in PROPORTION_UNITS:
            problems["numerator"] = "The numerator must not be larger than the denominator"
    return problems


def _require_local(indicator: Indicator, organisation) -> None:
    if indicator.organisation_id != organisation.pk:
        raise ValidationError("Only your organisation's own local indicators can be changed.")


def _require_usable(indicator: Indicator, organisation) -> None:
    if indicator.organisation_id not in (None, organisation.pk):
        raise ValidationError(f"{indicator.code} is not an indicator {organisation} can use.")


@transaction.atomic
def create_local_indicator(organisation, *, by, elements: set[int] | None = None, **values) -> Indicator:
    """Add a local indicator to ``organisation`` (``values``: the fields in :data:`INDICATOR_FIELDS`),
    tagged with ``elements`` (ids of framework elements the council can see) as its own tags."""
    indicator = Indicator(organisation=organisation, **_indicator_values(values))
    indicator.full_clean()
    indicator._history_user = by
    indicator.save()
    if elements:
        set_own_tags(indicator, organisation, _visible_elements(organisation, elements), by=by)
    return indicator


def _visible_elements(organisation, element_ids: set[int]) -> set[int]:
    """``element_ids`` if every one is an element of a framework the council can see; else ValidationError."""
    from ascent.frameworks.models import Element

    found = set(
        Element.objects.filter(pk__in=element_ids)
        .filter(Q(framework__organisation__isnull=True) | Q(framework__organisation=organisation))
        .values_list("pk", flat=True)
    )
    if found != set(element_ids):
        raise ValidationError("Select elements of frameworks your organisation can use.")
    return found


@transaction.atomic
def update_local_indicator(
    indicator: Indicator, *, organisation, by, elements: set[int] | None = None, **values
) -> Indicator:
    _require_local(indicator, organisation)
    for name, value in _indicator_values(values).items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator._history_user = by
    indicator.save()
    if elements is not None:
        set_own_tags(indicator, organisation, _visible_elements(organisation, elements), by=by)
    return indicator


def _indicator_values(values: dict) -> dict:
    unknown = set(values) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown indicator fields: {', '.join(sorted(unknown))}")
    return values


@transaction.atomic
def set_target(
    organisation,
    indicator: Indicator,
    *,
    period: Period,
    rule: TargetRule,
    by,
    baseline_value: Decimal | None = None,
    baseline_label: str = "",
    note: str = "",
    reason: str = "",
    is_approximate: bool = False,
) -> Target:
    """Create or replace the organisation's target for ``indicator`` in ``period``.

    The rule must be one the indicator's polarity can judge (:meth:`TargetRule.validate_for`).
    ``is_approximate`` records that its amounts were written as approximations ("c. £1.6m"),
    so that the pages show "about £1.6m".
    ``reason`` goes in the history, as the Activity page shows it (for example how an amount
    written as an approximation was read).
    """
    _require_usable(indicator, organisation)
    try:
        rule.validate_for(indicator.polarity)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    target = (
        Target.objects.select_for_update()
        .filter(organisation=organisation, indicator=indicator, period_code=period.code)
        .first()
    ) or Target(organisation=organisation, indicator=indicator)
    target.set_period(period)
    target.kind = rule.kind.value
    target.comparison = rule.comparison.value if rule.comparison else ""
    target.value = rule.value
    target.low = rule.low
    target.high = rule.high
    target.range_sense = rule.sense.value if rule.sense else ""
    target.change = rule.change.value if rule.change else ""
    target.tolerance = rule.tolerance
    is_direction = rule.kind is TargetKind.DIRECTION
    target.baseline_value = baseline_value if is_direction else None
    target.baseline_label = baseline_label if is_direction else ""
    target.note = note
    target.is_approximate = is_approximate
    target._history_user = by
    if reason:
        target._change_reason = reason[:100]
    target.save()
    return target


@transaction.atomic
def record_observation(
    organisation,
    indicator: Indicator,
    *,
    period: Period,
    value: Decimal,
    by,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    status: str = Observation.Status.FINAL,
    reason: str = "",
    is_approximate: bool = False,
) -> Observation:
    """Enter or correct one value. A correction keeps the earlier value in the history.

    ``is_approximate`` records that the value was written as an approximation ("c. £1.6m"),
    so that the pages show "about £1.6m".

    ``reason`` goes in the history, as the Activity page shows it (for example "Value:
    “c. £1.6m” read as about £1.6m").

    A value entered by hand is the organisation's own figure, so it is never illustrative, and
    it belongs to no import: its provenance is the person (``entered_by``) and the time.
    """
    _require_usable(indicator, organisation)
    problems = observation_problems(indicator, value, numerator, denominator)
    if problems:
        raise ValidationError(problems)
    observation = (
        Observation.objects.select_for_update()
        .filter(organisation=organisation, indicator=indicator, period_code=period.code)
        .first()
    ) or Observation(organisation=organisation, indicator=indicator)
    observation.set_period(period)
    observation.value = value
    observation.numerator = numerator
    observation.denominator = denominator
    observation.status = status
    observation.is_approximate = is_approximate
    observation.is_illustrative = False
    # A hand edit is the person's own figure, no longer the import's: rolling the import back
    # must leave it alone (the import's rollback looks for rows that still name it).
    observation.import_run = None
    observation.entered_by = by if by is not None and by.is_authenticated else None
    observation._history_user = by
    if reason:
        observation._change_reason = reason[:100]
    observation.save()
    return observation


@transaction.atomic
def save_indicator_group(
    organisation,
    *,
    by,
    name: str,
    description: str = "",
    indicators: Sequence[Indicator],
    group: IndicatorGroup | None = None,
) -> IndicatorGroup:
    """Create a group (``group`` None) or change one; its items follow the order of ``indicators``."""
    if group is not None and group.organisation_id != organisation.pk:
        raise ValidationError("That indicator group belongs to another organisation.")
    for indicator in indicators:
        _require_usable(indicator, organisation)
    if group is None:
        group = IndicatorGroup(organisation=organisation)
    group.name = name
    group.description = description
    group._history_user = by
    group.save()

    wanted = [indicator.pk for indicator in indicators]
    existing = {item.indicator_id: item for item in IndicatorGroupItem.objects.filter(group=group)}
    for indicator_id, item in existing.items():
        if indicator_id not in wanted:
            item._history_user = by
            item.delete()
    for order, indicator_id in enumerate(wanted, start=1):
        item = existing.get(indicator_id)
        if item is None:
            item = IndicatorGroupItem(group=group, indicator_id=indicator_id, order=order)
        elif item.order == order:
            continue
        item.order = order
        item._history_user = by
        item.save()
    return group
