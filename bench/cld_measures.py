"""Computing every CLD measure on a million-row extract and on a national table, beside the floor.

    .venv/bin/python bench/cld_measures.py [--people N] [--councils N] [--quick] [--no-national]
                                            [--json PATH] [--no-fail]

The council's extract is bench/cld_import.py's synthetic one (seed 7, 800,000 people laid out:
993,842 rows), checked and kept as Parquet once, as ``manage.py cld_import`` keeps it. Each line
runs in a fresh Python process and gives its wall time and the process's peak resident memory:

- **the floor**: one plain DuckDB scan of the Parquet file reading every column (count of rows,
  count of distinct people, first and last event start, the longest value of every other column);
- **all measures**: what the measures page runs: ``engine.connect``, ``engine.load_extracts``,
  ``engine.build`` (the §6 pipeline), ``engine.run_measures`` (2A, 2B, 2C, 2E, 3D) and
  ``measures_local.run_local`` (the local measures);
- **2E and 3D, DuckDB** and **2E and 3D, pandas**: the two measures from the pipeline's clean
  tables (``events`` and ``person_details``, written to Parquet once after the build): DuckDB runs
  measure_2e.sql and measure_3d.sql over the files; pandas does what an analyst would write,
  following the same method (filter, merge, groupby), and its numerators and denominators must
  equal DuckDB's. pyarrow is not installed, so pandas gets its frames from the files through
  DuckDB (``.df()``), which is counted in its time. The pipeline itself (submissions, cleaning,
  de-duplication) is not written again in pandas: both sides start from its output.

The national case: ``--councils`` councils (150) each with a third of the council's people
(chosen by a hash of the person's LA identifier, the third rotating with the council), under
its own LA code (``N001``…), its own person identifiers (the LA identifier with ``-N001``…) and
its own extract id, one Parquet file per council, written by DuckDB SQL from the one extract (no
new synthetic people): about 50 million events. Its lines are the floor (the same plain scan over
every file) and all measures for all councils at once (one ``raw`` table, one pipeline, the
measures partitioned by la_code). DuckDB gets ``--memory-limit`` (8 GB) and spills to
bench/results/duckdb-tmp beyond it.

Budgets (issue 14): all measures within 5× the floor; DuckDB at least 10× faster than pandas for
2E and 3D; the national case within 10× its floor. ``--quick`` is a smaller run (100,000 people,
5 councils) to try the bench; the figures reported are the issue's sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import cld_import  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"
PERIOD = (date(2025, 10, 1), date(2026, 9, 30))  # the synthetic extract's rolling year
MEASURES_BUDGET = 5.0
PANDAS_BUDGET = 10.0
NATIONAL_BUDGET = 10.0
LTS = (
    "Long term support: Nursing care",
    "Long term support: Residential care",
    "Long term support: Community",
    "Long term support: Prison",
)
NFA = "NFA: Information and advice or signposting"


def _extract(people: int) -> Path:
    return RESULTS_DIR / f"cld-synthetic-{people}-seed{cld_import.SEED}.parquet"


def _clean(people: int) -> Path:
    return RESULTS_DIR / f"cld-synthetic-{people}-clean"


def _national(people: int, councils: int) -> Path:
    return RESULTS_DIR / f"cld-national-{councils}x{people}"


def _connect(memory_limit: str | None = None):
    from ascent.cld import engine

    con = engine.connect(memory_limit=memory_limit)
    (RESULTS_DIR / "duckdb-tmp").mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory = '{RESULTS_DIR / 'duckdb-tmp'}'")
    return con


def _make(people: int, councils: int, national: bool, memory_limit: str) -> None:
    """The council's Parquet extract, the clean tables, and the national files (each once)."""
    cld_import._make(people)
    from ascent.cld import duck, engine, loading, validation

    parquet = _extract(people)
    if not parquet.exists():
        con = duck.connect()
        report = validation.check_file(con, cld_import._extract(people), kind="csv")
        assert not report.is_fatal, report.fatal
        partial = parquet.with_suffix(".partial")
        loading._write_parquet(con, partial, partial.with_suffix(".problems"), 1)
        partial.with_suffix(".problems").unlink()
        partial.rename(parquet)
        con.close()
    clean = _clean(people)
    if not clean.exists():
        con = _connect(memory_limit)
        engine.load_extracts(con, [(1, parquet)])
        engine.build(con, *PERIOD)
        partial = clean.with_suffix(".partial")
        partial.mkdir(exist_ok=True)
        for table in ("events", "person_details", "councils"):
            con.execute(f"COPY {table} TO '{partial / table}.parquet' (FORMAT parquet)")
        partial.rename(clean)
        con.close()
    folder = _national(people, councils)
    if national and not folder.exists():
        con = _connect(memory_limit)
        partial = folder.with_suffix(".partial")
        partial.mkdir(exist_ok=True)
        columns = [row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(parquet)]).fetchall()]
        replaced = {
            "la_code": "$la_code",
            "la_person_unique_identifier": "la_person_unique_identifier || $suffix",
            "extract_id": "CAST($extract_id AS BIGINT)",
        }
        select = ", ".join(f"{replaced[c]} AS {c}" if c in replaced else c for c in columns)
        for number in range(1, councils + 1):
            la_code = f"N{number:03d}"
            con.execute(
                f"COPY (SELECT {select} FROM read_parquet($source)"  # noqa: S608 (the file's own column names)
                " WHERE hash(la_person_unique_identifier) % 3 = $third)"
                " TO $target (FORMAT parquet, COMPRESSION zstd)",
                {
                    "source": str(parquet),
                    "la_code": la_code,
                    "suffix": f"-{la_code}",
                    "extract_id": number,
                    "third": number % 3,
                    "target": str(partial / f"{la_code}.parquet"),
                },
            )
        partial.rename(folder)
        con.close()


