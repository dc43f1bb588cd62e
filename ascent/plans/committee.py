"""Reporting a plan to a committee: committees, schedules and committee reports.

A council names its committees (:class:`~.models.Committee`: scrutiny, a board, cabinet). A
plan is reported to a committee on a :class:`~.models.ReportingSchedule` (quarterly, say):
the schedule says when the next meeting is, so when the next report is due.

A :class:`~.models.CommitteeReport` is in the shape councils use for a committee: summary,
recommendations to the committee, background, progress by theme, performance and budget
beside it, implications (financial, legal, equality), risks, and what changed since the last
report. Like the follow-up it is made in two steps, so an issued report reads the same later:

- :func:`content` reads the plan into plain, JSON-safe figures (a fixed number of queries,
  whatever the size of the plan) and compares them with the previous report's snapshot
  (:func:`changes`);
- :func:`document_from_content` turns them into a document-kernel ``Document``, rendered as
  the page's body and as HTML, Word and PDF; :func:`figures_document` is the XLSX of the
  figures, numbers as numbers.

:func:`issue_report` keeps the content in ``CommitteeReport.snapshot``, never changed again
(:func:`change_report` and :func:`issue_report` refuse an issued report), and moves the
schedule's next meeting on by its frequency. The previous report is the last one issued of
the same plan to the same committee. Every change is one transaction, records who acted, and
refuses bad input with a ``ValidationError`` naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ascent.core.dates import govuk_date, govuk_date_range
from ascent.core.periods import financial_year_start_year
from ascent.documents.model import Column, Document, Figure, KeyFigures, Note, Paragraph, Section, Table
from ascent.reviews.team import add_months

from .followup import _latest_values, movement
from .models import (
    CLOSED_STATUSES,
    FREQUENCY_MONTHS,
    Action,
    ActionIndicator,
    ActionStatus,
    Committee,
    CommitteeKind,
    CommitteeReport,
    ForecastRag,
    Frequency,
    Plan,
    ReportingSchedule,
    ReportStatus,
    Theme,
)
from .status import is_overdue, is_stale, settings_for

#: The shape of :func:`content`; a later change to it reads older snapshots by this.
CONTENT_FORMAT = 1
#: The report's text sections, in the order the report prints them, with their headings.
TEXT_SECTIONS = {
    "summary": "Summary",
    "recommendations_to_committee": "Recommendations to the committee",
    "background": "Background",
    "financial_implications": "Financial implications",
    "legal_implications": "Legal implications",
    "equality_implications": "Equality implications",
    "risks": "Risks",
}
#: The longest a text section may be (characters).
TEXT_LIMIT = 20000
#: The order statuses are counted in, open first.
STATUS_ORDER = [status.value for status in ActionStatus]
NO_THEME = "No theme"


# Committees -------------------------------------------------------------------------------------


def committees(organisation):
    return Committee.objects.in_organisation(organisation).order_by("name")


def _check_committee(organisation, name: str, kind: str, *, committee: Committee | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Enter the committee's name"})
    if len(name) > 200:
        raise ValidationError({"name": "The committee's name must be 200 characters or fewer"})
    if kind not in CommitteeKind.values:
        raise ValidationError({"kind": "Choose what kind of committee it is"})
    same = Committee.objects.in_organisation(organisation).filter(name__iexact=name)
    if committee is not None:
        same = same.exclude(pk=committee.pk)
    if same.exists():
        raise ValidationError({"name": f"The council already has a committee called {name}"})
    return name


@transaction.atomic
def add_committee(organisation, *, by, name: str, kind: str) -> Committee:
    """Name a committee of the council that plans are reported to."""
    name = _check_committee(organisation, name, kind)
    committee = Committee(organisation=organisation, name=name, kind=kind, created_by=by)
    committee._history_user = by
    try:
        with transaction.atomic():
            committee.save()
    except IntegrityError:
        raise ValidationError({"name": f"The council already has a committee called {name}"}) from None
    return committee


@transaction.atomic
def change_committee(committee: Committee, *, by, name: str, kind: str) -> Committee:
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    committee.name = _check_committee(committee.organisation_id, name, kind, committee=committee)
    committee.kind = kind
    committee._history_user = by
    committee.save(update_fields=["name", "kind", "updated_at"])
    return committee


# Schedules --------------------------------------------------------------------------------------


def next_meeting_after(schedule: ReportingSchedule, day: dt.date) -> dt.date:
    """The schedule's next meeting moved on by its frequency until it falls after ``day``."""
    months = FREQUENCY_MONTHS[schedule.frequency]
    meeting, steps = schedule.next_meeting_on, 0
    while meeting <= day:
        steps += 1
        meeting = add_months(schedule.next_meeting_on, months * steps)
    return meeting


