"""The Performance panel on the Overview page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse

from ascent.indicators.panels import performance_panel
from tests.factories import UserFactory

from .factories import IndicatorFactory, TargetFactory, series

pytestmark = pytest.mark.django_db

D = Decimal


def panel_section(client, organisation):
    response = client.get(reverse("organisations:overview", kwargs={"gss_code": organisation.gss_code}))
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find("section", attrs={"aria-labelledby": "performance-panel-title"})


@pytest.fixture
def figures(harrow):
    falling = IndicatorFactory(organisation=harrow, code="FALL", title="Reviews within 12 months")
    series(harrow, falling, {"2022-23": "90", "2023-24": "60"})
    TargetFactory(organisation=harrow, indicator=falling, value=D("80"), period="2023-24")
    rising = IndicatorFactory(organisation=harrow, code="RISE", title="Carers satisfied")
    series(harrow, rising, {"2022-23": "40", "2023-24": "85"})
    TargetFactory(organisation=harrow, indicator=rising, value=D("80"), period="2023-24")
    return falling, rising


def test_it_counts_each_rating(client, harrow, viewer, figures):
    client.force_login(viewer)
    section = panel_section(client, harrow)
    assert section.h2.get_text(strip=True) == "Performance"
    counts = {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in section.select(".govuk-summary-list__row")
    }
    assert counts == {
        "Red": "1 indicator",
        "Amber": "0 indicators",
        "Green": "1 indicator",
        "Not rated": "0 indicators",
    }


def test_it_lists_the_indicators_getting_worse(client, harrow, viewer, figures):
    client.force_login(viewer)
    items = [li.get_text(" ", strip=True) for li in panel_section(client, harrow).select("ul li")]
    assert items == ["Reviews within 12 months : 60.0% in 2023-24, from 90.0% in 2022-23 ( rated Red)"]


def test_it_links_to_the_scorecard(client, harrow, viewer, figures):
    client.force_login(viewer)
    link = panel_section(client, harrow).find("a", string="See the performance scorecard")
    assert link["href"] == reverse("indicators:scorecard", kwargs={"gss_code": harrow.gss_code})


def test_without_data_it_says_so(client, harrow, editor):
    client.force_login(editor)
    text = panel_section(client, harrow).get_text(" ", strip=True)
    assert "No performance data yet" in text
    assert "Import indicator values" in text


def test_it_warns_when_figures_are_illustrative(client, harrow, viewer):
    made_up = IndicatorFactory(organisation=harrow, code="DEMO")
    series(harrow, made_up, {"2023-24": "50"}, is_illustrative=True)
    client.force_login(viewer)
    assert "Illustrative: not official statistics" in panel_section(client, harrow).get_text()


def test_each_item_getting_worse_says_whether_it_is_real_or_illustrative(client, harrow, viewer):
    made_up = IndicatorFactory(organisation=harrow, code="DEMO", title="Made-up measure")
    series(harrow, made_up, {"2022-23": "60", "2023-24": "50"}, is_illustrative=True)
    real = IndicatorFactory(organisation=harrow, code="REAL", title="Real measure")
    series(harrow, real, {"2022-23": "70", "2023-24": "65"})
    client.force_login(viewer)
    items = {
        item.a.get_text(strip=True): item.get_text(" ", strip=True)
        for item in panel_section(client, harrow).select("ul.govuk-list li")
    }
    assert items["Made-up measure"].endswith("; illustrative)")
    assert items["Real measure"].endswith("; real)")


def test_there_is_no_panel_for_someone_who_may_not_see_performance(harrow):
    request = RequestFactory().get("/")
    request.user = UserFactory()
    assert performance_panel(request, harrow) is None


def test_the_panel_reads_a_constant_number_of_queries(
    harrow, viewer, figures, django_assert_num_queries, django_assert_max_num_queries
):
    request = RequestFactory().get("/")
    request.user = viewer
    performance_panel(request, harrow)  # the user's roles are cached for the request after this
    # The scorecard's five queries at most (four here: no ASCOF framework to read tags of).
    with django_assert_max_num_queries(5) as small:
        performance_panel(request, harrow)
    for n in range(30):
        indicator = IndicatorFactory(organisation=harrow, code=f"MORE-{n}")
        series(harrow, indicator, {"2022-23": n + 5, "2023-24": n})
    with django_assert_num_queries(len(small.captured_queries)):
        panel = performance_panel(request, harrow)
    assert panel["indicator_count"] == 32
    assert len(panel["worst"]) == 3
