"""Assessment frameworks as data: a framework, its tree of elements, and the crosswalk.

A **framework** (TEASC risk awareness, CQC's assessment of local authorities, ASCOF, or a
council's or region's own) has a rating scale and a tree of **elements**: theme or domain →
quality statement or area → prompt. Shipped frameworks have no organisation and are shared
with everyone signed in; a council's own framework belongs to it. Each version is its own
row: a version that a self-assessment has used is never edited in place (a change makes a
new version).

The **crosswalk** (:class:`ElementMapping`) says which elements of other frameworks an
element also counts towards. Shipped mappings have no organisation; a council adds its own,
or hides a shipped one for itself, with a row of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ascent.core.models import OrganisationScoped, OrganisationScopedQuerySet, TimeStampedModel
from ascent.evidence.models import EvidenceKind


@dataclass(frozen=True)
class ScaleLevel:
    """One point of a framework's rating scale, read from ``Framework.rating_scale``."""

    value: str  # stored on a rating: "1".."4" for CQC, "green" / "amber" / "red" for TEASC
    label: str  # "3 – Good standard", "Red – high risk"
    score: int  # higher is better: orders the scale and compares two ratings
    favourable: bool  # a rating the assurance checks hold to account against the evidence
    colour: str = "grey"  # green, amber, red or grey: how a rating is shaded
    description: str = ""

    @property
    def tag_class(self) -> str:
        """The class attribute of a GOV.UK tag showing this rating ("govuk-tag govuk-tag--red")."""
        modifier = {"green": "green", "amber": "yellow", "red": "red"}.get(self.colour, "grey")
        return f"govuk-tag govuk-tag--{modifier}"


class FrameworkQuerySet(OrganisationScopedQuerySet):
    def current(self) -> FrameworkQuerySet:
        """The newest version of each framework (older versions stay for the assessments that used them)."""
        return self.filter(superseded_by__isnull=True)


