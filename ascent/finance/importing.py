"""Importing expenditure lines from CSV and Excel files.

The documented standard layout has one row per organisation, service line, financial year,
basis and measure:

    organisation,service_line,financial_year,amount,basis,measure,units
    E09000015,Adults,2023-24,"£34,099k",actual,net,

Council finance tables usually give amounts in £000: tick "amounts are in £000" (or
``--thousands`` on the command line), or give a ``units`` column. An amount that says its
own scale ("£34,099k", "£1.2m") is always read as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ascent.core.money import exact_pounds, format_money
from ascent.core.periods import PeriodKind
from ascent.imports.engine import (
    ORGANISATION_COLUMN,
    CellError,
    Column,
    ModelSchema,
    Option,
    PeriodReader,
    RowError,
    RowReader,
    SourceRow,
    organisations_for,
    read_choice,
    read_money,
    with_note,
)

from .models import ExpenditureLine

BASIS_CHOICES = {
    "actual": ExpenditureLine.Basis.ACTUAL,
    "actuals": ExpenditureLine.Basis.ACTUAL,
    "outturn": ExpenditureLine.Basis.ACTUAL,
    "budget": ExpenditureLine.Basis.BUDGET,
    "budgeted": ExpenditureLine.Basis.BUDGET,
    "forecast": ExpenditureLine.Basis.FORECAST,
    "projected": ExpenditureLine.Basis.FORECAST,
    "projection": ExpenditureLine.Basis.FORECAST,
}
MEASURE_CHOICES = {"net": ExpenditureLine.Measure.NET, "gross": ExpenditureLine.Measure.GROSS}
UNIT_CHOICES = {
    "£": "£",
    "pounds": "£",
    "gbp": "£",
    "£000": "£000",
    "£000s": "£000",
    "£'000": "£000",
    "£k": "£000",
    "k": "£000",
    "000": "£000",
    "000s": "£000",
    "thousand": "£000",
    "thousands": "£000",
    "£ thousands": "£000",
    "£m": "£m",
    "m": "£m",
    "million": "£m",
    "millions": "£m",
    "£ millions": "£m",
}
MULTIPLIERS = {"£": 1, "£000": 1_000, "£m": 1_000_000}
_THOUSANDS_HEADING = re.compile(r"£\s*'?0{3}|£\s*k\b|\b000s\b|thousand")


def _service_line(text: str) -> str:
    if not text:
        raise CellError("enter the service line, such as Adults or Reablement")
    text = " ".join(text.split())
    if len(text) > 120:
        raise CellError("the service line must be 120 characters or fewer")
    return text


class ExpenditureSchema(ModelSchema):
    kind = "expenditure"
    title = "Expenditure"
    description = (
        "One row for each organisation, service line and financial year: the amount spent, budgeted or forecast."
    )
    columns = (
        ORGANISATION_COLUMN,
        Column(
            "service_line",
            "Service line",
            required=True,
            aliases=("service", "service area", "line", "category", "service category", "budget line", "description"),
            help="What the money is spent on, as your finance tables name it, such as Adults, Reablement or CYAD.",
            example="Adults",
        ),
        Column(
            "financial_year",
            "Financial year",
            required=True,
            aliases=("year", "fy", "period"),
            help="The financial year, such as 2023-24 or 2023/24.",
            example="2023-24",
        ),
        Column(
            "amount",
            "Amount",
            required=True,
            aliases=(
                "amount £000",
                "expenditure",
                "net expenditure",
                "gross expenditure",
                "spend",
                "spending",
                "cost",
                "value",
                "total",
                "£000",
            ),
            help="In pounds, such as 34099000, £34,099k or £34.1m. Tick “amounts are in £000” if the file is in £000.",
            example="£34,099k",
        ),
        Column(
            "basis",
            "Basis",
            aliases=("type", "actual or budget"),
            help="Actual, budget or forecast. A blank basis means actual.",
            example="actual",
        ),
        Column(
            "measure",
            "Measure",
            aliases=("net or gross", "net/gross"),
            help="Net (of client contributions) or gross. A blank measure means net.",
            example="net",
        ),
        Column(
            "units",
            "Units",
            aliases=("unit", "amount units"),
            help="£ for pounds, £000 for thousands or £m for millions, for each row.",
        ),
    )
    options = (
        Option(
            "thousands",
            "The amounts are in thousands of pounds (£000)",
            help=(
                "Finance tables often give figures in £000, so 34,099 means £34,099,000. A units column, or an "
                "amount with its own k or m, overrides this."
            ),
        ),
    )
    preview_headings = ("Organisation", "Service line", "Financial year", "Amount", "Basis", "Measure")

    model = ExpenditureLine
    key_fields = ("organisation_id", "service_line", "financial_year", "basis", "measure")
    key_columns = ("organisation", "service_line", "financial_year", "basis", "measure")
    key_description = "organisation, service line, financial year, basis and measure"
    compare_fields = ("amount", "is_illustrative")

    def key_of(self, values: dict[str, Any]) -> tuple:
        return (
            values["organisation_id"],
            values["service_line"].casefold(),
            values["financial_year"],
            values["basis"],
            values["measure"],
        )

    def suggest_options(self, mapping: dict[str, str]) -> dict[str, bool]:
        heading = (mapping.get("amount") or "").casefold()
        return {"thousands": bool(_THOUSANDS_HEADING.search(heading))}

    def parse(self, rows: Sequence[SourceRow], errors: list[RowError], *, organisation, user, options):
        organisations = self._organisations = organisations_for(organisation, user)
        #: Amounts written as approximations ("c. £1.6m"), by record key, for the preview to say so.
        self._approximate: dict[tuple, str] = {}
        periods = PeriodReader()
        default_units = "£000" if options.get("thousands") else "£"
        actual, net = ExpenditureLine.Basis.ACTUAL, ExpenditureLine.Measure.NET
        for row in rows:
            reader = RowReader(row, errors)
            organisation_id = reader.get("organisation", organisations)
            service_line = reader.get("service_line", _service_line)
            period = reader.get("financial_year", periods)
            if period is not None and period.kind is not PeriodKind.FINANCIAL_YEAR:
                reader.fail(
                    "financial_year",
                    f"must be a financial year, such as 2023-24 (this reads as the {period.kind.label.lower()} "
                    f"{period.label})",
                    kind="must be a financial year, such as 2023-24",
                )
            units = reader.get("units", read_choice, UNIT_CHOICES, default_units, "the units")
            amount = reader.get("amount", read_money, MULTIPLIERS[units or "£"])
            basis = reader.get("basis", read_choice, BASIS_CHOICES, actual, "the basis")
            measure = reader.get("measure", read_choice, MEASURE_CHOICES, net, "the measure")
            if not reader.ok:
                continue
            values = {
                "organisation_id": organisation_id,
                "service_line": service_line,
                "financial_year": period.start.year,
                "amount": amount.amount,
                "basis": basis,
                "measure": measure,
                "is_illustrative": False,
            }
            if amount.approximate:
                self._approximate[self.key_of(values)] = amount.note
            yield row.number, values

    def existing_filter(self, values):
        return {
            "organisation_id__in": {v["organisation_id"] for v in values},
            "financial_year__in": {v["financial_year"] for v in values},
        }

    def describe_rows(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        rows = ExpenditureLine.objects.filter(pk__in=ids).select_related("organisation")
        return {
            row.pk: (
                f"{row.organisation.name}, {row.service_line}, {_year(row.financial_year)} "
                f"({row.get_basis_display().lower()}, {row.get_measure_display().lower()})",
                format_money(row.amount, style="pounds"),
            )
            for row in rows
        }

    def describe(self, values: dict[str, Any]) -> tuple[str, ...]:
        year = values["financial_year"]
        return (
            self._organisations.name_of(values["organisation_id"]),
            values["service_line"],
            f"{year}-{(year + 1) % 100:02d}",
            with_note(
                exact_pounds(values["amount"]),
                getattr(self, "_approximate", {}).get(self.key_of(values)),
            ),
            ExpenditureLine.Basis(values["basis"]).label,
            ExpenditureLine.Measure(values["measure"]).label,
        )


def _year(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"
