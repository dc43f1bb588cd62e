"""Keeping an action moving: progress updates, closing and reopening, milestones, evidence and indicators.

Every change is one function here, called by the action's pages (``views/progress.py``) and by
anything else that changes an action (an import, the demo). Each runs in one transaction,
locks the action it changes (two people updating the same action at once must not lose a
status), records who acted for the audit trail, and refuses bad input with a
``ValidationError`` naming the field in plain English.

The closing rules live here and nowhere else (:func:`closing_problems`):

- **complete** needs evidence of completion on the action (a file of the council's evidence
  store or a link), or a recorded reason why there is none (``no_evidence_reason``); it sets
  ``completed_on`` and 100 per cent;
- **will not be done** and **done another way** need a reason (``status_reason``).

A progress update may report a closing status only when those rules are met (its text is the
reason for the two that need one); :func:`close_action` is the page for it. A closed action is
reopened with :func:`reopen_action`, which says why. Dates move only through extensions
(``ascent.plans.extensions``).

:func:`action_page` reads everything the action's page shows in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from ascent.core.dates import govuk_date

from .models import (
    CLOSED_STATUSES,
    REASONED_STATUSES,
    Action,
    ActionEvidence,
    ActionIndicator,
    ActionStatus,
    ExtensionRequest,
    Milestone,
    ProgressUpdate,
)
from .status import is_overdue, is_stale, last_activity_on, settings_for

#: Statuses an action has while its work goes on (a progress update's usual choices).
OPEN_STATUSES = [
    ActionStatus.NOT_STARTED,
    ActionStatus.ON_TRACK,
    ActionStatus.AT_RISK,
    ActionStatus.OFF_TRACK,
]
TEXT_LIMIT = 10000


def _lock(action: Action) -> Action:
    return Action.objects.select_for_update().select_related("plan").get(pk=action.pk)


def _refuse_if_superseded(action: Action) -> None:
    if action.is_superseded:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: "The action's work has moved elsewhere (it is superseded): "
                "record progress on the action that took it on"
            }
        )


def _check_day(name: str, day: dt.date | None, *, what: str, required: bool = True) -> None:
    if day is None:
        if required:
            raise ValidationError({name: f"Enter {what}"})
        return
    if day > timezone.localdate():
        raise ValidationError({name: f"{what[0].upper()}{what[1:]} must be today or earlier"})


def _check_text(name: str, text: str, *, missing: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({name: missing})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({name: f"{what} must be {TEXT_LIMIT:,} characters or fewer"})
    return text


def _check_percent(percent: int | None) -> None:
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent_complete": "Per cent complete must be a whole number from 0 to 100"})


# ----- closing rules ---------------------------------------------------------------------------


def closing_problems(action: Action, status: str, *, reason: str = "", no_evidence_reason: str = "") -> dict:
    """What stops ``action`` closing with ``status`` ({field: message}); empty when it may close.

    ``reason`` is why it will not be done (or how it was done another way);
    ``no_evidence_reason`` is why a complete action has no evidence (one already recorded on
    the action counts)."""
    problems: dict[str, str] = {}
    if status == ActionStatus.COMPLETE:
        has_evidence = ActionEvidence.objects.filter(action=action).exists()
        if not has_evidence and not (no_evidence_reason or "").strip() and not action.no_evidence_reason.strip():
            problems["no_evidence_reason"] = "Add evidence of completion to the action, or say why there is no evidence"
    elif status in REASONED_STATUSES and not (reason or "").strip():
        problems["reason"] = (
            "Say why the action will not be done"
            if status == ActionStatus.WILL_NOT_BE_DONE
            else "Say how the action was done another way"
        )
    return problems


def _apply_close(action: Action, status: str, *, on: dt.date, reason: str, no_evidence_reason: str) -> list[str]:
    """Set the closing fields on a locked action; the names of the fields changed."""
    action.status = status
    action.completed_on = on
    changed = ["status", "completed_on"]
    if status == ActionStatus.COMPLETE:
        action.percent_complete = 100
        changed.append("percent_complete")
        if no_evidence_reason.strip():
            action.no_evidence_reason = no_evidence_reason.strip()
            changed.append("no_evidence_reason")
    else:
        action.status_reason = reason.strip()
        changed.append("status_reason")
    return changed


# ----- progress updates ------------------------------------------------------------------------


@transaction.atomic
def add_update(
    action: Action,
    *,
    by,
    on: dt.date | None,
    text: str,
    status: str = "",
    percent_complete: int | None = None,
    rag: str = "",
) -> ProgressUpdate:
    """Record a progress update, and move the action's status, per cent and RAG to what it reports.

    A closing status is taken only when the closing rules are met (the update's text is the
    reason where one is needed); a closed action takes notes but no new status until reopened."""
    action = _lock(action)
    _refuse_if_superseded(action)
    _check_day("on", on, what="the date of the update")
    text = _check_text("text", text, missing="Write what has happened since the last update", what="The update")
    _check_percent(percent_complete)
    if status and status not in ActionStatus.values:
        raise ValidationError({"status": "Choose one of the statuses listed"})
    changed = ["last_update_on", "updated_at"]
    if action.is_closed and status and status != action.status:
        raise ValidationError(
            {"status": f"The action is {action.get_status_display().lower()}: reopen it before changing its status"}
        )
    if status in CLOSED_STATUSES and not action.is_closed:
        problems = closing_problems(action, status, reason=text)
        if problems:
            problems = {("status" if key == "reason" else key): message for key, message in problems.items()}
            raise ValidationError({"status": " ".join(problems.values())})
        changed += _apply_close(action, status, on=on, reason=text, no_evidence_reason="")
    elif status:
        action.status = status
        changed.append("status")
    if status == ActionStatus.COMPLETE:
        percent_complete = 100
    if percent_complete is not None:
        action.percent_complete = percent_complete
        changed.append("percent_complete")
    if rag:
        action.rag = rag
        changed.append("rag")
    update = ProgressUpdate(
        action=action,
        on=on,
        author=by,
        text=text,
        status=status,
        percent_complete=percent_complete,
        rag=rag,
    )
    update._history_user = by
    update.save()
    if action.last_update_on is None or on > action.last_update_on:
        action.last_update_on = on
    action._history_user = by
    action._change_reason = "Progress update"
    action.save(update_fields=sorted(set(changed)))
    return update


# ----- closing and reopening -------------------------------------------------------------------


@transaction.atomic
def close_action(
    action: Action,
    *,
    by,
    status: str,
    on: dt.date | None = None,
    reason: str = "",
    no_evidence_reason: str = "",
) -> Action:
    """Close the action as complete, will not be done, or done another way (the closing rules apply).

    The closing is also kept as a progress update, so the page's history says who closed it."""
    action = _lock(action)
    _refuse_if_superseded(action)
    if status not in CLOSED_STATUSES:
        raise ValidationError(
            {"status": "Choose how the action closes: complete, will not be done, or done another way"}
        )
    if action.is_closed:
        raise ValidationError({"status": f"The action is already closed ({action.get_status_display().lower()})"})
    on = on or timezone.localdate()
    _check_day("on", on, what="the day the action closed")
    problems = closing_problems(action, status, reason=reason, no_evidence_reason=no_evidence_reason)
    if problems:
        raise ValidationError(problems)
    changed = _apply_close(action, status, on=on, reason=reason, no_evidence_reason=no_evidence_reason)
    label = ActionStatus(status).label.lower()
    note = (reason if status in REASONED_STATUSES else no_evidence_reason).strip()
    update = ProgressUpdate(
        action=action,
        on=on,
        author=by,
        text=f"Closed as {label}." + (f" {note}" if note else ""),
        status=status,
        percent_complete=action.percent_complete,
    )
    update._history_user = by
    update.save()
    if action.last_update_on is None or on > action.last_update_on:
        action.last_update_on = on
    action._history_user = by
    action._change_reason = f"Closed as {label}"
    action.save(update_fields=sorted({*changed, "last_update_on", "updated_at"}))
    return action


