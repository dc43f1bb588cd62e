"""Forms of the reminder pages: a person's digest on or off, and the council's plan settings."""

from __future__ import annotations

from django import forms

from .reminders import LIMITS

ON_OFF = [("on", "Yes, send me the digest"), ("off", "No, do not send it")]
COUNCIL_ON_OFF = [("on", "Yes, send owners the digest"), ("off", "No, send no reminders about our actions")]


class ReminderPreferenceForm(forms.Form):
    digest = forms.ChoiceField(
        label="Do you want the daily reminder digest?",
        choices=ON_OFF,
        widget=forms.RadioSelect,
        help_text="One e-mail on a day when actions you own are overdue or due soon. Nothing on other days",
        error_messages={"required": "Choose whether you want the digest", "invalid_choice": "Choose yes or no"},
    )


def _number(name: str, hint: str) -> forms.IntegerField:
    low, high, words = LIMITS[name]
    return forms.IntegerField(
        label=words,
        min_value=low,
        max_value=high,
        help_text=hint,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter {words[0].lower()}{words[1:]}",
            "invalid": f"{words} must be a whole number, like {high // 4 or low}",
            "min_value": f"{words} must be between {low} and {high}",
            "max_value": f"{words} must be between {low} and {high}",
        },
    )


class PlanSettingsForm(forms.Form):
    reminders = forms.ChoiceField(
        label="Send reminders to the owners of this council's actions?",
        choices=COUNCIL_ON_OFF,
        widget=forms.RadioSelect,
        help_text="Each person may still turn the digest off for themselves",
        error_messages={
            "required": "Choose whether to send reminders",
            "invalid_choice": "Choose yes or no for reminders",
        },
    )
    reminder_days_ahead = _number(
        "reminder_days_ahead", "Besides overdue actions, the digest lists those due within this many days"
    )
    stale_after_days = _number(
        "stale_after_days", "An open action with no progress update for this long is flagged as stale"
    )
    follow_up_months = _number(
        "follow_up_months", "When a review's follow-up is due, counted from its letter, unless a date is set"
    )
