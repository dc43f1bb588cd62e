"""Producing a programme report's PDF in the background, so that no request waits on WeasyPrint.

As for the committee reports of plans (``ascent/plans/committee_tasks.py``): the report's page
offers "Produce the PDF", which starts a job; the job's page follows it and offers the download.
The web page, Word and spreadsheet downloads are made in the request.

A live report is read when the worker takes the job; an issued paper is produced from its
snapshot, so the PDF reads as the meeting saw it. The work is done with the requester's
permissions: if they may no longer see the programme, the job fails.
"""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from ascent.documents.renderers import render
from ascent.jobs.models import Job
from ascent.jobs.services import JobError, finish_job, report_progress, running_job, start_job

from ..models import BoardPaper, Programme
from .documents import build
from .papers import paper_data
from .snapshot import KINDS, snapshot

KIND = "programme-report:pdf"
#: What producing a PDF needs: to read the council's programmes (every member may).
PERMISSION = "programmes.view_programmes"


def start_report_pdf(programme: Programme, *, kind: str, by, paper: BoardPaper | None = None) -> Job:
    """Queue a job for the PDF of the programme's live report of ``kind``, or of an issued
    ``paper``. The caller has checked ``programmes.view_programme``. Raises ``TooManyJobs``."""
    organisation = programme.organisation
    if paper is not None:
        back = reverse("programmes:paper", kwargs={"gss_code": organisation.gss_code, "pk": paper.pk})
        title, parameters, label = paper.title, {"paper_id": paper.pk}, "Back to the paper"
    else:
        back = reverse(
            "programmes:report", kwargs={"gss_code": organisation.gss_code, "pk": programme.pk, "kind": kind}
        )
        title = f"{programme.name}: {KINDS[kind].lower()}"
        parameters, label = {"programme_id": programme.pk, "kind": kind}, "Back to the report"
    return start_job(
        produce_report_pdf,
        organisation=organisation,
        kind=KIND,
        title=f"PDF: {title}"[:200],
        by=by,
        parameters=parameters,
        permission=PERMISSION,
        return_to=(back, label),
    )


def pdf_jobs(user, organisation, **parameters):
    """This person's own PDF jobs for a report or paper, newest first."""
    jobs = Job.objects.visible_to(user).in_organisation(organisation).filter(kind=KIND, created_by=user)
    for name, value in parameters.items():
        jobs = jobs.filter(**{f"parameters__{name}": value})
    return jobs.select_related("organisation").order_by("-created_at")


@task()
def produce_report_pdf(job_id: int) -> None:
    with running_job(job_id) as job:
        requester = job.created_by
        paper_id = job.parameters.get("paper_id")
        if paper_id is not None:
            paper = (
                BoardPaper.objects.in_organisation(job.organisation)
                .select_related("programme")
                .filter(pk=paper_id)
                .first()
            )
            if paper is None:
                raise JobError("This paper no longer exists.")
            programme, data = paper.programme, paper_data(paper)
        else:
            programme = (
                Programme.objects.in_organisation(job.organisation)
                .filter(pk=job.parameters.get("programme_id"))
                .first()
            )
            if programme is None:
                raise JobError("This programme no longer exists.")
            data = None
        if requester is None or not requester.has_perm("programmes.view_programme", programme):
            raise JobError("You may no longer see this programme, so its report cannot be produced for you.")
        report_progress(job, 10, "Reading the programme's figures")
        if data is None:
            data = snapshot(programme, kind=job.parameters.get("kind", "highlight"))
        document = build(data)
        report_progress(job, 30, "Laying out the PDF")
        content, content_type, extension = render(document, "pdf")
        finish_job(job, content=content, filename=document.filename(extension), content_type=content_type)
