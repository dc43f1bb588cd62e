"""Forms of a programme's registers: a risk or issue, the register's filters, and a budget line.

They turn input into the values ``ascent.programmes.actions`` takes (``save_risk``,
``record_budget``); amounts are read as councils write them ("£863K", "1,046,000").
"""

from __future__ import annotations

from decimal import Decimal

from django import forms

from ascent.core.money import MoneyParseError, parse_money
from ascent.core.periods import PeriodParseError, parse_period

from .forms import MemberChoiceField as PersonChoiceField
from .forms import date_field, members_of, text_field
from .models import BudgetKind, RiskKind, RiskStatus
from .risks import IMPACTS, LIKELIHOODS

PROGRAMME_WIDE = "programme"


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


def _level(label: str, names: dict[int, str], *, required: bool) -> forms.TypedChoiceField:
    noun = label.replace(" (optional)", "").lower()
    choices = [(number, f"{number} – {name}") for number, name in names.items()]
    return forms.TypedChoiceField(
        label=label,
        required=required,
        coerce=int,
        empty_value=None,
        choices=choices if required else [("", "Not set"), *choices],
        widget=forms.RadioSelect if required else forms.Select,
        error_messages={
            "required": f"Choose the {noun}, from 1 to 5",
            "invalid_choice": f"Choose the {noun}, from 1 to 5",
        },
    )


class RiskForm(forms.Form):
    kind = forms.ChoiceField(
        label="Risk or issue",
        choices=RiskKind.choices,
        initial=RiskKind.RISK,
        widget=forms.RadioSelect,
        help_text="An issue is a risk that has happened",
        error_messages={"required": "Choose a risk or an issue", "invalid_choice": "Choose a risk or an issue"},
    )
    project = ProjectChoiceField(
        label="Project (optional)",
        queryset=None,
        required=False,
        empty_label="The programme as a whole",
        error_messages={"invalid_choice": "Choose one of the programme's projects"},
    )
    reference = forms.CharField(
        label="Reference (optional)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"max_length": "The reference must be 30 characters or fewer"},
    )
    title = forms.CharField(
        label="Risk",
        max_length=300,
        help_text="What might happen and what it would do, for example Demand rises faster than reviews can release",
        error_messages={"required": "Enter the risk", "max_length": "The risk must be 300 characters or fewer"},
    )
    description = text_field("Description (optional)", what="The description")
    owner = PersonChoiceField(
        label="Owner (optional)",
        queryset=None,
        required=False,
        empty_label="Not a member of the service",
        error_messages={"invalid_choice": "Choose a member of the council as the owner"},
    )
    owner_name = forms.CharField(
        label="Owner's name or post (optional)",
        required=False,
        max_length=200,
        help_text="If the owner does not use the service",
        error_messages={"max_length": "The owner's name or post must be 200 characters or fewer"},
    )
    likelihood = _level("Likelihood", LIKELIHOODS, required=True)
    impact = _level("Impact", IMPACTS, required=True)
    target_likelihood = _level("Target likelihood (optional)", LIKELIHOODS, required=False)
    target_impact = _level("Target impact (optional)", IMPACTS, required=False)
    mitigation = text_field("Mitigation (optional)", hint="What is being done to reduce it", what="The mitigation")
    review_on = date_field("Next review (optional)", required=False, hint="For example, 10/12/2019")
    escalated = forms.BooleanField(
        label="Escalated to the programme",
        required=False,
        help_text="A project risk the programme's board should see on the programme's register",
    )

    def __init__(self, *args, organisation, projects, new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(organisation)
        if new:
            self.fields["project"].queryset = projects
        else:
            del self.fields["project"]

    def clean(self):
        data = super().clean()
        pairs = (("target_likelihood", "target_impact"), ("target_impact", "target_likelihood"))
        for name, other in pairs:
            if data.get(name) is not None and data.get(other) is None and other not in self.errors:
                label = self.fields[other].label.replace(" (optional)", "").lower()
                self.add_error(other, f"Choose the {label} too, or neither")
        return data

    def action_values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("project", None)
        return values


class RiskFilterForm(forms.Form):
    """The register's filters, sent by GET; a value that is not one of the choices is ignored."""

    project = forms.ChoiceField(label="Project", required=False)
    kind = forms.ChoiceField(label="Risks or issues", required=False, choices=[("", "Both"), *RiskKind.choices])
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Open"), (RiskStatus.CLOSED, "Closed"), ("all", "Open and closed")],
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [
            ("", "All"),
            (PROGRAMME_WIDE, "The programme as a whole"),
            *[(str(p.pk), str(p)) for p in projects],
        ]

    def values(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class MoneyField(forms.CharField):
    """An amount of pounds, written as councils write it ("£863K", "1,046,000", "£1.263m")."""

    def __init__(self, *, what: str, negative: bool = False, **kwargs):
        self.what, self.negative = what, negative
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}))
        kwargs.setdefault("error_messages", {"required": f"Enter {what[0].lower()}{what[1:]}"})
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            amount = parse_money(value)
        except MoneyParseError:
            raise forms.ValidationError(
                f"{self.what} must be an amount of pounds, like £863K or 1,046,000", code="invalid"
            ) from None
        if amount < 0 and not self.negative:
            raise forms.ValidationError(f"{self.what} cannot be less than nothing", code="negative")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(f"{self.what} must be in whole pence", code="pence")
        if abs(amount) >= Decimal("1e12"):
            raise forms.ValidationError(f"{self.what} is too large", code="too_large")
        return amount


class BudgetLineForm(forms.Form):
    period = forms.CharField(
        label="Period",
        max_length=30,
        help_text="A month, a quarter or a financial year, for example Nov 2019, Q3 2019/20 or 2019-20",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the period, like Nov 2019, Q3 2019/20 or 2019-20",
            "max_length": "The period must be 30 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Budget",
        choices=BudgetKind.choices,
        initial=BudgetKind.SERVICE,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the service budget or the cost of delivery",
            "invalid_choice": "Choose the service budget or the cost of delivery",
        },
    )
    project = ProjectChoiceField(
        label="Project (optional)",
        queryset=None,
        required=False,
        empty_label="The programme as a whole",
        error_messages={"invalid_choice": "Choose one of the programme's projects"},
    )
    source = forms.CharField(
        label="Source of funding (optional)",
        required=False,
        max_length=200,
        help_text="For example, Corporate transformation budget",
        error_messages={"max_length": "The source of funding must be 200 characters or fewer"},
    )
    budget = MoneyField(label="Budget", what="The budget", help_text="In pounds, for example £400K or 400,000")
    forecast = MoneyField(label="Forecast outturn", what="The forecast outturn", help_text="In pounds")
    spent = MoneyField(
        label="Spent to date (optional)", what="The spend to date", required=False, help_text="In pounds"
    )
    note = text_field("Note (optional)", rows=3, what="The note")

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects

    def clean_period(self) -> str:
        text = self.cleaned_data["period"].strip()
        try:
            period = parse_period(text)
        except PeriodParseError:
            raise forms.ValidationError(
                "Enter the period as a month, a quarter or a financial year, like Nov 2019, Q3 2019/20 "
                f"or 2019-20, not “{text}”"
            ) from None
        if period.kind.value not in ("month", "quarter", "financial_year"):
            raise forms.ValidationError("Enter the period as a month, a quarter or a financial year, like Nov 2019")
        return period.code
