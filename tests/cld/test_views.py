"""The client-level data pages: loading an extract through the page and its background job,
what a refused file and a file with row problems show, the data-quality page, the measures,
activity and population pages, who may see what, and how many queries the list pages make."""

from __future__ import annotations

import time

import duckdb
import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ascent.cld import duck, loading, storage, tasks
from ascent.cld.models import Extract, ExtractProblem, Population
from ascent.cld.views import period_label, stated_period
from ascent.jobs.models import Job
from tests.cld.extracts import NHS_2, person, write_csv, write_xlsx


def url(name, org, **kwargs):
    return reverse(f"cld:{name}", kwargs={"gss_code": org.gss_code, **kwargs})


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return " ".join(soup_of(response).get_text(" ").split())


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def csv_upload(tmp_path, rows, name="q1.csv", **kwargs) -> SimpleUploadedFile:
    path = write_csv(tmp_path / name, rows, **kwargs)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def uploads_left() -> list:
    root = storage.cld_root()
    return [p for p in root.rglob("uploads/*") if p.is_file()] if root.exists() else []


def two_people():
    return [person(), person(la_person_unique_identifier="P2", nhs_number=NHS_2)]


def with_problems():
    """Row 3 ends before it starts and has a nine-digit NHS number; row 4 is a request with no route."""
    return [
        person(),
        person(event_end_date="2024-04-01", nhs_number="123456789"),
        person(event_type="Request", event_end_date="2024-05-02", request_route_of_access=""),
    ]


