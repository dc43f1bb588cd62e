"""Bringing in a past letter through the pages: upload, check and correct, accept, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ascent.reviews import import_actions
from ascent.reviews.models import (
    Finding,
    LetterImport,
    LetterVersion,
    Recommendation,
    Review,
    ScopeItem,
    Stage,
    TeamMember,
    TeamNote,
)

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


def test_undo_lists_each_later_change_and_needs_the_person_to_confirm(client, harrow, editor, accepted):
    recommendation = Recommendation.objects.filter(review=accepted.review).first()
    recommendation.response = "accepted"
    recommendation._history_user = editor
    recommendation.save()
    page = client.get(url("import-undo", harrow, import_id=accepted.pk))
    soup = BeautifulSoup(page.content, "html.parser")
    rows = [[cell.text.strip() for cell in row.select("td")] for row in soup.select("table tbody tr")]
    assert rows == [[f"A recommendation was changed: {recommendation}", "Editor Person", rows[0][2]]]
    assert rows[0][2].endswith(("am", "pm", "midday", "midnight")) and str(timezone.localdate().year) in rows[0][2]
    assert soup.select_one("input[name=confirm][type=checkbox]") is not None
    # Without ticking the box: an error on the box, and nothing undone.
    response = client.post(url("import-undo", harrow, import_id=accepted.pk))
    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    assert "Confirm that you understand these changes will be lost" in summary.text
    assert summary.select_one("a")["href"] == "#id_confirm"
    assert Review.objects.filter(pk=accepted.review_id).exists()
    with pytest.raises(ValidationError, match="confirm that you understand"):
        import_actions.undo(accepted, by=editor)
    assert Recommendation.objects.filter(pk=recommendation.pk, response="accepted").exists()


def test_undo_after_confirming_deletes_the_review_and_keeps_what_was_lost(client, harrow, editor, accepted):
    recommendation = Recommendation.objects.filter(review=accepted.review).first()
    recommendation.response = "accepted"
    recommendation._history_user = editor
    recommendation.save()
    added = Finding(review=accepted.review, kind="strength", text="Added by hand after the import")
    added._history_user = editor
    added.save()
    response = client.post(url("import-undo", harrow, import_id=accepted.pk), {"confirm": "on"})
    assert response.status_code == 302
    assert not Review.objects.exists() and not Finding.objects.exists() and not Recommendation.objects.exists()
    accepted.refresh_from_db()
    assert accepted.status == LetterImport.Status.UNDONE
    assert [change["what"] for change in accepted.lost_on_undo] == [
        f"A recommendation was changed: {recommendation}",
        "A finding was added: Added by hand after the import",
    ]
    assert {change["who"] for change in accepted.lost_on_undo} == {"Editor Person"}
    entry = accepted.history.latest()
    assert entry.history_user == editor and entry.history_change_reason == "Undone, losing 2 later changes on purpose"
    page = client.get(url("import-detail", harrow, import_id=accepted.pk)).content.decode()
    assert "2 later changes to the review were lost" in page
    assert "A finding was added: Added by hand after the import (Editor Person)" in page


def test_undo_with_no_later_changes_needs_no_confirmation(client, harrow, accepted):
    page = BeautifulSoup(client.get(url("import-undo", harrow, import_id=accepted.pk)).content, "html.parser")
    assert page.select_one("input[name=confirm]") is None and not page.select("table")
    assert client.post(url("import-undo", harrow, import_id=accepted.pk)).status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == LetterImport.Status.UNDONE and accepted.lost_on_undo == []


def test_team_notes_are_counted_on_the_undo_page_but_never_shown(client, harrow, editor, accepted):
    note = TeamNote(review=accepted.review, text="Private thoughts of the team")
    note.save()
    page = BeautifulSoup(client.get(url("import-undo", harrow, import_id=accepted.pk)).content, "html.parser").text
    assert "The team's own notes (1), which only the team may read" in page
    assert "Private thoughts" not in page


def test_an_undone_letter_can_be_accepted_again(harrow, editor, accepted):
    import_actions.undo(accepted, by=editor)
    review = import_actions.accept(accepted, by=editor)
    assert review.findings.count() == 7
    assert import_actions.changes_since(accepted) == []


def test_an_accepted_letter_cannot_be_accepted_twice(editor, accepted):
    with pytest.raises(Exception, match="already been accepted"):
        import_actions.accept(accepted, by=editor)
    assert Review.objects.count() == 1


# Accepting a letter: its dates, the letter as published, and the way back to the import ----------


def _accept_through_the_page(client, harrow, file_name, **changes):
    upload(client, harrow, file_name)
    record = LetterImport.objects.latest("created_at")
    page = client.get(url("import-detail", harrow, import_id=record.pk))
    response = client.post(url("import-detail", harrow, import_id=record.pk), {**form_data(page), **changes})
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    return record, page


def test_dates_are_pre_filled_as_people_type_them(client, harrow, editor):
    client.force_login(editor)
    upload(client, harrow, "word-topic-numbers.docx")
    record = LetterImport.objects.get()
    soup = BeautifulSoup(client.get(url("import-detail", harrow, import_id=record.pk)).content, "html.parser")
    assert soup.select_one("#id_on_site_from")["value"] == "4/2/2020"
    assert soup.select_one("#id_on_site_to")["value"] == "6/2/2020"
    assert soup.select_one("#id_letter_date")["value"] == "2/3/2020"


def test_an_accepted_letter_is_published_on_its_own_date_as_version_1(client, harrow, editor):
    client.force_login(editor)
    record, _page = _accept_through_the_page(client, harrow, "word-topic-numbers.docx", accept="1")
    review = record.review
    assert review.letter_date.isoformat() == "2020-03-02"
    assert timezone.localdate(review.published_at).isoformat() == "2020-03-02"
    version = LetterVersion.objects.get(review=review)
    assert version.version == 1 and version.published_at == review.published_at
    assert version.note == "Brought in from word-topic-numbers.docx (dated 2 March 2020)"
    assert version.content["title"] == review.title and len(version.content["findings"]) == 7
    letter = BeautifulSoup(client.get(url("letter", harrow, review_id=review.pk)).content, "html.parser")
    assert "has not been published yet" not in letter.text
    row = [cell.text.strip() for cell in letter.select("table tbody tr")[0].select("th, td")][:4]
    assert row == ["Version 1 Latest", "2 March 2020", "–", version.note]
    # Findings are linked to the scope questions their numbered headings restate.
    linked = Finding.objects.filter(review=review).values_list("heading", "scope_item__position")
    assert set(linked) == {("Hospital discharge", 0), ("Direct payments", 1), ("Keeping social workers", 2)}


def test_without_a_letter_date_the_last_day_on_site_is_the_publication_date(client, harrow, editor):
    client.force_login(editor)
    record, _page = _accept_through_the_page(client, harrow, "word-topic-numbers.docx", accept="1", letter_date="")
    assert timezone.localdate(record.review.published_at).isoformat() == "2020-02-06"
    assert record.review.letter_date is None


def test_with_no_date_at_all_the_publication_date_is_not_known(client, harrow, editor):
    client.force_login(editor)
    record, _page = _accept_through_the_page(
        client, harrow, "word-topic-numbers.docx", accept="1", letter_date="", on_site_from="", on_site_to=""
    )
    review = record.review
    assert review.published_at is None and review.stage == Stage.PUBLISHED
    version = LetterVersion.objects.get(review=review)
    assert version.published_at is None and "its date is not known" in version.note
    overview = BeautifulSoup(client.get(url("detail", harrow, review_id=review.pk)).content, "html.parser")
    rows = {row.dt.text.strip(): row.dd.text.strip() for row in overview.select(".govuk-summary-list__row")}
    assert rows["Letter published"] == "Date not known"
    letter = client.get(url("letter", harrow, review_id=review.pk)).content.decode()
    assert "Date not known" in letter


def test_the_overview_says_where_the_review_came_from_and_links_to_the_import(client, harrow, editor, viewer):
    client.force_login(editor)
    record, _page = _accept_through_the_page(client, harrow, "word-topic-numbers.docx", accept="1")
    overview = BeautifulSoup(client.get(url("detail", harrow, review_id=record.review_id)).content, "html.parser")
    rows = {row.dt.text.strip(): row.dd for row in overview.select(".govuk-summary-list__row")}
    accepted_on = timezone.localdate(record.accepted_at)
    assert rows["Brought in"].text.startswith(
        f"From word-topic-numbers.docx on {accepted_on.day} {accepted_on:%B} {accepted_on.year}"
    )
    assert rows["Brought in"].a["href"] == url("import-detail", harrow, import_id=record.pk)
    assert rows["Letter published"].text.strip() == "2 March 2020"
    assert rows["The team's access ends"].text.strip() == "No one on the team has an account"
    # A viewer reads where it came from, without a link to a page they may not open.
    client.force_login(viewer)
    overview = BeautifulSoup(client.get(url("detail", harrow, review_id=record.review_id)).content, "html.parser")
    brought_in = next(row for row in overview.select(".govuk-summary-list__row") if row.dt.text == "Brought in")
    assert brought_in.a is None and "word-topic-numbers.docx" in brought_in.text


def test_the_import_page_lists_earlier_imports_with_status_and_links(client, harrow, editor):
    client.force_login(editor)
    record, _page = _accept_through_the_page(client, harrow, "word-topic-numbers.docx", accept="1")
    upload(client, harrow, "text-key-line.txt")
    waiting = LetterImport.objects.latest("created_at")
    soup = BeautifulSoup(client.get(url("import", harrow)).content, "html.parser")
    rows = {row.td.a.text: row for row in soup.select("table tbody tr")}
    accepted_row = rows["word-topic-numbers.docx"]
    links = [a["href"] for a in accepted_row.select("a")]
    assert links == [
        url("import-detail", harrow, import_id=record.pk),
        url("detail", harrow, review_id=record.review_id),
        url("import-undo", harrow, import_id=record.pk),
    ]
    assert "Accepted" in accepted_row.text
    assert "Waiting for checking" in rows["text-key-line.txt"].text
    assert rows["text-key-line.txt"].td.a["href"] == url("import-detail", harrow, import_id=waiting.pk)


def test_a_key_line_of_enquiry_is_accepted_with_its_sub_areas(client, harrow, editor):
    client.force_login(editor)
    record, page = _accept_through_the_page(client, harrow, "text-key-line.txt", accept="1")
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("#id_scope_style option[selected]")["value"] == "key-line"
    review = record.review
    assert review.scope_style == "key-line" and review.kind == "safeguarding-peer-review"
    assert review.key_line_of_enquiry == "To what extent are adults at risk in Eastwick protected from harm?"
    assert list(ScopeItem.objects.filter(review=review).values_list("kind", flat=True)) == ["sub-area"] * 3
    assert TeamMember.objects.get(review=review, name="Beth Carver").home_organisation_name == "LGA"
