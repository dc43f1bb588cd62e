"""Browser journeys through the hardening of the service (issue 8), with an axe-core WCAG 2.2 AA
scan of every page state visited, at desktop width and at 320 px.

An editor of Harrow uploads a text file and is refused at once; uploads a file with hundreds of
duplicate rows and some bad ones, reads the errors counted by kind, pages through them and
downloads them all; and imports a file big enough to be checked and imported in the background,
watching its progress. An administrator then reads the import on the Activity page, in plain
language. Someone who mistypes a password five times, in different capitalisations of their
address, is locked out and told how to unlock the account.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_hardening_journey.py
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from ascent.imports.models import ImportRun
from ascent.indicators.models import Indicator, Observation, Unit
from tests.factories import PASSWORD
from tests.imports.helpers import OBSERVATION_HEADINGS, csv_bytes

from .conftest import check_accessibility, expect_failed_resource, sign_in
from .test_journeys import download, heading, run_worker_once, service_link
from .test_performance_journey import performance_link, table_texts, upload_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HARROW = "E09000015"
SELF_DIRECTED = "ASCOF-1C1A"


def row(period: str, value: str) -> list[str]:
    return [HARROW, SELF_DIRECTED, period, value, "", "", "final"]


def financial_year(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


#: 300 copies of one row, then 120 values that are not numbers and 20 percentages over 100, each
#: for a year of its own: 141 errors in all, of three kinds (the copies count as one error).
DUPLICATE_COPIES = 300
MESSY_FILE = csv_bytes(
    OBSERVATION_HEADINGS,
    *[row("2023-24", "58.5")] * DUPLICATE_COPIES,
    *[row(financial_year(year), "ninety") for year in range(1900, 2020)],
    *[row(financial_year(year), "104.5") for year in range(1880, 1900)],
)
MESSY_ERRORS = 141

#: Ten good rows: more than the background threshold the test sets.
BIG_FILE = csv_bytes(OBSERVATION_HEADINGS, *[row(financial_year(year), "58.5") for year in range(2010, 2020)])


@pytest.fixture
def self_directed(db):
    return Indicator.objects.create(
        code=SELF_DIRECTED,
        title="Adults in long-term community support who get self-directed support",
        unit=Unit.PERCENT,
        polarity="higher_is_better",
    )


def open_upload_page(page) -> None:
    service_link(page, "Performance").click()
    performance_link(page, "Data imports").click()
    page.get_by_role("link", name="Import indicator values").click()
    expect(heading(page)).to_have_text("Import indicator values")


def error_summary(page):
    return page.locator(".govuk-error-summary")


# ----- the journeys ----------------------------------------------------------------------


def test_editor_is_refused_a_text_file_and_reads_every_error_of_a_messy_one(
    page, live_server, harrow, editor, self_directed
):
    sign_in(page, live_server, editor)
    open_upload_page(page)

    # A text file is refused on the upload page itself, naming what is taken.
    upload_file(page, "figures.txt", b"Dear colleague,\r\nThe figures are attached.\r\n", "text/plain")
    expect(heading(page)).to_have_text("Import indicator values")
    expect(error_summary(page)).to_contain_text("The selected file must be a CSV file or an Excel workbook (.xlsx)")
    expect(page).to_have_title(re.compile(r"\(error\)"))
    check_accessibility(page, "hardening-upload-refused-text-file")
    assert not ImportRun.objects.exists()

    # Hundreds of copies of one row and 140 bad values: counts by kind, then the first errors.
    upload_file(page, "harrow-messy.csv", MESSY_FILE, "text/csv")
    expect(heading(page)).to_have_text("harrow-messy.csv")
    expect(error_summary(page)).to_contain_text(f"The file has {MESSY_ERRORS} errors. Nothing has been imported.")
    by_kind = page.get_by_role("table", name=f"{MESSY_ERRORS} errors, by kind")
    assert [table_texts(tr) for tr in by_kind.locator("tbody tr").all()] == [
        ["value: not a number", "120"],
        [f"value: {SELF_DIRECTED} is a percentage from 0 to 100", "20"],
        ["Rows with the same organisation, indicator and period", "1"],
    ]
    first = page.get_by_role("table", name=f"The first 25 of {MESSY_ERRORS} errors")
    expect(first.locator("tbody tr")).to_have_count(25)
    assert table_texts(first.locator("tbody tr").nth(0)) == [
        "2",
        "organisation, indicator, period",
        f"{HARROW}, {SELF_DIRECTED}, 2023-24",
        "Rows 2, 3, 4, 5, 6 and 295 others have the same organisation, indicator and period: keep only one",
    ]
    second = table_texts(first.locator("tbody tr").nth(1))
    assert second == [str(DUPLICATE_COPIES + 2), "value", "ninety", "not a number"]
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    check_accessibility(page, "hardening-import-errors-by-kind")

    # The errors page lists them a hundred at a time.
    page.get_by_role("link", name="See the errors a page at a time").click()
    expect(heading(page)).to_have_text("Errors in harrow-messy.csv")
    listed = page.get_by_role("table", name=f"Errors 1 to 100 of {MESSY_ERRORS}")
    expect(listed.locator("tbody tr")).to_have_count(100)
    check_accessibility(page, "hardening-errors-page-1")
    page.locator(".govuk-pagination__next a").click()
    listed = page.get_by_role("table", name=f"Errors 101 to {MESSY_ERRORS} of {MESSY_ERRORS}")
    expect(listed.locator("tbody tr")).to_have_count(MESSY_ERRORS - 100)
    assert table_texts(listed.locator("tbody tr").last) == [
        str(1 + DUPLICATE_COPIES + 140),
        "value",
        "104.5",
        f"{SELF_DIRECTED} is a percentage from 0 to 100: 104.5 is above 100",
    ]
    check_accessibility(page, "hardening-errors-page-2")

    # The download has every error, a row each.
    run = ImportRun.objects.get()
    name, data = download(page, page.get_by_role("link", name=f"Download all {MESSY_ERRORS} errors (CSV)"))
    assert name == f"import-{run.pk}-errors.csv"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Row", "Column", "Value", "Problem"]
    assert len(rows) == 1 + MESSY_ERRORS
    assert rows[1][0] == "2" and rows[1][3].startswith("Rows 2, 3, 4, 5, 6 and 295 others have the same")
    assert rows[2] == [str(DUPLICATE_COPIES + 2), "value", "ninety", "not a number"]
    assert rows[-1] == [
        str(1 + DUPLICATE_COPIES + 140),
        "value",
        "104.5",
        f"{SELF_DIRECTED} is a percentage from 0 to 100: 104.5 is above 100",
    ]
    assert not Observation.objects.exists()


def test_a_big_file_is_checked_and_imported_in_the_background_and_shows_in_activity(
    page, live_server, harrow, editor, admin_user, self_directed, settings
):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 5
    sign_in(page, live_server, editor)
    open_upload_page(page)

    # Checked in the background: the page shows the job waiting, then the result on its own.
    upload_file(page, "harrow-big.csv", BIG_FILE, "text/csv")
    expect(heading(page)).to_have_text("harrow-big.csv")
    status = page.locator("#import-job-status")
    expect(status).to_contain_text("Queued")
    expect(page.locator("main")).to_contain_text("A file this big is checked in the background")
    check_accessibility(page, "hardening-background-check-queued")
    run_worker_once()
    expect(page.locator("main")).to_contain_text("The file has 10 rows of figures: 10 new, 0 revised and 0 unchanged.")
    expect(page.locator("#import-job-status")).to_have_count(0)
    check_accessibility(page, "hardening-background-checked")

    # Imported in the background too.
    page.get_by_role("button", name="Import 10 rows").click()
    expect(page.locator("#import-job-status")).to_contain_text("Queued")
    expect(page.locator("main")).to_contain_text("A file this big is imported in the background")
    check_accessibility(page, "hardening-background-import-queued")
    assert not Observation.objects.exists()
    run_worker_once()
    expect(page.get_by_role("button", name="Roll back this import")).to_be_visible()
    check_accessibility(page, "hardening-background-imported")
    assert Observation.objects.filter(organisation=harrow).count() == 10

    # An administrator reads what happened in plain language.
    page.context.clear_cookies()
    sign_in(page, live_server, admin_user)
    page.goto(f"{live_server.url}/orgs/{HARROW}/activity/")
    expect(heading(page)).to_have_text("Activity")
    main = page.locator("main")
    expect(main).to_contain_text("58.5%")
    text = main.inner_text()
    assert "58.500000" not in text
    assert not re.search(r"\bobservations?\b", text, re.IGNORECASE), text
    assert "Editor Person" in text
    assert "Imported harrow-big.csv: 10 new, 0 revised and 0 unchanged rows" in text
    assert "committed at" not in text and "No field changes" not in text
    check_accessibility(page, "hardening-activity-after-import")


def test_five_wrong_passwords_in_any_capitalisation_lock_the_account(page, live_server, viewer):
    local, domain = viewer.email.split("@")
    spellings = [
        viewer.email.upper(),
        f"{local.capitalize()}@{domain}",
        f"{local}@{domain.upper()}",
        f"{local.upper()}@{domain}",
        f"{local.capitalize()}@{domain.capitalize()}",
    ]
    page.goto(f"{live_server.url}/sign-in/")
    for spelling in spellings[:-1]:
        page.fill("#id_username", spelling)
        page.fill("#id_password", "not the password")
        page.get_by_role("button", name="Sign in").click()
        expect(error_summary(page)).to_contain_text("Enter a correct email address and password")

    # The fifth wrong try locks the account, whichever way the address was written.
    expect_failed_resource(page, f"{live_server.url}/sign-in/")
    page.fill("#id_username", spellings[-1])
    page.fill("#id_password", "not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Your account is locked for 30 minutes")
    reset = page.locator("main").get_by_role("link", name="reset your password")
    expect(reset).to_have_attribute("href", "/password-reset/")
    check_accessibility(page, "hardening-locked-out")

    # Even the right password is refused until the lock is lifted; the reset link leads on.
    sign_in_page = f"{live_server.url}/sign-in/"
    page.goto(sign_in_page)
    page.fill("#id_username", viewer.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Your account is locked for 30 minutes")
    page.locator("main").get_by_role("link", name="reset your password").click()
    expect(page).to_have_url(f"{live_server.url}/password-reset/")
    check_accessibility(page, "hardening-password-reset")
