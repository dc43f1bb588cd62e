"""The letter's PDF comes from a background job: started from the letter page, followed and
downloaded on the job's page by its requester (a team member from another council included)
and the host's admins, and no one else."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.jobs.models import REACHED_THROUGH, Job
from ascent.reviews import letter as letters
from ascent.reviews.tasks import KIND, produce_letter_pdf
from tests.factories import UserFactory, grant

from .letter_world import make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow, reviewer, admin_user):
    return make_review(harrow, lead_user=reviewer, granted_by=admin_user)


def url(name, review, **extra):
    return reverse(name, kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk, **extra})


def job_url(name, job):
    return reverse(name, kwargs={"gss_code": job.organisation.gss_code, "job_id": job.pk})


def pdf_text(response) -> str:
    with pdfplumber.open(io.BytesIO(b"".join(response.streaming_content))) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def end_grant(review, user):
    grant_record = AccessGrant.objects.get(user=user, object_id=review.pk)
    AccessGrant.objects.filter(pk=grant_record.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=10), ends_on=timezone.localdate() - dt.timedelta(days=1)
    )


def test_the_reviewer_produces_the_draft_pdf_and_follows_it_to_the_download(client, review, reviewer):
    client.force_login(reviewer)
    response = client.post(url("reviews:letter-pdf", review))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.organisation, job.created_by, job.kind, job.status) == (
        review.organisation,
        reviewer,
        KIND,
        Job.Status.QUEUED,
    )
    assert job.parameters == {
        "review_id": review.pk,
        REACHED_THROUGH: {"model": "reviews.review", "pk": review.pk},
    }
    # The reviewer belongs to no council, yet follows their own job on the host's address.
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and "Queued" in page.content.decode()
    assert client.get(job_url("jobs:status", job)).json()["finished"] is False

    produce_letter_pdf.call(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result_name.endswith(".pdf")
    assert client.get(job_url("jobs:status", job)).json()["status"] == "done"
    page = BeautifulSoup(client.get(job.get_absolute_url()).content, "html.parser")
    assert page.find("a", string=f"Download {job.result_name}") is not None
    back = page.find("a", string="Back to the letter")
    assert back["href"] == url("reviews:letter", review)
    download = client.get(job_url("jobs:download", job))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith('attachment; filename="adult-social-care-peer-challenge')
    text = pdf_text(download)
    assert "Introduction and thanks" in text and "1. Analyse the demand on the advice team" in text


def test_a_team_member_from_another_council_gets_a_published_version_as_published(client, harrow, outsider, admin_user):
    # The outsider is an admin of Herefordshire, and the lead of a Harrow review by a grant.
    review = make_review(harrow, lead_user=outsider, granted_by=admin_user)
    letters.publish(review, outsider, team_access_ends_on=timezone.localdate())
    review.refresh_from_db()
    letters.update_letter(review, by=outsider, conclusion="Changed after publication.")  # the lead corrects it
    client.force_login(outsider)
    response = client.post(url("reviews:letter-version-pdf", review, version=1))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.parameters["version"] == 1 and job.organisation == harrow
    produce_letter_pdf.call(job.pk)
    assert client.get(job.get_absolute_url()).status_code == 200
    download = client.get(job_url("jobs:download", job))
    assert download["Content-Disposition"].endswith('-version-1.pdf"')
    text = pdf_text(download)
    assert "We hope the letter helps the council plan its next steps." in text
    assert "Changed after publication." not in text
    # Their own council's pages are theirs as ever; Harrow's other pages are still a 404.
    assert client.get(reverse("reports:index", kwargs={"gss_code": harrow.gss_code})).status_code == 404


def test_only_the_requester_and_the_host_s_admins_open_the_job(
    client, review, reviewer, viewer, editor, admin_user, outsider, grantee, herefordshire
):
    client.force_login(reviewer)
    client.post(url("reviews:letter-pdf", review))
    job = Job.objects.get()
    produce_letter_pdf.call(job.pk)
    # A second team member, on the same review by a grant of their own, is not the requester.
    colleague_user = UserFactory(email="sam@peers.example")
    grant(colleague_user, review, level="edit", by=admin_user)
    pages = ("jobs:detail", "jobs:status", "jobs:download")
    for person in (viewer, editor, outsider, grantee, colleague_user):
        client.force_login(person)
        for name in pages:
            assert client.get(job_url(name, job)).status_code == 404, (person, name)
    client.force_login(admin_user)
    for name in pages:
        assert client.get(job_url(name, job)).status_code == 200, name
    # Under another council's address the job is nobody's.
    client.force_login(reviewer)
    other = reverse("jobs:detail", kwargs={"gss_code": herefordshire.gss_code, "job_id": job.pk})
    assert client.get(other).status_code == 404


def test_when_the_reviewer_s_grant_ends_so_does_their_way_to_the_job(client, review, reviewer):
    client.force_login(reviewer)
    client.post(url("reviews:letter-pdf", review))
    job = Job.objects.get()
    produce_letter_pdf.call(job.pk)
    end_grant(review, reviewer)
    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        assert client.get(job_url(name, job)).status_code == 404, name
    assert client.post(job_url("jobs:retry", job)).status_code == 404


def test_a_job_is_produced_with_the_requester_s_permissions(client, review, reviewer):
    client.force_login(reviewer)
    client.post(url("reviews:letter-pdf", review))
    job = Job.objects.get()
    end_grant(review, reviewer)  # before the worker takes the job
    produce_letter_pdf.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not job.result_file
    assert job.error == "You may no longer see this review, so its letter cannot be produced for you."


def test_the_reviewer_tries_a_failed_job_again(client, review, reviewer):
    client.force_login(reviewer)
    client.post(url("reviews:letter-pdf", review))
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error="The work stopped unexpectedly. Try again.")
    page = BeautifulSoup(client.get(job.get_absolute_url()).content, "html.parser")
    assert page.find("button", string="Try again") is not None
    response = client.post(job_url("jobs:retry", job))
    retry = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == retry.get_absolute_url()
    assert (retry.created_by, retry.retry_of, retry.parameters) == (reviewer, job, job.parameters)
    assert retry.reached_through() == review


def test_an_old_pdf_link_goes_to_the_page_that_produces_it(client, review, viewer):
    client.force_login(viewer)
    response = client.get(url("reviews:letter-download", review, fmt="pdf"), follow=True)
    assert response.redirect_chain[-1][0] == url("reviews:letter", review)
    assert "Produce the PDF" in response.content.decode()
    assert Job.objects.count() == 0


def test_the_letter_page_offers_the_pdf_and_lists_the_person_s_own_jobs(client, review, reviewer, viewer):
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    client.force_login(reviewer)
    client.post(url("reviews:letter-pdf", review))
    client.post(url("reviews:letter-version-pdf", review, version=1))
    page = BeautifulSoup(client.get(url("reviews:letter", review)).content, "html.parser")
    forms = {form["action"] for form in page.find_all("form")}
    assert {url("reviews:letter-pdf", review), url("reviews:letter-version-pdf", review, version=1)} <= forms
    table = page.find("caption", string="PDFs of the letter you asked for").find_parent("table")
    rows = [[cell.get_text(strip=True) for cell in row.find_all("td")] for row in table.tbody.find_all("tr")]
    assert [(row[0], row[2]) for row in rows] == [("Version 1", "Queued"), ("The draft", "Queued")]
    # Downloads made at once are the web page and Word only.
    links = [a["href"] for a in page.find_all("a", href=True) if "/letter/" in a["href"]]
    assert url("reviews:letter-download", review, fmt="docx") in links
    assert url("reviews:letter-download", review, fmt="pdf") not in links
    # A host viewer sees none of the reviewer's jobs.
    client.force_login(viewer)
    page = BeautifulSoup(client.get(url("reviews:letter", review)).content, "html.parser")
    assert page.find("caption", string="PDFs of the letter you asked for") is None


def test_too_many_jobs_is_said_on_the_letter_page(client, review, reviewer, settings):
    settings.ASCENT_JOBS_PER_PERSON = 1
    client.force_login(reviewer)
    client.post(url("reviews:letter-pdf", review))
    response = client.post(url("reviews:letter-pdf", review), follow=True)
    assert response.redirect_chain[-1][0] == url("reviews:letter", review)
    assert "You already have 1 jobs waiting or running" in response.content.decode()
    assert Job.objects.count() == 1


def test_a_version_that_does_not_exist_is_a_404_and_no_job(client, review, reviewer, outsider):
    client.force_login(reviewer)
    assert client.post(url("reviews:letter-version-pdf", review, version=4)).status_code == 404
    client.force_login(outsider)  # not on this review's team
    assert client.post(url("reviews:letter-pdf", review)).status_code == 404
    assert Job.objects.count() == 0