@transaction.atomic
def reopen_action(action: Action, *, by, status: str, reason: str) -> Action:
    """Reopen a closed action with an open status, saying why (kept as a progress update)."""
    action = _lock(action)
    if not action.is_closed:
        raise ValidationError({"status": "The action is not closed"})
    if status not in OPEN_STATUSES:
        raise ValidationError({"status": "Choose the status the action reopens with"})
    reason = _check_text("reason", reason, missing="Say why the action is reopened", what="The reason")
    today = timezone.localdate()
    action.status = status
    action.completed_on = None
    action.status_reason = ""
    action.no_evidence_reason = ""
    action.last_update_on = max(today, action.last_update_on or today)
    update = ProgressUpdate(
        action=action, on=today, author=by, text=f"Reopened. {reason}", status=status, rag=action.rag
    )
    update._history_user = by
    update.save()
    action._history_user = by
    action._change_reason = "Reopened"
    action.save(
        update_fields=["status", "completed_on", "status_reason", "no_evidence_reason", "last_update_on", "updated_at"]
    )
    return action


# ----- milestones ------------------------------------------------------------------------------


def _check_milestone(title: str, done_on: dt.date | None) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter what the milestone is"})
    if len(title) > 300:
        raise ValidationError({"title": "The milestone must be 300 characters or fewer"})
    _check_day("done_on", done_on, what="the day it was done", required=False)
    return title


