"""Pages that reflow (WCAG 1.4.10): at 320 and 375 CSS px wide no key page scrolls sideways, and
each passes the axe scan at 320 px as well as at desktop width.

Charts size to their container; a table wider than the screen scrolls inside its own focusable,
labelled region, never the page. The pages are filled with the demo data (Harrow's published
figures, its spending table with forecast and budget years, and illustrative figures for every
council), so they hold long council names, long section headings and wide tables.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_reflow.py
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from ascent.assessments.demo import load_demo_assessments
from ascent.finance.demo import load_demo_finance
from ascent.indicators.demo import load_demo_performance
from ascent.indicators.models import Indicator
from ascent.organisations.demo import load_demo_people
from ascent.organisations.reference import load_reference_data
from ascent.reviews.demo import CURRENT_TITLE, REVIEWER_EMAIL, load_demo_reviews
from tests.factories import PASSWORD

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HARROW = "E09000015"
WIDTHS = (320, 375)


@pytest.fixture
def demo():
    load_reference_data()
    load_demo_people(password_factory=lambda: PASSWORD)
    load_demo_performance()
    load_demo_finance()
    load_demo_assessments()
    return get_user_model().objects.get(email="editor@harrow.demo.ascent.invalid")


def key_pages(live_server) -> dict[str, str]:
    base = f"{live_server.url}/orgs/{HARROW}"
    charted = Indicator.objects.get(organisation=None, code="ASCOF-1C1A")
    return {
        "overview": f"{base}/",
        "scorecard": f"{base}/performance/",
        "indicator": f"{base}/performance/indicators/{charted.pk}/",
        "benchmarking": f"{base}/performance/indicators/{charted.pk}/?group=england#benchmarking",
        "comparators": f"{base}/performance/comparators/",
        "comparator-upload": f"{base}/performance/comparators/upload/",
        "spending": f"{base}/performance/spending/",
        "reports": f"{base}/reports/",
        "performance-report": f"{base}/reports/performance/",
        # Harrow's demo TEASC self-assessment: wide tables of ratings, flags and justifications.
        "self-assessment-report": f"{base}/reports/self-assessment/",
    }


def sideways_overflow(page) -> dict:
    """How far the page is wider than the window, and the widest elements that stick out."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const culprits = [];
            const scrolls = (element) => {
                for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
                    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return true;
                }
                return false;
            };
            for (const element of document.querySelectorAll('body *')) {
                const box = element.getBoundingClientRect();
                if (box.right > width + 1 && box.width > 0 && !scrolls(element)) {
                    // Only the outermost element that sticks out, not everything inside it.
                    if (!culprits.some((outer) => outer.contains(element))) culprits.push(element);
                }
            }
            return {
                scrollWidth: document.documentElement.scrollWidth,
                innerWidth: width,
                culprits: culprits.slice(0, 5).map(
                    (e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`
                ),
            };
        }"""
    )


def wait_for_charts(page) -> None:
    """Wait until every live chart on the page has been drawn (or there are none)."""
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('[data-vega-spec-id]'))
                .every((el) => el.dataset.vegaRendered === 'true')"""
    )


def test_key_pages_reflow_at_320_and_375_px(page, live_server, demo):
    sign_in(page, live_server, demo)
    for name, url in key_pages(live_server).items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(url)
            wait_for_charts(page)
            found = sideways_overflow(page)
            assert found["scrollWidth"] <= found["innerWidth"], (
                f"{name} scrolls sideways at {width} px: the page is {found['scrollWidth']} px wide; "
                f"sticking out: {found['culprits']}"
            )
        check_accessibility(page, f"reflow-{name}")


def test_a_chart_fits_a_narrow_screen_and_grows_on_a_wide_one(page, live_server, demo):
    sign_in(page, live_server, demo)
    url = key_pages(live_server)["indicator"]
    widths = {}
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url)
        wait_for_charts(page)
        svg = page.locator('[data-vega-spec-id="indicator-series-chart"] svg').first
        widths[width] = svg.bounding_box()["width"]
    assert widths[320] <= 320 - 2 * 15  # inside the page's gutters
    assert widths[1280] > 2 * widths[320]


def test_an_editor_imports_a_nearest_neighbour_list(page, live_server, demo):
    """The upload page in the browser: a file with a bad row is refused row by row, then the
    corrected file makes the group, which benchmarking offers."""
    sign_in(page, live_server, demo)
    page.goto(key_pages(live_server)["comparators"])
    page.get_by_role("link", name="Import a group from a CSV file of GSS codes").click()
    page.get_by_label("Name of the group").fill("CIPFA nearest neighbours")
    bad = b"GSS code,Council\nE09000003,Barnet\nE0900005,Brent\nE09000003,Barnet again\n"
    page.get_by_label("Upload the list").set_input_files(
        files=[{"name": "neighbours.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.get_by_role("button", name="Import the group").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Row 3: E0900005 is not a GSS code")
    expect(summary).to_contain_text("Row 4: E09000003 is listed twice, first in row 2")
    check_accessibility(page, "comparator-upload-errors")
    good = b"GSS code,Council\nE09000003,Barnet\nE09000005,Brent\nE09000017,Hillingdon\n"
    page.get_by_label("Name of the group").fill("CIPFA nearest neighbours")
    page.get_by_label("Upload the list").set_input_files(
        files=[{"name": "neighbours.csv", "mimeType": "text/csv", "buffer": good}]
    )
    page.get_by_role("button", name="Import the group").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Comparator group CIPFA nearest neighbours added, with 3 councils from neighbours.csv"
    )
    page.goto(key_pages(live_server)["indicator"])
    expect(page.get_by_label("Compare with").locator("option", has_text="CIPFA nearest neighbours")).to_have_count(1)


def test_wide_tables_scroll_inside_a_focusable_labelled_region(page, live_server, demo):
    sign_in(page, live_server, demo)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(key_pages(live_server)["spending"])
    wrappers = page.locator(".app-table-wrapper")
    assert wrappers.count() > 0
    scrolling = 0
    for index in range(wrappers.count()):
        wrapper = wrappers.nth(index)
        assert wrapper.get_attribute("tabindex") == "0"
        assert wrapper.get_attribute("role") == "region"
        assert wrapper.get_attribute("aria-labelledby") or wrapper.get_attribute("aria-label")
        scrolling += wrapper.evaluate("(el) => el.scrollWidth > el.clientWidth")
    assert scrolling, "the spending trend table should be wider than 320 px and scroll in its region"


def test_the_regional_summary_reflows_for_the_regions_lead(page, live_server, demo):
    """The West Midlands lead's heat map of Herefordshire's shared CQC self-assessment."""
    lead = get_user_model().objects.get(email="lead@westmidlands.demo.ascent.invalid")
    sign_in(page, live_server, lead)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/regions/E12000005/reports/self-assessments/")
        expect(page.get_by_role("heading", name="Regional self-assessment summary")).to_be_visible()
        found = sideways_overflow(page)
        assert found["scrollWidth"] <= found["innerWidth"], (
            f"the regional summary scrolls sideways at {width} px; sticking out: {found['culprits']}"
        )
    check_accessibility(page, "reflow-regional-self-assessment-summary")


def self_assessment_pages(live_server) -> dict[str, tuple[str, str]]:
    """Every page of self-assessment, evidence, frameworks and challenge, filled with the demo
    self-assessments (Harrow's TEASC, Herefordshire's shared CQC), with a second version of
    Harrow's so that compare has two to set side by side. Each page with the email of who sees it."""
    from ascent.assessments import workflow
    from ascent.assessments.models import SelfAssessment
    from ascent.evidence.models import EvidenceFile
    from ascent.frameworks.models import Framework

    editor = "editor@harrow.demo.ascent.invalid"
    harrow = SelfAssessment.objects.filter(organisation__gss_code=HARROW).order_by("version").first()
    if not SelfAssessment.objects.filter(based_on=harrow).exists():
        admin = get_user_model().objects.get(email="dass@harrow.demo.ascent.invalid")
        if harrow.status != "signed_off":
            harrow.status = "signed_off"
            harrow._history_user = admin
            harrow.save()
        workflow.start_new_version(harrow, by=admin)
    newer = SelfAssessment.objects.get(based_on=harrow)
    rated = harrow.ratings.exclude(rating="").select_related("element").first()
    element = rated.element
    shared = SelfAssessment.objects.filter(organisation__gss_code="E06000019").first()
    evidence = EvidenceFile.objects.filter(organisation__gss_code=HARROW).first()
    # Long unbroken words must wrap: a web address in a description and a narrative, a long file name.
    address = "https://www.harrow.gov.uk/downloads/" + "adult-social-care-scorecard-quarter-3-2015-16" * 3 + ".pdf"
    EvidenceFile.objects.filter(pk=evidence.pk).update(
        description=f"Published at {address}", original_name="Scorecard_" + "Q3_2015-16_" * 12 + "final.pdf"
    )
    newer.ratings.filter(element=rated.element).update(narrative=f"See {address} for the figures.")
    cqc = Framework.objects.filter(organisation=None, slug__icontains="cqc").current().first()
    base = f"{live_server.url}/orgs/{HARROW}"
    one = f"{base}/self-assessment/{harrow.pk}"
    two = f"{base}/self-assessment/{newer.pk}"
    pages = {
        "self-assessment-index": (f"{base}/self-assessment/", editor),
        "self-assessment-new": (f"{base}/self-assessment/new/", editor),
        "self-assessment": (f"{one}/", editor),
        "self-assessment-draft": (f"{two}/", editor),
        "self-assessment-rating": (f"{two}/elements/{element.pk}/", editor),
        "self-assessment-risks": (f"{two}/risks/", editor),
        "self-assessment-element": (f"{base}/self-assessment/elements/{element.pk}/", editor),
        "self-assessment-compare": (f"{two}/compare/", editor),
        "self-assessment-submit": (f"{two}/submit/", editor),
        "self-assessment-new-version": (f"{one}/new-version/", editor),
        "evidence": (f"{base}/evidence/", editor),
        "evidence-upload": (f"{base}/evidence/upload/", editor),
        "evidence-file": (f"{base}/evidence/{evidence.pk}/", editor),
        "frameworks": (f"{base}/frameworks/", editor),
        "challenges": (f"{base}/challenges/", editor),
        "region": (f"{live_server.url}/regions/E12000007/", "lead@london.demo.ascent.invalid"),
        "regional-heat-map": (
            f"{live_server.url}/regions/E12000005/self-assessments/",
            "lead@westmidlands.demo.ascent.invalid",
        ),
        "regional-shared": (
            f"{live_server.url}/regions/E12000005/self-assessments/{shared.pk}/",
            "lead@westmidlands.demo.ascent.invalid",
        ),
    }
    if cqc:
        pages["framework"] = (f"{base}/frameworks/{cqc.pk}/", editor)
        pages["crosswalk"] = (f"{base}/frameworks/{cqc.pk}/crosswalk/", editor)
    return pages


#: The pages whose tables were put in scrolling regions: scanned with axe at both widths too.
SCANNED = {"self-assessment-index", "self-assessment", "self-assessment-rating", "self-assessment-compare", "region"}


def test_self_assessment_pages_reflow_at_320_and_375_px(page, live_server, demo):
    """The self-assessment pages hold the widest tables (ratings, flags, versions side by side) and
    long unbroken words (element references, evidence file names): none may widen the page."""
    signed_in = None
    failures = []
    for name, (url, email) in self_assessment_pages(live_server).items():
        if email != signed_in:
            page.context.clear_cookies()
            sign_in(page, live_server, get_user_model().objects.get(email=email))
            signed_in = email
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            response = page.goto(url)
            assert response.status == 200, f"{name} ({url}) answered {response.status}"
            found = sideways_overflow(page)
            if found["scrollWidth"] > found["innerWidth"]:
                failures.append(
                    f"{name} scrolls sideways at {width} px: the page is {found['scrollWidth']} px wide; "
                    f"sticking out: {found['culprits']}"
                )
        if name in SCANNED:
            check_accessibility(page, f"reflow-{name}")
    assert not failures, "\n".join(failures)


@pytest.fixture
def demo_reviews(demo):
    """The demo above with its three reviews: Herefordshire's 2014 peer challenge, Harrow's 2016 TEASC
    assurance review (published, 26 findings by domain, ten recommendations, the letter's first
    version) and Harrow's current peer challenge (in fieldwork, with a library, a shared
    self-assessment and indicators, led by the demo peer reviewer)."""
    load_demo_reviews()
    return demo


def review_pages(live_server) -> dict[str, tuple[str, str]]:
    """The main review pages, each with the email of who sees it: Harrow's editor, or the peer reviewer."""
    from ascent.reviews.models import Review

    editor = "editor@harrow.demo.ascent.invalid"
    base = f"{live_server.url}/orgs/{HARROW}/reviews"
    current = Review.objects.get(organisation__gss_code=HARROW, title=CURRENT_TITLE)
    teasc = Review.objects.filter(organisation__gss_code=HARROW, framework__isnull=False).get()
    return {
        "reviews": (f"{base}/", editor),
        "review-overview": (f"{base}/{current.pk}/", editor),
        "review-scope": (f"{base}/{teasc.pk}/scope/", editor),
        "review-team": (f"{base}/{current.pk}/team/", editor),
        "review-fieldwork": (f"{base}/{current.pk}/fieldwork/", editor),
        "review-library": (f"{base}/{current.pk}/library/", editor),
        "review-findings": (f"{base}/{teasc.pk}/findings/", editor),
        "review-recommendations": (f"{base}/{teasc.pk}/recommendations/", editor),
        "review-letter": (f"{base}/{teasc.pk}/letter/", editor),
        "review-import": (f"{base}/import/", editor),
        "reviews-you-sit-on": (f"{live_server.url}/reviews/", REVIEWER_EMAIL),
        "review-notes": (f"{base}/{current.pk}/notes/", REVIEWER_EMAIL),
        "review-findings-team": (f"{base}/{current.pk}/findings/", REVIEWER_EMAIL),
    }


def test_review_pages_reflow_at_320_and_375_px(page, live_server, demo_reviews):
    """The review pages hold long titles, wide tables (the team, the timetable, the library) and
    summary cards of findings and recommendations with their actions: none may widen the page."""
    signed_in = None
    failures = []
    for name, (url, email) in review_pages(live_server).items():
        if email != signed_in:
            page.context.clear_cookies()
            sign_in(page, live_server, get_user_model().objects.get(email=email))
            signed_in = email
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            response = page.goto(url)
            assert response.status == 200, f"{name} ({url}) answered {response.status}"
            found = sideways_overflow(page)
            if found["scrollWidth"] > found["innerWidth"]:
                failures.append(
                    f"{name} scrolls sideways at {width} px: the page is {found['scrollWidth']} px wide; "
                    f"sticking out: {found['culprits']}"
                )
        check_accessibility(page, f"reflow-{name}")
    assert not failures, "\n".join(failures)
