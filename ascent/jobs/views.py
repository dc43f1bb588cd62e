from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ascent.organisations.access import fetch, get_organisation_for_user

from .models import Job


def _job_for(request: HttpRequest, gss_code: str, job_id: int) -> Job:
    organisation = get_organisation_for_user(request.user, gss_code, perm="jobs.view_job")
    return fetch(
        Job.objects.for_user_in(organisation, request.user),
        request.user,
        organisation=organisation,
        perm="jobs.view_job",
        select_related=("created_by",),
        pk=job_id,
    )


@require_GET
def detail(request: HttpRequest, gss_code: str, job_id: int) -> HttpResponse:
    job = _job_for(request, gss_code, job_id)
    return render(request, "jobs/detail.html", {"job": job, "organisation": job.organisation})


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
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "message": job.progress_message,
            "finished": job.is_finished,
        }
    )
