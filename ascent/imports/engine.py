"""The tabular import engine: map a file's columns, check every row, commit all or nothing.

A **schema** says what one kind of import holds (its columns) and how its rows become
records; apps declare their kinds on their AppConfig (``ascent.core.registry``: kind → dotted
path of the schema class), so this app knows nothing of the apps above it. A schema follows the
:class:`Schema` protocol; most are a :class:`ModelSchema`, which does the shared work for a
model with a natural key (duplicates, new / revised / unchanged, history, rollback).

The flow, on the web and from the command line alike:

1. :func:`~ascent.imports.reading.read_table` reads the file into rows of cell text.
2. :func:`auto_map` matches the file's headings to the schema's columns (the person can
   change the match on the web); :func:`mapping_problems` says what is missing.
3. :func:`check_table` maps every row and asks the schema to validate them all, collecting
   every error with its row number, column, value and reason.
4. :func:`commit_run` re-checks and writes inside one transaction: any error, nothing is
   saved. Importing the same file again changes nothing (rows are "unchanged"); a changed
   figure revises the existing row, keeping the earlier value in its history and in an
   :class:`~ascent.imports.models.ImportChange`, so that :func:`rollback_run` can undo the
   run exactly.

Speed: a schema does dictionary look-ups per row; organisations, indicators and existing
rows are loaded in a few queries; rows are written in batches of :data:`BATCH_SIZE`.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cached_property
from operator import itemgetter
from pathlib import PurePath
from typing import Any, ClassVar, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import IntegrityError, connections, models, router, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from openpyxl.utils.datetime import from_excel

from ascent.core.money import MoneyParseError, parse_money, round_money
from ascent.core.numbers import decimal_text
from ascent.core.periods import Period, PeriodParseError, parse_period
from ascent.core.registry import import_schemas
from ascent.organisations.models import Organisation

from .models import ImportChange, ImportRun
from .reading import ReadError, Table, read_table

__all__ = [
    "BATCH_SIZE",
    "CellError",
    "CheckResult",
    "Column",
    "Counts",
    "ImportRefused",
    "ModelSchema",
    "Option",
    "Organisations",
    "PeriodReader",
    "Record",
    "RowError",
    "RowReader",
    "Schema",
    "SourceRow",
    "auto_map",
    "check_run",
    "check_table",
    "commit_run",
    "get_schema",
    "import_file",
    "map_rows",
    "mapping_problems",
    "max_file_bytes",
    "max_rows",
    "normalise_heading",
    "preview_run",
    "read_choice",
    "read_money",
    "read_number",
    "read_run_file",
    "rollback_run",
    "run_mapping",
    "run_options",
    "schema_kinds",
    "start_run",
]

#: Rows written per INSERT or UPDATE batch.
BATCH_SIZE = 2000
#: Page cache for SQLite while an import writes, in KiB.
SQLITE_CACHE_KIB = 128 * 1024
#: Rows shown in the preview of a checked file.
PREVIEW_ROWS = 10
#: Errors kept on the import run (all of them are counted).
MAX_STORED_ERRORS = 1000
#: The mapping key under which a run's options are kept (no column name starts with "_").
OPTIONS_KEY = "_options"

NEW, REVISED, UNCHANGED = "new", "revised", "unchanged"

SUPPRESSED = "suppressed or not available: leave the row out or give a number"
#: What statistical tables print instead of a figure: suppressed, not available, not applicable.
SUPPRESSION_MARKERS = frozenset(
    ("[c]", "c", "[x]", "x", ":", "..", "...", "[z]", "z", "[u]", "[low]", "[k]", "[w]", "[s]", "*", "**")
    + ("-", "–", "—", "~", "n/a", "na", "#n/a", "[n/a]", "null", "none", "supp", "suppressed")
)


def max_file_bytes() -> int:
    """The largest upload accepted (settings.ASCENT_IMPORT_MAX_BYTES, 5 MB by default)."""
    return getattr(settings, "ASCENT_IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def max_rows() -> int:
    """The most data rows one upload may hold (settings.ASCENT_IMPORT_MAX_ROWS, 500,000 by default)."""
    return getattr(settings, "ASCENT_IMPORT_MAX_ROWS", 500_000)


class ImportRefused(Exception):
    """An import step cannot go ahead. The message is written for the person importing."""


class CellError(ValueError):
    """One cell's value is not acceptable; the message is the reason, in plain English."""


