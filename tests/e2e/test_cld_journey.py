"""In a browser: a council's client-level data from an extract with problems to the scorecard.

An editor loads a synthetic year of CLD (with data errors put in on purpose) through the page,
follows the load, reads the data-quality page, computes the measures, opens 2E, and finds its
value on the scorecard. Every page is scanned with axe-core (WCAG 2.2 AA) at 1280 px and 320 px;
the user guide's pictures (docs/images/cld-*.png) are these screenshots.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_cld_journey.py
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from ascent.cld import synthetic
from ascent.cld.models import Extract, MeasureRun, Population
from ascent.indicators.library import load_indicator_library
from tests.indicators.factories import shipped_frameworks

from .conftest import check_accessibility, sign_in
from .test_journeys import run_worker_once

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_loads_an_extract_reads_its_quality_and_computes_the_measures(
    page, live_server, harrow, editor, tmp_path
):
    shipped_frameworks()
    load_indicator_library()
    for band, people in (("18 to 64", 160_000), ("65 and above", 40_000)):
        Population.objects.create(organisation=harrow, year=2024, age_band=band, population=people)
    options = synthetic.Options(
        gss_code=harrow.gss_code, people=300, years=1, seed=7, error_rate=0.02, end=dt.date(2025, 3, 31)
    )
    extract_file = tmp_path / "harrow-cld-2024-25.csv"
    synthetic.write(options, extract_file)
    base = f"{live_server.url}/orgs/{harrow.gss_code}/client-level-data/"

    sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}/orgs/{harrow.gss_code}/")
    page.get_by_role("link", name="Client-level data", exact=True).first.click()
    expect(page.get_by_role("heading", name="Client-level data", exact=True)).to_be_visible()
    expect(page.get_by_text("No extracts have been loaded yet.")).to_be_visible()
    check_accessibility(page, "cld-extracts-empty")

    page.get_by_role("link", name="Load an extract").click()
    expect(page.get_by_role("heading", name="Load an extract")).to_be_visible()
    check_accessibility(page, "cld-upload")
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a CLD extract")
    check_accessibility(page, "cld-upload-error")

    page.get_by_label("Upload an extract").set_input_files(str(extract_file))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Loading harrow-cld-2024-25.csv")).to_be_visible()
    expect(page.locator("#job-status")).to_contain_text("Queued")
    check_accessibility(page, "cld-load-queued")
    run_worker_once()
    page.reload()
    expect(page.get_by_role("heading", name="Extract loaded")).to_be_visible()
    check_accessibility(page, "cld-load-done")

    extract = Extract.objects.get()
    assert extract.problem_count > 0, "the synthetic extract carries data errors"
    page.get_by_role("link", name="Read the data quality of harrow-cld-2024-25.csv").click()
    expect(page.get_by_role("heading", name="Data quality of harrow-cld-2024-25.csv")).to_be_visible()
    expect(page.get_by_role("table", name="Usable for each measure")).to_contain_text("2E")
    examples = page.get_by_role("table", name="Examples of each problem")
    expect(examples).to_be_visible()
    first_row = examples.locator("tbody tr").first
    expect(first_row.locator("td").nth(0)).to_have_text(str(extract.problem_examples.first().row))
    check_accessibility(page, "cld-data-quality")

    page.get_by_role("link", name="Extracts", exact=True).click()
    expect(page.get_by_role("table", name="Loaded extracts, newest first")).to_contain_text("2024-25")
    check_accessibility(page, "cld-extracts")

    page.get_by_role("link", name="Measures", exact=True).click()
    page.get_by_role("button", name="Compute measures").click()
    expect(page.get_by_role("heading", name="Computing the client-level data measures")).to_be_visible()
    run_worker_once()
    page.reload()
    expect(page.locator("#job-status")).to_contain_text("Done")
    page.get_by_role("link", name="See the measures").first.click()
    expect(page.get_by_role("table", name="Measures for 2024-25")).to_be_visible()
    assert MeasureRun.objects.filter(organisation=harrow, is_latest_period=True).exists()
    check_accessibility(page, "cld-measures")

    page.get_by_role("link", name="2E", exact=True).click()
    expect(
        page.get_by_role("heading", name="2E: People in long-term support who live in their own home or with family")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="How it is worked out")).to_be_visible()
    groups = page.get_by_role("table", name="2E by group")
    total = groups.locator("tbody tr", has=page.get_by_role("cell", name="Total", exact=True))
    outcome = total.locator("td").nth(3).inner_text()
    assert outcome.endswith("%")
    check_accessibility(page, "cld-measure")
    indicator_link = page.get_by_role("link", name="See 2E as an indicator")
    expect(indicator_link).to_be_visible()

    page.goto(base + "activity/")
    expect(page.get_by_role("heading", name="Activity and spend")).to_be_visible()
    check_accessibility(page, "cld-activity")
    page.goto(base + "population/")
    expect(page.get_by_role("table", name="Adult population by year and age band")).to_contain_text("160000")
    check_accessibility(page, "cld-population")

    # The published figure is on the scorecard, as the council's own provisional 2024-25 value.
    page.goto(f"{live_server.url}/orgs/{harrow.gss_code}/performance/")
    row = page.locator('tr[data-code="ASCOF23-2E"]')
    expect(row).to_contain_text(outcome.rstrip("%"))
    check_accessibility(page, "cld-scorecard")
