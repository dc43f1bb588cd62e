"""Spending: expenditure by service line and financial year, to read beside performance."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from ascent.core.models import OrganisationScoped
from ascent.core.periods import financial_year_label

from .summary import format_amount


class ExpenditureLine(OrganisationScoped):
    """The amount spent (or budgeted, or forecast) on one service line in one financial year."""

    class Basis(models.TextChoices):
        ACTUAL = "actual", "Actual"
        BUDGET = "budget", "Budget"
        FORECAST = "forecast", "Forecast"

    class Measure(models.TextChoices):
        NET = "net", "Net of client contributions"
        GROSS = "gross", "Gross"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    service_line = models.CharField(max_length=120, help_text="For example Adults, Reablement, CYAD")
    financial_year = models.PositiveSmallIntegerField(help_text="The calendar year it starts in: 2019 for 2019-20")
    amount = models.DecimalField("amount (£)", max_digits=16, decimal_places=2)
    basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.ACTUAL)
    measure = models.CharField(max_length=10, choices=Measure.choices, default=Measure.NET)
    is_illustrative = models.BooleanField(default=False)
    #: The import that last wrote it. Not enforced by a database constraint, for speed: see
    #: ascent.imports.models.ImportRun (Django still clears it when a run is deleted).
    import_run = models.ForeignKey(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_noun = "spending line"
    audit_labels = {"amount": "amount", "is_illustrative": "illustrative (made-up) status", "import_run": "import"}
    audit_display = {
        "financial_year": lambda year, row: financial_year_label(year),
        "amount": lambda amount, row: format_amount(amount),
    }

    class Meta:
        ordering = ["organisation", "financial_year", "service_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_line", "financial_year", "basis", "measure"],
                name="one_expenditure_line_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_line} {self.financial_year}: £{self.amount}"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return f"{record.service_line}, {financial_year_label(record.financial_year)}"
