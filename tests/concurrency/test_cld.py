"""Client-level data under two people at once: a council's LA code is recorded once, and two
computations of the same measures keep one run per period and one indicator value each.

Each test runs two calls in two threads against the database (file SQLite or PostgreSQL), so
they meet its own locking (tests/concurrency/together.py). The first is held for a moment, so
the second arrives while it works.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ascent.cld import loading, results, synthetic, validation
from ascent.cld.models import CldSettings, Extract, MeasureRun
from ascent.indicators.library import load_indicator_library
from ascent.indicators.models import Observation

from .together import run_together, slowed

pytestmark = pytest.mark.django_db(transaction=True)

END = dt.date(2025, 3, 31)


def _extract(tmp_path, gss_code: str, name: str):
    path = tmp_path / name
    synthetic.write(synthetic.Options(gss_code=gss_code, people=120, years=1, seed=5, end=END), path)
    return path


def test_two_first_extracts_with_different_codes_record_one_code(harrow, editor, admin_user, tmp_path, monkeypatch):
    # Harrow's own file (LA code 9015) and another council's (6019), each loaded as Harrow's first.
    own = _extract(tmp_path, "E09000015", "harrow.csv")
    other = _extract(tmp_path, "E06000019", "herefordshire.csv")
    # Both finish their checks before either saves, so neither sees a code recorded beforehand.
    monkeypatch.setattr(validation, "check_file", slowed(validation.check_file, 0.5))
    outcomes = run_together(
        lambda: loading.load_extract(harrow, own, original_name="harrow.csv", by=editor),
        lambda: loading.load_extract(harrow, other, original_name="herefordshire.csv", by=admin_user),
    )
    assert [outcome.error for outcome in outcomes] == [None, None]
    loaded = [outcome.value for outcome in outcomes if outcome.value.loaded]
    refused = [outcome.value for outcome in outcomes if not outcome.value.loaded]
    assert len(loaded) == 1 and len(refused) == 1, "one file loads; the other meets the code the first recorded"
    code = loaded[0].extract.la_code
    assert CldSettings.objects.get(organisation=harrow).la_code == code
    assert list(Extract.objects.in_organisation(harrow).values_list("la_code", flat=True)) == [code]
    assert f"this council's extracts carry {code}" in refused[0].report.fatal[-1]
    assert "Nothing was saved" in refused[0].report.fatal[-1]


def test_two_computations_at_once_keep_one_run_per_period(
    harrow, editor, admin_user, shipped_frameworks, tmp_path, monkeypatch
):
    load_indicator_library()
    path = _extract(tmp_path, "E09000015", "harrow.csv")
    assert loading.load_extract(harrow, path, original_name="harrow.csv", by=editor).loaded
    periods = results.periods_for(harrow)
    monkeypatch.setattr(results, "_compute", slowed(results._compute, 0.3))
    outcomes = run_together(
        lambda: results.compute_and_store(harrow, by=editor),
        lambda: results.compute_and_store(harrow, by=admin_user),
    )
    assert [outcome.error for outcome in outcomes] == [None, None]
    runs = MeasureRun.objects.in_organisation(harrow)
    assert runs.count() == len(periods), "each period's results are kept once"
    assert runs.filter(is_latest_period=True).count() == 1
    # Both computations hand back the runs that were kept.
    kept = set(runs.values_list("pk", flat=True))
    assert {run.pk for run in outcomes[0].value} == {run.pk for run in outcomes[1].value} == kept
    # The 2024-25 figures went to the indicator store once each.
    published = Observation.objects.filter(
        organisation=harrow, period_code="2024-25", indicator__code__startswith="ASCOF23-"
    )
    assert published.exists()
    codes = list(published.values_list("indicator__code", flat=True))
    assert len(codes) == len(set(codes))
