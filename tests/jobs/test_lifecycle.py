"""Jobs cannot hang: dead ones are failed with a plain reason, can be tried again, and old files expire."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ascent.jobs.models import Job
from ascent.jobs.services import (
    STALLED_REASON,
    TooManyJobs,
    report_progress,
    running_job,
    start_job,
)
from ascent.reports.tasks import produce_report

pytestmark = pytest.mark.django_db(transaction=True)

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def job_url(job, name="jobs:detail"):
    return reverse(name, kwargs={"gss_code": job.organisation.gss_code, "job_id": job.pk})


def report_job(harrow, by, **fields):
    """A profile report job, started at noon as the Reports page starts it, with its state set by hand."""
    with time_machine.travel(NOON, tick=False):
        job = start_job(
            produce_report,
            organisation=harrow,
            kind="report:profile",
            title="Organisation profile (Word)",
            by=by,
            parameters={"report": "profile", "format": "docx"},
            permission="reports.view_reports",
        )
    Job.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def a_job_whose_worker_died(harrow, by):
    """Running, half done, last heard of at noon."""
    return report_job(
        harrow, by, status=Job.Status.RUNNING, progress=50, started_at=NOON, heartbeat_at=NOON, created_at=NOON
    )


def test_a_job_whose_worker_died_is_failed_when_someone_looks_at_it(client, harrow, editor):
    job = a_job_whose_worker_died(harrow, editor)
    client.force_login(editor)
    with time_machine.travel(NOON + dt.timedelta(minutes=11), tick=False):
        status = client.get(job_url(job, "jobs:status")).json()
        page = client.get(job_url(job)).content.decode()
    assert (status["status"], status["finished"]) == ("failed", True)
    assert STALLED_REASON == "The work stopped unexpectedly. Try again."
    assert STALLED_REASON in page
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, STALLED_REASON)
    assert job.finished_at == NOON + dt.timedelta(minutes=11)


def test_a_job_that_beat_recently_is_left_running(client, harrow, editor):
    job = a_job_whose_worker_died(harrow, editor)
    client.force_login(editor)
    with time_machine.travel(NOON + dt.timedelta(minutes=9), tick=False):
        assert client.get(job_url(job, "jobs:status")).json()["status"] == "running"


def test_reporting_progress_is_a_heartbeat(harrow, editor, settings):
    job = a_job_whose_worker_died(harrow, editor)
    with time_machine.travel(NOON + dt.timedelta(minutes=9), tick=False):
        report_progress(job, 60, "Drawing charts")
    with time_machine.travel(NOON + dt.timedelta(minutes=18), tick=False):
        call_command("sweep_jobs", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.progress) == (Job.Status.RUNNING, 60)


def test_a_long_step_keeps_beating_while_it_runs(harrow, settings):
    settings.ASCENT_JOB_HEARTBEAT_SECONDS = 0.05
    job = Job.objects.create(organisation=harrow, kind="test", title="Slow")
    with running_job(job.pk):
        started = Job.objects.get(pk=job.pk).heartbeat_at
        time.sleep(0.4)  # one long step, with no progress reported
        beaten = Job.objects.get(pk=job.pk).heartbeat_at
    assert beaten > started


def test_the_sweep_fails_dead_and_never_started_jobs_and_nothing_else(harrow, editor, settings, capsys):
    dead, never_started, waiting, done = (report_job(harrow, editor) for _ in range(4))
    Job.objects.filter(pk=dead.pk).update(status=Job.Status.RUNNING, started_at=NOON, heartbeat_at=NOON)
    Job.objects.filter(pk=never_started.pk).update(created_at=NOON - dt.timedelta(minutes=51))
    Job.objects.filter(pk=waiting.pk).update(created_at=NOON - dt.timedelta(minutes=49))
    Job.objects.filter(pk=done.pk).update(status=Job.Status.DONE, started_at=NOON - dt.timedelta(hours=1))
    with time_machine.travel(NOON + dt.timedelta(minutes=10, seconds=1), tick=False):
        call_command("sweep_jobs")
    assert "Marked 2 stalled jobs as failed." in capsys.readouterr().out
    statuses = {job.pk: (job.status, job.error) for job in Job.objects.all()}
    assert statuses[dead.pk] == (Job.Status.FAILED, STALLED_REASON)
    assert statuses[never_started.pk] == (Job.Status.FAILED, "The work did not start in time. Try again.")
    assert statuses[waiting.pk] == (Job.Status.QUEUED, "")
    assert statuses[done.pk] == (Job.Status.DONE, "")


def test_a_worker_starting_a_job_fails_the_dead_ones(harrow, editor):
    dead = a_job_whose_worker_died(harrow, editor)
    with time_machine.travel(NOON + dt.timedelta(minutes=30), tick=False):
        fresh = Job.objects.create(organisation=harrow, kind="test", title="Fresh")
        with running_job(fresh.pk):
            pass
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED


def test_trying_a_failed_job_again_starts_a_new_one_with_the_same_parameters(client, harrow, editor, admin_user):
    failed = report_job(harrow, editor, status=Job.Status.FAILED, error=STALLED_REASON)
    client.force_login(admin_user)
    page = client.get(job_url(failed)).content.decode()
    assert f'action="{job_url(failed, "jobs:retry")}"' in page and "Try again" in page
    response = client.post(job_url(failed, "jobs:retry"))
    retried = Job.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == retried.get_absolute_url()
    assert (retried.kind, retried.title, retried.parameters) == (failed.kind, failed.title, failed.parameters)
    assert (retried.created_by, retried.retry_of, retried.status) == (admin_user, failed, Job.Status.QUEUED)
    run_worker()
    retried.refresh_from_db()
    assert retried.status == Job.Status.DONE
    assert retried.result_file.read().startswith(b"PK")


def test_only_a_failed_or_expired_job_can_be_tried_again(client, harrow, editor):
    running = report_job(harrow, editor, status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    client.force_login(editor)
    assert "Try again" not in client.get(job_url(running)).content.decode()
    response = client.post(job_url(running, "jobs:retry"), follow=True)
    assert "Only a job that failed, or whose file has expired, can be started again." in response.content.decode()
    assert Job.objects.count() == 1


def test_a_person_may_have_only_a_few_jobs_waiting(client, harrow, editor, settings):
    settings.ASCENT_JOBS_PER_PERSON = 2
    client.force_login(editor)
    url = reverse("reports:run", kwargs={"gss_code": harrow.gss_code, "slug": "profile"})
    for _ in range(2):
        assert client.post(url, {"format": "docx"})["Location"].startswith(f"/orgs/{harrow.gss_code}/jobs/")
    response = client.post(url, {"format": "docx"}, follow=True)
    assert Job.objects.count() == 2
    assert (
        "You already have 2 jobs waiting or running, the most one person can have at once. "
        "Wait for one of them to finish, then try again."
    ) in response.content.decode()
    run_worker()  # both finish: the person may start more
    assert client.post(url, {"format": "docx"}).status_code == 302
    assert Job.objects.count() == 3


def test_a_dead_job_does_not_count_against_the_limit(harrow, editor, settings):
    settings.ASCENT_JOBS_PER_PERSON = 1
    a_job_whose_worker_died(harrow, editor)
    with time_machine.travel(NOON + dt.timedelta(minutes=11), tick=False):
        start_job(produce_report, organisation=harrow, kind="report:profile", title="Again", by=editor)
        with pytest.raises(TooManyJobs):
            start_job(produce_report, organisation=harrow, kind="report:profile", title="Once more", by=editor)


def finished_job(harrow, by, *, finished_at):
    job = report_job(harrow, by)
    job.result_file.save("profile.docx", ContentFile(b"PK old file"), save=False)
    job.result_name, job.result_content_type = "profile.docx", "application/octet-stream"
    job.status, job.progress, job.finished_at = Job.Status.DONE, 100, finished_at
    job.save()
    return job


def test_result_files_expire_after_the_set_number_of_days(client, harrow, editor, settings, capsys):
    settings.ASCENT_JOB_FILE_DAYS = 7
    old = finished_job(harrow, editor, finished_at=NOON - dt.timedelta(days=7, minutes=1))
    recent = finished_job(harrow, editor, finished_at=NOON - dt.timedelta(days=6))
    old_path = old.result_file.path
    with time_machine.travel(NOON, tick=False):
        call_command("expire_job_files")
    assert "Deleted the files of 1 job finished more than 7 days ago." in capsys.readouterr().out
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, old.result_file.name) == (Job.Status.EXPIRED, "")
    assert not __import__("os").path.exists(old_path)
    assert recent.status == Job.Status.DONE and recent.result_file.read() == b"PK old file"

    client.force_login(editor)
    page = client.get(job_url(old)).content.decode()
    assert "The file has expired: files are kept for 7 days after they are made, then deleted." in page
    assert "Produce it again" in page and "Download" not in page
    assert client.get(job_url(old, "jobs:download")).status_code == 404
    response = client.post(job_url(old, "jobs:retry"))
    again = Job.objects.get(retry_of=old)
    assert response["Location"] == again.get_absolute_url()
    assert again.parameters == {"report": "profile", "format": "docx"}


def test_an_import_over_the_job_limit_says_so_and_starts_nothing(client, harrow, editor, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ascent.imports.models import ImportRun
    from tests.imports.conftest import make_indicator
    from tests.imports.helpers import observations_csv

    make_indicator("ASCOF-1C1A")
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 2  # this file is checked by a job
    settings.ASCENT_JOBS_PER_PERSON = 1
    report_job(harrow, editor, created_at=timezone.now())  # the one job the editor may have
    rows = [
        ["E09000015", "ASCOF-1C1A", f"{year}-{(year + 1) % 100:02d}", "30", "", "", "final"]
        for year in (2020, 2021, 2022)
    ]
    client.force_login(editor)
    upload_url = reverse("imports:upload", kwargs={"gss_code": harrow.gss_code, "kind": "observations"})
    response = client.post(upload_url, {"file": SimpleUploadedFile("big.csv", observations_csv(*rows))}, follow=True)
    assert response.status_code == 200
    assert "You already have 1 jobs waiting or running" in response.content.decode()
    assert Job.objects.count() == 1
    assert ImportRun.objects.get().job is None


def test_an_import_job_is_tried_again_from_its_import_not_its_own_page(client, harrow, editor, settings):
    from ascent.imports.models import ImportRun
    from ascent.imports.tasks import CHECK, start_in_background

    run = ImportRun.objects.create(organisation=harrow, kind="observations", file_name="big.csv", created_by=editor)
    job = start_in_background(run, CHECK, by=editor)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=STALLED_REASON)
    job.refresh_from_db()
    assert (job.permission, job.can_be_retried) == ("imports.import_data", False)
    client.force_login(editor)
    assert job_url(job, "jobs:retry") not in client.get(job_url(job)).content.decode()


def test_a_finished_job_without_a_file_never_expires(harrow, editor):
    job = report_job(harrow, editor, status=Job.Status.DONE, finished_at=NOON - dt.timedelta(days=30))
    call_command("expire_job_files")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
