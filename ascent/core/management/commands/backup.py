"""manage.py backup <file>: the database and every stored file, in one archive (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Back up the database and every stored file (MEDIA_ROOT) into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive to write, such as ascent-2026-12-06.tar.gz")

    def handle(self, *args, file: Path, verbosity: int = 1, **options):
        progress = self.stdout.write if verbosity > 1 else (lambda _: None)
        try:
            summary = write_backup(file, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.rows} rows from {summary.tables} tables and {summary.files} files to {file}."
            )
        )
