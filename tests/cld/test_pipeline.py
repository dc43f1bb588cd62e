"""The §6 pipeline (reference client-level-data.md §6.1–6.6) on tiny stored extracts.

Every test writes Parquet files shaped like the loader's (text columns, record_id, extract_id)
and goes through ``load_extracts`` and ``build``, so the cleaning step sees raw values — R1
spellings, odd case and spaces, blanks — as a council's file has them.
"""

from __future__ import annotations

from datetime import date

import pytest

from ascent.cld import engine
from tests.cld.cases import YEAR_END, YEAR_START, write_extract


def fillers(first: date, months: int, *, per_month: int = 1, person: str = "FILL"):
    """Completed requests ending on the 15th of each month, so an extract's derived period
    (§6.1) is exactly those months."""
    rows = []
    for offset in range(months):
        year = first.year + (first.month - 1 + offset) // 12
        month = (first.month - 1 + offset) % 12 + 1
        day = f"15/{month:02d}/{year}"
        for _ in range(per_month):
            rows.append(
                {
                    "la_person_unique_identifier": person,
                    "event_type": "Request",
                    "event_start_date": day,
                    "event_end_date": day,
                    "event_outcome": "NFA: Information and advice or signposting",
                }
            )
    return rows


def build(tmp_path, *extracts, period=(YEAR_START, YEAR_END)):
    """Load extracts (lists of rows, oldest first) and build; returns the connection."""
    stored = []
    for number, rows in enumerate(extracts, start=1):
        path = write_extract(tmp_path / f"extract{number}.parquet", rows, extract_id=100 + number)
        stored.append((100 + number, path))
    con = engine.connect()
    engine.load_extracts(con, stored)
    engine.build(con, *period)
    return con


def rows_of(con, sql, params=None):
    cursor = con.execute(sql, params or [])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_derived_period_drops_thin_months_in_a_large_file(tmp_path):
    """§6.1. 120 requests end in Apr 2024 – Mar 2025 (10 a month), one ends in Feb 2024 and one in
    June 2025 (after the stated end, so ignored). Dated events = 121; Feb 2024 holds 1/121 = 0.8%
    (< 2%) → not counted. The file has one event type, so a month needs 1 − 1 = 0 types.
    Derived period: 1 Apr 2024 – 31 Mar 2025; not a small file."""
    rows = fillers(date(2024, 4, 1), 12, per_month=10)
    rows += fillers(date(2024, 2, 1), 1) + fillers(date(2025, 6, 1), 1)
    con = build(tmp_path, rows)
    [period] = rows_of(con, "SELECT * FROM extract_periods")
    assert (period["period_start"], period["period_end"]) == (date(2024, 4, 1), date(2025, 3, 31))
    assert period["dated_events"] == 121
    assert period["small_file_rule"] is False
    assert period["period_source"] == "derived"


def test_derived_period_is_narrower_than_the_stated_one(tmp_path):
    """§6.1 step 5. Stated 1 Apr 2024 – 31 Mar 2025, but 10 requests a month only from July 2024 to
    March 2025 (90 events: a small file, so every month with events counts, flagged).
    Derived: 1 Jul 2024 – 31 Mar 2025."""
    con = build(tmp_path, fillers(date(2024, 7, 1), 9, per_month=10))
    [period] = rows_of(con, "SELECT * FROM extract_periods")
    assert (period["period_start"], period["period_end"]) == (date(2024, 7, 1), date(2025, 3, 31))
    assert period["small_file_rule"] is True


def test_latest_loaded_extract_covering_each_quarter_is_chosen(tmp_path):
    """§6.2. Extract 101 covers Apr 2024 – Mar 2025; extract 102, loaded later, Jul 2024 – Jun 2025.
    Apr–Jun 2024: only 101 covers it. Jul 2024 – Jun 2025: 102 (latest loaded). The single
    submission is 102 over its own period."""
    first = fillers(date(2024, 4, 1), 12)
    stated = {"reporting_period_start_date": "01/07/2024", "reporting_period_end_date": "30/06/2025"}
    second = [{**row, **stated} for row in fillers(date(2024, 7, 1), 12)]
    con = build(tmp_path, first, second)
    chosen = rows_of(con, "SELECT quarter_start, extract_id, partial FROM quarter_extracts ORDER BY quarter_no")
    assert [(q["quarter_start"], q["extract_id"]) for q in chosen] == [
        (date(2024, 4, 1), 101),
        (date(2024, 7, 1), 102),
        (date(2024, 10, 1), 102),
        (date(2025, 1, 1), 102),
        (date(2025, 4, 1), 102),
    ]
    assert not any(q["partial"] for q in chosen)
    assert rows_of(con, "SELECT extract_id, period_start, period_end FROM single_extract") == [
        {"extract_id": 102, "period_start": date(2024, 7, 1), "period_end": date(2025, 6, 30)}
    ]


