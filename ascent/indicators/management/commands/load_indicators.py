from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.indicators.comparators import sync_builtin_groups
from ascent.indicators.library import DEFAULT_LIBRARY, LibraryError, load_indicator_library


class Command(BaseCommand):
    help = (
        "Load the shipped indicator library (the ASCOF measure sets) and the built-in comparator "
        "groups (England, each region, and each type of council). Run it after load_reference_data and "
        "load_frameworks: each measure is tagged with the framework elements it counts towards, and a "
        "framework that is not loaded stops it, naming the framework. "
        "Safe to run again: it adds what is missing, corrects what changed and leaves the rest alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=DEFAULT_LIBRARY,
            help="A library file to load instead of the shipped one (same columns as data/ascof.csv).",
        )

    def handle(self, *args, **options):
        try:
            result = load_indicator_library(options["file"])
        except LibraryError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Indicator library: {result}")
        groups = sync_builtin_groups()
        self.stdout.write(
            f"Built-in comparator groups: {groups['created']} added, {groups['updated']} updated, "
            f"{groups['unchanged']} unchanged, {groups['removed']} removed; "
            f"{groups['members_added']} members added, {groups['members_removed']} removed"
        )
