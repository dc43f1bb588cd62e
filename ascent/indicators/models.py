"""Performance evidence: indicators, their observed values, targets and comparator groups.

Shipped indicator definitions (ASCOF) have no organisation; councils add local indicators
of their own. Observations and targets belong to one organisation and one period, stored
with :class:`~ascent.core.fields.PeriodColumns`. Every model keeps its history, so a
revised value keeps the earlier one.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from ascent.core.audit import Phrase
from ascent.core.fields import PeriodColumns, period_label
from ascent.core.models import OrganisationScoped, OrganisationScopedQuerySet
from ascent.core.rag import Comparison, DesiredChange, Polarity, RangeSense, TargetKind
from ascent.core.rag import Target as TargetRule


class Unit(models.TextChoices):
    PERCENT = "percent", "Per cent (%)"
    PER_100K = "per_100k", "Per 100,000 population"
    SCORE = "score", "Score"
    COUNT = "count", "Count"
    MONEY = "money", "Pounds (£)"
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"
    RATE = "rate", "Rate"


class Frequency(models.TextChoices):
    ANNUAL = "annual", "Annual"
    QUARTERLY = "quarterly", "Quarterly"
    MONTHLY = "monthly", "Monthly"
    WEEKLY = "weekly", "Weekly"
    SNAPSHOT = "snapshot", "Snapshot"


POLARITY_CHOICES = [(p.value, p.label) for p in Polarity]


class IndicatorQuerySet(OrganisationScopedQuerySet):
    """Shipped definitions (no organisation) are shared with everyone signed in."""

    def for_organisation(self, organisation) -> IndicatorQuerySet:
        """The indicators an organisation can use: shipped ones and its own."""
        return self.in_organisation(organisation)


class Indicator(OrganisationScoped):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_indicators",
        help_text="Empty for shipped national definitions; the owner of a local indicator",
    )
    code = models.CharField(max_length=40, help_text="For example ASCOF-1C1A, or a council's own code")
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=20, choices=POLARITY_CHOICES)
    decimals = models.PositiveSmallIntegerField(default=1)
    valid_min = models.DecimalField(
        "lowest valid value",
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="The lowest value the measure can take; empty for the unit's own bound (0 for a percentage)",
    )
    valid_max = models.DecimalField(
        "highest valid value",
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="The highest value the measure can take; empty for the unit's own bound (100 for a percentage)",
    )
    source = models.CharField(max_length=200, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.ANNUAL)
    sort_order = models.PositiveIntegerField(default=0)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="The measure of the set from 2023/24 that carries this 2014/15 to 2022/23 measure on, if any",
    )
    is_active = models.BooleanField(default=True)
    #: The framework elements the indicator counts towards (ASCOF domain, CQC quality
    #: statement, a council's own area). Shipped tags have no organisation; see IndicatorElement.
    elements = models.ManyToManyField(
        "frameworks.Element", through="IndicatorElement", related_name="indicators", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_noun = "local indicator"
    audit_exclude = {"sort_order"}
    audit_labels = {
        "is_active": "in-use status",
        "decimals": "decimal places",
        "valid_min": "lowest valid value",
        "valid_max": "highest valid value",
    }
    shared_when_unowned = True

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(organisation__isnull=True), name="one_national_indicator_per_code"
            ),
            models.UniqueConstraint(fields=["organisation", "code"], name="one_local_indicator_per_code"),
            models.CheckConstraint(
                condition=Q(valid_min__isnull=True) | Q(valid_max__isnull=True) | Q(valid_min__lte=F("valid_max")),
                name="indicator_valid_range_in_order",
                violation_error_message="The lowest valid value must not be more than the highest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_local(self) -> bool:
        return self.organisation_id is not None

    @property
    def valid_range(self):
        """What the measure's values are checked against: its own bounds, else its unit's
        (a :class:`~ascent.indicators.validation.ValueRules`)."""
        from .validation import ValueRules

        return ValueRules.of(self)


class IndicatorElement(OrganisationScoped):
    """An indicator tagged with a framework element.

    A shipped tag (no organisation) comes with the indicator library; a council's own tag
    (its organisation set) applies in that council only, so a council can tag a shipped
    indicator with an element of its own framework.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="element_tags")
    element = models.ForeignKey("frameworks.Element", on_delete=models.CASCADE, related_name="indicator_tags")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_noun = "indicator tag"
    shared_when_unowned = True

    class Meta:
        ordering = ["indicator", "element__framework", "element__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "element"],
                condition=Q(organisation__isnull=True),
                name="one_shipped_indicator_tag",
            ),
            models.UniqueConstraint(
                fields=["indicator", "element", "organisation"], name="one_indicator_tag_per_owner"
            ),
        ]


