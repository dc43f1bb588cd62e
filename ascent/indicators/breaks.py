"""Breaks in series: where an indicator's values before a date are not comparable with those after.

Two are known for the shipped ASCOF measures:

* **The refreshed ASCOF set** (from 2023-24, :data:`~ascent.indicators.codes.NEW_SET_FROM`):
  every ASCOF measure's values before and after come from different definitions, whether a
  measure of the 2014/15 set carried on or one of the refreshed set was given a value for an
  earlier year.
* **SALT to Client Level Data** (from 2024-25, :data:`CLD_FROM`): the measures the national
  method now computes from councils' client-level data (:data:`CLD_CODES`) were counted from
  the SALT return before.

A break matters only where a series has values on both sides of it. Charts draw no line across
it and mark it; tables say so in the first period after it (see
:mod:`ascent.indicators.sparkline` and the indicator page).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ascent.core.periods import Period

from .codes import NEW_PREFIX, NEW_SET_FROM, OLD_PREFIX

__all__ = ["CLD_CODES", "CLD_FROM", "Break", "breaks_before", "breaks_for"]

_ASCOF_CODE = re.compile(rf"^({re.escape(OLD_PREFIX)}|{re.escape(NEW_PREFIX)})[1-6][A-Z](\d[A-Z]?)?$")
#: The first day of the first year the national ASCOF measures below come from client-level data.
CLD_FROM = date(2024, 4, 1)
#: The shipped measures whose national source moved from SALT to Client Level Data in 2024-25.
CLD_CODES = frozenset(
    {
        "ASCOF23-2A",
        "ASCOF23-2B",
        "ASCOF23-2C",
        "ASCOF23-2D1",
        "ASCOF23-2D2",
        "ASCOF23-2E",
        "ASCOF23-3D1A",
        "ASCOF23-3D1B",
        "ASCOF23-3D2A",
        "ASCOF23-3D2B",
    }
)


@dataclass(frozen=True)
class Break:
    """Values from ``starts`` on are not comparable with those before; ``text`` says why."""

    starts: date
    #: The first financial year after the break, as councils write it ("2024-25").
    label: str
    text: str


SET_BREAK = Break(
    NEW_SET_FROM,
    "2023-24",
    "ASCOF was refreshed for 2023-24: values before then follow the 2014/15 set's definitions",
)
CLD_BREAK = Break(
    CLD_FROM,
    "2024-25",
    "from 2024-25 this measure is computed from Client Level Data; values before then came from SALT",
)


def breaks_for(indicator) -> tuple[Break, ...]:
    """The breaks in ``indicator``'s series (anything with a ``code``), earliest first."""
    code = indicator.code
    if indicator_is_local(indicator) or not _ASCOF_CODE.match(code):
        return ()
    if code in CLD_CODES:
        return (SET_BREAK, CLD_BREAK)
    return (SET_BREAK,)


def indicator_is_local(indicator) -> bool:
    return getattr(indicator, "organisation_id", None) is not None


def breaks_before(indicator, periods: Sequence[Period]) -> dict[int, Break]:
    """For ``periods`` oldest first (the periods that have values), the positions that begin a
    new stretch after a break, and the break: ``{3: CLD_BREAK}`` when the fourth value is the
    first from 2024-25 and an earlier one is from before. Empty when no break falls between
    two of them."""
    found: dict[int, Break] = {}
    for brk in breaks_for(indicator):
        for index in range(1, len(periods)):
            if periods[index - 1].start < brk.starts <= periods[index].start:
                found[index] = brk
                break
    return found
