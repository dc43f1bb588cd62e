"""The shipped indicator library: the national ASCOF measure sets, loaded from a data file.

``data/ascof.csv`` holds one row per measure of the 2014/15 to 2022/23 set (codes
``ASCOF-1A`` ... ``ASCOF-4B``) and of the refreshed set from 2023/24 (``ASCOF23-1A`` ...
``ASCOF23-5B``). docs/data/indicator-library.md lists them and says where each definition
comes from. The optional ``successor`` column names, for a 2014/15 to 2022/23 measure, the
measure of the set from 2023/24 that carries it on (as the framework reference gives it), so
a value given under an old code for a period from 2023/24 can be read as its successor (see
:mod:`ascent.indicators.codes`).

The ``elements`` column tags each measure with the framework elements it counts towards, as
``framework-slug:element-key`` separated by spaces: its ASCOF domain or objective
(``ascof-2014:domain-1``, ``ascof-2023:objective-2``; every measure has the one of its own
set) and, where a measure is evidence for it, a CQC quality statement
(``cqc-la-assessment:qs-7``). The frameworks must be loaded first (``load_frameworks``, which
``make setup`` runs before ``load_indicators``): a tag naming a framework or element that is
not loaded refuses the file, saying so. The loader keeps each shipped indicator's shipped tags
exactly as the file says (a council's own tags are never touched).

:func:`load_indicator_library` checks every row first and refuses the whole file if any row
is wrong, with a message naming the row, the field and the reason. Then it upserts by code
among the shipped indicators (those with no organisation): a new code is added, a changed row
updates the indicator (keeping the earlier version in its history) and an unchanged row is
left alone, so loading the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from ascent.core.rag import Polarity
from ascent.frameworks.models import Element, Framework

from .models import Frequency, Indicator, IndicatorElement, Unit

DEFAULT_LIBRARY = Path(__file__).resolve().parent / "data" / "ascof.csv"

#: The columns the file must have, in the order the shipped file writes them.
COLUMNS = (
    "code",
    "elements",
    "sort_order",
    "title",
    "definition",
    "unit",
    "polarity",
    "decimals",
    "frequency",
    "source",
    "valid_min",
    "valid_max",
)
#: Columns a file may leave out (older files); they come after :data:`COLUMNS`.
OPTIONAL_COLUMNS = ("successor",)

ASCOF_2014 = "ascof-2014"
ASCOF_2023 = "ascof-2023"
#: Shipped codes start with the prefix of their measure set, whose framework every row is tagged with.
PREFIXES = {ASCOF_2014: "ASCOF-", ASCOF_2023: "ASCOF23-"}
#: A tag: the framework's slug and the element's key.
TAG_PATTERN = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*):([a-z0-9]+(?:[-_][a-z0-9]+)*)$")

_TEXT_LIMITS = {field: Indicator._meta.get_field(field).max_length for field in ("code", "title", "source")}
_MAX_DECIMALS = 6


@dataclass
class LoadResult:
    """What a load did: indicators added, corrected, and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return f"{self.created} added, {self.updated} updated, {self.unchanged} unchanged"