@transaction.atomic
def add_milestone(
    action: Action, *, by, title: str, due_date: dt.date | None = None, done_on: dt.date | None = None
) -> Milestone:
    action = _lock(action)
    _refuse_if_superseded(action)
    milestone = Milestone(action=action, title=_check_milestone(title, done_on), due_date=due_date, done_on=done_on)
    milestone._history_user = by
    milestone.save()
    return milestone


@transaction.atomic
def change_milestone(
    milestone: Milestone, *, by, title: str, due_date: dt.date | None, done_on: dt.date | None
) -> Milestone:
    """Change a milestone's title or date, or mark it done (a day it was done) or not done (none)."""
    _lock(milestone.action)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    milestone.title = _check_milestone(title, done_on)
    milestone.due_date, milestone.done_on = due_date, done_on
    milestone._history_user = by
    milestone.save(update_fields=["title", "due_date", "done_on"])
    return milestone


@transaction.atomic
def remove_milestone(milestone: Milestone, *, by) -> None:
    _lock(milestone.action)
    milestone._history_user = by
    milestone.delete()


# ----- evidence of completion ------------------------------------------------------------------


@transaction.atomic
def add_evidence(action: Action, *, by, evidence=None, url: str = "", title: str = "") -> ActionEvidence:
    """Add evidence of completion: a file of the council's evidence store, or a link with its title."""
    action = _lock(action)
    url, title = (url or "").strip(), (title or "").strip()
    if evidence is None and not url:
        raise ValidationError({"evidence": "Choose an evidence file, or give a link"})
    if evidence is not None and url:
        raise ValidationError({"url": "Give either an evidence file or a link, not both"})
    if evidence is not None:
        if evidence.organisation_id != action.plan.organisation_id:
            raise ValidationError({"evidence": "Choose one of the council's evidence files"})
        if ActionEvidence.objects.filter(action=action, evidence=evidence).exists():
            raise ValidationError({"evidence": f"“{evidence.title}” is already evidence for this action"})
    else:
        if not url.startswith(("https://", "http://")):
            raise ValidationError({"url": "Enter the link in full, starting https://"})
        if not title:
            raise ValidationError({"title": "Enter a title for the link, saying what it shows"})
        if ActionEvidence.objects.filter(action=action, url=url).exists():
            raise ValidationError({"url": "That link is already evidence for this action"})
    item = ActionEvidence(action=action, evidence=evidence, url=url, title=title, added_by=by)
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def remove_evidence(item: ActionEvidence, *, by) -> None:
    """Remove evidence; the last evidence of a complete action stays unless a reason for none is recorded."""
    action = _lock(item.action)
    if (
        action.status == ActionStatus.COMPLETE
        and not action.no_evidence_reason.strip()
        and not ActionEvidence.objects.filter(action=action).exclude(pk=item.pk).exists()
    ):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: "The action is complete and this is its only evidence: "
                "add other evidence or reopen the action first"
            }
        )
    item._history_user = by
    item.delete()


# ----- indicators ------------------------------------------------------------------------------


def indicator_choices(action: Action):
    """Indicators the action may be linked to: the catalogue's (shipped and the council's own), not yet linked."""
    from ascent.indicators.models import Indicator

    linked = ActionIndicator.objects.filter(action=action).values("indicator_id")
    return (
        Indicator.objects.for_organisation(action.plan.organisation)
        .filter(is_active=True)
        .exclude(pk__in=linked)
        .order_by("sort_order", "code")
    )


@transaction.atomic
def link_indicator(
    action: Action, indicator, *, by, target: Decimal | None = None, target_period_code: str = ""
) -> ActionIndicator:
    """Link an indicator the action should move, with its target; the baseline is the council's
    latest value now, kept as it is from then on."""
    from ascent.core.periods import PeriodParseError, parse_period
    from ascent.reviews.recommendations import latest_value

    action = _lock(action)
    organisation = action.plan.organisation
    if indicator.organisation_id not in (None, organisation.pk):
        raise ValidationError({"indicator": "Choose an indicator of the catalogue"})
    if ActionIndicator.objects.filter(action=action, indicator=indicator).exists():
        raise ValidationError({"indicator": f"{indicator.code} is already linked to this action"})
    code = ""
    if (target_period_code or "").strip():
        try:
            code = parse_period(target_period_code.strip()).code
        except (PeriodParseError, ValueError):
            raise ValidationError(
                {"target_period_code": "Enter the period of the target as councils write it, like 2027-28"}
            ) from None
    value, period_code, period_label = latest_value(organisation, indicator)
    link = ActionIndicator(
        action=action,
        indicator=indicator,
        target=target,
        target_period_code=code,
        baseline_value=value,
        baseline_period_code=period_code,
        baseline_period_label=period_label,
    )
    link._history_user = by
    link.save()
    return link