# ----- what schemas declare --------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column a schema reads. ``aliases`` are other headings that mean the same thing."""

    name: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: str = ""


#: The organisation column every schema starts with: a GSS code (or the council's name). In
#: an organisation's own space the column may be left out, and every row is then its own.
ORGANISATION_COLUMN = Column(
    "organisation",
    "Organisation",
    required=True,
    aliases=(
        "GSS code",
        "ONS code",
        "LA code",
        "organisation code",
        "org code",
        "area code",
        "council",
        "local authority",
        "council code",
    ),
    help=(
        "The council's 9-character GSS code, such as E09000015 (its name also works). In your organisation's "
        "space you can leave this column out: every row is then for your organisation."
    ),
    example="E09000015",
)


@dataclass(frozen=True)
class Option:
    """A yes/no choice about the whole file, such as "amounts are in £000"."""

    name: str
    label: str
    help: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: the spreadsheet row (None for the whole file), the column, the value and why."""

    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict) -> RowError:
        return cls(data.get("row"), data.get("column", ""), data.get("value", ""), data.get("reason", ""))

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row is not None else "The file"
        column = f", {self.column}" if self.column else ""
        value = f" “{self.value}”" if self.value else " (blank)"
        return f"{where}{column}:{value}: {self.reason}"


@dataclass(slots=True)
class SourceRow:
    """A data row as the schema sees it: its number and the text of each mapped column."""

    number: int
    values: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass(slots=True)
class Record:
    """A checked row, ready to write: its natural key, field values and what writing it does."""

    row: int
    key: tuple
    values: dict[str, Any]
    existing: dict[str, Any] | None = None
    action: str = NEW


@dataclass
class Counts:
    read: int = 0
    created: int = 0
    revised: int = 0
    unchanged: int = 0


class Schema(Protocol):
    """What an import kind must provide (see :class:`ModelSchema` for the usual implementation)."""

    kind: str
    title: str
    description: str
    columns: tuple[Column, ...]
    options: tuple[Option, ...]
    #: The column naming each row's organisation; on the web it may be left out (the space's own).
    organisation_column: str | None
    #: Headings of the preview table; each record's ``shown`` has one text per heading.
    preview_headings: tuple[str, ...]

    def validate(
        self, rows: Sequence[SourceRow], *, organisation=None, user=None, options: dict | None = None
    ) -> tuple[list[Record], list[RowError]]: ...

    def commit(self, run: ImportRun, records: Sequence[Record], user) -> Counts: ...

    def rollback(self, run: ImportRun, user) -> None: ...

    def describe(self, values: dict[str, Any]) -> tuple[str, ...]:
        """A checked record's values as the preview shows them, one text per preview heading."""
        ...


def schema_kinds() -> list[str]:
    return list(import_schemas())


def get_schema(kind: str) -> Schema:
    """The schema for an import kind; LookupError for a kind no app declares."""
    path = import_schemas().get(kind)
    if not path:
        raise LookupError(f"No import schema for {kind!r}")
    return import_string(path)()


# ----- reading cells ---------------------------------------------------------------------


class RowReader:
    """Reads one row's cells, recording a :class:`RowError` for each cell that fails to parse."""

    __slots__ = ("errors", "ok", "row")

    def __init__(self, row: SourceRow, errors: list[RowError]):
        self.row = row
        self.errors = errors
        self.ok = True

    def get(self, name: str, parse: Callable[..., Any], *args: Any) -> Any:
        text = self.row.values.get(name, "")
        try:
            return parse(text, *args)
        except CellError as error:
            self.fail(name, str(error))
            return None

    def fail(self, name: str, reason: str, value: str | None = None) -> None:
        shown = self.row.values.get(name, "") if value is None else value
        self.errors.append(RowError(self.row.number, name, shown[:200], reason))
        self.ok = False


