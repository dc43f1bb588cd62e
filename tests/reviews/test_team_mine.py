"""Reviews you sit on (/reviews/), and the home page sending a reviewer with no council there."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.reviews.models import Review, Stage

from .team_world import make_review, review_url, seat

pytestmark = pytest.mark.django_db


def rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in soup.select("tbody tr")]


def test_it_lists_each_review_with_its_host_stage_and_what_you_may_do(
    client, harrow, herefordshire, editor, outsider, reviewer
):
    working = make_review(harrow, title="Harrow peer challenge", on_site_from=dt.date(2026, 12, 7), on_site_to=None)
    seat(working, reviewer, by=editor, lead=True)
    finished = make_review(herefordshire, title="Herefordshire assurance review", stage=Stage.FIELDWORK)
    seat(finished, reviewer, by=outsider, lead=False)
    Review.objects.filter(pk=finished.pk).update(stage=Stage.PUBLISHED)
    client.force_login(reviewer)
    response = client.get(reverse("reviews:mine"))
    assert response.status_code == 200
    harrow_row = next(row for row in rows(response) if row[0].startswith("Harrow"))
    herefordshire_row = next(row for row in rows(response) if row[0].startswith("Herefordshire"))
    assert len(rows(response)) == 2
    assert harrow_row[1:4] == ["Harrow", "Fieldwork", "Officer peer (lead)"]
    assert harrow_row[4].startswith("Work on it, until ")
    assert "on site 7 December 2026" in harrow_row[0]
    assert herefordshire_row[1:3] == ["Herefordshire", "Published"]
    assert herefordshire_row[4].startswith("Read only, until ")
    link = BeautifulSoup(response.content, "html.parser").select_one("tbody a")["href"]
    assert link.startswith(f"/orgs/{harrow.gss_code}/reviews/{working.pk}/")


def test_it_costs_the_same_queries_for_many_reviews(client, harrow, editor, reviewer, django_assert_max_num_queries):
    for n in range(8):
        seat(make_review(harrow, title=f"Review {n}"), reviewer, by=editor)
    client.force_login(reviewer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reviews:mine"))
    assert len(rows(response)) == 8


def test_someone_on_no_team_is_told_how_they_join_one(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("reviews:mine"))
    assert "You are not on the team of any review at the moment" in response.content.decode()


def test_a_review_you_are_not_on_is_not_listed(client, harrow, editor, reviewer):
    make_review(harrow, title="Not yours")
    client.force_login(reviewer)
    assert "Not yours" not in client.get(reverse("reviews:mine")).content.decode()


def test_home_sends_a_reviewer_with_no_council_to_their_reviews(client, harrow, editor, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("core:home")).status_code == 200  # on no team yet: the welcome page
    seat(make_review(harrow), reviewer, by=editor)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:mine")


def test_home_still_sends_a_member_to_their_council(client, harrow, editor, viewer):
    seat(make_review(harrow, title="Own council's review"), viewer, by=editor)
    client.force_login(viewer)
    assert client.get(reverse("core:home"))["Location"] == harrow.get_absolute_url()


def test_a_regional_lead_on_a_team_keeps_their_region_page(client, harrow, editor, regional_lead):
    seat(make_review(harrow), regional_lead, by=editor)
    client.force_login(regional_lead)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "You are a regional lead" in response.content.decode()


def test_the_reviewer_reaches_the_review_from_their_list(client, harrow, editor, reviewer):
    review = make_review(harrow)
    seat(review, reviewer, by=editor)
    client.force_login(reviewer)
    response = client.get(review_url("reviews:team", review))
    assert response.status_code == 200
    assert "(you are on the team)" in response.content.decode()
