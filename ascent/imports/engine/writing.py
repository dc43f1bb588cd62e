"""Writing many rows quickly: batched SQL (COPY on PostgreSQL) and a larger SQLite page cache.

Used by :class:`~.model_schema.ModelSchema` to write imported rows, their history rows and
their change records, and to undo them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from django.db import connections, models, router

#: Rows written per INSERT or UPDATE batch.
BATCH_SIZE = 2000
#: Page cache for SQLite while an import writes, in KiB.
SQLITE_CACHE_KIB = 128 * 1024


@contextmanager
def _write_cache(model: type[models.Model]):
    """On SQLite, a larger page cache while an import writes (index updates need it): 4x faster."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


#: On PostgreSQL, check foreign keys as each statement ends rather than all at commit (see
#: :func:`_checks_per_statement`).
CHECK_PER_STATEMENT = True


@contextmanager
def _checks_per_statement(model: type[models.Model]):
    """On PostgreSQL, check the import's foreign keys as each statement ends, not at commit.

    Django makes every foreign key DEFERRABLE INITIALLY DEFERRED, so PostgreSQL queues one
    check for each reference written (about 1.5 million for a national file) and runs them
    one by one at commit. Checked per statement, each COPY or INSERT ... SELECT checks its
    own references as it ends (see bench/README.md for the figures). The same checks run,
    so nothing is less safe; a bad reference fails the statement instead of the commit.
    Afterwards the constraints are deferred again, as Django expects, for the rest of the
    transaction. Other databases check as they always do.
    """
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or not CHECK_PER_STATEMENT:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


_PLAIN_FIELDS = (
    models.DecimalField,
    models.IntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.ForeignKey,
)


