"""What a checked file's errors leave behind: a bounded report on the run, a paginated page, and
every error in a CSV file to download."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.imports.engine import RowError
from ascent.imports.engine.runs import summarise_errors
from ascent.imports.error_list import write_errors_csv
from ascent.imports.models import ImportRun

from .helpers import observations_csv, web_run

pytestmark = pytest.mark.django_db

GOOD = ["E09000015", "ASCOF-1C1A", "2023-24", "27.5", "", "", "final"]


def url(name, org, **kwargs):
    return reverse(f"imports:{name}", kwargs={"gss_code": org.gss_code, **kwargs})


def bad_rows(count):
    """Rows whose period cannot be read, each different (and so each reason too)."""
    return [["E09000015", "ASCOF-1C1A", f"Q5 {1000 + n}/{(n + 1) % 100:02d}", "1", "", "", ""] for n in range(count)]


def downloaded_rows(client, org, run):
    response = client.get(url("errors-csv", org, run_id=run.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="import-{run.pk}-errors.csv"'
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_forty_thousand_identical_rows_store_one_error(harrow, editor, ascof_1c1a):
    # Each duplicate used to list every other: 40,000 rows killed the worker.
    run = web_run(observations_csv(*[GOOD] * 40_000), harrow, editor)
    assert run.error_count == 1
    assert run.errors[0]["reason"] == (
        "Rows 2, 3, 4, 5, 6 and 39,995 others have the same organisation, indicator and period: keep only one"
    )
    assert run.error_summary == [["Rows with the same organisation, indicator and period", 1]]
    assert len(json.dumps(run.errors)) < 1000


def test_the_stored_report_is_bounded_whatever_the_number_of_errors(harrow, editor, ascof_1c1a, settings, client):
    settings.ASCENT_IMPORT_STORED_ERRORS = 50
    run = web_run(observations_csv(*bad_rows(3000)), harrow, editor)
    run.refresh_from_db()
    assert run.error_count == 3000
    assert len(run.errors) == 50
    assert [error["row"] for error in run.errors] == list(range(2, 52))
    # Each reason explains its own period, but they are one kind of problem, counted once.
    assert run.error_summary == [["period: not a period that can be read", 3000]]
    assert len(json.dumps(run.errors)) + len(json.dumps(run.error_summary)) < 30_000
    client.force_login(editor)
    rows = downloaded_rows(client, harrow, run)
    assert rows[0] == ["Row", "Column", "Value", "Problem"]
    assert len(rows) == 3001, "the download has every error"
    assert rows[-1][:3] == ["3001", "period", "Q5 3999/00"]


def test_a_long_value_is_cut_short_on_the_run(harrow, editor, ascof_1c1a):
    value = "x" * 1500
    run = web_run(observations_csv(["E09000015", "ASCOF-1C1A", "2023-24", value, "", "", ""]), harrow, editor)
    assert run.errors[0]["value"] == "x" * 200


def test_every_cell_a_spreadsheet_would_run_is_neutralised_by_the_writer():
    payloads = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tx", "\rx"]
    stream = io.StringIO(newline="")
    write_errors_csv([RowError(2, text, text, text) for text in payloads], stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))[1:]
    assert rows == [["2", "'" + text, "'" + text, "'" + text] for text in payloads]


def test_cells_that_a_spreadsheet_would_run_are_neutralised_in_the_download(harrow, editor, ascof_1c1a, client):
    # The reader trims cells, so a leading tab or line break never reaches an error from a file.
    payloads = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"]
    rows = [
        ["E09000015", "ASCOF-1C1A", f"{2000 + n}-{(n + 1) % 100:02d}", text, "", "", ""]
        for n, text in enumerate(payloads)
    ]
    run = web_run(observations_csv(*rows), harrow, editor)
    client.force_login(editor)
    values = [row[2] for row in downloaded_rows(client, harrow, run)[1:] if row[1] == "value"]
    assert len(values) == len(payloads)
    assert all(value.startswith("'") for value in values), values


def test_a_new_check_replaces_the_errors_file(harrow, editor, ascof_1c1a):
    from ascent.imports import engine

    run = web_run(observations_csv(*bad_rows(3)), harrow, editor)
    storage, folder = run.errors_file.storage, run.errors_file.name.rpartition("/")[0]
    engine.check_run(run, user=editor)
    engine.check_run(run, user=editor)
    assert storage.listdir(folder)[1] == [run.errors_file.name.rpartition("/")[2]]


def test_the_errors_page_lists_the_stored_errors_a_page_at_a_time(
    client, harrow, viewer, editor, ascof_1c1a, django_assert_max_num_queries
):
    run = web_run(observations_csv(*bad_rows(250)), harrow, editor)
    client.force_login(viewer)
    with django_assert_max_num_queries(10):
        first = BeautifulSoup(client.get(url("errors", harrow, run_id=run.pk)).content, "html.parser")
    table = next(t for t in first.select("table") if "Errors 1 to 100 of 250" in t.caption.get_text())
    assert len(table.select("tbody tr")) == 100
    assert first.select_one(".govuk-pagination__next a")["href"] == "?page=2"
    assert first.find("a", string="Download all 250 errors (CSV)")
    last = BeautifulSoup(client.get(url("errors", harrow, run_id=run.pk) + "?page=3").content, "html.parser")
    table = next(t for t in last.select("table") if "Errors 201 to 250 of 250" in t.caption.get_text())
    assert [tr.td.get_text() for tr in table.select("tbody tr")][0] == "202"


def test_the_import_page_shows_the_first_errors_and_links_to_the_rest(client, harrow, editor, ascof_1c1a):
    run = web_run(observations_csv(*bad_rows(40)), harrow, editor)
    client.force_login(editor)
    page = BeautifulSoup(client.get(url("detail", harrow, run_id=run.pk)).content, "html.parser")
    table = next(t for t in page.select("table") if "The first 25 of 40 errors" in t.caption.get_text())
    assert len(table.select("tbody tr")) == 25
    assert page.find("a", string="See the errors a page at a time")["href"] == url("errors", harrow, run_id=run.pk)
    assert page.find("a", string="Download all 40 errors (CSV)")


def test_the_download_of_a_run_checked_before_files_were_kept_has_its_stored_errors(client, harrow, editor):
    run = ImportRun.objects.create(
        organisation=harrow,
        kind="observations",
        file_name="old.csv",
        file_sha256="0" * 64,
        status=ImportRun.Status.INVALID,
        error_count=1,
        errors=[{"row": 2, "column": "value", "value": "=1+1", "reason": "not a number"}],
    )
    client.force_login(editor)
    assert downloaded_rows(client, harrow, run) == [
        ["Row", "Column", "Value", "Problem"],
        ["2", "value", "'=1+1", "not a number"],
    ]


def test_kinds_beyond_the_commonest_are_counted_together():
    errors = [RowError(n, "value", "x", f"reason {n % 25}") for n in range(2, 2502)]
    summary = summarise_errors(errors)
    assert len(summary) == 21
    assert summary[-1] == ["Other problems", 2500 - 20 * 100]
    assert sum(count for _, count in summary) == 2500


def test_numerators_above_their_denominators_are_one_kind(harrow, editor, ascof_1c1a):
    years = [f"{2000 + n}-{(n + 1) % 100:02d}" for n in range(5)]
    rows = [["E09000015", "ASCOF-1C1A", year, "50", str(60 + n), "50", ""] for n, year in enumerate(years)]
    run = web_run(observations_csv(*rows), harrow, editor)
    run.refresh_from_db()
    assert run.error_count == 5
    assert run.error_summary == [["numerator: the numerator is larger than the denominator", 5]]
