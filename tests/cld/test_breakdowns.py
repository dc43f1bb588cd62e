"""Inequality breakdowns of the ASCOF measures and their small-number suppression; no database.

Hand-built clean events (``engine.events_from_rows``) whose breakdowns are worked out in each
docstring, the suppression rule on its own, and a synthetic extract on which every breakdown
must add up to its measure's total and leave nothing that could be worked out.
"""

from __future__ import annotations

import collections
import re
from datetime import date
from pathlib import Path

import pytest
import sqlglot

from ascent.cld import breakdowns, duck, engine, synthetic, validation
from tests.cld.cases import COMMUNITY, LA, NURSING, RESIDENTIAL, SELF_FUNDED, YEAR_END, YEAR_START, service

WHITE = "White: English, Welsh, Scottish, Northern Irish or British"
INDIAN = "Asian or Asian British: Indian"
AFRICAN = "Black, Black British, Caribbean or African: African"
REFUSED = "No data: Refused"
PHYSICAL = "Physical support: Personal care support"
MENTAL = "Mental health support"
LD = "Learning disability support"
OWNER = "Owner occupier or shared ownership scheme"
CARE_HOME = "Registered care home"


def people(prefix, count, *, settled, **fields):
    """``count`` people in open community long-term support from 1 May 2023, the first ``settled``
    of them living in their own home, the rest in a care home."""
    return [
        service(
            f"{prefix}{n}",
            date(2023, 5, 1),
            service_type=COMMUNITY,
            accommodation=OWNER if n <= settled else CARE_HOME,
            **fields,
        )
        for n in range(1, count + 1)
    ]


def living_at_home_case():
    """ASCOF 2E, year 1 April 2024 – 31 March 2025; age at the year end (services are open).

    - A1–A10  female, White, physical support, born 15 Jun 1940 (proxy 1 Jun 1940: 84) → 75 to 84;
              A1–A5 at home (settled), A6–A10 in a care home.
    - B1–B6   male, Indian (Asian or Asian British), mental health, born 10 Jan 1970 (55) → 45 to
              64; all settled.
    - C1      gender Other, ethnicity Refused (No data), learning disability, born 5 May 2000 (24)
              → 18 to 24; settled; also in 2E LD.
    - D1–D2   female, African (Black …), learning disability, born 2 Feb 1930 (95) → 85 and above;
              care home. Not in 2E LD (65 and over).

    2E Total: settled A1–A5, B1–B6, C1 = 12 of 19.
    Age band: 18–24 1/1; 25–44 0/0; 45–64 6/6; 65–74 0/0; 75–84 5/10; 85+ 0/2.
    Sex: Male 6/6; Female A + D = 5/12; Other or not known 1/1.
    Ethnicity group: White 5/10; Asian 6/6; Black 0/2; No data 1/1; Mixed 0/0; Other 0/0.
    Support reason: Physical 5/10; Mental health 6/6; Learning disability 1/3; the rest 0/0.
    2E LD: C1 only, 1/1, in 18 to 24, Other or not known, No data.

    Suppressed (1–4 in a numerator, denominator or denominator − numerator; then secondary):
    - age: 18–24 (1) and 85+ (2) primary; 18–24 is the only one hidden of the bands making up
      18 to 64, so 25–44 (0, smaller than 45–64's 6) goes too; 85+ alone of the 65+ bands, so
      65–74 (0) goes too. Shown: 45–64 6/6 = 100.0; 75–84 5/10 = 50.0.
    - sex: Other (1/1) primary; Male (6) is smaller than Female (12), so Male goes. Shown:
      Female 5/12 = 41.7.
    - ethnicity: Black (2) and No data (1) primary; two hidden, nothing more. Shown: White 50.0,
      Asian 100.0, Mixed 0/0, Other 0/0.
    - support reason: learning disability (1/3) primary; the smallest other is Sensory support
      (0, the first listed of the zeros). Shown: Physical 50.0, Mental health 100.0, zeros.
    - 2E LD: every non-zero group is C1 (1/1): hidden, with the first zero group of each
      breakdown (25 to 44; Male; White).
    """
    return [
        *people("A", 10, settled=5, gender="Female", ethnicity=WHITE, psr=PHYSICAL, date_of_birth=date(1940, 6, 15)),
        *people("B", 6, settled=6, gender="Male", ethnicity=INDIAN, psr=MENTAL, date_of_birth=date(1970, 1, 10)),
        *people("C", 1, settled=1, gender="Other", ethnicity=REFUSED, psr=LD, date_of_birth=date(2000, 5, 5)),
        *people("D", 2, settled=0, gender="Female", ethnicity=AFRICAN, psr=LD, date_of_birth=date(1930, 2, 2)),
    ]


