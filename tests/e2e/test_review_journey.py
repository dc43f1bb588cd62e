"""Browser journey of issue 11, end to end: a peer challenge from its scope to the council's response.

Harrow's editor sets up a peer challenge with three scope questions, adds a director from
Herefordshire to the team as its lead and invites her; she accepts through the emailed link,
records the fieldwork (an activity, a person met, a team note) and drafts a strength and an
area for development with their evidence. Harrow's editor cannot see the team's notes. The
lead approves the findings, writes the recommendations (two numbered, one not; moving one
renumbers them), and once Harrow has moved the review to reporting publishes the letter with
the date the team's access ends. The letter reads back with its findings and numbered
recommendations; Harrow answers each recommendation, and the lead now only reads the review.

Only the two councils and their people are made in the database; the invitation's link is
read from the email the service sent. Every page state gets an axe-core WCAG 2.2 AA scan at
1280 px and 320 px.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_review_journey.py
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ascent.organisations.models import Role
from ascent.reviews.models import Finding, Recommendation, Review, TeamNote
from tests.factories import PASSWORD, MembershipFactory, UserFactory

from .conftest import check_accessibility, expect_failed_resource, sign_in
from .test_journeys import download, heading

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Adult social care peer challenge 2026"
QUESTIONS = [
    "How well does the council know the people it supports and their carers?",
    "How safe are people who use services, and how well is safeguarding led?",
    "How well do the council and its partners plan for the future of care in Harrow?",
]
NOTE = "The front door answered the mystery shopper in under two minutes, but the call was not logged."
STRENGTH = "Staff know their communities well and speak warmly of the support from their managers."
DEVELOPMENT = "Carers' assessments are slow: some carers waited more than six months for one."
EVIDENCE = "Focus group with carers, 8 December; case file audit of 12 carers' assessments"


def banner(page):
    return page.locator(".govuk-notification-banner")


def tab(page, name: str):
    return page.get_by_role("navigation", name="Parts of this review").get_by_role("link", name=name, exact=True)


def error_summary(page):
    return page.locator(".govuk-error-summary")


def csrf_token(page) -> str:
    """The page's CSRF token (every signed-in page has one in its sign-out form)."""
    return page.locator("input[name='csrfmiddlewaretoken']").first.input_value()


