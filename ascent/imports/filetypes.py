"""Which uploaded files the import pages take: a CSV file or an Excel workbook, by name and content.

The upload page checks both before anything is read, so a letter saved as .txt or a PDF
renamed .csv is refused at once, naming the types it takes, rather than accepted and then
failing later with a message about matching columns.
"""

from __future__ import annotations

import io
import zipfile

from .reading import OTHER_SPREADSHEETS, ReadError

#: The file name endings the upload page takes, and the type each must hold.
ACCEPTED = {".csv": "csv", ".xlsx": "xlsx"}
ACCEPTED_TYPES = "a CSV file or an Excel workbook (.xlsx)"

#: How much of a CSV file is looked at to decide whether it is text.
SNIFF_BYTES = 64 * 1024
#: The most of [Content_Types].xml read from a workbook (Excel's is about 2 KB).
CONTENT_TYPES_BYTES = 256 * 1024
#: The content type of a workbook's main part, in [Content_Types].xml: plain and macro-enabled.
WORKBOOK_PARTS = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
)

_ZIP = b"PK\x03\x04"
#: Starts of common files that are not text, even where their first bytes could pass for it.
_NOT_TEXT = {
    b"%PDF": "a PDF",
    b"\xd0\xcf\x11\xe0": "an old-style Office file (such as .xls or .doc)",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
    b"GIF8": "an image",
    b"\x1f\x8b": "a compressed (gzip) file",
    b"{\\rtf": "a Rich Text (RTF) document",
}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Control characters that never appear in a text file (tab, line feed, form feed and
#: carriage return can).
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


def check_upload(data: bytes, file_name: str) -> str:
    """ "csv" or "xlsx" when the file's name and content are both one of those; ReadError otherwise."""
    name = (file_name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    file_type = ACCEPTED.get(suffix)
    if file_type is None:
        raise ReadError(_wrong_name(suffix))
    if not data:
        raise ReadError("The selected file is empty")
    if file_type == "xlsx":
        if not is_workbook(data):
            raise ReadError(
                "The selected file is not an Excel workbook: it may be damaged, or a different kind of file "
                f"renamed to .xlsx. Upload {ACCEPTED_TYPES}"
            )
        return file_type
    if data.startswith(_ZIP):
        raise ReadError(
            "The selected file is an Excel workbook with a CSV name: rename it to end in .xlsx, "
            "or save it from Excel as CSV"
        )
    if not is_text(data):
        raise ReadError(f"The selected file is not a CSV file: it is not text. Upload {ACCEPTED_TYPES}")
    return file_type


def is_workbook(data: bytes) -> bool:
    """True for a zip holding an Excel workbook (not a Word document, OpenDocument file or other zip)."""
    if not data.startswith(_ZIP):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("[Content_Types].xml") as part:
            content_types = part.read(CONTENT_TYPES_BYTES)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, NotImplementedError):
        return False
    return any(workbook in content_types for workbook in WORKBOOK_PARTS)


def is_text(data: bytes) -> bool:
    """True when the start of the file reads as text in the encodings a CSV file may use."""
    head = data[:SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        # Excel's "Unicode text": check the characters, not the bytes, which hold zeros.
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    if any(head.startswith(magic) for magic in _NOT_TEXT):
        return False
    return not any(byte in _CONTROL for byte in head)


def _wrong_name(suffix: str) -> str:
    if suffix in OTHER_SPREADSHEETS:
        return OTHER_SPREADSHEETS[suffix]
    if suffix in {".txt", ".tsv", ".xlsm"}:
        return f"The selected file must be {ACCEPTED_TYPES}. Open it in Excel and save it as one of those"
    return f"The selected file must be {ACCEPTED_TYPES}"
