"""The indicator page: its definition, the organisation's values over time and benchmarking.

Queries are constant whatever the amount of data: the indicator, the series, the targets,
the periods that have values, the comparator groups, the chosen group's members and the
period's values (see tests/indicators/test_detail_queries.py).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ascent.core.numbers import decimal_text
from ascent.core.periods import Period, PeriodKind
from ascent.core.rag import Polarity
from ascent.documents.charts import ILLUSTRATIVE as ILLUSTRATIVE_FIGURE
from ascent.documents.charts import REAL as REAL_FIGURE
from ascent.documents.charts import bar_chart, line_chart
from ascent.documents.model import Chart, Column, Table
from ascent.documents.renderers.html import chart_view
from ascent.organisations.access import fetch, get_organisation_for_user
from ascent.organisations.models import Organisation

from ..benchmark import significance
from ..breaks import Break, breaks_before
from ..comparators import (
    ENGLAND,
    GroupBenchmark,
    PeriodCoverage,
    default_group_for,
    group_choices,
    group_phrase,
    groups_for,
    load_benchmark,
    period_coverage,
)
from ..elements import tags_of
from ..models import Indicator, Unit
from ..scorecard import format_observed, format_value
from ..series import SeriesRow, format_difference, load_series

VIEW_PERM = "indicators.view_performance"
ILLUSTRATIVE = "Illustrative: not official statistics"
#: The field of chart rows (and the table column) saying whether a figure is real or made up.
FIGURE = "Figure"
MARKER_TEXT = "Filled circles are real figures; hollow diamonds are illustrative (made-up) figures."
BREAK_HEADING = "Break in series"
BAR_MARKER_TEXT = "Solid blue bars are real figures; white bars with a dashed outline are illustrative (made-up)."


def _figure(is_illustrative: bool) -> str:
    return ILLUSTRATIVE_FIGURE if is_illustrative else REAL_FIGURE


class BenchmarkForm(forms.Form):
    """Which period and comparator group to benchmark. Both are optional; bad values are reported."""

    period = forms.ChoiceField(label="Period", required=False)
    group = forms.ChoiceField(label="Compare with", required=False)

    def __init__(self, *args, periods: list[Period], groups: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(period.code, period.label) for period in periods]
        self.fields["group"].choices = groups
        self.fields["period"].error_messages["invalid_choice"] = "Select a period from the list"
        self.fields["group"].error_messages["invalid_choice"] = "Select a comparator group from the list"


def _plain_number(value: Decimal | None) -> str:
    """A numerator or denominator as written: "1,234" or "56.5", without trailing zeros."""
    return "" if value is None else decimal_text(value, grouped=True)


def _chart_number(indicator: Indicator, value: Decimal) -> Decimal:
    decimals = max(0, min(int(indicator.decimals), 6))
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _axis_format(indicator: Indicator) -> str:
    return f",.{max(0, min(int(indicator.decimals), 6))}f"


def _unit_title(indicator: Indicator) -> str:
    return str(Unit(indicator.unit).label) if indicator.unit in Unit.values else "Value"


@lru_cache(maxsize=64)
def _chart(kind: str, data: tuple, options: tuple, table: Table, description: str, dom_id: str, *, static_image: bool):
    """A chart ready for the page (spec, static SVG and table), remembered for repeat visits.

    The same figures are asked for again and again, so the result is kept, keyed by
    everything it is made from (a change to any figure makes a new key).
    """
    build = bar_chart if kind == "bar" else line_chart
    spec = build([dict(row) for row in data], **dict(options))
    chart = Chart(title=table.caption, spec=spec, table=table, description=description)
    return chart_view(chart, dom_id, static_image=static_image)


def _frozen(rows: list[dict]) -> tuple:
    return tuple(tuple(row.items()) for row in rows)


# ----- the series ------------------------------------------------------------------------


def _series_chart(indicator: Indicator, organisation: Organisation, rows: list[SeriesRow]):
    """The values over time as a line chart with the target, and its table alternative.

    Where any value is illustrative, each point says whether it is real or made up (a
    different point style with a legend, and a column of the table)."""
    valued = [row for row in rows if row.value is not None]
    if not valued:
        return None
    has_target = any(row.target_points for row in rows)
    # A break in series splits the values into stretches drawn as separate lines, so no line
    # crosses it; each stretch is named by its periods.
    breaks = _breaks(indicator, rows)
    stretch_of = _stretches(organisation, valued, breaks)
    split = bool(breaks) or has_target
    # A target drawn at each value it rates (a year's target at each month) is not drawn again
    # at its own period, which would put "2019-20" among the months on the axis.
    drawn = {row.target.pk for row in rows if row.value is not None and row.target is not None}
    marked = any(row.is_illustrative for row in valued)
    data = []
    for row in rows:
        if row.value is not None:
            point = {
                "Period": row.period.label,
                "Series": stretch_of[row.period],
                "Value": _chart_number(indicator, row.value),
            }
            if marked:
                point[FIGURE] = _figure(row.is_illustrative)
            data.append(point)
        elif row.target is not None and row.target.pk in drawn:
            continue
        for name, number in row.target_points:
            data.append({"Period": row.period.label, "Series": name, "Value": _chart_number(indicator, number)})
    title = f"{indicator.code}: {organisation.name}'s values by period" + (" with the target" if has_target else "")
    if not split:
        data = [{key: value for key, value in d.items() if key != "Series"} for d in data]
    options = {
        "x": "Period",
        "y": "Value",
        "title": title,
        "series": "Series" if split else None,
        "x_title": "Period",
        "y_title": _unit_title(indicator),
        "value_format": _axis_format(indicator),
        "marked": FIGURE if marked else None,
    }
    latest = valued[-1]
    description = (
        f"Line chart of {organisation.name}'s values for {indicator.code} from {valued[0].period.label} "
        f"to {latest.period.label}{', with the target' if has_target else ''}. "
        f"The latest value, for {latest.period.label}, is {format_observed(indicator, latest.observation)}"
        f"{' (illustrative)' if latest.is_illustrative else ''}."
    )
    if marked:
        description += " " + MARKER_TEXT
    for brk in breaks.values():
        description += f" Break in series before {brk.label}: {brk.text}; no line is drawn across it."
    columns = [Column("Period"), Column("Value", kind="number"), Column("Target")]
    if marked:
        columns.append(Column(FIGURE))
    if breaks:
        columns.append(Column(BREAK_HEADING))
    table_rows = []
    for row in rows:
        cells = [
            row.period.label,
            (format_observed(indicator, row.observation) + (" (illustrative)" if row.is_illustrative else ""))
            if row.value is not None
            else None,
            (f"{row.target_text} ({row.against})" if row.against else row.target_text) or None,
        ]
        if marked:
            cells.append(_figure(row.is_illustrative) if row.value is not None else None)
        if breaks:
            brk = breaks.get(row.period)
            cells.append(_break_words(brk) if brk else None)
        table_rows.append(cells)
    table = Table(caption=title, columns=columns, rows=table_rows)
    return _chart(
        "line", _frozen(data), tuple(options.items()), table, description, "indicator-series-chart", static_image=True
    )


def _breaks(indicator: Indicator, rows: list[SeriesRow]) -> dict[Period, Break]:
    """The first period with a value after each break in series that falls between two values."""
    valued = [row.period for row in rows if row.value is not None]
    return {valued[index]: brk for index, brk in breaks_before(indicator, valued).items()}


def _stretches(organisation: Organisation, valued: list[SeriesRow], breaks: dict[Period, Break]) -> dict:
    """Each valued period → the name of its line: the organisation's name, or with a break in
    series, the name and the stretch's periods ("Harrow, 2019-20 to 2023-24")."""
    if not breaks:
        return {row.period: organisation.name for row in valued}
    groups: list[list[Period]] = []
    for row in valued:
        if not groups or row.period in breaks:
            groups.append([])
        groups[-1].append(row.period)
    names = {}
    for group in groups:
        span = group[0].label if len(group) == 1 else f"{group[0].label} to {group[-1].label}"
        names.update(dict.fromkeys(group, f"{organisation.name}, {span}"))
    return names


