"""Setting plans up: plans, themes, actions and supersession (the domain functions views call).

Every change is one transaction, records who acted (``_history_user``) and refuses bad input
with a ``ValidationError`` naming the field in plain English. Views, the import and the demo
call these, never a bare ``save()``.

- :func:`create_plan`, :func:`change_plan`: a plan's title, summary, owner (a member of the
  council), period, status and the review it answers (a published review of the council).
- :func:`add_theme`, :func:`change_theme`: a theme with its lead (a member, or a name).
- :func:`create_action`, :func:`change_action`: an action, from one or more recommendations,
  a self-assessment top risk or an assurance flag, or added directly. The due date is set
  here only while the action has none; setting the first date also sets
  ``original_due_date``. A later date comes only through an extension
  (``ascent.plans.extensions``).
- :func:`actions_from_review`: one action per chosen accepted recommendation, in one go.
- :func:`supersede_plan`, :func:`supersede_action`: the work moved elsewhere; the link is kept.

Reading: :func:`plan_counts` (open, overdue, stale and closed actions of each plan, one
query). The actions answering each recommendation on a review's page are
``ascent.plans.panels.recommendation_actions_rows``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ascent.core.dates import govuk_date

from .models import (
    CLOSED_STATUSES,
    Action,
    Plan,
    PlanStatus,
    Source,
    Theme,
)
from .status import overdue_q, settings_for, stale_q

#: Responses that make a recommendation one the council answers with actions.
ACCEPTING = ("accepted", "partly-accepted")
TITLE_LIMIT = 300


# Who and what may be chosen ---------------------------------------------------------------------


def members(organisation) -> QuerySet:
    """The people of the council (those who may own a plan or an action, or lead a theme)."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def reviews_to_answer(organisation) -> QuerySet:
    """The council's reviews a plan may answer: those whose letter is published (or recorded)."""
    from ascent.reviews.models import OPEN_STAGES, Review

    return Review.objects.in_organisation(organisation).exclude(stage__in=OPEN_STAGES).order_by("-on_site_from", "-pk")


def accepted_recommendations(review) -> QuerySet:
    """The review's accepted (or partly accepted) recommendations, in the letter's order."""
    from ascent.reviews.models import Recommendation

    return (
        Recommendation.objects.in_organisation(review.organisation_id)
        .filter(review=review, response__in=ACCEPTING)
        .order_by("position", "id")
    )


def council_elements(organisation) -> QuerySet:
    """Elements of the council's self-assessment framework (its latest assessment's), to tag actions.

    The framework's top two levels (themes and quality statements, or domains and areas), so
    the list stays short enough to read. Empty when the council has no self-assessment."""
    from ascent.assessments.models import SelfAssessment
    from ascent.frameworks.models import Element

    latest = (
        SelfAssessment.objects.in_organisation(organisation)
        .order_by("-created_at", "-pk")
        .values_list("framework_id", flat=True)
        .first()
    )
    if latest is None:
        return Element.objects.none()
    return Element.objects.filter(framework_id=latest, depth__lte=1).order_by("sort_order")


def _check_member(organisation, user, field: str, noun: str) -> None:
    if user is not None and not members(organisation).filter(pk=user.pk).exists():
        raise ValidationError({field: f"The {noun} must be a member of {organisation.name}"})


# Plans ------------------------------------------------------------------------------------------


def _check_plan(organisation, *, title, owner, starts_on, ends_on, review, status) -> None:
    if not (title or "").strip():
        raise ValidationError({"title": "Enter the plan's title"})
    if starts_on is None:
        raise ValidationError({"starts_on": "Enter the day the plan starts"})
    if ends_on is None:
        raise ValidationError({"ends_on": "Enter the day the plan ends"})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": f"The plan must end on or after the day it starts, {govuk_date(starts_on)}"})
    if status not in PlanStatus.values:
        raise ValidationError({"status": "Choose the plan's status"})
    _check_member(organisation, owner, "owner", "plan's owner")
    if review is not None and not reviews_to_answer(organisation).filter(pk=review.pk).exists():
        raise ValidationError({"review": f"The review must be a published review of {organisation.name}"})


