"""The evidence pages: list, upload, one file, download and delete, and who gets what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ascent.evidence.actions import store_evidence_file
from ascent.evidence.models import EvidenceFile
from tests.factories import grant

from . import samples, scan_hooks  # noqa: F401  (scan_hooks is named by dotted path)
from .conftest import stored_names

pytestmark = pytest.mark.django_db


def url(name, organisation, evidence=None):
    kwargs = {"gss_code": organisation.gss_code}
    if evidence is not None:
        kwargs["evidence_id"] = evidence.pk
    return reverse(f"evidence:{name}", kwargs=kwargs)


def form_data(file, **changes):
    return {"title": "Carers' survey 2024", "kind": "people", "evidence_date": "31/3/2025", "file": file, **changes}


def test_a_contributor_uploads_a_file(client, harrow, contributor):
    client.force_login(contributor)
    response = client.post(url("upload", harrow), form_data(samples.upload(samples.png(), "chart.png", "image/png")))
    evidence = EvidenceFile.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", harrow, evidence)
    assert (evidence.title, evidence.kind, evidence.evidence_date) == (
        "Carers' survey 2024",
        "people",
        dt.date(2025, 3, 31),
    )
    assert evidence.content_type == "image/png" and evidence.created_by == contributor
    page = client.get(response["Location"]).content.decode()
    assert "Carers&#x27; survey 2024 has been uploaded" in page
    assert "PNG image" in page


def test_a_viewer_may_not_upload(client, harrow, viewer):
    client.force_login(viewer)
    response = client.post(url("upload", harrow), form_data(samples.upload(samples.PDF)))
    assert response.status_code == 403
    assert stored_names() == []


def test_a_file_that_is_really_html_is_refused_naming_what_it_is(client, harrow, editor):
    client.force_login(editor)
    response = client.post(url("upload", harrow), form_data(samples.upload(samples.HTML, "report.pdf")))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_file"' in page  # the summary links to the field
    assert "The selected file is an HTML page" in page
    assert stored_names() == [] and not EvidenceFile.objects.exists()


def test_a_zip_that_is_not_an_office_file_is_refused(client, harrow, editor):
    client.force_login(editor)
    response = client.post(url("upload", harrow), form_data(samples.upload(samples.plain_zip(), "x.docx")))
    assert "The selected file is a zip archive that is not an Office document" in response.content.decode()
    assert stored_names() == []


def test_an_oversized_upload_is_refused_while_it_arrives(client, harrow, editor, settings, monkeypatch):
    def not_reached(upload):
        raise AssertionError("the oversized file should have been skipped as it arrived, not handed to the form")

    monkeypatch.setattr("ascent.evidence.actions.check_file", not_reached)
    settings.EVIDENCE_MAX_BYTES = 2048
    client.force_login(editor)
    big = samples.upload(samples.PDF + b"\0" * 5000, "big.pdf")
    response = client.post(url("upload", harrow), form_data(big))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The selected file must be smaller than 2 KB" in page
    # The other fields still arrived: they are kept for the person.
    assert 'value="Carers&#x27; survey 2024"' in page
    assert stored_names() == []


def test_missing_fields_are_named(client, harrow, editor):
    client.force_login(editor)
    response = client.post(url("upload", harrow), {"title": "", "evidence_date": "31/13/2025"})
    page = response.content.decode()
    for message in (
        "Select a file",
        "Enter a title",
        "Select what kind of evidence this is",
        "Date of the evidence must be a real date, like 31/3/2025",
    ):
        assert message in page


def test_an_infected_upload_is_refused_and_nothing_is_stored(client, harrow, editor, settings):
    settings.EVIDENCE_SCAN_HOOK = "tests.evidence.scan_hooks.infected"
    client.force_login(editor)
    response = client.post(url("upload", harrow), form_data(samples.upload(samples.PDF)))
    assert "the virus scan found a threat" in response.content.decode()
    assert stored_names() == [] and not EvidenceFile.objects.exists()


def test_the_upload_page_is_still_protected_against_cross_site_requests(harrow, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(url("upload", harrow), form_data(samples.upload(samples.PDF)))
    assert response.status_code == 403
    assert stored_names() == []


def test_the_list_shows_each_file_with_its_kind_date_age_size_and_use(
    client, harrow, viewer, harrow_file, attach, django_assert_num_queries
):
    for index in range(5):
        store_evidence_file(
            harrow,
            None,
            samples.upload(samples.CSV, f"figures-{index}.csv"),
            title=f"Figures {index}",
            kind="data",
            evidence_date=dt.date(2020 + index, 3, 31),
        )
    attach(harrow_file)
    client.force_login(viewer)
    client.get(url("index", harrow))  # warm the session and per-request caches
    # The session, the person, the organisation, their roles, the count of files and the page of
    # files with how each is used: the same for any number of files. Then the session is saved
    # (remembering the current organisation), in its savepoint.
    with django_assert_num_queries(10):
        response = client.get(url("index", harrow))
    page = response.content.decode()
    assert "Harrow carers&#x27; survey" in page and "Figures 4" in page
    assert "People&#x27;s experience" in page and "31 Mar 2025" in page
    assert f"CSV file, {len(samples.CSV)}\xa0bytes" in page and "PDF document" in page
    assert "Not used yet" in page and '<td class="govuk-table__cell">1 rating</td>' in page
    assert "Upload an evidence file" not in page  # a viewer reads only


def test_the_list_filters_by_kind(client, harrow, viewer, harrow_file):
    store_evidence_file(
        harrow,
        None,
        samples.upload(samples.CSV, "f.csv"),
        title="Waiting list figures",
        kind="data",
        evidence_date=dt.date(2024, 1, 1),
    )
    client.force_login(viewer)
    page = client.get(url("index", harrow), {"kind": "data"}).content.decode()
    assert "Waiting list figures" in page and "Harrow carers" not in page


def test_another_councils_file_is_not_found_by_its_address(
    client, harrow, herefordshire, outsider, editor, harrow_file, herefordshire_file
):
    client.force_login(outsider)  # an admin of Herefordshire
    for name in ("detail", "download", "delete"):
        assert client.get(url(name, harrow, harrow_file)).status_code == 404
        # Nor through their own council's address with Harrow's file number.
        assert client.get(url(name, herefordshire, harrow_file)).status_code == 404
    client.force_login(editor)  # and the other way round
    for name in ("detail", "download"):
        assert client.get(url(name, harrow, herefordshire_file)).status_code == 404


def test_a_grant_holder_sees_that_one_file_and_nothing_else(client, harrow, grantee, admin_user, harrow_file, editor):
    other = store_evidence_file(
        harrow,
        editor,
        samples.upload(samples.PDF, "other.pdf"),
        title="Other file",
        kind="data",
        evidence_date=dt.date(2024, 1, 1),
    )
    grant(grantee, harrow_file, by=admin_user)
    client.force_login(grantee)
    detail = client.get(url("detail", harrow, harrow_file))
    assert detail.status_code == 200 and "Harrow carers&#x27; survey" in detail.content.decode()
    assert "Back to evidence files" not in detail.content.decode()  # the list is not theirs to see
    download = client.get(url("download", harrow, harrow_file))
    assert download.status_code == 200 and b"".join(download.streaming_content) == samples.PDF
    assert client.get(url("detail", harrow, other)).status_code == 404
    assert client.get(url("download", harrow, other)).status_code == 404
    assert client.get(url("index", harrow)).status_code == 404
    assert client.get(url("upload", harrow)).status_code == 404
    assert client.get(url("delete", harrow, harrow_file)).status_code == 404


def test_an_expired_grant_gives_nothing(client, harrow, grantee, admin_user, harrow_file):
    grant(grantee, harrow_file, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31), by=admin_user)
    client.force_login(grantee)
    assert client.get(url("download", harrow, harrow_file)).status_code == 404


def test_the_download_is_an_attachment_of_the_sniffed_type(client, harrow, viewer, editor):
    evidence = store_evidence_file(
        harrow, editor, samples.upload(samples.png(), 'Chart "Q3".pdf', "application/pdf"), **samples.FIELDS
    )
    client.force_login(viewer)
    response = client.get(url("download", harrow, evidence))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"  # what the content is, not what the browser said
    assert response["Content-Disposition"] == 'attachment; filename="Chart _Q3_.pdf.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == samples.png()


def test_a_download_name_outside_ascii_is_encoded(client, harrow, viewer, editor):
    evidence = store_evidence_file(
        harrow, editor, samples.upload(samples.PDF, "Évaluation – été.pdf"), **samples.FIELDS
    )
    client.force_login(viewer)
    response = client.get(url("download", harrow, evidence))
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C3%89valuation%20%E2%80%93%20%C3%A9t%C3%A9.pdf"
    )


def test_a_file_missing_from_storage_is_not_found_not_an_error(client, harrow, viewer, harrow_file):
    harrow_file.file.storage.delete(harrow_file.file.name)
    client.force_login(viewer)
    assert client.get(url("download", harrow, harrow_file)).status_code == 404


def test_an_editor_deletes_a_file_nothing_uses(client, harrow, editor, harrow_file, django_capture_on_commit_callbacks):
    client.force_login(editor)
    assert "Are you sure you want to delete" in client.get(url("delete", harrow, harrow_file)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("delete", harrow, harrow_file))
    assert response.status_code == 302 and response["Location"] == url("index", harrow)
    assert not EvidenceFile.objects.exists() and stored_names() == []
    assert EvidenceFile.history.filter(history_type="-").get().history_user == editor


def test_a_file_in_use_cannot_be_deleted(client, harrow, editor, harrow_file, attach):
    attach(harrow_file)
    client.force_login(editor)
    response = client.post(url("delete", harrow, harrow_file))
    page = response.content.decode()
    assert "You cannot delete Harrow carers&#x27; survey yet" in page
    assert "It is attached to 1 rating." in page
    assert EvidenceFile.objects.filter(pk=harrow_file.pk).exists()
    assert stored_names() == [harrow_file.file.name]


def test_a_contributor_may_not_delete(client, harrow, contributor, harrow_file):
    client.force_login(contributor)
    assert client.get(url("delete", harrow, harrow_file)).status_code == 403
    assert client.post(url("delete", harrow, harrow_file)).status_code == 403
    assert "Delete" not in client.get(url("detail", harrow, harrow_file)).content.decode().split("</h1>")[1]


def test_the_pages_belong_to_the_self_assessment_section(client, harrow, viewer, harrow_file):
    client.force_login(viewer)
    for page in (url("index", harrow), url("detail", harrow, harrow_file)):
        html = client.get(page).content.decode()
        assert '<strong class="govuk-service-navigation__active-fallback">Self-assessment</strong>' in html
