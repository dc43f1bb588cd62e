"""The audit trail: every change to a domain record, who made it and when, in plain words.

django-simple-history keeps a history table per model. A model joins an organisation's
Activity page by declaring ``audit_organisation_path``: the lookup from the model to the
organisation's primary key ("organisation" for most, "id" for Organisation itself).

The page costs the same few queries however many models are audited and however many rows
they hold (see :class:`ActivityFeed`):

1. one UNION ALL over every history table, of the columns they share, to count the entries;
2. the same UNION, ordered and sliced in the database, for the page's keys;
3. one UNION over only the tables on the page, each branch giving its rows' fields and the
   version before as JSON text, with the names of the records their foreign keys point at
   and any extra values the model asks for, read by correlated subqueries for those rows only;
4. one query for the people who made the changes.

How a model reads on the page is declared on the model, so this module imports no app:

``audit_noun`` / ``audit_noun_plural``
    What a person calls one record ("indicator value"); defaults to ``Meta.verbose_name``.
``audit_describe(row, name_of)``
    A short name for the record, as it reads mid-sentence ("Changed the value of ..."). A
    plain ``str`` is a name and reads the same alone ("Proportion of people who..., 2019-20",
    an email address); a :class:`Phrase` ("the target for ...") is lower case in a sentence
    and capitalised where it stands alone (``ActivityEntry.title``). ``row`` has the
    version's field values by attribute name (and the ``audit_lookups``); ``name_of(attname)``
    names the record a foreign key points at.
``audit_name``
    On a model that others point at: the field that names it (defaults to the first of
    ``full_name``, ``name``, ``title``, ``file_name``, ``email``).
``audit_lookups``
    Extra values read through a foreign key, ``{"key": "fk__field"}``, for describing and
    formatting (an indicator value needs its indicator's unit).
``audit_display``
    ``{attname: function(value, row) -> str}``: how a field's value reads, as the pages show
    it (58.5%, £1.263m, 2019-20). Merged along the model's bases.
``audit_exclude``
    Field names never shown (bookkeeping, codes nobody reads). Merged along the bases.
``audit_labels``
    ``{name: label}`` where a field's ``verbose_name`` does not read well in a sentence.
``audit_events``
    ``{field name: {value: (headline, sentence)}}``: what a person did, when a version gives
    the field that value ("Imported a file", "Imported {summary}: {rows_created} new"). The
    sentence is formatted with the summary and the version's shown fields as the page shows
    them. It fires when the record is created, or when the field or any field the sentences
    name changes; then it stands for all those fields (and, on creation, for every field),
    so a status change reads as one sentence rather than a list of bookkeeping.
"""

from __future__ import annotations

import functools
import json
import string
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast, JSONObject
from django.utils import timezone
from django.utils.text import capfirst

from .dates import govuk_date, govuk_datetime
from .numbers import decimal_text

ACTION_CHOICES = [("+", "Created"), ("~", "Changed"), ("-", "Deleted")]
ACTION_LABELS = dict(ACTION_CHOICES)
#: Fields never shown in the feed: bookkeeping or secrets.
HIDDEN_FIELDS = {"updated_at", "created_at", "password", "token_hash", "last_login"}
#: Fields that name a record, tried in order when the model does not say (``audit_name``).
NAME_FIELDS = ("full_name", "name", "title", "file_name", "email")
#: Key/value pairs per JSON object: PostgreSQL before 16 builds it with a function call, and
#: a function takes at most 100 arguments.
_PAIRS_PER_OBJECT = 40
BLANK = "(blank)"


# ----- what is audited, and what it is called --------------------------------------------


def audited_models() -> list[type[models.Model]]:
    """Models with history that belong to an organisation, in a stable order."""
    found = [
        model
        for model in apps.get_models()
        if getattr(model, "audit_organisation_path", None) and historical_model(model) is not None
    ]
    return sorted(found, key=lambda m: m._meta.label)


def historical_model(model):
    """The model's history model, or None.

    Read from simple-history's descriptor rather than ``model.history.model``: every
    ``model.history`` builds a new manager class (about a millisecond), which a page of
    fifty entries would pay hundreds of times.
    """
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    for cls in model.__mro__ if attribute else ():
        descriptor = vars(cls).get(attribute)
        if descriptor is not None:
            return descriptor.model
    return None


def model_key(model) -> str:
    return model._meta.label_lower


