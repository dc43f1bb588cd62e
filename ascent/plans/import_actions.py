"""Importing an existing action plan (CSV or Excel) into one plan, through the tabular import.

A council that already keeps its plan in a spreadsheet loads it here instead of typing it
again. The import engine (``ascent.imports.engine``) reads the file, matches its headings,
checks every row, shows a preview and commits all of it or none of it; this module is the
kind's schema (:class:`ActionPlanSchema`, registered as :data:`KIND` on the app) plus
:func:`start_import`, which stores an upload against a plan.

Each row becomes one :class:`~ascent.plans.models.Action` (``source`` "import",
``import_run`` set): reference, title, theme (a new theme is created, matched by title
ignoring case), the review recommendations it follows (by number, "3" or "3; 5", else by
its text), owner (a member matched by e-mail address or full name, otherwise kept as a
name), due date (as councils write them: 31/03/2027, 31 March 2027, Mar-27), status (the
seven, and common wordings such as "Completed", "In progress", "Not yet started"), RAG,
per cent complete, and the latest update (a progress update). Every error names the row,
the column and the reason.

The plan is kept in the run's options (``{"plan": id}``), so checking and importing in a
background job work as for any other kind.

Rolling back removes what the import added, except what has been worked on since: an
action changed by hand (its history has a later entry), or given progress updates,
milestones, evidence, linked indicators, extension requests or supersession links since,
stays with everything on it; so does a theme still used by an action that stays. The
rollback refuses first, listing them, and goes ahead keeping them only when asked
(``keep_changed``); what it kept is marked on its change records (``ImportChange.kept``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl.utils.datetime import from_excel

from ascent.imports import engine
from ascent.imports.models import ImportChange, ImportRun
from ascent.organisations.models import Membership

from .models import (
    REASONED_STATUSES,
    Action,
    ActionEvidence,
    ActionIndicator,
    ActionStatus,
    ExtensionRequest,
    ForecastRag,
    Milestone,
    Plan,
    ProgressUpdate,
    Source,
    Theme,
)

KIND = "plan_actions"
#: The run option naming the plan the file is imported into.
PLAN_OPTION = "plan"
ACTION_LABEL = Action._meta.label_lower
THEME_LABEL = Theme._meta.label_lower
UPDATE_LABEL = ProgressUpdate._meta.label_lower
#: Who an imported update is from when the file does not say.
UPDATE_AUTHOR = "From the imported plan"

C = engine.Column

COLUMNS = (
    C(
        "reference",
        "Reference",
        aliases=("ref", "action ref", "action reference", "action number", "action no", "no", "number", "ID"),
        help="The plan's own number for the action, such as 1.2. Each must be different, and new to the plan.",
        example="1.1",
    ),
    C(
        "recommendation",
        "Recommendation",
        aliases=("recommendation number", "recommendation no", "rec", "rec no", "review recommendation"),
        help=(
            "The number of the review recommendation the action follows (two or more: 3; 5), or its text. "
            "Only for a plan that answers a review."
        ),
        example="1",
    ),
    C(
        "theme",
        "Theme",
        aliases=("priority", "workstream", "area", "theme title"),
        help="Created if the plan has none of that name.",
        example="Information and advice",
    ),
    C(
        "title",
        "Action",
        required=True,
        aliases=("action title", "actions", "what we will do", "what will we do", "activity", "task"),
        help="What will be done.",
        example="Publish a directory of community support",
    ),
    C("description", "Details", aliases=("description", "detail", "notes", "how"), help="More about the action."),
    C(
        "owner",
        "Owner",
        aliases=("lead", "action owner", "responsible officer", "responsible", "lead officer", "who"),
        help="A member of the council, by e-mail address or full name; anyone else is kept as a name.",
        example="Head of Adult Social Care",
    ),
    C(
        "due_date",
        "Due date",
        aliases=("due", "deadline", "target date", "by when", "completion date", "timescale", "date due"),
        help="Such as 31/03/2027, 31 March 2027 or Mar-27 (a month alone means its last day).",
        example="31/03/2027",
    ),
    C(
        "status",
        "Status",
        aliases=("progress status", "current status", "state"),
        help="Not started, on track, at risk, off track, complete, will not be done or done another way.",
        example="On track",
    ),
    C(
        "status_reason",
        "Reason",
        aliases=("status reason", "reason not done", "why"),
        help="Needed when the status is “will not be done” or “done another way”.",
    ),
    C(
        "rag",
        "RAG",
        aliases=("rag rating", "rag status", "forecast", "rating"),
        help="Red, amber or green: will it be done by its date?",
        example="Green",
    ),
    C(
        "percent_complete",
        "Per cent complete",
        aliases=("percent", "percentage", "% complete", "percent complete", "percentage complete", "progress %"),
        help="A whole number from 0 to 100.",
        example="25",
    ),
    C(
        "update",
        "Latest update",
        aliases=("update", "progress update", "progress", "latest position", "commentary", "comments"),
        help="Kept as the action's first progress update.",
        example="Draft directory shared with partners",
    ),
    C(
        "update_on",
        "Update date",
        aliases=("date of update", "updated", "last updated", "as at"),
        help="The day of the latest update; the day of the import if left out.",
    ),
    C("update_by", "Updated by", aliases=("update author", "update by", "author"), help="Who wrote the latest update."),
)

#: Status wordings councils use (lower case, single spaces) → our status.
STATUS_WORDS = {
    **{choice.label.casefold(): choice.value for choice in ActionStatus},
    **{choice.value: choice.value for choice in ActionStatus},
    "not yet started": ActionStatus.NOT_STARTED,
    "not begun": ActionStatus.NOT_STARTED,
    "to do": ActionStatus.NOT_STARTED,
    "to start": ActionStatus.NOT_STARTED,
    "in progress": ActionStatus.ON_TRACK,
    "ongoing": ActionStatus.ON_TRACK,
    "started": ActionStatus.ON_TRACK,
    "underway": ActionStatus.ON_TRACK,
    "under way": ActionStatus.ON_TRACK,
    "on target": ActionStatus.ON_TRACK,
    "some risk": ActionStatus.AT_RISK,
    "delayed": ActionStatus.OFF_TRACK,
    "behind": ActionStatus.OFF_TRACK,
    "behind schedule": ActionStatus.OFF_TRACK,
    "overdue": ActionStatus.OFF_TRACK,
    "completed": ActionStatus.COMPLETE,
    "done": ActionStatus.COMPLETE,
    "achieved": ActionStatus.COMPLETE,
    "closed": ActionStatus.COMPLETE,
    "finished": ActionStatus.COMPLETE,
    "cancelled": ActionStatus.WILL_NOT_BE_DONE,
    "canceled": ActionStatus.WILL_NOT_BE_DONE,
    "not doing": ActionStatus.WILL_NOT_BE_DONE,
    "not being done": ActionStatus.WILL_NOT_BE_DONE,
    "won't do": ActionStatus.WILL_NOT_BE_DONE,
    "will not do": ActionStatus.WILL_NOT_BE_DONE,
    "done differently": ActionStatus.DONE_ANOTHER_WAY,
    "done in another way": ActionStatus.DONE_ANOTHER_WAY,
    "alternative approach": ActionStatus.DONE_ANOTHER_WAY,
}
#: RAG wordings → our forward-looking RAG ("" for blue: done, no forecast needed).
RAG_WORDS = {
    "red": ForecastRag.RED,
    "r": ForecastRag.RED,
    "amber": ForecastRag.AMBER,
    "a": ForecastRag.AMBER,
    "green": ForecastRag.GREEN,
    "g": ForecastRag.GREEN,
    "blue": "",
    "b": "",
}
STATUS_HELP = "not started, on track, at risk, off track, complete, will not be done or done another way"

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDED_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ \-]+([a-z]+)\.?,?[ \-]+(\d{2}|\d{4})")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?[ \-/']+(\d{2}|\d{4})")
DATE_HELP = "a date such as 31/03/2027, 31 March 2027 or Mar-27"


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def read_date(text: str) -> dt.date:
    """A date as councils write it; a month alone ("Mar-27", "March 2027") is its last day.

    Day first (UK order): 31/03/2027, 31/3/27, 31-03-2027, 31.03.2027; 2027-03-31 (as Excel
    cells read); 31 March 2027, 31st Mar 2027, 31-Mar-27; an Excel date serial. Raises
    :class:`~ascent.imports.engine.CellError` naming the forms it reads.
    """
    cleaned = " ".join(text.casefold().split())
    try:
        if match := _ISO_DATE.fullmatch(cleaned):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _NUMERIC_DATE.fullmatch(cleaned):
            return dt.date(_year(match[3]), int(match[2]), int(match[1]))
        if (match := _WORDED_DATE.fullmatch(cleaned)) and match[2] in _MONTHS:
            return dt.date(_year(match[3]), _MONTHS[match[2]], int(match[1]))
        if (match := _MONTH_YEAR.fullmatch(cleaned)) and match[1] in _MONTHS:
            year, month = _year(match[2]), _MONTHS[match[1]]
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if cleaned.isdigit() and 20000 <= int(cleaned) <= 80000:
            return from_excel(int(cleaned)).date()
    except ValueError:
        raise engine.CellError(f"there is no such day: enter {DATE_HELP}", kind="not a real date") from None
    raise engine.CellError(f"enter {DATE_HELP}", kind="not a date that can be read")


def _words(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().replace("_", " ").split())


def read_status(text: str) -> str:
    found = STATUS_WORDS.get(_words(text).replace("-", " ")) or STATUS_WORDS.get(_words(text))
    if found is None:
        raise engine.CellError(f"enter one of: {STATUS_HELP}", kind="not a status")
    return str(found)


def read_rag(text: str) -> str:
    word = _words(text)
    if word not in RAG_WORDS:
        raise engine.CellError("enter red, amber or green", kind="not a RAG rating")
    return str(RAG_WORDS[word])


def read_percent(text: str) -> int:
    number = engine.read_number(text, what="a per cent")
    if number is None:
        return 0
    if not text.strip().endswith("%") and 0 < number < 1:
        # 0.5 from a spreadsheet may mean 0.5% or 50%: ask rather than guess.
        raise engine.CellError(
            "enter a whole number from 0 to 100, such as 50 or 50%", kind="a fraction, not a per cent"
        )
    if number < 0 or number > 100 or number != number.to_integral_value():
        raise engine.CellError("enter a whole number from 0 to 100", kind="not a per cent from 0 to 100")
    return int(number)


def _split_numbers(text: str) -> list[int] | None:
    """ "3", "3; 5", "R3, R5", "Recommendation 3" → [3, 5]; None when the text is not numbers."""
    parts = [part.strip() for part in re.split(r"[;,&/]| and ", text) if part.strip()]
    numbers = []
    for part in parts:
        match = re.fullmatch(r"(?:recommendation|rec|r|no\.?|number)?\s*#?\s*(\d+)\.?", part.casefold())
        if match is None:
            return None
        numbers.append(int(match[1]))
    return numbers or None


def _text_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


@dataclass
class _Recommendations:
    by_number: dict[int, Any]
    by_text: dict[str, Any]
    reviewed: bool


def plan_of_run(run: ImportRun) -> Plan | None:
    plan_id = engine.run_options(run).get(PLAN_OPTION)
    if not plan_id or run.organisation_id is None:
        return None
    return Plan.objects.filter(pk=plan_id, organisation_id=run.organisation_id).first()


def start_import(plan: Plan, *, data: bytes, file_name: str, table, user) -> ImportRun:
    """Store an uploaded action plan as an import run for ``plan``, its columns matched by heading."""
    run = engine.start_run(
        kind=KIND, data=data, file_name=file_name, table=table, organisation=plan.organisation, user=user
    )
    engine.set_run_mapping(run, engine.run_mapping(run), {PLAN_OPTION: plan.pk})
    run.save()
    return run


def set_mapping(run: ImportRun, mapping: dict[str, str]) -> None:
    """Change which of the file's columns holds what, keeping the plan it is for (not saved)."""
    engine.set_run_mapping(run, mapping, {PLAN_OPTION: engine.run_options(run).get(PLAN_OPTION)})


