"""The extract check's single-pass SQL: each check gives what the plain rule gives, on every row.

The check reads the file once and tries one date form per value, reads an NHS number's digits
once, and looks coded values up in literal lists; these tests hold those shortcuts to the plain
rules (both date forms tried in turn; the modulus 11 check digit worked out in Python).
"""

from __future__ import annotations

import duckdb
import pytest

from ascent.cld import codes, duck, validation
from tests.cld.extracts import NHS, NHS_2, person, write_csv

DATES = [
    "2024-05-01",
    "2024-02-29",
    "2023-02-29",
    "2024-13-01",
    "01/05/2024",
    "1/5/2024",
    "31/02/1940",
    "29/02/2024",
    "2024/05/01",
    "05-01-2024",
    "2024-5-1",
    "1 May 2024",
    "01/05/24",
    "2024-05-01 10:00",
    "2024-05-01/",
    "/",
    "",
    "not a date",
]


def test_one_date_form_per_value_reads_what_trying_each_form_in_turn_reads():
    con = duckdb.connect()
    con.execute("create table t (v varchar)")
    con.executemany("insert into t values (?)", [[value] for value in DATES])
    tries = ", ".join(f"try_strptime(v, '{form}')" for form in validation.DATE_FORMATS)
    rows = con.execute(f"select v, {validation._date('v')}, cast(coalesce({tries}) as date) from t").fetchall()

    assert len(rows) == len(DATES)
    for value, fast, plain in rows:
        assert fast == plain, value
    parsed = {value for value, fast, _ in rows if fast is not None}
    assert {"2024-05-01", "2024-02-29", "01/05/2024", "29/02/2024"} <= parsed
    assert not parsed & {"2023-02-29", "2024-13-01", "31/02/1940", "not a date", ""}


def _check_digit_ok(number: str) -> bool:
    digits = "".join(number.split())
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    return (11 - total % 11) % 11 == int(digits[9])


NHS_NUMBERS = [NHS, NHS_2, "943 476 5919", "943\t476\t5919", "9434765918", "4010232138", "1000000010", "0000000000"]


def test_the_check_digit_is_the_modulus_11_rule(tmp_path):
    """Numbers whose weighted sum leaves 1 have no valid check digit (it would be 10): always flagged."""
    rows = [person(la_person_unique_identifier=f"P{i}", nhs_number=n) for i, n in enumerate(NHS_NUMBERS)]
    con = duck.connect()

    report = validation.check_file(con, write_csv(tmp_path / "nhs.csv", rows), kind="csv")

    flagged = {
        row[0]
        for row in con.execute(
            "select value from problems where field = 'NHS Number' and reason like 'has a check digit%'"
        ).fetchall()
    }
    assert flagged == {n for n in NHS_NUMBERS if not _check_digit_ok(n)}
    assert flagged >= {"9434765918", "4010232138", "1000000010"}
    assert report.problem_count == len(flagged)


def _error_rows() -> dict[int, tuple[dict, str, bool]]:
    """Row number in the file (heading = 1) → (what makes it wrong, the field found, is a warning),
    spread over 10,000 rows."""
    kinds = [
        (997, {"gender": "female"}, "Gender", True),
        (1009, {"event_start_date": "2024-06-01", "event_end_date": "31/05/2024"}, "Event End Date", False),
        (1013, {"service_type": "Home care"}, "Service Type", False),
        (1019, {"nhs_number": "12345"}, "NHS Number", False),
        (1021, {"date_of_birth": "31/02/1940"}, "Date of Birth", False),
        (
            1031,
            {"event_type": "Request", "event_end_date": "2024-05-02", "request_route_of_access": ""},
            "Request: Route of Access",
            False,
        ),
    ]
    wrong = {}
    for n in range(2, 10_002):
        for every, overrides, field, warning in kinds:
            if n % every == 0:
                wrong[n] = (overrides, field, warning)
                break
    return wrong


def test_a_file_of_10000_rows_with_mixed_errors_finds_each_at_its_own_row(tmp_path):
    wrong = _error_rows()
    rows = [
        person(**{"la_person_unique_identifier": f"P{n}", "date_of_birth": "17/05/1940", **wrong.get(n, ({},))[0]})
        for n in range(2, 10_002)
    ]
    con = duck.connect()

    report = validation.check_file(con, write_csv(tmp_path / "big.csv", rows), kind="csv")

    assert report.rows == 10_000 and not report.is_fatal
    found = con.execute("select record_id + 1, field, is_warning from problems order by 1, 2").fetchall()
    assert found == [(n, field, warning) for n, (_, field, warning) in sorted(wrong.items())]
    # Every row is where the file has it: its person identifier names its row.
    misplaced = con.execute(
        "select count(*) from staged where la_person_unique_identifier <> 'P' || (record_id + 1)"
    ).fetchone()[0]
    assert misplaced == 0
    count = {field: sum(1 for _, f, _ in wrong.values() if f == field) for field in ("Gender", "Date of Birth")}
    assert report.by_field["Gender"] == count["Gender"]
    assert report.error_count == len(wrong) - count["Gender"]
    assert report.release == "R2"
    # 2E reads long-term services' dates of birth; 3D reads every service's type and date of birth.
    assert report.usable["2E"]["with_problems"] == count["Date of Birth"]
    types = sum(1 for _, f, _ in wrong.values() if f == "Service Type")
    assert report.usable["3D"]["with_problems"] == count["Date of Birth"] + types


@pytest.mark.parametrize("code_list", ["gender", "service_type", "event_outcome"])
def test_every_listed_value_passes_and_other_capitals_are_warnings(tmp_path, code_list):
    field = next(f for f in codes.FIELDS if f.code_list == code_list)
    values = list(dict.fromkeys([*codes.CODE_LISTS[code_list].r2, *codes.CODE_LISTS[code_list].r1]))
    rows = [person(la_person_unique_identifier=f"P{i}", **{field.column: v}) for i, v in enumerate(values)]
    rows += [person(la_person_unique_identifier="Q1", **{field.column: values[0].upper() + " "})]
    rows += [person(la_person_unique_identifier="Q2", **{field.column: "Not a listed value"})]
    con = duck.connect()

    validation.check_file(con, write_csv(tmp_path / "codes.csv", rows), kind="csv")

    found = con.execute("select value, is_warning from problems where field = ? order by 1", [field.heading]).fetchall()
    assert found == sorted([(values[0].upper(), True), ("Not a listed value", False)])
