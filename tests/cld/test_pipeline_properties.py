"""Property tests through the whole pipeline: shuffling an extract's rows, or repeating one of
them, leaves every measure unchanged (reference §6.5: duplicates collapse to one event, and the
row-order tie-break only chooses between rows that agree on what the measures read)."""

from __future__ import annotations

import tempfile
from datetime import date
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ascent.cld import engine
from tests.cld.cases import LA, YEAR_END, YEAR_START, write_extract
from tests.cld.test_pipeline import fillers

POPULATION = [(LA, 2024, "18 to 64", 100_000), (LA, 2024, "65 and above", 50_000)]


def extract_rows():
    """A small R1/R2 mix: community and residential services (one split into two contiguous
    rows, one repeated), a carer, a request sent twice, a death during the year."""
    community = {
        "la_person_unique_identifier": "A",
        "client_type": "Service User",
        "event_type": "Service",
        "service_type": "Long Term Support: Community",
        "service_component": "Home Support",
        "delivery_mechanism": "Direct Payment",
        "date_of_birth": "01/01/1950",
    }
    residential = {
        "la_person_unique_identifier": "B",
        "event_type": "Service",
        "event_start_date": "01/06/2024",
        "service_type": "Long term support: Residential care",
        "service_component": "Long term residential care",
        "accommodation_status": "Registered care home",
        "date_of_birth": "01/01/1945",
    }
    return fillers(date(2024, 4, 1), 12) + [
        {**community, "event_start_date": "01/03/2024", "event_end_date": "31/08/2024"},
        {**community, "event_start_date": "01/09/2024"},
        residential,
        residential,
        {
            "la_person_unique_identifier": "C",
            "client_type": "Carer",
            "event_type": "Service",
            "event_start_date": "01/05/2024",
            "event_end_date": "31/07/2024",
            "service_type": "Carer Support: Direct to Carer",
            "service_component": "Carer Respite",
            "delivery_mechanism": "CASSR Managed Personal Budget",
            "date_of_birth": "01/01/1970",
        },
        {
            "la_person_unique_identifier": "D",
            "event_type": "Service",
            "event_start_date": "01/05/2024",
            "service_type": "Long Term Support: Community",
            "delivery_mechanism": "CASSR Commissioned Support",
            "date_of_birth": "01/01/1980",
            "date_of_death": "01/12/2024",
        },
        {
            "la_person_unique_identifier": "E",
            "event_type": "Request",
            "event_start_date": "01/05/2024",
            "event_end_date": "02/05/2024",
            "event_outcome": "Progress to Assessment",
        },
        {
            "la_person_unique_identifier": "E",
            "event_type": "Request",
            "event_start_date": "01/05/2024",
            "event_end_date": "02/05/2024",
            "event_outcome": "Progress to Assessment",
        },
    ]


ROWS = extract_rows()


def measures_of(rows, folder):
    path = write_extract(folder / "extract.parquet", rows, extract_id=1)
    con = engine.connect()
    engine.load_extracts(con, [(1, path)])
    engine.build(con, YEAR_START, YEAR_END)
    results = engine.run_measures(con, YEAR_START, YEAR_END, population=POPULATION)
    return {(r["measure"], r["group"]): (r["numerator"], r["denominator"], r["outcome"]) for r in results}


@cache
def expected():
    with tempfile.TemporaryDirectory() as folder:
        return measures_of(ROWS, Path(folder))


def test_the_extract_gives_figures_worth_checking(tmp_path):
    """2C: B is a new admission at 79 → 1 ÷ 50,000 × 100,000 = 2.0. 3D 2a 65+: A has a direct
    payment → 1/1. 3D 1b 18 to 64: C, managed budget → 1/1. 2E Total: A and D owner occupiers
    (settled; D died in December, during the year), B in a registered care home → 2 of 3 = 66.7."""
    results = measures_of(ROWS, tmp_path)
    assert results[("2C", "65 and above")] == (1, 50_000, 2.0)
    assert results[("3D 2a", "65 and above")] == (1, 1, 100.0)
    assert results[("3D 1b", "18 to 64")] == (1, 1, 100.0)
    assert results[("2E", "Total")] == (2, 3, 66.7)


@settings(max_examples=10, deadline=None)
@given(st.permutations(ROWS))
def test_shuffling_an_extract_changes_nothing(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("shuffled")
    assert measures_of(rows, folder) == expected()


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=len(ROWS) - 1))
def test_repeating_a_row_of_an_extract_changes_nothing(tmp_path_factory, position):
    rows = list(ROWS)
    rows.insert(position, dict(ROWS[position]))
    folder = tmp_path_factory.mktemp("repeated")
    assert measures_of(rows, folder) == expected()
