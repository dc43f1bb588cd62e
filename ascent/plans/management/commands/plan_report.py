"""Write a committee report of an improvement plan to a file, for officers who send papers by script."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.documents.renderers import render
from ascent.plans import committee as committees
from ascent.plans.models import CommitteeReport, ReportStatus


class Command(BaseCommand):
    help = (
        "Write a committee report of an improvement plan (its id, as in the address of the report's page: "
        ".../committee-reports/ID/) as a Word document, PDF, spreadsheet of the figures or web page. An issued "
        "report is written as the committee saw it (its kept figures); a draft with the plan's figures as they "
        "are now. Fails on an unknown id or a file it cannot write."
    )

    def add_arguments(self, parser):
        parser.add_argument("report_id", type=int, metavar="ID", help="The committee report's id")
        parser.add_argument(
            "--format", choices=["docx", "pdf", "xlsx", "html"], required=True, help="docx, pdf, xlsx or html"
        )
        parser.add_argument("--out", required=True, metavar="FILE", help="The file to write")

    def handle(self, *args, **options):
        report = (
            CommitteeReport.objects.select_related("plan__organisation", "plan__owner", "committee", "author")
            .filter(pk=options["report_id"])
            .first()
        )
        if report is None:
            raise CommandError(f"No committee report has the id {options['report_id']}")
        fmt = options["format"]
        document = committees.build_document(report, fmt)
        content, _content_type, _extension = render(document, fmt)
        out = options["out"]
        path = Path(out)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror or error}") from None
        state = "issued" if report.status == ReportStatus.ISSUED else "draft, figures as they are now"
        self.stdout.write(f"Wrote {report.title} ({state}) to {path} as {fmt.upper()}, {len(content) / 1024:,.0f} KB")
