"""Matrix rows for spending: the trend page and its exports (every member of A may read them)."""

from __future__ import annotations

from decimal import Decimal

from .base import MEMBERS_OF_A, Case, a

MARKER = "Harrow private service line"


def extend_world(world: dict) -> None:
    from ascent.finance.models import ExpenditureLine

    world["expenditure_line"] = ExpenditureLine.objects.create(
        organisation=world["harrow"], service_line=MARKER, financial_year=2020, amount=Decimal("1234000")
    )


CASES: dict[str, Case] = {
    "finance:index": Case(get=MEMBERS_OF_A, kwargs=a),
    "finance:export": Case(get=MEMBERS_OF_A, kwargs=lambda w: {**a(w), "fmt": "csv"}),
}

A_MARKERS = [MARKER]
