"""``manage.py cld_measures``: a council's loaded extracts → the measures, as text, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from ascent.cld import synthetic
from ascent.cld.loading import load_extract
from ascent.cld.measures import default_period, financial_year
from ascent.cld.models import Population

pytestmark = pytest.mark.django_db

KEYS = ["measure", "group", "numerator", "denominator", "outcome", "period_start", "period_end", "suppressed"]


@pytest.fixture
def loaded(harrow, tmp_path):
    """Two years of a synthetic extract (about 400 people) ending 31 March 2025, loaded for Harrow."""
    options = synthetic.Options(gss_code="E09000015", people=400, years=2, seed=3, end=dt.date(2025, 3, 31))
    path = tmp_path / "harrow.csv"
    synthetic.write(options, path)
    result = load_extract(harrow, path, original_name="harrow.csv")
    assert result.loaded, result.report.fatal
    for band, people in (("18 to 64", 160_000), ("65 and above", 40_000)):
        Population.objects.create(organisation=harrow, year=2024, age_band=band, population=people)
    return result.extract


def test_json_lists_every_measure_with_the_keys_the_issue_names(loaded):
    out = io.StringIO()
    call_command("cld_measures", "E09000015", "--format", "json", stdout=out)

    records = json.loads(out.getvalue())
    assert records and all(list(record) == KEYS for record in records)
    measures = {record["measure"] for record in records}
    assert {"2A", "2B", "2C", "2E", "2E LD", "3D 1a", "3D 2a", "3D 1b", "3D 2b"} <= measures
    assert {(r["period_start"], r["period_end"]) for r in records} == {("2024-04-01", "2025-03-31")}
    for record in records:
        if record["measure"] in {"2A", "2E", "3D 1a", "3D 2a"} and record["denominator"]:
            assert record["outcome"] == round(100 * record["numerator"] / record["denominator"], 1)
    rate = next(r for r in records if r["measure"] == "2C" and r["group"] == "65 and above")
    assert rate["denominator"] == 40_000
    assert rate["outcome"] == round(100_000 * rate["numerator"] / 40_000, 1)


def test_csv_has_the_same_rows_as_json(loaded):
    as_json, as_csv = io.StringIO(), io.StringIO()
    call_command("cld_measures", "E09000015", "--format", "json", "--period", "2024-25", stdout=as_json)
    call_command("cld_measures", "E09000015", "--format", "csv", "--period", "2024-25", stdout=as_csv)

    rows = list(csv.reader(io.StringIO(as_csv.getvalue())))
    assert rows[0] == KEYS
    assert len(rows) - 1 == len(json.loads(as_json.getvalue()))


def test_the_text_names_the_council_and_period(loaded):
    out = io.StringIO()
    call_command("cld_measures", "E09000015", "--period", "2023-24", stdout=out)

    text = out.getvalue()
    assert text.startswith("Harrow: 2023-04-01 to 2024-03-31")
    assert "  2A, Total: " in text


def test_a_council_with_no_extracts_and_a_bad_period_are_refused(harrow, loaded):
    with pytest.raises(CommandError, match="not a financial year: write it as 2024-25"):
        call_command("cld_measures", "E09000015", "--period", "2024/25")
    with pytest.raises(CommandError, match="No council has the GSS code"):
        call_command("cld_measures", "E99999999")


def test_herefordshire_with_nothing_loaded_is_told_so(herefordshire):
    with pytest.raises(CommandError, match="Herefordshire has loaded no client-level data extracts"):
        call_command("cld_measures", "E06000019")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-25", (dt.date(2024, 4, 1), dt.date(2025, 3, 31))),
        ("1999-00", (dt.date(1999, 4, 1), dt.date(2000, 3, 31))),
    ],
)
def test_financial_years_read_as_councils_write_them(text, expected):
    assert financial_year(text) == expected


@pytest.mark.parametrize("text", ["2024-26", "2024", "24-25", "2024/25"])
def test_other_periods_are_refused(text):
    with pytest.raises(ValueError, match="not a financial year"):
        financial_year(text)


def test_the_default_period_is_the_latest_12_months_loaded(loaded, harrow):
    assert default_period(harrow) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
