"""Forms of the client-level data pages: load an extract, load a population table."""

from __future__ import annotations

import zipfile

from django import forms
from django.conf import settings

from ascent.imports.filetypes import ACCEPTED, CONTENT_TYPES_BYTES, SNIFF_BYTES, WORKBOOK_PARTS, check_upload
from ascent.imports.reading import ReadError

#: A population table is a few rows.
POPULATION_MAX_BYTES = 1024 * 1024


def max_upload_bytes() -> int:
    """The largest extract the page takes (settings: a rolling year of a million rows is about
    400 MB as CSV, far less as a workbook)."""
    return settings.ASCENT_CLD_MAX_UPLOAD_BYTES


def megabytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{-(-size // 1024)} KB"


def _is_workbook(upload) -> bool:
    """A zip holding an Excel workbook, read from the uploaded file without loading it whole."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive, archive.open("[Content_Types].xml") as part:
            content_types = part.read(CONTENT_TYPES_BYTES)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, NotImplementedError):
        return False
    finally:
        upload.seek(0)
    return any(workbook in content_types for workbook in WORKBOOK_PARTS)


def check_type(upload, *, allow_xlsx: bool = True) -> str:
    """ "csv" or "xlsx" by the file's name and content, or ValidationError naming what is wrong."""
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    try:
        if ACCEPTED.get(suffix) == "xlsx":
            if not allow_xlsx:
                raise ReadError("The selected file must be a CSV file")
            if not _is_workbook(upload):
                raise ReadError(
                    "The selected file is not an Excel workbook: it may be damaged, or a different kind of file "
                    "renamed to .xlsx. Upload a CSV file or an Excel workbook (.xlsx)"
                )
            return "xlsx"
        # A CSV file is judged by its start: the whole file is read by DuckDB in the job.
        kind = check_upload(head, upload.name)
        if kind == "xlsx" and not allow_xlsx:
            raise ReadError("The selected file must be a CSV file")
        return kind
    except ReadError as error:
        raise forms.ValidationError(str(error)) from None


class ExtractUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload an extract",
        error_messages={
            "required": "Select a CLD extract: a CSV file or an Excel workbook",
            "empty": "The selected file is empty",
            "invalid": "Select a CLD extract: a CSV file or an Excel workbook",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )
    check_only = forms.BooleanField(
        label="Check only: report the problems but do not keep the extract",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"Your council's CLD return, Release 1 or Release 2, as CSV or an Excel workbook (.xlsx), up to "
            f"{megabytes(max_upload_bytes())}. The first row must be the specification's headings."
        )
        self.kind = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(f"The selected file must be smaller than {megabytes(limit)}")
        self.kind = check_type(upload)
        return upload


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a population table",
        error_messages={
            "required": "Select a population CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a population CSV file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
        help_text="A CSV file with the columns year, age band and population, one row for each year and age band.",
    )
    source = forms.CharField(
        label="Source (optional)",
        required=False,
        max_length=200,
        help_text="For example: ONS mid-year population estimates, mid-2024",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > POPULATION_MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {megabytes(POPULATION_MAX_BYTES)}")
        check_type(upload, allow_xlsx=False)
        return upload
