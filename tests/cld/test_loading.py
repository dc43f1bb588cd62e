"""Loading a CLD extract: what is refused and saves nothing, what is kept as findings, and the files kept."""

from __future__ import annotations

import duckdb
import pytest
from django.core.management import call_command

from ascent.cld import storage
from ascent.cld.loading import load_extract
from ascent.cld.models import CldSettings, Extract, ExtractProblem
from tests.cld.extracts import NHS_2, person, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def _nothing_saved():
    assert not Extract.objects.exists()
    assert not ExtractProblem.objects.exists()
    root = storage.cld_root()
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def test_a_clean_extract_is_kept_as_parquet_with_every_column_as_the_file_had_it(harrow, editor, tmp_path):
    path = write_csv(tmp_path / "q1.csv", [person(), person(la_person_unique_identifier="P2", nhs_number=NHS_2)])

    result = load_extract(harrow, path, original_name="q1.csv", by=editor)

    extract = result.extract
    assert extract.rows == 2
    assert extract.release == "R2"
    assert extract.la_code == "310"
    assert extract.problem_count == 0
    assert extract.created_by == editor
    assert str(extract.stated_start) == "2024-04-01" and str(extract.stated_end) == "2025-03-31"
    assert extract.summary["usable"]["2E"]["usable"] is True
    rows = duckdb.sql(
        f"select record_id, extract_id, la_person_unique_identifier, event_end_date from "
        f"read_parquet('{storage.absolute(extract.stored_path)}') order by record_id"
    ).fetchall()
    assert rows == [(1, extract.pk, "P1", None), (2, extract.pk, "P2", None)]
    assert CldSettings.objects.get(organisation=harrow).la_code == "310"
    assert result.recorded_la_code == "310"
    assert extract.history.count() == 1


def test_row_problems_are_kept_as_findings_naming_row_field_value_and_reason(harrow, tmp_path):
    """Rows 3 and 4 of the file (the heading is row 1) carry an end before the start, a lower-case
    gender (a warning: read as "Female"), a nine-digit NHS number, and a request with no route."""
    path = write_csv(
        tmp_path / "q1.csv",
        [
            person(),
            person(gender="female", event_end_date="2024-04-01", nhs_number="123456789"),
            person(event_type="Request", event_end_date="2024-05-02", request_route_of_access=""),
        ],
    )

    extract = load_extract(harrow, path, original_name="q1.csv").extract

    found = {(p.row, p.field, p.value, p.is_warning) for p in extract.problem_examples.all()}
    assert found == {
        (3, "Event End Date", "2024-04-01", False),
        (3, "Gender", "female", True),
        (3, "NHS Number", "123456789", False),
        (4, "Request: Route of Access", "", False),
    }
    reasons = {p.field: p.reason for p in extract.problem_examples.all()}
    assert reasons["Request: Route of Access"] == "is blank, but must be given on requests"
    assert reasons["Event End Date"] == "is before the event's start"
    assert extract.summary["by_field"] == {
        "Event End Date": 1,
        "Gender": 1,
        "NHS Number": 1,
        "Request: Route of Access": 1,
    }
    assert extract.problem_count == 4
    every = duckdb.sql(
        f"select file_row, field from read_parquet('{storage.absolute(extract.problems_path)}') order by 1, 2"
    ).fetchall()
    assert every == [(3, "Event End Date"), (3, "Gender"), (3, "NHS Number"), (4, "Request: Route of Access")]


def test_a_value_not_in_its_list_and_a_bad_date_are_errors(harrow, tmp_path):
    path = write_csv(
        tmp_path / "q1.csv",
        [person(accommodation_status="Own home", date_of_birth="31/02/1940"), person(service_type="Home care")],
    )

    extract = load_extract(harrow, path, original_name="q1.csv").extract

    found = {(p.field, p.value, p.reason) for p in extract.problem_examples.all()}
    assert ("Service Type", "Home care", "is not in the service type code list") in found
    assert ("Accommodation Status", "Own home", "is not in the accommodation status code list") in found
    assert ("Date of Birth", "31/02/1940", "is not a date: write it as YYYY-MM-DD or DD/MM/YYYY") in found
    assert extract.summary["usable"]["2E"]["usable"] is False
    assert "100.0%" in extract.summary["usable"]["2E"]["why"]


R1_ROW = {
    "client_type": "Service User",
    "ethnicity": "White - English, Welsh, Scottish, Northern Irish or British",
    "primary_support_reason": "Physical Support: Personal care support",
    "employment_status": "Not in Paid Employment (not actively seeking work / retired)",
    "event_outcome": "Provision of service",
    "service_type": "Long Term Support: Community",
    "service_component": "Home Support",
    "delivery_mechanism": "CASSR Commissioned Support",
}


