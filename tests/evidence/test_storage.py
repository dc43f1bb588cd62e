"""Evidence files live in the ``evidence`` storage, which settings alone can move."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import storages

from ascent.evidence.models import EvidenceFile
from ascent.evidence.storage import EvidenceFileSystemStorage, evidence_storage

from .conftest import stored_names

pytestmark = pytest.mark.django_db


def test_by_default_files_are_kept_under_media_root(settings, harrow_file):
    storage = evidence_storage()
    assert isinstance(storages["evidence"], EvidenceFileSystemStorage)
    expected = Path(settings.MEDIA_ROOT) / "evidence" / harrow_file.file.name
    assert Path(storage.path(harrow_file.file.name)) == expected.resolve()
    assert expected.read_bytes().startswith(b"%PDF-")


def test_the_files_have_no_public_address(harrow_file):
    with pytest.raises(ValueError, match="no public address"):
        _ = harrow_file.file.url


def test_another_storage_can_be_configured_without_code_changes(settings, tmp_path, harrow_file):
    elsewhere = tmp_path / "bucket"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": elsewhere}},
    }
    assert stored_names() == []  # the new storage is empty: the file above is in the old one
    evidence = EvidenceFile.objects.get(pk=harrow_file.pk)
    assert evidence.file.storage.location == str(elsewhere)  # the model's field follows the setting
    assert not evidence.file.storage.exists(evidence.file.name)
