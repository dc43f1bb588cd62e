from django.core.management.base import BaseCommand

from ascent.imports.commands import add_import_arguments, run_import_command


class Command(BaseCommand):
    help = (
        "Import expenditure from a CSV file or Excel workbook in the standard layout: organisation (GSS code), "
        "service_line, financial_year, amount, and optionally basis (actual, budget or forecast), measure (net or "
        "gross) and units. Every row is checked first: if any row has an error, every error is listed and nothing "
        "is saved."
    )

    def add_arguments(self, parser):
        add_import_arguments(parser)
        parser.add_argument(
            "--thousands",
            action="store_true",
            help="The amounts are in thousands of pounds (£000), as finance tables often give them",
        )

    def handle(self, *args, **options):
        run_import_command(
            self,
            "expenditure",
            options["file"],
            dry_run=options["dry_run"],
            options={"thousands": options["thousands"]},
            accept_warnings=options["accept_warnings"],
        )