def test_period_labels_are_written_the_way_councils_write_them():
    import datetime as dt

    assert period_label(dt.date(2024, 4, 1), dt.date(2025, 3, 31)) == "2024-25"
    assert period_label(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == "12 months to Q3 2024/25"
    assert period_label(dt.date(2024, 7, 1), dt.date(2025, 6, 30)) == "12 months to Q1 2025/26"
    assert stated_period(dt.date(2024, 10, 1), dt.date(2024, 12, 31)) == "Q3 2024/25"
    assert stated_period(dt.date(2025, 1, 1), dt.date(2025, 3, 31)) == "Q4 2024/25"
    assert stated_period(None, None) == "Not stated"


@pytest.mark.django_db(transaction=True)
def test_an_extract_is_uploaded_kept_privately_and_loaded_by_a_job(client, harrow, editor, tmp_path):
    client.force_login(editor)
    response = client.post(url("upload", harrow), {"file": csv_upload(tmp_path, two_people())})

    job = Job.objects.get()
    assert response["Location"] == url("load", harrow, job_id=job.pk)
    assert (job.kind, job.status, job.created_by, job.permission) == (
        "cld:load",
        Job.Status.QUEUED,
        editor,
        "cld.load_cld",
    )
    assert not Extract.objects.exists(), "nothing is loaded while the person waits"
    kept = storage.absolute(job.parameters["upload"])
    assert kept.exists() and kept.parent.parent.name == harrow.gss_code
    page = soup_of(client.get(url("load", harrow, job_id=job.pk)))
    status = page.find(attrs={"data-job-status-url": True})
    assert status["data-job-status-url"] == reverse("jobs:status", kwargs={"gss_code": "E09000015", "job_id": job.pk})

    run_worker()

    extract = Extract.objects.get()
    assert (extract.original_name, extract.rows, extract.created_by, extract.problem_count) == ("q1.csv", 2, editor, 0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.return_url == url("extract", harrow, extract_id=extract.pk)
    assert not uploads_left(), "the uploaded file is removed once read"
    page = text_of(client.get(url("load", harrow, job_id=job.pk)))
    assert "Extract loaded" in page and "2 rows, 0 problems found" in page

    listing = text_of(client.get(url("index", harrow)))
    assert "q1.csv" in listing and "Release 2" in listing and "2024-25" in listing
    assert "2E: usable" in listing


@pytest.mark.django_db(transaction=True)
def test_a_file_without_the_headings_is_refused_naming_what_is_wrong_and_saves_nothing(
    client, harrow, editor, tmp_path
):
    client.force_login(editor)
    upload = csv_upload(tmp_path, [person()], headings=["LA Code", "NHS Number"])
    client.post(url("upload", harrow), {"file": upload})
    job = Job.objects.get()

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Nothing was saved. The first row must be the CLD specification's headings.")
    page = text_of(client.get(url("load", harrow, job_id=job.pk)))
    assert "The file was refused and nothing was saved" in page
    assert "Missing: “Reporting Period Start Date”" in page
    assert not Extract.objects.exists()
    assert not uploads_left()


@pytest.mark.django_db(transaction=True)
def test_another_councils_la_code_is_refused(client, harrow, editor, tmp_path):
    client.force_login(editor)
    client.post(url("upload", harrow), {"file": csv_upload(tmp_path, two_people())})
    run_worker()
    client.post(url("upload", harrow), {"file": csv_upload(tmp_path, [person(la_code="999")], name="other.csv")})
    run_worker()

    job = Job.objects.order_by("-pk").first()
    assert job.status == Job.Status.FAILED
    page = text_of(client.get(url("load", harrow, job_id=job.pk)))
    assert "The file's LA Code is 999, but this council's extracts carry 310." in page
    assert Extract.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_file_with_row_problems_is_kept_and_its_data_quality_page_names_row_field_value_and_reason(
    client, harrow, editor, viewer, tmp_path
):
    client.force_login(editor)
    client.post(url("upload", harrow), {"file": csv_upload(tmp_path, with_problems(), name="problems.csv")})
    run_worker()

    extract = Extract.objects.get()
    assert extract.problem_count == 3
    page = soup_of(client.get(url("extract", harrow, extract_id=extract.pk)))
    text = " ".join(page.get_text(" ").split())
    assert "Data quality of problems.csv" in text
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])]
        for row in page.find("caption", string="Examples of each problem").find_parent("table").tbody.find_all("tr")
    ]
    assert ["3", "Event End Date", "2024-04-01", "is before the event's start"] in rows
    assert ["3", "NHS Number", "123456789", rows[[r[1] for r in rows].index("NHS Number")][3]] in rows
    assert ["4", "Request: Route of Access", "Blank", "is blank, but must be given on requests"] in rows
    by_field = page.find("caption", string="Problems in each field").find_parent("table")
    assert "Request: Route of Access 1" in " ".join(by_field.get_text(" ").split())

    # A viewer (a councillor, say) reads the findings without the values that identify a person.
    client.force_login(viewer)
    page = soup_of(client.get(url("extract", harrow, extract_id=extract.pk)))
    cells = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])]
        for row in page.find("caption", string="Examples of each problem").find_parent("table").tbody.find_all("tr")
    ]
    nhs = next(row for row in cells if row[1] == "NHS Number")
    assert nhs[2] == "Hidden"
    assert "123456789" not in page.get_text()
    assert ["3", "Event End Date", "2024-04-01", "is before the event's start"] in cells


@pytest.mark.django_db(transaction=True)
def test_check_only_reports_the_problems_and_keeps_nothing(client, harrow, editor, tmp_path):
    client.force_login(editor)
    client.post(
        url("upload", harrow), {"file": csv_upload(tmp_path, with_problems(), name="try.csv"), "check_only": "on"}
    )
    run_worker()

    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.title == "Checking try.csv"
    assert not Extract.objects.exists() and not ExtractProblem.objects.exists()
    page = text_of(client.get(url("load", harrow, job_id=job.pk)))
    assert "This was a check only: nothing was saved." in page
    assert "is blank, but must be given on requests" in page
    assert "Problems 3 (3 errors, 0 warnings)" in page


@pytest.mark.django_db(transaction=True)
def test_a_workbook_loads_through_the_page(client, harrow, editor, tmp_path):
    client.force_login(editor)
    path = write_xlsx(tmp_path / "q1.xlsx", two_people())
    client.post(url("upload", harrow), {"file": SimpleUploadedFile("q1.xlsx", path.read_bytes())})
    run_worker()
    assert Extract.objects.get().rows == 2


