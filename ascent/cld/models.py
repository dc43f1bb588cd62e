"""What Django keeps of a council's client-level data: the extracts it loaded, their problems,
its CLD settings and its population table.

The rows themselves are not in the database. Each loaded extract is one Parquet file under the
council's private folder (:mod:`ascent.cld.storage`), every column as the file had it, so the
method can be rerun on exactly what was loaded (reference §6: the joined submissions are the
latest file covering each quarter). :class:`Extract` records the file: who loaded it and when,
its size and checksum, the release its values follow, the period it states, and the summary of
its check (problems by field, and whether it is usable for each measure). Every problem found
is kept in a Parquet file beside it; :class:`ExtractProblem` holds the first few examples of
each kind, for the data-quality page.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from ascent.core.audit import Phrase
from ascent.core.models import OrganisationScopedModel


class Release(models.TextChoices):
    R1 = "R1", "Release 1"
    R2 = "R2", "Release 2"
    MIXED = "mixed", "Release 1 and Release 2 values"


class CldSettings(OrganisationScopedModel):
    """A council's CLD settings: the LA code its extracts carry (recorded from its first extract)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="cld_settings"
    )
    la_code = models.CharField("LA code", max_length=20, blank=True)

    history = HistoricalRecords()
    audit_noun = "client-level data settings"
    audit_organisation_path = "organisation"

    class Meta:
        verbose_name = "client-level data settings"
        verbose_name_plural = "client-level data settings"

    def __str__(self) -> str:
        return f"CLD settings of {self.organisation}"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase("the client-level data settings")


class Extract(OrganisationScopedModel):
    """One loaded CLD extract and where its Parquet file is."""

    original_name = models.CharField(max_length=255)
    #: The Parquet file, relative to the CLD folder (ascent.cld.storage.cld_root()).
    stored_path = models.CharField(max_length=255, unique=True)
    problems_path = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.BigIntegerField()
    rows = models.PositiveIntegerField()
    release = models.CharField(max_length=5, choices=Release.choices)
    la_code = models.CharField("LA code", max_length=20)
    stated_start = models.DateField(null=True, blank=True)
    stated_end = models.DateField(null=True, blank=True)
    #: When the file was loaded (who loaded it is ``created_by``): later loads win (§6.2).
    loaded_at = models.DateTimeField()
    problem_count = models.PositiveIntegerField(default=0)
    #: The check's summary (ascent.cld.validation.Report.summary()): problems by field and
    #: reason, the release's values, and whether the extract is usable for each measure.
    summary = models.JSONField(default=dict)

    history = HistoricalRecords()
    audit_noun = "client-level data extract"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["-loaded_at", "-id"]
        indexes = [models.Index(fields=["organisation", "loaded_at"])]

    def __str__(self) -> str:
        return self.original_name

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the client-level data extract “{record.original_name}”")


class ExtractProblem(models.Model):
    """An example of one kind of problem in an extract (the full list is in its Parquet file)."""

    extract = models.ForeignKey(Extract, on_delete=models.CASCADE, related_name="problem_examples")
    row = models.PositiveIntegerField(help_text="The row in the file (the header is row 1).")
    field = models.CharField(max_length=100)
    value = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=300)
    #: A warning does not stop the value being read (a value in the wrong case, say).
    is_warning = models.BooleanField(default=False)

    class Meta:
        ordering = ["field", "reason", "row"]
        indexes = [models.Index(fields=["extract", "field"])]

    def __str__(self) -> str:
        return f"Row {self.row}, {self.field}: {self.reason}"


class AgeBand(models.TextChoices):
    WORKING_AGE = "18 to 64", "18 to 64"
    OLDER = "65 and above", "65 and above"


class Population(OrganisationScopedModel):
    """The council's adult population by year and age band: the denominator of ASCOF 2B and 2C."""

    year = models.PositiveSmallIntegerField(help_text="The mid-year estimate's year, e.g. 2024 for mid-2024.")
    age_band = models.CharField(max_length=20, choices=AgeBand.choices)
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)
    #: Demo figures are illustrative, not an ONS estimate, and every page says so.
    is_illustrative = models.BooleanField(default=False)

    history = HistoricalRecords()
    audit_noun = "population figure"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["year", "age_band"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "age_band"], name="cld_one_population_per_band"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.age_band}: {self.population}"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the {record.year} population aged {record.age_band}")


class MeasureRun(OrganisationScopedModel):
    """One computation of the measures for one 12-month period, and what it was computed from.

    ``extracts`` lists every extract the engine read (``{"id", "sha256", "name", "synthetic"}``,
    oldest load first) and ``method_version`` the version of the method (:data:`ascent.cld.results.METHOD_VERSION`),
    so a run can be repeated exactly. ``fingerprint`` is the SHA-256 of the period, the method and
    the extracts: running the same data again finds this run rather than making another.
    """

    period_start = models.DateField()
    period_end = models.DateField()
    method_version = models.CharField(max_length=40)
    extracts = models.JSONField(default=list)
    fingerprint = models.CharField(max_length=64)
    ran_at = models.DateTimeField()
    #: The default rolling 12 months (the latest loaded); the other runs are the trend's.
    is_latest_period = models.BooleanField(default=False)
    #: Some population figure it used (for 2B and 2C) is illustrative, not an ONS estimate.
    population_is_illustrative = models.BooleanField(default=False)

    history = HistoricalRecords()
    audit_noun = "client-level data measures run"
    audit_organisation_path = "organisation"
    audit_exclude = {"fingerprint", "extracts"}
    audit_labels = {
        "is_latest_period": "latest period status",
        "method_version": "method version",
        "population_is_illustrative": "illustrative population status",
    }

    class Meta:
        ordering = ["-period_end", "-ran_at", "-id"]
        indexes = [models.Index(fields=["organisation", "period_end"]), models.Index(fields=["fingerprint"])]

    def __str__(self) -> str:
        return f"Measures for {self.period_start:%d %b %Y} to {self.period_end:%d %b %Y}"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        end = record.period_end
        when = f" for the 12 months to {end.day} {end:%B %Y}" if hasattr(end, "strftime") else ""
        return Phrase(f"the client-level data measures{when}")


class MeasureResult(models.Model):
    """One figure of a run: a measure for one group (of the method's own, or of a breakdown).

    ``breakdown`` is empty for the method's own groups ("18 to 64", "Total" …) and names the
    inequality breakdown otherwise ("age band", "sex", "ethnicity group", "primary support
    reason"). A suppressed figure (a small number) has no numerator, denominator or outcome.
    ``ci_low`` and ``ci_high`` are the Wilson 95% interval, in per cent, of proportion measures.
    Results never change once stored (a different result is a new run); their history only
    records their creation.
    """

    run = models.ForeignKey(MeasureRun, on_delete=models.CASCADE, related_name="results")
    measure = models.CharField(max_length=60)
    breakdown = models.CharField(max_length=60, blank=True)
    group = models.CharField(max_length=200)
    numerator = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    #: 1 decimal place for the ASCOF measures; money (local cost measures) to the penny.
    outcome = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    ci_low = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    ci_high = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    suppressed = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "measure", "breakdown", "id"]
        indexes = [models.Index(fields=["run", "measure"])]

    def __str__(self) -> str:
        return f"{self.measure}, {self.group}: {self.outcome}"
