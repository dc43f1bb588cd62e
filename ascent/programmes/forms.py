"""Forms of the programme and project pages. They turn input into domain values;
``ascent.programmes.actions`` checks and saves (its refusals come back beside the field).

Dates are typed as councils write them ("31/3/2020"); money as councils write it ("£1.046m",
"863K", "400,000"), read with ``ascent.core.money.parse_money``.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model

from ascent.core.forms import BoundedDateField, CountedCharField
from ascent.core.money import MoneyParseError, parse_money
from ascent.core.periods import financial_year_label
from ascent.reviews.forms_letter import DATE_FORMATS, DayInput

from .models import EqiaStatus, ProgrammeStatus, Rag, SavingKind, Stage

TEXT_LIMIT = 20000


def date_field(label: str, *, required: bool, hint: str = "For example, 31/3/2020") -> BoundedDateField:
    """A date typed as councils write it; its messages name the field ("Enter the start date")."""
    name = label.replace(" (optional)", "")
    name = f"{name[0].lower()}{name[1:]}"
    return BoundedDateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=hint,
        widget=DayInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": f"Enter the {name}", "invalid": f"The {name} must be a real date, like 31/3/2020"},
    )


def members_of(organisation):
    """The people of the council, who may chair or sit on a board, or sponsor, manage or own its work."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def text_field(
    label: str, hint: str = "", rows: int = 4, *, required: bool = False, what: str = ""
) -> CountedCharField:
    what = what or label.replace(" (optional)", "")
    return CountedCharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {what[0].lower()}{what[1:]}",
            "max_length": f"{what} must be {TEXT_LIMIT:,} characters or fewer",
        },
    )


def _line(label: str, max_length: int = 200, *, required: bool = False, hint: str = "", what: str = ""):
    what = what or label.replace(" (optional)", "")
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=hint,
        error_messages={
            "required": f"Enter {what[0].lower()}{what[1:]}",
            "max_length": f"{what} must be {max_length} characters or fewer",
        },
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


def _member(label: str, hint: str = "") -> MemberChoiceField:
    noun = label.replace(" (optional)", "").lower()
    return MemberChoiceField(
        label=label,
        queryset=None,
        required=False,
        empty_label="Nobody",
        help_text=hint,
        error_messages={"invalid_choice": f"Choose the {noun} from the council's members"},
    )


def _board(label: str = "Board (optional)") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=None,
        required=False,
        empty_label="No board",
        error_messages={"invalid_choice": "Choose one of the council's boards"},
    )


def _whole(label: str, *, low: int, high: int, required: bool = True, hint: str = "") -> forms.IntegerField:
    name = label.replace(" (optional)", "")
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        help_text=hint,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {name[0].lower()}{name[1:]}",
            "invalid": f"{name} must be a whole number from {low} to {high}",
            "min_value": f"{name} must be {low} or more",
            "max_value": f"{name} must be {high} or fewer",
        },
    )


class MoneyField(forms.CharField):
    """An amount of money as councils write it ("£1.046m", "863K", "400,000"): a Decimal."""

    def __init__(self, *, label: str, what: str = "", **kwargs):
        self.what = what or label.replace(" (optional)", "")
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-10"}))
        super().__init__(label=label, error_messages={"required": f"Enter {self.what.lower()}"}, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            amount = parse_money(value)
        except MoneyParseError as error:
            reason = getattr(error, "reason", "") or "is not an amount of money"
            raise forms.ValidationError(f"{self.what} {reason}, like £863K or 1,046,000") from None
        if amount < 0:
            raise forms.ValidationError(f"{self.what} cannot be less than nothing")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(f"{self.what} must be in whole pence")
        return amount


def year_choices(years) -> list[tuple[int, str]]:
    return [(year, financial_year_label(year)) for year in years]


def _year(label: str, years) -> forms.TypedChoiceField:
    name = label.replace(" (optional)", "")
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[("", "Choose a year"), *year_choices(years)],
        error_messages={
            "required": f"Choose the {name[0].lower()}{name[1:]}",
            "invalid_choice": f"Choose the {name[0].lower()}{name[1:]} from the list",
        },
    )


def _kind() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Kind of saving",
        choices=SavingKind.choices,
        initial=SavingKind.CASH,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose cash-releasing or cost avoidance",
            "invalid_choice": "Choose cash-releasing or cost avoidance",
        },
    )


# ── Programmes ───────────────────────────────────────────────────────────────────────────────


