"""Starting jobs and recording how they go. The work itself lives with the app that owns it.

A task function receives the job's id, and reports through these helpers:

    @task()
    def build_something(job_id: int) -> None:
        with running_job(job_id) as job:
            report_progress(job, 50, "Drawing charts")
            finish_job(job, content=b"...", filename="x.pdf", content_type="application/pdf")

Anything raised inside ``running_job`` marks the job failed with a plain reason; the
technical detail goes to the log, never to the user.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)


class JobError(Exception):
    """Raise with a message the user should read when a job cannot be done."""


def start_job(task, *, organisation, kind: str, title: str, by, parameters: dict | None = None) -> Job:
    """Record a job and queue its task once the record is committed."""
    job = Job.objects.create(
        organisation=organisation, created_by=by, kind=kind, title=title, parameters=parameters or {}
    )

    def enqueue():
        result = task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return job


@contextmanager
def running_job(job_id: int):
    job = Job.objects.select_related("organisation").get(pk=job_id)
    job.status = Job.Status.RUNNING
    job.started_at = timezone.now()
    job.progress = 0
    job.save(update_fields=["status", "started_at", "progress", "updated_at"])
    try:
        yield job
    except JobError as error:
        _fail(job, str(error))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(job, "Something went wrong while producing this. Try again; if it fails again, contact support.")
    else:
        if job.status == Job.Status.RUNNING:
            _fail(job, "The job stopped without producing a result.")


def report_progress(job: Job, percent: int, message: str = "") -> None:
    job.progress = max(0, min(100, int(percent)))
    job.progress_message = message[:200]
    job.save(update_fields=["progress", "progress_message", "updated_at"])


def finish_job(job: Job, *, content: bytes, filename: str, content_type: str) -> None:
    job.result_file.save(filename, ContentFile(content), save=False)
    job.result_name = filename
    job.result_content_type = content_type
    job.status = Job.Status.DONE
    job.progress = 100
    job.progress_message = ""
    job.finished_at = timezone.now()
    job.save()


def _fail(job: Job, reason: str) -> None:
    job.status = Job.Status.FAILED
    job.error = reason
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "updated_at"])
