"""The reviews' open flags: the facts gathered from the database, the flags made, the queries pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ascent.assurance import registry
from ascent.core.registry import Registration
from ascent.reviews import flags
from ascent.reviews.models import (
    DevelopmentLabel,
    Finding,
    FindingKind,
    FindingStatus,
    LibraryItem,
    Recommendation,
    RecommendationKind,
    Response,
    Review,
    Stage,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def make_review(organisation, *, stage=Stage.PUBLISHED, published_on=TODAY - dt.timedelta(days=60), **fields):
    published_at = None
    if published_on is not None and stage in (Stage.PUBLISHED, Stage.FOLLOW_UP, Stage.CLOSED):
        published_at = timezone.make_aware(dt.datetime.combine(published_on, dt.time(10)))
    return Review.objects.create(
        organisation=organisation,
        title=fields.pop("title", "Peer challenge"),
        stage=stage,
        published_at=published_at,
        **fields,
    )


def recommend(review, number, *, response="", numbered=True, kind=RecommendationKind.RECOMMENDATION):
    return Recommendation.objects.create(
        review=review,
        position=number,
        number=number if numbered else None,
        is_numbered=numbered,
        kind=kind,
        text=f"Recommendation text {number}",
        response=response,
    )


def approved(review, *, evidence="", kind=FindingKind.DEVELOPMENT, heading="Advice and referral", **fields):
    return Finding.objects.create(
        review=review,
        kind=kind,
        heading=heading,
        text="What the team found.",
        evidence_references=evidence,
        status=fields.pop("status", FindingStatus.APPROVED),
        **fields,
    )


def url_of(name, review, fragment=""):
    try:
        url = reverse(name, kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk})
    except NoReverseMatch:  # that page is built by another part of the reviews app
        return ""
    return f"{url}#{fragment}" if fragment else url


def by_check(found):
    grouped = {}
    for flag in found:
        grouped.setdefault(flag.check.name, []).append(flag)
    return grouped


def test_an_unanswered_recommendation_is_flagged_after_the_set_time(harrow):
    review = make_review(harrow, title="Harrow peer challenge 2025", published_on=TODAY - dt.timedelta(days=28))
    waiting = recommend(review, 1)
    recommend(review, 2, response=Response.NOT_ACCEPTED)
    (flag,) = flags.open_flags(harrow, today=TODAY)
    assert flag.check.name == "reviews.no-response"
    assert flag.key == f"reviews.no-response:recommendation:{waiting.uid}"
    assert flag.subject == "Recommendation 1 — Harrow peer challenge 2025"
    assert "no response 28 days after the letter of 1 February 2026" in flag.detail
    assert flag.url == url_of("reviews:recommendations", review, f"recommendation-{waiting.uid}")
    assert flag.needs_answer and flag.extra["review_id"] == review.pk


def test_the_time_to_answer_follows_the_setting(harrow, settings):
    settings.ASCENT_REVIEW_RESPONSE_DAYS = 90
    review = make_review(harrow, published_on=TODAY - dt.timedelta(days=60))
    recommend(review, 1)
    assert flags.open_flags(harrow, today=TODAY) == []
    settings.ASCENT_REVIEW_RESPONSE_DAYS = 60
    assert [f.check.name for f in flags.open_flags(harrow, today=TODAY)] == ["reviews.no-response"]


def test_a_letter_brought_in_counts_from_its_date_then_from_the_last_day_on_site(harrow):
    dated = make_review(harrow, published_on=None, letter_date=dt.date(2014, 7, 11), title="Dated")
    recommend(dated, 1)
    undated = make_review(harrow, published_on=None, on_site_to=TODAY - dt.timedelta(days=10), title="Undated")
    recommend(undated, 1)
    found = flags.open_flags(harrow, today=TODAY)
    assert [flag.subject for flag in found] == ["Recommendation 1 — Dated"]
    assert "letter of 11 July 2014" in found[0].detail


def test_unnumbered_recommendations_and_key_priorities_are_named_as_the_letter_has_them(harrow):
    review = make_review(harrow, title="Review")
    recommend(review, 5, numbered=False)
    recommend(review, 2, kind=RecommendationKind.KEY_PRIORITY)
    subjects = {flag.subject for flag in flags.open_flags(harrow, today=TODAY)}
    assert subjects == {"Unnumbered recommendation — Review", "Key priority 2 — Review"}


@pytest.mark.parametrize("stage", [Stage.SCOPING, Stage.FIELDWORK, Stage.REPORTING, Stage.CLOSED])
def test_recommendations_of_a_review_not_published_or_closed_are_not_flagged(harrow, stage):
    review = make_review(harrow, stage=stage, published_on=TODAY - dt.timedelta(days=400))
    recommend(review, 1)
    assert flags.open_flags(harrow, today=TODAY) == []


def test_a_review_in_follow_up_is_still_checked(harrow):
    review = make_review(harrow, stage=Stage.FOLLOW_UP)
    recommend(review, 1, response=Response.ACCEPTED)
    assert [f.check.name for f in flags.open_flags(harrow, today=TODAY)] == ["reviews.no-actions"]


def test_accepted_recommendations_with_no_actions_flag_the_review_once(harrow):
    review = make_review(harrow, title="Harrow TEASC assurance review")
    recommend(review, 1, response=Response.ACCEPTED)
    recommend(review, 2, response=Response.PARTLY_ACCEPTED)
    recommend(review, 3, response=Response.NOT_ACCEPTED)
    (flag,) = flags.open_flags(harrow, today=TODAY)
    assert flag.check.name == "reviews.no-actions"
    assert flag.key == f"reviews.no-actions:review:{review.pk}"
    assert flag.subject == "Harrow TEASC assurance review"
    assert flag.detail == "None of the 2 accepted or partly accepted recommendations has an improvement plan action."
    assert flag.url == url_of("reviews:recommendations", review)


def action_counts(uids):
    """A stand-in for the improvement plan app's hook: two actions for the first uid asked about."""
    return {COUNTED[0]: 2} if COUNTED else {}


