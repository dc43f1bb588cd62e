"""The "Performance scorecard" report: indicators and spending together, as boards ask for.

Built from the same scorecard and spending trend as the Performance pages, so a board paper
and the screen never disagree. Sections: a summary of RAG ratings, one table per scorecard
group, and the spending trend with its chart.

Options (the report request's, see :data:`ascent.reports.catalogue.REPORTS`): ``as_at``, the
scorecard as at the end of a period; ``compare``, a second period beside it, each value with
its real period and rating, and the change. The title, the title page and the headings say so.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from ascent.core.dates import govuk_date
from ascent.core.periods import Period
from ascent.core.rag import RAG
from ascent.documents.charts import bar_chart
from ascent.documents.colours import rag_colours
from ascent.documents.model import Chart, Column, Document, Figure, KeyFigures, Note, Paragraph, Section, Table
from ascent.finance import summary as spending
from ascent.finance.models import ExpenditureLine
from ascent.indicators.models import Unit
from ascent.indicators.scorecard import (
    Comparison,
    UnknownFramework,
    build_comparison,
    build_scorecard,
    format_value,
    rag_counts,
)

ILLUSTRATIVE = (
    "Illustrative: some figures in this report are made up for demonstration. They are not official statistics."
)
#: The key to the per-row marker in tables holding illustrative figures.
FIGURES_KEY = (
    "Key: the Figures column says, for each indicator, whether its figures are real (the council's own) or "
    "illustrative (made up for demonstration), and which ones are illustrative when only some are."
)


def periods_title(as_at: Period | None, compare: Period | None) -> str:
    """ "as at Q3 2015/16 compared with Q3 2014/15", "as at 2019-20" or ""."""
    text = f"as at {as_at.label}" if as_at is not None else ""
    if compare is not None:
        text += f" compared with {compare.label}"
    return text.strip()


def build_performance(
    organisation,
    *,
    user=None,
    as_at: Period | None = None,
    compare: Period | None = None,
    framework: str | None = None,
) -> Document:
    """Build the scorecard report for one organisation, as at ``as_at`` (else the latest values)
    and, with ``compare``, beside the scorecard as at that period; grouped by ``framework``'s
    top-level elements (a slug; ASCOF by default, and when the framework is no longer there).
    Queries do not grow with its data."""
    today = timezone.localdate()
    try:
        if compare is not None:
            scorecard = build_comparison(organisation, as_at, compare, framework=framework)
        else:
            scorecard = build_scorecard(organisation, period=as_at, framework=framework)
    except UnknownFramework:
        return build_performance(organisation, user=user, as_at=as_at, compare=compare)
    lines = list(ExpenditureLine.objects.filter(organisation=organisation).order_by("pk"))
    trend = spending.build_trend(lines, measure=spending.default_measure(lines)) if lines else None

    when = periods_title(as_at, compare)
    sections = [_summary(organisation, scorecard, trend, when)]
    if isinstance(scorecard, Comparison):
        sections += [_comparison_section(group, scorecard) for group in scorecard.groups if group.rows]
    else:
        sections += [_group_section(group, when) for group in scorecard.groups if group.rows]
    if trend is not None and not trend.is_empty:
        sections.append(_spending_section(organisation, trend))
    metadata = [
        ("Organisation", organisation.name),
        ("GSS code", organisation.gss_code),
    ]
    if as_at is not None:
        metadata.append(("As at", f"{as_at.label} (each indicator's latest value up to its end)"))
    if compare is not None:
        metadata.append(("Compared with", compare.label))
    metadata += [
        ("Produced", govuk_date(today)),
        ("Produced by", str(user) if user else "Ascent"),
    ]
    return Document(
        title=f"Performance scorecard {when}".strip(),
        subtitle=organisation.name,
        metadata=metadata,
        sections=sections,
        produced=today,
        # Eight columns of figures read best across the page.
        landscape=True,
    )


def _summary(organisation, scorecard, trend, when: str = "") -> Section:
    heading = f"Summary {when}".strip()
    counts = rag_counts(scorecard)
    blocks = []
    if scorecard.is_illustrative or (trend is not None and trend.is_illustrative):
        blocks.append(Note(ILLUSTRATIVE))
    if scorecard.is_illustrative:
        blocks.append(Paragraph(FIGURES_KEY))
    if not scorecard.has_data:
        if when:
            blocks.append(Paragraph(f"{organisation.name} has no indicator values in Ascent {when}."))
        else:
            blocks.append(Paragraph(f"{organisation.name} has no indicator values in Ascent yet."))
        return Section(heading, blocks)
    blocks.append(KeyFigures([(rag.label, count) for rag, count in counts.items()]))
    rated = sum(count for rag, count in counts.items() if rag.is_rated)
    if isinstance(scorecard, Comparison):
        first = f"as at {scorecard.period.label}" if scorecard.period is not None else "today"
        second = scorecard.compared_period.label
        blocks.append(
            Paragraph(
                f"{len(scorecard.rows)} indicators are on the scorecard; {first}, {rated} have a target to be rated "
                f"against. Each indicator's value {first} is its latest up to then, shown beside its latest up to "
                f"the end of {second}, each with its own period and rating. The ratings in this summary are "
                f"{first}; the change is in percentage points for percentages."
            )
        )
    else:
        latest = f"latest value up to the end of {scorecard.period.label}" if scorecard.period else "latest value"
        blocks.append(
            Paragraph(
                f"{len(scorecard.rows)} indicators are on the scorecard; {rated} have a target to be rated against. "
                f"Ratings compare each indicator's {latest} with the target that applies to its period (a year's "
                "target applies to its months and quarters, and a target carries forward until a new one is set); "
                "direction of travel compares it with the previous value for the same kind of period, allowing for "
                "whether higher or lower is better."
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
    return Section(heading, blocks)


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


def group_heading(group, when: str = "") -> str:
    """A scorecard group's heading (and its table's caption): its title, then the framework
    it belongs to, so two domains numbered alike ("3 Ensuring that people have a positive
    experience..." and the 2023/24 set's "3 Empowerment...") are told apart, then the period."""
    title = group.title
    if group.framework_label and group.framework_label != group.title:
        title = f"{title} ({group.framework_label})"
    return f"{title} {when}".strip()


def indicator_blocks(rows, caption: str, *, history: bool = True, note: bool = True) -> list:
    """A table of scorecard rows, the same in every report: each indicator's latest value, its
    target (with the year it is set against), its rating and, where any figure is
    illustrative, a Figures column saying for each row whether its figures are real or
    illustrative (and a note saying so above the table, unless ``note`` is False).
    ``history`` adds the baseline and the direction of travel."""
    marked = any(row.is_illustrative for row in rows)
    columns = [Column("Indicator")]
    if history:
        columns += [Column("Baseline", align="right"), Column("Baseline period")]
    columns += [
        Column("Target"),
        Column("Latest", align="right"),
        Column("Latest period"),
        Column("Rating", kind="rating"),
    ]
    if history:
        columns.append(Column("Direction of travel"))
    if marked:
        columns.append(Column("Figures"))
    table_rows = []
    for row in rows:
        cells = [f"{row.indicator.code} {row.indicator.title}"]
        if history:
            cells += [
                indicator_figure(row.indicator, row.baseline),
                (row.baseline_label or None) if row.baseline is not None else None,
            ]
        cells += [
            row.target_description or None,
            indicator_figure(row.indicator, row.latest_value),
            row.latest_period_label or None,
            row.rag,
        ]
        if history:
            cells.append(row.direction_text if row.has_data else None)
        if marked:
            cells.append(row.source_label if row.has_data else None)
        table_rows.append(cells)
    blocks: list = [Table(caption=caption, columns=columns, rows=table_rows)]
    if marked and note:
        blocks.insert(0, Note("Some values in this table are illustrative, not official statistics. " + FIGURES_KEY))
    return blocks


def _group_section(group, when: str = "") -> Section:
    # The table's caption is the heading; renderers show it once.
    heading = group_heading(group, when)
    return Section(heading, indicator_blocks(group.rows, heading))


def _comparison_section(group, comparison: Comparison) -> Section:
    """One group's indicators as at two periods: each value with its real period and rating, and the change."""
    first = comparison.period.label if comparison.period is not None else "latest"
    second = comparison.compared_period.label
    first_heading = f"As at {first}" if comparison.period is not None else "Latest"
    marked = any(row.is_illustrative for row in group.rows)
    rows = []
    for row in group.rows:
        current, compared = row.current, row.compared
        if row.same_value:
            change = f"No newer value than {compared.latest_period_label}"
        elif row.change is not None:
            change = f"{row.change_text} ({row.direction.label.lower()})"
        elif row.series_break is not None:
            change = f"Not compared: {row.break_text[0].lower()}{row.break_text[1:]}"
        else:
            change = None
        rows.append(
            [
                f"{row.indicator.code} {row.indicator.title}",
                indicator_figure(row.indicator, current.latest_value),
                current.latest_period_label or None,
                current.rag,
                indicator_figure(row.indicator, compared.latest_value),
                compared.latest_period_label or None,
                compared.rag,
                change,
                *([_sides_source(row, first, second)] if marked else []),
            ]
        )
    columns = [
        Column("Indicator"),
        Column(first_heading, align="right"),
        Column("Period"),
        Column(f"Rating, {first}", kind="rating"),
        Column(f"As at {second}", align="right"),
        Column("Period"),
        Column(f"Rating, {second}", kind="rating"),
        Column("Change"),
    ]
    if marked:
        columns.append(Column("Figures"))
    heading = group_heading(group, periods_title(comparison.period, comparison.compared_period))
    table = Table(caption=heading, columns=columns, rows=rows)
    blocks = [table]
    if marked:
        blocks.insert(0, Note("Some values in this table are illustrative, not official statistics. " + FIGURES_KEY))
    return Section(heading, blocks)


def _sides_source(row, first: str, second: str) -> str | None:
    """Which of a compared row's two values are real and which illustrative, in words."""
    sides = [
        f"{label}: {'illustrative' if side.latest_is_illustrative else 'real'}"
        for label, side in ((first, row.current), (second, row.compared))
        if side.has_data
    ]
    text = "; ".join(sides)
    return text[:1].upper() + text[1:] if text else None


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
