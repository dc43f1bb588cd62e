"""Forms for bringing in a past letter: the letter itself, then the proposal a person corrects."""

from __future__ import annotations

import datetime as dt

from django import forms

from ascent.core.forms import BoundedDateField
from ascent.evidence.uploads import max_bytes, megabytes

from .letter_import import LetterReadError, sniff
from .models import DevelopmentLabel, FindingKind, Kind, RecommendationKind, ScopeStyle, Stage, TeamRole

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
#: The stages a review brought in from a letter can be at: a letter is written after the visit.
IMPORT_STAGES = [
    (Stage.PUBLISHED.value, Stage.PUBLISHED.label),
    (Stage.FOLLOW_UP.value, Stage.FOLLOW_UP.label),
    (Stage.CLOSED.value, Stage.CLOSED.label),
    (Stage.REPORTING.value, Stage.REPORTING.label),
]
#: The most text a person may paste (about 400 pages).
MAX_PASTED = 1_000_000


def _too_long(what: str, limit: int) -> dict:
    return {"max_length": f"{what} must be {limit:,} characters or fewer"}


class LetterForm(forms.Form):
    file = forms.FileField(
        label="Upload the letter",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt"}),
        error_messages={"empty": "The selected file is empty", "invalid": "Select a Word document or a PDF"},
    )
    text = forms.CharField(
        label="Or paste the letter's text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Paste it with its headings, one paragraph a line, as it comes from the document.",
    )

    def __init__(self, *args, oversized: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = oversized
        self.fields[
            "file"
        ].help_text = f"A Word document (.docx) or a PDF with text in it (not a scan), up to {megabytes(max_bytes())}."
        self.source: bytes | str = ""
        self.source_name = ""

    def clean_file(self):
        if self.oversized:
            raise forms.ValidationError(f"The selected file must be smaller than {megabytes(max_bytes())}")
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > max_bytes():
            raise forms.ValidationError(f"The selected file must be smaller than {megabytes(max_bytes())}")
        data = upload.read()
        try:
            sniff(data)  # the kind is told from the content, whatever the file is called
        except LetterReadError as error:
            raise forms.ValidationError(str(error)) from None
        self.source, self.source_name = data, upload.name
        return upload

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        if len(text) > MAX_PASTED:
            raise forms.ValidationError("The pasted text is too long: paste the letter in parts")
        return text

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        has_file, has_text = bool(cleaned.get("file")), bool((cleaned.get("text") or "").strip())
        if has_file and has_text:
            self.add_error("text", "Upload a file or paste text, not both")
        elif not has_file and not has_text:
            self.add_error("file", "Select a Word document or a PDF, or paste the letter's text")
        elif has_text:
            self.source, self.source_name = cleaned["text"], "Pasted text"
        return cleaned


def _choices(enum) -> list[tuple[str, str]]:
    return [(value, label) for value, label in enum.choices]


def _typed(value) -> str | None:
    """A proposed date ("2019-03-03") as people type it and the hint shows it ("3/3/2019")."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day}/{day.month}/{day.year}"


#: The scope styles a letter brought in can have (a framework's elements are chosen on the review).
IMPORT_SCOPE_STYLES = [
    (ScopeStyle.QUESTIONS.value, "Scope questions (or areas)"),
    (ScopeStyle.KEY_LINE.value, "One key line of enquiry, with the scope items as its sub-areas"),
]


class ProposalForm(forms.Form):
    """Every proposed item as fields a person can correct or leave out, and the review's details.

    Fields are named ``<part>_<index>_<field>`` (``findings_3_text``); :meth:`items` groups
    them by item for the page, with the passage each came from.
    """

    PARTS = {
        "scope": ("Scope question", ["text"]),
        "team": ("Team member", ["name", "role", "job_title", "organisation"]),
        "findings": ("Finding", ["kind", "heading", "scope", "text"]),
        "recommendations": ("Recommendation", ["kind", "number", "text"]),
    }

    title = forms.CharField(
        label="Title of the review",
        max_length=200,
        error_messages={
            "required": "Enter the review's title",
            "max_length": "The title of the review must be 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(label="Kind of review", choices=_choices(Kind))
    stage = forms.ChoiceField(
        label="Stage",
        choices=IMPORT_STAGES,
        help_text="Published, unless the review has moved on to its follow-up or is closed",
    )
    on_site_from = BoundedDateField(
        label="First day on site (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 9/3/2016",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "First day on site must be a real date, like 9/3/2016"},
    )
    on_site_to = BoundedDateField(
        label="Last day on site (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Last day on site must be a real date, like 11/3/2016"},
    )
    letter_date = BoundedDateField(
        label="Date of the letter (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="The review was published on this day. For example, 2/4/2019",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Date of the letter must be a real date, like 2/4/2019"},
    )
    development_label = forms.ChoiceField(
        label="What the letter calls the findings that are not strengths", choices=_choices(DevelopmentLabel)
    )
    scope_style = forms.ChoiceField(label="How the scope is set out", choices=IMPORT_SCOPE_STYLES)
    key_line_of_enquiry = forms.CharField(
        label="Key line of enquiry (only if the scope is set out that way)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposal: dict, **kwargs):
        review = proposal.get("review", {})
        initial = {
            "title": review.get("title", ""),
            "kind": review.get("kind", Kind.PEER_CHALLENGE),
            "stage": review.get("stage", Stage.PUBLISHED),
            "on_site_from": _typed(review.get("on_site_from")),
            "on_site_to": _typed(review.get("on_site_to")),
            "letter_date": _typed(review.get("letter_date")),
            "development_label": review.get("development_label", DevelopmentLabel.DEVELOPMENT),
            "scope_style": review.get("scope_style") or ScopeStyle.QUESTIONS.value,
            "key_line_of_enquiry": review.get("key_line_of_enquiry", ""),
        }
        self.proposal = proposal
        for part, (_noun, names) in self.PARTS.items():
            for index, item in enumerate(proposal.get(part, [])):
                for name in names:
                    initial[f"{part}_{index}_{name}"] = item.get(name)
                if part == "findings":
                    initial[f"{part}_{index}_scope"] = str(item["scope"]) if item.get("scope") else ""
        super().__init__(*args, initial=initial, **kwargs)
        for part, (noun, _names) in self.PARTS.items():
            for index, _item in enumerate(proposal.get(part, [])):
                self._add_fields(part, index, f"{noun} {index + 1}")

    def _add_fields(self, part: str, index: int, label: str) -> None:
        key = f"{part}_{index}_"
        text_required = {"required": f"{label}: enter its text, or leave it out"}
        if part == "scope":
            self.fields[key + "text"] = forms.CharField(
                label=f"{label}", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        elif part == "team":
            self.fields[key + "name"] = forms.CharField(
                label=f"{label}: name",
                required=False,
                max_length=200,
                error_messages=_too_long(f"{label}: the name", 200),
            )
            self.fields[key + "role"] = forms.ChoiceField(label=f"{label}: role", choices=_choices(TeamRole))
            self.fields[key + "job_title"] = forms.CharField(
                label=f"{label}: role or job as the letter gives it",
                required=False,
                max_length=300,
                error_messages=_too_long(f"{label}: the role or job", 300),
            )
            self.fields[key + "organisation"] = forms.CharField(
                label=f"{label}: organisation",
                required=False,
                max_length=200,
                error_messages=_too_long(f"{label}: the organisation", 200),
            )
        elif part == "findings":
            self.fields[key + "kind"] = forms.ChoiceField(label=f"{label}: kind", choices=_choices(FindingKind))
            self.fields[key + "heading"] = forms.CharField(
                label=f"{label}: heading (the scope question or area it is under)",
                required=False,
                max_length=300,
                error_messages=_too_long(f"{label}: the heading", 300),
            )
            scope = self.proposal.get("scope", [])
            self.fields[key + "scope"] = forms.TypedChoiceField(
                label=f"{label}: the scope item it answers",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "None")]
                + [(str(n), f"{n}. {item.get('text', '')[:90]}") for n, item in enumerate(scope, start=1)],
            )
            self.fields[key + "text"] = forms.CharField(
                label=f"{label}: text", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        else:
            self.fields[key + "kind"] = forms.ChoiceField(label=f"{label}: kind", choices=_choices(RecommendationKind))
            self.fields[key + "number"] = forms.IntegerField(
                label=f"{label}: number (leave empty if the letter gives none)",
                required=False,
                min_value=1,
                max_value=999,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
                error_messages={
                    "invalid": f"{label}: the number must be a whole number, like 12",
                    "min_value": f"{label}: the number must be 1 or more",
                    "max_value": f"{label}: the number must be 999 or less",
                },
            )
            self.fields[key + "text"] = forms.CharField(
                label=f"{label}: text", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        self.fields[key + "drop"] = forms.BooleanField(label=f"Leave out {label.lower()}", required=False)
        self._required_texts = getattr(self, "_required_texts", {})
        self._required_texts[key + ("name" if part == "team" else "text")] = text_required["required"]

    def clean(self):
        cleaned = super().clean()
        for field, message in getattr(self, "_required_texts", {}).items():
            key = field.rsplit("_", 1)[0]
            if field == key + "_job_title":
                continue
            if not cleaned.get(f"{key}_drop") and not (cleaned.get(field) or "").strip():
                self.add_error(field, message)
        first, last = cleaned.get("on_site_from"), cleaned.get("on_site_to")
        if first and last and last < first:
            self.add_error("on_site_to", "Last day on site must be on or after the first day")
        if cleaned.get("scope_style") == ScopeStyle.KEY_LINE and not (cleaned.get("key_line_of_enquiry") or "").strip():
            self.add_error("key_line_of_enquiry", "Enter the key line of enquiry, or choose scope questions")
        return cleaned

    def items(self) -> list[dict]:
        """The page's sections: each item's bound fields and the passage it came from."""
        sections = []
        for part, (noun, names) in self.PARTS.items():
            rows = []
            for index, item in enumerate(self.proposal.get(part, [])):
                key = f"{part}_{index}_"
                rows.append(
                    {
                        "label": f"{noun} {index + 1}",
                        "passage": item.get("passage", ""),
                        "fields": [self[key + name] for name in names],
                        "drop": self[key + "drop"],
                    }
                )
            sections.append({"part": part, "noun": noun, "items": rows})
        return sections

    def corrected_proposal(self) -> dict:
        """The proposal with the person's corrections, without the items they left out."""
        data = self.cleaned_data
        corrected: dict = {
            "review": {
                "title": data["title"].strip(),
                "kind": data["kind"],
                "stage": data["stage"],
                "on_site_from": data["on_site_from"].isoformat() if data.get("on_site_from") else None,
                "on_site_to": data["on_site_to"].isoformat() if data.get("on_site_to") else None,
                "letter_date": data["letter_date"].isoformat() if data.get("letter_date") else None,
                "development_label": data["development_label"],
                "scope_style": data["scope_style"],
                "key_line_of_enquiry": (data.get("key_line_of_enquiry") or "").strip(),
            }
        }
        # Scope items a person leaves out: findings linked to them are linked to none, the rest renumbered.
        renumbered, kept_scope = {}, 0
        for index, _item in enumerate(self.proposal.get("scope", [])):
            if not data.get(f"scope_{index}_drop"):
                kept_scope += 1
                renumbered[index + 1] = kept_scope
        for part, (_noun, names) in self.PARTS.items():
            kept = []
            for index, item in enumerate(self.proposal.get(part, [])):
                key = f"{part}_{index}_"
                if data.get(key + "drop"):
                    continue
                values = {name: data.get(key + name) for name in names}
                for name, value in values.items():
                    if isinstance(value, str):
                        values[name] = value.strip()
                if part == "findings":
                    values["scope"] = renumbered.get(values.get("scope"))
                kept.append({**item, **values})
            corrected[part] = kept
        return corrected


class UndoForm(forms.Form):
    """Undoing an import whose review people have changed since: they must say they will lose that work."""

    confirm = forms.BooleanField(
        label="I understand that undoing the import deletes the review with all of these changes, "
        "and that they cannot be got back",
        required=True,
        error_messages={"required": "Confirm that you understand these changes will be lost, or cancel"},
    )
