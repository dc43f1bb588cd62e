"""Importing a council's population (ASCOF 2B and 2C denominators) from CSV, and its command."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ascent.cld import population
from ascent.cld.models import Population
from ascent.cld.population import import_population

pytestmark = pytest.mark.django_db


def csv_file(tmp_path, text, name="population.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def figures(organisation):
    return {
        (p.year, p.age_band): (p.population, p.source, p.is_illustrative)
        for p in Population.objects.in_organisation(organisation)
    }


def test_rows_are_added_with_their_source_and_who_added_them(harrow, editor, tmp_path):
    path = csv_file(
        tmp_path,
        'Year,Age band,Population\n2023,18 to 64,160000\n2023,65+,"38,200"\n'
        "2024,18-64,161500\n2024,65 and over,38900\n",
    )
    result = import_population(harrow, path, by=editor, source="ONS mid-year estimates")
    assert result.ok and (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert figures(harrow) == {
        (2023, "18 to 64"): (160_000, "ONS mid-year estimates", False),
        (2023, "65 and above"): (38_200, "ONS mid-year estimates", False),
        (2024, "18 to 64"): (161_500, "ONS mid-year estimates", False),
        (2024, "65 and above"): (38_900, "ONS mid-year estimates", False),
    }
    figure = Population.objects.in_organisation(harrow).get(year=2024, age_band="65 and above")
    assert figure.created_by == editor
    assert figure.history.get().history_user == editor


def test_a_second_import_updates_changed_figures_and_replaces_illustrative_ones(harrow, editor, tmp_path):
    Population.objects.create(organisation=harrow, year=2024, age_band="18 to 64", population=100, source="x")
    Population.objects.create(
        organisation=harrow,
        year=2024,
        age_band="65 and above",
        population=38_900,
        source="Illustrative figures for the demo",
        is_illustrative=True,
    )
    Population.objects.create(organisation=harrow, year=2022, age_band="18 to 64", population=150_000, source="old")
    path = csv_file(tmp_path, "year,age_band,population\n2024,18 to 64,100\n2024,65 and above,38900\n2025,65+,40000\n")
    result = import_population(harrow, path, by=editor)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    held = figures(harrow)
    assert held[(2024, "18 to 64")] == (100, "x", False)  # the same figure: nothing changed
    assert held[(2024, "65 and above")] == (38_900, "", False)  # no longer illustrative
    assert held[(2022, "18 to 64")] == (150_000, "old", False)  # other years left alone
    assert held[(2025, "65 and above")] == (40_000, "", False)
    changed = Population.objects.in_organisation(harrow).get(year=2024, age_band="65 and above")
    assert changed.history.count() == 2 and changed.history.first().history_user == editor


def test_every_bad_row_is_reported_and_nothing_is_saved(harrow, editor, tmp_path):
    path = csv_file(
        tmp_path,
        "year,age_band,population\n"
        "2024,18 to 64,160000\n"  # row 2: fine
        "24,18 to 64,1\n"  # row 3: year
        "2024,over 85,1000\n"  # row 4: band
        "2024,65+,-5\n"  # row 5: population
        ",65+,\n"  # row 6: year and population blank
        "2024,18-64,150000\n"  # row 7: repeats row 2
        "1850,65+,2.5\n",  # row 8: year out of range, population not whole
    )
    result = import_population(harrow, path, by=editor)
    assert not result.ok and result.saved == 0
    assert [(e.row, e.field) for e in result.errors] == [
        (3, "year"),
        (4, "age_band"),
        (5, "population"),
        (6, "year"),
        (6, "population"),
        (7, "age_band"),
        (8, "year"),
        (8, "population"),
    ]
    reasons = {(e.row, e.field): e.reason for e in result.errors}
    assert "“24” is not a year" in reasons[(3, "year")]
    assert "“over 85” is not an age band" in reasons[(4, "age_band")]
    assert "not a whole number" in reasons[(5, "population")]
    assert "is blank" in reasons[(6, "year")]
    assert "already given in row 2" in reasons[(7, "age_band")]
    assert "outside 1990 to 2100" in reasons[(8, "year")]
    assert str(result.errors[0]).startswith("Row 3, year:")
    assert not Population.objects.exists()


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ("", "File", "is empty"),
        ("year,band,people\n2024,18 to 64,1\n", "Headings", "no column age_band, population"),
        ("year,age_band,population\n\n", "File", "no rows"),
    ],
)
def test_files_that_are_not_population_tables_are_refused(harrow, tmp_path, text, field, reason):
    result = import_population(harrow, csv_file(tmp_path, text), by=None)
    assert [e.field for e in result.errors] == [field]
    assert reason in result.errors[0].reason
    assert not Population.objects.exists()


def test_too_large_or_too_long_files_are_refused_before_reading_rows(harrow, tmp_path, monkeypatch):
    rows = "".join(f"{2000 + n % 50},18 to 64,{1000 + n}\n" for n in range(population.MAX_ROWS + 1))
    result = import_population(harrow, csv_file(tmp_path, "year,age_band,population\n" + rows), by=None)
    assert [str(e) for e in result.errors] == [
        f"File: has more than {population.MAX_ROWS:,} rows: a population file needs a few"
    ]
    monkeypatch.setattr(population, "MAX_BYTES", 50)
    result = import_population(
        harrow, csv_file(tmp_path, "year,age_band,population\n2024,18 to 64,160000\n" * 2), by=None
    )
    assert "is larger than" in result.errors[0].reason
    upload = SimpleUploadedFile("p.csv", b"x" * 51)
    assert "is larger than" in import_population(harrow, upload, by=None).errors[0].reason
    assert not Population.objects.exists()


def test_an_upload_is_read_and_a_byte_order_mark_ignored(harrow, editor):
    upload = SimpleUploadedFile("p.csv", "\ufeffYEAR,AGE_BAND,POPULATION\r\n2024,65–plus,1\r\n".encode())
    assert import_population(harrow, upload, by=editor).errors[0].field == "age_band"
    upload = SimpleUploadedFile("p.csv", "\ufeffYEAR,AGE_BAND,POPULATION\r\n2024,65 And Above,40000\r\n".encode())
    assert import_population(harrow, upload, by=editor).created == 1
    assert (
        import_population(harrow, io.BytesIO(b"year,age_band,population\n2024,65+,40000\n"), by=editor).unchanged == 1
    )


def test_figures_belong_to_one_council(harrow, herefordshire, tmp_path):
    path = csv_file(tmp_path, "year,age_band,population\n2024,18 to 64,160000\n")
    import_population(harrow, path, by=None)
    import_population(
        herefordshire, csv_file(tmp_path, "year,age_band,population\n2024,18 to 64,110000\n", "h.csv"), by=None
    )
    assert figures(harrow) == {(2024, "18 to 64"): (160_000, "", False)}
    assert figures(herefordshire) == {(2024, "18 to 64"): (110_000, "", False)}


def test_command_saves_and_exits_0(harrow, tmp_path):
    out = io.StringIO()
    path = csv_file(tmp_path, "year,age_band,population\n2024,18 to 64,160000\n2024,65+,38900\n")
    call_command("cld_population", "E09000015", str(path), "--source", "ONS mid-2024", stdout=out)
    assert "2 population figures added, 0 updated, 0 unchanged" in out.getvalue()
    assert figures(harrow)[(2024, "65 and above")] == (38_900, "ONS mid-2024", False)


def test_command_lists_problems_and_exits_1(harrow, tmp_path):
    out = io.StringIO()
    path = csv_file(tmp_path, "year,age_band,population\n2024,18 to 64,lots\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("cld_population", "E09000015", str(path), stdout=out)
    assert exit_.value.code == 1
    assert "Row 2, population: “lots” is not a whole number of people" in out.getvalue()
    assert "Nothing was saved." in out.getvalue()
    assert not Population.objects.exists()
