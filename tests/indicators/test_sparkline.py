"""The server-drawn trend line."""

from __future__ import annotations

from decimal import Decimal

from bs4 import BeautifulSoup

from ascent.indicators.sparkline import sparkline


def svg(*values, **kwargs):
    kwargs.setdefault("title", "Trend")
    return BeautifulSoup(str(sparkline(list(values), **kwargs)), "html.parser").svg


def points(element) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in element.polyline["points"].split()]


def test_no_values_draw_nothing():
    assert sparkline([], title="Trend") == ""


def test_one_value_is_a_dot():
    drawn = svg(Decimal("5"))
    assert drawn.polyline is None
    assert drawn.circle is not None


def test_the_line_runs_oldest_to_newest_with_the_highest_value_at_the_top():
    drawn = svg(Decimal("10"), Decimal("30"), Decimal("20"), width=100, height=20)
    (x0, y0), (x1, y1), (x2, y2) = points(drawn)
    assert x0 < x1 < x2
    assert y1 == 3  # the top padding
    assert y0 == 17  # the bottom
    assert (float(drawn.circle["cx"]), float(drawn.circle["cy"])) == (x2, y2)


def test_a_flat_series_is_drawn_across_the_middle():
    drawn = svg(Decimal("7"), Decimal("7"), height=30)
    assert {y for _, y in points(drawn)} == {15}


def test_a_reference_value_is_a_dashed_line_inside_the_scale():
    drawn = svg(Decimal("10"), Decimal("20"), reference=Decimal("40"), height=20)
    assert drawn.line["stroke-dasharray"] == "3 2"
    assert float(drawn.line["y1"]) == 3  # the reference is the highest value drawn


def test_it_is_hidden_from_assistive_technology_but_has_a_title():
    drawn = svg(1, 2, title="Trend of <Reviews> & more")
    assert drawn["aria-hidden"] == "true"
    assert drawn["focusable"] == "false"
    assert drawn.title.get_text() == "Trend of <Reviews> & more"
    assert "<Reviews>" not in str(sparkline([1, 2], title="<Reviews>"))


def test_it_uses_no_inline_styles():
    assert "style=" not in str(sparkline([1, 2, 3], title="Trend", reference=2))
