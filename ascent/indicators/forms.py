"""Forms for the scorecard filters and for managing indicators, targets, values and groups.

Forms check input and turn it into domain values (Decimal, Period, the pure target rule);
saving is the job of :mod:`ascent.indicators.actions`. Error messages follow the GOV.UK
pattern: they say what to do, naming the field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone

from ascent.core.forms import CountedCharField
from ascent.core.money import MoneyParseError, MoneyReading, exact_pounds, read_money, round_money
from ascent.core.numbers import decimal_text
from ascent.core.periods import Period, PeriodParseError, parse_period
from ascent.core.rag import RAG, Comparison, DesiredChange, Polarity, RangeSense, TargetKind
from ascent.core.rag import Target as TargetRule
from ascent.imports.engine import CellError, read_number

from . import actions
from .models import POLARITY_CHOICES, Frequency, Indicator, IndicatorGroup, Observation, Unit
from .scorecard import LAST_YEAR, SORTS, same_period_last_year
from .validation import Slip, ValueRules, find_slips, may_be_proportion

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
    """A number typed as people write it ("27.5", "1,234", "27.5%"), read the way imports read it.

    For a money indicator the form calls :meth:`read_as_money`: the field then reads amounts
    as councils write them ("£10.55m", "£863K", "(£183K)", "50p", "c. £1.6m") with the same
    reader as every import, and gives a :class:`MoneyReading`, which the form's
    ``clean_<field>`` turns into the amount, noting an approximation (:class:`_AmountsForm`).
    """

    money = False

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}))
        kwargs.setdefault("error_messages", {"required": f"Enter {what}"})
        super().__init__(too_long=f"{_sentence(what)} must be {self.max_length} characters or fewer", **kwargs)

    def read_as_money(self) -> None:
        self.money = True
        self.widget.attrs.pop("inputmode", None)  # a number keypad has no £, k or m
        self.widget.attrs["class"] = "govuk-input--width-20"

    def to_python(self, value) -> Decimal | MoneyReading | None:
        text = self.text(value)
        if not text:
            return None
        if self.money:
            return self._money(text)
        try:
            return read_number(text, required=False, what=self.what)
        except CellError:
            raise forms.ValidationError(f"{_sentence(self.what)} must be a number, like 27.5", code="invalid") from None

    def _money(self, text: str) -> MoneyReading:
        try:
            reading = read_money(text)
        except MoneyParseError as error:
            raise forms.ValidationError(f"{_sentence(self.what)} {error.reason}", code="invalid") from None
        amount = round_money(reading.amount, 6)  # the places the database keeps
        if amount.adjusted() >= 14:
            raise forms.ValidationError(f"{_sentence(self.what)} is too large", code="invalid")
        return replace(reading, amount=amount)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            if self.money:  # every digit, so that saving the form again keeps the amount
                return exact_pounds(value)
            return decimal_text(value)
        return value


def _approximately(amount: Decimal | None) -> str | None:
    """An amount saved as approximate, as the form shows it to be changed: "c. £1,600,000", so
    that saving the form again keeps it approximate (only money is read as approximate)."""
    if amount is None:
        return None
    return f"c. {exact_pounds(amount)}"


class _AmountsForm(forms.Form):
    """A form whose :class:`NumberField` fields (``amount_fields``) hold amounts of money when
    the indicator's unit is money.

    Each such field's ``clean_<field>`` calls :meth:`_amount`, which gives the amount and keeps
    an approximation ("just under £1.6m") in :attr:`approximations`, for the page to say it was
    read as approximate.
    """

    amount_fields: tuple[str, ...] = ()
    money_help = "An amount as your papers write it, such as £10.55m, £863K, £1,263,000 or (£183K)"

    def _read_money(self, indicator: Indicator) -> None:
        self._readings: dict[str, MoneyReading] = {}
        if indicator.unit != Unit.MONEY:
            return
        for name in self.amount_fields:
            field = self.fields[name]
            field.read_as_money()
            if not field.help_text:
                field.help_text = self.money_help

    def _amount(self, name: str) -> Decimal | None:
        value = self.cleaned_data.get(name)
        if isinstance(value, MoneyReading):
            if value.approximate:
                self._readings[name] = value
            return value.amount
        return value

    def is_approximate(self, name: str) -> bool:
        """Whether the amount in field ``name`` was written as an approximation."""
        return name in getattr(self, "_readings", {}) and getattr(self, "cleaned_data", {}).get(name) is not None

    @property
    def approximations(self) -> list[str]:
        """How each amount written as an approximation was read, for the fields still in use:
        ["the value “c. £1.6m” was read as about £1.6m"]."""
        kept = getattr(self, "cleaned_data", {})
        return [
            f"{self.fields[name].what} “{reading.written}” was read as {reading.read_as}"
            for name, reading in getattr(self, "_readings", {}).items()
            if kept.get(name) is not None
        ]


class PeriodField(_TextField):
    """A reporting period typed as councils write it: "2023-24", "Q3 2023/24", "Oct 2023"."""

    #: Room for the longest forms people type, such as "2023-24 year to date to December 2023".
    max_length = 60

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Period")
        kwargs.setdefault(
            "help_text",
            "A financial year (2023-24), quarter (Q3 2023/24), month (Oct 2023), week (w/c 9 Oct 2023), "
            "date (7 Oct 2023), year to date (Apr-Dec 2023) or span of years (2021-22 to 2023-24)",
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


class FrameworkChoiceField(forms.ChoiceField):
    """A framework chosen by slug, or by id (``?framework=12``), which is read as its slug."""

    aliases: dict[str, str] = {}

    def to_python(self, value):
        value = super().to_python(value)
        return self.aliases.get(value, value)


class ScorecardFilterForm(ScorecardPeriodsForm):
    """The scorecard page's GET filters; every field is optional and bad values are reported, not fatal."""

    group = forms.ChoiceField(
        label="Group",
        required=False,
        error_messages={"invalid_choice": "Select a group from the list"},
    )
    framework = FrameworkChoiceField(
        label="Group by framework",
        help_text="Its top-level elements, such as CQC's themes",
        required=False,
        error_messages={"invalid_choice": "Select a framework from the list"},
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

    field_order = ["group", "framework", "rag", "q", "sort", "as_at", "compare"]

    def __init__(
        self, *args, groups: list[IndicatorGroup], periods: list[Period] = (), frameworks: list = (), **kwargs
    ):
        super().__init__(*args, periods=periods, **kwargs)
        self.groups = {str(group.pk): group for group in groups}
        self.fields["group"].choices = [("", "Framework elements")] + [(str(group.pk), group.name) for group in groups]
        # By slug: one choice per framework (the council's own version of a slug wins).
        choices: dict[str, str] = {}
        for framework in frameworks:
            if framework.slug not in choices or framework.organisation_id is not None:
                choices[framework.slug] = str(framework)
        self.fields["framework"].choices = [("", "ASCOF (domains, then objectives)")] + list(choices.items())
        self.fields["framework"].aliases = {str(framework.pk): framework.slug for framework in frameworks}

    def filters(self) -> dict:
        """The valid filters, ignoring any field with an error."""
        if not self.is_bound:
            return {
                "group": None,
                "framework": "",
                "rags": [],
                "search": "",
                "sort": "group",
                "as_at": None,
                "compare": None,
            }
        as_at, compare = self.chosen_periods()
        data = self.cleaned_data
        return {
            "as_at": as_at,
            "compare": compare,
            "group": self.groups.get(data.get("group") or ""),
            "framework": data.get("framework") or "",
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
    valid_min = NumberField(
        label="Lowest valid value (optional)",
        what="the lowest valid value",
        help_text=(
            "Values below it are refused. Leave blank for the unit's own limit: 0 for a percentage, count, rate, "
            "days or weeks; none for money or a score"
        ),
    )
    valid_max = NumberField(
        label="Highest valid value (optional)",
        what="the highest valid value",
        help_text=(
            "Values above it are refused, such as 24 for a score out of 24. Leave blank for the unit's own limit: "
            "100 for a percentage; none for the others"
        ),
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
        from .elements import element_choices, own_element_ids

        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance = instance
        # What it counts towards: one set of checkboxes per framework the council can see (its
        # top-level and rated elements), in place of the old free-text domain.
        chosen = own_element_ids(instance, organisation) if instance is not None else set()
        self.element_fields: list[str] = []
        for framework, elements in element_choices(organisation):
            offered = [element for element in elements if element.is_rated or element.parent_id is None]
            if not offered:
                continue
            name = f"elements_{framework.pk}"
            self.fields[name] = forms.MultipleChoiceField(
                label=f"{framework.name} (optional)",
                help_text="Select what the indicator counts towards",
                required=False,
                choices=[(str(element.pk), element.label) for element in offered],
                widget=forms.CheckboxSelectMultiple,
                initial=[str(element.pk) for element in offered if element.pk in chosen],
                error_messages={"invalid_choice": "Select elements from the list"},
            )
            self.element_fields.append(name)

    @property
    def indicator_values(self) -> dict:
        """The indicator's own fields from the cleaned data (without the element choices)."""
        return {name: value for name, value in self.cleaned_data.items() if name not in self.element_fields}

    @property
    def element_ids(self) -> set[int]:
        """The elements chosen, from every framework's checkboxes."""
        return {int(pk) for name in self.element_fields for pk in self.cleaned_data.get(name) or []}

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

    def clean(self):
        data = super().clean()
        low, high = data.get("valid_min"), data.get("valid_max")
        if low is not None and high is not None and low > high and "valid_max" not in self.errors:
            self.add_error("valid_max", "The highest valid value must not be less than the lowest valid value")
        return data


# ----- targets ---------------------------------------------------------------------------


class TargetForm(_AmountsForm):
    amount_fields = ("value", "low", "high", "tolerance", "baseline_value")

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
    range_sense = forms.ChoiceField(
        label="For a range: beyond the range",
        choices=RangeSense.choices(),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select whether to keep within the range"},
    )
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
    baseline_label = CountedCharField(
        label="For a direction: when the baseline was taken (optional)",
        help_text="As your papers write it, such as Mar 2019",
        required=False,
        max_length=60,
        error_messages={"max_length": "When the baseline was taken must be 60 characters or fewer"},
    )
    note = CountedCharField(
        label="Note (optional)",
        help_text="Where the target comes from, such as the business plan",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The note must be 300 characters or fewer"},
    )

    #: The fields each kind of target uses, shown under its radio (a conditional reveal).
    KIND_FIELDS = {
        TargetKind.THRESHOLD: ("comparison", "value"),
        TargetKind.RANGE: ("low", "high", "range_sense"),
        TargetKind.DIRECTION: ("change", "baseline_value", "baseline_label"),
    }

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        polarity = Polarity(indicator.polarity)
        if polarity is Polarity.NEITHER:
            # No better side: a range can only be kept within (ascent.core.rag.range_sense).
            del self.fields["range_sense"]
            self.fields["high"].help_text = (
                "This indicator has no better direction, so a value above the highest or below the lowest "
                "value is off target: amber within the tolerance, then red"
            )
        else:
            higher = polarity is Polarity.HIGHER_IS_BETTER
            better, worse, end, other_end = (
                ("above", "below", "highest", "lowest") if higher else ("below", "above", "lowest", "highest")
            )
            field = self.fields["range_sense"]
            field.choices = [
                (RangeSense.OR_BETTER.value, f"In the range or better: {better} the {end} value is on target too"),
                (RangeSense.KEEP_WITHIN.value, f"Keep within the range: {better} the {end} value is off target"),
            ]
            field.help_text = (
                f"{polarity.label} for this indicator. Either way, a value {worse} the {other_end} value is "
                "off target: amber within the tolerance, then red"
            )
        self._read_money(indicator)

    def kind_fields(self) -> list[tuple]:
        """Each kind's radio option with the bound fields revealed under it, for the template."""
        result = []
        for option in self["kind"]:
            names = self.KIND_FIELDS[TargetKind(option.data["value"])]
            result.append((option, [self[name] for name in names if name in self.fields]))
        return result

    def other_fields(self) -> list:
        """The fields shown after the kinds: the tolerance and the note."""
        return [self["tolerance"], self["note"]]

    def clean_value(self) -> Decimal | None:
        return self._amount("value")

    def clean_low(self) -> Decimal | None:
        return self._amount("low")

    def clean_high(self) -> Decimal | None:
        return self._amount("high")

    def clean_tolerance(self) -> Decimal | None:
        return self._amount("tolerance")

    def clean_baseline_value(self) -> Decimal | None:
        return self._amount("baseline_value")

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
            TargetKind.RANGE: {
                "low": "Enter the lowest value on target",
                "high": "Enter the highest value on target",
                **({"range_sense": "Select whether to keep within the range"} if "range_sense" in self.fields else {}),
            },
            TargetKind.DIRECTION: {"change": "Select the change wanted"},
        }[kind]
        for name, message in needed.items():
            if name not in self.errors and data.get(name) in (None, ""):
                self.add_error(name, message)
        # Fields for the other kinds of target are ignored, whatever was typed in them.
        unused = {"comparison", "value", "low", "high", "range_sense", "change", "baseline_value", "baseline_label"}
        unused -= set(needed)
        if kind is TargetKind.DIRECTION:
            unused -= {"baseline_value", "baseline_label"}
        for name in unused:
            self.errors.pop(name, None)
            data[name] = "" if name in ("comparison", "range_sense", "change", "baseline_label") else None

        tolerance = data.get("tolerance")
        if tolerance is not None and tolerance < 0:
            self.add_error("tolerance", "The amber tolerance must be zero or more")
        # A target the indicator cannot reach is refused as a value outside its range would be
        # ("ASCOF-1A is a score from 0 to 24: 30 is above 24").
        rules = ValueRules.of(self.indicator)
        for name in ("value", "low", "high", "baseline_value"):
            number = data.get(name)
            problem = None if number is None else rules.problem(number)
            if problem:
                self.add_error(name, _sentence(problem))
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
                sense=self._sense(kind, data),
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

    def _sense(self, kind: TargetKind, data: dict) -> RangeSense | None:
        """The range's sense as saved: the choice made, or keep-within with no better direction."""
        if kind is not TargetKind.RANGE:
            return None
        if "range_sense" not in self.fields:
            return RangeSense.KEEP_WITHIN
        return RangeSense(data["range_sense"]) if data.get("range_sense") else None

    @classmethod
    def initial_from(cls, target) -> dict:
        """Everything about ``target``, to change the target for its own period."""
        return {**cls.initial_copied_from(target), "period": target.period, "note": target.note}

    @classmethod
    def initial_copied_from(cls, target) -> dict:
        """A new period's target filled in from ``target``, an earlier one: its kind, values,
        tolerance and baseline, but not its period or its note (which says where that target
        came from, such as last year's business plan)."""
        approximate = _approximately if target.is_approximate else (lambda amount: amount)
        initial = {
            "kind": target.kind,
            "comparison": target.comparison,
            "value": approximate(target.value),
            "low": approximate(target.low),
            "high": approximate(target.high),
            "change": target.change,
            "tolerance": target.tolerance,
            "baseline_value": target.baseline_value,
            "baseline_label": target.baseline_label,
        }
        if target.range_sense:  # a range saved before the choice existed asks for it again
            initial["range_sense"] = target.range_sense
        return initial


# ----- one value entered by hand ---------------------------------------------------------


class ObservationForm(_AmountsForm):
    """One value. Values outside the indicator's range are refused; likely slips (a proportion
    among percentages, a value that disagrees with its numerator and denominator, a period that
    has not started) stop the first submit with a warning, and are saved only once the person
    ticks "Yes, save it as it is" for the same slips (see :mod:`.validation`)."""

    #: The non-field error that holds the form back until the slips are confirmed.
    UNCONFIRMED = "Correct the value, or confirm that it is right"

    amount_fields = ("value",)

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

    def __init__(self, *args, indicator: Indicator, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.organisation = organisation
        self.rules = ValueRules.of(indicator)
        #: The likely slips found in the submitted value, and whether they still need confirming.
        self.slips: list[Slip] = []
        self.needs_confirmation = False
        hints = []
        if indicator.unit == Unit.PERCENT:
            hints.append("A percentage, such as 27.5 (not 0.275)")
        described = self.rules.describe()
        if described:
            hints.append(f"{described}.")
        self.fields["value"].help_text = ". ".join(hint.rstrip(".") for hint in hints) + ("." if hints else "")
        self._read_money(indicator)

    @property
    def slips_digest(self) -> str:
        """Names the slips shown, so that a confirmation covers those and no others."""
        text = "\n".join(f"{slip.field}:{slip.message}" for slip in self.slips)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def clean_value(self) -> Decimal | None:
        return self._amount("value")

    def clean(self):
        data = super().clean()
        problems = actions.observation_problems(
            self.indicator, data.get("value"), data.get("numerator"), data.get("denominator")
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        if self.errors or data.get("value") is None:
            return data
        self.slips = find_slips(
            self.rules,
            data["value"],
            period=data.get("period"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            others=self._other_values(data),
            today=timezone.localdate(),
        )
        confirmed = self.data.get("confirm") == "yes" and self.data.get("checked") == self.slips_digest
        if self.slips and not confirmed:
            self.needs_confirmation = True
            self.add_error(None, forms.ValidationError(self.UNCONFIRMED, code="unconfirmed"))
        return data

    def _other_values(self, data) -> list[Decimal]:
        """The organisation's values of the indicator for other periods, when the proportion check needs them."""
        if self.organisation is None or not may_be_proportion(self.rules, data["value"]):
            return []
        query = Observation.objects.filter(organisation=self.organisation, indicator=self.indicator)
        if data.get("period") is not None:
            query = query.exclude(period_code=data["period"].code)
        return list(query.values_list("value", flat=True))

    @classmethod
    def initial_from(cls, observation) -> dict:
        return {
            "period": observation.period,
            "value": _approximately(observation.value) if observation.is_approximate else observation.value,
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
