"""Print a council's spending trend table: `python manage.py finance_summary E09000015`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ascent.finance import summary
from ascent.finance.views import expenditure_lines
from ascent.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Print the spending trend for one council: expenditure by service line and financial year, in £000, "
        "with totals and the year-on-year movement in pounds and per cent."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The council's GSS code, for example E09000015")
        parser.add_argument(
            "--format", choices=["text", "csv"], default="text", help="Aligned text (the default) or CSV"
        )
        parser.add_argument(
            "--measure",
            choices=list(summary.MEASURES),
            help="Net of client contributions or gross (default: net, or gross when only gross is held)",
        )
        parser.add_argument(
            "--basis",
            choices=list(summary.BASES),
            default=summary.BEST,
            help="best: actual, else forecast, else budget, year by year (the default); or one basis only",
        )

    def handle(self, *args, gss_code: str, format: str, measure: str | None, basis: str, **options):
        organisation = Organisation.objects.filter(gss_code=gss_code.strip().upper()).first()
        if organisation is None:
            raise CommandError(f"No council has the GSS code {gss_code!r}")
        lines = expenditure_lines(organisation)
        measure = measure or summary.default_measure(lines)
        table = summary.build_trend(lines, measure=measure, basis=basis)
        if table.is_empty:
            on_basis = "" if basis == summary.BEST else f" on a {basis} basis"
            raise CommandError(
                f"{organisation.name} ({organisation.gss_code}) has no {measure} expenditure figures{on_basis}. "
                "Import them first."
            )
        if format == "csv":
            self.stdout.write(summary.trend_csv(table), ending="")
            return
        self.stdout.write(f"{table.caption}: {organisation.name} ({organisation.gss_code})\n\n")
        self.stdout.write(summary.trend_text(table), ending="")
        notes = summary.summary_sentences(table)
        if table.is_illustrative:
            notes.append("Illustrative: some of these figures are made up for demonstration.")
        if notes:
            self.stdout.write("\n" + "\n".join(notes) + "\n", ending="")
