"""Demo client-level data: two years of synthetic quarterly extracts and illustrative population.

:func:`load_demo` gives a council what it would have after loading its CLD return every quarter
for 2024-25 and 2025-26: eight extracts, each the rolling 12 months to the quarter's end, as
councils submit them (reference §1 and §6: the joined submissions take the latest extract
covering each quarter). The same people appear in every extract at different points of their
journeys (the generator lays out every journey once, from July 2022 to March 2026, and each
extract shows what had happened by its end). Extracts for periods ending up to June 2025 use
Release 1 values, later ones Release 2 (Release 2 was first submitted in October 2025), so the
R1 → R2 mapping is exercised. A few rows carry errors and duplicates, as real files do.

Nobody in these files is real: they are made by :mod:`ascent.cld.synthetic`, seeded from the
council's GSS code (so the same council always gets the same files), and every extract's name
says "synthetic — not real people". The population figures for 2B and 2C are illustrative, not
ONS estimates, and marked so (``is_illustrative``, and their source says it).

Files go through :func:`ascent.cld.loading.load_extract`, the one way in, oldest first. Running it
again adds nothing twice: an extract already loaded (same checksum) is skipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from datetime import date
from pathlib import Path

from django.db import transaction

from . import synthetic
from .loading import load_extract
from .models import AgeBand, Extract, Population

LABEL = "synthetic — not real people"
PEOPLE = 1_500
QUARTER_ENDS = (
    date(2024, 6, 30),
    date(2024, 9, 30),
    date(2024, 12, 31),
    date(2025, 3, 31),
    date(2025, 6, 30),
    date(2025, 9, 30),
    date(2025, 12, 31),
    date(2026, 3, 31),
)
JOURNEYS_FROM = date(2022, 7, 1)  # a year before the first extract's period
FIRST_R2_END = date(2025, 9, 30)
ERROR_RATE = 0.003
DUPLICATE_RATE = 0.003

#: Illustrative adults per synthetic person, by age band (see :func:`illustrative_population`):
#: with these, 2B comes out near 15 and 2C near 500 per 100,000, about England's rates.
ADULTS_PER_PERSON = {AgeBand.WORKING_AGE: 20, AgeBand.OLDER: 2}
POPULATION_YEARS = (2023, 2024, 2025)
POPULATION_SOURCE = "Illustrative figures for the demo, not an ONS estimate"


class DemoLoadError(Exception):
    """The demo extracts could not be loaded (the council's extracts carry another LA Code)."""


@dataclasses.dataclass
class DemoLoad:
    loaded: int = 0
    skipped: int = 0
    rows: int = 0
    population: int = 0

    def __str__(self) -> str:
        return (
            f"{self.loaded} synthetic CLD extracts loaded ({self.rows:,} rows), {self.skipped} already there; "
            f"{self.population} illustrative population figures"
        )


def seed_for(gss_code: str) -> int:
    """The generator's seed for a council: from its GSS code, so always the same."""
    return int(hashlib.sha256(synthetic.check_gss_code(gss_code).encode()).hexdigest()[:8], 16)


def quarter_label(end: date) -> str:
    """The financial-year quarter a period ends with: 30 June 2024 → "Q1 2024/25"."""
    start_year = end.year if end.month >= 4 else end.year - 1
    quarter = {6: 1, 9: 2, 12: 3, 3: 4}[end.month]
    return f"Q{quarter} {start_year}/{(start_year + 1) % 100:02d}"


def extract_options(gss_code: str, end: date) -> synthetic.Options:
    """The generator's settings for the demo extract ending at ``end``."""
    return synthetic.Options(
        gss_code=gss_code,
        people=PEOPLE,
        years=1,
        seed=seed_for(gss_code),
        release="R2" if end >= FIRST_R2_END else "R1",
        error_rate=ERROR_RATE,
        duplicate_rate=DUPLICATE_RATE,
        end=end,
        world_start=JOURNEYS_FROM,
        world_end=QUARTER_ENDS[-1],
    )


def original_name(organisation, end: date) -> str:
    return f"{organisation.name} CLD {quarter_label(end)}, rolling 12 months ({LABEL}).csv"


def illustrative_population() -> list[tuple[int, str, int]]:
    """(year, age band, population) for the years the extracts cover.

    Illustrative, not any council's real population: sized to the synthetic caseload
    (``ADULTS_PER_PERSON`` adults per synthetic person) so that 2B and 2C come out as believable
    rates, growing slightly each year.
    """
    return [
        (year, band, round(PEOPLE * per_person * (1 + 0.005 * offset)))
        for band, per_person in ADULTS_PER_PERSON.items()
        for offset, year in enumerate(POPULATION_YEARS)
    ]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_demo(organisation, *, by=None) -> DemoLoad:
    """Load the council's eight synthetic extracts (oldest first) and illustrative population."""
    result = DemoLoad()
    held = set(Extract.objects.in_organisation(organisation).values_list("sha256", flat=True))
    with tempfile.TemporaryDirectory(prefix="ascent-cld-demo-") as folder:
        for end in QUARTER_ENDS:
            path = Path(folder) / f"{end:%Y-%m-%d}.csv"
            synthetic.write(extract_options(organisation.gss_code, end), path)
            if _sha256(path) in held:
                result.skipped += 1
                continue
            loaded = load_extract(organisation, path, original_name=original_name(organisation, end), by=by)
            if not loaded.loaded:
                problems = "; ".join(loaded.report.fatal)
                raise DemoLoadError(f"The synthetic extract for {quarter_label(end)} was refused: {problems}")
            extract = loaded.extract
            extract.summary = {**extract.summary, "synthetic": True, "label": LABEL}
            extract._history_user = by
            extract.save(update_fields=["summary"])
            result.loaded += 1
            result.rows += extract.rows
    result.population = _illustrative_population(organisation, by)
    return result


@transaction.atomic
def _illustrative_population(organisation, by) -> int:
    """Add the illustrative figures where the council has none; a real figure is never replaced."""
    held = {(p.year, p.age_band): p for p in Population.objects.in_organisation(organisation)}
    count = 0
    for year, band, value in illustrative_population():
        figure = held.get((year, band))
        if figure is not None and not figure.is_illustrative:
            continue
        if figure is None:
            figure = Population(organisation=organisation, created_by=by, year=year, age_band=band)
        elif (figure.population, figure.source) == (value, POPULATION_SOURCE):
            count += 1
            continue
        figure.population = value
        figure.source = POPULATION_SOURCE
        figure.is_illustrative = True
        figure._history_user = by
        figure.save()
        count += 1
    return count


def load_demo_client_level_data() -> str:
    """Both demo councils' synthetic extracts and population, and their measures computed and
    published (after the demo people and the indicator library): a line for the demo command."""
    from ascent.organisations.demo import HARROW, HEREFORDSHIRE, DemoDataError
    from ascent.organisations.models import Organisation

    from .results import compute_and_store

    lines = []
    for gss_code in (HARROW, HEREFORDSHIRE):
        organisation = Organisation.objects.filter(gss_code=gss_code).first()
        if organisation is None:
            raise DemoDataError("Load the reference data first: manage.py load_reference_data")
        loaded = load_demo(organisation)
        runs = compute_and_store(organisation, by=None)
        lines.append(f"{organisation.name}: {loaded}; measures for {len(runs)} rolling 12-month periods")
    return "; ".join(lines)