class _TableWriter:
    """Writes many rows of one model with ``executemany``, in batches.

    Imports write tens of thousands of rows, their history rows and their change records;
    going through the ORM's per-value preparation for each costs far more than the database
    work. The values written are the model's own field values (dates and times adapted once
    per distinct value, JSON encoded by the field), so the rows are what the ORM would write.
    Nothing here sends model signals: history rows are written explicitly, with the person
    and the reason (see :meth:`insert_history`).
    """

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.meta = model._meta
        self.connection = connections[router.db_for_write(model)]
        self.fields = {field.attname: field for field in self.meta.concrete_fields}
        self.columns = tuple(name for name, field in self.fields.items() if not field.primary_key)

    def _quote(self, name: str) -> str:
        return self.connection.ops.quote_name(name)

    @property
    def table(self) -> str:
        return self._quote(self.meta.db_table)

    def column(self, attname: str) -> str:
        """The quoted database column of a field."""
        return self._quote(self.fields[attname].column)

    def _adapters(self, attnames: Sequence[str]) -> list[Callable[[Any], Any] | None]:
        adapters: list[Callable[[Any], Any] | None] = []
        for name in attnames:
            field = self.fields[name]
            if isinstance(field, models.DateTimeField):
                adapters.append(self._memo(field))  # time zones: stored as Django stores them
            elif isinstance(field, models.DateField):
                adapters.append(None)  # both drivers adapt dates as Django does (ISO 8601)
            elif isinstance(field, _PLAIN_FIELDS):
                adapters.append(None)  # ints, text, booleans and Decimals go to the driver as they are
            else:
                adapters.append(self._prepare(field))
        return adapters

    def _prepare(self, field):
        connection = self.connection

        def prepare(value):
            return field.get_db_prep_save(value, connection)

        return prepare

    def _memo(self, field):
        prepare = self._prepare(field)
        seen: dict[Any, Any] = {}

        def memo(value):
            found = seen.get(value, seen)
            if found is seen:
                found = seen[value] = prepare(value)
            return found

        return memo

    def _adapt(self, attnames: Sequence[str], rows: Sequence[tuple], constants: dict[str, Any] | None) -> list:
        adapters = self._adapters(attnames)
        active = [(index, adapter) for index, adapter in enumerate(adapters) if adapter is not None]
        tail = ()
        if constants:
            tail = tuple(
                value if adapter is None or value is None else adapter(value)
                for adapter, value in zip(self._adapters(list(constants)), constants.values(), strict=True)
            )
        if not active:
            return [(*row, *tail) for row in rows] if tail else list(rows)
        adapted = []
        for row in rows:
            row = list(row)
            for index, adapter in active:
                value = row[index]
                if value is not None:
                    row[index] = adapter(value)
            if tail:
                row.extend(tail)
            adapted.append(row)
        return adapted

    def _executemany(self, sql: str, params: Sequence) -> None:
        with self.connection.cursor() as cursor:
            for start in range(0, len(params), BATCH_SIZE):
                cursor.executemany(sql, params[start : start + BATCH_SIZE])

    def insert(
        self, attnames: Sequence[str], rows: Sequence[tuple], *, constants: dict[str, Any] | None = None
    ) -> None:
        """Insert rows of ``attnames`` values; ``constants`` are the same for every row."""
        if not rows:
            return
        names = [*attnames, *(constants or {})]
        columns = ", ".join(self._quote(self.fields[name].column) for name in names)
        params = self._adapt(attnames, rows, constants)
        if self.connection.vendor == "postgresql":
            # COPY streams every row in one command; psycopg adapts each value by its type.
            with (
                self.connection.cursor() as cursor,
                cursor.cursor.copy(
                    f"COPY {self.table} ({columns}) FROM STDIN"  # noqa: S608
                ) as copy,
            ):
                for row in params:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(names))
        self._executemany(f"INSERT INTO {self.table} ({columns}) VALUES ({placeholders})", params)  # noqa: S608

    def update(self, attnames: Sequence[str], rows: Sequence[tuple]) -> None:
        """Set ``attnames`` on rows given as (values..., primary key)."""
        if not rows:
            return
        pk = self.meta.pk
        assignments = ", ".join(f"{self._quote(self.fields[name].column)} = %s" for name in attnames)
        sql = f"UPDATE {self._quote(self.meta.db_table)} SET {assignments} WHERE {self._quote(pk.column)} = %s"  # noqa: S608
        self._executemany(sql, self._adapt([*attnames, pk.attname], rows, None))

    def delete_where(self, where: tuple[str, list]) -> None:
        # The caller has written the rows' "deleted" history rows and dealt with whatever
        # refers to them (see rollback.remove_dependents); a reference it missed would fail
        # the delete, as the database's foreign-key constraint says.
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE {where[0]}", where[1])  # noqa: S608

    def copy_from(
        self,
        source: _TableWriter,
        attnames: Sequence[str] | dict[str, str],
        where: tuple[str, list],
        constants: dict[str, Any],
    ) -> None:
        """INSERT ... SELECT: copy fields of ``source`` rows matching ``where`` into this table.

        ``attnames`` lists fields with the same name in both tables, or maps this table's field
        to the source's. ``constants`` are set on every copied row.
        """
        pairs = attnames.items() if isinstance(attnames, dict) else [(name, name) for name in attnames]
        targets = [self.column(target) for target, _ in pairs] + [self.column(name) for name in constants]
        selected = [source.column(name) for _, name in pairs] + ["%s"] * len(constants)
        params = list(self._adapt(list(constants), [tuple(constants.values())], None)[0])
        sql = (
            f"INSERT INTO {self._quote(self.meta.db_table)} ({', '.join(targets)}) "  # noqa: S608
            f"SELECT {', '.join(selected)} FROM {self._quote(source.meta.db_table)} WHERE {where[0]}"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, *where[1]])

    @property
    def tracked(self) -> list[str]:
        """For a django-simple-history model: the attnames of the fields it copies."""
        return [field.attname for field in self.model.tracked_fields]

    def insert_history(self, rows: Sequence[dict[str, Any]], *, history_type: str, **history_fields: Any) -> None:
        """Write django-simple-history rows for records given as dicts of their field values."""
        tracked = self.tracked
        self.insert(
            tracked,
            [itemgetter(*tracked)(row) for row in rows],
            constants={"history_type": history_type, **history_fields},
        )