def noun(model) -> str:
    """What a person calls one record of the model: "indicator value", "membership"."""
    return str(getattr(model, "audit_noun", None) or model._meta.verbose_name)


def noun_plural(model) -> str:
    if getattr(model, "audit_noun_plural", None):
        return str(model.audit_noun_plural)
    if getattr(model, "audit_noun", None):
        return f"{model.audit_noun}s"
    return str(model._meta.verbose_name_plural)


def _merged(model, attribute: str, empty):
    """A dict or set attribute merged along the model's bases (a mixin's entries first)."""
    merged = type(empty)()
    for cls in reversed(model.__mro__):
        value = vars(cls).get(attribute)
        if value:
            merged.update(value)
    return merged


@functools.cache
def shown_fields(model) -> list[models.Field]:
    """The fields the feed shows: kept in history, not bookkeeping, not the organisation."""
    historical = historical_model(model)
    kept = {f.attname for f in historical._meta.concrete_fields}
    hidden = HIDDEN_FIELDS | _merged(model, "audit_exclude", set())
    path = model.audit_organisation_path
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.attname in kept
        and f.name not in hidden
        and f.attname not in hidden
        and f.name != path
    ]


# ----- entries ---------------------------------------------------------------------------


class Phrase(str):
    """A record's summary that is a common-noun phrase, not a name: "the target for X, 2019-20"
    reads mid-sentence, "The target for X, 2019-20" alone. Names (an email address, a file
    name) are plain strings, so they are never capitalised."""


@dataclass
class Change:
    field: str
    old: str
    new: str
    sentence: str = ""


@dataclass
class ActivityEntry:
    when: datetime
    action_code: str
    model: type[models.Model]
    who: Any = None
    reason: str = ""
    summary: str = ""
    changes: list[Change] = field(default_factory=list)
    #: Set by an ``audit_events`` entry: says what was done instead of "Changed import".
    event: str = ""

    @property
    def action(self) -> str:
        return ACTION_LABELS.get(self.action_code, self.action_code)

    @property
    def what(self) -> str:
        return capfirst(noun(self.model))

    @property
    def title(self) -> str:
        """The summary where it stands alone: a phrase capitalised, a name as it is."""
        return capfirst(self.summary) if isinstance(self.summary, Phrase) else self.summary

    @property
    def headline(self) -> str:
        """ "Changed indicator value", "Created membership", or the event: "Imported a file"."""
        return self.event or f"{self.action} {noun(self.model)}"


class Row:
    """One version of a record as the feed read it: field values by attribute name."""

    def __init__(self, values: dict[str, Any]):
        self.__dict__.update(values)

    def __getattr__(self, name: str):  # a field the history does not keep
        return None


# ----- the feed --------------------------------------------------------------------------


class ActivityFeed:
    """A sliceable, countable newest-first feed over all the audited history tables.

    Works with Django's Paginator. Counting is one query, a page's keys one query, its
    rows' details one query and the people who made the changes one query, however many
    models are audited (see the module docstring). Filters run in the database.
    """

    def __init__(self, organisation_id: int, *, model_keys=None, action=None, user_id=None, since=None, until=None):
        self.models: dict[str, type[models.Model]] = {}
        branches = []
        for model in audited_models():
            label = model_key(model)
            if model_keys and label not in model_keys:
                continue
            qs = historical_model(model).objects.filter(**{model.audit_organisation_path: organisation_id})
            if action:
                qs = qs.filter(history_type=action)
            if user_id:
                qs = qs.filter(history_user_id=user_id)
            if since:
                qs = qs.filter(history_date__gte=_start_of(since))
            if until and until < date.max:
                qs = qs.filter(history_date__lt=_start_of(until + timedelta(days=1)))
            self.models[label] = model
            branches.append(
                qs.order_by().values_list(
                    Value(label, output_field=models.CharField()),
                    "history_id",
                    "history_date",
                    "history_type",
                    "history_user_id",
                    Cast(model._meta.pk.attname, models.CharField()),
                    "history_change_reason",
                )
            )
        self.keys = _union(branches)
        if self.keys is not None:
            self.keys = self.keys.order_by("-history_date", "-history_id")
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
        keys = list(self.keys[start:stop])
        if not keys:
            return []
        ids_by_label: dict[str, list[int]] = {}
        for label, history_id, *_rest in keys:
            ids_by_label.setdefault(label, []).append(history_id)
        details = _details({self.models[label]: ids for label, ids in ids_by_label.items()})
        user_ids = {key[4] for key in keys} - {None}
        people = get_user_model()._base_manager.in_bulk(user_ids) if user_ids else {}
        entries = []
        for label, history_id, when, action, user_id, _pk, reason in keys:
            model = self.models[label]
            current, previous = details[(label, history_id)]
            entry = ActivityEntry(
                when=when, action_code=action, model=model, who=people.get(user_id), reason=reason or ""
            )
            describe_entry(entry, current, previous)
            entries.append(entry)
        return entries