def _break_words(brk: Break) -> str:
    return f"Break in series: {brk.text}"


def _series_rows(indicator: Indicator, rows: list[SeriesRow]) -> list[dict]:
    breaks = _breaks(indicator, rows)
    return [
        {
            "break": row.period in breaks,
            "period": row.period,
            "value": format_observed(indicator, row.observation) if row.value is not None else "",
            "numerator": _plain_number(row.observation.numerator) if row.observation else "",
            "denominator": _plain_number(row.observation.denominator) if row.observation else "",
            "status": row.observation.get_status_display() if row.observation else "",
            "is_illustrative": row.is_illustrative,
            "target": row.target_text,
            "against": row.against,
            "rag": row.rag,
        }
        for row in rows
    ]


# ----- benchmarking ----------------------------------------------------------------------


def _ranking_chart(indicator: Indicator, figures: GroupBenchmark, period_label: str):
    result = figures.result
    if not result.placings:
        return None
    fmt = partial(format_value, indicator)
    value_heading = _unit_title(indicator)
    marked = bool(figures.illustrative)
    data = [
        {"Council": figures.councils[p.key].name, value_heading: _chart_number(indicator, p.value)}
        | ({FIGURE: _figure(p.key in figures.illustrative)} if marked else {})
        for p in result.placings
    ]
    order = "ranked by value, highest first" if result.ranked_by_value else "ranked best first"
    title = f"{indicator.code} in {period_label}: {figures.group.name}, {order}"
    subject = figures.subject
    highlight = subject.name if subject is not None and result.subject_placing is not None else None
    lines = ranking_lines(indicator, figures)
    options = {
        "x": value_heading,
        "y": "Council",
        "title": title,
        "x_title": value_heading,
        "y_title": "Council",
        "highlight": highlight,
        "sort": "data",
        "value_format": _axis_format(indicator),
        "marked": FIGURE if marked else None,
        "reference_lines": tuple((name, _chart_number(indicator, number), style) for name, number, style in lines),
    }
    description = f"Bar chart of {result.count} councils' values for {indicator.code} in {period_label}, {order}"
    if highlight:
        description += f", with {highlight} highlighted: {figures.result.rank_text}"
    description += "."
    if marked:
        description += " " + BAR_MARKER_TEXT
    if lines:
        description += " " + lines_sentence(indicator, lines)
    rows = []
    for row in figures.rows():
        name = row.council.name + (" (selected council)" if row.is_subject else "")
        value = (
            fmt(row.value) + (" (illustrative)" if row.is_illustrative else "") if row.value is not None else "No value"
        )
        cells = [row.position, name, value]
        if marked:
            cells.append(_figure(row.is_illustrative) if row.value is not None else "")
        rows.append(cells)
    columns = [Column("Rank"), Column("Council"), Column("Value", kind="number")]
    if marked:
        columns.append(Column(FIGURE))
    table = Table(caption=title, columns=columns, rows=rows, row_headers=False)
    # No static SVG: drawing one with a label for each of up to 153 councils takes the server
    # about half a second, and without JavaScript the ranked table beside it says it all.
    return _chart(
        "bar", _frozen(data), tuple(options.items()), table, description, "indicator-ranking-chart", static_image=False
    )


