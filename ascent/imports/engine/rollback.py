"""Rolling an import back without losing later work.

A row an import wrote may have been changed since: corrected by hand (which takes the row
away from the import: its ``import_run`` is cleared), revised by a later import, or edited
in the admin site (which leaves ``import_run`` alone). Undoing the import would then delete
or revert that later value, so such rows are found first (:func:`changed_since`) and either
the rollback is refused, listing them, or, if the person chooses, only the untouched rows
are rolled back and the changed ones are kept (each marked ``ImportChange.kept``).

Rows that other records refer to are handled as Django's ``on_delete`` says: a dependent on
CASCADE is deleted with it and one on SET_NULL loses the reference (both with history rows
naming the person and the rollback); a PROTECT or RESTRICT reference keeps the row, like a
change does. History tables' own references (DO_NOTHING, no constraint) are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.deletion import Collector

from ..models import ImportRun
from .schema import ImportRefused

#: Ids per query when looking rows up by a list of ids (well under every database's parameter limit).
CHUNK = 500


@dataclass(frozen=True)
class KeptRow:
    """A row a rollback leaves as it is, and why: what it is, its value now, who changed it and when."""

    object_id: int
    record: str
    value: str
    reason: str
    changed_by: str = ""
    changed_at: datetime | None = None


@dataclass
class RollbackOutcome:
    """What a rollback did: rows deleted, rows put back to their earlier values, and rows kept."""

    deleted: int = 0
    restored: int = 0
    kept: list[KeptRow] = field(default_factory=list)


class RollbackBlocked(ImportRefused):
    """Some rows the import wrote have changed since (or are referred to): nothing was rolled back.

    ``kept`` lists them; ``untouched`` counts the rows a partial rollback would undo.
    """

    def __init__(self, message: str, *, kept: list[KeptRow], untouched: int):
        super().__init__(message)
        self.kept = kept
        self.untouched = untouched


def chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


@dataclass(frozen=True)
class Change:
    """How a row differs from what the import left: who changed it and when (if history says)."""

    object_id: int
    by: str
    at: datetime | None
    #: The later import that changed it, if one did.
    import_run_id: int | None = None


def changed_since(
    model: type[models.Model], run: ImportRun, written_ids, compare_fields: Sequence[str]
) -> dict[int, Change]:
    """The rows ``run`` wrote that were changed after it, by id.

    ``written_ids`` is a queryset of the ids the run created or revised. A row was changed if
    it now belongs to another import or to nobody (a later import or a hand edit), or if it
    still names this run but its values differ from the ones the run wrote, as found in the
    run's own history row (an edit that kept the import, as the admin site does). The second
    check is made only for rows with history or an ``updated_at`` later than the run (every
    change is audited, and bulk writes such as the engine's own stamp ``updated_at``), so an
    untouched national import costs two indexed queries. A row deleted since is not a change
    to protect.
    """
    manager = model._default_manager
    history = model.history.model
    committed = run.committed_at
    changed: set[int] = set(
        manager.filter(pk__in=written_ids).exclude(import_run_id=run.pk).values_list("pk", flat=True)
    )
    ours = manager.filter(import_run_id=run.pk)
    if committed is not None:
        later_history = history.objects.filter(history_date__gt=committed).values("id")
        ours = ours.filter(Q(updated_at__gt=committed) | Q(pk__in=later_history))
    suspects = {row["id"]: row for row in ours.values("id", *compare_fields)}
    if suspects:
        written: dict[int, dict[str, Any]] = {}
        for chunk in chunks(sorted(suspects)):
            mine = history.objects.filter(id__in=chunk, import_run_id=run.pk)
            if committed is not None:
                mine = mine.filter(history_date__lte=committed)
            for row in mine.order_by("id", "history_id").values("id", *compare_fields):
                written[row["id"]] = row  # the last one the run wrote
        for object_id, now in suspects.items():
            then = written.get(object_id)
            if then is None or any(now[name] != then[name] for name in compare_fields):
                changed.add(object_id)
    return _who_changed(model, run, sorted(changed))


def _who_changed(model, run: ImportRun, ids: list[int]) -> dict[int, Change]:
    """Who made each row's latest change, from its newest history row (or the row's own stamp)."""
    history = model.history.model
    latest: dict[int, Any] = {}
    for chunk in chunks(ids):
        for record in history.objects.filter(id__in=chunk).select_related("history_user").order_by("id", "-history_id"):
            latest.setdefault(record.id, record)
    other_runs = {record.import_run_id for record in latest.values() if record.import_run_id not in (None, run.pk)}
    names = {
        other.pk: f"import {other.pk} of {other.file_name}" for other in ImportRun.objects.filter(pk__in=other_runs)
    }
    updated = dict(model._default_manager.filter(pk__in=ids).values_list("pk", "updated_at")) if ids else {}
    result = {}
    for object_id in ids:
        record = latest.get(object_id)
        if record is None or (run.committed_at and record.history_date <= run.committed_at):
            # The change left no history (a bulk update): say when, and that nobody is recorded.
            result[object_id] = Change(object_id, "not recorded", updated.get(object_id))
            continue
        user = record.history_user
        later_run = record.import_run_id if record.import_run_id not in (None, run.pk) else None
        by = (getattr(user, "full_name", "") or user.email) if user is not None else ""
        if later_run is not None:
            by = f"{by} ({names[later_run]})" if by else names[later_run]
        result[object_id] = Change(object_id, by or "not recorded", record.history_date, later_run)
    return result


def dependents(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Relations of other models to ``model`` that deleting its rows must deal with.

    History models' copies of a foreign key (DO_NOTHING, no database constraint) are left out:
    a history row keeps the id of a deleted record on purpose.
    """
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if isinstance(relation, models.ForeignObjectRel)
        and relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
        and relation.on_delete is not models.DO_NOTHING
    ]


