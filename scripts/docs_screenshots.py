"""Take the screenshots used in the documentation (docs/images/*.png).

The script drives Debian's chromium through Playwright against a running Ascent server,
signs in as a demo admin of Harrow and saves one PNG per page the user guide shows. It
never downloads a browser: it uses the chromium that `make test` installs.

Run it against a server with demo data of its own, so nobody else's data changes:

    export DATABASE_URL=sqlite:////tmp/docs-shots.sqlite3 MEDIA_ROOT=/tmp/docs-shots-media
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python manage.py load_reference_data
    .venv/bin/python manage.py load_frameworks   # TEASC, CQC, ASCOF and the crosswalk
    .venv/bin/python manage.py load_indicators   # the indicator library and comparator groups
    .venv/bin/python manage.py demo        # prints the demo sign-ins; loads performance and spending
    .venv/bin/python manage.py runserver 127.0.0.1:8020 --noreload &
    .venv/bin/python manage.py db_worker --no-reload --interval 1 &   # finishes the report job
    .venv/bin/python scripts/docs_screenshots.py http://127.0.0.1:8020 dass@harrow.demo.ascent.invalid PASSWORD \
        --regional-password LEAD_PASSWORD --reviewer-password REVIEWER_PASSWORD \
        --herefordshire-password HEREFORDSHIRE_PASSWORD

The script changes the demo data a little, so start from a fresh database each time. It
sends one real invitation (to an address on the reserved .invalid domain), so the members
page and the activity log have something to show, and adds a comparator group of Harrow's
own through the form. It uploads two small CSV files of indicator values through the import
form, one with deliberate errors and one without, and imports neither. Last of all it
imports a file of three figures and a second file that revises one of them, then asks to
roll the first back, for the confirmation page that lists the revised figure; it leaves
the rollback unconfirmed.
Without a task worker the job page is captured while the job is still queued, and the
script says so.

Forms are shown as a person fills them in, and left unsaved where saving would change the
figures: the target form with a range chosen, the value form warning that 0.75 looks like a
proportion, a third file of indicator values with warnings and codes as the publications
write them (uploaded, never imported), and the comparator group import with a file of GSS
codes with three mistakes (refused, so nothing is saved). The scorecard is taken as at a
period and side by side with a year earlier. The scorecard side by side, the ranked chart
and the spending chart are also taken 320 pixels wide, the width of a phone that WCAG asks
pages to reflow to.

Three pictures need more: a larger file with errors of several kinds (uploaded, never
imported) for the errors page with its counts and pages; a report job whose worker "died"
half way, staged in the database before the browser starts (so the script must run with the
server's DATABASE_URL), which the job page then finds stalled and offers to try again; and
five wrong passwords for an address nobody uses, from a second browser, for the locked-out
page. The lockout counts that address from this computer only, so the demo admin can still
sign in.

Last, it downloads the papers a board would get (the Performance scorecard report as PDF,
Word and Excel, the Organisation profile as Word and Excel, and the scorecard spreadsheet),
converts each Word and Excel file to PDF with LibreOffice headless, an independent program,
and draws the first pages of each as PNG (docs/images/paper-*.png), so each output is
looked at as a person would. LibreOffice is installed with apt-get if it is missing (this
needs root; `make test` never installs it). `--papers-only` takes only these pictures.

The self-assessment pictures use the demo's signed-off TEASC 2015-16 self-assessment of
Harrow: the Overview's panel, the list, the summary (also 320 pixels wide), a domain's rating
and its element page, the Challenges page, the evidence files and one file, the frameworks,
the CQC framework and the upload page refusing a YAML file with three mistakes (nothing is
loaded). For the comparison and the sign-off page it starts version 2, changes the rating
of one domain in that draft and submits it; it never signs it off, so version 1 stays the
signed-off one and no figure changes. Given `--regional-password` (the demo prints it for
lead@westmidlands.demo.ascent.invalid), it signs in a second browser as the West Midlands
lead for the heat map of shared self-assessments (also 320 pixels wide) and Herefordshire's
shared self-assessment. `--self-assessment-only` takes only these pictures.

The review pictures (docs/images/review-*.png) use the demo's reviews. As Harrow's admin: the
Reviews list, the Overview, scope, team and evidence library of the current review (in
fieldwork), the 2016 assurance review's letter, its published version and the job page of that
version's PDF (produced by the task worker), the Overview's reviews panel, the findings on a
TEASC element's page and the Challenges page; then a short letter of our own, built as a Word
document with python-docx, brought in, checked and accepted, and the undo page, after which
the import is undone. Before the browser starts, a new member is added to the current
review's team and invited (straight in the database, as for the stalled job), so the team page
shows an invitation waiting and the invitation page is taken as the new person sees it. Given
`--reviewer-password` (the demo prints it for reviewer@demo.ascent.invalid), it signs in as
the demo peer reviewer for Reviews you sit on, the timetable, people met, team notes and
findings, and Reviews you sit on and the timetable 320 pixels wide; given
`--herefordshire-password`, as Herefordshire's admin for recommendations 4 to 7 of its 2014
peer challenge (two unnumbered) and the respond form filled in but not saved.
`--reviews-only` takes only these pictures.

The improvement plan pictures (docs/images/plan-*.png) use the demo's plans. As Harrow's
admin: the Overview's plans panel, the Challenges page showing one plan check, and the actions
on a TEASC domain's page. Given `--herefordshire-password`, as Herefordshire's admin: the plans
list and the plan page (also 320 pixels wide), the plan filtered to overdue actions, an action
with a request for a later date waiting and its history, the progress update and decision
forms filled in but not saved, the council's requests, a request for a later date (not sent),
closing an action with no evidence (refused, so nothing changes), the follow-up reviews and the
follow-up held, the reminder and plan settings pages, and last a small action plan of three
rows uploaded and checked, with two errors, so nothing is imported. `--plans-only` takes only
these pictures.

It saves every picture, but only pages that have changed need committing: check each one
before you do.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH = 1100
HEIGHT = 760
# A phone held upright, at the narrowest width WCAG 1.4.10 asks pages to reflow to.
NARROW = 320
NARROW_HEIGHT = 640
HARROW = "E09000015"
# The indicator, period and group the benchmarking pictures show. The demo holds illustrative
# values of this indicator for every council in 2014-15, and Harrow's real figure (14%, which
# its 2016 review called the second highest in London).
BENCHMARK_INDICATOR = "Working-age adults with a learning disability in paid work"
# The indicator whose own page is shown: five years of Harrow's values, the last two real
# (from its papers) and the first three illustrative, so the chart marks which is which.
INDICATOR = "Older people still at home 91 days after leaving hospital for reablement"
BENCHMARK_PERIOD = "2014-15"
BENCHMARK_GROUP = "London boroughs"
INVITED = "new.starter@harrow.demo.ascent.invalid"
LOCKED_OUT = "j.smith@harrow.demo.ascent.invalid"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Take the documentation screenshots from a running Ascent server.")
    parser.add_argument("base_url", help="where the server runs, for example http://127.0.0.1:8020")
    parser.add_argument("email", help="a demo admin of Harrow, for example dass@harrow.demo.ascent.invalid")
    parser.add_argument("password", help="that person's demo password, as `manage.py demo` printed it")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNG files (default docs/images)")
    parser.add_argument(
        "--job-timeout", type=float, default=90, help="seconds to wait for the task worker to finish the report job"
    )
    parser.add_argument(
        "--papers-only", action="store_true", help="only download the reports and spreadsheets and draw their pages"
    )
    parser.add_argument(
        "--self-assessment-only", action="store_true", help="only take the self-assessment and regional pictures"
    )
    parser.add_argument("--reviews-only", action="store_true", help="only take the pictures of reviews")
    parser.add_argument("--plans-only", action="store_true", help="only take the pictures of improvement plans")
    parser.add_argument(
        "--reviewer-email",
        default="reviewer@demo.ascent.invalid",
        help="the demo's peer reviewer, who leads the team of Harrow's current review",
    )
    parser.add_argument(
        "--reviewer-password", help="that person's demo password; without it the review team's pictures are skipped"
    )
    parser.add_argument(
        "--herefordshire-email",
        default="dass@herefordshire.demo.ascent.invalid",
        help="the demo's admin of Herefordshire, whose 2014 peer challenge has two unnumbered recommendations",
    )
    parser.add_argument(
        "--herefordshire-password",
        help="that person's demo password; without it the pictures of Herefordshire's review are skipped",
    )
    parser.add_argument(
        "--regional-email",
        default="lead@westmidlands.demo.ascent.invalid",
        help="the demo's regional lead of West Midlands, for the shared self-assessments",
    )
    parser.add_argument(
        "--regional-password", help="that person's demo password; without it the regional pictures are skipped"
    )
    return parser.parse_args(argv)


class Shooter:
    """Saves screenshots of one browser page into a folder, and lists what it saved."""

    def __init__(self, page: Page, base_url: str, out: Path, width: int = WIDTH):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.out = out
        self.width = width
        self.saved: list[Path] = []

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")

    def top_of(self, target: str | Locator, margin: int = 20) -> float:
        """How far down the page an element starts, less a margin, for a picture of part of a page."""
        locator = self.page.locator(target) if isinstance(target, str) else target
        box = locator.first.bounding_box()
        if box is None:
            sys.exit(f"Nothing on {self.page.url} matches {target}: has the page changed?")
        return max(0, box["y"] + self.page.evaluate("window.scrollY") - margin)

    def shot_between(self, name: str, start: str | Locator, end: str | Locator, *, margin: int = 20) -> None:
        """Save the part of the page from the element ``start`` down to just above ``end``."""
        top = self.top_of(start, margin)
        self.shot(name, top=top, max_height=self.top_of(end, margin) - top)

    def wait_for_charts(self, count: int = 1) -> None:
        """Wait until ``count`` live charts have replaced their static images."""
        try:
            self.page.wait_for_function(
                f"document.querySelectorAll('[data-vega-rendered]').length >= {count}", timeout=10_000
            )
        except PlaywrightTimeoutError:  # the static charts are still a fair picture
            print("a live chart did not draw; the screenshot shows the static image")

    def shot(self, name: str, *, full_page: bool = True, max_height: int = 2000, top: float = 0) -> None:
        """Save the page from ``top`` down (up to ``max_height`` pixels tall) as ``<name>.png``."""
        path = self.out / f"{name}.png"
        height = self.page.evaluate("document.documentElement.scrollHeight") - top if full_page else HEIGHT
        clip = {"x": 0, "y": top, "width": self.width, "height": min(height, max_height)}
        self.page.screenshot(path=path, full_page=full_page, clip=clip, animations="disabled")
        self.saved.append(path)
        print(f"saved {path} ({path.stat().st_size // 1024} KB)")


def sign_in(shooter: Shooter, email: str, password: str, *, picture: bool = True) -> None:
    page = shooter.page
    shooter.go("/sign-in/")
    if picture:
        shooter.shot("sign-in", full_page=False)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
    if "/sign-in/" in page.url:
        sys.exit("Could not sign in: check the email address and password (run `manage.py demo` again for new ones).")


def organisation_pages(shooter: Shooter) -> None:
    page = shooter.page
    org = f"/orgs/{HARROW}"
    shooter.go(f"{org}/")
    shooter.shot("overview", max_height=2400)

    # The invite form with errors: an address that is not one, and no role chosen.
    shooter.go(f"{org}/members/invite/")
    page.get_by_label("Email address").fill("jo.bloggs at harrow")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state("networkidle")
    shooter.shot("invite-error")

    # A real invitation, so the members page lists one waiting and the log records it.
    page.get_by_label("Email address").fill(INVITED)
    page.get_by_label("Editor", exact=False).first.check()
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state("networkidle")
    shooter.shot("members")

    # The activity log with its filters open, so the picture shows how to narrow it down.
    shooter.go(f"{org}/activity/")
    page.get_by_text("Filter the activity").click()
    page.evaluate("document.activeElement.blur()")
    shooter.shot("activity", max_height=1700)


# Two small files of Harrow's indicator values to upload. The first has a mistake in every
# row but one: an unknown code, a period that is not one, a suppressed figure, a percentage
# over 100 and a numerator larger than its denominator.
IMPORT_WITH_ERRORS = """indicator,period,value,numerator,denominator,status
ASCOF-1C1A,2019-20,84.2,,,provisional
ASCOF-9Z,2019-20,41.0,,,provisional
ASCOF-1C2A,2019-13,45.1,,,provisional
ASCOF-1E,2019-20,[c],,,provisional
ASCOF-1G,2019-20,127.5,,,provisional
ASCOF-2B1,2019-20,88.0,190,170,provisional
"""
# The second is correct: four new figures, a final figure replacing a provisional one that the
# demo holds, and a figure the demo already holds (Harrow's real Q3 2015/16 figures).
IMPORT_GOOD = """indicator,period,value,numerator,denominator,status
ASCOF-1C1A,2019-20,84.2,,,provisional
ASCOF-1C2A,2019-20,45.1,,,provisional
ASCOF-1E,2019-20,12.9,,,provisional
ASCOF-2B1,2019-20,88.4,152,172,provisional
ASCOF-1F,Q3 2015/16,6.4,,,final
ASCOF-1C1A,Q3 2015/16,83.0,,,provisional
"""
# The third is allowed but has three likely slips: a percentage typed as a proportion (0.45
# for 45%), a value that disagrees with its numerator and denominator (90 for 10 out of 100)
# and a value of a local indicator for a year that has not started. Its ASCOF codes are
# written as the national publications write them, and 1C(1A) for 2023-24 is read as its
# successor in the set from 2023/24.
IMPORT_WARNINGS = """indicator,period,value,numerator,denominator,status
1C(1A),2023-24,84.2,,,provisional
ASCOF 1C(2A),2019-20,0.45,,,provisional
2B(1),2019-20,90,10,100,provisional
HAR-REV12,2035-36,85,,,provisional
"""
# A comparator group of Harrow's own, added through the form with its councils pasted as GSS
# codes (Barnet, Brent, Ealing, Hillingdon, Hounslow, Enfield, Redbridge, Bromley and Sutton).
COMPARATOR_NAME = "Outer London neighbours"
COMPARATOR_DESCRIPTION = "Outer London boroughs of a similar size to Harrow, chosen for this demonstration."
COMPARATOR_CODES = "E09000003, E09000005, E09000009, E09000017, E09000018\nE09000010, E09000026, E09000006, E09000029"


def performance_pages(shooter: Shooter) -> str:
    """The scorecard, an indicator's page, benchmarking, comparator groups and spending.

    Returns the path of the benchmarking, for the pictures at phone width.
    """
    page = shooter.page
    performance = f"/orgs/{HARROW}/performance"
    shooter.go(f"{performance}/")
    tables = page.locator("main table.govuk-table")
    # The top of the scorecard: the filters and the first framework domain.
    shooter.shot("scorecard", max_height=shooter.top_of(tables.nth(1)))
    # Harrow's local indicators, which have targets, so the picture shows the ratings.
    help_link = page.locator("main details", has_text="How ratings and directions are worked out")
    shooter.shot_between("scorecard-local", page.locator("main table", has_text="Local indicators"), help_link)

    # An indicator's own page: its definition, the chart of Harrow's values and their table.
    page.get_by_role("link", name=INDICATOR).first.click()
    page.wait_for_load_state("networkidle")
    shooter.wait_for_charts(2)
    shooter.shot("indicator", max_height=shooter.top_of("#benchmarking", margin=30))

    # Benchmarking for one period against the London boroughs: the ranked chart.
    shooter.go(f"{performance}/")
    page.get_by_role("link", name=BENCHMARK_INDICATOR).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("combobox", name="Period").select_option(label=BENCHMARK_PERIOD)
    page.get_by_role("combobox", name="Compare with").select_option(label=BENCHMARK_GROUP)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state("networkidle")
    shooter.wait_for_charts(2)
    shooter.shot_between("benchmarking", "#benchmarking", "footer")
    # The ranked chart on its own, with the group median and England lines and their legend.
    benchmark_url = page.url.removeprefix(shooter.base_url)
    shooter.shot_between("benchmarking-chart", "#ranking-lines", page.locator("main .app-chart__data").last)

    # A comparator group of Harrow's own: the form filled in, then the list of groups.
    shooter.go(f"{performance}/comparators/new/")
    page.get_by_label("Name").fill(COMPARATOR_NAME)
    page.get_by_label("Description (optional)").fill(COMPARATOR_DESCRIPTION)
    page.get_by_label("Add councils by GSS code (optional)").fill(COMPARATOR_CODES)
    page.evaluate("document.activeElement.blur()")
    shooter.shot("comparator-add", max_height=shooter.top_of("footer", margin=0))
    page.get_by_role("button", name="Add the group").click()
    page.wait_for_load_state("networkidle")
    page.evaluate("document.activeElement.blur()")  # the success banner takes the focus
    shooter.shot("comparators", max_height=shooter.top_of("footer", margin=0))

    shooter.go(f"{performance}/spending/")
    shooter.wait_for_charts(1)
    shooter.shot("spending", max_height=shooter.top_of("footer", margin=0))
    # The chart of the total by year on its own: actual, forecast and budget bars drawn apart.
    shooter.shot_between(
        "spending-chart",
        page.get_by_role("heading", name="Total by year"),
        page.get_by_role("heading", name="Download the trend"),
    )
    return benchmark_url


# The scorecard as at a period: Harrow's real self-directed support figure (83%) is a Q3
# 2015/16 figure, so that quarter is the one shown. Side by side, the year 2015-16 beside
# the year before, when the demo holds a value of most indicators in both.
AS_AT = "Q3 2015/16"
COMPARE_AS_AT = "2015-16"
COMPARE = "The same period a year earlier"


def scorecard_period_pages(shooter: Shooter) -> None:
    """The scorecard as at a chosen period, then side by side with a year earlier."""
    page = shooter.page
    shooter.go(f"/orgs/{HARROW}/performance/")
    page.get_by_role("combobox", name="As at").select_option(label=AS_AT)
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state("networkidle")
    tables = page.locator("main table.govuk-table")
    shooter.shot("scorecard-as-at", max_height=shooter.top_of(tables.nth(1)))

    page.get_by_role("combobox", name="As at").select_option(label=COMPARE_AS_AT)
    page.get_by_role("combobox", name="Compare with").select_option(label=COMPARE)
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state("networkidle")
    tables = page.locator("main table.govuk-table")
    shooter.shot_between("scorecard-compare", "#main-form", tables.nth(1))


# A value that looks like a slip: 0.75 typed for a percentage (a proportion pasted by
# mistake), for self-directed support, whose other values for Harrow are 75.2% and 83%.
SLIP_INDICATOR = "Adults in long-term community support who get self-directed support"
SLIP_PERIOD = "2019-20"
SLIP_VALUE = "0.75"
# Harrow's local indicator with a threshold target, given a range in the form (not saved).
RANGE_INDICATOR = "People with long-term support reviewed"


def target_and_value_forms(shooter: Shooter) -> None:
    """The target form with a range chosen, and the value form warning about a likely slip.

    Neither form is saved: the pictures show what a person sees before they do.
    """
    page = shooter.page
    # The target form: choosing Range reveals its fields only, with the rule for either side.
    shooter.go(f"/orgs/{HARROW}/performance/")
    page.get_by_role("link", name=f"Change the target for {RANGE_INDICATOR}").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Range: between two values").check()
    page.get_by_label("For a range: the lowest value on target").fill("70")
    page.get_by_label("For a range: the highest value on target").fill("80")
    page.get_by_label("In the range or better", exact=False).check()
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(0, 0)  # no hover ring on the radio just chosen
    shooter.shot("target-range", max_height=shooter.top_of("footer", margin=0))

    # The value form: 0.75 for a percentage is saved only once the person says it is right.
    shooter.go(f"/orgs/{HARROW}/performance/")
    page.get_by_role("link", name=SLIP_INDICATOR).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Add or correct a value").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Period").fill(SLIP_PERIOD)
    page.get_by_label("Value", exact=True).fill(SLIP_VALUE)
    page.get_by_role("button", name="Save value").click()
    page.wait_for_load_state("networkidle")
    if not page.get_by_label("Yes, save it as it is").count():
        sys.exit(f"The value form did not warn about {SLIP_VALUE}: see the page at {page.url}")
    page.evaluate("document.activeElement.blur()")  # the summary takes the focus
    shooter.shot("value-warning", max_height=shooter.top_of("footer", margin=0))


# Harrow's nearest neighbours as a CSV file of GSS codes, with a mistake in three rows: a
# code one digit short, a code that is no council's, and a council listed twice.
NEIGHBOURS_NAME = "Nearest neighbours"
NEIGHBOURS_WITH_ERRORS = """GSS code,Council
E09000003,Barnet
E0900005,Brent
E09000017,Hillingdon
E09999999,Hounslow
E09000003,Barnet
"""


def comparator_upload_pages(shooter: Shooter) -> None:
    """The page for importing a comparator group from a file, then its list of errors."""
    page = shooter.page
    shooter.go(f"/orgs/{HARROW}/performance/comparators/")
    page.get_by_role("link", name="Import a group from a CSV file of GSS codes").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Name").fill(NEIGHBOURS_NAME)
    page.locator("input[type=file]").set_input_files(
        files=[
            {"name": "harrow-nearest-neighbours.csv", "mimeType": "text/csv", "buffer": NEIGHBOURS_WITH_ERRORS.encode()}
        ]
    )
    page.evaluate("document.activeElement.blur()")
    shooter.shot("comparator-upload", max_height=shooter.top_of("footer", margin=0))
    page.get_by_role("button", name="Import the group").click()
    page.wait_for_load_state("networkidle")
    page.evaluate("document.activeElement.blur()")  # the error summary takes the focus
    shooter.shot("comparator-upload-errors", max_height=shooter.top_of("footer", margin=0))


def narrow_pages(shooter: Shooter, benchmark_url: str) -> None:
    """Pages at 320 px wide, as on a phone: each reflows, with no sideways scrolling."""
    page = shooter.page
    # Two periods side by side: the table keeps its columns and scrolls inside its own region.
    shooter.go(f"/orgs/{HARROW}/performance/?as_at=2015-16&compare=last-year")
    rows = page.locator("main table.govuk-table").first.locator("tbody tr")
    shooter.shot_between("scorecard-compare-narrow", "label[for=id_as_at]", rows.nth(3), margin=10)

    shooter.go(benchmark_url)
    shooter.wait_for_charts(2)
    shooter.shot_between(
        "benchmarking-chart-narrow", "#ranking-lines", page.locator("main .app-chart__data").last, margin=10
    )

    shooter.go(f"/orgs/{HARROW}/performance/spending/")
    shooter.wait_for_charts(1)
    shooter.shot_between(
        "spending-chart-narrow",
        page.get_by_role("heading", name="Total by year"),
        page.get_by_role("heading", name="Download the trend"),
        margin=10,
    )


def import_pages(shooter: Shooter) -> None:
    page = shooter.page
    shooter.go(f"/orgs/{HARROW}/imports/")
    page.get_by_role("link", name="Import indicator values").click()
    page.wait_for_load_state("networkidle")
    shooter.shot("import-upload", max_height=shooter.top_of("footer", margin=0))

    # A file with errors: the summary at the top of the page, then the table of every error.
    upload(shooter, "harrow-values-with-errors.csv", IMPORT_WITH_ERRORS)
    page.evaluate("document.activeElement.blur()")  # the error summary takes the focus
    shooter.shot("import-errors", max_height=shooter.top_of(page.get_by_role("heading", name="Match the columns")))
    shooter.shot_between("import-error-table", "#errors", page.get_by_role("link", name="Back to imports"))

    # A larger file with errors of several kinds: the errors page counts them by kind and
    # lists them a page at a time.
    shooter.go(f"/orgs/{HARROW}/imports/observations/new/")
    upload(shooter, "harrow-values-many-errors.csv", many_errors())
    page.get_by_role("link", name="See the errors a page at a time").click()
    page.wait_for_load_state("networkidle")
    errors = page.locator("main table").nth(1).locator("tbody tr")
    shooter.shot_between("import-errors-page", "main h1", errors.nth(5), margin=60)
    shooter.shot_between("import-errors-pages", errors.nth(96), "footer")

    # A correct file: what the import will do, and the button that imports it.
    shooter.go(f"/orgs/{HARROW}/imports/observations/new/")
    upload(shooter, "harrow-example-values.csv", IMPORT_GOOD)
    shooter.shot_between("import-preview", "#preview", page.get_by_role("link", name="Back to imports"))

    # A file with likely slips and codes as the publications write them: the preview says
    # how each code was read, and the warnings wait for the person to confirm them.
    shooter.go(f"/orgs/{HARROW}/imports/observations/new/")
    upload(shooter, "harrow-values-to-check.csv", IMPORT_WARNINGS)
    shooter.shot_between("import-warnings", "#preview", page.get_by_role("link", name="Back to imports"))


# Two small files for the rollback: the first adds three figures, the second (imported after
# it) revises one of them, so rolling the first back asks what to do with that one.
IMPORT_TO_ROLL_BACK = """indicator,period,value,numerator,denominator,status
ASCOF-1C1A,2019-20,84.2,,,provisional
ASCOF-1C2A,2019-20,45.1,,,provisional
ASCOF-1E,2019-20,12.9,,,provisional
"""
IMPORT_LATER = """indicator,period,value,numerator,denominator,status
ASCOF-1E,2019-20,13.4,,,final
"""


def rollback_pages(shooter: Shooter) -> None:
    """Import a file, revise one of its figures by a later import, then roll the first back.

    The rollback stops at its confirmation page, which lists the revised figure and offers
    to roll back the other two: the picture. Nothing is rolled back.
    """
    page = shooter.page
    imported = []
    for name, text in [("harrow-values-2019-20.csv", IMPORT_TO_ROLL_BACK), ("harrow-final-1E.csv", IMPORT_LATER)]:
        shooter.go(f"/orgs/{HARROW}/imports/observations/new/")
        upload(shooter, name, text)
        page.get_by_role("button", name=re.compile(r"^Import [0-9,]+ rows?$")).click()
        page.wait_for_load_state("networkidle")
        if not page.get_by_role("heading", name="Roll back this import").count():
            sys.exit(f"The import of {name} did not finish: see the page at {page.url}")
        imported.append(page.url.split("#")[0])
    page.goto(imported[0])
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Roll back this import").click()
    page.wait_for_load_state("networkidle")
    shooter.shot("import-rollback-confirm", max_height=shooter.top_of("footer", margin=0))


def many_errors() -> str:
    """A file of 260 rows, each wrong in one of four ways, for the errors page.

    The errors page counts errors by their message, so the same mistake repeated (a year
    typed wrongly throughout, as happens) makes one line of the count.
    """
    kinds = [
        "ASCOF-9Z,2019-20,41.0,,,provisional",  # an unknown indicator
        "ASCOF-1C2A,2019-13,45.1,,,provisional",  # a period that is not one
        "ASCOF-1G,2019-20,127.5,,,provisional",  # a percentage over 100
        "ASCOF-2B1,2019-20,88.0,190,170,provisional",  # a numerator over its denominator
    ]
    rows = ["indicator,period,value,numerator,denominator,status"] + [kinds[n % 4] for n in range(260)]
    return "\n".join(rows) + "\n"


def upload(shooter: Shooter, name: str, text: str) -> None:
    """Choose a CSV file in the upload form and send it, as a person would."""
    page = shooter.page
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}]
    )
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state("networkidle")
    if "/new/" in page.url:
        sys.exit(f"The upload of {name} was refused: see the page at {page.url}")


def report_pages(shooter: Shooter, job_timeout: float) -> None:
    page = shooter.page
    org = f"/orgs/{HARROW}"
    shooter.go(f"{org}/reports/")
    shooter.shot("reports", max_height=1400)

    shooter.go(f"{org}/reports/profile/")
    # Wait for the live chart to replace its static image, when the scripts manage it.
    try:
        page.wait_for_selector("[data-vega-rendered]", timeout=10_000)
    except PlaywrightTimeoutError:  # the static chart is still a fair picture
        print("the live chart did not draw; the screenshot shows the static image")
    # Down to the members chart: the details, the summary, performance and spending.
    shooter.shot(
        "profile-report", max_height=shooter.top_of(page.get_by_role("heading", name="Who works in this space"))
    )

    # Produce the report in the background (Word) and follow the job.
    shooter.go(f"{org}/reports/")
    page.get_by_label("Word").first.check()
    page.get_by_role("button", name="Produce organisation profile").click()
    page.wait_for_load_state("networkidle")
    shooter.shot("job-queued", full_page=False)
    deadline = time.monotonic() + job_timeout
    while time.monotonic() < deadline:
        if page.locator("text=Download organisation-profile").count():
            break
        time.sleep(1)
    else:
        print("the job did not finish: is a task worker running (manage.py db_worker)?")
        return
    shooter.shot("job-done", full_page=False)


def stage_stalled_job(email: str) -> tuple[str, int]:
    """A report job whose worker died half way: running, 50%, its heartbeat an hour old.

    Written straight to the database the server uses, before the browser starts (Django's
    database calls must not run inside Playwright's event loop). The job page finds it
    stalled, fails it with a plain reason and offers to try again, as it would after a crash.
    """
    import os
    from datetime import timedelta

    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascent.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from ascent.jobs.models import Job
    from ascent.organisations.models import Organisation
    from ascent.reports.tasks import produce_report

    an_hour_ago = timezone.now() - timedelta(hours=1)
    job = Job.objects.create(
        organisation=Organisation.objects.get(gss_code=HARROW),
        created_by=get_user_model().objects.get(email__iexact=email),
        kind="report:profile",
        title="Organisation profile (Excel)",
        parameters={"report": "profile", "format": "xlsx"},
        status=Job.Status.RUNNING,
        progress=50,
        progress_message="Drawing charts",
        started_at=an_hour_ago,
        heartbeat_at=an_hour_ago,
        task_path=produce_report.module_path,
        permission="reports.view_reports",
    )
    return HARROW, job.pk


def stalled_job_page(shooter: Shooter, job: tuple[str, int]) -> None:
    gss_code, job_id = job
    shooter.go(f"/orgs/{gss_code}/jobs/{job_id}/")
    shooter.shot("job-failed", full_page=False)


def locked_out_page(shooter: Shooter) -> None:
    """Five wrong passwords for one address, then the page that says what to do."""
    page = shooter.page
    for _attempt in range(6):
        shooter.go("/sign-in/")
        page.get_by_label("Email address").fill(LOCKED_OUT)
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        if page.get_by_role("heading", name="locked", exact=False).count():
            break
    page.evaluate("document.activeElement.blur()")
    shooter.shot("sign-in-locked", max_height=shooter.top_of("footer", margin=0))


# Self-assessment -----------------------------------------------------------------------------

# The demo's self-assessment of Harrow: TEASC risk awareness for 2015-16, signed off. The
# rating shown is Domain 2, which has a linked indicator (red), evidence files and a challenge
# the sign-off answered; the element page is Domain 1, which counts towards ASCOF and CQC too.
ASSESSMENT = "TEASC risk awareness self-assessment"
RATED_DOMAIN = "Domain 2 Leadership and governance"
ELEMENT_DOMAIN = "Domain 1 Performance and outcomes"
EVIDENCE_FILE = "Adult social care scorecard, quarter 3 2015/16"
CQC = "CQC local authority assessment"
# A framework file with mistakes the loader names by line and field: two levels of the scale
# with one score, a key used twice, and an element taken from CQC's framework that it does
# not have. (A mistake of form, such as a slug with capitals, stops the checks before these.)
FRAMEWORK_WITH_ERRORS = """slug: harrow-standards
name: Harrow practice standards
version: "2016"
rating_scale:
  - {value: not-met, label: Not met, score: 1, favourable: false, colour: red}
  - {value: partly, label: Partly met, score: 2, favourable: false, colour: amber}
  - {value: met, label: Met, score: 2, favourable: true, colour: green}
elements:
  - {key: assessment, kind: Standard, title: Assessment and review, rated: true}
  - {key: assessment, kind: Standard, title: Support for unpaid carers, rated: true}
  - include: cqc-la-assessment:qs-99
    rated: true
"""
# In the second version, Domain 3 is rated better than in the signed-off first, with no new
# evidence: the comparison shows the change and the sign-off page the challenge it raises.
REVISED_DOMAIN = "Domain 3 Commissioning and quality"
REVISED_RATING = "Medium risk"
# The region whose lead sees Herefordshire's shared self-assessment.
WEST_MIDLANDS = "E12000005"


def self_assessment_pages(shooter: Shooter) -> str:
    """The Overview's Self-assessment panel, the list, a version's summary, one domain's rating,
    and the element page that gathers everything about one domain.

    Returns the path of the summary, for the workflow pages and the picture at phone width.
    """
    page = shooter.page
    org = f"/orgs/{HARROW}"
    shooter.go(f"{org}/")
    panel = page.locator("main h2", has_text=re.compile(r"^Self-assessment$"))
    shooter.shot_between("overview-self-assessment", panel, panel.locator("xpath=following::h2[1]"))

    shooter.go(f"{org}/self-assessment/")
    shooter.shot("self-assessment-list", max_height=shooter.top_of("footer", margin=0))

    # The summary: its status, the completion meter and the ratings with their challenges.
    page.get_by_role("link", name=ASSESSMENT).first.click()
    page.wait_for_load_state("networkidle")
    summary = page.url.removeprefix(shooter.base_url)
    # Down to the fourth domain: the rows after it are like those above.
    rows = page.locator("main table tbody tr", has=page.get_by_role("link", name=re.compile("^Domain 4")))
    shooter.shot("self-assessment-summary", max_height=shooter.top_of(rows, margin=0))

    # One domain's rating: narrative, linked indicators, evidence files and its challenge.
    page.get_by_role("link", name=RATED_DOMAIN).first.click()
    page.wait_for_load_state("networkidle")
    shooter.shot("self-assessment-rating", max_height=shooter.top_of("footer", margin=0))

    # The element page of a domain: its ratings in every version, evidence and challenges. A
    # rating's address ends with the element's id, which the element page shares.
    shooter.go(summary)
    rating = page.get_by_role("link", name=ELEMENT_DOMAIN).first.get_attribute("href") or ""
    element_id = rating.rstrip("/").rsplit("/", 1)[-1]
    shooter.go(f"{org}/self-assessment/elements/{element_id}/")
    shooter.shot("self-assessment-element", max_height=shooter.top_of("footer", margin=0))
    return summary


def challenge_and_evidence_pages(shooter: Shooter) -> None:
    """The Challenges page, the evidence files and one file's page."""
    page = shooter.page
    org = f"/orgs/{HARROW}"
    shooter.go(f"{org}/challenges/")
    shooter.shot("challenges", max_height=shooter.top_of(page.get_by_role("heading", name="What the checks look for")))

    shooter.go(f"{org}/evidence/")
    shooter.shot("evidence-files", max_height=shooter.top_of("footer", margin=0))
    page.get_by_role("link", name=EVIDENCE_FILE).first.click()
    page.wait_for_load_state("networkidle")
    shooter.shot("evidence-file", max_height=shooter.top_of("footer", margin=0))


def framework_pages(shooter: Shooter) -> None:
    """The frameworks, the CQC framework's page, and the upload refusing a YAML file with errors."""
    page = shooter.page
    shooter.go(f"/orgs/{HARROW}/frameworks/")
    shooter.shot("frameworks", max_height=shooter.top_of("footer", margin=0))
    page.get_by_role("link", name=CQC).first.click()
    page.wait_for_load_state("networkidle")
    # The top of a long page: its scale, what it counts towards, and its first theme.
    shooter.shot("framework-cqc", max_height=min(1800, shooter.top_of("footer", margin=0)))

    shooter.go(f"/orgs/{HARROW}/frameworks/upload/")
    page.get_by_label("Upload a YAML file").set_input_files(
        files=[
            {
                "name": "harrow-practice-standards.yaml",
                "mimeType": "application/yaml",
                "buffer": FRAMEWORK_WITH_ERRORS.encode(),
            }
        ]
    )
    page.get_by_role("button", name="Upload the framework").click()
    page.wait_for_load_state("networkidle")
    if not page.locator(".govuk-error-summary").count():
        sys.exit(f"The framework upload did not refuse the file with errors: see the page at {page.url}")
    page.evaluate("document.activeElement.blur()")  # the error summary takes the focus
    shooter.shot("framework-upload-errors", max_height=shooter.top_of("footer", margin=0))


def workflow_pages(shooter: Shooter, summary: str) -> None:
    """A second version, submitted, for the sign-off page and the comparison of two versions.

    The demo's version 1 is signed off and stays so: version 2 starts as a draft copy of it, one
    rating is changed (REVISED_DOMAIN), and it is submitted; the sign-off page is captured but
    not confirmed. No figure changes.
    """
    page = shooter.page
    shooter.go(summary)
    page.get_by_role("link", name="Start a new version").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Start a new version").click()
    page.wait_for_load_state("networkidle")
    if page.url.removeprefix(shooter.base_url) == summary:
        sys.exit(f"The new version was not started: see the page at {page.url}")
    draft = page.url.removeprefix(shooter.base_url)
    page.get_by_role("link", name=REVISED_DOMAIN).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_label(REVISED_RATING, exact=True).check()
    page.get_by_role("button", name="Save the rating").click()
    page.wait_for_load_state("networkidle")

    shooter.go(draft)
    page.get_by_role("link", name=re.compile("^Compare")).first.click()
    page.wait_for_load_state("networkidle")
    shooter.shot("self-assessment-compare", max_height=shooter.top_of("footer", margin=0))

    shooter.go(draft)
    page.get_by_role("link", name=re.compile("^Submit")).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name=re.compile("^Submit")).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=re.compile("^Sign off")).first.click()
    page.wait_for_load_state("networkidle")
    page.evaluate("document.activeElement.blur()")
    # Down to the third challenge: the first two are the kinds the guide describes.
    third = page.locator("main").get_by_text(re.compile("^Evidence of one kind only: Domain 4"))
    shooter.shot("self-assessment-sign-off", max_height=shooter.top_of(third))


