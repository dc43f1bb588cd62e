"""Builders for helper C's measure tests (2A and the local measures).

``build(con, rows)`` makes the clean ``events`` table with exactly the contract's columns from
hand-written dicts (unspecified columns get plain defaults), then a ``person_details`` table
(one row per council and person: proxy date of birth and date of death), which is all these
measures read from it. When the engine's ``events_from_rows`` exists it is used instead, so the
tests run on the engine's own table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ascent.cld import codes, duck

SQL = Path(__file__).resolve().parents[2] / "ascent" / "cld" / "sql"

EVENT_COLUMNS = {
    "extract_id": "BIGINT",
    "record_id": "BIGINT",
    "row_key": "BIGINT",
    "la_code": "VARCHAR",
    "person_id": "VARCHAR",
    "la_person_id": "VARCHAR",
    "client_type": "VARCHAR",
    "event_type": "VARCHAR",
    "event_start": "DATE",
    "event_end": "DATE",
    "recorded_end": "DATE",
    "date_of_birth": "DATE",
    "proxy_dob": "DATE",
    "date_of_death": "DATE",
    "gender": "VARCHAR",
    "ethnicity": "VARCHAR",
    "ethnicity_group": "VARCHAR",
    "psr": "VARCHAR",
    "accommodation": "VARCHAR",
    "employment": "VARCHAR",
    "funding_status": "VARCHAR",
    "event_outcome": "VARCHAR",
    "outcome_rank": "INTEGER",
    "route_of_access": "VARCHAR",
    "assessment_type": "VARCHAR",
    "service_type": "VARCHAR",
    "service_component": "VARCHAR",
    "delivery_mechanism": "VARCHAR",
    "review_reason": "VARCHAR",
    "unit_cost": "DECIMAL(18,2)",
    "cost_frequency": "VARCHAR",
    "planned_units_per_week": "DECIMAL(18,2)",
    "linked_person_1": "VARCHAR",
    "linked_person_2": "VARCHAR",
    "linked_person_3": "VARCHAR",
    "event_description": "VARCHAR",
}

LA = "E09000015"
START = dt.date(2024, 4, 1)
END = dt.date(2025, 3, 31)

ST_MAX = "Short term support: ST-Max"
LTS_COMMUNITY = "Long term support: Community"
LTS_RESIDENTIAL = "Long term support: Residential care"
LTS_NURSING = "Long term support: Nursing care"
ONGOING_LOW = "Short term support: Ongoing low level"
OTHER_SHORT = "Short term support: Other short term"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _proxy(dob):
    return dob.replace(day=1) if dob else None


def complete(rows: list[dict]) -> list[dict]:
    """Every contract column for each row, with the derived ones filled in as the engine would."""
    out = []
    for i, row in enumerate(rows, start=1):
        full = dict.fromkeys(EVENT_COLUMNS)
        full.update({"extract_id": 1, "record_id": i, "row_key": i, "la_code": LA, "client_type": "Service user"})
        full.update(row)
        full["la_person_id"] = full["la_person_id"] or full["person_id"]
        if full["event_end"] is None and "event_end" not in row:
            full["event_end"] = full["recorded_end"]
        if "recorded_end" not in row:
            full["recorded_end"] = full["event_end"]
        if "proxy_dob" not in row:
            full["proxy_dob"] = _proxy(full["date_of_birth"])
        if "outcome_rank" not in row:
            full["outcome_rank"] = codes.OUTCOME_RANK.get(full["event_outcome"], codes.UNKNOWN_RANK)
        out.append(full)
    return out


def build(rows: list[dict], con=None):
    """A DuckDB connection holding ``events`` (and ``person_details``) made from ``rows``."""
    con = con or duck.connect()
    full = complete(rows)
    columns = ", ".join(f"{name} {kind}" for name, kind in EVENT_COLUMNS.items())
    con.execute(f"create or replace table events ({columns})")
    if full:
        placeholders = ", ".join("?" for _ in EVENT_COLUMNS)
        con.executemany(
            f"insert into events values ({placeholders})",  # noqa: S608 (placeholders only)
            [[row[name] for name in EVENT_COLUMNS] for row in full],
        )
    con.execute(
        """
        create or replace table person_details as
        select la_code, person_id,
               min(proxy_dob) as proxy_dob,
               max(date_of_death) as date_of_death
        from events
        group by la_code, person_id
        """
    )
    return con


def run(con, name: str, start=START, end=END) -> list[dict]:
    """Run one SQL file of ascent/cld/sql with the period bound; rows as dicts."""
    sql = (SQL / name).read_text()
    cursor = con.execute(sql, {"period_start": start, "period_end": end})
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
