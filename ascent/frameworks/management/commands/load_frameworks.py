from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.frameworks.crosswalk import load_shipped_crosswalk
from ascent.frameworks.loading import (
    CREATED,
    FrameworkFileError,
    load_framework,
    load_shipped_frameworks,
)


class Command(BaseCommand):
    help = (
        "Load the shipped frameworks (TEASC risk awareness, CQC local authority assessment and the two "
        "ASCOF sets) and the default crosswalk between them. Run it after load_reference_data and before "
        "load_indicators. Safe to run again: an unchanged file changes nothing; a changed file updates a "
        "framework no self-assessment has used, and makes a new version of one that has been used."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            help="Load this shipped framework file as well (the format is in docs/dev/framework-yaml.md).",
        )

    def handle(self, *args, **options):
        try:
            results = load_shipped_frameworks()
            if options["file"]:
                results.append(load_framework(options["file"].read_text(encoding="utf-8")))
            crosswalk = load_shipped_crosswalk()
        except FrameworkFileError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror}") from error
        for framework, status in results:
            if status == CREATED and framework.previous_version_id:
                status = f"new version (replaces {framework.previous_version.version})"
            self.stdout.write(f"{framework.slug} {framework.version}: {status}")
        self.stdout.write(f"Crosswalk: {crosswalk}")
