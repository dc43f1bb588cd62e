"""One rating everywhere: which target applies to a value, and every output agreeing on it.

The case is Harrow's: a monthly value for October 2019 and a target set for the financial year
2019-20. Before the rule was shared the scorecard rated it against the year's target while the
indicator page said "No target / Not rated".
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from ascent.core.periods import parse_period
from ascent.core.rag import RAG
from ascent.documents.model import Table
from ascent.documents.renderers.html import render_html
from ascent.indicators.rating import INCOMPLETE, applicable_target, rate
from ascent.reports.performance import build_performance

from .factories import IndicatorFactory, TargetFactory, series

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def reviews(harrow):
    return IndicatorFactory(
        organisation=harrow, code="HAR-REV", title="Reviews within 12 months", frequency="monthly", decimals=0
    )


def targets(harrow, indicator, *periods, **fields):
    return [TargetFactory(organisation=harrow, indicator=indicator, period=period, **fields) for period in periods]


def chosen(found, *periods) -> str | None:
    target = applicable_target(found, parse_period(periods[0]) if periods else None)
    return target.period.label if target else None


# ----- which target applies --------------------------------------------------------------


def test_the_target_for_the_values_own_period_wins(harrow, reviews):
    found = targets(harrow, reviews, "2019-20", "Q3 2019/20", "Oct 2019")
    assert chosen(found, "Oct 2019") == "Oct 2019"


def test_the_shortest_target_period_containing_the_value_applies(harrow, reviews):
    found = targets(harrow, reviews, "2019-20", "Q3 2019/20")
    assert chosen(found, "Oct 2019") == "Q3 2019/20"
    assert chosen(found, "May 2019") == "2019-20"


def test_a_target_carries_forward_until_a_new_one_is_set(harrow, reviews):
    found = targets(harrow, reviews, "2017-18", "2018-19")
    assert chosen(found, "Oct 2019") == "2018-19"


def test_a_target_for_part_of_the_values_period_does_not_apply(harrow, reviews):
    # A first quarter's target is not a target for the whole year.
    found = targets(harrow, reviews, "Q1 2019/20")
    assert chosen(found, "2019-20") is None


def test_a_later_target_never_rates_an_earlier_value(harrow, reviews):
    found = targets(harrow, reviews, "2020-21")
    assert chosen(found, "Oct 2019") is None


def test_a_span_target_rates_only_spans_and_a_span_only_against_a_span_target(harrow, reviews):
    # Three-year savings are judged against the three-year target, never a single year's.
    found = targets(harrow, reviews, "2017-18 to 2019-20", "2016-17")
    assert chosen(found, "2017-18 to 2019-20") == "2017-18 to 2019-20"
    assert chosen(found, "2018-19") == "2016-17"  # the year's own target carries forward
    assert chosen(found, "Oct 2018") == "2016-17"
    assert chosen(targets(harrow, reviews, "2017-18"), "2018-19 to 2019-20") is None


def test_a_year_to_date_is_rated_against_its_years_target(harrow, reviews):
    found = targets(harrow, reviews, "2018-19")
    assert chosen(found, "2018-19 YTD to Dec 2018") == "2018-19"


def test_without_a_value_the_most_recent_target_applies(harrow, reviews):
    found = targets(harrow, reviews, "2019-20", "2020-21", "2018-19")
    assert chosen(found) == "2020-21"
    assert chosen([]) is None


# ----- the rating --------------------------------------------------------------------------


def test_a_month_is_rated_against_the_years_target_and_says_so(harrow, reviews):
    found = targets(harrow, reviews, "2019-20", value=D("80"))
    rating = rate(reviews, D("83"), parse_period("Oct 2019"), found)
    assert rating.rag is RAG.GREEN
    assert rating.target == found[0]
    assert rating.target_text == "At least 80%"
    assert rating.against == "against the 2019-20 target"


def test_a_target_for_the_values_own_period_has_no_label(harrow, reviews):
    found = targets(harrow, reviews, "Oct 2019", value=D("80"))
    assert rate(reviews, D("79"), parse_period("Oct 2019"), found).against == ""


def test_a_direction_target_uses_its_own_baseline_or_else_the_earliest_value(harrow, reviews):
    own = targets(
        harrow, reviews, "2019-20", kind="direction", comparison="", value=None, change="increase",
        baseline_value=D("85"), baseline_label="Mar 2019",
    )  # fmt: skip
    rating = rate(reviews, D("83"), parse_period("Oct 2019"), own, earliest=(D("60"), "Apr 2018"))
    assert (rating.rag, rating.baseline, rating.baseline_label, rating.baseline_is_target) == (
        RAG.RED,
        D("85"),
        "Mar 2019",
        True,
    )
    own[0].baseline_value = None
    rating = rate(reviews, D("83"), parse_period("Oct 2019"), own, earliest=(D("60"), "Apr 2018"))
    assert (rating.rag, rating.baseline, rating.baseline_label, rating.baseline_is_target) == (
        RAG.GREEN,
        D("60"),
        "Apr 2018",
        False,
    )


def test_an_incomplete_target_is_shown_not_rated(harrow, reviews):
    found = targets(harrow, reviews, "2019-20", kind="range", comparison="", value=None, low=D("70"), high=None)
    rating = rate(reviews, D("83"), parse_period("Oct 2019"), found)
    assert (rating.rag, rating.target_text) == (RAG.NONE, INCOMPLETE)
    assert "needs high" in rating.problem


def test_a_target_the_polarity_cannot_judge_is_not_rated_with_a_reason(harrow):
    mixed = IndicatorFactory(organisation=harrow, code="MIX", polarity="neither")
    found = targets(harrow, mixed, "2019-20", comparison="", value=D("80"))
    rating = rate(mixed, D("83"), parse_period("2019-20"), found)
    assert rating.rag is RAG.NONE
    assert "higher or lower is better" in rating.problem


# ----- every output agrees -----------------------------------------------------------------


def _scorecard_page(client, harrow) -> tuple[str, str]:
    response = client.get(reverse("indicators:scorecard", kwargs={"gss_code": harrow.gss_code}))
    row = BeautifulSoup(response.content, "html.parser").select_one('tr[data-code="HAR-REV"]')
    cells = row.find_all("td")
    return cells[3].get_text(strip=True), cells[1].select_one("[data-against]").get_text(strip=True)


def _indicator_page(client, harrow, indicator) -> tuple[str, str]:
    url = reverse("indicators:detail", kwargs={"gss_code": harrow.gss_code, "indicator_id": indicator.pk})
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    row = next(tr for tr in soup.select("#series-table tbody tr") if tr.th.get_text(strip=True) == "Oct 2019")
    cells = row.find_all("td")
    return cells[-1].get_text(strip=True), cells[-2].select_one("[data-against]").get_text(strip=True)


def _panel_counts(client, harrow) -> dict[str, str]:
    response = client.get(reverse("organisations:overview", kwargs={"gss_code": harrow.gss_code}))
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "performance-panel-title"})
    return {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in section.select(".govuk-summary-list__row")
    }


def _export(client, harrow, fmt):
    url = reverse("indicators:scorecard-export", kwargs={"gss_code": harrow.gss_code, "fmt": fmt})
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def _csv_row(client, harrow) -> dict:
    rows = csv.DictReader(io.StringIO(_export(client, harrow, "csv").decode("utf-8-sig")))
    return next(row for row in rows if row["Code"] == "HAR-REV")


def _xlsx_row(client, harrow) -> dict:
    sheet = load_workbook(io.BytesIO(_export(client, harrow, "xlsx"))).active
    header = [cell.value for cell in sheet[4]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=5, values_only=True)]
    return next(row for row in rows if row["Code"] == "HAR-REV")


def _json_row(harrow) -> dict:
    out = io.StringIO()
    call_command("scorecard", harrow.gss_code, "--format", "json", stdout=out)
    return next(row for row in json.loads(out.getvalue()) if row["code"] == "HAR-REV")


def _report_row(harrow, viewer) -> list:
    document = build_performance(harrow, user=viewer)
    tables = [block for section in document.sections for block in section.blocks if isinstance(block, Table)]
    return next(row for table in tables for row in table.rows if str(row[0]).startswith("HAR-REV "))


RANGE = {"kind": "range", "comparison": "", "value": None, "low": D("60"), "high": D("70")}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ({"value": D("80"), "tolerance": D("5")}, RAG.GREEN),  # 83% against "at least 80%"
        ({"value": D("85"), "tolerance": D("5")}, RAG.AMBER),
        ({**RANGE, "range_sense": "keep_within"}, RAG.RED),
        (RANGE, RAG.GREEN),  # above a range is better when higher is better
    ],
)
def test_every_output_gives_the_same_rating_for_a_month_against_the_years_target(
    client, harrow, viewer, reviews, target, expected
):
    series(harrow, reviews, {"Sep 2019": "78", "Oct 2019": "83"})
    TargetFactory(organisation=harrow, indicator=reviews, period="2019-20", **target)
    client.force_login(viewer)
    label = expected.label
    against = "Against the 2019-20 target"

    assert _scorecard_page(client, harrow) == (label, against)
    assert _indicator_page(client, harrow, reviews) == (label, against)
    counts = _panel_counts(client, harrow)
    assert counts[label] == "1 indicator"
    assert sum(int(text.split()[0]) for text in counts.values()) == 1

    csv_row, xlsx_row, json_row = _csv_row(client, harrow), _xlsx_row(client, harrow), _json_row(harrow)
    assert (csv_row["RAG"], xlsx_row["RAG"], json_row["rag"]) == (label, label, label)
    for row in (csv_row["Target"], xlsx_row["Target"], json_row["target"]):
        assert row.endswith("(against the 2019-20 target)")
    assert (csv_row["Latest period"], json_row["latest_period"]) == ("Oct 2019", "Oct 2019")

    report = _report_row(harrow, viewer)
    assert expected in report  # the rating itself; the renderers show it in words and colour
    html = render_html(build_performance(harrow, user=viewer))
    row_html = html[html.index("HAR-REV Reviews within 12 months") :]
    assert f">{label}<" in row_html[: row_html.index("</tr>")]
    assert any(str(cell).endswith("(against the 2019-20 target)") for cell in report)


def test_the_indicator_pages_chart_draws_the_years_target_at_each_month(client, harrow, viewer, reviews):
    series(harrow, reviews, {"Sep 2019": "78", "Oct 2019": "83"})
    TargetFactory(organisation=harrow, indicator=reviews, period="2019-20", value=D("80"))
    client.force_login(viewer)
    url = reverse("indicators:detail", kwargs={"gss_code": harrow.gss_code, "indicator_id": reviews.pk})
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    spec = json.loads(soup.find("script", id="indicator-series-chart").string)
    data = spec["layer"][0]["data"]["values"] if "data" not in spec else spec["data"]["values"]
    assert [(d["Period"], d["Series"], d["Value"]) for d in data] == [
        ("Sep 2019", "Harrow", 78.0),
        ("Sep 2019", "Target", 80.0),
        ("Oct 2019", "Harrow", 83.0),
        ("Oct 2019", "Target", 80.0),
    ]
    # The values table still lists the year's own target, which no value of its own rates.
    periods = [tr.th.get_text(strip=True) for tr in soup.select("#series-table tbody tr")]
    assert periods == ["2019-20", "Sep 2019", "Oct 2019"]
