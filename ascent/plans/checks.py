"""The improvement plans' assurance checks: actions whose reports the facts do not support.

Each check is a pure function over plain values (:class:`ActionFacts`), registered in the one
registry of ``ascent.assurance``; it returns the sentence to show when it flags, or ``None``.
``ascent.plans.flags`` gathers the facts of many actions at once and turns what the checks
say into flags. Only actions still in play are checked: a superseded action's work is
elsewhere, and (apart from "complete without evidence") a closed action needs no more
reporting.

- ``plans.on-track-but-overdue``: reported on track (status on track, or a green RAG) while
  past its due date.
- ``plans.no-update``: no progress update for the council's ``stale_after_days``
  (``PlanSettings``, 60 by default from ``ASCENT_ACTION_STALE_DAYS``); an action never
  updated counts from the day it was added (``ascent.plans.status``).
- ``plans.complete-without-evidence``: complete, with no evidence of completion and no
  reason recorded for having none.
- ``plans.green-while-indicator-worse``: a green RAG while an indicator linked to the action
  has moved the wrong way since it was linked: worse by the indicator's polarity, or, for an
  indicator with no better direction, further from the action's target.
- ``plans.repeated-extensions``: its date moved by more than two approved extensions.

The sixth rule of the issue, an accepted recommendation with no action, is the reviews' own
``reviews.no-actions`` (``ascent.reviews.checks``): this app supplies the numbers it counts
(:func:`ascent.plans.flags.recommendation_action_counts`, declared on the app's
registration), so the flag is raised once, on the review.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ascent.assurance.registry import register
from ascent.core.dates import govuk_date
from ascent.core.rag import Direction, Polarity, direction_of_travel

APP = "plans"

#: More approved extensions than this is a flag.
MOST_EXTENSIONS = 2

ON_TRACK = "on-track"
COMPLETE = "complete"
GREEN = "green"
#: Statuses that end an action (as ``ascent.plans.models.CLOSED_STATUSES``, as plain values).
CLOSED = frozenset({"complete", "will-not-be-done", "done-another-way"})


def _days(number: int) -> str:
    return f"{number:,} day" if number == 1 else f"{number:,} days"


def _times(number: int) -> str:
    return {1: "once", 2: "twice"}.get(number, f"{number:,} times")


@dataclass(frozen=True)
class IndicatorFact:
    """An indicator linked to the action: its value when linked, its latest value and the target."""

    label: str  # "ASCOF-2A Permanent admissions to care homes"
    polarity: str  # a value of ascent.core.rag.Polarity
    baseline: Decimal | None
    latest: Decimal | None
    target: Decimal | None = None
    baseline_text: str = ""  # "52.1%"
    latest_text: str = ""
    target_text: str = ""


@dataclass(frozen=True)
class ActionFacts:
    """Everything the checks need to know about one action."""

    today: datetime.date
    status: str  # a value of ascent.plans.models.ActionStatus
    rag: str = ""  # "green", "amber", "red" or ""
    due_date: datetime.date | None = None
    superseded: bool = False
    #: The latest progress update's date; None when it has had none.
    last_update_on: datetime.date | None = None
    #: The day the action was added (the stale clock starts here when it has no update).
    added_on: datetime.date | None = None
    stale_after_days: int = 60
    completed_on: datetime.date | None = None
    evidence: int = 0
    no_evidence_reason: str = ""
    approved_extensions: int = 0
    original_due_date: datetime.date | None = None
    indicators: tuple[IndicatorFact, ...] = ()

    @property
    def in_play(self) -> bool:
        """Open and not superseded: still to be done, so still to be reported on."""
        return self.status not in CLOSED and not self.superseded


@register(
    "plans.on-track-but-overdue",
    title="Reported on track but overdue",
    reason=(
        "An action past its due date is not on track, whatever its last report said. Either record a progress "
        "update that says where it really stands, or ask for a later date with a reason."
    ),
    app=APP,
)
def on_track_but_overdue(facts: ActionFacts) -> str | None:
    if not facts.in_play or facts.due_date is None or facts.due_date >= facts.today:
        return None
    on_track = facts.status == ON_TRACK
    green = facts.rag == GREEN
    if not (on_track or green):
        return None
    said = "on track with a green RAG" if on_track and green else "on track" if on_track else "with a green RAG"
    late = (facts.today - facts.due_date).days
    return f"Reported {said}, but it was due on {govuk_date(facts.due_date)}: {_days(late)} ago."


@register(
    "plans.no-update",
    title="No progress update",
    reason=(
        "An open action nobody has reported on for weeks may have stalled without anyone noticing. Its owner "
        "should record a progress update, even to say that nothing has moved and why."
    ),
    app=APP,
)
def no_update(facts: ActionFacts) -> str | None:
    if not facts.in_play:
        return None
    since = facts.last_update_on or facts.added_on
    if since is None:
        return None
    waited = (facts.today - since).days
    if waited < facts.stale_after_days:
        return None
    limit = f"the council asks for one at least every {_days(facts.stale_after_days)}"
    if facts.last_update_on is None:
        return f"No progress update since it was added on {govuk_date(since)}, {_days(waited)} ago ({limit})."
    return f"No progress update for {_days(waited)}, since {govuk_date(since)} ({limit})."


@register(
    "plans.complete-without-evidence",
    title="Complete without evidence",
    reason=(
        "Closing an action as complete should rest on something others can see: a document, a report or a link "
        "that shows it was done. Add the evidence, or record why there is none."
    ),
    app=APP,
)
def complete_without_evidence(facts: ActionFacts) -> str | None:
    if facts.status != COMPLETE or facts.superseded:
        return None
    if facts.evidence > 0 or facts.no_evidence_reason.strip():
        return None
    when = f" on {govuk_date(facts.completed_on)}" if facts.completed_on else ""
    return f"Marked complete{when} with no evidence of completion and no reason recorded for having none."


def moved_the_wrong_way(indicator: IndicatorFact) -> bool:
    """Worse since linking by the indicator's polarity; for one with no better direction, further from the target."""
    if indicator.baseline is None or indicator.latest is None:
        return False
    polarity = Polarity(indicator.polarity)
    if polarity is not Polarity.NEITHER:
        return direction_of_travel(indicator.baseline, indicator.latest, polarity) is Direction.WORSENING
    if indicator.target is None:
        return False
    return abs(indicator.latest - indicator.target) > abs(indicator.baseline - indicator.target)