class IndicatorGroup(OrganisationScoped):
    """A council's own grouping of indicators, such as a board's scorecard or a project's KPIs."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="indicator_groups"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    indicators = models.ManyToManyField(Indicator, through="IndicatorGroupItem", related_name="groups")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="one_indicator_group_per_name")]

    def __str__(self) -> str:
        return self.name


class IndicatorGroupItem(models.Model):
    group = models.ForeignKey(IndicatorGroup, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "indicator"], name="indicator_once_per_group")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.indicator_id}"


#: What the Activity page reads through an indicator value's or target's indicator: its
#: title, to name the record, and its unit and decimal places, to show values as the pages do.
INDICATOR_LOOKUPS = {"indicator": "indicator__title", "unit": "indicator__unit", "decimals": "indicator__decimals"}


def value_in_unit(value, row) -> str:
    """An audited value in its indicator's unit ("58.5%", "£1.263m"), as the pages show it."""
    from .scorecard import format_value

    decimals = row.decimals if row.decimals is not None else 1
    return format_value(SimpleNamespace(unit=row.unit, decimals=decimals), value)


class Observation(PeriodColumns, OrganisationScoped):
    """One value of one indicator for one organisation and period."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        FINAL = "final", "Final"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    value = models.DecimalField(max_digits=20, decimal_places=6)
    numerator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FINAL)
    is_illustrative = models.BooleanField(
        default=False, help_text="Made-up demonstration data: always labelled 'illustrative, not official statistics'"
    )
    is_approximate = models.BooleanField(
        default=False, help_text="Written as an approximation (“c. £1.6m”): shown as “about £1.6m”"
    )
    #: The import that last wrote it. Not enforced by a database constraint, for speed: see
    #: ascent.imports.models.ImportRun (Django still clears it when a run is deleted).
    import_run = models.ForeignKey(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_noun = "indicator value"
    audit_lookups = INDICATOR_LOOKUPS
    audit_labels = {
        "is_illustrative": "illustrative (made-up) status",
        "is_approximate": "approximate status",
        "import_run": "import",
    }
    audit_display = {"value": value_in_unit}

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period_code"], name="one_observation_per_period"
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period_code"], name="observation_benchmark"),
            models.Index(fields=["organisation", "indicator", "period_start"], name="observation_series"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_code}: {self.value}"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return f"{record.indicator or name_of('indicator_id')}, {period_label(record.period_code)}"


class Target(PeriodColumns, OrganisationScoped):
    """What an organisation aims for on an indicator in a period.

    Three kinds, as council scorecards set them: a threshold (at least / at most a value),
    a range (for example reviews 70 to 80% a year), or a direction against a baseline
    ("Lower", "Increase", "Maintain or lower"). ``tolerance`` is an optional amber band.
    A range's ``range_sense`` says whether beyond it on the better side is on target too
    ("In the range or better") or off target ("Keep within the range"); blank follows the
    indicator's polarity (see :func:`ascent.core.rag.range_sense`).
    """

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(max_length=20, choices=TargetKind.choices())
    comparison = models.CharField(max_length=20, choices=Comparison.choices(), blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    low = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    high = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    range_sense = models.CharField("range rule", max_length=20, choices=RangeSense.choices(), blank=True, default="")
    change = models.CharField("desired change", max_length=30, choices=DesiredChange.choices(), blank=True)
    tolerance = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    baseline_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    baseline_label = models.CharField(
        max_length=60, blank=True, help_text="When the baseline was taken, as the council writes it (Mar '19)"
    )
    note = models.CharField(max_length=300, blank=True)
    is_approximate = models.BooleanField(
        default=False,
        help_text="Its amounts were written as approximations (“c. £1.6m”): shown as “about £1.6m”",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_lookups = INDICATOR_LOOKUPS
    audit_labels = {"is_approximate": "approximate status"}
    audit_display = dict.fromkeys(("value", "low", "high", "tolerance", "baseline_value"), value_in_unit)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "indicator", "period_code"], name="one_target_per_period"),
        ]

    def __str__(self) -> str:
        return f"Target for {self.indicator.code} in {self.period_code}"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        # "Changed the value of the target for ...": a phrase, capitalised where it stands alone.
        return Phrase(
            f"the target for {record.indicator or name_of('indicator_id')}, {period_label(record.period_code)}"
        )

    def rule(self) -> TargetRule:
        """The pure target rule that RAG evaluation uses (ascent.core.rag)."""
        return TargetRule(
            TargetKind(self.kind),
            value=self.value if self.kind == TargetKind.THRESHOLD else None,
            comparison=Comparison(self.comparison) if self.comparison else None,
            low=self.low if self.kind == TargetKind.RANGE else None,
            high=self.high if self.kind == TargetKind.RANGE else None,
            sense=RangeSense(self.range_sense) if self.kind == TargetKind.RANGE and self.range_sense else None,
            change=DesiredChange(self.change) if self.change else None,
            tolerance=self.tolerance,
        )


class ComparatorGroup(OrganisationScoped):
    """A named set of organisations to benchmark against."""

    class Kind(models.TextChoices):
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        COUNCIL_TYPE = "council_type", "Council type"
        CUSTOM = "custom", "Council-defined"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comparator_groups",
        help_text="The council that defined the group; empty for built-in groups",
    )
    description = models.TextField(blank=True)
    members = models.ManyToManyField("organisations.Organisation", related_name="+", blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[members])
    audit_organisation_path = "owner"
    audit_exclude = {"slug", "sort_order"}
    # Built-in groups (England, regions, council types) have no owner and are shared.
    organisation_path = "owner"
    shared_when_unowned = True

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name
