"""The client-level data engine: stored extracts → the clean ``events`` table → measures.

A small Python layer over SQL files in ``ascent/cld/sql/`` (read with :mod:`importlib.resources`).
Python opens the connection, loads the code lists, binds parameters and reads results; every step
over the data is SQL, so DuckDB does the work in bulk and the method can be read in one place.

Steps (reference ``client-level-data.md`` §6):

1. :func:`connect` — in-memory DuckDB with the code lists of :mod:`ascent.cld.codes` as tables.
2. :func:`load_extracts` — the ``raw`` table over the stored Parquet files, with their load order.
3. :func:`build` — ``pipeline_periods.sql`` (§6.1–6.2), ``pipeline_events.sql`` (§6.3–6.5) and
   ``pipeline_person_details.sql`` (§6.6) → tables ``events`` (joined submissions, which every
   ASCOF measure reads), ``events_single`` (the latest extract alone, cost fields kept) and
   ``person_details``.
4. :func:`run_measures` — each registered measure file, one SELECT returning
   ``measure, grp, numerator, denominator, outcome``.

Parameters. Every SQL file reads the period from a one-row table ``params`` (period_start,
period_end: DATEs) that the engine fills with bound parameters; no value is ever formatted into
SQL text. The files are portable (no DuckDB macros, QUALIFY, ``* REPLACE``/``* EXCLUDE``), so
:mod:`ascent.cld.spark` runs the same files on Apache Spark.

Several councils at once. ``raw`` may hold many councils' extracts: each extract belongs to the
council whose LA code its rows carry, the pipeline chooses submissions and de-duplicates per
council, and every measure returns its rows per ``la_code`` (each row carries it), so a national
table gives each council exactly what it gets alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path

from ascent.cld import codes, duck

MEASURES: dict[str, str] = {
    # name → SQL file in ascent/cld/sql/. One file may return several measure codes.
    "2A": "measure_2a.sql",
    "2B2C": "measure_2b2c.sql",
    "2E": "measure_2e.sql",
    "3D": "measure_3d.sql",
}
"""The measure registry. Add a line per measure file; :func:`run_measures` runs them in this order."""

PIPELINE = ("pipeline_periods.sql", "pipeline_events.sql")
PERSON_DETAILS = "pipeline_person_details.sql"

# The clean events table: exact names and types (the contract every measure relies on), then the
# engine's own extra columns (which quarter's extract a row came from, and whether its end date
# was cropped).
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("extract_id", "BIGINT"),
    ("record_id", "BIGINT"),
    ("row_key", "BIGINT"),
    ("la_code", "VARCHAR"),
    ("person_id", "VARCHAR"),
    ("la_person_id", "VARCHAR"),
    ("client_type", "VARCHAR"),
    ("event_type", "VARCHAR"),
    ("event_start", "DATE"),
    ("event_end", "DATE"),
    ("recorded_end", "DATE"),
    ("date_of_birth", "DATE"),
    ("proxy_dob", "DATE"),
    ("date_of_death", "DATE"),
    ("gender", "VARCHAR"),
    ("ethnicity", "VARCHAR"),
    ("ethnicity_group", "VARCHAR"),
    ("psr", "VARCHAR"),
    ("accommodation", "VARCHAR"),
    ("employment", "VARCHAR"),
    ("funding_status", "VARCHAR"),
    ("has_unpaid_carer", "VARCHAR"),
    ("event_outcome", "VARCHAR"),
    ("outcome_rank", "INTEGER"),
    ("route_of_access", "VARCHAR"),
    ("assessment_type", "VARCHAR"),
    ("service_type", "VARCHAR"),
    ("service_component", "VARCHAR"),
    ("delivery_mechanism", "VARCHAR"),
    ("review_reason", "VARCHAR"),
    ("unit_cost", "DECIMAL(18,2)"),
    ("cost_frequency", "VARCHAR"),
    ("planned_units_per_week", "DECIMAL(18,2)"),
    ("linked_person_1", "VARCHAR"),
    ("linked_person_2", "VARCHAR"),
    ("linked_person_3", "VARCHAR"),
    ("event_description", "VARCHAR"),
    ("event_reference", "VARCHAR"),
    ("conversation", "BOOLEAN"),
    ("ref_period_start", "DATE"),
    ("ref_period_end", "DATE"),
    ("end_cropped", "BOOLEAN"),
)
EVENT_COLUMN_NAMES = tuple(name for name, _ in EVENT_COLUMNS)


class EngineError(Exception):
    """The engine was used out of order or given something it cannot read."""


def sql_text(name: str) -> str:
    """The text of ``ascent/cld/sql/<name>``."""
    return resources.files("ascent.cld").joinpath("sql", name).read_text(encoding="utf-8")


def connect(**kwargs):
    """A new in-memory DuckDB connection with the code lists loaded as ``ref_*`` tables."""
    con = duck.connect(**kwargs)
    tables = codes.reference_rows()
    for table, columns in codes.REFERENCE_COLUMNS.items():
        column_sql = ", ".join(f"{name} {kind}" for name, kind in columns)
        con.execute(f"CREATE TABLE {table} ({column_sql})")
        _insert(con, table, len(columns), tables.get(table, []))
    _create_population(con, [])
    return con


def _insert(con, table: str, width: int, rows: Sequence[Sequence]) -> None:
    """Insert rows in one bound statement (DuckDB's executemany runs one statement per row)."""
    if not rows:
        return
    group = "(" + ", ".join("?" for _ in range(width)) + ")"
    values = ", ".join(group for _ in rows)
    con.execute(f"INSERT INTO {table} VALUES {values}", [value for row in rows for value in row])  # noqa: S608


def load_extracts(con, extracts: Sequence[tuple[int, str | Path]]) -> None:
    """Make the ``raw`` table from stored extracts, given oldest first.

    Each Parquet file has every spec column as text plus ``record_id`` and ``extract_id``. The
    ``extracts`` table keeps each extract's ``load_order`` (1 = oldest), which stands in for
    DHSC's import date in every "latest file" choice and tie-break.
    """
    if not extracts:
        raise EngineError("No extracts to load.")
    con.execute("CREATE OR REPLACE TABLE extracts (extract_id BIGINT, load_order INTEGER, path VARCHAR)")
    con.executemany(
        "INSERT INTO extracts VALUES (?, ?, ?)",
        [(int(extract_id), order, str(path)) for order, (extract_id, path) in enumerate(extracts, start=1)],
    )
    paths = [str(path) for _, path in extracts]
    con.execute(
        """
        CREATE OR REPLACE TABLE raw AS
        SELECT f.* EXCLUDE (extract_id, filename), x.extract_id, x.load_order
        FROM read_parquet($paths, union_by_name = true, filename = true) AS f
        JOIN extracts AS x ON x.path = f.filename
        """,
        {"paths": paths},
    )
    # Optional columns (names, GP, ASD …) may be absent from every file; the pipeline reads only
    # spec columns, so add any that are missing as NULL text.
    present = {row[0] for row in con.execute("SELECT column_name FROM (DESCRIBE raw)").fetchall()}
    for column in codes.COLUMNS:
        if column not in present:
            con.execute(f"ALTER TABLE raw ADD COLUMN {column} VARCHAR")


def set_params(con, period_start: date, period_end: date) -> None:
    """The one-row ``params`` table every SQL file reads its period from."""
    con.execute("CREATE OR REPLACE TABLE params (period_start DATE, period_end DATE)")
    con.execute("INSERT INTO params VALUES (?, ?)", [period_start, period_end])


def build(con, period_start: date, period_end: date) -> None:
    """Run the §6 pipeline over ``raw``: ``extract_periods``, ``quarter_extracts``, ``events``,
    ``events_single`` and ``person_details`` (for this reporting period)."""
    if period_end < period_start:
        raise EngineError("The period ends before it starts.")
    set_params(con, period_start, period_end)
    for name in PIPELINE:
        con.execute(sql_text(name))
    build_person_details(con, period_start, period_end)


def build_summary(con) -> dict[str, list[dict]]:
    """What :func:`build` decided, for pages and reports to show.

    ``extracts``: per extract its stated and derived period, ``period_source`` ('derived', or
    'stated' when no month counted), ``small_file_rule`` (fewer than 100 dated events, so every
    month with events counted) and ``dated_events``. ``quarters``: per quarter the extract chosen
    and ``partial`` (no extract covers the whole quarter; the latest overlapping one serves it).
    """

    def rows(sql: str) -> list[dict]:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    return {
        "extracts": rows("SELECT * FROM extract_periods ORDER BY load_order"),
        "quarters": rows("SELECT * FROM quarter_extracts ORDER BY quarter_no"),
    }


def build_person_details(con, period_start: date, period_end: date) -> None:
    """(Re)build ``person_details`` from ``events`` for one reporting period (§6.6)."""
    set_params(con, period_start, period_end)
    con.execute(sql_text(PERSON_DETAILS))
    con.execute("CREATE OR REPLACE TABLE person_details_period AS SELECT * FROM params")


def _person_details_period(con):
    try:
        return con.execute("SELECT period_start, period_end FROM person_details_period").fetchone()
    except Exception:  # noqa: BLE001 (the table does not exist yet)
        return None


def _create_population(con, population: Iterable) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE population (la_code VARCHAR, year INTEGER, age_band VARCHAR, population BIGINT)"
    )
    rows = [
        (r["la_code"], r["year"], r["age_band"], r["population"]) if isinstance(r, Mapping) else tuple(r)
        for r in population
    ]
    _insert(con, "population", 4, rows)


