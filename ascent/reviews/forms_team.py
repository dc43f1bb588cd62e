"""Forms of the review team's pages: a member's details, and the team's access date."""

from __future__ import annotations

from django import forms

from ascent.accounts.identity import normalise_email
from ascent.core.forms import BoundedDateField
from ascent.organisations.models import Organisation

from .models import TeamRole

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]


class TeamMemberForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the member's name", "max_length": "Name must be 200 characters or fewer"},
    )
    role = forms.ChoiceField(
        label="Role on the team",
        choices=TeamRole.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the member's role on the team",
            "invalid_choice": "Choose the member's role from the list",
        },
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        required=False,
        max_length=300,
        help_text="As the letter gives it, for example Director of Adult Social Care, Shropshire Council",
        error_messages={"max_length": "Job title must be 300 characters or fewer"},
    )
    home_organisation = forms.ModelChoiceField(
        label="Home council (optional)",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Not a council in the service",
        error_messages={"invalid_choice": "Choose a council from the list"},
    )
    home_organisation_name = forms.CharField(
        label="Or another organisation (optional)",
        required=False,
        max_length=200,
        help_text="For example the Local Government Association, or a charity",
        error_messages={"max_length": "Organisation must be 200 characters or fewer"},
    )
    is_lead = forms.BooleanField(
        label="Lead of the team",
        required=False,
        help_text="The lead approves findings and publishes the letter. A review has one lead.",
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        help_text="Needed to invite them to work on the review in the service",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # access: councils are reference data, the same list for everyone.
        self.fields["home_organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("name")

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"]) if self.cleaned_data["email"] else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("home_organisation") and cleaned.get("home_organisation_name", "").strip():
            self.add_error(
                "home_organisation_name", "Choose a council from the list or type another organisation, not both"
            )
        return cleaned


class TeamAccessForm(forms.Form):
    team_access_ends_on = BoundedDateField(
        label="Last day the team may see the review",
        help_text=(
            "Until the letter is published the team works on the review; after that they may only read it, "
            "until the end of this day. For example, 31/3/2027"
        ),
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the last day the team may see the review",
            "invalid": "Last day the team may see the review must be a real date, like 31/3/2027",
        },
    )
