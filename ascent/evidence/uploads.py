"""Refusing an oversized upload while it arrives, before it is written anywhere.

Django hands a file field's bytes to its upload handlers as they arrive: the first
``FILE_UPLOAD_MAX_MEMORY_SIZE`` (5 MB) in memory, a bigger file in a temporary file on disk,
so no upload is ever held whole in memory. :class:`SizeLimitHandler`, put in front of those
on the pages that take evidence files, counts the bytes of each file as they come and skips
the file (its partial temporary copy is deleted) as soon as it passes
``EVIDENCE_MAX_BYTES``: the rest of the request is read and thrown away, so the other
fields still arrive and the form can say what was wrong. It then records the refusal on
the request, where :class:`~ascent.evidence.forms.EvidenceFileForm` finds it.

Changing a request's upload handlers must happen before anything reads ``request.POST``,
and Django's CSRF middleware reads it before the view runs unless the view is
``csrf_exempt``. :func:`limits_evidence_uploads` therefore exempts the view from the
middleware, installs the handler after the view's own access check, and then applies
the CSRF check itself (``csrf_protect``): the protection is the same, only later.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.views.decorators.csrf import csrf_exempt, csrf_protect

#: Default largest evidence file: 20 MB.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Where the handler notes the file fields it refused, on the request.
REFUSED_ATTRIBUTE = "_evidence_oversized_fields"


def max_bytes() -> int:
    """The largest evidence file accepted (settings.EVIDENCE_MAX_BYTES, 20 MB by default)."""
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def megabytes(size: int) -> str:
    """A size limit as people read it: "20 MB", "500 KB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{-(-size // 1024)} KB"


class SizeLimitHandler(FileUploadHandler):
    """Skips any uploaded file bigger than ``limit`` bytes while it arrives."""

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = max_bytes() if limit is None else limit
        self.received = 0

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            refused = getattr(self.request, REFUSED_ATTRIBUTE, None)
            if refused is None:
                refused = set()
                setattr(self.request, REFUSED_ATTRIBUTE, refused)
            refused.add(self.field_name)
            raise SkipFile
        return raw_data  # pass on to the memory or temporary-file handler

    def file_complete(self, file_size):
        return None  # the next handler builds the file


def install_size_limit(request) -> None:
    """Put :class:`SizeLimitHandler` first on ``request`` (before its body is read)."""
    request.upload_handlers.insert(0, SizeLimitHandler(request))


def oversized(request, field_name: str) -> bool:
    """True if ``field_name``'s file was skipped for being too big."""
    return field_name in getattr(request, REFUSED_ATTRIBUTE, ())


def limits_evidence_uploads(check_access):
    """Decorate a view that takes an evidence file: ``check_access(request, **kwargs)`` runs first.

    ``check_access`` must raise (404, 403) for a person who may not upload, without reading
    the request's body; then the size limit is installed and the view runs under
    ``csrf_protect``.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                check_access(request, *args, **kwargs)
                install_size_limit(request)
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
