"""Small real files of each type, made in memory, for the evidence tests."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
CSV = b"indicator,period,value\r\nASCOF 1A,2023-24,19.1\r\nASCOF 1B,2023-24,77.4\r\n"
TEXT = b"Notes from the carers' forum, 12 March 2025.\nPeople said the new front door works well.\n"
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _zip(parts: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first), parts.pop(stored_first), compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _ooxml(main_type: str, main_part: str) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>'
    ).encode()
    return _zip({"[Content_Types].xml": content_types, main_part: b"<x/>"})


def docx() -> bytes:
    return _ooxml(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml"
    )


def docm() -> bytes:
    return _ooxml("application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml")


def xlsx() -> bytes:
    return _ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml")


def pptx() -> bytes:
    return _ooxml(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "ppt/presentation.xml"
    )


def odf(mimetype: str) -> bytes:
    return _zip({"mimetype": mimetype.encode(), "content.xml": b"<x/>"}, stored_first="mimetype")


def plain_zip() -> bytes:
    return _zip({"readme.txt": b"hello", "data.csv": b"a,b\n1,2\n"})


def upload(data: bytes, name: str = "evidence.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


FIELDS = {"title": "Carers' survey 2024", "kind": "people", "evidence_date": dt.date(2025, 3, 31)}


class GeneratedStream(io.RawIOBase):
    """``size`` bytes of a PDF-looking stream, produced as read: never held in memory whole."""

    def __init__(self, size: int, name: str = "huge.pdf"):
        self.remaining = size
        self.name = name
        self.produced = 0
        self.first = True

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer) -> int:
        if self.remaining <= 0:
            return 0
        count = min(len(buffer), self.remaining)
        data = (PDF if self.first else b"")[:count]
        self.first = False
        buffer[: len(data)] = data
        buffer[len(data) : count] = b"\0" * (count - len(data))
        self.remaining -= count
        self.produced += count
        return count
