"""Matrix rows for the regional self-assessment summary: its region's lead and platform staff only."""

from __future__ import annotations

from .base import LEADS_OF_REGION, Case


def _region(world):
    return {"code": world["harrow"].region.code}


CASES: dict[str, Case] = {
    "reports:regional": Case(get=LEADS_OF_REGION, kwargs=_region),
    "reports:regional-download": Case(get=LEADS_OF_REGION, kwargs=lambda w: {**_region(w), "fmt": "xlsx"}),
}