def built(rows):
    con = engine.connect()
    engine.events_from_rows(con, rows)
    return con


def table(rows, measure):
    """{(breakdown, group): (numerator, denominator, outcome)} for one measure."""
    return {
        (r["breakdown"], r["group"]): (r["numerator"], r["denominator"], r["outcome"])
        for r in rows
        if r["measure"] == measure
    }


def test_2e_breakdowns_by_hand():
    counts = table(breakdowns.breakdown_counts(built(living_at_home_case()), YEAR_START, YEAR_END), "2E")
    assert {g: counts[("age band", g)] for g in breakdowns.MEASURES["2E"][0]} == {
        "18 to 24": (1, 1, 100.0),
        "25 to 44": (0, 0, 0.0),
        "45 to 64": (6, 6, 100.0),
        "65 to 74": (0, 0, 0.0),
        "75 to 84": (5, 10, 50.0),
        "85 and above": (0, 2, 0.0),
    }
    assert {g: counts[("sex", g)] for g in breakdowns.SEXES} == {
        "Male": (6, 6, 100.0),
        "Female": (5, 12, 41.7),
        "Other or not known": (1, 1, 100.0),
    }
    assert {g: counts[("ethnicity group", g)] for g in breakdowns.ETHNICITY_GROUPS} == {
        "White": (5, 10, 50.0),
        "Mixed or multiple ethnic groups": (0, 0, 0.0),
        "Asian or Asian British": (6, 6, 100.0),
        "Black, Black British, Caribbean or African": (0, 2, 0.0),
        "Other ethnic group": (0, 0, 0.0),
        "No data": (1, 1, 100.0),
    }
    assert counts[("primary support reason", "Physical support")] == (5, 10, 50.0)
    assert counts[("primary support reason", "Mental health support")] == (6, 6, 100.0)
    assert counts[("primary support reason", "Learning disability support")] == (1, 3, 33.3)
    assert counts[("primary support reason", "Sensory support")] == (0, 0, 0.0)
    ld = table(breakdowns.breakdown_counts(built(living_at_home_case()), YEAR_START, YEAR_END), "2E LD")
    assert ld[("age band", "18 to 24")] == (1, 1, 100.0)
    assert ld[("sex", "Other or not known")] == (1, 1, 100.0)
    assert not any(breakdown == "primary support reason" for breakdown, _ in ld)


def test_2e_breakdowns_add_up_to_the_measure():
    con = built(living_at_home_case())
    measure = {(r["measure"], r["group"]): r for r in engine.run_measures(con, YEAR_START, YEAR_END, measures=["2E"])}
    assert (measure[("2E", "Total")]["numerator"], measure[("2E", "Total")]["denominator"]) == (12, 19)
    sums = collections.Counter()
    for row in breakdowns.breakdown_counts(con, YEAR_START, YEAR_END):
        if row["measure"] == "2E":
            sums[(row["breakdown"], "n")] += row["numerator"]
            sums[(row["breakdown"], "d")] += row["denominator"]
    for breakdown in breakdowns.BREAKDOWNS:
        assert (sums[(breakdown, "n")], sums[(breakdown, "d")]) == (12, 19)


