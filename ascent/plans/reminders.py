"""Reminders: the daily e-mail digest to the owners of actions due soon or overdue, and who opts out.

Once a day (the worker's task in :mod:`ascent.plans.tasks`, or ``manage.py
send_action_reminders``) each person who owns open actions that are overdue, or due within
their council's ``reminder_days_ahead`` (:func:`ascent.plans.status.settings_for`), gets ONE
e-mail listing them all, with links, whatever council or plan they belong to. Nothing is sent:

- for an action of a council that turned reminders off (``PlanSettings.reminders_enabled``);
- to a person who turned the digest off (``ReminderPreference.digest_enabled``);
- to a person already sent one today (``ReminderDigest``, one row per person a day: two runs
  at once, or a run again after a crash, never send twice);
- about an action that is closed or superseded, of a plan that is superseded or closed, with
  no due date, or owned by someone who is no longer a member of its council or whose account
  is switched off.

"Overdue" is :func:`ascent.plans.status.overdue_q`, the meaning every page uses.

The council's plan settings and a person's choice are changed here too
(:func:`change_plan_settings`, :func:`set_digest_enabled`): each is one transaction that
records who acted.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ascent.core.dates import govuk_date

from .models import Action, PlanSettings, PlanStatus, ReminderDigest, ReminderPreference
from .status import Settings, settings_for

logger = logging.getLogger(__name__)

#: The bounds of each plan setting, and the words that name it in a refusal.
LIMITS = {
    "stale_after_days": (7, 365, "The days without an update before an action is stale"),
    "follow_up_months": (1, 36, "The months from a review's letter to its follow-up"),
    "reminder_days_ahead": (1, 90, "The days ahead the reminder lists actions due"),
}


# Who gets what -------------------------------------------------------------------------------


@dataclass
class Digest:
    """One person's digest: their actions, overdue first, then by due date."""

    user: object
    actions: list[Action]
    today: dt.date

    @property
    def overdue(self) -> list[Action]:
        return [action for action in self.actions if action.due_date < self.today]

    @property
    def due_soon(self) -> list[Action]:
        return [action for action in self.actions if action.due_date >= self.today]

    @property
    def subject(self) -> str:
        parts = []
        if self.overdue:
            parts.append(f"{len(self.overdue)} overdue")
        if self.due_soon:
            parts.append(f"{len(self.due_soon)} due soon")
        noun = "action" if len(self.actions) == 1 else "actions"
        return f"Your improvement plan {noun}: {' and '.join(parts)}"


@dataclass
class Outcome:
    """What a run did (or, in a dry run, would do)."""

    today: dt.date
    sent: list[Digest] = field(default_factory=list)
    #: People with actions to remind who turned the digest off.
    opted_out: list = field(default_factory=list)
    #: People already sent today's digest.
    already_sent: list = field(default_factory=list)
    #: Actions left out because their council turned reminders off.
    council_off: int = 0
    #: People whose e-mail could not be sent (logged; tried again on the next run).
    failed: list = field(default_factory=list)

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "Would send" if dry_run else "Sent"
        actions = sum(len(digest.actions) for digest in self.sent)
        line = (
            f"{verb} {len(self.sent)} digest{'' if len(self.sent) == 1 else 's'} "
            f"listing {actions} action{'' if actions == 1 else 's'} on {govuk_date(self.today)}"
        )
        notes = []
        if self.already_sent:
            notes.append(f"{len(self.already_sent)} already sent today")
        if self.opted_out:
            notes.append(f"{len(self.opted_out)} turned off by the person")
        if self.council_off:
            plural = "" if self.council_off == 1 else "s"
            notes.append(f"{self.council_off} action{plural} of councils with reminders off")
        if self.failed:
            notes.append(f"{len(self.failed)} could not be sent (see the log)")
        return line + (f" ({'; '.join(notes)})" if notes else "")


def _settings_by_council() -> tuple[dict[int, Settings], Settings]:
    """Every council's saved plan settings (one query), and the service's defaults for the rest."""
    saved = {
        row.organisation_id: Settings(
            reminders_enabled=row.reminders_enabled,
            stale_after_days=row.stale_after_days,
            follow_up_months=row.follow_up_months,
            reminder_days_ahead=row.reminder_days_ahead,
        )
        for row in PlanSettings.objects.all()
    }
    return saved, _defaults()


