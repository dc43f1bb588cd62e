"""The usual schema: one model with a natural key (duplicates, new / revised / unchanged, history, rollback)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone

from ..models import ImportChange, ImportRun
from .schema import NEW, REVISED, UNCHANGED, Column, Counts, ImportRefused, Option, Record, RowError, SourceRow
from .writing import _TableWriter, _write_cache


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def history_reason(run: ImportRun, verb: str = "Import") -> str:
    return f"{verb} {run.pk}: {run.file_name}"[:100]


class ModelSchema:
    """A schema that writes one model with a natural key.

    Subclasses set the class attributes and implement :meth:`parse`, which turns source rows
    into ``(row number, field values)`` pairs (reporting errors as it goes), and
    :meth:`existing_filter`, which narrows the query for rows that may already exist. The
    model must have an ``import_run`` foreign key and an ``updated_at`` field.
    """

    kind: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str] = ""
    columns: ClassVar[tuple[Column, ...]]
    options: ClassVar[tuple[Option, ...]] = ()
    organisation_column: ClassVar[str | None] = "organisation"
    preview_headings: ClassVar[tuple[str, ...]] = ()
    model: ClassVar[type[models.Model]]
    #: Field attnames making the natural key, and the column names an error about a duplicate names.
    key_fields: ClassVar[tuple[str, ...]]
    key_columns: ClassVar[tuple[str, ...]]
    key_description: ClassVar[str]
    #: Fields whose values decide whether a row is revised, and which a revision writes.
    compare_fields: ClassVar[tuple[str, ...]]

    # --- hooks ---

    def parse(
        self, rows: Sequence[SourceRow], errors: list[RowError], *, organisation, user, options: dict
    ) -> Iterable[tuple[int, dict[str, Any]]]:
        raise NotImplementedError

    def existing_filter(self, values: Sequence[dict[str, Any]]) -> dict[str, Any]:
        raise NotImplementedError

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fields = getattr(cls, "key_fields", None)
        if fields:
            pick = itemgetter(*fields)
            cls._pick_key = staticmethod(pick if len(fields) > 1 else lambda values: (pick(values),))

    def key_of(self, values: dict[str, Any]) -> tuple:
        """The natural key of a record's values (or of an existing row's), as a tuple."""
        return self._pick_key(values)

    def key_of_row(self, row: tuple) -> tuple:
        """The natural key of a tuple (id, *key_fields) read from the database."""
        if type(self).key_of is ModelSchema.key_of:
            return row[1:]
        return self.key_of(dict(zip(self.key_fields, row[1:], strict=True)))

    def suggest_options(self, mapping: dict[str, str]) -> dict[str, bool]:
        """Options to tick before the person chooses, judged from the matched headings."""
        return {}

    def stamps(self, user) -> dict[str, Any]:
        """Fields every write sets besides ``import_run`` (for example who entered the value)."""
        return {}

    def describe(self, values: dict[str, Any]) -> tuple[str, ...]:
        """A record's values for the preview table (call after :meth:`validate`, which loads names)."""
        return ()

    # --- the protocol ---

    def validate(self, rows, *, organisation=None, user=None, options=None):
        errors: list[RowError] = []
        key_of = self.key_of
        parsed = [
            (number, key_of(values), values)
            for number, values in self.parse(rows, errors, organisation=organisation, user=user, options=options or {})
        ]
        first: dict[tuple, int] = {}
        duplicates: set[tuple] = set()
        for number, key, _ in parsed:
            if key in first:
                duplicates.add(key)
            else:
                first[key] = number
        if duplicates:
            parsed = self._drop_duplicates(parsed, duplicates, rows, errors)
        existing = self._existing([values for _, _, values in parsed])
        records = []
        append = records.append
        compare = self.compare_fields
        for number, key, values in parsed:
            current = existing.get(key)
            if current is None:
                action = NEW
            elif all(current[name] == values[name] for name in compare):
                action = UNCHANGED
            else:
                action = REVISED
            append(Record(number, key, values, current, action))
        return records, errors

    def _drop_duplicates(self, parsed, duplicates, rows, errors):
        texts = {row.number: row for row in rows}
        columns = ",".join(self.key_columns)
        numbers_of: dict[tuple, list[int]] = {}
        for number, key, _ in parsed:
            if key in duplicates:
                numbers_of.setdefault(key, []).append(number)
        for numbers in numbers_of.values():
            for number in numbers:
                others = [str(n) for n in numbers if n != number]
                row = texts.get(number)
                value = ", ".join(row[name] for name in self.key_columns if row[name]) if row else ""
                where = "row " + others[0] if len(others) == 1 else "rows " + ", ".join(others)
                errors.append(
                    RowError(number, columns, value, f"{where} has the same {self.key_description}: keep only one")
                )
        return [item for item in parsed if item[1] not in duplicates]

    def _existing(self, values: Sequence[dict[str, Any]]) -> dict[tuple, dict[str, Any]]:
        if not values:
            return {}
        # Only what deciding and recording a revision needs: the key, the compared values and
        # the provenance a revision replaces (kept in ImportChange.previous for rollback).
        attnames = dict.fromkeys(("id", *self.key_fields, *self.compare_fields, "import_run_id", *self.stamps(None)))
        query = self.model._default_manager.filter(**self.existing_filter(values)).order_by()
        return {self.key_of(row): row for row in query.values(*attnames)}

    def commit(self, run: ImportRun, records: Sequence[Record], user) -> Counts:
        with _write_cache(self.model):
            return self._commit(run, records, user)

    def rollback(self, run: ImportRun, user) -> None:
        with _write_cache(self.model):
            self._rollback(run, user)

    def _commit(self, run: ImportRun, records: Sequence[Record], user) -> Counts:
        now = timezone.now()
        reason = history_reason(run)
        stamps = {"import_run_id": run.pk, **self.stamps(user), "updated_at": now}
        new = [record for record in records if record.action == NEW]
        revised = [record for record in records if record.action == REVISED]
        counts = Counts(read=run.rows_read, created=len(new), revised=len(revised))
        counts.unchanged = len(records) - counts.created - counts.revised
        writer = _TableWriter(self.model)
        history = _TableWriter(self.model.history.model)
        changes = _TableWriter(ImportChange)
        label = self.model._meta.label_lower
        history_fields = {"history_date": now, "history_change_reason": reason, "history_user_id": _user_id(user)}
        stamped = (f"{writer.column('import_run_id')} = %s", [run.pk])
        if revised:
            fields = [*self.compare_fields, *stamps]
            writer.update(fields, [(*itemgetter(*fields)({**r.values, **stamps}), r.existing["id"]) for r in revised])
            # Only the revised rows carry this run so far: their "changed" history is copied from them.
            history.copy_from(writer, history.tracked, stamped, {"history_type": "~", **history_fields})
            kept = [name for name in fields if name != "updated_at"]
            changes.insert(
                ("object_id", "previous"),
                [(r.existing["id"], {name: _jsonable(r.existing[name]) for name in kept}) for r in revised],
                constants={"run_id": run.pk, "model": label, "created": False},
            )
        if new:
            # Values every new row shares (the run, the time) are bound once, not per row; the
            # history and change rows are copied inside the database from the rows just written.
            varying = [name for name in writer.columns if name not in stamps]
            pick = itemgetter(*varying)
            writer.insert(varying, [pick(record.values) for record in new], constants=stamps)
            created = stamped
            if revised:
                revised_ids = (
                    f"SELECT {changes.column('object_id')} FROM {changes.table} "  # noqa: S608
                    f"WHERE {changes.column('run_id')} = %s AND {changes.column('model')} = %s"
                )
                created = (f"{stamped[0]} AND {writer.column('id')} NOT IN ({revised_ids})", [run.pk, run.pk, label])
            history.copy_from(writer, history.tracked, created, {"history_type": "+", **history_fields})
            changes.copy_from(writer, {"object_id": "id"}, created, {"run_id": run.pk, "model": label, "created": True})
        return counts

    def _rollback(self, run: ImportRun, user) -> None:
        model = self.model
        label = model._meta.label_lower
        recorded = ImportChange.objects.filter(run=run, model=label)
        changes = list(recorded.values_list("object_id", "created", "previous"))
        still_ours = set(model._default_manager.filter(import_run_id=run.pk).values_list("id", flat=True))
        moved = [object_id for object_id, _, _ in changes if object_id not in still_ours]
        if moved:
            self._refuse_if_changed(moved)
        history_fields = {
            "history_date": timezone.now(),
            "history_change_reason": history_reason(run, "Rollback of import"),
            "history_user_id": _user_id(user),
        }
        writer = _TableWriter(model)
        history = _TableWriter(model.history.model)
        log = _TableWriter(ImportChange)

        def written(created: bool) -> tuple[str, list]:
            subquery = (
                f"SELECT {log.column('object_id')} FROM {log.table} WHERE {log.column('run_id')} = %s "  # noqa: S608
                f"AND {log.column('model')} = %s AND {log.column('created')} = %s"
            )
            return f"{writer.column('id')} IN ({subquery})", [run.pk, label, created]

        # Rows the run created (and nobody has changed since): record their deletion, then delete.
        created_rows = written(True)
        ours = (f"{writer.column('import_run_id')} = %s AND {created_rows[0]}", [run.pk, *created_rows[1]])
        history.copy_from(writer, history.tracked, ours, {"history_type": "-", **history_fields})
        writer.delete_where(ours)
        # Rows the run revised: put back the values it replaced, then record the change.
        fields = {f.attname: f for f in model._meta.concrete_fields}
        restored: dict[tuple[str, ...], list[tuple]] = {}
        for object_id, created, previous in changes:
            if created or object_id not in still_ours:
                continue
            names = tuple(name for name in previous or {} if name in fields)
            values = tuple(fields[name].to_python(previous[name]) for name in names)
            restored.setdefault(names, []).append((*values, history_fields["history_date"], object_id))
        for names, rows in restored.items():
            writer.update([*names, "updated_at"], rows)
        if restored:
            history.copy_from(writer, history.tracked, written(False), {"history_type": "~", **history_fields})

    def _refuse_if_changed(self, ids: list[int]) -> None:
        manager = self.model._default_manager
        later = []
        for start in range(0, len(ids), 500):
            later.extend(manager.filter(pk__in=ids[start : start + 500]).values_list("import_run_id", flat=True))
        if not later:
            return  # the rows were deleted since: nothing to undo for them
        run_ids = sorted({pk for pk in later if pk is not None})
        runs = ImportRun.objects.filter(pk__in=run_ids[:3]).order_by("pk")
        named = "; ".join(f"import {run.pk} of {run.file_name}" for run in runs)
        by = f" (by {named})" if named else " (by a change made on the web)"
        rows = "1 of the rows it wrote has" if len(later) == 1 else f"{len(later):,} of the rows it wrote have"
        hint = " Roll back the later import first." if named else ""
        raise ImportRefused(f"This import cannot be rolled back: {rows} been changed since{by}.{hint}")


def _user_id(user) -> int | None:
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None