def test_2e_suppression_by_hand():
    rows = breakdowns.run_breakdowns(built(living_at_home_case()), YEAR_START, YEAR_END)
    shown = {k: v for k, v in table(rows, "2E").items() if v != (None, None, None)}
    hidden = {k for k, v in table(rows, "2E").items() if v == (None, None, None)}
    assert {k for k in hidden if k[0] == "age band"} == {
        ("age band", g) for g in ("18 to 24", "25 to 44", "65 to 74", "85 and above")
    }
    assert shown[("age band", "45 to 64")] == (6, 6, 100.0)
    assert shown[("age band", "75 to 84")] == (5, 10, 50.0)
    assert {k for k in hidden if k[0] == "sex"} == {("sex", "Other or not known"), ("sex", "Male")}
    assert shown[("sex", "Female")] == (5, 12, 41.7)
    assert {k for k in hidden if k[0] == "ethnicity group"} == {
        ("ethnicity group", "Black, Black British, Caribbean or African"),
        ("ethnicity group", "No data"),
    }
    assert shown[("ethnicity group", "White")] == (5, 10, 50.0)
    assert {k for k in hidden if k[0] == "primary support reason"} == {
        ("primary support reason", "Learning disability support"),
        ("primary support reason", "Sensory support"),
    }
    ld_hidden = {k for k, v in table(rows, "2E LD").items() if v == (None, None, None)}
    assert ld_hidden == {
        ("age band", "18 to 24"),
        ("age band", "25 to 44"),
        ("sex", "Other or not known"),
        ("sex", "Male"),
        ("ethnicity group", "No data"),
        ("ethnicity group", "White"),
    }
    assert all(r["suppressed"] == (r["numerator"] is None) for r in rows)


def admissions_case():
    """ASCOF 2B and 2C, year 1 April 2024 – 31 March 2025; age at the admission.

    - W1–W6  female, White, residential from 1 Jun 2024, born 10 Mar 1940 (proxy 1 Mar: 84) →
             2C, 75 to 84.
    - M1     male, Indian, nursing from 1 Jul 2024, born 1970 (54) → 2B, 45 to 64.
    - M2     male, White, residential from 1 Jun 2024, born 1 Jan 1950 (74) → 2C, 65 to 74.
    - S1     female, residential from 1 Jun 2024, self-funded → not an admission.

    2B and 2C are counts here (population is known by age band only): 2C 7 = 75–84 6, 65–74 1,
    85+ 0; Female 6, Male 1. 2B 1 = 45–64 1.
    Suppressed: 2C 65–74 (1) and then 85+ (0); Male (1) and then Other or not known (0); Female 6
    and 75–84 6 shown, with no denominator or rate. 2B 45–64 (1) and then 18–24 (0).
    """
    component = {"service_component": "Long term residential care"}
    return [
        *[
            service(
                f"W{n}",
                date(2024, 6, 1),
                service_type=RESIDENTIAL,
                gender="Female",
                ethnicity=WHITE,
                date_of_birth=date(1940, 3, 10),
                **component,
            )
            for n in range(1, 7)
        ],
        service(
            "M1",
            date(2024, 7, 1),
            service_type=NURSING,
            service_component="Long term nursing care",
            gender="Male",
            ethnicity=INDIAN,
            date_of_birth=date(1970, 5, 5),
        ),
        service(
            "M2",
            date(2024, 6, 1),
            service_type=RESIDENTIAL,
            gender="Male",
            ethnicity=WHITE,
            date_of_birth=date(1950, 1, 1),
            **component,
        ),
        service(
            "S1",
            date(2024, 6, 1),
            service_type=RESIDENTIAL,
            event_outcome=SELF_FUNDED,
            gender="Female",
            date_of_birth=date(1940, 3, 10),
            **component,
        ),
    ]


def test_2b_2c_are_counts_by_hand():
    counts = breakdowns.breakdown_counts(built(admissions_case()), YEAR_START, YEAR_END)
    c = table(counts, "2C")
    assert c[("age band", "75 to 84")] == (6, None, None)
    assert c[("age band", "65 to 74")] == (1, None, None)
    assert c[("age band", "85 and above")] == (0, None, None)
    assert ("age band", "45 to 64") not in c
    assert c[("sex", "Female")] == (6, None, None)
    assert c[("sex", "Male")] == (1, None, None)
    assert c[("ethnicity group", "White")] == (7, None, None)
    assert table(counts, "2B")[("age band", "45 to 64")] == (1, None, None)
    assert table(counts, "2B")[("ethnicity group", "Asian or Asian British")] == (1, None, None)