@pytest.mark.django_db
def test_the_upload_page_refuses_what_is_not_an_extract_before_any_job(client, harrow, editor, settings):
    client.force_login(editor)
    refused = {
        "letter.pdf": (b"%PDF-1.4", "The selected file must be a CSV file or an Excel workbook (.xlsx)"),
        "fake.xlsx": (b"not a zip", "The selected file is not an Excel workbook"),
        "image.csv": (b"\x89PNG\r\n\x1a\n\x00\x00", "The selected file is not a CSV file: it is not text"),
    }
    for name, (data, message) in refused.items():
        response = client.post(url("upload", harrow), {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200
        assert message in text_of(response), name
    settings.ASCENT_CLD_MAX_UPLOAD_BYTES = 10
    response = client.post(url("upload", harrow), {"file": SimpleUploadedFile("big.csv", b"a,b\n1,2\n3,4\n")})
    assert "The selected file must be smaller than 1 KB" in text_of(response)
    assert not Job.objects.exists()
    assert not uploads_left()


def test_the_deadline_interrupts_a_duckdb_query_that_runs_too_long(settings):
    con = duck.connect()
    deadline = tasks._Deadline(0.3)
    deadline.bind(con)
    started = time.monotonic()
    with pytest.raises(duckdb.Error):
        con.execute("select count(*) from range(1000000000000) a where a.range % 7 = 3").fetchall()
    deadline.cancel()
    assert deadline.expired
    assert time.monotonic() - started < 30
    con.close()


@pytest.mark.django_db(transaction=True)
def test_a_load_that_hangs_is_stopped_and_saves_nothing(client, harrow, editor, tmp_path, settings, monkeypatch):
    """A damaged workbook can keep DuckDB's Excel reader busy: the job's timer interrupts it."""
    settings.ASCENT_CLD_LOAD_SECONDS = 1
    real = loading.load_extract

    def hanging(organisation, path, *, on_connection=None, **kwargs):
        con = duck.connect()
        on_connection(con)
        try:
            con.execute("select count(*) from range(1000000000000) a where a.range % 7 = 3").fetchall()
        finally:
            con.close()
        return real(organisation, path, **kwargs)

    monkeypatch.setattr(loading, "load_extract", hanging)
    client.force_login(editor)
    client.post(url("upload", harrow), {"file": csv_upload(tmp_path, two_people())})
    run_worker()

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Checking the file took longer than 1 minute, so it was stopped and nothing was saved.")
    assert "took longer than 1 minute" in text_of(client.get(url("load", harrow, job_id=job.pk)))
    assert not Extract.objects.exists()
    assert not uploads_left()


def _load(harrow, editor, tmp_path, rows, name="q1.csv"):
    path = write_csv(tmp_path / name, rows)
    return loading.load_extract(harrow, path, original_name=name, by=editor).extract


@pytest.mark.django_db
def test_one_council_never_sees_anothers_extracts(client, harrow, herefordshire, editor, outsider, tmp_path):
    extract = _load(harrow, editor, tmp_path, with_problems(), name="harrow-private.csv")
    client.force_login(outsider)
    assert client.get(url("extract", herefordshire, extract_id=extract.pk)).status_code == 404
    assert "harrow-private.csv" not in text_of(client.get(url("index", herefordshire)))
    assert client.get(url("index", harrow)).status_code == 404


@pytest.mark.django_db
def test_the_load_page_is_the_requesters_and_the_admins(client, harrow, editor, admin_user, tmp_path):
    client.force_login(editor)
    client.post(url("upload", harrow), {"file": csv_upload(tmp_path, two_people())})
    job = Job.objects.get()
    assert client.get(url("load", harrow, job_id=job.pk)).status_code == 200
    client.force_login(admin_user)
    assert client.get(url("load", harrow, job_id=job.pk)).status_code == 200
    other = Job.objects.create(organisation=harrow, created_by=editor, kind="report:profile", title="Profile")
    assert client.get(url("load", harrow, job_id=other.pk)).status_code == 404, "only loads have this page"


@pytest.mark.django_db
def test_the_extracts_page_makes_the_same_queries_however_many_extracts(
    client, harrow, editor, tmp_path, django_assert_num_queries
):
    _load(harrow, editor, tmp_path, two_people(), name="a.csv")
    client.force_login(editor)
    client.get(url("index", harrow))  # warm the session
    with django_assert_num_queries(11) as first:
        client.get(url("index", harrow))
    for index in range(3):
        _load(harrow, editor, tmp_path, with_problems(), name=f"more-{index}.csv")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url("index", harrow))
    assert response.content.count(b"more-") == 3


@pytest.mark.django_db
def test_the_data_quality_page_makes_the_same_queries_however_many_problems(
    client, harrow, editor, tmp_path, django_assert_num_queries
):
    small = _load(harrow, editor, tmp_path, two_people(), name="a.csv")
    big = _load(harrow, editor, tmp_path, with_problems() * 4, name="b.csv")
    client.force_login(editor)
    client.get(url("extract", harrow, extract_id=small.pk))
    with django_assert_num_queries(10) as first:
        client.get(url("extract", harrow, extract_id=small.pk))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url("extract", harrow, extract_id=big.pk))