def _check_schedule(plan: Plan, committee, frequency: str, next_meeting_on) -> None:
    if committee is None:
        raise ValidationError({"committee": "Choose the committee the plan is reported to"})
    if committee.organisation_id != plan.organisation_id:
        raise ValidationError({"committee": "Choose one of the council's committees"})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": "Choose how often the plan is reported"})
    if next_meeting_on is None:
        raise ValidationError({"next_meeting_on": "Enter the date of the committee's next meeting"})


@transaction.atomic
def set_schedule(
    plan: Plan, *, by, committee: Committee, frequency: str, next_meeting_on: dt.date
) -> ReportingSchedule:
    """Report the plan to ``committee`` every ``frequency``, next on ``next_meeting_on`` (a new
    schedule, or the one the plan already has with that committee, changed)."""
    _check_schedule(plan, committee, frequency, next_meeting_on)
    schedule = ReportingSchedule.objects.select_for_update().filter(plan=plan, committee=committee).first()
    if schedule is None:
        schedule = ReportingSchedule(plan=plan, committee=committee)
    schedule.frequency, schedule.next_meeting_on = frequency, next_meeting_on
    schedule._history_user = by
    schedule.save()
    return schedule


@transaction.atomic
def remove_schedule(schedule: ReportingSchedule, *, by) -> None:
    schedule._history_user = by
    schedule.delete()


def schedules(plan: Plan) -> list[ReportingSchedule]:
    """The plan's schedules, each with ``last_issued`` (its latest issued report, or None). Two queries."""
    rows = list(
        ReportingSchedule.objects.in_organisation(plan.organisation_id)
        .filter(plan=plan)
        .select_related("committee")
        .order_by("next_meeting_on", "committee__name")
    )
    last: dict[int, CommitteeReport] = {}
    for report in (
        CommitteeReport.objects.in_organisation(plan.organisation_id)
        .filter(plan=plan, status=ReportStatus.ISSUED)
        .order_by("meeting_on", "issued_at")
    ):
        last[report.committee_id] = report
    for row in rows:
        row.last_issued = last.get(row.committee_id)
    return rows


# Reports: starting, changing, issuing -----------------------------------------------------------


def previous_report(plan: Plan, committee: Committee, *, exclude: CommitteeReport | None = None):
    """The last issued report of the plan to the committee, or None."""
    issued = CommitteeReport.objects.filter(plan=plan, committee=committee, status=ReportStatus.ISSUED)
    if exclude is not None:
        issued = issued.exclude(pk=exclude.pk)
    return issued.order_by("-meeting_on", "-issued_at", "-pk").first()


def default_title(plan: Plan, committee: Committee, meeting_on: dt.date) -> str:
    return f"{plan.title}: progress report to the {committee.name}, {govuk_date(meeting_on)}"[:300]


def _check_meeting(meeting_on, previous: CommitteeReport | None) -> None:
    if meeting_on is None:
        raise ValidationError({"meeting_on": "Enter the date of the meeting the report goes to"})
    if previous is not None and meeting_on < previous.meeting_on:
        raise ValidationError(
            {
                "meeting_on": "The meeting must be on or after the last report's meeting, "
                f"{govuk_date(previous.meeting_on)}"
            }
        )


@transaction.atomic
def start_report(plan: Plan, *, by, committee: Committee, meeting_on: dt.date, title: str = "") -> CommitteeReport:
    """A draft report of the plan to a committee meeting, compared with the last one issued."""
    if committee is None:
        raise ValidationError({"committee": "Choose the committee the report goes to"})
    if committee.organisation_id != plan.organisation_id:
        raise ValidationError({"committee": "Choose one of the council's committees"})
    previous = previous_report(plan, committee)
    _check_meeting(meeting_on, previous)
    report = CommitteeReport(
        plan=plan,
        committee=committee,
        meeting_on=meeting_on,
        title=(title or "").strip()[:300] or default_title(plan, committee, meeting_on),
        author=by,
        previous=previous,
    )
    if previous is not None:
        # The background usually carries over from one report to the next.
        report.background = previous.background
    report._history_user = by
    report._change_reason = "Committee report started"
    report.save()
    return report


