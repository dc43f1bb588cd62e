from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ascent.organisations.access import fetch, get_organisation_for_user

from .models import Job
from .services import JobError, refresh_if_stalled, retry_job


def _job_for(request: HttpRequest, gss_code: str, job_id: int) -> Job:
    organisation = get_organisation_for_user(request.user, gss_code, perm="jobs.view_job")
    job = fetch(
        Job.objects.for_user_in(organisation, request.user),
        request.user,
        organisation=organisation,
        perm="jobs.view_job",
        select_related=("created_by",),
        pk=job_id,
    )
    return refresh_if_stalled(job)


@require_GET
def detail(request: HttpRequest, gss_code: str, job_id: int) -> HttpResponse:
    job = _job_for(request, gss_code, job_id)
    can_retry = job.can_be_retried and request.user.has_perm(job.permission or "jobs.view_job", job.organisation)
    context = {
        "job": job,
        "organisation": job.organisation,
        "can_retry": can_retry,
        "file_days": settings.ASCENT_JOB_FILE_DAYS,
    }
    return render(request, "jobs/detail.html", context)


@require_POST
def retry(request: HttpRequest, gss_code: str, job_id: int) -> HttpResponse:
    """Start a failed (or expired) job again with the same parameters, for the person asking."""
    job = _job_for(request, gss_code, job_id)
    if not request.user.has_perm(job.permission or "jobs.view_job", job.organisation):
        raise Http404("No such job")
    try:
        new_job = retry_job(job, by=request.user)
    except JobError as error:
        messages.error(request, str(error))
        return redirect(job)
    return redirect(new_job)


@require_GET
def download(request: HttpRequest, gss_code: str, job_id: int) -> FileResponse:
    job = _job_for(request, gss_code, job_id)
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404("This job has no file to download")
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is no longer available") from error
    return FileResponse(handle, as_attachment=True, filename=job.result_name, content_type=job.result_content_type)


@require_GET
def status(request: HttpRequest, gss_code: str, job_id: int) -> JsonResponse:
    job = _job_for(request, gss_code, job_id)
    return JsonResponse(job.progress_report())
