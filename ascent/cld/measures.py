"""The measures of a council's loaded extracts, for a 12-month period: one entry for the
command line now, and for the pages and the indicator store to come.

:func:`council_measures` opens the engine, loads the council's extracts oldest first (later
loads win where they overlap, reference §6.2), builds the clean tables for the period, and
runs the ASCOF measures (with the council's population for 2B and 2C) and the local ones.
:func:`default_period` is the latest rolling 12 months of loaded data; :func:`financial_year`
reads "2024-25" as 1 April 2024 to 31 March 2025.
"""

from __future__ import annotations

import datetime as dt
import re

from . import breakdowns, engine, measures_local, storage
from .models import Extract, Population

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


class NoExtracts(ValueError):
    """The council has loaded no extracts."""


def financial_year(text: str) -> tuple[dt.date, dt.date]:
    """ "2024-25" → (1 April 2024, 31 March 2025); ValueError for anything else."""
    found = _YEAR.match(text.strip())
    if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
        raise ValueError(f"“{text}” is not a financial year: write it as 2024-25")
    start = int(found.group(1))
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)


def default_period(organisation) -> tuple[dt.date, dt.date]:
    """The 12 months ending with the latest period end any loaded extract states."""
    latest = (
        Extract.objects.in_organisation(organisation)
        .filter(stated_end__isnull=False)
        .order_by("-stated_end")
        .values_list("stated_end", flat=True)
        .first()
    )
    if latest is None:
        raise NoExtracts(f"{organisation.name} has loaded no client-level data extracts.")
    return twelve_months_to(latest)


def twelve_months_to(end: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months ending ``end``: from the first day of the month after the same month a year
    before (31 March 2025 → 1 April 2024)."""
    start = (dt.date(end.year - 1, end.month, 1) + dt.timedelta(days=32)).replace(day=1)
    return start, end


def council_measures(organisation, period: tuple[dt.date, dt.date] | None = None) -> list[dict]:
    """Every measure for ``period`` (default :func:`default_period`): dicts with measure, group,
    numerator, denominator, outcome, period_start and period_end."""
    extracts = list(Extract.objects.in_organisation(organisation).order_by("loaded_at", "id"))
    if not extracts:
        raise NoExtracts(f"{organisation.name} has loaded no client-level data extracts.")
    start, end = period or default_period(organisation)
    la_code = extracts[-1].la_code
    population = [
        (la_code, row.year, row.age_band, row.population) for row in Population.objects.in_organisation(organisation)
    ]
    con = engine.connect()
    try:
        engine.load_extracts(con, [(e.pk, storage.absolute(e.stored_path)) for e in extracts])
        engine.build(con, start, end)
        # Small sex groups are suppressed here as on the pages (ascent.cld.breakdowns).
        rows = breakdowns.suppress_method_groups(engine.run_measures(con, start, end, population=population))
        rows.extend(engine.measure_row(row, start, end) for row in measures_local.run_local(con, start, end))
        return rows
    finally:
        con.close()
