"""The evidence library and what the host shares with the team (ascent/reviews/library.py and
views/library.py): files the team may download, the shared self-assessment, shared indicators,
and the evidence page's block."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from ascent.evidence.actions import EvidenceInUse, delete_evidence_file
from ascent.evidence.models import EvidenceFile
from ascent.reviews import library
from ascent.reviews.models import Finding, LibraryItem, ReviewIndicator

from ..assessments.factories import self_assessment, teasc_framework
from ..evidence import samples
from ..indicators.factories import IndicatorFactory, field_errors, series
from .fieldwork_world import evidence, make_review, seat, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow, reviewer, admin_user):
    review = make_review(harrow)
    seat(review, reviewer, by=admin_user, is_lead=True, name="Reviewer Person")
    return review


@pytest.fixture
def item(review, contributor):
    (item,) = library.add_to_library(review, contributor, [evidence(review.organisation, by=contributor)])
    return item


def test_a_contributor_adds_the_councils_files_and_the_team_downloads_them(client, review, contributor, reviewer):
    survey = evidence(review.organisation, by=contributor)
    client.force_login(contributor)
    response = client.post(url("library-add", review), {"files": [survey.pk], "note": "Read before day one"})
    assert response.status_code == 302
    item = LibraryItem.objects.get(review=review)
    assert (item.evidence, item.note, item.added_by) == (survey, "Read before day one", contributor)
    assert item.history.get().history_user == contributor

    client.force_login(reviewer)
    page = BeautifulSoup(client.get(url("library", review)).content, "html.parser")
    row = page.select_one(f'tr[data-library-item="{item.pk}"]').get_text(" ", strip=True)
    assert "Carers' survey 2025" in row and "Read before day one" in row
    assert page.select_one(f'tr[data-library-item="{item.pk}"] a[href*="/evidence/"]') is None  # no host pages
    download = client.get(url("library-download", review, item_id=item.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="survey.csv"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == b"question,answer\nfront door,quick\n"


def test_the_team_reaches_no_file_outside_the_library(client, harrow, review, reviewer, item):
    kept = evidence(harrow, title="Kept back")
    other = make_review(harrow, title="Another review")
    (elsewhere,) = library.add_to_library(other, None, [kept])
    client.force_login(reviewer)
    assert client.get(url("library-download", review, item_id=elsewhere.pk)).status_code == 404
    for name in ("evidence:download", "evidence:detail"):
        assert client.get(reverse(name, args=[harrow.gss_code, item.evidence.pk])).status_code == 404
    assert client.get(url("library-add", review)).status_code == 403
    assert client.post(url("library-remove", review, item_id=item.pk)).status_code == 403


def test_the_add_page_offers_only_files_not_yet_in_the_library(client, harrow, review, contributor, item):
    evidence(harrow, title="Not yet shared")
    client.force_login(contributor)
    labels = [
        label.get_text(strip=True)
        for label in BeautifulSoup(client.get(url("library-add", review)).content, "html.parser").select(
            ".govuk-checkboxes__label"
        )
    ]
    assert labels == ["Not yet shared (data)"]


def test_choosing_nothing_is_refused_with_the_field_named(client, review, contributor):
    client.force_login(contributor)
    assert field_errors(client.post(url("library-add", review), {})) == {"files": "Select at least one evidence file"}


def test_files_of_another_council_or_already_held_are_refused(review, herefordshire, contributor, item):
    with pytest.raises(ValidationError) as other:
        library.add_to_library(review, contributor, [evidence(herefordshire)])
    assert other.value.message_dict == {"files": ["Select evidence files of the council"]}
    with pytest.raises(ValidationError) as again:
        library.add_to_library(review, contributor, [item.evidence])
    assert again.value.message_dict == {"files": ["Already in the library: Carers' survey 2025"]}
    assert LibraryItem.objects.count() == 1


def test_a_file_uploaded_straight_into_the_library_becomes_the_councils_evidence(client, harrow, review, contributor):
    client.force_login(contributor)
    response = client.post(
        url("library-upload", review),
        {
            "file": SimpleUploadedFile("minutes.pdf", samples.PDF),
            "title": "Safeguarding board minutes",
            "kind": "processes",
            "evidence_date": "1/3/2025",
            "note": "The March meeting",
        },
    )
    assert response.status_code == 302
    item = LibraryItem.objects.select_related("evidence").get(review=review)
    assert item.evidence.organisation == harrow
    assert item.evidence.content_type == "application/pdf"
    assert item.note == "The March meeting"
    # The library lists the file's date in full, as every page writes dates.
    page = client.get(url("library", review)).content.decode()
    assert "1 March 2025" in page and "1 Mar 2025" not in page


def test_a_refused_upload_saves_nothing(client, review, contributor):
    client.force_login(contributor)
    response = client.post(
        url("library-upload", review),
        {
            "file": SimpleUploadedFile("page.html", samples.HTML),
            "title": "A page",
            "kind": "data",
            "evidence_date": "1/3/2025",
        },
    )
    assert "file" in field_errors(response)
    assert not EvidenceFile.objects.exists()
    assert not LibraryItem.objects.exists()


def test_an_oversized_upload_is_refused_while_it_arrives(client, settings, review, contributor):
    settings.EVIDENCE_MAX_BYTES = 10
    client.force_login(contributor)
    response = client.post(
        url("library-upload", review),
        {
            "file": SimpleUploadedFile("big.csv", samples.CSV),
            "title": "Big",
            "kind": "data",
            "evidence_date": "1/3/2025",
        },
    )
    assert field_errors(response)["file"] == "The selected file must be smaller than 1 KB"
    assert not LibraryItem.objects.exists()


def test_removing_a_file_from_the_library_keeps_the_evidence(client, review, contributor, item):
    client.force_login(contributor)
    assert client.post(url("library-remove", review, item_id=item.pk)).status_code == 302
    assert not LibraryItem.objects.exists()
    assert EvidenceFile.objects.filter(pk=item.evidence_id).exists()


def test_a_file_a_finding_cites_stays_in_the_library(client, review, contributor, reviewer, item):
    finding = Finding.objects.create(review=review, kind="strength", text="Carers are heard")
    finding.evidence.add(item)
    with pytest.raises(ValidationError, match="1 finding cites this file"):
        library.remove_from_library(item, contributor)
    client.force_login(contributor)
    response = client.post(url("library-remove", review, item_id=item.pk), follow=True)
    assert "1 finding cites this file" in response.content.decode()
    assert LibraryItem.objects.filter(pk=item.pk).exists()


def test_a_file_in_a_library_cannot_be_deleted_from_the_evidence(review, editor, item):
    with pytest.raises(EvidenceInUse, match="1 review library"):
        delete_evidence_file(item.evidence, editor)


def test_the_library_page_costs_the_same_queries_however_many_files(
    client, harrow, review, contributor, reviewer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    library.add_to_library(review, contributor, [evidence(harrow, title="First")])
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as few:
        client.get(url("library", review))
    library.add_to_library(review, contributor, [evidence(harrow, title=f"File {n}") for n in range(8)])
    with django_assert_max_num_queries(len(few)):
        response = client.get(url("library", review))
    assert len(BeautifulSoup(response.content, "html.parser").select("tr[data-library-item]")) == 9


# --- The shared self-assessment ---------------------------------------------------------------------


@pytest.fixture
def assessment(harrow):
    return self_assessment(harrow, teasc_framework(), period="2015-16", ratings={"domain-1": (3, "Strong leadership")})


def test_an_editor_shares_a_self_assessment_and_the_team_reads_it(client, review, editor, reviewer, assessment):
    client.force_login(editor)
    assert client.post(url("library-share", review), {"assessment": assessment.pk}).status_code == 302
    review.refresh_from_db()
    assert review.shared_assessment == assessment
    client.force_login(reviewer)
    page = client.get(url("shared-assessment", review))
    assert page.status_code == 200
    assert b"Strong leadership" in page.content
    assert (
        client.get(reverse("assessments:detail", args=[review.organisation.gss_code, assessment.pk])).status_code == 404
    )


def test_with_nothing_shared_the_self_assessment_page_is_a_404(client, review, editor, reviewer, assessment):
    library.share_assessment(review, editor, assessment)
    client.force_login(editor)
    client.post(url("library-share", review), {"assessment": "none"})
    review.refresh_from_db()
    assert review.shared_assessment is None
    client.force_login(reviewer)
    assert client.get(url("shared-assessment", review)).status_code == 404


def test_sharing_none_is_a_choice_of_its_own_and_choosing_nothing_is_an_error(client, review, editor, assessment):
    library.share_assessment(review, editor, assessment)
    client.force_login(editor)
    page = BeautifulSoup(client.get(url("library-share", review)).content, "html.parser")
    options = {radio["value"]: radio.has_attr("checked") for radio in page.select("input[name=assessment]")}
    assert options == {str(assessment.pk): True, "none": False}
    label = page.select_one("label[for=id_assessment_1]").get_text(strip=True)
    assert label == "Do not share a self-assessment"
    response = client.post(url("library-share", review), {})
    assert field_errors(response) == {
        "assessment": "Select a self-assessment version to share, or Do not share a self-assessment"
    }
    review.refresh_from_db()
    assert review.shared_assessment == assessment


def test_another_councils_self_assessment_cannot_be_shared(client, review, editor, herefordshire):
    theirs = self_assessment(herefordshire, teasc_framework(slug="teasc-other"), period="2015-16")
    with pytest.raises(ValidationError) as refused:
        library.share_assessment(review, editor, theirs)
    assert list(refused.value.message_dict) == ["assessment"]
    client.force_login(editor)
    response = client.post(url("library-share", review), {"assessment": theirs.pk})
    assert field_errors(response) == {
        "assessment": "Select one of the council's self-assessment versions, or Do not share a self-assessment"
    }


def test_a_contributor_cannot_choose_what_is_shared(client, review, contributor):
    client.force_login(contributor)
    assert client.get(url("library-share", review)).status_code == 403
    assert client.get(url("indicators-add", review)).status_code == 403


# --- Shared indicators --------------------------------------------------------------------------------


def test_shared_indicators_show_the_latest_value_with_its_rating_and_trend(client, harrow, review, editor, reviewer):
    indicator = IndicatorFactory(code="ASCOF-1A", title="Quality of life", unit="score", polarity="higher_is_better")
    series(harrow, indicator, {"2021-22": "18.5", "2022-23": "19.1"})
    client.force_login(editor)
    assert client.post(url("indicators-add", review), {"indicators": [indicator.pk]}).status_code == 302
    client.force_login(reviewer)
    page = BeautifulSoup(client.get(url("library", review)).content, "html.parser")
    row = page.select_one('tr[data-shared-indicator="ASCOF-1A"]')
    text = row.get_text(" ", strip=True)
    assert "19.1" in text and "2022-23" in text
    assert "Getting better" in text
    assert row.select_one(".govuk-tag") is not None  # the rating is written in words, not colour only
    assert row.select_one("a") is None  # the indicator's page is the host's, closed to the team


def test_sharing_an_indicator_twice_changes_nothing_and_it_can_be_unshared(client, review, editor):
    indicator = IndicatorFactory(code="ASCOF-1B")
    assert len(library.share_indicators(review, editor, [indicator])) == 1
    assert library.share_indicators(review, editor, [indicator]) == []
    link = ReviewIndicator.objects.get(review=review)
    client.force_login(editor)
    assert client.post(url("indicators-remove", review, link_id=link.pk)).status_code == 302
    assert not ReviewIndicator.objects.exists()


def test_another_councils_own_indicator_cannot_be_shared(review, editor, herefordshire):
    theirs = IndicatorFactory(code="HERE-1", organisation=herefordshire)
    with pytest.raises(ValidationError) as refused:
        library.share_indicators(review, editor, [theirs])
    assert refused.value.message_dict == {"indicators": ["Select indicators the council uses"]}


# --- The evidence page's block -------------------------------------------------------------------------


def test_the_evidence_page_names_the_reviews_whose_library_holds_the_file(client, harrow, review, viewer, item):
    client.force_login(viewer)
    page = client.get(reverse("evidence:detail", args=[harrow.gss_code, item.evidence.pk]))
    section = BeautifulSoup(page.content, "html.parser").select_one("#reviews").find_next("ul")
    assert "Harrow peer challenge" in section.get_text()


def test_the_evidence_block_is_for_the_hosts_members_only(harrow, review, item, reviewer, outsider, viewer):
    request = RequestFactory().get("/")
    for person in (reviewer, outsider):
        request.user = person
        assert library.evidence_reviews_panel(request, harrow, item.evidence) is None
    request.user = viewer
    panel = library.evidence_reviews_panel(request, harrow, item.evidence)
    assert [found.review for found in panel["library_items"]] == [review]
