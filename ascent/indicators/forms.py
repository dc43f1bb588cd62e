"""Forms for the scorecard filters and for managing indicators, targets, values and groups.

Forms check input and turn it into domain values (Decimal, Period, the pure target rule);
saving is the job of :mod:`ascent.indicators.actions`. Error messages follow the GOV.UK
pattern: they say what to do, naming the field.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.db.models import Q

from ascent.core.numbers import decimal_text
from ascent.core.periods import Period, PeriodParseError, parse_period
from ascent.core.rag import RAG, Comparison, DesiredChange, Polarity, TargetKind
from ascent.core.rag import Target as TargetRule
from ascent.imports.engine import CellError, read_number

from . import actions
from .models import POLARITY_CHOICES, Frequency, Indicator, IndicatorGroup, Observation, Unit
from .scorecard import LAST_YEAR, SORTS, same_period_last_year

CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _sentence(text: str) -> str:
    """An error message from a lower-level module, as a sentence without a full stop."""
    text = str(text).strip().rstrip(".")
    return text[:1].upper() + text[1:]


# ----- fields ----------------------------------------------------------------------------


class _TextField(forms.Field):
    """A one-line text input read into a domain value; the length limit applies to the text typed."""

    max_length = 40

    def __init__(self, *, too_long: str, **kwargs):
        self.too_long = too_long
        kwargs.setdefault("widget", forms.TextInput())
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("spellcheck", "false")

    def text(self, value) -> str:
        text = "" if value in self.empty_values else str(value).strip()
        if len(text) > self.max_length:
            raise forms.ValidationError(self.too_long, code="max_length")
        return text


class NumberField(_TextField):
    """A number typed as people write it ("27.5", "1,234", "27.5%"), read the way imports read it."""

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}))
        kwargs.setdefault("error_messages", {"required": f"Enter {what}"})
        super().__init__(too_long=f"{_sentence(what)} must be {self.max_length} characters or fewer", **kwargs)

    def to_python(self, value) -> Decimal | None:
        text = self.text(value)
        if not text:
            return None
        try:
            return read_number(text, required=False, what=self.what)
        except CellError:
            raise forms.ValidationError(f"{_sentence(self.what)} must be a number, like 27.5", code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return decimal_text(value)
        return value


class PeriodField(_TextField):
    """A reporting period typed as councils write it: "2023-24", "Q3 2023/24", "Oct 2023"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Period")
        kwargs.setdefault(
            "help_text",
            "A financial year (2023-24), quarter (Q3 2023/24), month (Oct 2023), week (2023-W41) or date (7 Oct 2023)",
        )
        kwargs.setdefault("error_messages", {"required": "Enter the period, like 2023-24"})
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-10"}))
        super().__init__(too_long=f"The period must be {self.max_length} characters or fewer", **kwargs)

    def to_python(self, value) -> Period | None:
        text = self.text(value)
        if not text:
            return None
        try:
            return parse_period(text)
        except PeriodParseError as error:
            raise forms.ValidationError(_sentence(error), code="invalid") from None

    def prepare_value(self, value):
        return value.label if isinstance(value, Period) else value


# ----- the scorecard's filters -----------------------------------------------------------


#: Option groups of the period selects, by kind of period.
_KIND_GROUPS = {"financial_year": "Financial years", "quarter": "Quarters", "month": "Months", "week": "Weeks"}


