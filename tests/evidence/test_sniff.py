"""The type of an evidence file comes from its content, never its name or the browser's claim."""

from __future__ import annotations

import io

import pytest

from ascent.evidence import sniff

from . import samples


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (samples.PDF, sniff.PDF),
        (samples.png(), sniff.PNG),
        (samples.JPEG, sniff.JPEG),
        (samples.CSV, sniff.CSV),
        (samples.TEXT, sniff.TEXT),
        ("Ward;Visits\nNorth;12\nSouth;9\n".encode("cp1252"), sniff.CSV),
        ("Café notes, £12 spent\n".encode("cp1252"), sniff.TEXT),
        ("\ufeffName,Rating\nQS1,3\n".encode("utf-16"), sniff.CSV),
        (samples.docx(), sniff.DOCX),
        (samples.xlsx(), sniff.XLSX),
        (samples.pptx(), sniff.PPTX),
        (samples.odf("application/vnd.oasis.opendocument.text"), sniff.ODT),
        (samples.odf("application/vnd.oasis.opendocument.spreadsheet"), sniff.ODS),
    ],
    ids=[
        "pdf",
        "png",
        "jpeg",
        "csv",
        "text",
        "csv-windows",
        "text-windows",
        "csv-utf16",
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "ods",
    ],
)
def test_accepted_types_are_recognised_from_their_content(data, expected):
    file = io.BytesIO(data)
    assert sniff.sniff(file) == expected
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (samples.HTML, "an HTML page"),
        (b"  \n<html><p>Looks like a PDF by name</p></html>", "an HTML page"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "an SVG image"),
        (b'<?xml version="1.0"?><data/>', "an XML file"),
        (b"Title,Link\nx,<script>alert(1)</script>\n", "HTML"),
        (samples.plain_zip(), "a zip archive that is not an Office document"),
        (samples.docm(), "a Word document with macros (.docm)"),
        (samples.odf("application/vnd.oasis.opendocument.presentation"), "an OpenDocument presentation file"),
        (b"PK\x03\x04not really a zip at all", "a damaged zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "an old-style Office file"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "a Windows program"),
        (b"\x7fELF\x02\x01\x01", "a program"),
        (b"\x1f\x8b\x08\x00", "a compressed (gzip) file"),
        (b"{\\rtf1\\ansi hello}", "a Rich Text (RTF) document"),
        (bytes(range(256)) * 4, "it is not text"),
        (b"", "empty"),
    ],
    ids=[
        "html",
        "html-leading-space",
        "svg",
        "xml",
        "script-in-csv",
        "zip",
        "docm",
        "odp",
        "broken-zip",
        "doc",
        "gif",
        "exe",
        "elf",
        "gzip",
        "rtf",
        "binary",
        "empty",
    ],
)
def test_refused_types_are_named(data, named):
    with pytest.raises(sniff.UnacceptableFile) as refused:
        sniff.sniff(io.BytesIO(data))
    assert named in str(refused.value)


def test_a_refusal_says_what_is_accepted():
    with pytest.raises(sniff.UnacceptableFile) as refused:
        sniff.sniff(io.BytesIO(samples.HTML))
    assert str(refused.value) == (
        "The selected file is an HTML page. Upload a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text file, "
        "or a PNG or JPEG image"
    )


def test_a_long_csv_file_cut_mid_line_is_still_csv():
    data = b"a,b,c\n" + b"1,2,3\n" * 20_000
    assert sniff.sniff(io.BytesIO(data)) == sniff.CSV


def test_every_accepted_type_has_a_label():
    assert sniff.type_label("application/pdf") == "PDF document"
    assert sniff.type_label("application/x-unknown") == "application/x-unknown"