@transaction.atomic
def create_plan(
    organisation,
    *,
    by,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    summary: str = "",
    owner=None,
    status: str = PlanStatus.ACTIVE,
    review=None,
) -> Plan:
    """A new plan of the council."""
    if status == PlanStatus.SUPERSEDED:
        raise ValidationError({"status": "A new plan cannot start as superseded: supersede it from its page"})
    _check_plan(
        organisation, title=title, owner=owner, starts_on=starts_on, ends_on=ends_on, review=review, status=status
    )
    plan = Plan(
        organisation=organisation,
        title=title.strip(),
        summary=summary.strip(),
        owner=owner,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        review=review,
        created_by=by,
    )
    plan._history_user = by
    plan._change_reason = "Plan created"
    plan.save()
    return plan


@transaction.atomic
def change_plan(plan: Plan, *, by, **fields: Any) -> Plan:
    """Change a plan's title, summary, owner, period, status or review.

    Superseded is set only by :func:`supersede_plan` (it needs the plan that takes the work);
    a superseded plan's status is changed back only by choosing another status here, which
    clears the link."""
    plan = Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
    allowed = {"title", "summary", "owner", "starts_on", "ends_on", "status", "review"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"change_plan() got unexpected fields: {', '.join(sorted(unknown))}")
    values = {name: getattr(plan, name) for name in allowed} | fields
    if values["status"] == PlanStatus.SUPERSEDED and plan.status != PlanStatus.SUPERSEDED:
        raise ValidationError({"status": "To supersede the plan, use “Supersede this plan” and choose the plan"})
    _check_plan(
        plan.organisation, **{k: values[k] for k in ("title", "owner", "starts_on", "ends_on", "review", "status")}
    )
    for name, value in values.items():
        setattr(plan, name, value.strip() if isinstance(value, str) and name in ("title", "summary") else value)
    if plan.status != PlanStatus.SUPERSEDED and plan.superseded_by_id:
        plan.superseded_by, plan.superseded_on = None, None
    plan._history_user = by
    plan.save()
    return plan


# Themes -----------------------------------------------------------------------------------------


def _check_theme(plan: Plan, *, title, lead, lead_name) -> None:
    if not (title or "").strip():
        raise ValidationError({"title": "Enter the theme's title"})
    if lead is not None and (lead_name or "").strip():
        raise ValidationError({"lead_name": "Give the lead as a member or as a name, not both"})
    _check_member(plan.organisation, lead, "lead", "theme's lead")


@transaction.atomic
def add_theme(plan: Plan, *, by, title: str, lead=None, lead_name: str = "", position: int | None = None) -> Theme:
    """A new theme of the plan, last unless a position is given."""
    plan = Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
    _check_theme(plan, title=title, lead=lead, lead_name=lead_name)
    if position is None:
        position = (plan.themes.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    theme = Theme(plan=plan, title=title.strip(), lead=lead, lead_name=lead_name.strip(), position=position)
    theme._history_user = by
    theme.save()
    return theme


@transaction.atomic
def change_theme(theme: Theme, *, by, title: str, lead=None, lead_name: str = "", position: int) -> Theme:
    theme = Theme.objects.select_for_update().select_related("plan__organisation").get(pk=theme.pk)
    _check_theme(theme.plan, title=title, lead=lead, lead_name=lead_name)
    theme.title, theme.lead, theme.lead_name, theme.position = title.strip(), lead, lead_name.strip(), position
    theme._history_user = by
    theme.save()
    return theme


# Actions ----------------------------------------------------------------------------------------


def _check_reference(plan: Plan, reference: str, *, exclude: int | None = None) -> None:
    if not reference:
        return
    taken = Action.objects.filter(plan=plan, reference__iexact=reference)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"reference": f"Another action of the plan has the reference {reference}"})


def _check_action(plan: Plan, *, title, theme, owner, owner_name, elements) -> None:
    if not (title or "").strip():
        raise ValidationError({"title": "Enter what the action is"})
    if len(title.strip()) > TITLE_LIMIT:
        raise ValidationError({"title": f"The action's title must be {TITLE_LIMIT} characters or fewer"})
    if theme is not None and theme.plan_id != plan.pk:
        raise ValidationError({"theme": "Choose one of the plan's themes"})
    if owner is not None and (owner_name or "").strip():
        raise ValidationError({"owner_name": "Give the owner as a member or as a name, not both"})
    _check_member(plan.organisation, owner, "owner", "action's owner")
    allowed = set(council_elements(plan.organisation).values_list("pk", flat=True))
    if any(element.pk not in allowed for element in elements):
        raise ValidationError({"elements": "Choose elements of the council's self-assessment framework"})


def _next_position(plan: Plan) -> int:
    return (Action.objects.filter(plan=plan).order_by("-position").values_list("position", flat=True).first() or 0) + 1


