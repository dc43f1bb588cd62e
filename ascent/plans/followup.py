"""Follow-up reviews: what became of a review's recommendations, about ten months after its letter.

A :class:`~.models.FollowUp` belongs to a published review of the council. It is due
``follow_up_months`` (:func:`ascent.plans.status.settings_for`) after the letter: the latest
published version's date, or, for a review the host recorded without publishing a letter
here, the letter's date or the last day on site (:func:`letter_day`). The date may be changed
while the follow-up is planned.

Its page and report show, per recommendation (number, text, the council's response): the
actions of the council's plans that answer it (status, RAG, percent, due date and the
original date when it moved, overdue), the movement of each indicator linked to the
recommendation since the baseline recorded when it was linked
(``reviews.RecommendationBaseline``), and of each indicator linked to its actions since the
value when that link was made (``ActionIndicator``); "better" or "worse" by the indicator's
polarity (:func:`ascent.core.rag.travel`).

It is made in two steps, as the review letter is, so a held follow-up reads the same later:

- :func:`content` reads the records into plain, JSON-safe content;
- :func:`document_from_content` turns content into a document-kernel ``Document``, rendered
  as the page's body and as HTML, Word and PDF downloads.

:func:`mark_held` keeps the content in ``FollowUp.snapshot``; from then on the follow-up is
read from it (:func:`follow_up_content`) and never changes. Every change is one transaction,
records who acted, and refuses bad input with a ``ValidationError`` naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ascent.core.dates import govuk_date
from ascent.core.rag import Direction, Polarity, travel
from ascent.documents.model import Column, Document, KeyFigures, Note, Paragraph, Section, Table
from ascent.reviews.models import (
    OPEN_STAGES,
    LetterVersion,
    Recommendation,
    RecommendationBaseline,
    Response,
    Review,
    Stage,
)
from ascent.reviews.team import add_months

from .models import CLOSED_STATUSES, Action, ActionIndicator, ActionStatus, FollowUp, FollowUpStatus, ForecastRag
from .status import is_overdue, settings_for

#: The shape of :func:`content`; a later change to it reads older snapshots by this.
CONTENT_FORMAT = 1
#: How a held follow-up's summary may be at most (characters).
SUMMARY_LIMIT = 20000

_DIRECTION_WORDS = {
    Direction.IMPROVING: "Better",
    Direction.WORSENING: "Worse",
    Direction.NO_CHANGE: "No change",
    Direction.INCREASED: "Went up",
    Direction.DECREASED: "Went down",
    Direction.NOT_COMPARABLE: "Cannot compare",
}


# When a follow-up is due ---------------------------------------------------------------------


def letter_day(review: Review) -> dt.date | None:
    """The day the review's letter counts from: the latest published version's date, else the
    letter's own date, else the last (or first) day on site; None when nothing is known."""
    latest = (
        LetterVersion.objects.in_organisation(review.organisation_id)
        .filter(review=review, published_at__isnull=False)
        .aggregate(latest=Max("published_at"))["latest"]
    )
    if latest is not None:
        return timezone.localdate(latest)
    return review.letter_date or review.on_site_to or review.on_site_from


def default_due_on(review: Review, *, months: int | None = None) -> dt.date | None:
    """``months`` (the council's setting by default) after :func:`letter_day`; None with no letter day."""
    day = letter_day(review)
    if day is None:
        return None
    if months is None:
        months = settings_for(review.organisation).follow_up_months
    return add_months(day, months)


def published_reviews(organisation):
    """The council's reviews a follow-up may be of: those whose letter is published (or recorded)."""
    return Review.objects.in_organisation(organisation).exclude(stage__in=OPEN_STAGES).order_by("-on_site_from", "-pk")


# Movement of an indicator ----------------------------------------------------------------------


def movement(indicator, then: Decimal | None, now: Decimal | None) -> dict[str, Any]:
    """How an indicator moved from ``then`` to ``now``, judged by its polarity (no queries).

    ``change`` is now minus then (None when either is missing), as text so it keeps in JSON;
    ``direction`` is a :class:`~ascent.core.rag.Direction` value: "improving" (better),
    "worsening" (worse), "no_change", "increased"/"decreased" for an indicator with no better
    direction, or "not_comparable"."""
    result = travel(then, now, Polarity(indicator.polarity))
    change = result.change
    return {
        "change": None if change is None else str(change.normalize() if change else Decimal(0)),
        "change_text": change_text(indicator, change),
        "direction": result.direction.value,
        "direction_label": _DIRECTION_WORDS[result.direction],
    }


