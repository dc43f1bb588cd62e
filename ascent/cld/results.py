"""Compute a council's client-level data measures and keep them: one run per 12-month period.

:func:`compute_and_store` works out the latest rolling 12 months of loaded data
(:func:`ascent.cld.measures.default_period`) and the rolling 12 months ending at each earlier
quarter end the loaded extracts cover (up to :data:`TREND_PERIODS` periods in all, for the
trend). For each it keeps a :class:`~ascent.cld.models.MeasureRun` with every figure the method
gives: the ASCOF measures (:func:`ascent.cld.engine.run_measures`), the local measures
(:func:`ascent.cld.measures_local.run_local`) and the inequality breakdowns
(:func:`ascent.cld.breakdowns.run_breakdowns`, small numbers suppressed), each proportion with
its Wilson 95% interval.
Then it publishes each run to the indicator store (:func:`ascent.cld.publish.publish_run`).

A run records what it was computed from: every extract (id and SHA-256), the method version
(:func:`method_version`, which changes whenever a measure's SQL does) and the population
figures, summed up in its ``fingerprint``. Running the same data again finds the runs already
kept and computes nothing; the engine is not even opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ascent.core.locks import hold_organisation_lock

from . import breakdowns, engine, measures, measures_local, stats, storage
from .models import Extract, MeasureResult, MeasureRun, Population

__all__ = [
    "METHOD_VERSION",
    "PROPORTION_MEASURES",
    "TREND_PERIODS",
    "compute_and_store",
    "is_proportion",
    "latest_run",
    "method_version",
    "periods_for",
    "trend",
]

SQL_DIR = Path(__file__).resolve().parent / "sql"
#: The version of the method as a person names it; :func:`method_version` adds the SQL's fingerprint.
#: Raise it when what Python does to the figures changes (2024-25.2: the method's sex groups suppressed).
METHOD_VERSION = "2024-25.2"
#: The lock under which one council's measure runs are kept and published.
LOCK = "cld:measures"
#: How many rolling 12-month periods a run keeps: the latest and up to seven quarters before it.
TREND_PERIODS = 8
#: ASCOF measures that are percentages of a count (2B and 2C are rates per 100,000 population).
PROPORTION_MEASURES = frozenset({"2A", "2E", "2E LD"})

Progress = Callable[[int, int], None]


def is_proportion(measure: str) -> bool:
    """Whether ``measure`` is a proportion of people, so carries a Wilson interval (2A, 2E, 3D)."""
    return measure in PROPORTION_MEASURES or measure.startswith("3D")


def method_version() -> str:
    """:data:`METHOD_VERSION` and the first 12 hex digits of the SHA-256 of every SQL file the
    method reads, so a change to any measure's SQL is a new version."""
    digest = hashlib.sha256()
    for path in sorted(SQL_DIR.glob("*.sql")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{METHOD_VERSION}+{digest.hexdigest()[:12]}"


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def periods_for(organisation) -> list[tuple[dt.date, dt.date]]:
    """The periods to compute, latest first: the default rolling 12 months, then the 12 months
    to each earlier quarter end (three, six … months before) that starts on or after the earliest
    date any loaded extract covers. At most :data:`TREND_PERIODS`."""
    latest = measures.default_period(organisation)
    earliest = (
        Extract.objects.in_organisation(organisation)
        .filter(stated_start__isnull=False)
        .order_by("stated_start")
        .values_list("stated_start", flat=True)
        .first()
    )
    periods = [latest]
    end = latest[1]
    for back in range(1, TREND_PERIODS):
        months = end.year * 12 + end.month - 1 - 3 * back
        period = measures.twelve_months_to(_month_end(months // 12, months % 12 + 1))
        if earliest is None or period[0] < earliest:
            break
        periods.append(period)
    return periods


def _fingerprint(
    start: dt.date, end: dt.date, method: str, extracts: list[dict], population: list, illustrative: bool
) -> str:
    text = json.dumps(
        {
            "period": [start.isoformat(), end.isoformat()],
            "method": method,
            "extracts": [[e["id"], e["sha256"]] for e in extracts],
            "population": sorted(population),
            "illustrative population": illustrative,
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _decimal(value, places: str = "0.01") -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _result(measure: str, breakdown: str, row: dict, *, suppressed: bool = False) -> MeasureResult:
    result = MeasureResult(
        measure=str(measure),
        breakdown=breakdown,
        group=str(row["group"]),
        numerator=None if suppressed else _decimal(row.get("numerator")),
        denominator=None if suppressed else _decimal(row.get("denominator")),
        outcome=None if suppressed else _decimal(row.get("outcome")),
        suppressed=suppressed,
    )
    if not suppressed and is_proportion(result.measure) and result.denominator:
        result.ci_low, result.ci_high = stats.wilson_rounded(result.numerator, result.denominator)
    return result


def _compute(con, start: dt.date, end: dt.date, population: list) -> list[MeasureResult]:
    """Every figure for one period, on a connection holding the council's extracts."""
    engine.build(con, start, end)
    results = [
        _result(row["measure"], "", row, suppressed=row["suppressed"])
        for row in breakdowns.suppress_method_groups(engine.run_measures(con, start, end, population=population))
    ]
    results.extend(
        _result(row["measure"], "", {**row, "group": row["grp"]}) for row in measures_local.run_local(con, start, end)
    )
    results.extend(
        _result(row["measure"], row["breakdown"], row, suppressed=bool(row.get("suppressed")))
        for row in breakdowns.run_breakdowns(con, start, end)
    )
    return results


def compute_and_store(organisation, *, by, progress: Progress | None = None) -> list[MeasureRun]:
    """Compute and keep the measures of every period of :func:`periods_for`, latest first,
    reusing a run already kept for the same period, extracts, population and method; then
    publish them to the indicator store. ``progress(done, total)`` is called as periods finish.

    Raises :class:`ascent.cld.measures.NoExtracts` when the council has loaded none.
    """
    from . import publish

    extracts = list(Extract.objects.in_organisation(organisation).order_by("loaded_at", "id"))
    if not extracts:
        raise measures.NoExtracts(f"{organisation.name} has loaded no client-level data extracts.")
    periods = periods_for(organisation)
    total = len(periods) + 1  # and publishing
    if progress:
        progress(0, total)
    la_code = extracts[-1].la_code
    populations = list(Population.objects.in_organisation(organisation))
    population = [(la_code, row.year, row.age_band, row.population) for row in populations]
    illustrative_population = any(row.is_illustrative for row in populations)
    provenance = [
        {"id": e.pk, "sha256": e.sha256, "name": e.original_name, "synthetic": bool(e.summary.get("synthetic"))}
        for e in extracts
    ]
    method = method_version()
    fingerprints = {
        period: _fingerprint(*period, method, provenance, population, illustrative_population) for period in periods
    }
    kept = {
        run.fingerprint: run
        for run in MeasureRun.objects.in_organisation(organisation)
        .filter(fingerprint__in=fingerprints.values())
        .order_by("ran_at", "id")
    }
    runs: list[MeasureRun] = []
    con = None
    try:
        for done, period in enumerate(periods, start=1):
            run = kept.get(fingerprints[period])
            if run is None:
                if con is None:
                    con = engine.connect()
                    engine.load_extracts(con, [(e.pk, storage.absolute(e.stored_path)) for e in extracts])
                results = _compute(con, *period, population)
                fingerprint = fingerprints[period]
                run = _store(
                    organisation,
                    by,
                    period,
                    results,
                    method_version=method,
                    extracts=provenance,
                    fingerprint=fingerprint,
                    is_latest_period=done == 1,
                    population_is_illustrative=illustrative_population,
                )
            runs.append(run)
            if progress:
                progress(done, total)
    finally:
        if con is not None:
            con.close()
    with transaction.atomic():
        # One council's runs are marked and published by one computation at a time: two at once
        # would both add the same indicator value.
        hold_organisation_lock(LOCK, organisation.pk)
        _mark_latest(organisation, runs[0], by)
        for run in runs:
            publish.publish_run(run, by=by)
    if progress:
        progress(total, total)
    return runs


@transaction.atomic
def _store(organisation, by, period, results, **fields) -> MeasureRun:
    """Keep one period's results, unless a computation that ran at the same moment kept the
    same ones first (same fingerprint): then that run is the one, and nothing is added."""
    hold_organisation_lock(LOCK, organisation.pk)
    same = (
        MeasureRun.objects.in_organisation(organisation)
        .filter(fingerprint=fields["fingerprint"])
        .order_by("ran_at", "id")
        .first()
    )
    if same is not None:
        return same
    run = MeasureRun(
        organisation=organisation,
        created_by=by,
        period_start=period[0],
        period_end=period[1],
        ran_at=timezone.now(),
        **fields,
    )
    run._history_user = by
    run.save()
    for result in results:
        result.run = run
    bulk_create_with_history(results, MeasureResult, default_user=by)
    return run


def _mark_latest(organisation, latest: MeasureRun, by) -> None:
    """Only ``latest`` is the council's latest period (a history entry only where that changes)."""
    stale = MeasureRun.objects.in_organisation(organisation).filter(is_latest_period=True).exclude(pk=latest.pk)
    for run in stale:
        run.is_latest_period = False
        run._history_user = by
        run.save(update_fields=["is_latest_period", "updated_at"])
    if not latest.is_latest_period:
        latest.is_latest_period = True
        latest._history_user = by
        latest.save(update_fields=["is_latest_period", "updated_at"])


def latest_run(organisation) -> MeasureRun | None:
    """The run of the council's latest rolling 12 months, or None before any run."""
    return (
        MeasureRun.objects.in_organisation(organisation)
        .filter(is_latest_period=True)
        .order_by("-ran_at", "-id")
        .first()
    )


def trend(organisation, measure: str, group: str = "Total", *, breakdown: str = "") -> list[MeasureResult]:
    """``measure``'s figure for ``group`` in each period up to the latest run's, oldest first
    (at most :data:`TREND_PERIODS`): the runs on the same extracts and method as the latest run.
    Each result's ``run`` is loaded with it."""
    latest = latest_run(organisation)
    if latest is None:
        return []
    runs = MeasureRun.objects.in_organisation(organisation).filter(
        period_end__lte=latest.period_end, method_version=latest.method_version
    )
    newest: dict[dt.date, MeasureRun] = {}
    for run in runs.order_by("ran_at", "id").only("id", "period_end", "extracts"):
        if run.extracts == latest.extracts:
            newest[run.period_end] = run
    chosen = [newest[end].pk for end in sorted(newest)[-TREND_PERIODS:]]
    results = MeasureResult.objects.filter(run_id__in=chosen, measure=measure, group=group, breakdown=breakdown)
    return sorted(results.select_related("run"), key=lambda result: result.run.period_end)
