"""The neutral report document model.

A report is built once as a :class:`Document` and then rendered to HTML, PDF, DOCX or XLSX
by :mod:`ascent.documents.renderers`. The model knows nothing about any output format, and
nothing about Django: it is plain, immutable data.

Immutability: every class is a frozen dataclass, and list arguments are stored as tuples
(so ``Paragraph``, ``Section`` and friends can be shared freely between documents). A
:class:`Chart`'s ``spec`` stays a ``dict`` because it is handed to Vega-Lite as JSON; treat
it as read-only.

Table values
------------
Cells hold ``str``, ``int``, ``float``, ``Decimal`` or ``None``. Numbers are kept as numbers
(so spreadsheets get real numbers) and formatted for display by :func:`format_value`
according to the column's ``kind``:

* ``"text"``: shown as given;
* ``"number"``: thousands separators, precision as given ("1,234", "12.50");
* ``"money"``: pounds, with pence only when not whole ("£1,234", "£12.50");
* ``"percent"``: a percentage on the 0 to 100 scale, so ``12.5`` shows as "12.5%";
* ``"rating"``: a :class:`~ascent.core.rag.RAG` rating, shown as its words ("Red",
  "Not rated") and, where the format has colour, in its GOV.UK tag colours (never colour
  alone).

A column whose rows are in different units (a scorecard's "Latest" column holds per cents,
money and counts) holds :class:`Figure` cells: a number with its own kind, decimal places
and display text, so a spreadsheet still gets a number with the right format.

``None`` means "no data" and shows as an en dash. A string in a numeric column (for
example "[c]" for a suppressed figure) is shown as given.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from ascent.core.money import format_money
from ascent.core.rag import RAG

__all__ = [
    "MISSING",
    "Block",
    "BulletList",
    "Cell",
    "Chart",
    "Column",
    "Document",
    "Figure",
    "KeyFigures",
    "Note",
    "NumberedList",
    "Paragraph",
    "Section",
    "Table",
    "format_value",
    "is_number",
    "slugify",
]

Align = Literal["left", "right"]
Kind = Literal["text", "number", "money", "percent", "rating"]

#: How an empty (``None``) cell is shown.
MISSING = "–"

_KINDS = ("text", "number", "money", "percent", "rating")
_NUMERIC_KINDS = ("number", "money", "percent")
_FIGURE_KINDS = ("number", "money", "percent")


@dataclass(frozen=True)
class Figure:
    """A number with its own unit, for a column whose rows are in different units.

    ``kind`` is "number", "money" or "percent" (0 to 100 scale, as for columns); ``places``
    is how many decimal places it is shown and formatted with; ``text`` is how it is shown
    (by default formatted from the value); ``unit`` is a word written after a number, such
    as "days", which a spreadsheet adds in its number format. ``signed`` marks a change,
    shown with "+" when it is up ("+£2.847m", "+5%"), in a spreadsheet too.
    """

    value: int | float | Decimal
    kind: str = "number"
    places: int = 0
    text: str = ""
    unit: str = ""
    signed: bool = False

    def __post_init__(self) -> None:
        if not is_number(self.value):
            raise ValueError(f"A Figure's value must be a number, not {self.value!r}")
        if self.kind not in _FIGURE_KINDS:
            raise ValueError(f"Figure kind must be one of {_FIGURE_KINDS}, not {self.kind!r}")
        if not 0 <= self.places <= 6:
            raise ValueError(f"A Figure has 0 to 6 decimal places, not {self.places!r}")
        if not self.text:
            text = _format_number(self.value, self.kind, self.places, self.unit)
            _set(self, "text", f"+{text}" if self.signed and self.value > 0 else text)

    def __str__(self) -> str:
        return self.text


Cell = str | int | float | Decimal | Figure | RAG | None


def _set(obj: object, name: str, value: object) -> None:
    """Normalise a field of a frozen dataclass during ``__post_init__``."""
    object.__setattr__(obj, name, value)


def _require_text(value: object, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be non-empty text, not {value!r}")


def is_number(value: object) -> bool:
    """True for int, float and Decimal values (but not bool)."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _format_number(value: int | float | Decimal, kind: str, places: int, unit: str = "") -> str:
    if kind == "money":
        return format_money(Decimal(str(value)), style="pounds")
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    if number.is_zero():
        number = abs(number)  # never "-0.0"
    text = f"{number:,.{places}f}"
    if kind == "percent":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def format_value(value: Cell, kind: Kind = "text") -> str:
    """Display text for a table cell of the given column kind."""
    if value is None:
        return MISSING
    if isinstance(value, RAG):
        return value.label
    if isinstance(value, Figure):
        return value.text
    if isinstance(value, str) or not is_number(value):
        return str(value)
    if kind == "money":
        amount = value if isinstance(value, int | Decimal) else Decimal(str(value))
        return format_money(amount, style="pounds")
    text = f"{value:,}"
    if kind == "percent":
        return f"{text}%"
    return text


