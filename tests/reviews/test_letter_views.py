"""The letter's pages and downloads: the draft, its own parts, publishing, versions; read back from DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pdfplumber
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from ascent.jobs.models import Job
from ascent.reviews import letter as letters
from ascent.reviews.models import Finding, FindingKind, LetterVersion, Stage
from ascent.reviews.tasks import produce_letter_pdf

from .letter_world import QUESTIONS, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow, reviewer, admin_user):
    return make_review(harrow, lead_user=reviewer, granted_by=admin_user)


def url(name, review, **extra):
    return reverse(name, kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk, **extra})


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_letter_page_shows_the_draft_with_headings_under_the_page_s_own(client, review, viewer):
    client.force_login(viewer)
    page = soup(client.get(url("reviews:letter", review)))
    assert len(page.find_all("h1")) == 1
    letter = page.find("section", class_="app-letter")
    assert letter.find("h2").get_text(strip=True) == review.title
    assert [h.get_text(strip=True) for h in letter.find_all("h3")][:3] == [
        "Introduction and thanks",
        "Scope",
        "The team",
    ]
    assert "Strength 1 on question 1" in letter.get_text()
    # A host viewer may read it but not change or publish it.
    assert page.find("a", string="Edit the letter's own parts") is None
    assert page.find("a", string="Publish the letter") is None


def test_the_letter_page_takes_a_fixed_number_of_queries(
    client, harrow, reviewer, admin_user, viewer, django_assert_max_num_queries
):
    small = make_review(harrow, lead_user=reviewer, granted_by=admin_user)
    big = make_review(harrow, findings_per_kind=10, extra_recommendations=30)
    client.force_login(viewer)
    for review in (small, big):
        with django_assert_max_num_queries(22):
            assert client.get(url("reviews:letter", review)).status_code == 200


def test_the_letter_page_warns_of_findings_waiting_for_approval(client, review, reviewer):
    Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="Waiting")
    client.force_login(reviewer)
    page = soup(client.get(url("reviews:letter", review)))
    assert "1 finding is waiting for approval" in page.find(class_="govuk-warning-text").get_text(" ", strip=True)
    assert page.find("a", string="Publish the letter") is not None


def test_the_team_edits_the_letter_s_own_parts(client, review, reviewer):
    client.force_login(reviewer)
    data = {"letter_date": "14/7/2026", "addressee": "Jo Host", "introduction": "Thanks to all.", "conclusion": ""}
    response = client.post(url("reviews:letter-edit", review), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.letter_date == dt.date(2026, 7, 14)
    assert review.addressee == "Jo Host" and review.conclusion == ""
    assert review.history.first().history_user == reviewer


def test_a_bad_letter_date_is_named_in_the_error_summary(client, review, reviewer):
    client.force_login(reviewer)
    response = client.post(url("reviews:letter-edit", review), {"letter_date": "31/2/2026"})
    assert response.status_code == 200
    summary = soup(response).find(class_="govuk-error-summary")
    link = summary.find("a")
    assert link.get_text() == "Date of the letter must be a real date, like 11/7/2026"
    assert link["href"] == "#id_letter_date"
    review.refresh_from_db()
    assert review.letter_date == dt.date(2026, 7, 11)


def test_publishing_from_the_page_keeps_version_one(client, review, reviewer):
    client.force_login(reviewer)
    ends = timezone.localdate() + dt.timedelta(days=20)
    response = client.post(url("reviews:letter-publish", review), {"team_access_ends_on": ends.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.stage == Stage.PUBLISHED
    page = soup(client.get(url("reviews:letter", review)))
    assert page.find("a", string="Version 1") is not None


def test_the_publish_and_edit_forms_show_their_dates_as_people_type_them(client, review, reviewer):
    review.team_access_ends_on = timezone.localdate() + dt.timedelta(days=30)
    review.save()
    ends = review.team_access_ends_on
    client.force_login(reviewer)
    publish = soup(client.get(url("reviews:letter-publish", review)))
    assert publish.select_one("#id_team_access_ends_on")["value"] == f"{ends.day}/{ends.month}/{ends.year}"
    edit = soup(client.get(url("reviews:letter-edit", review)))
    assert edit.select_one("#id_letter_date")["value"] == "11/7/2026"


def test_publishing_with_unapproved_findings_says_how_many(client, review, reviewer):
    Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="Waiting")
    client.force_login(reviewer)
    ends = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(url("reviews:letter-publish", review), {"team_access_ends_on": ends})
    assert response.status_code == 200
    summary = soup(response).find(class_="govuk-error-summary").get_text(" ", strip=True)
    assert "1 finding is still waiting for approval" in summary
    assert not LetterVersion.objects.exists()


def test_after_publication_only_the_lead_corrects_the_letter(client, review, reviewer, admin_user):
    from ..factories import UserFactory
    from .fieldwork_world import seat

    peer = UserFactory(full_name="Peer Person")
    seat(review, peer, by=admin_user)
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate() + dt.timedelta(days=30))
    client.force_login(peer)
    assert client.get(url("reviews:letter", review)).status_code == 200
    refused = client.get(url("reviews:letter-edit", review))
    assert refused.status_code == 403
    assert "The review has been published: the team can read it but not change it." in refused.content.decode()
    assert client.post(url("reviews:letter-publish", review), {}).status_code == 403

    client.force_login(reviewer)
    page = soup(client.get(url("reviews:letter", review)))
    assert page.find("a", string="Correct the letter's own parts") is not None
    assert page.find("a", string="Publish a new version") is not None
    client.post(url("reviews:letter-edit", review), {"conclusion": "Corrected by the lead."})
    form = soup(client.get(url("reviews:letter-publish", review)))
    assert form.find(id="id_team_access_ends_on") is None  # a correction keeps the team's date
    response = client.post(url("reviews:letter-publish", review), {"note": "Corrected the conclusion"})
    assert response.status_code == 302
    assert LetterVersion.objects.get(review=review, version=2).published_by == reviewer


@pytest.mark.parametrize("who", ["editor", "admin_user", "superuser"])
def test_the_host_is_offered_nothing_of_a_team_s_letter_and_told_why(client, request, review, reviewer, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    page = soup(client.get(url("reviews:letter", review)))
    assert page.find("a", href=url("reviews:letter-edit", review)) is None
    assert page.find("a", href=url("reviews:letter-publish", review)) is None
    refused = client.get(url("reviews:letter-edit", review))
    assert refused.status_code == 403
    text = soup(refused).find("main").get_text(" ", strip=True)
    assert "Only the review team can write the letter." in text
    assert "Your role in this organisation" not in text
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    refused = client.get(url("reviews:letter-publish", review))
    assert refused.status_code == 403
    assert "Only the team's lead, while the team may still see the review, can correct the published letter." in (
        soup(refused).find("main").get_text(" ", strip=True)
    )


def test_no_publish_button_before_reporting(client, review, reviewer):
    review.stage = Stage.FIELDWORK
    review.save(update_fields=["stage"])
    client.force_login(reviewer)
    page = soup(client.get(url("reviews:letter", review)))
    assert page.find("a", href=url("reviews:letter-publish", review)) is None
    said = page.find(attrs={"data-publish-later": True}).get_text(" ", strip=True)
    assert said == f"The letter can be published once {review.organisation.name} moves the review to reporting."
    publish_page = soup(client.get(url("reviews:letter-publish", review)))
    assert publish_page.find("form", id="main-form") is None
    assert publish_page.find(attrs={"data-too-early": True}) is not None


def test_after_the_team_s_end_date_the_letter_is_a_404_to_them(client, review, reviewer):
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    grant = review.team.get(is_lead=True).grant
    type(grant).objects.filter(pk=grant.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=10), ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(reviewer)
    assert client.get(url("reviews:letter", review)).status_code == 404
    assert client.get(url("reviews:letter-version", review, version=1)).status_code == 404


def test_an_unknown_format_or_version_is_a_404(client, review, viewer):
    client.force_login(viewer)
    assert client.get(url("reviews:letter-download", review, fmt="xlsx")).status_code == 404
    assert client.get(url("reviews:letter-version", review, version=3)).status_code == 404


# Reading the downloads back ---------------------------------------------------------------------


def test_the_docx_reads_back_with_headings_findings_and_numbered_recommendations(client, review, viewer):
    client.force_login(viewer)
    response = client.get(url("reviews:letter-download", review, fmt="docx"))
    assert response["Content-Disposition"].startswith('attachment; filename="adult-social-care-peer-challenge')
    word = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert {"Introduction and thanks", "Scope", "The team", "Findings", f"1. {QUESTIONS[0]}", "Strengths"} <= set(
        headings
    )
    assert "Areas for consideration" in headings and "Recommendations" in headings
    texts = [p.text for p in word.paragraphs]
    assert "Consider 2 on question 2: the team saw this in practice." in texts
    # The letter greets its addressee straight after the introduction's heading.
    assert texts[texts.index("Introduction and thanks") + 1] == "Dear Director of Adult Social Services,"
    # The recommendations are Word numbered lists: 1 to 4, two bullets, then one restarting at 5.
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    recommendations = [
        p for p in numbered if p.text in {"Analyse the demand on the advice team", "Refresh the workforce plan"}
    ]
    numbering = word.part.numbering_part.element
    starts = []
    for paragraph in recommendations:
        num_id = paragraph._p.pPr.numPr.numId.val
        num = numbering.num_having_numId(num_id)
        starts.append(num.lvlOverride_lst[0].startOverride.val)
    assert starts == [1, 5]
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert "Consider a named lead for carers" in bullets
    assert word.tables[1].rows[1].cells[0].text == "Pat Lead"


def test_the_pdf_reads_back_with_headings_findings_and_numbered_recommendations(client, review, viewer):
    client.force_login(viewer)
    job_url = client.post(url("reviews:letter-pdf", review))["Location"]
    job = Job.objects.get()
    produce_letter_pdf.call(job.pk)
    response = client.get(job_url + "download/")
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(b"".join(response.streaming_content))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    lines = [line.strip() for line in text.splitlines()]
    for heading in (
        "Introduction and thanks",
        "Scope",
        "The team",
        "Executive summary",
        "Recommendations",
        "Conclusion",
    ):
        assert heading in lines
    assert "Strength 2 on question 3: the team saw this in practice." in text
    assert lines[lines.index("Introduction and thanks") + 1] == "Dear Director of Adult Social Services,"
    assert "1. Analyse the demand on the advice team" in lines
    assert "4. Join up performance and finance reports" in lines
    assert "5. Refresh the workforce plan" in lines
    assert "Appendix: people and groups the team met" in lines


def test_a_published_version_downloads_as_published_after_later_changes(client, review, reviewer, admin_user):
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    review.refresh_from_db()
    letters.update_letter(review, by=reviewer, conclusion="Changed after publication.")
    client.force_login(admin_user)
    response = client.get(url("reviews:letter-version-download", review, version=1, fmt="docx"))
    assert response["Content-Disposition"].endswith('-version-1.docx"')
    texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "We hope the letter helps the council plan its next steps." in texts
    assert "Changed after publication." not in texts
    draft = client.get(url("reviews:letter-download", review, fmt="html"))
    assert b"Changed after publication." in draft.content
    page = soup(client.get(url("reviews:letter-version", review, version=1)))
    assert "We hope the letter helps" in page.find("section", class_="app-letter").get_text()
