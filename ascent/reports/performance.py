"""The "Performance scorecard" report: indicators and spending together, as boards ask for.

Built from the same scorecard and spending trend as the Performance pages, so a board paper
and the screen never disagree. Sections: a summary of RAG ratings, one table per scorecard
group, and the spending trend with its chart.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from ascent.core.dates import govuk_date
from ascent.core.rag import RAG
from ascent.documents.charts import bar_chart
from ascent.documents.colours import rag_colours
from ascent.documents.model import Chart, Column, Document, Figure, KeyFigures, Note, Paragraph, Section, Table
from ascent.finance import summary as spending
from ascent.finance.models import ExpenditureLine
from ascent.indicators.models import Unit
from ascent.indicators.scorecard import build_scorecard, format_value, rag_counts

ILLUSTRATIVE = (
    "Illustrative: some figures in this report are made up for demonstration. They are not official statistics."
)
#: The key to the per-row marker in tables holding illustrative figures.
FIGURES_KEY = (
    "Key: the Figures column says, for each indicator, whether its figures are real (the council's own) or "
    "illustrative (made up for demonstration), and which ones are illustrative when only some are."
)


def build_performance(organisation, *, user=None) -> Document:
    """Build the scorecard report for one organisation. Queries do not grow with its data."""
    today = timezone.localdate()
    scorecard = build_scorecard(organisation)
    lines = list(ExpenditureLine.objects.filter(organisation=organisation).order_by("pk"))
    trend = spending.build_trend(lines, measure=spending.default_measure(lines)) if lines else None

    sections = [_summary(organisation, scorecard, trend)]
    sections += [_group_section(group) for group in scorecard.groups if group.rows]
    if trend is not None and not trend.is_empty:
        sections.append(_spending_section(organisation, trend))
    return Document(
        title="Performance scorecard",
        subtitle=organisation.name,
        metadata=[
            ("Organisation", organisation.name),
            ("GSS code", organisation.gss_code),
            ("Produced", govuk_date(today)),
            ("Produced by", str(user) if user else "Ascent"),
        ],
        sections=sections,
        produced=today,
        # Eight columns of figures read best across the page.
        landscape=True,
    )


def _summary(organisation, scorecard, trend) -> Section:
    counts = rag_counts(scorecard)
    blocks = []
    if scorecard.is_illustrative or (trend is not None and trend.is_illustrative):
        blocks.append(Note(ILLUSTRATIVE))
    if scorecard.is_illustrative:
        blocks.append(Paragraph(FIGURES_KEY))
    if not scorecard.has_data:
        blocks.append(Paragraph(f"{organisation.name} has no indicator values in Ascent yet."))
        return Section("Summary", blocks)
    blocks.append(KeyFigures([(rag.label, f"{count:,}") for rag, count in counts.items()]))
    rated = sum(count for rag, count in counts.items() if rag.is_rated)
    blocks.append(
        Paragraph(
            f"{len(scorecard.rows)} indicators are on the scorecard; {rated} have a target to be rated against. "
            "Ratings compare the latest value with the target that applies to its period (a year's target "
            "applies to its months and quarters, and a target carries forward until a new one is set); "
            "direction of travel compares it "
            "with the previous value for the same kind of period, allowing for whether higher or lower is better."
        )
    )
    table = Table(
        caption="Indicators by rating",
        columns=[Column("Rating", kind="rating"), Column("Indicators", kind="number")],
        rows=[[rag, count] for rag, count in counts.items()],
    )
    parts = ", ".join(f"{count} {rag.label.lower()}" for rag, count in counts.items())
    blocks.append(
        Chart(
            title="Indicators by rating",
            spec=bar_chart(
                [{"Rating": rag.label, "Indicators": count} for rag, count in counts.items()],
                x="Indicators",
                y="Rating",
                title="Indicators by rating",
                x_title="Indicators",
                value_format="d",
                colours=RAG_BAR_COLOURS,
            ),
            table=table,
            description=f"Bar chart of {organisation.name}'s indicators by rating: {parts}.",
        )
    )
    return Section("Summary", blocks)


#: The "indicators by rating" bars in each rating's GOV.UK tag colours: filled with the
#: tag's background and outlined in its text colour (the bars are also labelled in words).
RAG_BAR_COLOURS = {rag.label: (rag_colours(rag).background, rag_colours(rag).text) for rag in RAG}

_FIGURE_KINDS = {Unit.PERCENT: "percent", Unit.MONEY: "money"}
_FIGURE_UNITS = {Unit.DAYS: "days", Unit.WEEKS: "weeks"}


def indicator_figure(indicator, value: Decimal | None) -> Figure | None:
    """A value as a :class:`Figure`: shown as the pages show it ("83.0%", "£1.263m"), and a
    number with the indicator's own format in a spreadsheet. None for no value."""
    if value is None:
        return None
    kind = _FIGURE_KINDS.get(indicator.unit, "number")
    places = 0 if kind == "money" else max(0, min(int(indicator.decimals), 6))
    return Figure(
        value,
        kind=kind,
        places=places,
        text=format_value(indicator, value),
        unit=_FIGURE_UNITS.get(indicator.unit, ""),
    )