_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00a0": "", " ": ""})


def read_number(text: str, *, required: bool = True, what: str = "a number", places: int = 6) -> Decimal | None:
    """A decimal number from cell text: "27.5", "1,234", "27.5%", "−3". Blank is None unless required.

    Numbers are exact (never through binary floating point) and rounded, half up, to
    ``places`` decimal places, the most the database keeps.
    """
    if not text:
        if required:
            raise CellError(f"enter {what}")
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = _slow_number(text)
    if not number.is_finite():
        raise CellError(f"not a number: enter {what}")
    if number.adjusted() >= 20 - places:
        raise CellError("the number is too large")
    if number.as_tuple().exponent < -places:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number


def plain_number(text: str) -> Decimal | None:
    """A fast path for :func:`read_number`: the number if ``text`` is a plain, in-range decimal
    with at most six decimal places, else None (then read_number gives the answer or the error)."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number.adjusted() >= 14 or "e" in text or "E" in text:
        return None
    dot = text.find(".")
    if dot >= 0 and len(text) - dot > 7:
        return None
    return number


def _slow_number(text: str) -> Decimal:
    if text.casefold() in SUPPRESSION_MARKERS:
        raise CellError(SUPPRESSED)
    cleaned = text.translate(_DASHES)
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise CellError("not a number: use digits, with commas only between thousands")
        cleaned = cleaned.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise CellError("not a number") from None


def read_money(text: str, multiplier: int = 1) -> Decimal:
    """An amount in pounds ("£34,099k", "£1.2m", "34099"), to the penny.

    ``multiplier`` (1,000 for tables in £000) applies only to a bare number: an amount that
    says its own scale ("£1.2m", "£863K") is taken as written.
    """
    if not text:
        raise CellError("enter an amount")
    if text.casefold() in SUPPRESSION_MARKERS:
        raise CellError(SUPPRESSED)
    try:
        amount = parse_money(text)
    except MoneyParseError as error:
        raise CellError(str(error).rstrip(".")) from None
    if multiplier != 1 and not re.search(r"[a-z]\W*$", text.casefold()):
        amount *= multiplier
    if amount.adjusted() >= 14:
        raise CellError("the amount is too large")
    return round_money(amount)


def read_choice(text: str, choices: dict[str, str], default: str, what: str) -> str:
    """One of a fixed set of values, matched ignoring case; blank gives the default."""
    if not text:
        return default
    found = choices.get(" ".join(text.split()).casefold())
    if found is None:
        allowed = list(dict.fromkeys(choices.values()))
        listed = allowed[0] if len(allowed) == 1 else ", ".join(allowed[:-1]) + " or " + allowed[-1]
        raise CellError(f"{what} must be {listed}")
    return found


class PeriodReader:
    """Reads periods with :func:`~ascent.core.periods.parse_period`, each distinct text once.

    A whole number from 20,000 to 80,000 is an Excel date serial (a date cell saved as a
    number, as CSV exports of dates often are) and is read as that date.
    """

    def __init__(self):
        self._cache: dict[str, Period | str] = {}

    def __call__(self, text: str) -> Period:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._parse(text)
        if isinstance(found, str):
            raise CellError(found)
        return found

    @staticmethod
    def _parse(text: str) -> Period | str:
        if not text:
            return "enter the period"
        try:
            serial = float(text)
        except ValueError:
            serial = None
        if serial is not None and serial.is_integer() and 20000 <= serial <= 80000:
            return Period.on(from_excel(serial).date())
        try:
            return parse_period(text)
        except PeriodParseError as error:
            return str(error).rstrip(".")


class Organisations:
    """Finds organisations by GSS code (or exact name), in one query.

    With ``restrict_to`` (an import in one organisation's space by someone who is not a
    superuser), any other organisation is an error.
    """

    def __init__(self, *, restrict_to: Organisation | None = None):
        self.restrict_to = restrict_to
        self.by_code: dict[str, tuple[int, str, str]] = {}
        self.by_name: dict[str, tuple[int, str, str]] = {}
        for pk, code, name in Organisation.objects.values_list("pk", "gss_code", "name"):
            self.by_code[code.upper()] = (pk, code, name)
            self.by_name.setdefault(name.casefold(), (pk, code, name))
        self._names = {pk: name for pk, _, name in self.by_code.values()}

    def name_of(self, pk: int) -> str:
        return self._names.get(pk, "")

    def __call__(self, text: str) -> int:
        if not text:
            raise CellError("enter the organisation's GSS code, such as E09000015")
        found = self.by_code.get(text.upper()) or self.by_name.get(" ".join(text.split()).casefold())
        if found is None:
            raise CellError("unknown organisation: give its 9-character GSS code, such as E09000015")
        if self.restrict_to is not None and found[0] != self.restrict_to.pk:
            raise CellError(f"this file can only hold figures for {self.restrict_to.name}")
        return found[0]


def organisations_for(organisation: Organisation | None, user) -> Organisations:
    superuser = bool(user is not None and getattr(user, "is_superuser", False))
    return Organisations(restrict_to=None if organisation is None or superuser else organisation)


def show_number(value: Decimal | None) -> str:
    return "" if value is None else decimal_text(value)


# ----- mapping ---------------------------------------------------------------------------


def normalise_heading(text: str) -> str:
    """A heading reduced for matching: lower case, letters and digits only ("GSS_code" → "gsscode")."""
    return re.sub(r"[^0-9a-z]", "", (text or "").casefold())


_UNIT_DECORATION = re.compile(r"\([^)]*\)|\[[^\]]*\]|£\s*'?0{3}s?|£\s*[km]\b|£|%|\bper cent\b")


def auto_map(schema: Schema, headers: Sequence[str]) -> dict[str, str]:
    """Match headings to the schema's columns by name, label or alias, ignoring case and punctuation.

    A heading that does not match as written is tried again without units and notes in
    brackets, so "Net expenditure £000" and "Value (%)" are recognised.
    """
    exact = [normalise_heading(header) for header in headers]
    loose = [normalise_heading(_UNIT_DECORATION.sub(" ", header)) for header in headers]
    taken: set[int] = set()
    mapping: dict[str, str] = {}
    for normalised in (exact, loose):
        for column in schema.columns:
            if column.name in mapping:
                continue
            for candidate in (column.name, column.label, *column.aliases):
                wanted = normalise_heading(candidate)
                index = next((i for i, n in enumerate(normalised) if n == wanted and i not in taken), None)
                if index is not None:
                    taken.add(index)
                    mapping[column.name] = headers[index]
                    break
    return mapping


def column_required(schema: Schema, column: Column, *, organisation_scoped: bool) -> bool:
    """Whether a column must be mapped. In an organisation's space its own organisation column need not be."""
    if organisation_scoped and column.name == schema.organisation_column:
        return False
    return column.required


