"""Browser journey: values checked against what the indicator allows (issue 9, point 5).

An editor of Harrow types a value off the measure's scale and is refused; types a proportion
among percentages and is warned, corrects it; types a value for a period not yet started,
is warned and confirms it. Then a file with the same slips is imported: its warnings are
listed apart from errors and the import needs "I have checked the warnings". Every page state
gets an axe-core WCAG 2.2 AA scan at desktop and 320 px.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_value_checks_journey.py
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from ascent.indicators.models import Indicator, Observation
from tests.imports.helpers import OBSERVATION_HEADINGS, csv_bytes
from tests.indicators.factories import series, shipped_frameworks

from .conftest import check_accessibility, sign_in
from .test_journeys import heading

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HARROW = "E09000015"
SELF_DIRECTED = "ASCOF-1C1A"
QUALITY_OF_LIFE = "ASCOF-1A"

SLIPS_FILE = csv_bytes(
    OBSERVATION_HEADINGS,
    [HARROW, SELF_DIRECTED, "2020-21", "0.75", "", "", "final"],
    [HARROW, SELF_DIRECTED, "2019-20", "90", "10", "100", "final"],
    [HARROW, SELF_DIRECTED, "2035-36", "80", "", "", "final"],
)


@pytest.fixture
def library(harrow):
    shipped_frameworks()
    call_command("load_indicators", stdout=StringIO())
    indicator = Indicator.objects.get(code=SELF_DIRECTED)
    series(harrow, indicator, {"2021-22": "78.5", "2022-23": "81"})
    return indicator


def value_page(page, live_server, harrow, code: str):
    indicator = Indicator.objects.get(code=code)
    path = reverse("indicators:observation-edit", kwargs={"gss_code": harrow.gss_code, "indicator_id": indicator.pk})
    page.goto(live_server.url + path)


def fill(page, period: str, value: str) -> None:
    page.get_by_label("Period").fill(period)
    page.get_by_label("Value").fill(value)
    page.get_by_role("button", name="Save value").click()


def test_a_value_off_the_scale_is_refused_and_slips_are_confirmed_or_corrected(
    page, live_server, harrow, editor, library
):
    sign_in(page, live_server, editor)

    # ASCOF 1A is a score from 0 to 24: 25.3 is refused, naming the scale.
    value_page(page, live_server, harrow, QUALITY_OF_LIFE)
    expect(page.locator("#id_value-hint")).to_have_text("ASCOF-1A is a score from 0 to 24.")
    fill(page, "2023-24", "25.3")
    expect(page.locator(".govuk-error-summary")).to_contain_text("ASCOF-1A is a score from 0 to 24: 25.3 is above 24")
    check_accessibility(page, "value-refused-off-the-scale")

    # A proportion among percentages: warned, nothing saved; corrected, saved.
    value_page(page, live_server, harrow, SELF_DIRECTED)
    fill(page, "2023-24", "0.75")
    summary = page.locator(".govuk-error-summary")
    expect(summary.locator("h2")).to_have_text("Check this value before you save it")
    expect(summary).to_contain_text("0.75% looks like a proportion: as a percentage it would be 75%.")
    expect(page.get_by_label("Yes, save it as it is")).not_to_be_checked()
    check_accessibility(page, "value-warned-proportion")
    assert not Observation.objects.filter(period_code="2023-24").exists()
    fill(page, "2023-24", "75")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"The value of {SELF_DIRECTED} for 2023-24 has been saved"
    )
    assert Observation.objects.get(period_code="2023-24").value == Decimal("75")

    # A period not yet started: warned, then confirmed as it is.
    value_page(page, live_server, harrow, SELF_DIRECTED)
    fill(page, "2035-36", "80")
    expect(page.locator(".govuk-error-summary")).to_contain_text("2035-36 has not started yet")
    page.get_by_label("Yes, save it as it is").check()
    page.get_by_role("button", name="Save value").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved as it is")
    assert Observation.objects.filter(period_code="2035-36").exists()

    # The scorecard still shows 2023-24 as the latest value.
    page.goto(live_server.url + reverse("indicators:scorecard", kwargs={"gss_code": harrow.gss_code}))
    row = page.locator(f"main tr[data-code='{SELF_DIRECTED}']")
    expect(row).to_contain_text("2023-24")
    expect(row).not_to_contain_text("2035-36")


def test_an_import_lists_its_warnings_and_needs_them_confirmed(page, live_server, harrow, editor, library):
    sign_in(page, live_server, editor)
    page.goto(live_server.url + reverse("imports:upload", kwargs={"gss_code": harrow.gss_code, "kind": "observations"}))
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "harrow-slips.csv", "mimeType": "text/csv", "buffer": SLIPS_FILE}]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(heading(page)).to_have_text("harrow-slips.csv")
    table = page.get_by_role("table", name="3 warnings in the file")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(page.get_by_role("table", name="3 warnings, by kind")).to_be_visible()
    check_accessibility(page, "import-warnings")

    page.get_by_role("button", name=re.compile("^Import 3 rows")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you have checked the 3 warnings")
    check_accessibility(page, "import-warnings-unconfirmed")
    assert not Observation.objects.filter(period_code="2035-36").exists()

    page.get_by_label("I have checked the 3 warnings and the figures are right").check()
    page.get_by_role("button", name=re.compile("^Import 3 rows")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Imported harrow-slips.csv: 3 new")
    assert Observation.objects.filter(period_code="2035-36").exists()