def _check_recommendations(plan: Plan, recommendations) -> None:
    for recommendation in recommendations:
        if recommendation.review.organisation_id != plan.organisation_id:
            raise ValidationError({"recommendations": "The recommendation must be of a review of the council"})


@transaction.atomic
def create_action(
    plan: Plan,
    *,
    by,
    title: str,
    description: str = "",
    theme: Theme | None = None,
    owner=None,
    owner_name: str = "",
    reference: str = "",
    due_date: dt.date | None = None,
    elements: Iterable = (),
    recommendations: Iterable = (),
    top_risk=None,
    flag_key: str = "",
    flag_check: str = "",
    flag_detail: str = "",
    source: str | None = None,
) -> Action:
    """A new action of the plan, its source recorded: recommendations, a top risk, a flag, or direct."""
    plan = Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
    recommendations, elements = list(recommendations), list(elements)
    reference = (reference or "").strip()
    _check_action(plan, title=title, theme=theme, owner=owner, owner_name=owner_name, elements=elements)
    _check_reference(plan, reference)
    _check_recommendations(plan, recommendations)
    if top_risk is not None and top_risk.assessment.organisation_id != plan.organisation_id:
        raise ValidationError({"top_risk": "The top risk must be of the council's self-assessment"})
    if source is None:
        if recommendations:
            source = Source.RECOMMENDATION
        elif top_risk is not None:
            source = Source.TOP_RISK
        elif flag_key:
            source = Source.FLAG
        else:
            source = Source.DIRECT
    action = Action(
        plan=plan,
        theme=theme,
        reference=reference,
        position=_next_position(plan),
        title=title.strip(),
        description=(description or "").strip(),
        source=source,
        top_risk=top_risk,
        flag_key=flag_key,
        flag_check=flag_check,
        flag_detail=flag_detail,
        owner=owner,
        owner_name=(owner_name or "").strip(),
        due_date=due_date,
        original_due_date=due_date,
        created_by=by,
    )
    action._history_user = by
    action._change_reason = f"Action created ({Source(source).label.lower()})"
    action.save()
    if recommendations:
        action.recommendations.set(recommendations)
    if elements:
        action.elements.set(elements)
    return action


@transaction.atomic
def change_action(
    action: Action,
    *,
    by,
    title: str,
    description: str = "",
    theme: Theme | None = None,
    owner=None,
    owner_name: str = "",
    reference: str = "",
    elements: Iterable = (),
    due_date: dt.date | None = None,
) -> Action:
    """Change an action's title, description, theme, owner, reference and elements.

    ``due_date`` is taken only while the action has none (the first date is also kept as
    ``original_due_date``); a set date moves only through an approved extension."""
    action = Action.objects.select_for_update().select_related("plan__organisation").get(pk=action.pk)
    elements = list(elements)
    reference = (reference or "").strip()
    _check_action(action.plan, title=title, theme=theme, owner=owner, owner_name=owner_name, elements=elements)
    _check_reference(action.plan, reference, exclude=action.pk)
    if due_date is not None and action.due_date is not None and due_date != action.due_date:
        raise ValidationError(
            {"due_date": f"The action is due on {govuk_date(action.due_date)}: ask for an extension to change its date"}
        )
    action.title, action.description = title.strip(), (description or "").strip()
    action.theme, action.owner, action.owner_name = theme, owner, (owner_name or "").strip()
    action.reference = reference
    if action.due_date is None and due_date is not None:
        action.due_date = due_date
        action.original_due_date = action.original_due_date or due_date
    action._history_user = by
    action.save()
    action.elements.set(elements)
    return action


