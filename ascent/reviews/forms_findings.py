"""Forms of findings and recommendations. They turn input into the review's own records; saving
is the actions' job (ascent.reviews.findings, ascent.reviews.recommendations)."""

from __future__ import annotations

from django import forms

from .findings import allowed_elements, kind_choices, library_items, scope_item_label, scope_items
from .models import FindingStatus, RecommendationKind, Response

TEXT_ROWS = {"rows": 6}


class _Choose(forms.ChoiceField):
    """Choose one of a list of records the view already holds (no query of its own); None when empty."""

    def __init__(self, objects, *, label_of=str, empty_label=None, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        empty = [("", empty_label)] if empty_label else []
        super().__init__(choices=[*empty, *((str(obj.pk), label_of(obj)) for obj in objects)], **kwargs)

    def clean(self, value):
        key = super().clean(value)
        return self.objects.get(key) if key else None


class _ChooseMany(forms.MultipleChoiceField):
    """Choose any of a list of records the view already holds (no query of its own)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, objects, *, label_of=str, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        super().__init__(choices=[(str(obj.pk), label_of(obj)) for obj in objects], required=False, **kwargs)

    def clean(self, value):
        return [self.objects[key] for key in super().clean(value)]


def _element_label(element) -> str:
    return f"{element.label} ({element.framework.short_name or element.framework.name})"


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of finding",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is a strength, an area for development or a key priority"},
    )
    heading = forms.CharField(
        label="Heading (optional)",
        max_length=300,
        required=False,
        error_messages={"max_length": "The heading must be 300 characters or fewer"},
    )
    text = forms.CharField(
        label="Finding", widget=forms.Textarea(attrs=TEXT_ROWS), error_messages={"required": "Enter the finding"}
    )
    evidence_references = forms.CharField(
        label="Evidence references (optional)",
        help_text="What the finding rests on: an interview, a focus group, a case file, a figure",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(review)
        self.fields["kind"].error_messages["required"] = (
            "Choose whether it is a strength, an "
            + ("area for consideration" if review.development_label == "consideration" else "area for development")
            + " or a key priority"
        )
        items = scope_items(review)
        fields = {}
        if items:
            fields["scope_item"] = _Choose(
                items,
                label_of=scope_item_label,
                required=False,
                label="Under which part of the scope",
                empty_label="General (not under one part of the scope)",
            )
        elements = allowed_elements(review)
        if elements:
            fields["element"] = _Choose(
                elements,
                label_of=_element_label,
                required=False,
                label="Framework element (optional)",
                help_text="Tagged findings appear on the element's page once approved",
                empty_label="No element",
            )
        library = library_items(review)
        if library:
            fields["evidence"] = _ChooseMany(
                library, label_of=lambda item: item.evidence.title, label="Files in the evidence library (optional)"
            )
        # Scope and element first, after the kind; evidence last.
        order = ["kind", *[name for name in ("scope_item", "element") if name in fields], "heading", "text"]
        order += ["evidence_references", *(["evidence"] if "evidence" in fields else [])]
        self.fields.update(fields)
        self.order_fields(order)

    @classmethod
    def initial_for(cls, finding) -> dict:
        return {
            "kind": finding.kind,
            "heading": finding.heading,
            "text": finding.text,
            "evidence_references": finding.evidence_references,
            "scope_item": finding.scope_item_id,
            "element": finding.element_id,
            "evidence": [str(item.pk) for item in finding.evidence.all()],
        }


class FindingFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *FindingStatus.choices])

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *kind_choices(review)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class RecommendationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Recommendation or key priority",
        widget=forms.RadioSelect,
        choices=RecommendationKind.choices,
        initial=RecommendationKind.RECOMMENDATION,
        error_messages={"required": "Choose whether it is a recommendation or a key priority"},
    )
    is_numbered = forms.BooleanField(
        label="Numbered",
        required=False,
        initial=True,
        help_text="Untick for one the letter leaves unnumbered",
    )
    text = forms.CharField(
        label="What the council should do",
        widget=forms.Textarea(attrs=TEXT_ROWS),
        error_messages={"required": "Enter the recommendation"},
    )

    def __init__(self, *args, review, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        items = scope_items(review)
        if items:
            fields["scope_item"] = _Choose(
                items,
                label_of=scope_item_label,
                required=False,
                label="Under which part of the scope (optional)",
                empty_label="Not under one part of the scope",
            )
        if findings:
            fields["findings"] = _ChooseMany(
                findings, label_of=lambda finding: _finding_label(review, finding), label="Findings it follows from"
            )
        elements = allowed_elements(review)
        if elements:
            fields["elements"] = _ChooseMany(elements, label_of=_element_label, label="Framework elements")
        self.fields.update(fields)

    @classmethod
    def initial_for(cls, recommendation) -> dict:
        return {
            "kind": recommendation.kind,
            "is_numbered": recommendation.is_numbered,
            "text": recommendation.text,
            "scope_item": recommendation.scope_item_id,
            "findings": [str(finding.pk) for finding in recommendation.findings.all()],
            "elements": [str(element.pk) for element in recommendation.elements.all()],
        }


def _finding_label(review, finding) -> str:
    from .findings import kind_label

    words = finding.heading or finding.text
    if len(words) > 90:
        words = words[:89].rstrip() + "…"
    return f"{kind_label(review, finding.kind)}: {words}"


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")], required=False)
    to = forms.IntegerField(
        label="Move to place",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "The place to move it to must be a whole number, like 3",
            "min_value": "The place to move it to must be 1 or more",
        },
    )

    def clean(self):
        data = super().clean()
        if not data.get("direction") and data.get("to") is None and not self.errors:
            raise forms.ValidationError("Choose up, down or a place to move it to")
        return data


class RespondForm(forms.Form):
    response = forms.ChoiceField(
        label="The council's response",
        widget=forms.RadioSelect,
        choices=Response.choices,
        error_messages={"required": "Choose accepted, partly accepted or not accepted"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Needed when the recommendation is partly accepted or not accepted",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        response = data.get("response")
        if response in (Response.PARTLY_ACCEPTED, Response.NOT_ACCEPTED) and not data.get("reason", "").strip():
            self.add_error("reason", f"Enter why the recommendation is {Response(response).label.lower()}")
        return data


class IndicatorLinkForm(forms.Form):
    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"] = _Choose(
            indicators,
            label_of=lambda indicator: f"{indicator.code} {indicator.title}",
            label="Indicator",
            empty_label="Choose an indicator",
            error_messages={"required": "Choose an indicator to link"},
        )
