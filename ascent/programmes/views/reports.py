"""A programme's reports (the board highlight report and the committee report) and the papers issued to meetings.

Every member reads a programme's reports, live, and the papers issued to its board's
meetings, and downloads them (``?format=docx``, ``xlsx`` or ``html``); the PDF is produced in
the background (``ascent/programmes/reporting/tasks.py``), as for plans' committee reports:
the page posts ``format=pdf`` and follows the job. Editors (``programmes.issue_paper``) issue
a report to a meeting of the programme's board: it is kept as a dated snapshot, and its page
reads as the meeting saw it whatever changes later.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from ascent.core.forms import add_action_errors
from ascent.documents.renderers import render as render_document
from ascent.documents.renderers.html import render_html
from ascent.jobs.services import TooManyJobs
from ascent.organisations.access import fetch, get_organisation_for_user

from ..models import BoardPaper, Programme
from ..reporting import build, snapshot
from ..reporting import issue_paper as issue
from ..reporting.papers import meetings_for, paper_data
from ..reporting.snapshot import KINDS
from ..reporting.tasks import pdf_jobs, start_report_pdf

#: What a report downloads as in the request (the PDF is produced in the background).
FORMATS = {
    "docx": "Word document (DOCX)",
    "xlsx": "spreadsheet (XLSX)",
    "html": "web page to print (HTML)",
}
#: How many of the person's own PDF jobs the page lists.
RECENT_PDF_JOBS = 5


def _programme(request, gss_code: str, pk: int, *, perm: str = "programmes.view_programme"):
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    programme = fetch(Programme, request.user, perm=perm, organisation=organisation, pk=pk, select_related=("board",))
    return organisation, programme


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise Http404("No such report")
    return kind


def _download(document, fmt: str) -> HttpResponse:
    body, content_type, extension = render_document(document, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename(extension)}"'
    return response


def _answer(request, document, *, programme, kind: str, paper=None, back):
    """A download, the PDF job, or None for the page (the format asked for decides)."""
    fmt = (request.POST.get("format") if request.method == "POST" else request.GET.get("format")) or ""
    if request.method == "POST":
        if fmt != "pdf":
            raise Http404("Only the PDF is produced in the background")
        try:
            job = start_report_pdf(programme, kind=kind, by=request.user, paper=paper)
        except TooManyJobs as error:
            messages.error(request, str(error))
            return back
        return redirect(job)
    if not fmt:
        return None
    if fmt == "pdf":
        messages.info(request, "The PDF is produced in the background: choose “Produce the PDF”, then download it")
        return back
    if fmt not in FORMATS:
        raise Http404("The report is not available in that format")
    return _download(document, fmt)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, gss_code: str, pk: int, kind: str) -> HttpResponse:
    """The programme's report as it stands now, with its downloads."""
    organisation, programme = _programme(request, gss_code, pk)
    kind = _kind(kind)
    back = redirect("programmes:report", gss_code=organisation.gss_code, pk=programme.pk, kind=kind)
    if request.method == "POST":
        answer = _answer(request, None, programme=programme, kind=kind, back=back)
        return answer
    data = snapshot(programme, kind=kind)
    document = build(data)
    answer = _answer(request, document, programme=programme, kind=kind, back=back)
    if answer is not None:
        return answer
    papers = list(
        BoardPaper.objects.in_organisation(organisation)
        .filter(programme=programme, kind=kind)
        .select_related("meeting", "meeting__board")
        .order_by("-issued_at", "-pk")[:10]
    )
    return render(
        request,
        "programmes/report.html",
        {
            "organisation": organisation,
            "programme": programme,
            "kind": kind,
            "kind_label": KINDS[kind],
            "other_kinds": {slug: label for slug, label in KINDS.items() if slug != kind},
            "document": document,
            "body": render_html(document),
            "formats": FORMATS,
            "papers": papers,
            "can_issue": request.user.has_perm("programmes.issue_paper", programme),
            "pdf_jobs": pdf_jobs(request.user, organisation, programme_id=programme.pk, kind=kind)[:RECENT_PDF_JOBS],
        },
    )


class IssueForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=None,  # the programme's board's meetings, set by the view
        label="Which meeting does the paper go to?",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the meeting the paper goes to",
            "invalid_choice": "Choose a meeting of the programme's board",
        },
    )
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=300,
        help_text="Left empty, the title says the report, board and date",
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda meeting: str(meeting)


@require_http_methods(["GET", "POST"])
def issue_paper(request: HttpRequest, gss_code: str, pk: int, kind: str) -> HttpResponse:
    """Issue the report to a meeting of the programme's board, kept as it stands now."""
    organisation, programme = _programme(request, gss_code, pk, perm="programmes.issue_paper")
    kind = _kind(kind)
    meetings = meetings_for(programme)
    form = IssueForm(request.POST if request.method == "POST" else None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        try:
            paper = issue(programme, by=request.user, kind=kind, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The paper has been issued: its figures are kept as they are today")
            return redirect("programmes:paper", gss_code=organisation.gss_code, pk=paper.pk)
    return render(
        request,
        "programmes/report_issue.html",
        {
            "organisation": organisation,
            "programme": programme,
            "kind": kind,
            "kind_label": KINDS[kind],
            "form": form,
            "has_meetings": meetings.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    """A paper issued to a meeting, from its snapshot: as the meeting saw it."""
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    record = fetch(
        BoardPaper,
        request.user,
        perm="programmes.view_programme",
        organisation=organisation,
        select_related=("programme", "meeting", "meeting__board", "issued_by"),
        pk=pk,
    )
    programme = record.programme
    back = redirect("programmes:paper", gss_code=organisation.gss_code, pk=record.pk)
    if request.method == "POST":
        return _answer(request, None, programme=programme, kind=record.kind, paper=record, back=back)
    document = build(paper_data(record))
    answer = _answer(request, document, programme=programme, kind=record.kind, paper=record, back=back)
    if answer is not None:
        return answer
    return render(
        request,
        "programmes/paper.html",
        {
            "organisation": organisation,
            "programme": programme,
            "paper": record,
            "kind_label": KINDS.get(record.kind, record.kind),
            "as_at": record.snapshot.get("as_at"),
            "body": render_html(document),
            "formats": FORMATS,
            "pdf_jobs": pdf_jobs(request.user, organisation, paper_id=record.pk)[:RECENT_PDF_JOBS],
        },
    )


urls = [
    path("orgs/<gss:gss_code>/programmes/<int:pk>/reports/<slug:kind>/", report, name="report"),
    path("orgs/<gss:gss_code>/programmes/<int:pk>/reports/<slug:kind>/issue/", issue_paper, name="issue_paper"),
    path("orgs/<gss:gss_code>/programmes/papers/<int:pk>/", paper, name="paper"),
]