def period_choices(periods: list[Period]) -> list[tuple[str, list[tuple[str, str]]]]:
    """``periods`` (latest first) as option groups by kind: financial years, quarters, months..."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for period in periods:
        name = _KIND_GROUPS.get(period.kind.value, f"{period.kind.label}s")
        grouped.setdefault(name, []).append((period.code, period.label))
    return list(grouped.items())


class ScorecardPeriodsForm(forms.Form):
    """ "As at" a period and "compare with" another: the scorecard page's, the exports' and the
    performance report's choice of periods.

    Both are selects of the periods the organisation has values for (``periods``, latest
    first); any text :func:`parse_period` reads is accepted too (a bookmarked or hand-made
    address such as ``?as_at=Q3 2015/16``), and anything else is a form error. Compare with
    "the same period a year earlier" needs an as-at period: without one it is the latest period
    with values. Cleaned, ``as_at`` and ``compare`` are :class:`Period` objects or None.
    """

    as_at = forms.CharField(
        label="As at",
        help_text="Each indicator's latest value up to the end of this period",
        required=False,
        max_length=40,
        widget=forms.Select,
        error_messages={"max_length": "Select a period from the list"},
    )
    compare = forms.CharField(
        label="Compare with",
        help_text="Show each indicator as at a second period beside it",
        required=False,
        max_length=40,
        widget=forms.Select,
        error_messages={"max_length": "Select a period to compare with from the list"},
    )

    def __init__(self, *args, periods: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = list(periods)
        known = {period.code for period in self.periods}
        extra: dict[str, list[Period]] = {"as_at": [], "compare": []}
        if self.is_bound:
            data = self.data.copy()
            for name in ("as_at", "compare"):
                text = (data.get(self.add_prefix(name)) or "").strip()
                if not text or text in known or (name == "compare" and text == LAST_YEAR) or len(text) > 40:
                    continue
                try:
                    period = parse_period(text)
                except PeriodParseError:
                    continue
                data[self.add_prefix(name)] = period.code  # so the select shows it chosen
                if period.code not in known:
                    extra[name].append(period)
            self.data = data
        groups = period_choices(self.periods)
        self.fields["as_at"].widget.choices = [
            ("", "Latest values"),
            *[(p.code, f"{p.label} (no values)") for p in extra["as_at"]],
            *groups,
        ]
        self.fields["compare"].widget.choices = [
            ("", "Nothing: one period only"),
            (LAST_YEAR, "The same period a year earlier"),
            *[(p.code, f"{p.label} (no values)") for p in extra["compare"]],
            *groups,
        ]

    def _period(self, name: str, what: str) -> Period | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return parse_period(text)
        except PeriodParseError as error:
            raise forms.ValidationError(f"{_sentence(error)}. Choose {what} from the list") from None

    def clean_as_at(self) -> Period | None:
        return self._period("as_at", "the period to show the scorecard as at")

    def clean_compare(self):
        if (self.cleaned_data.get("compare") or "").strip() == LAST_YEAR:
            return LAST_YEAR
        return self._period("compare", "a period to compare with")

    def clean(self):
        data = super().clean()
        compare = data.get("compare")
        if not compare or "as_at" in self.errors:
            return data
        as_at = data.get("as_at")
        if compare == LAST_YEAR:
            if as_at is None:
                if not self.periods:
                    self.add_error("compare", "There are no values to compare yet")
                    return data
                as_at = data["as_at"] = self.periods[0]
            earlier = same_period_last_year(as_at)
            if earlier is None:
                self.add_error("compare", f"There is no period a year before {as_at.label} to compare with")
                return data
            data["compare"] = earlier
        elif as_at is None:
            if not self.periods:
                self.add_error("compare", "There are no values to compare yet")
                return data
            as_at = data["as_at"] = self.periods[0]
        if data["compare"] == as_at:
            self.add_error("compare", f"Select a period other than {as_at.label} to compare with")
        return data

    def chosen_periods(self) -> tuple[Period | None, Period | None]:
        """The valid (as at, compare with) periods, ignoring a field with an error."""
        if not self.is_bound:
            return None, None
        self.is_valid()
        data = self.cleaned_data
        as_at = None if "as_at" in self.errors else data.get("as_at")
        compare = None if "compare" in self.errors else data.get("compare")
        return as_at, compare if isinstance(compare, Period) else None


class ScorecardFilterForm(ScorecardPeriodsForm):
    """The scorecard page's GET filters; every field is optional and bad values are reported, not fatal."""

    group = forms.ChoiceField(
        label="Group",
        required=False,
        error_messages={"invalid_choice": "Select a group from the list"},
    )
    rag = forms.MultipleChoiceField(
        label="RAG rating",
        required=False,
        choices=[
            (RAG.RED.value, "Red"),
            (RAG.AMBER.value, "Amber"),
            (RAG.GREEN.value, "Green"),
            (RAG.NONE.value, "Not rated"),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select red, amber, green or not rated"},
    )
    q = forms.CharField(
        label="Search indicators",
        help_text="Part of an indicator's code or title",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search text must be 100 characters or fewer"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=list(SORTS.items()),
        error_messages={"invalid_choice": "Select how to sort from the list"},
    )

    field_order = ["group", "rag", "q", "sort", "as_at", "compare"]

    def __init__(self, *args, groups: list[IndicatorGroup], periods: list[Period] = (), **kwargs):
        super().__init__(*args, periods=periods, **kwargs)
        self.groups = {str(group.pk): group for group in groups}
        self.fields["group"].choices = [("", "Framework domains")] + [(str(group.pk), group.name) for group in groups]

    def filters(self) -> dict:
        """The valid filters, ignoring any field with an error."""
        if not self.is_bound:
            return {"group": None, "rags": [], "search": "", "sort": "group", "as_at": None, "compare": None}
        as_at, compare = self.chosen_periods()
        data = self.cleaned_data
        return {
            "as_at": as_at,
            "compare": compare,
            "group": self.groups.get(data.get("group") or ""),
            "rags": [RAG(value) for value in data.get("rag") or []],
            "search": data.get("q") or "",
            "sort": data.get("sort") or "group",
        }


# ----- local indicators ------------------------------------------------------------------


class IndicatorForm(forms.Form):
    code = forms.CharField(
        label="Code",
        help_text=(
            "A short code unique to your organisation, such as HAR-REV12. "
            "Letters, numbers, dots, hyphens and underscores."
        ),
        max_length=40,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={"required": "Enter a code", "max_length": "The code must be 40 characters or fewer"},
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Enter a title", "max_length": "The title must be 300 characters or fewer"},
    )
    definition = forms.CharField(
        label="Definition (optional)",
        help_text="What is counted and how the value is worked out",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"max_length": "The definition must be 5,000 characters or fewer"},
    )
    unit = forms.ChoiceField(
        label="Unit",
        choices=Unit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the unit", "invalid_choice": "Select a unit from the list"},
    )
    polarity = forms.ChoiceField(
        label="Which way is better?",
        choices=POLARITY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which way is better", "invalid_choice": "Select an option from the list"},
    )
    decimals = forms.TypedChoiceField(
        label="Decimal places shown",
        choices=[(n, str(n)) for n in range(5)],
        coerce=int,
        initial=1,
        error_messages={
            "required": "Select the number of decimal places",
            "invalid_choice": "Decimal places must be from 0 to 4",
        },
    )
    source = forms.CharField(
        label="Source (optional)",
        help_text="Where the figures come from, such as the case management system",
        required=False,
        max_length=200,
        error_messages={"max_length": "The source must be 200 characters or fewer"},
    )
    frequency = forms.ChoiceField(
        label="How often it is reported",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.ANNUAL,
        error_messages={
            "required": "Select how often it is reported",
            "invalid_choice": "Select an option from the list",
        },
    )

    def __init__(self, *args, organisation, instance: Indicator | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance = instance

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not CODE_PATTERN.fullmatch(code):
            raise forms.ValidationError(
                "The code must start with a letter or number and use only letters, numbers, dots, "
                "hyphens and underscores"
            )
        clashes = Indicator.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=self.organisation), code__iexact=code
        )
        if self.instance is not None:
            clashes = clashes.exclude(pk=self.instance.pk)
        clash = clashes.order_by("organisation_id").first()
        if clash is not None:
            if clash.organisation_id is None:
                raise forms.ValidationError(f"{clash.code} is the code of a national indicator: choose another code")
            raise forms.ValidationError(f"Your organisation already has an indicator with the code {clash.code}")
        return code

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