# Blocks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str

    def __post_init__(self) -> None:
        _require_text(self.text, "Paragraph text")


@dataclass(frozen=True)
class NumberedList:
    """An ordered list, numbered from ``start``."""

    items: Sequence[str]
    start: int = 1

    def __post_init__(self) -> None:
        _set(self, "items", tuple(self.items))
        if not self.items:
            raise ValueError("A NumberedList needs at least one item")
        if self.start < 1:
            raise ValueError("A NumberedList must start at 1 or more")


@dataclass(frozen=True)
class BulletList:
    """An unordered list."""

    items: Sequence[str]

    def __post_init__(self) -> None:
        _set(self, "items", tuple(self.items))
        if not self.items:
            raise ValueError("A BulletList needs at least one item")


@dataclass(frozen=True)
class Column:
    """A table column. ``align`` defaults to right for numeric kinds, left for text."""

    heading: str
    align: Align | None = None
    kind: Kind = "text"

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"Column kind must be one of {_KINDS}, not {self.kind!r}")
        if self.align is None:
            _set(self, "align", "right" if self.is_numeric else "left")
        elif self.align not in ("left", "right"):
            raise ValueError(f"Column align must be 'left' or 'right', not {self.align!r}")

    @property
    def is_numeric(self) -> bool:
        return self.kind in _NUMERIC_KINDS


