"""``manage.py cld_measures GSS_CODE [--period 2024-25] [--format text|json|csv]``.

The ASCOF measures (2A, 2B, 2C, 2E, 3D) and the local activity measures of the council's loaded
client-level data for a 12-month period (default: the latest 12 months loaded). JSON is a list
of objects with the keys measure, group, numerator, denominator, outcome, period_start and
period_end; CSV has those columns.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from ascent.cld.measures import NoExtracts, council_measures, financial_year
from ascent.documents import tabular
from ascent.organisations.models import Organisation

KEYS = ("measure", "group", "numerator", "denominator", "outcome", "period_start", "period_end", "suppressed")


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


class Command(BaseCommand):
    help = "Print the client-level data measures of a council for a 12-month period."

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="the council's GSS code, e.g. E09000015")
        parser.add_argument("--period", help="a financial year, e.g. 2024-25 (default: the latest 12 months loaded)")
        parser.add_argument("--format", choices=("text", "json", "csv"), default="text")

    def handle(self, *args, gss_code, period, format, **options):
        organisation = Organisation.objects.filter(gss_code=gss_code).first()
        if organisation is None:
            raise CommandError(f"No council has the GSS code {gss_code}.")
        try:
            chosen = financial_year(period) if period else None
            rows = council_measures(organisation, chosen)
        except (ValueError, NoExtracts) as error:
            raise CommandError(str(error)) from error
        # A suppressed group (fewer than 5 people, or one that would let such a group be worked
        # out) has no figures: null in JSON, empty in CSV.
        records = [{key: _plain(row.get(key, False)) for key in KEYS} for row in rows]
        if format == "json":
            self.stdout.write(json.dumps(records, indent=2))
        elif format == "csv":
            yes_no = {True: "Yes", False: "No"}
            tabular.write_csv(
                self.stdout,
                [list(KEYS), *([yes_no[r[k]] if k == "suppressed" else r[k] for k in KEYS] for r in records)],
            )
        else:
            self._text(organisation, records)

    def _text(self, organisation, records):
        if not records:
            self.stdout.write("No measures.")
            return
        first = records[0]
        self.stdout.write(f"{organisation.name}: {first['period_start']} to {first['period_end']}")
        for record in records:
            if record["suppressed"]:
                self.stdout.write(f"  {record['measure']}, {record['group']}: suppressed (fewer than 5)")
                continue
            outcome = "—" if record["outcome"] is None else record["outcome"]
            denominator = "—" if record["denominator"] is None else record["denominator"]
            self.stdout.write(
                f"  {record['measure']}, {record['group']}: {outcome} ({record['numerator']} / {denominator})"
            )
