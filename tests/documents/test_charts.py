"""Chart specs and their static renderings."""

from __future__ import annotations

import json
import struct
from decimal import Decimal

import pytest

from ascent.documents.charts import (
    BLUE,
    DARK,
    HIGHLIGHT,
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
