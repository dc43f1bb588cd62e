"""The improvement plans' blocks on other apps' pages (declared on the app's AppConfig).

- :func:`plans_panel` on a council's Overview page: how many plans it keeps, its open actions
  by status, how many are overdue and how many have had no update for the council's stale
  days (``ascent.plans.status``), and how many assurance flags its actions raise
  (``ascent.plans.flags``).
- :func:`element_actions_panel` on the page of one framework element: the council's actions
  tagged with it (or with the same element of another version of its framework), each with
  its plan, status and due date.
- :func:`recommendation_actions_rows` on a review's Recommendations page: under each
  recommendation the council accepted, the actions that answer it (or that none does yet), and
  for editors a link to add one to the plan answering the review.

The Overview and element blocks count the same actions as the flags do: those of plans not
superseded as a whole. The Recommendations page lists every action, saying which were superseded.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from ascent.assurance import registry

from .checks import APP
from .flags import counts_by_check
from .models import Action, ActionStatus, Plan, PlanStatus
from .status import is_overdue, overdue_q, settings_for, stale_q

VIEW_PERM = "plans.view_plans"

#: The GOV.UK tag colour of each status, wherever a status shows as a tag.
STATUS_TAGS = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.ON_TRACK: "govuk-tag--green",
    ActionStatus.AT_RISK: "govuk-tag--yellow",
    ActionStatus.OFF_TRACK: "govuk-tag--red",
    ActionStatus.COMPLETE: "govuk-tag--blue",
    ActionStatus.WILL_NOT_BE_DONE: "govuk-tag--grey",
    ActionStatus.DONE_ANOTHER_WAY: "govuk-tag--purple",
}


def current_actions(organisation):
    """The council's actions, apart from those of plans superseded as a whole."""
    return Action.objects.in_organisation(organisation).exclude(plan__status=PlanStatus.SUPERSEDED)


def plans_panel(request, organisation) -> dict | None:
    """Open actions by status, overdue, stale and flags; None for someone who may not read the plans.

    A fixed number of queries whatever the number of actions (pinned in tests/plans/test_panels.py).
    """
    if not request.user.has_perm(VIEW_PERM, organisation):
        return None
    plans = Plan.objects.in_organisation(organisation).aggregate(
        total=Count("id"), current=Count("id", filter=~Q(status=PlanStatus.SUPERSEDED))
    )
    context = {"template": "plans/panels/_overview.html", "organisation": organisation, "plans": plans["total"]}
    if not plans["total"]:
        return context
    today = timezone.localdate()
    stale_after_days = settings_for(organisation).stale_after_days
    grouped = (
        current_actions(organisation)
        .open()
        .order_by()
        .values_list("status")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=overdue_q(today)),
            stale=Count("id", filter=stale_q(stale_after_days, today)),
        )
    )
    by_status, overdue, stale = {}, 0, 0
    for status, count, late, quiet in grouped:
        by_status[status] = count
        overdue += late
        stale += quiet
    # The council's flags are worked out once for the whole Overview (its Self-assessment panel
    # counts them all); this panel counts the plans' own.
    flags = [flag for flag in registry.open_flags_for(request, organisation) if flag.check.app == APP]
    by_check = counts_by_check(flags)
    return {
        **context,
        "by_status": [(status, by_status[status.value]) for status in ActionStatus if by_status.get(status.value)],
        "open": sum(by_status.values()),
        "overdue": overdue,
        "stale": stale,
        "stale_after_days": stale_after_days,
        "flags": len(flags),
        "flags_by_check": by_check,
        # (check, count) in the registry's order, each linking to the Challenges page showing its flags.
        "checks": [(check, by_check[check.name]) for check in registry.checks(APP) if check.name in by_check],
    }


def _same_element(prefix: str, element) -> Q:
    """The element, or the same element (by key) in another version of its framework."""
    framework = element.framework
    keys = {"key": element.key, "framework__slug": framework.slug, "framework__organisation": framework.organisation_id}
    return Q(**{f"{prefix}__{name}": value for name, value in keys.items()})


def element_actions_panel(request, organisation, element) -> dict | None:
    """The council's actions tagged with ``element``, open ones first; None for someone who may not read the plans.

    One query for the actions (with their plans and owners), whatever their number.
    """
    if not request.user.has_perm(VIEW_PERM, organisation):
        return None
    tagged = Action.elements.through.objects.filter(_same_element("element", element)).values("action_id")
    actions = list(
        current_actions(organisation)
        .filter(pk__in=tagged)
        .select_related("plan", "owner")
        .order_by("plan__starts_on", "plan_id", "position", "id")
    )
    today = timezone.localdate()
    for action in actions:
        action.overdue = is_overdue(action, today)
        action.status_tag = STATUS_TAGS.get(action.status, "govuk-tag--grey")
        first, now = action.original_due_date, action.due_date
        action.moved = bool(first and now) and first != now
    return {
        "template": "plans/panels/_element.html",
        "organisation": organisation,
        "element": element,
        "open_actions": [action for action in actions if not action.is_closed and not action.is_superseded],
        "closed_actions": [action for action in actions if action.is_closed or action.is_superseded],
    }


def recommendation_actions_rows(request, organisation, review, recommendations) -> dict[int, dict]:
    """An "Actions" row for each recommendation of ``review`` that actions answer or that the
    council accepted (an accepted one with none says so); nothing for someone who may not
    read the council's plans, such as a peer reviewer from another council.

    Two queries for the page, whatever the number of recommendations and actions: the
    actions with their plans, and the plan answering the review that new actions go to.
    """
    if not request.user.has_perm(VIEW_PERM, organisation):
        return {}
    from .planning import ACCEPTING

    through = Action.recommendations.through
    links = list(
        through.objects.filter(
            recommendation__in=[recommendation.pk for recommendation in recommendations],
            action__plan__organisation=organisation,
        )
        .select_related("action__plan")
        .order_by("action__plan__starts_on", "action__plan_id", "action__position", "action_id")
    )
    answering: dict[int, list] = {}
    today = timezone.localdate()
    for link in links:
        action = link.action
        action.overdue = is_overdue(action, today)
        action.status_tag = STATUS_TAGS.get(action.status, "govuk-tag--grey")
        answering.setdefault(link.recommendation_id, []).append(action)
    plan = None
    if request.user.has_perm("plans.change_plan", organisation):
        plan = (
            Plan.objects.in_organisation(organisation)
            .filter(review=review)
            .exclude(status=PlanStatus.SUPERSEDED)
            .order_by("-starts_on", "-pk")
            .first()
        )
    rows = {}
    for recommendation in recommendations:
        actions = answering.get(recommendation.pk, [])
        accepted = recommendation.response in ACCEPTING
        if not actions and not accepted:
            continue
        rows[recommendation.pk] = {
            "key": "Actions",
            "template": "plans/plan/_recommendation_actions.html",
            "organisation": organisation,
            "actions": actions,
            "plan": plan if accepted else None,
            "recommendation": recommendation,
        }
    return rows
