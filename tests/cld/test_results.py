"""Storing a council's measure results: one run per rolling 12 months, reused for the same data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ascent.cld import breakdowns, engine, measures, results, stats, storage, synthetic
from ascent.cld.loading import load_extract
from ascent.cld.models import Extract, MeasureResult, MeasureRun, Population

pytestmark = pytest.mark.django_db

END = dt.date(2025, 3, 31)


def _load(organisation, tmp_path, *, name="harrow.csv", seed=3, people=300, end=END, by=None):
    options = synthetic.Options(gss_code="E09000015", people=people, years=2, seed=seed, end=end)
    path = tmp_path / name
    synthetic.write(options, path)
    result = load_extract(organisation, path, original_name=name, by=by)
    assert result.loaded, result.report.fatal
    return result.extract


@pytest.fixture
def loaded(harrow, tmp_path):
    """Two years of a synthetic extract (300 people) to 31 March 2025, with population figures."""
    extract = _load(harrow, tmp_path)
    for band, people in (("18 to 64", 160_000), ("65 and above", 40_000)):
        Population.objects.create(organisation=harrow, year=2024, age_band=band, population=people)
    return extract


def _engine_rows(extract, start, end, population):
    """The engine's own figures for one period, straight from DuckDB (the reference to check
    against), with the method's small sex groups suppressed as every output suppresses them."""
    con = engine.connect()
    try:
        engine.load_extracts(con, [(extract.pk, storage.absolute(extract.stored_path))])
        engine.build(con, start, end)
        return breakdowns.suppress_method_groups(engine.run_measures(con, start, end, population=population))
    finally:
        con.close()


def test_periods_are_the_latest_year_and_each_earlier_quarter_the_extracts_cover(harrow, loaded):
    periods = results.periods_for(harrow)

    # The extract covers April 2023 to March 2025: rolling years to Mar 25, Dec 24, Sep 24, Jun 24, Mar 24.
    assert periods == [
        (dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2023, 10, 1), dt.date(2024, 9, 30)),
        (dt.date(2023, 7, 1), dt.date(2024, 6, 30)),
        (dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
    ]
    assert periods[0] == measures.default_period(harrow)


def test_stored_results_are_the_engine_figures_with_intervals(harrow, loaded, admin_user):
    seen = []
    runs = results.compute_and_store(harrow, by=admin_user, progress=lambda done, total: seen.append((done, total)))

    assert [(run.period_start, run.period_end) for run in runs] == results.periods_for(harrow)
    assert seen[0] == (0, 6) and seen[-1] == (6, 6) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    latest = runs[0]
    assert latest.is_latest_period and not any(run.is_latest_period for run in runs[1:])
    assert results.latest_run(harrow) == latest
    assert latest.extracts == [{"id": loaded.pk, "sha256": loaded.sha256, "name": "harrow.csv", "synthetic": False}]
    assert not latest.population_is_illustrative
    assert latest.method_version == results.method_version() and latest.created_by == admin_user

    population = [("310", 2024, "18 to 64", 160_000), ("310", 2024, "65 and above", 40_000)]
    for run in (runs[0], runs[-1]):
        expected = _engine_rows(loaded, run.period_start, run.period_end, population)
        stored = {(r.measure, r.group): r for r in run.results.filter(breakdown="")}
        assert expected
        for row in expected:
            result = stored[(row["measure"], row["group"])]
            if row["suppressed"]:
                assert result.suppressed and result.numerator is result.denominator is result.outcome is None
                continue
            assert not result.suppressed
            assert result.numerator == Decimal(str(row["numerator"]))
            assert result.denominator == (None if row["denominator"] is None else Decimal(str(row["denominator"])))
            assert result.outcome == (None if row["outcome"] is None else Decimal(str(row["outcome"])))
            if results.is_proportion(row["measure"]) and row["denominator"]:
                assert (result.ci_low, result.ci_high) == stats.wilson_rounded(row["numerator"], row["denominator"])
                assert result.ci_low <= result.outcome <= result.ci_high
            else:
                assert result.ci_low is None and result.ci_high is None
    # Rates per 100,000 have no Wilson interval; the local measures are stored too.
    assert latest.results.get(measure="2C", group="65 and above").ci_low is None
    assert latest.results.exclude(measure__in=[r["measure"] for r in expected]).exists()
    # Each run and each result keeps its history, naming who ran it.
    assert latest.history.get().history_user == admin_user
    assert MeasureResult.history.filter(run_id=latest.pk).count() == latest.results.count()