# ----- targets ---------------------------------------------------------------------------


class TargetForm(forms.Form):
    period = PeriodField(help_text="The period the target is for, such as 2023-24 or Q3 2023/24")
    kind = forms.ChoiceField(
        label="Type of target",
        choices=[
            (TargetKind.THRESHOLD.value, "Threshold: at least or at most a value"),
            (TargetKind.RANGE.value, "Range: between two values"),
            (TargetKind.DIRECTION.value, "Direction: a change compared with a baseline"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of target", "invalid_choice": "Select a type of target"},
    )
    comparison = forms.ChoiceField(
        label="For a threshold: the value must be",
        choices=Comparison.choices(),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select at least or at most"},
    )
    value = NumberField(label="For a threshold: the threshold value", what="the threshold value")
    low = NumberField(label="For a range: the lowest value on target", what="the lowest value")
    high = NumberField(label="For a range: the highest value on target", what="the highest value")
    change = forms.ChoiceField(
        label="For a direction: the change wanted",
        choices=[("", "Select the change wanted"), *DesiredChange.choices()],
        required=False,
        error_messages={"invalid_choice": "Select the change wanted from the list"},
    )
    tolerance = NumberField(
        label="Amber tolerance (optional)",
        what="the amber tolerance",
        help_text="How far short of the target still counts as amber, in the indicator's unit. Leave blank for none.",
    )
    baseline_value = NumberField(
        label="For a direction: baseline value (optional)",
        what="the baseline value",
        help_text="Leave blank to compare with the earliest value held",
    )
    baseline_label = forms.CharField(
        label="For a direction: when the baseline was taken (optional)",
        help_text="As your papers write it, such as Mar 2019",
        required=False,
        max_length=60,
        error_messages={"max_length": "When the baseline was taken must be 60 characters or fewer"},
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="Where the target comes from, such as the business plan",
        required=False,
        max_length=300,
        error_messages={"max_length": "The note must be 300 characters or fewer"},
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        kind = TargetKind(kind)
        needed = {
            TargetKind.THRESHOLD: {
                "comparison": "Select whether the value must be at least or at most the threshold",
                "value": "Enter the threshold value",
            },
            TargetKind.RANGE: {"low": "Enter the lowest value on target", "high": "Enter the highest value on target"},
            TargetKind.DIRECTION: {"change": "Select the change wanted"},
        }[kind]
        for name, message in needed.items():
            if name not in self.errors and data.get(name) in (None, ""):
                self.add_error(name, message)
        # Fields for the other kinds of target are ignored, whatever was typed in them.
        unused = {"comparison", "value", "low", "high", "change", "baseline_value", "baseline_label"} - set(needed)
        if kind is TargetKind.DIRECTION:
            unused -= {"baseline_value", "baseline_label"}
        for name in unused:
            self.errors.pop(name, None)
            data[name] = "" if name in ("comparison", "change", "baseline_label") else None

        tolerance = data.get("tolerance")
        if tolerance is not None and tolerance < 0:
            self.add_error("tolerance", "The amber tolerance must be zero or more")
        if self.indicator.unit == Unit.PERCENT:
            for name in ("value", "low", "high"):
                number = data.get(name)
                if number is not None and not 0 <= number <= 100:
                    self.add_error(name, "A percentage must be between 0 and 100")
        low, high = data.get("low"), data.get("high")
        if kind is TargetKind.RANGE and low is not None and high is not None and low > high:
            self.add_error("high", "The highest value must not be less than the lowest value")
        if self.errors:
            return data

        try:
            rule = TargetRule(
                kind,
                value=data.get("value"),
                comparison=data.get("comparison") or None,
                low=data.get("low"),
                high=data.get("high"),
                change=data.get("change") or None,
                tolerance=tolerance,
            )
        except ValueError as error:
            raise forms.ValidationError(_sentence(error)) from None
        try:
            rule.validate_for(Polarity(self.indicator.polarity))
        except ValueError as error:
            self.add_error("change" if kind is TargetKind.DIRECTION else "comparison", _sentence(error))
            return data
        data["rule"] = rule
        return data

    @classmethod
    def initial_from(cls, target) -> dict:
        return {
            "period": target.period,
            "kind": target.kind,
            "comparison": target.comparison,
            "value": target.value,
            "low": target.low,
            "high": target.high,
            "change": target.change,
            "tolerance": target.tolerance,
            "baseline_value": target.baseline_value,
            "baseline_label": target.baseline_label,
            "note": target.note,
        }


# ----- one value entered by hand ---------------------------------------------------------


class ObservationForm(forms.Form):
    period = PeriodField()
    value = NumberField(label="Value", what="the value", required=True)
    numerator = NumberField(
        label="Numerator (optional)", what="the numerator", help_text="The number the value was worked out from"
    )
    denominator = NumberField(
        label="Denominator (optional)", what="the denominator", help_text="What the numerator is out of"
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Observation.Status.choices,
        widget=forms.RadioSelect,
        initial=Observation.Status.FINAL,
        error_messages={"required": "Select provisional or final", "invalid_choice": "Select provisional or final"},
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.unit == Unit.PERCENT:
            self.fields["value"].help_text = "A percentage, such as 27.5 (not 0.275)"

    def clean(self):
        data = super().clean()
        problems = actions.observation_problems(
            self.indicator.unit, data.get("value"), data.get("numerator"), data.get("denominator")
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    @classmethod
    def initial_from(cls, observation) -> dict:
        return {
            "period": observation.period,
            "value": observation.value,
            "numerator": observation.numerator,
            "denominator": observation.denominator,
            "status": observation.status,
        }


# ----- council-defined groups of indicators ----------------------------------------------


class IndicatorGroupForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="Such as the name of the board or project that watches these indicators",
        max_length=200,
        error_messages={"required": "Enter a name", "max_length": "The name must be 200 characters or fewer"},
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"max_length": "The description must be 2,000 characters or fewer"},
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators in the group",
        help_text="They appear in the order of the indicator library: national indicators by code, then local ones",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one indicator",
            "invalid_choice": "Select indicators from the list",
        },
    )

    def __init__(
        self, *args, organisation, indicators: list[Indicator], instance: IndicatorGroup | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance = instance
        self.available = {str(indicator.pk): indicator for indicator in indicators}
        self.fields["indicators"].choices = [
            (str(indicator.pk), f"{indicator.code} – {indicator.title}") for indicator in indicators
        ]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clashes = IndicatorGroup.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance is not None:
            clashes = clashes.exclude(pk=self.instance.pk)
        if clashes.exists():
            raise forms.ValidationError(f"Your organisation already has a group called {name}")
        return name

    def clean_indicators(self) -> list[Indicator]:
        chosen = set(self.cleaned_data["indicators"])
        return [indicator for pk, indicator in self.available.items() if pk in chosen]