def runs_for_plan(plan: Plan):
    """The plan's imports, newest first (its id is in each run's options)."""
    return (
        ImportRun.objects.filter(organisation_id=plan.organisation_id, kind=KIND, mapping___options__plan=plan.pk)
        .select_related("created_by")
        .order_by("-created_at")
    )


@dataclass
class PlanRollbackOutcome(engine.RollbackOutcome):
    """A rollback's outcome, with the themes it removed too."""

    themes_deleted: int = 0


class ActionPlanSchema:
    """The tabular import's schema for an action plan: one row, one action of one plan."""

    kind = KIND
    title = "Improvement plan actions"
    description = (
        "An existing action plan: one action a row, with its reference, theme, recommendation, owner, due date, "
        "status, RAG, per cent complete and latest update."
    )
    columns = COLUMNS
    options: tuple[engine.Option, ...] = ()
    organisation_column = None
    preview_headings = ("Reference", "Action", "Theme", "Recommendations", "Owner", "Due", "Status", "RAG", "Per cent")

    def page_for(self, run) -> str | None:
        """The run's page under its plan: the general import pages do not know which plan it is for."""
        from django.urls import reverse

        plan_id = engine.run_options(run).get(PLAN_OPTION)
        if not plan_id:
            return None
        kwargs = {"gss_code": run.organisation.gss_code, "plan_id": plan_id, "run_id": run.pk}
        return reverse("plans:import_preview", kwargs=kwargs)

    # --- checking ---

    def validate(self, rows, *, organisation=None, user=None, options=None):
        options = options or {}
        plan = None
        if organisation is not None and options.get(PLAN_OPTION):
            plan = Plan.objects.filter(pk=options[PLAN_OPTION], organisation=organisation).first()
        if plan is None:
            raise engine.ImportRefused(
                "This file is not linked to one of the council's improvement plans: import it from the plan's page"
            )
        errors: list[engine.RowError] = []
        taken = {
            ref.casefold(): ref
            for ref in Action.objects.filter(plan=plan).exclude(reference="").values_list("reference", flat=True)
        }
        themes = {_words(title): pk for pk, title in Theme.objects.filter(plan=plan).values_list("pk", "title")}
        recommendations = self._recommendations(plan)
        people = self._people(organisation)
        today = timezone.localdate()
        records: list[engine.Record] = []
        seen: dict[str, int] = {}
        for row in rows:
            reader = engine.RowReader(row, errors)
            values = self._read(row, reader, plan, taken, seen, themes, recommendations, people, today)
            if reader.ok:
                key = (values["reference"].casefold() or f"row {row.number}",)
                records.append(engine.Record(row.number, key, values))
        return records, errors

    def _read(self, row, reader, plan, taken, seen, themes, recommendations, people, today) -> dict[str, Any]:
        reference = row["reference"]
        if len(reference) > 30:
            reader.fail("reference", "must be 30 characters or fewer")
        elif reference and reference.casefold() in taken:
            reader.fail(
                "reference",
                f"the plan already has an action {taken[reference.casefold()]}: "
                "give a new reference or leave the row out",
                kind="reference already in the plan",
            )
        elif reference and reference.casefold() in seen:
            reader.fail(
                "reference",
                f"row {seen[reference.casefold()]:,} has the same reference: give each action its own",
                kind="reference used twice in the file",
            )
        elif reference:
            seen[reference.casefold()] = row.number
        title = row["title"]
        if not title:
            reader.fail("title", "enter what the action is", kind="no action")
        elif len(title) > 300:
            reader.fail("title", "must be 300 characters or fewer; put the rest in the details")
        theme = row["theme"]
        if len(theme) > 200:
            reader.fail("theme", "must be 200 characters or fewer")
        owner_text = row["owner"]
        owner = people.get(_words(owner_text)) if owner_text else None
        if owner_text and owner is None and len(owner_text) > 200:
            reader.fail("owner", "must be 200 characters or fewer")
        due = reader.get("due_date", read_date) if row["due_date"] else None
        status = reader.get("status", read_status) if row["status"] else ActionStatus.NOT_STARTED
        reason = row["status_reason"]
        if status in REASONED_STATUSES and not reason:
            reader.fail(
                "status",
                f"give the reason it is “{ActionStatus(status).label.lower()}” in a Reason column",
                kind="no reason for the status",
            )
        rag = reader.get("rag", read_rag) if row["rag"] else ""
        percent = reader.get("percent_complete", read_percent) if row["percent_complete"] else 0
        if status == ActionStatus.COMPLETE:
            percent = 100
        update_on = reader.get("update_on", read_date) if row["update_on"] else None
        if update_on is not None and update_on > today:
            reader.fail("update_on", "the latest update cannot be dated in the future")
        if update_on is not None and not row["update"]:
            reader.fail("update_on", "there is no latest update for this date: add it, or leave the date out")
        matched = self._match(row, reader, recommendations) if row["recommendation"] else []
        return {
            "reference": reference,
            "title": title,
            "description": row["description"],
            "theme_title": theme,
            "theme_id": themes.get(_words(theme)) if theme else None,
            "recommendation_ids": [rec.pk for rec in matched],
            "recommendation_labels": ", ".join(str(rec.number) if rec.number else "(unnumbered)" for rec in matched),
            "owner_id": owner.pk if owner else None,
            "owner_name": "" if owner else owner_text,
            "owner_label": (owner.full_name or owner.email) if owner else owner_text,
            "due_date": due,
            "status": status,
            "status_reason": reason,
            "rag": rag,
            "percent_complete": percent,
            "update": row["update"],
            "update_on": update_on,
            "update_by": row["update_by"][:200],
        }

    @staticmethod
    def _recommendations(plan: Plan) -> _Recommendations:
        if plan.review_id is None:
            return _Recommendations({}, {}, reviewed=False)
        recs = list(plan.review.recommendations.order_by("position"))
        by_text: dict[str, Any] = {}
        for rec in recs:
            by_text.setdefault(_text_key(rec.text), rec)
        return _Recommendations({rec.number: rec for rec in recs if rec.number}, by_text, reviewed=True)

    @staticmethod
    def _match(row, reader, recommendations: _Recommendations) -> list:
        from ascent.reviews.models import Response

        text = row["recommendation"]
        if not recommendations.reviewed:
            reader.fail(
                "recommendation",
                "the plan answers no review, so no recommendation can be matched: choose the review on the plan first, "
                "or leave the column out",
                kind="the plan answers no review",
            )
            return []
        numbers = _split_numbers(text)
        if numbers is not None:
            missing = [str(number) for number in numbers if number not in recommendations.by_number]
            if missing:
                reader.fail(
                    "recommendation",
                    f"the review has no recommendation {', '.join(missing)}",
                    kind="no recommendation of that number",
                )
                return []
            found = [recommendations.by_number[number] for number in numbers]
        else:
            key = _text_key(text)
            rec = recommendations.by_text.get(key)
            if rec is None:
                close = [r for k, r in recommendations.by_text.items() if key and (key in k or k in key)]
                rec = close[0] if len(close) == 1 else None
            if rec is None:
                reader.fail(
                    "recommendation",
                    "matches no recommendation of the review by number or by text: give its number",
                    kind="no recommendation matches",
                )
                return []
            found = [rec]
        refused = [rec for rec in found if rec.response == Response.NOT_ACCEPTED]
        if refused:
            label = ", ".join(str(rec.number or "(unnumbered)") for rec in refused)
            reader.fail(
                "recommendation",
                f"recommendation {label} was not accepted, so it has no actions",
                kind="recommendation not accepted",
            )
            return []
        return found

    @staticmethod
    def _people(organisation) -> dict[str, Any]:
        """A member's e-mail address or full name (either unique in the council) → the person."""
        found: dict[str, Any] = {}
        ambiguous: set[str] = set()
        for membership in Membership.objects.filter(organisation=organisation).select_related("user"):
            user = membership.user
            for key in {_words(user.email), _words(user.full_name)} - {""}:
                if key in found and found[key].pk != user.pk:
                    ambiguous.add(key)
                found[key] = user
        for key in ambiguous:
            found.pop(key)
        return found

    def describe(self, values: dict[str, Any]) -> tuple[str, ...]:
        theme = values["theme_title"]
        if theme and values["theme_id"] is None:
            theme = f"{theme} (new theme)"
        due = values["due_date"]
        return (
            values["reference"],
            values["title"],
            theme,
            values["recommendation_labels"],
            values["owner_label"],
            f"{due.day} {due:%B %Y}" if due else "",
            ActionStatus(values["status"]).label,
            ForecastRag(values["rag"]).label.split(":")[0] if values["rag"] else "",
            f"{values['percent_complete']}%",
        )

    def warn(self, records: Sequence[engine.Record]) -> list[engine.RowError]:
        return []

    # --- writing ---

    def commit(self, run: ImportRun, records: Sequence[engine.Record], user) -> engine.Counts:
        plan = Plan.objects.select_for_update().filter(pk=engine.run_options(run).get(PLAN_OPTION)).first()
        if plan is None:
            raise engine.ImportRefused("The plan this file was for no longer exists")
        # Checked again now that the plan is locked: an action typed in since the file was checked.
        taken = set(Action.objects.filter(plan=plan).exclude(reference="").values_list("reference", flat=True))
        clash = sorted({r.values["reference"] for r in records} & taken)
        if clash:
            raise engine.ImportRefused(
                f"Nothing was imported: the plan now has an action {clash[0]}, added since the file was checked. "
                "Check the file again"
            )
        by = user if user is not None and user.is_authenticated else None
        reason = f"Import {run.pk}: {run.file_name}"[:100]
        today = timezone.localdate()
        changes: list[ImportChange] = []
        themes = {_words(t.title): t for t in Theme.objects.filter(plan=plan)}
        theme_position = max((t.position for t in themes.values()), default=0)
        position = max(Action.objects.filter(plan=plan).values_list("position", flat=True), default=0)
        for record in records:
            values = record.values
            theme = None
            if values["theme_title"]:
                theme = themes.get(_words(values["theme_title"]))
                if theme is None:
                    theme_position += 1
                    theme = Theme(plan=plan, title=values["theme_title"], position=theme_position)
                    _stamp(theme, by, reason)
                    theme.save()
                    themes[_words(theme.title)] = theme
                    changes.append(ImportChange(run=run, model=THEME_LABEL, object_id=theme.pk, created=True))
            position += 1
            update_on = values["update_on"] or today if values["update"] else None
            status = values["status"]
            action = Action(
                plan=plan,
                theme=theme,
                reference=values["reference"],
                position=position,
                title=values["title"],
                description=values["description"],
                source=Source.IMPORT,
                owner_id=values["owner_id"],
                owner_name=values["owner_name"],
                due_date=values["due_date"],
                original_due_date=values["due_date"],
                status=status,
                status_reason=values["status_reason"] if status in REASONED_STATUSES else "",
                percent_complete=values["percent_complete"],
                rag=values["rag"],
                completed_on=(update_on or today) if status == ActionStatus.COMPLETE else None,
                last_update_on=update_on,
                import_run=run,
                created_by=by,
            )
            _stamp(action, by, reason)
            action.save()
            changes.append(ImportChange(run=run, model=ACTION_LABEL, object_id=action.pk, created=True))
            if values["recommendation_ids"]:
                action.recommendations.set(values["recommendation_ids"])
            if values["update"]:
                update = ProgressUpdate(
                    action=action,
                    on=update_on,
                    author_name=values["update_by"] or UPDATE_AUTHOR,
                    text=values["update"],
                    status=status,
                    percent_complete=values["percent_complete"],
                    rag=values["rag"],
                )
                _stamp(update, by, reason)
                update.save()
                changes.append(ImportChange(run=run, model=UPDATE_LABEL, object_id=update.pk, created=True))
        ImportChange.objects.bulk_create(changes, batch_size=engine.BATCH_SIZE)
        return engine.Counts(read=run.rows_read, created=len(records))

    # --- rolling back ---

    def rollback(self, run: ImportRun, user, *, keep_changed: bool = False, check_only: bool = False):
        written = {label: {} for label in (ACTION_LABEL, THEME_LABEL, UPDATE_LABEL)}
        for model, object_id, kept in ImportChange.objects.filter(run=run).values_list("model", "object_id", "kept"):
            if model in written:
                written[model][object_id] = kept
        committed = run.committed_at
        actions = {a.pk: a for a in Action.objects.filter(pk__in=written[ACTION_LABEL]).select_related("theme")}
        themes = {t.pk: t for t in Theme.objects.filter(pk__in=written[THEME_LABEL])}
        ours_updates = set(written[UPDATE_LABEL])
        kept = self._changed_actions(run, actions, ours_updates, committed)
        going = {pk: action for pk, action in actions.items() if pk not in kept}
        # A theme the import added stays if an action that stays (or one added by hand) uses it.
        still_used = set(
            Action.objects.filter(theme_id__in=themes).exclude(pk__in=going).values_list("theme_id", flat=True)
        )
        renamed = _changed_since(Theme, themes, committed)
        kept_themes = {}
        for pk, theme in themes.items():
            if pk in still_used:
                kept_themes[pk] = engine.KeptRow(pk, f"Theme “{theme.title}”", "", "Still used by actions that stay")
            elif pk in renamed:
                who, when = renamed[pk]
                kept_themes[pk] = engine.KeptRow(
                    pk, f"Theme “{theme.title}”", "", "Changed since the import", who, when
                )
        kept_rows = [row for _, row in sorted(kept.items())] + [row for _, row in sorted(kept_themes.items())]
        if kept and not keep_changed:
            raise engine.RollbackBlocked(_blocked_message(len(kept)), kept=kept_rows, untouched=len(going))
        if check_only:
            return None
        by = user if user is not None and user.is_authenticated else None
        reason = f"Rollback of import {run.pk}: {run.file_name}"[:100]
        with transaction.atomic():
            if kept_rows:
                for label, ids in ((ACTION_LABEL, kept), (THEME_LABEL, kept_themes)):
                    ImportChange.objects.filter(run=run, model=label, object_id__in=list(ids)).update(kept=True)
                # The updates the import added to an action that stays stay with it.
                ImportChange.objects.filter(
                    run=run,
                    model=UPDATE_LABEL,
                    object_id__in=ProgressUpdate.objects.filter(action_id__in=list(kept), pk__in=ours_updates).values(
                        "pk"
                    ),
                ).update(kept=True)
            for update in ProgressUpdate.objects.filter(action_id__in=list(going)):
                _stamp(update, by, reason)
                update.delete()
            for action in going.values():
                _stamp(action, by, reason)
                action.delete()
            themes_deleted = 0
            for pk, theme in themes.items():
                if pk not in kept_themes:
                    _stamp(theme, by, reason)
                    theme.delete()
                    themes_deleted += 1
        return PlanRollbackOutcome(deleted=len(going), restored=0, kept=kept_rows, themes_deleted=themes_deleted)

    @staticmethod
    def _changed_actions(
        run, actions: dict[int, Action], ours_updates: set[int], committed
    ) -> dict[int, engine.KeptRow]:
        """The imported actions worked on since the import, each with what was done and by whom."""
        ids = list(actions)
        reasons: dict[int, list[str]] = {pk: [] for pk in ids}
        edited = _changed_since(Action, actions, committed)
        for pk in ids:
            if actions[pk].import_run_id != run.pk or pk in edited:
                reasons[pk].append("changed since the import")
        added = {
            "progress update": ProgressUpdate.objects.filter(action_id__in=ids).exclude(pk__in=ours_updates),
            "milestone": Milestone.objects.filter(action_id__in=ids),
            "evidence of completion": ActionEvidence.objects.filter(action_id__in=ids),
            "linked indicator": ActionIndicator.objects.filter(action_id__in=ids),
            "extension request": ExtensionRequest.objects.filter(action_id__in=ids),
        }
        for noun, query in added.items():
            counts: dict[int, int] = {}
            for action_id in query.values_list("action_id", flat=True):
                counts[action_id] = counts.get(action_id, 0) + 1
            for action_id, count in counts.items():
                reasons[action_id].append(f"{count} {noun}{'' if count == 1 else 's'} added since")
        for action_id in Action.objects.filter(superseded_by_id__in=ids).values_list("superseded_by_id", flat=True):
            reasons[action_id].append("another action is superseded by it")
        kept = {}
        for pk, why in reasons.items():
            if not why:
                continue
            action = actions[pk]
            who, when = edited.get(pk, ("", None))
            text = why[0][0].upper() + why[0][1:] + "".join(f"; {more}" for more in why[1:])
            kept[pk] = engine.KeptRow(pk, f"Action {action}".strip(), action.get_status_display(), text, who, when)
        return kept

    def describe_rows(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """What each kept action is and its status now (for the import's own page)."""
        return {
            action.pk: (f"Action {action}".strip(), action.get_status_display())
            for action in Action.objects.filter(pk__in=ids)
        }


def _changed_since(model, records: dict[int, Any], committed) -> dict[int, tuple[str, Any]]:
    """Records with a history entry after the import (a change by hand), with who made the latest and when."""
    if not records or committed is None:
        return {}
    found: dict[int, tuple[str, Any]] = {}
    later = model.history.filter(id__in=list(records), history_date__gt=committed).select_related("history_user")
    for entry in later.order_by("id", "-history_date", "-history_id"):
        if entry.id in found:
            continue
        person = entry.history_user
        found[entry.id] = ((person.full_name or person.email) if person else "not recorded", entry.history_date)
    return found


def _blocked_message(count: int) -> str:
    actions = "1 action it added has" if count == 1 else f"{count:,} actions it added have"
    them = "it (with everything on it)" if count == 1 else "them (with everything on them)"
    return (
        f"This import cannot be rolled back as it is: {actions} been worked on since. "
        f"Keep {them} and remove the rest, or cancel."
    )


def _stamp(record, by, reason: str) -> None:
    record._history_user = by
    record._change_reason = reason