def mapping_problems(
    schema: Schema, mapping: dict[str, str], headers: Sequence[str], *, organisation_scoped: bool
) -> dict[str, str]:
    """What is wrong with a mapping, by column name: a required column missing, a heading used twice."""
    problems: dict[str, str] = {}
    used: dict[str, str] = {}
    for column in schema.columns:
        heading = mapping.get(column.name) or ""
        if heading and heading not in headers:
            problems[column.name] = f"The file has no column called “{heading}”"
        elif not heading:
            if column_required(schema, column, organisation_scoped=organisation_scoped):
                problems[column.name] = f"Select the column that holds the {column.label[0].lower()}{column.label[1:]}"
        elif heading in used:
            problems[column.name] = f"“{heading}” is already chosen for {used[heading]}: choose a different column"
        else:
            used[heading] = column.label
    return problems


def column_headings(schema: Schema, mapping: dict[str, str]) -> dict[str, str]:
    """How to name each column in an error: the file's heading when mapped, else our label."""
    return {column.name: mapping.get(column.name) or column.label for column in schema.columns}


def map_rows(
    schema: Schema, table: Table, mapping: dict[str, str], *, default_organisation: str = ""
) -> tuple[list[SourceRow], list[RowError]]:
    """The table's rows as :class:`SourceRow` objects, and the errors found while reading cells.

    A row with a reading problem (a formula with no saved value, an Excel error) in a mapped
    column is reported here and not passed to the schema. Rows whose mapped cells are all
    blank are skipped. ``default_organisation`` fills an unmapped organisation column.
    """
    index = {header: i for i, header in enumerate(table.headers)}
    names = {column.name for column in schema.columns}
    columns = [(name, index[heading]) for name, heading in mapping.items() if heading in index and name in names]
    defaults = {}
    if default_organisation and schema.organisation_column and schema.organisation_column not in mapping:
        defaults[schema.organisation_column] = default_organisation
    headings = column_headings(schema, mapping)
    rows: list[SourceRow] = []
    errors: list[RowError] = []
    if not columns:
        return rows, errors
    keys = [name for name, _ in columns]
    getter = itemgetter(*(i for _, i in columns))
    single = len(columns) == 1
    append = rows.append
    for row in table.rows:
        picked = getter(row.cells)
        if single:
            picked = (picked,)
        if row.problems:
            bad = [(name, row.problems[i]) for name, i in columns if i in row.problems]
            if bad:
                shown = dict(zip(keys, picked, strict=True))
                errors.extend(RowError(row.number, headings[name], shown[name], reason) for name, reason in bad)
                continue
        if not any(picked):
            continue
        values = dict(zip(keys, picked, strict=True))
        if defaults:
            values.update(defaults)
        append(SourceRow(row.number, values))
    return rows, errors


