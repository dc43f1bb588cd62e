"""List a council's improvement plans with their ids and how their actions stand, for people who work in scripts."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils import timezone

from ascent.core.dates import govuk_date_range
from ascent.organisations.models import Organisation
from ascent.plans.models import CLOSED_STATUSES, Action, Plan, PlanStatus
from ascent.plans.status import overdue_q, settings_for, stale_q


def plan_rows(organisation, *, today: dt.date | None = None) -> list[dict]:
    """One dict per plan of the council, newest first, with its actions counted: what the command prints (JSON-safe).

    Open actions are neither closed nor superseded; overdue and stale are ``ascent.plans.status``'s.
    Three queries, whatever the number of plans and actions.
    """
    today = today or timezone.localdate()
    stale_after_days = settings_for(organisation).stale_after_days
    in_play = Q(superseded_by__isnull=True, superseded_by_id_generic__isnull=True)
    counted = {
        plan_id: {"actions": total, "open": open_, "overdue": overdue, "stale": stale, "closed": closed}
        for plan_id, total, open_, overdue, stale, closed in Action.objects.in_organisation(organisation)
        .order_by()
        .values_list("plan_id")
        .annotate(
            n_actions=Count("id"),
            n_open=Count("id", filter=in_play & ~Q(status__in=CLOSED_STATUSES)),
            n_overdue=Count("id", filter=overdue_q(today)),
            n_stale=Count("id", filter=stale_q(stale_after_days, today)),
            n_closed=Count("id", filter=Q(status__in=CLOSED_STATUSES)),
        )
    }
    none = {"actions": 0, "open": 0, "overdue": 0, "stale": 0, "closed": 0}
    plans = Plan.objects.in_organisation(organisation).select_related("owner").order_by("-starts_on", "title", "pk")
    return [
        {
            "id": plan.pk,
            "title": plan.title,
            "status": plan.status,
            "owner": (plan.owner.get_full_name() or plan.owner.email) if plan.owner_id else None,
            "starts_on": plan.starts_on.isoformat(),
            "ends_on": plan.ends_on.isoformat(),
            "review_id": plan.review_id,
            "superseded_by": plan.superseded_by_id,
            "counts": counted.get(plan.pk, none),
        }
        for plan in plans
    ]


def find_organisation(gss_code: str) -> Organisation:
    """The organisation with ``gss_code`` (any case, spaces ignored), or a CommandError naming the code."""
    organisation = Organisation.objects.filter(gss_code=gss_code.strip().upper()).first()
    if organisation is None:
        raise CommandError(f"No organisation has the GSS code {gss_code!r}")
    return organisation


class Command(BaseCommand):
    help = (
        "List a council's improvement plans, newest first: id, title, status, owner, period, and how many "
        "actions each has, open, overdue, with no update for the council's stale days, and closed. A plain "
        "table by default, or JSON (a list of objects with id, title, status, owner, starts_on, ends_on, "
        "review_id, superseded_by and counts) with --format json. Fails on an unknown GSS code."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The council's GSS code, such as E09000015")
        parser.add_argument("--format", choices=["table", "json"], default="table", help="table (the default) or json")

    def handle(self, *args, **options):
        organisation = find_organisation(options["gss_code"])
        rows = plan_rows(organisation)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(f"{organisation.name} has no improvement plans.")
            return
        statuses = dict(PlanStatus.choices)
        headings = ["ID", "Title", "Status", "Owner", "Period", "Actions", "Open", "Overdue", "Stale", "Closed"]
        table = [
            [
                str(row["id"]),
                row["title"],
                statuses.get(row["status"], row["status"]),
                row["owner"] or "-",
                govuk_date_range(
                    dt.date.fromisoformat(row["starts_on"]), dt.date.fromisoformat(row["ends_on"]), short=True
                ),
                *(f"{row['counts'][key]:,}" for key in ("actions", "open", "overdue", "stale", "closed")),
            ]
            for row in rows
        ]
        widths = [max(len(line[i]) for line in [headings, *table]) for i in range(len(headings))]
        for line in [headings, *table]:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
