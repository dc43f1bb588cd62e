"""`manage.py scorecard`: the scorecard on the command line."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from .factories import IndicatorFactory, IndicatorGroupFactory, TargetFactory, series

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews(harrow):
    indicator = IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months", decimals=0)
    series(harrow, indicator, {"2022-23": "74", "2023-24": "83"})
    TargetFactory(organisation=harrow, indicator=indicator, period="2023-24", value=Decimal("80"))
    return indicator


def run(*args) -> str:
    out = io.StringIO()
    call_command("scorecard", *args, stdout=out)
    return out.getvalue()


def test_it_prints_csv_with_a_header_row(harrow, reviews):
    rows = list(csv.DictReader(io.StringIO(run("E09000015"))))
    assert [(row["Code"], row["Latest"], row["RAG"]) for row in rows] == [("HAR-REV12", "83", "Green")]


def test_it_prints_json_rows(harrow, reviews):
    rows = json.loads(run("e09000015", "--format", "json"))
    assert rows[0]["code"] == "HAR-REV12"
    assert rows[0]["latest"] == 83
    assert rows[0]["direction"] == "Improving"


def test_it_shows_one_group_by_name(harrow, reviews):
    other = IndicatorFactory(organisation=harrow, code="OTHER")
    IndicatorGroupFactory(organisation=harrow, name="Adults board", members=[other])
    rows = json.loads(run("E09000015", "--format", "json", "--group", "adults board"))
    assert [row["code"] for row in rows] == ["OTHER"]
    assert rows[0]["group"] == "Adults board"


def test_an_unknown_gss_code_fails_naming_it(db):
    with pytest.raises(CommandError, match="E09999999"):
        run("E09999999")


def test_an_unknown_group_fails_naming_it(harrow, herefordshire):
    IndicatorGroupFactory(organisation=herefordshire, name="Hereford board")
    with pytest.raises(CommandError, match="Hereford board"):
        run("E09000015", "--group", "Hereford board")