def test_2b_2c_suppression_by_hand():
    rows = breakdowns.run_breakdowns(built(admissions_case()), YEAR_START, YEAR_END)
    c = table(rows, "2C")
    hidden = {k for k, v in c.items() if v == (None, None, None)}
    assert ("age band", "65 to 74") in hidden and ("age band", "85 and above") in hidden
    assert c[("age band", "75 to 84")] == (6, None, None)
    assert {k for k in hidden if k[0] == "sex"} == {("sex", "Male"), ("sex", "Other or not known")}
    assert c[("sex", "Female")] == (6, None, None)
    b = table(rows, "2B")
    assert b[("age band", "45 to 64")] == (None, None, None)
    assert b[("age band", "18 to 24")] == (None, None, None)
    assert b[("age band", "25 to 44")] == (0, None, None)


def test_breakdowns_use_person_details_of_the_period_asked():
    """Person details are rebuilt for the period asked, as run_measures does: a year in which
    nobody was in support gives zeros everywhere."""
    con = built(living_at_home_case())
    engine.build_person_details(con, YEAR_START, YEAR_END)
    rows = breakdowns.breakdown_counts(con, date(2022, 4, 1), date(2023, 3, 31))
    assert rows and all(r["numerator"] == 0 for r in rows)
    assert {r["period_start"] for r in rows} == {date(2022, 4, 1)}


def test_breakdowns_follow_the_period_asked_after_measures_of_another_period():
    con = built(living_at_home_case())
    engine.run_measures(con, date(2022, 4, 1), date(2023, 3, 31))
    after = breakdowns.breakdown_counts(con, YEAR_START, YEAR_END)
    assert after == breakdowns.breakdown_counts(built(living_at_home_case()), YEAR_START, YEAR_END)
    assert table(after, "2E")[("sex", "Female")] == (5, 12, 41.7)


def cell(group, numerator, denominator, *, measure="2E", breakdown="sex"):
    return {
        "measure": measure,
        "breakdown": breakdown,
        "group": group,
        "numerator": numerator,
        "denominator": denominator,
    }


def hidden_groups(rows):
    return {(r["measure"], r["group"]) for r in rows if r["suppressed"]}


@pytest.mark.parametrize(
    ("numerator", "denominator", "hidden"),
    [
        (1, 50, True),  # numerator 1
        (4, 50, True),  # numerator 4
        (5, 50, False),  # 5 is shown
        (0, 50, False),  # zero is shown
        (0, 0, False),
        (3, 3, True),  # denominator 3
        (48, 50, True),  # 2 people not in the numerator
        (45, 50, False),  # 5 not in it
        (50, 50, False),  # none not in it
    ],
)
def test_primary_suppression(numerator, denominator, hidden):
    rows = breakdowns.suppress([cell("Male", numerator, denominator), cell("Female", 500, 900), cell("Other", 0, 0)])
    assert rows[0]["suppressed"] is hidden
    if hidden:
        assert rows[0]["numerator"] is rows[0]["denominator"] is rows[0]["outcome"] is None


def test_secondary_suppression_hides_the_smallest_other_group():
    rows = breakdowns.suppress([cell("Male", 2, 30), cell("Female", 40, 90), cell("Other", 10, 20)])
    assert hidden_groups(rows) == {("2E", "Male"), ("2E", "Other")}
    assert rows[1]["numerator"] == 40 and not rows[1]["suppressed"]


def test_two_primary_cells_need_no_secondary():
    rows = breakdowns.suppress([cell("Male", 2, 30), cell("Female", 40, 90), cell("Other", 1, 2)])
    assert hidden_groups(rows) == {("2E", "Male"), ("2E", "Other")}


def test_nothing_small_nothing_hidden():
    rows = breakdowns.suppress([cell("Male", 20, 30), cell("Female", 40, 90), cell("Other", 0, 0)])
    assert hidden_groups(rows) == set()


def test_age_bands_nest_in_the_methods_bands():
    """The bands under 65 add up to the published 18 to 64: one hidden band among them would be
    18 to 64 minus the others, so a second one goes, even with two hidden in the whole breakdown."""
    rows = breakdowns.suppress(
        [
            cell("18 to 24", 3, 10, breakdown="age band"),
            cell("25 to 44", 20, 40, breakdown="age band"),
            cell("45 to 64", 30, 60, breakdown="age band"),
            cell("65 to 74", 1, 40, breakdown="age band"),
            cell("75 to 84", 30, 70, breakdown="age band"),
            cell("85 and above", 30, 50, breakdown="age band"),
        ]
    )
    assert hidden_groups(rows) == {("2E", "18 to 24"), ("2E", "25 to 44"), ("2E", "65 to 74"), ("2E", "85 and above")}