@register(
    "plans.green-while-indicator-worse",
    title="Green while its indicator gets worse",
    reason=(
        "A green RAG says the action will do what it set out to do. If the figure it is meant to move has gone "
        "the wrong way since the action began, say why the action is still on course, or change its RAG."
    ),
    app=APP,
)
def green_while_indicator_worse(facts: ActionFacts) -> str | None:
    if not facts.in_play or facts.rag != GREEN:
        return None
    worse = [indicator for indicator in facts.indicators if moved_the_wrong_way(indicator)]
    if not worse:
        return None
    parts = []
    for indicator in worse:
        part = f"{indicator.label} from {indicator.baseline_text or indicator.baseline} to "
        part += f"{indicator.latest_text or indicator.latest}"
        if indicator.target is not None:
            part += f" (target {indicator.target_text or indicator.target})"
        parts.append(part)
    noun = "a linked indicator has" if len(worse) == 1 else f"{len(worse)} linked indicators have"
    return f"RAG green, but {noun} moved the wrong way since it was linked: {'; '.join(parts)}."


@register(
    "plans.repeated-extensions",
    title="Extended more than twice",
    reason=(
        "An action whose date keeps moving may be the wrong action, too big, or without the resources it needs. "
        "After a second extension the plan's owner should look again at whether it can be done, and how."
    ),
    app=APP,
)
def repeated_extensions(facts: ActionFacts) -> str | None:
    if not facts.in_play or facts.approved_extensions <= MOST_EXTENSIONS:
        return None
    moved = f"Its date has been moved {_times(facts.approved_extensions)} by approved extensions"
    if facts.original_due_date and facts.due_date:
        return f"{moved}: first due on {govuk_date(facts.original_due_date)}, now {govuk_date(facts.due_date)}."
    return f"{moved}."


#: Every check of this module, in the order flags of one action are listed.
ACTION_CHECKS = (
    "plans.on-track-but-overdue",
    "plans.no-update",
    "plans.complete-without-evidence",
    "plans.green-while-indicator-worse",
    "plans.repeated-extensions",
)
