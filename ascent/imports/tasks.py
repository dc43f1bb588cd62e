"""Checking and importing big files in the background, so that no request waits on them.

A file of more than ``ASCENT_IMPORT_BACKGROUND_ROWS`` rows is checked, and imported, by a
job the person can follow on the import's page; smaller files are done while they wait.
"""

from __future__ import annotations

from functools import partial

from django.urls import reverse
from django_tasks import task

from ascent.jobs.models import Job
from ascent.jobs.services import JobError, finish_job, report_progress, running_job, start_job

from . import engine
from .models import ImportRun

CHECK, COMMIT, ROLLBACK = "check", "commit", "rollback"
_TITLES = {CHECK: "Checking {name}", COMMIT: "Importing {name}", ROLLBACK: "Rolling back {name}"}


def start_in_background(
    run: ImportRun, action: str, *, by, keep_changed: bool = False, accept_warnings: int = 0
) -> Job:
    """Queue a job to check (``"check"``), import (``"commit"``) or roll back (``"rollback"``) the
    run, and link it to the run. ``keep_changed`` is the person's choice for a rollback;
    ``accept_warnings`` the number of warnings they confirmed checking, for an import."""
    job_task = {CHECK: check_import, COMMIT: commit_import, ROLLBACK: rollback_import}[action]
    job = start_job(
        job_task,
        organisation=run.organisation,
        kind=f"import:{action}",
        title=_TITLES[action].format(name=run.file_name)[:200],
        by=by,
        parameters={
            "run_id": run.pk,
            **({"keep_changed": True} if keep_changed else {}),
            **({"accept_warnings": accept_warnings} if accept_warnings else {}),
        },
        permission="imports.import_data",
        retryable=False,  # the import's own page checks or imports again, and links the new job
        # The outcome is shown on the import's page, so the job makes no file and links back there.
        return_to=(
            engine.own_page(run)
            or reverse("imports:detail", kwargs={"gss_code": run.organisation.gss_code, "run_id": run.pk}),
            "Back to the import",
        ),
    )
    run.job = job
    ImportRun.objects.filter(pk=run.pk).update(job=job)
    return job


def _run_of(job: Job) -> ImportRun:
    run = ImportRun.objects.filter(pk=job.parameters.get("run_id"), organisation=job.organisation).first()
    if run is None:
        raise JobError("This import no longer exists.")
    return run


def _do(job_id: int, step) -> None:
    """Run one engine step (``check_run`` or ``commit_run``) on the job's import, reporting progress."""
    with running_job(job_id) as job:
        run = _run_of(job)
        try:
            step(run, user=job.created_by, progress=partial(report_progress, job))
        except engine.ImportRefused as error:
            raise JobError(str(error)) from None
        finish_job(job)


@task()
def check_import(job_id: int) -> None:
    _do(job_id, engine.check_run)


@task()
def commit_import(job_id: int) -> None:
    # The warnings the person confirmed checking when they asked for the import (see commit_run).
    accepted = Job.objects.filter(pk=job_id).values_list("parameters__accept_warnings", flat=True).first()
    _do(job_id, partial(engine.commit_run, accept_warnings=int(accepted or 0)))


@task()
def rollback_import(job_id: int) -> None:
    # Rows changed since the person chose refuse it (RollbackBlocked is an ImportRefused): the
    # job then fails saying so, and nothing is rolled back.
    keep = bool(Job.objects.filter(pk=job_id).values_list("parameters__keep_changed", flat=True).first())
    _do(job_id, partial(engine.rollback_run, keep_changed=keep))
