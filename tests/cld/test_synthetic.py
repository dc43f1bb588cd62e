"""The synthetic CLD generator: deterministic, in the spec's shape, believable, spoilt on request."""

from __future__ import annotations

import contextlib
import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from ascent.cld import codes, synthetic

END = date(2026, 9, 30)


def _options(**changes) -> synthetic.Options:
    settings = {"gss_code": "E09000015", "people": 400, "years": 2, "seed": 7, "end": END}
    settings.update(changes)
    return synthetic.Options(**settings)


def _write(tmp_path: Path, name: str = "extract.csv", fmt: str = "csv", **changes) -> Path:
    path = tmp_path / name
    synthetic.write(_options(**changes), path, fmt)
    return path


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], [dict(zip(codes.COLUMNS, row, strict=True)) for row in rows[1:]]


def _date(text: str) -> date:
    """A DD/MM/YYYY date, or ValueError."""
    if not re.fullmatch(r"\d\d/\d\d/\d{4}", text):
        raise ValueError(text)
    return date(int(text[6:]), int(text[3:5]), int(text[:2]))


@pytest.fixture(scope="module")
def extract(tmp_path_factory) -> list[dict]:
    """A clean two-year R2 extract of 2,000 people's journeys, shared by the journey tests."""
    path = tmp_path_factory.mktemp("cld") / "clean.csv"
    synthetic.write(_options(people=2000), path)
    return _read(path)[1]


def test_the_same_seed_gives_the_same_file_and_another_seed_another(tmp_path):
    first = _write(tmp_path, "a.csv", error_rate=0.05, duplicate_rate=0.02)
    again = _write(tmp_path, "b.csv", error_rate=0.05, duplicate_rate=0.02)
    other = _write(tmp_path, "c.csv", seed=8, error_rate=0.05, duplicate_rate=0.02)
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_the_header_is_the_spec_headings(tmp_path):
    header, rows = _read(_write(tmp_path))
    assert header == list(codes.HEADINGS)
    assert rows and all(row["la_code"] == "9015" for row in rows)
    assert {row["reporting_period_start_date"] for row in rows} == {"01/10/2024"}
    assert {row["reporting_period_end_date"] for row in rows} == {"30/09/2026"}


@pytest.mark.parametrize("release", ["R1", "R2"])
def test_each_release_uses_its_own_spellings(tmp_path, release):
    _, rows = _read(_write(tmp_path, release=release, people=800))
    seen: Counter = Counter()
    for row in rows:
        for field in codes.FIELDS:
            value = row[field.column]
            if field.code_list and value:
                cl = codes.CODE_LISTS[field.code_list]
                assert value in (cl.r1 if release == "R1" else cl.r2), (field.column, value)
                seen[value] += 1
    if release == "R1":
        assert seen["Service User"] and seen["Long Term Support: Community"] and seen["Provision of service"]
        assert not seen["Service user"] and not seen["Continuation of support or services"]
    else:
        assert seen["Service user"] and seen["Long term support: Community"]
        assert seen["Continuation of support or services"] and not seen["Provision of service"]


def test_with_no_errors_every_value_is_valid(extract):
    for row in extract:
        for field in codes.FIELDS:
            value = row[field.column]
            if field.code_list and value:
                assert codes.clean(field.code_list, value) == value, (field.column, value)
            if field.kind == "date" and value:
                _date(value)
            if field.kind == "decimal" and value:
                float(value)
        assert synthetic.nhs_number_is_valid(row["nhs_number"])
        assert row["postcode"].startswith("Q")
        if row["event_end_date"]:
            assert _date(row["event_end_date"]) >= _date(row["event_start_date"])
        if row["date_of_death"] and row["event_start_date"]:
            assert _date(row["event_start_date"]) <= _date(row["date_of_death"])
            if row["event_type"] == "Service":
                assert row["event_end_date"], "a service of someone who has died has ended"
        assert row["first_name"] == "Synthetic" and row["last_name"].startswith("Person ")


