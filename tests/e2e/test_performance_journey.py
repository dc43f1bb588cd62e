"""Browser journeys through the Performance section, with an axe-core WCAG 2.2 AA scan of every
page state visited.

An editor of Harrow imports a file of indicator values that has errors, fixes it and imports
it again, reads the scorecard, sets a target, benchmarks an indicator against other London
boroughs and downloads the scorecard; then imports spending, produces the "Performance
scorecard" report and rolls the import back. A viewer sees the same figures without the
controls to change them.

Other councils' figures (needed for benchmarking) are created with the ORM in a fixture: on the
web an editor can only import figures for their own council, so they cannot come from the
editor's file. The journeys that start after an import (spending, rollback, the viewer) have the
editor's file imported through the import engine in a fixture, as the web pages do.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_performance_journey.py
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from io import StringIO

import pdfplumber
import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from ascent.finance.models import ExpenditureLine
from ascent.imports.models import ImportRun
from ascent.indicators.models import Indicator, Observation, Unit
from ascent.organisations.models import CouncilType
from tests.factories import OrganisationFactory
from tests.imports.helpers import OBSERVATION_HEADINGS, csv_bytes, web_import, xlsx_bytes
from tests.indicators.factories import ObservationFactory, shipped_frameworks

from .conftest import check_accessibility, expect_failed_resource, sign_in
from .test_journeys import download, heading, run_worker_once, service_link

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HARROW = "E09000015"
LOCAL_CODE, LOCAL_TITLE = "HAR-REV", "Reviews completed on time"
SELF_DIRECTED = "ASCOF-1C1A"
SELF_DIRECTED_TITLE = "Adults in long-term community support who get self-directed support"
IN_CONTROL = "ASCOF-1B"
IN_CONTROL_TITLE = "People who use services who feel in control of their daily life"
CARE_HOMES = "ASCOF-2A1"
FEEL_SAFE = "ASCOF-4A"

#: A first attempt with three mistakes: a value that is not a number, a percentage over 100
#: and a code that is not in the library. The last row is fine, but nothing may be saved.
FILE_WITH_ERRORS = csv_bytes(
    OBSERVATION_HEADINGS,
    [HARROW, SELF_DIRECTED, "2022-23", "ninety", "", "", "final"],
    [HARROW, FEEL_SAFE, "2022-23", "104.5", "", "", "final"],
    [HARROW, "ASCOF-9Z", "2022-23", "50", "", "", "final"],
    [HARROW, CARE_HOMES, "2022-23", "13.4", "", "", "final"],
)

#: The corrected file: eleven rows, including the council's own local indicator.
CORRECTED_ROWS = [
    [HARROW, IN_CONTROL, "2021-22", "77.0", "", "", "final"],
    [HARROW, IN_CONTROL, "2022-23", "76.5", "", "", "final"],
    [HARROW, SELF_DIRECTED, "2020-21", "86.0", "860", "1000", "final"],
    [HARROW, SELF_DIRECTED, "2021-22", "88.5", "885", "1000", "final"],
    [HARROW, SELF_DIRECTED, "2022-23", "91.2", "912", "1000", "final"],
    [HARROW, CARE_HOMES, "2021-22", "12.1", "", "", "final"],
    [HARROW, CARE_HOMES, "2022-23", "13.4", "", "", "final"],
    [HARROW, FEEL_SAFE, "2021-22", "68.4", "", "", "final"],
    [HARROW, FEEL_SAFE, "2022-23", "70.1", "", "", "provisional"],
    [HARROW, LOCAL_CODE, "2021-22", "70.0", "", "", "final"],
    [HARROW, LOCAL_CODE, "2022-23", "74.0", "", "", "final"],
]
CORRECTED_NAME = "harrow-ascof.csv"
#: Saved by a spreadsheet program as "CSV UTF-8": with a byte order mark before the headings.
CORRECTED_FILE = csv_bytes(OBSERVATION_HEADINGS, *CORRECTED_ROWS, encoding="utf-8-sig")

#: Other councils' published values of ASCOF-1C1A. Hillingdon has none for 2021-22.
PEERS = {
    ("E09000003", "Barnet"): {"2021-22": "92.0", "2022-23": "95.0"},
    ("E09000005", "Brent"): {"2021-22": "85.0", "2022-23": "88.0"},
    ("E09000007", "Camden"): {"2021-22": "90.0", "2022-23": "93.5"},
    ("E09000009", "Ealing"): {"2021-22": "80.0", "2022-23": "79.4"},
    ("E09000017", "Hillingdon"): {"2022-23": "90.0"},
}

#: Spending in a workbook whose amounts are in £000, as council finance tables give them.
SPENDING_ROWS = [
    ("Adults", "2020-21", 23000),
    ("Reablement", "2020-21", 2000),
    ("Adults", "2021-22", 27500),
    ("Reablement", "2021-22", 2500),
    ("Adults", "2022-23", 30000),
    ("Reablement", "2022-23", 3000),
]
SPENDING_FILE = xlsx_bytes(
    [("Service line", "Financial year", "Amount £000", "Basis", "Measure")]
    + [(line, year, amount, "actual", "net") for line, year, amount in SPENDING_ROWS]
)


# ----- data ------------------------------------------------------------------------------


@pytest.fixture
def peers(harrow, herefordshire):
    """Five other London boroughs with values, the indicator library and the comparator groups.

    The councils are created before ``load_indicators`` so that the built-in groups (London
    boroughs, the London region, England) include them. Herefordshire (West Midlands) has a
    value too: it counts for England but not for the London groups.
    """
    boroughs = {
        name: OrganisationFactory(
            gss_code=code, name=name, council_type=CouncilType.LONDON_BOROUGH, region=harrow.region
        )
        for code, name in PEERS
    }
    shipped_frameworks()
    call_command("load_indicators", stdout=StringIO())
    indicator = Indicator.objects.get(code=SELF_DIRECTED, organisation=None)
    for (_, name), values in PEERS.items():
        for period, value in values.items():
            ObservationFactory(organisation=boroughs[name], indicator=indicator, period=period, value=Decimal(value))
    ObservationFactory(organisation=herefordshire, indicator=indicator, period="2022-23", value=Decimal("84.0"))
    return boroughs


@pytest.fixture
def imported(harrow, editor, peers) -> ImportRun:
    """Harrow's local indicator and the corrected file, imported by the editor as the web pages do."""
    Indicator.objects.create(
        organisation=harrow,
        code=LOCAL_CODE,
        title=LOCAL_TITLE,
        unit=Unit.PERCENT,
        polarity="higher_is_better",
    )
    run = web_import(CORRECTED_FILE, harrow, editor, name=CORRECTED_NAME)
    assert run.status == ImportRun.Status.COMMITTED and run.rows_created == len(CORRECTED_ROWS)
    return run


