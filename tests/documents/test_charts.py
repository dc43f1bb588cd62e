"""Chart specs and their static renderings."""

from __future__ import annotations

import html
import json
import re
import struct
from decimal import Decimal

import pytest

from ascent.documents.charts import (
    BLUE,
    DARK,
    HIGHLIGHT,
    ILLUSTRATIVE,
    PURPLE,
    REAL,
    SERIES_COLOURS,
    bar_chart,
    contrast_ratio,
    line_chart,
    to_png,
    to_svg,
)

from . import COMPARATORS, TREND


@pytest.fixture(scope="module")
def bar_spec():
    return bar_chart(COMPARATORS, "rate", "council", title="Admissions", highlight="Harrow", x_title="Rate")


def _layers(spec):
    return spec.get("layer", [spec])


def test_bar_chart_is_a_json_vega_lite_spec(bar_spec):
    assert bar_spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    json.dumps(bar_spec)  # Decimals have been made JSON-friendly
    assert bar_spec["data"]["values"][0] == {"council": "Harrow", "rate": 612.5}
    assert bar_spec["description"] == "Admissions"
    assert "title" not in bar_spec  # the report caption shows the title


def test_bar_chart_is_horizontal_when_x_is_numeric(bar_spec):
    bars = _layers(bar_spec)[0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["type"] == "quantitative"
    assert bars["encoding"]["y"]["type"] == "nominal"
    assert bars["encoding"]["y"]["sort"] is None  # data order
    assert bars["encoding"]["x"]["title"] == "Rate"


def test_vertical_bar_chart_can_sort_by_value():
    spec = bar_chart(COMPARATORS, "council", "rate", title="Admissions", sort="descending")
    bars = _layers(spec)[0]
    assert bars["encoding"]["x"]["type"] == "nominal"
    assert bars["encoding"]["x"]["sort"]["order"] == "descending"


def test_highlight_is_orange_with_dark_outline_and_bold_label(bar_spec):
    bars = _layers(bar_spec)[0]
    colour = bars["encoding"]["color"]
    assert colour["condition"]["value"] == HIGHLIGHT
    assert colour["value"] == BLUE
    assert bars["mark"]["stroke"] == DARK
    assert bars["encoding"]["strokeWidth"]["condition"]["value"] > 0
    weight = bars["encoding"]["y"]["axis"]["labelFontWeight"]
    assert weight["condition"]["value"] == "bold"
    assert "Harrow" in weight["condition"]["test"]


def test_colours_have_enough_contrast():
    white = "#ffffff"
    assert contrast_ratio(DARK, white) > 15
    assert contrast_ratio(BLUE, white) >= 4.5
    for colour in SERIES_COLOURS:
        assert contrast_ratio(colour, white) >= 3, colour
    # Orange alone is below 3:1, which is why highlighted marks get a dark outline.
    assert contrast_ratio(HIGHLIGHT, white) < 3
    assert contrast_ratio(HIGHLIGHT, DARK) >= 3


def test_config_uses_arial_and_gov_uk_black(bar_spec):
    config = bar_spec["config"]
    assert config["font"].startswith("Arial")
    assert config["axis"]["labelColor"] == DARK
    assert config["axis"]["titleColor"] == DARK


def test_line_chart_with_series_and_highlight():
    spec = line_chart(TREND, "year", "spend", series="area", highlight="Harrow", title="Spend")
    layers = _layers(spec)
    lines = layers[0]
    assert lines["mark"]["type"] == "line"
    assert lines["encoding"]["x"]["sort"] is None
    colour_scale = lines["encoding"]["color"]["scale"]
    assert colour_scale["domain"] == ["Harrow", "England"]
    assert colour_scale["range"][0] == HIGHLIGHT  # legend matches the highlighted line
    assert "strokeDash" in lines["encoding"] and "shape" in lines["encoding"]
    assert any(layer["mark"].get("color") == DARK for layer in layers[1:])  # the dark casing


def test_single_line_chart():
    spec = line_chart([{"year": "2023", "n": 1}, {"year": "2024", "n": 2}], "year", "n", title="N")
    assert _layers(spec)[0]["mark"]["color"] == BLUE


def test_svg_is_deterministic_and_keeps_text(bar_spec):
    first = to_svg(bar_spec)
    second = to_svg(json.loads(json.dumps(bar_spec)))
    assert first == second
    assert first.startswith("<svg")
    assert ">Harrow<" in first
    assert "Rate" in first


def test_png_has_the_requested_scale(bar_spec):
    one = to_png(bar_spec, scale=1)
    two = to_png(bar_spec, scale=2)
    assert one.startswith(b"\x89PNG\r\n\x1a\n")
    width_one = struct.unpack(">I", one[16:20])[0]
    width_two = struct.unpack(">I", two[16:20])[0]
    assert width_two == pytest.approx(2 * width_one, abs=2)


def test_external_data_is_refused():
    spec = bar_chart(COMPARATORS, "rate", "council", title="x")
    spec["data"] = {"url": "https://example.com/data.json"}
    with pytest.raises(ValueError):
        to_svg(spec)


def test_decimal_values_survive():
    spec = bar_chart([{"a": "x", "v": Decimal("0.1")}], "v", "a", title="t")
    assert spec["data"]["values"] == [{"a": "x", "v": 0.1}]


# Drawn as a reader sees them: the legends and lines of the rendered SVG --------------------

_LEGEND_ENTRY = re.compile(
    r'role-legend-symbol"[^>]*><path ([^>]*)/></g><g class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)</text>'
)
_RULES = re.compile(r'<g class="mark-rule role-mark[^"]*"[^>]*>(.*?)</g>', re.S)


def _attrs(element: str) -> dict[str, str]:
    return dict(re.findall(r'([a-z-]+)="([^"]*)"', element))


def _legend(svg: str) -> list[tuple[str, dict[str, str]]]:
    """Each legend entry of a rendered chart, in order: (label, its symbol's attributes)."""
    return [(html.unescape(label), _attrs(symbol)) for symbol, label in _LEGEND_ENTRY.findall(svg)]


def _rules(svg: str) -> list[dict[str, str]]:
    """The attributes of each line drawn across a rendered bar chart."""
    return [_attrs(line) for group in _RULES.findall(svg) for line in re.findall(r"<line [^>]*>", group)]


def _shown_texts(svg: str) -> set[str]:
    """The text drawn on a rendered chart (a label left out is still in the SVG, with no opacity)."""
    return {
        html.unescape(text)
        for attrs, text in re.findall(r"<text ([^>]*)>([^<]*)</text>", svg)
        if 'opacity="0"' not in attrs
    }


MARKED_BARS = [
    {"council": "Barnet", "rate": 90, "figure": ILLUSTRATIVE},
    {"council": "Harrow", "rate": 75, "figure": REAL},
    {"council": "Brent", "rate": 60, "figure": REAL},
    {"council": "Ealing", "rate": 55, "figure": ILLUSTRATIVE},
]


def _ranking(lines):
    return bar_chart(
        MARKED_BARS, "rate", "council", title="Ranking", highlight="Harrow", marked="figure", reference_lines=lines
    )


def test_reference_lines_keep_their_own_colours_beside_marked_bars():
    # The bars' real/illustrative fill and the lines' colours are separate scales: shared, the
    # median was drawn in the bars' blue and the England line in their white (unseen).
    spec = _ranking([("Group median", 67.5, "black dashed"), ("England", 71.4, "purple dotted")])
    assert spec["resolve"]["scale"]["color"] == "independent"
    assert spec["resolve"]["scale"]["strokeDash"] == "independent"
    bars, rules = spec["layer"][0], next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert bars["encoding"]["color"]["scale"]["range"] == [BLUE, "#ffffff"]
    assert bars["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [4, 2]]
    assert rules["encoding"]["color"]["scale"] == {"domain": ["Group median", "England"], "range": [DARK, PURPLE]}
    assert rules["encoding"]["strokeDash"]["scale"]["range"] == [[6, 3], [2, 2]]

    svg = to_svg(spec)
    drawn = [(line["stroke"], line["stroke-dasharray"]) for line in _rules(svg)]
    assert drawn == [(DARK, "6,3"), (PURPLE, "2,2")]
    legend = dict(_legend(svg))
    # One legend for the bars, with a symbol for each kind of bar: the illustrative one white
    # with a dashed blue outline, as the bars are.
    assert legend[REAL]["fill"] == BLUE
    made_up = legend[ILLUSTRATIVE]
    assert (made_up["fill"], made_up["stroke"], made_up["stroke-width"], made_up["stroke-dasharray"]) == (
        "#ffffff",
        BLUE,
        "2",
        "4,2",
    )
    # And one for the lines, each a line symbol in the line's own colour and dash.
    assert (legend["Group median"]["stroke"], legend["Group median"]["stroke-dasharray"]) == (DARK, "6,3")
    assert (legend["England"]["stroke"], legend["England"]["stroke-dasharray"]) == (PURPLE, "2,2")
    assert [label for label, _ in _legend(svg)] == [REAL, ILLUSTRATIVE, "Group median", "England"]


def test_a_reference_line_is_drawn_in_the_style_it_names_whatever_its_place():
    # With no median the England line is still purple and dotted, as the page says.
    svg = to_svg(_ranking([("England", 71.4, "purple dotted")]))
    assert [(line["stroke"], line["stroke-dasharray"]) for line in _rules(svg)] == [(PURPLE, "2,2")]
    # Unnamed lines take the styles in order.
    spec = bar_chart(COMPARATORS, "rate", "council", title="x", reference_lines=[("A", 500), ("B", 600)])
    assert [line["stroke"] for line in _rules(to_svg(spec))] == [DARK, PURPLE]
    with pytest.raises(ValueError, match="pink"):
        bar_chart(COMPARATORS, "rate", "council", title="x", reference_lines=[("A", 500, "pink")])


def test_reference_lines_beside_kinds_of_bar_keep_their_own_colours():
    rows = [{"year": "2023-24", "total": 10, "basis": "Actual"}, {"year": "2024-25", "total": 12, "basis": "Budget"}]
    spec = bar_chart(
        rows, "year", "total", title="x", kind="basis", kinds=["Actual", "Budget"], reference_lines=[("Mean", 11)]
    )
    svg = to_svg(spec)
    assert [(line["stroke"], line["stroke-dasharray"]) for line in _rules(svg)] == [(DARK, "6,3")]
    assert [label for label, _ in _legend(svg)] == ["Actual", "Budget", "Mean"]


PERIODS = ["2012-13", "2013-14", "2014-15", "Q3 2015/16", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20"]


def _marked_series(periods):
    rows = []
    for index, period in enumerate(periods):
        figure = ILLUSTRATIVE if index % 3 == 0 else REAL
        rows.append({"period": period, "series": "Harrow", "value": 70 + index, "figure": figure})
        rows.append({"period": period, "series": "Target", "value": 75})
    return rows


def test_a_marked_line_chart_names_each_series_once_and_draws_the_illustrative_symbol():
    spec = line_chart(_marked_series(PERIODS), "period", "value", series="series", marked="figure", title="Values")
    legend = _legend(to_svg(spec))
    # Each series once (they were listed twice: once for colours, once for shapes).
    assert sorted(label for label, _ in legend) == sorted(["Harrow", "Target", REAL, ILLUSTRATIVE])
    symbols = dict(legend)
    assert (symbols[REAL]["fill"], symbols[REAL]["stroke"]) == (DARK, DARK)
    made_up = symbols[ILLUSTRATIVE]
    assert (made_up["fill"], made_up["stroke"], made_up["stroke-width"]) == ("#ffffff", DARK, "2")
    assert symbols["Harrow"]["stroke"] == SERIES_COLOURS[0]


def test_a_narrow_line_chart_leaves_out_period_labels_that_would_overlap():
    wide = to_svg(line_chart(_marked_series(PERIODS), "period", "value", series="series", title="V", width=900))
    narrow = to_svg(line_chart(_marked_series(PERIODS), "period", "value", series="series", title="V", width=200))
    assert [period for period in PERIODS if period in _shown_texts(wide)] == PERIODS
    shown = [period for period in PERIODS if period in _shown_texts(narrow)]
    assert 2 <= len(shown) < len(PERIODS)
    assert shown[0] == PERIODS[0]


def _value_ticks(svg: str) -> list[int]:
    """The whole-number labels of a rendered chart's axes (the category axis holds words)."""
    groups = re.findall(r"role-axis-label.*?</g>", svg, re.S)
    return [int(text.replace(",", "")) for group in groups for text in re.findall(r">([0-9,]+)</text>", group)]


@pytest.mark.parametrize("most", [1, 2, 3, 4, 7, 13, 38, 1200])
@pytest.mark.parametrize("value_format", ["d", ",d", ",.0f"])
def test_counts_are_ticked_at_whole_numbers(most, value_format):
    # A profile's members by role: 0 to 2 members read "0 1 1 2 2", with ticks at halves.
    rows = [{"role": "Admin", "members": most}, {"role": "Viewer", "members": 0}]
    bars = to_svg(bar_chart(rows, "members", "role", title="Members", value_format=value_format, labels=False))
    points = [{"y": "2023-24", "n": 0}, {"y": "2024-25", "n": most}]
    trend = to_svg(line_chart(points, "y", "n", title="N", value_format=value_format))
    for svg in (bars, trend):
        ticks = _value_ticks(svg)
        assert len(ticks) >= 2
        assert ticks in (sorted(set(ticks)), sorted(set(ticks), reverse=True)), ticks
        assert 0 in ticks


def test_decimal_formats_keep_their_ticks():
    spec = bar_chart(COMPARATORS, "rate", "council", title="x", value_format=",.1f")
    assert spec["layer"][0]["encoding"]["x"]["axis"]["tickCount"] == 5