@pytest.mark.django_db
def test_the_measures_page_before_any_computation(client, harrow, editor, viewer, tmp_path):
    client.force_login(viewer)
    assert "No extracts have been loaded yet" in text_of(client.get(url("measures", harrow)))
    _load(harrow, editor, tmp_path, two_people())
    page = soup_of(client.get(url("measures", harrow)))
    assert "An editor can compute them" in page.get_text()
    assert not page.find("button", string="Compute measures"), "a viewer cannot compute"
    client.force_login(editor)
    assert soup_of(client.get(url("measures", harrow))).find("button", string="Compute measures")
    assert client.get(url("measure", harrow, slug="2a")).status_code == 404
    assert "The measures have not been computed yet" in text_of(client.get(url("activity", harrow)))


@pytest.mark.django_db
def test_population_page_shows_the_table_and_labels_illustrative_figures(client, harrow, viewer):
    Population.objects.create(
        organisation=harrow,
        year=2024,
        age_band="18 to 64",
        population=171000,
        source="Illustrative",
        is_illustrative=True,
    )
    client.force_login(viewer)
    page = text_of(client.get(url("population", harrow)))
    assert "Mid-2024 18 to 64 171000" in page.replace(",", "")
    assert "Some of these figures are illustrative, not ONS estimates" in page
    assert "Load a population table" not in page, "only editors load one"


@pytest.mark.django_db
def test_the_navigation_shows_client_level_data_to_members_only(client, harrow, viewer, regional_lead):
    client.force_login(viewer)
    page = soup_of(client.get(reverse("organisations:overview", kwargs={"gss_code": harrow.gss_code})))
    link = page.find("a", string=lambda text: text and text.strip() == "Client-level data")
    assert link is not None and link["href"] == url("index", harrow)


@pytest.mark.django_db
def test_an_editor_loads_a_population_table_and_a_bad_one_names_row_field_and_reason(client, harrow, editor):
    client.force_login(editor)
    good = b"year,age band,population\r\n2024,18 to 64,171000\r\n2024,65 and above,43000\r\n"
    response = client.post(
        url("population", harrow),
        {"file": SimpleUploadedFile("population.csv", good), "source": "ONS mid-2024"},
    )
    assert response["Location"] == url("population", harrow)
    assert sorted(Population.objects.values_list("age_band", "population", "source")) == [
        ("18 to 64", 171000, "ONS mid-2024"),
        ("65 and above", 43000, "ONS mid-2024"),
    ]
    bad = b"year,age band,population\r\n2024,18 to 64,many\r\n"
    response = client.post(url("population", harrow), {"file": SimpleUploadedFile("population.csv", bad)})
    page = text_of(response)
    assert "There is a problem" in page and "Row 2, population" in page.replace("Population", "population")
    assert Population.objects.get(age_band="18 to 64").population == 171000, "nothing of a bad file is saved"