def run_measures(
    con,
    period_start: date,
    period_end: date,
    measures: Iterable[str] | None = None,
    population: Iterable | None = None,
) -> list[dict]:
    """Run registered measures for one 12-month period.

    ``measures`` are registry names (default: all). ``population`` rows are dicts or tuples of
    ``(la_code, year, age_band, population)`` for the council being run; when given they replace
    the ``population`` table. ``person_details`` is rebuilt first if it was built for another period.
    Returns dicts with keys la_code, measure, group, numerator, denominator, outcome, period_start,
    period_end: measure file by measure file, each file's rows by la_code, then in the file's own order.
    """
    if population is not None:
        _create_population(con, population)
    if _person_details_period(con) != (period_start, period_end):
        build_person_details(con, period_start, period_end)
    names = list(MEASURES) if measures is None else list(measures)
    unknown = [name for name in names if name not in MEASURES]
    if unknown:
        raise EngineError(f"Unknown measure(s): {', '.join(unknown)}")
    set_params(con, period_start, period_end)
    results: list[dict] = []
    for name in names:
        cursor = con.execute(sql_text(MEASURES[name]))
        columns = [d[0] for d in cursor.description]
        results.extend(
            measure_row(dict(zip(columns, row, strict=True)), period_start, period_end) for row in cursor.fetchall()
        )
    return results


