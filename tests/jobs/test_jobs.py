"""Reports produced in the background: the job record the user follows."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from ascent.jobs.models import Job
from ascent.jobs.services import JobError, finish_job, running_job

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def start(client, org, fmt="docx"):
    url = reverse("reports:run", kwargs={"gss_code": org.gss_code, "slug": "profile"})
    return client.post(url, {"format": fmt})


def test_a_report_job_runs_in_the_background(client, harrow, viewer):
    client.force_login(viewer)
    response = start(client, harrow)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.QUEUED
    assert "Queued" in client.get(job.get_absolute_url()).content.decode()
    status_url = reverse("jobs:status", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk})
    assert client.get(status_url).json()["finished"] is False

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.progress == 100
    assert client.get(status_url).json() == {
        "status": "done",
        "status_label": "Done",
        "progress": 100,
        "message": "",
        "finished": True,
    }
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Download organisation-profile-harrow-" in page
    download = client.get(reverse("jobs:download", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk}))
    assert download["Content-Disposition"].startswith('attachment; filename="organisation-profile-harrow-')
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_a_bad_format_is_refused_without_a_job(client, harrow, viewer):
    client.force_login(viewer)
    response = start(client, harrow, fmt="exe")
    assert response.status_code == 302
    assert Job.objects.count() == 0
    assert "Choose a format" in client.get(response["Location"]).content.decode()


def test_a_failing_job_gives_a_plain_reason(harrow, caplog):
    job = Job.objects.create(organisation=harrow, kind="test", title="Broken")
    with running_job(job.pk):
        raise ValueError("internal detail: division by zero in row 7")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Something went wrong" in job.error
    assert "division" not in job.error
    assert "internal detail" in caplog.text, "the detail goes to the log for support staff"


def test_a_job_error_is_shown_as_written(harrow):
    job = Job.objects.create(organisation=harrow, kind="test", title="Refused")
    with running_job(job.pk):
        raise JobError("There is no data for 2019-20 yet.")
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "There is no data for 2019-20 yet.")


def test_a_finished_job_keeps_its_file(harrow):
    job = Job.objects.create(organisation=harrow, kind="test", title="Works")
    with running_job(job.pk) as running:
        finish_job(running, content=b"hello", filename="hello.txt", content_type="text/plain")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result_file.read() == b"hello"


def test_a_job_that_does_its_work_in_place_finishes_without_a_file(client, harrow, viewer):
    job = Job.objects.create(organisation=harrow, kind="test", title="Works in place", created_by=viewer)
    with running_job(job.pk) as running:
        finish_job(running)
    job.refresh_from_db()
    assert (job.status, job.progress, bool(job.result_file)) == (Job.Status.DONE, 100, False)
    client.force_login(viewer)
    page = client.get(reverse("jobs:detail", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk}))
    text = page.content.decode()
    assert "The job has finished." in text and "Download" not in text
    assert "Back to reports" in text  # no other page to go back to
    download = reverse("jobs:download", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk})
    assert client.get(download).status_code == 404


def test_an_unfinished_job_has_nothing_to_download(client, harrow, viewer):
    job = Job.objects.create(organisation=harrow, kind="test", title="Waiting")
    client.force_login(viewer)
    assert (
        client.get(reverse("jobs:download", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk})).status_code == 404
    )


def test_another_organisations_job_is_a_404(client, harrow, herefordshire, outsider):
    job = Job.objects.create(organisation=harrow, kind="test", title="Private")
    client.force_login(outsider)
    assert client.get(reverse("jobs:detail", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk})).status_code == 404
    url = reverse("jobs:detail", kwargs={"gss_code": herefordshire.gss_code, "job_id": job.pk})
    assert client.get(url).status_code == 404


def test_a_job_is_for_its_requester_and_the_admins(client, harrow, herefordshire, editor, viewer, admin_user, outsider):
    from ascent.organisations.models import Membership, Role

    job = Job.objects.create(organisation=harrow, created_by=editor, kind="test", title="Editor's report")
    url = reverse("jobs:detail", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk})
    for user, status in [(editor, 200), (admin_user, 200), (viewer, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(viewer)
    assert (
        "Editor's report"
        not in client.get(reverse("reports:index", kwargs={"gss_code": harrow.gss_code})).content.decode()
    )
    # The same rule across organisations, as a queryset.
    Membership.objects.create(user=outsider, organisation=harrow, role=Role.VIEWER)
    assert list(Job.objects.visible_to(editor)) == [job]
    assert list(Job.objects.visible_to(admin_user)) == [job]
    assert list(Job.objects.visible_to(viewer)) == []
    assert list(Job.objects.visible_to(outsider)) == []
