"""Sign-in and password forms with the plain wording the GOV.UK Design System uses."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms

from .identity import normalise_email


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password. If you have forgotten your password, reset it.",
        "inactive": "This account has been switched off. Contact your organisation's admin.",
    }

    def clean_username(self) -> str:
        # The same spelling the lockout counts against (see identity.py).
        return normalise_email(self.cleaned_data["username"])


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )


def _password_field(label: str, *, help_text: str = "", autocomplete: str = "new-password") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


class SetPasswordForm(auth_forms.SetPasswordForm):
    new_password1 = _password_field(
        "New password", help_text="At least 12 characters. Avoid common words and your name."
    )
    new_password2 = _password_field("Confirm new password")
    error_messages = {"password_mismatch": "The passwords do not match"}


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    old_password = _password_field("Current password", autocomplete="current-password")
    new_password1 = _password_field(
        "New password", help_text="At least 12 characters. Avoid common words and your name."
    )
    new_password2 = _password_field("Confirm new password")
    error_messages = {
        "password_mismatch": "The passwords do not match",
        "password_incorrect": "Your current password is not right. Enter it again.",
    }
    field_order = ["old_password", "new_password1", "new_password2"]
