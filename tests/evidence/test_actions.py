"""Storing and deleting evidence files: every check before anything is stored, nothing half-saved."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from ascent.evidence import actions
from ascent.evidence.actions import (
    EvidenceInUse,
    delete_evidence_file,
    download_name,
    evidence_transaction,
    store_evidence_file,
)
from ascent.evidence.models import EvidenceFile

from . import samples, scan_hooks
from .conftest import stored_names

pytestmark = pytest.mark.django_db


def store(organisation, user, data=samples.PDF, name="evidence.pdf", **fields):
    return store_evidence_file(organisation, user, samples.upload(data, name), **{**samples.FIELDS, **fields})


def test_a_file_is_stored_privately_with_its_checksum_and_sniffed_type(harrow, contributor):
    evidence = store(harrow, contributor, samples.docx(), "Board minutes.pdf", description=" From the board ")
    assert evidence.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert evidence.original_name == "Board minutes.pdf"
    assert evidence.size == len(samples.docx())
    assert evidence.sha256 == hashlib.sha256(samples.docx()).hexdigest()
    assert evidence.scan_status == EvidenceFile.ScanStatus.NOT_SCANNED
    assert evidence.description == "From the board"
    assert evidence.created_by == contributor
    # Stored under a random name in the council's folder: nothing the person typed is a path.
    folder, name = evidence.file.name.split("/")
    assert folder == "E09000015" and len(name) == 32 and "Board" not in name
    assert stored_names() == [evidence.file.name]
    with evidence.file.open("rb") as handle:
        assert handle.read() == samples.docx()
    # The download is named as the content really is, not as the upload claimed.
    assert download_name(evidence) == "Board minutes.pdf.docx"


def test_history_records_who_uploaded(harrow, contributor):
    evidence = store(harrow, contributor)
    record = evidence.history.get()
    assert record.history_type == "+" and record.history_user == contributor


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.HTML, "inspection-report.pdf", "The selected file is an HTML page"),
        (samples.plain_zip(), "evidence.docx", "The selected file is a zip archive that is not an Office document"),
        (b"", "empty.pdf", "The selected file is empty"),
    ],
)
def test_a_wrong_type_is_refused_and_nothing_is_stored(harrow, editor, data, name, message):
    with pytest.raises(ValidationError) as refused:
        store(harrow, editor, data, name)
    assert refused.value.message_dict["file"][0].startswith(message)
    assert stored_names() == []
    assert not EvidenceFile.objects.exists()


def test_every_field_is_checked_together(harrow, editor):
    with pytest.raises(ValidationError) as refused:
        store(
            harrow,
            editor,
            samples.HTML,
            title="  ",
            kind="rumour",
            evidence_date=dt.date(2999, 1, 1),
            description="x" * 2001,
        )
    assert refused.value.message_dict == {
        "file": [refused.value.message_dict["file"][0]],
        "title": ["Enter a title"],
        "kind": ["Select what kind of evidence this is"],
        "evidence_date": ["Date of the evidence must be today or in the past"],
        "description": ["Description must be 2000 characters or fewer"],
    }
    assert stored_names() == []


def test_an_oversized_stream_is_refused_after_reading_no_more_than_the_limit(harrow, editor, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    stream = samples.GeneratedStream(size=200 * 1024 * 1024)  # 200 MB, produced as read, never held
    with pytest.raises(ValidationError) as refused:
        store_evidence_file(harrow, editor, stream, **samples.FIELDS)
    assert refused.value.message_dict["file"] == ["The selected file must be smaller than 1 MB"]
    assert stream.produced <= settings.EVIDENCE_MAX_BYTES + actions.CHUNK_BYTES
    assert stored_names() == []


def test_an_upload_that_declares_an_oversized_size_is_refused_before_it_is_read(harrow, editor, settings):
    class Unreadable:
        name, size = "huge.pdf", 5 * 1024**3

        def read(self, *args):
            raise AssertionError("an upload declared too big must not be read")

    settings.EVIDENCE_MAX_BYTES = 10
    upload = Unreadable()
    with pytest.raises(ValidationError) as refused:
        store_evidence_file(harrow, editor, upload, **samples.FIELDS)
    assert refused.value.message_dict["file"] == ["The selected file must be smaller than 1 KB"]


def test_a_stream_within_the_limit_that_cannot_seek_is_stored(harrow, editor):
    stream = samples.GeneratedStream(size=300_000, name="long report.pdf")
    evidence = store_evidence_file(harrow, editor, stream, **samples.FIELDS)
    assert evidence.size == 300_000 and evidence.content_type == "application/pdf"
    assert evidence.original_name == "long report.pdf"


def test_a_file_the_scan_hook_says_is_infected_is_refused_and_nothing_is_stored(harrow, editor, settings):
    settings.EVIDENCE_SCAN_HOOK = "tests.evidence.scan_hooks.infected"
    scan_hooks.SEEN.clear()
    with pytest.raises(ValidationError) as refused:
        store(harrow, editor, name="minutes.pdf")
    assert refused.value.message_dict["file"] == [
        "The selected file was refused: the virus scan found a threat (Eicar-Test-Signature). It was not saved"
    ]
    # The hook saw the whole file from its start, with its name and size.
    assert [("minutes.pdf", len(samples.PDF), b"%PDF-")] == scan_hooks.SEEN
    assert stored_names() == []
    assert not EvidenceFile.objects.exists()


def test_a_file_the_scan_hook_passes_is_recorded_as_clean(harrow, editor, settings):
    settings.EVIDENCE_SCAN_HOOK = "tests.evidence.scan_hooks.clean"
    evidence = store(harrow, editor)
    assert evidence.scan_status == EvidenceFile.ScanStatus.CLEAN
    with evidence.file.open("rb") as handle:
        assert handle.read() == samples.PDF  # the hook's reading did not move where storing starts


@pytest.mark.parametrize("hook", ["broken", "confused"])
def test_a_scan_that_gives_no_answer_refuses_the_file(harrow, editor, settings, hook):
    settings.EVIDENCE_SCAN_HOOK = f"tests.evidence.scan_hooks.{hook}"
    with pytest.raises(ValidationError) as refused:
        store(harrow, editor)
    assert "could not be checked for viruses" in refused.value.message_dict["file"][0]
    assert stored_names() == []


def test_a_failure_to_save_the_record_removes_the_stored_file(harrow, editor, monkeypatch):
    def fail(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(EvidenceFile, "save", fail)
    with pytest.raises(RuntimeError):
        store(harrow, editor)
    assert stored_names() == []


def test_an_evidence_transaction_that_fails_leaves_no_file(harrow, editor):
    with pytest.raises(ValueError), evidence_transaction():
        store(harrow, editor)
        assert len(stored_names()) == 1
        raise ValueError("attaching it failed")
    assert stored_names() == []
    assert not EvidenceFile.objects.exists()


def test_a_rolled_back_transaction_leaves_a_file_the_sweep_removes(harrow, editor):
    from django.core.management import call_command

    keep = store(harrow, editor)
    with transaction.atomic():
        store(harrow, editor, title="Rolled back")
        transaction.set_rollback(True)
    assert len(stored_names()) == 2  # only a sweep can find a file whose record was rolled back
    call_command("sweep_evidence_files", "--older-than", "0", verbosity=0)
    assert stored_names() == [keep.file.name]


def test_the_sweep_leaves_recent_files_alone(harrow, editor):
    from django.core.management import call_command

    with transaction.atomic():
        store(harrow, editor)
        transaction.set_rollback(True)
    call_command("sweep_evidence_files", verbosity=0)  # an upload may still be on its way
    assert len(stored_names()) == 1


def test_deleting_removes_the_file_once_committed(harrow, editor, django_capture_on_commit_callbacks):
    evidence = store(harrow, editor)
    with django_capture_on_commit_callbacks(execute=True):
        delete_evidence_file(evidence, editor)
    assert stored_names() == []
    assert not EvidenceFile.objects.exists()
    assert EvidenceFile.history.filter(history_type="-").get().history_user == editor


def test_a_file_attached_to_a_rating_cannot_be_deleted(harrow, editor, attach):
    evidence = store(harrow, editor)
    attach(evidence)
    with pytest.raises(EvidenceInUse) as refused:
        delete_evidence_file(evidence, editor)
    assert str(refused.value) == "This file is attached to 1 rating. Remove it from there before deleting it"
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()
    assert stored_names() == [evidence.file.name]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("C:\\Users\\me\\Desktop\\report.pdf", "report.pdf"),
        ('bad"name;\r\n.pdf', "bad_name_.pdf"),
        ("../../etc/passwd", "passwd"),
        ("...", "evidence"),
        ("Évaluation.pdf", "Évaluation.pdf"),
    ],
)
def test_uploaded_names_are_made_safe(name, safe):
    assert actions.clean_file_name(name) == safe


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("weird %22name%22<script>.pdf", 'weird "name"<script>.pdf'),
        ("C:\\Users\\me\\Desktop\\report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("line%0D%0Abreak\r\n.pdf", "linebreak.pdf"),
        ("...", "evidence"),
    ],
)
def test_the_name_shown_is_the_one_uploaded_without_folders_or_control_characters(name, shown):
    assert actions.uploaded_name(name) == shown
    assert actions.clean_file_name(actions.uploaded_name(name)) == actions.clean_file_name(shown)


def test_an_upload_keeps_the_name_it_was_given_and_downloads_under_a_safe_one(harrow, contributor):
    evidence = store(harrow, contributor, name="weird %22name%22<script>.pdf")
    assert evidence.original_name == 'weird "name"<script>.pdf'
    assert actions.download_name(evidence) == "weird _name_script_.pdf"
