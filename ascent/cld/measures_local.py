"""Run ASCOF 2A and the local activity measures (helper C's SQL files) on a built connection.

All measure logic is in ``ascent/cld/sql``; this module only reads those files, sets the
period (the one-row ``params`` table, :func:`ascent.cld.engine.set_params`) and returns rows, each
with the council's ``la_code`` (one set of rows per council in ``councils``). Each function
takes a DuckDB connection that already holds the clean ``events``, ``person_details`` and
``councils`` tables (``engine.build`` or ``engine.events_from_rows``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ascent.cld import engine

SQL_DIR = Path(__file__).resolve().parent / "sql"

STEP9_MARKER = "\n-- step 9: outputs\n"

LOCAL_FILES = (
    "local_requests.sql",
    "local_assessments.sql",
    "local_reviews.sql",
    "local_lts_snapshot.sql",
    "local_weekly_cost.sql",
)


def read_sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def sequels_2a_sql() -> str:
    """measure_2a.sql's chain of CTEs followed by measure_2a_sequels.sql's final query."""
    chain, marker, _outputs = read_sql("measure_2a.sql").partition(STEP9_MARKER)
    if not marker:
        raise ValueError(f"measure_2a.sql has lost its {STEP9_MARKER!r} line")
    return chain + "\n" + read_sql("measure_2a_sequels.sql")


def _rows(con, sql: str, period_start: dt.date, period_end: dt.date) -> list[dict]:
    engine.set_params(con, period_start, period_end)
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def run_2a(con, period_start: dt.date, period_end: dt.date) -> list[dict]:
    """2A by council and age group: la_code, measure, grp, numerator, denominator, outcome."""
    return _rows(con, read_sql("measure_2a.sql"), period_start, period_end)


def run_2a_sequels(con, period_start: dt.date, period_end: dt.date) -> list[dict]:
    """2A episodes by final sequel (see measure_2a_sequels.sql for the columns)."""
    return _rows(con, sequels_2a_sql(), period_start, period_end)


def run_local(con, period_start: dt.date, period_end: dt.date, files=LOCAL_FILES) -> list[dict]:
    """Every local measure: la_code, measure, grp, numerator, denominator, outcome (see each file's header)."""
    rows: list[dict] = []
    for name in files:
        rows.extend(_rows(con, read_sql(name), period_start, period_end))
    return rows
