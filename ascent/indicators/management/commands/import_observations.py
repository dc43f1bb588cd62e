from django.core.management.base import BaseCommand

from ascent.imports.commands import add_import_arguments, run_import_command


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV file or Excel workbook in the standard layout: organisation (GSS code), "
        "indicator (code), period, value, and optionally numerator, denominator and status. Headings are matched "
        "ignoring case. Every row is checked first: if any row has an error, every error is listed and nothing is "
        "saved."
    )

    def add_arguments(self, parser):
        add_import_arguments(parser)

    def handle(self, *args, **options):
        run_import_command(
            self,
            "observations",
            options["file"],
            dry_run=options["dry_run"],
            options={},
            accept_warnings=options["accept_warnings"],
        )
