"""Tests for the reports kernel. ``sample_document()`` builds a report using every block kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ascent.documents.charts import bar_chart, line_chart
from ascent.documents.model import (
    BulletList,
    Chart,
    Column,
    Document,
    KeyFigures,
    Note,
    NumberedList,
    Paragraph,
    Section,
    Table,
)

RECOMMENDATIONS = [f"Recommendation number {n}: review the approach to area {n}." for n in range(1, 11)]

COMPARATORS = [
    {"council": "Harrow", "rate": Decimal("612.5")},
    {"council": "Barnet", "rate": Decimal("540.0")},
    {"council": "Brent", "rate": Decimal("701.2")},
    {"council": "Ealing", "rate": Decimal("655.0")},
]

TREND = [
    {"year": year, "area": area, "spend": spend}
    for area, values in (("Harrow", (1210, 1265, 1340)), ("England", (1180, 1230, 1302)))
    for year, spend in zip(("2021-22", "2022-23", "2023-24"), values, strict=True)
]


def comparator_table() -> Table:
    return Table(
        caption="Permanent admissions per 100,000 adults aged 65 and over",
        columns=[Column("Council"), Column("Rate per 100,000", kind="number")],
        rows=[[row["council"], row["rate"]] for row in COMPARATORS],
    )


def spending_table() -> Table:
    return Table(
        caption="Gross spending on adult social care",
        columns=[
            Column("Service"),
            Column("Spend", kind="money"),
            Column("Change", kind="percent"),
            Column("Clients", kind="number"),
            Column("Comment", align="left"),
        ],
        rows=[
            ["Residential care", Decimal("12500000"), Decimal("4.5"), 1234, "Rising"],
            ["Home care", Decimal("8250000.50"), Decimal("-1.2"), 2345, None],
            ["Direct payments", 3100000, 12.5, None, "[c]"],
        ],
        footnote="Source: illustrative figures.",
    )


def sample_document() -> Document:
    rates = bar_chart(
        COMPARATORS,
        "rate",
        "council",
        title="Permanent admissions compared",
        highlight="Harrow",
        x_title="Rate per 100,000 adults",
        y_title="Council",
    )
    trend = line_chart(
        TREND,
        "year",
        "spend",
        series="area",
        highlight="Harrow",
        title="Spending per adult over time",
        x_title="Year",
        y_title="Spend per adult (£)",
    )
    return Document(
        title="Organisation profile",
        subtitle="Adult social care in Harrow",
        metadata=[("Organisation", "Harrow"), ("Produced", "23 November 2026")],
        sections=[
            Section(
                "Summary",
                [
                    Note("Illustrative: not official statistics."),
                    Paragraph("This profile summarises adult social care in Harrow."),
                    KeyFigures([("People supported", "3,579"), ("Gross spend", "£23.9m")]),
                ],
            ),
            Section(
                "Comparisons",
                [
                    Chart(
                        "Permanent admissions compared",
                        rates,
                        comparator_table(),
                        "Harrow's rate of 612.5 is lower than Brent and Ealing but higher than Barnet.",
                    ),
                    BulletList(["Harrow is a London borough.", "Comparators are its neighbours."]),
                ],
            ),
            Section(
                "Spending",
                [
                    spending_table(),
                    Chart(
                        "Spending per adult over time",
                        trend,
                        Table(
                            caption="Spending per adult, Harrow and England",
                            columns=[
                                Column("Year"),
                                Column("Harrow", kind="money"),
                                Column("England", kind="money"),
                            ],
                            rows=[["2021-22", 1210, 1180], ["2022-23", 1265, 1230], ["2023-24", 1340, 1302]],
                        ),
                        "Spending per adult in Harrow rose from £1,210 to £1,340, slightly above England.",
                    ),
                ],
                level=3,
            ),
            Section(
                "Recommendations",
                [NumberedList(RECOMMENDATIONS), NumberedList(["Follow-up item"], start=11)],
            ),
        ],
        produced=dt.date(2026, 11, 23),
    )
