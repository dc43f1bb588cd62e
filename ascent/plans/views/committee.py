"""Committees, reporting schedules and committee reports of improvement plans (ascent/plans/committee.py).

Every member reads the committees, a plan's schedules and its reports, and downloads them;
editors name committees (``plans.manage_committees``), set a plan's schedules, draft reports
(``plans.change_committee_report``) and issue them (``plans.issue_committee_report``), which
keeps their figures. The web page, Word and spreadsheet downloads are made in the request; the
PDF is produced in the background (``ascent/plans/committee_tasks.py``), since a big report
takes seconds to lay out (bench/committee_report.py times a 40-page report in each format).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.core.forms import add_action_errors
from ascent.documents.renderers import render as render_document
from ascent.documents.renderers.html import render_html
from ascent.jobs.services import TooManyJobs
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import committee as committees
from ..committee_tasks import report_pdf_jobs, start_report_pdf
from ..forms_committee import CommitteeForm, NewReportForm, ReportForm, ScheduleForm
from ..models import Committee, CommitteeReport, Plan, ReportingSchedule, ReportStatus

#: What a report downloads as in the request (the PDF is produced in the background).
FORMATS = {
    "html": "web page (HTML)",
    "docx": "Word document (DOCX)",
    "xlsx": "spreadsheet of the figures (XLSX)",
}
#: How many of the person's own PDF jobs the report page lists.
RECENT_PDF_JOBS = 5


def _plan(request, gss_code: str, plan_id: int, *, perm: str = "plans.view_plan"):
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    plan = fetch(Plan, request.user, perm=perm, organisation=organisation, pk=plan_id)
    return organisation, plan


def _report(request, gss_code: str, plan_id: int, report_id: int, *, perm: str = "plans.view_plan"):
    organisation, plan = _plan(request, gss_code, plan_id)
    report = fetch(
        CommitteeReport,
        request.user,
        perm=perm,
        organisation=organisation,
        select_related=("plan", "committee", "previous", "author", "issued_by"),
        pk=report_id,
        plan=plan,
    )
    report.plan = plan
    return organisation, plan, report


def _to_report(organisation, report):
    return redirect(
        "plans:committee_report", gss_code=organisation.gss_code, plan_id=report.plan_id, report_id=report.pk
    )


# Committees -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    can_manage = request.user.has_perm("plans.manage_committees", organisation)
    form = CommitteeForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        organisation = get_organisation_for_user(request.user, gss_code, perm="plans.manage_committees")
        if form.is_valid():
            try:
                record = committees.add_committee(organisation, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, f"{record.name} has been added")
                return redirect("plans:committees", gss_code=organisation.gss_code)
    return render(
        request,
        "plans/committee/index.html",
        {"organisation": organisation, "committees": committees.committees(organisation), "form": form},
    )


@require_http_methods(["GET", "POST"])
def edit_committee(request: HttpRequest, gss_code: str, committee_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    record = fetch(Committee, request.user, perm="plans.manage_committees", organisation=organisation, pk=committee_id)
    form = CommitteeForm(request.POST or None, initial={"name": record.name, "kind": record.kind})
    if request.method == "POST" and form.is_valid():
        try:
            committees.change_committee(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The committee has been saved")
            return redirect("plans:committees", gss_code=organisation.gss_code)
    return render(
        request,
        "plans/committee/edit_committee.html",
        {"organisation": organisation, "committee": record, "form": form},
    )


# A plan's schedules and reports -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def schedules(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    organisation, plan = _plan(request, gss_code, plan_id)
    can_manage = request.user.has_perm("plans.manage_committees", organisation)
    choices = committees.committees(organisation)
    form = ScheduleForm(request.POST or None, committees=choices) if can_manage else None
    if request.method == "POST":
        organisation = get_organisation_for_user(request.user, gss_code, perm="plans.manage_committees")
        if form.is_valid():
            try:
                committees.set_schedule(plan, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, f"The plan is reported to {form.cleaned_data['committee'].name}")
                return redirect("plans:schedules", gss_code=organisation.gss_code, plan_id=plan.pk)
    return render(
        request,
        "plans/committee/schedules.html",
        {
            "organisation": organisation,
            "plan": plan,
            "schedules": committees.schedules(plan),
            "reports": list(committees.reports(plan)),
            "form": form,
            "has_committees": choices.exists(),
            "can_report": request.user.has_perm("plans.change_committee_report", plan),
            "today": timezone.localdate(),
        },
    )


@require_POST
def remove_schedule(request: HttpRequest, gss_code: str, plan_id: int, schedule_id: int) -> HttpResponse:
    organisation, plan = _plan(request, gss_code, plan_id)
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.manage_committees")
    schedule = fetch(
        ReportingSchedule,
        request.user,
        perm="plans.view_plan",
        organisation=organisation,
        select_related=("committee",),
        pk=schedule_id,
        plan=plan,
    )
    committees.remove_schedule(schedule, by=request.user)
    messages.success(request, f"The plan is no longer reported to {schedule.committee.name} on a schedule")
    return redirect("plans:schedules", gss_code=organisation.gss_code, plan_id=plan.pk)


@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    organisation, plan = _plan(request, gss_code, plan_id, perm="plans.change_committee_report")
    choices = committees.committees(organisation)
    initial = {}
    chosen = request.GET.get("committee", "")
    if chosen.isdigit():
        initial["committee"] = int(chosen)
        schedule = plan.schedules.filter(committee_id=int(chosen)).first()
        if schedule is not None:
            initial["meeting_on"] = schedule.next_meeting_on
    form = NewReportForm(request.POST or None, committees=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = committees.start_report(plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The draft report has been started")
            return _to_report(organisation, report)
    return render(
        request,
        "plans/committee/new_report.html",
        {"organisation": organisation, "plan": plan, "form": form, "has_committees": choices.exists()},
    )


@require_GET
def report(request: HttpRequest, gss_code: str, plan_id: int, report_id: int) -> HttpResponse:
    organisation, plan, record = _report(request, gss_code, plan_id, report_id)
    issued = record.status == ReportStatus.ISSUED
    data = committees.report_content(record)
    document = committees.document_from_content(data, issued=issued)
    return render(
        request,
        "plans/committee/report.html",
        {
            "organisation": organisation,
            "plan": plan,
            "report": record,
            "issued": issued,
            "as_at": dt.date.fromisoformat(data["as_at"]),
            "body": render_html(document),
            "formats": FORMATS,
            "can_change": not issued and request.user.has_perm("plans.change_committee_report", record),
            "can_issue": not issued and request.user.has_perm("plans.issue_committee_report", record),
            "pdf_jobs": report_pdf_jobs(record, request.user)[:RECENT_PDF_JOBS],
        },
    )


@require_http_methods(["GET", "POST"])
def edit_report(request: HttpRequest, gss_code: str, plan_id: int, report_id: int) -> HttpResponse:
    organisation, plan, record = _report(request, gss_code, plan_id, report_id, perm="plans.change_committee_report")
    initial = {"title": record.title, "meeting_on": record.meeting_on}
    initial.update({name: getattr(record, name) for name in committees.TEXT_SECTIONS})
    form = ReportForm(request.POST or None, initial=initial)
    issued = record.status == ReportStatus.ISSUED
    if request.method == "POST" and form.is_valid():
        try:
            committees.change_report(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The report has been saved")
            return _to_report(organisation, record)
    return render(
        request,
        "plans/committee/edit_report.html",
        {"organisation": organisation, "plan": plan, "report": record, "form": form, "issued": issued},
    )


@require_http_methods(["GET", "POST"])
def issue_report(request: HttpRequest, gss_code: str, plan_id: int, report_id: int) -> HttpResponse:
    organisation, plan, record = _report(request, gss_code, plan_id, report_id, perm="plans.issue_committee_report")
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            committees.issue_report(record, by=request.user)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The report has been issued: its figures are kept as they are today")
            return _to_report(organisation, record)
    return render(
        request,
        "plans/committee/issue_report.html",
        {
            "organisation": organisation,
            "plan": plan,
            "report": record,
            "issued": record.status == ReportStatus.ISSUED,
            "form": form,
            "schedule": plan.schedules.filter(committee=record.committee_id).first(),
        },
    )


@require_GET
def download(request: HttpRequest, gss_code: str, plan_id: int, report_id: int, fmt: str) -> HttpResponse:
    organisation, _plan_record, record = _report(request, gss_code, plan_id, report_id)
    if fmt == "pdf":
        messages.info(request, "The PDF is produced in the background: choose “Produce the PDF”, then download it")
        return _to_report(organisation, record)
    if fmt not in FORMATS:
        raise Http404("The committee report is not available in that format")
    document = committees.build_document(record, fmt)
    body, content_type, extension = render_document(document, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename(extension)}"'
    return response


@require_POST
def produce_pdf(request: HttpRequest, gss_code: str, plan_id: int, report_id: int) -> HttpResponse:
    organisation, _plan_record, record = _report(request, gss_code, plan_id, report_id)
    try:
        job = start_report_pdf(record, by=request.user)
    except TooManyJobs as error:
        messages.error(request, str(error))
        return _to_report(organisation, record)
    return redirect(job)


_REPORT = "orgs/<gss:gss_code>/plans/<int:plan_id>/committee-reports/<int:report_id>/"

urls = [
    path("orgs/<gss:gss_code>/plans/committees/", index, name="committees"),
    path("orgs/<gss:gss_code>/plans/committees/<int:committee_id>/edit/", edit_committee, name="edit_committee"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/schedules/", schedules, name="schedules"),
    path(
        "orgs/<gss:gss_code>/plans/<int:plan_id>/schedules/<int:schedule_id>/remove/",
        remove_schedule,
        name="remove_schedule",
    ),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/committee-reports/new/", new_report, name="new_committee_report"),
    path(_REPORT, report, name="committee_report"),
    path(f"{_REPORT}edit/", edit_report, name="edit_committee_report"),
    path(f"{_REPORT}issue/", issue_report, name="issue_committee_report"),
    path(f"{_REPORT}report.<str:fmt>", download, name="committee_report_download"),
    path(f"{_REPORT}produce-pdf/", produce_pdf, name="produce_committee_report_pdf"),
]
