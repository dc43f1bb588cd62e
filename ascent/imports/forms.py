"""Forms for the import pages: upload a file, choose a worksheet, match the columns."""

from __future__ import annotations

from django import forms

from .engine import Schema, column_required, mapping_problems, max_file_bytes, max_rows
from .filetypes import ACCEPTED, check_upload
from .reading import ReadError, Table, read_table


def _megabytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{-(-size // 1024)} KB"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a CSV file or an Excel workbook",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file or an Excel workbook",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A CSV file or an Excel workbook (.xlsx), up to {_megabytes(max_file_bytes())}. "
            "The first row must hold the column headings."
        )
        self.data_bytes = b""
        self.table: Table | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_file_bytes()
        if upload.size > limit:
            raise forms.ValidationError(f"The selected file must be smaller than {_megabytes(limit)}")
        data = upload.read()
        try:
            check_upload(data, upload.name)
            table = read_table(data, upload.name, max_rows=max_rows())
        except ReadError as error:
            raise forms.ValidationError(str(error)) from None
        if not table.rows:
            raise forms.ValidationError("The selected file has a row of headings but no figures under it")
        self.data_bytes, self.table = data, table
        return upload


class SheetForm(forms.Form):
    sheet = forms.ChoiceField(label="Worksheet", error_messages={"required": "Select a worksheet"})

    def __init__(self, *args, sheet_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(name, name) for name in sheet_names]
        self.fields["sheet"].help_text = "The workbook has more than one worksheet. Choose the one with the figures."


class MappingForm(forms.Form):
    """One select per schema column listing the file's headings, and the schema's options."""

    def __init__(self, *args, schema: Schema, headers: list[str], organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = schema
        self.headers = headers
        self.organisation_scoped = organisation is not None
        for column in schema.columns:
            required = column_required(schema, column, organisation_scoped=self.organisation_scoped)
            help_text = column.help
            if not required and column.name == schema.organisation_column and organisation is not None:
                help_text = f"Leave as “Not in the file” if every row is for {organisation.name}."
            self.fields[f"column_{column.name}"] = forms.ChoiceField(
                label=column.label if required else f"{column.label} (optional)",
                help_text=help_text,
                choices=[("", "Select a column" if required else "Not in the file")]
                + [(header, header) for header in headers],
                required=False,
                error_messages={"invalid_choice": "Select one of the file's columns"},
            )
        for option in schema.options:
            self.fields[f"option_{option.name}"] = forms.BooleanField(
                label=option.label, help_text=option.help, required=False
            )

    @staticmethod
    def initial_for(schema: Schema, mapping: dict[str, str], options: dict[str, bool]) -> dict:
        initial = {f"column_{name}": heading for name, heading in mapping.items()}
        initial.update({f"option_{name}": value for name, value in options.items()})
        return initial

    def clean(self):
        cleaned = super().clean()
        problems = mapping_problems(
            self.schema, self.mapping(), self.headers, organisation_scoped=self.organisation_scoped
        )
        for name, message in problems.items():
            if f"column_{name}" not in self.errors:
                self.add_error(f"column_{name}", message)
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {
            column.name: self.cleaned_data.get(f"column_{column.name}") or ""
            for column in self.schema.columns
            if self.cleaned_data.get(f"column_{column.name}")
        }

    def options(self) -> dict[str, bool]:
        return {option.name: bool(self.cleaned_data.get(f"option_{option.name}")) for option in self.schema.options}
