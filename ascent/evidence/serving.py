"""Serving a stored evidence file to a person who may have it: the one place the download headers live.

Used by the evidence pages and by any other page that hands out a council's file (a review's
evidence library). The caller decides who may download; this only builds the response.
"""

from __future__ import annotations

from django.http import FileResponse, Http404

from .actions import download_name
from .models import EvidenceFile


def file_response(evidence: EvidenceFile) -> FileResponse:
    """The file as a download: streamed, named safely, typed as sniffed, never rendered or cached.

    ``Content-Disposition: attachment`` with the uploaded name made safe (ending as its real
    type does), the sniffed content type, ``X-Content-Type-Options: nosniff``, a sandboxing
    ``Content-Security-Policy`` and ``Cache-Control: private, no-store``. A file missing from
    storage is a 404.
    """
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is missing from storage") from None
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(evidence), content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