def _union(querysets):
    if not querysets:
        return None
    if len(querysets) == 1:
        return querysets[0]
    return querysets[0].union(*querysets[1:], all=True)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# ----- reading the page's rows -------------------------------------------------------------


class _JSONMerge(Func):
    """Two JSON objects as one: ``json_patch`` on SQLite, ``||`` on PostgreSQL."""

    function = "JSON_PATCH"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" || ", **extra_context)


def _name_expression(model):
    name = getattr(model, "audit_name", None)
    if name is None:
        names = {f.name for f in model._meta.concrete_fields}
        name = next((candidate for candidate in NAME_FIELDS if candidate in names), None)
    return F(name) if name else Cast("pk", models.CharField())


def _through(model_field, lookup):
    """A value read through a foreign key, for the outer row (a subquery, so that a record
    removed since leaves a blank rather than dropping the row)."""
    related = model_field.related_model
    value = _name_expression(related) if lookup is None else F(lookup)
    return Subquery(related._base_manager.filter(pk=OuterRef(model_field.attname)).values(_v=value)[:1])


def _row_json(model):
    """One history row's shown fields, foreign keys' names and lookups, as JSON text."""
    pairs: dict[str, Any] = {"pk": F(model._meta.pk.attname)}
    for model_field in shown_fields(model):
        pairs[model_field.attname] = F(model_field.attname)
        if model_field.is_relation:
            pairs[f"{model_field.attname} name"] = _through(model_field, None)
    for key, path in getattr(model, "audit_lookups", {}).items():
        fk_name, lookup = path.split("__", 1)
        pairs[key] = _through(model._meta.get_field(fk_name), lookup)
    items = list(pairs.items())
    objects = [JSONObject(**dict(items[i : i + _PAIRS_PER_OBJECT])) for i in range(0, len(items), _PAIRS_PER_OBJECT)]
    expression = objects[0]
    for other in objects[1:]:
        expression = _JSONMerge(expression, other)
    return Cast(expression, TextField())