@transaction.atomic
def actions_from_review(plan: Plan, *, by, recommendations: Iterable, theme: Theme | None = None) -> list[Action]:
    """One action per recommendation, linked to it, titled with its text and numbered by it.

    Each must be an accepted (or partly accepted) recommendation of the review the plan
    answers. A recommendation may already have actions: another is added."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("organisation", "review").get(pk=plan.pk)
    if plan.review is None:
        raise ValidationError({"recommendations": "The plan answers no review: choose its review first"})
    recommendations = list(recommendations)
    if not recommendations:
        raise ValidationError({"recommendations": "Choose at least one recommendation to make an action for"})
    accepted = set(accepted_recommendations(plan.review).values_list("pk", flat=True))
    if any(recommendation.pk not in accepted for recommendation in recommendations):
        raise ValidationError({"recommendations": "Choose recommendations the council accepted"})
    if theme is not None and theme.plan_id != plan.pk:
        raise ValidationError({"theme": "Choose one of the plan's themes"})
    taken = {ref.lower() for ref in Action.objects.filter(plan=plan).values_list("reference", flat=True)}
    position = _next_position(plan)
    made = []
    for recommendation in recommendations:
        reference = str(recommendation.number) if recommendation.number else ""
        if reference.lower() in taken:
            reference = ""
        taken.add(reference.lower())
        text = " ".join(recommendation.text.split())
        title = text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1].rstrip() + "…"
        action = Action(
            plan=plan,
            theme=theme,
            reference=reference,
            position=position,
            title=title,
            source=Source.RECOMMENDATION,
            created_by=by,
        )
        action._history_user = by
        action._change_reason = f"Action created from {recommendation.label}"
        action.save()
        action.recommendations.set([recommendation])
        position += 1
        made.append(action)
    return made


# Supersession -----------------------------------------------------------------------------------


@transaction.atomic
def supersede_plan(plan: Plan, *, by, successor: Plan, note: str = "", on: dt.date | None = None) -> Plan:
    """The plan is wholly superseded by ``successor``, another plan of the council: its status
    becomes superseded and its open actions show where their work went."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if successor is None:
        raise ValidationError({"successor": "Choose the plan that takes over the work"})
    if successor.pk == plan.pk:
        raise ValidationError({"successor": "A plan cannot supersede itself: choose another plan"})
    if successor.organisation_id != plan.organisation_id:
        raise ValidationError({"successor": "Choose another plan of the council"})
    successor = Plan.objects.get(pk=successor.pk)  # as saved: the chain is read from the database
    seen, step = {plan.pk}, successor
    while step is not None:
        if step.superseded_by_id in seen:
            raise ValidationError({"successor": f"{successor.title} is itself superseded by this plan"})
        seen.add(step.pk)
        step = step.superseded_by
    plan.status, plan.superseded_by = PlanStatus.SUPERSEDED, successor
    plan.superseded_on = on or timezone.localdate()
    plan.supersession_note = (note or "").strip()
    plan._history_user = by
    plan._change_reason = f"Superseded by {successor.title}"
    plan.save()
    return plan


@transaction.atomic
def supersede_action(action: Action, *, by, successor: Action, note: str = "", on: dt.date | None = None) -> Action:
    """The action's work moved to ``successor``, an action of this or another plan of the council."""
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    if successor is None:
        raise ValidationError({"reference": "Choose the action that takes over the work"})
    if successor.pk == action.pk:
        raise ValidationError({"reference": "An action cannot supersede itself: choose another action"})
    if successor.plan.organisation_id != action.plan.organisation_id:
        raise ValidationError({"reference": "Choose an action of the council's plans"})
    successor = Action.objects.select_related("plan").get(pk=successor.pk)
    step, seen = successor, {action.pk}
    while step is not None:
        if step.superseded_by_id in seen:
            raise ValidationError({"reference": "That action's work already moved to this one: choose another"})
        seen.add(step.pk)
        step = step.superseded_by
    action.superseded_by = successor
    action.superseded_on = on or timezone.localdate()
    action.supersession_note = (note or "").strip()
    action._history_user = by
    action._change_reason = f"Superseded by {successor}"
    action.save()
    return action


# Reading ----------------------------------------------------------------------------------------


def plan_counts(
    organisation, *, today: dt.date | None = None, stale_after_days: int | None = None
) -> dict[int, dict[str, int]]:
    """Each plan's open, overdue, stale and closed actions: {plan id: counts}, in one query.

    Open means not closed and not superseded; overdue and stale are :mod:`.status`'s tests
    (the council's stale days unless given)."""
    today = today or timezone.localdate()
    days = settings_for(organisation).stale_after_days if stale_after_days is None else stale_after_days
    open_q = ~Q(status__in=CLOSED_STATUSES) & Q(superseded_by__isnull=True, superseded_by_id_generic__isnull=True)
    rows = (
        Action.objects.in_organisation(organisation)
        .order_by()
        .values("plan_id")
        .annotate(
            open=Count("pk", filter=open_q),
            overdue=Count("pk", filter=overdue_q(today)),
            stale=Count("pk", filter=stale_q(days, today)),
            closed=Count("pk", filter=Q(status__in=CLOSED_STATUSES)),
            total=Count("pk"),
        )
    )
    return {row.pop("plan_id"): row for row in rows}