def test_rows_follow_the_extract_rules(extract):
    """Completed requests, assessments and reviews end in the period; services are active in it."""
    start, end = date(2024, 10, 1), END
    for row in extract:
        kind = row["event_type"]
        if kind in ("Request", "Assessment", "Review"):
            assert start <= _date(row["event_end_date"]) <= end
        elif kind == "Service":
            assert _date(row["event_start_date"]) <= end
            assert not row["event_end_date"] or _date(row["event_end_date"]) >= start
            if not row["event_end_date"]:
                assert row["event_outcome"] == "Continuation of support or services"
        birth = _date(row["date_of_birth"])
        age_at_end = (end - birth).days / 365.25
        assert 18 <= age_at_end < 101


def test_journeys_hold_every_kind_of_event(extract):
    kinds = Counter((row["client_type"], row["event_type"]) for row in extract)
    for event_type in ("Request", "Assessment", "Service", "Review"):
        assert kinds[("Service user", event_type)] > 0
        assert kinds[("Unpaid carer", event_type)] > 0
    types = Counter(row["service_type"] for row in extract if row["event_type"] == "Service")
    for service_type in codes.SETTING_RANK:
        if service_type != "Long term support: Prison":
            assert types[service_type] > 0, service_type
    assert types["Unpaid carer support: Direct to unpaid carer"] > 0
    assessments = Counter(row["assessment_type"] for row in extract if row["event_type"] == "Assessment")
    assert assessments["Long term assessment"] and assessments["Short term assessment"]
    assert assessments["Financial assessment"]
    reasons = Counter(row["review_reason"] for row in extract if row["event_type"] == "Review")
    assert reasons["Planned"] and reasons["Unplanned"]
    mechanisms = Counter(row["delivery_mechanism"] for row in extract if row["event_type"] == "Service")
    assert all(mechanisms[m] for m in codes.DELIVERY_MECHANISM.r2)
    routes = Counter(row["request_route_of_access"] for row in extract if row["event_type"] == "Request")
    assert routes["Discharge from Hospital"] and routes["Community / Other route"]
    assert any("conversation" in row["event_description"].lower() for row in extract)


def test_journeys_hold_reablement_admissions_and_moves(extract):
    start = date(2024, 10, 1)
    st_max = [row for row in extract if row["service_type"] == "Short term support: ST-Max"]
    assert st_max and all(row["service_component"] == "Reablement" for row in st_max)
    admissions = [
        row
        for row in extract
        if row["service_type"] in ("Long term support: Residential care", "Long term support: Nursing care")
        and _date(row["event_start_date"]) >= start
    ]
    assert len(admissions) > 10
    homes_by_person: dict[str, set] = {}
    for row in extract:
        if row["service_component"] in ("Long term residential care", "Long term nursing care"):
            homes_by_person.setdefault(row["la_person_unique_identifier"], set()).add(row["provider_cqc_location_id"])
    assert any(len(homes) > 1 for homes in homes_by_person.values()), "someone moves between care homes"
    care_home_people = [
        r for r in extract if r["accommodation_status"] in ("Registered care home", "Registered nursing home")
    ]
    assert care_home_people


def test_journeys_hold_carers_by_association_with_linked_ids(extract):
    users = {row["la_person_unique_identifier"] for row in extract if row["client_type"] == "Service user"}
    by_association = [row for row in extract if row["client_type"] == "Unpaid carer known by association"]
    assert by_association
    for row in by_association:
        assert row["event_type"] == "" and row["event_start_date"] == ""
        assert row["adult_1_linked_person_id"] in users
    carers = [row for row in extract if row["client_type"] == "Unpaid carer"]
    linked = [row for row in carers if row["adult_1_linked_person_id"]]
    assert linked and all(row["adult_1_linked_person_id"] in users for row in linked)
    assert all(row["primary_support_reason"] == "Social support: Support to unpaid carer" for row in carers)


