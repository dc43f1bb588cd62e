"""Review pages: the evidence library, the shared self-assessment and the shared indicators.

Everyone who may see the review (the host's members and the team) reads the library and
downloads its files; the host's contributors and above add, upload and remove files; the
host's editors choose the self-assessment version and the indicators the team sees. The
team reaches the host's files, self-assessment and indicator values only through these pages,
and only what the host put here (``ascent.reviews.access``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.assessments.models import SelfAssessment
from ascent.assessments.summary import assessment_summary
from ascent.core.exceptions import Refused
from ascent.evidence.display import annotate_files
from ascent.evidence.serving import file_response
from ascent.evidence.uploads import limits_evidence_uploads
from ascent.indicators.models import Indicator

from .. import library
from ..access import get_record, get_review, is_host_member
from ..forms_fieldwork import IndicatorsAddForm, LibraryAddForm, LibraryUploadForm, ShareAssessmentForm
from ..models import LibraryItem, Review, ReviewIndicator
from .common import render_review
from .fieldwork import confirm_page, form_page


def _library_url(review: Review) -> str:
    return reverse("reviews:library", kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk})


def _review_for_library_change(user, gss_code: str, review_id: int) -> Review:
    review = get_review(user, gss_code, review_id)
    if not library.may_change_library(user, review):
        raise Refused(f"Only {review.organisation.name}'s members who add evidence can change the review's library.")
    return review


@require_GET
def index(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, select_related=("shared_assessment__framework",))
    items = list(
        LibraryItem.objects.in_organisation(review.organisation)
        .filter(review=review)
        .select_related("evidence", "added_by")
        .order_by("-added_at", "-pk")
    )
    annotate_files([item.evidence for item in items])
    return render_review(
        request,
        review,
        "reviews/library/index.html",
        {
            "items": items,
            "indicators": library.shared_indicators(review),
            "assessment": review.shared_assessment,
            "is_host": is_host_member(request.user, review),
            "can_change_library": library.may_change_library(request.user, review),
            "can_share": library.may_share(request.user, review),
        },
        tab="library",
    )


@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = _review_for_library_change(request.user, gss_code, review_id)
    choices = library.addable_files(review)
    back = _library_url(review)
    if request.method == "POST":
        form = LibraryAddForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                added = library.add_to_library(
                    review, request.user, form.cleaned_data["files"], note=form.cleaned_data.get("note", "")
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                count = len(added)
                messages.success(request, f"{count} file{'s' if count != 1 else ''} added to the library")
                return redirect(back)
    else:
        form = LibraryAddForm(choices=choices)
    if not choices.exists() and not form.is_bound:
        intro = "Every evidence file of the council is already in the library. Upload a new one instead."
    else:
        intro = (
            "The review team will be able to open and download the files you choose, "
            "and nothing else of the council's evidence."
        )
    return form_page(
        request,
        review,
        form,
        tab="library",
        heading="Add evidence files to the library",
        submit="Add the files",
        back=back,
        caption="Evidence library",
        intro=intro,
    )


def _may_upload(request: HttpRequest, gss_code: str, review_id: int) -> None:
    _review_for_library_change(request.user, gss_code, review_id)


@require_http_methods(["GET", "POST"])
@limits_evidence_uploads(_may_upload)
def upload(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = _review_for_library_change(request.user, gss_code, review_id)
    back = _library_url(review)
    if request.method == "POST":
        form = LibraryUploadForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = library.upload_to_library(
                    review,
                    request.user,
                    data["file"],
                    title=data["title"],
                    kind=data["kind"],
                    evidence_date=data["evidence_date"],
                    description=data.get("description", ""),
                    note=data.get("note", ""),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{item.evidence.title} has been uploaded and added to the library")
                return redirect(back)
        form.close()
    else:
        form = LibraryUploadForm()
    return form_page(
        request,
        review,
        form,
        tab="library",
        heading="Upload an evidence file to the library",
        submit="Upload",
        back=back,
        caption="Evidence library",
        multipart=True,
        intro=(
            f"The file becomes one of {review.organisation.name}'s evidence files, and the review team can open it. "
            "Its type is checked from what it holds, not from its name."
        ),
    )


@require_GET
def download(request: HttpRequest, gss_code: str, review_id: int, item_id: int) -> FileResponse:
    review = get_review(request.user, gss_code, review_id)
    item = get_record(LibraryItem, review, request.user, select_related=("evidence",), pk=item_id)
    return file_response(item.evidence)


@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, gss_code: str, review_id: int, item_id: int) -> HttpResponse:
    review = _review_for_library_change(request.user, gss_code, review_id)
    item = get_record(LibraryItem, review, request.user, select_related=("evidence",), pk=item_id)
    back = _library_url(review)
    if request.method == "POST":
        try:
            library.remove_from_library(item, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, f"{item.evidence.title} has been removed from the library")
        return redirect(back)
    return confirm_page(
        request,
        review,
        tab="library",
        heading=f"Are you sure you want to remove {item.evidence.title} from the library?",
        body="The review team will no longer see it. The file stays among the council's evidence files.",
        confirm="Yes, remove it",
        back=back,
    )


@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_review")
    choices = (
        SelfAssessment.objects.in_organisation(review.organisation)
        .select_related("framework")
        .order_by("-period_start", "framework__name", "-version")
    )
    back = _library_url(review)
    if request.method == "POST":
        form = ShareAssessmentForm(request.POST, choices=choices)
        if form.is_valid():
            chosen = form.cleaned_data["assessment"]
            try:
                library.share_assessment(review, request.user, chosen)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    "The team can now read the chosen self-assessment" if chosen else "No self-assessment is shared",
                )
                return redirect(back)
    else:
        form = ShareAssessmentForm(initial=ShareAssessmentForm.initial_for(review), choices=choices)
    return form_page(
        request,
        review,
        form,
        tab="library",
        heading="Share a self-assessment with the team",
        submit="Save",
        back=back,
        caption="Evidence library",
        intro=(
            "The team reads the version you choose, without changing it. "
            "Choose Do not share a self-assessment to stop sharing."
        ),
    )


@require_GET
def shared_assessment(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(
        request.user,
        gss_code,
        review_id,
        select_related=("shared_assessment__framework", "shared_assessment__signed_off_by"),
    )
    if review.shared_assessment is None:
        raise Http404("No self-assessment is shared with this review")
    summary = assessment_summary(review.shared_assessment)
    return render_review(
        request,
        review,
        "reviews/library/shared_assessment.html",
        {"assessment": review.shared_assessment, "summary": summary},
        tab="library",
    )


@require_http_methods(["GET", "POST"])
def indicators_add(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_review")
    held = ReviewIndicator.objects.in_organisation(review.organisation).filter(review=review).values("indicator_id")
    choices = (
        Indicator.objects.in_organisation(review.organisation)  # shipped indicators and the host's own
        .filter(is_active=True)
        .exclude(pk__in=held)
        .order_by("sort_order", "code")
    )
    back = _library_url(review)
    if request.method == "POST":
        form = IndicatorsAddForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                made = library.share_indicators(review, request.user, form.cleaned_data["indicators"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                count = len(made)
                messages.success(request, f"{count} indicator{'s' if count != 1 else ''} shared with the team")
                return redirect(f"{back}#indicators")
    else:
        form = IndicatorsAddForm(choices=choices)
    return form_page(
        request,
        review,
        form,
        tab="library",
        heading="Share indicators with the team",
        submit="Share the indicators",
        back=f"{back}#indicators",
        caption="Evidence library",
        intro="The team sees each indicator's latest value for the council, its rating and its trend.",
    )


@require_POST
def indicators_remove(request: HttpRequest, gss_code: str, review_id: int, link_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_review")
    link = get_record(ReviewIndicator, review, request.user, select_related=("indicator",), pk=link_id)
    library.unshare_indicator(link, request.user)
    messages.success(request, f"{link.indicator.code} is no longer shared with the team")
    return redirect(f"{_library_url(review)}#indicators")


# /orgs/<gss>/reviews/<id>/library/ and /self-assessment/
_REVIEW = "orgs/<gss:gss_code>/reviews/<int:review_id>/"
urls = [
    path(f"{_REVIEW}library/", index, name="library"),
    path(f"{_REVIEW}library/add/", add, name="library-add"),
    path(f"{_REVIEW}library/upload/", upload, name="library-upload"),
    path(f"{_REVIEW}library/<int:item_id>/download/", download, name="library-download"),
    path(f"{_REVIEW}library/<int:item_id>/remove/", remove, name="library-remove"),
    path(f"{_REVIEW}library/self-assessment/", share, name="library-share"),
    path(f"{_REVIEW}library/indicators/add/", indicators_add, name="indicators-add"),
    path(f"{_REVIEW}library/indicators/<int:link_id>/remove/", indicators_remove, name="indicators-remove"),
    path(f"{_REVIEW}self-assessment/", shared_assessment, name="shared-assessment"),
]