def _refuse_if_issued(report: CommitteeReport) -> None:
    if report.status == ReportStatus.ISSUED:
        issued = govuk_date(timezone.localdate(report.issued_at)) if report.issued_at else "earlier"
        raise ValidationError(
            {"status": f"The report was issued on {issued}: it reads as the committee saw it, and cannot change"}
        )


@transaction.atomic
def change_report(report: CommitteeReport, *, by, title: str, meeting_on: dt.date, **texts: str) -> CommitteeReport:
    """Change a draft report's title, meeting date and text sections; an issued one is refused."""
    report = (
        CommitteeReport.objects.select_for_update(of=("self",)).select_related("plan", "committee").get(pk=report.pk)
    )
    _refuse_if_issued(report)
    unknown = set(texts) - set(TEXT_SECTIONS)
    if unknown:
        raise TypeError(f"Not a section of the report: {', '.join(sorted(unknown))}")
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Enter the report's title"})
    _check_meeting(meeting_on, previous_report(report.plan, report.committee, exclude=report))
    for name, value in texts.items():
        value = (value or "").strip()
        if len(value) > TEXT_LIMIT:
            raise ValidationError(
                {name: f"The {TEXT_SECTIONS[name].lower()} must be {TEXT_LIMIT:,} characters or fewer"}
            )
        setattr(report, name, value)
    report.title, report.meeting_on = title[:300], meeting_on
    report._history_user = by
    report.save(update_fields=["title", "meeting_on", *texts])
    return report


@transaction.atomic
def issue_report(report: CommitteeReport, *, by, today: dt.date | None = None) -> CommitteeReport:
    """Issue the report: its figures are kept in ``snapshot`` as they are now and never change
    again, and the schedule of the plan with the committee moves on to its next meeting."""
    report = (
        CommitteeReport.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__organisation", "plan__owner", "committee")
        .get(pk=report.pk)
    )
    _refuse_if_issued(report)
    if not report.summary.strip():
        raise ValidationError({"summary": "Write the summary before issuing the report"})
    if not report.recommendations_to_committee.strip():
        raise ValidationError(
            {"recommendations_to_committee": "Write what the committee is asked to do before issuing the report"}
        )
    # Compare with the report issued last, even if another was issued since this one was started.
    report.previous = previous_report(report.plan, report.committee, exclude=report)
    _check_meeting(report.meeting_on, report.previous)
    now = timezone.now()
    report.status, report.issued_at, report.issued_by = ReportStatus.ISSUED, now, by
    report.snapshot = content(report, today=today or timezone.localdate(now))
    report._history_user = by
    report._change_reason = "Committee report issued: its figures kept"
    report.save(update_fields=["status", "issued_at", "issued_by", "snapshot", "previous"])
    schedule = (
        ReportingSchedule.objects.select_for_update().filter(plan=report.plan, committee=report.committee).first()
    )
    if schedule is not None and schedule.next_meeting_on <= report.meeting_on:
        schedule.next_meeting_on = next_meeting_after(schedule, report.meeting_on)
        schedule._history_user = by
        schedule._change_reason = "Moved on when a report was issued"
        schedule.save(update_fields=["next_meeting_on"])
    return report


def reports(plan: Plan):
    return (
        CommitteeReport.objects.in_organisation(plan.organisation_id)
        .filter(plan=plan)
        .select_related("committee")
        .order_by("-meeting_on", "-pk")
    )


# Content: the plan read into plain values ---------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def _action_row(action: Action, *, today: dt.date, stale_days: int) -> dict[str, Any]:
    moved = bool(action.original_due_date and action.due_date and action.original_due_date != action.due_date)
    return {
        "id": action.pk,
        "reference": action.reference,
        "title": action.title,
        "theme_id": action.theme_id,
        "owner": action.owner_label,
        "status": action.status,
        "status_label": ActionStatus(action.status).label,
        "rag": action.rag,
        "rag_label": ForecastRag(action.rag).label.split(":")[0] if action.rag else "",
        "percent": action.percent_complete,
        "due_on": _iso(action.due_date),
        "original_due_on": _iso(action.original_due_date) if moved else None,
        "overdue": is_overdue(action, today),
        "stale": is_stale(action, stale_days, today),
        "closed": action.status in CLOSED_STATUSES,
        "completed_on": _iso(action.completed_on),
        "superseded": action.is_superseded,
    }


