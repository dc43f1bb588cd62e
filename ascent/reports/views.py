"""The Reports page and the reports on it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ascent.documents.renderers import render as render_document
from ascent.documents.renderers.html import render_html
from ascent.jobs.models import Job
from ascent.jobs.services import TooManyJobs, start_job
from ascent.organisations.access import get_organisation_for_user

from .catalogue import FORMATS, REPORTS
from .tasks import produce_report

RECENT_JOBS = 10


def _report(slug: str):
    report = REPORTS.get(slug)
    if report is None:
        raise Http404("No such report")
    return report


def _options_form(report, organisation, data=None, prefix: str | None = None):
    """The report's options form (bound to ``data`` when any of its fields is there), or None."""
    if report.options_form is None:
        return None
    form = report.options_form(None, organisation=organisation, prefix=prefix)
    names = [form.add_prefix(name) for name in form.fields]
    if data is not None and any(name in data for name in names):
        form = report.options_form(data, organisation=organisation, prefix=prefix)
    return form


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="reports.view_reports")
    jobs = Job.objects.for_user_in(organisation, request.user).select_related("created_by", "organisation")
    jobs = jobs[:RECENT_JOBS]
    reports = [(report, _options_form(report, organisation, prefix=report.slug)) for report in REPORTS.values()]
    return render(
        request,
        "reports/index.html",
        {"organisation": organisation, "reports": reports, "formats": FORMATS, "jobs": jobs},
    )


@require_GET
def view(request: HttpRequest, gss_code: str, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="reports.view_reports")
    report = _report(slug)
    form = _options_form(report, organisation, request.GET)
    options = form.options() if form is not None and form.is_bound else {}
    document = report.build(organisation, user=request.user, **options)
    return render(
        request,
        "reports/view.html",
        {
            "organisation": organisation,
            "report": report,
            "form": form,
            "query": request.GET.urlencode() if options else "",
            "document": document,
            "body": render_html(document),
            "formats": {fmt: FORMATS[fmt] for fmt in report.formats if fmt != "html"},
        },
    )


@require_GET
def download(request: HttpRequest, gss_code: str, slug: str, fmt: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="reports.view_reports")
    report = _report(slug)
    if fmt not in report.formats:
        raise Http404("This report is not available in that format")
    form = _options_form(report, organisation, request.GET)
    if form is not None and form.is_bound and not form.is_valid():
        # The report's own page says what is wrong with the options.
        url = reverse("reports:view", kwargs={"gss_code": organisation.gss_code, "slug": report.slug})
        return redirect(f"{url}?{request.GET.urlencode()}")
    options = form.options() if form is not None and form.is_bound else {}
    document = report.build(organisation, user=request.user, **options)
    content, content_type, extension = render_document(document, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename(extension)}"'
    return response


@require_POST
def run(request: HttpRequest, gss_code: str, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="reports.view_reports")
    report = _report(slug)
    fmt = request.POST.get("format", "")
    if fmt not in report.formats:
        messages.error(request, "Choose a format for the report")
        return redirect("reports:index", gss_code=organisation.gss_code)
    form = _options_form(report, organisation, request.POST, prefix=report.slug)
    parameters, described = {}, ""
    if form is not None and form.is_bound:
        if not form.is_valid():
            error = next(iter(form.errors.values()))[0]
            messages.error(request, f"{report.title}: {error}")
            return redirect("reports:index", gss_code=organisation.gss_code)
        parameters, described = form.parameters(), form.describe()
    title = f"{report.title} {described}".strip()
    try:
        job = start_job(
            produce_report,
            organisation=organisation,
            kind=f"report:{report.slug}",
            title=f"{title} ({FORMATS[fmt]})",
            by=request.user,
            parameters={"report": report.slug, "format": fmt, **parameters},
            permission="reports.view_reports",
        )
    except TooManyJobs as error:
        messages.error(request, str(error))
        return redirect("reports:index", gss_code=organisation.gss_code)
    return redirect(job)
