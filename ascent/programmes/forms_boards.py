"""Forms of the boards pages: a board, a meeting, a decision asked for and a decision made.

They turn input into the values ``ascent.programmes.actions`` takes; the actions check the
rest (a name used twice, a chair from another council) and the view shows their refusal
beside the field it names.
"""

from __future__ import annotations

from django import forms

from .forms import MemberChoiceField as PersonChoiceField
from .forms import date_field, members_of, text_field


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class BoardForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="As the council writes it, for example Resilient Harrow Programme Board",
        error_messages={
            "required": "Enter the board's name",
            "max_length": "The board's name must be 200 characters or fewer",
        },
    )
    purpose = text_field("Purpose (optional)", hint="What the board is for and what it decides", what="The purpose")
    chair = PersonChoiceField(
        label="Chair (optional)",
        queryset=None,
        required=False,
        empty_label="Not a member of the service",
        help_text="If the chair uses the service",
        error_messages={"invalid_choice": "Choose a member of the council as the chair"},
    )
    chair_name = forms.CharField(
        label="Chair's name or post (optional)",
        required=False,
        max_length=200,
        help_text="If the chair does not use the service, for example Corporate Director, People",
        error_messages={"max_length": "The chair's name or post must be 200 characters or fewer"},
    )
    members = PeopleChoiceField(
        label="Members who use the service (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose members of the council as the board's members"},
    )
    other_members = text_field(
        "Other members (optional)",
        hint="One name or post a line, for example Head of Finance, People",
        what="Other members",
    )
    cycle_weeks = forms.IntegerField(
        label="Meets every how many weeks (optional)",
        required=False,
        min_value=1,
        max_value=52,
        help_text="For example, 4 for every four weeks. Leave empty if it meets as needed",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter how many weeks apart the board meets as a whole number, like 4",
            "min_value": "Enter how many weeks apart the board meets, from 1 to 52",
            "max_value": "Enter how many weeks apart the board meets, from 1 to 52",
        },
    )
    reports_to = forms.CharField(
        label="Reports to (optional)",
        required=False,
        max_length=200,
        help_text="The board or committee it reports to, for example Corporate Commissioning Board",
        error_messages={"max_length": "Who the board reports to must be 200 characters or fewer"},
    )

    is_active = forms.BooleanField(
        label="The board still meets",
        required=False,
        help_text="Untick when the board stops meeting: it stays on the list, with its decisions",
    )

    def __init__(self, *args, organisation, new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["is_active"]
        people = members_of(organisation)
        self.fields["chair"].queryset = people
        self.fields["members"].queryset = people

    def clean_other_members(self) -> str:
        lines = [" ".join(line.split()) for line in self.cleaned_data["other_members"].splitlines()]
        return "\n".join(line for line in lines if line)

    def action_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["members"] = list(values["members"])
        return values


class MeetingForm(forms.Form):
    held_on = date_field("Date of the meeting", required=True)
    notes = text_field(
        "Notes (optional)", hint="What was discussed, or a link to the minutes", rows=6, what="The notes"
    )


class DecisionForm(forms.Form):
    """A decision the board is asked to make."""

    title = forms.CharField(
        label="Decision needed",
        max_length=300,
        help_text="For example, Move the reablement project to the Improvement Board",
        error_messages={
            "required": "Enter the decision the board is asked to make",
            "max_length": "The decision needed must be 300 characters or fewer",
        },
    )
    detail = text_field("Detail (optional)", hint="The options and what is recommended", what="The detail")
    programme = forms.ModelChoiceField(
        label="Programme (optional)",
        queryset=None,
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose one of the council's programmes"},
    )
    project = forms.ModelChoiceField(
        label="Project (optional)",
        queryset=None,
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose one of the council's projects"},
    )

    def __init__(self, *args, programmes, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["project"].queryset = projects

    def clean(self):
        data = super().clean()
        programme, project = data.get("programme"), data.get("project")
        if programme and project and project.programme_id != programme.pk:
            self.add_error("project", f"Choose a project of {programme.name}, or no programme")
        return data


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.held_on.day} {obj.held_on:%B %Y}"


class RecordDecisionForm(forms.Form):
    decision = text_field("What the board decided", required=True, rows=5, what="What the board decided")
    meeting = MeetingChoiceField(
        label="Meeting (optional)",
        queryset=None,
        required=False,
        empty_label="Not at a meeting",
        error_messages={"invalid_choice": "Choose one of the board's meetings"},
    )
    decided_on = date_field(
        "Date decided (optional)",
        required=False,
        hint="Leave empty to use the meeting's date, or today's. For example, 14/1/2020",
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
