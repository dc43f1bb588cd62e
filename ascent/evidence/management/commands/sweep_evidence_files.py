"""Delete stored evidence files that no record names (run it from cron, like sweep_jobs).

A file is stored before its record is saved, in the same request; if the transaction around
them is rolled back for a reason the evidence code cannot see, the file stays behind with
no record. This finds such files in the ``evidence`` storage and deletes those older than
``--older-than`` minutes (60 by default, so an upload on its way is never touched).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from ascent.evidence.models import EvidenceFile
from ascent.evidence.storage import evidence_storage


class Command(BaseCommand):
    help = "Delete stored evidence files that no evidence record names."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=60, metavar="MINUTES")
        parser.add_argument("--dry-run", action="store_true", help="List the files without deleting them")

    def handle(self, *args, older_than: int, dry_run: bool, **options):
        storage = evidence_storage()
        cutoff = timezone.now() - dt.timedelta(minutes=older_than)
        try:
            folders, _ = storage.listdir("")
        except FileNotFoundError:
            folders = []
        removed = 0
        for folder in folders:
            names = {f"{folder}/{name}" for name in storage.listdir(folder)[1]}
            known = set(EvidenceFile.objects.filter(file__in=names).values_list("file", flat=True))
            for name in sorted(names - known):
                if storage.get_modified_time(name) > cutoff:
                    continue
                if not dry_run:
                    storage.delete(name)
                removed += 1
                if options["verbosity"] > 1:
                    self.stdout.write(name)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {removed} stored file{'s' if removed != 1 else ''} no evidence record names")