def _group_section(group) -> Section:
    marked = any(row.is_illustrative for row in group.rows)
    rows = [
        [
            f"{row.indicator.code} {row.indicator.title}",
            indicator_figure(row.indicator, row.baseline),
            (row.baseline_label or None) if row.baseline is not None else None,
            row.target_description or None,
            indicator_figure(row.indicator, row.latest_value),
            row.latest_period_label or None,
            row.rag,
            f"{row.direction.label}" if row.has_data else None,
            *([row.source_label if row.has_data else None] if marked else []),
        ]
        for row in group.rows
    ]
    columns = [
        Column("Indicator"),
        Column("Baseline", align="right"),
        Column("Baseline period"),
        Column("Target"),
        Column("Latest", align="right"),
        Column("Latest period"),
        Column("Rating", kind="rating"),
        Column("Direction of travel"),
    ]
    if marked:
        columns.append(Column("Figures"))
    table = Table(caption=group.title, columns=columns, rows=rows)
    blocks = [table]
    if marked:
        blocks.insert(0, Note("Some values in this table are illustrative, not official statistics. " + FIGURES_KEY))
    return Section(group.title, blocks)


def _spending_section(organisation, trend) -> Section:
    export = spending.export_rows(trend)
    header, body = export[0], export[1:]
    columns = [Column(str(header[0]))] + [Column(str(label), kind="number") for label in header[1:]]
    # The percentage row is a number of per cent (whole per cents, as the table shows them),
    # so a spreadsheet gets 6 formatted as "6%", not the text "6%".
    rows = [
        [
            row[0],
            *(
                None
                if v is None
                else (Figure(v, kind="percent", places=trend.percent_dp) if row[0] == spending.PERCENT_LABEL else v)
                for v in row[1:]
            ),
        ]
        for row in body
    ]
    table = Table(caption=trend.caption, columns=columns, rows=rows)
    yearly = [
        (column.label, spending.in_thousands(total))
        for column, total in zip(trend.columns, trend.totals, strict=True)
        if total is not None
    ]
    chart_table = Table(
        caption="Total spending by year, £000",
        columns=[Column("Year"), Column("Total (£000)", kind="number")],
        rows=[[label, total] for label, total in yearly],
    )
    bases = [
        spending.BASIS_NAMES.get(column.basis, spending.BASIS_NAMES[spending.ACTUAL])
        for column, total in zip(trend.columns, trend.totals, strict=True)
        if total is not None
    ]
    points = [
        {"Year": label, "Total (£000)": float(total), "Basis": basis}
        for (label, total), basis in zip(yearly, bases, strict=True)
    ]
    # Forecast and budget years are drawn apart from actual ones, as on the Spending page.
    plans = any(basis != spending.BASIS_NAMES[spending.ACTUAL] for basis in bases)
    basis_note = spending.basis_sentence(trend)
    blocks = [Paragraph(sentence) for sentence in spending.summary_sentences(trend)]
    if trend.is_illustrative:
        blocks.insert(0, Note("Some spending figures are illustrative, not official statistics."))
    blocks.append(table)
    blocks.append(
        Chart(
            title="Total spending by year",
            spec=bar_chart(
                points,
                x="Year",
                y="Total (£000)",
                title="Total spending by year",
                y_title="£000",
                kind="Basis" if plans else None,
                kinds=list(spending.BASIS_NAMES.values()) if plans else (),
            ),
            table=chart_table,
            description=f"Bar chart of {organisation.name}'s total spending by year, in thousands of pounds."
            + (f" {basis_note[:1].upper()}{basis_note[1:]}" if basis_note else ""),
        )
    )
    return Section("Spending", blocks)
