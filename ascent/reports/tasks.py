"""Producing reports in the background."""

from __future__ import annotations

from django_tasks import task

from ascent.documents.renderers import render
from ascent.jobs.services import JobError, finish_job, report_progress, running_job

from .catalogue import REPORTS


@task()
def produce_report(job_id: int) -> None:
    with running_job(job_id) as job:
        report = REPORTS.get(job.parameters.get("report", ""))
        fmt = job.parameters.get("format", "")
        if report is None or fmt not in report.formats:
            raise JobError("This report or format is not available.")
        report_progress(job, 10, "Gathering the figures")
        document = report.build(job.organisation, user=job.created_by)
        report_progress(job, 50, f"Writing the {fmt.upper()} file")
        content, content_type, extension = render(document, fmt)
        finish_job(job, content=content, filename=document.filename(extension), content_type=content_type)
