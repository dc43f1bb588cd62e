"""Forms of the follow-up pages: planning one, its date and summary, and marking it as held."""

from __future__ import annotations

from django import forms

from ascent.core.forms import BoundedDateField, CountedCharField
from ascent.reviews.forms_letter import DATE_FORMATS, DayInput

from .followup import SUMMARY_LIMIT


def _date(label: str, *, required: bool, hint: str) -> BoundedDateField:
    name = label.replace(" (optional)", "")
    return BoundedDateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=hint,
        widget=DayInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter {name[0].lower()}{name[1:]}",
            "invalid": f"{name} must be a real date, like 7/10/2027",
        },
    )


class PlanFollowUpForm(forms.Form):
    review = forms.ModelChoiceField(
        label="Review",
        queryset=None,
        empty_label="Choose a review",
        help_text="A review whose letter is published, with no follow-up planned",
        error_messages={
            "required": "Choose the review to follow up",
            "invalid_choice": "Choose one of the reviews listed",
        },
    )
    due_on = _date(
        "When it is due (optional)",
        required=False,
        hint="For example, 7/10/2027. Leave it empty to count the council's months from the letter",
    )

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = reviews


class FollowUpForm(forms.Form):
    due_on = _date("When it is due", required=True, hint="For example, 7/10/2027")
    summary = CountedCharField(
        label="Summary (optional)",
        required=False,
        max_length=SUMMARY_LIMIT,
        help_text="What the follow-up found, for its report. Leave a blank line between paragraphs",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": f"The summary must be {SUMMARY_LIMIT:,} characters or fewer"},
    )


class HoldForm(forms.Form):
    held_on = _date("Day it was held", required=True, hint="For example, 7/10/2027")
    move_review = forms.BooleanField(
        label="Move the review on to its follow-up stage",
        required=False,
        help_text="The review is at published: this moves it to follow-up",
    )

    def __init__(self, *args, may_move_review: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_move_review:
            del self.fields["move_review"]