def _counts(rows: list[dict], done_before: set[int] | None) -> dict[str, Any]:
    """Counts of ``rows``; ``done_before`` holds the actions complete at the last report (None
    for a first report), so "completed since the last report" agrees with the changes."""
    by_status = Counter(row["status"] for row in rows)
    return {
        "actions": len(rows),
        "by_status": {status: by_status.get(status, 0) for status in STATUS_ORDER},
        "open": sum(1 for row in rows if not row["closed"] and not row["superseded"]),
        "closed": sum(1 for row in rows if row["closed"]),
        "overdue": sum(1 for row in rows if row["overdue"]),
        "stale": sum(1 for row in rows if row["stale"]),
        "completed_since": None
        if done_before is None
        else sum(1 for row in rows if row["status"] == ActionStatus.COMPLETE and row["id"] not in done_before),
    }


def _indicators(plan: Plan, action_refs: dict[int, str]) -> list[dict[str, Any]]:
    """Each indicator linked to the plan's actions: latest value, target, movement since the
    value when it was linked. A fixed number of queries."""
    from ascent.indicators.scorecard import format_value

    links = list(
        ActionIndicator.objects.in_organisation(plan.organisation_id)
        .filter(action__plan=plan)
        .select_related("indicator")
        .order_by("indicator__sort_order", "indicator__code", "action_id")
    )
    latest = _latest_values(plan.organisation, {link.indicator_id: link.indicator for link in links}.values())
    rows = []
    for link in links:
        indicator, now = link.indicator, latest.get(link.indicator_id)
        value = now.get("value") if now else None
        rows.append(
            {
                "code": indicator.code,
                "title": indicator.title,
                "action": action_refs.get(link.action_id, ""),
                "baseline": None if link.baseline_value is None else str(link.baseline_value),
                "baseline_text": format_value(indicator, link.baseline_value)
                if link.baseline_value is not None
                else "",
                "baseline_period": link.baseline_period_label,
                "latest": None if value is None else str(value),
                "latest_text": now.get("text", "") if now else "",
                "latest_period": now.get("period", "") if now else "",
                "target": None if link.target is None else str(link.target),
                "target_text": format_value(indicator, link.target) if link.target is not None else "",
                **movement(indicator, link.baseline_value, value),
            }
        )
    return rows


def content(report: CommitteeReport, *, today: dt.date | None = None) -> dict[str, Any]:
    """The report as it stands now, as plain JSON-safe values (a fixed number of queries)."""
    today = today or timezone.localdate()
    plan, committee = report.plan, report.committee
    stale_days = settings_for(plan.organisation_id).stale_after_days
    previous = report.previous if report.previous_id else None
    before = previous.snapshot if previous is not None and previous.snapshot else None
    done_before = (
        {row["id"] for theme in before["themes"] for row in theme["actions"] if row["status"] == ActionStatus.COMPLETE}
        if before
        else None
    )

    themes = list(Theme.objects.in_organisation(plan.organisation_id).filter(plan=plan).select_related("lead"))
    actions = list(
        Action.objects.in_organisation(plan.organisation_id)
        .filter(plan=plan)
        .select_related("owner", "theme")
        .order_by("theme__position", "theme_id", "position", "id")
    )
    rows = [_action_row(action, today=today, stale_days=stale_days) for action in actions]
    groups = []
    for theme in [*themes, None]:
        theme_id = theme.pk if theme else None
        mine = [row for row in rows if row["theme_id"] == theme_id]
        if theme is None and not mine:
            continue
        groups.append(
            {
                "id": theme_id,
                "title": theme.title if theme else NO_THEME,
                "lead": (_person(theme.lead) or theme.lead_name) if theme else "",
                "counts": _counts(mine, done_before),
                "actions": mine,
            }
        )
    refs = {row["id"]: (row["reference"] or row["title"][:40]) for row in rows}
    data = {
        "format": CONTENT_FORMAT,
        "as_at": today.isoformat(),
        "host": plan.organisation.name,
        "title": report.title,
        "meeting_on": _iso(report.meeting_on),
        "committee": {"id": committee.pk, "name": committee.name, "kind": committee.get_kind_display()},
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "summary": plan.summary,
            "owner": _person(plan.owner),
            "starts_on": _iso(plan.starts_on),
            "ends_on": _iso(plan.ends_on),
            "status": plan.get_status_display(),
        },
        "author": _person(report.author),
        "stale_after_days": stale_days,
        "texts": {name: getattr(report, name) for name in TEXT_SECTIONS},
        "previous": None
        if previous is None
        else {
            "id": previous.pk,
            "title": previous.title,
            "meeting_on": _iso(previous.meeting_on),
            "as_at": before["as_at"] if before else None,
        },
        "totals": _counts(rows, done_before),
        "themes": groups,
        "indicators": _indicators(plan, refs),
        "budget": _budget(plan),
    }
    data["changes"] = changes(before, rows) if before else None
    return data