def test_linked_measures_are_suppressed_alike():
    """3D 1a and 2a share a denominator: hiding Male in 2a only would leave it in 1a."""
    rows = breakdowns.suppress(
        [
            cell("Male", 50, 60, measure="3D 1a"),
            cell("Female", 80, 100, measure="3D 1a"),
            cell("Other or not known", 0, 0, measure="3D 1a"),
            cell("Male", 3, 60, measure="3D 2a"),
            cell("Female", 30, 100, measure="3D 2a"),
            cell("Other or not known", 0, 0, measure="3D 2a"),
        ]
    )
    assert hidden_groups(rows) == {
        ("3D 1a", "Male"),
        ("3D 2a", "Male"),
        ("3D 1a", "Other or not known"),
        ("3D 2a", "Other or not known"),
    }


def test_councils_are_suppressed_separately():
    rows = breakdowns.suppress(
        [
            {**cell("Male", 2, 30), "la_code": "A"},
            {**cell("Female", 40, 90), "la_code": "A"},
            {**cell("Male", 20, 30), "la_code": "B"},
            {**cell("Female", 40, 90), "la_code": "B"},
        ]
    )
    assert [r["suppressed"] for r in rows] == [True, True, False, False]


def test_counts_only_rows_are_suppressed_on_the_count():
    rows = breakdowns.suppress(
        [
            cell("Male", 3, None, measure="2C"),
            cell("Female", 12, None, measure="2C"),
            cell("Other or not known", 0, None, measure="2C"),
        ]
    )
    assert hidden_groups(rows) == {("2C", "Male"), ("2C", "Other or not known")}


@pytest.fixture(scope="module")
def synthetic_connection(tmp_path_factory):
    """A two-year synthetic extract of 900 people, through the check and the whole pipeline."""
    folder = tmp_path_factory.mktemp("synthetic")
    source, stored = folder / "extract.csv", folder / "extract.parquet"
    synthetic.write(synthetic.Options(gss_code="E09000015", people=900, years=2, seed=7, end=YEAR_END), source)
    check = duck.connect()
    validation.check_file(check, Path(source), kind="csv")
    check.execute(
        "COPY (SELECT *, CAST(1 AS BIGINT) AS extract_id FROM staged ORDER BY record_id) TO ? (FORMAT parquet)",
        [str(stored)],
    )
    check.close()
    con = engine.connect()
    engine.load_extracts(con, [(1, stored)])
    engine.build(con, YEAR_START, YEAR_END)
    return con


def test_synthetic_breakdowns_add_up_to_every_measure(synthetic_connection):
    con = synthetic_connection
    la_code = synthetic.la_code_for(LA)
    population = [(la_code, 2024, "18 to 64", 150_000), (la_code, 2024, "65 and above", 40_000)]
    measures = {
        (r["measure"], r["group"]): r for r in engine.run_measures(con, YEAR_START, YEAR_END, population=population)
    }
    totals = {"2B": "18 to 64", "2C": "65 and above", "2E LD": "18 to 64"}
    sums = collections.defaultdict(lambda: [0, 0])
    for row in breakdowns.breakdown_counts(con, YEAR_START, YEAR_END):
        sums[(row["measure"], row["breakdown"])][0] += row["numerator"]
        sums[(row["measure"], row["breakdown"])][1] += row["denominator"] or 0
    assert {measure for measure, _ in sums} == set(breakdowns.MEASURES)
    for (measure, breakdown), (numerator, denominator) in sums.items():
        total = measures[(measure, totals.get(measure, "Total"))]
        assert numerator == total["numerator"], (measure, breakdown)
        if measure not in breakdowns.COUNT_ONLY:
            assert denominator == total["denominator"], (measure, breakdown)
    assert measures[("2E", "Total")]["denominator"] > 50  # enough people for the check to mean something