# ----- checking --------------------------------------------------------------------------


@dataclass
class CheckResult:
    rows_read: int
    records: list[Record] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @cached_property
    def counts(self) -> Counts:
        tally = {NEW: 0, REVISED: 0, UNCHANGED: 0}
        for record in self.records:
            tally[record.action] += 1
        return Counts(self.rows_read, tally[NEW], tally[REVISED], tally[UNCHANGED])

    def summary(self) -> str:
        counts = self.counts
        rows = "row" if counts.read == 1 else "rows"
        return (
            f"Read {counts.read:,} {rows}: {counts.created:,} new, {counts.revised:,} revised, "
            f"{counts.unchanged:,} unchanged"
        )


def check_table(
    schema: Schema,
    table: Table,
    mapping: dict[str, str],
    *,
    organisation: Organisation | None = None,
    user=None,
    options: dict | None = None,
) -> CheckResult:
    """Map and validate every row of a table. Errors name the file's own column headings."""
    rows, errors = map_rows(
        schema, table, mapping, default_organisation=organisation.gss_code if organisation is not None else ""
    )
    records, schema_errors = schema.validate(rows, organisation=organisation, user=user, options=options or {})
    headings = column_headings(schema, mapping)
    rows_read = len(rows) + len({error.row for error in errors})
    errors.extend(
        replace(error, column=", ".join(headings.get(name, name) for name in error.column.split(",")))
        for error in schema_errors
    )
    errors.sort(key=lambda error: error.row or 0)
    return CheckResult(rows_read=rows_read, records=records, errors=errors)


# ----- model schemas ---------------------------------------------------------------------


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


def _user_id(user) -> int | None:
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None


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
        # Nothing refers to imported rows (checked here), so no cascade is needed; the caller
        # has written their "deleted" history rows.
        if self.meta.related_objects:
            raise ImproperlyConfigured(f"{self.meta.label} has related rows: it cannot be rolled back in bulk")
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


# ----- import runs -----------------------------------------------------------------------


def _pausing_gc(function):
    """Run ``function`` with Python's cyclic garbage collector paused.

    Reading, checking and writing a file makes several objects for each of its rows (hundreds
    of thousands for a national file) and keeps them all until the end, so the collector
    would scan an ever larger heap again and again and find nothing: none of these objects
    refer to each other in cycles, and reference counting frees them as usual. Pausing it
    made a 365,000-row import about an eighth faster. It is switched back on afterwards,
    whatever happens (and left alone if it was already off).
    """

    @functools.wraps(function)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def run_mapping(run: ImportRun) -> dict[str, str]:
    return {name: heading for name, heading in (run.mapping or {}).items() if not name.startswith("_")}