COUNTED: list = []


def test_actions_declared_by_another_app_answer_the_no_actions_check(harrow, monkeypatch):
    review = make_review(harrow)
    first = recommend(review, 1, response=Response.ACCEPTED)
    recommend(review, 2, response=Response.ACCEPTED)
    monkeypatch.setattr(f"{__name__}.COUNTED", [first.uid])
    monkeypatch.setattr(
        "ascent.core.registry.registrations",
        lambda: [("plans", Registration(recommendation_action_counts=[f"{__name__}.action_counts"]))],
    )
    assert flags.action_counts([first.uid]) == {first.uid: 2}
    (flag,) = flags.open_flags(harrow, today=TODAY)
    assert flag.detail == "1 of the 2 accepted recommendations has no improvement plan actions: Recommendation 2."


def test_with_no_app_declaring_actions_every_recommendation_counts_none(harrow):
    review = make_review(harrow)
    uid = recommend(review, 1, response=Response.ACCEPTED).uid
    assert flags.action_counts([uid]) == {uid: 0}
    assert flags.action_counts([]) == {}


def test_an_approved_finding_without_evidence_is_flagged_while_the_review_is_open(harrow):
    review = make_review(
        harrow, stage=Stage.FIELDWORK, title="Current review", development_label=DevelopmentLabel.CONSIDERATION
    )
    bare = approved(review)
    approved(review, evidence="Four calls made to the front door; two went to the answer machine")
    approved(review, status=FindingStatus.DRAFT)
    (flag,) = flags.open_flags(harrow, today=TODAY)
    assert flag.check.name == "reviews.finding-without-evidence"
    assert flag.key == f"reviews.finding-without-evidence:finding:{bare.pk}"
    assert flag.subject == "Area for consideration — Current review"
    assert flag.detail == (
        "Approved area for consideration (Advice and referral) with no evidence reference and no library file."
    )
    assert flag.url == url_of("reviews:findings", review, f"finding-{bare.pk}")


def test_on_a_review_with_a_team_the_flag_asks_the_host_to_ask_the_team(harrow, reviewer):
    from ascent.core.models import AccessGrant
    from ascent.reviews.models import TeamMember, TeamRole

    review = make_review(harrow, stage=Stage.FIELDWORK, title="Team review")
    grant = AccessGrant.objects.create(
        user=reviewer, record=review, level=AccessGrant.Level.EDIT, starts_on=TODAY, ends_on=TODAY, reason="Team"
    )
    TeamMember.objects.create(
        review=review, name="Lead", role=TeamRole.LEAD_DIRECTOR, is_lead=True, user=reviewer, grant=grant
    )
    approved(review)
    (flag,) = flags.open_flags(harrow, today=TODAY)
    assert flag.detail.endswith(
        "Only the review team can change its findings while the review is open: "
        "ask the team's lead to say what it rests on."
    )


