"""Review pages: the feedback letter, its downloads, publication and published versions (see ascent/reviews/urls.py).

Every reader of the review (the host's members, the team while their grant is in force) may
read the draft letter and the published versions and download them. The web page and Word
downloads are made in the request (a fraction of a second); the PDF takes seconds, so it is
produced by a background job (ascent/reviews/tasks.py) which "Produce the PDF" starts and
whose page offers the download. The letter's own parts and publication follow
``reviews.change_letter`` and ``reviews.publish_letter_version`` (ascent/reviews/letter.py).
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.documents.model import Document
from ascent.documents.renderers import render as render_document
from ascent.documents.renderers.html import render_html
from ascent.jobs.services import TooManyJobs

from .. import letter as letters
from ..access import get_record, get_review
from ..forms_letter import LetterForm, PublishForm
from ..models import LetterVersion, Stage
from ..rules import may
from ..tasks import letter_pdf_jobs, start_letter_pdf
from .common import render_review

#: Stages before the letter can be published: the host moves the review on to reporting first.
TOO_EARLY = (Stage.SCOPING, Stage.FIELDWORK)
#: What the letter can be downloaded as at once; the PDF is produced by a job ("Produce the PDF").
FORMATS = {"html": "web page (HTML)", "docx": "Word document (DOCX)"}
#: The letter's PDF jobs the letter page lists for the person.
RECENT_PDF_JOBS = 5
_HEADING = re.compile(r"<(/?)h([1-5])\b")


def _in_page(document: Document) -> str:
    """The letter as a fragment inside a review page, its headings one level down (the page has its own h1)."""
    html = render_html(document)
    return mark_safe(_HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html))  # noqa: S308 - our own rendering


def _letter_url(review) -> str:
    return reverse("reviews:letter", kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk})


def _version_url(review, record) -> str:
    kwargs = {"gss_code": review.organisation.gss_code, "review_id": review.pk, "version": record.version}
    return reverse("reviews:letter-version", kwargs=kwargs)


def _download(document: Document, fmt: str, *, version: int | None = None) -> HttpResponse:
    content, content_type, extension = render_document(document, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{letters.download_name(document, extension, version=version)}"'
    )
    return response


def _pdf_is_a_job(request: HttpRequest, url: str) -> HttpResponse:
    """An old link to the PDF download: the PDF is now produced in the background, from the page."""
    messages.info(request, "The PDF is produced in the background: choose “Produce the PDF”, then download it")
    return redirect(url)


def _start_pdf(request: HttpRequest, review, back: str, version=None) -> HttpResponse:
    try:
        job = start_letter_pdf(review, by=request.user, version=version)
    except TooManyJobs as error:
        messages.error(request, str(error))
        return redirect(back)
    return redirect(job)


def _versions(review):
    return (
        LetterVersion.objects.in_organisation(review.organisation)
        .filter(review=review)
        .select_related("published_by")
        .order_by("-version")
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error)


@require_GET
def letter(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id)
    document = letters.build_letter(review)
    may_publish = may(request.user, "reviews.publish_letter_version", review)
    return render_review(
        request,
        review,
        "reviews/letter/letter.html",
        {
            "body": _in_page(document),
            "versions": _versions(review),
            "formats": FORMATS,
            "unapproved": letters.unapproved_count(review),
            "still_to_write": letters.still_to_write(review),
            "can_change_letter": may(request.user, "reviews.change_letter", review),
            "can_publish_letter": may_publish and review.stage not in TOO_EARLY,
            "publish_later": may_publish and review.stage in TOO_EARLY,
            "pdf_jobs": letter_pdf_jobs(review, request.user)[:RECENT_PDF_JOBS],
        },
        tab="letter",
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_letter")
    initial = {name: getattr(review, name) for name in letters.LETTER_PARTS}
    form = LetterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        letters.update_letter(review, by=request.user, **form.cleaned_data)
        messages.success(request, "The letter's parts have been saved")
        return redirect(_letter_url(review))
    return render_review(request, review, "reviews/letter/edit.html", {"form": form}, tab="letter")


@require_GET
def download(request: HttpRequest, gss_code: str, review_id: int, fmt: str) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id)
    if fmt == "pdf":
        return _pdf_is_a_job(request, _letter_url(review))
    if fmt not in FORMATS:
        raise Http404("The letter is not available in that format")
    return _download(letters.build_letter(review), fmt)


@require_POST
def produce_pdf(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    """Start the job that produces the draft letter's PDF, and go to its page."""
    review = get_review(request.user, gss_code, review_id)
    return _start_pdf(request, review, _letter_url(review))


def _default_access_end(review) -> dt.date:
    today = timezone.localdate()
    if review.team_access_ends_on and review.team_access_ends_on >= today:
        return review.team_access_ends_on
    return today + dt.timedelta(days=183)


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.publish_letter_version")
    # The first version sets the team's access date; a correction keeps it.
    form = PublishForm(
        request.POST or None,
        initial={"team_access_ends_on": _default_access_end(review)},
        ask_access_date=review.is_open,
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = letters.publish(
                review,
                request.user,
                team_access_ends_on=form.cleaned_data.get("team_access_ends_on"),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Version {version.version} of the letter has been published")
            return redirect(_letter_url(review))
    versions = _versions(review)
    context = {
        "form": form,
        "next_version": (versions.values_list("version", flat=True).first() or 0) + 1,
        "unapproved": letters.unapproved_count(review),
        "too_early": review.stage in TOO_EARLY,
    }
    return render_review(request, review, "reviews/letter/publish.html", context, tab="letter")


@require_GET
def version(request: HttpRequest, gss_code: str, review_id: int, version: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id)
    record = get_record(LetterVersion, review, request.user, select_related=("published_by",), version=version)
    document = letters.version_document(record)
    context = {"version": record, "body": _in_page(document), "formats": FORMATS}
    return render_review(request, review, "reviews/letter/version.html", context, tab="letter")


@require_GET
def version_download(request: HttpRequest, gss_code: str, review_id: int, version: int, fmt: str) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id)
    record = get_record(LetterVersion, review, request.user, version=version)
    if fmt == "pdf":
        return _pdf_is_a_job(request, _version_url(review, record))
    if fmt not in FORMATS:
        raise Http404("The letter is not available in that format")
    return _download(letters.version_document(record), fmt, version=record.version)


@require_POST
def version_produce_pdf(request: HttpRequest, gss_code: str, review_id: int, version: int) -> HttpResponse:
    """Start the job that produces a published version's PDF, and go to its page."""
    review = get_review(request.user, gss_code, review_id)
    record = get_record(LetterVersion, review, request.user, version=version)
    return _start_pdf(request, review, _version_url(review, record), version=record)


# /orgs/<gss>/reviews/<id>/letter/
urls = [
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/letter/", letter, name="letter"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/letter/edit/", edit, name="letter-edit"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/letter/publish/", publish, name="letter-publish"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/letter/versions/<int:version>/", version, name="letter-version"),
    path(
        "orgs/<gss:gss_code>/reviews/<int:review_id>/letter/versions/<int:version>/produce-pdf/",
        version_produce_pdf,
        name="letter-version-pdf",
    ),
    path(
        "orgs/<gss:gss_code>/reviews/<int:review_id>/letter/versions/<int:version>/<str:fmt>/",
        version_download,
        name="letter-version-download",
    ),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/letter/produce-pdf/", produce_pdf, name="letter-pdf"),
    path("orgs/<gss:gss_code>/reviews/<int:review_id>/letter/<str:fmt>/", download, name="letter-download"),
]
