"""List a council's reviews with their ids, for people who work in scripts."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from ascent.core.dates import govuk_date_range
from ascent.organisations.models import Organisation
from ascent.reviews.lifecycle import newest_first, with_counts
from ascent.reviews.models import Review


def review_rows(organisation) -> list[dict]:
    """One dict per review the council hosts, newest first: what the command prints (JSON-safe)."""
    reviews = with_counts(newest_first(Review.objects.in_organisation(organisation)))
    return [
        {
            "id": review.pk,
            "title": review.title,
            "kind": review.kind,
            "stage": review.stage,
            "on_site_from": review.on_site_from.isoformat() if review.on_site_from else None,
            "on_site_to": review.on_site_to.isoformat() if review.on_site_to else None,
            "published_at": review.published_at.isoformat() if review.published_at else None,
            "counts": {
                "scope_items": review.scope_count,
                "team_members": review.team_count,
                "findings": review.finding_count,
                "approved_findings": review.approved_count,
                "recommendations": review.recommendation_count,
                "answered_recommendations": review.answered_count,
            },
        }
        for review in reviews
    ]


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class Command(BaseCommand):
    help = (
        "List the reviews a council hosts, newest first: id, title, kind, stage, days on site, and how many "
        "scope items, team members, findings and recommendations each has. A plain table by default, or JSON "
        "(a list of objects with id, title, kind, stage, on_site_from, on_site_to, published_at and counts) "
        "with --format json. Fails on an unknown GSS code."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The council's GSS code, such as E09000015")
        parser.add_argument("--format", choices=["table", "json"], default="table", help="table (the default) or json")

    def handle(self, *args, **options):
        code = options["gss_code"].strip().upper()
        organisation = Organisation.objects.filter(gss_code=code).first()
        if organisation is None:
            raise CommandError(f"No organisation has the GSS code {options['gss_code']!r}")
        rows = review_rows(organisation)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(f"{organisation.name} has no reviews.")
            return
        kinds = dict(Review._meta.get_field("kind").choices)
        stages = dict(Review._meta.get_field("stage").choices)
        headings = ["ID", "Title", "Kind", "Stage", "On site", "Findings", "Recommendations"]
        table = [
            [
                str(row["id"]),
                row["title"],
                kinds[row["kind"]],
                stages[row["stage"]],
                govuk_date_range(_day(row["on_site_from"]), _day(row["on_site_to"]), short=True) or "-",
                f"{row['counts']['findings']} ({row['counts']['approved_findings']} approved)",
                f"{row['counts']['recommendations']} ({row['counts']['answered_recommendations']} answered)",
            ]
            for row in rows
        ]
        widths = [max(len(line[i]) for line in [headings, *table]) for i in range(len(headings))]
        for line in [headings, *table]:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
