"""Producing reports in the background."""

from __future__ import annotations

from django_tasks import task

from ascent.core.periods import PeriodParseError
from ascent.documents.renderers import render
from ascent.jobs.services import JobError, finish_job, report_progress, running_job

from .catalogue import REPORTS
from .forms import options_from_parameters


@task()
def produce_report(job_id: int) -> None:
    with running_job(job_id) as job:
        report = REPORTS.get(job.parameters.get("report", ""))
        fmt = job.parameters.get("format", "")
        if report is None or fmt not in report.formats:
            raise JobError("This report or format is not available.")
        # A report's options form may read its own stored options back (the self-assessment summary's
        # choice of version); otherwise they are the performance report's periods.
        from_parameters = getattr(report.options_form, "from_parameters", None)
        try:
            if from_parameters is not None:
                options = from_parameters(job.parameters, organisation=job.organisation)
            else:
                options = options_from_parameters(job.parameters) if report.options_form else {}
        except PeriodParseError as error:
            raise JobError(f"The report's period could not be read. {error}") from None
        except LookupError as error:
            raise JobError(str(error)) from None
        report_progress(job, 10, "Gathering the figures")
        document = report.build(job.organisation, user=job.created_by, **options)
        report_progress(job, 50, f"Writing the {fmt.upper()} file")
        content, content_type, extension = render(document, fmt)
        finish_job(job, content=content, filename=document.filename(extension), content_type=content_type)
