"""The Spending panel on the Overview page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse

from ascent.finance.panels import spending_panel

from .factories import ExpenditureLineFactory, load_harrow

pytestmark = pytest.mark.django_db


def overview(client, org):
    response = client.get(reverse("organisations:overview", kwargs={"gss_code": org.gss_code}))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel_for(user, org):
    request = RequestFactory().get("/")
    request.user = user
    return spending_panel(request, org)


def spending_heading(soup):
    return next((h2 for h2 in soup.select("h2") if h2.get_text(strip=True) == "Spending"), None)


def test_the_overview_shows_the_latest_total_and_movement(client, harrow, viewer):
    load_harrow(harrow)
    client.force_login(viewer)
    heading = spending_heading(overview(client, harrow))
    text = heading.find_next_sibling("p").get_text(" ", strip=True)
    assert text == "Net spending: £56.651m in 2020-21, up £2.847m (5%) on 2019-20."
    link = heading.find_next("a")
    assert link["href"] == reverse("finance:index", kwargs={"gss_code": harrow.gss_code})


def test_a_budget_year_is_labelled_in_the_panel(harrow, viewer):
    load_harrow(harrow)
    ExpenditureLineFactory(organisation=harrow, service_line="Adults", financial_year=2021,
                           amount=Decimal("60000000"), basis="budget")  # fmt: skip
    assert panel_for(viewer, harrow)["sentence"] == "£60m in 2021-22 (budget), up £3.349m (6%) on 2020-21"


def test_there_is_no_panel_without_figures(client, harrow, viewer):
    client.force_login(viewer)
    assert spending_heading(overview(client, harrow)) is None
    assert panel_for(viewer, harrow) is None


def test_there_is_no_panel_for_someone_who_may_not_read_performance(harrow, outsider, regional_lead):
    load_harrow(harrow)
    assert panel_for(outsider, harrow) is None
    assert panel_for(regional_lead, harrow) is None


def test_the_panel_uses_gross_when_only_gross_is_held(harrow, viewer):
    ExpenditureLineFactory(organisation=harrow, service_line="Adults", financial_year=2020, measure="gross")
    panel = panel_for(viewer, harrow)
    assert (panel["what"], panel["sentence"]) == ("Gross spending", "£1m in 2020-21")


def test_the_panel_marks_illustrative_figures(client, harrow, viewer):
    load_harrow(harrow, is_illustrative=True)
    client.force_login(viewer)
    paragraph = spending_heading(overview(client, harrow)).find_next_sibling("p")
    assert paragraph.select_one(".govuk-tag").get_text(strip=True) == "Illustrative"


def test_the_panel_never_shows_another_organisations_figures(harrow, herefordshire, viewer):
    ExpenditureLineFactory(organisation=herefordshire, service_line="Adults", financial_year=2020)
    assert panel_for(viewer, harrow) is None


def test_the_panel_costs_one_query_however_many_lines(harrow, viewer, django_assert_num_queries):
    load_harrow(harrow)
    viewer.has_perm("indicators.view_performance", harrow)  # the permission's own lookups, once
    with django_assert_num_queries(1):
        panel_for(viewer, harrow)
    for year in range(2000, 2013):
        ExpenditureLineFactory(organisation=harrow, service_line="More", financial_year=year)
    with django_assert_num_queries(1):
        panel_for(viewer, harrow)
