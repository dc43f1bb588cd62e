"""The import_observations and import_expenditure commands: summary on success, every error and exit 1 on failure."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ascent.finance.models import ExpenditureLine
from ascent.imports.models import ImportRun
from ascent.indicators.models import Observation

from .helpers import csv_bytes, expenditure_csv, observations_csv, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = observations_csv(
    ["E09000015", "ASCOF-1C1A", "2022-23", "25.0", "", "", ""],
    ["E06000019", "ASCOF-1C1A", "2022-23", "31.2", "", "", "provisional"],
)


def run(command, path, *args):
    out, err = StringIO(), StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def write(tmp_path):
    def write(data: bytes, name: str = "figures.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


def test_a_valid_file_is_imported_for_every_organisation_it_names(write, harrow, herefordshire, ascof_1c1a):
    out, err = run("import_observations", write(GOOD))
    run_ = ImportRun.objects.get()
    assert out.strip() == f"Read 2 rows: 2 new, 0 revised, 0 unchanged. Saved as import {run_.pk}."
    assert err == ""
    assert (run_.organisation, run_.created_by, run_.status) == (None, None, ImportRun.Status.COMMITTED)
    assert Observation.objects.count() == 2


def test_importing_the_same_file_again_reports_it_unchanged(write, harrow, herefordshire, ascof_1c1a):
    path = write(GOOD)
    run("import_observations", path)
    out, _ = run("import_observations", path)
    assert out.startswith("Read 2 rows: 0 new, 0 revised, 2 unchanged.")


def test_headings_are_matched_ignoring_case(write, harrow, ascof_1c1a):
    data = csv_bytes(["ORGANISATION", "Indicator", "PERIOD", "Value"], ["E09000015", "ASCOF-1C1A", "2023-24", "27.5"])
    out, _ = run("import_observations", write(data))
    assert out.startswith("Read 1 row: 1 new")


def test_a_file_with_errors_lists_every_error_and_saves_nothing(write, harrow, ascof_1c1a):
    data = observations_csv(
        ["E09000015", "ASCOF-1C1A", "2022-23", "25.0", "", "", ""],
        ["E09999999", "ASCOF-1C1A", "2022-23", "x", "", "", ""],
        ["E09000015", "ASCOF-9Z", "2023-24", "5", "", "", ""],
    )
    err = StringIO()
    with pytest.raises(CommandError, match="has 3 errors: nothing was saved"):
        call_command("import_observations", str(write(data)), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "Row 3, organisation: “E09999999”: unknown organisation: give its 9-character GSS code, such as E09000015",
        "Row 3, value: “x”: suppressed or not available: leave the row out or give a number",
        "Row 4, indicator: “ASCOF-9Z”: unknown indicator: use a code from the indicator library, such as "
        "ASCOF-1C1A, or one of your organisation's local indicators",
    ]
    assert not Observation.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_dry_run_reports_without_saving(write, harrow, herefordshire, ascof_1c1a):
    out, _ = run("import_observations", write(GOOD), "--dry-run")
    assert out.strip() == "Read 2 rows: 2 new, 0 revised, 0 unchanged. Dry run: nothing was saved."
    assert not Observation.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_missing_column_is_named(write, harrow, ascof_1c1a):
    data = csv_bytes(["organisation", "period", "value"], ["E09000015", "2023-24", "5"])
    with pytest.raises(CommandError, match="The file has no column for: Indicator"):
        run("import_observations", write(data))


def test_a_missing_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="Could not read"):
        run("import_observations", tmp_path / "nowhere.csv")


def test_an_unreadable_file_is_a_clear_error(write, db):
    with pytest.raises(CommandError, match="must be a CSV file or an Excel workbook"):
        run("import_observations", write(b"%PDF", "figures.pdf"))


def test_an_excel_workbook_can_be_imported(write, harrow, ascof_1c1a):
    data = xlsx_bytes([["GSS code", "Measure code", "Year", "Value"], ["E09000015", "ASCOF-1C1A", "2023-24", 27.5]])
    out, _ = run("import_observations", write(data, "figures.xlsx"))
    assert out.startswith("Read 1 row: 1 new")
    assert Observation.objects.get().value == Decimal("27.5")


def test_expenditure_amounts_can_be_given_in_thousands(write, harrow):
    data = expenditure_csv(["E09000015", "Adults", "2023-24", "34,099", "", ""])
    out, _ = run("import_expenditure", write(data), "--thousands")
    assert out.startswith("Read 1 row: 1 new")
    assert ExpenditureLine.objects.get().amount == Decimal("34099000")


def test_expenditure_errors_exit_with_every_error(write, harrow):
    data = expenditure_csv(["E09000015", "Adults", "Q1 2023/24", "lots", "", ""])
    err = StringIO()
    with pytest.raises(CommandError, match="has 2 errors"):
        call_command("import_expenditure", str(write(data)), stdout=StringIO(), stderr=err)
    assert [line.split(":")[0] for line in err.getvalue().splitlines()] == [
        "Row 2, financial_year",
        "Row 2, amount",
    ]
    assert not ExpenditureLine.objects.exists()


def test_the_command_exits_with_status_1_on_errors(tmp_path):
    # Exit codes come from run_from_argv; check them once for real, outside the test database.
    path = tmp_path / "figures.pdf"
    path.write_bytes(b"%PDF")
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_observations", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "must be a CSV file or an Excel workbook" in completed.stderr