def test_release_1_values_odd_spelling_and_blanks_are_cleaned(tmp_path):
    """§6.4 step 1. Raw → clean (R2):
    'Service User' → 'Service user'; ' long term support: NURSING care ' → 'Long term support:
    Nursing care' (case and spaces ignored); 'NFA - Self-funded client (Inc. 12wk disregard)' →
    'NFA: Self-funded client or under 12wk disregard', rank 9; 'Tenant' (R1) → 'Tenant: Local
    authority or other social housing provider'; 'Banana' outcome → 'Invalid and not mapped',
    rank 999; a blank component stays blank (NULL); a date written 2024-05-01 reads too."""
    rows = fillers(date(2024, 4, 1), 12) + [
        {
            "nhs_number": "111 222 3333",
            "client_type": "Service User",
            "event_type": "Service",
            "event_start_date": "01/05/2024",
            "service_type": " long term support: NURSING care ",
            "service_component": "",
            "event_outcome": "NFA - Self-funded client (Inc. 12wk disregard)",
            "accommodation_status": "Tenant",
        },
        {
            "nhs_number": "4445556666",
            "event_type": "service",
            "event_start_date": "2024-05-01",
            "service_type": "Long Term Support: Community",
            "event_outcome": "Banana",
        },
    ]
    con = build(tmp_path, rows)
    found = rows_of(
        con,
        "SELECT person_id, client_type, event_type, event_start, service_type, service_component, event_outcome,"
        " outcome_rank, accommodation FROM events WHERE event_type = 'Service' ORDER BY person_id",
    )
    assert found == [
        {
            "person_id": "1112223333",
            "client_type": "Service user",
            "event_type": "Service",
            "event_start": date(2024, 5, 1),
            "service_type": "Long term support: Nursing care",
            "service_component": None,
            "event_outcome": "NFA: Self-funded client or under 12wk disregard",
            "outcome_rank": 9,
            "accommodation": "Tenant: Local authority or other social housing provider",
        },
        {
            "person_id": "4445556666",
            "client_type": "Service user",
            "event_type": "Service",
            "event_start": date(2024, 5, 1),
            "service_type": "Long term support: Community",
            "service_component": None,
            "event_outcome": "Invalid and not mapped",
            "outcome_rank": 999,
            "accommodation": "Owner occupier or shared ownership scheme",
        },
    ]


def test_combined_person_id(tmp_path):
    """§6.4 step 2 (with our §6.7 stand-in for tracing). Rows:
    LA ID P1 with NHS 111 222 3333 → '1112223333'; LA ID P1 without NHS → back-filled to
    '1112223333' (P1 carries one NHS number elsewhere); LA ID P2 only → 'E09000015_P2';
    no ID at all → dropped. So 3 service rows, 2 people."""
    services = [
        {"nhs_number": "111 222 3333", "la_person_unique_identifier": "P1", "event_start_date": "01/05/2024"},
        {"la_person_unique_identifier": "P1", "event_start_date": "01/06/2024"},
        {"la_person_unique_identifier": "P2", "event_start_date": "01/05/2024"},
        {"event_start_date": "01/05/2024"},
    ]
    for row in services:
        row.update(event_type="Service", service_type="Long term support: Community")
    con = build(tmp_path, fillers(date(2024, 4, 1), 12) + services)
    ids = rows_of(con, "SELECT person_id, event_start FROM events WHERE event_type = 'Service' ORDER BY ALL")
    assert ids == [
        {"person_id": "1112223333", "event_start": date(2024, 5, 1)},
        {"person_id": "1112223333", "event_start": date(2024, 6, 1)},
        {"person_id": "E09000015_P2", "event_start": date(2024, 5, 1)},
    ]