@dataclass(frozen=True)
class Table:
    """A data table with a caption. Every row must have one cell per column.

    ``row_headers`` marks the first column as row headings (``<th scope="row">``) when it
    is a text column.
    """

    caption: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    footnote: str | None = None
    row_headers: bool = True

    def __post_init__(self) -> None:
        _require_text(self.caption, "Table caption")
        _set(self, "columns", tuple(self.columns))
        _set(self, "rows", tuple(tuple(row) for row in self.rows))
        if not self.columns:
            raise ValueError(f"Table {self.caption!r} needs at least one column")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"Table {self.caption!r} row {number} has {len(row)} cells "
                    f"but there are {len(self.columns)} columns"
                )
            for value, column in zip(row, self.columns, strict=True):
                if isinstance(value, RAG) and column.kind != "rating":
                    raise ValueError(
                        f"Table {self.caption!r} row {number} has a rating in the {column.heading!r} column: "
                        "ratings go in a column of kind 'rating'"
                    )
                if column.kind == "rating" and not (value is None or isinstance(value, RAG)):
                    raise ValueError(
                        f"Table {self.caption!r} row {number}: the {column.heading!r} column holds ratings, "
                        f"not {value!r}"
                    )

    @property
    def has_row_headers(self) -> bool:
        return self.row_headers and not self.columns[0].is_numeric

    def display_rows(self) -> list[list[str]]:
        """The rows as display text, formatted by each column's kind."""
        return [
            [format_value(value, column.kind) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]


@dataclass(frozen=True)
class Chart:
    """A chart: a Vega-Lite spec plus the accessible alternatives it always carries.

    ``table`` holds the same data as a table; ``description`` is a one-sentence summary
    used as the chart's text alternative (alt text / aria-label).
    """

    title: str
    spec: dict[str, Any]
    table: Table
    description: str

    def __post_init__(self) -> None:
        _require_text(self.title, "Chart title")
        _require_text(self.description, "Chart description")
        if not isinstance(self.spec, dict) or not self.spec:
            raise ValueError("Chart spec must be a Vega-Lite spec as a non-empty dict")
        if not isinstance(self.table, Table):
            raise ValueError("A Chart must have a Table as its accessible alternative")


@dataclass(frozen=True)
class KeyFigures:
    """A few headline numbers, each a (label, value) pair.

    A value is a :class:`Figure` (a number shown as its text, and a number with its format
    in a spreadsheet), a plain number (a count, shown with thousands separators) or text.
    """

    items: Sequence[tuple[str, Figure | str]]

    def __post_init__(self) -> None:
        _set(self, "items", tuple((str(label), _key_figure(value)) for label, value in self.items))
        if not self.items:
            raise ValueError("KeyFigures needs at least one item")


def _key_figure(value: object) -> Figure | str:
    if isinstance(value, Figure):
        return value
    if is_number(value):
        return Figure(value, kind="number", places=0 if isinstance(value, int) else 2)
    return str(value)


@dataclass(frozen=True)
class Note:
    """An important notice, for example "Illustrative: not official statistics"."""

    text: str

    def __post_init__(self) -> None:
        _require_text(self.text, "Note text")


Block = Paragraph | NumberedList | BulletList | Table | Chart | KeyFigures | Note
_BLOCK_TYPES = (Paragraph, NumberedList, BulletList, Table, Chart, KeyFigures, Note)


# Sections and the document -----------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A headed section. ``level`` is the HTML heading level: 2 for a section, 3 for a
    subsection, 4 for a sub-subsection (the document title is level 1)."""

    heading: str
    blocks: Sequence[Block] = field(default_factory=tuple)
    level: int = 2

    def __post_init__(self) -> None:
        _require_text(self.heading, "Section heading")
        _set(self, "blocks", tuple(self.blocks))
        if self.level not in (2, 3, 4):
            raise ValueError(f"Section level must be 2, 3 or 4, not {self.level!r}")
        for block in self.blocks:
            if not isinstance(block, _BLOCK_TYPES):
                raise TypeError(f"Not a report block: {block!r}")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Council's Profile: Harrow" -> "councils-profile-harrow"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


_DATE_LABELS = ("produced", "date", "published", "generated")
_ORGANISATION_LABELS = ("organisation", "council")
_FILENAME_STEM_LIMIT = 100


@dataclass(frozen=True)
class Document:
    """A whole report.

    ``metadata`` is a list of (label, value) pairs shown under the title, for example
    ``[("Organisation", "Harrow"), ("Produced", "23 November 2026")]``. ``produced`` is an
    optional date used for file names; without it a "Produced" (or "Date") metadata value
    written like "23 November 2026" or "2026-11-23" is used. ``landscape`` lays the pages of
    the PDF and Word files sideways, for a report of wide tables (a scorecard).
    """

    title: str
    subtitle: str | None = None
    metadata: Sequence[tuple[str, str]] = field(default_factory=tuple)
    sections: Sequence[Section] = field(default_factory=tuple)
    produced: dt.date | None = None
    landscape: bool = False

    def __post_init__(self) -> None:
        _require_text(self.title, "Document title")
        _set(self, "metadata", tuple((str(label), str(value)) for label, value in self.metadata))
        _set(self, "sections", tuple(self.sections))
        previous = 1
        for section in self.sections:
            if not isinstance(section, Section):
                raise TypeError(f"Not a Section: {section!r}")
            if section.level > previous + 1:
                raise ValueError(
                    f"Section {section.heading!r} is level {section.level} after level {previous}: "
                    "heading levels must not be skipped"
                )
            previous = section.level

    def blocks(self) -> list[Block]:
        """Every block in the document, in order."""
        return [block for section in self.sections for block in section.blocks]

    def tables(self) -> list[tuple[Table, Chart | None]]:
        """Every table in order, including each chart's table (paired with its chart)."""
        found: list[tuple[Table, Chart | None]] = []
        for block in self.blocks():
            if isinstance(block, Table):
                found.append((block, None))
            elif isinstance(block, Chart):
                found.append((block.table, block))
        return found

    def metadata_value(self, *labels: str) -> str | None:
        """The first metadata value whose label matches one of ``labels`` (ignoring case)."""
        wanted = {label.lower() for label in labels}
        for label, value in self.metadata:
            if label.strip().lower() in wanted:
                return value
        return None

    def date(self) -> dt.date | None:
        """The production date: ``produced``, or a date read from the metadata."""
        if self.produced is not None:
            return self.produced
        text = self.metadata_value(*_DATE_LABELS)
        if not text:
            return None
        for pattern in ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - only the date is kept
            except ValueError:
                continue
        return None

    def filename(self, ext: str) -> str:
        """A safe download file name, e.g. "organisation-profile-harrow-2026-11-23.pdf".

        Made from the title, then the organisation from the metadata (unless the title
        already names it), then the date (see :meth:`date`).
        """
        stem = slugify(self.title) or "report"
        organisation = slugify(self.metadata_value(*_ORGANISATION_LABELS) or "")
        if organisation and organisation not in stem:
            stem = f"{stem}-{organisation}"
        if len(stem) > _FILENAME_STEM_LIMIT:
            stem = stem[:_FILENAME_STEM_LIMIT].rsplit("-", 1)[0]
        date = self.date()
        if date is not None:
            stem = f"{stem}-{date.isoformat()}"
        extension = slugify(ext.lstrip("."))
        return f"{stem}.{extension}" if extension else stem
