"""The evidence file form: usable on the evidence pages and inside another page.

Another page (a rating's page) can show it with a ``prefix`` so its field names do not
clash with the page's own form, and must take its POST through a view decorated with
``ascent.evidence.uploads.limits_evidence_uploads`` so an oversized file is refused while it
arrives. Pass the request (``request=``) so the form can tell "no file chosen" from "a file
too big to take". ``cleaned_data["file"]`` is then a checked file
(:class:`~ascent.evidence.actions.CheckedFile`) to hand to
:func:`~ascent.evidence.actions.store_evidence_file`, with the other cleaned fields; the
action's ``ValidationError`` goes back on the form with ``form.add_error(None, error)``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ascent.core.forms import BoundedDateField, CountedCharField

from . import actions
from .models import EvidenceKind
from .sniff import ACCEPT_ATTRIBUTE, ACCEPTED_DESCRIPTION
from .uploads import max_bytes, megabytes, oversized

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]


class EvidenceFileForm(forms.Form):
    file = forms.FileField(
        label="File",
        error_messages={"required": "Select a file", "empty": "The selected file is empty", "invalid": "Select a file"},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    title = CountedCharField(
        label="Title",
        max_length=actions.TITLE_MAX,
        help_text="What the file is, so people can find it: for example, Carers' survey results 2024",
        error_messages={"required": "Enter a title", "max_length": "Title must be 200 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="What kind of evidence is it?",
        choices=EvidenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of evidence this is",
            "invalid_choice": "Select what kind of evidence this is",
        },
    )
    evidence_date = BoundedDateField(
        label="Date of the evidence",
        help_text=(
            "When the evidence was true, such as the date of a survey or the end of the period its "
            "figures cover. For example, 31/3/2025"
        ),
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the date of the evidence",
            "invalid": "Date of the evidence must be a real date, like 31/3/2025",
        },
    )
    description = CountedCharField(
        label="Description (optional)",
        required=False,
        max_length=actions.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What it shows, and where it came from",
        error_messages={"max_length": "Description must be 2000 characters or fewer"},
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Upload {ACCEPTED_DESCRIPTION}, up to {megabytes(max_bytes())}."
        if request is not None and oversized(request, self.add_prefix("file")):
            self.fields["file"].error_messages["required"] = actions.too_big_message()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            return actions.check_file(upload)
        except ValidationError as error:
            raise ValidationError(error.message_dict["file"]) from None

    def store(self, organisation, user):
        """Store the checked file with the form's fields; None (with errors on the form) if refused."""
        data = self.cleaned_data
        try:
            return actions.store_evidence_file(
                organisation,
                user,
                data["file"],
                title=data["title"],
                kind=data["kind"],
                evidence_date=data["evidence_date"],
                description=data.get("description", ""),
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None

    def close(self) -> None:
        """Release the checked file's own copy, if one was made (a form that was not stored)."""
        checked = getattr(self, "cleaned_data", {}).get("file")
        if isinstance(checked, actions.CheckedFile):
            checked.close()
