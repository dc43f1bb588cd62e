"""The audit trail: every change to a domain record, who made it and when.

django-simple-history keeps a history table per model. A model joins an organisation's
Activity page by declaring ``audit_organisation_path``: the lookup from the model to the
organisation's primary key ("organisation" for most, "id" for Organisation itself). This
module merges those history tables into one newest-first feed with what changed in each
entry, without a query per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Value
from django.utils import timezone
from django.utils.text import capfirst

ACTION_CHOICES = [("+", "Created"), ("~", "Changed"), ("-", "Deleted")]
ACTION_LABELS = dict(ACTION_CHOICES)
#: Fields never shown in the feed: bookkeeping or secrets.
HIDDEN_FIELDS = {"updated_at", "created_at", "password", "token_hash", "last_login"}


def audited_models() -> list[type[models.Model]]:
    """Models with history that belong to an organisation, in a stable order."""
    found = [
        model
        for model in apps.get_models()
        if getattr(model, "audit_organisation_path", None) and hasattr(model, "history")
    ]
    return sorted(found, key=lambda m: m._meta.label)


def model_key(model) -> str:
    return model._meta.label_lower


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class ActivityEntry:
    record: Any  # a historical row
    model: type[models.Model]
    changes: list[Change] = field(default_factory=list)
    summary: str = ""

    @property
    def when(self) -> datetime:
        return self.record.history_date

    @property
    def who(self):
        return self.record.history_user

    @property
    def action(self) -> str:
        return ACTION_LABELS.get(self.record.history_type, self.record.history_type)

    @property
    def what(self) -> str:
        return capfirst(str(self.model._meta.verbose_name))


class ActivityFeed:
    """A sliceable, countable newest-first feed over all the audited history tables.

    Works with Django's Paginator. The tables are combined with one UNION ALL of
    (table, history id, date) keys, so counting is one query and a page is one query for
    its keys, then one query per kind of record on the page for the rows themselves.
    """

    def __init__(self, organisation_id: int, *, model_keys=None, action=None, user_id=None, since=None, until=None):
        self.models: dict[str, type[models.Model]] = {}
        keys = []
        for model in audited_models():
            label = model_key(model)
            if model_keys and label not in model_keys:
                continue
            qs = model.history.model.objects.filter(**{model.audit_organisation_path: organisation_id})
            if action:
                qs = qs.filter(history_type=action)
            if user_id:
                qs = qs.filter(history_user_id=user_id)
            if since:
                qs = qs.filter(history_date__gte=_start_of(since))
            if until:
                qs = qs.filter(history_date__lt=_start_of(until + timedelta(days=1)))
            self.models[label] = model
            keys.append(
                qs.order_by()
                .annotate(table=Value(label, output_field=models.CharField()))
                .values_list("table", "history_id", "history_date")
            )
        if not keys:
            self.keys = None
        elif len(keys) == 1:
            self.keys = keys[0].order_by("-history_date", "-history_id")
        else:
            self.keys = keys[0].union(*keys[1:], all=True).order_by("-history_date", "-history_id")
        self._count = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.keys.count() if self.keys is not None else 0
        return self._count

    def count(self) -> int:
        return len(self)

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        if self.keys is None:
            return []
        start, stop = item.start or 0, item.stop if item.stop is not None else len(self)
        page_keys = list(self.keys[start:stop])
        ids_by_table: dict[str, list[int]] = {}
        for table, history_id, _when in page_keys:
            ids_by_table.setdefault(table, []).append(history_id)
        rows = {}
        for table, ids in ids_by_table.items():
            historical = self.models[table].history.model
            for row in historical.objects.filter(history_id__in=ids).select_related("history_user"):
                rows[(table, row.history_id)] = row
        page = [
            ActivityEntry(record=rows[(table, history_id)], model=self.models[table])
            for table, history_id, _when in page_keys
        ]
        _attach_changes(page)
        return page


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _attach_changes(entries: list[ActivityEntry]) -> None:
    """Work out what changed in each entry, and name related records, in a few queries.

    Per history table on the page: one query for earlier versions of the same objects,
    and one per foreign key to name the related records (users, organisations...).
    """
    by_model: dict[type, list[ActivityEntry]] = {}
    for entry in entries:
        by_model.setdefault(entry.model, []).append(entry)
    for model, group in by_model.items():
        historical = model.history.model
        pk_name = model._meta.pk.attname
        object_ids = {getattr(e.record, pk_name) for e in group}
        newest = max(e.record.history_id for e in group)
        versions_by_object: dict[Any, list] = {}
        rows = historical.objects.filter(**{f"{pk_name}__in": object_ids, "history_id__lte": newest}).order_by(
            pk_name, "history_id"
        )
        for row in rows:
            versions_by_object.setdefault(getattr(row, pk_name), []).append(row)
        # Only the fields the history table keeps (models may exclude some from history).
        kept = {f.attname for f in historical._meta.concrete_fields}
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.attname not in HIDDEN_FIELDS and f.attname in kept
        ]
        names = _related_names(fields, [r for versions in versions_by_object.values() for r in versions])
        for entry in group:
            previous = None
            for version in versions_by_object.get(getattr(entry.record, pk_name), []):
                if version.history_id >= entry.record.history_id:
                    break
                previous = version
            entry.changes = _diff(fields, previous, entry.record, names)
            entry.summary = _describe(model, entry.record, names)


def _related_names(fields, rows) -> dict[tuple[str, Any], str]:
    """Names of the records that foreign keys point at, one query per foreign key."""
    names: dict[tuple[str, Any], str] = {}
    for model_field in fields:
        if not model_field.is_relation:
            continue
        ids = {getattr(row, model_field.attname) for row in rows} - {None}
        if not ids:
            continue
        related = model_field.related_model._base_manager.in_bulk(ids)
        for pk in ids:
            names[(model_field.attname, pk)] = str(related[pk]) if pk in related else f"(removed record {pk})"
    return names


def _value(model_field, record, names) -> str:
    raw = getattr(record, model_field.attname)
    if model_field.is_relation and raw is not None:
        return names.get((model_field.attname, raw), str(raw))
    return _display(model_field, raw)


def _display(model_field, value) -> str:
    if value is None or value == "":
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%-d %b %Y %H:%M")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _diff(fields, previous, current, names) -> list[Change]:
    if current.history_type == "-":
        return []
    changes = []
    for model_field in fields:
        new = getattr(current, model_field.attname)
        if previous is None:
            if new in (None, ""):
                continue
            old_text = ""
        else:
            if getattr(previous, model_field.attname) == new:
                continue
            old_text = _value(model_field, previous, names)
        changes.append(
            Change(
                field=capfirst(str(model_field.verbose_name)),
                old=old_text,
                new=_value(model_field, current, names),
            )
        )
    return changes


def _describe(model, record, names) -> str:
    """A short name for the record, from the model's ``audit_describe`` or its first fields."""
    describe = getattr(model, "audit_describe", None)
    if describe is not None:
        return describe(record, lambda attname: names.get((attname, getattr(record, attname)), ""))
    for candidate in ("name", "title", "email"):
        if hasattr(record, candidate):
            return str(getattr(record, candidate))
    return f"#{getattr(record, model._meta.pk.attname)}"