def _details(ids_by_model: dict[type[models.Model], list[int]]) -> dict[tuple[str, int], tuple[Row, Row | None]]:
    """Each history row on the page and the version before it, in one query."""
    branches = []
    for model, ids in ids_by_model.items():
        historical = historical_model(model)
        pk_name = model._meta.pk.attname
        previous = (
            historical.objects.filter(**{pk_name: OuterRef(pk_name)}, history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values(_v=_row_json(model))[:1]
        )
        branches.append(
            historical.objects.filter(history_id__in=ids)
            .order_by()
            .values_list(
                Value(model_key(model), output_field=models.CharField()),
                "history_id",
                _row_json(model),
                Cast(Subquery(previous), TextField()),
            )
        )
    found = {}
    for label, history_id, current, previous in _union(branches):
        model = apps.get_model(label)
        found[(label, history_id)] = (_row(model, current), _row(model, previous) if previous else None)
    return found


def _row(model, text: str) -> Row:
    data = json.loads(text, parse_float=Decimal)
    values = {}
    for model_field in shown_fields(model):
        values[model_field.attname] = _python(model_field, data.get(model_field.attname))
        if model_field.is_relation:
            values[f"{model_field.attname} name"] = data.get(f"{model_field.attname} name")
    for key in getattr(model, "audit_lookups", {}):
        values[key] = data.get(key)
    values["pk"] = data.get("pk")
    return Row(values)


def _python(model_field, value):
    """A JSON value as the Python value the field holds (JSON has no dates or decimals)."""
    if value is None or model_field.is_relation:
        return value
    if isinstance(model_field, models.DateTimeField):
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
    if isinstance(model_field, models.DecimalField):
        return Decimal(str(value))
    if isinstance(model_field, models.JSONField):
        return value
    try:
        return model_field.to_python(value)
    except Exception:  # noqa: BLE001 - an odd stored value is shown as it is, never a 500
        return value


# ----- plain words -------------------------------------------------------------------------


def describe_entry(entry: ActivityEntry, current: Row, previous: Row | None) -> None:
    """Fill in the entry's summary and its changes, as sentences."""
    model = entry.model

    def name_of(attname: str) -> str:
        return getattr(current, f"{attname} name", None) or ""

    describe = getattr(model, "audit_describe", None)
    if describe is not None:
        entry.summary = describe(current, name_of)
    else:
        entry.summary = _default_summary(model, current)
    if entry.action_code == "-":
        return
    display = _merged(model, "audit_display", {})
    labels = _merged(model, "audit_labels", {})
    told = _describe_event(entry, current, previous, display)
    if told and previous is None:
        return
    for model_field in shown_fields(model):
        if model_field.name in told or model_field.attname in told:
            continue
        new = getattr(current, model_field.attname)
        if previous is None:
            if new in (None, ""):
                continue
            old_text = ""
        else:
            if getattr(previous, model_field.attname) == new:
                continue
            old_text = display_value(model_field, previous, display)
        new_text = display_value(model_field, current, display)
        label = str(labels.get(model_field.name) or model_field.verbose_name)
        entry.changes.append(
            Change(
                field=capfirst(label),
                old=old_text,
                new=new_text,
                sentence=_sentence(label, entry.summary, old_text, new_text, created=previous is None),
            )
        )


@functools.cache
def _event_fields(model) -> dict[str, set[str]]:
    """For each field with ``audit_events``: it and the fields its sentences name."""
    found = {}
    for name, events in _merged(model, "audit_events", {}).items():
        named = {name}
        for _headline, sentence in events.values():
            named |= {part[1] for part in string.Formatter().parse(sentence) if part[1] and part[1] != "summary"}
        found[name] = named
    return found


def _describe_event(entry: ActivityEntry, current: Row, previous: Row | None, display: dict) -> set[str]:
    """Describe the entry by the model's ``audit_events``, if one fires; the field names it told."""
    events = _merged(entry.model, "audit_events", {})
    shown = {f.name: f for f in shown_fields(entry.model)}
    for name, named in _event_fields(entry.model).items():
        if not named <= shown.keys():  # a field the history does not keep: nothing to read
            continue
        event = events[name].get(getattr(current, shown[name].attname))
        if event is None:
            continue
        attnames = [shown[field_name].attname for field_name in named]
        if previous is not None and all(getattr(previous, a) == getattr(current, a) for a in attnames):
            continue
        headline, sentence = event
        values = {f: display_value(shown[f], current, display) for f in named if f != name}
        text = sentence.format(summary=entry.summary, **values)
        entry.event = headline
        entry.changes.append(Change(field=capfirst(headline), old="", new=text, sentence=text))
        return named
    return set()


def _sentence(label: str, summary: str, old: str, new: str, *, created: bool) -> str:
    """ "Changed the value of X, 2019-20, from 58.5% to 60.1%"."""
    if created:
        return f"{capfirst(label)}: {new}"
    # A summary with a comma in it ("X, 2019-20") needs one after it too.
    of = (f" of {summary}," if "," in summary else f" of {summary}") if summary else ""
    if old == BLANK:
        return f"Set the {label}{of} to {new}"
    if new == BLANK:
        return f"Cleared the {label}{of} (it was {old})"
    return f"Changed the {label}{of} from {old} to {new}"


def _default_summary(model, row: Row) -> str:
    for candidate in ("name", "title", "full_name", "email"):
        value = getattr(row, candidate)
        if value:
            return str(value)
    return Phrase(f"{noun(model)} {row.pk}")


def display_value(model_field, row: Row, display: dict) -> str:
    """A field's value as the pages show it."""
    value = getattr(row, model_field.attname)
    if value is None or value == "":
        return BLANK
    formatter = display.get(model_field.attname) or display.get(model_field.name)
    if formatter is not None:
        return formatter(value, row)
    if model_field.is_relation:
        return getattr(row, f"{model_field.attname} name", None) or "(a record since removed)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return govuk_datetime(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, date):
        return govuk_date(value)
    if isinstance(value, Decimal):
        return decimal_text(value, grouped=True)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
