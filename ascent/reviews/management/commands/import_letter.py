"""``python manage.py import_letter GSS_CODE FILE [--dry-run] [--format json]``: bring in a past letter."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ascent.organisations.models import Organisation
from ascent.reviews import import_actions
from ascent.reviews.letter_import import LetterReadError, propose, public_proposal, read
from ascent.reviews.models import Stage


class Command(BaseCommand):
    help = (
        "Read a past feedback letter or review report (a Word document, a PDF or a text file) and print what it "
        "proposes: the scope, the team, findings by kind and heading, and recommendations (numbered or not) or key "
        "priorities. With --dry-run nothing is saved. Without it the proposal is accepted as it stands: the council "
        "GSS_CODE gets a published review with those records, which can be undone from the import's page."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The host council's GSS code, for example E09000015")
        parser.add_argument("file", help="The letter: .docx, .pdf or plain text (the type is read from the content)")
        parser.add_argument("--dry-run", action="store_true", help="Print the proposal and save nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="How to print the proposal")
        parser.add_argument("--title", default="", help="The review's title (default: the letter's first heading)")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(gss_code=options["gss_code"].upper()).first()
        if organisation is None:
            raise CommandError(f"No council has the GSS code {options['gss_code']}")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            _kind, text = read(data)
        except LetterReadError as error:
            raise CommandError(str(error)) from None
        proposal = propose(text)
        if options["format"] == "json":
            self.stdout.write(json.dumps(public_proposal(proposal), indent=2, ensure_ascii=False))
        else:
            self._print(proposal)
        if options["dry_run"]:
            return
        record = import_actions.start(organisation, by=None, source=data, source_name=path.name)
        review = dict(record.proposal["review"])
        review["title"] = options["title"] or review.get("title") or path.stem
        review["stage"] = Stage.PUBLISHED.value
        try:
            import_actions.save_corrections(record, {**record.proposal, "review": review}, by=None)
            created = import_actions.accept(record, by=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stderr.write(f"Created review {created.pk} ({created.title}) from import {record.pk}")

    def _print(self, proposal: dict) -> None:
        write = self.stdout.write
        write(f"Scope ({len(proposal['scope'])})")
        for number, item in enumerate(proposal["scope"], start=1):
            write(f"  {number}. {item['text']}")
        write(f"Team ({len(proposal['team'])})")
        for member in proposal["team"]:
            write(f"  {member['name']} – {member['role']}, {member['organisation']}")
        write(f"Findings ({len(proposal['findings'])})")
        for finding in proposal["findings"]:
            write(f"  [{finding['kind']}] {finding['heading'] or 'General'}: {finding['text']}")
        write(f"Recommendations ({len(proposal['recommendations'])})")
        for item in proposal["recommendations"]:
            label = item["number"] if item["number"] is not None else "unnumbered"
            write(f"  [{item['kind']} {label}] {item['text']}")
