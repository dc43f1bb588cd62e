"""Big files are checked and imported by a background job the import's page follows; bad files
of any kind end in a clear message, never a server error."""

from __future__ import annotations

import random

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ascent.imports.models import ImportRun
from ascent.indicators.models import Observation
from ascent.jobs.models import Job

from .helpers import csv_bytes, observations_csv, xlsx_bytes, xlsx_of_identical_rows

ROWS = [
    ["E09000015", "ASCOF-1C1A", f"{year}-{(year + 1) % 100:02d}", "30", "", "", "final"] for year in range(2000, 2010)
]


def url(name, org, **kwargs):
    return reverse(f"imports:{name}", kwargs={"gss_code": org.gss_code, **kwargs})


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def upload(client, org, data, name="figures.csv"):
    return client.post(url("upload", org, kind="observations"), {"file": SimpleUploadedFile(name, data)})


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_big_file_is_checked_and_imported_in_the_background(client, harrow, editor, ascof_1c1a, settings):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(editor)
    response = upload(client, harrow, observations_csv(*ROWS))
    run = ImportRun.objects.get()
    assert response["Location"] == url("detail", harrow, run_id=run.pk)
    assert run.status == ImportRun.Status.UPLOADED, "nothing was checked while the person waited"
    job = run.job
    assert (job.kind, job.status, job.created_by) == ("import:check", Job.Status.QUEUED, editor)

    page = soup_of(client.get(url("detail", harrow, run_id=run.pk)))
    status = page.find(attrs={"data-job-status-url": True})
    assert status["data-job-status-url"] == url("status", harrow, run_id=run.pk)
    assert "Queued" in status.get_text()
    assert not page.find("form", id="main-form"), "the columns cannot change while the file is checked"
    assert client.get(url("status", harrow, run_id=run.pk)).json()["finished"] is False
    # Asking again while it runs is refused, not queued twice.
    client.post(url("detail", harrow, run_id=run.pk), {"action": "check"})
    assert Job.objects.count() == 1

    run_worker()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.VALIDATED
    assert run.rows_read == 10
    assert client.get(url("status", harrow, run_id=run.pk)).json() == {
        "status": "done",
        "status_label": "Done",
        "progress": 100,
        "message": "",
        "finished": True,
    }
    page = soup_of(client.get(url("detail", harrow, run_id=run.pk)))
    assert page.find("button", string="Import 10 rows")

    response = client.post(url("commit", harrow, run_id=run.pk))
    assert response["Location"] == url("detail", harrow, run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.VALIDATED
    assert run.job.kind == "import:commit"
    assert not Observation.objects.exists()

    run_worker()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
    assert Observation.objects.count() == 10
    assert run.job.status == Job.Status.DONE
    assert soup_of(client.get(url("detail", harrow, run_id=run.pk))).find("button", string="Roll back this import")
    # The job's own page links back to the import, and has no file to offer.
    assert not run.job.result_file
    job_page = soup_of(client.get(run.job.get_absolute_url()))
    assert job_page.find("a", string="Back to the import")["href"] == url("detail", harrow, run_id=run.pk)
    assert "Download" not in job_page.get_text() and "Back to reports" not in job_page.get_text()


@pytest.mark.django_db(transaction=True)
def test_a_file_refused_by_its_background_check_says_why_on_its_page(client, harrow, editor, ascof_1c1a, settings):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(editor)
    upload(client, harrow, observations_csv(*ROWS))
    settings.ASCENT_IMPORT_MAX_ROWS = 8  # the limit changes between upload and check
    run_worker()
    run = ImportRun.objects.get()
    assert run.job.status == Job.Status.FAILED
    page = soup_of(client.get(url("detail", harrow, run_id=run.pk))).get_text(" ", strip=True)
    assert "did not finish: The file has more than 8 rows" in page


@pytest.mark.django_db
def test_a_small_file_is_still_checked_while_the_person_waits(client, harrow, editor, ascof_1c1a):
    client.force_login(editor)
    upload(client, harrow, observations_csv(*ROWS))
    run = ImportRun.objects.get()
    assert (run.status, run.job) == (ImportRun.Status.VALIDATED, None)


@pytest.mark.django_db
def test_the_status_of_a_run_with_no_job_is_finished(client, harrow, viewer, editor, ascof_1c1a):
    client.force_login(editor)
    upload(client, harrow, observations_csv(*ROWS))
    client.force_login(viewer)
    assert client.get(url("status", harrow, run_id=ImportRun.objects.get().pk)).json()["finished"] is True


@pytest.fixture(scope="module")
def bomb():
    return xlsx_of_identical_rows(3_000_000)


BAD_FILES = {
    "empty": ("figures.csv", lambda: b"", "The selected file is empty"),
    "only headings": (
        "figures.csv",
        lambda: csv_bytes(["organisation", "indicator", "period", "value"]),
        "a row of headings but no figures",
    ),
    "binary junk renamed .csv": (
        "figures.csv",
        lambda: random.Random(8).randbytes(20_000),
        "not a CSV file: it is not text",
    ),
    "huge single cell": ("figures.csv", lambda: b"organisation,value\nE09000015," + b"9" * 400_000, "longer than"),
    "truncated workbook": (
        "figures.xlsx",
        lambda: xlsx_bytes([["organisation", "value"], ["E09000015", 1]])[:2000],
        "not an Excel workbook: it may be damaged",
    ),
    "zip bomb of identical rows": ("figures.xlsx", None, "MB of data once opened"),
    "declared 3 million rows": (
        "figures.xlsx",
        lambda: xlsx_of_identical_rows(3, dimension="A1:D3000000"),
        "The worksheet has 3,000,000 rows",
    ),
    "a CSV of 3 million rows": ("figures.csv", lambda: b"a,b\n" + b"1,2\n" * 3_000_000, "more than 500,000 rows"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_ends_in_a_clear_message_never_a_server_error(client, harrow, editor, settings, bomb, case):
    settings.ASCENT_IMPORT_MAX_BYTES = 20 * 1024 * 1024  # let the big ones reach the reader
    name, make, message = BAD_FILES[case]
    client.force_login(editor)
    response = upload(client, harrow, make() if make else bomb, name=name)
    assert response.status_code == 200
    summary = soup_of(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert message in summary
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_a_big_file_waiting_for_its_check_is_not_counted_from_its_first_rows(client, harrow, editor, settings):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(editor)
    upload(client, harrow, observations_csv(*ROWS * 3))
    assert ImportRun.objects.get().rows_read == 0
    page = soup_of(client.get(url("index", harrow)))
    assert page.select("tbody tr td")[4].get_text(strip=True) == "–not counted yet"


@pytest.mark.django_db(transaction=True)
def test_an_imports_activity_reads_as_what_people_did(client, harrow, editor, admin_user, ascof_1c1a, settings):
    """Each step of a big file's import is one plain sentence on the Activity page: no
    bookkeeping fields ("committed at"), and no entry saying "No field changes"."""
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(editor)
    upload(client, harrow, observations_csv(*ROWS), name="harrow-big.csv")
    run = ImportRun.objects.get()
    mapping = {f"column_{name}": heading for name, heading in run.mapping.items() if not name.startswith("_")}
    run_worker()
    client.post(url("detail", harrow, run_id=run.pk), {"action": "check", **mapping})  # checked again
    run_worker()
    client.post(url("commit", harrow, run_id=run.pk))
    run_worker()
    client.post(url("rollback", harrow, run_id=run.pk))
    run_worker()  # a big file is rolled back in the background too

    client.force_login(admin_user)
    page = soup_of(client.get(reverse("organisations:activity", kwargs={"gss_code": harrow.gss_code})))
    imports = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")][2:]
        for tr in page.select("tbody tr")
        if tr.select_one("td .govuk-\\!-font-weight-bold").get_text(strip=True) == "harrow-big.csv"
    ]
    assert imports == [
        ["Rolled back an import harrow-big.csv", "Rolled back the import of harrow-big.csv"],
        [
            "Imported a file harrow-big.csv",
            "Imported harrow-big.csv: 10 new, 0 revised and 0 unchanged rows",
        ],
        ["Checked a file harrow-big.csv", "Checked harrow-big.csv: 10 rows, no errors"],
        ["Uploaded a file harrow-big.csv", "Uploaded harrow-big.csv, not yet checked"],
    ]


def import_in_background(client, org, rows, name="figures.csv"):
    """Upload, check and import a file through the background jobs; the committed run."""
    upload(client, org, observations_csv(*rows), name=name)
    run_worker()
    run = ImportRun.objects.filter(file_name=name).latest("pk")
    client.post(url("commit", org, run_id=run.pk))
    run_worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
    return run


def revise_one_row(client, org):
    """A later import of one row (done while the person waits) that revises the first year's value."""
    upload(client, org, observations_csv(["E09000015", "ASCOF-1C1A", "2000-01", "31", "", "", "final"]), "fix.csv")
    later = ImportRun.objects.get(file_name="fix.csv")
    client.post(url("commit", org, run_id=later.pk))
    later.refresh_from_db()
    assert later.status == ImportRun.Status.COMMITTED


@pytest.mark.django_db(transaction=True)
def test_a_big_import_is_rolled_back_in_the_background(client, harrow, editor, ascof_1c1a, settings):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(editor)
    run = import_in_background(client, harrow, ROWS)

    response = client.post(url("rollback", harrow, run_id=run.pk))
    assert response["Location"] == url("detail", harrow, run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED, "nothing was rolled back while the person waited"
    assert (run.job.kind, run.job.status) == ("import:rollback", Job.Status.QUEUED)
    assert Observation.objects.count() == 10
    page = soup_of(client.get(url("detail", harrow, run_id=run.pk)))
    assert not page.find("button", string="Roll back this import"), "no second rollback while one waits"

    run_worker()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.ROLLED_BACK
    assert run.rolled_back_by == editor
    assert not Observation.objects.exists()
    assert run.job.status == Job.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_a_big_rollback_asks_about_changed_rows_first_then_keeps_them(client, harrow, editor, ascof_1c1a, settings):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(editor)
    run = import_in_background(client, harrow, ROWS)
    revise_one_row(client, harrow)

    page = soup_of(client.post(url("rollback", harrow, run_id=run.pk)))
    assert "Roll back the 9 untouched rows and keep the 1 changed one" in page.get_text(" ", strip=True)
    run.refresh_from_db()
    assert (run.status, run.job.kind) == (ImportRun.Status.COMMITTED, "import:commit"), "no job until they choose"

    client.post(url("rollback", harrow, run_id=run.pk), {"keep_changed": "yes"})
    run.refresh_from_db()
    assert run.job.kind == "import:rollback"
    run_worker()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.ROLLED_BACK
    assert list(Observation.objects.values_list("period_code", "value")) == [("2000-01", 31)]


@pytest.mark.django_db(transaction=True)
def test_a_row_changed_while_a_big_rollback_waits_stops_it_saying_why(client, harrow, editor, ascof_1c1a, settings):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(editor)
    run = import_in_background(client, harrow, ROWS)
    client.post(url("rollback", harrow, run_id=run.pk))  # nothing changed yet: a job is queued
    revise_one_row(client, harrow)

    run_worker()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
    assert run.job.status == Job.Status.FAILED
    assert "changed since" in run.job.error
    assert Observation.objects.count() == 10