#: Financial years of spending beside a plan that runs in none the council holds figures for.
BUDGET_YEARS = 3


def _budget(plan: Plan) -> dict[str, Any]:
    """The council's adult social care spending beside the plan, as plain values kept in the
    snapshot: by service line for the financial years the plan runs in (or, when none of them
    has figures yet, the latest three held), each year on its basis (actual, forecast or budget).
    ``{"held": False}`` when the council has loaded no spending. Amounts are exact thousands
    of pounds as text, so the snapshot reads back to the same figures."""
    from ascent.finance import summary as spending
    from ascent.finance.models import ExpenditureLine

    lines = list(ExpenditureLine.objects.in_organisation(plan.organisation_id).order_by("pk"))
    if not lines:
        return {"held": False}
    measure = spending.default_measure(lines)
    first, last = financial_year_start_year(plan.starts_on), financial_year_start_year(plan.ends_on)
    trend = spending.build_trend(lines, measure=measure, first_year=first, last_year=last)
    during = not trend.is_empty
    if not during:
        latest = spending.build_trend(lines, measure=measure).last[0].year
        trend = spending.build_trend(lines, measure=measure, first_year=latest - BUDGET_YEARS + 1)
    header, *body = spending.export_rows(trend)
    return {
        "held": True,
        "during_plan": during,
        "measure": measure,
        "caption": trend.caption,
        "header": [str(cell) for cell in header],
        "rows": [[row[0], *(None if value is None else str(value) for value in row[1:])] for row in body],
        "percent_row": spending.PERCENT_LABEL,
        "percent_dp": trend.percent_dp,
        "sentences": spending.summary_sentences(trend),
        "illustrative": trend.is_illustrative,
    }