#: How each reference line on the ranking chart is drawn (a style in the chart's LINE_STYLES),
#: named by the line, not by its place: the England line is purple and dotted even when the
#: group has no median to draw.
_LINE_STYLES = {"Group median": "black dashed", "England": "purple dotted"}


def ranking_lines(indicator: Indicator, figures: GroupBenchmark) -> list[tuple[str, Decimal, str]]:
    """The lines across the ranking chart: (legend name, value, style) for the group
    median and the England figure (as :func:`~ascent.indicators.benchmark.england_figure`
    works it out), each when there is one."""
    lines = []
    if figures.result.median is not None:
        lines.append(("Group median", figures.result.median))
    if figures.england is not None:
        lines.append(("England", figures.england.value))
    return [(name, value, _LINE_STYLES[name]) for name, value in lines]


def lines_sentence(indicator: Indicator, lines: list[tuple[str, Decimal, str]], *, lead: str = "") -> str:
    """ "The group median (81.5%) is marked by a black dashed line and the England figure (79.0%)
    is marked by a purple dotted line." ``lead`` goes before it ("On the chart below, ")."""
    fmt = partial(format_value, indicator)
    parts = [
        f"the {'group median' if name == 'Group median' else 'England figure'} ({fmt(value)}) is marked by "
        f"a {style} line"
        for name, value, style in lines
    ]
    text = lead + (parts[0] if len(parts) == 1 else f"{parts[0]} and {parts[1]}")
    return text[:1].upper() + text[1:] + "."