@transaction.atomic
def unlink_indicator(link: ActionIndicator, *, by) -> None:
    _lock(link.action)
    link._history_user = by
    link.delete()


def latest_values(organisation, indicators) -> dict[int, tuple[Decimal | None, str]]:
    """{indicator id: (latest value, its period label)} as the scorecard reads it; four queries at most."""
    from ascent.indicators.evidence import indicator_evidence
    from ascent.indicators.models import Observation

    indicators = list(indicators)
    if not indicators:
        return {}
    evidence = indicator_evidence(organisation, indicators)
    wanted = {pk: item.latest.period_code for pk, item in evidence.items() if item.latest is not None}
    if not wanted:
        return {}
    rows = Observation.objects.filter(
        organisation=organisation, indicator_id__in=list(wanted), period_code__in=set(wanted.values())
    ).values_list("indicator_id", "period_code", "value")
    values = {pk: value for pk, code, value in rows if wanted.get(pk) == code}
    return {pk: (values.get(pk), evidence[pk].latest.period) for pk in wanted}


def towards_target(polarity: str, baseline: Decimal | None, latest: Decimal | None, target: Decimal | None) -> str:
    """How far the latest value has come from the baseline to the target, in words (no queries).

    "Target met", "40% of the way to the target", "Moved away from the target", or "" when a
    value is missing or the target equals the baseline."""
    if latest is None or target is None:
        return ""
    if polarity == "lower_is_better" and latest <= target:
        return "Target met"
    if polarity == "higher_is_better" and latest >= target:
        return "Target met"
    if baseline is None or target == baseline:
        return ""
    share = (latest - baseline) / (target - baseline)
    if share <= 0:
        return "Moved away from the target" if share < 0 else "No nearer the target"
    return f"{int(share * 100)}% of the way to the target"


# ----- the action's page -----------------------------------------------------------------------


@dataclass
class ActionPage:
    action: Action
    recommendations: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    extensions: list = field(default_factory=list)
    pending_extension: ExtensionRequest | None = None
    supersedes: list = field(default_factory=list)
    overdue: bool = False
    stale: bool = False
    days_since_update: int = 0
    date_moved: bool = False


def action_page(action: Action, *, today: dt.date | None = None) -> ActionPage:
    """What the action's page shows, in a fixed number of queries whatever the action holds."""
    from ascent.indicators.scorecard import format_value

    from .followup import movement

    today = today or timezone.localdate()
    organisation = action.plan.organisation
    page = ActionPage(action=action)
    page.recommendations = list(action.recommendations.select_related("review").order_by("review_id", "position"))
    page.milestones = list(action.milestones.order_by("done_on", "due_date", "pk"))
    page.updates = list(action.updates.select_related("author").order_by("-on", "-pk"))
    page.evidence = list(action.evidence.select_related("evidence", "added_by"))
    page.extensions = list(
        action.extensions.select_related("requested_by", "decided_by").order_by("-requested_at", "-pk")
    )
    page.pending_extension = next((item for item in page.extensions if item.status == "pending"), None)
    page.supersedes = list(action.supersedes.select_related("plan").order_by("plan_id", "position", "pk"))
    links = list(action.indicator_links.select_related("indicator"))
    latest = latest_values(organisation, [link.indicator for link in links])
    for link in links:
        indicator = link.indicator
        now, period = latest.get(indicator.pk, (None, ""))
        page.indicators.append(
            {
                "link": link,
                "indicator": indicator,
                "baseline_text": format_value(indicator, link.baseline_value),
                "latest_text": format_value(indicator, now),
                "latest_period": period,
                "target_text": format_value(indicator, link.target),
                "towards_target": towards_target(indicator.polarity, link.baseline_value, now, link.target),
                **movement(indicator, link.baseline_value, now),
            }
        )
    page.overdue = is_overdue(action, today)
    page.stale = is_stale(action, settings_for(organisation).stale_after_days, today)
    page.days_since_update = (today - last_activity_on(action)).days
    page.date_moved = bool(action.original_due_date and action.due_date and action.original_due_date != action.due_date)
    return page


def due_text(action: Action) -> str:
    """ "31 March 2027 (originally 31 December 2026)", or "No date yet"."""
    if action.due_date is None:
        return "No date yet"
    text = govuk_date(action.due_date)
    if action.original_due_date and action.original_due_date != action.due_date:
        text += f" (originally {govuk_date(action.original_due_date)})"
    return text
