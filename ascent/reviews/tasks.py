"""Producing the feedback letter's PDF in the background, so that no request waits on WeasyPrint.

Laying a letter out as a PDF takes one to three seconds, and five to eight for a 40-page
review: too long to hold a web worker. The letter page (and each published version's) offers
"Produce the PDF", which starts a job with :func:`start_letter_pdf`; the job's page follows it
and offers the download. The web page (HTML) and Word (DOCX) downloads stay direct: they take
a fraction of a second (bench/review_letter.py measures both).

The job is reached through the review (``start_job(..., reached_through=review)``), so a team
member from another council, who is not a member of the host, may follow and download their
own job while their grant of the review is in force. The work is done with the requester's
permissions: if they may no longer see the review when the worker takes the job, it fails.
"""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from ascent.documents.renderers import render
from ascent.jobs.models import Job
from ascent.jobs.services import JobError, finish_job, report_progress, running_job, start_job

from . import letter as letters
from .models import LetterVersion, Review

KIND = "review-letter:pdf"
#: What someone needs to produce the letter's PDF: to read the review (every reader may download it).
PERMISSION = "reviews.view_review"


def start_letter_pdf(review: Review, *, by, version: LetterVersion | None = None) -> Job:
    """Queue a job to produce the PDF of the draft letter, or of one published ``version``.

    The caller has checked ``reviews.view_review``. Raises ``TooManyJobs`` when the person
    already has as many jobs waiting as they may.
    """
    which = f"version {version.version}" if version is not None else "draft"
    letter_url = reverse("reviews:letter", kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk})
    return start_job(
        produce_letter_pdf,
        organisation=review.organisation,
        kind=KIND,
        title=f"Feedback letter ({which}), PDF: {review.title}"[:200],
        by=by,
        parameters={"review_id": review.pk, **({"version": version.version} if version is not None else {})},
        permission=PERMISSION,
        return_to=(letter_url, "Back to the letter"),
        reached_through=review,
    )


def letter_pdf_jobs(review: Review, user):
    """This person's own PDF jobs for the review's letter, newest first (for the letter page)."""
    return (
        Job.objects.visible_to(user)
        .in_organisation(review.organisation)
        .filter(kind=KIND, created_by=user, parameters__review_id=review.pk)
        .select_related("organisation")
        .order_by("-created_at")
    )


@task()
def produce_letter_pdf(job_id: int) -> None:
    with running_job(job_id) as job:
        review = (
            Review.objects.in_organisation(job.organisation)
            .select_related("organisation", "framework")
            .filter(pk=job.parameters.get("review_id"))
            .first()
        )
        if review is None:
            raise JobError("This review no longer exists.")
        requester = job.created_by
        if requester is None or not requester.has_perm(PERMISSION, review):
            raise JobError("You may no longer see this review, so its letter cannot be produced for you.")
        report_progress(job, 10, "Reading the review")
        number = job.parameters.get("version")
        if number is None:
            document = letters.build_letter(review)
            filename = letters.download_name(document, "pdf")
        else:
            version = (
                LetterVersion.objects.in_organisation(review.organisation).filter(review=review, version=number).first()
            )
            if version is None:
                raise JobError(f"The letter has no published version {number}.")
            document = letters.version_document(version)
            filename = letters.download_name(document, "pdf", version=version.version)
        report_progress(job, 30, "Laying out the PDF")
        content, content_type, _extension = render(document, "pdf")
        finish_job(job, content=content, filename=filename, content_type=content_type)