def changes(before: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """What changed since the previous report's snapshot ``before`` (no queries): actions newly
    complete, newly overdue, whose status changed, new, whose due date moved, and gone."""
    then = {row["id"]: row for theme in before["themes"] for row in theme["actions"]}
    found: dict[str, list[dict[str, Any]]] = {
        "completed": [],
        "overdue": [],
        "status": [],
        "new": [],
        "dates": [],
        "removed": [],
    }
    for row in rows:
        old = then.get(row["id"])
        line = {"id": row["id"], "reference": row["reference"], "title": row["title"]}
        if old is None:
            found["new"].append({**line, "status_label": row["status_label"], "due_on": row["due_on"]})
            continue
        if row["status"] == ActionStatus.COMPLETE and old["status"] != ActionStatus.COMPLETE:
            found["completed"].append({**line, "completed_on": row["completed_on"]})
        if row["overdue"] and not old["overdue"]:
            found["overdue"].append({**line, "due_on": row["due_on"]})
        if row["status"] != old["status"]:
            found["status"].append({**line, "from": old["status_label"], "to": row["status_label"]})
        if row["due_on"] != old["due_on"]:
            found["dates"].append({**line, "from": old["due_on"], "to": row["due_on"]})
    current = {row["id"] for row in rows}
    found["removed"] = [
        {"id": old["id"], "reference": old["reference"], "title": old["title"]}
        for old in then.values()
        if old["id"] not in current
    ]
    return found


def report_content(report: CommitteeReport) -> dict[str, Any]:
    """An issued report's kept snapshot; a draft's content as it stands now."""
    if report.status == ReportStatus.ISSUED and report.snapshot:
        return report.snapshot
    return content(report)


# The document ---------------------------------------------------------------------------------


def _date_text(text: str | None, *, none: str = "No date") -> str:
    day = _day(text)
    return govuk_date(day) if day else none


def _due_text(row: dict) -> str:
    text = _date_text(row["due_on"])
    if row["original_due_on"]:
        text += f" (was {_date_text(row['original_due_on'])})"
    return text


#: Five columns, not more: a PDF's time grows with the cells of its tables (bench/committee_report.py).
_ACTION_COLUMNS = [
    Column("Action"),
    Column("Owner"),
    Column("Status and forecast"),
    Column("Complete", kind="percent"),
    Column("Due"),
]


def _status_text(row: dict, stale_days: int) -> str:
    """ "On track, forecast Green; no update for 60 days or more; work moved elsewhere"."""
    text = row["status_label"]
    if row["rag_label"]:
        text += f", forecast {row['rag_label']}"
    if row["stale"]:
        text += f"; no update for {stale_days} days or more"
    if row["superseded"]:
        text += "; work moved elsewhere"
    return text


def _action_cells(row: dict, stale_days: int) -> list:
    due = _due_text(row)
    return [
        f"{row['reference']} {row['title']}".strip(),
        row["owner"] or None,
        _status_text(row, stale_days),
        row["percent"],
        f"{due}, overdue" if row["overdue"] else due,
    ]


def _paragraphs(text: str, *, empty: str) -> list:
    blocks = [Paragraph(part.strip()) for part in (text or "").split("\n\n") if part.strip()]
    return blocks or [Paragraph(empty)]


def _theme_columns(first_report: bool) -> list[Column]:
    columns = [Column("Theme"), Column("Actions", kind="number")]
    columns += [Column(ActionStatus(status).label, kind="number") for status in STATUS_ORDER]
    columns += [Column("Overdue", kind="number")]
    if not first_report:
        columns.append(Column("Completed since the last report", kind="number"))
    return columns


def _theme_cells(title: str, counts: dict, first_report: bool) -> list:
    cells = [title, counts["actions"], *[counts["by_status"][status] for status in STATUS_ORDER], counts["overdue"]]
    if not first_report:
        cells.append(counts["completed_since"])
    return cells


_INDICATOR_COLUMNS = [
    Column("Indicator"),
    Column("Action"),
    Column("When linked"),
    Column("Latest"),
    Column("Target"),
    Column("Change"),
    Column("Better or worse"),
]


def _with_period(text: str, period: str) -> str | None:
    if not text:
        return None
    return f"{text} ({period})" if period else text


def _indicator_cells(row: dict) -> list:
    return [
        f"{row['code']} {row['title']}",
        row["action"] or None,
        _with_period(row["baseline_text"], row["baseline_period"]),
        _with_period(row["latest_text"], row["latest_period"]),
        row["target_text"] or None,
        row["change_text"] or None,
        row["direction_label"],
    ]


def _budget_blocks(plan: dict[str, Any], budget: dict[str, Any]) -> list:
    """The Budget section from the snapshot's figures (see :func:`_budget`)."""
    if not budget.get("held"):
        return [Paragraph("Not held: no spending figures have been loaded for the council.")]
    blocks: list = []
    if budget["illustrative"]:
        blocks.append(Note("Some of these spending figures are illustrative, not the council's own."))
    if budget["during_plan"]:
        lead = "The council's spending on adult social care in the years the plan runs, by service line."
    else:
        lead = (
            "The council holds no spending figures for the years the plan runs yet: these are the latest it holds, "
            "by service line."
        )
    blocks.append(Paragraph(lead))
    blocks += [Paragraph(sentence) for sentence in budget["sentences"]]
    header = budget["header"]
    columns = [Column(header[0]), *(Column(label, kind="number") for label in header[1:])]
    places = budget["percent_dp"]
    rows = []
    for label, *values in budget["rows"]:
        # The percentage row is a number of per cent, so a spreadsheet gets 6 shown as "6%".
        percent = label == budget["percent_row"]
        cells = [
            None if v is None else Figure(Decimal(v), kind="percent", places=places) if percent else Decimal(v)
            for v in values
        ]
        rows.append([label, *cells])
    blocks.append(Table(budget["caption"], columns, rows))
    return blocks


_CHANGE_KINDS = [
    ("completed", "Newly complete", ["Completed"]),
    ("overdue", "Newly overdue", ["Due"]),
    ("status", "Status changed", ["Was", "Now"]),
    ("new", "New actions", ["Status", "Due"]),
    ("dates", "Due date changed", ["Was", "Now"]),
    ("removed", "No longer in the plan", []),
]


def _change_cells(kind: str, line: dict) -> list:
    name = f"{line['reference']} {line['title']}".strip()
    if kind == "completed":
        return [name, _date_text(line["completed_on"], none="No date recorded")]
    if kind == "overdue":
        return [name, _date_text(line["due_on"])]
    if kind == "status":
        return [name, line["from"], line["to"]]
    if kind == "new":
        return [name, line["status_label"], _date_text(line["due_on"])]
    if kind == "dates":
        return [name, _date_text(line["from"]), _date_text(line["to"])]
    return [name]


def _changes_blocks(data: dict) -> list:
    previous, found = data["previous"], data["changes"]
    if previous is None or found is None:
        return [
            Paragraph(
                "This is the first report of the plan to the committee: there is no earlier report to compare with."
            )
        ]
    blocks: list = [
        Paragraph(
            f"Compared with the report to the meeting of {_date_text(previous['meeting_on'])}, "
            f"whose figures were as at {_date_text(previous['as_at'])}."
        ),
        KeyFigures([(label, len(found[kind])) for kind, label, _ in _CHANGE_KINDS]),
    ]
    for kind, label, headings in _CHANGE_KINDS:
        if found[kind]:
            blocks.append(
                Table(
                    f"{label} since the last report",
                    [Column("Action"), *[Column(heading) for heading in headings]],
                    [_change_cells(kind, line) for line in found[kind]],
                )
            )
    if not any(found.values()):
        blocks.append(Paragraph("No action has changed since the last report."))
    return blocks


def _metadata(data: dict) -> list[tuple[str, str]]:
    plan = data["plan"]
    metadata = [
        ("Council", data["host"]),
        ("Committee", data["committee"]["name"]),
        ("Meeting", _date_text(data["meeting_on"])),
        ("Plan", plan["title"]),
        ("Plan period", govuk_date_range(_day(plan["starts_on"]), _day(plan["ends_on"]))),
    ]
    if plan["owner"]:
        metadata.append(("Plan owner", plan["owner"]))
    if data["author"]:
        metadata.append(("Report author", data["author"]))
    metadata.append(("Figures as at", _date_text(data["as_at"])))
    return metadata


def document_from_content(data: dict[str, Any], *, issued: bool) -> Document:
    """The committee report, from :func:`content`'s values (a draft's, or an issued one's snapshot)."""
    texts, totals, stale_days = data["texts"], data["totals"], data["stale_after_days"]
    first = data["previous"] is None
    summary: list = []
    if not issued:
        summary.append(Note("Draft: the figures are live until the report is issued."))
    summary += _paragraphs(texts["summary"], empty="The summary has not been written yet.")
    glance = [
        ("Actions", totals["actions"]),
        ("Open", totals["open"]),
        ("Closed", totals["closed"]),
        ("Overdue", totals["overdue"]),
        (f"No update for {stale_days} days", totals["stale"]),
    ]
    if not first:
        glance.append(("Completed since the last report", totals["completed_since"]))
    summary.append(KeyFigures(glance))

    plan = data["plan"]
    background = _paragraphs(texts["background"], empty="The background has not been written yet.")
    if plan["summary"].strip():
        background += [Paragraph(f"About the plan: {plan['summary'].strip()}")]
    background.append(
        Paragraph(
            f"The plan runs {govuk_date_range(_day(plan['starts_on']), _day(plan['ends_on']))}"
            f"{', owned by ' + plan['owner'] if plan['owner'] else ''}; it has {len(data['themes'])} "
            f"theme{'s' if len(data['themes']) != 1 else ''} and {totals['actions']} action"
            f"{'s' if totals['actions'] != 1 else ''}."
        )
    )

    progress: list = [
        Paragraph(
            "The actions of each theme by status. An action is overdue when it is open past its due date; "
            "a moved date shows the original in brackets."
        ),
        Table(
            "Actions by theme and status",
            _theme_columns(first),
            [_theme_cells(theme["title"], theme["counts"], first) for theme in data["themes"]]
            + [_theme_cells("All themes", totals, first)],
        ),
    ]
    theme_sections = []
    for theme in data["themes"]:
        blocks: list = []
        if theme["lead"]:
            blocks.append(Paragraph(f"Lead: {theme['lead']}."))
        if theme["actions"]:
            blocks.append(
                Table(
                    f"Actions of {theme['title']}"[:200],
                    _ACTION_COLUMNS,
                    [_action_cells(row, stale_days) for row in theme["actions"]],
                )
            )
        else:
            blocks.append(Paragraph("The theme has no actions yet."))
        theme_sections.append(Section(theme["title"], blocks, level=3))

    if data["indicators"]:
        performance: list = [
            Paragraph(
                "The indicators the plan's actions should move: the value when linked, the latest and the target."
            ),
            Table(
                "Indicators linked to the plan's actions",
                _INDICATOR_COLUMNS,
                [_indicator_cells(r) for r in data["indicators"]],
            ),
        ]
    else:
        performance = [Paragraph("No indicator is linked to the plan's actions.")]
    budget = _budget_blocks(data["plan"], data.get("budget") or {"held": False})

    sections = [
        Section("Summary", summary),
        Section(
            "Recommendations to the committee",
            _paragraphs(texts["recommendations_to_committee"], empty="The recommendations have not been written yet."),
        ),
        Section("Background", background),
        Section("Progress by theme", progress),
        *theme_sections,
        Section("Performance", performance),
        Section("Budget", budget),
        Section("Implications", [Paragraph("The implications of the plan's progress for the council.")]),
        Section(
            "Financial implications", _paragraphs(texts["financial_implications"], empty="None recorded."), level=3
        ),
        Section("Legal implications", _paragraphs(texts["legal_implications"], empty="None recorded."), level=3),
        Section("Equality implications", _paragraphs(texts["equality_implications"], empty="None recorded."), level=3),
        Section("Risks", _paragraphs(texts["risks"], empty="None recorded.")),
        Section("Changes since the last report", _changes_blocks(data)),
    ]
    return Document(
        title=data["title"],
        subtitle=f"Report to the {data['committee']['name']} of {data['host']}",
        metadata=_metadata(data),
        sections=sections,
        produced=_day(data["as_at"]),
    )


def figures_document(data: dict[str, Any]) -> Document:
    """The report's figures for a spreadsheet: one table each, numbers as numbers."""
    stale_days, first = data["stale_after_days"], data["previous"] is None
    theme_of = {theme["id"]: theme["title"] for theme in data["themes"]}
    actions = [
        [
            row["reference"] or None,
            row["title"],
            theme_of.get(row["theme_id"], NO_THEME),
            row["owner"] or None,
            row["status_label"],
            row["rag_label"] or None,
            row["percent"],
            _date_text(row["due_on"], none="") or None,
            _date_text(row["original_due_on"], none="") or None,
            "Yes" if row["overdue"] else "No",
            "Yes" if row["stale"] else "No",
        ]
        for theme in data["themes"]
        for row in theme["actions"]
    ]
    tables: list = [
        Table(
            "Actions by theme and status",
            _theme_columns(first),
            [_theme_cells(theme["title"], theme["counts"], first) for theme in data["themes"]]
            + [_theme_cells("All themes", data["totals"], first)],
        ),
        Table(
            "Actions",
            [
                Column("Reference"),
                Column("Action"),
                Column("Theme"),
                Column("Owner"),
                Column("Status"),
                Column("Forecast"),
                Column("Complete", kind="percent"),
                Column("Due"),
                Column("Originally due"),
                Column("Overdue"),
                Column(f"No update for {stale_days} days"),
            ],
            actions or [[None, "No actions", None, None, None, None, None, None, None, None, None]],
            row_headers=False,
        ),
    ]
    if data["indicators"]:
        tables.append(Table("Indicators", _INDICATOR_COLUMNS, [_indicator_cells(r) for r in data["indicators"]]))
    if data["changes"]:
        for kind, label, headings in _CHANGE_KINDS:
            if data["changes"][kind]:
                tables.append(
                    Table(
                        f"{label} since the last report",
                        [Column("Action"), *[Column(heading) for heading in headings]],
                        [_change_cells(kind, line) for line in data["changes"][kind]],
                    )
                )
    return Document(
        title=f"Figures: {data['title']}"[:300],
        metadata=_metadata(data),
        sections=[Section("Figures", tables)],
        produced=_day(data["as_at"]),
    )


def build_document(report: CommitteeReport, fmt: str = "html") -> Document:
    """The document for a download: the figures for a spreadsheet, else the whole report."""
    data = report_content(report)
    if fmt == "xlsx":
        return figures_document(data)
    return document_from_content(data, issued=report.status == ReportStatus.ISSUED)