def regional_pages(shooter: Shooter) -> None:
    """As a regional lead: the heat map of shared self-assessments, and one of them."""
    page = shooter.page
    shooter.go(f"/regions/{WEST_MIDLANDS}/self-assessments/")
    shooter.shot("regional-heat-map", max_height=shooter.top_of("footer", margin=0))
    page.get_by_role("link", name="Herefordshire").first.click()
    page.wait_for_load_state("networkidle")
    # Its first theme: the rest of the page is more of the same, then the justifications.
    shooter.shot("regional-shared", max_height=shooter.top_of(page.get_by_role("heading", name=re.compile("^Theme 2"))))


def narrow_self_assessment_pages(shooter: Shooter, summary: str | None) -> None:
    """The heat map (as the regional lead) or a summary (as Harrow) at 320 px wide."""
    if summary is None:
        shooter.go(f"/regions/{WEST_MIDLANDS}/self-assessments/")
        shooter.shot("regional-heat-map-narrow", max_height=shooter.top_of("footer", margin=0))
        return
    # The status and the completion meter, down to the table of ratings.
    shooter.go(summary)
    ratings = shooter.page.locator("main table").first
    shooter.shot("self-assessment-summary-narrow", max_height=shooter.top_of(ratings, margin=60))


# Reviews ---------------------------------------------------------------------------------------