def test_release_1_values_are_recognised_and_are_not_problems(harrow, tmp_path):
    path = write_csv(tmp_path / "r1.csv", [person(**R1_ROW)])

    extract = load_extract(harrow, path, original_name="r1.csv").extract

    assert extract.release == "R1"
    assert extract.problem_count == 0


def test_an_extract_mixing_the_releases_says_so(harrow, tmp_path):
    path = write_csv(tmp_path / "mixed.csv", [person(**R1_ROW), person(la_person_unique_identifier="P2")])

    extract = load_extract(harrow, path, original_name="mixed.csv").extract

    assert extract.release == "mixed"
    assert extract.summary["release_counts"]["R1"] > 0 and extract.summary["release_counts"]["R2"] > 0


def test_an_xlsx_extract_loads_like_a_csv(harrow, tmp_path):
    path = write_xlsx(tmp_path / "q1.xlsx", [person(), person(la_person_unique_identifier="P2", nhs_number=NHS_2)])

    extract = load_extract(harrow, path, original_name="q1.xlsx").extract

    assert extract.rows == 2
    assert extract.problem_count == 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: write_csv(p, [person()], headings=["LA Code", "Gender"]), "Missing: “Reporting Period Start Date”"),
        (lambda p: write_csv(p, []), "no rows of data"),
        (lambda p: write_csv(p, [person(), person(la_code="311")]), "its LA Code column has 2 codes"),
        (lambda p: p.write_bytes(b""), "The file is empty"),
        (lambda p: p.write_bytes(b"PK\x03\x04 not really a workbook"), "Excel workbook (.xlsx): it may be damaged"),
        (
            lambda p: write_csv(p, [person()], headings=["LA Code", "LA Code", "Gender"]),
            "The heading “LA Code” appears 2 times",
        ),
    ],
)
def test_fatal_problems_save_nothing(harrow, tmp_path, make, message):
    path = tmp_path / "bad.csv"
    make(path)

    result = load_extract(harrow, path, original_name="bad.csv")

    assert not result.loaded
    assert any(message in problem for problem in result.report.fatal), result.report.fatal
    _nothing_saved()


def test_a_later_extract_with_another_councils_code_is_refused(harrow, tmp_path):
    load_extract(harrow, write_csv(tmp_path / "a.csv", [person()]), original_name="a.csv")

    result = load_extract(harrow, write_csv(tmp_path / "b.csv", [person(la_code="999")]), original_name="b.csv")

    assert not result.loaded
    assert "this council's extracts carry 310" in result.report.fatal[0]
    assert Extract.objects.count() == 1


def test_a_dry_run_reports_and_saves_nothing(harrow, tmp_path):
    result = load_extract(harrow, write_csv(tmp_path / "a.csv", [person()]), original_name="a.csv", dry_run=True)

    assert result.report.rows == 1 and not result.report.is_fatal
    _nothing_saved()
    assert not CldSettings.objects.exists()


def test_the_files_are_removed_when_the_database_refuses(harrow, tmp_path, monkeypatch):
    from ascent.cld import loading

    def refuse(*args, **kwargs):
        raise RuntimeError("database refused")

    monkeypatch.setattr(loading.ExtractProblem.objects, "bulk_create", refuse)

    with pytest.raises(RuntimeError):
        load_extract(harrow, write_csv(tmp_path / "a.csv", [person(gender="x")]), original_name="a.csv")

    _nothing_saved()


def test_the_command_loads_and_exits_0(harrow, tmp_path, capsys):
    path = write_csv(tmp_path / "q1.csv", [person(), person(gender="Woman", la_person_unique_identifier="P2")])

    call_command("cld_import", "E09000015", str(path))

    out = capsys.readouterr().out
    assert "q1.csv: 2 rows, Release 2 values" in out
    assert "Error, Gender is not in the gender code list: 1 rows (e.g. row 3: “Woman”)" in out
    assert "2E Living in their own home or with family: not usable." in out
    assert "Loaded as extract" in out
    assert Extract.objects.count() == 1


def test_the_command_refuses_with_exit_1_and_saves_nothing(harrow, tmp_path, capsys):
    path = write_csv(tmp_path / "q1.csv", [])

    with pytest.raises(SystemExit) as exit_:
        call_command("cld_import", "E09000015", str(path))

    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "Refused: The file has a heading row but no rows of data." in out
    assert "Nothing was saved." in out
    _nothing_saved()


def test_the_command_dry_run_exits_0_and_saves_nothing(harrow, tmp_path, capsys):
    call_command("cld_import", "E09000015", str(write_csv(tmp_path / "q1.csv", [person()])), "--dry-run")

    assert "Dry run" in capsys.readouterr().out
    _nothing_saved()
