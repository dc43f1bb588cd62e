"""Write one self-assessment version to a file: the summary report, or its data as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.assessments.models import SelfAssessment
from ascent.documents.renderers import render
from ascent.reports.self_assessment import assessment_data, build_self_assessment

FORMATS = ("docx", "pdf", "xlsx", "json")


class Command(BaseCommand):
    help = (
        "Write one self-assessment version (by the id the assessments command lists) to a file: the "
        "Self-assessment summary report as Word (docx), PDF or Excel (xlsx), or its ratings, evidence, flags with "
        "their justifications, top risks and CQC estimate as JSON. Fails on an unknown id or format, or a file "
        "it cannot write."
    )

    def add_arguments(self, parser):
        parser.add_argument("id", help="The self-assessment's id, as `manage.py assessments GSS_CODE` lists it")
        parser.add_argument("--format", required=True, help="docx, pdf, xlsx or json")
        parser.add_argument("--out", required=True, help="The file to write (replaced if it exists)")

    def handle(self, *args, **options):
        fmt = options["format"].strip().lower()
        if fmt not in FORMATS:
            raise CommandError(f"Unknown format {options['format']!r}: choose docx, pdf, xlsx or json")
        try:
            pk = int(options["id"])
        except ValueError:
            raise CommandError(f"The id must be a whole number, such as 12, not {options['id']!r}") from None
        assessment = SelfAssessment.objects.select_related("organisation", "framework").filter(pk=pk).first()
        if assessment is None:
            raise CommandError(f"No self-assessment has the id {pk}: `manage.py assessments GSS_CODE` lists them")
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"Cannot write {out}: the folder {out.parent} does not exist")
        if fmt == "json":
            content = json.dumps(assessment_data(assessment), indent=2, ensure_ascii=False).encode("utf-8")
        else:
            document = build_self_assessment(assessment.organisation, assessment=assessment)
            content, _content_type, _extension = render(document, fmt)
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        self.stdout.write(f"Wrote {assessment.organisation.name}'s {assessment} to {out} ({len(content):,} bytes).")