# The demo's reviews: Harrow's current preparation for CQC assessment (in fieldwork, led by the
# demo peer reviewer), Harrow's 2016 TEASC assurance review (in follow-up, its letter published)
# and Herefordshire's 2014 peer challenge (published; 34 recommendations, the fifth and sixth
# unnumbered, the last nine without the council's response).
CURRENT_REVIEW = "Preparation for CQC assessment: peer challenge"
TEASC_REVIEW = "TEASC risk awareness assurance review 2016"
HEREFORDSHIRE = "E06000019"
HEREFORDSHIRE_REVIEW = "Adult wellbeing peer challenge 2014"
# A person added to the current review's team and invited, staged before the browser starts,
# so the team page shows an invitation waiting and the invitation page can be opened as the
# new person would open it from their email.
INVITEE_NAME = "Chris Adebayo"
INVITEE_EMAIL = "chris.adebayo@peers.demo.ascent.invalid"
INVITEE_JOB = "Head of Safeguarding, Sandwell Council"


def stage_review_invitation(email: str) -> str:
    """Add a member to the current review's team and invite them; return the invitation's path.

    Written straight to the database the server uses, as for the stalled job (Django's database
    calls must not run inside Playwright's event loop), through the team's own functions, so
    the invitation is recorded as the host's admin sending it. The email goes nowhere: only the
    link is wanted, which the server never stores.
    """
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascent.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test.utils import override_settings
    from django.urls import reverse

    from ascent.organisations.models import Organisation
    from ascent.reviews import team
    from ascent.reviews.models import Review, TeamMember, TeamRole

    harrow = Organisation.objects.get(gss_code=HARROW)
    review = Review.objects.in_organisation(harrow).get(title=CURRENT_REVIEW)
    admin = get_user_model().objects.get(email__iexact=email)
    links: list[str] = []
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        member = TeamMember.objects.filter(review=review, email__iexact=INVITEE_EMAIL).first()
        if member is None:
            member = team.add_member(
                review,
                by=admin,
                name=INVITEE_NAME,
                role=TeamRole.OFFICER_PEER,
                job_title=INVITEE_JOB,
                home_organisation=Organisation.objects.filter(name="Sandwell").first(),
                email=INVITEE_EMAIL,
            )
        team.invite_member(member, by=admin, accept_url_builder=lambda token: links.append(token) or token)
    return reverse("reviews:invitation", kwargs={"token": links[0]})