class LibraryError(ValueError):
    """The library file cannot be loaded. ``errors`` lists every problem found, one per row and field."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:20]
        more = f"\n... and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
        super().__init__("The indicator library file has errors:\n" + "\n".join(shown) + more)


def _choice(value: str, allowed: list[str], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of: {', '.join(allowed)}")
    return value


def _whole_number(value: str, what: str, *, low: int, high: int | None = None) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not {value!r}") from None
    if number < low or (high is not None and number > high):
        limit = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise ValueError(f"{what} must be {limit}, not {number}")
    return number


def _bound(value: str, what: str) -> Decimal | None:
    """A valid_min or valid_max: blank for the unit's own bound, or a plain number."""
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{what} must be a number or blank, not {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{what} must be a number or blank, not {value!r}")
    return number


def _clean_row(row: dict[str, str]) -> dict[str, object]:
    """The model values for one file row, or ValueError("field: reason") for the first problem.

    The successor is returned as its code (``successor_code``); the loader links it."""
    text = {column: (row.get(column) or "").strip() for column in (*COLUMNS, *OPTIONAL_COLUMNS)}
    for column in ("code", "elements", "title", "definition", "unit", "polarity", "decimals", "frequency"):
        if not text[column]:
            raise ValueError(f"{column} is empty")
    for column, limit in _TEXT_LIMITS.items():
        if len(text[column]) > limit:
            raise ValueError(f"{column} is {len(text[column])} characters long; at most {limit} are allowed")
    tags = _tags(text["elements"])
    framework = next((slug for slug, prefix in PREFIXES.items() if text["code"].startswith(prefix)), None)
    if framework is None or len(text["code"]) == len(PREFIXES[framework]):
        raise ValueError(f"code {text['code']!r} must start with {' or '.join(map(repr, PREFIXES.values()))}")
    if not any(slug == framework for slug, _ in tags):
        raise ValueError(
            f"elements must include a domain or objective of {framework} for code {text['code']!r}, "
            f"such as {framework}:{'domain-1' if framework == ASCOF_2014 else 'objective-1'}"
        )
    if any(character.isspace() for character in text["code"]):
        raise ValueError(f"code {text['code']!r} must not contain spaces")
    valid_min, valid_max = _bound(text["valid_min"], "valid_min"), _bound(text["valid_max"], "valid_max")
    if valid_min is not None and valid_max is not None and valid_min > valid_max:
        raise ValueError(f"valid_min ({valid_min}) must not be more than valid_max ({valid_max})")
    return {
        "code": text["code"],
        "elements_tags": tags,
        "sort_order": _whole_number(text["sort_order"] or "0", "sort_order", low=0),
        "title": text["title"],
        "definition": text["definition"],
        "unit": _choice(text["unit"], list(Unit.values), "unit"),
        "polarity": _choice(text["polarity"], [p.value for p in Polarity], "polarity"),
        "decimals": _whole_number(text["decimals"], "decimals", low=0, high=_MAX_DECIMALS),
        "frequency": _choice(text["frequency"], list(Frequency.values), "frequency"),
        "source": text["source"],
        "valid_min": valid_min,
        "valid_max": valid_max,
        "successor_code": _successor(text["successor"], framework),
    }


def _tags(text: str) -> tuple[tuple[str, str], ...]:
    """The ``elements`` column read as (framework slug, element key) pairs, in the file's order."""
    tags: list[tuple[str, str]] = []
    for word in text.split():
        match = TAG_PATTERN.match(word)
        if match is None:
            raise ValueError(f"elements: {word!r} is not framework-slug:element-key, such as ascof-2014:domain-1")
        if match.groups() in tags:
            raise ValueError(f"elements: {word} is given twice")
        tags.append(match.groups())
    return tuple(tags)


def _successor(code: str, framework: str) -> str:
    if not code:
        return ""
    if framework != ASCOF_2014:
        raise ValueError("successor is only for measures of the 2014/15 to 2022/23 set")
    prefix = PREFIXES[ASCOF_2023]
    if not code.startswith(prefix) or len(code) == len(prefix):
        raise ValueError(f"successor {code!r} must be a code of the set from 2023/24, starting {prefix!r}")
    return code


def read_library(path: Path = DEFAULT_LIBRARY) -> list[dict[str, object]]:
    """Read and check the library file. Raises LibraryError listing every bad row."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            rows = list(reader)
    except FileNotFoundError:
        raise LibraryError([f"{path}: no such file"]) from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise LibraryError([f"{path.name}: cannot be read as a UTF-8 CSV file ({error})"]) from None
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise LibraryError([f"{path.name}: the header row has no column {', '.join(missing)}"])
    reader_rows = [{key if key is None else key.strip(): value for key, value in row.items()} for row in rows]
    errors: list[str] = []
    cleaned: list[dict[str, object]] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(reader_rows, start=2):
        code = (row.get("code") or "").strip()
        where = f"{path.name} row {line}" + (f" ({code})" if code else "")
        if None in row:
            errors.append(f"{where}: has more values than the header has columns")
            continue
        try:
            values = _clean_row(row)
        except ValueError as error:
            errors.append(f"{where}: {error}")
            continue
        if code in first_line:
            errors.append(f"{where}: code {code} is already used on row {first_line[code]}")
            continue
        first_line[code] = line
        cleaned.append(values)
    has_successors = "successor" in header
    for line, values in zip(first_line.values(), cleaned, strict=True):
        if not has_successors:
            values["successor_code"] = None  # a file without the column leaves successors as they are
            continue
        successor = values["successor_code"]
        if successor and successor not in first_line:
            errors.append(f"{path.name} row {line} ({values['code']}): successor {successor} is not a code in the file")
    if errors:
        raise LibraryError(errors)
    if not cleaned:
        raise LibraryError([f"{path.name}: has no indicators"])
    return cleaned


def shipped_elements(tags: set[tuple[str, str]]) -> dict[tuple[str, str], Element]:
    """The element of the newest version of each shipped framework that ``tags`` name, by tag (one query)."""
    slugs = {slug for slug, _ in tags}
    elements = (
        Element.objects.filter(framework__organisation__isnull=True, framework__slug__in=slugs)
        .filter(framework__superseded_by__isnull=True)
        .select_related("framework")
        .order_by("framework__slug", "-framework_id")
    )
    found: dict[tuple[str, str], Element] = {}
    for element in elements:
        found.setdefault((element.framework.slug, element.key), element)
    return found


def _resolve_tags(rows: list[dict[str, object]], path: Path) -> dict[str, list[Element]]:
    """Each row's tags as elements; LibraryError naming every framework or element not loaded."""
    wanted = {tag for values in rows for tag in values["elements_tags"]}
    found = shipped_elements(wanted)
    loaded = {slug for slug, _ in found} | set(
        Framework.objects.filter(organisation__isnull=True, slug__in={slug for slug, _ in wanted}).values_list(
            "slug", flat=True
        )
    )
    missing = sorted({slug for slug, _ in wanted} - loaded)
    if missing:
        raise LibraryError(
            [
                f"The framework{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} not loaded: run python manage.py load_frameworks "
                "before loading the indicator library"
            ]
        )
    errors = []
    result: dict[str, list[Element]] = {}
    for values in rows:
        result[values["code"]] = []
        for tag in values["elements_tags"]:
            if tag not in found:
                errors.append(f"{Path(path).name} ({values['code']}): framework {tag[0]} has no element {tag[1]}")
            else:
                result[values["code"]].append(found[tag])
    if errors:
        raise LibraryError(errors)
    return result


def _sync_tags(indicators: dict[str, Indicator], tags: dict[str, list[Element]]) -> None:
    """Make each indicator's shipped tags (no organisation) exactly the file's; keeps history."""
    held: dict[int, dict[int, IndicatorElement]] = {}
    ids = [indicators[code].pk for code in tags]
    for tag in IndicatorElement.objects.filter(indicator_id__in=ids, organisation__isnull=True):
        held.setdefault(tag.indicator_id, {})[tag.element_id] = tag
    for code, elements in tags.items():
        indicator = indicators[code]
        have = held.get(indicator.pk, {})
        for element in elements:
            if element.pk not in have:
                IndicatorElement.objects.create(indicator=indicator, element=element, organisation=None)
        wanted = {element.pk for element in elements}
        for element_id, tag in have.items():
            if element_id not in wanted:
                tag.delete()


@transaction.atomic
def load_indicator_library(path: Path = DEFAULT_LIBRARY) -> LoadResult:
    """Add or correct the shipped indicators from ``path``, and their shipped tags; safe to run again.

    The frameworks the file's ``elements`` name must be loaded (``load_frameworks``);
    LibraryError says which are not, and nothing is saved."""
    rows = read_library(path)
    tags = _resolve_tags(rows, path)
    for values in rows:
        values.pop("elements_tags")
    existing = {indicator.code: indicator for indicator in Indicator.objects.filter(organisation__isnull=True)}
    result = LoadResult()
    successors = {values["code"]: values.pop("successor_code") for values in rows}
    # Measures that are successors first, so a new measure is created with its successor linked.
    for values in sorted(rows, key=lambda values: bool(successors[values["code"]])):
        indicator = existing.get(values["code"])
        if indicator is None:
            successor = existing.get(successors[values["code"]] or "")
            existing[values["code"]] = Indicator.objects.create(organisation=None, successor=successor, **values)
            result.created += 1
            continue
        changed = [field for field, value in values.items() if getattr(indicator, field) != value]
        successor_code = successors[values["code"]]
        successor = existing.get(successor_code) if successor_code else None
        if successor_code is not None and indicator.successor_id != (successor.pk if successor else None):
            indicator.successor = successor
            changed.append("successor")
        if not changed:
            result.unchanged += 1
            continue
        for field in changed:
            if field != "successor":
                setattr(indicator, field, values[field])
        indicator.save(update_fields=[*changed, "updated_at"])
        result.updated += 1
    # New indicators: link their successors once every indicator exists.
    for code, successor_code in successors.items():
        if successor_code is None:
            continue
        indicator = existing[code]
        successor = existing.get(successor_code)
        if indicator.successor_id != (successor.pk if successor else None):
            indicator.successor = successor
            indicator.save(update_fields=["successor", "updated_at"])
    _sync_tags(existing, tags)
    return result
