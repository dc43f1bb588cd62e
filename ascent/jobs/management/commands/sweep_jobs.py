"""Fail the jobs whose worker died or that no worker took up. Run it every few minutes."""

from django.core.management.base import BaseCommand

from ascent.jobs.services import fail_stalled_jobs


class Command(BaseCommand):
    help = "Mark as failed the jobs that stopped without finishing (see ASCENT_JOB_STALL_MINUTES)."

    def handle(self, *args, **options):
        failed = fail_stalled_jobs()
        self.stdout.write(f"Marked {failed} stalled job{'s' if failed != 1 else ''} as failed.")
