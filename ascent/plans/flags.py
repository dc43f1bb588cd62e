"""Open assurance flags of a council's improvement plans, for the Challenges page, the Overview and an action's page.

:func:`open_flags` gathers the facts of every action of the council that the checks of
``checks.py`` look at, in a fixed number of queries whatever the number of actions (pinned in
``tests/plans/test_checks.py``): the council's settings, the actions with how many evidence
files and approved extensions each has, the indicators linked to the green ones, and those
indicators' latest values. It runs the checks through the registry and keys each flag
``"<check name>:action:<id>"``, linked to the action's page.

The actions looked at are those of the council's plans apart from plans superseded as a
whole (their work went to another plan, which is where it is followed up), not superseded
themselves, and either open or complete (an action that will not be done, or was done
another way, already has its reason). :func:`flags_for_action` gives one action's flags, for
its page.

:func:`recommendation_action_counts` is declared on the app's registration: the reviews'
"Accepted recommendations with no actions" check counts the actions of every plan that
follow each recommendation through it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Exists, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from ascent.assurance import registry
from ascent.assurance.registry import Flag

from . import checks
from .models import (
    REASONED_STATUSES,
    Action,
    ActionEvidence,
    ActionIndicator,
    ActionStatus,
    ExtensionRequest,
    ExtensionStatus,
    ForecastRag,
    PlanStatus,
)
from .status import settings_for


def checked_actions(organisation) -> QuerySet:
    """The council's actions the checks look at (see the module's docstring), in plan order."""
    return (
        Action.objects.in_organisation(organisation)
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .filter(superseded_by__isnull=True, superseded_by_id_generic__isnull=True)
        .exclude(status__in=REASONED_STATUSES)
    )


#: What the checks read of each action, as plain rows (a flag's subject and link need the rest).
_FACT_FIELDS = (
    "pk",
    "plan_id",
    "plan__title",
    "reference",
    "title",
    "status",
    "rag",
    "due_date",
    "original_due_date",
    "last_update_on",
    "created_at",
    "completed_on",
    "no_evidence_reason",
    "superseded_by",
    "superseded_by_id_generic",
    "has_evidence",
    "approved_extensions",
)


def _with_facts(actions: QuerySet) -> QuerySet:
    """``actions`` as rows of :data:`_FACT_FIELDS`, in plan order. Plain rows, not model
    instances: a council with a thousand actions would spend more time making instances than
    running the checks."""
    approved = (
        ExtensionRequest.objects.filter(action=OuterRef("pk"), status=ExtensionStatus.APPROVED)
        .order_by()
        .values("action")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        actions.annotate(
            has_evidence=Exists(ActionEvidence.objects.filter(action=OuterRef("pk"))),
            approved_extensions=Coalesce(Subquery(approved, output_field=IntegerField()), Value(0)),
        )
        # A complete action with evidence raises nothing: leave the many of them in the database.
        .exclude(status=ActionStatus.COMPLETE, has_evidence=True)
        .order_by("plan__starts_on", "plan_id", "position", "id")
        .values(*_FACT_FIELDS)
    )


def _indicator_facts(organisation, actions: QuerySet) -> dict[int, list[checks.IndicatorFact]]:
    """The indicators linked to the green, open ones of ``actions``, by action id (a few queries)."""
    from ascent.indicators.scorecard import format_value

    # The follow-up's reading of a latest value (the scorecard's), so both pages agree.
    from .followup import _latest_values as latest_values

    green = actions.filter(rag=ForecastRag.GREEN).exclude(status=ActionStatus.COMPLETE).values("pk")
    links = list(
        ActionIndicator.objects.in_organisation(organisation).filter(action__in=green).select_related("indicator")
    )
    if not links:
        return {}
    indicators = {link.indicator_id: link.indicator for link in links}
    latest = latest_values(organisation, indicators.values())
    found: dict[int, list[checks.IndicatorFact]] = defaultdict(list)
    for link in links:
        indicator = link.indicator
        now = latest.get(indicator.pk, {}).get("value")
        found[link.action_id].append(
            checks.IndicatorFact(
                label=f"{indicator.code} {indicator.title}".strip(),
                polarity=indicator.polarity,
                baseline=link.baseline_value,
                latest=now,
                target=link.target,
                baseline_text=format_value(indicator, link.baseline_value),
                latest_text=format_value(indicator, now),
                target_text=format_value(indicator, link.target),
            )
        )
    return found


def _facts(row: dict, *, today, stale_after_days, indicators, zone) -> checks.ActionFacts:
    created_at = row["created_at"]
    return checks.ActionFacts(
        today=today,
        status=row["status"],
        rag=row["rag"],
        due_date=row["due_date"],
        superseded=row["superseded_by"] is not None or row["superseded_by_id_generic"] is not None,
        last_update_on=row["last_update_on"],
        added_on=created_at.astimezone(zone).date() if created_at else None,
        stale_after_days=stale_after_days,
        completed_on=row["completed_on"],
        evidence=1 if row["has_evidence"] else 0,
        no_evidence_reason=row["no_evidence_reason"],
        approved_extensions=row["approved_extensions"],
        original_due_date=row["original_due_date"],
        indicators=tuple(indicators),
    )


def subject(row: dict) -> str:
    """What a flag is about, as people read it: "1.2 Train the contact centre — Harrow improvement plan"."""
    return f"{row['reference']} {row['title']}".strip() + f" — {row['plan__title']}"


#: Stand-ins for the ids in the action link's pattern (no real id has nine repeated digits here).
_PLAN_SLOT, _ACTION_SLOT = 918273645, 546372819


def _flags(organisation, actions: QuerySet, *, today: datetime.date | None) -> list[Flag]:
    today = today or timezone.localdate()
    rows = list(_with_facts(actions))
    if not rows:
        return []
    stale_after_days = settings_for(organisation).stale_after_days
    indicators = _indicator_facts(organisation, actions)
    flags: list[Flag] = []
    # One reverse() for all the actions' links (hundreds of flags on a big plan): the ids go in after.
    pattern = reverse(
        "plans:action", kwargs={"gss_code": organisation.gss_code, "plan_id": _PLAN_SLOT, "action_id": _ACTION_SLOT}
    )
    zone = timezone.get_current_timezone()
    for row in rows:
        pk, plan_id = row["pk"], row["plan_id"]
        facts = _facts(
            row, today=today, stale_after_days=stale_after_days, indicators=indicators.get(pk, ()), zone=zone
        )
        url = ""
        for name in checks.ACTION_CHECKS:
            detail = registry.run(name, facts)
            if not detail:
                continue
            url = url or pattern.replace(str(_PLAN_SLOT), str(plan_id)).replace(str(_ACTION_SLOT), str(pk))
            flags.append(
                Flag(
                    check=registry.get_check(name),
                    key=f"{name}:action:{pk}",
                    detail=detail,
                    subject=subject(row),
                    url=url,
                    extra={"action_id": pk, "plan_id": plan_id},
                )
            )
    return flags


def open_flags(organisation, *, today: datetime.date | None = None) -> list[Flag]:
    """The open flags of the council's actions, in plan order and each action's in the checks' order."""
    return _flags(organisation, checked_actions(organisation), today=today)