def past_letter_docx() -> bytes:
    """A short feedback letter of our own, as a Word document, for the import pages.

    Made up for the pictures: a title, the dates on site, numbered scope questions, a team
    table, strengths and areas for development under each question, and numbered
    recommendations with one unnumbered, as many past letters have them.
    """
    from io import BytesIO

    from docx import Document

    document = Document()
    document.add_heading("Harrow adult social care peer challenge 2012", level=1)
    document.add_paragraph(
        "Thank you for inviting the team to Harrow for the peer challenge on site on 6-8 March 2012. "
        "This letter sets out what we found and what we recommend."
    )
    document.add_heading("Scope", level=2)
    for question in (
        "How well does the council help people stay independent at home?",
        "How well do carers get the support they need?",
    ):
        document.add_paragraph(question, style="List Number")
    document.add_heading("The team", level=2)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Name", "Role", "Organisation"), strict=True):
        cell.text = text
    for row in (
        ("Helen Ward", "Lead director", "Shropshire Council"),
        ("Councillor Tom Baker", "Member peer", "Dudley Council"),
        ("Amira Hassan", "Peer challenge manager", "Local Government Association"),
    ):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_heading("How well does the council help people stay independent at home?", level=2)
    document.add_heading("Strengths", level=3)
    document.add_paragraph(
        "Reablement is well led and most people need less support when it ends.", style="List Bullet"
    )
    document.add_heading("Areas for development", level=3)
    document.add_paragraph("Equipment takes too long to arrive after a hospital discharge.", style="List Bullet")
    document.add_heading("How well do carers get the support they need?", level=2)
    document.add_heading("Strengths", level=3)
    document.add_paragraph("Carers spoke warmly of the carers' centre and its advice line.", style="List Bullet")
    document.add_heading("Areas for development", level=3)
    document.add_paragraph("Few carers are offered an assessment of their own needs.", style="List Bullet")
    document.add_heading("Recommendations", level=2)
    document.add_paragraph("Agree with the hospital trust how quickly equipment is delivered.", style="List Number")
    document.add_paragraph(
        "Offer every carer an assessment when the person they care for is assessed.", style="List Number"
    )
    document.add_paragraph("Keep the carers' centre's advice line open in the evenings.", style="List Bullet")
    document.add_heading("Conclusion", level=2)
    document.add_paragraph("Yours sincerely,")
    document.add_paragraph("Helen Ward")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def follow(page: Page, name: str | re.Pattern, *, role: str = "link") -> None:
    """Select the first link (or button) of this name and wait for the next page."""
    page.get_by_role(role, name=name).first.click()
    page.wait_for_load_state("networkidle")