# ----- helpers ---------------------------------------------------------------------------


def performance_link(page, text: str):
    return page.get_by_role("navigation", name="Performance").get_by_role("link", name=text, exact=True)


def banner(page):
    return page.locator(".govuk-notification-banner")


def scorecard_row(page, code: str):
    return page.locator(f"main tr[data-code='{code}']")


def cell(row, index: int):
    """A scorecard row's cell: 0 baseline, 1 target, 2 latest, 3 RAG, 4 direction, 5 trend."""
    return row.locator("td").nth(index)


def upload_file(page, name: str, data: bytes, mime: str) -> None:
    page.get_by_label("Upload a file").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.get_by_role("button", name="Upload and check").click()


def summary_value(page, key: str):
    return (
        page.locator("#benchmark-figures .govuk-summary-list__row")
        .filter(has=page.locator("dt", has_text=re.compile(f"^{re.escape(key)}$")))
        .locator("dd")
    )


def imports_row(page, file_name: str):
    table = page.get_by_role("table", name="Files imported or waiting to be imported")
    return table.locator("tbody tr").filter(has=page.get_by_role("link", name=re.compile("^" + re.escape(file_name))))


def table_texts(row) -> list[str]:
    return [" ".join(text.split()) for text in row.locator("th, td").all_inner_texts()]


# ----- the journeys ----------------------------------------------------------------------