class Framework(OrganisationScoped, TimeStampedModel):
    """One version of a framework. Shipped frameworks have no organisation."""

    class Scoring(models.TextChoices):
        NONE = "", "No overall score"
        CQC_LA_2023 = (
            "cqc-la-2023",
            "CQC local authority assessment: equal-weight percentage of the quality statement scores",
        )

    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty for a shipped framework; the council that defined its own",
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="For tables and headings: TEASC, CQC, ASCOF")
    version = models.CharField(max_length=40, help_text="As the source names it: 2015, 2023, v2")
    source = models.TextField(blank=True, help_text="Who publishes it and where it comes from")
    description = models.TextField(blank=True)
    #: The rating scale, lowest score first: a list of ScaleLevel fields (see ``scale``).
    rating_scale = models.JSONField(default=list)
    #: How ratings combine into an overall score, if the framework publishes a method.
    scoring = models.CharField(max_length=40, blank=True, choices=Scoring.choices, default=Scoring.NONE)
    #: The kinds of evidence the framework asks for (values of ascent.evidence EvidenceKind).
    evidence_categories = models.JSONField(default=list, blank=True)
    #: How many top risks a self-assessment names (TEASC asks for three; 0 for none).
    top_risks = models.PositiveSmallIntegerField(default=0)
    #: The version this one replaced, if any; the newest version has no ``superseded_by``.
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    #: The checksum of the YAML it was loaded from, so loading again changes nothing.
    source_checksum = models.CharField(max_length=64, blank=True)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_noun = "framework"
    audit_exclude = {"source_checksum", "rating_scale", "evidence_categories"}
    shared_when_unowned = True

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"], condition=Q(organisation__isnull=True), name="one_shipped_framework_version"
            ),
            models.UniqueConstraint(fields=["organisation", "slug", "version"], name="one_framework_version_per_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    @property
    def is_shipped(self) -> bool:
        return self.organisation_id is None

    @property
    def scale(self) -> list[ScaleLevel]:
        """The rating scale, lowest score first."""
        levels = [ScaleLevel(**level) for level in self.rating_scale]
        return sorted(levels, key=lambda level: level.score)

    @property
    def evidence_category_labels(self) -> list[str]:
        """The kinds of evidence the framework asks for, as people read them ("People's experience")."""
        labels = dict(EvidenceKind.choices)
        return [labels.get(value, value) for value in self.evidence_categories]

    def level(self, value: str) -> ScaleLevel | None:
        """The scale level a stored rating value stands for, or None (not rated, or unknown)."""
        return next((level for level in self.scale if level.value == value), None)

    def is_in_use(self) -> bool:
        """Whether a record of another app refers to this version (a self-assessment uses it).

        A version in use is never edited in place: a change makes a new version. The check
        is generic so this app need not know the apps above it (import layers): it follows
        every foreign key to Framework declared outside this app, hidden ones included
        (``related_name="+"``), except the audit history's copies. One query per such model.
        """
        if self.pk is None:
            return False
        for relation in using_relations():
            if relation.related_model._default_manager.filter(**{relation.field.name: self.pk}).exists():
                return True
        return False


def using_relations() -> list:
    """The reverse relations to Framework from models outside this app (audit history excluded)."""
    from simple_history.models import HistoricalChanges

    return [
        relation
        for relation in Framework._meta.get_fields(include_hidden=True)
        if relation.is_relation
        and relation.auto_created
        and not relation.concrete
        and relation.related_model._meta.app_label != Framework._meta.app_label
        and not issubclass(relation.related_model, HistoricalChanges)
    ]


class Element(OrganisationScoped):
    """A node of a framework's tree: a theme or domain, a quality statement or area, a prompt.

    Scoped through its framework: a shipped framework's elements are shared with everyone
    signed in, a council's own are private to it.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="elements")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    #: Stable within the framework across versions ("qs-safeguarding", "domain-3"): mappings,
    #: YAML references and version copies find an element by it.
    key = models.SlugField(max_length=80)
    #: A short reference as the framework numbers it: "QS7", "Domain 3", "1A".
    code = models.CharField(max_length=20, blank=True)
    #: What the framework calls this level: "Theme", "Quality statement", "Domain", "Area to consider".
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    #: CQC's "we statement": the council's commitment, in our own words.
    we_statement = models.TextField(blank=True)
    #: CQC's "I statements" (from Making It Real), in our own words: a list of strings.
    i_statements = models.JSONField(default=list, blank=True)
    #: Whether a self-assessment rates this element on the framework's scale.
    is_rated = models.BooleanField(default=False)
    depth = models.PositiveSmallIntegerField(default=0)
    sort_order = models.PositiveIntegerField(default=0)
    #: For a council's framework that takes an element of a shipped one by reference.
    included_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="inclusions"
    )

    history = HistoricalRecords()
    audit_organisation_path = "framework__organisation"
    audit_noun = "framework element"
    audit_name = "title"
    organisation_path = "framework__organisation"
    shared_when_unowned = True

    class Meta:
        ordering = ["framework", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="one_element_key_per_framework")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def label(self) -> str:
        """As headings show it: "QS7 Safeguarding", or the title alone where there is no code."""
        return str(self)

    @property
    def heading(self) -> str:
        """The element with its kind, the kind said once: "Theme 1 Working with people" where the
        code names the kind already, otherwise "Quality statement: Safeguarding" (no code)."""
        if self.code and self.kind and self.code.lower().startswith(self.kind.lower()):
            return self.label
        return f"{self.kind}: {self.title}" if self.kind else self.label


class ElementMapping(OrganisationScoped, TimeStampedModel):
    """Element ``source`` also counts towards element ``target`` of another framework.

    A mapping reads both ways. A shipped mapping has no organisation; a council's row either
    adds a mapping for that council or, with ``is_hidden``, hides a shipped one for it.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="mappings_out")
    target = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="mappings_in")
    is_hidden = models.BooleanField(default=False, help_text="A council's row that hides a shipped mapping for it")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_noun = "framework mapping"
    shared_when_unowned = True

    class Meta:
        ordering = ["source", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"], condition=Q(organisation__isnull=True), name="one_shipped_mapping"
            ),
            models.UniqueConstraint(fields=["organisation", "source", "target"], name="one_mapping_per_owner"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="mapping_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.source} ↔ {self.target}"
