"""Several councils at once: the engine over a ``raw`` table holding two councils' extracts gives
each council exactly the rows it gets when loaded alone (the national benchmark's premise)."""

from __future__ import annotations

from datetime import date

from ascent.cld import duck, engine, measures_local, synthetic, validation

YEAR = (date(2024, 4, 1), date(2025, 3, 31))

#: Two councils, each with two quarterly extracts of the same synthetic world (the later one
#: overlaps the earlier, so the submission choice and de-duplication have work to do).
COUNCILS = {"E09000015": 11, "E06000019": 23}
EXTRACT_ENDS = (date(2024, 12, 31), date(2025, 3, 31))


def stored_extract(tmp_path, gss_code: str, seed: int, end: date, extract_id: int, people: int):
    """A synthetic extract, checked by the loader's validation and kept as the loader keeps it
    (every column as text, record_id, extract_id). Returns (extract_id, path, la_code)."""
    options = synthetic.Options(
        gss_code=gss_code,
        people=people,
        years=1,
        seed=seed,
        end=end,
        world_start=date(2022, 4, 1),
        world_end=date(2025, 3, 31),
    )
    csv = tmp_path / f"{gss_code}-{end:%Y%m}.csv"
    summary = synthetic.write(options, csv)
    con = duck.connect()
    try:
        report = validation.check_file(con, csv, kind="csv")
        assert not report.is_fatal
        stored = tmp_path / f"{gss_code}-{end:%Y%m}.parquet"
        con.execute(
            f"copy (select *, cast({int(extract_id)} as bigint) as extract_id from staged) to ? (format parquet)",
            [str(stored)],
        )
    finally:
        con.close()
    return extract_id, stored, summary.la_code


def two_councils(tmp_path, people: int = 300):
    """{la_code: [(extract_id, path), …] oldest first} for both councils."""
    extracts: dict[str, list] = {}
    extract_id = 1
    for gss_code, seed in COUNCILS.items():
        for end in EXTRACT_ENDS:
            found_id, path, la_code = stored_extract(tmp_path, gss_code, seed, end, extract_id, people)
            extracts.setdefault(la_code, []).append((found_id, path))
            extract_id += 1
    return extracts


def population(la_code: str):
    return [(la_code, 2024, "18 to 64", 150_000), (la_code, 2024, "65 and above", 45_000)]


def duckdb_rows(extracts, pop, period=YEAR) -> list[dict]:
    """Engine and local measure rows for the extracts (loaded in the order given)."""
    con = engine.connect()
    try:
        engine.load_extracts(con, extracts)
        engine.build(con, *period)
        return engine.run_measures(con, *period, population=pop) + measures_local.run_local(con, *period)
    finally:
        con.close()


def test_two_councils_together_give_each_what_it_gets_alone(tmp_path):
    extracts = two_councils(tmp_path)
    alone = []
    for la_code, own in extracts.items():
        rows = duckdb_rows(own, population(la_code))
        assert {row["la_code"] for row in rows} == {la_code}
        alone.extend(rows)
    # Together, the councils' extracts interleaved in load order (each council's own order kept).
    first, second = extracts.values()
    interleaved = [first[0], second[0], first[1], second[1]]
    together = duckdb_rows(interleaved, [row for la_code in extracts for row in population(la_code)])

    def key(row):
        return (row["la_code"], row["measure"], row.get("group", row.get("grp")))

    assert len(together) == len(alone)
    assert sorted(together, key=key) == sorted(alone, key=key)
    # Real figures, not empty ones: both councils have people in long-term support and in 2E.
    for la_code in extracts:
        lts = [r for r in together if r["la_code"] == la_code and r["measure"].startswith("People in long-term")]
        assert any(r["numerator"] for r in lts)
        total_2e = [r for r in together if r["la_code"] == la_code and r["measure"] == "2E" and r["group"] == "Total"]
        assert total_2e and total_2e[0]["denominator"] > 0


def test_the_pipeline_chooses_submissions_per_council(tmp_path):
    """Each council's quarters are served by its own extracts, numbered from 1."""
    extracts = two_councils(tmp_path, people=60)
    con = engine.connect()
    try:
        engine.load_extracts(con, [item for own in extracts.values() for item in own])
        engine.build(con, *YEAR)
        chosen = con.execute(
            "SELECT q.la_code, min(q.quarter_no), count(*), count(DISTINCT q.extract_id) "
            "FROM quarter_extracts AS q GROUP BY q.la_code ORDER BY 1"
        ).fetchall()
        owners = dict(con.execute("SELECT extract_id, la_code FROM extract_periods").fetchall())
        mixed = con.execute(
            "SELECT count(*) FROM quarter_extracts AS q JOIN extract_periods AS p USING (extract_id) "
            "WHERE p.la_code <> q.la_code"
        ).fetchone()[0]
        single = dict(con.execute("SELECT la_code, extract_id FROM single_extract").fetchall())
    finally:
        con.close()
    assert sorted(la for la, *_ in chosen) == sorted(extracts)
    assert all(first == 1 for _, first, _, _ in chosen)
    assert mixed == 0
    # The single submission is each council's latest extract.
    assert single == {la_code: own[-1][0] for la_code, own in extracts.items()}
    assert {owners[extract_id] for extract_id in single.values()} == set(extracts)
