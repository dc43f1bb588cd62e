from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ascent.organisations.access import fetch, find_visible_organisation, get_organisation_for_user
from ascent.organisations.models import Organisation

from .models import Job
from .services import JobError, refresh_if_stalled, retry_job


def _job_for(request: HttpRequest, gss_code: str, job_id: int) -> Job:
    """The job of the URL: for the organisation's members, their own (all of them for admins);
    for anyone else, only a job they asked for through one record they may still reach there
    (a review they sit on). Everything else is a 404."""
    user = request.user
    if find_visible_organisation(user, gss_code) is not None:
        organisation = get_organisation_for_user(user, gss_code, perm="jobs.view_job")
        job = fetch(
            Job.objects.for_user_in(organisation, user),
            user,
            organisation=organisation,
            perm="jobs.view_job",
            select_related=("created_by",),
            pk=job_id,
        )
        return refresh_if_stalled(job)
    organisation = Organisation.objects.filter(gss_code=gss_code).first()  # access: councils are reference data
    if organisation is None:
        raise Http404("No such job")
    try:
        # visible_to lets a requester know their own job; jobs.view_job asks whether their
        # access to the record it was asked for through is still in force.
        job = fetch(
            Job, user, organisation=organisation, perm="jobs.view_job", select_related=("created_by",), pk=job_id
        )
    except PermissionDenied:
        raise Http404("No such job") from None
    return refresh_if_stalled(job)


def _may_retry(user, job: Job) -> bool:
    target = job.permission_target()
    return target is not None and user.has_perm(job.permission or "jobs.view_job", target)


@require_GET
def detail(request: HttpRequest, gss_code: str, job_id: int) -> HttpResponse:
    job = _job_for(request, gss_code, job_id)
    can_retry = job.can_be_retried and _may_retry(request.user, job)
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
    if not _may_retry(request.user, job):
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
