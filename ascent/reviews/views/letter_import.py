"""Bringing in a past letter (see ascent/reviews/urls.py): upload or paste, check and correct, accept, undo.

All three pages are the host's editors' (``reviews.import_letter``); anyone else who may see
the council gets a 403, and anyone who may not see it a 404. Nothing of the review is saved
until the person accepts (``ascent.reviews.import_actions``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_http_methods

from ascent.evidence.uploads import limits_evidence_uploads, oversized
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import import_actions
from ..forms_import import LetterForm, ProposalForm, UndoForm
from ..models import LetterImport

PERM = "reviews.import_letter"
#: Earlier imports listed on the upload page.
EARLIER_SHOWN = 20


def _check_access(request, gss_code: str, **_kwargs) -> None:
    get_organisation_for_user(request.user, gss_code, perm=PERM)


def _import_for(request: HttpRequest, gss_code: str, import_id: int) -> LetterImport:
    organisation = get_organisation_for_user(request.user, gss_code, perm=PERM)
    return fetch(
        LetterImport,
        request.user,
        perm=PERM,
        organisation=organisation,
        select_related=("review", "accepted_by", "undone_by", "created_by"),
        pk=import_id,
    )


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


@require_http_methods(["GET", "POST"])
@limits_evidence_uploads(_check_access)
def import_letter(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=PERM)
    if request.method == "POST":
        form = LetterForm(request.POST, request.FILES, oversized=oversized(request, "file"))
        if form.is_valid():
            try:
                record = import_actions.start(
                    organisation, by=request.user, source=form.source, source_name=form.source_name
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                return redirect("reviews:import-detail", gss_code=organisation.gss_code, import_id=record.pk)
    else:
        form = LetterForm()
    earlier = (
        LetterImport.objects.in_organisation(organisation)
        .select_related("review", "created_by")
        .defer("text", "proposal")[:EARLIER_SHOWN]
    )
    return render(
        request, "reviews/import/start.html", {"organisation": organisation, "form": form, "earlier": earlier}
    )


def _review_url(record: LetterImport) -> str | None:
    if record.review_id is None:
        return None
    kwargs = {"gss_code": record.organisation.gss_code, "review_id": record.review_id}
    try:
        return reverse("reviews:detail", kwargs=kwargs)
    except NoReverseMatch:  # the review's own pages are another part of the service
        return reverse("reviews:index", kwargs={"gss_code": record.organisation.gss_code})


@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, gss_code: str, import_id: int) -> HttpResponse:
    record = _import_for(request, gss_code, import_id)
    organisation = record.organisation
    here = reverse("reviews:import-detail", kwargs={"gss_code": organisation.gss_code, "import_id": record.pk})
    if record.status == LetterImport.Status.ACCEPTED:
        if request.method == "POST":
            messages.error(request, "This letter has already been accepted: change the review itself instead")
            return redirect(here)
        counts = {
            "findings": record.findings.count(),
            "recommendations": record.recommendations.count(),
        }
        return render(
            request,
            "reviews/import/accepted.html",
            {"organisation": organisation, "record": record, "review_url": _review_url(record), "counts": counts},
        )
    if request.method == "POST":
        form = ProposalForm(request.POST, proposal=record.proposal)
        if form.is_valid():
            corrected = form.corrected_proposal()
            try:
                import_actions.save_corrections(record, corrected, by=request.user)
                if "accept" in request.POST:
                    import_actions.accept(record, by=request.user)
                    messages.success(request, "The review has been created from the letter")
                else:
                    messages.success(request, "Your corrections have been saved. Nothing of the review is saved yet")
                return redirect(here)
            except ValidationError as error:
                form = ProposalForm(request.POST, proposal=record.proposal)
                form.is_valid()
                _apply_errors(form, error)
    else:
        form = ProposalForm(proposal=record.proposal)
    return render(
        request,
        "reviews/import/detail.html",
        {"organisation": organisation, "record": record, "form": form, "sections": form.items()},
    )


@require_http_methods(["GET", "POST"])
def import_undo(request: HttpRequest, gss_code: str, import_id: int) -> HttpResponse:
    """Undo an import. When people changed the review since, each change is listed and the
    person must tick that they understand it will be lost; nothing is ever lost silently."""
    record = _import_for(request, gss_code, import_id)
    organisation = record.organisation
    here = reverse("reviews:import-detail", kwargs={"gss_code": organisation.gss_code, "import_id": record.pk})
    if record.status != LetterImport.Status.ACCEPTED:
        messages.error(request, "Only an accepted letter can be undone")
        return redirect(here)
    changes = import_actions.changes_since(record)
    form = UndoForm(request.POST if request.method == "POST" and changes else None)
    if request.method == "POST" and (not changes or form.is_valid()):
        try:
            lost = import_actions.undo(record, by=request.user, lose_changes=bool(changes))
        except ValidationError:
            # Someone changed the review between the page and the click: show the new list.
            changes = import_actions.changes_since(record)
            form = UndoForm({})
            form.is_valid()
            form.errors["confirm"] = form.error_class(
                ["The review was changed while you were reading: check the changes listed and confirm again"]
            )
        else:
            done = "The import has been undone: the review it created has been deleted"
            if lost:
                done += f", with the {len(lost)} later change{'s' if len(lost) != 1 else ''} listed"
            messages.success(request, done)
            return redirect(here)
    return render(
        request,
        "reviews/import/undo.html",
        {"organisation": organisation, "record": record, "changes": changes, "form": form},
    )


urls = [
    # /orgs/<gss>/reviews/import/
    path("orgs/<gss:gss_code>/reviews/import/", import_letter, name="import"),
    path("orgs/<gss:gss_code>/reviews/import/<int:import_id>/", import_detail, name="import-detail"),
    path("orgs/<gss:gss_code>/reviews/import/<int:import_id>/undo/", import_undo, name="import-undo"),
]