def test_running_the_same_data_again_creates_nothing(harrow, loaded, admin_user):
    first = results.compute_and_store(harrow, by=admin_user)
    counts = (MeasureRun.objects.count(), MeasureResult.objects.count(), MeasureRun.history.count())

    again = results.compute_and_store(harrow, by=admin_user)

    assert [run.pk for run in again] == [run.pk for run in first]
    assert (MeasureRun.objects.count(), MeasureResult.objects.count(), MeasureRun.history.count()) == counts


def test_a_new_extract_makes_new_runs_and_the_trend_follows_it(harrow, loaded, admin_user, tmp_path):
    first = results.compute_and_store(harrow, by=admin_user)
    corrected = _load(harrow, tmp_path, name="harrow-corrected.csv", seed=4)

    second = results.compute_and_store(harrow, by=admin_user)

    assert not {run.pk for run in first} & {run.pk for run in second}
    assert [e["id"] for e in second[0].extracts] == [loaded.pk, corrected.pk]
    assert results.latest_run(harrow) == second[0]
    assert MeasureRun.objects.filter(is_latest_period=True).count() == 1
    first[0].refresh_from_db()
    assert not first[0].is_latest_period
    assert first[0].history.first().history_type == "~"

    trend = results.trend(harrow, "2A")
    assert [r.run_id for r in trend] == [run.pk for run in reversed(second)]
    assert [r.run.period_end for r in trend] == sorted(run.period_end for run in second)
    assert all(r.group == "Total" and r.breakdown == "" for r in trend)


def test_a_council_sees_only_its_own_runs(harrow, herefordshire, loaded, admin_user):
    results.compute_and_store(harrow, by=admin_user)

    assert results.latest_run(herefordshire) is None
    assert results.trend(herefordshire, "2A") == []
    assert MeasureRun.objects.in_organisation(herefordshire).count() == 0
    with pytest.raises(measures.NoExtracts):
        results.compute_and_store(herefordshire, by=None)


def test_a_changed_population_makes_a_new_run(harrow, loaded, admin_user):
    before = results.compute_and_store(harrow, by=admin_user)[0]
    Population.objects.filter(organisation=harrow, age_band="65 and above").update(population=50_000)

    after = results.compute_and_store(harrow, by=admin_user)[0]

    assert after.pk != before.pk
    old, new = (run.results.get(measure="2C", group="65 and above") for run in (before, after))
    assert (old.denominator, new.denominator) == (40_000, 50_000)
    assert new.numerator == old.numerator


def test_breakdowns_are_stored_as_the_breakdowns_module_gives_them(harrow, loaded, admin_user):
    latest = results.compute_and_store(harrow, by=admin_user)[0]

    con = engine.connect()
    try:
        engine.load_extracts(con, [(loaded.pk, storage.absolute(loaded.stored_path))])
        engine.build(con, latest.period_start, latest.period_end)
        expected = breakdowns.run_breakdowns(con, latest.period_start, latest.period_end)
    finally:
        con.close()
    stored = {(r.measure, r.breakdown, r.group): r for r in latest.results.exclude(breakdown="")}
    assert expected and len(stored) == len(expected)
    assert {row["breakdown"] for row in expected} <= {"age band", "sex", "ethnicity group", "primary support reason"}
    for row in expected:
        result = stored[(row["measure"], row["breakdown"], row["group"])]
        assert result.suppressed == row["suppressed"]
        if row["suppressed"]:
            assert result.numerator is result.denominator is result.outcome is result.ci_low is None
        else:
            assert result.numerator == Decimal(str(row["numerator"]))
            assert result.outcome == (None if row["outcome"] is None else Decimal(str(row["outcome"]))), row
            if results.is_proportion(row["measure"]) and row["denominator"]:
                assert (result.ci_low, result.ci_high) == stats.wilson_rounded(row["numerator"], row["denominator"])


def test_extract_periods_come_from_what_was_loaded(harrow, loaded):
    Extract.objects.filter(pk=loaded.pk).update(stated_start=dt.date(2024, 4, 1))

    assert results.periods_for(harrow) == [(dt.date(2024, 4, 1), dt.date(2025, 3, 31))]
