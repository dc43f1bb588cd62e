"""What kind of file an upload really is, read from its content alone.

Neither the name a file arrives with nor the type the browser claims for it is believed:
both are set by whoever sends the file. :func:`sniff` reads the file's first bytes (and, for
a zip archive, the part that names what the archive holds) and returns the
:class:`FileType` evidence files may be, or raises :class:`UnacceptableFile` naming what the
file was found to be ("an HTML page", "a zip archive that is not an Office document").

Accepted: PDF; Word, Excel and PowerPoint files in the current (Office Open XML) formats;
OpenDocument text and spreadsheets; CSV and plain text; PNG and JPEG images. Office files
with macros are refused, as are the old binary Office formats, which cannot be told apart
from their macros without parsing them.

The same approach as ``ascent.imports.filetypes`` (which checks spreadsheets for import),
kept separate because the evidence app sits below imports in the layers.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

#: How much of a file is read to decide what it is.
HEAD_BYTES = 64 * 1024
#: The most read of a zip part that names the archive's contents (Word's is about 2 KB).
PART_BYTES = 256 * 1024


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str  # for people: "PDF document"
    extension: str  # what a download of this type is named with: ".pdf"


PDF = FileType("application/pdf", "PDF document", ".pdf")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document", ".docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook", ".xlsx")
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint presentation", ".pptx"
)
ODT = FileType("application/vnd.oasis.opendocument.text", "OpenDocument text", ".odt")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet", ".ods")
CSV = FileType("text/csv", "CSV file", ".csv")
TEXT = FileType("text/plain", "Text file", ".txt")
PNG = FileType("image/png", "PNG image", ".png")
JPEG = FileType("image/jpeg", "JPEG image", ".jpg")

ACCEPTED: tuple[FileType, ...] = (PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV, TEXT, PNG, JPEG)
BY_CONTENT_TYPE = {file_type.content_type: file_type for file_type in ACCEPTED}
#: For the upload page's hint and the ``accept`` attribute (a convenience for the file
#: picker only: the content decides).
ACCEPTED_DESCRIPTION = "a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text file, or a PNG or JPEG image"
ACCEPT_ATTRIBUTE = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.csv,.txt,.png,.jpg,.jpeg"


class UnacceptableFile(ValueError):
    """The file is not a type evidence files may be; the message says what it is."""


def type_label(content_type: str) -> str:
    """How a stored content type reads for people ("PDF document")."""
    found = BY_CONTENT_TYPE.get(content_type)
    return found.label if found else content_type


# The starts of files, and what a file that starts so is (refused ones name the type found).
_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_REFUSED_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "an old-style Office file (such as .doc, .xls or .ppt)"),
    (b"GIF8", "a GIF image"),
    (b"BM", None),  # a Windows bitmap only if the rest agrees: checked below
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "a RIFF media file (such as WebP, WAV or AVI)"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"BZh", "a compressed (bzip2) file"),
    (b"\xfd7zXZ\x00", "a compressed (xz) file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\xca\xfe\xba\xbe", "a program"),
    (b"\xcf\xfa\xed\xfe", "a program"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
    (b"%!PS", "a PostScript file"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"OggS", "an audio or video file"),
    (b"ID3", "an audio file (MP3)"),
    (b"fLaC", "an audio file (FLAC)"),
    (b"SQLite format 3\x00", "a database file"),
)
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_PDF = b"%PDF-"

# Office Open XML: the content type of the main part, in [Content_Types].xml.
_OOXML_MAIN = (
    (b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", DOCX),
    (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", XLSX),
    (b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", PPTX),
)
_OOXML_MACROS = (
    (b"application/vnd.ms-word.document.macroEnabled.main+xml", "a Word document with macros (.docm)"),
    (b"application/vnd.ms-excel.sheet.macroEnabled.main+xml", "an Excel workbook with macros (.xlsm)"),
    (b"application/vnd.ms-excel.sheet.binary.macroEnabled.main", "an Excel binary workbook (.xlsb)"),
    (
        b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        "a PowerPoint presentation with macros (.pptm)",
    ),
    (b"wordprocessingml.template.main+xml", "a Word template"),
    (b"spreadsheetml.template.main+xml", "an Excel template"),
    (b"presentationml.template.main+xml", "a PowerPoint template"),
    (b"presentationml.slideshow.main+xml", "a PowerPoint slide show"),
)
_ODF = {
    "application/vnd.oasis.opendocument.text": ODT,
    "application/vnd.oasis.opendocument.spreadsheet": ODS,
}

# Text that a browser would run or render as a page, whatever the file is called.
_MARKUP_STARTS = (
    (b"<!doctype html", "an HTML page"),
    (b"<html", "an HTML page"),
    (b"<head", "an HTML page"),
    (b"<body", "an HTML page"),
    (b"<script", "an HTML page"),
    (b"<iframe", "an HTML page"),
    (b"<svg", "an SVG image"),
    (b"<?xml", "an XML file"),
)
_MARKUP_ANYWHERE = (b"<script", b"<html", b"<iframe", b"<!doctype html")
#: Control characters that never appear in a text file (tab, line feed, form feed and
#: carriage return can).
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


def sniff(file: BinaryIO) -> FileType:
    """The type of ``file`` (an open binary file that can seek), from its content alone.

    Leaves the file at its start. Raises :class:`UnacceptableFile` for anything not accepted.
    """
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    try:
        return _sniff(file, head)
    finally:
        file.seek(0)


def _sniff(file: BinaryIO, head: bytes) -> FileType:
    if not head:
        raise UnacceptableFile("The selected file is empty")
    if head.startswith(_PDF):
        return PDF
    if head.startswith(_PNG):
        return PNG
    if head.startswith(_JPEG):
        return JPEG
    if head.startswith((_ZIP, _EMPTY_ZIP)):
        return _zip_type(file)
    for magic, found in _REFUSED_MAGIC:
        if head.startswith(magic):
            if found is None:  # "BM" starts text too: a bitmap has its size and a zero reserved field
                if len(head) >= 10 and head[6:10] == b"\x00\x00\x00\x00":
                    raise UnacceptableFile(_refusal("a bitmap (BMP) image"))
                continue
            raise UnacceptableFile(_refusal(found))
    return _text_type(head)


def _refusal(found: str) -> str:
    return f"The selected file is {found}. Upload {ACCEPTED_DESCRIPTION}"


def _zip_type(file: BinaryIO) -> FileType:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    mimetype = part.read(200).decode("ascii", errors="replace").strip()
                if mimetype in _ODF:
                    return _ODF[mimetype]
                if mimetype.startswith("application/vnd.oasis.opendocument."):
                    kind = mimetype.rsplit(".", 1)[-1]
                    raise UnacceptableFile(_refusal(f"an OpenDocument {kind} file"))
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as part:
                    content_types = part.read(PART_BYTES)
                for marker, found in _OOXML_MACROS:
                    if marker in content_types:
                        raise UnacceptableFile(
                            f"The selected file is {found}, which can hold macros. Save it without macros "
                            f"(as .docx, .xlsx or .pptx) and upload that"
                        )
                for marker, file_type in _OOXML_MAIN:
                    if marker in content_types:
                        return file_type
    except UnacceptableFile:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, NotImplementedError, ValueError):
        raise UnacceptableFile(_refusal("a damaged zip archive")) from None
    raise UnacceptableFile(_refusal("a zip archive that is not an Office document"))


def _decode_head(head: bytes) -> str | None:
    """The start of the file as text, or None if it is not text in an encoding people use."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = decoder.decode(head, final=False)  # the head may end in the middle of a character
    except UnicodeDecodeError:
        if encoding != "utf-8":
            return None
        text = head.decode("cp1252", errors="replace")  # Windows text: every byte is a character
    if any(ord(char) in _CONTROL for char in text):
        return None
    return text


def _text_type(head: bytes) -> FileType:
    complete = len(head) < HEAD_BYTES
    text = _decode_head(head)
    if text is None:
        raise UnacceptableFile(_refusal("not a type we recognise (it is not text)"))
    lowered = text.lstrip("\ufeff \t\r\n").lower().encode("utf-8", errors="replace")
    for start, found in _MARKUP_STARTS:
        if lowered.startswith(start):
            raise UnacceptableFile(_refusal(found))
    whole = text.lower().encode("utf-8", errors="replace")
    if any(marker in whole for marker in _MARKUP_ANYWHERE):
        raise UnacceptableFile(_refusal("text holding web page markup or script (HTML)"))
    return CSV if _looks_like_csv(text, complete=complete) else TEXT


def _looks_like_csv(text: str, *, complete: bool) -> bool:
    """True when the first lines split into the same number (two or more) of fields."""
    lines = text.splitlines()
    if not complete:
        lines = lines[:-1]  # the head may end in the middle of a line
    lines = [line for line in lines[:20] if line.strip()]
    if len(lines) < 2:
        return False
    for delimiter in (",", ";", "\t", "|"):
        try:
            counts = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        except csv.Error:
            continue
        if len(counts) == 1 and counts.pop() >= 2:
            return True
    return False
