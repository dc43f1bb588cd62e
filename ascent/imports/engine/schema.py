"""What an import kind declares and gives back, and how a kind's schema is found.

The columns and options a schema reads, the rows it is given, the records and errors it
returns, the :class:`Schema` protocol itself, and :func:`get_schema`, which looks a kind up
in the import kinds apps declare on their AppConfig (``ascent.core.registry``). Every other
module of the engine builds on these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.module_loading import import_string

from ascent.core.registry import import_schemas

from ..models import ImportRun

NEW, REVISED, UNCHANGED = "new", "revised", "unchanged"


class ImportRefused(Exception):
    """An import step cannot go ahead. The message is written for the person importing."""


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
    #: What kind of problem, for counting like problems together when the reason differs
    #: from row to row (as it does for duplicates, which name their rows); blank otherwise.
    kind: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict) -> RowError:
        return cls(data.get("row"), data.get("column", ""), data.get("value", ""), data.get("reason", ""))

    @property
    def summary(self) -> str:
        """The problem without its row, to count like problems together."""
        if self.kind:
            return self.kind
        return f"{self.column}: {self.reason}" if self.column else self.reason

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

    def rollback(self, run: ImportRun, user, *, keep_changed: bool = False, check_only: bool = False) -> Any:
        """Undo ``run``; returns a :class:`~.rollback.RollbackOutcome` (or raises RollbackBlocked).

        With ``check_only`` it changes nothing: it raises RollbackBlocked as the rollback would.
        """
        ...

    def describe(self, values: dict[str, Any]) -> tuple[str, ...]:
        """A checked record's values as the preview shows them, one text per preview heading."""
        ...

    def warn(self, records: Sequence[Record]) -> list[RowError]:
        """Likely slips among checked records (allowed, but to be confirmed before importing)."""
        ...

    # Optional: ``page_for(run) -> str | None``, the path of a run's own page when the kind has
    # its own pages (an action plan's import is made from its plan, whose options the general
    # pages do not know). The import app's page and its jobs' links then send people there.


def own_page(run: ImportRun) -> str | None:
    """The path of ``run``'s own page if its kind has one (see ``Schema``), else None."""
    try:
        schema = get_schema(run.kind)
    except LookupError:
        return None
    page_for = getattr(schema, "page_for", None)
    return page_for(run) if page_for is not None else None


def schema_kinds() -> list[str]:
    return list(import_schemas())


def get_schema(kind: str) -> Schema:
    """The schema for an import kind; LookupError for a kind no app declares."""
    path = import_schemas().get(kind)
    if not path:
        raise LookupError(f"No import schema for {kind!r}")
    return import_string(path)()
