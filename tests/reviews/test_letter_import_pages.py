"""Bringing in a past letter through the pages: upload, check and correct, accept, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ascent.reviews import import_actions
from ascent.reviews.models import Finding, LetterImport, Recommendation, Review, ScopeItem, Stage, TeamMember

pytestmark = pytest.mark.django_db
LETTERS = Path(__file__).resolve().parent / "letters"


def url(name, org, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"gss_code": org.gss_code, **kwargs})


def upload(client, org, file_name, as_name=None):
    data = (LETTERS / file_name).read_bytes()
    return client.post(url("import", org), {"file": SimpleUploadedFile(as_name or file_name, data)})


def form_data(response) -> dict:
    """What the browser would send back from the detail page, unchanged."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id="main-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.name == "textarea":
            data[name] = field.text.strip("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen["value"]
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = "on"
        else:
            data[name] = field.get("value", "")
    return data


@pytest.fixture
def started(client, harrow, editor):
    client.force_login(editor)
    response = upload(client, harrow, "word-labelled.docx")
    record = LetterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("import-detail", harrow, import_id=record.pk)
    return record


def test_uploading_saves_a_proposal_and_no_review(started):
    assert started.source_kind == "docx"
    assert len(started.proposal["recommendations"]) == 8
    assert not Review.objects.exists()
    assert not Finding.objects.exists()


def test_the_detail_page_shows_each_item_with_its_passage(client, harrow, started):
    response = client.get(url("import-detail", harrow, import_id=started.pk))
    soup = BeautifulSoup(response.content, "html.parser")
    items = soup.select("fieldset.app-import-item")
    assert len(items) == 3 + 7 + 7 + 8
    mystery = next(item for item in items if "mystery-shopper" in item.select_one(".govuk-inset-text").text)
    assert mystery.legend.text.strip().startswith("Finding")


def test_saving_corrections_changes_the_proposal_only(client, harrow, started):
    page = client.get(url("import-detail", harrow, import_id=started.pk))
    data = form_data(page)
    data["recommendations_4_number"] = "5"
    data["findings_0_drop"] = "on"
    data["save"] = "1"
    response = client.post(url("import-detail", harrow, import_id=started.pk), data)
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.proposal["recommendations"][4]["number"] == 5
    assert len(started.proposal["findings"]) == 6
    assert started.status == LetterImport.Status.PROPOSED
    assert not Review.objects.exists()


def test_accepting_creates_the_review_and_its_records_in_one_go(client, harrow, editor, started):
    page = client.get(url("import-detail", harrow, import_id=started.pk))
    data = {**form_data(page), "accept": "1", "title": "Peer challenge 2014"}
    response = client.post(url("import-detail", harrow, import_id=started.pk), data)
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.title == "Peer challenge 2014"
    assert review.stage == Stage.PUBLISHED
    assert review.organisation == harrow
    assert review.development_label == "consideration"
    assert ScopeItem.objects.filter(review=review).count() == 3
    members = TeamMember.objects.filter(review=review)
    assert members.count() == 7 and not members.filter(user__isnull=False).exists()
    assert members.get(name="Helen Ward").is_lead
    findings = Finding.objects.filter(review=review)
    assert findings.count() == 7
    assert set(findings.values_list("status", flat=True)) == {"approved"}
    assert all(finding.source_passage and finding.letter_import_id == started.pk for finding in findings)
    recommendations = list(Recommendation.objects.filter(review=review))
    assert [(item.number, item.is_numbered) for item in recommendations][4:6] == [(None, False), (None, False)]
    assert recommendations[6].number == 7
    assert recommendations[0].history.first().history_user == editor
    started.refresh_from_db()
    assert started.status == LetterImport.Status.ACCEPTED and started.review == review


def test_a_missing_title_is_named_and_nothing_is_saved(client, harrow, started):
    page = client.get(url("import-detail", harrow, import_id=started.pk))
    data = {**form_data(page), "accept": "1", "title": ""}
    response = client.post(url("import-detail", harrow, import_id=started.pk), data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Enter the review's title" in soup.select_one(".govuk-error-summary").text
    assert not Review.objects.exists()


def test_an_item_with_no_text_must_be_filled_in_or_left_out(client, harrow, started):
    page = client.get(url("import-detail", harrow, import_id=started.pk))
    data = {**form_data(page), "accept": "1", "findings_2_text": ""}
    response = client.post(url("import-detail", harrow, import_id=started.pk), data)
    assert "Finding 3: enter its text, or leave it out" in response.content.decode()
    assert not Review.objects.exists()


def test_a_pdf_named_docx_is_read_as_a_pdf(client, harrow, editor):
    client.force_login(editor)
    upload(client, harrow, "pdf-priorities.pdf", as_name="letter.docx")
    assert LetterImport.objects.get().source_kind == "pdf"


def test_pasted_text_is_read(client, harrow, editor):
    client.force_login(editor)
    text = (LETTERS / "pasted-text.txt").read_text(encoding="utf-8")
    client.post(url("import", harrow), {"text": text})
    record = LetterImport.objects.get()
    assert record.source_kind == "text" and record.source_name == "Pasted text"
    assert len(record.proposal["team"]) == 3


def test_neither_file_nor_text_is_refused_with_a_message(client, harrow, editor):
    client.force_login(editor)
    response = client.post(url("import", harrow), {})
    assert "Select a Word document or a PDF, or paste the letter" in response.content.decode()
    assert not LetterImport.objects.exists()


def test_an_image_is_refused(client, harrow, editor):
    client.force_login(editor)
    response = client.post(
        url("import", harrow), {"file": SimpleUploadedFile("scan.docx", b"\x89PNG\r\n\x1a\n\x00\x00")}
    )
    assert response.status_code == 200
    assert "not a Word document" in response.content.decode()


def test_a_file_over_the_evidence_limit_is_refused(client, harrow, editor, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(editor)
    response = upload(client, harrow, "word-numbered.docx")
    assert "must be smaller than 1 KB" in response.content.decode()
    assert not LetterImport.objects.exists()


def test_a_viewer_may_not_bring_in_a_letter(client, harrow, viewer):
    client.force_login(viewer)
    assert client.get(url("import", harrow)).status_code == 403


def test_earlier_imports_are_listed_with_few_queries(client, harrow, editor, django_assert_max_num_queries):
    client.force_login(editor)
    for _ in range(3):
        import_actions.start(
            harrow, by=editor, source="# Strengths\nStaff are proud of their work here.", source_name="x"
        )
    with django_assert_max_num_queries(12):
        response = client.get(url("import", harrow))
    assert BeautifulSoup(response.content, "html.parser").select("table tbody tr").__len__() == 3


# Undo ---------------------------------------------------------------------------------------


@pytest.fixture
def accepted(started, editor):
    proposal = dict(started.proposal)
    proposal["review"] = {**proposal["review"], "stage": "published"}
    import_actions.save_corrections(started, proposal, by=editor)
    import_actions.accept(started, by=editor)
    started.refresh_from_db()
    return started


def test_undo_deletes_everything_the_import_made(client, harrow, accepted):
    response = client.post(url("import-undo", harrow, import_id=accepted.pk))
    assert response.status_code == 302
    assert not Review.objects.exists()
    assert not Finding.objects.exists() and not Recommendation.objects.exists()
    accepted.refresh_from_db()
    assert accepted.status == LetterImport.Status.UNDONE and accepted.review is None


def test_undo_is_refused_when_someone_changed_a_recommendation_since(client, harrow, editor, accepted):
    recommendation = Recommendation.objects.filter(review=accepted.review).first()
    recommendation.response = "accepted"
    recommendation._history_user = editor
    recommendation.save()
    response = client.post(url("import-undo", harrow, import_id=accepted.pk))
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary").text
    assert "A recommendation changed since: Recommendation 1" in text
    assert Review.objects.filter(pk=accepted.review_id).exists()


def test_undo_is_refused_when_someone_added_a_finding_since(client, harrow, editor, accepted):
    Finding.objects.create(review=accepted.review, kind="strength", text="Added by hand after the import")
    response = client.get(url("import-undo", harrow, import_id=accepted.pk))
    assert "A finding added since: Added by hand after the import" in response.content.decode()
    with pytest.raises(Exception, match="changed since it was brought in"):
        import_actions.undo(accepted, by=editor)
    assert Review.objects.filter(pk=accepted.review_id).exists()


def test_an_undone_letter_can_be_accepted_again(harrow, editor, accepted):
    import_actions.undo(accepted, by=editor)
    review = import_actions.accept(accepted, by=editor)
    assert review.findings.count() == 7
    assert import_actions.changes_since(accepted) == []


def test_an_accepted_letter_cannot_be_accepted_twice(editor, accepted):
    with pytest.raises(Exception, match="already been accepted"):
        import_actions.accept(accepted, by=editor)
    assert Review.objects.count() == 1
