"""What the import management commands share: read a file, import it, report every error."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from .engine import ImportRefused, import_file


def add_import_arguments(parser) -> None:
    parser.add_argument("file", help="A CSV file or an Excel workbook (.xlsx) in the standard layout")
    parser.add_argument("--dry-run", action="store_true", help="Check every row and report, but save nothing")


def run_import_command(command: BaseCommand, kind: str, path: str, *, dry_run: bool, options: dict) -> None:
    """Import ``path`` as ``kind`` for every organisation it names; CommandError (exit 1) on any error."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Could not read {path}: {error.strerror or error}") from None
    try:
        result, run = import_file(kind, data, Path(path).name, options=options, dry_run=dry_run)
    except ImportRefused as error:
        raise CommandError(str(error)) from None
    if result.errors:
        for error in result.errors:
            command.stderr.write(str(error))
        count = len(result.errors)
        raise CommandError(f"{path} has {count:,} error{'s' if count != 1 else ''}: nothing was saved")
    if run is None:
        command.stdout.write(f"{result.summary()}. Dry run: nothing was saved.")
    else:
        command.stdout.write(command.style.SUCCESS(f"{result.summary()}. Saved as import {run.pk}."))