def _peak_mb() -> float:
    return cld_import._peak_mb()


def _floor_sql(files: list[Path]) -> tuple[str, list[str]]:
    import duckdb

    con = duckdb.connect()
    columns = [
        row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [[str(f) for f in files]]).fetchall()
    ]
    con.close()
    rest = [c for c in columns if c not in ("la_person_unique_identifier", "event_start_date")]
    every = ", ".join(f"max(length(CAST({c} AS VARCHAR)))" for c in rest)
    start = "coalesce(try_strptime(event_start_date, '%d/%m/%Y'), try_strptime(event_start_date, '%Y-%m-%d'))"
    # The file's own column names.
    head = f"SELECT count(*), count(DISTINCT la_code || la_person_unique_identifier), min({start}), max({start})"
    sql = f"{head}, {every} FROM read_parquet(?)"  # noqa: S608
    return sql, [str(f) for f in files]


def _national_files(people: int, councils: int) -> list[Path]:
    return sorted(_national(people, councils).glob("*.parquet"))


def _run(line: str, people: int, councils: int, memory_limit: str) -> dict:
    """One line, in this (fresh) process."""
    cld_import._setup_django()
    from ascent.cld import engine, measures_local

    out: dict = {"line": line}
    started = time.perf_counter()
    if line in ("floor", "national floor"):
        files = [_extract(people)] if line == "floor" else _national_files(people, councils)
        con = _connect(memory_limit)
        sql, paths = _floor_sql(files)
        row = con.execute(sql, [paths]).fetchone()
        out.update(rows=row[0], people=row[1])
    elif line in ("measures", "national measures"):
        files = [_extract(people)] if line == "measures" else _national_files(people, councils)
        con = _connect(memory_limit)
        engine.load_extracts(con, list(enumerate(files, start=1)))
        out["rows"] = con.execute("SELECT count(*) FROM raw").fetchone()[0]
        phase = time.perf_counter()
        engine.build(con, *PERIOD)
        out["build_seconds"] = round(time.perf_counter() - phase, 2)
        rows = engine.run_measures(con, *PERIOD)
        rows += measures_local.run_local(con, *PERIOD)
        out["result_rows"] = len(rows)
        out["councils"] = len({r.get("la_code") for r in rows})
        out["sample"] = [
            [r.get("la_code"), r["measure"], r.get("group", r.get("grp")), r["numerator"], r["denominator"]]
            for r in rows
            if r["measure"] in ("2E", "3D 1a") and r.get("group", r.get("grp")) == "Total"
        ][:6]
    elif line == "duckdb 2e3d":
        out["results"] = _duckdb_2e3d(people, memory_limit)
    elif line == "pandas 2e3d":
        out["results"] = _pandas_2e3d(people)
    else:
        raise ValueError(line)
    out["seconds"] = round(time.perf_counter() - started, 2)
    out["peak_mb"] = round(_peak_mb())
    return out