def flags_for_action(action: Action, *, today: datetime.date | None = None) -> list[Flag]:
    """One action's open flags, for its page (none for a superseded action or one with a reason for closing)."""
    organisation = action.plan.organisation
    return _flags(organisation, checked_actions(organisation).filter(pk=action.pk), today=today)


def counts_by_check(flags: Iterable[Flag]) -> dict[str, int]:
    """How many flags each check raised, by check name (checks that raised none are left out)."""
    found: dict[str, int] = {}
    for flag in flags:
        found[flag.check.name] = found.get(flag.check.name, 0) + 1
    return found


def recommendation_action_counts(uids: Iterable) -> dict:
    """How many actions of the councils' plans follow each recommendation, by ``Recommendation.uid``.

    Only the actions of the council that hosts the review count. Every action counts,
    whatever its status: closing one as "will not be done" still answers the recommendation,
    with its reason. One query.
    """
    uids = list(uids)
    if not uids:
        return {}
    rows = (
        Action.recommendations.through.objects.filter(recommendation__uid__in=uids)
        # Only the host's own plans answer its review (another council may cite the same recommendation).
        .filter(action__plan__organisation=F("recommendation__review__organisation"))
        .order_by()
        .values_list("recommendation__uid")
        .annotate(n=Count("action_id", distinct=True))
    )
    return dict(rows)
