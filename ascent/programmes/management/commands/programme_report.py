"""Write a programme's report (the board highlight report or the committee report) to a file, for scripts."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.documents.renderers import render
from ascent.programmes.models import Programme
from ascent.programmes.reporting import KINDS, build, snapshot

FORMATS = ("docx", "pdf", "xlsx", "html")


class Command(BaseCommand):
    help = (
        "Write a programme's report, with its figures as they are now, as a Word document, PDF, spreadsheet or "
        "web page: the board highlight report (the default) or, with --kind committee, the report to a council "
        "committee. ID is the programme's id, as in the address of its page (.../programmes/ID/). Fails on an "
        "unknown id, kind or format, or a file it cannot write."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme_id", metavar="ID", help="The programme's id")
        parser.add_argument("--format", required=True, metavar="FORMAT", help="docx, pdf, xlsx or html")
        parser.add_argument("--kind", default="highlight", help="highlight (the default) or committee")
        parser.add_argument("--out", required=True, metavar="FILE", help="The file to write")

    def handle(self, *args, **options):
        fmt = (options["format"] or "").lower()
        if fmt not in FORMATS:
            raise CommandError(f"Unknown format {options['format']!r}: choose one of {', '.join(FORMATS)}")
        kind = (options["kind"] or "").lower()
        if kind not in KINDS:
            raise CommandError(f"Unknown kind of report {options['kind']!r}: choose one of {', '.join(KINDS)}")
        raw = str(options["programme_id"]).strip()
        if not raw.isdigit():
            raise CommandError(f"{raw!r} is not a programme id: give the number in the programme's address")
        programme = Programme.objects.select_related("organisation").filter(pk=int(raw)).first()
        if programme is None:
            raise CommandError(f"No programme has the id {raw}")
        document = build(snapshot(programme, kind=kind))
        content, _content_type, _extension = render(document, fmt)
        out = options["out"]
        path = Path(out)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror or error}") from None
        self.stdout.write(
            f"Wrote the {KINDS[kind].lower()} of {programme.name} ({programme.organisation.name}) to {path} "
            f"as {fmt.upper()}, {len(content) / 1024:,.0f} KB"
        )
