"""Forms of the frameworks pages: a council's own framework, a YAML file, and a crosswalk mapping."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify

from .models import Element, Framework
from .outline import Problem, element_keys, parse_outline, parse_scale

#: How big a YAML file the upload takes: a framework of a few hundred elements is a few tens of KB.
UPLOAD_MAX_BYTES = 512 * 1024

RATED_CHOICES = [
    ("leaves", "The elements with nothing under them"),
    ("1", "The top level"),
    ("2", "The second level"),
    ("3", "The third level"),
    ("none", "None: the framework is for reference, not rating"),
]


def _problems(field: str, problems: list[Problem]) -> list[str]:
    """Messages naming the field and, where there is one, the line."""
    return [f"{field}, line {p.line}: {p.message}" if p.line else f"{field}: {p.message}" for p in problems]


class FrameworkForm(forms.Form):
    """A council's own framework, or a new version of one, with its elements as an outline."""

    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Harrow key lines of enquiry",
        error_messages={
            "required": "Enter a name for the framework",
            "max_length": "Name must be 200 characters or fewer",
        },
    )
    short_name = forms.CharField(
        label="Short name (optional)",
        required=False,
        max_length=40,
        help_text="For tables and headings, such as KLOE",
        error_messages={"max_length": "Short name must be 40 characters or fewer"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    version = forms.CharField(
        label="Version",
        max_length=40,
        help_text="As your council names it, such as 2025 or v2",
        error_messages={
            "required": "Enter a version, such as 2025 or v1",
            "max_length": "Version must be 40 characters or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where the framework comes from and what it is for",
        error_messages={"max_length": "Description must be 2,000 characters or fewer"},
    )
    level_names = forms.CharField(
        label="What each level is called",
        max_length=300,
        initial="Domain, Area",
        help_text="Top level first, separated by commas, such as Theme, Quality statement, Prompt",
        error_messages={
            "required": "Enter what each level is called, such as Domain, Area",
            "max_length": "What each level is called must be 300 characters or fewer",
        },
    )
    elements = forms.CharField(
        label="Elements",
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text="One element a line. Indent a line (with spaces) under the line it belongs to, or number "
        "lines 1, 1.1, 1.2, 2 and so on. Put a code first with a colon if you want one: QS1: Assessing needs. "
        "To take an element of another framework, write include and its reference: include cqc-la-assessment:qs-7",
        error_messages={
            "required": "Enter the framework's elements, one a line",
            "max_length": "Elements must be 100,000 characters or fewer",
        },
    )
    rated = forms.ChoiceField(
        label="Which elements does a self-assessment rate?",
        choices=RATED_CHOICES,
        initial="leaves",
        widget=forms.RadioSelect,
        error_messages={"required": "Select which elements a self-assessment rates"},
    )
    scale_from = forms.ChoiceField(
        label="Rating scale",
        help_text="Use the scale of a framework your council can already see, or write your own levels below",
        error_messages={"required": "Select a rating scale", "invalid_choice": "Select a rating scale from the list"},
    )
    scale = forms.CharField(
        label="Your own rating scale (if you chose to write one)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text="One level a line, lowest first. After a bar, a colour (green, amber, red or grey) and, for a "
        "level the evidence must back up, the word favourable: Good | green | favourable",
        error_messages={"max_length": "Your own rating scale must be 3,000 characters or fewer"},
    )

    def __init__(
        self,
        *args,
        scales: list[Framework],
        includable: dict[tuple[str, str], Element],
        taken_slugs: set[str] = frozenset(),
        shipped_slugs: set[str] = frozenset(),
        taken_versions: set[str] = frozenset(),
        previous: Framework | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.scales = {str(framework.pk): framework for framework in scales}
        self.includable = includable
        self.taken_slugs = taken_slugs
        self.shipped_slugs = shipped_slugs
        self.taken_versions = {version.casefold() for version in taken_versions}
        self.previous = previous
        self.fields["scale_from"].choices = [
            ("own", "My own levels, written below"),
            *[
                (
                    key,
                    f"As {framework.short_name or framework.name}: "
                    + ", ".join(level.label for level in framework.scale),
                )
                for key, framework in self.scales.items()
            ],
        ]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a name for the framework")
        if self.previous is None and self.slug_for(name) in self.taken_slugs:
            raise forms.ValidationError(
                f"Your council already has a framework called {name}: make a new version of it from its page"
            )
        if self.previous is None and self.slug_for(name) in self.shipped_slugs:
            raise forms.ValidationError(
                f"A framework that comes with Ascent is already called {name}: give yours a name of its own"
            )
        return name

    def clean_version(self) -> str:
        version = " ".join(self.cleaned_data["version"].split())
        if not version:
            raise forms.ValidationError("Enter a version, such as 2025 or v1")
        if version.casefold() in self.taken_versions:
            raise forms.ValidationError(
                f"Version {version} of this framework already exists: give the new one another name"
            )
        return version

    def clean_level_names(self) -> list[str]:
        names = [" ".join(name.split()) for name in self.cleaned_data["level_names"].split(",")]
        names = [name for name in names if name]
        if not names:
            raise forms.ValidationError("Enter what each level is called, such as Domain, Area")
        if any(len(name) > 60 for name in names):
            raise forms.ValidationError("What each level is called: each name must be 60 characters or fewer")
        return names

    def clean_elements(self):
        lines, problems = parse_outline(self.cleaned_data["elements"])
        for item in lines:
            if item.include and item.include not in self.includable:
                problems.append(
                    Problem(
                        item.line,
                        f"there is no element {item.reference} to include: "
                        "use the reference shown on the framework's page",
                    )
                )
        seen: dict[tuple[str, str], int] = {}
        for item in lines:
            if item.include:
                if item.include in seen:
                    problems.append(
                        Problem(item.line, f"{item.reference} is included twice (first on line {seen[item.include]})")
                    )
                seen.setdefault(item.include, item.line)
        if problems:
            raise forms.ValidationError(_problems("Elements", sorted(problems, key=lambda p: p.line)))
        return lines

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("scale_from")
        if choice == "own":
            levels, problems = parse_scale(cleaned.get("scale", ""))
            if problems:
                self.add_error("scale", _problems("Your own rating scale", problems))
            else:
                cleaned["rating_scale"] = self._keep_values(levels)
        elif choice in self.scales:
            cleaned["rating_scale"] = list(self.scales[choice].rating_scale)
        return cleaned

    def _keep_values(self, levels: list[dict]) -> list[dict]:
        """Levels keep the stored value of the last version's level with the same label, so ratings compare."""
        if self.previous is None:
            return levels
        before = {level.label.casefold(): level for level in self.previous.scale}
        kept = []
        for level in levels:
            old = before.get(level["label"].casefold())
            kept.append({**level, "value": old.value, "description": old.description} if old else level)
        return kept

    @staticmethod
    def slug_for(name: str) -> str:
        return slugify(name)[:80] or "framework"

    def outline(self) -> list[dict]:
        """The elements to save, in order: each a dict of Element fields, with ``parent`` an index."""
        lines = self.cleaned_data["elements"]
        names = self.cleaned_data["level_names"]
        rated = self.cleaned_data["rated"]
        has_children = {item.parent for item in lines if item.parent is not None}
        out = []
        for index, (item, key) in enumerate(zip(lines, element_keys(lines), strict=True)):
            source = self.includable.get(item.include) if item.include else None
            if rated == "leaves":
                is_rated = index not in has_children
            elif rated == "none":
                is_rated = False
            else:
                is_rated = item.depth == int(rated) - 1
            fields = {
                "key": key,
                "parent": item.parent,
                "depth": item.depth,
                "sort_order": index + 1,
                "kind": names[min(item.depth, len(names) - 1)],
                "code": item.code[:20],
                "title": item.title,
                "is_rated": is_rated,
                "included_from": source,
            }
            if source is not None:
                fields.update(
                    code=source.code,
                    title=source.title,
                    kind=source.kind,
                    description=source.description,
                    we_statement=source.we_statement,
                    i_statements=list(source.i_statements),
                )
            out.append(fields)
        return out


class UploadForm(forms.Form):
    """A framework as a YAML file, read by the same loader as the shipped frameworks."""

    file = forms.FileField(
        label="Upload a YAML file",
        help_text="A .yaml or .yml file of up to 512 KB, written as “How to write the file” on this page describes",
        error_messages={
            "required": "Select a YAML file",
            "empty": "The selected file is empty",
            "invalid": "Select a YAML file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError("The selected file must be a YAML file, ending .yaml or .yml")
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 512 KB")
        raw = upload.read(UPLOAD_MAX_BYTES + 1)
        try:
            self.text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The selected file must be text saved as UTF-8") from None
        if not self.text.strip():
            raise forms.ValidationError("The selected file is empty")
        return upload


class MappingForm(forms.Form):
    """A mapping of the council's own: an element of this framework also counts towards one of another."""

    source = forms.ChoiceField(
        label="Element of this framework",
        error_messages={
            "required": "Select an element of this framework",
            "invalid_choice": "Select an element of this framework from the list",
        },
    )
    target = forms.ChoiceField(
        label="Also counts towards",
        help_text="An element of another framework",
        error_messages={
            "required": "Select the element of another framework it counts towards",
            "invalid_choice": "Select the element of another framework from the list",
        },
    )
    note = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": "Why must be 300 characters or fewer"},
    )

    def __init__(self, *args, own: list[Element], others: list[tuple[Framework, list[Element]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.own = {str(element.pk): element for element in own}
        self.others = {str(element.pk): element for _, elements in others for element in elements}
        self.fields["source"].choices = [("", "Choose an element"), *[(key, e.label) for key, e in self.own.items()]]
        self.fields["target"].choices = [
            ("", "Choose an element"),
            *[
                (
                    f"{framework.short_name or framework.name} {framework.version}",
                    [(str(e.pk), e.label) for e in elements],
                )
                for framework, elements in others
            ],
        ]

    def clean(self):
        cleaned = super().clean()
        if "source" in cleaned and "target" in cleaned:
            cleaned["source"] = self.own[cleaned["source"]]
            cleaned["target"] = self.others[cleaned["target"]]
        return cleaned
