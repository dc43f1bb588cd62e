"""Forms of an action's page: progress updates, closing and reopening, milestones, evidence,
indicators, and asking for (and deciding) a later date.

They turn what people type into domain values; the rules (closing needs evidence or a reason,
a later date must be later) are the actions' in ``progress.py`` and ``extensions.py``.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ascent.core.forms import BoundedDateField, CountedCharField
from ascent.reviews.forms_letter import DATE_FORMATS, DayInput

from .models import CLOSED_STATUSES, ActionStatus, ForecastRag
from .progress import OPEN_STATUSES, TEXT_LIMIT


def date_field(label: str, *, required: bool, hint: str = "For example, 7/10/2027") -> BoundedDateField:
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


def text_field(label: str, *, required: bool, missing: str = "", hint: str = "", rows: int = 5) -> CountedCharField:
    return CountedCharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": missing, "max_length": f"{label} must be {TEXT_LIMIT:,} characters or fewer"},
    )


class UpdateForm(forms.Form):
    on = date_field("Date of the update", required=True, hint="Today or earlier. For example, 7/10/2027")
    text = text_field(
        "What has happened",
        required=True,
        missing="Write what has happened since the last update",
        hint="What was done, what is next, and anything in the way",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the statuses listed"},
    )
    percent_complete = forms.IntegerField(
        label="Per cent complete (optional)",
        required=False,
        min_value=0,
        max_value=100,
        help_text="A whole number from 0 to 100",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Per cent complete must be a whole number from 0 to 100",
            "min_value": "Per cent complete must be a whole number from 0 to 100",
            "max_value": "Per cent complete must be a whole number from 0 to 100",
        },
    )
    rag = forms.ChoiceField(
        label="Will it be done by its date? (RAG)",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "Leave as it is"), *ForecastRag.choices],
        error_messages={"invalid_choice": "Choose one of the ratings listed"},
    )

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"on": timezone.localdate(), "status": action.status, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        if action.is_closed:
            self.fields["status"].choices = [(action.status, f"{action.get_status_display()} (closed)")]
            self.fields["status"].help_text = "The action is closed: reopen it to change its status"
        else:
            self.fields["status"].choices = [(value, ActionStatus(value).label) for value in OPEN_STATUSES] + [
                (value, ActionStatus(value).label) for value in ActionStatus.values if value in CLOSED_STATUSES
            ]
            self.fields["status"].help_text = (
                "Complete needs evidence of completion on the action (or use Close the action to say why there "
                "is none); will not be done and done another way take this update as the reason"
            )


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label="How does the action close?",
        widget=forms.RadioSelect,
        choices=[(value, ActionStatus(value).label) for value in ActionStatus.values if value in CLOSED_STATUSES],
        error_messages={
            "required": "Choose how the action closes",
            "invalid_choice": "Choose how the action closes",
        },
    )
    on = date_field("Day it closed", required=True, hint="Today or earlier. For example, 7/10/2027")
    reason = text_field(
        "Reason (optional)",
        required=False,
        hint="Needed when it will not be done (why not) or was done another way (how)",
    )
    no_evidence_reason = text_field(
        "Why there is no evidence (optional)",
        required=False,
        hint="Needed to mark it complete when the action has no evidence of completion",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ReopenForm(forms.Form):
    status = forms.ChoiceField(
        label="Status it reopens with",
        widget=forms.RadioSelect,
        choices=[(value, ActionStatus(value).label) for value in OPEN_STATUSES],
        error_messages={"required": "Choose the status the action reopens with"},
    )
    reason = text_field("Why it is reopened", required=True, missing="Say why the action is reopened")


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label="Milestone",
        max_length=300,
        error_messages={
            "required": "Enter what the milestone is",
            "max_length": "The milestone must be 300 characters or fewer",
        },
    )
    due_date = date_field("Due (optional)", required=False)
    done_on = date_field(
        "Done on (optional)", required=False, hint="The day it was done; leave empty while it is still to do"
    )


class EvidenceForm(forms.Form):
    evidence = forms.TypedChoiceField(
        label="An evidence file (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="From the council's evidence files",
        error_messages={"invalid_choice": "Choose an evidence file from the list"},
    )
    url = forms.CharField(
        label="Or a link (optional)",
        required=False,
        max_length=500,
        help_text="The full address, starting https://",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={"max_length": "The link must be 500 characters or fewer"},
    )
    title = forms.CharField(
        label="Title of the link (optional)",
        required=False,
        max_length=300,
        help_text="Needed with a link: what it shows",
        error_messages={"max_length": "The title must be 300 characters or fewer"},
    )

    def __init__(self, *args, files, **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence_files = {item.pk: item for item in files}
        self.fields["evidence"].choices = [("", "Choose a file")] + [
            (item.pk, f"{item.title} ({item.get_kind_display()}, {item.evidence_date:%d/%m/%Y})") for item in files
        ]

    def clean_evidence(self):
        chosen = self.cleaned_data.get("evidence")
        return self.evidence_files.get(chosen) if chosen is not None else None


class IndicatorForm(forms.Form):
    indicator = forms.TypedChoiceField(
        label="Indicator",
        coerce=int,
        error_messages={
            "required": "Choose the indicator the action should move",
            "invalid_choice": "Choose an indicator from the list",
        },
    )
    target = forms.DecimalField(
        label="Target (optional)",
        required=False,
        max_digits=20,
        decimal_places=6,
        help_text="The value the action should bring the indicator to, in its unit (for a per cent, 85 for 85%)",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "invalid": "The target must be a number, like 85 or 12.5",
            "max_digits": "The target must be a number of 14 digits or fewer before the point",
            "max_decimal_places": "The target must have 6 decimal places or fewer",
        },
    )
    target_period_code = forms.CharField(
        label="By when (optional)",
        required=False,
        max_length=40,
        help_text="The period of the target as councils write it, like 2027-28",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"max_length": "The period must be 40 characters or fewer"},
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {item.pk: item for item in indicators}
        self.fields["indicator"].choices = [("", "Choose an indicator")] + [
            (item.pk, f"{item.code} {item.title}") for item in indicators
        ]

    def clean_indicator(self):
        return self.indicators[self.cleaned_data["indicator"]]


class ExtensionRequestForm(forms.Form):
    to_date = date_field("New due date", required=True, hint="Later than the due date. For example, 31/3/2028")
    reason = text_field("Why a later date is needed", required=True, missing="Say why the action needs a later date")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[("approve", "Approve: the action's due date moves"), ("refuse", "Refuse: the date stays")],
        error_messages={"required": "Choose whether to approve or refuse the request"},
    )
    note = text_field("Note (optional)", required=False, hint="Needed when you refuse: say why", rows=3)
