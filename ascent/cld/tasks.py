"""Loading an extract and computing the measures in the background, so no request waits on them.

``load_extract_task`` checks and keeps an uploaded extract (:func:`ascent.cld.loading.load_extract`).
Its time is bounded: a timer interrupts DuckDB after ``ASCENT_CLD_LOAD_SECONDS`` (a damaged
workbook can keep DuckDB's Excel reader busy without end), and the job then fails saying so,
having saved nothing. What the check found is kept on the job (its ``parameters``), for the
load's page: the extract made, the summary of a check-only run, or the fatal problems.

``compute_measures_task`` computes and stores the measures of every loaded quarter
(:func:`ascent.cld.results.compute_and_store`), reporting progress as it goes.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import PurePath

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from ascent.jobs.models import Job
from ascent.jobs.services import JobError, finish_job, report_progress, running_job, start_job

from . import loading, storage
from .measures import NoExtracts

LOAD_KIND = "cld:load"
COMPUTE_KIND = "cld:measures"
#: Examples kept on a check-only job for its page (a loaded extract keeps its own).
CHECK_EXAMPLES = 100


def load_seconds() -> int:
    """The longest a load may take (settings.ASCENT_CLD_LOAD_SECONDS)."""
    return settings.ASCENT_CLD_LOAD_SECONDS


def keep_upload(organisation, upload, kind: str) -> str:
    """Write an uploaded file to the council's private folder, a chunk at a time; its relative path."""
    relative = f"{organisation.gss_code}/uploads/{secrets.token_hex(16)}.{kind}"
    target = storage.absolute(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return relative


def start_load(organisation, upload, kind: str, *, by, check_only: bool) -> Job:
    """Keep the upload privately and queue the job that loads it (or only checks it)."""
    relative = keep_upload(organisation, upload, kind)
    name = PurePath(upload.name or "extract").name[:255]
    verb = "Checking" if check_only else "Loading"
    try:
        job = start_job(
            load_extract_task,
            organisation=organisation,
            kind=LOAD_KIND,
            title=f"{verb} {name}"[:200],
            by=by,
            parameters={"upload": relative, "name": name, "check_only": check_only},
            permission="cld.load_cld",
            retryable=False,  # the uploaded file is removed once read: load it again from the page
            return_to=(reverse("cld:index", kwargs={"gss_code": organisation.gss_code}), "Back to the extracts"),
        )
    except BaseException:
        storage.absolute(relative).unlink(missing_ok=True)
        raise
    return job


class _Deadline:
    """Interrupts DuckDB once the time is up (DuckDB checks for an interrupt as it works)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.connection = None
        self.expired = False
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def bind(self, connection) -> None:
        self.connection = connection
        self.timer.start()

    def _expire(self) -> None:
        self.expired = True
        if self.connection is not None:
            self.connection.interrupt()

    def cancel(self) -> None:
        self.timer.cancel()


def _too_long(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return (
        f"Checking the file took longer than {minutes} minute{'s' if minutes != 1 else ''}, so it was stopped and "
        "nothing was saved. A damaged workbook can do this: open it in Excel and save it again, or save it as CSV, "
        "then load it again."
    )


def _record(job: Job, **outcome) -> None:
    job.parameters = {**job.parameters, **outcome}
    Job.objects.filter(pk=job.pk).update(parameters=job.parameters)


@task()
def load_extract_task(job_id: int) -> None:
    with running_job(job_id) as job:
        parameters = job.parameters
        path = storage.absolute(parameters["upload"])
        if not path.exists():
            raise JobError("The uploaded file is no longer here. Load it again.")
        check_only = bool(parameters.get("check_only"))
        report_progress(job, 5, "Checking the file")
        deadline = _Deadline(load_seconds())
        try:
            result = loading.load_extract(
                job.organisation,
                path,
                original_name=parameters.get("name", "extract"),
                by=job.created_by,
                dry_run=check_only,
                on_connection=deadline.bind,
            )
        except Exception:
            if deadline.expired:
                _record(job, outcome="refused", fatal=[_too_long(deadline.seconds)])
                raise JobError(_too_long(deadline.seconds)) from None
            raise
        finally:
            deadline.cancel()
            path.unlink(missing_ok=True)
        report = result.report
        if report.is_fatal:
            fatal = [_too_long(deadline.seconds)] if deadline.expired else list(report.fatal)
            _record(job, outcome="refused", fatal=fatal)
            raise JobError("Nothing was saved. " + " ".join(fatal))
        if check_only:
            _record(
                job,
                outcome="checked",
                summary=report.summary(),
                stated_start=report.stated_start,
                stated_end=report.stated_end,
                la_code=report.la_code,
                examples=[list(example) for example in result.examples[:CHECK_EXAMPLES]],
            )
        else:
            _record(job, outcome="loaded", extract_id=result.extract.pk)
            url = reverse(
                "cld:extract", kwargs={"gss_code": job.organisation.gss_code, "extract_id": result.extract.pk}
            )
            job.return_url, job.return_label = url, "Read its data quality"
            Job.objects.filter(pk=job.pk).update(return_url=url, return_label=job.return_label)
        finish_job(job)


def start_compute(organisation, *, by) -> Job:
    return start_job(
        compute_measures_task,
        organisation=organisation,
        kind=COMPUTE_KIND,
        title="Computing the client-level data measures",
        by=by,
        permission="cld.load_cld",
        return_to=(reverse("cld:measures", kwargs={"gss_code": organisation.gss_code}), "See the measures"),
    )


@task()
def compute_measures_task(job_id: int) -> None:
    from . import results  # the results module reads the indicator store, which a load never needs

    with running_job(job_id) as job:
        report_progress(job, 1, "Reading the extracts")

        def progress(done: int, total: int) -> None:
            percent = 100 * done // total if total else 0
            report_progress(job, min(99, max(1, percent)), f"{done} of {total} periods computed")

        try:
            results.compute_and_store(job.organisation, by=job.created_by, progress=progress)
        except NoExtracts as error:
            raise JobError(f"{error} Load an extract first.") from None
        finish_job(job)