def review_host_pages(shooter: Shooter, job_timeout: float) -> None:
    """As Harrow's admin: the reviews, one review's pages, the letter, and the Overview's panel."""
    page = shooter.page
    org = f"/orgs/{HARROW}"
    shooter.go(f"{org}/reviews/")
    shooter.shot("review-index", max_height=shooter.top_of("footer", margin=0))

    # The current review: its Overview, scope and team (with the staged invitation waiting).
    follow(page, CURRENT_REVIEW)
    current = page.url.removeprefix(shooter.base_url)
    shooter.shot("review-overview", max_height=shooter.top_of("footer", margin=0))
    shooter.go(f"{current}scope/")
    shooter.shot("review-scope", max_height=shooter.top_of("footer", margin=0))
    shooter.go(f"{current}team/")
    shooter.shot("review-team", max_height=shooter.top_of("footer", margin=0))
    shooter.go(f"{current}library/")
    shooter.shot("review-library", max_height=shooter.top_of("footer", margin=0))

    # The 2016 assurance review's letter: the published version kept, and its PDF produced.
    shooter.go(f"{org}/reviews/")
    follow(page, TEASC_REVIEW)
    teasc = page.url.removeprefix(shooter.base_url)
    shooter.go(f"{teasc}letter/")
    # Down to the letter's scope: the versions, the downloads and how the draft letter opens.
    shooter.shot("review-letter", max_height=shooter.top_of(page.get_by_role("heading", name="Scope", exact=True)))
    follow(page, re.compile("^Version 1"))
    shooter.shot(
        "review-letter-version", max_height=shooter.top_of(page.get_by_role("heading", name="Introduction and thanks"))
    )
    follow(page, re.compile("^Produce the PDF"), role="button")
    deadline = time.monotonic() + job_timeout
    while time.monotonic() < deadline and not page.get_by_role("link", name=re.compile("^Download")).count():
        time.sleep(1)
        page.reload()
        page.wait_for_load_state("networkidle")
    if not page.get_by_role("link", name=re.compile("^Download")).count():
        print("the letter's PDF job did not finish: is a task worker running (manage.py db_worker)?")
    shooter.shot("review-letter-pdf", max_height=shooter.top_of("footer", margin=0))

    # The reviews on the council's Overview, a framework element and the Challenges page.
    shooter.go(f"{org}/")
    panel = page.locator("main h2", has_text=re.compile(r"^Reviews$"))
    shooter.shot_between("review-overview-panel", panel, panel.locator("xpath=following::h2[1]"))
    shooter.go(f"{org}/self-assessment/")
    follow(page, ASSESSMENT)
    rating = page.get_by_role("link", name=ELEMENT_DOMAIN).first.get_attribute("href") or ""
    element_id = rating.rstrip("/").rsplit("/", 1)[-1]
    shooter.go(f"{org}/self-assessment/elements/{element_id}/")
    shooter.shot_between("review-element", "#review-findings", "footer")
    shooter.go(f"{org}/challenges/")
    # The open challenges, which are the reviews' own: the self-assessment's were justified at sign-off.
    shooter.shot(
        "review-challenges", max_height=shooter.top_of(page.get_by_role("heading", name="Justified at sign-off"))
    )


