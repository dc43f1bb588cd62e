"""The recommendations pages: the list in order, adding, moving, responding and linking indicators."""

from __future__ import annotations

import pytest

from ascent.reviews.models import Recommendation, RecommendationBaseline, ReviewIndicator, Stage
from tests.indicators.factories import IndicatorFactory, series

from .findings_world import finding, make_review, recommendation, seat, soup, summary_errors, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow):
    return make_review(harrow)


@pytest.fixture
def lead(review):
    return seat(review, lead=True).user


def titles(response) -> list[str]:
    return [h.get_text(strip=True) for h in soup(response).select("[data-recommendation] .govuk-summary-card__title")]


def test_the_list_shows_each_label_in_order(client, review, viewer):
    for position, number in enumerate([1, 2, None, 3]):
        recommendation(review, f"R{position}", position=position, number=number)
    recommendation(review, "K", position=4, number=1, kind="key-priority")
    client.force_login(viewer)
    assert titles(client.get(url("reviews:recommendations", review))) == [
        "Recommendation 1",
        "Recommendation 2",
        "Unnumbered recommendation",
        "Recommendation 3",
        "Key priority 1",
    ]


def test_the_team_adds_one_linked_to_a_finding(client, review, lead):
    found = finding(review, "Carers wait too long")
    client.force_login(lead)
    response = client.post(
        url("reviews:recommendation-add", review),
        {"kind": "recommendation", "is_numbered": "on", "text": "Cut the wait", "findings": [found.pk]},
    )
    made = Recommendation.objects.get()
    assert response["Location"].endswith(f"#recommendation-{made.uid}")
    assert (made.number, list(made.findings.all())) == (1, [found])
    page = client.get(url("reviews:recommendations", review))
    assert "Carers wait too long" in soup(page).select_one("[data-recommendation]").get_text()


def test_an_empty_recommendation_is_shown_in_the_error_summary(client, review, lead):
    client.force_login(lead)
    response = client.post(url("reviews:recommendation-add", review), {"kind": "recommendation"})
    assert summary_errors(response) == {"id_text": "Enter the recommendation"}


def test_moving_through_the_page_renumbers(client, review, lead):
    first = recommendation(review, "First", position=0, number=1)
    recommendation(review, "Second", position=1, number=2)
    client.force_login(lead)
    client.post(url("reviews:recommendation-move", review, recommendation_id=first.pk), {"direction": "down"})
    first.refresh_from_db()
    assert first.number == 2
    client.post(url("reviews:recommendation-move", review, recommendation_id=first.pk), {"to": "1"})
    first.refresh_from_db()
    assert first.number == 1


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("9", "Enter a place from 1 to 2"),
        ("0", "The place to move it to must be 1 or more"),
        ("abc", "The place to move it to must be a whole number, like 3"),
        ("", "Choose up, down or a place to move it to"),
    ],
)
def test_a_move_that_cannot_be_made_says_why_in_an_error_summary(client, review, lead, place, message):
    first = recommendation(review, "First", position=0, number=1)
    recommendation(review, "Second", position=1, number=2)
    client.force_login(lead)
    response = client.post(url("reviews:recommendation-move", review, recommendation_id=first.pk), {"to": place})
    assert response.status_code == 400
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")
    [link] = page.select(".govuk-error-summary__list a")
    assert (link.get_text(), link["href"]) == (message, f"#move-to-{first.pk}")
    assert page.select_one(f"#move-to-{first.pk}-error").get_text(" ", strip=True) == f"Error: {message}"
    assert page.select(".govuk-notification-banner") == []
    first.refresh_from_db()
    assert first.position == 0


def test_moving_an_unnumbered_one_says_so_plainly(client, review, lead):
    recommendation(review, "First", position=0, number=1)
    loose = recommendation(review, "Loose", position=1, number=None)
    client.force_login(lead)
    response = client.post(
        url("reviews:recommendation-move", review, recommendation_id=loose.pk), {"direction": "up"}, follow=True
    )
    banner = soup(response).select_one(".govuk-notification-banner--success").get_text(" ", strip=True)
    assert "The unnumbered recommendation has been moved to place 1" in banner


def test_deleting_renumbers_through_the_page(client, review, lead):
    first = recommendation(review, "First", position=0, number=1)
    second = recommendation(review, "Second", position=1, number=2)
    client.force_login(lead)
    client.post(url("reviews:recommendation-delete", review, recommendation_id=first.pk))
    second.refresh_from_db()
    assert (Recommendation.objects.count(), second.number) == (1, 1)


