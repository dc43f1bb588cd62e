"""The demo's client-level data: eight synthetic quarterly extracts and illustrative population."""

from __future__ import annotations

import time
from datetime import date

import pytest

from ascent.cld import demo, synthetic
from ascent.cld.measures import council_measures, default_period
from ascent.cld.models import CldSettings, Extract, Population

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cld_folder(settings, tmp_path):
    settings.ASCENT_CLD_DIR = str(tmp_path / "cld")


def test_load_demo_loads_two_years_of_labelled_quarterly_extracts_once(harrow, editor):
    started = time.monotonic()
    result = demo.load_demo(harrow, by=editor)
    took = time.monotonic() - started
    assert (result.loaded, result.skipped, result.population) == (8, 0, 6), took
    extracts = list(Extract.objects.in_organisation(harrow).order_by("loaded_at", "id"))
    assert [e.stated_end for e in extracts] == list(demo.QUARTER_ENDS)
    starts = [(2023, 7), (2023, 10), (2024, 1), (2024, 4), (2024, 7), (2024, 10), (2025, 1), (2025, 4)]
    assert [e.stated_start for e in extracts] == [date(year, month, 1) for year, month in starts]
    assert all("synthetic — not real people" in e.original_name for e in extracts)
    assert extracts[0].original_name == "Harrow CLD Q1 2024/25, rolling 12 months (synthetic — not real people).csv"
    assert extracts[-1].original_name.startswith("Harrow CLD Q4 2025/26")
    assert all(e.summary["synthetic"] and e.summary["label"] == demo.LABEL for e in extracts)
    assert [e.release for e in extracts] == ["R1"] * 5 + ["R2"] * 3
    assert all(e.created_by == editor and e.rows > 500 for e in extracts)
    assert result.rows == sum(e.rows for e in extracts)
    assert CldSettings.objects.get(organisation=harrow).la_code == synthetic.la_code_for("E09000015")

    population = list(Population.objects.in_organisation(harrow))
    assert {(p.year, p.age_band) for p in population} == {
        (year, band) for year in (2023, 2024, 2025) for band in ("18 to 64", "65 and above")
    }
    assert all(
        p.is_illustrative and "Illustrative" in p.source and "not an ONS estimate" in p.source for p in population
    )

    # The measures of the latest rolling year come out, with population for 2B and 2C.
    assert default_period(harrow) == (date(2025, 4, 1), date(2026, 3, 31))
    rows = {(r["measure"], r["group"]): r for r in council_measures(harrow)}
    for key in [("2A", "Total"), ("2E", "Total"), ("2E LD", "18 to 64"), ("3D 1a", "Total"), ("3D 1b", "Total")]:
        assert rows[key]["denominator"] > 0 and 0 <= rows[key]["outcome"] <= 100, key
    assert rows[("2B", "18 to 64")]["denominator"] == 30_300  # 2025's illustrative 18 to 64
    assert rows[("2C", "65 and above")]["numerator"] > 0
    assert rows[("2E", "Total")]["denominator"] > 100

    # Again: nothing added twice.
    again = demo.load_demo(harrow, by=editor)
    assert (again.loaded, again.skipped, again.population) == (0, 8, 6)
    assert Extract.objects.in_organisation(harrow).count() == 8
    assert Population.objects.in_organisation(harrow).count() == 6
    print(f"load_demo for Harrow took {took:.1f}s")  # noqa: T201 (shown with -s, for the report)


def test_the_files_are_the_same_for_a_council_and_differ_between_councils(tmp_path):
    end = demo.QUARTER_ENDS[0]
    paths = []
    for name, gss in (("a", "E09000015"), ("b", "E09000015"), ("c", "E06000019")):
        paths.append(tmp_path / f"{name}.csv")
        synthetic.write(demo.extract_options(gss, end), paths[-1])
    a, b, c = (path.read_bytes() for path in paths)
    assert a == b and a != c
    assert demo.seed_for("E09000015") == demo.seed_for("e09000015 ") != demo.seed_for("E06000019")


def test_real_population_figures_are_never_replaced(harrow):
    Population.objects.create(organisation=harrow, year=2024, age_band="18 to 64", population=165_000, source="ONS")
    assert demo._illustrative_population(harrow, None) == 5
    real = Population.objects.in_organisation(harrow).get(year=2024, age_band="18 to 64")
    assert (real.population, real.is_illustrative) == (165_000, False)


def test_a_council_whose_extracts_carry_another_la_code_is_refused(harrow):
    CldSettings.objects.create(organisation=harrow, la_code="310")
    with pytest.raises(demo.DemoLoadError, match="Q1 2024/25 was refused"):
        demo.load_demo(harrow)
    assert not Extract.objects.exists() and not Population.objects.exists()


def test_quarter_labels():
    assert [demo.quarter_label(end) for end in demo.QUARTER_ENDS[:4]] == [
        "Q1 2024/25",
        "Q2 2024/25",
        "Q3 2024/25",
        "Q4 2024/25",
    ]
    assert demo.quarter_label(date(2026, 3, 31)) == "Q4 2025/26"
