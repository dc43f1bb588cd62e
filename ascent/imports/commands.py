"""What the import management commands share: read a file, import it, report every error."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from .engine import ImportRefused, import_file


def add_import_arguments(parser) -> None:
    parser.add_argument("file", help="A CSV file or an Excel workbook (.xlsx) in the standard layout")
    parser.add_argument("--dry-run", action="store_true", help="Check every row and report, but save nothing")
    parser.add_argument(
        "--accept-warnings",
        action="store_true",
        help="Save the file even if it has warnings (likely slips, listed first): check them before you do",
    )


def run_import_command(
    command: BaseCommand, kind: str, path: str, *, dry_run: bool, options: dict, accept_warnings: bool = False
) -> None:
    """Import ``path`` as ``kind`` for every organisation it names; CommandError (exit 1) on any error,
    or on any warning unless ``accept_warnings``."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Could not read {path}: {error.strerror or error}") from None
    try:
        result, run = import_file(
            kind, data, Path(path).name, options=options, dry_run=dry_run, accept_warnings=accept_warnings
        )
    except ImportRefused as error:
        raise CommandError(str(error)) from None
    if result.errors:
        for error in result.errors:
            command.stderr.write(str(error))
        count = len(result.errors)
        raise CommandError(f"{path} has {count:,} error{'s' if count != 1 else ''}: nothing was saved")
    for warning in result.warnings:
        command.stderr.write(f"Warning: {warning}")
    count = len(result.warnings)
    if run is None and count and not accept_warnings and not dry_run:
        raise CommandError(
            f"{path} has {count:,} warning{'s' if count != 1 else ''}: nothing was saved. Check "
            f"{'them' if count != 1 else 'it'}, then run again with --accept-warnings to save the file as it is"
        )
    if run is None:
        command.stdout.write(f"{result.summary()}. Dry run: nothing was saved.")
    else:
        command.stdout.write(command.style.SUCCESS(f"{result.summary()}. Saved as import {run.pk}."))
