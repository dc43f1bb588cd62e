"""The national import beside its floor, on the database the benchmark uses (SQLite or PostgreSQL).

Each line runs in a transaction that is rolled back, on a copy of the benchmark database
whose indicator values (and their history and change records) are deleted first, so every
line writes the 332,928 values afresh, as the first import did:

- **Import**: ``import_file`` of the national file: reading, checking and writing the values,
  their history rows and change records. Deferred foreign-key checks (PostgreSQL) are fired
  before the clock stops (``SET CONSTRAINTS ALL IMMEDIATE``), as a commit would fire them.
- **Floor**: the same rows and their history rows written with nothing else: one bare
  ``executemany`` INSERT per table on SQLite, one ``COPY`` per table on PostgreSQL, foreign-key
  checks included. No import can be faster than this.
- **simple-history bulk utilities**: ``bulk_create_with_history`` of a sample of the rows, to
  judge replacing the engine's own history writing with it (see docs/adr/).

    .venv/bin/python bench/imports.py                      # SQLite (bench/results/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_imports .venv/bin/python bench/imports.py

``bench/run.py`` runs the same lines (:func:`measure`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Rows written by the simple-history line (a sample: the ORM path is slow enough to show its rate).
SAMPLE_ROWS = 50_000


class _Rollback(Exception):
    pass


def _in_rolled_back_transaction(work):
    """Run ``work()`` in a transaction that is then rolled back; returns what it returned."""
    from django.db import transaction

    box = {}
    try:
        with transaction.atomic():
            _clear_observations()
            box["result"] = work()
            raise _Rollback
    except _Rollback:
        pass
    return box["result"]


def _clear_observations() -> None:
    """Delete every indicator value, its history and change records (inside the caller's transaction)."""
    from django.db import connection

    from ascent.imports.models import ImportChange
    from ascent.indicators.models import Observation

    quote = connection.ops.quote_name
    # TRUNCATE on PostgreSQL (transactional there): deleted rows would leave dead index entries
    # that every insert's uniqueness check then visits, which a first import never meets.
    empty = "TRUNCATE" if connection.vendor == "postgresql" else "DELETE FROM"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(ImportChange._meta.db_table)} WHERE {quote('model')} = %s",  # noqa: S608
            [Observation._meta.label_lower],
        )
        for model in (Observation.history.model, Observation):
            # CASCADE: whatever refers to the values goes too (the transaction is rolled back).
            cascade = " CASCADE" if connection.vendor == "postgresql" else ""
            cursor.execute(f"{empty} {quote(model._meta.db_table)}{cascade}")  # noqa: S608


def _fire_deferred_checks() -> None:
    """On PostgreSQL, run the foreign-key checks a commit would run (no-op elsewhere)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _rows_and_history() -> tuple[list[str], list[tuple], list[str], list[tuple]]:
    """Every indicator value's row as stored, and the history row an import writes for it."""
    from django.db import connection
    from django.utils import timezone

    from ascent.indicators.models import Observation

    meta = Observation._meta
    columns = [field.column for field in meta.concrete_fields]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(meta.db_table)}")  # noqa: S608
        rows = cursor.fetchall()
    history_meta = Observation.history.model._meta
    history_columns = [*columns, "history_date", "history_change_reason", "history_type", "history_user_id"]
    now = timezone.now()
    if connection.vendor == "sqlite":
        now = connection.ops.adapt_datetimefield_value(now)
    history = [(*row, now, "Floor", "+", None) for row in rows]
    assert all(name in {f.column for f in history_meta.concrete_fields} for name in history_columns)
    return columns, rows, history_columns, history


def _write_bare(table: str, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection

    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows)  # noqa: S608


def time_import(data: bytes, file_name: str) -> dict:
    from ascent.imports.engine import import_file

    def work():
        started = time.perf_counter()
        result, run = import_file("observations", data, file_name)
        _fire_deferred_checks()
        seconds = time.perf_counter() - started
        if run is None:
            raise RuntimeError(f"{file_name} did not import: {result.errors[:3]}")
        return {"rows": result.counts.read, "created": result.counts.created, "seconds": seconds}

    return _in_rolled_back_transaction(work)


def time_floor() -> dict:
    from ascent.indicators.models import Observation

    columns, rows, history_columns, history = _rows_and_history()

    def work():
        started = time.perf_counter()
        _write_bare(Observation._meta.db_table, columns, rows)
        _write_bare(Observation.history.model._meta.db_table, history_columns, history)
        _fire_deferred_checks()
        return {"rows": len(rows), "seconds": time.perf_counter() - started}

    return _in_rolled_back_transaction(work)


def time_simple_history(sample: int = SAMPLE_ROWS) -> dict:
    from simple_history.utils import bulk_create_with_history

    from ascent.indicators.models import Observation

    fields = [field.attname for field in Observation._meta.concrete_fields if not field.primary_key]
    values = list(Observation.objects.order_by("pk").values_list(*fields)[:sample])

    def work():
        objects = [Observation(**dict(zip(fields, row, strict=True))) for row in values]
        started = time.perf_counter()
        bulk_create_with_history(objects, Observation, batch_size=2000, default_change_reason="Import")
        _fire_deferred_checks()
        return {"rows": len(objects), "seconds": time.perf_counter() - started}

    return _in_rolled_back_transaction(work)


def measure(log=print) -> list[dict]:
    """The import lines beside the floor, as dicts (name, rows, seconds, rows_per_second, floor ratio)."""
    from django.db import connection

    from bench.generate import observations_file

    vendor = connection.vendor
    data = observations_file()
    log(f"  import, floor and simple-history lines on {vendor} ...")
    imported = time_import(data, "observations.csv")
    floor = time_floor()
    bulk = time_simple_history()
    lines = []
    floor_rate = floor["rows"] / floor["seconds"]
    for name, figures in (
        (f"Import, national file ({vendor})", imported),
        (f"Floor: {'COPY' if vendor == 'postgresql' else 'executemany'} of the rows and history rows", floor),
        (f"simple-history bulk_create_with_history ({SAMPLE_ROWS:,}-row sample)", bulk),
    ):
        rate = figures["rows"] / figures["seconds"]
        lines.append(
            {
                "name": name,
                "database": vendor,
                "rows": figures["rows"],
                "seconds": round(figures["seconds"], 2),
                "rows_per_second": round(rate),
                "floor_rows_per_second": round(floor_rate),
                "ratio_to_floor": round(rate / floor_rate, 2),
            }
        )
    return lines


def table(lines: list[dict]) -> str:
    heading = f"{'Line':<62} {'Rows':>9} {'Seconds':>8} {'Rows/s':>9} {'Floor/s':>9} {'Ratio':>6}"
    return "\n".join(
        [
            heading,
            *(
                f"{line['name']:<62} {line['rows']:>9,} {line['seconds']:>8.1f} {line['rows_per_second']:>9,} "
                f"{line['floor_rows_per_second']:>9,} {line['ratio_to_floor']:>6.2f}"
                for line in lines
            ),
        ]
    )


def report(log=print) -> list[dict]:
    """Measure the lines and log their table (bench/run.py's hook)."""
    lines = measure(log)
    for row in table(lines).splitlines():
        log(f"  {row}")
    return lines


def main() -> int:
    from bench.generate import configure, ensure_database

    url = configure()
    ensure_database(url, log=lambda message: print(message, file=sys.stderr))
    print(table(measure(lambda message: print(message, file=sys.stderr))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
