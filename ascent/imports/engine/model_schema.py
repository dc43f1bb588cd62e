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
from .rollback import (
    Change,
    KeptRow,
    RollbackBlocked,
    RollbackOutcome,
    changed_since,
    chunks,
    dependents,
    protected,
    remove_dependents,
)
from .schema import NEW, REVISED, UNCHANGED, Column, Counts, Option, Record, RowError, SourceRow
from .writing import _checks_per_statement, _TableWriter, _write_cache


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


#: Row numbers a duplicate error names; the others are counted.
ROWS_NAMED = 5


def rows_named(numbers: Sequence[int]) -> str:
    """ "Rows 2 and 3", or "Rows 2, 3, 4, 5, 6 and 7,995 others": a few numbers, and a count."""
    shown = [f"{number:,}" for number in numbers[:ROWS_NAMED]]
    rest = len(numbers) - len(shown)
    if rest:
        return f"Rows {', '.join(shown)} and {rest:,} other{'s' if rest != 1 else ''}"
    return f"Rows {', '.join(shown[:-1])} and {shown[-1]}"


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

    def warn(self, records: Sequence[Record]) -> list[RowError]:
        """Likely slips in rows that are allowed, to confirm before importing (call after :meth:`validate`)."""
        return []

    # --- the protocol ---

    def validate(self, rows, *, organisation=None, user=None, options=None):
        errors: list[RowError] = []
        key_of = self.key_of
        parsed = [
            (number, key_of(values), values)
            for number, values in self.parse(rows, errors, organisation=organisation, user=user, options=options or {})
        ]
        # One pass: the rows of each key, in file order. A key with more than one row is a
        # duplicate, reported once for its group (never once per row naming every other:
        # 8,000 identical rows made a 47 MB error report that way).
        rows_of: dict[tuple, list[int]] = {}
        duplicated = False
        for number, key, _ in parsed:
            numbers = rows_of.get(key)
            if numbers is None:
                rows_of[key] = [number]
            else:
                numbers.append(number)
                duplicated = True
        if duplicated:
            parsed = self._drop_duplicates(parsed, rows_of, rows, errors)
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

    def _drop_duplicates(self, parsed, rows_of, rows, errors):
        groups = {key: numbers for key, numbers in rows_of.items() if len(numbers) > 1}
        first_rows = {numbers[0] for numbers in groups.values()}
        texts = {row.number: row for row in rows if row.number in first_rows}
        columns = ",".join(self.key_columns)
        kind = f"Rows with the same {self.key_description}"
        for numbers in groups.values():
            row = texts.get(numbers[0])
            value = ", ".join(row[name] for name in self.key_columns if row[name]) if row else ""
            reason = f"{rows_named(numbers)} have the same {self.key_description}: keep only one"
            errors.append(RowError(numbers[0], columns, value, reason, kind))
        return [item for item in parsed if item[1] not in groups]

    def _existing(self, values: Sequence[dict[str, Any]]) -> dict[tuple, dict[str, Any]]:
        if not values:
            return {}
        # Only what deciding and recording a revision needs: the key, the compared values and
        # the provenance a revision replaces (kept in ImportChange.previous for rollback).
        attnames = dict.fromkeys(("id", *self.key_fields, *self.compare_fields, "import_run_id", *self.stamps(None)))
        query = self.model._default_manager.filter(**self.existing_filter(values)).order_by()
        return {self.key_of(row): row for row in query.values(*attnames)}

    def commit(self, run: ImportRun, records: Sequence[Record], user) -> Counts:
        with _write_cache(self.model), _checks_per_statement(self.model):
            return self._commit(run, records, user)

    def rollback(
        self, run: ImportRun, user, *, keep_changed: bool = False, check_only: bool = False
    ) -> RollbackOutcome | None:
        """Undo ``run``; rows changed since it (or referred to) refuse it, or with ``keep_changed`` stay.

        With ``check_only``, only find what would refuse it (raising RollbackBlocked) and change nothing.
        """
        with _write_cache(self.model):
            return self._rollback(run, user, keep_changed=keep_changed, check_only=check_only)

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
                constants={"run_id": run.pk, "model": label, "created": False, "kept": False},
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
            logged = {"run_id": run.pk, "model": label, "created": True, "kept": False}
            changes.copy_from(writer, {"object_id": "id"}, created, logged)
        return counts

    def _rollback(
        self, run: ImportRun, user, *, keep_changed: bool, check_only: bool = False
    ) -> RollbackOutcome | None:
        model = self.model
        label = model._meta.label_lower
        recorded = ImportChange.objects.filter(run=run, model=label)
        written_ids = recorded.values("object_id")
        changed = changed_since(model, run, written_ids, self.compare_fields)
        still_ours = set(model._default_manager.filter(import_run_id=run.pk).values_list("id", flat=True))
        created_ids = set(recorded.filter(created=True).values_list("object_id", flat=True))
        to_delete = sorted((created_ids & still_ours) - set(changed))
        blocked = protected(model, to_delete) if dependents(model) else {}
        kept = self._kept_rows(changed, blocked)
        if kept and not keep_changed:
            untouched = len(still_ours - set(changed) - set(blocked))
            raise RollbackBlocked(_blocked_message(changed, blocked), kept=kept, untouched=untouched)
        if check_only:
            return None
        history_fields = {
            "history_date": timezone.now(),
            "history_change_reason": history_reason(run, "Rollback of import"),
            "history_user_id": _user_id(user),
        }
        writer = _TableWriter(model)
        history = _TableWriter(model.history.model)
        log = _TableWriter(ImportChange)
        if kept:
            # Marked first, so that the statements below (which find the run's rows through its
            # change records) pass them over; the marks also record, for good, what stayed.
            log._executemany(
                f"UPDATE {log.table} SET {log.column('kept')} = %s "  # noqa: S608
                f"WHERE {log.column('run_id')} = %s AND {log.column('model')} = %s "
                f"AND {log.column('object_id')} = %s",
                [(True, run.pk, label, row.object_id) for row in kept],
            )

        def written(created: bool) -> tuple[str, list]:
            subquery = (
                f"SELECT {log.column('object_id')} FROM {log.table} WHERE {log.column('run_id')} = %s "  # noqa: S608
                f"AND {log.column('model')} = %s AND {log.column('created')} = %s AND {log.column('kept')} = %s"
            )
            return f"{writer.column('id')} IN ({subquery})", [run.pk, label, created, False]

        # Rows the run created (and nobody has changed since): deal with what refers to them,
        # record their deletion, then delete them.
        deleting = [object_id for object_id in to_delete if object_id not in blocked]
        if dependents(model):
            remove_dependents(model, deleting, user=user, reason=history_fields["history_change_reason"])
        created_rows = written(True)
        ours = (f"{writer.column('import_run_id')} = %s AND {created_rows[0]}", [run.pk, *created_rows[1]])
        history.copy_from(writer, history.tracked, ours, {"history_type": "-", **history_fields})
        writer.delete_where(ours)
        # Rows the run revised: put back the values it replaced, then record the change.
        fields = {f.attname: f for f in model._meta.concrete_fields}
        restored: dict[tuple[str, ...], list[tuple]] = {}
        count = 0
        for object_id, created, previous in recorded.values_list("object_id", "created", "previous"):
            if created or object_id not in still_ours or object_id in changed:
                continue
            names = tuple(name for name in previous or {} if name in fields)
            values = tuple(fields[name].to_python(previous[name]) for name in names)
            restored.setdefault(names, []).append((*values, history_fields["history_date"], object_id))
            count += 1
        for names, rows in restored.items():
            writer.update([*names, "updated_at"], rows)
        if restored:
            history.copy_from(writer, history.tracked, written(False), {"history_type": "~", **history_fields})
        return RollbackOutcome(deleted=len(deleting), restored=count, kept=kept)

    def _kept_rows(self, changed: dict[int, Change], blocked: dict[int, str]) -> list[KeptRow]:
        ids = sorted({*changed, *blocked})
        if not ids:
            return []
        shown = {}
        for chunk in chunks(ids):
            shown.update(self.describe_rows(chunk))
        kept = []
        for object_id in ids:
            record, value = shown.get(object_id, (f"Record {object_id}", ""))
            change = changed.get(object_id)
            if change is not None:
                kept.append(KeptRow(object_id, record, value, "Changed since the import", change.by, change.at))
            else:
                kept.append(KeptRow(object_id, record, value, blocked[object_id]))
        return kept

    def describe_rows(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """What each row is and its value now, for the list of rows a rollback keeps."""
        return {row.pk: (str(row), "") for row in self.model._default_manager.filter(pk__in=ids)}


def _blocked_message(changed: dict[int, Change], blocked: dict[int, str]) -> str:
    parts = []
    if changed:
        rows = "1 of the rows it wrote has" if len(changed) == 1 else f"{len(changed):,} of the rows it wrote have"
        names = sorted({change.by for change in changed.values()})
        by = "; ".join(names[:3]) + ("; and others" if len(names) > 3 else "")
        parts.append(f"{rows} been changed since (by {by})")
    if blocked:
        rows = "1 row it added is" if len(blocked) == 1 else f"{len(blocked):,} rows it added are"
        parts.append(f"{rows} referred to by other records")
    hint = ""
    if any(change.import_run_id is not None for change in changed.values()):
        hint = " Roll back the later import first, or keep the changed rows."
    return "This import cannot be rolled back as it is: " + " and ".join(parts) + "." + hint


def _user_id(user) -> int | None:
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None