def test_deaths_end_events_and_drop_later_ones(tmp_path):
    """§6.3. D1 died 10 Aug 2024: their open service (from 1 May 2024) gets a derived end of
    10 Aug 2024 (recorded end stays blank); their request starting 1 Sep 2024 (after death) is
    dropped. D2 died 1 Mar 2024, before the whole span: their service is dropped everywhere."""
    rows = fillers(date(2024, 4, 1), 12) + [
        {
            "la_person_unique_identifier": "D1",
            "date_of_death": "10/08/2024",
            "event_type": "Service",
            "event_start_date": "01/05/2024",
            "service_type": "Long term support: Community",
        },
        {
            "la_person_unique_identifier": "D1",
            "date_of_death": "10/08/2024",
            "event_type": "Request",
            "event_start_date": "01/09/2024",
            "event_end_date": "02/09/2024",
        },
        {
            "la_person_unique_identifier": "D2",
            "date_of_death": "01/03/2024",
            "event_type": "Service",
            "event_start_date": "01/05/2024",
            "service_type": "Long term support: Community",
        },
    ]
    con = build(tmp_path, rows)
    found = rows_of(
        con, "SELECT person_id, event_type, event_end, recorded_end FROM events WHERE person_id LIKE '%_D%'"
    )
    assert found == [
        {"person_id": "E09000015_D1", "event_type": "Service", "event_end": date(2024, 8, 10), "recorded_end": None}
    ]


def test_duplicates_keep_one_row_by_dhsc_tie_breaks(tmp_path):
    """§6.5. Person X:
    - the same request three times: twice with 'Progress to assessment' (rank 2), once with 'NFA -
      Deceased' (rank 13) → one request, the rank-2 outcome; of the two rank-2 rows the later
      record wins (its description says 'second');
    - the same service (type, component, start) twice, once ended 30 Jun 2024 and once open →
      one service, the open one;
    - a service of a different component, same start → a separate event.
    So X has 3 events."""
    request = {
        "la_person_unique_identifier": "X",
        "event_type": "Request",
        "event_start_date": "01/05/2024",
        "event_end_date": "03/05/2024",
        "request_route_of_access": "Community / Other route",
    }
    care = {
        "la_person_unique_identifier": "X",
        "event_type": "Service",
        "event_start_date": "01/05/2024",
        "service_type": "Long term support: Community",
        "service_component": "Home support or domiciliary care",
    }
    rows = fillers(date(2024, 4, 1), 12) + [
        {**request, "event_outcome": "NFA - Deceased"},
        {**request, "event_outcome": "Progress to Assessment", "event_description": "first"},
        {**request, "event_outcome": "Progress to Assessment", "event_description": "second"},
        {**care, "event_end_date": "30/06/2024"},
        care,
        {**care, "service_component": "Day support"},
    ]
    con = build(tmp_path, rows)
    found = rows_of(
        con,
        "SELECT event_type, service_component, event_end, event_outcome, event_description FROM events"
        " WHERE person_id = 'E09000015_X' ORDER BY event_type, service_component",
    )
    assert found == [
        {
            "event_type": "Request",
            "service_component": None,
            "event_end": date(2024, 5, 3),
            "event_outcome": "Progress to assessment, review or reassessment",
            "event_description": "second",
        },
        {
            "event_type": "Service",
            "service_component": "Day support",
            "event_end": None,
            "event_outcome": None,
            "event_description": None,
        },
        {
            "event_type": "Service",
            "service_component": "Home support or domiciliary care",
            "event_end": None,
            "event_outcome": None,
            "event_description": None,
        },
    ]


def test_open_services_missing_from_the_next_quarter_are_cropped(tmp_path):
    """§6.4 step 5. Extract 101 covers Apr – Sep 2024; extract 102 (loaded later) Jul – Dec 2024.
    Quarters: Apr–Jun ← 101, Jul–Sep ← 102, Oct–Dec ← 102 (the last quarter).
    S1 is open in 101 only: its Apr–Jun copy is not in the Jul–Sep rows → end cropped to 30 Jun
    2024. S2 is open in both: kept open (its latest copy is from the last quarter, never cropped)."""
    s1 = {
        "la_person_unique_identifier": "S1",
        "event_type": "Service",
        "event_start_date": "01/05/2024",
        "service_type": "Long term support: Community",
    }
    s2 = {**s1, "la_person_unique_identifier": "S2"}
    con = build(tmp_path, fillers(date(2024, 4, 1), 6) + [s1, s2], fillers(date(2024, 7, 1), 6) + [s2])
    found = rows_of(
        con,
        "SELECT person_id, event_end, end_cropped, extract_id, ref_period_end FROM events"
        " WHERE event_type = 'Service' ORDER BY person_id",
    )
    assert found == [
        {
            "person_id": "E09000015_S1",
            "event_end": date(2024, 6, 30),
            "end_cropped": True,
            "extract_id": 101,
            "ref_period_end": date(2024, 6, 30),
        },
        {
            "person_id": "E09000015_S2",
            "event_end": None,
            "end_cropped": False,
            "extract_id": 102,
            "ref_period_end": date(2024, 12, 31),
        },
    ]


