"""Forms of the self-assessment pages: starting one, rating an element, linking evidence, top risks.

Forms check what was typed and turn it into domain values (a Framework, a Period, a scale
value); saving, and the checks that need the database's current state (a locked version, a
duplicate), are the job of :mod:`ascent.assessments.actions`.
"""

from __future__ import annotations

from django import forms

from ascent.core.forms import CountedCharField
from ascent.core.periods import PeriodParseError, parse_period
from ascent.evidence.models import EvidenceFile
from ascent.frameworks.models import Element, Framework
from ascent.indicators.models import Indicator

from .actions import RiskEntry, frameworks_for

TEXT_LIMIT = 5000


class FrameworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, framework: Framework) -> str:
        owner = "" if framework.is_shipped else " (your council's own)"
        return f"{framework.name}, version {framework.version}{owner}"


class NewAssessmentForm(forms.Form):
    framework = FrameworkChoiceField(
        queryset=Framework.objects.none(),
        empty_label="Choose a framework",
        error_messages={
            "required": "Choose the framework to assess against",
            "invalid_choice": "Choose a framework from the list",
        },
    )
    period = forms.CharField(
        label="Period",
        max_length=40,
        help_text="The period the self-assessment covers, as you write it: 2015-16, Q3 2015/16",
        error_messages={
            "required": "Enter the period, like 2015-16",
            "max_length": "The period must be 40 characters or fewer",
        },
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks_for(organisation)
        self.fields["period"].widget.attrs.update({"spellcheck": "false", "class": "govuk-input--width-10"})

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        try:
            return parse_period(text)
        except (PeriodParseError, ValueError) as error:
            raise forms.ValidationError(
                f"Enter the period as a financial year, quarter or month, like 2015-16 ({error})"
            ) from error


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="Rating",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a rating from the scale"},
    )
    narrative = CountedCharField(
        label="Narrative",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why this rating: what the evidence shows",
        error_messages={"max_length": f"The narrative must be {TEXT_LIMIT} characters or fewer"},
    )
    strengths = CountedCharField(
        label="Strengths",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Strengths must be {TEXT_LIMIT} characters or fewer"},
    )
    areas_for_development = CountedCharField(
        label="Areas for development",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Areas for development must be {TEXT_LIMIT} characters or fewer"},
    )
    owner = forms.TypedChoiceField(
        label="Owner",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Who in the council answers for this element",
        error_messages={"invalid_choice": "Choose an owner from the list of members"},
    )

    def __init__(self, *args, framework: Framework, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = framework.scale[::-1]  # best first, as a scale reads
        self.fields["rating"].choices = [(level.value, level.label) for level in self.levels]
        self.fields["owner"].choices = [("", "No owner yet")] + [(user.pk, str(user)) for user in members]
        self.members = {user.pk: user for user in members}

    def rating_options(self):
        """(radio option, scale level) pairs, so each radio shows its level's description as a hint."""
        return list(zip(self["rating"], self.levels, strict=True))

    def clean_owner(self):
        owner_id = self.cleaned_data["owner"]
        return None if owner_id is None else self.members[owner_id]


class IndicatorLinkForm(forms.Form):
    indicator = forms.TypedChoiceField(
        label="Indicator",
        coerce=int,
        error_messages={
            "required": "Choose an indicator to link",
            "invalid_choice": "Choose an indicator from the list",
        },
    )

    def __init__(self, *args, tagged, others, **kwargs):
        """``tagged``: indicators tagged to the element; ``others``: the rest the council can use."""
        super().__init__(*args, prefix="link", **kwargs)
        self.indicators: dict[int, Indicator] = {i.pk: i for i in [*tagged, *others]}
        choices: list = [("", "Choose an indicator")]
        if tagged:
            choices.append(("Tagged to this element", [(i.pk, f"{i.code} {i.title}") for i in tagged]))
        if others:
            choices.append(("Other indicators", [(i.pk, f"{i.code} {i.title}") for i in others]))
        self.fields["indicator"].choices = choices

    def clean_indicator(self) -> Indicator:
        return self.indicators[self.cleaned_data["indicator"]]


class AttachEvidenceForm(forms.Form):
    evidence = forms.TypedChoiceField(
        label="Evidence file",
        coerce=int,
        error_messages={
            "required": "Choose an evidence file to attach",
            "invalid_choice": "Choose an evidence file from the list",
        },
    )

    def __init__(self, *args, files, **kwargs):
        super().__init__(*args, prefix="attach", **kwargs)
        self.files: dict[int, EvidenceFile] = {f.pk: f for f in files}
        self.fields["evidence"].choices = [("", "Choose a file")] + [
            (f.pk, f"{f.title} ({f.get_kind_display()}, {f.evidence_date:%d/%m/%Y})") for f in files
        ]

    def clean_evidence(self) -> EvidenceFile:
        return self.files[self.cleaned_data["evidence"]]


class TopRisksForm(forms.Form):
    """A fixed number of rows (the framework's ``top_risks``): risk, mitigation, element."""

    def __init__(self, *args, framework: Framework, elements, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = framework.top_risks
        self.elements: dict[int, Element] = {e.pk: e for e in elements}
        by_rank = {risk.rank: risk for risk in existing}
        for number in range(1, self.count + 1):
            current = by_rank.get(number)
            self.fields[f"risk_{number}"] = CountedCharField(
                label=f"Risk {number}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=current.risk if current else "",
                error_messages={"max_length": f"Risk {number} must be 2000 characters or fewer"},
            )
            self.fields[f"mitigation_{number}"] = CountedCharField(
                label=f"Mitigation of risk {number}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=current.mitigation if current else "",
                error_messages={"max_length": f"The mitigation of risk {number} must be 2000 characters or fewer"},
            )
            self.fields[f"element_{number}"] = forms.TypedChoiceField(
                label=f"Element risk {number} is about (optional)",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "None")] + [(e.pk, e.label) for e in elements],
                initial=current.element_id if current else "",
                error_messages={"invalid_choice": f"Choose an element from the list for risk {number}"},
            )

    def clean(self):
        data = super().clean()
        for number in range(1, self.count + 1):
            has_other = (data.get(f"mitigation_{number}") or "").strip() or data.get(f"element_{number}")
            if has_other and not (data.get(f"risk_{number}") or "").strip() and f"risk_{number}" not in self.errors:
                self.add_error(f"risk_{number}", f"Enter risk {number}, or clear its mitigation and element")
            named = (data.get(f"risk_{number}") or "").strip()
            mitigated = (data.get(f"mitigation_{number}") or "").strip()
            if named and not mitigated and f"mitigation_{number}" not in self.errors:
                self.add_error(f"mitigation_{number}", f"Enter how risk {number} is being mitigated")
        return data

    def rows(self):
        return [
            (number, self[f"risk_{number}"], self[f"mitigation_{number}"], self[f"element_{number}"])
            for number in range(1, self.count + 1)
        ]

    def entries(self) -> list[RiskEntry]:
        data = self.cleaned_data
        return [
            RiskEntry(
                risk=data[f"risk_{number}"],
                mitigation=data[f"mitigation_{number}"],
                element=self.elements.get(data[f"element_{number}"]) if data[f"element_{number}"] else None,
            )
            for number in range(1, self.count + 1)
        ]