def _referring(relation: models.ForeignObjectRel, ids: Sequence[int]):
    return relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": ids})


def protected(model: type[models.Model], ids: Sequence[int]) -> dict[int, str]:
    """Rows among ``ids`` that a PROTECT or RESTRICT reference stops deleting, with what refers to them."""
    found: dict[int, dict[str, int]] = {}
    for relation in dependents(model):
        if relation.on_delete not in (models.PROTECT, models.RESTRICT):
            continue
        meta = relation.related_model._meta
        attname = relation.field.attname
        for chunk in chunks(ids):
            for object_id in _referring(relation, chunk).values_list(attname, flat=True):
                counts = found.setdefault(object_id, {})
                counts[meta.label] = counts.get(meta.label, 0) + 1
    reasons = {}
    for object_id, counts in found.items():
        parts = []
        for label, count in sorted(counts.items()):
            meta = _meta_of(model, label)
            name = meta.verbose_name if count == 1 else meta.verbose_name_plural
            parts.append(f"{count:,} {name}")
        reasons[object_id] = "Referred to by " + " and ".join(parts)
    return reasons


def _meta_of(model, label: str):
    from django.apps import apps

    return apps.get_model(label)._meta


def remove_dependents(model: type[models.Model], ids: Sequence[int], *, user, reason: str) -> None:
    """Before ``ids`` are deleted: delete CASCADE dependents and clear SET_NULL / SET_DEFAULT ones.

    Each goes through the ORM, one object at a time, so that its history row names ``user``
    and ``reason`` (dependents are few; the imported rows themselves are deleted in bulk).
    """
    for relation in dependents(model):
        on_delete = relation.on_delete
        if on_delete in (models.PROTECT, models.RESTRICT):
            continue  # such rows are kept (see protected)
        for chunk in chunks(ids):
            query = _referring(relation, chunk)
            if on_delete in (models.SET_NULL, models.SET_DEFAULT):
                name = relation.field.name
                empty = None if on_delete is models.SET_NULL else relation.field.get_default()
                for dependent in query:
                    setattr(dependent, name, empty)
                    _stamp(dependent, user, reason)
                    dependent.save(update_fields=[name])
                continue
            collector = Collector(using=query.db, origin=model)
            collector.collect(query)
            for instances in collector.data.values():
                for instance in instances:
                    _stamp(instance, user, reason)
            collector.delete()


def _stamp(instance, user, reason: str) -> None:
    instance._history_user = user if user is not None and getattr(user, "is_authenticated", False) else None
    instance._change_reason = reason