class ProgrammeForm(forms.Form):
    name = _line("Name", required=True, what="The programme's name")
    summary = text_field("Summary (optional)", rows=5)
    sponsor = _member("Sponsor (optional)", "A member of the council")
    sponsor_name = _line("Or the sponsor's name or post (optional)", hint="For a sponsor without an account")
    manager = _member("Programme manager (optional)", "A member of the council")
    manager_name = _line("Or the manager's name or post (optional)", hint="For a manager without an account")
    board = _board("Overseeing board (optional)")
    starts_on = date_field("Start date", required=True, hint="For example, 1/4/2019")
    ends_on = date_field("End date (optional)", required=False)
    risk_appetite = _whole(
        "Risk appetite",
        low=1,
        high=25,
        hint="Open risks scored above this (likelihood × impact, 1 to 25) are challenged",
    )
    milestone_tolerance_days = _whole(
        "Milestone tolerance in days",
        low=0,
        high=366,
        hint="A milestone forecast more than this many days after its baseline is challenged",
    )

    def __init__(self, *args, members, boards, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("risk_appetite", 12)
        kwargs["initial"].setdefault("milestone_tolerance_days", 28)
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = members
        self.fields["manager"].queryset = members
        self.fields["board"].queryset = boards

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data


class ChangeProgrammeForm(ProgrammeForm):
    status = forms.ChoiceField(
        label="Status",
        choices=ProgrammeStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the programme's status", "invalid_choice": "Choose active or closed"},
    )
    closed_reason = text_field(
        "Reason for closing (needed to close it)", rows=3, what="The reason for closing the programme"
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == ProgrammeStatus.CLOSED and not (data.get("closed_reason") or "").strip():
            self.add_error("closed_reason", "Say why the programme is closing")
        return data


# ── Projects ─────────────────────────────────────────────────────────────────────────────────


class ProjectForm(forms.Form):
    reference = _line("Reference (optional)", 30, hint="The programme's own reference, like RH07")
    name = _line("Name", required=True, what="The project's name")
    summary = text_field("Summary (optional)", rows=4)
    sponsor = _member("Sponsor (optional)", "A member of the council")
    sponsor_name = _line("Or the sponsor's name or post (optional)", hint="For a sponsor without an account")
    manager = _member("Project manager (optional)", "A member of the council")
    manager_name = _line("Or the manager's name or post (optional)", hint="For a manager without an account")
    implementation_started_on = date_field(
        "Date implementation began (optional)",
        required=False,
        hint="Leave empty while implementation has not begun",
    )
    problem = text_field("Problem (optional)", "What the project is to solve")
    outcomes = text_field("Outcomes (optional)", "What will be better, for people and for the council")
    outputs = text_field("Outputs (optional)", "What the project will deliver")
    options = text_field("Options considered (optional)")
    costs = text_field("Costs (optional)", "The cost of delivery, in words")
    benefits = text_field("Benefits (optional)")
    dependencies = text_field("Dependencies (optional)")
    eqia = forms.ChoiceField(
        label="Equality impact assessment",
        choices=EqiaStatus.choices,
        initial=EqiaStatus.NOT_DONE,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether the equality impact assessment is done",
            "invalid_choice": "Choose done, not needed or not done yet",
        },
    )
    eqia_note = text_field("Equality impact assessment note (optional)", rows=3)
    business_case_approved_on = date_field("Date the business case was approved (optional)", required=False)

    def __init__(self, *args, members, boards=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = members
        self.fields["manager"].queryset = members
        if boards is not None:
            # A new project: which board oversees it, and where in the lifecycle it starts.
            self.fields["board"] = _board("Overseeing board (optional)")
            self.fields["board"].queryset = boards
            self.fields["stage"] = forms.ChoiceField(
                label="Stage",
                choices=[(Stage.PROPOSED, Stage.PROPOSED.label), (Stage.DELIVERY, Stage.DELIVERY.label)],
                initial=Stage.PROPOSED,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose the project's stage", "invalid_choice": "Choose a stage listed"},
            )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label="New stage",
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the project's new stage", "invalid_choice": "Choose a stage listed"},
    )
    on = date_field("Date of the change", required=True)
    reason = text_field(
        "Reason (needed to close the project or move it back)", rows=3, what="The reason for the change"
    )


class BoardMoveForm(forms.Form):
    board = _board("New board")
    moved_on = date_field("Date of the move", required=True, hint="For example, 1/1/2020")
    reason = text_field("Reason (optional)", rows=3)

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards
        self.fields["board"].empty_label = "No board (nobody oversees it)"


def _rag(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=f"{label} RAG",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose the {label.lower()} RAG: green, amber or red",
            "invalid_choice": "Choose green, amber or red",
        },
    )


class UpdateForm(forms.Form):
    text = text_field("What has happened since the last update", rows=6, required=True, what="The update")
    on = date_field("Date of the update", required=True)
    rag_overall = _rag("Overall")
    rag_time = _rag("Time")
    rag_cost = _rag("Cost")
    rag_benefits = _rag("Benefits")


# ── Savings ──────────────────────────────────────────────────────────────────────────────────


class TargetForm(forms.Form):
    """A savings target for several years at once, phased evenly over them."""

    total = MoneyField(label="Total target", what="The total target", help_text="For example, £1.046m or 400,000")
    first_year = forms.TypedChoiceField(label="First financial year", coerce=int)
    last_year = forms.TypedChoiceField(label="Last financial year", coerce=int)
    kind = _kind()

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_year"] = _year("First financial year", years)
        self.fields["last_year"] = _year("Last financial year", years)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", "The last financial year must be the first or a later one")
        return data

    @property
    def years(self) -> list[int]:
        return list(range(self.cleaned_data["first_year"], self.cleaned_data["last_year"] + 1))


