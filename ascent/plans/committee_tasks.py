"""Producing a committee report's PDF in the background, so that no request waits on WeasyPrint.

A committee report of a big plan lays out as a PDF in several seconds (bench/committee_report.py
times a 40-page one): too long to hold a web worker. The report page offers "Produce the PDF",
which starts a job with :func:`start_report_pdf`; the job's page follows it and offers the
download. The web page, Word and spreadsheet downloads stay direct: they are quick.

The work is done with the requester's permissions: if they may no longer see the plan when
the worker takes the job, it fails. An issued report is produced from its kept figures, so the
PDF reads as the committee saw it, whenever it is asked for.
"""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from ascent.documents.renderers import render
from ascent.jobs.models import Job
from ascent.jobs.services import JobError, finish_job, report_progress, running_job, start_job

from . import committee as committees
from .models import CommitteeReport

KIND = "committee-report:pdf"
#: What someone needs to produce the report's PDF: to read the council's plans (every member may).
PERMISSION = "plans.view_plans"


def start_report_pdf(report: CommitteeReport, *, by) -> Job:
    """Queue a job to produce the report's PDF. The caller has checked ``plans.view_plan``.
    Raises ``TooManyJobs`` when the person already has as many jobs waiting as they may."""
    organisation = report.plan.organisation
    report_url = reverse(
        "plans:committee_report",
        kwargs={"gss_code": organisation.gss_code, "plan_id": report.plan_id, "report_id": report.pk},
    )
    return start_job(
        produce_report_pdf,
        organisation=organisation,
        kind=KIND,
        title=f"Committee report, PDF: {report.title}"[:200],
        by=by,
        parameters={"report_id": report.pk},
        permission=PERMISSION,
        return_to=(report_url, "Back to the committee report"),
    )


def report_pdf_jobs(report: CommitteeReport, user):
    """This person's own PDF jobs for the report, newest first (for the report page)."""
    return (
        Job.objects.visible_to(user)
        .in_organisation(report.plan.organisation)
        .filter(kind=KIND, created_by=user, parameters__report_id=report.pk)
        .select_related("organisation")
        .order_by("-created_at")
    )


@task()
def produce_report_pdf(job_id: int) -> None:
    with running_job(job_id) as job:
        report = (
            CommitteeReport.objects.in_organisation(job.organisation)
            .select_related("plan__organisation", "plan__owner", "committee", "author", "previous")
            .filter(pk=job.parameters.get("report_id"))
            .first()
        )
        if report is None:
            raise JobError("This committee report no longer exists.")
        requester = job.created_by
        if requester is None or not requester.has_perm("plans.view_plan", report):
            raise JobError("You may no longer see this plan, so its committee report cannot be produced for you.")
        report_progress(job, 10, "Reading the plan's figures")
        document = committees.build_document(report, "pdf")
        report_progress(job, 30, "Laying out the PDF")
        content, content_type, extension = render(document, "pdf")
        finish_job(job, content=content, filename=document.filename(extension), content_type=content_type)
