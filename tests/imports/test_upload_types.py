"""The upload page takes a CSV file or an Excel workbook, by name and by content, and
refuses anything else at once, naming what it takes."""

from __future__ import annotations

import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ascent.imports.filetypes import check_upload, is_text, is_workbook
from ascent.imports.models import ImportRun
from ascent.imports.reading import ReadError

from .helpers import observations_csv, xlsx_bytes

ROW = ["E09000015", "ASCOF-1C1A", "2023-24", "27.5", "", "", "final"]
LETTER = b"Dear colleague,\r\nPlease find the figures attached.\r\nThanks\r\n"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
ACCEPTED = "The selected file must be a CSV file or an Excel workbook (.xlsx)"


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


WORD_DOCUMENT = zip_of(
    {
        "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
    }
)


def upload(client, org, data: bytes, name: str):
    url = reverse("imports:upload", kwargs={"gss_code": org.gss_code, "kind": "observations"})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def error_of(response) -> str:
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    assert summary is not None, f"no error shown (status {response.status_code})"
    return summary.get_text(" ", strip=True)


# ----- on the upload page ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt", LETTER),
        ("figures.txt", observations_csv(ROW)),
        ("figures.tsv", observations_csv(ROW, delimiter="\t")),
        ("figures.pdf", PDF),
    ],
)
def test_a_file_that_is_not_csv_or_xlsx_by_name_is_refused_at_upload(client, harrow, editor, name, data):
    client.force_login(editor)
    response = upload(client, harrow, data, name)
    assert response.status_code == 200
    assert ACCEPTED in error_of(response)
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.csv", PDF, "The selected file is not a CSV file: it is not text"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The selected file is not a CSV file: it is not text"),
        ("letter.xlsx", WORD_DOCUMENT, "The selected file is not an Excel workbook"),
        ("letter.xlsx", LETTER, "The selected file is not an Excel workbook"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused_at_upload(
    client, harrow, editor, name, data, message
):
    client.force_login(editor)
    response = upload(client, harrow, data, name)
    assert response.status_code == 200
    error = error_of(response)
    assert message in error
    assert "a CSV file or an Excel workbook (.xlsx)" in error
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("figures.csv", observations_csv(ROW)),
        ("FIGURES.CSV", observations_csv(ROW, encoding="cp1252")),
        ("figures.xlsx", xlsx_bytes([["organisation", "indicator", "period", "value"], ROW[:4]])),
    ],
)
def test_csv_files_and_workbooks_are_taken(client, harrow, editor, name, data):
    client.force_login(editor)
    response = upload(client, harrow, data, name)
    assert response.status_code == 302
    assert ImportRun.objects.get().file_name == name


@pytest.mark.django_db
def test_the_file_picker_offers_only_the_types_taken(client, harrow, editor):
    client.force_login(editor)
    page = client.get(reverse("imports:upload", kwargs={"gss_code": harrow.gss_code, "kind": "observations"}))
    picker = BeautifulSoup(page.content, "html.parser").select_one("input[type=file]")
    assert picker["accept"] == ".csv,.xlsx"


# ----- the check itself ----------------------------------------------------------------------


def test_the_type_comes_from_name_and_content_together():
    assert check_upload(b"a,b\r\n1,2\r\n", "Figures.Csv") == "csv"
    assert check_upload(xlsx_bytes([["a"], ["1"]]), "figures.xlsx") == "xlsx"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("figures.xls", "old Excel 97-2003 format"),
        ("figures.ods", "OpenDocument spreadsheet"),
        ("figures", ACCEPTED),
        ("figures.csv.exe", ACCEPTED),
    ],
)
def test_other_names_are_refused_with_the_reason(name, message):
    with pytest.raises(ReadError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        check_upload(b"a,b\r\n1,2\r\n", name)


def test_a_workbook_named_csv_is_told_to_rename():
    with pytest.raises(ReadError, match="Excel workbook with a CSV name"):
        check_upload(xlsx_bytes([["a"], ["1"]]), "figures.csv")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a,b\r\n1,2\r\n", True),
        ("name,value\r\nCaf\u00e9,1\r\n".encode("cp1252"), True),
        ("\ufeffa\tb\r\n\u00a31\t2\r\n".encode("utf-16"), True),
        (b"a,b\r\n1,\x002\r\n", False),
        (PDF, False),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", False),
        (b"\x1f\x8b\x08\x00", False),
    ],
)
def test_text_is_told_from_binary_files(data, expected):
    assert is_text(data) is expected


def test_only_a_zip_holding_a_workbook_counts_as_one():
    assert is_workbook(xlsx_bytes([["a"], ["1"]]))
    assert not is_workbook(WORD_DOCUMENT)
    assert not is_workbook(zip_of({"notes.txt": b"hello"}))
    assert not is_workbook(b"PK\x03\x04broken")
    assert not is_workbook(LETTER)