def test_finding_flags_gives_one_review_s_flags_for_its_findings_page(harrow):
    review = make_review(harrow, stage=Stage.REPORTING)
    bare = approved(review)
    approved(review, evidence="Case files")
    found = flags.finding_flags(review, Finding.objects.filter(review=review).prefetch_related("evidence"))
    assert found == {
        bare.pk: "Approved area for development (Advice and referral) with no evidence reference and no library file."
    }
    review.stage = Stage.PUBLISHED
    assert flags.finding_flags(review, Finding.objects.filter(review=review)) == {}


def test_a_library_file_is_an_evidence_reference(harrow, tmp_path):
    from django.core.files.base import ContentFile

    from ascent.evidence.models import EvidenceFile

    review = make_review(harrow, stage=Stage.REPORTING)
    finding = approved(review, kind=FindingKind.STRENGTH, heading="")
    evidence = EvidenceFile(organisation=harrow, title="Scorecard", evidence_date=TODAY)
    evidence.file.save("scorecard.pdf", ContentFile(b"%PDF-1.4"), save=False)
    evidence.size = 8
    evidence.save()
    finding.evidence.add(LibraryItem.objects.create(review=review, evidence=evidence))
    assert flags.open_flags(harrow, today=TODAY) == []


def test_findings_of_a_published_review_or_brought_in_from_a_letter_are_not_flagged(harrow):
    from ascent.reviews.models import LetterImport

    published = make_review(harrow)
    approved(published)
    open_review = make_review(harrow, stage=Stage.REPORTING)
    brought_in = LetterImport.objects.create(
        organisation=harrow, source_name="letter.docx", source_kind="docx", text=""
    )
    approved(open_review, letter_import=brought_in)
    assert flags.open_flags(harrow, today=TODAY) == []


def test_a_finding_tagged_to_an_element_carries_it(harrow, shipped_frameworks):
    from ascent.frameworks.models import Element

    element = Element.objects.filter(framework=shipped_frameworks["teasc-risk-awareness"], is_rated=True).first()
    review = make_review(harrow, stage=Stage.FIELDWORK)
    approved(review, element=element)
    (flag,) = flags.open_flags(harrow, today=TODAY)
    assert flag.element_id == element.pk


def test_another_councils_reviews_never_show(harrow, herefordshire):
    theirs = make_review(herefordshire, stage=Stage.FIELDWORK)
    approved(theirs)
    recommend(make_review(herefordshire), 1)
    assert flags.open_flags(harrow, today=TODAY) == []
    assert len(flags.open_flags(herefordshire, today=TODAY)) == 2


def test_the_challenges_page_lists_the_reviews_flags(client, harrow, viewer):
    published_on = timezone.localdate() - dt.timedelta(days=40)
    review = make_review(harrow, title="Harrow peer challenge 2025", published_on=published_on)
    recommend(review, 7)
    client.force_login(viewer)
    response = client.get(reverse("assurance:index", kwargs={"gss_code": harrow.gss_code}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Recommendation with no response" in page
    assert "Recommendation 7 — Harrow peer challenge 2025" in page
    assert registry.open_flags(harrow)[0].check.name == "reviews.no-response"


def test_open_flags_costs_four_queries_however_many_reviews(harrow, django_assert_max_num_queries):
    for n in range(6):
        published = make_review(harrow, title=f"Published {n}")
        for number in range(1, 8):
            recommend(published, number, response=Response.ACCEPTED if number % 2 else "")
        current = make_review(harrow, stage=Stage.FIELDWORK, title=f"Open {n}")
        for _ in range(5):
            approved(current)
    # Three for the reviews, one for the improvement plans' count of actions per recommendation.
    with django_assert_max_num_queries(4):
        found = flags.open_flags(harrow, today=TODAY)
    assert len(by_check(found)["reviews.no-response"]) == 6 * 3
    assert len(by_check(found)["reviews.no-actions"]) == 6
    assert len(by_check(found)["reviews.finding-without-evidence"]) == 6 * 5


def test_a_council_with_no_reviews_costs_one_query(harrow, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert flags.open_flags(harrow) == []
