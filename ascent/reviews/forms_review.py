"""Forms of the review's own pages: its details, a stage move, and its scope.

Forms check what was typed and turn it into values; saving, and the checks that need the
review's current state, are the job of :mod:`ascent.reviews.lifecycle` and
:mod:`ascent.reviews.scope`.
"""

from __future__ import annotations

from django import forms

from ascent.core.forms import BoundedDateField, CountedCharField
from ascent.frameworks.models import Framework
from ascent.organisations.models import Organisation, Region

from .lifecycle import BACK, FORWARD
from .models import DevelopmentLabel, Kind, ScopeStyle
from .scope import TEXT_LIMIT

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]


def _date_field(label: str, hint: str) -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=False,
        help_text=hint,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": f"{label} must be a real date, like 7/12/2026"},
    )


class FrameworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, framework: Framework) -> str:
        owner = "" if framework.is_shipped else " (your council's own)"
        return f"{framework.name}, version {framework.version}{owner}"


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of review",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of review", "invalid_choice": "Choose a kind from the list"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="As the letter will name it, for example Adult social care peer challenge 2026",
        error_messages={
            "required": "Enter the review's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    on_site_from = _date_field("First day on site", "For example, 7/12/2026. Leave blank if not yet agreed")
    on_site_to = _date_field("Last day on site", "For example, 9/12/2026")
    commissioned_by = forms.CharField(
        label="Commissioned by",
        required=False,
        max_length=200,
        help_text="Who asked for the review, for example West Midlands ADASS",
        error_messages={"max_length": "Commissioned by must be 200 characters or fewer"},
    )
    commissioning_region = forms.ModelChoiceField(
        label="Commissioning region",
        required=False,
        queryset=Region.objects.none(),
        empty_label="None",
        help_text="When a region's directors commissioned it",
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    led_by = forms.CharField(
        label="Led by",
        required=False,
        max_length=200,
        help_text="Who leads it, for example the Local Government Association",
        error_messages={"max_length": "Led by must be 200 characters or fewer"},
    )
    lead_organisation = forms.ModelChoiceField(
        label="Lead organisation",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="None",
        help_text="When another council in the service leads it",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    framework = FrameworkChoiceField(
        label="Framework",
        required=False,
        queryset=Framework.objects.none(),
        empty_label="None",
        help_text="Optional: the framework the review looks through, such as TEASC",
        error_messages={"invalid_choice": "Choose a framework from the list"},
    )
    scope_style = forms.ChoiceField(
        label="How the scope is set out",
        choices=ScopeStyle.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the scope is set out",
            "invalid_choice": "Choose a style from the list",
        },
    )
    key_line_of_enquiry = CountedCharField(
        label="Key line of enquiry",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only when the scope is one key line of enquiry: its sub-areas are added on the Scope page",
        error_messages={"max_length": f"The key line of enquiry must be {TEXT_LIMIT:,} characters or fewer"},
    )
    development_label = forms.ChoiceField(
        label="What the letter calls the findings that are not strengths",
        choices=DevelopmentLabel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the letter calls them", "invalid_choice": "Choose one from the list"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from ascent.assessments.actions import frameworks_for

        self.fields["framework"].queryset = frameworks_for(organisation)
        self.fields["commissioning_region"].queryset = Region.objects.order_by("name")  # access: reference data
        self.fields["lead_organisation"].queryset = Organisation.objects.exclude(  # access: councils are reference data
            pk=organisation.pk
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("on_site_from"), cleaned.get("on_site_to")
        if start and end and end < start:
            self.add_error("on_site_to", "The last day on site must be the same as or after the first day")
        if cleaned.get("scope_style") == ScopeStyle.ELEMENTS and not cleaned.get("framework"):
            self.add_error("framework", "Choose the framework whose elements are in scope")
        if cleaned.get("scope_style") == ScopeStyle.KEY_LINE and not (cleaned.get("key_line_of_enquiry") or "").strip():
            self.add_error("key_line_of_enquiry", "Enter the key line of enquiry")
        return cleaned


class StageForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[(FORWARD, "Forward"), (BACK, "Back")],
        error_messages={
            "required": "Choose whether to move the review forward or back",
            "invalid_choice": "Choose whether to move the review forward or back",
        },
    )


class ScopeItemForm(forms.Form):
    text = CountedCharField(
        label="Text",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the text of the scope item",
            "max_length": f"The text must be {TEXT_LIMIT:,} characters or fewer",
        },
    )

    def __init__(self, *args, noun: str = "scope item", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = noun[0].upper() + noun[1:]
        self.fields["text"].error_messages["max_length"] = f"The {noun} must be {TEXT_LIMIT:,} characters or fewer"
        self.fields["text"].error_messages["required"] = f"Enter the {noun}"


class ElementLabel(forms.ModelMultipleChoiceField):
    def label_from_instance(self, element) -> str:
        return element.label


class ScopeElementsForm(forms.Form):
    elements = ElementLabel(
        label="Elements in scope",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every element the review looks at",
        error_messages={"required": "Choose at least one element", "invalid_choice": "Choose elements from the list"},
    )

    def __init__(self, *args, elements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elements"].queryset = elements


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", "Up"), ("down", "Down")],
        error_messages={
            "required": "Choose whether to move the item up or down",
            "invalid_choice": "Choose whether to move the item up or down",
        },
    )