def _duckdb_2e3d(people: int, memory_limit: str) -> list[list]:
    from ascent.cld import engine

    clean = _clean(people)
    con = _connect(memory_limit)
    for table in ("events", "person_details", "councils"):
        view = f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{clean / table}.parquet')"  # noqa: S608
        con.execute(view)  # the bench's own table names and folder
    engine.set_params(con, *PERIOD)
    results = []
    for name in ("measure_2e.sql", "measure_3d.sql"):
        for la_code, measure, grp, numerator, denominator, outcome in con.execute(engine.sql_text(name)).fetchall():
            results.append([la_code, measure, grp, int(numerator), int(denominator), float(outcome)])
    return results


def _pandas_2e3d(people: int) -> list[list]:
    """2E and 3D as an analyst would write them in pandas, from the pipeline's clean tables."""
    import duckdb
    import numpy as np
    import pandas as pd

    clean = _clean(people)
    year_start, year_end = (pd.Timestamp(d) for d in PERIOD)

    def read(table: str, columns: str) -> pd.DataFrame:
        query = f"SELECT {columns} FROM read_parquet('{clean / table}.parquet')"  # noqa: S608 (the bench's own names)
        return duckdb.sql(query).df()

    events = read(
        "events",
        "la_code, person_id, client_type, event_type, service_type, service_component, delivery_mechanism,"
        " event_outcome, event_start, event_end, proxy_dob",
    )
    details = read("person_details", "la_code, person_id, gender, psr, settled, proxy_dob, date_of_death")
    councils = sorted(read("councils", "la_code")["la_code"])
    for frame in (events, details):
        for column in ("event_start", "event_end", "proxy_dob", "date_of_death"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column])
    key = ["la_code", "person_id"]

    def age(born: pd.Series, on) -> pd.Series:
        return np.floor((on - born).dt.days / 365.25)

    def band(ages: pd.Series, under: str, other: str) -> pd.Series:
        return pd.Series(
            np.select(
                [ages.between(18, 64), ages >= 65, ages < 18],
                ["18 to 64", "65 and above", under],
                default=other,
            ),
            index=ages.index,
        )

    def counts(people: pd.DataFrame, measure: str, groups: list[tuple[str, pd.Series]], flag: str) -> list[list]:
        rows = []
        for la_code in councils:
            mine = people["la_code"] == la_code
            for grp, member in groups:
                chosen = people[mine & member]
                denominator = int(chosen["in_denominator"].sum())
                numerator = int((chosen["in_denominator"] & chosen[flag]).sum())
                outcome = 0.0 if denominator == 0 else round(numerator * 100 / denominator, 1)
                rows.append([la_code, measure, grp, numerator, denominator, outcome])
        return rows

    service_user = (events["client_type"] == "Service user") & (events["event_type"] == "Service")
    valid = events["event_start"].notna() & (
        events["event_end"].isna() | (events["event_end"] >= events["event_start"])
    )
    lts = service_user & events["service_type"].isin(LTS) & valid & (events["event_start"] <= year_end)

    # 2E: people in long-term support during the year; settled accommodation.
    cohort = events[lts & (events["event_end"].isna() | (events["event_end"] >= year_start))]
    cohort = cohort.assign(open=cohort["event_end"].isna())
    per_person = cohort.groupby(key, as_index=False).agg(open=("open", "any"), latest=("event_end", "max"))
    per_person.loc[per_person["open"], "latest"] = pd.NaT
    people_2e = per_person.merge(details, on=key)
    people_2e = people_2e[people_2e["date_of_death"].isna() | (people_2e["date_of_death"] >= year_start)]
    at = people_2e["latest"].fillna(year_end).clip(upper=year_end)
    ages = age(people_2e["proxy_dob"], at)
    people_2e = people_2e.assign(
        age_band=np.select(
            [ages.between(1, 17), ages.between(18, 64), ages >= 65], ["Under 18", "18 to 64", "65 and above"], "Unknown"
        ),
        settled=people_2e["settled"].fillna(False).astype(bool),
        in_denominator=True,
    )
    adult = people_2e["age_band"].isin(["18 to 64", "65 and above"])
    ld = (people_2e["age_band"] == "18 to 64") & (people_2e["psr"] == "Learning disability support")
    male, female = people_2e["gender"] == "Male", people_2e["gender"] == "Female"
    groups_2e = []
    for name in ("18 to 64", "65 and above"):
        in_band = people_2e["age_band"] == name
        groups_2e += [(name, in_band), (f"{name} Male", in_band & male), (f"{name} Female", in_band & female)]
    groups_2e += [("Total", adult), ("Male", adult & male), ("Female", adult & female)]
    results = counts(people_2e, "2E", groups_2e, "settled")
    results += counts(
        people_2e,
        "2E LD",
        [("18 to 64", ld), ("18 to 64 Male", ld & male), ("18 to 64 Female", ld & female)],
        "settled",
    )

    # 3D clients: long-term support open at the year end, best setting and mechanism.
    clients = events[lts & (events["event_end"].isna() | (events["event_end"] >= year_end))].drop(columns="proxy_dob")
    clients = clients.merge(details[[*key, "proxy_dob", "date_of_death"]], on=key)
    clients = clients[clients["date_of_death"].isna() | (clients["date_of_death"] >= year_end)]
    service, mechanism = clients["service_type"], clients["delivery_mechanism"]
    community, prison = service == LTS[2], service == LTS[3]
    effective = pd.Series(
        np.select(
            [
                service.isin(LTS[:2]),
                clients["service_component"] == "Direct payment",
                community
                & mechanism.isin(["Direct payment", "CASSR managed personal budget", "CASSR commissioned support"]),
                prison & mechanism.isin(["CASSR managed personal budget", "CASSR commissioned support"]),
            ],
            [None, "Direct payment", mechanism, mechanism],
            default=None,
        ),
        index=clients.index,
    )
    community_rank = effective.map(
        {"Direct payment": 3, "CASSR managed personal budget": 4, "CASSR commissioned support": 5}
    )
    prison_rank = effective.map({"CASSR managed personal budget": 7, "CASSR commissioned support": 8})
    clients = clients.assign(
        rank=np.select(
            [service == LTS[0], service == LTS[1], community],
            [1, 2, community_rank.fillna(6)],
            default=prison_rank.fillna(9),
        )
    )
    best = clients.groupby(key, as_index=False).agg(rank=("rank", "min"), proxy_dob=("proxy_dob", "max"))
    best = best.assign(age_band=band(age(best["proxy_dob"], year_end), "Under 18", "Unknown"))
    best = best[best["age_band"] != "Under 18"]
    best = best.assign(in_denominator=best["rank"].between(3, 6), sds=best["rank"].isin([3, 4]), dp=best["rank"] == 3)

    # 3D carers: supported during the year; best category; youngest age seen.
    carer = events["client_type"].isin(["Unpaid carer", "Unpaid carer known by association"])
    carer_rows = events[carer & valid & (events["event_start"] <= year_end)]
    carer_rows = carer_rows[carer_rows["event_end"].isna() | (carer_rows["event_end"] >= year_start)]
    carer_rows = carer_rows.merge(details[[*key, "date_of_death"]], on=key)
    carer_rows = carer_rows[carer_rows["date_of_death"].isna() | (carer_rows["date_of_death"] >= year_start)]
    stype, outcome, etype = carer_rows["service_type"], carer_rows["event_outcome"], carer_rows["event_type"]
    carer_rows = carer_rows[
        (stype.isna() & (outcome == NFA))
        | stype.str.startswith("Unpaid carer support:", na=False)
        | (etype.isin(["Assessment", "Review"]) & stype.isna())
    ]
    stype, outcome, etype = carer_rows["service_type"], carer_rows["event_outcome"], carer_rows["event_type"]
    direct = stype == "Unpaid carer support: Direct to unpaid carer"
    component, mechanism = carer_rows["service_component"], carer_rows["delivery_mechanism"]
    not_dp_component = component.notna() & (component != "Direct payment")
    category = np.select(
        [
            direct & ((mechanism == "Direct payment") | (component == "Direct payment")),
            direct & (mechanism == "CASSR managed personal budget") & not_dp_component,
            direct & (mechanism == "CASSR commissioned support") & not_dp_component,
            direct & not_dp_component,
            stype == "Unpaid carer support: Support involving the person cared-for",
            etype.isin(["Assessment", "Review"]) & (outcome != NFA),
            etype.isin(["Assessment", "Review"]) & (outcome == NFA),
            etype == "Request",
        ],
        [1, 2, 3, 4, 6, 6, 5, 5],
        default=np.nan,
    )
    carer_rows = carer_rows.assign(category=category, age=age(carer_rows["proxy_dob"], year_end))
    carers = carer_rows.groupby(key, as_index=False).agg(category=("category", "min"), age=("age", "min"))
    carers = carers[carers["category"].notna()]
    carers = carers.assign(
        age_band=band(carers["age"], "Other", "Other"),
        in_denominator=carers["category"].isin([1, 2, 3]),
        sds=carers["category"].isin([1, 2]),
        dp=carers["category"] == 1,
    )
    for measure, cohort_people, flag in (
        ("3D 1a", best, "sds"),
        ("3D 2a", best, "dp"),
        ("3D 1b", carers, "sds"),
        ("3D 2b", carers, "dp"),
    ):
        everyone = pd.Series(True, index=cohort_people.index)
        groups = [(name, cohort_people["age_band"] == name) for name in ("18 to 64", "65 and above")]
        results += counts(cohort_people, measure, [*groups, ("Total", everyone)], flag)
    return results