def test_the_host_responds_with_a_reason_when_not_accepted(client, harrow, editor):
    review = make_review(harrow, stage=Stage.PUBLISHED)
    made = recommendation(review, "R", position=0, number=1)
    client.force_login(editor)
    respond = url("reviews:recommendation-respond", review, recommendation_id=made.pk)
    response = client.post(respond, {"response": "not-accepted", "reason": ""})
    assert summary_errors(response) == {"id_reason": "Enter why the recommendation is not accepted"}
    assert soup(response).title.get_text().startswith("Error: Respond to recommendation 1")
    assert not soup(client.get(respond)).title.get_text().startswith("Error")
    client.post(respond, {"response": "not-accepted", "reason": "Already done"})
    made.refresh_from_db()
    assert (made.response, made.response_reason) == ("not-accepted", "Already done")
    page = soup(client.get(url("reviews:recommendations", review)))
    assert page.select_one("[data-response]")["data-response"] == "not-accepted"


def test_the_team_and_viewers_may_not_respond(client, harrow, viewer):
    review = make_review(harrow, stage=Stage.PUBLISHED)
    lead = seat(review, lead=True).user
    made = recommendation(review, "R", position=0, number=1)
    for person in (viewer, lead):
        client.force_login(person)
        assert client.get(url("reviews:recommendation-respond", review, recommendation_id=made.pk)).status_code == 403


def test_a_response_before_publication_is_refused_on_the_form(client, review, editor):
    made = recommendation(review, "R", position=0, number=1)
    client.force_login(editor)
    response = client.post(
        url("reviews:recommendation-respond", review, recommendation_id=made.pk), {"response": "accepted"}
    )
    assert summary_errors(response) == {"id_response_0": "You can respond once the letter is published"}


def test_the_team_links_a_shared_indicator_and_sees_its_baseline(client, review, lead, harrow):
    shared = IndicatorFactory(code="SHARED-1", title="Shared measure")
    private = IndicatorFactory(code="PRIVATE-1", title="Not shared")
    series(harrow, shared, {"2022-23": "41.5"})
    ReviewIndicator.objects.create(review=review, indicator=shared)
    made = recommendation(review, "R", position=0, number=1)
    client.force_login(lead)
    page = url("reviews:recommendation-indicators", review, recommendation_id=made.pk)
    options = [option.get_text() for option in soup(client.get(page)).select("#id_indicator option")]
    assert options == ["Choose an indicator", "SHARED-1 Shared measure"]
    response = client.post(page, {"indicator": private.pk})
    assert "id_indicator" in summary_errors(response)
    client.post(page, {"indicator": shared.pk})
    assert soup(client.get(page)).select_one("[data-baseline=SHARED-1]").select("td")[0].get_text() == "41.5%"
    baseline = RecommendationBaseline.objects.get()
    client.post(page, {"remove": baseline.pk})
    assert not RecommendationBaseline.objects.exists()


def test_the_team_sees_no_baseline_of_an_indicator_not_shared(client, review, lead, editor, harrow):
    private = IndicatorFactory(code="PRIVATE-1")
    series(harrow, private, {"2022-23": "12"})
    made = recommendation(review, "R", position=0, number=1)
    RecommendationBaseline.objects.create(recommendation=made, indicator=private, value=12, period_code="2022-23")
    client.force_login(editor)
    assert soup(client.get(url("reviews:recommendations", review))).select("[data-baseline]")
    client.force_login(lead)
    assert not soup(client.get(url("reviews:recommendations", review))).select("[data-baseline]")


def test_the_list_takes_the_same_queries_for_many_recommendations(
    client, review, viewer, django_assert_max_num_queries
):
    found = finding(review)
    client.force_login(viewer)
    for n in range(3):
        recommendation(review, f"R{n}", position=n, number=n + 1).findings.add(found)
    with django_assert_max_num_queries(30) as few:
        client.get(url("reviews:recommendations", review))
    for n in range(3, 40):
        recommendation(review, f"R{n}", position=n, number=n + 1).findings.add(found)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("reviews:recommendations", review))
    assert len(titles(response)) == 40


def test_a_refusal_says_why_rather_than_blaming_the_person_s_role(client, review, lead, admin_user, reviewer):
    made = recommendation(review, "R", position=0, number=1)
    page = url("reviews:recommendation-indicators", review, recommendation_id=made.pk)
    client.force_login(admin_user)  # an admin of the host, refused because the team links indicators
    response = client.get(page)
    assert response.status_code == 403
    said = soup(response).select_one("main").get_text(" ", strip=True)
    assert "Only the review team can link indicators to a recommendation." in said
    assert "Your role in this organisation" not in said
    review.stage = Stage.PUBLISHED
    review.save(update_fields=["stage"])
    client.force_login(lead)  # on the team, from no council of the host's
    response = client.get(page)
    assert response.status_code == 403
    said = soup(response).select_one("main").get_text(" ", strip=True)
    assert "The review has been published: the team can read it but not change it." in said
    assert "organisation" not in said.split("Go to")[0]
