"""What the client-level data pages say about each measure: its title, its method in plain
English, its unit, which indicator it is published as, and how the activity page groups the
local measures. Words only: the figures come from the stored results (:mod:`ascent.cld.results`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ascent.core.money import format_money
from ascent.documents.charts import line_chart
from ascent.documents.model import Chart, Column, Table
from ascent.documents.renderers.html import chart_view

PERCENT, PER_100K, MONEY, COUNT, DAYS = "percent", "per 100,000", "money", "count", "days"


@dataclass(frozen=True)
class MeasureInfo:
    code: str
    title: str
    method: str
    unit: str = PERCENT
    higher_is_better: bool | None = True
    is_ascof: bool = True

    @property
    def unit_text(self) -> str:
        return {PERCENT: "%", PER_100K: "per 100,000 people", MONEY: "£", COUNT: "", DAYS: "days"}[self.unit]

    def show(self, value) -> str:
        """An outcome as the page prints it: "76.3%", "512.4 per 100,000", "£1.263m"."""
        if value is None:
            return ""
        if self.unit == PERCENT:
            return f"{Decimal(value):.1f}%"
        if self.unit == PER_100K:
            return f"{Decimal(value):,.1f} per 100,000"
        if self.unit == MONEY:
            return format_money(Decimal(value).quantize(Decimal("0.01")))
        if self.unit == DAYS:
            return f"{Decimal(value):,.1f} days"
        return f"{Decimal(value):,.0f}"


ASCOF: dict[str, MeasureInfo] = {
    info.code: info
    for info in (
        MeasureInfo(
            "2A",
            "Short-term support that left people needing no ongoing support",
            "Of new clients' episodes of short-term support to help them be as independent as possible (such "
            "as reablement) that ended in the 12 months, the share after which the person needed no ongoing "
            "support, or less than before. It counts episodes, not people, and follows each one to what came "
            "next using every loaded extract, as DHSC's method does.",
        ),
        MeasureInfo(
            "2B",
            "Younger adults whose long-term support needs are met by admission to a care home",
            "New permanent admissions to residential or nursing care of people aged 18 to 64 in the 12 "
            "months, for every 100,000 people of that age in the council's population table. A move between "
            "homes is not a new admission; a return after a year or more is. A lower figure is better: more "
            "people supported to live at home.",
            unit=PER_100K,
            higher_is_better=False,
        ),
        MeasureInfo(
            "2C",
            "Older adults whose long-term support needs are met by admission to a care home",
            "The same as 2B for people aged 65 and over: new permanent admissions to residential or nursing "
            "care in the 12 months, for every 100,000 people of that age. A lower figure is better.",
            unit=PER_100K,
            higher_is_better=False,
        ),
        MeasureInfo(
            "2E",
            "People in long-term support who live in their own home or with family",
            "Of the people getting long-term support during the 12 months, the share living in their own "
            "home or with family, by the accommodation last recorded for each person. People whose "
            "accommodation is not known stay in the count of everyone.",
        ),
        MeasureInfo(
            "2E LD",
            "Adults with a learning disability who live in their own home or with family",
            "The same as 2E for adults aged 18 to 64 whose primary support reason is learning disability "
            "support: the share of them in long-term support who live in settled accommodation.",
        ),
        MeasureInfo(
            "3D 1a",
            "People who use services who receive self-directed support",
            "Of the clients in long-term support in the community on the last day of the 12 months, the "
            "share with self-directed support: a direct payment or a council-managed personal budget.",
        ),
        MeasureInfo(
            "3D 1b",
            "Carers who receive self-directed support",
            "Of the unpaid carers supported during the 12 months, the share with self-directed support.",
        ),
        MeasureInfo(
            "3D 2a",
            "People who use services who receive direct payments",
            "Of the clients in long-term support in the community on the last day of the 12 months, the "
            "share with a direct payment.",
        ),
        MeasureInfo(
            "3D 2b",
            "Carers who receive direct payments",
            "Of the unpaid carers supported during the 12 months, the share with a direct payment.",
        ),
    )
}

#: Local measures (ascent/cld/sql/local_*.sql): their unit and a sentence of method.
LOCAL: dict[str, MeasureInfo] = {
    info.code: info
    for info in (
        MeasureInfo(
            "Requests by route of access",
            "Requests for support by route of access",
            "New requests for support in the 12 months, by the route by which they came.",
            unit=COUNT,
            higher_is_better=None,
            is_ascof=False,
        ),
        MeasureInfo(
            "Requests by outcome group",
            "Requests for support by what came of them",
            "New requests for support in the 12 months, by the outcome group of what followed.",
            unit=PERCENT,
            higher_is_better=None,
            is_ascof=False,
        ),
        MeasureInfo(
            "Assessments completed",
            "Assessments completed by type",
            "Assessments completed in the 12 months, by type, and each type's share of them.",
            unit=PERCENT,
            higher_is_better=None,
            is_ascof=False,
        ),
        MeasureInfo(
            "Days from request to assessment: median",
            "Days from request to assessment: median",
            "The middle wait, in days, from a request to the assessment that followed it.",
            unit=DAYS,
            higher_is_better=False,
            is_ascof=False,
        ),
        MeasureInfo(
            "Days from request to assessment: 90th percentile",
            "Days from request to assessment: 90th percentile",
            "The wait, in days, that nine in ten assessments came within.",
            unit=DAYS,
            higher_is_better=False,
            is_ascof=False,
        ),
        MeasureInfo(
            "Reviews of long-term clients within 12 months",
            "Reviews of long-term clients within 12 months",
            "People in long-term support for a year or more whose review came within 12 months of the last.",
            unit=PERCENT,
            higher_is_better=True,
            is_ascof=False,
        ),
        MeasureInfo(
            "Planned weekly cost",
            "Planned weekly cost of services",
            "The planned cost of recurring services in the last quarter of the period, divided by the weeks "
            "of service in it: the average cost of a week of each service type.",
            unit=MONEY,
            higher_is_better=None,
            is_ascof=False,
        ),
        MeasureInfo(
            "Planned one-off cost",
            "Planned one-off cost of services",
            "One-off costs of services active in the last quarter of the period, and their average.",
            unit=MONEY,
            higher_is_better=None,
            is_ascof=False,
        ),
        MeasureInfo(
            "People in long-term support by setting",
            "People in long-term support by setting",
            "People receiving long-term support on the last day of the period, by where they receive it.",
            unit=PERCENT,
            higher_is_better=None,
            is_ascof=False,
        ),
        MeasureInfo(
            "People in long-term support by support reason",
            "People in long-term support by primary support reason",
            "People receiving long-term support on the last day of the period, by their latest-known "
            "primary support reason.",
            unit=PERCENT,
            higher_is_better=None,
            is_ascof=False,
        ),
    )
}

BREAKDOWN_ORDER = ("age band", "sex", "ethnicity group", "primary support reason")


def info(code: str) -> MeasureInfo:
    if code in ASCOF:
        return ASCOF[code]
    if code in LOCAL:
        return LOCAL[code]
    return MeasureInfo(
        code,
        code,
        "A local measure computed from the same extracts.",
        unit=COUNT,
        higher_is_better=None,
        is_ascof=False,
    )


def ascof_measures(grouped: dict) -> list[MeasureInfo]:
    """The ASCOF measures the run holds, in the framework's order."""
    return [measure for code, measure in ASCOF.items() if code in grouped]