@pytest.mark.django_db(transaction=True)
def test_computing_the_measures_runs_a_job_and_fills_the_measure_pages(client, harrow, editor, viewer, tmp_path):
    client.force_login(editor)
    client.post(url("upload", harrow), {"file": csv_upload(tmp_path, two_people())})
    run_worker()
    response = client.post(url("compute", harrow))
    job = Job.objects.get(kind="cld:measures")
    assert response["Location"] == reverse("jobs:detail", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk})
    assert job.return_url == url("measures", harrow)

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    client.force_login(viewer)
    page = soup_of(client.get(url("measures", harrow)))
    text = " ".join(page.get_text(" ").split())
    assert "Measures for 2024-25" in text
    link = page.find("a", href=url("measure", harrow, slug="2e"))
    assert link is not None
    measure = text_of(client.get(link["href"]))
    assert "2E: People in long-term support who live in their own home or with family" in measure
    assert "How it is worked out" in measure
    # Both people live in their own home: 2 of 2 aged 65 and above.
    groups = soup_of(client.get(link["href"])).find("caption", string="2E by group").find_parent("table")
    rows = [[c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])] for row in groups.tbody.find_all("tr")]
    assert rows[[r[0] for r in rows].index("65 and above")][:4] == ["65 and above", "2", "2", "100.0%"]
    assert client.get(url("activity", harrow)).status_code == 200