def test_journeys_hold_deaths_open_services_costs_splits_and_65th_birthdays(extract):
    start = date(2024, 10, 1)
    dead = [row for row in extract if row["date_of_death"]]
    assert dead and any(row["event_outcome"] == "NFA: Deceased" for row in dead)
    services = [row for row in extract if row["event_type"] == "Service"]
    assert any(not row["event_end_date"] for row in services), "some services are open-ended"
    costed = [row for row in services if row["unit_cost"]]
    assert costed and all(row["cost_frequency_unit_type"] for row in costed)
    assert any(row["planned_units_per_week"] for row in costed)
    assert any(not row["unit_cost"] for row in services)
    packages = Counter(
        (row["la_person_unique_identifier"], row["event_start_date"], row["service_type"])
        for row in services
        if row["service_type"] == "Long term support: Community"
    )
    assert any(count > 1 for count in packages.values()), "a package sent as two rows"
    ends = {(r["la_person_unique_identifier"], r["service_type"], r["event_end_date"]) for r in services}
    assert any(
        (
            r["la_person_unique_identifier"],
            r["service_type"],
            (_date(r["event_start_date"]) - synthetic.DAY).strftime("%d/%m/%Y"),
        )
        in ends
        for r in services
    ), "a service row followed by a contiguous one"
    turning_65 = {
        row["la_person_unique_identifier"]
        for row in extract
        if start < synthetic._add_years(_date(row["date_of_birth"]), 65) <= END
    }
    assert turning_65
    ages = [(END - _date(row["date_of_birth"])).days / 365.25 for row in extract]
    assert sum(age >= 65 for age in ages) > len(ages) / 2, "most people are 65 or over"


def test_duplicates_are_exact_repeats(tmp_path):
    _, plain = _read(_write(tmp_path, "plain.csv"))
    _, doubled = _read(_write(tmp_path, "doubled.csv", duplicate_rate=0.1))
    key = lambda row: tuple(row.values())  # noqa: E731
    assert max(Counter(map(key, plain)).values()) == 1
    repeats = [n for n in Counter(map(key, doubled)).values() if n > 1]
    assert len(repeats) > len(doubled) * 0.05
    assert {key(row) for row in doubled} == {key(row) for row in plain}


def test_errors_are_injected_at_the_rate_asked(tmp_path):
    _, rows = _read(_write(tmp_path, people=1500, error_rate=0.3))
    invalid = padded_or_lower = end_before_start = bad_dates = blanks = 0
    for row in rows:
        for field in codes.FIELDS:
            value = row[field.column]
            if field.code_list and value:
                canonical = codes.clean(field.code_list, value)
                invalid += canonical is None
                padded_or_lower += canonical is not None and canonical != value
            if field.kind == "date" and value:
                try:
                    _date(value)
                except ValueError:
                    bad_dates += 1
        blanks += any(not row[c] for c in synthetic.BLANKABLE)
        with contextlib.suppress(ValueError):
            end_before_start += bool(row["event_end_date"]) and _date(row["event_end_date"]) < _date(
                row["event_start_date"]
            )
    spoilt = invalid + padded_or_lower + end_before_start + bad_dates + blanks
    assert all((invalid, padded_or_lower, end_before_start, bad_dates, blanks))
    assert 0.2 * len(rows) < spoilt < 0.4 * len(rows)


def test_errors_do_not_change_the_journeys(tmp_path):
    _, clean_rows = _read(_write(tmp_path, "clean.csv"))
    _, spoilt_rows = _read(_write(tmp_path, "spoilt.csv", error_rate=0.2))
    assert len(clean_rows) == len(spoilt_rows)
    assert [r["event_reference"] for r in clean_rows] == [r["event_reference"] for r in spoilt_rows]