def change_text(indicator, change: Decimal | None) -> str:
    """A change in the indicator's unit, signed: "+3.2 percentage points", "-£0.2m", "No change"."""
    from ascent.indicators.models import Unit
    from ascent.indicators.scorecard import format_value

    if change is None:
        return ""
    if change == 0:
        return "No change"
    sign = "+" if change > 0 else "-"
    size = abs(change)
    if indicator.unit == Unit.PERCENT:
        number = format_value(indicator, size).rstrip("%")
        return f"{sign}{number} percentage point{'' if number in ('1', '1.0') else 's'}"
    return f"{sign}{format_value(indicator, size)}"


def _latest_values(organisation, indicators) -> dict[int, dict[str, Any]]:
    """Each indicator's latest value as the scorecard reads it: {id: {value, text, period}}.
    Four queries at most, whatever the number of indicators."""
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
    return {
        pk: {"value": values.get(pk), "text": evidence[pk].latest.value, "period": evidence[pk].latest.period}
        for pk in wanted
    }


def _measure(indicator, *, then, then_text, then_period, latest, target_text="") -> dict[str, Any]:
    now = latest.get("value") if latest else None
    return {
        "code": indicator.code,
        "title": indicator.title,
        "baseline": None if then is None else str(then),
        "baseline_text": then_text,
        "baseline_period": then_period,
        "latest": None if now is None else str(now),
        "latest_text": latest.get("text", "") if latest else "",
        "latest_period": latest.get("period", "") if latest else "",
        "target_text": target_text,
        **movement(indicator, then, now),
    }


# Content: the records read into plain values ---------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _action_row(action: Action, today: dt.date) -> dict[str, Any]:
    moved = bool(action.original_due_date and action.due_date and action.original_due_date != action.due_date)
    return {
        "id": action.pk,
        "plan_id": action.plan_id,
        "plan": action.plan.title,
        "reference": action.reference,
        "title": action.title,
        "owner": action.owner_label,
        "status": action.status,
        "status_label": ActionStatus(action.status).label,
        "rag": action.rag,
        "rag_label": ForecastRag(action.rag).label.split(":")[0] if action.rag else "",
        "percent": action.percent_complete,
        "due_on": _iso(action.due_date),
        "original_due_on": _iso(action.original_due_date) if moved else None,
        "overdue": is_overdue(action, today),
        "closed": action.status in CLOSED_STATUSES,
        "completed_on": _iso(action.completed_on),
        "superseded": action.is_superseded,
        "indicators": [],
    }


