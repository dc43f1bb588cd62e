"""Forms of setting plans up: a plan, a theme, an action, actions from a review, supersession,
and the plan page's filters. They turn input into domain values; ``ascent.plans.planning`` saves."""

from __future__ import annotations

from django import forms

from ascent.core.forms import BoundedDateField, CountedCharField
from ascent.reviews.forms_letter import DATE_FORMATS, DayInput

from .models import ActionStatus, PlanStatus

TEXT_LIMIT = 20000


def _date(label: str, *, required: bool, hint: str = "For example, 1/4/2026") -> BoundedDateField:
    name = label.replace(" (optional)", "")
    return BoundedDateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=hint,
        widget=DayInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter {name[0].lower()}{name[1:]}",
            "invalid": f"{name} must be a real date, like 31/3/2027",
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
        empty_label="Nobody yet",
        help_text=hint,
        error_messages={"invalid_choice": f"Choose the {noun} from the council's members"},
    )


class PlanForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the plan's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    summary = CountedCharField(
        label="Summary (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"The summary must be {TEXT_LIMIT:,} characters or fewer"},
    )
    owner = _member("Owner (optional)", "The member who approves changes of date to the plan's actions")
    starts_on = _date("Start date", required=True)
    ends_on = _date("End date", required=True, hint="For example, 31/3/2027")
    status = forms.ChoiceField(
        label="Status",
        choices=[c for c in PlanStatus.choices if c[0] != PlanStatus.SUPERSEDED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the plan's status", "invalid_choice": "Choose one of the statuses listed"},
    )
    review = forms.ModelChoiceField(
        label="The review it answers (optional)",
        queryset=None,
        required=False,
        empty_label="None",
        help_text="A published review of the council: its accepted recommendations can become actions",
        error_messages={"invalid_choice": "Choose one of the reviews listed"},
    )

    def __init__(self, *args, members, reviews, superseded: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["review"].queryset = reviews
        if superseded:
            self.fields["status"].choices = PlanStatus.choices


class ThemeForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the theme's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    lead = _member("Lead (optional)", "A member of the council")
    lead_name = forms.CharField(
        label="Or the lead's name (optional)",
        max_length=200,
        required=False,
        help_text="For a lead without an account, such as a partner's officer",
        error_messages={"max_length": "The lead's name must be 200 characters or fewer"},
    )
    position = forms.IntegerField(
        label="Position (optional)",
        required=False,
        min_value=0,
        help_text="Themes are listed in this order, lowest first",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": "The position must be a whole number, like 3",
            "min_value": "The position must be 0 or more",
        },
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = members


class ElementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.title}".strip()


class ActionForm(forms.Form):
    reference = forms.CharField(
        label="Reference (optional)",
        max_length=30,
        required=False,
        help_text="The plan's own number for the action, like 1.2",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"max_length": "The reference must be 30 characters or fewer"},
    )
    title = CountedCharField(
        label="Action",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter what the action is",
            "max_length": "The action must be 300 characters or fewer",
        },
    )
    description = CountedCharField(
        label="Description (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The description must be {TEXT_LIMIT:,} characters or fewer"},
    )
    theme = forms.ModelChoiceField(
        label="Theme (optional)",
        queryset=None,
        required=False,
        empty_label="No theme",
        error_messages={"invalid_choice": "Choose one of the plan's themes"},
    )
    owner = _member("Owner (optional)", "A member of the council")
    owner_name = forms.CharField(
        label="Or the owner's name (optional)",
        max_length=200,
        required=False,
        help_text="For an owner without an account, such as a post or a partner's officer",
        error_messages={"max_length": "The owner's name must be 200 characters or fewer"},
    )
    due_date = _date(
        "Due date (optional)",
        required=False,
        hint="For example, 31/3/2027. Once set, the date changes only through an extension request",
    )
    elements = ElementChoiceField(
        label="Framework elements (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The parts of the council's self-assessment framework the action improves",
        error_messages={"invalid_choice": "Choose elements of the council's self-assessment framework"},
    )

    def __init__(self, *args, themes, members, elements, date_set: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["owner"].queryset = members
        self.fields["elements"].queryset = elements
        if date_set:
            del self.fields["due_date"]
        if not elements.exists():
            del self.fields["elements"]


class RecommendationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.label}: {obj.text}"


class FromReviewForm(forms.Form):
    recommendations = RecommendationChoiceField(
        label="Recommendations",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="One action is made for each one you tick, titled with the recommendation's words",
        error_messages={
            "required": "Choose at least one recommendation to make an action for",
            "invalid_choice": "Choose recommendations the council accepted",
        },
    )
    theme = forms.ModelChoiceField(
        label="Theme (optional)",
        queryset=None,
        required=False,
        empty_label="No theme",
        error_messages={"invalid_choice": "Choose one of the plan's themes"},
    )

    def __init__(self, *args, recommendations, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].queryset = recommendations
        self.fields["theme"].queryset = themes


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class SupersedePlanForm(forms.Form):
    successor = PlanChoiceField(
        label="The plan that takes over the work",
        queryset=None,
        empty_label="Choose a plan",
        error_messages={
            "required": "Choose the plan that takes over the work",
            "invalid_choice": "Choose one of the plans listed",
        },
    )
    note = CountedCharField(
        label="Note (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The note must be {TEXT_LIMIT:,} characters or fewer"},
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = plans


class SupersedeActionForm(forms.Form):
    plan = PlanChoiceField(
        label="Plan of the action that takes over the work",
        queryset=None,
        empty_label="Choose a plan",
        error_messages={
            "required": "Choose the plan of the action that takes over the work",
            "invalid_choice": "Choose one of the plans listed",
        },
    )
    reference = forms.CharField(
        label="Reference of the action that takes over the work",
        max_length=30,
        help_text="The action's reference in that plan, like 2.4",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the reference of the action that takes over the work"},
    )
    note = CountedCharField(
        label="Note (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The note must be {TEXT_LIMIT:,} characters or fewer"},
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class ActionFilterForm(forms.Form):
    """The plan page's filters, sent by GET; a value that is not one of the choices is ignored."""

    q = forms.CharField(label="Words in the reference, title or description", required=False, max_length=200)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *ActionStatus.choices])
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All actions"), ("overdue", "Overdue only"), ("stale", "No recent update only")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, themes, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *[(t.pk, t.title) for t in themes]]
        self.fields["owner"].choices = [("", "Anyone"), *[(u.pk, u.full_name or u.email) for u in owners]]

    def values(self) -> dict:
        """The valid filters (an invalid one is dropped, not an error: it is a search)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}