class SavingForm(forms.Form):
    """One year's delivered to date and forecast."""

    financial_year = forms.TypedChoiceField(label="Financial year", coerce=int)
    kind = _kind()
    delivered = MoneyField(label="Delivered to date (optional)", required=False, what="The saving delivered")
    delivered_as_at = date_field("Delivered as at (optional)", required=False, hint="For example, 15/11/2019")
    forecast = MoneyField(label="Forecast for the year (optional)", required=False, what="The forecast saving")
    note = text_field("Note (optional)", rows=3)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"] = _year("Financial year", years)

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("delivered") is None and data.get("forecast") is None:
            self.add_error("forecast", "Enter the saving delivered to date, the forecast, or both")
        return data


class ReprofileForm(forms.Form):
    """One amount per year (the project's years, and a new one), a reason, and whether the total changes."""

    kind = _kind()
    new_year = forms.TypedChoiceField(label="Add a year (optional)", coerce=int, required=False, empty_value=None)
    new_amount = MoneyField(
        label="Amount for the added year (optional)", required=False, what="The added year's amount"
    )
    reason = text_field("Reason for re-profiling", rows=4, required=True, what="The reason for re-profiling")
    total_changes = forms.BooleanField(
        label="The total target changes",
        required=False,
        help_text="Leave unticked when savings only move between years",
    )

    def __init__(self, *args, profile_years, new_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile_years = list(profile_years)
        for year in self.profile_years:
            label = financial_year_label(year)
            self.fields[f"year_{year}"] = MoneyField(
                label=f"Target for {label}",
                required=False,
                what=f"The target for {label}",
                help_text="Empty or 0 drops the year",
            )
        self.fields["new_year"].choices = [("", "No year added"), *year_choices(new_years)]
        self.fields["new_year"].error_messages["invalid_choice"] = "Choose the added year from the list"
        self.order_fields(["kind", *[f"year_{y}" for y in self.profile_years], "new_year", "new_amount"])

    def year_fields(self):
        return [self[f"year_{year}"] for year in self.profile_years]

    def clean(self):
        data = super().clean()
        if data.get("new_year") and data.get("new_amount") is None:
            self.add_error("new_amount", "Enter the amount for the added year")
        if data.get("new_amount") is not None and not data.get("new_year"):
            self.add_error("new_year", "Choose the year the amount is for")
        return data

    @property
    def changes(self) -> dict[int, Decimal | None]:
        changes = {year: self.cleaned_data.get(f"year_{year}") for year in self.profile_years}
        if self.cleaned_data.get("new_year"):
            changes[self.cleaned_data["new_year"]] = self.cleaned_data["new_amount"]
        return changes


# ── Milestones, KPIs, plan actions ───────────────────────────────────────────────────────────


class MilestoneForm(forms.Form):
    title = _line("Milestone", 300, required=True, what="The milestone")
    baseline_date = date_field("Baseline date", required=True, hint="The date agreed in the business case")
    forecast_date = date_field(
        "Forecast date (optional)", required=False, hint="Leave empty when it is the baseline date"
    )


class MilestoneChangeForm(forms.Form):
    forecast_date = date_field("Forecast date", required=True, hint="The date now expected")
    done_on = date_field("Date it was met (optional)", required=False, hint="Leave empty while it is still to come")


class KpiForm(forms.Form):
    indicator = forms.TypedChoiceField(
        label="Indicator",
        coerce=int,
        error_messages={"required": "Choose the indicator", "invalid_choice": "Choose an indicator from the list"},
    )
    baseline_period_code = _line(
        "Baseline period (optional)",
        20,
        hint="As the store writes it, like 2018-19; empty for the council's latest value",
    )
    target_value = forms.DecimalField(
        label="Target value (optional)",
        required=False,
        max_digits=20,
        decimal_places=6,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        help_text="In the indicator's unit (for a per cent, 85 for 85%)",
        error_messages={"invalid": "The target value must be a number, like 85"},
    )
    target_text = _line("Or the target in words (optional)", 100, hint="Like “Maintain or lower”")

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {item.pk: item for item in indicators}
        self.fields["indicator"].choices = [("", "Choose an indicator")] + [
            (item.pk, f"{item.code} {item.title}") for item in indicators
        ]

    def clean_indicator(self):
        return self.indicators[self.cleaned_data["indicator"]]

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("target_value") is None and not (data.get("target_text") or "").strip():
            self.add_error("target_value", "Enter the target, as a number or in words")
        return data


class TakeActionForm(forms.Form):
    action = forms.TypedChoiceField(
        label="Improvement-plan action",
        coerce=int,
        error_messages={
            "required": "Choose the action whose work the project takes on",
            "invalid_choice": "Choose an open action from the list",
        },
    )
    note = text_field("Note (optional)", rows=3)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = {item.pk: item for item in actions}
        self.fields["action"].choices = [("", "Choose an action")] + [
            (item.pk, f"{item.plan.title}: {item}") for item in actions
        ]

    def clean_action(self):
        return self.actions[self.cleaned_data["action"]]
