"""In a browser: an indicator page mixing real and illustrative figures draws each point and
bar as what it is, with a legend, and passes the accessibility scan at both widths."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ascent.organisations.models import CouncilType
from tests.factories import OrganisationFactory
from tests.indicators.factories import ObservationFactory, shipped_frameworks

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HARROW = "E09000015"


@pytest.fixture
def mixed(harrow):
    boroughs = [
        OrganisationFactory(gss_code=code, name=name, council_type=CouncilType.LONDON_BOROUGH, region=harrow.region)
        for code, name in (("E09000003", "Barnet"), ("E09000005", "Brent"))
    ]
    shipped_frameworks()
    call_command("load_indicators", verbosity=0)
    from ascent.indicators.models import Indicator

    indicator = Indicator.objects.get(code="ASCOF-1C1A", organisation__isnull=True)
    for period, value in (("2013-14", "80.0"), ("2014-15", "81.5")):
        ObservationFactory(organisation=harrow, indicator=indicator, period=period, value=value, is_illustrative=True)
    ObservationFactory(organisation=harrow, indicator=indicator, period="Q3 2015/16", value="83")
    ObservationFactory(organisation=harrow, indicator=indicator, period="2015-16", value="83")
    for borough, value in zip(boroughs, ("79.0", "90.0"), strict=True):
        ObservationFactory(
            organisation=borough, indicator=indicator, period="2015-16", value=value, is_illustrative=True
        )
    return indicator


def test_real_and_illustrative_figures_are_drawn_differently(page, live_server, harrow, viewer, mixed):
    sign_in(page, live_server, viewer)
    page.goto(f"{live_server.url}/orgs/{HARROW}/performance/indicators/{mixed.pk}/?period=2015-16")

    series = page.locator("[data-vega-spec-id='indicator-series-chart']")
    expect(series).to_have_attribute("data-vega-rendered", "true")
    expect(series.locator("svg").first).to_contain_text("Illustrative (made up)")
    expect(series.locator("svg").first).to_contain_text("Real figure")
    ranking = page.locator("[data-vega-spec-id='indicator-ranking-chart']")
    expect(ranking).to_have_attribute("data-vega-rendered", "true")
    expect(ranking.locator("svg").first).to_contain_text("Illustrative (made up)")
    expect(page.locator("#series-table")).to_contain_text("Real figure")
    check_accessibility(page, "indicator-illustrative-marking")
