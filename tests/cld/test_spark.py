"""Apache Spark (local mode) gives DuckDB's results for every measure and group.

Two councils' synthetic extracts (two quarterly extracts each, ~2,000 people in all) are loaded
into DuckDB by the engine; the ``raw`` table DuckDB builds is written as the national table
(Parquet partitioned by la_code, as docs/dev/spark.md describes) and Spark runs the same SQL
files, transpiled by SQLGlot, over it. Every row — each council's ASCOF and local measures —
must be identical.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ascent.cld import engine, measures_local

from .test_pipeline_councils import YEAR, population, two_councils

pytestmark = pytest.mark.slow

SQL_FILES = sorted(
    path.name
    for pattern in ("pipeline_*.sql", "measure_*.sql", "local_*.sql")
    for path in (Path(engine.__file__).parent / "sql").glob(pattern)
)


def _java_present() -> bool:
    home = os.environ.get("JAVA_HOME")
    return shutil.which("java") is not None or bool(home and (Path(home) / "bin" / "java").exists())


@pytest.fixture(scope="module")
def spark():
    if not _java_present():
        pytest.skip("Java is not installed, so Spark cannot run")
    from ascent.cld import spark as cld_spark

    scratch = Path(tempfile.mkdtemp(prefix="ascent-spark-"))
    session = cld_spark.session(
        "local[2]",
        app_name="ascent-cld-test",
        config={
            "spark.sql.shuffle.partitions": "1",
            "spark.default.parallelism": "2",
            "spark.driver.memory": "768m",
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.log.level": "OFF",
            "spark.sql.adaptive.enabled": "false",
            "spark.sql.codegen.wholeStage": "false",
            "spark.local.dir": str(scratch / "local"),
            "spark.sql.warehouse.dir": str(scratch / "warehouse"),
        },
    )
    try:
        yield session
    finally:
        session.stop()
        shutil.rmtree(scratch, ignore_errors=True)
        # py4j logs its connections closing when Python exits, after pytest has closed its streams.
        logging.getLogger("py4j").setLevel(logging.WARNING)


def test_every_sql_file_transpiles_to_spark_sql():
    """No file keeps a DuckDB-only form: each parses, and its Spark text names no macro,
    QUALIFY, REPLACE/EXCLUDE star or DuckDB-only function."""
    from ascent.cld import spark as cld_spark

    assert "measure_2a.sql" in SQL_FILES and "pipeline_events.sql" in SQL_FILES
    for name in SQL_FILES:
        if name == "measure_2a_sequels.sql":
            statements = cld_spark.transpile_sql(measures_local.sequels_2a_sql())
        else:
            statements = cld_spark.transpile(name)
        assert statements, name
        text = "\n".join(statement.sql for statement in statements).upper()
        for form in ("MACRO", "QUALIFY", "REPLACE (", "EXCLUDE (", "TRY_STRPTIME", "ARG_MIN", "ANY_VALUE", "$PERIOD"):
            assert form not in text, (name, form)
        if name.startswith(("measure_", "local_")):
            assert [s.kind for s in statements] == ["query"], name
    quantiles = "\n".join(s.sql for s in cld_spark.transpile("local_assessments.sql"))
    assert "PERCENTILE(days, 0.5)" in quantiles and "PERCENTILE_CONT" not in quantiles.upper()


def _key(row):
    return (row["la_code"], row["measure"], row.get("group", row.get("grp")))


def test_spark_gives_duckdbs_results_for_every_measure_and_group(spark, tmp_path):
    from ascent.cld import spark as cld_spark

    extracts = two_councils(tmp_path, people=1000)
    ordered = [item for own in extracts.values() for item in own]
    pop = [row for la_code in extracts for row in population(la_code)]

    con = engine.connect()
    try:
        engine.load_extracts(con, ordered)
        engine.build(con, *YEAR)
        duck = engine.run_measures(con, *YEAR, population=pop) + measures_local.run_local(con, *YEAR)
        raw_rows = con.execute("SELECT count(*) FROM raw").fetchone()[0]
        national = tmp_path / "national"
        con.execute(f"COPY raw TO '{national}' (FORMAT parquet, PARTITION_BY (la_code))")
    finally:
        con.close()

    cld_spark.connect(spark, pop)
    # The per-file loader reads the same rows as the national table holds.
    cld_spark.load_extracts(spark, ordered)
    assert spark.sql("SELECT count(*) AS n FROM raw").collect()[0].n == raw_rows
    cld_spark.load_national(spark, national)
    assert spark.sql("SELECT count(*) AS n FROM raw").collect()[0].n == raw_rows

    cld_spark.build(spark, *YEAR)
    rows = cld_spark.run_measures(spark, *YEAR) + cld_spark.run_local(spark, *YEAR)

    assert {row["la_code"] for row in duck} == set(extracts)
    assert len(rows) == len(duck)
    assert sorted(rows, key=_key) == sorted(duck, key=_key)
    # The figures are real: people in every council's 2E denominator and long-term support.
    for la_code in extracts:
        total_2e = next(r for r in rows if _key(r) == (la_code, "2E", "Total"))
        assert total_2e["denominator"] > 0
        assert any(r["numerator"] for r in rows if r["la_code"] == la_code and r["measure"].startswith("People in"))
