"""The demo reviews: Herefordshire's 2014 peer challenge, Harrow's 2016 assurance review and a current one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from ascent.core.models import AccessGrant
from ascent.reviews.demo import CURRENT_TITLE, DEMO_MARKER, load_demo_reviews
from ascent.reviews.flags import open_flags
from ascent.reviews.models import (
    ActivityKind,
    Finding,
    FindingKind,
    Recommendation,
    Response,
    Review,
    ScopeItem,
    Stage,
    TeamRole,
)

pytestmark = pytest.mark.django_db

HARROW = "E09000015"
HEREFORDSHIRE = "E06000019"


@pytest.fixture
def loaded(db):
    from ascent.organisations.demo import load_demo_people
    from ascent.organisations.reference import load_reference_data
    from tests.frameworks.factories import load_shipped

    load_reference_data()
    load_shipped()
    load_demo_people(password_factory=lambda: "demo-password")
    load_demo_reviews()


def _review(gss_code, kind):
    return Review.objects.select_related("organisation").get(organisation__gss_code=gss_code, kind=kind)


def test_herefordshire_2014_has_three_questions_and_the_seven_strong_team(loaded):
    review = _review(HEREFORDSHIRE, "peer-challenge")
    assert review.stage == Stage.PUBLISHED
    assert (review.on_site_from, review.on_site_to) == (dt.date(2014, 6, 24), dt.date(2014, 6, 26))
    assert review.letter_date == dt.date(2014, 7, 11)
    assert review.commissioning_region.code == "E12000005"
    assert review.lead_organisation.name == "Sandwell"
    questions = list(review.scope_items.order_by("position"))
    assert [q.kind for q in questions] == [ScopeItem.ItemKind.QUESTION] * 3
    team = list(review.team.order_by("position"))
    assert len(team) == 7
    roles = [member.role for member in team]
    assert roles.count(TeamRole.EXPERT_BY_EXPERIENCE) == 2
    assert [m.name for m in team if m.is_lead] == ["David Stevens"]
    assert all(member.user is None for member in team)  # recorded by the host
    assert {m.organisation_name for m in team} >= {"Sandwell", "Solihull", "Worcestershire", "Warwickshire"}
    assert review.activities.filter(kind=ActivityKind.MYSTERY_SHOPPER).count() == 1


def test_herefordshire_has_all_34_recommendations_two_unnumbered_between_4_and_7(loaded):
    review = _review(HEREFORDSHIRE, "peer-challenge")
    recommendations = list(review.recommendations.order_by("position"))
    assert len(recommendations) == 34
    numbers = [r.number for r in recommendations]
    assert numbers[:8] == [1, 2, 3, 4, None, None, 7, 8]
    assert numbers[8:] == list(range(9, 35))
    assert [r.label for r in recommendations[4:6]] == ["Unnumbered recommendation"] * 2
    assert not any(r.is_numbered for r in recommendations[4:6])
    # Each scope question has its recommendations: 1-16, 17-27, 28-34.
    per_question = [item.recommendations.count() for item in review.scope_items.order_by("position")]
    assert per_question == [16, 11, 7]
    assert all(r.findings.exists() for r in recommendations)
    # The host answered some: the partly and not accepted ones with a reason.
    answered = [r for r in recommendations if r.response]
    assert 0 < len(answered) < 34
    assert all(r.response_reason for r in answered if r.response != Response.ACCEPTED)


def test_herefordshire_findings_are_strengths_and_areas_for_consideration_per_question(loaded):
    review = _review(HEREFORDSHIRE, "peer-challenge")
    assert review.get_development_label_display() == "Areas for consideration"
    for item in review.scope_items.all():
        kinds = set(item.findings.values_list("kind", flat=True))
        assert kinds == {FindingKind.STRENGTH, FindingKind.DEVELOPMENT}
    assert not Finding.objects.filter(review=review, status="draft").exists()
    assert Finding.objects.filter(review=review, text__contains="£929,000").exists()


def test_harrow_2016_scopes_the_six_teasc_domains_with_ten_recommendations(loaded):
    review = _review(HARROW, "assurance-review")
    assert review.framework.slug == "teasc-risk-awareness"
    assert (review.on_site_from, review.on_site_to) == (dt.date(2016, 3, 15), dt.date(2016, 3, 17))
    items = list(review.scope_items.order_by("position").select_related("element"))
    assert [item.kind for item in items] == [ScopeItem.ItemKind.ELEMENT] * 6
    assert [item.element.title for item in items] == [
        "Leadership and governance",
        "Performance and outcomes",
        "Commissioning and quality",
        "National priorities and partnerships",
        "Resource and workforce management",
        "Culture and challenge",
    ]
    assert all(item.findings.exists() for item in items)
    assert all(f.element_id for f in review.findings.all())  # tagged: they show on the element pages
    recommendations = list(review.recommendations.order_by("position"))
    assert [r.number for r in recommendations] == list(range(1, 11))
    assert all(r.elements.exists() and r.response for r in recommendations)
    assert review.team.count() == 2
    assert review.people_met.count() == 16
    assert review.people_met.filter(is_group=True).count() == 1
    assert Finding.objects.filter(review=review, text__contains="83%").exists()


def test_the_current_review_has_the_demo_reviewer_on_its_team(loaded):
    review = Review.objects.get(organisation__gss_code=HARROW, title=CURRENT_TITLE)
    assert review.stage == Stage.FIELDWORK
    reviewer = get_user_model().objects.get(email="reviewer@demo.ascent.invalid")
    member = review.team.get(user=reviewer)
    assert member.is_lead and member.home_organisation.name == "Walsall"
    assert member.grant.level == AccessGrant.Level.EDIT and member.grant.is_current()
    assert list(Review.objects.sat_on_by(reviewer)) == [review]
    assert reviewer.has_perm("reviews.view_review", review)
    assert reviewer.has_perm("reviews.approve_findings", review)
    assert not reviewer.has_perm("reviews.view_reviews", review.organisation)
    assert review.notes.count() == 1
    assert review.on_site_from <= dt.date.today() + dt.timedelta(days=1)


def test_the_demo_shows_each_review_check(loaded):
    harrow = {
        flag.check.name for flag in open_flags(Review.objects.filter(organisation__gss_code=HARROW)[0].organisation)
    }
    assert harrow == {"reviews.no-actions", "reviews.finding-without-evidence"}
    herefordshire = _review(HEREFORDSHIRE, "peer-challenge")
    flags = open_flags(herefordshire.organisation)
    unanswered = herefordshire.recommendations.filter(response="").count()
    assert [f.check.name for f in flags].count("reviews.no-response") == unanswered > 0
    assert [f.check.name for f in flags].count("reviews.no-actions") == 1


def test_running_it_again_adds_nothing(loaded):
    counts = (Review.objects.count(), Recommendation.objects.count(), Finding.objects.count())
    grants = AccessGrant.objects.count()
    summary = load_demo_reviews()
    assert summary.count("already there") == 3
    assert (Review.objects.count(), Recommendation.objects.count(), Finding.objects.count()) == counts
    assert AccessGrant.objects.count() == grants


def test_a_later_run_renews_the_reviewers_seat(loaded):
    later = dt.date.today() + dt.timedelta(days=400)
    summary = load_demo_reviews(today=later)
    assert "reviewer's seat renewed" in summary
    review = Review.objects.get(title=CURRENT_TITLE)
    grant = review.team.get(user__email="reviewer@demo.ascent.invalid").grant
    assert grant.ends_on > later and review.team_access_ends_on == grant.ends_on


def test_a_councils_own_review_of_the_same_title_is_left_alone(loaded):
    Review.objects.filter(title=CURRENT_TITLE).delete()
    own = Review.objects.create(organisation=_review(HARROW, "assurance-review").organisation, title=CURRENT_TITLE)
    summary = load_demo_reviews()
    assert "left alone" in summary
    assert list(Review.objects.filter(title=CURRENT_TITLE)) == [own]
    assert not own.history.filter(history_change_reason=DEMO_MARKER).exists()


def test_the_demo_command_loads_the_reviews_and_prints_the_reviewers_seat(capsys):
    from ascent.organisations.reference import load_reference_data

    load_reference_data()
    call_command("demo")
    out = capsys.readouterr().out
    assert "Demo reviews: Herefordshire: Adult wellbeing peer challenge 2014 (published; added)" in out
    assert f'reviewer@demo.ascent.invalid leads the team of Harrow\'s review "{CURRENT_TITLE}"' in out
    assert Review.objects.count() == 3


@pytest.mark.parametrize("today", [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(7)])
def test_the_current_review_is_on_site_tuesday_to_thursday_with_its_first_day_past(db, today):
    from ascent.reviews.demo import _current_first_day

    first = _current_first_day(today)
    assert first.weekday() == 1 and first < today and today - first <= dt.timedelta(days=7)


def test_demo_times_and_team_rows_read_as_a_council_would_write_them(loaded):
    current = Review.objects.get(title=CURRENT_TITLE)
    assert all(a.starts_at.weekday() < 5 for a in current.activities.all())
    assert (current.on_site_from.weekday(), current.on_site_to.weekday()) == (1, 3)
    assert current.lead_organisation.name == "Walsall" and current.led_by != current.commissioned_by
    for review in Review.objects.all():
        for member in review.team.all():
            assert member.job_title != member.get_role_display()
        if review.letter_date:
            assert review.published_at.date() == review.letter_date
            approved = {f.approved_at.date() for f in review.findings.all()}
            assert approved == {review.on_site_to}
    # Recommendations read on their own, away from their findings.
    herefordshire = _review(HEREFORDSHIRE, "peer-challenge")
    assert "£929,000" in herefordshire.recommendations.get(number=19).text
    assert "learning disability" in herefordshire.recommendations.get(number=25).text
    assert "Deprivation of Liberty" in herefordshire.recommendations.get(number=26).text
