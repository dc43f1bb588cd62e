from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from ascent.accounts.identity import normalise_email
from ascent.core.audit import ACTION_CHOICES

from .models import Role


class RoleField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Role")
        kwargs.setdefault("choices", [(role.value, f"{role.label} – {role.description}") for role in Role])
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("widget", forms.RadioSelect)
        kwargs.setdefault(
            "error_messages", {"required": "Select a role", "invalid_choice": "Select a role from the list"}
        )
        super().__init__(**kwargs)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="Use their work email address. We will send them a link to join.",
        max_length=254,
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    role = RoleField()

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class ChangeRoleForm(forms.Form):
    role = RoleField(label="New role")


class AcceptInvitationForm(forms.Form):
    """For someone who has no account yet: their name and a password."""

    full_name = forms.CharField(label="Full name", max_length=150, error_messages={"required": "Enter your full name"})
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. Avoid common words and your name.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        error_messages={"required": "Confirm your password"},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        from django.contrib.auth import password_validation

        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The passwords do not match")
        elif p1:
            user = get_user_model()(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ActivityFilterForm(forms.Form):
    """Filters for the Activity page. Every field is optional; bad values are reported."""

    what = forms.ChoiceField(label="Record type", required=False)
    action = forms.ChoiceField(label="Change", required=False, choices=[("", "Any change"), *ACTION_CHOICES])
    who = forms.TypedChoiceField(label="Changed by", required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label="From date",
        required=False,
        help_text="For example, 1/4/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"],
        error_messages={"invalid": "From date must be a real date, like 1/4/2026"},
    )
    date_to = forms.DateField(
        label="To date",
        required=False,
        help_text="For example, 31/3/2027",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"],
        error_messages={"invalid": "To date must be a real date, like 31/3/2027"},
    )

    def __init__(self, *args, model_choices, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [("", "All records"), *model_choices]
        self.fields["who"].choices = [("", "Anyone"), *[(p.pk, str(p)) for p in people]]
        for name in ("what", "action", "who"):
            self.fields[name].widget.attrs["class"] = ""
            self.fields[name].error_messages["invalid_choice"] = "Select an option from the list"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return cleaned