def test_person_details_latest_known_with_fallback_and_carer_override(tmp_path):
    """§6.6. U1: accommodation 'Tenant - private landlord' (R1) on an older closed service and
    'Unknown' on the later open one → known first → 'Tenant: Private landlord', settled; has
    unpaid carer 'No' on every row, but carer C1 (R1 'Carer known by association', undated) names
    U1's LA ID as linked adult 1 → 'Yes'.
    U2: accommodation Unknown everywhere; latest service is long-term residential → inferred
    'Registered care home', not settled."""
    u1 = {
        "la_person_unique_identifier": "U1",
        "event_type": "Service",
        "service_type": "Long term support: Community",
        "has_unpaid_carer": "No",
    }
    rows = fillers(date(2024, 4, 1), 12) + [
        {
            **u1,
            "event_start_date": "01/01/2024",
            "event_end_date": "30/06/2024",
            "accommodation_status": "Tenant - private landlord",
        },
        {**u1, "event_start_date": "01/07/2024", "accommodation_status": "Unknown"},
        {
            "la_person_unique_identifier": "U2",
            "event_type": "Service",
            "event_start_date": "01/07/2024",
            "service_type": "Long Term Support: Residential Care",
            "accommodation_status": "Unknown",
        },
        {
            "la_person_unique_identifier": "C1",
            "client_type": "Carer known by association",
            "adult_1_linked_person_id": "U1",
        },
    ]
    con = build(tmp_path, rows)
    found = rows_of(
        con,
        "SELECT person_id, accommodation, accommodation_inferred, settled, has_unpaid_carer FROM person_details"
        " WHERE person_id IN ('E09000015_U1', 'E09000015_U2') ORDER BY person_id",
    )
    assert found == [
        {
            "person_id": "E09000015_U1",
            "accommodation": "Tenant: Private landlord",
            "accommodation_inferred": False,
            "settled": True,
            "has_unpaid_carer": "Yes",
        },
        {
            "person_id": "E09000015_U2",
            "accommodation": "Registered care home",
            "accommodation_inferred": True,
            "settled": False,
            "has_unpaid_carer": "Unknown",
        },
    ]
    carer = rows_of(con, "SELECT client_type, event_type FROM events WHERE person_id = 'E09000015_C1'")
    assert carer == [{"client_type": "Unpaid carer known by association", "event_type": None}]


