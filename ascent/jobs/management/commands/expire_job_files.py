"""Delete the result files of jobs that finished more than ASCENT_JOB_FILE_DAYS ago. Run it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from ascent.jobs.services import expire_job_files


class Command(BaseCommand):
    help = "Delete job result files older than ASCENT_JOB_FILE_DAYS and mark their jobs expired."

    def handle(self, *args, **options):
        expired = expire_job_files()
        self.stdout.write(
            f"Deleted the files of {expired} job{'s' if expired != 1 else ''} "
            f"finished more than {settings.ASCENT_JOB_FILE_DAYS} days ago."
        )