def test_the_same_people_are_seen_at_different_quarters(tmp_path):
    window = {"journeys": (date(2024, 4, 1), date(2026, 9, 30))}
    earlier = _write(
        tmp_path,
        "q1.csv",
        years=1,
        end=date(2025, 12, 31),
        world_start=window["journeys"][0],
        world_end=window["journeys"][1],
    )
    later = _write(
        tmp_path,
        "q2.csv",
        years=1,
        end=date(2026, 3, 31),
        world_start=window["journeys"][0],
        world_end=window["journeys"][1],
    )
    _, a = _read(earlier)
    _, b = _read(later)
    closed_in_both = {
        (r["event_reference"], r["event_start_date"], r["event_end_date"]) for r in a if r["event_end_date"]
    } & {(r["event_reference"], r["event_start_date"], r["event_end_date"]) for r in b if r["event_end_date"]}
    assert len(closed_in_both) > 20
    assert {r["la_person_unique_identifier"] for r in a} & {r["la_person_unique_identifier"] for r in b}


def test_xlsx_output_opens_with_openpyxl(tmp_path):
    path = tmp_path / "extract.xlsx"
    summary = synthetic.write(_options(people=150), path, "xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == list(codes.HEADINGS)
    assert len(rows) - 1 == summary.rows > 0
    _, from_csv = _read(_write(tmp_path, people=150))
    assert [tuple(v or "" for v in row) for row in rows[1:]] == [tuple(r.values()) for r in from_csv]


def test_the_command_writes_a_labelled_file(tmp_path):
    out = tmp_path / "harrow.csv"
    from io import StringIO

    stdout = StringIO()
    call_command(
        "generate_cld",
        "E09000015",
        "--people",
        "50",
        "--years",
        "1",
        "--seed",
        "3",
        "--end",
        "2026-06-30",
        "--release",
        "R1",
        "--out",
        str(out),
        stdout=stdout,
    )
    printed = stdout.getvalue()
    assert "Synthetic data — not real people" in printed and str(out) in printed
    header, rows = _read(out)
    assert header == list(codes.HEADINGS) and rows
    assert {row["reporting_period_start_date"] for row in rows} == {"01/07/2025"}


@pytest.mark.parametrize("gss_code", ["W06000019", "S12000033", "E0900001", "E09000015X", "harrow"])
def test_the_command_refuses_a_code_that_is_not_english(tmp_path, gss_code):
    with pytest.raises(CommandError, match="not an English GSS code"):
        call_command("generate_cld", gss_code, "--people", "5", "--out", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()


def test_helpers():
    assert synthetic.la_code_for("e06000019") == "6019"
    assert synthetic.la_code_for("E09000015") == "9015"
    assert synthetic.last_quarter_end_before(date(2026, 12, 7)) == date(2026, 9, 30)
    assert synthetic.last_quarter_end_before(date(2026, 1, 1)) == date(2025, 12, 31)
    assert synthetic.last_quarter_end_before(date(2026, 3, 31)) == date(2025, 12, 31)
    assert synthetic.reporting_period(2, date(2026, 3, 31)) == (date(2024, 4, 1), date(2026, 3, 31))
    numbers = {synthetic.nhs_number(i, role) for i in range(1, 3000) for role in (0, 1)}
    assert len(numbers) == 5998 and all(synthetic.nhs_number_is_valid(n) for n in numbers)
    assert not synthetic.nhs_number_is_valid("9000000019")  # check digit 9 is wrong here
    assert synthetic.nhs_number_is_valid("9434765919")  # the NHS's published example


def test_rows_stream_in_bounded_memory():
    """Rows are made person by person: many more people need no more memory (not a timing test)."""
    import tracemalloc

    def peak(people: int) -> int:
        generator = synthetic.Generator(_options(people=people, error_rate=0.02, duplicate_rate=0.02))
        tracemalloc.start()
        try:
            for _ in generator.rows():
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(500), peak(5000)
    assert large < 8 * 1024 * 1024
    assert large < small * 3 + 1024 * 1024
