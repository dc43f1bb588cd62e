"""Demo spending data: Harrow's adult social care expenditure, 2013-14 to 2020-21.

From the expenditure table in Harrow's December 2019 committee report on the Resilient
Harrow programme: net of client contributions, printed in thousands of pounds and stored
here in pounds. The report was written in December 2019, so 2013-14 to 2018-19 are actual
spending, 2019-20 is the forecast and 2020-21 the budget. Running it again adds nothing twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from ascent.organisations.demo import DemoDataError
from ascent.organisations.models import Organisation

from .models import ExpenditureLine

HARROW = "E09000015"
FIRST_YEAR = 2013

#: Service line → net spending in £000, one figure a year from 2013-14 to 2020-21.
HARROW_SPENDING_THOUSANDS = {
    "Adults": (32_480, 34_221, 37_959, 40_439, 43_237, 47_991, 50_178, 53_022),
    "Reablement": (431, 504, 391, 293, 387, 426, 387, 390),
    "CYAD": (1_188, 1_452, 1_683, 1_452, 2_506, 2_615, 3_239, 3_239),
}
#: The report's totals (£000), to check the lines against.
HARROW_TOTALS_THOUSANDS = (34_099, 36_177, 40_033, 42_184, 46_130, 51_032, 53_804, 56_651)


def basis_for(financial_year: int) -> str:
    """Actual up to 2018-19, forecast for 2019-20 (the year the report was written in), budget after."""
    if financial_year <= 2018:
        return ExpenditureLine.Basis.ACTUAL
    if financial_year == 2019:
        return ExpenditureLine.Basis.FORECAST
    return ExpenditureLine.Basis.BUDGET


def harrow_lines() -> list[dict]:
    """Harrow's table as expenditure line values (amounts in pounds)."""
    return [
        {
            "service_line": service_line,
            "financial_year": FIRST_YEAR + index,
            "amount": Decimal(thousands) * 1000,
            "basis": basis_for(FIRST_YEAR + index),
            "measure": ExpenditureLine.Measure.NET,
        }
        for service_line, row in HARROW_SPENDING_THOUSANDS.items()
        for index, thousands in enumerate(row)
    ]


@transaction.atomic
def load_demo_finance() -> str:
    """Load Harrow's spending table; returns a short summary."""
    harrow = Organisation.objects.filter(gss_code=HARROW).first()
    if harrow is None:
        raise DemoDataError("Load the reference data first: manage.py load_reference_data")
    existing = {
        (line.service_line, line.financial_year, line.basis, line.measure): line
        for line in ExpenditureLine.objects.filter(organisation=harrow)
    }
    added = updated = 0
    lines = harrow_lines()
    for values in lines:
        key = (values["service_line"], values["financial_year"], values["basis"], values["measure"])
        line = existing.get(key)
        if line is None:
            ExpenditureLine.objects.create(organisation=harrow, **values)
            added += 1
        elif line.amount != values["amount"] or line.is_illustrative:
            line.amount = values["amount"]
            line.is_illustrative = False
            line.save()
            updated += 1
    years = len(HARROW_TOTALS_THOUSANDS)
    summary = (
        f"Harrow: {len(lines)} expenditure lines ({len(HARROW_SPENDING_THOUSANDS)} service lines, "
        f"{years} financial years from 2013-14; {added} added"
    )
    return summary + (f", {updated} corrected)" if updated else ")")