def run_options(run: ImportRun) -> dict[str, bool]:
    return dict((run.mapping or {}).get(OPTIONS_KEY) or {})


def set_run_mapping(run: ImportRun, mapping: dict[str, str], options: dict[str, bool] | None = None) -> None:
    run.mapping = {**{name: heading for name, heading in mapping.items() if heading}, OPTIONS_KEY: options or {}}


def start_run(
    *, kind: str, data: bytes, file_name: str, table: Table, organisation: Organisation | None, user
) -> ImportRun:
    """Store an uploaded file as a new import run, with its columns matched automatically."""
    schema = get_schema(kind)
    name = PurePath(file_name).name[:255] or "upload"
    run = ImportRun(
        organisation=organisation,
        kind=kind,
        file_name=name,
        file_sha256=hashlib.sha256(data).hexdigest(),
        sheet_name=table.sheet_name[:100],
        created_by=user if user is not None and user.is_authenticated else None,
        rows_read=len(table.rows),
    )
    mapping = auto_map(schema, table.headers)
    suggest = getattr(schema, "suggest_options", None)
    set_run_mapping(run, mapping, suggest(mapping) if suggest else {})
    run.file.save(name, ContentFile(data), save=False)
    run.save()
    return run


def read_run_file(run: ImportRun, *, limit: int | None = None) -> Table:
    try:
        with run.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        raise ImportRefused("The uploaded file is no longer available: upload it again") from None
    try:
        return read_table(data, run.file_name, sheet=run.sheet_name, max_rows=max_rows(), limit=limit)
    except ReadError as error:
        raise ImportRefused(str(error)) from None


def _store_result(run: ImportRun, result: CheckResult) -> None:
    counts = result.counts
    run.rows_read = counts.read
    run.rows_created, run.rows_revised, run.rows_unchanged = counts.created, counts.revised, counts.unchanged
    run.error_count = len(result.errors)
    run.errors = [error.as_dict() for error in result.errors[:MAX_STORED_ERRORS]]


def _check(run: ImportRun, schema: Schema, table: Table, user) -> CheckResult:
    mapping = run_mapping(run)
    problems = mapping_problems(schema, mapping, table.headers, organisation_scoped=run.organisation_id is not None)
    if problems:
        raise ImportRefused("Match the file's columns before checking it: " + "; ".join(problems.values()))
    return check_table(schema, table, mapping, organisation=run.organisation, user=user, options=run_options(run))


@_pausing_gc
def check_run(run: ImportRun, *, user) -> CheckResult:
    """Check every row of an uploaded run with its mapping, and record the outcome on the run."""
    if run.status in (ImportRun.Status.COMMITTED, ImportRun.Status.ROLLED_BACK):
        raise ImportRefused("This file has already been imported")
    schema = get_schema(run.kind)
    result = _check(run, schema, read_run_file(run), user)
    _store_result(run, result)
    run.status = ImportRun.Status.VALIDATED if result.ok else ImportRun.Status.INVALID
    run.save()
    return result


def preview_run(run: ImportRun, *, user) -> list[tuple[Record, tuple[str, ...]]]:
    """The first rows of a checked run as they would be imported, with the text the preview shows.

    The file is read again (only its first rows, for a CSV file), so nothing about the
    preview needs keeping between requests.
    """
    schema = get_schema(run.kind)
    table = read_run_file(run, limit=PREVIEW_ROWS)
    try:
        result = _check(run, schema, table, user)
    except ImportRefused:
        return []
    return [(record, schema.describe(record.values)) for record in result.records[:PREVIEW_ROWS]]


class _Invalid(Exception):
    def __init__(self, result: CheckResult):
        self.result = result


