"""Every review page the journey (test_review_journey.py) does not reach, scanned with axe-core
(WCAG 2.2 AA) at 1280 px and at 320 px: the edit forms and delete confirmations, the library with a
shared self-assessment and indicators, the shared self-assessment, the Overview's reviews panel and
the element page with the findings tagged to it, the invitation page for a new person, the letter's
published version and publish page, and bringing in a past letter (upload, check, accept, undo).

The pages are filled with the demo reviews (Harrow's 2016 TEASC assurance review, published, and
its current peer challenge in fieldwork, led by the demo peer reviewer), so they hold long titles,
many findings and real letters. Bringing in a letter uses a small Word document built here.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_review_pages.py
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from ascent.reviews import recommendations as recommendation_actions
from ascent.reviews import team as team_actions
from ascent.reviews.demo import CURRENT_TITLE, REVIEWER_EMAIL
from ascent.reviews.models import (
    FieldworkActivity,
    Finding,
    FindingStatus,
    LibraryItem,
    PersonMet,
    Review,
    ScopeItem,
    TeamMember,
    TeamNote,
)

from .conftest import check_accessibility, sign_in
from .test_journeys import heading
from .test_reflow import HARROW, demo, demo_reviews  # noqa: F401 - the demo fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EDITOR = "editor@harrow.demo.ascent.invalid"
ADMIN = "dass@harrow.demo.ascent.invalid"


def person(email: str):
    return get_user_model().objects.get(email=email)


def url_of(live_server, name: str, review: Review | None = None, **kwargs) -> str:
    if review is not None:
        kwargs = {"review_id": review.pk, **kwargs}
    return live_server.url + reverse(f"reviews:{name}", kwargs={"gss_code": HARROW, **kwargs})


def scan(page, url: str, name: str, *, shows: str | None = None) -> None:
    """Open the page, check it answers 200 (and shows ``shows``), and scan it at both widths."""
    response = page.goto(url)
    assert response.status == 200, f"{name} ({url}) answered {response.status}"
    if shows:
        expect(page.locator("main")).to_contain_text(shows)
    check_accessibility(page, f"review-page-{name}")


def the_reviews():
    current = Review.objects.get(organisation__gss_code=HARROW, title=CURRENT_TITLE)
    teasc = Review.objects.filter(organisation__gss_code=HARROW, framework__isnull=False).get()
    return current, teasc


def test_the_host_editors_pages(page, live_server, demo_reviews):  # noqa: F811
    current, teasc = the_reviews()
    sign_in(page, live_server, person(EDITOR))

    # The Overview's reviews panel, and an element page with the approved findings tagged to it.
    scan(page, f"{live_server.url}/orgs/{HARROW}/", "overview-panel", shows="See the reviews")
    expect(page.get_by_role("heading", name="Reviews", exact=True)).to_be_visible()
    tagged = Finding.objects.filter(review=teasc, element__isnull=False, status=FindingStatus.APPROVED).first()
    scan(
        page,
        f"{live_server.url}/orgs/{HARROW}/self-assessment/elements/{tagged.element_id}/",
        "element-with-findings",
        shows="Findings and recommendations of reviews",
    )
    expect(page.locator(f"[data-element-findings] [data-finding='{tagged.pk}']")).to_be_visible()

    # The library with what the host shares, and the shared self-assessment.
    scan(page, url_of(live_server, "library", current), "library-host", shows="Shared with the team")
    expect(page.locator("[data-shared-indicators] tbody tr")).not_to_have_count(0)
    expect(page.locator("[data-library] tbody tr")).not_to_have_count(0)
    scan(page, url_of(live_server, "shared-assessment", current), "shared-assessment", shows="Ratings")

    # The edit forms, one of them sent back with an error.
    item = ScopeItem.objects.filter(review=current).order_by("position").first()
    member = TeamMember.objects.filter(review=current).order_by("position").first()
    activity = FieldworkActivity.objects.filter(review=current).first()
    met = PersonMet.objects.filter(review=current).first() or _person_met(current)
    library_item = LibraryItem.objects.filter(review=current).first()
    scan(page, url_of(live_server, "edit", current), "review-edit", shows="Change the review's details")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the review's title")
    check_accessibility(page, "review-page-review-edit-error")
    for name, url, shows in [
        ("scope-edit", url_of(live_server, "scope-edit", current, item_id=item.pk), "Change sub-area 1"),
        ("scope-add", url_of(live_server, "scope-add", current), "Add a sub-area"),
        ("team-edit", url_of(live_server, "team-edit", current, member_id=member.pk), f"Change {member.name}"),
        ("team-add", url_of(live_server, "team-add", current), "Add a team member"),
        ("team-access", url_of(live_server, "team-access", current), "How long the team may see the review"),
        ("activity-edit", url_of(live_server, "fieldwork-edit", current, activity_id=activity.pk), "Change"),
        ("person-edit", url_of(live_server, "people-edit", current, person_id=met.pk), "Change"),
        ("library-add", url_of(live_server, "library-add", current), "Add evidence files to the library"),
        ("library-upload", url_of(live_server, "library-upload", current), "Upload an evidence file"),
        ("library-share", url_of(live_server, "library-share", current), "Share a self-assessment"),
        ("indicators-add", url_of(live_server, "indicators-add", current), "Share indicators with the team"),
    ]:
        scan(page, url, name, shows=shows)

    # The delete confirmations.
    for name, url, shows in [
        ("scope-delete", url_of(live_server, "scope-delete", current, item_id=item.pk), "Delete item 1"),
        ("team-remove", url_of(live_server, "team-remove", current, member_id=member.pk), f"Remove {member.name}"),
        ("activity-delete", url_of(live_server, "fieldwork-delete", current, activity_id=activity.pk), "Yes"),
        ("person-delete", url_of(live_server, "people-delete", current, person_id=met.pk), "Yes, delete"),
        ("library-remove", url_of(live_server, "library-remove", current, item_id=library_item.pk), "Yes"),
    ]:
        scan(page, url, name, shows=shows)

    # The published letter's version, and (for Harrow's admin) publishing a corrected version.
    scan(page, url_of(live_server, "letter-version", teasc, version=1), "letter-version", shows="as published")
    expect(page.locator("section.app-letter")).to_contain_text("Recommendations")
    page.context.clear_cookies()
    sign_in(page, live_server, person(ADMIN))
    # A review the host records (no one on its team has an account): its admins correct the letter.
    scan(page, url_of(live_server, "letter-publish", teasc), "letter-publish-version-2", shows="Publish version 2")


def _person_met(review: Review) -> PersonMet:
    met = PersonMet(review=review, position=0, role="Director of adult social services")
    met.save()
    return met


def test_the_review_teams_pages(page, live_server, demo_reviews):  # noqa: F811
    current, _ = the_reviews()
    reviewer = person(REVIEWER_EMAIL)
    finding = Finding.objects.filter(review=current).order_by("position").first()
    recommendation = recommendation_actions.save_recommendation(
        current,
        by=reviewer,
        text="Publish the waiting times for a care act assessment each month, by locality.",
        findings=[finding],
    )
    note = TeamNote.objects.filter(review=current, author=reviewer).first()
    sign_in(page, live_server, reviewer)

    scan(page, url_of(live_server, "library", current), "library-team", shows="has shared these files")
    expect(page.locator("[data-shared-indicators] tbody tr")).not_to_have_count(0)
    page.get_by_role("link", name=re.compile(r"version \d+\)$")).click()
    expect(page.locator("main")).to_contain_text("shares this self-assessment with the review team")
    check_accessibility(page, "review-page-shared-assessment-team")

    for name, url, shows in [
        ("finding-edit", url_of(live_server, "finding-edit", current, finding_id=finding.pk), "Change a finding"),
        (
            "finding-delete",
            url_of(live_server, "finding-delete", current, finding_id=finding.pk),
            "Delete this finding?",
        ),
        (
            "recommendation-edit",
            url_of(live_server, "recommendation-edit", current, recommendation_id=recommendation.pk),
            "Change recommendation 1",
        ),
        (
            "recommendation-delete",
            url_of(live_server, "recommendation-delete", current, recommendation_id=recommendation.pk),
            "Delete recommendation 1?",
        ),
        (
            "recommendation-indicators",
            url_of(live_server, "recommendation-indicators", current, recommendation_id=recommendation.pk),
            "Indicators of recommendation 1",
        ),
        ("note-edit", url_of(live_server, "notes-edit", current, note_id=note.pk), "Change your note"),
        ("note-delete", url_of(live_server, "notes-delete", current, note_id=note.pk), "delete your note"),
        ("activity-add", url_of(live_server, "fieldwork-add", current), "Add an activity to the timetable"),
        ("person-add", url_of(live_server, "people-add", current), "Add a person or group the team met"),
        # The letter is the team's: its lead writes it; it is published once the host moves the review to reporting.
        ("letter-edit", url_of(live_server, "letter-edit", current), "Edit the letter's own parts"),
        ("letter-publish", url_of(live_server, "letter-publish", current), "can be published once Harrow moves"),
    ]:
        scan(page, url, name, shows=shows)

    # An indicator linked to the recommendation, with its baseline.
    page.goto(url_of(live_server, "recommendation-indicators", current, recommendation_id=recommendation.pk))
    page.get_by_label("Indicator").select_option(index=1)
    page.get_by_role("button", name="Link indicator").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is linked; its baseline is")
    check_accessibility(page, "review-page-recommendation-indicators-linked")

    # A finding's edit form sent back with an error.
    page.goto(url_of(live_server, "finding-edit", current, finding_id=finding.pk))
    page.get_by_label("Finding", exact=True).fill("")
    page.get_by_role("button", name="Save finding").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the finding")
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_accessibility(page, "review-page-finding-edit-error")


def test_the_invitation_page_for_a_new_person(page, live_server, demo_reviews):  # noqa: F811
    current, _ = the_reviews()
    host = person(EDITOR)
    member = team_actions.add_member(
        current,
        by=host,
        name="Sam Okafor",
        role="expert-by-experience",
        job_title="Expert by experience",
        home_organisation=None,
        home_organisation_name="Healthwatch Harrow",
        is_lead=False,
        email="sam.okafor@healthwatch.example",
    )
    tokens: list[str] = []

    def record(token: str) -> str:
        tokens.append(token)
        return f"{live_server.url}/review-invitations/{token}/"

    team_actions.invite_member(member, by=host, accept_url_builder=record)
    page.goto(f"{live_server.url}/review-invitations/{tokens[0]}/")
    expect(heading(page)).to_have_text("Create your account")
    expect(page.locator("main")).to_contain_text("sam.okafor@healthwatch.example")
    check_accessibility(page, "review-page-invitation-new-person")
    page.get_by_role("button", name="Create account and join the team").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "review-page-invitation-new-person-errors")
    page.get_by_label("Full name").fill("Sam Okafor")
    page.get_by_label("Create a password").fill("plum orchard lantern 48")
    page.get_by_label("Confirm your password").fill("plum orchard lantern 48")
    page.get_by_role("button", name="Create account and join the team").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your account is ready")
    expect(heading(page)).to_have_text(CURRENT_TITLE)
    check_accessibility(page, "review-page-invitation-accepted")


def letter_docx() -> bytes:
    """A short feedback letter as Word writes one: headings, numbered questions, bullets, recommendations."""
    from docx import Document

    document = Document()
    document.add_heading("Adult social care peer challenge: feedback letter", level=1)
    document.add_paragraph("Harrow Council, on site 7 to 9 March 2022.")
    document.add_heading("Scope", level=2)
    document.add_paragraph("The council asked the team to consider three questions:")
    for question in (
        "How well does the council support carers?",
        "How safe is the front door?",
        "How well does the council plan with the NHS?",
    ):
        document.add_paragraph(question, style="List Number")
    document.add_heading("The team", level=2)
    document.add_paragraph("Jane Smith, Director of Adult Social Services, Barnet Council (lead director)")
    document.add_paragraph("Tom Brown, Councillor, Brent Council (member peer)")
    document.add_heading("Strengths", level=2)
    document.add_paragraph("Staff are committed and know their communities well.", style="List Bullet")
    document.add_heading("Areas for development", level=2)
    document.add_paragraph("Carers wait too long for an assessment.", style="List Bullet")
    document.add_heading("Recommendations", level=2)
    document.add_paragraph("Recommendation 1: set a standard for carers' assessments.")
    document.add_paragraph("Recommendation 2: log every call to the front door.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_bringing_in_a_past_letter(page, live_server, harrow, editor):
    sign_in(page, live_server, editor)
    start = url_of(live_server, "import")
    scan(page, start, "import-start", shows="Bring in a past letter")
    page.get_by_role("button", name="Read the letter").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "review-page-import-start-error")

    page.get_by_label("Upload the letter").set_input_files(
        files=[
            {
                "name": "harrow-peer-challenge-2022.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": letter_docx(),
            }
        ]
    )
    page.get_by_role("button", name="Read the letter").click()
    expect(heading(page)).to_have_text("Check what we found in the letter")
    expect(page.locator("main")).to_contain_text("From the letter:")
    check_accessibility(page, "review-page-import-check")
    page.get_by_label("Title of the review").fill("")
    page.get_by_role("button", name="Save my corrections").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the review's title")
    check_accessibility(page, "review-page-import-check-error")
    page.get_by_label("Title of the review").fill("Adult social care peer challenge 2022")
    page.get_by_role("button", name="Accept and create the review").click()
    expect(heading(page)).to_have_text("Letter brought in")
    check_accessibility(page, "review-page-import-accepted")
    assert Review.objects.filter(organisation=harrow, title="Adult social care peer challenge 2022").exists()

    page.get_by_role("link", name="Undo this import").click()
    expect(heading(page)).to_have_text("Undo bringing in this letter")
    check_accessibility(page, "review-page-import-undo")
    page.get_by_role("button", name="Undo the import").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The import has been undone")
    check_accessibility(page, "review-page-import-undone")
    assert not Review.objects.filter(organisation=harrow).exists()

    # The upload page now lists the letter brought in before.
    page.goto(start)
    expect(page.get_by_role("table", name="Letters brought in before")).to_contain_text("harrow-peer-challenge-2022")
    check_accessibility(page, "review-page-import-start-earlier")
