"""Forms for fieldwork, team notes, the evidence library and what the host shares with the team.

Forms turn what people type into values; saving is for ``ascent.reviews.fieldwork`` and
``ascent.reviews.library``, whose ``ValidationError`` goes back on the form
(``form.add_error(None, error)``) so each message sits beside its field.
"""

from __future__ import annotations

from django import forms

from ascent.core.forms import BoundedDateField, CountedCharField
from ascent.evidence.forms import EvidenceFileForm

from . import fieldwork
from .models import ActivityKind

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%I:%M %p", "%I %p"]


class TimeTextField(forms.TimeField):
    """A time as people type it: 9:30, 14:00, 2pm or 2.15pm."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lower().replace(" ", "")
        return super().to_python(value)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of activity is it?",
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of activity it is",
            "invalid_choice": "Select what kind of activity it is",
        },
    )
    title = CountedCharField(
        label="Title",
        max_length=fieldwork.TITLE_MAX,
        help_text="For example, Interview with the director of adult social care",
        error_messages={
            "required": "Enter a title",
            "max_length": f"The title must be {fieldwork.TITLE_MAX:,} characters or fewer",
        },
    )
    day = BoundedDateField(
        label="Day",
        input_formats=DATE_FORMATS,
        help_text="For example, 7/12/2026",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the day of the activity",
            "invalid": "Day must be a real date, like 7/12/2026",
        },
    )
    starts = TimeTextField(
        label="Starts at",
        input_formats=TIME_FORMATS,
        help_text="For example, 9:30 or 2pm",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time it starts",
            "invalid": "Time it starts must be a time, like 9:30 or 2pm",
        },
    )
    ends = TimeTextField(
        label="Ends at (optional)",
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Time it ends must be a time, like 10:30 or 3pm"},
    )
    location = CountedCharField(
        label="Where (optional)",
        required=False,
        max_length=fieldwork.LOCATION_MAX,
        error_messages={"max_length": f"Where it takes place must be {fieldwork.LOCATION_MAX:,} characters or fewer"},
    )
    participants = forms.CharField(
        label="Who takes part, by role (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: for example, Head of safeguarding, or Six carers",
    )
    participant_names = forms.CharField(
        label="Their names (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line. Leave this empty if people asked not to be named",
    )
    team_members = forms.ModelMultipleChoiceField(
        label="Team members taking part (optional)",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select members of this review's team"},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_members"].queryset = fieldwork.team_members(review)
        self.fields["team_members"].label_from_instance = lambda member: (
            f"{member.name} ({member.get_role_display().lower()})"
        )
        if not self.fields["team_members"].queryset.exists():
            del self.fields["team_members"]

    @classmethod
    def initial_for(cls, activity) -> dict:
        from django.utils import timezone

        starts = timezone.localtime(activity.starts_at)
        ends = timezone.localtime(activity.ends_at) if activity.ends_at else None
        return {
            "kind": activity.kind,
            "title": activity.title,
            "day": f"{starts.day}/{starts.month}/{starts.year}",
            "starts": starts.strftime("%H:%M"),
            "ends": ends.strftime("%H:%M") if ends else "",
            "location": activity.location,
            "participants": activity.participants,
            "participant_names": activity.participant_names,
            "team_members": list(activity.team_members.all()),
        }


class _ActivityChoiceMixin:
    def _activity_field(self, review):
        from .models import FieldworkActivity

        field = self.fields["activity"]
        field.queryset = FieldworkActivity.objects.in_organisation(review.organisation).filter(review=review)
        field.label_from_instance = lambda activity: activity.title
        if not field.queryset.exists():
            del self.fields["activity"]


class PersonForm(_ActivityChoiceMixin, forms.Form):
    role = CountedCharField(
        label="Role, or the group",
        max_length=fieldwork.ROLE_MAX,
        help_text="As the letter's appendix will list it: for example, Director of adult social care, or Carers' forum",
        error_messages={
            "required": "Enter their role, or what the group is",
            "max_length": f"The role or group must be {fieldwork.ROLE_MAX:,} characters or fewer",
        },
    )
    name = CountedCharField(
        label="Name (optional)",
        required=False,
        max_length=fieldwork.NAME_MAX,
        error_messages={"max_length": f"The name must be {fieldwork.NAME_MAX:,} characters or fewer"},
    )
    is_group = forms.BooleanField(label="This is a group of people", required=False)
    activity = forms.ModelChoiceField(
        label="Where the team met them (optional)",
        required=False,
        queryset=None,
        empty_label="Not one activity",
        error_messages={"invalid_choice": "Select an activity of this review"},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self._activity_field(review)


class NoteForm(_ActivityChoiceMixin, forms.Form):
    text = CountedCharField(
        label="Note",
        max_length=fieldwork.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Only the review team can read team notes. The council being reviewed never sees them",
        error_messages={
            "required": "Enter the note",
            "max_length": f"The note must be {fieldwork.NOTE_MAX:,} characters or fewer",
        },
    )
    activity = forms.ModelChoiceField(
        label="About an activity (optional)",
        required=False,
        queryset=None,
        empty_label="Not one activity",
        error_messages={"invalid_choice": "Select an activity of this review"},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self._activity_field(review)


# --- The evidence library and sharing -----------------------------------------------------------


class LibraryAddForm(forms.Form):
    files = forms.ModelMultipleChoiceField(
        label="Evidence files to add",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one evidence file",
            "invalid_choice": "Select evidence files of the council",
        },
    )
    note = CountedCharField(
        label="Note for the team (optional)",
        required=False,
        max_length=300,
        help_text="Why the files matter, for example Read before the interview with the safeguarding board",
        error_messages={"max_length": "The note for the team must be 300 characters or fewer"},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].queryset = choices
        self.fields["files"].label_from_instance = lambda evidence: (
            f"{evidence.title} ({evidence.get_kind_display().lower()})"
        )


class ShareAssessmentForm(forms.Form):
    """Which self-assessment version the team reads, or none: an explicit choice, never a blank."""

    NONE = "none"

    assessment = forms.ChoiceField(
        label="Which self-assessment version does the team see?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a self-assessment version to share, or Do not share a self-assessment",
            "invalid_choice": "Select one of the council's self-assessment versions, or Do not share a self-assessment",
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessments = {str(assessment.pk): assessment for assessment in choices}
        self.fields["assessment"].choices = [
            *(
                (
                    key,
                    f"{assessment.framework.name}, {assessment.period.label}, version {assessment.version} "
                    f"({assessment.get_status_display().lower()})",
                )
                for key, assessment in self.assessments.items()
            ),
            (self.NONE, "Do not share a self-assessment"),
        ]

    @classmethod
    def initial_for(cls, review) -> dict:
        return {"assessment": str(review.shared_assessment_id) if review.shared_assessment_id else cls.NONE}

    def clean_assessment(self):
        """The chosen version, or None for "Do not share a self-assessment"."""
        key = self.cleaned_data["assessment"]
        return None if key == self.NONE else self.assessments[key]


class IndicatorsAddForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        label="Indicators to share",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one indicator",
            "invalid_choice": "Select indicators the council uses",
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = choices
        self.fields["indicators"].label_from_instance = lambda indicator: f"{indicator.code}: {indicator.title}"


class LibraryUploadForm(EvidenceFileForm):
    """A new evidence file of the council, straight into the review's library (with a note for the team)."""

    note = CountedCharField(
        label="Note for the team (optional)",
        required=False,
        max_length=300,
        help_text="Why the file matters to the review",
        error_messages={"max_length": "The note for the team must be 300 characters or fewer"},
    )
