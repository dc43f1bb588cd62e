"""``manage.py cld_import GSS_CODE FILE [--dry-run]``: check a CLD extract and load it.

Prints the check's report: rows, release, any fatal problem, problems by field with the first
examples (row, field, value, reason), and whether the extract is usable for each measure. Exits
0 when the extract was loaded (or, with ``--dry-run``, would be), 1 when it was refused.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.cld import validation
from ascent.cld.loading import load_extract
from ascent.organisations.models import Organisation


class Command(BaseCommand):
    help = "Check a client-level data extract (CSV or XLSX, Release 1 or 2) and load it for a council."

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="the council's GSS code, e.g. E09000015")
        parser.add_argument("file", type=Path, help="the extract, CSV or XLSX")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")

    def handle(self, *args, gss_code, file, dry_run, **options):
        organisation = Organisation.objects.filter(gss_code=gss_code).first()
        if organisation is None:
            raise CommandError(f"No council has the GSS code {gss_code}.")
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        result = load_extract(organisation, file, original_name=file.name, dry_run=dry_run)
        report = result.report
        out = self.stdout.write
        out(f"{file.name}: {report.rows:,} rows" + (f", {_release(report)}" if report.release else ""))
        if report.is_fatal:
            for problem in report.fatal:
                out(f"Refused: {problem}")
            out("Nothing was saved.")
            raise SystemExit(1)
        if report.ignored_headings:
            out("Columns that are not CLD fields, ignored: " + ", ".join(report.ignored_headings))
        _problems(out, report, result)
        out("Usable for each measure:")
        for code, verdict in report.usable.items():
            state = "usable" if verdict["usable"] else "not usable"
            out(f"  {code} {verdict['title']}: {state}. {verdict['why']}")
        if dry_run:
            out("Dry run: the extract passed the checks that refuse a file; nothing was saved.")
        else:
            out(f"Loaded as extract {result.extract.pk} for {organisation.name}.")
            if result.recorded_la_code:
                out(f"{organisation.name}'s extracts are now expected to carry LA Code {result.recorded_la_code}.")


def _release(report: validation.Report) -> str:
    return {
        "R1": "Release 1 values (mapped forward to Release 2 for the measures)",
        "R2": "Release 2 values",
        "mixed": "Release 1 and Release 2 values (Release 1 values are mapped forward)",
    }[report.release]


def _problems(out, report: validation.Report, result) -> None:
    if not report.problem_count:
        out("No problems found.")
        return
    out(f"{report.problem_count:,} problems ({report.error_count:,} errors, the rest warnings), by field:")
    for field, count in sorted(report.by_field.items(), key=lambda item: -item[1]):
        out(f"  {field}: {count:,}")
    out("Each kind of problem, with its first rows (the heading is row 1):")
    for field, reason, warning, count in report.kinds:
        rows = [example for example in result.examples if example[1] == field and example[3] == reason][:3]
        shown = "; ".join(f"row {row}: “{value}”" if value else f"row {row}" for row, _, value, _, _ in rows)
        label = "Warning" if warning else "Error"
        out(f"  {label}, {field} {reason}: {count:,} rows (e.g. {shown})")
