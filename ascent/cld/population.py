"""Importing a council's adult population, the denominator of ASCOF 2B and 2C.

:func:`import_population` reads a small CSV file with the columns ``year`` (the mid-year
estimate's year, e.g. 2024), ``age_band`` ("18 to 64" or "65 and above"; "18-64", "65+",
"65 and over" are read as those) and ``population`` (a whole number; "160,000" is read).
Headings are matched ignoring case, spaces and hyphens; other columns are ignored.

All or nothing: every row is checked first, and if any has a problem each one is reported with
its row number (the heading is row 1), field and reason, and nothing is saved. Otherwise each
row adds or updates the council's figure for that year and band, in one transaction, through
the model so that every change is in its history (who made it, and when). Figures already held
for other years are left alone; a row the same as the figure held changes nothing. Imported
figures are real (``is_illustrative`` off), replacing any illustrative demo figure.

Bounded: a file over ``MAX_BYTES`` or with more than ``MAX_ROWS`` data rows is refused before
any row is read, with a message saying so.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path

from django.db import transaction

from .models import AgeBand, Population

MAX_BYTES = 100_000
MAX_ROWS = 500
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_POPULATION = 20_000_000  # more adults than any council has

COLUMNS = ("year", "age_band", "population")
_BANDS = {
    AgeBand.WORKING_AGE: ("18 to 64", "18-64", "18 - 64", "aged 18 to 64", "18 64"),
    AgeBand.OLDER: ("65 and above", "65 and over", "65+", "65 plus", "65 or over", "aged 65 and over", "over 65"),
}
BAND_OF = {spelling: band for band, spellings in _BANDS.items() for spelling in spellings}


@dataclasses.dataclass(frozen=True)
class RowError:
    row: int  # the row in the file; the heading is row 1 (0 for the file as a whole)
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"Row {self.row}, {self.field}" if self.row else self.field
        return f"{where}: {self.reason}"


@dataclasses.dataclass
class PopulationImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def saved(self) -> int:
        return self.created + self.updated


def _heading(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lstrip("\ufeff").casefold())


def _band(text: str) -> str | None:
    key = re.sub(r"\s+", " ", text.strip().casefold().replace("–", "-").replace("—", "-"))
    return BAND_OF.get(key)


def _read_bytes(file) -> bytes | RowError:
    """At most MAX_BYTES + 1 bytes of a path or an open (binary or text) file."""
    if isinstance(file, str | Path):
        path = Path(file)
        if path.stat().st_size > MAX_BYTES:
            return _too_big()
        return path.read_bytes()
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        return _too_big()
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return _too_big() if len(data) > MAX_BYTES else data


def _too_big() -> RowError:
    return RowError(0, "File", f"is larger than {MAX_BYTES // 1000:,} KB: a population file needs only a few rows")


def _decode(data: bytes) -> str | RowError:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return RowError(0, "File", "cannot be read as text: save it as CSV (UTF-8)")


def check_rows(text: str) -> tuple[list[tuple[int, int, str, int]], list[RowError]]:
    """The file's rows as (row number, year, age band, population), and every problem found."""
    errors: list[RowError] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headings = next(reader)
    except StopIteration:
        return [], [RowError(0, "File", "is empty: give the headings year, age_band, population and a row a year")]
    except csv.Error as error:
        return [], [RowError(1, "Headings", f"cannot be read as CSV ({error})")]
    at = {}
    for position, heading in enumerate(headings):
        at.setdefault(_heading(heading), position)
    missing = [column for column in COLUMNS if column not in at]
    if missing:
        found = ", ".join(h.strip() for h in headings if h.strip()) or "none"
        return [], [RowError(1, "Headings", f"no column {', '.join(missing)} (found: {found})")]
    rows: list[tuple[int, int, str, int]] = []
    seen: dict[tuple[int, str], int] = {}
    count = 0
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                return [], [RowError(0, "File", f"has more than {MAX_ROWS:,} rows: a population file needs a few")]
            values = {column: cells[at[column]].strip() if at[column] < len(cells) else "" for column in COLUMNS}
            row_errors = []
            year = _year(values["year"], number, row_errors)
            band = _band(values["age_band"])
            if band is None:
                reason = "is blank" if not values["age_band"] else f"“{values['age_band']}” is not an age band"
                row_errors.append(RowError(number, "age_band", f"{reason}: write 18 to 64 or 65 and above"))
            population = _population(values["population"], number, row_errors)
            if not row_errors and (year, band) in seen:
                row_errors.append(
                    RowError(number, "age_band", f"repeats {year} {band}, already given in row {seen[(year, band)]}")
                )
            errors.extend(row_errors)
            if not row_errors:
                seen[(year, band)] = number
                rows.append((number, year, band, population))
    except csv.Error as error:
        errors.append(RowError(reader.line_num, "File", f"cannot be read as CSV from here ({error})"))
    if not count and not errors:
        errors.append(RowError(0, "File", "has headings but no rows: give one row a year and age band"))
    return rows, errors


def _year(text: str, number: int, errors: list[RowError]) -> int | None:
    if not text:
        errors.append(RowError(number, "year", "is blank: write the mid-year estimate's year, e.g. 2024"))
        return None
    if not re.fullmatch(r"\d{4}", text):
        errors.append(
            RowError(number, "year", f"“{text}” is not a year: write the mid-year estimate's year, e.g. 2024")
        )
        return None
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors.append(RowError(number, "year", f"{year} is outside {FIRST_YEAR} to {LAST_YEAR}"))
        return None
    return year


def _population(text: str, number: int, errors: list[RowError]) -> int | None:
    cleaned = text.replace(",", "").replace(" ", "")
    if not cleaned:
        errors.append(RowError(number, "population", "is blank: give the number of people, e.g. 160000"))
        return None
    if not cleaned.isdigit():
        errors.append(RowError(number, "population", f"“{text}” is not a whole number of people"))
        return None
    value = int(cleaned)
    if not 0 < value <= MAX_POPULATION:
        errors.append(RowError(number, "population", f"{value:,} is not a council's population (1 to 20,000,000)"))
        return None
    return value


def import_population(organisation, file, *, by, source: str = "") -> PopulationImport:
    """Check the CSV ``file`` (a path, or an open file such as an upload) and, if every row is
    right, add or update ``organisation``'s population figures. Saves nothing if any row is wrong."""
    result = PopulationImport()
    data = _read_bytes(file)
    if isinstance(data, RowError):
        result.errors.append(data)
        return result
    text = _decode(data)
    if isinstance(text, RowError):
        result.errors.append(text)
        return result
    rows, result.errors = check_rows(text)
    if result.errors:
        return result
    source = source.strip()[: Population._meta.get_field("source").max_length]
    with transaction.atomic():
        held = {
            (figure.year, figure.age_band): figure
            for figure in Population.objects.in_organisation(organisation).select_for_update()
        }
        for _, year, band, population in rows:
            figure = held.get((year, band))
            if figure is None:
                figure = Population(
                    organisation=organisation,
                    created_by=by,
                    year=year,
                    age_band=band,
                    population=population,
                    source=source,
                )
                figure._history_user = by
                figure.save()
                result.created += 1
            elif figure.population != population or figure.is_illustrative or (source and figure.source != source):
                figure.population = population
                if source or figure.is_illustrative:
                    figure.source = source  # an illustrative figure's source says so; this one is not
                figure.is_illustrative = False
                figure._history_user = by
                figure.save()
                result.updated += 1
            else:
                result.unchanged += 1
    return result
