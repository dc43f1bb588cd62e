"""The evidence pages: the council's list, upload, one file, its download, deleting it.

Every member sees the list and each file (``evidence.view_evidence``,
``evidence.view_evidencefile``); contributors and above upload (``evidence.add_evidence``);
editors and admins delete a file nothing uses (``evidence.delete_evidencefile``). Another
council's file is a 404, on its page and its download alike. A person granted one file (a
peer reviewer from another council) may open that file's page and download it, and nothing
else of the council. Files are served only by :func:`download`, never from the storage.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.registry import evidence_panels
from ascent.organisations.access import fetch, find_visible_organisation, get_organisation_for_user
from ascent.organisations.models import Organisation

from . import actions
from .display import annotate_files, uses_text, with_use_counts
from .forms import EvidenceFileForm
from .models import EvidenceFile, EvidenceKind
from .serving import file_response
from .uploads import limits_evidence_uploads

VIEW_PERM = "evidence.view_evidence"
ADD_PERM = "evidence.add_evidence"
FILES_PER_PAGE = 50


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    kind = request.GET.get("kind", "")
    if kind not in EvidenceKind.values:
        kind = ""
    files = EvidenceFile.objects.in_organisation(organisation).order_by("-evidence_date", "title", "pk")
    if kind:
        files = files.filter(kind=kind)
    page = Paginator(with_use_counts(files), FILES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evidence/index.html",
        {
            "organisation": organisation,
            "page": page,
            "files": annotate_files(page),
            "kinds": EvidenceKind.choices,
            "kind": kind,
            "can_upload": request.user.has_perm(ADD_PERM, organisation),
        },
    )


def _may_upload(request: HttpRequest, gss_code: str) -> None:
    get_organisation_for_user(request.user, gss_code, perm=ADD_PERM)


@require_http_methods(["GET", "POST"])
@limits_evidence_uploads(_may_upload)
def upload(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=ADD_PERM)
    if request.method == "POST":
        form = EvidenceFileForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            evidence = form.store(organisation, request.user)
            if evidence is not None:
                messages.success(request, f"{evidence.title} has been uploaded")
                return redirect("evidence:detail", gss_code=organisation.gss_code, evidence_id=evidence.pk)
        form.close()
    else:
        form = EvidenceFileForm()
    return render(request, "evidence/upload.html", {"organisation": organisation, "form": form})


def _organisation_of_file(request: HttpRequest, gss_code: str) -> Organisation:
    """The organisation of the URL, for a page of one file: its members', or a grant holder's.

    A person who is not a member may still hold a grant of one file; :func:`fetch` then
    decides, and finds only that file.
    """
    organisation = find_visible_organisation(request.user, gss_code)
    if organisation is None:
        # Whether the person may see the file is for fetch() to decide, below.
        code = str(gss_code).upper()
        organisation = Organisation.objects.filter(gss_code=code).first()  # access: councils are reference data
    if organisation is None:
        raise Http404("No organisation found")
    return organisation


def _file_for(request: HttpRequest, gss_code: str, evidence_id: int, perm: str) -> EvidenceFile:
    organisation = _organisation_of_file(request, gss_code)
    return fetch(
        EvidenceFile,
        request.user,
        organisation=organisation,
        perm=perm,
        select_related=("created_by",),
        pk=evidence_id,
    )


@require_GET
def detail(request: HttpRequest, gss_code: str, evidence_id: int) -> HttpResponse:
    evidence = _file_for(request, gss_code, evidence_id, "evidence.view_evidencefile")
    annotate_files([evidence])
    uses = actions.uses(evidence)
    evidence.uses_text = uses_text(uses)
    organisation = evidence.organisation
    is_member = request.user.has_perm(VIEW_PERM, organisation)
    panels = [panel for path in evidence_panels() if (panel := import_string(path)(request, organisation, evidence))]
    return render(
        request,
        "evidence/detail.html",
        {
            "panels": panels,
            "organisation": organisation,
            "evidence": evidence,
            "sha256_groups": [evidence.sha256[start : start + 16] for start in range(0, len(evidence.sha256), 16)],
            "is_member": is_member,
            "can_delete": request.user.has_perm("evidence.delete_evidencefile", evidence),
        },
    )


@require_GET
def download(request: HttpRequest, gss_code: str, evidence_id: int) -> FileResponse:
    evidence = _file_for(request, gss_code, evidence_id, "evidence.view_evidencefile")
    return file_response(evidence)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, gss_code: str, evidence_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    evidence = fetch(
        EvidenceFile, request.user, organisation=organisation, perm="evidence.delete_evidencefile", pk=evidence_id
    )
    uses = actions.uses(evidence)
    if request.method == "POST" and not uses:
        try:
            actions.delete_evidence_file(evidence, request.user)
        except actions.EvidenceInUse as error:
            messages.error(request, str(error))
            return redirect("evidence:detail", gss_code=organisation.gss_code, evidence_id=evidence.pk)
        messages.success(request, f"{evidence.title} has been deleted")
        return redirect("evidence:index", gss_code=organisation.gss_code)
    return render(
        request,
        "evidence/delete.html",
        {"organisation": organisation, "evidence": evidence, "uses": uses},
    )