def content(follow_up: FollowUp, *, today: dt.date | None = None) -> dict[str, Any]:
    """The follow-up as it stands now, as plain JSON-safe values. A fixed number of queries."""
    from ascent.indicators.scorecard import format_value

    today = today or timezone.localdate()
    review = follow_up.review
    organisation = follow_up.organisation
    recommendations = list(
        Recommendation.objects.in_organisation(organisation).filter(review=review).order_by("position", "id")
    )
    baselines = list(
        RecommendationBaseline.objects.in_organisation(organisation)
        .filter(recommendation__review=review)
        .select_related("indicator")
    )
    actions = {
        action.pk: action
        for action in Action.objects.in_organisation(organisation)
        .filter(recommendations__review=review)
        .select_related("plan", "owner")
        .distinct()
        .order_by("plan__starts_on", "plan_id", "position", "id")
    }
    pairs = Action.recommendations.through.objects.filter(
        action_id__in=list(actions), recommendation__review=review
    ).values_list("recommendation_id", "action_id")
    links = list(
        ActionIndicator.objects.in_organisation(organisation)
        .filter(action_id__in=list(actions))
        .select_related("indicator")
    )
    indicators = {row.indicator.pk: row.indicator for row in [*baselines, *links]}
    latest = _latest_values(organisation, indicators.values())

    rows = {pk: _action_row(action, today) for pk, action in actions.items()}
    for link in links:
        indicator = link.indicator
        rows[link.action_id]["indicators"].append(
            _measure(
                indicator,
                then=link.baseline_value,
                then_text=format_value(indicator, link.baseline_value),
                then_period=link.baseline_period_label,
                latest=latest.get(indicator.pk),
                target_text=format_value(indicator, link.target) if link.target is not None else "",
            )
        )
    by_recommendation: dict[int, list[int]] = defaultdict(list)
    for recommendation_id, action_id in pairs:
        by_recommendation[recommendation_id].append(action_id)
    baselines_of: dict[int, list[RecommendationBaseline]] = defaultdict(list)
    for baseline in baselines:
        baselines_of[baseline.recommendation_id].append(baseline)

    order = list(actions)
    items = []
    for recommendation in recommendations:
        answering = sorted(set(by_recommendation.get(recommendation.pk, [])), key=order.index)
        items.append(
            {
                "uid": str(recommendation.uid),
                "label": recommendation.label,
                "number": recommendation.number,
                "text": recommendation.text,
                "response": recommendation.response,
                "response_label": Response(recommendation.response).label if recommendation.response else "",
                "response_reason": recommendation.response_reason,
                "actions": [rows[pk] for pk in answering],
                "indicators": [
                    _measure(
                        baseline.indicator,
                        then=baseline.value,
                        then_text=format_value(baseline.indicator, baseline.value),
                        then_period=baseline.period_label,
                        latest=latest.get(baseline.indicator_id),
                    )
                    for baseline in sorted(
                        baselines_of.get(recommendation.pk, []),
                        key=lambda b: (b.indicator.sort_order, b.indicator.code),
                    )
                ],
            }
        )
    return {
        "format": CONTENT_FORMAT,
        "as_at": today.isoformat(),
        "host": organisation.name,
        "review": {
            "id": review.pk,
            "title": review.title,
            "kind": review.get_kind_display(),
            "letter_day": _iso(letter_day(review)),
        },
        "due_on": _iso(follow_up.due_on),
        "held_on": _iso(follow_up.held_on),
        "summary": follow_up.summary,
        "recommendations": items,
        "totals": totals(items),
    }


