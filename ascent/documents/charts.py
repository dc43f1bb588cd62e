"""Chart helpers: Vega-Lite specs built with Altair, and static SVG/PNG renderings.

Specs are plain dicts (Altair's ``.to_dict()``) so that a :class:`~ascent.documents.model.Chart`
stays format-neutral: the web page renders them live with vega-embed, and documents embed
the SVG or PNG made here with vl-convert. Both use Vega-Lite 6.4 (:data:`VL_VERSION`, which
matches Altair 6's schema and the vega-lite package the page loads).

Accessibility
-------------
* Colours are from the GOV.UK palette. Bars and lines are GOV.UK blue (#1d70b8, 5.2:1
  against white). Text and axes are GOV.UK black (#0b0c0c).
* The highlight colour, GOV.UK orange (#f47738), is only 2.8:1 against white, below the
  3:1 WCAG asks of graphics, so a highlighted mark always has a black outline (19.6:1),
  and a highlighted category's axis label and value label are bold. Colour is never the
  only way the highlight is shown.
* Series in line charts differ by colour, dash pattern and point shape, and every series
  colour reaches 3:1 against white.
* Every chart in a report also carries a data table and a text description (see
  :class:`~ascent.documents.model.Chart`).
* Made-up (illustrative) figures are drawn differently from real ones when a chart is given
  ``marked``, the field saying which each row is (:data:`REAL` or :data:`ILLUSTRATIVE`): in
  a line chart real points are filled black circles and illustrative ones hollow diamonds;
  in a bar chart illustrative bars are white with a dashed blue outline. A legend names
  both, and the data table says it in words.

The specs only use expressions that Vega's CSP-safe expression interpreter understands,
so the page can draw them without ``unsafe-eval``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

import altair as alt
import vl_convert as vlc

__all__ = [
    "BLUE",
    "DARK",
    "HIGHLIGHT",
    "ILLUSTRATIVE",
    "REAL",
    "SERIES_COLOURS",
    "LINE_STYLES",
    "PURPLE",
    "VL_VERSION",
    "bar_chart",
    "contrast_ratio",
    "line_chart",
    "to_png",
    "to_svg",
]

BLUE = "#1d70b8"
DARK = "#0b0c0c"
HIGHLIGHT = "#f47738"
GRID = "#dedfe0"
#: Arial first; Liberation Sans has the same metrics and is what servers usually have. The
#: fallbacks matter: vl-convert draws no text at all for a font it cannot find.
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
#: Series colours for line charts, each at least 3:1 against white.
SERIES_COLOURS = ("#1d70b8", "#0b0c0c", "#00703c", "#d4351c", "#4c2c92", "#505a5f")
_DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3])
_SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")

#: The Vega-Lite version of the specs (Altair 6 writes v6 specs; vl-convert bundles 6.4).
VL_VERSION = "6.4"
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.json"

# Where value labels sit: after the end of a horizontal bar, above a vertical one.
_LABEL_BESIDE_BAR = {"dx": 4, "align": "left", "baseline": "middle"}
_LABEL_ABOVE_BAR = {"dy": -4, "baseline": "bottom"}

DEFAULT_WIDTH = 560
BAR_STEP = 28

#: What the ``marked`` field of a chart's rows holds: a real figure or a made-up one.
REAL = "Real figure"
ILLUSTRATIVE = "Illustrative (made up)"
_MARKS = [REAL, ILLUSTRATIVE]
WHITE = "#ffffff"

Sort = Literal["data", "ascending", "descending"]


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio between two "#rrggbb" colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of one data value."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _clean(data: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()} for row in data]


def _is_quantitative(rows: list[dict[str, Any]], name: str) -> bool:
    values = [row.get(name) for row in rows if row.get(name) is not None]
    numeric = [isinstance(value, int | float) and not isinstance(value, bool) for value in values]
    return bool(values) and all(numeric)


def _one_of(values: str | Sequence[str] | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return [str(value) for value in values]


def _in_list_test(values: list[str], expression: str) -> str:
    """A Vega expression true when ``expression`` is one of ``values``."""
    return f"indexof({json.dumps(values)}, {expression}) >= 0"


def _whole_numbers(value_format: str) -> bool:
    """Whether a d3 format shows whole numbers only ("d", ",d", ",.0f"): the format of counts.
    Such an axis must tick at whole numbers, or ticks at 0.5 would read 0 1 1 2 2."""
    return bool(re.fullmatch(r"[^.]*[d]|.*\.0f", value_format))


def _value_axis(value_format: str, scale: Literal["x", "y"], **extra: Any) -> alt.Axis:
    """An axis of values in ``value_format`` (on the chart's ``scale``), with about five ticks,
    at whole numbers when the format shows no decimals.

    Vega's ``tickMinStep`` only caps the tick count at span + 1, which still puts ticks at
    0, 0.5, 1, 1.5 and 2 for counts up to 2. Asking for no more ticks than the span of the
    domain does it: d3 then picks a step of at least 1 (1, 2, 5, 10...), so every tick is a
    whole number. The expression only uses functions Vega's CSP-safe interpreter has.
    """
    if _whole_numbers(value_format):
        count = {"expr": f"min(5, max(1, floor(span(domain('{scale}')))))"}
        return alt.Axis(format=value_format, tickCount=count, **extra)
    return alt.Axis(format=value_format, tickCount=5, **extra)


def _configure(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT, background="#ffffff", padding=8)
        .configure_view(stroke=None)
        .configure_axis(
            labelColor=DARK,
            titleColor=DARK,
            domainColor=DARK,
            tickColor=DARK,
            gridColor=GRID,
            labelFontSize=12,
            titleFontSize=13,
            titleFontWeight="bold",
            labelLimit=220,
        )
        .configure_legend(
            labelColor=DARK,
            titleColor=DARK,
            labelFontSize=12,
            titleFontSize=13,
            orient="bottom",
        )
        .configure_title(color=DARK, fontSize=16, anchor="start")
    )


#: The data a chart is built with: the rows are put in its place afterwards. Altair copies and
#: validates inline data at every step of building a chart (each layer, each ``configure``),
#: and building a spec costs 50 to 100 ms however small its data, so a spec is built once for
#: each set of arguments, with this stand-in, and remembered; each call gets a fresh copy
#: with its own rows (which are plain JSON values, so validating them added nothing).
_PLACEHOLDER_FIELD = "__ascent_rows__"
#: The stand-in for the data of a bar chart's reference lines (median, England figure).
_LINES_PLACEHOLDER_FIELD = "__ascent_lines__"
#: A reference line's fields in its own data: its name (for the legend) and its value.
LINE_NAME_FIELD = "Line"
LINE_VALUE_FIELD = "Line value"
#: How bars of each kind are drawn when a bar chart has ``kinds`` (actual, forecast, budget):
#: the first solid GOV.UK blue; the others lighter with a dashed black outline, which gives
#: them the 3:1 contrast and tells them apart without colour (fill, outline dash).
KIND_FILLS = (BLUE, "#bbd4ea", "#ffffff")
KIND_DASHES = ([1, 0], [6, 3], [2, 2])
#: GOV.UK purple, for a bar chart's second reference line (the England figure).
PURPLE = "#4c2c92"
#: How a bar chart's reference lines can be drawn, by the words a page uses for them ("the
#: England figure is marked by a purple dotted line"): colour and dash pattern, so lines differ
#: by more than colour, and each colour reaches 3:1 on white.
LINE_STYLES: dict[str, tuple[str, tuple[int, ...]]] = {
    "black dashed": (DARK, (6, 3)),
    "purple dotted": (PURPLE, (2, 2)),
    "grey dash-dotted": ("#505a5f", (8, 3, 2, 3)),
}
#: The styles reference lines get, in order, when they are not named.
_LINE_ORDER = tuple(LINE_STYLES)


def _placeholder(name: str = _PLACEHOLDER_FIELD) -> alt.Data:
    return alt.Data(values=[{name: 0}])


def _placeholder_name(values: Any) -> str | None:
    if isinstance(values, list) and len(values) == 1 and isinstance(values[0], dict) and len(values[0]) == 1:
        (name,) = values[0]
        if name in (_PLACEHOLDER_FIELD, _LINES_PLACEHOLDER_FIELD):
            return name
    return None


def _is_placeholder(values: Any) -> bool:
    return _placeholder_name(values) == _PLACEHOLDER_FIELD


def _with_rows(
    spec: dict[str, Any],
    rows: list[dict[str, Any]],
    *,
    title: str,
    show_title: bool,
    lines: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A fresh copy of a remembered spec, with the rows wherever Altair put the stand-in data
    (and a bar chart's reference lines in theirs), and the title (the chart's description,
    and its drawn title with ``show_title``)."""
    found = 0
    replacements = {_PLACEHOLDER_FIELD: rows, _LINES_PLACEHOLDER_FIELD: lines or []}

    def copy(node: Any) -> Any:
        nonlocal found
        if isinstance(node, dict):
            name = _placeholder_name(node.get("values"))
            if name is not None:
                found += name == _PLACEHOLDER_FIELD
                return {
                    **{key: copy(value) for key, value in node.items() if key != "values"},
                    "values": replacements[name],
                }
            return {key: copy(value) for key, value in node.items()}
        if isinstance(node, list):
            return [copy(item) for item in node]
        return node

    result = copy(spec)
    if not found:
        raise RuntimeError("The chart spec has no place for its data")
    result["description"] = title
    if show_title:
        result["title"] = title
    return result


def _finish(chart: alt.TopLevelMixin, *, show_title: bool) -> dict[str, Any]:
    # The title is put in by _with_rows, so that one remembered spec serves every title;
    # a stand-in here lets Altair check where it goes.
    chart = chart.properties(description="-")
    if show_title:
        chart = chart.properties(title="-")
    spec = _configure(chart).to_dict()
    # Name the major version only: vega-embed warns when a spec names a newer minor
    # version (Altair writes v6.4.1) than the vega-lite library it runs with.
    spec["$schema"] = SCHEMA_URL
    return spec


def bar_chart(
    data: Iterable[Mapping[str, Any]],
    x: str,
    y: str,
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    highlight: str | Sequence[str] | None = None,
    sort: Sort = "data",
    value_format: str = ",~f",
    labels: bool = True,
    width: int = DEFAULT_WIDTH,
    height: int | None = None,
    show_title: bool = False,
    colours: Mapping[str, tuple[str, str]] | None = None,
    marked: str | None = None,
    reference_lines: Sequence[tuple[str, Decimal | float | int] | tuple[str, Decimal | float | int, str]] = (),
    kind: str | None = None,
    kinds: Sequence[str] = (),
) -> dict[str, Any]:
    """A bar chart as a Vega-Lite dict.

    ``x`` and ``y`` name fields of ``data``. Whichever holds numbers is the bar length; if
    that is ``x`` the bars are horizontal (best for long category names such as council
    names), otherwise vertical. ``highlight`` names category values to pick out (for
    example the council the report is about). ``sort`` orders categories as in the data,
    alphabetically ("ascending"), or by value, largest first ("descending").
    ``value_format`` is a d3-format string for axis and bar labels. The title is shown by
    the report's caption, so it is only drawn on the chart with ``show_title=True``.

    ``colours`` gives categories their own ``(fill, outline)`` colours, such as a RAG
    rating's GOV.UK tag colours (see :mod:`ascent.documents.colours`): each bar is filled
    with its category's colour and outlined in the darker one, so a pale fill still stands
    out from the white page. The category names (the axis labels) still say what each bar
    is, so colour is never the only signal. It cannot be combined with ``highlight``.

    ``marked`` names a field holding :data:`REAL` or :data:`ILLUSTRATIVE` for each bar.

    ``reference_lines`` are (name, value) pairs drawn across the bars at that value, such as
    ("Group median", 81.5) and ("England", 79.0): each has its own colour and dash pattern
    and is named in a legend, so a line is never told apart by colour alone. A third item
    names the line's style in :data:`LINE_STYLES` ("purple dotted"), so the page's words
    about it always match what is drawn; otherwise the lines take the styles in order.
    The lines have their own colour and dash scales and their own legend (drawn with line
    symbols), apart from any the bars have.

    ``kind`` names a field whose values (listed in order in ``kinds``, such as "Actual",
    "Forecast", "Budget") say how each bar is drawn: the first kind solid blue, the others
    lighter with dashed outlines (:data:`KIND_FILLS`, :data:`KIND_DASHES`), named in a legend.
    A highlight is not drawn on a chart with kinds.
    """
    if colours and highlight:
        raise ValueError("A bar chart takes colours or a highlight, not both")
    rows = _clean(data)
    horizontal = _is_quantitative(rows, x)
    category = y if horizontal else x
    short_names = all(len(str(row.get(category, ""))) <= 10 for row in rows)
    spec = _bar_spec(
        x,
        y,
        x_title=x_title,
        y_title=y_title,
        chosen=tuple(_one_of(highlight)),
        sort=sort,
        value_format=value_format,
        labels=labels,
        width=width,
        height=height,
        show_title=show_title,
        horizontal=horizontal,
        short_names=short_names,
        palette=tuple((str(name), fill, outline) for name, (fill, outline) in (colours or {}).items()),
        marked=marked,
        line_styles=tuple(
            (str(line[0]), *_line_style(line, index))  # type: ignore[arg-type]
            for index, line in enumerate(reference_lines)
        ),
        kind=kind if kinds else None,
        # Only the kinds the bars have are in the legend, each drawn by its place in ``kinds``.
        kinds=tuple(
            (index, str(name))
            for index, name in enumerate(kinds)
            if kind and any(str(row.get(kind)) == str(name) for row in rows)
        ),
    )
    lines = [{LINE_NAME_FIELD: str(line[0]), LINE_VALUE_FIELD: _plain(line[1])} for line in reference_lines]
    return _with_rows(spec, rows, title=title, show_title=show_title, lines=lines)


def _line_style(line: tuple, index: int) -> tuple[str, tuple[int, ...]]:
    """A reference line's (colour, dash pattern): the style it names, or the next in order."""
    if len(line) > 2:
        try:
            return LINE_STYLES[line[2]]
        except KeyError:
            raise ValueError(
                f"No reference line style called {line[2]!r}; use one of {', '.join(LINE_STYLES)}"
            ) from None
    return LINE_STYLES[_LINE_ORDER[index % len(_LINE_ORDER)]]


@lru_cache(maxsize=256)
def _bar_spec(
    x: str,
    y: str,
    *,
    x_title: str | None,
    y_title: str | None,
    chosen: tuple[str, ...],
    sort: Sort,
    value_format: str,
    labels: bool,
    width: int,
    height: int | None,
    show_title: bool,
    horizontal: bool,
    short_names: bool,
    palette: tuple[tuple[str, str, str], ...] = (),
    marked: str | None = None,
    line_styles: tuple[tuple[str, str, tuple[int, ...]], ...] = (),
    kind: str | None = None,
    kinds: tuple[tuple[int, str], ...] = (),
) -> dict[str, Any]:
    """A bar chart's spec with stand-in data. It depends on the rows only through whether
    the bars are horizontal and whether the category names are short, and on the reference
    lines only through their names and styles."""
    category, value = (y, x) if horizontal else (x, y)
    cat_channel, val_channel = ("y", "x") if horizontal else ("x", "y")
    cat_title, val_title = (y_title, x_title) if horizontal else (x_title, y_title)
    chosen = list(chosen)

    order: Any = None
    if sort == "ascending":
        order = "ascending"
    elif sort == "descending":
        # An aggregate op lets the sort hold across the layers (bars and labels).
        order = alt.EncodingSortField(field=value, op="max", order="descending")

    label_weight: Any = "normal"
    if chosen:
        label_weight = {
            "condition": {"test": _in_list_test(chosen, "datum.value"), "value": "bold"},
            "value": "normal",
        }
    angle = 0 if horizontal or short_names else -40
    cat_axis = alt.Axis(labelFontWeight=label_weight, labelAngle=angle, ticks=False)
    cat_enc = {
        cat_channel: alt.X(category, type="nominal", sort=order, title=cat_title or category, axis=cat_axis)
        if cat_channel == "x"
        else alt.Y(category, type="nominal", sort=order, title=cat_title or category, axis=cat_axis)
    }
    val_axis = _value_axis(value_format, val_channel, grid=True)
    val_enc = {
        val_channel: alt.X(value, type="quantitative", title=val_title or value, axis=val_axis)
        if val_channel == "x"
        else alt.Y(value, type="quantitative", title=val_title or value, axis=val_axis)
    }
    tooltip = [
        alt.Tooltip(category, type="nominal", title=cat_title or category),
        alt.Tooltip(value, type="quantitative", title=val_title or value, format=value_format),
    ]

    base = alt.Chart(_placeholder()).encode(**cat_enc, **val_enc)
    is_chosen = alt.FieldOneOfPredicate(field=category, oneOf=chosen) if chosen else None
    fill: Any = alt.value(BLUE)
    stroke_width: Any = alt.value(0)
    if is_chosen is not None:
        fill = alt.condition(is_chosen, alt.value(HIGHLIGHT), alt.value(BLUE))
        stroke_width = alt.condition(is_chosen, alt.value(2), alt.value(0))
    if palette:
        names = [name for name, _, _ in palette]
        fill = alt.Color(
            category, type="nominal", scale=alt.Scale(domain=names, range=[f for _, f, _ in palette]), legend=None
        )
        outline = alt.Stroke(
            category, type="nominal", scale=alt.Scale(domain=names, range=[o for _, _, o in palette]), legend=None
        )
        bars = base.mark_bar(strokeWidth=1.5).encode(color=fill, stroke=outline, tooltip=tooltip)
    elif marked:
        bars = _marked_bars(base, marked, is_chosen, tooltip)
    elif kind is not None and kinds:
        names = [name for _, name in kinds]
        styles = [(KIND_FILLS[i % len(KIND_FILLS)], KIND_DASHES[i % len(KIND_DASHES)]) for i, _ in kinds]
        # The legend's squares are drawn as the bars are: fill, black outline, dash pattern.
        legend = alt.Legend(title=None, symbolType="square", symbolSize=200, symbolStrokeWidth=1.5)
        is_chosen = None
        tooltip = [*tooltip, alt.Tooltip(kind, type="nominal")]
        bars = base.mark_bar(stroke=DARK, strokeWidth=1.5).encode(
            color=alt.Color(
                kind, type="nominal", scale=alt.Scale(domain=names, range=[s[0] for s in styles]), legend=legend
            ),
            strokeDash=alt.StrokeDash(
                kind, type="nominal", scale=alt.Scale(domain=names, range=[s[1] for s in styles]), legend=legend
            ),
            # Every outline is black; as an encoding (not only the mark's stroke) the legend has it too.
            stroke=alt.Stroke(
                kind, type="nominal", scale=alt.Scale(domain=names, range=[DARK] * len(names)), legend=legend
            ),
            tooltip=tooltip,
        )
    else:
        bars = base.mark_bar(stroke=DARK).encode(color=fill, strokeWidth=stroke_width, tooltip=tooltip)

    layers: list[alt.Chart] = [bars]
    if labels:
        offset = _LABEL_BESIDE_BAR if horizontal else _LABEL_ABOVE_BAR
        label_text = alt.Text(value, type="quantitative", format=value_format)
        if is_chosen is None:
            layers.append(base.mark_text(color=DARK, fontSize=12, **offset).encode(text=label_text))
        else:
            # Font weight is not an encoding channel, so plain and bold labels are two layers.
            others = base.transform_filter({"not": is_chosen.to_dict()})
            picked = base.transform_filter(is_chosen)
            layers.append(others.mark_text(color=DARK, fontSize=12, **offset).encode(text=label_text))
            layers.append(
                picked.mark_text(color=DARK, fontSize=12, fontWeight="bold", **offset).encode(text=label_text)
            )

    if line_styles:
        names = [name for name, _, _ in line_styles]
        legend = alt.Legend(title=None, symbolType="stroke", symbolStrokeWidth=2, symbolSize=300)
        line_value = (alt.X if horizontal else alt.Y)(
            LINE_VALUE_FIELD, type="quantitative", title=val_title or value, axis=val_axis
        )
        rule = (
            alt.Chart(_placeholder(_LINES_PLACEHOLDER_FIELD))
            .mark_rule(strokeWidth=2)
            .encode(
                **{val_channel: line_value},
                color=alt.Color(
                    LINE_NAME_FIELD,
                    type="nominal",
                    scale=alt.Scale(domain=names, range=[colour for _, colour, _ in line_styles]),
                    legend=legend,
                ),
                strokeDash=alt.StrokeDash(
                    LINE_NAME_FIELD,
                    type="nominal",
                    scale=alt.Scale(domain=names, range=[list(dash) for _, _, dash in line_styles]),
                    legend=legend,
                ),
                tooltip=[
                    alt.Tooltip(LINE_NAME_FIELD, type="nominal", title="Line"),
                    alt.Tooltip(LINE_VALUE_FIELD, type="quantitative", title=val_title or value, format=value_format),
                ],
            )
        )
        # Over the bars but under the value labels, so a line never hides a figure.
        layers.insert(1, rule)

    size: dict[str, Any] = {"width": width}
    if horizontal:
        size["height"] = height if height is not None else alt.Step(BAR_STEP)
    else:
        size["height"] = height if height is not None else 300
    chart = alt.layer(*layers).properties(**size)
    if line_styles:
        # The lines' colours and dashes are their own: sharing the bars' scales (real and
        # illustrative, or the kinds) would draw the lines in the bars' colours and merge the
        # legends, so the England line came out white and the median blue.
        chart = chart.resolve_scale(
            color="independent", strokeDash="independent", stroke="independent", strokeWidth="independent"
        )
        chart = chart.resolve_legend(
            color="independent", strokeDash="independent", stroke="independent", strokeWidth="independent"
        )
    return _finish(chart, show_title=show_title)


def _marked_bars(base: alt.Chart, marked: str, is_chosen: Any, tooltip: list) -> alt.Chart:
    """Bars drawn by whether each is real (blue) or illustrative (white, dashed blue outline)."""
    legend = alt.Legend(title=None, orient="top", symbolType="square", symbolStrokeColor=BLUE, symbolStrokeWidth=2)
    colour: Any = alt.Color(marked, type="nominal", scale=alt.Scale(domain=_MARKS, range=[BLUE, WHITE]), legend=legend)
    if is_chosen is not None:
        colour = alt.condition(is_chosen, alt.value(HIGHLIGHT), colour)

    # The outline's colour, width and dash pattern are scales on the same field as the fill,
    # so the legend is one list whose symbols are drawn as the bars are: the illustrative one
    # white with a dashed blue outline (a constant outline would leave it a blank square).
    def scaled(channel: Any, outputs: list) -> Any:
        return channel(marked, type="nominal", scale=alt.Scale(domain=_MARKS, range=outputs), legend=legend)

    stroke: Any = scaled(alt.Stroke, [BLUE, BLUE])
    stroke_width: Any = scaled(alt.StrokeWidth, [0, 2])
    if is_chosen is not None:
        stroke = alt.condition(is_chosen, alt.value(DARK), stroke)
        stroke_width = alt.condition(is_chosen, alt.value(2), stroke_width)
    return base.mark_bar().encode(
        color=colour,
        stroke=stroke,
        strokeWidth=stroke_width,
        strokeDash=scaled(alt.StrokeDash, [[1, 0], [4, 2]]),
        tooltip=[*tooltip, alt.Tooltip(marked, type="nominal", title="Figure")],
    )


def line_chart(
    data: Iterable[Mapping[str, Any]],
    x: str,
    y: str,
    *,
    title: str,
    series: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    x_type: Literal["ordinal", "temporal", "quantitative"] = "ordinal",
    highlight: str | None = None,
    value_format: str = ",~f",
    y_zero: bool = True,
    width: int = DEFAULT_WIDTH,
    height: int = 300,
    show_title: bool = False,
    marked: str | None = None,
) -> dict[str, Any]:
    """A line chart (with points) as a Vega-Lite dict.

    ``x`` is usually a period ("2023-24") and is shown in data order when ``x_type`` is
    "ordinal"; use "temporal" for ISO dates. ``series`` names a field splitting the data
    into several lines; ``highlight`` names one series value to draw in orange, thicker,
    with a black casing. ``marked`` names a field holding :data:`REAL` or :data:`ILLUSTRATIVE`
    for the points to mark (rows without it, such as target lines, are not marked).
    """
    rows = _clean(data)
    names = tuple(dict.fromkeys(str(row.get(series)) for row in rows)) if series else ()
    spec = _line_spec(
        x,
        y,
        series=series,
        names=names,
        x_title=x_title,
        y_title=y_title,
        x_type=x_type,
        highlight=highlight,
        value_format=value_format,
        y_zero=y_zero,
        width=width,
        height=height,
        show_title=show_title,
        marked=marked,
    )
    return _with_rows(spec, rows, title=title, show_title=show_title)


@lru_cache(maxsize=256)
def _line_spec(
    x: str,
    y: str,
    *,
    series: str | None,
    names: tuple[str, ...],
    x_title: str | None,
    y_title: str | None,
    x_type: str,
    highlight: str | None,
    value_format: str,
    y_zero: bool,
    width: int,
    height: int,
    show_title: bool,
    marked: str | None = None,
) -> dict[str, Any]:
    """A line chart's spec with stand-in data. It depends on the rows only through the
    names of the series (``names``, in order of appearance)."""
    y_axis = _value_axis(value_format, "y")
    x_enc = alt.X(
        x,
        type=x_type,
        title=x_title or x,
        sort=None if x_type == "ordinal" else "ascending",
        # Labels that would overlap (many periods, or a narrow screen) are thinned out: every
        # other one is left out until the rest fit. The table and tooltips give every period.
        axis=alt.Axis(labelAngle=0, grid=False, labelOverlap="greedy", labelSeparation=8),
    )
    y_enc = alt.Y(y, type="quantitative", title=y_title or y, axis=y_axis, scale=alt.Scale(zero=y_zero))
    tooltip = [alt.Tooltip(x, type=x_type, title=x_title or x)]
    if series:
        tooltip.insert(0, alt.Tooltip(series, type="nominal"))
    tooltip.append(alt.Tooltip(y, type="quantitative", title=y_title or y, format=value_format))

    base = alt.Chart(_placeholder()).encode(x=x_enc, y=y_enc)
    point = alt.OverlayMarkDef(filled=True, size=50)
    if series:
        names = list(names)
        colours, dashes, shapes = [], [], []
        others = 0
        for name in names:
            if highlight is not None and name == str(highlight):
                # The highlighted series is orange and solid (in the legend too).
                colours.append(HIGHLIGHT)
                dashes.append(_DASHES[0])
                shapes.append(_SHAPES[0])
                continue
            colours.append(SERIES_COLOURS[others % len(SERIES_COLOURS)])
            dashes.append(_DASHES[others % len(_DASHES)])
            shapes.append(_SHAPES[others % len(_SHAPES)])
            others += 1
        legend = alt.Legend(title=None, symbolStrokeWidth=2, symbolSize=120)
        colour_scale = alt.Scale(domain=names, range=colours)
        dash_scale = alt.Scale(domain=names, range=dashes)
        shape_scale = alt.Scale(domain=names, range=shapes)
        lines = base.mark_line(point=point, strokeWidth=2).encode(
            color=alt.Color(series, type="nominal", scale=colour_scale, legend=legend),
            strokeDash=alt.StrokeDash(series, type="nominal", scale=dash_scale, legend=legend),
            shape=alt.Shape(series, type="nominal", scale=shape_scale, legend=legend),
            tooltip=tooltip,
        )
    else:
        lines = base.mark_line(point=point, strokeWidth=2, color=BLUE).encode(tooltip=tooltip)

    layers: list[alt.Chart] = [lines]
    if series and highlight is not None:
        picked = base.transform_filter(alt.FieldEqualPredicate(field=series, equal=highlight))
        layers.append(picked.mark_line(color=DARK, strokeWidth=6))
        layers.append(
            picked.mark_line(
                color=HIGHLIGHT,
                strokeWidth=3.5,
                point=alt.OverlayMarkDef(filled=True, size=70, color=HIGHLIGHT, stroke=DARK, strokeWidth=1.5),
            ).encode(tooltip=tooltip)
        )
    if marked:
        # Real points filled black circles, illustrative ones hollow diamonds, with a legend.
        scale = {"domain": _MARKS}
        legend = alt.Legend(title=None, orient="top", symbolStrokeColor=DARK, symbolStrokeWidth=2)
        layers.append(
            base.transform_filter(alt.FieldOneOfPredicate(field=marked, oneOf=_MARKS))
            .mark_point(filled=True, size=110, stroke=DARK, strokeWidth=2, opacity=1)
            .encode(
                shape=alt.Shape(
                    marked, type="nominal", scale=alt.Scale(**scale, range=["circle", "diamond"]), legend=legend
                ),
                fill=alt.Fill(marked, type="nominal", scale=alt.Scale(**scale, range=[DARK, WHITE]), legend=legend),
                # A black outline for both, as a scale so the legend's hollow diamond has it too.
                stroke=alt.Stroke(marked, type="nominal", scale=alt.Scale(**scale, range=[DARK, DARK]), legend=legend),
                tooltip=[*tooltip, alt.Tooltip(marked, type="nominal", title="Figure")],
            )
        )
    chart = alt.layer(*layers).properties(width=width, height=height)
    if marked:
        # The marking's shapes and fills are its own, and so are the series' colours, dashes
        # and shapes: each set is resolved in its own layer, so the series make one legend
        # (one entry a series, not one list for the colours and another for the shapes) and
        # the marking another, whose symbols are drawn as the points are.
        channels = dict.fromkeys(("color", "strokeDash", "shape", "fill", "stroke"), "independent")
        chart = chart.resolve_scale(**channels).resolve_legend(**channels)
    return _finish(chart, show_title=show_title)


# Static rendering ------------------------------------------------------------------------


def _key(spec: Mapping[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), default=_plain)


@lru_cache(maxsize=64)
def _svg(spec_json: str) -> str:
    # No base URLs are allowed: a spec must carry its data inline, never fetch it.
    return vlc.vegalite_to_svg(spec_json, vl_version=VL_VERSION, allowed_base_urls=[])


@lru_cache(maxsize=32)
def _png(spec_json: str, scale: float) -> bytes:
    return vlc.vegalite_to_png(spec_json, vl_version=VL_VERSION, scale=scale, allowed_base_urls=[])


def to_svg(spec: Mapping[str, Any]) -> str:
    """The chart as an SVG document (text is kept as text). The same spec always gives
    the same SVG."""
    return _svg(_key(spec))


def to_png(spec: Mapping[str, Any], scale: float = 2) -> bytes:
    """The chart as PNG bytes, ``scale`` times its nominal pixel size."""
    return _png(_key(spec), float(scale))
