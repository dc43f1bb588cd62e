"""Browser journeys through Ascent, with an axe-core WCAG 2.2 AA scan of every page visited.

Each test drives Debian's chromium (/usr/bin/chromium) with Playwright against
pytest-django's live server. Run them with the rest of the suite:

    make test

or on their own (chromium and node_modules must already be installed, and the static
files built with `make assets`):

    ASCENT_ENV=test .venv/bin/pytest tests/e2e

Screenshots of every scanned page are saved in test-results/screenshots/.
"""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ascent.organisations.actions import invite_member
from ascent.organisations.models import Membership, Role

from .conftest import check_accessibility, expect_failed_resource, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERVICE_NAVIGATION = [
    ("Overview", "Harrow"),
    ("Performance", "Performance"),
    ("Client-level data", "Client-level data"),
    ("Self-assessment", "Self-assessment"),
    ("Reviews", "Reviews"),
    ("Improvement plans", "Improvement plans"),
    ("Programmes", "Programmes"),
    ("Reports", "Reports"),
]


def heading(page):
    return page.locator("h1")


def header_organisation(page):
    return page.locator(".app-header__org")


def service_link(page, text: str):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=text, exact=True)


def download(page, link) -> tuple[str, bytes]:
    """Click a download link and return the suggested file name and the file's bytes."""
    with page.expect_download() as info:
        link.click()
    received = info.value
    assert received.failure() is None, received.failure()
    return received.suggested_filename, Path(received.path()).read_bytes()


