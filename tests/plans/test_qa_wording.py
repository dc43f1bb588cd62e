"""Wording a director or a scrutiny councillor reads on the action page.

An indicator that has not moved said "No change (No change)": the direction and the change
were both written out, and for no movement they are the same words.
"""

from __future__ import annotations

from types import SimpleNamespace

from bs4 import BeautifulSoup
from django.template.loader import render_to_string


def movement_cell(direction: str, label: str, change_text: str) -> str:
    row = {
        "indicator": SimpleNamespace(code="HER-ART-VOICEMAIL", title="Calls reaching an answering machine"),
        "link": SimpleNamespace(baseline_period_label="Jun 2014", target_period_code="", pk=1),
        "baseline_text": "25%",
        "latest_text": "25%",
        "latest_period": "Jun 2014",
        "target_text": "10%",
        "direction": direction,
        "direction_label": label,
        "change_text": change_text,
        "towards_target": "",
    }
    html = render_to_string("plans/action/_indicators.html", {"page": SimpleNamespace(indicators=[row])})
    cell = BeautifulSoup(html, "html.parser").select_one("td[data-direction]")
    return cell.get_text(" ", strip=True)


def test_an_indicator_that_has_not_moved_says_no_change_once():
    assert movement_cell("no_change", "No change", "No change") == "No change"


def test_an_indicator_that_moved_gives_the_change_beside_the_direction():
    assert movement_cell("improving", "Better", "-5 percentage points") == "Better (-5 percentage points)"