def test_synthetic_suppression_leaves_nothing_to_work_out(synthetic_connection):
    rows = breakdowns.run_breakdowns(synthetic_connection, YEAR_START, YEAR_END)
    assert any(r["suppressed"] for r in rows) and any(not r["suppressed"] for r in rows)
    sets = collections.defaultdict(list)
    for r in rows:
        if not r["suppressed"]:
            n, d = r["numerator"], r["denominator"]
            assert not 0 < n < breakdowns.SUPPRESS_BELOW
            assert d is None or (not 0 < d < breakdowns.SUPPRESS_BELOW and not 0 < d - n < breakdowns.SUPPRESS_BELOW)
        family = breakdowns.LINKED.get(r["measure"], r["measure"])
        sets[(family, r["breakdown"], "all")].append((r["measure"], r["group"], r["suppressed"]))
        for name, bands in (("under 65", breakdowns.UNDER_65), ("65 and over", breakdowns.OVER_65)):
            if r["breakdown"] == "age band" and r["group"] in bands:
                sets[(family, r["breakdown"], name)].append((r["measure"], r["group"], r["suppressed"]))
    for key, members in sets.items():
        for measure in {m for m, _, _ in members}:
            hidden = [g for m, g, s in members if m == measure and s]
            assert len(hidden) != 1, (key, measure, hidden)
        by_group = collections.defaultdict(set)
        for _, group, suppressed in members:
            by_group[group].add(suppressed)
        assert all(len(states) == 1 for states in by_group.values()), key  # linked measures alike


def test_breakdown_sql_is_portable():
    """No DuckDB-only syntax in the breakdown files (Spark runs them through SQLGlot)."""
    banned = re.compile(r"\bQUALIFY\b|\bREPLACE\s*\(|\bEXCLUDE\s*\(|\bMACRO\b|\$", re.IGNORECASE)
    files = [tail for tail, _ in breakdowns.SOURCES.values()] + [breakdowns.COUNTS]
    for name in files:
        code = re.sub(r"--[^\n]*", "", engine.sql_text(name))
        assert not banned.search(code), name
    sqlglot.transpile(engine.sql_text(breakdowns.COUNTS), read="duckdb", write="spark")
    for measure_file in breakdowns.SOURCES:
        assert "breakdown_units" in breakdowns.breakdown_sql(measure_file)


def _method_rows(measure: str, groups: dict[str, tuple[int, int]]) -> list[dict]:
    return [
        {"la_code": "9015", "measure": measure, "group": group, "numerator": n, "denominator": d, "outcome": 0.0}
        for group, (n, d) in groups.items()
    ]


def test_a_small_remainder_of_the_methods_sex_split_hides_the_smaller_sex():
    """2E: Total 30 of 40 = Male 20 of 25 + Female 8 of 13 + people of another or unknown sex,
    who are 40 - 25 - 13 = 2 (numerator 30 - 20 - 8 = 2): a small group no row shows, but anyone
    could work it out. Female (13) is the smaller of the two shown, so it is hidden; then the two
    hidden groups together are 15 of which 10 in the numerator, and neither can be worked out."""
    rows = breakdowns.suppress_method_groups(
        _method_rows("2E", {"Total": (30, 40), "Male": (20, 25), "Female": (8, 13)})
    )
    shown = {row["group"]: (row["numerator"], row["denominator"], row["suppressed"]) for row in rows}
    assert shown == {"Total": (30, 40, False), "Male": (20, 25, False), "Female": (None, None, True)}


def test_a_sex_split_with_nothing_small_is_shown_whole():
    """Total 30 of 40 = Male 20 of 25 + Female 10 of 15 + 0 of 0 others: zero is shown."""
    rows = breakdowns.suppress_method_groups(
        _method_rows("2E", {"Total": (30, 40), "Male": (20, 25), "Female": (10, 15)})
    )
    assert not any(row["suppressed"] for row in rows)


def test_a_small_sex_group_within_an_age_band_is_hidden_and_the_band_is_shown():
    """2E LD: 18 to 64 is 12 of 20; Male 3 of 4 is small, so hidden. Female 9 of 16 and the 0 of
    0 others then leave Male and others together (3 of 4), neither alone; the band stays."""
    rows = breakdowns.suppress_method_groups(
        _method_rows("2E LD", {"18 to 64": (12, 20), "18 to 64 Male": (3, 4), "18 to 64 Female": (9, 16)})
    )
    hidden = {row["group"] for row in rows if row["suppressed"]}
    assert hidden == {"18 to 64 Male"}
    assert next(row for row in rows if row["group"] == "18 to 64")["numerator"] == 12
