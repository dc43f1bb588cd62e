"""How a review's records read in the organisation's Activity feed: named as people name them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.core.audit import ActivityFeed
from ascent.reviews.models import LetterImport, PersonMet

from .findings_world import finding, make_review, recommendation, scope

pytestmark = pytest.mark.django_db


def titles(organisation) -> dict[str, str]:
    """{headline: title} of the newest entries."""
    return {entry.headline: entry.title for entry in ActivityFeed(organisation.pk)[:20]}


def test_recommendations_findings_and_imports_are_named_as_people_name_them(harrow):
    review = make_review(harrow, title="Harrow peer challenge")
    numbered = recommendation(review, "Work with the NHS", position=0, number=1)
    numbered.text = "Work with the NHS on discharge"
    numbered.save()
    finding(review, "Carers wait too long for an assessment", heading="Carers")
    LetterImport.objects.create(organisation=harrow, source_name="harrow-2014.docx", source_kind="docx", text="x")
    found = titles(harrow)
    assert found["Changed recommendation"] == "Recommendation 1 of Harrow peer challenge"
    assert found["Created finding"] == "Carers"
    assert found["Created letter import"] == "harrow-2014.docx"


def test_the_rest_are_named_by_their_words_not_their_ids(harrow):
    review = make_review(harrow, title="Harrow peer challenge")
    recommendation(review, "Consider publishing the directory in community languages", position=0, number=None)
    recommendation(review, "Act on it", position=1, number=2, kind="key-priority")
    finding(review, "People are listened to")
    scope(review, "How well does the council know its carers?")
    PersonMet.objects.create(review=review, role="Director of adult social care", name="Jo Bloggs")
    summaries = [entry.title for entry in ActivityFeed(harrow.pk)[:20]]
    unnumbered = "“Consider publishing the directory in community languages” of Harrow peer challenge"
    assert f"The unnumbered recommendation {unnumbered}" in summaries
    assert "Key priority 2 of Harrow peer challenge" in summaries
    assert "People are listened to" in summaries
    assert "How well does the council know its carers?" in summaries
    assert "Director of adult social care (Jo Bloggs)" in summaries
    assert not [summary for summary in summaries if summary.split()[-1].isdigit()]


def test_the_activity_page_reads_them_in_full(client, harrow, admin_user):
    review = make_review(harrow, title="Harrow peer challenge")
    recommendation(review, "Work with the NHS", position=0, number=1)
    client.force_login(admin_user)
    response = client.get(reverse("organisations:activity", kwargs={"gss_code": harrow.gss_code}))
    text = BeautifulSoup(response.content, "html.parser").select_one("tbody").get_text(" ", strip=True)
    assert "Created recommendation Recommendation 1 of Harrow peer challenge" in text
