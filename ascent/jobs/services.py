"""Starting jobs and recording how they go. The work itself lives with the app that owns it.

A task function receives the job's id, and reports through these helpers:

    @task()
    def build_something(job_id: int) -> None:
        with running_job(job_id) as job:
            report_progress(job, 50, "Drawing charts")
            finish_job(job, content=b"...", filename="x.pdf", content_type="application/pdf")

A job whose work is done in place (an import's check) finishes with no file,
``finish_job(job)``, and is started with ``return_to=(url, label)`` so that its page links
back to where its outcome is shown rather than to the Reports page.

Anything raised inside ``running_job`` marks the job failed with a plain reason; the
technical detail goes to the log, never to the user.

A job cannot hang: while it runs, its heartbeat is touched by every ``report_progress`` and
by a timer every ASCENT_JOB_HEARTBEAT_SECONDS. A running job whose heartbeat is older than
ASCENT_JOB_STALL_MINUTES (its worker died), or a job queued for longer than
ASCENT_JOB_QUEUE_MINUTES (no worker took it), is failed with a plain reason by
:func:`fail_stalled_jobs`. That runs when someone looks at the job, when a worker starts a
job, and from ``manage.py sweep_jobs``. Result files are deleted after ASCENT_JOB_FILE_DAYS
by ``manage.py expire_job_files``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from ascent.core.locks import hold_lock

from .models import REACHED_THROUGH, Job

logger = logging.getLogger(__name__)

STALLED_REASON = "The work stopped unexpectedly. Try again."
NEVER_STARTED_REASON = "The work did not start in time. Try again."


class JobError(Exception):
    """Raise with a message the user should read when a job cannot be done."""


class TooManyJobs(JobError):
    """The person already has as many jobs waiting or running as they may."""


def _task_path(task) -> str:
    path = getattr(task, "module_path", "")
    return path if isinstance(path, str) else ""


def start_job(
    task,
    *,
    organisation,
    kind: str,
    title: str,
    by,
    parameters: dict | None = None,
    permission: str = "jobs.view_job",
    retry_of: Job | None = None,
    retryable: bool = True,
    return_to: tuple[str, str] | None = None,
    reached_through=None,
) -> Job:
    """Record a job and queue its task once the record is committed.

    ``permission`` is what starting the job needs (checked by the caller); trying it again
    needs the same. It is checked on the organisation, or, for a job started from one
    record that someone outside the organisation may reach (a review, which its team from
    other councils reach by a grant), on ``reached_through``: that record is kept in the
    job's parameters, and the requester may follow and download the job while they may
    still do ``permission`` on it, member or not (see ``jobs.view_job``).
    A job whose work belongs to a page of its own (an import's check, say) is started with
    ``retryable=False``: that page, not the job's, is where to try again.
    ``return_to`` is (url, label) for the job page's link back, if not the Reports page.
    Raises :class:`TooManyJobs` when the person already has ASCENT_JOBS_PER_PERSON jobs
    queued or running.
    """
    limit = settings.ASCENT_JOBS_PER_PERSON
    with transaction.atomic():
        if by is not None and by.is_authenticated:
            # Two clicks at once must not both slip under the limit.
            hold_lock("jobs-per-person", by.pk)
            fail_stalled_jobs(Job.objects.filter(created_by=by))
            waiting = Job.objects.filter(created_by=by, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).count()
            if waiting >= limit:
                raise TooManyJobs(
                    f"You already have {waiting} jobs waiting or running, the most one person can have at once. "
                    "Wait for one of them to finish, then try again."
                )
        parameters = dict(parameters or {})
        if reached_through is not None:
            if reached_through.owning_organisation_id() != organisation.pk:
                raise ValueError("A job is reached through a record of its own organisation")
            parameters[REACHED_THROUGH] = {"model": reached_through._meta.label_lower, "pk": reached_through.pk}
        job = Job.objects.create(
            organisation=organisation,
            created_by=by,
            kind=kind,
            title=title,
            parameters=parameters,
            task_path=_task_path(task) if retryable else "",
            permission=permission,
            retry_of=retry_of,
            return_url=return_to[0] if return_to else "",
            return_label=return_to[1] if return_to else "",
        )

        def enqueue():
            result = task.enqueue(job.pk)
            Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

        transaction.on_commit(enqueue)
    return job


def retry_job(job: Job, *, by) -> Job:
    """Start a failed or expired job again, with the same parameters, as ``by``."""
    if not job.can_be_retried:
        raise JobError("Only a job that failed, or whose file has expired, can be started again.")
    return start_job(
        import_string(job.task_path),
        organisation=job.organisation,
        kind=job.kind,
        title=job.title,
        by=by,
        parameters=job.parameters,
        permission=job.permission,
        retry_of=job,
        return_to=(job.return_url, job.return_label) if job.return_url else None,
    )


def fail_stalled_jobs(jobs=None, *, now: dt.datetime | None = None) -> int:
    """Fail the jobs (of ``jobs``, or all) whose worker died or that no worker took up.

    Each is failed by one conditional UPDATE, so a job that finishes or beats at the same
    moment is left alone. Returns how many were failed.
    """
    now = now or timezone.now()
    jobs = Job.objects.all() if jobs is None else jobs
    stalled_since = now - dt.timedelta(minutes=settings.ASCENT_JOB_STALL_MINUTES)
    queued_since = now - dt.timedelta(minutes=settings.ASCENT_JOB_QUEUE_MINUTES)
    stalled = jobs.filter(status=Job.Status.RUNNING).filter(
        Q(heartbeat_at__lt=stalled_since) | Q(heartbeat_at__isnull=True, started_at__lt=stalled_since)
    )
    never_started = jobs.filter(status=Job.Status.QUEUED, created_at__lt=queued_since)
    failed = stalled.update(status=Job.Status.FAILED, error=STALLED_REASON, finished_at=now, updated_at=now)
    failed += never_started.update(
        status=Job.Status.FAILED, error=NEVER_STARTED_REASON, finished_at=now, updated_at=now
    )
    if failed:
        logger.warning("Failed %s stalled job(s)", failed)
    return failed


def refresh_if_stalled(job: Job) -> Job:
    """The job as it stands, failed first if its worker died (used by the job's pages)."""
    if not job.is_finished and fail_stalled_jobs(Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


def expire_job_files(*, now: dt.datetime | None = None) -> int:
    """Delete result files older than ASCENT_JOB_FILE_DAYS and mark their jobs expired."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ASCENT_JOB_FILE_DAYS)
    expired = 0
    # A job that made no file (an import's check) has nothing to expire.
    old = Job.objects.filter(status=Job.Status.DONE, finished_at__lt=cutoff).exclude(result_file="")
    for job in old.iterator():
        if job.result_file:
            job.result_file.delete(save=False)
        updated = Job.objects.filter(pk=job.pk, status=Job.Status.DONE).update(
            status=Job.Status.EXPIRED, result_file="", updated_at=now
        )
        expired += updated
    return expired


class _Heartbeat:
    """Touches a running job's heartbeat every few seconds from a thread of its own.

    The work may spend minutes in one step (drawing a large PDF) without reporting
    progress; the timer shows that the worker is still alive meanwhile.
    """

    def __init__(self, job_id: int, seconds: float):
        self.job_id = job_id
        self.seconds = seconds
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"job-{job_id}-heartbeat", daemon=True)

    def _run(self) -> None:
        try:
            while not self.stop.wait(self.seconds):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())
                except Exception:  # noqa: BLE001 - a missed beat (the database busy, say) is not worth failing for
                    logger.warning("Job %s missed a heartbeat", self.job_id, exc_info=True)
                    connections.close_all()
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join(self.seconds + 5)


@contextmanager
def running_job(job_id: int):
    # A worker starting a job is a good moment to notice others whose worker died.
    fail_stalled_jobs()
    job = Job.objects.select_related("organisation").get(pk=job_id)
    now = timezone.now()
    job.status = Job.Status.RUNNING
    job.started_at = job.heartbeat_at = now
    job.progress = 0
    job.save(update_fields=["status", "started_at", "heartbeat_at", "progress", "updated_at"])
    try:
        with _Heartbeat(job.pk, settings.ASCENT_JOB_HEARTBEAT_SECONDS):
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
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["progress", "progress_message", "heartbeat_at", "updated_at"])


def finish_job(job: Job, *, content: bytes | None = None, filename: str = "", content_type: str = "") -> None:
    """Mark the job done, keeping ``content`` as its file to download, if it made one."""
    if content is not None:
        job.result_file.save(filename, ContentFile(content), save=False)
        job.result_name = filename
        job.result_content_type = content_type
    job.status = Job.Status.DONE
    job.progress = 100
    job.progress_message = ""
    job.error = ""
    job.finished_at = timezone.now()
    job.save()


def _fail(job: Job, reason: str) -> None:
    job.status = Job.Status.FAILED
    job.error = reason
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "updated_at"])
