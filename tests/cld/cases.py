"""Builders for the engine's tests: tiny stored extracts and clean event rows, written by hand.

``write_extract`` makes a Parquet file shaped like a stored extract (every spec column as text,
plus ``record_id`` and ``extract_id``) from a few dicts, so pipeline tests go through
:func:`ascent.cld.engine.load_extracts` and the cleaning step like real data. The other helpers
give readable defaults for the clean ``events`` rows that measure tests hand to
:func:`ascent.cld.engine.events_from_rows`.
"""

from __future__ import annotations

from datetime import date

import duckdb

from ascent.cld import codes, engine

LA = "E09000015"
YEAR_START = date(2024, 4, 1)
YEAR_END = date(2025, 3, 31)

NURSING = "Long term support: Nursing care"
RESIDENTIAL = "Long term support: Residential care"
COMMUNITY = "Long term support: Community"
PRISON = "Long term support: Prison"
ST_MAX = "Short term support: ST-Max"
DIRECT_TO_CARER = "Unpaid carer support: Direct to unpaid carer"
INVOLVING_CARED_FOR = "Unpaid carer support: Support involving the person cared-for"
DP = "Direct payment"
MANAGED = "CASSR managed personal budget"
COMMISSIONED = "CASSR commissioned support"
SELF_FUNDED = "NFA: Self-funded client or under 12wk disregard"
INFO_ADVICE = "NFA: Information and advice or signposting"

# A stored extract's defaults: one council, a Release 2 file for 2024-25.
EXTRACT_DEFAULTS = {
    "la_code": LA,
    "reporting_period_start_date": "01/04/2024",
    "reporting_period_end_date": "31/03/2025",
    "client_type": "Service user",
    "gender": "Female",
    "ethnicity": "White: English, Welsh, Scottish, Northern Irish or British",
    "date_of_birth": "15/06/1950",
    "primary_support_reason": "Physical support: Personal care support",
    "accommodation_status": "Owner occupier or shared ownership scheme",
}


def write_extract(path, rows, *, extract_id=1, defaults=None):
    """Write ``rows`` (dicts of spec column → text) as a stored extract at ``path``.

    Columns missing from a row take ``EXTRACT_DEFAULTS`` (or ``defaults``), the rest are blank.
    ``record_id`` is the row's 1-based position, as the loader numbers rows.
    """
    base = EXTRACT_DEFAULTS if defaults is None else defaults
    con = duckdb.connect()
    columns = list(codes.COLUMNS)
    column_sql = ", ".join(f"{name} VARCHAR" for name in columns)
    con.execute(f"CREATE TABLE extract ({column_sql}, record_id BIGINT, extract_id BIGINT)")
    marks = ", ".join("?" for _ in range(len(columns) + 2))
    values = []
    for position, row in enumerate(rows, start=1):
        merged = {**base, **row}
        values.append([merged.get(name) for name in columns] + [position, extract_id])
    con.executemany(f"INSERT INTO extract VALUES ({marks})", values)
    con.execute("COPY extract TO ? (FORMAT parquet)", [str(path)])
    con.close()
    return path


def service(person_id, start, end=None, **fields):
    """A clean service-user service row (for ``events_from_rows``)."""
    return {"person_id": person_id, "event_type": "Service", "event_start": start, "event_end": end, **fields}


def event(person_id, event_type, start, end, **fields):
    """A clean non-service row (request, assessment or review)."""
    return {"person_id": person_id, "event_type": event_type, "event_start": start, "event_end": end, **fields}


def run(rows, *, measures, population=None, period=(YEAR_START, YEAR_END)):
    """Measures over hand-built clean rows → {(measure, group): (numerator, denominator, outcome)}."""
    con = engine.connect()
    engine.events_from_rows(con, rows)
    results = engine.run_measures(con, period[0], period[1], measures=measures, population=population)
    return {(r["measure"], r["group"]): (r["numerator"], r["denominator"], r["outcome"]) for r in results}
