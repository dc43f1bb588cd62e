"""Forms of the committee pages: committees, reporting schedules and committee reports."""

from __future__ import annotations

from django import forms

from ascent.core.forms import BoundedDateField, CountedCharField
from ascent.reviews.forms_letter import DATE_FORMATS, DayInput

from .committee import TEXT_LIMIT, TEXT_SECTIONS
from .models import CommitteeKind, Frequency


def _date(label: str, *, hint: str = "For example, 14/1/2027") -> BoundedDateField:
    return BoundedDateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=hint,
        widget=DayInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}",
            "invalid": f"The {label[0].lower()}{label[1:]} must be a real date, like 14/1/2027",
        },
    )


class CommitteeForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="As the council writes it, for example Health and Social Care Scrutiny Sub-Committee",
        error_messages={
            "required": "Enter the committee's name",
            "max_length": "The committee's name must be 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of committee",
        choices=CommitteeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of committee it is"},
    )


class ScheduleForm(forms.Form):
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=None,
        empty_label="Choose a committee",
        error_messages={
            "required": "Choose the committee the plan is reported to",
            "invalid_choice": "Choose one of the council's committees",
        },
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        initial=Frequency.QUARTERLY,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often the plan is reported"},
    )
    next_meeting_on = _date("Date of the next meeting")

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class NewReportForm(forms.Form):
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=None,
        empty_label="Choose a committee",
        error_messages={
            "required": "Choose the committee the report goes to",
            "invalid_choice": "Choose one of the council's committees",
        },
    )
    meeting_on = _date("Date of the meeting")

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


_HINTS = {
    "summary": "What the committee most needs to know about the plan's progress",
    "recommendations_to_committee": "What the committee is asked to do, for example to note the progress",
    "background": "Why the plan exists and what the committee has seen before",
    "financial_implications": "Leave empty if there are none",
    "legal_implications": "Leave empty if there are none",
    "equality_implications": "Leave empty if there are none",
    "risks": "The risks to the plan's delivery and how they are managed",
}


class ReportForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={
            "required": "Enter the report's title",
            "max_length": "The report's title must be 300 characters or fewer",
        },
    )
    meeting_on = _date("Date of the meeting")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading in TEXT_SECTIONS.items():
            self.fields[name] = CountedCharField(
                label=f"{heading} (optional)" if "implications" in name else heading,
                required=False,
                max_length=TEXT_LIMIT,
                help_text=f"{_HINTS[name]}. Leave a blank line between paragraphs",
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={"max_length": f"The {heading.lower()} must be {TEXT_LIMIT:,} characters or fewer"},
            )