def review_import_pages(shooter: Shooter) -> None:
    """Bring in a past letter (a Word document of our own), check it, accept it, then undo it.

    The undo page is captured before it is confirmed; then the import is undone, so the demo
    is left as it was, with the letter listed as undone.
    """
    page = shooter.page
    shooter.go(f"/orgs/{HARROW}/reviews/")
    follow(page, "Bring in a past letter")
    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "harrow-peer-challenge-2012.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": past_letter_docx(),
            }
        ]
    )
    page.evaluate("document.activeElement.blur()")
    shooter.shot("review-import-upload", max_height=shooter.top_of("footer", margin=0))
    follow(page, "Read the letter", role="button")
    if "/import/" not in page.url or page.url.rstrip("/").endswith("/import"):
        sys.exit(f"The letter was not read: see the page at {page.url}")
    # The review's details and the first items with the passages they came from.
    shooter.shot("review-import-check", max_height=shooter.top_of("#section-team"))
    page.get_by_label("Stage", exact=False).first.select_option(label="Published")
    follow(page, "Accept and create the review", role="button")
    follow(page, "Undo this import")
    shooter.shot("review-import-undo", max_height=shooter.top_of("footer", margin=0))
    follow(page, "Undo the import", role="button")


def review_team_pages(shooter: Shooter) -> None:
    """As the demo peer reviewer: the reviews they sit on, the timetable, notes and findings."""
    page = shooter.page
    shooter.go("/reviews/")
    shooter.shot("review-mine", max_height=shooter.top_of("footer", margin=0))
    follow(page, CURRENT_REVIEW)
    current = page.url.split("#")[0].removeprefix(shooter.base_url)
    shooter.go(f"{current}fieldwork/")
    shooter.shot("review-fieldwork", max_height=shooter.top_of("#people-met"))
    shooter.shot_between("review-people-met", "#people-met", "footer")
    shooter.go(f"{current}notes/")
    shooter.shot("review-notes", max_height=shooter.top_of("footer", margin=0))
    shooter.go(f"{current}findings/")
    shooter.shot("review-findings", max_height=shooter.top_of("footer", margin=0))


def review_herefordshire_pages(shooter: Shooter) -> None:
    """As Herefordshire's admin: recommendations 4 to 7 of 2014 (two unnumbered), and the respond form."""
    page = shooter.page
    shooter.go(f"/orgs/{HEREFORDSHIRE}/reviews/")
    follow(page, HEREFORDSHIRE_REVIEW)
    shooter.go(page.url.removeprefix(shooter.base_url) + "recommendations/")
    cards = page.locator("main .govuk-summary-card")
    shooter.shot_between("review-recommendations", cards.nth(3), cards.nth(7))
    # The first recommendation the council has not answered: its response filled in, not saved.
    follow(page, re.compile("^Respond to"))
    page.get_by_label("Partly accepted").check()
    page.locator("textarea").first.fill(
        "We have withdrawn the old criteria. New guidance for managers and staff will follow the learning "
        "disability strategy, due next year."
    )
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(0, 0)
    shooter.shot("review-respond", max_height=shooter.top_of("footer", margin=0))


def review_invitation_page(shooter: Shooter, invitation: str) -> None:
    """The invitation as the new person opens it from their email, signed in as nobody."""
    shooter.go(invitation)
    shooter.shot("review-invitation", max_height=shooter.top_of("footer", margin=0))


def review_section(browser, shooter: Shooter, args: argparse.Namespace, invitation: str) -> None:
    """Every review picture: as Harrow's admin (``shooter``), the invited person, the demo peer
    reviewer (desktop, then 320 px) and Herefordshire's admin."""
    review_host_pages(shooter, args.job_timeout)
    review_import_pages(shooter)
    stranger = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
    newcomer = Shooter(stranger.new_page(), args.base_url, args.out)
    review_invitation_page(newcomer, invitation)
    shooter.saved += newcomer.saved
    stranger.close()
    if args.reviewer_password:
        team = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
        reviewer = Shooter(team.new_page(), args.base_url, args.out)
        sign_in(reviewer, args.reviewer_email, args.reviewer_password, picture=False)
        review_team_pages(reviewer)
        narrow = browser.new_context(
            viewport={"width": NARROW, "height": NARROW_HEIGHT}, locale="en-GB", storage_state=team.storage_state()
        )
        phone = Shooter(narrow.new_page(), args.base_url, args.out, width=NARROW)
        narrow_review_pages(phone)
        shooter.saved += reviewer.saved + phone.saved
        narrow.close()
        team.close()
    else:
        print("no --reviewer-password: the pictures of the review team's pages are not taken")
    if args.herefordshire_password:
        host = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
        hereford = Shooter(host.new_page(), args.base_url, args.out)
        sign_in(hereford, args.herefordshire_email, args.herefordshire_password, picture=False)
        review_herefordshire_pages(hereford)
        shooter.saved += hereford.saved
        host.close()
    else:
        print("no --herefordshire-password: the pictures of Herefordshire's 2014 recommendations are not taken")


def narrow_review_pages(shooter: Shooter) -> None:
    """As the peer reviewer at 320 px: the reviews they sit on, and the first day of the timetable."""
    page = shooter.page
    shooter.go("/reviews/")
    shooter.shot("review-mine-narrow", max_height=shooter.top_of("footer", margin=0))
    follow(page, CURRENT_REVIEW)
    current = page.url.split("#")[0].removeprefix(shooter.base_url)
    shooter.go(f"{current}fieldwork/")
    days = page.locator("main table")
    shooter.shot("review-fieldwork-narrow", max_height=shooter.top_of(days.nth(1)))