def measure_row(record: Mapping, period_start: date, period_end: date) -> dict:
    """A measure file's row (la_code, measure, grp, numerator, denominator, outcome) in the engine's shape."""
    return {
        "la_code": record["la_code"],
        "measure": record["measure"],
        "group": record["grp"],
        "numerator": record["numerator"],
        "denominator": record["denominator"],
        "outcome": record["outcome"],
        "period_start": period_start,
        "period_end": period_end,
    }


def events_from_rows(con, rows: Sequence[Mapping]) -> None:
    """Build ``events`` straight from hand-written dicts (for tests of measures).

    Unspecified columns take defaults: ``record_id``/``row_key`` the row's position (1-based),
    ``extract_id`` 1, ``la_code`` 'E09000015', ``la_person_id`` the person ID, client type
    'Service user', event type 'Service', ``proxy_dob`` the first of the birth month,
    ``outcome_rank`` from the code lists (999 when unknown), ``ethnicity_group`` from the code list,
    ``recorded_end`` the event end. Dates may be ``date`` objects or ISO strings.
    ``person_details`` is then built from these rows by :func:`run_measures` (or call
    :func:`build_person_details`).
    """
    unknown = {key for row in rows for key in row} - set(EVENT_COLUMN_NAMES)
    if unknown:
        raise EngineError(f"Unknown event column(s): {', '.join(sorted(unknown))}")
    column_sql = ", ".join(f"{name} {kind}" for name, kind in EVENT_COLUMNS)
    con.execute(f"CREATE OR REPLACE TABLE events ({column_sql})")
    defaults = {"extract_id": 1, "la_code": "E09000015", "client_type": "Service user", "event_type": "Service"}
    values = []
    for position, row in enumerate(rows, start=1):
        merged = {"record_id": position, "row_key": position, **defaults, **row}
        merged.setdefault("la_person_id", merged.get("person_id"))
        if "recorded_end" not in row:
            merged["recorded_end"] = merged.get("event_end")
        values.append([merged.get(name) for name in EVENT_COLUMN_NAMES])
    _insert(con, "events", len(EVENT_COLUMNS), values)
    con.execute(
        """
        UPDATE events SET
            proxy_dob = coalesce(proxy_dob, CAST(date_trunc('month', date_of_birth) AS DATE)),
            outcome_rank = coalesce(
                outcome_rank, (SELECT o.rank FROM ref_outcome AS o WHERE o.value = events.event_outcome), 999
            ),
            ethnicity_group = coalesce(
                ethnicity_group, (SELECT g.grp FROM ref_ethnicity AS g WHERE g.value = events.ethnicity)
            ),
            conversation = coalesce(conversation, false),
            end_cropped = coalesce(end_cropped, false)
        """
    )
    # The councils the measures report on: those of the rows, else the default one (so an empty
    # table still gives each measure's groups with zero counts).
    con.execute("CREATE OR REPLACE TABLE councils AS SELECT DISTINCT la_code FROM events WHERE la_code IS NOT NULL")
    if not con.execute("SELECT count(*) FROM councils").fetchone()[0]:
        con.execute("INSERT INTO councils VALUES (?)", [defaults["la_code"]])
    con.execute("DROP TABLE IF EXISTS person_details_period")
