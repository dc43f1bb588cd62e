"""Serving a stored evidence file (ascent/evidence/serving.py): the headers every download carries."""

from __future__ import annotations

import pytest
from django.http import Http404

from ascent.evidence.serving import file_response
from ascent.evidence.storage import evidence_storage

pytestmark = pytest.mark.django_db


def test_a_file_is_served_as_an_attachment_never_rendered_or_cached(harrow_file):
    response = file_response(harrow_file)
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Type"] == harrow_file.content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert len(b"".join(response.streaming_content)) == harrow_file.size


def test_a_file_missing_from_storage_is_a_404(harrow_file):
    evidence_storage().delete(harrow_file.file.name)
    with pytest.raises(Http404):
        file_response(harrow_file)
