"""The client-level data engine on Apache Spark: the same SQL files, transpiled, over Parquet.

The pipeline and measure files in ``ascent/cld/sql`` are written in portable SQL (no DuckDB
macros, QUALIFY, ``* REPLACE``/``* EXCLUDE``; the period comes from the one-row ``params``
table), so SQLGlot turns each into Spark SQL. :func:`transpile` does that per file; the runner
(:func:`build`, :func:`run_measures`, :func:`run_local`) executes the statements on a
SparkSession over the same stored Parquet files and returns rows in the engine's shape, each
with its council's ``la_code``. With many councils' extracts in ``raw`` (the national table)
every council gets the figures it gets alone (see docs/dev/spark.md).

What differs from DuckDB, handled here:

* ``CREATE TABLE x AS <query>`` becomes a temporary view over the query's result, checkpointed
  (materialised) so each later step reads it rather than recomputing the chain; ``CREATE VIEW``
  a plain temporary view; ``DROP`` drops the view.
* A measure's CTEs are each materialised once (``split_ctes``), as DuckDB computes them: Spark
  would inline a CTE at every reference, and the measures refer to theirs many times.
* DuckDB's ``quantile_cont(x, p)`` (exact, interpolated) becomes Spark's ``percentile(x, p)``:
  SQLGlot would write ``percentile_cont(x, p)``, which Spark does not accept.
* ``raw`` is read with Spark's Parquet reader (columns matched by name, missing optional columns
  added as NULL text) instead of DuckDB's ``read_parquet``.

pyspark is a development dependency: import this module only where Spark is installed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import sqlglot
from sqlglot import exp

from ascent.cld import codes, engine, measures_local

PIPELINE_FILES: tuple[str, ...] = (*engine.PIPELINE, engine.PERSON_DETAILS)
"""The pipeline files, in the order :func:`build` runs them."""

_SPARK_TYPES = {"VARCHAR": "STRING", "INTEGER": "INT", "BIGINT": "BIGINT", "BOOLEAN": "BOOLEAN", "DATE": "DATE"}


@dataclasses.dataclass(frozen=True)
class Statement:
    """One statement of a SQL file in Spark SQL.

    ``kind`` is 'table' (materialise ``query`` as ``name``), 'view' (a temporary view),
    'drop' (drop the view ``name``) or 'query' (a measure's SELECT, whose rows are the result).
    """

    kind: str
    name: str | None
    query: str | None

    @property
    def sql(self) -> str:
        """The statement as one Spark SQL command (for spark-sql or a notebook)."""
        if self.kind == "drop":
            return f"DROP VIEW IF EXISTS {self.name}"
        if self.kind == "query":
            return self.query
        return f"CREATE OR REPLACE TEMPORARY VIEW {self.name} AS\n{self.query}"


def _spark_functions(node: exp.Expression) -> exp.Expression:
    """Rewrites for functions SQLGlot does not carry across faithfully."""
    if isinstance(node, exp.PercentileCont) and node.args.get("expression") is not None:
        return exp.Anonymous(this="percentile", expressions=[node.this, node.expression])
    return node


def _split_ctes(query: exp.Expression, prefix: str) -> tuple[list[Statement], exp.Expression]:
    """The query's top-level CTEs as 'table' statements (views named ``prefix`` + CTE name) and
    the query reading them. Spark inlines a CTE at every reference; DuckDB computes it once.
    Materialising each keeps Spark's plans small and evaluates each CTE once, as DuckDB does."""
    with_ = query.args.get("with_")
    if with_ is None or with_.args.get("recursive"):
        return [], query
    renamed = {cte.alias: f"{prefix}{cte.alias}" for cte in with_.expressions}

    def retarget(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Table) and not node.args.get("db") and node.name in renamed:
            alias = node.alias or node.name
            return exp.Table(
                this=exp.to_identifier(renamed[node.name]), alias=exp.TableAlias(this=exp.to_identifier(alias))
            )
        return node

    statements = []
    for cte in with_.expressions:
        body = cte.this.copy().transform(retarget)
        columns = cte.args["alias"].columns
        if columns:
            alias = exp.TableAlias(this=exp.to_identifier("t"), columns=[column.copy() for column in columns])
            body = exp.select("*").from_(exp.Subquery(this=body, alias=alias))
        statements.append(Statement("table", renamed[cte.alias], body.sql(dialect="spark")))
    main = query.copy()
    main.set("with_", None)
    return statements, main.transform(retarget)


def transpile_sql(text: str, *, split_ctes: bool = False) -> list[Statement]:
    """Every statement of DuckDB SQL ``text`` as a :class:`Statement` in Spark SQL.

    With ``split_ctes`` each statement's top-level CTEs become tables of their own, computed
    once (named ``cte<n>_<name>`` and dropped after the statement), as the runner does.
    """
    statements: list[Statement] = []
    for number, tree in enumerate(sqlglot.parse(text, read="duckdb"), start=1):
        if tree is None:
            continue
        tree = tree.transform(_spark_functions)
        if isinstance(tree, exp.Drop):
            statements.extend(Statement("drop", table.name, None) for table in tree.find_all(exp.Table))
            continue
        query = tree.expression if isinstance(tree, exp.Create) else tree
        if query is None:
            raise ValueError(f"Cannot run on Spark: {tree.sql(dialect='duckdb')[:80]}")
        ctes, query = _split_ctes(query, f"cte{number}_") if split_ctes else ([], query)
        statements.extend(ctes)
        if isinstance(tree, exp.Create):
            kind = str(tree.args.get("kind", "")).upper()
            if kind not in {"TABLE", "VIEW"}:
                raise ValueError(f"Cannot run on Spark: {tree.sql(dialect='duckdb')[:80]}")
            statements.append(Statement(kind.lower(), tree.this.name, query.sql(dialect="spark")))
        else:
            statements.append(Statement("query", None, query.sql(dialect="spark")))
        statements.extend(Statement("drop", cte.name, None) for cte in ctes)
    return statements


def transpile(name: str, *, split_ctes: bool = False) -> list[Statement]:
    """The SQL file ``ascent/cld/sql/<name>`` in Spark SQL (its DuckDB text through SQLGlot)."""
    return transpile_sql(engine.sql_text(name), split_ctes=split_ctes)


def session(master: str | None = "local[2]", *, app_name: str = "ascent-cld", config: Mapping[str, str] | None = None):
    """A SparkSession for the engine (local by default; ``None`` leaves the master to spark-submit).
    Dates are taken in UTC and partition values (la_code) are read as text, never as numbers."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
        **(config or {}),
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def connect(spark, population: Iterable = ()) -> None:
    """Register the code lists (``ref_*``) and the ``population`` table on ``spark``."""
    tables = codes.reference_rows()
    for table, columns in codes.REFERENCE_COLUMNS.items():
        schema = ", ".join(f"{name} {_SPARK_TYPES[kind]}" for name, kind in columns)
        rows = [tuple(row) for row in tables.get(table, [])]
        spark.createDataFrame(rows, schema).createOrReplaceTempView(table)
    set_population(spark, population)


def set_population(spark, population: Iterable) -> None:
    """The ``population`` table: dicts or tuples of (la_code, year, age_band, population)."""
    rows = [
        (r["la_code"], r["year"], r["age_band"], r["population"]) if isinstance(r, Mapping) else tuple(r)
        for r in population
    ]
    schema = "la_code STRING, year INT, age_band STRING, population BIGINT"
    spark.createDataFrame(rows, schema).createOrReplaceTempView("population")


def _complete_raw(frame):
    """Add any spec column the files lack as NULL text (the pipeline reads every spec column)."""
    from pyspark.sql import functions

    for column in codes.COLUMNS:
        if column not in frame.columns:
            frame = frame.withColumn(column, functions.lit(None).cast("string"))
    return frame


def load_extracts(spark, extracts: Sequence[tuple[int, str | Path]]) -> None:
    """The ``raw`` table from stored extracts given oldest first, as :func:`engine.load_extracts`:
    each file's rows with its ``extract_id`` and ``load_order`` (1 = oldest)."""
    from pyspark.sql import functions

    if not extracts:
        raise engine.EngineError("No extracts to load.")
    frames = []
    for order, (extract_id, path) in enumerate(extracts, start=1):
        frame = spark.read.parquet(str(path)).drop("extract_id")
        frames.append(
            frame.withColumn("extract_id", functions.lit(int(extract_id)).cast("bigint")).withColumn(
                "load_order", functions.lit(order).cast("int")
            )
        )
    raw = frames[0]
    for frame in frames[1:]:
        raw = raw.unionByName(frame, allowMissingColumns=True)
    _complete_raw(raw).createOrReplaceTempView("raw")


def load_national(spark, path: str | Path) -> None:
    """The ``raw`` table from a national table: Parquet (optionally partitioned by la_code) whose
    rows carry every extract's columns as text plus ``record_id``, ``extract_id`` and
    ``load_order`` (each council's extracts numbered oldest first)."""
    _complete_raw(spark.read.option("mergeSchema", "true").parquet(str(path))).createOrReplaceTempView("raw")


def set_params(spark, period_start: dt.date, period_end: dt.date) -> None:
    """The one-row ``params`` table every SQL file reads its period from."""
    spark.createDataFrame([(period_start, period_end)], "period_start DATE, period_end DATE").createOrReplaceTempView(
        "params"
    )


def execute(spark, statements: Sequence[Statement]) -> list[dict]:
    """Run transpiled statements; the rows of the last 'query' statement as dicts."""
    rows: list[dict] = []
    for statement in statements:
        if statement.kind == "table":
            spark.sql(statement.query).localCheckpoint(eager=True).createOrReplaceTempView(statement.name)
        elif statement.kind == "view":
            spark.sql(statement.query).createOrReplaceTempView(statement.name)
        elif statement.kind == "drop":
            spark.catalog.dropTempView(statement.name)
        else:
            rows = [row.asDict() for row in spark.sql(statement.query).collect()]
    return rows


def build(spark, period_start: dt.date, period_end: dt.date) -> None:
    """The §6 pipeline over ``raw`` (as :func:`engine.build`): events, events_single,
    person_details and the tables they come from, for every council in ``raw``."""
    if period_end < period_start:
        raise engine.EngineError("The period ends before it starts.")
    set_params(spark, period_start, period_end)
    for name in PIPELINE_FILES:
        # The pipeline's CTEs are mostly used once: inlined, they cost Spark less than tables.
        execute(spark, transpile(name))


def run_measures(
    spark, period_start: dt.date, period_end: dt.date, measures: Iterable[str] | None = None
) -> list[dict]:
    """The registered ASCOF measures, rows as :func:`engine.run_measures` gives them (with la_code),
    after :func:`build` for the same period."""
    names = list(engine.MEASURES) if measures is None else list(measures)
    unknown = [name for name in names if name not in engine.MEASURES]
    if unknown:
        raise engine.EngineError(f"Unknown measure(s): {', '.join(unknown)}")
    set_params(spark, period_start, period_end)
    results: list[dict] = []
    for name in names:
        records = execute(spark, transpile(engine.MEASURES[name], split_ctes=True))
        results.extend(engine.measure_row(record, period_start, period_end) for record in records)
    return results


def run_local(
    spark, period_start: dt.date, period_end: dt.date, files: Sequence[str] = measures_local.LOCAL_FILES
) -> list[dict]:
    """The local measures, rows as :func:`measures_local.run_local` gives them (with la_code)."""
    set_params(spark, period_start, period_end)
    rows: list[dict] = []
    for name in files:
        rows.extend(execute(spark, transpile(name, split_ctes=True)))
    return rows