def _line(line: str, people: int, councils: int, memory_limit: str) -> dict:
    command = [sys.executable, __file__, "--line", line, "--people", str(people), "--councils", str(councils)]
    done = subprocess.run(
        [*command, "--memory-limit", memory_limit], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        print(done.stderr, file=sys.stderr)
        done.check_returncode()
    return json.loads(done.stdout.strip().splitlines()[-1])


def _same(duck_rows: list[list], pandas_rows: list[list]) -> list[str]:
    """Differences in numerator or denominator (and outcome beyond rounding) between the two."""
    theirs = {tuple(r[:3]): r for r in pandas_rows}
    problems = []
    for row in duck_rows:
        other = theirs.pop(tuple(row[:3]), None)
        if other is None or other[3:5] != row[3:5] or abs(other[5] - row[5]) > 0.051:
            problems.append(f"{row[:3]}: DuckDB {row[3:]}, pandas {other[3:] if other else 'missing'}")
    problems += [f"{key}: only in pandas" for key in theirs]
    return problems


def measure(
    people: int = 800_000, councils: int = 150, national: bool = True, memory_limit: str = "8GB", log=None
) -> dict:
    """Make the files once, then time each line in a fresh process."""
    say = log or (lambda message: print(message, file=sys.stderr, flush=True))
    say("  making the extract, its clean tables and the national files (once) ...")
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--make",
            "--people",
            str(people),
            "--councils",
            str(councils),
            "--memory-limit",
            memory_limit,
            *([] if national else ["--no-national"]),
        ],
        check=True,
        cwd=ROOT,
    )
    lines = {}
    for line in (
        "floor",
        "measures",
        "duckdb 2e3d",
        "pandas 2e3d",
        *(("national floor", "national measures") if national else ()),
    ):
        say(f"  {line} ...")
        lines[line] = _line(line, people, councils, memory_limit)
    mismatches = _same(lines["duckdb 2e3d"]["results"], lines["pandas 2e3d"]["results"])
    ratio = lines["measures"]["seconds"] / lines["floor"]["seconds"]
    speedup = lines["pandas 2e3d"]["seconds"] / lines["duckdb 2e3d"]["seconds"]
    problems = []
    if ratio > MEASURES_BUDGET:
        problems.append(f"all measures {ratio:.1f}× the floor (budget {MEASURES_BUDGET:.0f}×)")
    if speedup < PANDAS_BUDGET:
        problems.append(f"DuckDB {speedup:.1f}× faster than pandas for 2E and 3D (budget {PANDAS_BUDGET:.0f}×)")
    if mismatches:
        problems.append(f"pandas and DuckDB differ on {len(mismatches)} rows: {mismatches[:3]}")
    result = {
        "name": "CLD measures on a million-row extract and nationally",
        "people": people,
        "councils": councils if national else 0,
        "load": round(os.getloadavg()[0], 1),
        "memory_limit": memory_limit,
        "lines": lines,
        "measures_ratio": round(ratio, 2),
        "pandas_speedup": round(speedup, 2),
        "pandas_rows_compared": len(lines["duckdb 2e3d"]["results"]),
        "mismatches": mismatches,
    }
    if national:
        national_ratio = lines["national measures"]["seconds"] / lines["national floor"]["seconds"]
        result["national_ratio"] = round(national_ratio, 2)
        if national_ratio > NATIONAL_BUDGET:
            problems.append(f"national measures {national_ratio:.1f}× the floor (budget {NATIONAL_BUDGET:.0f}×)")
    result["problems"] = problems
    result["passed"] = not problems
    return result