# Improvement plans --------------------------------------------------------------------------

HEREFORDSHIRE_PLAN = "Adult wellbeing improvement plan"
# The TEASC domain of Harrow's self-assessment whose page lists two of its plan's actions.
PLAN_DOMAIN = "Domain 2 Leadership and governance"
# An action of Herefordshire's plan that is off track and overdue, with a request for a later
# date waiting for the plan owner's decision, two milestones and two progress updates.
WAITING_ACTION = re.compile(r"^3\.12 Review with Wye Valley")
# An action reported on track but overdue (a challenge), for the request and closing forms.
ON_TRACK_OVERDUE_ACTION = re.compile(r"^1\.1 Review staffing and call handling")
#: A small action plan of our own, as a council might keep it, with one row that fails.
ACTION_PLAN_CSV = (
    "Reference,Recommendation,Theme,Action,Owner,Due date,Status,RAG,Percent complete,Latest update\n"
    "6.1,1,Carers,Refresh the carers' strategy with carers and the carers' centre,Head of Commissioning,"
    "31/03/2027,In progress,Green,20,First workshop with carers held in November\n"
    "6.2,4,Carers,Offer every carer an assessment within four weeks of asking,Assessment Team Manager,"
    "30 June 2027,Not yet started,,,\n"
    "6.3,99,Carers,Publish a carers' guide to respite,Engagement Lead,31/02/2027,Completed,,,\n"
)


def plan_list_pages(shooter: Shooter) -> str:
    """The plans list, the plan page (and filtered to overdue actions); returns the plan's path."""
    page = shooter.page
    shooter.go(f"/orgs/{HEREFORDSHIRE}/plans/")
    shooter.shot("plan-index", max_height=shooter.top_of("footer", margin=0))
    follow(page, HEREFORDSHIRE_PLAN)
    plan = page.url.split("?")[0].removeprefix(shooter.base_url)
    # The facts, themes and the first theme's actions, down to the second theme's table.
    shooter.shot("plan-page", max_height=shooter.top_of(page.locator("main table[data-actions]").nth(1)))
    page.get_by_text("Filter the actions").click()
    page.get_by_label("Overdue only").check()
    follow(page, "Filter", role="button")
    page.mouse.move(0, 0)
    shooter.shot_between("plan-filter", "#actions", "footer")
    return plan


def plan_action_pages(shooter: Shooter, plan: str) -> None:
    """An action's page, its progress update, closing and later-date forms, filled in but not saved."""
    page = shooter.page
    shooter.go(plan)
    follow(page, WAITING_ACTION)
    action = page.url.split("#")[0].removeprefix(shooter.base_url)
    shooter.shot("plan-action", max_height=shooter.top_of("#updates"))
    council_requests = page.get_by_role("link", name=re.compile("^All the council"))
    shooter.shot_between("plan-action-history", "#updates", council_requests)
    follow(page, "Add a progress update")
    page.get_by_label("What has happened").fill(
        "The Trust has shared its draft winter report. We have agreed the review's questions with its "
        "reablement lead; the joint workshop is booked for January."
    )
    page.get_by_label("Per cent complete (optional)").fill("60")
    page.evaluate("document.activeElement.blur()")
    shooter.shot("plan-action-update", max_height=shooter.top_of("footer", margin=0))
    # The request waiting for a decision, approval chosen but not saved.
    shooter.go(action)
    follow(page, "Decide")
    page.get_by_label(re.compile("^Approve")).check()
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(0, 0)
    shooter.shot("plan-extension-decide", max_height=shooter.top_of("footer", margin=0))
    shooter.go(f"/orgs/{HEREFORDSHIRE}/plans/extensions/")
    shooter.shot("plan-extensions", max_height=shooter.top_of("footer", margin=0))
    # An action reported on track but overdue: a later date asked for, and closing refused.
    shooter.go(plan)
    follow(page, ON_TRACK_OVERDUE_ACTION)
    overdue = page.url.split("#")[0].removeprefix(shooter.base_url)
    follow(page, re.compile("^Ask for a later date"))
    page.get_by_label("New due date").fill("31/3/2027")
    page.get_by_label("Why a later date is needed").fill(
        "The new telephony system goes live in February; call handling can only be measured after it."
    )
    page.evaluate("document.activeElement.blur()")
    shooter.shot("plan-extension-request", max_height=shooter.top_of("footer", margin=0))
    shooter.go(overdue)
    follow(page, "Close the action")
    page.get_by_label("Complete", exact=True).check()
    follow(page, re.compile("^Close the action"), role="button")
    shooter.shot("plan-action-close", max_height=shooter.top_of("footer", margin=0))


def plan_import_pages(shooter: Shooter, plan: str) -> None:
    """The import page, and a small file of three actions checked: one row fails (nothing imported)."""
    page = shooter.page
    shooter.go(f"{plan}import/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "carers-actions.csv", "mimeType": "text/csv", "buffer": ACTION_PLAN_CSV.encode()}]
    )
    page.evaluate("document.activeElement.blur()")
    shooter.shot("plan-import-upload", max_height=shooter.top_of("footer", margin=0))
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    # The problems found, then the errors listed by kind and by row (the column choices between
    # are those of the upload page, left out).
    shooter.shot(
        "plan-import-preview", max_height=shooter.top_of(page.get_by_role("heading", name="Match the columns"))
    )
    shooter.shot_between("plan-import-errors", page.get_by_role("heading", name="Errors", exact=True), "footer")


def plan_follow_up_pages(shooter: Shooter) -> None:
    """The follow-up reviews, and the first recommendations of Herefordshire's follow-up."""
    page = shooter.page
    shooter.go(f"/orgs/{HEREFORDSHIRE}/plans/follow-ups/")
    shooter.shot("plan-follow-ups", max_height=shooter.top_of("footer", margin=0))
    follow(page, HEREFORDSHIRE_REVIEW)
    cards = page.locator("main .govuk-summary-card")
    shooter.shot("plan-follow-up", max_height=shooter.top_of(cards.nth(2)))


def plan_reminder_pages(shooter: Shooter) -> None:
    shooter.go(f"/orgs/{HEREFORDSHIRE}/plans/reminders/")
    shooter.shot("plan-reminders", max_height=shooter.top_of("footer", margin=0))
    shooter.go(f"/orgs/{HEREFORDSHIRE}/plans/settings/")
    shooter.shot("plan-settings", max_height=shooter.top_of("footer", margin=0))


def plan_check_pages(shooter: Shooter) -> None:
    """As Harrow's admin: the Overview's plans panel, the plan checks' challenges, a domain's actions."""
    page = shooter.page
    org = f"/orgs/{HARROW}"
    shooter.go(f"{org}/")
    panel = page.locator("main h2", has_text=re.compile(r"^Improvement plans$"))
    shooter.shot_between("plan-overview-panel", panel, panel.locator("xpath=following::h2[1]"))
    follow(page, "Reported on track but overdue")
    shooter.shot_between("plan-challenges", "main h2", page.get_by_role("heading", name="What the checks look for"))
    shooter.go(f"{org}/self-assessment/")
    follow(page, ASSESSMENT)
    rating = page.get_by_role("link", name=PLAN_DOMAIN).first.get_attribute("href") or ""
    element_id = rating.rstrip("/").rsplit("/", 1)[-1]
    shooter.go(f"{org}/self-assessment/elements/{element_id}/")
    shooter.shot_between("plan-element", "#plan-actions", "footer")


def narrow_plan_pages(shooter: Shooter, plan: str) -> None:
    """At 320 px: the plans list and the top of the plan page."""
    page = shooter.page
    shooter.go(f"/orgs/{HEREFORDSHIRE}/plans/")
    shooter.shot("plan-index-narrow", max_height=shooter.top_of("footer", margin=0))
    shooter.go(plan)
    shooter.shot("plan-page-narrow", max_height=shooter.top_of(page.get_by_role("heading", name="Themes")))


def plan_section(browser, shooter: Shooter, args: argparse.Namespace) -> None:
    """Every plan picture: Harrow's checks as its admin (``shooter``), then Herefordshire's plan
    as its admin, at desktop width and 320 px."""
    plan_check_pages(shooter)
    if not args.herefordshire_password:
        print("no --herefordshire-password: the pictures of Herefordshire's improvement plan are not taken")
        return
    host = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
    hereford = Shooter(host.new_page(), args.base_url, args.out)
    sign_in(hereford, args.herefordshire_email, args.herefordshire_password, picture=False)
    plan = plan_list_pages(hereford)
    plan_action_pages(hereford, plan)
    plan_follow_up_pages(hereford)
    plan_reminder_pages(hereford)
    narrow = browser.new_context(
        viewport={"width": NARROW, "height": NARROW_HEIGHT}, locale="en-GB", storage_state=host.storage_state()
    )
    phone = Shooter(narrow.new_page(), args.base_url, args.out, width=NARROW)
    narrow_plan_pages(phone, plan)
    plan_import_pages(hereford, plan)  # last: it leaves a checked import, never committed
    shooter.saved += hereford.saved + phone.saved
    narrow.close()
    host.close()


