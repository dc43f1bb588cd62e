"""Imported values checked against what the indicator allows: out of range is an error naming
row, column and reason (and nothing is saved); likely slips are warnings the person confirms."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from ascent.imports import engine
from ascent.imports.models import ImportRun
from ascent.indicators.models import Observation, Unit
from ascent.indicators.validation import ARITHMETIC, FUTURE, PROPORTION

from .conftest import make_indicator
from .helpers import check, observations_csv, web_run

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def scales(db):
    return {
        "1A": make_indicator("ASCOF-1A", unit=Unit.SCORE, valid_min=D(0), valid_max=D(24)),
        "1D": make_indicator("ASCOF-1D", unit=Unit.SCORE, valid_min=D(0), valid_max=D(12)),
        "2A1": make_indicator("ASCOF-2A1", unit=Unit.PER_100K, polarity="lower_is_better", valid_min=D(0)),
    }


def row(indicator="ASCOF-1C1A", period="2023-24", value="27.5", numerator="", denominator=""):
    return ["E09000015", indicator, period, value, numerator, denominator, "final"]


SLIPS = [
    row(value="0.75"),
    row(period="2022-23", value="90", numerator="10", denominator="100"),
    row(period="2035-36", value="80"),
]


def warning_triples(result_or_run):
    warnings = result_or_run.warnings
    if warnings and isinstance(warnings[0], dict):
        warnings = [engine.RowError.from_dict(w) for w in warnings]
    return [(w.row, w.column, w.value) for w in warnings]


# ----- refused ---------------------------------------------------------------------------


def test_values_outside_their_indicators_range_are_errors_naming_row_column_and_reason(harrow, scales):
    result = check(
        observations_csv(
            row("ASCOF-1A", value="25.3"),
            row("ASCOF-1D", value="13"),
            row("ASCOF-2A1", value="-3"),
            row("ASCOF-1A", period="2022-23", value="19.1"),
        )
    )
    assert [(e.row, e.column, e.value, e.reason) for e in result.errors] == [
        (2, "value", "25.3", "ASCOF-1A is a score from 0 to 24: 25.3 is above 24"),
        (3, "value", "13", "ASCOF-1D is a score from 0 to 12: 13 is above 12"),
        (4, "value", "-3", "ASCOF-2A1 is a rate per 100,000 population of 0 or more: -3 is below 0"),
    ]
    assert [e.summary for e in result.errors] == [
        "value: ASCOF-1A is a score from 0 to 24",
        "value: ASCOF-1D is a score from 0 to 12",
        "value: ASCOF-2A1 is a rate per 100,000 population of 0 or more",
    ]


def test_a_file_with_a_value_out_of_range_imports_nothing(harrow, editor, scales):
    run = web_run(observations_csv(row("ASCOF-1A", "2022-23", "19.1"), row("ASCOF-1A", value="25.3")), harrow, editor)
    assert run.status == ImportRun.Status.INVALID
    with pytest.raises(engine.ImportRefused):
        engine.commit_run(run, user=editor)
    assert not Observation.objects.exists()


# ----- warned about ----------------------------------------------------------------------


def test_likely_slips_are_warnings_listed_by_row_apart_from_errors(harrow, ascof_1c1a):
    result = check(observations_csv(*SLIPS, row(period="2021-22", value="101")))
    assert [(e.row, e.column) for e in result.errors] == [(5, "value")]
    assert [(w.row, w.column, w.value, w.kind) for w in result.warnings] == [
        (2, "value", "0.75", PROPORTION),
        (3, "value", "90", ARITHMETIC),
        (4, "period", "2035-36", FUTURE),
    ]
    assert result.warnings[1].reason == (
        "The value 90 does not match its numerator and denominator: 10 out of 100 is 10%."
    )


def test_a_small_percentage_among_the_councils_small_ones_is_not_a_slip(harrow, ascof_1c1a):
    result = check(
        observations_csv(row(value="0.75"), row(period="2022-23", value="0.6"), row(period="2021-22", value="0.9"))
    )
    assert result.warnings == []


def test_the_proportion_check_compares_with_the_values_already_held(harrow, editor, ascof_1c1a):
    Observation.objects.create(
        organisation=harrow,
        indicator=ascof_1c1a,
        period_kind="fy",
        period_code="2022-23",
        period_start="2022-04-01",
        period_end="2023-03-31",
        value=D("81.5"),
    )
    [warning] = check(observations_csv(row(value="0.8")), organisation=harrow, user=editor).warnings
    assert warning.reason.endswith("Your other values for ASCOF-1C1A are around 81.5%.")


def test_a_run_keeps_a_bounded_list_of_warnings_and_their_counts_by_kind(harrow, editor, ascof_1c1a, settings):
    settings.ASCENT_IMPORT_STORED_ERRORS = 2
    # Five proportions among six percentages, and a period not yet started.
    slips = [row(period=f"{year}-{(year + 1) % 100:02d}", value="0.5") for year in range(2010, 2015)]
    usual = [row(period=f"{year}-{(year + 1) % 100:02d}", value="80") for year in range(2015, 2021)]
    run = web_run(observations_csv(*slips, *usual, SLIPS[2]), harrow, editor)
    assert run.status == ImportRun.Status.VALIDATED
    assert run.warning_count == 6
    assert len(run.warnings) == 2
    assert run.warning_summary == [[PROPORTION, 5], [FUTURE, 1]]


def test_committing_needs_the_warnings_confirmed(harrow, editor, ascof_1c1a):
    run = web_run(observations_csv(*SLIPS), harrow, editor)
    assert (run.status, run.warning_count) == (ImportRun.Status.VALIDATED, 3)
    with pytest.raises(engine.ImportRefused, match="the file has 3 warnings"):
        engine.commit_run(run, user=editor)
    with pytest.raises(engine.ImportRefused):
        engine.commit_run(run, user=editor, accept_warnings=2)
    assert not Observation.objects.exists()
    engine.commit_run(run, user=editor, accept_warnings=3)
    assert Observation.objects.count() == 3


# ----- the pages -------------------------------------------------------------------------


def url(name, org, **kwargs):
    return reverse(f"imports:{name}", kwargs={"gss_code": org.gss_code, **kwargs})


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_preview_lists_the_warnings_and_importing_asks_for_confirmation(client, harrow, editor, ascof_1c1a):
    client.force_login(editor)
    client.post(
        url("upload", harrow, kind="observations"), {"file": SimpleUploadedFile("f.csv", observations_csv(*SLIPS))}
    )
    run = ImportRun.objects.get()
    page = soup_of(client.get(url("detail", harrow, run_id=run.pk)))
    table = next(t for t in page.select("table") if "warnings in the file" in t.caption.get_text())
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    assert [r[:3] for r in rows] == [["2", "value", "0.75"], ["3", "value", "90"], ["4", "period", "2035-36"]]
    label = page.find("label", attrs={"for": "confirm_warnings"})
    assert label.get_text(strip=True) == "I have checked the 3 warnings and the figures are right"

    # Importing without ticking the box: nothing is saved, and the page asks for it.
    response = client.post(url("commit", harrow, run_id=run.pk))
    assert response["Location"] == url("detail", harrow, run_id=run.pk) + "?confirm=required#confirm-warnings"
    assert not Observation.objects.exists()
    page = soup_of(client.get(response["Location"]))
    assert page.select_one(".govuk-error-summary__list a")["href"] == "#confirm_warnings"
    assert "Confirm that you have checked the 3 warnings" in page.find(id="confirm_warnings-error").get_text()

    response = client.post(url("commit", harrow, run_id=run.pk), {"confirm_warnings": "yes", "warning_count": "3"})
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
    assert Observation.objects.count() == 3


def test_a_file_without_warnings_imports_without_a_confirmation(client, harrow, editor, ascof_1c1a):
    client.force_login(editor)
    client.post(
        url("upload", harrow, kind="observations"), {"file": SimpleUploadedFile("f.csv", observations_csv(row()))}
    )
    run = ImportRun.objects.get()
    assert not soup_of(client.get(url("detail", harrow, run_id=run.pk))).find(id="confirm_warnings")
    client.post(url("commit", harrow, run_id=run.pk))
    assert Observation.objects.count() == 1


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_big_file_carries_its_warnings_through_the_background_check_and_import(
    client, harrow, editor, ascof_1c1a, settings
):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 3
    rows = [row(period=f"{year}-{(year + 1) % 100:02d}", value="80") for year in range(2010, 2016)]
    client.force_login(editor)
    client.post(
        url("upload", harrow, kind="observations"),
        {"file": SimpleUploadedFile("f.csv", observations_csv(*rows, *SLIPS))},
    )
    run = ImportRun.objects.get()
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.warning_count) == (ImportRun.Status.VALIDATED, 3)
    assert warning_triples(run) == [(8, "value", "0.75"), (9, "value", "90"), (10, "period", "2035-36")]

    client.post(url("commit", harrow, run_id=run.pk))  # not confirmed: no job is started
    run.refresh_from_db()
    assert run.job.kind == "import:check"

    client.post(url("commit", harrow, run_id=run.pk), {"confirm_warnings": "yes", "warning_count": "3"})
    run.refresh_from_db()
    assert run.job.kind == "import:commit"
    assert run.job.parameters["accept_warnings"] == 3
    run_worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
    assert Observation.objects.count() == 9


# ----- the command line ------------------------------------------------------------------


def test_the_command_lists_warnings_and_saves_only_when_told_to(tmp_path, harrow, ascof_1c1a):
    path = tmp_path / "national.csv"
    path.write_bytes(observations_csv(*SLIPS))
    err = StringIO()
    with pytest.raises(CommandError, match="3 warnings: nothing was saved"):
        call_command("import_observations", str(path), stdout=StringIO(), stderr=err)
    assert "Warning: Row 2, value: “0.75”: 0.75% looks like a proportion" in err.getvalue()
    assert not Observation.objects.exists()
    call_command("import_observations", str(path), "--accept-warnings", stdout=StringIO(), stderr=StringIO())
    assert Observation.objects.count() == 3