def short(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def govuk(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_a_peer_challenge_from_its_scope_to_the_councils_response(page, live_server, harrow, editor, herefordshire):
    lead_user = MembershipFactory(
        organisation=herefordshire,
        role=Role.EDITOR,
        user=UserFactory(email="helen.price@herefordshire.example", full_name="Helen Price"),
    ).user
    today = timezone.localdate()
    on_site = today + dt.timedelta(days=14)

    # --- Harrow's editor sets up the review, leaving the form empty first. ---
    sign_in(page, live_server, editor)
    page.goto(live_server.url + reverse("reviews:index", kwargs={"gss_code": harrow.gss_code}))
    expect(heading(page)).to_have_text("Reviews")
    check_accessibility(page, "review-journey-index-empty")
    page.get_by_role("link", name="Set up a review").click()
    expect(heading(page)).to_have_text("Set up a review")
    check_accessibility(page, "review-journey-new")
    page.get_by_role("button", name="Set up the review").click()
    expect(error_summary(page)).to_contain_text("Choose the kind of review")
    expect(error_summary(page)).to_contain_text("Enter the review's title")
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_accessibility(page, "review-journey-new-errors")

    page.get_by_label("Peer challenge", exact=True).check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("First day on site").fill(short(on_site))
    page.get_by_label("Last day on site").fill(short(on_site + dt.timedelta(days=2)))
    page.get_by_label("Commissioned by").fill("London ADASS")
    page.get_by_label("Numbered scope questions").check()
    page.get_by_label("Areas for development").check()
    page.get_by_role("button", name="Set up the review").click()
    expect(banner(page)).to_contain_text(f"{TITLE} has been set up")
    expect(heading(page)).to_have_text(TITLE)
    review = Review.objects.get(organisation=harrow)
    check_accessibility(page, "review-journey-overview-scoping")

    # Three scope questions, through the Scope page.
    tab(page, "Scope").click()
    check_accessibility(page, "review-journey-scope-empty")
    for number, question in enumerate(QUESTIONS, 1):
        page.get_by_role("link", name="Add a scope question").click()
        if number == 1:
            page.get_by_role("button", name="Add the scope question").click()
            expect(error_summary(page)).to_contain_text("Enter the scope question")
            check_accessibility(page, "review-journey-scope-add-error")
        page.get_by_label("Scope question").fill(question)
        page.get_by_role("button", name="Add the scope question").click()
        expect(banner(page)).to_contain_text("The scope question has been added")
    scope_table = page.get_by_role("table", name="The scope questions in order")
    for number, question in enumerate(QUESTIONS, 1):
        expect(scope_table.get_by_role("row").nth(number)).to_contain_text(f"{number} {question}")
    check_accessibility(page, "review-journey-scope")

    # The team: a director from Herefordshire, who leads it, invited by email.
    tab(page, "Team").click()
    page.get_by_role("link", name="Add a team member").click()
    check_accessibility(page, "review-journey-team-add")
    page.get_by_label("Name", exact=True).fill("Helen Price")
    page.get_by_label("Lead director").check()
    page.get_by_label("Job title (optional)").fill("Director of Adults and Wellbeing, Herefordshire Council")
    page.get_by_label("Home council (optional)").select_option(label="Herefordshire")
    page.get_by_label("Lead of the team").check()
    page.get_by_label("Email address (optional)").fill(lead_user.email)
    page.get_by_role("button", name="Add to the team").click()
    expect(banner(page)).to_contain_text("Helen Price has been added to the team")
    team_table = page.get_by_role("table", name=re.compile("member of the team"))
    expect(team_table).to_contain_text("Not invited")
    page.get_by_role("button", name="Invite to the service (Helen Price)").click()
    expect(banner(page)).to_contain_text(f"Invitation sent to Helen Price at {lead_user.email}")
    expect(team_table).to_contain_text("Invited by Editor Person")
    check_accessibility(page, "review-journey-team-invited")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [lead_user.email]
    link = re.search(r"https?://\S+/review-invitations/\S+/", email.body).group(0)

    # The team goes on site: Harrow moves the review to fieldwork.
    tab(page, "Overview").click()
    page.get_by_role("button", name="Move to fieldwork").click()
    expect(banner(page)).to_contain_text("The review is now at fieldwork")

    # --- The Herefordshire director accepts the invitation, signing in on the way. ---
    page.context.clear_cookies()
    page.goto(link)
    expect(heading(page)).to_have_text(f"Join the team of {TITLE}")
    check_accessibility(page, "review-journey-invitation-sign-in")
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.fill("#id_username", lead_user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text(f"Join the team of {TITLE}")
    check_accessibility(page, "review-journey-invitation-accept")
    page.get_by_role("button", name="Accept and join the team").click()
    expect(banner(page)).to_contain_text(f"You are now on the team of {TITLE}")
    expect(heading(page)).to_have_text(TITLE)
    expect(page.locator(".govuk-caption-l")).to_contain_text("(you are on the team)")
    check_accessibility(page, "review-journey-overview-reviewer")
    # She sees the review and nothing else of Harrow.
    outside = live_server.url + reverse("organisations:overview", kwargs={"gss_code": harrow.gss_code})
    expect_failed_resource(page, outside)
    assert page.goto(outside).status == 404
    page.go_back()

    # Reviews you sit on.
    page.goto(live_server.url + reverse("reviews:mine"))
    seats = page.get_by_role("table", name="1 review")
    expect(seats).to_contain_text("Harrow")
    expect(seats).to_contain_text("Lead director")
    expect(seats).to_contain_text("Work on it")
    check_accessibility(page, "review-journey-mine")
    seats.get_by_role("link", name=TITLE).click()

    # --- Fieldwork: an activity, a person met, a team note. ---
    tab(page, "Fieldwork").click()
    check_accessibility(page, "review-journey-fieldwork-empty")
    page.get_by_role("link", name="Add an activity").click()
    page.get_by_role("button", name="Save the activity").click()
    expect(error_summary(page)).to_contain_text("Select what kind of activity it is")
    expect(error_summary(page)).to_contain_text("Enter the day of the activity")
    check_accessibility(page, "review-journey-activity-errors")
    page.get_by_label("Mystery-shopper exercise").check()
    page.get_by_label("Title").fill("Mystery shopper calls to the front door")
    page.get_by_label("Day", exact=True).fill(short(on_site))
    page.get_by_label("Starts at").fill("9:30")
    page.get_by_label("Ends at (optional)").fill("11am")
    page.get_by_label("Where (optional)").fill("Civic Centre, Station Road")
    page.get_by_label("Who takes part, by role (optional)").fill("Customer services advisers\nDuty social worker")
    page.get_by_label("Helen Price (lead director)").check()
    page.get_by_role("button", name="Save the activity").click()
    expect(banner(page)).to_contain_text("Mystery shopper calls to the front door has been added to the timetable")
    day_table = page.get_by_role("table", name=re.compile(govuk(on_site)))
    expect(day_table).to_contain_text("9:30am to 11am")
    expect(day_table).to_contain_text("Team: Helen Price")

    page.get_by_role("link", name="Add a person or group").click()
    page.get_by_label("Role, or the group").fill("Carers' forum")
    page.get_by_label("This is a group of people").check()
    page.get_by_label("Where the team met them (optional)").select_option(
        label="Mystery shopper calls to the front door"
    )
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("Carers' forum has been added to the people met")
    expect(page.get_by_role("table", name="People and groups the team met")).to_contain_text("Carers' forum (group)")
    check_accessibility(page, "review-journey-fieldwork")

    tab(page, "Team notes").click()
    check_accessibility(page, "review-journey-notes-empty")
    page.get_by_role("link", name="Add a note").click()
    page.get_by_label("Note").fill(NOTE)
    check_accessibility(page, "review-journey-note-add")
    page.get_by_role("button", name="Save the note").click()
    expect(banner(page)).to_contain_text("Your note has been saved")
    expect(page.locator("main")).to_contain_text(NOTE)
    check_accessibility(page, "review-journey-notes")
    note = TeamNote.objects.get(review=review)

    # --- Findings: a strength and an area for development, with their evidence. ---
    tab(page, "Findings").click()
    check_accessibility(page, "review-journey-findings-empty")
    page.get_by_role("link", name="Add a finding").click()
    page.get_by_role("button", name="Save finding").click()
    expect(error_summary(page)).to_contain_text("Choose whether it is a strength")
    expect(error_summary(page)).to_contain_text("Enter the finding")
    check_accessibility(page, "review-journey-finding-errors")
    page.get_by_label("Strength", exact=True).check()
    page.get_by_label("Under which part of the scope").select_option(index=1)
    page.get_by_label("Heading (optional)").fill("A workforce that knows its communities")
    page.get_by_label("Finding", exact=True).fill(STRENGTH)
    page.get_by_label("Evidence references (optional)").fill("Staff focus group, first day on site")
    page.get_by_role("button", name="Save finding").click()
    expect(banner(page)).to_contain_text("The finding has been added as a draft")

    page.get_by_role("link", name="Add a finding").click()
    page.get_by_label("Area for development").check()
    page.get_by_label("Under which part of the scope").select_option(index=1)
    page.get_by_label("Heading (optional)").fill("Carers' assessments")
    page.get_by_label("Finding", exact=True).fill(DEVELOPMENT)
    page.get_by_label("Evidence references (optional)").fill(EVIDENCE)
    page.get_by_role("button", name="Save finding").click()
    expect(page.locator("[data-counts]")).to_contain_text("2 findings, 2 waiting for the lead's approval")
    development = Finding.objects.get(review=review, kind="development")
    expect(page.locator(f"#finding-{development.pk}")).to_contain_text(EVIDENCE)
    check_accessibility(page, "review-journey-findings-draft")

    # --- Harrow's editor cannot see the team's notes, by any way in. ---
    page.context.clear_cookies()
    sign_in(page, live_server, editor)
    overview = live_server.url + reverse("reviews:detail", kwargs={"gss_code": harrow.gss_code, "review_id": review.pk})
    page.goto(overview)
    expect(tab(page, "Fieldwork")).to_be_visible()
    expect(tab(page, "Team notes")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(NOTE)
    page.goto(
        live_server.url + reverse("reviews:fieldwork", kwargs={"gss_code": harrow.gss_code, "review_id": review.pk})
    )
    expect(page.locator("main")).not_to_contain_text(NOTE)
    for name, kwargs in [
        ("reviews:notes", {}),
        ("reviews:notes-edit", {"note_id": note.pk}),
        ("reviews:notes-add", {}),
    ]:
        url = live_server.url + reverse(name, kwargs={"gss_code": harrow.gss_code, "review_id": review.pk, **kwargs})
        expect_failed_resource(page, url)
        response = page.goto(url)
        assert response.status == 404, f"{name} answered {response.status} to the host"
        expect(page.locator("main")).not_to_contain_text(NOTE)

    # --- The lead approves the findings and writes the recommendations. ---
    page.context.clear_cookies()
    sign_in(page, live_server, lead_user)
    page.goto(overview)
    tab(page, "Findings").click()
    for finding in Finding.objects.filter(review=review):
        page.locator(f"#finding-{finding.pk}").get_by_role("button", name="Approve this finding").click()
        expect(banner(page)).to_contain_text("The finding has been approved")
    expect(page.locator("[data-counts]")).to_have_text("2 findings.")
    expect(page.locator("[data-status='approved']")).to_have_count(2)
    check_accessibility(page, "review-journey-findings-approved")

    tab(page, "Recommendations").click()
    check_accessibility(page, "review-journey-recommendations-empty")
    recommendations = [
        ("Set a standard for the time a carer waits for an assessment, and report against it.", True),
        ("Log every call to the front door, including those resolved on the phone.", True),
        ("Consider a carers' champion in each locality team.", False),
    ]
    for text, numbered in recommendations:
        page.get_by_role("link", name="Add a recommendation").click()
        if not numbered:
            page.get_by_role("button", name="Save recommendation").click()
            expect(error_summary(page)).to_contain_text("Enter the recommendation")
            check_accessibility(page, "review-journey-recommendation-error")
            page.get_by_label("Numbered").uncheck()
        page.get_by_role("textbox", name="What the council should do").fill(text)
        page.get_by_label(re.compile("^Area for development: Carers' assessments")).check()
        page.get_by_role("button", name="Save recommendation").click()
    cards = page.locator("[data-recommendation]")
    expect(cards.locator("h3")).to_have_text(["Recommendation 1", "Recommendation 2", "Unnumbered recommendation"])
    check_accessibility(page, "review-journey-recommendations")
    # The front door one matters most: move it up. The two swap numbers, the uids stay.
    front_door = Recommendation.objects.get(review=review, text__startswith="Log every call")
    page.get_by_role("button", name="Move up recommendation 2").click()
    expect(banner(page)).to_contain_text("Moved to place 1: it is now Recommendation 1")
    expect(cards.locator("h3")).to_have_text(["Recommendation 1", "Recommendation 2", "Unnumbered recommendation"])
    expect(cards.first).to_have_attribute("data-recommendation", str(front_door.uid))
    expect(cards.first).to_contain_text("Log every call to the front door")
    expect(cards.nth(1)).to_contain_text("Set a standard for the time a carer waits")
    # And the unnumbered one to the top through "Move to place": the numbered ones keep their order.
    unnumbered = cards.nth(2)
    unnumbered.get_by_label(re.compile("^Move to place")).fill("1")
    unnumbered.get_by_role("button", name="Move unnumbered recommendation").click()
    expect(cards.locator("h3")).to_have_text(["Unnumbered recommendation", "Recommendation 1", "Recommendation 2"])
    check_accessibility(page, "review-journey-recommendations-moved")

    # --- Harrow moves the review to reporting; the lead publishes the letter. ---
    page.context.clear_cookies()
    sign_in(page, live_server, editor)
    page.goto(overview)
    page.get_by_role("button", name="Move to reporting").click()
    expect(banner(page)).to_contain_text("The review is now at reporting")
    check_accessibility(page, "review-journey-overview-reporting")

    page.context.clear_cookies()
    sign_in(page, live_server, lead_user)
    page.goto(overview)
    tab(page, "Letter").click()
    letter = page.locator("section.app-letter")
    expect(letter).to_contain_text(STRENGTH)
    expect(letter).to_contain_text(DEVELOPMENT)
    expect(letter).not_to_contain_text(NOTE)
    check_accessibility(page, "review-journey-letter-draft")
    page.get_by_role("link", name="Publish the letter").click()
    ends_on = today + dt.timedelta(days=90)
    page.get_by_label("Last day the team may read the review").fill("")
    page.get_by_role("button", name="Publish version 1").click()
    expect(error_summary(page)).to_contain_text("Enter the last day the team may read the review")
    check_accessibility(page, "review-journey-publish-error")
    page.get_by_label("Last day the team may read the review").fill(short(ends_on))
    page.get_by_role("button", name="Publish version 1").click()
    expect(banner(page)).to_contain_text("Version 1 of the letter has been published")
    expect(page.locator("main strong.govuk-tag").first).to_have_text("Published")
    versions = page.get_by_role("region", name="Published versions of the letter")
    expect(versions).to_contain_text("Version 1")
    check_accessibility(page, "review-journey-letter-published")
    review.refresh_from_db()
    assert review.stage == "published"
    assert review.team_access_ends_on == ends_on

    # The published letter, downloaded as a web page and opened: findings and numbered recommendations.
    name, content = download(page, versions.get_by_role("link", name="HTML of version 1"))
    assert name.endswith("-version-1.html"), name
    html = content.decode("utf-8")
    page.set_content(html)
    for text in (STRENGTH, DEVELOPMENT):
        expect(page.locator("body")).to_contain_text(text)
    # The numbered recommendations as a list numbered from 1 in their new order; the unnumbered one a bullet.
    numbered = page.locator("ol", has_text="Log every call to the front door")
    assert numbered.get_attribute("start") in (None, "1")
    expect(numbered.locator("li")).to_have_text(
        [
            "Log every call to the front door, including those resolved on the phone.",
            "Set a standard for the time a carer waits for an assessment, and report against it.",
        ]
    )
    expect(page.locator("ul", has_text="Consider a carers' champion")).to_have_count(1)

    # --- Harrow answers each recommendation, the partly and not accepted ones with a reason. ---
    page.context.clear_cookies()
    sign_in(page, live_server, editor)
    page.goto(overview)
    tab(page, "Recommendations").click()
    expect(page.locator("[data-counts]")).to_have_text("3 recommendations, 0 with the council's response.")
    check_accessibility(page, "review-journey-recommendations-to-answer")
    answers = [
        ("Recommendation 1", "Accepted", ""),
        ("Recommendation 2", "Partly accepted", "We will set the standard this year and report on it from April."),
        ("Unnumbered recommendation", "Not accepted", "Each locality already has a carers' lead worker."),
    ]
    for label, response, reason in answers:
        page.get_by_role("link", name=f"Respond to {label.lower()}").click()
        expect(page.get_by_role("heading", name=f"Respond to {label.lower()}")).to_be_visible()
        page.get_by_label(response, exact=True).check()
        if reason:
            page.get_by_role("button", name="Save response").click()
            expect(error_summary(page)).to_contain_text(f"Enter why the recommendation is {response.lower()}")
            check_accessibility(page, f"review-journey-respond-{response.lower().replace(' ', '-')}-error")
            page.get_by_label("Reason").fill(reason)
        page.get_by_role("button", name="Save response").click()
        # "Recommendation 1: ..." or "The unnumbered recommendation: ...".
        saved = re.compile(re.escape(f"{label}: your response ({response.lower()}) is saved"), re.IGNORECASE)
        expect(banner(page)).to_contain_text(saved)
    expect(page.locator("[data-counts]")).to_have_text("3 recommendations, 3 with the council's response.")
    responses = page.locator("[data-response]")
    expect(responses).to_have_count(3)
    expect(responses.nth(0)).to_contain_text("Not accepted")
    expect(responses.nth(0)).to_contain_text("Each locality already has a carers' lead worker.")
    expect(responses.nth(1)).to_contain_text("Accepted")
    expect(responses.nth(2)).to_contain_text("Partly accepted")
    expect(responses.nth(2)).to_contain_text("We will set the standard this year")
    check_accessibility(page, "review-journey-recommendations-answered")
    tab(page, "Overview").click()
    expect(page.locator("main")).to_contain_text("Not answered yet: 0")
    check_accessibility(page, "review-journey-overview-published")

    # --- The lead now reads the review, and changes nothing. ---
    page.context.clear_cookies()
    sign_in(page, live_server, lead_user)
    page.goto(live_server.url + reverse("reviews:mine"))
    expect(page.get_by_role("table", name="1 review")).to_contain_text(f"Read only, until {govuk(ends_on)}")
    page.goto(overview)
    for part, actions in [
        ("Fieldwork", ["Add an activity", "Add a person or group", "Change", "Delete"]),
        ("Team notes", ["Add a note", "Change", "Delete"]),
        ("Findings", ["Add a finding", "Change", "Delete", "Approve", "Return to draft"]),
        ("Recommendations", ["Add a recommendation", "Change", "Delete", "Move up", "Move down", "Respond"]),
        # The letter is the one exception: its lead may still correct it (a new version).
        ("Letter", ["Edit the letter's own parts"]),
    ]:
        tab(page, part).click()
        main = page.locator("main")
        for action in actions:
            expect(main.get_by_role("link", name=re.compile(f"^{action}"))).to_have_count(0)
            expect(main.get_by_role("button", name=re.compile(f"^{action}"))).to_have_count(0)
    expect(page.locator("section.app-letter")).to_contain_text(STRENGTH)
    check_accessibility(page, "review-journey-letter-read-only")
    # A change sent all the same is refused.
    token = csrf_token(page)
    development = Finding.objects.get(review=review, kind="development")
    for name, kwargs, data in [
        ("reviews:findings-add", {}, {"kind": "strength", "text": "Written after publication"}),
        ("reviews:finding-edit", {"finding_id": development.pk}, {"kind": "strength", "text": "Rewritten"}),
        ("reviews:notes-add", {}, {"text": "Written after publication"}),
        ("reviews:fieldwork-add", {}, {"kind": "interview", "title": "Late", "day": short(today), "starts": "9:00"}),
        ("reviews:recommendation-move", {"recommendation_id": front_door.pk}, {"direction": "down"}),
    ]:
        url = live_server.url + reverse(name, kwargs={"gss_code": harrow.gss_code, "review_id": review.pk, **kwargs})
        refused = page.request.post(url, form={"csrfmiddlewaretoken": token, **data}, max_redirects=0)
        assert refused.status == 403, f"{name} answered {refused.status} to the lead after publication"
    assert Finding.objects.filter(review=review).count() == 2
    assert TeamNote.objects.filter(review=review).count() == 1
    assert list(Recommendation.objects.filter(review=review).order_by("position").values_list("number", flat=True)) == [
        None,
        1,
        2,
    ]
