"""List a council's overdue actions, most overdue first, for people who work in scripts."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from ascent.core.dates import govuk_date
from ascent.documents.tabular import write_csv
from ascent.plans.models import ActionStatus
from ascent.plans.panels import current_actions
from ascent.plans.status import overdue_q

from .plans import find_organisation

COLUMNS = ["reference", "title", "owner", "due", "original_due", "days_overdue", "status", "plan", "plan_id", "id"]


def overdue_rows(organisation, *, today: dt.date | None = None) -> list[dict]:
    """The council's overdue actions (``ascent.plans.status.overdue_q``), most overdue first (JSON-safe).

    Actions of plans superseded as a whole are left out: their work is followed up in the plan
    that took it on. One query.
    """
    today = today or timezone.localdate()
    actions = (
        current_actions(organisation)
        .filter(overdue_q(today))
        .select_related("plan", "owner")
        .order_by("due_date", "plan__title", "plan_id", "position", "id")
    )
    return [
        {
            "id": action.pk,
            "reference": action.reference,
            "title": action.title,
            "owner": action.owner_label or None,
            "due": action.due_date.isoformat(),
            "original_due": action.original_due_date.isoformat() if action.original_due_date else None,
            "days_overdue": (today - action.due_date).days,
            "status": action.status,
            "plan": action.plan.title,
            "plan_id": action.plan_id,
        }
        for action in actions
    ]


class Command(BaseCommand):
    help = (
        "List a council's overdue actions (open, not superseded, past their due date), most overdue first: "
        "reference, title, owner, due date, original due date (when an extension moved it), days overdue, "
        "status and plan. A plain table by default; --format csv gives one row per action with the columns "
        f"{', '.join(COLUMNS)} (dates as YYYY-MM-DD, days as numbers, the status in words), "
        "and --format json a list of objects. "
        "Actions of plans superseded as a whole are left out. Fails on an unknown GSS code."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The council's GSS code, such as E09000015")
        parser.add_argument(
            "--format", choices=["table", "csv", "json"], default="table", help="table (the default), csv or json"
        )

    def handle(self, *args, **options):
        organisation = find_organisation(options["gss_code"])
        rows = overdue_rows(organisation)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if options["format"] == "csv":
            # The status as people read it ("On track"); the rest as held.
            labelled = ({**row, "status": ActionStatus(row["status"]).label} for row in rows)
            write_csv(self.stdout, [COLUMNS, *([row[column] for column in COLUMNS] for row in labelled)])
            return
        if not rows:
            self.stdout.write(f"{organisation.name} has no overdue actions.")
            return
        headings = ["Ref", "Action", "Owner", "Due", "Originally", "Days overdue", "Status", "Plan"]
        table = [
            [
                row["reference"] or "-",
                row["title"],
                row["owner"] or "-",
                govuk_date(dt.date.fromisoformat(row["due"]), short=True),
                govuk_date(dt.date.fromisoformat(row["original_due"]), short=True)
                if row["original_due"] and row["original_due"] != row["due"]
                else "-",
                f"{row['days_overdue']:,}",
                ActionStatus(row["status"]).label,
                row["plan"],
            ]
            for row in rows
        ]
        widths = [max(len(line[i]) for line in [headings, *table]) for i in range(len(headings))]
        for line in [headings, *table]:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
