"""The programmes' panel on the Overview page (ascent/programmes/panels.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ascent.core.periods import financial_year_label, financial_year_start_year
from ascent.programmes import actions
from ascent.programmes.models import Stage
from ascent.programmes.panels import programmes_panel

from . import resilient_programme

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = financial_year_start_year(TODAY)
LABEL = financial_year_label(YEAR)


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def project(programme, editor, reference, name, *, target, forecast, delivered="0", rag="", stage=Stage.DELIVERY):
    made = actions.create_project(programme, by=editor, reference=reference, name=name, stage=stage, on=TODAY)
    actions.record_saving(
        made,
        by=editor,
        financial_year=YEAR,
        target=Decimal(target),
        forecast=Decimal(forecast),
        delivered=Decimal(delivered),
        delivered_as_at=TODAY,
    )
    if rag:
        actions.add_update(made, by=editor, text="Where it stands", on=TODAY, rag_overall=rag)
    return made


@pytest.fixture
def world(harrow, herefordshire, editor):
    """Resilient Harrow's figures in this financial year: £1.263m forecast against £1.446m."""
    programme = resilient_programme(harrow, editor)
    reviews = project(programme, editor, "RH01", "Targeted Reviews", target="1046000", forecast="863000", rag="green")
    project(programme, editor, "RH02", "Harrow is Home", target="400000", forecast="400000", delivered="312000")
    project(programme, editor, "RH03", "Proposed", target="0", forecast="0", rag="amber", stage=Stage.PROPOSED)
    done = project(programme, editor, "RH04", "In business as usual", target="0", forecast="0", rag="red")
    actions.change_stage(done, by=editor, stage=Stage.BAU, on=TODAY)
    # A closed programme's savings and projects, and another council's, are not counted.
    old = actions.create_programme(harrow, by=editor, name="Old programme", starts_on=dt.date(2017, 4, 1))
    project(old, editor, "OLD", "Old", target="999000", forecast="0", rag="red")
    actions.change_programme(old, by=editor, status="closed", closed_on=TODAY, closed_reason="Ended")
    other = resilient_programme(herefordshire, None)
    project(other, None, "H1", "Herefordshire's", target="5000000", forecast="0", rag="red")
    return {"programme": programme, "reviews": reviews}


def test_the_panel_adds_up_this_years_savings_projects_by_rag_and_flags(harrow, viewer, world):
    panel = programmes_panel(request_for(viewer), harrow)
    assert panel["programmes"] == 2 and panel["active"] == 1
    assert panel["year"] == LABEL
    assert panel["savings"] == {
        "target": "£1.446m",
        "forecast": "£1.263m",
        "delivered": "£312K",
        "shortfall": "£183K",
        "short": True,
    }
    assert panel["position"].sentence() == "£1.263m forecast against a target of £1.446m, £183K short"
    assert panel["open_projects"] == 3
    assert [(label, count) for label, _, count in panel["by_rag"]] == [("Amber", 1), ("Green", 1), ("Not rated", 1)]
    # Targeted Reviews: green while £183K short.
    assert panel["flags_by_check"] == {"programmes.green-while-savings-behind": 1}
    assert panel["flags"] == 1


def test_the_panel_is_for_members_only(harrow, outsider, world):
    assert programmes_panel(request_for(outsider), harrow) is None