def _key_figures(indicator: Indicator, figures: GroupBenchmark) -> list[tuple[str, str]]:
    """The benchmark summary list: rank, quartile, median, mean, England figure and gap."""
    fmt = partial(format_value, indicator)
    result, subject = figures.result, figures.subject
    items = []
    placing = result.subject_placing
    if subject is not None:
        if placing is None:
            items.append((f"{subject.name}'s value", "No value for this period"))
        else:
            illustrative = " (illustrative)" if placing.key in figures.illustrative else ""
            items.append((f"{subject.name}'s value", fmt(placing.value) + illustrative))
            rank = result.rank_text
            if result.missing:
                rank += f" ({result.missing_text})"
            items.append(("Rank", rank))
            quartile = result.quartile_text
            if result.ranked_by_value:
                quartile += " (by value: there is no better direction)"
            items.append(("Quartile", quartile))
    elif result.missing:
        items.append(("Councils with no value", str(result.missing_count)))
    items.append(("Group median", fmt(result.median) if result.median is not None else "No values"))
    items.append(("Group mean", fmt(result.mean) if result.mean is not None else "No values"))
    if figures.england is not None:
        items.append(
            (
                "England figure",
                f"{fmt(figures.england.value)} ({figures.england.basis.label}, "
                f"{figures.england.councils} council{'s' if figures.england.councils != 1 else ''})",
            )
        )
    else:
        items.append(("England figure", "No values"))
    gap = result.gap
    if gap is not None:
        items.append(("Gap to the group median", gap.describe(partial(format_difference, indicator))))
    return items


def _significance_items(
    indicator: Indicator, figures: GroupBenchmark, series: list[SeriesRow], period: Period
) -> list[tuple[str, str]]:
    """The council's 95% interval and whether it is better, similar or worse than England: for a
    percentage whose figure for the period has its numerator and denominator."""
    observation = next((row.observation for row in series if row.period == period and row.observation), None)
    if observation is None:
        return []
    england = figures.england.value if figures.england is not None else None
    found = significance(
        observation.numerator,
        observation.denominator,
        unit=indicator.unit,
        polarity=indicator.polarity,
        england=england,
    )
    if found is None:
        return []
    items = [("95% confidence interval", found.interval_text(lambda end: f"{end}%"))]
    if found.verdict is not None:
        items.append(("Compared with England", found.verdict_text(partial(format_value, indicator))))
    return items


_KIND_WORDS = {
    PeriodKind.FINANCIAL_YEAR: "year",
    PeriodKind.QUARTER: "quarter",
    PeriodKind.MONTH: "month",
    PeriodKind.WEEK: "week",
}


def _default_period(coverage: list[PeriodCoverage], own: list[Period]) -> Period | None:
    """The period benchmarking opens on: the latest one in which other councils in the group have
    values and the council has a value for it or for part of it (Harrow's Q3 2015/16 makes
    2015-16, where the note says why the quarter is not ranked); failing that the latest in which
    other councils have values; failing that the council's latest, or the latest of all."""
    with_peers = [item for item in coverage if item.peers]
    for item in with_peers:
        if item.own or any(item.period.contains(period) for period in own):
            return item.period
    if with_peers:
        return with_peers[0].period
    if own:
        return own[-1]
    return coverage[0].period if coverage else None


def _why_this_period(organisation: Organisation, group, item: PeriodCoverage | None, *, part: bool = False) -> str:
    """ "Showing 2015-16, the latest year with figures from both Harrow and other London boroughs." """
    if item is None or not item.peers:
        return ""
    word = _KIND_WORDS.get(item.period.kind, "period")
    others = f"other {group_phrase(group)}"
    if item.own:
        both = f"both {organisation.name} and {others}"
        return f"Showing {item.period.label}, the latest {word} with figures from {both}."
    return (
        f"Showing {item.period.label}, the latest {word} with figures from {others}; "
        f"{organisation.name} has {'a figure for only part of it' if part else 'no figure for it'}."
    )


def _part_period_note(indicator: Indicator, organisation: Organisation, period: Period, series: list[SeriesRow]) -> str:
    """Why the council is not ranked in ``period`` although it has a figure for part of it:
    "Harrow's figure for Q3 2015/16 (83.0%) covers only part of 2015-16, so it is not
    comparable with full-year figures and is not ranked here." Empty otherwise."""
    values = {row.period: row.value for row in series if row.value is not None}
    if period in values:
        return ""
    parts = [part for part in values if part != period and period.contains(part)]
    if not parts:
        return ""
    part = max(parts)
    return (
        f"{organisation.name}'s figure for {part.label} ({format_value(indicator, values[part])}) covers only "
        f"part of {period.label}, so it is not comparable with full-{_KIND_WORDS.get(period.kind, 'period')} "
        f"figures and is not ranked here."
    )