def breakdown_order(name: str) -> tuple[int, str]:
    return (BREAKDOWN_ORDER.index(name) if name in BREAKDOWN_ORDER else len(BREAKDOWN_ORDER), name)


def indicator_codes() -> dict[str, str]:
    """Measure → the code of the indicator its headline figure is published as."""
    from .publish import PUBLISHED

    found: dict[str, str] = {}
    for code, (measure, _group) in PUBLISHED.items():
        found.setdefault(measure, code)
    return found


def trend_chart(measure: MeasureInfo, trend: list[dict]):
    """The trend as a line chart with its table alternative, or None with fewer than two figures."""
    points = [row for row in trend if row["outcome"] is not None and not row["suppressed"]]
    if len(points) < 2:
        return None
    period_heading, value_heading = "12 months to", measure.unit_text.strip() or "Value"
    value_heading = "Per cent" if measure.unit == PERCENT else value_heading
    data = [{period_heading: row["label"], value_heading: float(row["outcome"])} for row in points]
    title = f"{measure.code}: {measure.title}, {trend[0]['group']}"
    spec = line_chart(data, period_heading, value_heading, title=title, y_title=value_heading)
    first, last = points[0], points[-1]
    description = (
        f"{measure.code} went from {measure.show(first['outcome'])} in the {first['label']} "
        f"to {measure.show(last['outcome'])} in the {last['label']}."
    )
    table = Table(
        caption=title,
        columns=[Column(period_heading), Column(value_heading, kind="number")],
        rows=[[row["label"], float(row["outcome"])] for row in points],
    )
    return chart_view(Chart(title=title, spec=spec, table=table, description=description), "cld-trend-chart")