def test_the_overview_shows_the_panel(client, harrow, viewer, world):
    client.force_login(viewer)
    page = soup(client.get(reverse("organisations:overview", args=[harrow.gss_code])))
    assert "Transformation programmes" in [h.get_text(strip=True) for h in page.select("main h2")]
    summary = " ".join(page.select_one("[data-programmes-savings-summary]").get_text().split())
    assert summary == (
        f"Savings in {LABEL} across 1 active programme: £1.263m forecast against a target of £1.446m, £183K short."
    )
    rows = [
        (row.select_one("dt").get_text(strip=True), row.select_one("dd").get_text(strip=True))
        for row in page.select("[data-programmes-savings] .govuk-summary-list__row")
    ]
    assert rows == [
        ("Target", "£1.446m"),
        ("Forecast", "£1.263m"),
        ("Delivered to date", "£312K"),
        ("Shortfall", "£183K"),
    ]
    assert [" ".join(li.get_text().split()) for li in page.select("[data-programmes-by-rag] li")] == [
        "Amber 1",
        "Green 1",
        "Not rated 1",
    ]
    flags = page.select_one("[data-programmes-flags]")
    assert "1 open challenge about programmes" in " ".join(flags.get_text().split())
    challenges = reverse("assurance:index", args=[harrow.gss_code])
    assert flags.select_one("a")["href"] == challenges
    assert [(a.get_text(strip=True), a["href"]) for a in page.select("[data-programmes-checks] a")] == [
        ("Green while savings are behind profile", f"{challenges}?check=programmes.green-while-savings-behind")
    ]
    assert reverse("programmes:index", args=[harrow.gss_code]) in [a["href"] for a in page.select("main a")]


def test_the_panel_says_when_there_are_no_programmes(client, harrow, viewer):
    client.force_login(viewer)
    page = soup(client.get(reverse("organisations:overview", args=[harrow.gss_code])))
    assert "Harrow has no transformation programmes yet." in page.get_text()
    assert page.select_one("[data-programmes-savings]") is None


def test_the_panel_says_when_this_year_has_no_savings_and_no_flags(client, harrow, viewer, editor):
    resilient_programme(harrow, editor)
    client.force_login(viewer)
    text = " ".join(soup(client.get(reverse("organisations:overview", args=[harrow.gss_code]))).get_text().split())
    assert f"No savings are recorded for {LABEL} in Harrow's active programmes." in text
    assert "Harrow's active programmes have no open projects." in text
    assert "No open challenges about programmes." in text


PANEL_QUERIES = 11


def test_the_panel_takes_the_same_queries_however_many_projects(
    harrow, viewer, editor, world, django_assert_num_queries
):
    programmes_panel(request_for(viewer), harrow)  # warm the permission caches
    # Each request works out the council's flags once, from every app's sources (the Overview's
    # other panels share them): 3 for the panel, the rest for the flags of every source.
    with django_assert_num_queries(PANEL_QUERIES):
        programmes_panel(request_for(viewer), harrow)
    for number in range(10):
        project(world["programme"], editor, f"X{number}", f"Extra {number}", target="1000", forecast="0", rag="green")
    with django_assert_num_queries(PANEL_QUERIES):
        panel = programmes_panel(request_for(viewer), harrow)
    assert panel["open_projects"] == 13
    assert panel["flags_by_check"] == {"programmes.green-while-savings-behind": 11}


def test_the_panels_of_one_request_work_out_the_flags_once(harrow, viewer, world, django_assert_num_queries):
    request = request_for(viewer)
    programmes_panel(request, harrow)
    with django_assert_num_queries(3):
        programmes_panel(request, harrow)


def test_a_council_with_no_active_programme_takes_one_query(harrow, viewer, django_assert_num_queries):
    request = request_for(viewer)
    programmes_panel(request, harrow)
    with django_assert_num_queries(1):
        assert programmes_panel(request, harrow)["active"] == 0


def test_with_nothing_recorded_this_year_the_panel_shows_the_latest_year_with_savings(harrow, viewer, editor):
    """A programme whose years have passed (Resilient Harrow's 2019-20) still shows its last savings."""
    programme = resilient_programme(harrow, editor)
    made = actions.create_project(programme, by=editor, name="Targeted Reviews", stage=Stage.DELIVERY)
    actions.record_saving(made, by=editor, financial_year=2018, target=Decimal("500000"), forecast=Decimal("500000"))
    actions.record_saving(made, by=editor, financial_year=2019, target=Decimal("1046000"), forecast=Decimal("863000"))
    actions.record_saving(made, by=editor, financial_year=YEAR + 1, target=Decimal("1"), forecast=Decimal("1"))
    panel = programmes_panel(request_for(viewer), harrow)
    assert panel["year"] == "2019-20"
    assert (panel["savings"]["target"], panel["savings"]["forecast"]) == ("£1.046m", "£863K")