def test_editor_imports_fixes_benchmarks_and_downloads_the_scorecard(page, live_server, harrow, editor, peers):
    sign_in(page, live_server, editor)
    service_link(page, "Performance").click()
    expect(heading(page)).to_have_text("Performance")
    expect(page.locator("main")).to_contain_text("There is no performance data for Harrow yet")
    expect(performance_link(page, "Scorecard")).to_have_attribute("aria-current", "page")
    check_accessibility(page, "performance-empty")

    # A local indicator of Harrow's own, from the empty scorecard's list of ways to add data.
    page.get_by_role("link", name="add a local indicator").click()
    expect(heading(page)).to_have_text("Add a local indicator")
    check_accessibility(page, "performance-local-indicator-form")
    page.get_by_label("Code").fill(LOCAL_CODE)
    page.get_by_label("Title").fill(LOCAL_TITLE)
    page.get_by_label("Per cent (%)").check()
    page.get_by_label("Higher is better").check()
    page.get_by_role("button", name="Add indicator").click()
    expect(banner(page)).to_contain_text(f"{LOCAL_CODE} {LOCAL_TITLE} has been added")
    check_accessibility(page, "performance-library")

    # The first file has three mistakes: every one is reported, and nothing is saved.
    performance_link(page, "Data imports").click()
    expect(heading(page)).to_have_text("Imports")
    expect(page.locator("main")).to_contain_text("No files have been imported yet")
    check_accessibility(page, "imports-empty")
    page.get_by_role("link", name="Import indicator values").click()
    expect(heading(page)).to_have_text("Import indicator values")
    check_accessibility(page, "imports-upload")
    upload_file(page, "harrow-ascof-draft.csv", FILE_WITH_ERRORS, "text/csv")
    expect(heading(page)).to_have_text("harrow-ascof-draft.csv")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file has 3 errors. Nothing has been imported.")
    expect(summary.locator("li")).to_have_text(
        [
            "Row 2, value: not a number",
            f"Row 3, value: {FEEL_SAFE} is a percentage from 0 to 100: 104.5 is above 100",
            re.compile(r"^Row 4, indicator: unknown indicator"),
        ]
    )
    errors = page.get_by_role("table", name="3 errors in the file")
    expect(errors.locator("tbody tr")).to_have_count(3)
    assert table_texts(errors.locator("tbody tr").nth(0)) == ["2", "value", "ninety", "not a number"]
    assert table_texts(errors.locator("tbody tr").nth(1)) == [
        "3",
        "value",
        "104.5",
        f"{FEEL_SAFE} is a percentage from 0 to 100: 104.5 is above 100",
    ]
    assert table_texts(errors.locator("tbody tr").nth(2))[:3] == ["4", "indicator", "ASCOF-9Z"]
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    check_accessibility(page, "imports-errors")
    assert not Observation.objects.filter(organisation=harrow).exists()

    # The corrected file, saved with a byte order mark, checks clean: preview, then import.
    page.get_by_role("link", name="upload it again").click()
    expect(heading(page)).to_have_text("Import indicator values")
    upload_file(page, CORRECTED_NAME, CORRECTED_FILE, "text/csv")
    expect(heading(page)).to_have_text(CORRECTED_NAME)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("The file has 11 rows of figures: 11 new, 0 revised and 0 unchanged.")
    preview = page.get_by_role("table", name="First rows to be imported")
    expect(preview.locator("tbody tr")).to_have_count(10)
    assert table_texts(preview.locator("tbody tr").nth(2)) == [
        "4",
        "Harrow",
        SELF_DIRECTED,
        "2020-21",
        "86",
        "860",
        "1000",
        "Final",
        "New",
    ]
    check_accessibility(page, "imports-preview")
    assert not Observation.objects.filter(organisation=harrow).exists()
    page.get_by_role("button", name="Import 11 rows").click()
    expect(banner(page)).to_contain_text(f"Imported {CORRECTED_NAME}: 11 new, 0 revised and 0 unchanged rows")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Imported")
    check_accessibility(page, "imports-committed")
    assert Observation.objects.filter(organisation=harrow).count() == 11

    page.get_by_role("link", name="Back to imports").click()
    expect(heading(page)).to_have_text("Imports")
    imported_row = imports_row(page, CORRECTED_NAME)
    # File, what it holds, uploaded, status, rows, new, revised, unchanged, errors
    texts = table_texts(imported_row)
    assert texts[1] == "Indicator values" and texts[3:] == ["Imported", "11", "11", "0", "0", "0"], texts
    texts = table_texts(imports_row(page, "harrow-ascof-draft.csv"))
    assert texts[3] == "Has errors" and texts[-1] == "3", texts
    check_accessibility(page, "imports-list")

    # The scorecard: each indicator's latest value, rating, direction of travel and trend.
    page.get_by_role("link", name="Back to performance").click()
    self_directed = scorecard_row(page, SELF_DIRECTED)
    expect(self_directed.locator("th")).to_contain_text(SELF_DIRECTED_TITLE)
    expect(cell(self_directed, 0)).to_contain_text("86.0%")
    expect(cell(self_directed, 0)).to_contain_text("2020-21")
    expect(cell(self_directed, 1)).to_contain_text("No target set")
    expect(cell(self_directed, 2)).to_contain_text("91.2%")
    expect(cell(self_directed, 3)).to_have_text("Not rated")
    expect(cell(self_directed, 4)).to_contain_text("Improving")
    expect(cell(self_directed, 4)).to_contain_text("from 88.5% in 2021-22")
    expect(cell(self_directed, 5).locator("svg.app-sparkline title")).to_have_text(
        re.compile(r"^Trend of .*: 3 values from 2020-21 to 2022-23$")
    )
    expect(cell(scorecard_row(page, CARE_HOMES), 2)).to_contain_text("13.4")
    expect(cell(scorecard_row(page, CARE_HOMES), 4)).to_contain_text("Worsening")
    expect(cell(scorecard_row(page, FEEL_SAFE), 2)).to_contain_text("Provisional")
    expect(cell(scorecard_row(page, IN_CONTROL), 4)).to_contain_text("Worsening")
    local = scorecard_row(page, LOCAL_CODE)
    expect(local.locator("xpath=ancestor::table").locator("caption")).to_contain_text("Local indicators")
    expect(cell(local, 2)).to_contain_text("74.0%")
    first_group = page.locator("main table[data-group]").first
    expect(first_group.locator("tbody tr")).to_have_count(2)
    expect(first_group.locator("tbody tr").first).to_have_attribute("data-code", IN_CONTROL)
    check_accessibility(page, "scorecard")

    # Sort by title: "Adults in long-term…" comes before "People who use services…".
    page.get_by_label("Sort by").select_option(label="Indicator title")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    expect(first_group.locator("tbody tr").first).to_have_attribute("data-code", SELF_DIRECTED)
    check_accessibility(page, "scorecard-sorted")

    # A target through the target page: at least 95% puts 91.2% in red; 90% puts it in green.
    page.get_by_role("link", name=f"Set a target for {SELF_DIRECTED_TITLE}").click()
    expect(heading(page)).to_have_text("Set a target")
    check_accessibility(page, "target-form")
    expect(page.get_by_role("link", name=f"Back to {SELF_DIRECTED}", exact=False)).to_be_visible()
    # Only the chosen kind's fields show; a range says what happens above and below it.
    lowest = page.get_by_label("For a range: the lowest value on target")
    expect(lowest).to_be_hidden()
    page.get_by_label(re.compile("^Range")).check()
    expect(lowest).to_be_visible()
    expect(page.get_by_label("In the range or better: above the highest value is on target too")).to_be_visible()
    count = page.locator("[data-module=govuk-character-count]:has(#id_note) .govuk-character-count__status")
    expect(count).to_have_text("You have 300 characters remaining")
    page.get_by_label("Note (optional)").fill("Business plan 2022-23")
    expect(count).to_have_text("You have 279 characters remaining")
    check_accessibility(page, "target-form-range")
    page.get_by_label("Period").fill("2022-23")
    page.get_by_label(re.compile("^Threshold")).check()
    expect(lowest).to_be_hidden()
    page.get_by_label("At least", exact=True).check()
    page.get_by_label("For a threshold: the threshold value").fill("95")
    page.get_by_role("button", name="Save target").click()
    expect(banner(page)).to_contain_text(f"The target for {SELF_DIRECTED} in 2022-23 has been saved")
    expect(cell(self_directed, 1)).to_contain_text("At least 95.0%")
    expect(cell(self_directed, 3)).to_have_text("Red")
    check_accessibility(page, "scorecard-target-red")
    page.get_by_role("link", name=f"Change the target for {SELF_DIRECTED_TITLE}").click()
    expect(page.get_by_label("For a threshold: the threshold value")).to_have_value("95")
    page.get_by_label("For a threshold: the threshold value").fill("90")
    page.get_by_role("button", name="Save target").click()
    expect(cell(self_directed, 1)).to_contain_text("At least 90.0%")
    expect(cell(self_directed, 3)).to_have_text("Green")

    # Filter to the green indicators: only this one is left.
    page.get_by_label("Green").check()
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("main tr[data-code]")).to_have_count(1)
    expect(self_directed).to_be_visible()
    check_accessibility(page, "scorecard-filtered")
    page.get_by_role("link", name="Clear filters").click()
    expect(page.locator("main tr[data-code]")).to_have_count(len({row[1] for row in CORRECTED_ROWS}))

    # The scorecard as a spreadsheet and as CSV.
    name, content = download(page, page.get_by_role("link", name="as an Excel spreadsheet (XLSX)"))
    assert name.endswith(".xlsx"), name
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Performance scorecard: Harrow"
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "Group")
    header = rows[header_at]
    by_code = {
        row[header.index("Code")]: dict(zip(header, row, strict=False)) for row in rows[header_at + 1 :] if row[1]
    }
    assert set(by_code) == {IN_CONTROL, SELF_DIRECTED, CARE_HOMES, FEEL_SAFE, LOCAL_CODE}
    record = by_code[SELF_DIRECTED]
    assert record["Indicator"] == SELF_DIRECTED_TITLE
    assert record["Latest"] == pytest.approx(91.2) and not isinstance(record["Latest"], str)
    assert record["Target"] == "At least 90.0%"
    assert (record["RAG"], record["Direction of travel"], record["Latest period"]) == ("Green", "Improving", "2022-23")
    assert by_code[FEEL_SAFE]["Status"] == "Provisional"
    assert by_code[LOCAL_CODE]["Group"] == "Local indicators"

    name, content = download(page, page.get_by_role("link", name="Download this scorecard as CSV"))
    assert name.endswith(".csv"), name
    records = {record["Code"]: record for record in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
    assert set(records) == set(by_code)
    assert records[SELF_DIRECTED]["Latest"] == "91.2"
    assert records[SELF_DIRECTED]["Baseline"] == "86.0"
    assert records[SELF_DIRECTED]["Previous"] == "88.5"
    assert records[SELF_DIRECTED]["RAG"] == "Green"
    assert records[CARE_HOMES]["Direction of travel"] == "Worsening"
    assert records[CARE_HOMES]["RAG"] == "Not rated"

    # The indicator page: the live chart, its table, and benchmarking against London boroughs.
    page.get_by_role("link", name=SELF_DIRECTED_TITLE, exact=True).click()
    expect(heading(page)).to_have_text(f"{SELF_DIRECTED} {SELF_DIRECTED_TITLE}")
    series_chart = page.locator("[data-vega-spec-id='indicator-series-chart']")
    expect(series_chart).to_have_attribute("data-vega-rendered", "true")
    expect(series_chart.locator("svg").first).to_be_attached()
    expect(series_chart.locator("img.app-chart__image")).to_have_count(0)
    series_table = page.locator("#series-table")
    expect(series_table.locator("tbody tr")).to_have_count(3)
    expect(series_table.locator("tbody tr").last).to_contain_text("91.2%")
    expect(series_table.locator("tbody tr").last).to_contain_text("912")
    expect(series_table.locator("tbody tr").last).to_contain_text("Green")
    details = page.locator("details.app-chart__data").first
    details.locator("summary").click()
    expect(details.locator("table")).to_be_visible()
    expect(details.locator("table")).to_contain_text("At least 90.0%")

    expect(page.get_by_label("Period", exact=True)).to_have_value("2022-23")
    expect(page.get_by_label("Compare with")).to_have_value("london-boroughs")
    expect(page.locator("#benchmark-why")).to_have_text(
        "Showing 2022-23, the latest year with figures from both Harrow and other London boroughs."
    )
    expect(page.locator("#benchmark-sentence")).to_have_text(
        "Harrow is 3rd of 6 London boroughs (2nd quartile); the group median is 90.6%."
    )
    expect(summary_value(page, "Rank")).to_have_text("3rd of 6")
    expect(summary_value(page, "Quartile")).to_have_text("2nd quartile")
    expect(summary_value(page, "Group median")).to_have_text("90.6%")
    expect(summary_value(page, "Gap to the group median")).to_have_text(
        "0.6 percentage points better than the group median"
    )
    # England counts every council with a value: the six boroughs and Herefordshire.
    expect(summary_value(page, "England figure")).to_have_text("88.7% (average of councils, 7 councils)")
    ranking = page.locator("[data-vega-spec-id='indicator-ranking-chart']")
    expect(ranking).to_have_attribute("data-vega-rendered", "true")
    ranking_table = page.locator("details.app-chart__data").nth(1).locator("table")
    expect(ranking_table.locator("tbody tr")).to_have_count(6)
    expect(ranking_table).not_to_contain_text("Herefordshire")
    check_accessibility(page, "indicator-benchmark-london-boroughs")

    # Another period and group: the London region in 2021-22, when Hillingdon had no value.
    page.get_by_label("Period", exact=True).select_option(label="2021-22")
    page.get_by_label("Compare with").select_option(label="London")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"period=2021-22.*#benchmarking$"))
    expect(page.locator("#benchmarking ~ h3").first).to_have_text(f"{SELF_DIRECTED} in 2021-22, compared with London")
    expect(page.locator("#benchmark-why")).to_have_count(0)  # a chosen period needs no reason
    expect(page.locator("#benchmark-sentence")).to_have_text(
        "Harrow is 3rd of 5 councils in the London region (2nd quartile); the group median is 88.5%. "
        "There is no value for 1 council in the group."
    )
    expect(summary_value(page, "Rank")).to_have_text("3rd of 5 (no value for 1 council)")
    expect(summary_value(page, "Quartile")).to_have_text("2nd quartile")
    expect(summary_value(page, "Group median")).to_have_text("88.5%")
    expect(page.locator("[data-vega-spec-id='indicator-ranking-chart']")).to_have_attribute(
        "data-vega-rendered", "true"
    )
    check_accessibility(page, "indicator-benchmark-london-region")