def _defaults() -> Settings:
    """The service's defaults, as :func:`ascent.plans.status.settings_for` gives a council with none saved."""
    return Settings(
        reminders_enabled=True,
        stale_after_days=settings.ASCENT_ACTION_STALE_DAYS,
        follow_up_months=settings.ASCENT_FOLLOW_UP_MONTHS,
        reminder_days_ahead=settings.ASCENT_REMINDER_DAYS_AHEAD,
    )


def reminder_actions(today: dt.date, saved: dict[int, Settings], defaults: Settings):
    """Open actions with an owner who is still a member of the council, due by the furthest
    horizon any council uses (each council's own horizon is applied by :func:`plan_digests`)."""
    furthest = max([defaults.reminder_days_ahead, *(row.reminder_days_ahead for row in saved.values())])
    return (
        Action.objects.open()
        .filter(
            owner__isnull=False,
            owner__is_active=True,
            due_date__isnull=False,
            due_date__lte=today + dt.timedelta(days=furthest),
            # Still a member of the council whose action it is (one membership per person and council).
            plan__organisation__memberships__user=F("owner"),
        )
        .exclude(owner__email="")
        .exclude(plan__status__in=[PlanStatus.SUPERSEDED, PlanStatus.CLOSED])
        .select_related("plan", "plan__organisation", "theme", "owner")
        .order_by("owner_id", "due_date", "plan__organisation__name", "plan__title", "position", "pk")
    )


def plan_digests(today: dt.date | None = None) -> Outcome:
    """Who would get which actions today, and who is left out and why (four queries; sends nothing)."""
    today = today or timezone.localdate()
    outcome = Outcome(today=today)
    saved, defaults = _settings_by_council()
    by_owner: dict[int, list[Action]] = defaultdict(list)
    owners = {}
    for action in reminder_actions(today, saved, defaults):
        rules = saved.get(action.plan.organisation_id, defaults)
        if action.due_date > today + dt.timedelta(days=rules.reminder_days_ahead):
            continue
        if not rules.reminders_enabled:
            outcome.council_off += 1
            continue
        by_owner[action.owner_id].append(action)
        owners[action.owner_id] = action.owner
    if not by_owner:
        return outcome
    opted_out = set(
        ReminderPreference.objects.filter(user_id__in=by_owner, digest_enabled=False).values_list("user_id", flat=True)
    )
    sent = set(ReminderDigest.objects.filter(user_id__in=by_owner, sent_on=today).values_list("user_id", flat=True))
    for owner_id, actions in by_owner.items():
        user = owners[owner_id]
        if owner_id in opted_out:
            outcome.opted_out.append(user)
        elif owner_id in sent:
            outcome.already_sent.append(user)
        else:
            # Overdue first (oldest first), then due soon (soonest first): already in due-date order.
            outcome.sent.append(Digest(user=user, actions=actions, today=today))
    return outcome


# Sending ---------------------------------------------------------------------------------------


def _link(name: str, **kwargs) -> str:
    return settings.ASCENT_SITE_URL + reverse(name, kwargs=kwargs)


def _groups(digest: Digest) -> list[dict]:
    """The digest's actions grouped by council and plan, each with its link and how late or soon."""
    groups: dict[int, dict] = {}
    for action in sorted(
        digest.actions, key=lambda a: (a.plan.organisation.name, a.plan.title, a.plan_id, a.due_date, a.pk)
    ):
        plan = action.plan
        group = groups.setdefault(
            plan.pk,
            {
                "plan": plan,
                "organisation": plan.organisation,
                "link": _link("plans:plan", gss_code=plan.organisation.gss_code, plan_id=plan.pk),
                "actions": [],
            },
        )
        days = (action.due_date - digest.today).days
        if days < 0:
            when = f"overdue by {-days} day{'' if days == -1 else 's'}"
        elif days == 0:
            when = "due today"
        else:
            when = f"due in {days} day{'' if days == 1 else 's'}"
        group["actions"].append(
            {
                "action": action,
                "overdue": days < 0,
                "when": when,
                "link": _link(
                    "plans:action", gss_code=plan.organisation.gss_code, plan_id=plan.pk, action_id=action.pk
                ),
            }
        )
    return list(groups.values())


