"""Client-level data results in the indicator store, and the break in series the pages show."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.cld import publish, results, synthetic
from ascent.cld.loading import load_extract
from ascent.cld.models import Population
from ascent.core.periods import Period
from ascent.indicators import actions
from ascent.indicators.breaks import CLD_BREAK, SET_BREAK, breaks_before, breaks_for
from ascent.indicators.library import load_indicator_library
from ascent.indicators.models import Indicator, Observation
from ascent.indicators.sparkline import sparkline
from tests.indicators.factories import shipped_frameworks

pytestmark = pytest.mark.django_db

FY = Period.financial_year(2024)


def _load(organisation, tmp_path, name, *, seed=3):
    """One year of a synthetic extract (250 people) for 2024-25: one run, a financial year."""
    options = synthetic.Options(gss_code="E09000015", people=250, years=1, seed=seed, end=dt.date(2025, 3, 31))
    path = tmp_path / name
    synthetic.write(options, path)
    result = load_extract(organisation, path, original_name=name)
    assert result.loaded, result.report.fatal
    return result.extract


@pytest.fixture
def library():
    shipped_frameworks()
    load_indicator_library()


@pytest.fixture
def loaded(harrow, tmp_path, library):
    extract = _load(harrow, tmp_path, "harrow-2024-25.csv")
    for band, people in (("18 to 64", 160_000), ("65 and above", 40_000)):
        Population.objects.create(organisation=harrow, year=2024, age_band=band, population=people)
    return extract


def _observations(organisation):
    return {
        o.indicator.code: o
        for o in Observation.objects.filter(organisation=organisation, period_code=FY.code).select_related("indicator")
    }


def test_the_headline_figures_become_provisional_observations(harrow, loaded, admin_user):
    run = results.compute_and_store(harrow, by=admin_user)[0]

    observations = _observations(harrow)
    assert set(observations) <= set(publish.PUBLISHED)
    assert {"ASCOF23-2A", "ASCOF23-2C", "ASCOF23-2E", "ASCOF23-3D1A"} <= set(observations)
    for code, observation in observations.items():
        measure, group = publish.PUBLISHED[code]
        result = run.results.get(measure=measure, group=group, breakdown="")
        assert (observation.value, observation.numerator, observation.denominator) == (
            result.outcome,
            result.numerator,
            result.denominator,
        )
        assert observation.status == Observation.Status.PROVISIONAL and not observation.is_illustrative
        assert observation.entered_by == admin_user and observation.import_run is None
        history = observation.history.get()
        assert history.history_change_reason == f"Client-level data measures run {run.pk}, method {run.method_version}"
        assert history.history_user == admin_user
    # 2B is per 100,000 aged 18 to 64: the population is its denominator.
    assert observations["ASCOF23-2C"].denominator == 40_000


def test_running_again_writes_no_observation_and_no_history(harrow, loaded, admin_user):
    results.compute_and_store(harrow, by=admin_user)
    counts = (Observation.objects.count(), Observation.history.count())

    results.compute_and_store(harrow, by=admin_user)
    again = publish.publish_run(results.latest_run(harrow), by=admin_user)

    assert (Observation.objects.count(), Observation.history.count()) == counts
    assert again.created == [] and again.revised == [] and again.unchanged


def test_a_corrected_extract_revises_the_value_and_keeps_the_earlier_one(harrow, loaded, admin_user, tmp_path):
    first = results.compute_and_store(harrow, by=admin_user)[0]
    before = {code: o.value for code, o in _observations(harrow).items()}
    _load(harrow, tmp_path, "harrow-2024-25-corrected.csv", seed=9)

    second = results.compute_and_store(harrow, by=admin_user)[0]

    after = _observations(harrow)
    changed = [code for code, value in before.items() if after[code].value != value]
    assert changed, "a different extract should change some figure"
    for code in changed:
        observation = after[code]
        versions = list(observation.history.order_by("history_date", "history_id"))
        assert [v.history_type for v in versions] == ["+", "~"]
        assert versions[0].value == before[code] and versions[0].history_change_reason.endswith(
            f"run {first.pk}, method {first.method_version}"
        )
        assert versions[1].value == observation.value
        assert f"run {second.pk}," in versions[1].history_change_reason
    for code in set(before) - set(changed):
        assert after[code].history.count() == 1


def test_a_real_figure_from_elsewhere_is_left_alone(harrow, loaded, admin_user):
    indicator = Indicator.objects.get(code="ASCOF23-2A", organisation__isnull=True)
    official = actions.record_observation(harrow, indicator, period=FY, value=Decimal("81.5"), by=admin_user)

    run = results.compute_and_store(harrow, by=admin_user)[0]
    outcome = publish.publish_run(run, by=admin_user)

    official.refresh_from_db()
    assert official.value == Decimal("81.5") and official.history.count() == 1
    assert "ASCOF23-2A" in outcome.skipped


def test_synthetic_extracts_are_published_as_illustrative(harrow, tmp_path, library, admin_user):
    _load(harrow, tmp_path, "Harrow 2024-25 (synthetic - not real people).csv")

    results.compute_and_store(harrow, by=admin_user)

    observations = _observations(harrow)
    assert observations and all(o.is_illustrative for o in observations.values())


def test_an_illustrative_population_makes_2b_and_2c_illustrative(harrow, loaded, admin_user):
    Population.objects.filter(organisation=harrow).update(is_illustrative=True)

    run = results.compute_and_store(harrow, by=admin_user)[0]

    assert run.population_is_illustrative
    observations = _observations(harrow)
    assert observations["ASCOF23-2C"].is_illustrative
    assert not observations["ASCOF23-2A"].is_illustrative and not observations["ASCOF23-3D1A"].is_illustrative


def test_only_financial_years_from_2024_25_are_published(harrow, tmp_path, library, admin_user):
    options = synthetic.Options(gss_code="E09000015", people=200, years=2, seed=5, end=dt.date(2024, 12, 31))
    synthetic.write(options, tmp_path / "to-december.csv")
    assert load_extract(harrow, tmp_path / "to-december.csv", original_name="to-december.csv").loaded

    runs = results.compute_and_store(harrow, by=admin_user)

    # Rolling years to Dec 2024, Sep 2024, Jun 2024, Mar 2024 (2023-24, before CLD) and Dec 2023.
    assert [run.period_end for run in runs] == [
        dt.date(2024, 12, 31),
        dt.date(2024, 9, 30),
        dt.date(2024, 6, 30),
        dt.date(2024, 3, 31),
        dt.date(2023, 12, 31),
    ]
    assert not Observation.objects.filter(organisation=harrow).exists()
    assert "not a financial year from 2024-25" in publish.publish_run(runs[0]).not_published


# ----- the break in series ---------------------------------------------------------------


def test_breaks_of_each_kind_of_indicator(library):
    moved = Indicator.objects.get(code="ASCOF23-2A")
    survey = Indicator.objects.get(code="ASCOF23-1A")
    old = Indicator.objects.get(code="ASCOF-1C1A")

    assert breaks_for(moved) == (SET_BREAK, CLD_BREAK)
    assert breaks_for(survey) == breaks_for(old) == (SET_BREAK,)
    # Every shipped measure whose source names Client Level Data has the SALT to CLD break.
    for indicator in Indicator.objects.filter(organisation__isnull=True, source__contains="Client Level Data"):
        assert CLD_BREAK in breaks_for(indicator), indicator.code
    years = [Period.financial_year(year) for year in (2022, 2023, 2024)]
    assert breaks_before(moved, years) == {1: SET_BREAK, 2: CLD_BREAK}
    assert breaks_before(moved, years[2:]) == {}
    assert breaks_before(survey, years) == {1: SET_BREAK}


def test_the_sparkline_draws_no_line_across_a_break():
    drawn = BeautifulSoup(str(sparkline([50, 55, 60, 70, 72], title="Trend", breaks={3: CLD_BREAK})), "html.parser")

    lines = drawn.find_all("polyline")
    assert [len(line["points"].split()) for line in lines] == [3, 2]
    gap = drawn.find("line", class_="app-sparkline__break")
    first_end = float(lines[0]["points"].split()[-1].split(",")[0])
    second_start = float(lines[1]["points"].split()[0].split(",")[0])
    assert first_end < float(gap["x1"]) < second_start


def test_the_indicator_page_and_scorecard_show_the_break(client, harrow, loaded, admin_user):
    """SALT's 2023-24 value (imported earlier) and CLD's 2024-25 value: two lines, not one."""
    indicator = Indicator.objects.get(code="ASCOF23-2A", organisation__isnull=True)
    actions.record_observation(
        harrow, indicator, period=Period.financial_year(2023), value=Decimal("77"), by=admin_user
    )
    results.compute_and_store(harrow, by=admin_user)
    client.force_login(admin_user)

    soup = BeautifulSoup(
        client.get(reverse("indicators:detail", args=[harrow.gss_code, indicator.pk])).content, "html.parser"
    )
    notice = soup.select_one("#values ~ .govuk-inset-text[data-break]")
    assert "Break in series before 2024-25" in notice.get_text() and "SALT" in notice.get_text()
    rows = {row.th.get_text(" ", strip=True) for row in soup.select("#series-table tbody tr")}
    assert "2024-25 Break in series" in rows and "2023-24" in rows
    spec = json.loads(soup.find("script", id="indicator-series-chart").string)
    values = spec["layer"][0]["data"]["values"] if "data" not in spec else spec["data"]["values"]
    assert {v["Series"] for v in values} == {"Harrow, 2023-24", "Harrow, 2024-25"}

    scorecard = BeautifulSoup(
        client.get(reverse("indicators:scorecard", args=[harrow.gss_code])).content, "html.parser"
    )
    row = scorecard.select_one('tr[data-code="ASCOF23-2A"]')
    # The direction is not worked out across the break: the cell names it and the value before.
    assert row.select_one("[data-break]").get_text(strip=True) == (
        "Break in series before 2024-25: not compared with 77.0% in 2023-24"
    )
    assert len(row.find_all("polyline")) == 0 and len(row.find_all("circle")) == 2