def totals(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The counts the summary shows, from :func:`content`'s recommendations (no queries)."""
    accepted = [item for item in items if item["response"] in (Response.ACCEPTED, Response.PARTLY_ACCEPTED)]
    actions = {action["id"]: action for item in items for action in item["actions"]}
    by_status = {status.value: 0 for status in ActionStatus}
    for action in actions.values():
        by_status[action["status"]] += 1
    measures = [measure for item in items for measure in item["indicators"]]
    return {
        "recommendations": len(items),
        "accepted": len(accepted),
        "accepted_without_action": sum(1 for item in accepted if not item["actions"]),
        "actions": len(actions),
        "by_status": by_status,
        "closed": sum(1 for action in actions.values() if action["closed"]),
        "overdue": sum(1 for action in actions.values() if action["overdue"]),
        "better": sum(1 for measure in measures if measure["direction"] == Direction.IMPROVING),
        "worse": sum(1 for measure in measures if measure["direction"] == Direction.WORSENING),
    }


def follow_up_content(follow_up: FollowUp) -> dict[str, Any]:
    """A held follow-up's kept snapshot; a planned one's content as it stands now."""
    if follow_up.status == FollowUpStatus.HELD and follow_up.snapshot:
        return follow_up.snapshot
    return content(follow_up)


# The document ----------------------------------------------------------------------------------


def _due_text(action: dict) -> str:
    due = _day(action["due_on"])
    if due is None:
        return "No date"
    text = govuk_date(due)
    if action["original_due_on"]:
        text += f" (was {govuk_date(_day(action['original_due_on']))})"
    if action["overdue"]:
        text += ", overdue"
    return text


def _action_cells(action: dict) -> list:
    name = f"{action['reference']} {action['title']}".strip()
    status = action["status_label"] + (" (work moved elsewhere)" if action["superseded"] else "")
    return [name, status, action["rag_label"] or None, action["percent"], _due_text(action)]


_ACTION_COLUMNS = [
    Column("Action"),
    Column("Status"),
    Column("Forecast"),
    Column("Complete", kind="percent"),
    Column("Due"),
]
_MEASURE_COLUMNS = [
    Column("Indicator"),
    Column("Baseline"),
    Column("Latest"),
    Column("Change"),
    Column("Better or worse"),
]


def _measure_cells(measure: dict, *, prefix: str = "") -> list:
    baseline = measure["baseline_text"] or None
    if baseline and measure["baseline_period"]:
        baseline = f"{baseline} ({measure['baseline_period']})"
    latest = measure["latest_text"] or None
    if latest and measure["latest_period"]:
        latest = f"{latest} ({measure['latest_period']})"
    return [
        f"{prefix}{measure['code']} {measure['title']}",
        baseline,
        latest,
        measure["change_text"] or None,
        measure["direction_label"],
    ]


def _recommendation_section(item: dict) -> Section:
    blocks: list = [Paragraph(item["text"])]
    if item["response_label"]:
        response = f"Response: {item['response_label'].lower()}."
        if item["response_reason"]:
            response += f" {item['response_reason']}"
        blocks.append(Paragraph(response))
    else:
        blocks.append(Paragraph("The council has not recorded its response."))
    if item["actions"]:
        blocks.append(
            Table(
                f"Actions on {item['label'].lower()}",
                _ACTION_COLUMNS,
                [_action_cells(action) for action in item["actions"]],
            )
        )
    else:
        blocks.append(Paragraph("No action in the council's plans answers it."))
    measures = [_measure_cells(measure) for measure in item["indicators"]]
    for action in item["actions"]:
        label = action["reference"] or action["title"][:40]
        measures += [_measure_cells(measure, prefix=f"Action {label}: ") for measure in action["indicators"]]
    if measures:
        blocks.append(
            Table(
                f"Indicators of {item['label'].lower()}: movement since the baseline",
                _MEASURE_COLUMNS,
                measures,
            )
        )
    return Section(item["label"], blocks, level=3)


def document_from_content(data: dict[str, Any]) -> Document:
    """The follow-up's report, from :func:`content`'s values (a planned one's, or a held one's snapshot)."""
    review = data["review"]
    held = _day(data["held_on"])
    as_at = _day(data["as_at"])
    metadata = [("Council", data["host"]), ("Review", review["title"])]
    if review["letter_day"]:
        metadata.append(("Letter", govuk_date(_day(review["letter_day"]))))
    metadata.append(("Follow-up due", govuk_date(_day(data["due_on"]))))
    if held:
        metadata.append(("Held", govuk_date(held)))
    else:
        metadata.append(("Figures as at", govuk_date(as_at)))
    counts = data["totals"]
    summary_blocks: list = [Paragraph(part) for part in data["summary"].split("\n\n") if part.strip()]
    if not summary_blocks:
        summary_blocks.append(Paragraph("The summary has not been written yet."))
    if not held:
        summary_blocks.insert(0, Note("Planned: the figures are live until the follow-up is marked as held."))
    glance = KeyFigures(
        [
            ("Recommendations", counts["recommendations"]),
            ("Accepted or partly accepted", counts["accepted"]),
            ("Accepted with no action", counts["accepted_without_action"]),
            ("Actions", counts["actions"]),
            ("Actions closed", counts["closed"]),
            ("Actions overdue", counts["overdue"]),
            ("Indicators better than the baseline", counts["better"]),
            ("Indicators worse than the baseline", counts["worse"]),
        ]
    )
    status_rows = [[ActionStatus(status).label, count] for status, count in counts["by_status"].items() if count] or [
        ["No actions", 0]
    ]
    sections = [
        Section("Summary", summary_blocks),
        Section(
            "Progress at a glance",
            [glance, Table("Actions by status", [Column("Status"), Column("Actions", kind="number")], status_rows)],
        ),
    ]
    if data["recommendations"]:
        sections.append(
            Section(
                "Recommendations",
                [Paragraph("Each recommendation, the actions that answer it and how its indicators have moved.")],
            )
        )
        sections += [_recommendation_section(item) for item in data["recommendations"]]
    return Document(
        title=f"Follow-up of {review['title']}",
        subtitle=f"Progress on the recommendations of the {review['kind'].lower()} of {data['host']}",
        metadata=metadata,
        sections=sections,
        produced=held or as_at,
    )


def build_document(follow_up: FollowUp) -> Document:
    return document_from_content(follow_up_content(follow_up))


# Actions ---------------------------------------------------------------------------------------


def _refuse_if_held(follow_up: FollowUp) -> None:
    if follow_up.status == FollowUpStatus.HELD:
        held = govuk_date(follow_up.held_on) if follow_up.held_on else "earlier"
        raise ValidationError(
            {"status": f"The follow-up was held on {held}: it reads as it was then, and can no longer change"}
        )


def _check_due(review: Review, due_on: dt.date | None) -> None:
    if due_on is None:
        raise ValidationError(
            {"due_on": "Enter when the follow-up should happen: the review has no letter date to count from"}
        )
    day = letter_day(review)
    if day is not None and due_on < day:
        raise ValidationError({"due_on": f"The follow-up must be due on or after the letter, {govuk_date(day)}"})


@transaction.atomic
def plan_follow_up(review: Review, *, by, due_on: dt.date | None = None) -> FollowUp:
    """Plan the follow-up of a published review, due ``due_on`` or, by default, the review's own
    follow-up date if set, else the council's months after the letter (:func:`default_due_on`)."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.stage in OPEN_STAGES:
        raise ValidationError(
            {
                "review": "A follow-up is of a review whose letter is published: this one is still at "
                f"{review.get_stage_display().lower()}"
            }
        )
    waiting = FollowUp.objects.filter(review=review, status=FollowUpStatus.PLANNED).first()
    if waiting is not None:
        raise ValidationError(
            {"review": f"{review.title} already has a follow-up planned for {govuk_date(waiting.due_on)}"}
        )
    if due_on is None:
        due_on = review.follow_up_due_on or default_due_on(review)
    _check_due(review, due_on)
    follow_up = FollowUp(organisation=review.organisation, review=review, due_on=due_on, created_by=by)
    follow_up._history_user = by
    follow_up._change_reason = "Follow-up planned"
    follow_up.save()
    return follow_up


@transaction.atomic
def change_follow_up(follow_up: FollowUp, *, by, due_on: dt.date | None, summary: str) -> FollowUp:
    """Change a planned follow-up's date and summary; a held one is refused."""
    follow_up = FollowUp.objects.select_for_update().select_related("review").get(pk=follow_up.pk)
    _refuse_if_held(follow_up)
    _check_due(follow_up.review, due_on)
    if len(summary) > SUMMARY_LIMIT:
        raise ValidationError({"summary": f"The summary must be {SUMMARY_LIMIT:,} characters or fewer"})
    follow_up.due_on, follow_up.summary = due_on, summary.strip()
    follow_up._history_user = by
    follow_up.save(update_fields=["due_on", "summary", "updated_at"])
    return follow_up


@transaction.atomic
def mark_held(follow_up: FollowUp, *, by, held_on: dt.date | None, move_review: bool = False) -> FollowUp:
    """Mark the follow-up as held on ``held_on``: its figures are kept as they are today, and it
    never changes again. With ``move_review``, a published review moves on to its follow-up stage."""
    from ascent.reviews.lifecycle import FORWARD, move_stage

    follow_up = FollowUp.objects.select_for_update().select_related("review", "organisation").get(pk=follow_up.pk)
    _refuse_if_held(follow_up)
    today = timezone.localdate()
    if held_on is None:
        raise ValidationError({"held_on": "Enter the day the follow-up was held"})
    if held_on > today:
        raise ValidationError({"held_on": "The day the follow-up was held must be today or earlier"})
    day = letter_day(follow_up.review)
    if day is not None and held_on < day:
        raise ValidationError({"held_on": f"The follow-up must be held on or after the letter, {govuk_date(day)}"})
    if not follow_up.summary.strip():
        raise ValidationError({"summary": "Write the summary of what the follow-up found before marking it as held"})
    follow_up.status, follow_up.held_on = FollowUpStatus.HELD, held_on
    follow_up.snapshot = content(follow_up, today=today)
    follow_up._history_user = by
    follow_up._change_reason = "Follow-up held: its figures kept"
    follow_up.save(update_fields=["status", "held_on", "snapshot", "updated_at"])
    if move_review and follow_up.review.stage == Stage.PUBLISHED:
        move_stage(follow_up.review, by=by, direction=FORWARD)
    return follow_up


def follow_ups(organisation):
    """The council's follow-ups, soonest due first among the planned, then the held newest first."""
    return FollowUp.objects.in_organisation(organisation).select_related("review").order_by("-status", "due_on", "pk")