@_pausing_gc
def commit_run(run: ImportRun, *, user) -> Counts:
    """Check the run's file again and write all of it, or none of it. Returns what was written."""
    schema = get_schema(run.kind)
    try:
        with transaction.atomic():
            locked = ImportRun.objects.select_for_update().filter(pk=run.pk).first()
            if locked is None:
                raise ImportRefused("This import no longer exists")
            if locked.status in (ImportRun.Status.COMMITTED, ImportRun.Status.ROLLED_BACK):
                raise ImportRefused("This file has already been imported")
            if locked.status != ImportRun.Status.VALIDATED:
                raise ImportRefused("Check the file, and fix any errors, before importing it")
            result = _check(run, schema, read_run_file(run), user)
            if not result.ok:
                raise _Invalid(result)
            counts = schema.commit(run, result.records, user)
            _store_result(run, result)
            run.rows_created, run.rows_revised, run.rows_unchanged = counts.created, counts.revised, counts.unchanged
            run.status = ImportRun.Status.COMMITTED
            run.committed_at = timezone.now()
            run.save()
    except _Invalid as invalid:
        _store_result(run, invalid.result)
        run.status = ImportRun.Status.INVALID
        run.save()
        raise ImportRefused(
            f"Nothing was imported: the file now has {len(invalid.result.errors):,} errors "
            "(the figures it refers to have changed since it was checked)"
        ) from None
    except IntegrityError:
        raise ImportRefused(
            "Nothing was imported: someone else changed the same figures while you were importing. Check the file again"
        ) from None
    return counts


def rollback_run(run: ImportRun, *, user) -> None:
    """Undo a committed run: delete the rows it created and put back the values it replaced."""
    schema = get_schema(run.kind)
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().filter(pk=run.pk).first()
        if locked is None or locked.status == ImportRun.Status.ROLLED_BACK:
            raise ImportRefused("This import has already been rolled back")
        if locked.status != ImportRun.Status.COMMITTED:
            raise ImportRefused("Only an import that has been made can be rolled back")
        schema.rollback(run, user)
        run.status = ImportRun.Status.ROLLED_BACK
        run.rolled_back_at = timezone.now()
        run.rolled_back_by = user if user is not None and user.is_authenticated else None
        run.save()


@_pausing_gc
def import_file(
    kind: str,
    data: bytes,
    file_name: str,
    *,
    options: dict | None = None,
    dry_run: bool = False,
    user=None,
) -> tuple[CheckResult, ImportRun | None]:
    """Import a whole file with no organisation restriction (the command line's national imports).

    Columns are matched by heading (:func:`auto_map`); a missing column raises
    :class:`ImportRefused`. Returns the check result and the committed run, or None when the
    file has errors or ``dry_run`` is set (then nothing is saved).
    """
    schema = get_schema(kind)
    try:
        table = read_table(data, file_name)
    except ReadError as error:
        raise ImportRefused(str(error)) from None
    mapping = auto_map(schema, table.headers)
    problems = mapping_problems(schema, mapping, table.headers, organisation_scoped=False)
    if problems:
        missing = [column for column in schema.columns if column.name in problems]
        expected = "; ".join(
            f"{column.label} (a heading such as “{column.name}”"
            + (f" or “{column.aliases[0]}”)" if column.aliases else ")")
            for column in missing
        )
        raise ImportRefused(
            f"The file has no column for: {expected}. Its headings are: {', '.join(table.headers) or 'none'}"
        )
    if dry_run:
        result = check_table(schema, table, mapping, user=user, options=options)
        return result, None
    with transaction.atomic():
        result = check_table(schema, table, mapping, user=user, options=options)
        if not result.ok:
            return result, None
        run = ImportRun(
            organisation=None,
            kind=kind,
            file_name=PurePath(file_name).name[:255],
            file_sha256=hashlib.sha256(data).hexdigest(),
            sheet_name=table.sheet_name[:100],
            created_by=user,
        )
        set_run_mapping(run, mapping, options)
        _store_result(run, result)
        run.save()
        counts = schema.commit(run, result.records, user)
        run.rows_created, run.rows_revised, run.rows_unchanged = counts.created, counts.revised, counts.unchanged
        run.status = ImportRun.Status.COMMITTED
        run.committed_at = timezone.now()
        run.save()
    return result, run