def run_worker_once() -> None:
    """Run the background worker until the queue is empty, as `make run` does all the time."""
    # The worker installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def test_member_journey_through_the_service(page, live_server, editor, herefordshire):
    Membership.objects.create(user=editor, organisation=herefordshire, role=Role.VIEWER)

    # Sign in, getting the password wrong first.
    page.goto(f"{live_server.url}/sign-in/")
    check_accessibility(page, "sign-in")
    page.fill("#id_username", editor.email)
    page.fill("#id_password", "not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title(re.compile(r"\(error\)"))
    check_accessibility(page, "sign-in-error")

    sign_in(page, live_server, editor)
    expect(page).to_have_url(f"{live_server.url}/orgs/E09000015/")
    expect(heading(page)).to_have_text("Harrow")
    expect(header_organisation(page)).to_contain_text("Harrow")
    check_accessibility(page, "overview-harrow")

    # Switch to Herefordshire, then back to Harrow.
    page.get_by_role("link", name="Switch organisation").click()
    expect(heading(page)).to_have_text("Choose an organisation")
    check_accessibility(page, "switch-organisation")
    page.get_by_role("link", name="Herefordshire").click()
    expect(page).to_have_url(f"{live_server.url}/orgs/E06000019/")
    expect(heading(page)).to_have_text("Herefordshire")
    expect(header_organisation(page)).to_contain_text("Herefordshire")
    check_accessibility(page, "overview-herefordshire")
    page.get_by_role("link", name="Switch organisation").click()
    expect(page.get_by_text("(current)")).to_be_visible()
    page.get_by_role("link", name="Harrow").click()
    expect(heading(page)).to_have_text("Harrow")
    expect(header_organisation(page)).to_contain_text("Harrow")

    # Every section in the service navigation.
    for text, title in SERVICE_NAVIGATION:
        service_link(page, text).click()
        expect(heading(page)).to_have_text(title)
        expect(service_link(page, text)).to_have_attribute("aria-current", "page")
        check_accessibility(page, f"section-{text.lower().replace(' ', '-')}")

    # The organisation profile, with its live chart and its data table.
    page.get_by_role("link", name="View Organisation profile").click()
    expect(heading(page)).to_contain_text("Organisation profile")
    chart = page.locator("[data-vega-spec-id]").first
    expect(chart.locator("svg").first).to_be_attached()
    expect(chart).to_have_attribute("data-vega-rendered", "true")
    expect(chart.locator("img.app-chart__image")).to_have_count(0)
    details = page.locator("details.app-chart__data").first
    table = details.locator("table")
    expect(table).to_be_hidden()
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    expect(table).to_be_visible()
    expect(table).to_contain_text("Editor")
    check_accessibility(page, "report-profile")

    for label, extension, magic in [("PDF", ".pdf", b"%PDF"), ("Word", ".docx", b"PK"), ("Excel", ".xlsx", b"PK")]:
        name, content = download(page, page.get_by_role("link", name=f"Download as {label}"))
        assert name.startswith("organisation-profile-harrow"), name
        assert name.endswith(extension), name
        assert content.startswith(magic), f"{name} starts {content[:8]!r}"

    # Produce the profile in the background.
    page.get_by_role("link", name="Back to reports").click()
    expect(heading(page)).to_have_text("Reports")
    page.locator(".govuk-summary-card").filter(has_text="Organisation profile").get_by_label("Word").check()
    page.get_by_role("button", name="Produce organisation profile").click()
    expect(heading(page)).to_have_text("Organisation profile (Word)")
    expect(page.locator("#job-status")).to_contain_text("Queued")
    check_accessibility(page, "job-queued")
    job_url = page.url
    # Leave the page so its status polling does not share the live server's database
    # connection with the worker, which runs here in the test's thread.
    page.goto("about:blank")
    run_worker_once()
    page.goto(job_url)
    expect(page.locator("#job-status")).to_contain_text("Done")
    check_accessibility(page, "job-done")
    name, content = download(page, page.get_by_role("link", name=re.compile(r"^Download organisation-profile")))
    assert name.endswith(".docx"), name
    assert content.startswith(b"PK")

    # The account pages, then sign out.
    page.get_by_role("link", name="Your account").click()
    expect(heading(page)).to_have_text("Your account")
    expect(page.locator("main")).to_contain_text(editor.email)
    check_accessibility(page, "account")
    page.get_by_role("link", name="Change password").click()
    expect(heading(page)).to_have_text("Change your password")
    check_accessibility(page, "password-change")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/signed-out/")
    expect(heading(page)).to_have_text("You have signed out")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    check_accessibility(page, "signed-out")


def test_admin_manages_members(page, live_server, admin_user, viewer, editor):
    sign_in(page, live_server, admin_user)
    page.get_by_role("link", name="See members and invite people").click()
    expect(heading(page)).to_have_text("Members")
    check_accessibility(page, "members")

    # Invite someone, leaving the form empty first.
    page.get_by_role("link", name="Invite someone").click()
    expect(heading(page)).to_have_text("Invite someone to join")
    check_accessibility(page, "invite")
    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an email address")
    expect(summary).to_contain_text("Select a role")
    check_accessibility(page, "invite-error")
    page.get_by_label("Email address").fill("new.person@harrow.example")
    page.get_by_label(re.compile(r"^Contributor")).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(heading(page)).to_have_text("Members")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Invitation sent to new.person@harrow.example")
    pending = page.get_by_role("table", name="Invitations waiting to be accepted")
    expect(pending).to_contain_text("new.person@harrow.example")
    expect(pending).to_contain_text("Contributor")
    check_accessibility(page, "members-with-invitation")

    # Make the viewer a contributor.
    page.get_by_role("link", name="Change role for Viewer Person").click()
    expect(heading(page)).to_have_text("Change Viewer Person's role")
    check_accessibility(page, "member-role")
    page.get_by_label(re.compile(r"^Contributor")).check()
    page.get_by_role("button", name="Save role").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Viewer Person's role is now Contributor")
    expect(page.get_by_role("row", name=re.compile("Viewer Person"))).to_contain_text("Contributor")

    # Remove the editor, through the confirmation page.
    page.get_by_role("link", name="Remove Editor Person").click()
    expect(heading(page)).to_have_text("Remove Editor Person from Harrow?")
    check_accessibility(page, "member-remove")
    page.get_by_role("button", name="Remove member").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Editor Person has been removed from Harrow")
    expect(page.get_by_role("table", name=re.compile("members?$"))).not_to_contain_text("Editor Person")
    check_accessibility(page, "members-after-changes")

    # The activity page shows all three changes.
    page.get_by_role("link", name="Overview", exact=True).click()
    page.get_by_role("link", name="See all activity").click()
    expect(heading(page)).to_have_text("Activity")
    log = page.locator("main table")
    expect(log).to_contain_text("new.person@harrow.example")
    expect(log.get_by_role("row").filter(has_text="Changed").filter(has_text="Contributor")).not_to_have_count(0)
    expect(log.get_by_role("row").filter(has_text="Deleted")).not_to_have_count(0)
    check_accessibility(page, "activity")
    page.get_by_text("Filter the activity").click()
    expect(page.get_by_label("Record type")).to_be_visible()
    check_accessibility(page, "activity-filters-open")


def test_new_person_accepts_an_invitation(page, live_server, harrow, admin_user):
    tokens: list[str] = []

    def record_link(token: str) -> str:
        tokens.append(token)
        return f"{live_server.url}/invitations/{token}/"

    invite_member(
        harrow, email="newcomer@harrow.example", role=Role.EDITOR, by=admin_user, accept_url_builder=record_link
    )
    assert len(tokens) == 1

    page.goto(f"{live_server.url}/invitations/{tokens[0]}/")
    expect(heading(page)).to_have_text("Create your account")
    expect(page.locator("main")).to_contain_text("newcomer@harrow.example")
    check_accessibility(page, "invitation-create-account")

    password = "plum orchard lantern 48"
    page.get_by_label("Full name").fill("Newcomer Person")
    page.get_by_label("Create a password").fill(password)
    page.get_by_label("Confirm your password").fill("plum orchard lantern 84")
    page.get_by_role("button", name="Create account and join").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The passwords do not match")
    expect(page.get_by_label("Full name")).to_have_value("Newcomer Person")
    check_accessibility(page, "invitation-create-account-error")

    page.get_by_label("Create a password").fill(password)
    page.get_by_label("Confirm your password").fill(password)
    page.get_by_role("button", name="Create account and join").click()
    expect(page).to_have_url(f"{live_server.url}/orgs/E09000015/")
    expect(heading(page)).to_have_text("Harrow")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your account is ready")
    check_accessibility(page, "invitation-accepted-overview")
    assert Membership.objects.get(user__email="newcomer@harrow.example", organisation=harrow).role == Role.EDITOR


def test_public_pages_and_the_regional_lead(page, live_server, harrow, regional_lead):
    page.goto(f"{live_server.url}/sign-in/")
    expect(heading(page)).to_have_text("Sign in to Ascent")
    check_accessibility(page, "public-sign-in")

    page.get_by_role("link", name="I have forgotten my password").click()
    expect(heading(page)).to_have_text("Reset your password")
    check_accessibility(page, "password-reset")
    page.get_by_label("Email address").fill(regional_lead.email)
    page.get_by_role("button", name="Send reset link").click()
    expect(heading(page)).to_have_text("Check your email")
    check_accessibility(page, "password-reset-sent")

    footer = page.locator("footer")
    for link, title, name in [
        ("Accessibility statement", "Accessibility statement for Ascent", "accessibility"),
        ("Privacy notice", "Privacy notice", "privacy"),
        ("Cookies", "Cookies", "cookies"),
        ("Help", "Help using Ascent", "help"),
    ]:
        footer.get_by_role("link", name=link).click()
        expect(heading(page)).to_have_text(title)
        check_accessibility(page, name)

    # Signed in: a page that does not exist, and the regional lead's region.
    sign_in(page, live_server, regional_lead)
    expect(heading(page)).to_have_text("Welcome to Ascent")
    check_accessibility(page, "home-regional-lead")
    missing = f"{live_server.url}/orgs/E09999999/"
    expect_failed_resource(page, missing)
    response = page.goto(missing)
    assert response is not None and response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    check_accessibility(page, "not-found")

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="London").click()
    expect(page).to_have_url(f"{live_server.url}/regions/E12000007/")
    expect(heading(page)).to_have_text("London")
    expect(page.get_by_role("table")).to_contain_text("Harrow")
    check_accessibility(page, "region")


def test_skip_link_is_first_and_moves_focus_to_main_content(page, live_server):
    page.goto(f"{live_server.url}/sign-in/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main-content$"))
