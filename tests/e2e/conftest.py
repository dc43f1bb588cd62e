"""Fixtures for the browser tests: Debian's chromium driven by Playwright against the live server.

- ``browser``: one headless chromium for all the browser tests (/usr/bin/chromium; `make test` installs it).
- ``page``: a fresh browser context and page for each test. It collects JavaScript console
  errors and uncaught page errors, and fails the test if there are any.
- ``check_accessibility(page, name)``: an axe-core WCAG 2.2 AA scan of the page as it is now, at
  1280 px and at 320 px wide, plus a full-page screenshot of each in test-results/screenshots/.
- ``sign_in(page, live_server, user)``: sign in through the real sign-in form.
"""

from __future__ import annotations

import os
import re
import weakref
from pathlib import Path

import pytest

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
# The widths every page is scanned at: a desktop, and the 320 CSS px of WCAG 1.4.10 (reflow).
SCAN_WIDTHS = [("desktop", 1280), ("320", 320)]

# Console errors and page errors seen by each page, and the resources a test expects to fail
# (for example the 404 page it visits on purpose).
_ERRORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_EXPECTED_FAILURES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_FAILED_RESOURCE = re.compile(r"^Failed to load resource: the server responded with a status of (\d+)")


@pytest.fixture(scope="package")
def browser():
    """One headless chromium for all the browser tests.

    Package-scoped rather than session-scoped so that Playwright's event loop (below) ends
    with the last browser test instead of lasting through the rest of the suite.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. Run `make test`, which installs it "
            "(Debian's chromium package) before running the browser tests.",
            pytrace=False,
        )
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing ({AXE_SCRIPT}). Run `make test`, which installs it from npm.", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in the test thread, so Django sees a
    # "running event loop" and raises SynchronousOnlyOperation whenever a test (or a fixture)
    # touches the ORM. The tests are plain synchronous code, so tell Django that is safe.
    # Set here, and put back afterwards, rather than when this module is imported: otherwise
    # it leaks into the whole session, including the subprocesses other tests start (the
    # `check --deploy` test in tests/core rightly fails with async.E001 when it is set).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    # bypass_csp: the site's Content-Security-Policy is `script-src 'self'`, which would block
    # the inline <script> that check_accessibility injects axe-core with. Every test uses it,
    # so the pages behave the same whether or not they are scanned. (tests/core checks the
    # CSP header itself.)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True, locale="en-GB", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    errors: list[str] = []
    _ERRORS[new_page] = errors
    _EXPECTED_FAILURES[new_page] = set()

    def on_console(message):
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        failed = _FAILED_RESOURCE.match(message.text)
        if failed and (url.endswith("/favicon.ico") or url in _EXPECTED_FAILURES[new_page]):
            return
        errors.append(f"console error: {message.text} ({url or 'no location'})")

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    yield new_page
    context.close()
    if errors:
        pytest.fail("JavaScript errors in the browser:\n" + "\n".join(errors), pytrace=False)


def expect_failed_resource(page, url: str) -> None:
    """Do not count the console's "Failed to load resource" for this URL (an error page visited on purpose)."""
    _EXPECTED_FAILURES[page].add(url)


def assert_no_console_errors(page) -> None:
    errors = _ERRORS.get(page, [])
    assert not errors, "JavaScript errors in the browser:\n" + "\n".join(errors)


def check_accessibility(page, name: str) -> None:
    """Scan the page with axe-core (WCAG 2.2 AA) at desktop width and at 320 px, with a screenshot of each.

    The standard asks for no violations at both widths: at 320 px wide tables, long words and
    side-by-side layouts break in ways a desktop scan never sees (WCAG 1.4.10, reflow). The
    screenshots go to test-results/screenshots/<name>-desktop.png and <name>-320.png, and the
    viewport is put back afterwards so the test carries on as it was.

    Fails with a readable list of violations at each width: rule, what it asks for, and where.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    reports = []
    try:
        for label, width in SCAN_WIDTHS:
            page.set_viewport_size({"width": width, "height": (original or {}).get("height", 900)})
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
            violations = _axe_violations(page)
            if violations:
                reports.append(f"at {width} px wide:\n" + _describe(violations))
    finally:
        if original:
            page.set_viewport_size(original)
    assert not reports, f"Accessibility violations on {name} ({page.url}):\n" + "\n".join(reports)
    assert_no_console_errors(page)


def _axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map((node) => node.target.join(' ')),
            }));
        }""",
        AXE_TAGS,
    )


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    {v['helpUrl']}\n"
        + "\n".join(f"    at {target}" for target in v["targets"])
        for v in violations
    )


def sign_in(page, live_server, user, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in form and wait until the service has let us in."""
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)
