"""An oversized upload is refused while it arrives, and never held whole in memory or on disk."""

from __future__ import annotations

import io

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.handlers.wsgi import WSGIRequest

from ascent.evidence.uploads import SizeLimitHandler, install_size_limit, oversized

BOUNDARY = "ascent-test-boundary"


class MultipartStream(io.RawIOBase):
    """A multipart body with a file of ``size`` bytes, produced as it is read."""

    def __init__(self, size: int):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBoard papers\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-"
        ).encode()
        self.tail = (
            f'\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndata\r\n--{BOUNDARY}--\r\n'
        ).encode()
        self.body_left = size - 5
        self.length = len(self.head) + self.body_left + len(self.tail)
        self.position = 0
        self.largest_read = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        wanted = len(buffer)
        self.largest_read = max(self.largest_read, wanted)
        out = b""
        if self.head:
            out, self.head = self.head[:wanted], self.head[wanted:]
        elif self.body_left:
            count = min(wanted, self.body_left)
            out = b"x" * count
            self.body_left -= count
        elif self.tail:
            out, self.tail = self.tail[:wanted], self.tail[wanted:]
        buffer[: len(out)] = out
        self.position += len(out)
        return len(out)


def request_for(stream: MultipartStream) -> WSGIRequest:
    return WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(stream.length),
            "wsgi.input": stream,
            "wsgi.url_scheme": "http",
        }
    )


def test_a_file_over_the_limit_is_skipped_as_it_arrives_and_the_other_fields_still_come(settings, monkeypatch):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    written = []
    real_write = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        written.append(len(raw_data))
        return real_write(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    stream = MultipartStream(size=300 * 1024 * 1024)  # 300 MB, never held anywhere
    request = request_for(stream)
    install_size_limit(request)
    assert request.POST["title"] == "Board papers" and request.POST["kind"] == "data"
    assert "file" not in request.FILES
    assert oversized(request, "file")
    # No more than the limit reached the temporary file, which was then deleted.
    assert sum(written) <= settings.EVIDENCE_MAX_BYTES
    assert stream.position == stream.length  # the rest was read and thrown away
    assert stream.largest_read <= 1024 * 1024  # in chunks, never all at once


def test_a_file_within_the_limit_arrives_whole(settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    request = request_for(MultipartStream(size=500_000))
    install_size_limit(request)
    upload = request.FILES["file"]
    assert upload.size == 500_000 and not oversized(request, "file")


def test_the_handler_counts_each_file_on_its_own():
    handler = SizeLimitHandler(limit=10)
    handler.new_file("a", "a.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"12345678", 0) == b"12345678"
    handler.new_file("b", "b.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"12345678", 0) == b"12345678"


@pytest.mark.parametrize("setting", ["FILE_UPLOAD_MAX_MEMORY_SIZE", "DATA_UPLOAD_MAX_MEMORY_SIZE"])
def test_uploads_go_to_disk_rather_than_memory_above_a_few_megabytes(setting):
    # Files above FILE_UPLOAD_MAX_MEMORY_SIZE are written to a temporary file as they arrive;
    # DATA_UPLOAD_MAX_MEMORY_SIZE bounds the rest of a request.
    assert getattr(django_settings, setting) <= 5 * 1024 * 1024
    assert django_settings.EVIDENCE_MAX_BYTES == 20 * 1024 * 1024