def message_for(digest: Digest) -> EmailMultiAlternatives:
    """The digest as an e-mail, in plain text with an HTML alternative."""
    groups = _groups(digest)
    first = groups[0]["organisation"]
    context = {
        "user": digest.user,
        "digest": digest,
        "groups": groups,
        "today": digest.today,
        "preferences_link": _link("plans:reminder_preferences", gss_code=first.gss_code),
        "service_name": settings.ASCENT_SERVICE_NAME,
    }
    text = render_to_string("plans/reminders/emails/digest.txt", context)
    html = render_to_string("plans/reminders/emails/digest.html", context)
    message = EmailMultiAlternatives(subject=digest.subject, body=text, to=[digest.user.email])
    message.attach_alternative(html, "text/html")
    return message


def send_digests(today: dt.date | None = None, *, dry_run: bool = False) -> Outcome:
    """Send today's digests; with ``dry_run``, only say what would be sent.

    Each digest is recorded (``ReminderDigest``) and sent in one transaction: a person already
    recorded today (by this run or another at the same moment) is skipped, and a digest whose
    e-mail fails is not recorded, so the next run tries again.
    """
    outcome = plan_digests(today)
    if dry_run:
        return outcome
    planned, outcome.sent = outcome.sent, []
    for digest in planned:
        message = message_for(digest)
        try:
            with transaction.atomic():
                ReminderDigest.objects.create(user=digest.user, sent_on=outcome.today, action_count=len(digest.actions))
                message.send()
        except IntegrityError:
            outcome.already_sent.append(digest.user)
        except Exception:  # noqa: BLE001 - one person's mail server refusing must not stop the others
            logger.exception("The reminder digest to user %s could not be sent", digest.user.pk)
            outcome.failed.append(digest.user)
        else:
            outcome.sent.append(digest)
    logger.info("Action reminders: %s", outcome.summary())
    return outcome


# Choices: the council's settings and a person's ------------------------------------------------


def digest_enabled(user) -> bool:
    """Whether the person gets the digest (on unless they turned it off)."""
    preference = ReminderPreference.objects.filter(user=user).first()
    return preference is None or preference.digest_enabled


@transaction.atomic
def set_digest_enabled(user, *, enabled: bool, by) -> ReminderPreference:
    """Turn the person's digest on or off (they choose for themselves)."""
    preference = ReminderPreference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        preference = ReminderPreference(user=user, digest_enabled=not enabled)
    if preference.digest_enabled != enabled or preference._state.adding:
        preference.digest_enabled = enabled
        preference._history_user = by
        preference._change_reason = "Reminder digest turned on" if enabled else "Reminder digest turned off"
        preference.save()
    return preference


@transaction.atomic
def change_plan_settings(
    organisation,
    *,
    by,
    reminders_enabled: bool,
    stale_after_days: int,
    follow_up_months: int,
    reminder_days_ahead: int,
) -> PlanSettings:
    """Save the council's plan settings (the first save makes its row, from the service's defaults)."""
    values = {
        "stale_after_days": stale_after_days,
        "follow_up_months": follow_up_months,
        "reminder_days_ahead": reminder_days_ahead,
    }
    errors = {}
    for name, value in values.items():
        low, high, words = LIMITS[name]
        if value is None:
            errors[name] = f"Enter {words[0].lower()}{words[1:]}"
        elif not low <= value <= high:
            errors[name] = f"{words} must be between {low} and {high}"
    if errors:
        raise ValidationError(errors)
    row = PlanSettings.objects.select_for_update().filter(organisation=organisation).first()
    if row is None:
        row = PlanSettings(organisation=organisation)
    row.reminders_enabled = reminders_enabled
    for name, value in values.items():
        setattr(row, name, value)
    row._history_user = by
    row._change_reason = "Plan settings changed"
    row.save()
    return row


def upcoming_for(user, organisation, today: dt.date | None = None, *, ahead: int | None = None) -> list[Action]:
    """The person's actions of the council that a digest would list today, whatever their choices
    (``ahead``: the council's days ahead, if the caller has read its settings already)."""
    today = today or timezone.localdate()
    if ahead is None:
        ahead = settings_for(organisation).reminder_days_ahead
    return list(
        Action.objects.in_organisation(organisation)
        .open()
        .filter(owner=user, due_date__isnull=False, due_date__lte=today + dt.timedelta(days=ahead))
        .exclude(plan__status__in=[PlanStatus.SUPERSEDED, PlanStatus.CLOSED])
        .select_related("plan")
        .order_by("due_date", "plan__title", "position", "pk")
    )


def last_settings_change(organisation):
    """The latest saved change of the council's plan settings (a history record), or None."""
    return (
        PlanSettings.history.filter(organisation_id=organisation.pk)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