def test_measures_run_on_a_release_1_extract(tmp_path):
    """End to end on an R1 file, year 2024-25. R1 spellings throughout.
    - A: 'Long Term Support: Community', 'Direct Payment', accommodation 'Owner occupier…',
      born 1950 → 2E 65+ settled; 3D 1a/2a 65+ in both.
    - B: 'Long Term Support: Residential Care' with 'Long term residential care' from 1 Jun 2024,
      born 1945 → 2C admission (1 ÷ 50,000 × 100,000 = 2.0); 2E 65+ not settled (registered care
      home). Listed twice (a duplicate row): counted once.
    - C: 'Carer' with 'Carer Support: Direct to Carer', 'Direct Payment', born 1970 → 3D 1b/2b
      18 to 64.
    2E 65+: 1 of 2 = 50.0. 3D 1a 65+: 1/1. 3D 1b 18 to 64: 1/1. 2C: 2.0."""
    r1 = {"accommodation_status": "Owner occupier or shared ownership scheme"}
    a = {
        **r1,
        "la_person_unique_identifier": "A",
        "client_type": "Service User",
        "event_type": "Service",
        "event_start_date": "01/05/2024",
        "service_type": "Long Term Support: Community",
        "delivery_mechanism": "Direct Payment",
        "date_of_birth": "01/01/1950",
    }
    b = {
        "la_person_unique_identifier": "B",
        "client_type": "Service User",
        "event_type": "Service",
        "event_start_date": "01/06/2024",
        "service_type": "Long Term Support: Residential Care",
        "service_component": "Long term residential care",
        "accommodation_status": "Registered care home",
        "date_of_birth": "01/01/1945",
    }
    c = {
        "la_person_unique_identifier": "C",
        "client_type": "Carer",
        "event_type": "Service",
        "event_start_date": "01/05/2024",
        "event_end_date": "31/07/2024",
        "service_type": "Carer Support: Direct to Carer",
        "service_component": "Carer Respite",
        "delivery_mechanism": "Direct Payment",
        "date_of_birth": "01/01/1970",
    }
    con = build(tmp_path, fillers(date(2024, 4, 1), 12, person="FILL") + [a, b, b, c])
    results = engine.run_measures(
        con,
        YEAR_START,
        YEAR_END,
        population=[("E09000015", 2024, "18 to 64", 100_000), ("E09000015", 2024, "65 and above", 50_000)],
    )
    got = {(r["measure"], r["group"]): (r["numerator"], r["denominator"], r["outcome"]) for r in results}
    assert got[("2C", "65 and above")] == (1, 50_000, 2.0)
    assert got[("2E", "65 and above")] == (1, 2, 50.0)
    assert got[("3D 1a", "65 and above")] == (1, 1, 100.0)
    assert got[("3D 2a", "65 and above")] == (1, 1, 100.0)
    assert got[("3D 1b", "18 to 64")] == (1, 1, 100.0)
    assert got[("3D 2b", "18 to 64")] == (1, 1, 100.0)
    assert all(r["period_start"] == YEAR_START and r["period_end"] == YEAR_END for r in results)


def test_events_table_has_the_contract_columns(tmp_path):
    con = build(tmp_path, fillers(date(2024, 4, 1), 3))
    built = [(name, kind) for name, kind, *_ in con.execute("DESCRIBE events").fetchall()]
    assert built == list(engine.EVENT_COLUMNS)
    single = [(name, kind) for name, kind, *_ in con.execute("DESCRIBE events_single").fetchall()]
    assert single == list(engine.EVENT_COLUMNS)


def test_unknown_measure_is_refused():
    con = engine.connect()
    engine.events_from_rows(con, [])
    with pytest.raises(engine.EngineError, match="Unknown measure"):
        engine.run_measures(con, YEAR_START, YEAR_END, measures=["9Z"])


def test_an_extract_without_the_optional_columns_loads(tmp_path):
    """Names, GP practice and the impairment flags are optional in a file: an extract without them
    loads beside one that has them, and the missing columns read as blank."""
    full = write_extract(tmp_path / "full.parquet", fillers(date(2024, 4, 1), 12), extract_id=1)
    slim = tmp_path / "slim.parquet"
    con = engine.connect()
    con.execute(
        "CREATE TABLE slim AS SELECT * EXCLUDE (first_name, last_name, dementia) FROM read_parquet(?)", [str(full)]
    )
    con.execute("UPDATE slim SET extract_id = 2")
    con.execute(f"COPY slim TO '{slim}' (FORMAT parquet)")
    engine.load_extracts(con, [(1, full), (2, slim)])
    assert con.execute("SELECT count(*), count(first_name), count(DISTINCT extract_id) FROM raw").fetchone() == (
        24,
        0,
        2,
    )
    engine.build(con, YEAR_START, YEAR_END)
    assert con.execute("SELECT DISTINCT extract_id FROM quarter_extracts").fetchall() == [(2,)]


def test_build_summary_flags_small_files_and_partly_covered_quarters(tmp_path):
    """One extract with a request ending each month from May 2024 to March 2025 (11 dated events:
    a small file). Derived period 1 May 2024 – 31 Mar 2025, so April–June 2024 is only partly
    covered: the extract still serves it, flagged partial."""
    con = build(tmp_path, fillers(date(2024, 5, 1), 11))
    summary = engine.build_summary(con)
    [extract] = summary["extracts"]
    assert extract["small_file_rule"] is True
    assert (extract["period_start"], extract["period_end"]) == (date(2024, 5, 1), date(2025, 3, 31))
    assert [(q["quarter_start"], q["partial"]) for q in summary["quarters"]] == [
        (date(2024, 4, 1), True),
        (date(2024, 7, 1), False),
        (date(2024, 10, 1), False),
        (date(2025, 1, 1), False),
    ]
