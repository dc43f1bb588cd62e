"""Write one review to a file: its feedback letter, or its scope, team, findings and recommendations as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.documents.renderers import render
from ascent.reviews import letter as letters
from ascent.reviews.models import LetterVersion, Review

FORMATS = ("docx", "pdf", "html", "json")


class Command(BaseCommand):
    help = (
        "Write one review (by the id the reviews command lists) to a file: its feedback letter as Word (docx), "
        "PDF or a web page (html), the current draft or with --letter-version a published version as it was published; "
        "or as JSON its scope, team, findings (every status), recommendations with their responses, people met, "
        "the letter's own parts and its published versions. Fails on an unknown id, version or format, or a "
        "file it cannot write."
    )

    def add_arguments(self, parser):
        parser.add_argument("id", help="The review's id, as `manage.py reviews GSS_CODE` lists it")
        parser.add_argument("--format", required=True, help="docx, pdf, html or json")
        parser.add_argument("--out", required=True, help="The file to write (replaced if it exists)")
        parser.add_argument("--letter-version", type=int, help="A published version of the letter (not with json)")

    def handle(self, *args, **options):
        fmt = options["format"].strip().lower()
        if fmt not in FORMATS:
            raise CommandError(f"Unknown format {options['format']!r}: choose docx, pdf, html or json")
        try:
            pk = int(options["id"])
        except ValueError:
            raise CommandError(f"The id must be a whole number, such as 12, not {options['id']!r}") from None
        review = Review.objects.select_related("organisation", "framework").filter(pk=pk).first()
        if review is None:
            raise CommandError(f"No review has the id {pk}: `manage.py reviews GSS_CODE` lists them")
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"Cannot write {out}: the folder {out.parent} does not exist")
        number = options["letter_version"]
        note = ""
        if fmt == "json":
            if number is not None:
                raise CommandError("--letter-version is for the letter (docx, pdf or html), not json")
            content = json.dumps(letters.export_data(review), indent=2, ensure_ascii=False).encode("utf-8")
            what = "data"
        else:
            if number is None:
                document, what = letters.build_letter(review), "draft letter"
                latest = (
                    LetterVersion.objects.in_organisation(review.organisation)
                    .filter(review=review)
                    .order_by("-version")
                    .values_list("version", flat=True)
                    .first()
                )
                if latest is not None:
                    # A published letter's current state is not what was published: say so, and how to get that.
                    what = "current letter"
                    note = f" It was published as version {latest}: --letter-version {latest} writes that version."
            else:
                version = LetterVersion.objects.in_organisation(review.organisation).filter(
                    review=review, version=number
                )
                version = version.first()
                if version is None:
                    raise CommandError(f"The review has no published version {number} of its letter")
                document, what = letters.version_document(version), f"letter version {number}"
            content, _content_type, _extension = render(document, fmt)
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        self.stdout.write(
            f"Wrote the {what} of {review.organisation.name}'s {review} (review {review.pk}) "
            f"to {out} ({len(content):,} bytes).{note}"
        )