def _benchmarking(request: HttpRequest, organisation: Organisation, indicator: Indicator, series: list[SeriesRow]):
    """The benchmarking section's context (empty for a local indicator)."""
    if indicator.is_local:
        return {"benchmark_local": True}
    groups = list(groups_for(organisation))
    by_slug = {group.slug: group for group in groups}
    default_slug = default_group_for(organisation)
    if default_slug not in by_slug:
        default_slug = ENGLAND if ENGLAND in by_slug else (groups[0].slug if groups else "")
    # The group is settled first: which period to open on depends on who is in it.
    group = by_slug.get(request.GET.get("group") or "", by_slug.get(default_slug))
    coverage = period_coverage(indicator, group, organisation)
    periods = [item.period for item in coverage]
    by_code = {item.period.code: item for item in coverage}
    own = [row.period for row in series if row.value is not None and row.period.code in by_code]
    period = _default_period(coverage, own)
    defaulted = True

    choices = group_choices(groups, organisation)
    bound = "period" in request.GET or "group" in request.GET
    data = None
    if bound:
        # A group chosen without a period opens on that group's default period, shown selected.
        data = request.GET.copy()
        if not data.get("period") and period is not None:
            data["period"] = period.code
    form = BenchmarkForm(
        data,
        periods=periods,
        groups=choices,
        initial={"period": period.code if period else "", "group": group.slug if group else default_slug},
    )
    if bound:
        form.is_valid()  # any errors are shown; the fields that are valid still apply
        cleaned = form.cleaned_data
        if cleaned.get("period"):
            defaulted = defaulted and cleaned["period"] == period.code and not request.GET.get("period")
            period = by_code[cleaned["period"]].period
        if cleaned.get("group"):
            group = by_slug[cleaned["group"]]
    context = {
        "benchmark_form": form,
        "benchmark_periods": periods,
        "benchmark_group": group,
        "benchmark_period": period,
    }
    if period is None or group is None:
        return context
    shown = by_code.get(period.code)
    figures = load_benchmark(indicator, period.code, group, subject=organisation)
    part_period = _part_period_note(indicator, organisation, period, series)
    items = _key_figures(indicator, figures)
    if not part_period:
        items += _significance_items(indicator, figures, series, period)
    if part_period:
        items = [
            (label, f"No figure for the whole of {period.label} (see above)") if index == 0 else (label, value)
            for index, (label, value) in enumerate(items)
        ]
    context.update(
        benchmark=figures,
        benchmark_why=_why_this_period(organisation, group, shown, part=bool(part_period)) if defaulted else "",
        # Only the council itself has a figure: "1st of 1" compares it with nobody.
        benchmark_alone=(
            f"None of the other {group_phrase(group)} has a figure for {period.label}, so {organisation.name}'s "
            "figure is not compared with anyone's. Choose a period that other councils report, such as a full year."
        )
        if shown is not None and not shown.peers and figures.result.subject_placing is not None
        else "",
        benchmark_part_period=part_period,
        benchmark_sentence=figures.sentence(partial(format_value, indicator)),
        benchmark_items=items,
        benchmark_interval=any(label == "95% confidence interval" for label, _ in items),
        ranking_chart=_ranking_chart(indicator, figures, period.label),
        ranking_lines_text=lines_sentence(indicator, lines, lead="On the chart below, ")
        if (lines := ranking_lines(indicator, figures))
        else "",
    )
    return context


@require_GET
def detail(request: HttpRequest, gss_code: str, indicator_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    indicator = fetch(
        Indicator, request.user, organisation=organisation, perm="indicators.view_indicator", pk=indicator_id
    )
    series = load_series(indicator, organisation)
    context = {
        "organisation": organisation,
        "indicator": indicator,
        "polarity": Polarity(indicator.polarity).label,
        "series_rows": _series_rows(indicator, series),
        "series_breaks": list(_breaks(indicator, series).values()),
        "series_chart": _series_chart(indicator, organisation, series),
        "has_values": any(row.value is not None for row in series),
        "can_change": request.user.has_perm("indicators.change_performance", organisation),
        "illustrative_text": ILLUSTRATIVE,
        "element_tags": tags_of(indicator, organisation),
    }
    context.update(_benchmarking(request, organisation, indicator, series))
    figures = context.get("benchmark")
    context["series_illustrative"] = any(row.is_illustrative for row in series)
    context["any_illustrative"] = any(row.is_illustrative for row in series) or bool(
        figures is not None and figures.any_illustrative
    )
    context["has_charts"] = bool(context["series_chart"] or context.get("ranking_chart"))
    return render(request, "indicators/detail.html", context)
