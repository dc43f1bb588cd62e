"""Builders for helper C's measure tests (2A and the local measures).

``build(rows)`` makes the clean ``events`` table from hand-written dicts with the engine's own
``events_from_rows`` (unspecified columns take its defaults), then the engine's
``person_details`` for the period, and ``events_single`` as a copy of ``events`` (the cost
figures read the single-submission table; in these cases the two are the same rows).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from ascent.cld import engine

SQL = Path(__file__).resolve().parents[2] / "ascent" / "cld" / "sql"

LA = "E09000015"
START = dt.date(2024, 4, 1)
END = dt.date(2025, 3, 31)

ST_MAX = "Short term support: ST-Max"
LTS_COMMUNITY = "Long term support: Community"
LTS_RESIDENTIAL = "Long term support: Residential care"
LTS_NURSING = "Long term support: Nursing care"
LTS_PRISON = "Long term support: Prison"
ONGOING_LOW = "Short term support: Ongoing low level"
OTHER_SHORT = "Short term support: Other short term"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@functools.cache
def _connection():
    """One engine connection per test process (opening one loads every code list, which is the
    slow part); each build replaces all the tables the measures read."""
    return engine.connect()


def build(rows: list[dict], start: dt.date = START, end: dt.date = END):
    """A DuckDB connection holding ``events``, ``events_single`` and ``person_details``."""
    con = _connection()
    engine.events_from_rows(con, rows)
    engine.build_person_details(con, start, end)
    con.execute("create or replace table events_single as select * from events")
    return con


def run(con, name: str, start=START, end=END) -> list[dict]:
    """Run one SQL file of ascent/cld/sql for the period (the engine's ``params`` table); rows as dicts."""
    sql = (SQL / name).read_text()
    engine.set_params(con, start, end)
    cursor = con.execute(sql)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def by_group(rows: list[dict]) -> dict[str, tuple]:
    return {r["grp"]: (r["numerator"], r["denominator"], r["outcome"]) for r in rows}


# Row builders -------------------------------------------------------------------------------


def person(pid: str, born="1950-06-15", died=None) -> dict:
    return {"person_id": pid, "date_of_birth": d(born), "date_of_death": d(died) if died else None}


def service(who: dict, service_type: str, start: str, end: str | None, outcome=None, component=None, **extra):
    return {
        **who,
        "event_type": "Service",
        "service_type": service_type,
        "service_component": component,
        "event_start": d(start),
        "event_end": d(end) if end else None,
        "event_outcome": outcome,
        **extra,
    }


def event(who: dict, event_type: str, start: str, end: str | None, outcome=None, **extra):
    return {
        **who,
        "event_type": event_type,
        "event_start": d(start),
        "event_end": d(end) if end else None,
        "event_outcome": outcome,
        **extra,
    }


def stmax(who: dict, start: str, end: str | None, outcome="NFA: Support ended as planned", **extra):
    return service(who, ST_MAX, start, end, outcome, component="Reablement", **extra)
