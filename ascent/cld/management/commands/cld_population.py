"""``manage.py cld_population GSS_CODE FILE [--source TEXT]``: import a council's adult population.

The CSV has the columns year, age_band (18 to 64 or 65 and above) and population: the
denominators of ASCOF 2B and 2C (see :mod:`ascent.cld.population`). Every row is checked
first; if any is wrong each problem is listed (row, field, reason) and nothing is saved.
Exits 0 when the figures were saved, 1 when the file was refused.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.cld.population import import_population
from ascent.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Import a council's adult population by year and age band (CSV with columns year, age_band, population), "
        "the denominators of ASCOF 2B and 2C. All or nothing: any wrong row is reported and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="the council's GSS code, e.g. E09000015")
        parser.add_argument("file", type=Path, help="the CSV file")
        parser.add_argument("--source", default="", help="where the figures come from, e.g. 'ONS mid-2024 estimates'")

    def handle(self, *args, gss_code, file, source, **options):
        organisation = Organisation.objects.filter(gss_code=gss_code.strip().upper()).first()
        if organisation is None:
            raise CommandError(f"No council has the GSS code {gss_code}.")
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        result = import_population(organisation, file, by=None, source=source)
        out = self.stdout.write
        if not result.ok:
            out(f"{file.name}: {len(result.errors):,} problem{'s' if len(result.errors) != 1 else ''}:")
            for error in result.errors:
                out(f"  {error}")
            out("Nothing was saved.")
            raise SystemExit(1)
        out(
            f"{organisation.name}: {result.created:,} population figures added, {result.updated:,} updated, "
            f"{result.unchanged:,} unchanged."
        )