def activity_sections(rows) -> tuple[list[dict], Decimal | None]:
    """The activity page's tables from a run's results (no breakdowns), and the planned cost of a year.

    Each section is {"title", "measure", "columns", "rows"}; the annual cost is the total planned
    weekly cost × the weeks of service in the quarter × 4 (a year of the quarter's services).
    """
    by_measure: dict[str, list] = {}
    for row in rows:
        by_measure.setdefault(row.measure, []).append(row)
    sections = []
    annual = None
    people = by_measure.get("People in long-term support by support reason", [])
    if people:
        sections.append(
            {
                "title": "People in long-term support by primary support reason",
                "key": "people-reason",
                "columns": ["Primary support reason", "People", "Share"],
                "rows": [
                    [row.group, _count(row.numerator, row), f"{Decimal(row.outcome or 0):.1f}%"]
                    for row in _total_last(people)
                ],
            }
        )
    settings_rows = by_measure.get("People in long-term support by setting", [])
    if settings_rows:
        sections.append(
            {
                "title": "People in long-term support by setting",
                "key": "people-setting",
                "columns": ["Setting", "People", "Share"],
                "rows": [
                    [row.group, _count(row.numerator, row), f"{Decimal(row.outcome or 0):.1f}%"]
                    for row in _total_last(settings_rows)
                ],
            }
        )
    events = [
        row
        for name, measure_rows in by_measure.items()
        if name in ("Requests by route of access",)
        for row in measure_rows
    ]
    if events:
        sections.append(
            {
                "title": "Requests for support by route of access",
                "key": "requests",
                "columns": ["Route of access", "Requests"],
                "rows": [[row.group, _count(row.numerator, row)] for row in _total_last(events)],
            }
        )
    weekly = by_measure.get("Planned weekly cost", [])
    if weekly:
        sections.append(
            {
                "title": "Planned cost of services by service type, last quarter of the period",
                "key": "cost",
                "columns": ["Service type", "Planned cost in the quarter", "Weeks of service", "Average weekly cost"],
                "rows": [
                    [
                        row.group,
                        format_money(Decimal(row.numerator or 0).quantize(Decimal("0.01"))),
                        f"{Decimal(row.denominator or 0):,.0f}",
                        format_money(Decimal(row.outcome or 0).quantize(Decimal("0.01"))),
                    ]
                    for row in _total_last(weekly)
                ],
            }
        )
        total = next((row for row in weekly if row.group == "Total"), None)
        if total is not None and total.numerator is not None:
            annual = Decimal(total.numerator) * 4
    others = [
        name
        for name in by_measure
        if name not in ASCOF
        and name
        not in (
            "People in long-term support by support reason",
            "People in long-term support by setting",
            "Requests by route of access",
            "Planned weekly cost",
        )
    ]
    for name in others:
        measure = info(name)
        sections.append(
            {
                "title": measure.title,
                "key": name.lower().replace(" ", "-"),
                "columns": ["Group", "Number", "Out of", "Outcome"],
                "rows": [
                    [
                        row.group,
                        measure.show(row.numerator) if measure.unit == MONEY else _count(row.numerator, row),
                        _count(row.denominator, row),
                        "Suppressed (fewer than 5)" if row.suppressed else measure.show(row.outcome),
                    ]
                    for row in _total_last(by_measure[name])
                ],
            }
        )
    return sections, annual


def _total_last(rows) -> list:
    return sorted(rows, key=lambda row: row.group == "Total")


def _count(value, row=None) -> str:
    if row is not None and row.suppressed:
        return "Suppressed (fewer than 5)"
    if value is None:
        return "Not applicable"
    return f"{Decimal(value):,.0f}"
