"""The scorecard's direction of travel never compares values either side of a break in series."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.core.periods import parse_period
from ascent.core.rag import Direction
from ascent.indicators.exports import records
from ascent.indicators.scorecard import build_comparison, build_scorecard, worst_moving

from .factories import IndicatorFactory, series

pytestmark = pytest.mark.django_db


def rows_by_code(table):
    return {row.indicator.code: row for row in table.rows}


@pytest.fixture
def measures(harrow, shipped_frameworks):
    """2A moved from SALT to client-level data in 2024-25; 1C (the 2014/15 set) was refreshed in
    2023-24; a local measure has no break at all."""
    two_a = IndicatorFactory(code="ASCOF23-2A", title="Short-term support with no further request")
    series(harrow, two_a, {"2022-23": "70", "2023-24": "77", "2024-25": "72"})
    old = IndicatorFactory(code="ASCOF-1C1A", title="Self-directed support")
    series(harrow, old, {"2021-22": "90", "2022-23": "91", "2023-24": "85"})
    local = IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months")
    series(harrow, local, {"2023-24": "78", "2024-25": "72"})
    return two_a, old, local


def test_no_direction_across_the_move_to_client_level_data(harrow, measures):
    rows = rows_by_code(build_scorecard(harrow))
    two_a = rows["ASCOF23-2A"]
    assert two_a.series_break.label == "2024-25"
    assert two_a.direction is Direction.NOT_COMPARABLE and two_a.travel.change is None
    assert two_a.break_text == "Break in series before 2024-25"
    assert two_a.direction_text == "Not comparable: break in series before 2024-25"
    # The previous value is still the previous value; it is only not compared.
    assert two_a.previous.value == Decimal("77")
    # A like fall on a local measure, which has no break, is worsening.
    local = rows["HAR-REV12"]
    assert local.series_break is None and local.direction is Direction.WORSENING
    assert local.direction_text == "Worsening"
    assert [row.indicator.code for row in worst_moving(build_scorecard(harrow))] == ["HAR-REV12"]


def test_no_direction_across_the_ascof_refresh(harrow, measures):
    old = rows_by_code(build_scorecard(harrow))["ASCOF-1C1A"]
    assert old.series_break.label == "2023-24" and old.direction is Direction.NOT_COMPARABLE


def test_as_at_2023_24_the_refresh_is_the_break_and_a_measure_new_in_2023_24_has_none(harrow, measures):
    two_a = rows_by_code(build_scorecard(harrow, period=parse_period("2023-24")))["ASCOF23-2A"]
    assert two_a.series_break.label == "2023-24" and two_a.direction is Direction.NOT_COMPARABLE
    # A refreshed measure that stayed with SALT-free sources has no break from 2023-24 on.
    one_a = IndicatorFactory(code="ASCOF23-1A", title="Quality of life of people who use services")
    series(harrow, one_a, {"2023-24": "60", "2024-25": "65"})
    row = rows_by_code(build_scorecard(harrow))["ASCOF23-1A"]
    assert row.series_break is None and row.direction is Direction.IMPROVING


def test_two_periods_side_by_side_across_a_break_show_no_change(harrow, measures):
    comparison = build_comparison(harrow, parse_period("2024-25"), parse_period("2023-24"))
    two_a = rows_by_code(comparison)["ASCOF23-2A"]
    assert two_a.series_break.label == "2024-25"
    assert two_a.change is None and two_a.direction is Direction.NOT_COMPARABLE
    local = rows_by_code(comparison)["HAR-REV12"]
    assert local.change == Decimal("-6") and local.series_break is None


def test_the_page_says_break_in_series_instead_of_where_it_moved_from(client, harrow, viewer, measures):
    client.force_login(viewer)
    response = client.get(reverse("indicators:scorecard", args=[harrow.gss_code]))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    notes = [note.get_text(" ", strip=True) for note in page.select("[data-break]")]
    assert "Break in series before 2024-25: not compared with 77.0% in 2023-24" in notes
    hints = [hint.get_text(" ", strip=True) for hint in page.select(".govuk-hint")]
    assert "from 77.0% in 2023-24" not in hints
    assert "from 78.0% in 2023-24" in hints  # the local measure still says where it moved from


def test_the_export_says_why_there_is_no_direction(harrow, measures):
    exported = {record["code"]: record for record in records(build_scorecard(harrow))}
    assert exported["ASCOF23-2A"]["direction"] == "Not comparable: break in series before 2024-25"
    assert exported["HAR-REV12"]["direction"] == "Worsening"


def test_the_performance_report_gives_the_break_as_the_reason_for_no_direction(harrow, measures):
    from ascent.reports.performance import indicator_blocks

    table = indicator_blocks(build_scorecard(harrow).rows, "Scorecard")[-1]
    by_code = {row[0].split()[0]: row for row in table.rows}
    assert by_code["ASCOF23-2A"][-1] == "Not comparable: break in series before 2024-25"
    assert by_code["HAR-REV12"][-1] == Direction.WORSENING.label


def test_the_performance_report_compares_no_values_across_a_break(harrow, measures):
    from ascent.reports.performance import _comparison_section

    comparison = build_comparison(harrow, parse_period("2024-25"), parse_period("2023-24"))
    texts = [
        " ".join(str(cell) for cell in row)
        for group in comparison.groups
        for block in _comparison_section(group, comparison).blocks
        for row in getattr(block, "rows", [])
    ]
    two_a = next(text for text in texts if text.startswith("ASCOF23-2A"))
    assert "Not compared: break in series before 2024-25" in two_a
