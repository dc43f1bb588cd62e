"""manage.py restore <file>: put a backup into an empty installation (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty installation (a new database with "
        "`manage.py migrate` run, and an empty MEDIA_ROOT). Refuses a damaged or changed archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive made by manage.py backup")
        parser.add_argument(
            "--trust-unsigned",
            action="store_true",
            help="restore even though the archive was signed with another SECRET_KEY (checksums are still checked)",
        )

    def handle(self, *args, file: Path, trust_unsigned: bool, verbosity: int = 1, **options):
        progress = self.stdout.write if verbosity > 1 else (lambda _: None)
        try:
            summary = restore_backup(file, trust_unsigned=trust_unsigned, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.rows} rows into {summary.tables} tables and {summary.files} files from {file}."
            )
        )
