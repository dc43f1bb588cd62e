"""`manage.py benchmark`: the ranked list, a council's standing, CSV output and bad input."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from ascent.indicators.comparators import sync_builtin_groups

from .bench_factories import make_councils, make_indicator, observe

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(harrow, herefordshire, london):
    indicator = make_indicator("ASCOF-CLI", title="Carers who are satisfied")
    observe(harrow, indicator, "2022-23", "75", numerator=150, denominator=200)
    others = make_councils(london, 3)
    for council, value in zip(others, ["90", "60", None], strict=True):
        if value is not None:
            observe(council, indicator, "2022-23", value, numerator=value, denominator=100)
    observe(herefordshire, indicator, "2022-23", "40", numerator=40, denominator=100, is_illustrative=True)
    sync_builtin_groups()
    return indicator


def run(*args) -> str:
    out = io.StringIO()
    call_command("benchmark", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_ranked_list(indicator):
    lines = run("ASCOF-CLI", "2022-23", "--group", "london-boroughs").splitlines()
    assert lines[0] == "ASCOF-CLI Carers who are satisfied"
    assert lines[1] == "2022-23, London boroughs (rank 1 is the best)"
    ranked = [line.split() for line in lines[3:]]
    assert [row[:3] for row in ranked] == [
        ["1", "E09900100", "Council"],
        ["2", "E09000015", "Harrow"],
        ["3", "E09900101", "Council"],
        ["-", "E09900102", "Council"],
    ]
    assert lines[4].endswith("75.0%")
    assert lines[-1].endswith("No value")


def test_with_an_organisation_it_prints_the_standing(indicator):
    out = run("ascof-cli", "2022/23", "--group", "london-boroughs", "--organisation", "e09000015")
    assert "Harrow is 2nd of 3 London boroughs (2nd quartile); the group median is 75.0%." in out
    assert "Rank: 2nd of 3" in out
    assert "Quartile: 2nd quartile" in out
    assert "Group median: 75.0%" in out
    assert "Group mean: 75.0%" in out
    assert "Gap to median: the same as the group median" in out
    # (150 + 90 + 60 + 40) / (200 + 100 + 100 + 100) = 68%.
    assert "England: 68.0% (England figure: aggregate of councils' numerators and denominators)" in out
    assert "Missing: no value for 1 council" in out


def test_the_group_defaults_to_england_and_illustrative_figures_are_labelled(indicator):
    out = run("ASCOF-CLI", "2022-23")
    assert "2022-23, England (rank 1 is the best)" in out
    assert "Illustrative: not official statistics" in out
    assert "40.0% (illustrative)" in out


def test_csv_has_a_header_and_a_row_for_each_council(indicator):
    rows = list(csv.reader(io.StringIO(run("ASCOF-CLI", "2022-23", "--group", "england", "--format", "csv"))))
    assert rows[0] == ["rank", "gss_code", "council", "value", "illustrative"]
    assert rows[1] == ["1", "E09900100", "Council 100", "90", "no"]
    assert rows[2] == ["2", "E09000015", "Harrow", "75", "no"]
    assert ["4", "E06000019", "Herefordshire", "40", "yes"] in rows
    assert rows[-1] == ["", "E09900102", "Council 102", "", ""]
    assert len(rows) == 6


def test_an_unknown_indicator_is_named(indicator):
    with pytest.raises(CommandError, match="no national indicator with the code 'ASCOF-NOPE'"):
        run("ASCOF-NOPE", "2022-23")


def test_a_local_indicator_cannot_be_benchmarked(harrow, indicator):
    make_indicator("HAR-LOCAL", organisation=harrow)
    with pytest.raises(CommandError, match="HAR-LOCAL"):
        run("HAR-LOCAL", "2022-23")


def test_an_unreadable_period_is_named(indicator):
    with pytest.raises(CommandError, match="Could not read the period 'next year'"):
        run("ASCOF-CLI", "next year")


def test_an_unknown_group_is_named(indicator):
    with pytest.raises(CommandError, match="no comparator group with the slug 'shires'"):
        run("ASCOF-CLI", "2022-23", "--group", "shires")


def test_an_unknown_organisation_is_named(indicator):
    with pytest.raises(CommandError, match="no organisation with the GSS code 'E09999999'"):
        run("ASCOF-CLI", "2022-23", "--organisation", "E09999999")


def test_a_period_with_no_values_prints_the_councils_unranked(indicator):
    out = run("ASCOF-CLI", "2010-11", "--group", "london-boroughs", "--organisation", "E09000015")
    assert "No council in the group has a value for this period." in out
    assert "Group median: No values" in out
