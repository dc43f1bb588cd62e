"""Forms of the letter's pages: its own parts, and publishing a version."""

from __future__ import annotations

import datetime as dt

from django import forms

from ascent.core.forms import BoundedDateField, CountedCharField

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
TEXT_LIMIT = 20000


class DayInput(forms.TextInput):
    """A typed date shown back as people type it, "9/6/2027" (like the hint), never "2027-06-09"."""

    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value.day}/{value.month}/{value.year}"
        return super().format_value(value)


def _text(label: str, hint: str, rows: int = 6) -> CountedCharField:
    return CountedCharField(
        label=f"{label} (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"{label} must be {TEXT_LIMIT:,} characters or fewer"},
    )


class LetterForm(forms.Form):
    """The parts of the letter people write; the rest comes from the review's records."""

    letter_date = BoundedDateField(
        label="Date of the letter (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 11/7/2026",
        widget=DayInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Date of the letter must be a real date, like 11/7/2026"},
    )
    addressee = forms.CharField(
        label="Who the letter is to (optional)",
        required=False,
        max_length=200,
        help_text="Usually the host's Director of Adult Social Services",
        error_messages={"max_length": "Who the letter is to must be 200 characters or fewer"},
    )
    signatory = forms.CharField(
        label="Who signs it (optional)",
        required=False,
        max_length=200,
        help_text="Usually the lead of the team, with their job title",
        error_messages={"max_length": "Who signs it must be 200 characters or fewer"},
    )
    introduction = _text(
        "Introduction and thanks", "Leave a blank line between paragraphs. Left empty, the letter says what it covers"
    )
    context = _text("Context", "What the team should know of the council's situation")
    executive_summary = _text("Executive summary", "The main messages, before the findings under each scope item")
    conclusion = _text("Conclusion", "The closing words, before the signature")


class PublishForm(forms.Form):
    team_access_ends_on = BoundedDateField(
        label="Last day the team may read the review",
        input_formats=DATE_FORMATS,
        help_text=(
            "After publication the team can read the review but not change it, until this day. For example, 31/1/2027"
        ),
        widget=DayInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the last day the team may read the review",
            "invalid": "Last day the team may read the review must be a real date, like 31/1/2027",
        },
    )
    note = CountedCharField(
        label="What changed (optional)",
        required=False,
        max_length=300,
        help_text="For a corrected version: what is different from the version before",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "What changed must be 300 characters or fewer"},
    )

    def __init__(self, *args, ask_access_date: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_access_date:
            # A correction keeps the team's date: that is the host's to change, on the team page.
            del self.fields["team_access_ends_on"]