def report_lines(result: dict) -> list[str]:
    lines = result["lines"]
    floor = lines["floor"]

    def row(label: str, line: dict, base: dict) -> str:
        return f"{label:<58}{line['seconds']:>9.1f}{line['peak_mb']:>9,}{line['seconds'] / base['seconds']:>9.1f}"

    text = [
        f"CLD measures (bench/cld_measures.py): {floor['rows']:,} rows, {floor['people']:,} people;"
        f" load average {result['load']:.1f}, DuckDB memory limit {result['memory_limit']}",
        f"{'Line':<58}{'Seconds':>9}{'Peak MB':>9}{'× floor':>9}",
        row("Floor: one DuckDB scan of the extract's Parquet", floor, floor),
        row(
            f"All measures (build {lines['measures']['build_seconds']:.1f} s, then each measure)",
            lines["measures"],
            floor,
        ),
        row("2E and 3D from the clean tables, DuckDB", lines["duckdb 2e3d"], floor),
        row("2E and 3D from the clean tables, pandas", lines["pandas 2e3d"], floor),
        f"Budgets: all measures ≤ {MEASURES_BUDGET:.0f}× floor ({result['measures_ratio']:.1f}×):"
        f" {'PASS' if result['measures_ratio'] <= MEASURES_BUDGET else 'FAIL'};"
        f" DuckDB ≥ {PANDAS_BUDGET:.0f}× faster than pandas ({result['pandas_speedup']:.1f}×):"
        f" {'PASS' if result['pandas_speedup'] >= PANDAS_BUDGET else 'FAIL'};"
        f" pandas equals DuckDB on {result['pandas_rows_compared']} rows:"
        f" {'PASS' if not result['mismatches'] else 'FAIL'}",
    ]
    if "national_ratio" in result:
        nfloor, nmeasures = lines["national floor"], lines["national measures"]
        text += [
            f"National: {result['councils']} councils, {nfloor['rows']:,} rows, {nfloor['people']:,} people",
            row("Floor: one DuckDB scan of every council's Parquet", nfloor, nfloor),
            row(
                f"All measures, all councils at once (build {nmeasures['build_seconds']:.1f} s)",
                nmeasures,
                nfloor,
            ),
            f"Budget: national ≤ {NATIONAL_BUDGET:.0f}× floor ({result['national_ratio']:.1f}×):"
            f" {'PASS' if result['national_ratio'] <= NATIONAL_BUDGET else 'FAIL'}",
        ]
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=800_000)
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--quick", action="store_true", help="100,000 people and 5 councils")
    parser.add_argument("--no-national", action="store_true")
    parser.add_argument("--memory-limit", default="8GB")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-fail", action="store_true")
    parser.add_argument("--line", help=argparse.SUPPRESS)
    parser.add_argument("--make", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.people, args.councils = 100_000, 5
    if args.make:
        cld_import._setup_django()
        _make(args.people, args.councils, not args.no_national, args.memory_limit)
        return 0
    if args.line:
        print(json.dumps(_run(args.line, args.people, args.councils, args.memory_limit), default=str))
        return 0
    result = measure(args.people, args.councils, not args.no_national, args.memory_limit)
    print("\n".join(report_lines(result)))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    return 0 if result["passed"] or args.no_fail else 1


if __name__ == "__main__":
    raise SystemExit(main())