def _run_with_results(harrow, *, measures: int):
    """A stored run of the latest 12 months with each ASCOF measure's groups and a breakdown."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from ascent.cld.catalogue import ASCOF
    from ascent.cld.models import MeasureResult, MeasureRun

    run = MeasureRun.objects.create(
        organisation=harrow,
        period_start=dt.date(2024, 4, 1),
        period_end=dt.date(2025, 3, 31),
        method_version="test",
        extracts=[],
        fingerprint=f"{measures:064d}",
        ran_at=timezone.now(),
        is_latest_period=True,
    )
    for code in list(ASCOF)[:measures]:
        for group in ("18 to 64", "65 and above", "Total"):
            MeasureResult.objects.create(
                run=run,
                measure=code,
                group=group,
                numerator=Decimal(40),
                denominator=Decimal(50),
                outcome=Decimal("80.0"),
                ci_low=Decimal("66.9"),
                ci_high=Decimal("88.8"),
            )
        MeasureResult.objects.create(run=run, measure=code, breakdown="sex", group="Male", suppressed=True)
    return run


@pytest.mark.django_db
def test_the_measures_page_makes_the_same_queries_however_many_measures(
    client, harrow, editor, django_assert_num_queries
):
    client.force_login(editor)
    _run_with_results(harrow, measures=2)
    client.get(url("measures", harrow))
    with django_assert_num_queries(12) as first:
        client.get(url("measures", harrow))
    from ascent.cld.models import MeasureRun

    MeasureRun.objects.all().delete()
    _run_with_results(harrow, measures=9)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url("measures", harrow))
    assert response.content.count(b"66.9% to 88.8%") == 27


@pytest.mark.django_db
def test_a_measure_page_shows_suppressed_cells_and_its_method(client, harrow, viewer):
    _run_with_results(harrow, measures=4)
    client.force_login(viewer)
    page = soup_of(client.get(url("measure", harrow, slug="2b")))
    text = " ".join(page.get_text(" ").split())
    assert "2B: Younger adults whose long-term support needs are met by admission to a care home" in text
    assert "New permanent admissions to residential or nursing care of people aged 18 to 64" in text
    assert "80.0 per 100,000" in text
    by_sex = page.find("caption", string="By sex").find_parent("table")
    assert "Male Suppressed (fewer than 5)" in " ".join(by_sex.get_text(" ").split())
    assert "There is one period so far" in text


@pytest.mark.django_db
def test_a_measures_trend_over_the_loaded_quarters_is_a_table_and_a_chart(client, harrow, viewer):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from ascent.cld.models import MeasureResult, MeasureRun

    ends = [
        (dt.date(2023, 10, 1), dt.date(2024, 9, 30)),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
    ]
    for index, (start, end) in enumerate(ends):
        run = MeasureRun.objects.create(
            organisation=harrow,
            period_start=start,
            period_end=end,
            method_version="test",
            extracts=[],
            fingerprint=f"{index:064d}",
            ran_at=timezone.now(),
            is_latest_period=index == 2,
        )
        MeasureResult.objects.create(
            run=run,
            measure="2E",
            group="Total",
            numerator=Decimal(60 + index),
            denominator=Decimal(80),
            outcome=Decimal(60 + index) * 100 / 80,
        )
    client.force_login(viewer)
    page = soup_of(client.get(url("measure", harrow, slug="2e")))
    trend = page.find("caption", string=lambda s: s and "for the 12 months to each loaded quarter" in s)
    rows = [
        [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
        for row in trend.find_parent("table").tbody.find_all("tr")
    ]
    assert [row[0] for row in rows] == ["12 months to Q2 2024/25", "12 months to Q3 2024/25", "2024-25"]
    assert [row[3] for row in rows] == ["75.0%", "76.3%", "77.5%"]
    assert page.find(id="cld-trend-chart") is not None
    assert "one period so far" not in page.get_text()


@pytest.mark.django_db(transaction=True)
def test_a_file_of_10000_rows_with_mixed_row_errors_loads_and_its_page_adds_up(client, harrow, editor, tmp_path):
    import datetime as dt

    from ascent.cld import synthetic

    path = tmp_path / "big.csv"
    written = synthetic.write(
        synthetic.Options(gss_code=harrow.gss_code, people=8200, seed=3, error_rate=0.03, end=dt.date(2025, 3, 31)),
        path,
    )
    assert written.rows >= 9_500
    client.force_login(editor)
    client.post(url("upload", harrow), {"file": SimpleUploadedFile("big.csv", path.read_bytes())})
    run_worker()

    extract = Extract.objects.get()
    assert extract.rows == written.rows
    kinds = extract.summary["kinds"]
    assert len({kind["field"] for kind in kinds}) > 3, "errors of several kinds, in several fields"
    page = soup_of(client.get(url("extract", harrow, extract_id=extract.pk)))
    table = page.find("caption", string="Each kind of problem").find_parent("table")
    shown = [[c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])] for row in table.tbody.find_all("tr")]
    assert [(row[0], row[1], int(row[3])) for row in shown] == [(k["field"], k["reason"], k["count"]) for k in kinds]
    assert sum(int(row[3]) for row in shown) == extract.problem_count
    examples = page.find("caption", string="Examples of each problem").find_parent("table").tbody.find_all("tr")
    assert len(examples) == extract.problem_examples.count() <= 5 * len(kinds)


@pytest.mark.django_db
def test_a_measure_is_compared_with_england_the_way_fingertips_does(client, harrow, herefordshire, viewer, editor):
    """Harrow's 2E is 80.0% (66.9% to 88.8%); the only other council holding 2024-25 has 95.0%,
    so England is 95.0%, above Harrow's interval: worse, since higher is better."""
    from decimal import Decimal

    from ascent.core.periods import Period
    from ascent.indicators import actions
    from ascent.indicators.library import load_indicator_library
    from ascent.indicators.models import Indicator
    from tests.indicators.factories import shipped_frameworks

    shipped_frameworks()
    load_indicator_library()
    _run_with_results(harrow, measures=4)
    indicator = Indicator.objects.get(code="ASCOF23-2E", organisation__isnull=True)
    actions.record_observation(
        herefordshire,
        indicator,
        period=Period.financial_year(2024),
        value=Decimal("95.0"),
        numerator=Decimal(95),
        denominator=Decimal(100),
        by=editor,
    )
    client.force_login(viewer)
    page = text_of(client.get(url("measure", harrow, slug="2e")))
    assert "Compared with England and similar councils" in page
    assert "England 95.0% Worse" in page
    assert "Compared with England" not in text_of(client.get(url("measure", harrow, slug="2b"))), "2B is a rate"