# Board papers -------------------------------------------------------------------------------

#: (picture name, path on the server, how many pages to draw)
PAPERS = [
    ("paper-performance-pdf", f"/orgs/{HARROW}/reports/performance/download/pdf/", 3),
    ("paper-performance-docx", f"/orgs/{HARROW}/reports/performance/download/docx/", 3),
    ("paper-performance-xlsx", f"/orgs/{HARROW}/reports/performance/download/xlsx/", 3),
    ("paper-profile-docx", f"/orgs/{HARROW}/reports/profile/download/docx/", 2),
    ("paper-profile-xlsx", f"/orgs/{HARROW}/reports/profile/download/xlsx/", 1),
    ("paper-scorecard-xlsx", f"/orgs/{HARROW}/performance/scorecard.xlsx", 2),
]
LIBREOFFICE_PACKAGES = ["libreoffice-writer-nogui", "libreoffice-calc-nogui", "fonts-liberation2"]
PAGE_DPI = 80


def libreoffice() -> str:
    """The LibreOffice program, installed with apt-get (as root) if it is not there yet."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit(
            "LibreOffice is needed to draw the Word and Excel files: run as root, or install it with\n"
            f"  apt-get install -y --no-install-recommends {' '.join(LIBREOFFICE_PACKAGES)}"
        )
    print("installing LibreOffice (headless) with apt-get ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = shutil.which("apt-get")
    if apt is None:
        sys.exit(f"Install LibreOffice ({', '.join(LIBREOFFICE_PACKAGES)}) with your package manager first")
    # The arguments are fixed: nothing in them comes from outside the script.
    subprocess.run([apt, "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    subprocess.run(  # noqa: S603
        [apt, "install", "-y", "-q", "--no-install-recommends", *LIBREOFFICE_PACKAGES],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        sys.exit("apt-get installed LibreOffice but there is no soffice program on the PATH")
    return found


def to_pdf(program: str, source: Path, folder: Path) -> Path:
    """Convert a Word or Excel file to PDF with LibreOffice headless, as a reader's office program would print it."""
    profile = folder / "lo-profile"  # its own settings, so it never clashes with a running LibreOffice
    subprocess.run(  # noqa: S603 - the program and our own temporary files
        [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=180,
    )
    result = folder / f"{source.stem}.pdf"
    if not result.exists():
        sys.exit(f"LibreOffice did not convert {source.name} to PDF")
    return result


def draw_pages(pdf: Path, name: str, pages: int, out: Path) -> list[Path]:
    """Draw the first ``pages`` pages of ``pdf`` as ``<name>-1.png``, ``<name>-2.png``..."""
    saved = []
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        subprocess.run(  # noqa: S603 - our own temporary files
            [pdftoppm, "-png", "-r", str(PAGE_DPI), "-l", str(pages), str(pdf), str(out / name)], check=True
        )
        # pdftoppm numbers pages with as many digits as the last page needs.
        for path in sorted(out.glob(f"{name}-*.png")):
            number = int(path.stem.rsplit("-", 1)[1])
            target = out / f"{name}-{number}.png"
            path.rename(target)
            saved.append(target)
        return saved
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    for index in range(min(pages, len(document))):
        image = document[index].render(scale=PAGE_DPI / 72).to_pil()
        target = out / f"{name}-{index + 1}.png"
        image.save(target, optimize=True)
        saved.append(target)
    return saved


def paper_pages(shooter: Shooter) -> None:
    """Download each board paper, convert Word and Excel files to PDF with LibreOffice, and
    draw their first pages, so each is seen as it prints."""
    program = libreoffice()
    with tempfile.TemporaryDirectory(prefix="ascent-papers-") as temporary:
        folder = Path(temporary)
        for name, path, pages in PAPERS:
            response = shooter.page.request.get(shooter.base_url + path)
            if not response.ok:
                sys.exit(f"Downloading {path} gave {response.status}: is the demo loaded?")
            extension = name.rsplit("-", 1)[1]
            source = folder / f"{name}.{extension}"
            source.write_bytes(response.body())
            pdf = source if extension == "pdf" else to_pdf(program, source, folder)
            for old in shooter.out.glob(f"{name}-*.png"):
                old.unlink()
            for saved in draw_pages(pdf, name, pages, shooter.out):
                shooter.saved.append(saved)
                print(f"saved {saved} ({saved.stat().st_size // 1024} KB)")


def self_assessment_section(browser, context, shooter: Shooter, args: argparse.Namespace) -> None:
    """Every self-assessment picture: Harrow's pages, then the region's as its lead.

    Last of Harrow's pages, a second version is started and submitted (never signed off).
    """
    summary = self_assessment_pages(shooter)
    challenge_and_evidence_pages(shooter)
    framework_pages(shooter)
    narrow = browser.new_context(
        viewport={"width": NARROW, "height": NARROW_HEIGHT}, locale="en-GB", storage_state=context.storage_state()
    )
    phone = Shooter(narrow.new_page(), args.base_url, args.out, width=NARROW)
    narrow_self_assessment_pages(phone, summary)
    shooter.saved += phone.saved
    narrow.close()
    workflow_pages(shooter, summary)
    if not args.regional_password:
        print("no --regional-password: the regional pictures are not taken")
        return
    # A second browser, signed in as the regional lead, at desktop width and then phone width.
    region = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
    lead = Shooter(region.new_page(), args.base_url, args.out)
    sign_in(lead, args.regional_email, args.regional_password, picture=False)
    regional_pages(lead)
    narrow = browser.new_context(
        viewport={"width": NARROW, "height": NARROW_HEIGHT}, locale="en-GB", storage_state=region.storage_state()
    )
    phone = Shooter(narrow.new_page(), args.base_url, args.out, width=NARROW)
    narrow_self_assessment_pages(phone, None)
    shooter.saved += lead.saved + phone.saved
    narrow.close()
    region.close()


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.papers_only:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
            shooter = Shooter(context.new_page(), args.base_url, args.out)
            sign_in(shooter, args.email, args.password)
            paper_pages(shooter)
            browser.close()
        print(f"{len(shooter.saved)} pictures in {args.out}")
        return
    if args.self_assessment_only:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
            shooter = Shooter(context.new_page(), args.base_url, args.out)
            sign_in(shooter, args.email, args.password, picture=False)
            self_assessment_section(browser, context, shooter, args)
            browser.close()
        print(f"{len(shooter.saved)} screenshots in {args.out}")
        return
    if args.reviews_only:
        invitation = stage_review_invitation(args.email)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
            shooter = Shooter(context.new_page(), args.base_url, args.out)
            sign_in(shooter, args.email, args.password, picture=False)
            review_section(browser, shooter, args, invitation)
            browser.close()
        print(f"{len(shooter.saved)} screenshots in {args.out}")
        return
    if args.plans_only:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
            shooter = Shooter(context.new_page(), args.base_url, args.out)
            sign_in(shooter, args.email, args.password, picture=False)
            plan_section(browser, shooter, args)
            browser.close()
        print(f"{len(shooter.saved)} screenshots in {args.out}")
        return
    stalled = stage_stalled_job(args.email)
    invitation = stage_review_invitation(args.email)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
        shooter = Shooter(context.new_page(), args.base_url, args.out)
        sign_in(shooter, args.email, args.password)
        organisation_pages(shooter)
        benchmark_url = performance_pages(shooter)
        scorecard_period_pages(shooter)
        target_and_value_forms(shooter)
        comparator_upload_pages(shooter)
        import_pages(shooter)
        review_section(browser, shooter, args, invitation)
        self_assessment_section(browser, context, shooter, args)
        plan_section(browser, shooter, args)
        # The same session at phone width, for the pages that reflow.
        narrow = browser.new_context(
            viewport={"width": NARROW, "height": NARROW_HEIGHT}, locale="en-GB", storage_state=context.storage_state()
        )
        phone = Shooter(narrow.new_page(), args.base_url, args.out, width=NARROW)
        narrow_pages(phone, benchmark_url)
        shooter.saved += phone.saved
        narrow.close()
        report_pages(shooter, args.job_timeout)
        stalled_job_page(shooter, stalled)
        paper_pages(shooter)
        rollback_pages(shooter)  # last: it changes three figures
        # A second browser, signed in as nobody, for the lockout.
        stranger = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
        outsider = Shooter(stranger.new_page(), args.base_url, args.out)
        locked_out_page(outsider)
        shooter.saved += outsider.saved
        browser.close()
    print(f"{len(shooter.saved)} screenshots in {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