def test_editor_imports_spending_reports_and_rolls_back(page, live_server, harrow, editor, imported):
    sign_in(page, live_server, editor)
    service_link(page, "Performance").click()
    expect(cell(scorecard_row(page, SELF_DIRECTED), 2)).to_contain_text("91.2%")

    # Spending, from a workbook in £000.
    performance_link(page, "Spending").click()
    expect(heading(page)).to_have_text("Spending")
    expect(page.locator("main")).to_contain_text("No spending figures yet")
    check_accessibility(page, "spending-empty")
    page.get_by_role("link", name="Import expenditure figures").click()
    expect(heading(page)).to_have_text("Import expenditure")
    upload_file(
        page,
        "harrow-spending.xlsx",
        SPENDING_FILE,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    expect(heading(page)).to_have_text("harrow-spending.xlsx")
    expect(page.locator(".govuk-summary-list").first).to_contain_text(
        re.compile(r"The amounts are in thousands of pounds \(£000\)\s*Yes")
    )
    expect(page.locator("main")).to_contain_text("The file has 6 rows of figures: 6 new")
    check_accessibility(page, "spending-import-preview")
    page.get_by_role("button", name="Import 6 rows").click()
    expect(banner(page)).to_contain_text("Imported harrow-spending.xlsx: 6 new")
    assert ExpenditureLine.objects.filter(
        organisation=harrow, service_line="Adults", financial_year=2022
    ).get().amount == (Decimal("30000000"))

    service_link(page, "Performance").click()
    performance_link(page, "Spending").click()
    trend = page.locator("table.app-spending-trend")
    expect(trend.locator("thead th")).to_have_text(["Service line", "2020-21", "2021-22", "2022-23"])
    expected = {
        "Adults": ["23,000", "27,500", "30,000"],
        "Reablement": ["2,000", "2,500", "3,000"],
        "Total": ["25,000", "30,000", "33,000"],
        "Year on year movement": ["Not applicable to the first year", "5,000", "3,000"],
        "Year on year %": ["Not applicable to the first year", "20%", "10%"],
    }
    rows = trend.locator("tbody tr")
    expect(rows).to_have_count(len(expected))
    for index, (label, cells) in enumerate(expected.items()):
        assert table_texts(rows.nth(index)) == [label, *cells]
    expect(page.locator("main")).to_contain_text("Spending rose from £25m in 2020-21 to £33m in 2022-23")
    expect(page.locator("[data-vega-spec-id='spending-chart']")).to_have_attribute("data-vega-rendered", "true")
    check_accessibility(page, "spending")

    # The "Performance scorecard" report as a PDF, produced in the background.
    service_link(page, "Reports").click()
    expect(heading(page)).to_have_text("Reports")
    check_accessibility(page, "reports")
    page.locator("#format-performance-pdf").check()
    page.get_by_role("button", name="Produce performance scorecard").click()
    expect(heading(page)).to_have_text("Performance scorecard (PDF)")
    expect(page.locator("#job-status")).to_contain_text("Queued")
    job_url = page.url
    # Leave the page so that its status polling does not share the live server's database
    # connection with the worker, which runs here in the test's thread.
    page.goto("about:blank")
    run_worker_once()
    page.goto(job_url)
    expect(page.locator("#job-status")).to_contain_text("Done")
    check_accessibility(page, "report-job-done")
    name, content = download(page, page.get_by_role("link", name=re.compile(r"^Download performance-scorecard")))
    assert name.startswith("performance-scorecard-harrow") and name.endswith(".pdf"), name
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = " ".join(" ".join((pdf_page.extract_text() or "") for pdf_page in pdf.pages).split())
        fills = {
            "#" + "".join(f"{round(c * 255):02x}" for c in rect["non_stroking_color"])
            for pdf_page in pdf.pages
            for rect in pdf_page.rects
            if rect.get("non_stroking_color") and len(rect["non_stroking_color"]) == 3
        }
    assert "Performance scorecard" in text and "Harrow" in text
    # A board-pack paper: baseline periods shown, ratings in words and on their tag colours.
    assert "Baseline period" in text
    assert {"#cfe4dc", "#cecece"} <= fills, "green and grey ratings are drawn in their tag colours"
    for code in (IN_CONTROL, SELF_DIRECTED, CARE_HOMES, FEEL_SAFE, LOCAL_CODE):
        assert code in text, f"{code} is not in the report"
    assert "Spending rose from £25m in 2020-21 to £33m in 2022-23" in text

    # Roll the indicator values back from the import's page.
    service_link(page, "Performance").click()
    performance_link(page, "Data imports").click()
    page.get_by_role("link", name=re.compile("^" + re.escape(CORRECTED_NAME))).click()
    expect(heading(page)).to_have_text(CORRECTED_NAME)
    expect(page.locator("main")).to_contain_text("Rolling back deletes the 11 rows this import added")
    check_accessibility(page, "imports-committed-detail")
    page.get_by_role("button", name="Roll back this import").click()
    expect(banner(page)).to_contain_text(f"Rolled back the import of {CORRECTED_NAME}")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Rolled back")
    expect(page.get_by_role("button", name="Roll back this import")).to_have_count(0)
    check_accessibility(page, "imports-rolled-back")
    assert not Observation.objects.filter(organisation=harrow).exists()
    assert Observation.objects.exclude(organisation=harrow).count() == 10  # the other councils' are untouched

    service_link(page, "Performance").click()
    expect(page.locator("main tr[data-code^='ASCOF']")).to_have_count(0)
    expect(cell(scorecard_row(page, LOCAL_CODE), 2)).to_have_text("No data")
    expect(page.locator("main")).to_contain_text("No values have been recorded for these indicators yet")
    check_accessibility(page, "scorecard-after-rollback")


def test_viewer_sees_the_scorecard_without_controls_to_change_it(page, live_server, harrow, viewer, imported):
    sign_in(page, live_server, viewer)
    service_link(page, "Performance").click()
    self_directed = scorecard_row(page, SELF_DIRECTED)
    expect(cell(self_directed, 2)).to_contain_text("91.2%")
    expect(cell(self_directed, 4)).to_contain_text("Improving")
    expect(page.locator("main tr[data-code]")).to_have_count(len({row[1] for row in CORRECTED_ROWS}))
    expect(page.get_by_role("link", name=re.compile("^(Set a target|Change the target)"))).to_have_count(0)
    check_accessibility(page, "viewer-scorecard")

    page.get_by_role("link", name=SELF_DIRECTED_TITLE, exact=True).click()
    expect(summary_value(page, "Rank")).to_have_text("3rd of 6")
    expect(page.get_by_role("link", name=re.compile("^(Add or correct a value|Set or change a target)"))).to_have_count(
        0
    )
    check_accessibility(page, "viewer-indicator")

    performance_link(page, "Data imports").click()
    expect(heading(page)).to_have_text("Imports")
    texts = table_texts(imports_row(page, CORRECTED_NAME))
    assert texts[3:5] == ["Imported", "11"], texts
    expect(page.get_by_role("link", name=re.compile("^Import (indicator values|expenditure)"))).to_have_count(0)
    check_accessibility(page, "viewer-imports")
    page.get_by_role("link", name=re.compile("^" + re.escape(CORRECTED_NAME))).click()
    expect(heading(page)).to_have_text(CORRECTED_NAME)
    expect(page.get_by_role("button", name="Roll back this import")).to_have_count(0)
    expect(page.get_by_role("heading", name="Roll back this import")).to_have_count(0)
    check_accessibility(page, "viewer-import-detail")

    # Typing the upload address in does not help.
    upload_url = f"{live_server.url}/orgs/{HARROW}/imports/observations/new/"
    expect_failed_resource(page, upload_url)
    response = page.goto(upload_url)
    assert response is not None and response.status == 403
    expect(heading(page)).to_have_text("You do not have permission to do this")
    check_accessibility(page, "viewer-upload-forbidden")
    assert ImportRun.objects.filter(organisation=harrow).count() == 1


def test_viewer_reads_the_scorecard_as_at_a_period_and_beside_the_year_before(
    page, live_server, harrow, viewer, imported
):
    sign_in(page, live_server, viewer)
    service_link(page, "Performance").click()

    # As at 2021-22: each indicator's latest value up to March 2023, with its real period.
    as_at = page.get_by_label("As at")
    expect(as_at.locator("option").first).to_have_text("Latest values")
    as_at.select_option(label="2021-22")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"as_at=2021-22"))
    expect(page.locator("#scorecard-periods")).to_contain_text("How Harrow stood as at 2021-22")
    self_directed = scorecard_row(page, SELF_DIRECTED)
    expect(cell(self_directed, 2)).to_contain_text("88.5%")
    expect(cell(self_directed, 2)).to_contain_text("2021-22")
    expect(cell(self_directed, 4)).to_contain_text("from 86.0% in 2020-21")
    expect(page.get_by_role("columnheader", name="Latest as at 2021-22").first).to_be_visible()
    check_accessibility(page, "scorecard-as-at")

    # Beside the same period a year earlier: both values, both ratings and the change.
    page.get_by_label("Compare with").select_option(label="The same period a year earlier")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"as_at=2021-22.*compare=last-year"))
    expect(page.locator("#scorecard-periods")).to_contain_text("as at 2021-22, compared with 2020-21")
    expect(page.get_by_label("As at")).to_have_value("2021-22")
    expect(page.get_by_label("Compare with")).to_have_value("last-year")
    self_directed = scorecard_row(page, SELF_DIRECTED)
    expect(cell(self_directed, 0)).to_contain_text("88.5%")
    expect(cell(self_directed, 0)).to_contain_text("2021-22")
    expect(cell(self_directed, 1)).to_contain_text("Not rated")
    expect(cell(self_directed, 2)).to_contain_text("86.0%")
    expect(cell(self_directed, 2)).to_contain_text("2020-21")
    expect(cell(self_directed, 4)).to_contain_text("+2.5 percentage points")
    expect(cell(self_directed, 4)).to_contain_text("Improving")
    expect(cell(scorecard_row(page, CARE_HOMES), 2)).to_have_text("No data")
    check_accessibility(page, "scorecard-compared")

    # The download holds both periods' columns.
    name, content = download(page, page.get_by_role("link", name="Download this scorecard as CSV"))
    assert "-as-at-2021-22-vs-2020-21-" in name, name
    records = {record["Code"]: record for record in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
    record = records[SELF_DIRECTED]
    assert (record["Value"], record["Period"], record["Compared value"], record["Compared period"]) == (
        "88.5",
        "2021-22",
        "86.0",
        "2020-21",
    )
    assert record["Change in words"] == "Up 2.5 percentage points"

    # A period typed into the address that cannot be read is reported, not a failure.
    page.goto(f"{live_server.url}/orgs/{HARROW}/performance/?as_at=Q5+2022/23")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Could not read 'Q5 2022/23' as a period")
    check_accessibility(page, "scorecard-as-at-error")
