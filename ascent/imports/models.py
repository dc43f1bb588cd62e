"""A record of every tabular import: who loaded which file, what it changed, and how to undo it.

The import engine (``ascent.imports.engine``) reads CSV and Excel files, checks every row,
and commits all of a file or none of it. Each commit writes an :class:`ImportRun` and, for
every row it created or revised, an :class:`ImportChange` holding the values it replaced,
so that the run can be rolled back exactly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ascent.core.models import OrganisationScoped


class ImportRun(OrganisationScoped):
    """One file uploaded for import, and what importing it did.

    The references to a run from the rows it writes (``import_run`` on imported models, and
    ``ImportChange.run``) have no database constraint (``db_constraint=False``). Only the
    engine writes them, in the transaction that made and locked the run, so they cannot
    point at a run that does not exist; and a run is deleted only through Django, which
    clears or deletes them as ``on_delete`` says. Enforced, PostgreSQL checked each of them
    (about 730,000 for a national file) by locking the same run row again and again, which
    cost about a quarter of a national import (see bench/README.md).
    """

    class Kind(models.TextChoices):
        OBSERVATIONS = "observations", "Indicator values"
        EXPENDITURE = "expenditure", "Expenditure"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        VALIDATED = "validated", "Checked"
        INVALID = "invalid", "Has errors"
        COMMITTED = "committed", "Imported"
        ROLLED_BACK = "rolled_back", "Rolled back"

    #: Null for a national import run from the command line, which may span organisations.
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="import_runs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField("file fingerprint (SHA-256)", max_length=64)
    sheet_name = models.CharField(max_length=100, blank=True)
    mapping = models.JSONField(default=dict, blank=True, help_text="Our column name → the file's column heading")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_revised = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="The first errors found: row, column, value, reason")
    error_summary = models.JSONField(
        default=list, blank=True, help_text="How many errors of each kind: [kind, count] pairs, the commonest first"
    )
    warning_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="The first likely slips found (allowed, but confirmed before importing): row, column, value, reason",
    )
    warning_summary = models.JSONField(
        default=list, blank=True, help_text="How many warnings of each kind: [kind, count] pairs, the commonest first"
    )
    errors_file = models.FileField(
        upload_to="imports/errors/%Y/%m/", blank=True, help_text="Every error found, as a CSV file"
    )
    #: The background job checking or importing the file, while one does (the latest one after).
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    committed_at = models.DateTimeField(null=True, blank=True)
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    #: Bookkeeping the service keeps for itself: a version changing only these is not history.
    HISTORY_EXCLUDED = ("errors", "mapping", "error_summary", "errors_file", "job", "warnings", "warning_summary")
    history = HistoricalRecords(excluded_fields=list(HISTORY_EXCLUDED))
    audit_organisation_path = "organisation"
    audit_noun = "import"
    #: The stored file's path and fingerprint are for the service; who uploaded or rolled back
    #: a file, and when it was imported, are the entry's own who and when.
    audit_exclude = {"file", "file_sha256", "created_by", "committed_at", "rolled_back_at", "rolled_back_by"}
    audit_labels = {"sheet_name": "worksheet", "file_name": "file name"}
    #: A change of status is what a person did to the file: it reads as that, with the counts.
    audit_events = {
        "status": {
            Status.UPLOADED: ("Uploaded a file", "Uploaded {summary}, not yet checked"),
            Status.VALIDATED: ("Checked a file", "Checked {summary}: {rows_read} rows, no errors"),
            Status.INVALID: ("Checked a file", "Checked {summary}: {error_count} errors in {rows_read} rows"),
            Status.COMMITTED: (
                "Imported a file",
                "Imported {summary}: {rows_created} new, {rows_revised} revised and {rows_unchanged} unchanged rows",
            ),
            Status.ROLLED_BACK: ("Rolled back an import", "Rolled back the import of {summary}"),
        }
    }

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.file_name}"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return record.file_name

    @classmethod
    def from_db(cls, db, field_names, values):
        run = super().from_db(db, field_names, values)
        run._history_snapshot = run._history_values()
        return run

    def _history_values(self) -> tuple:
        return tuple(
            self.__dict__.get(f.attname) for f in self._meta.concrete_fields if f.name not in self.HISTORY_EXCLUDED
        )

    def save(self, *args, **kwargs):
        """Save, writing a history row only if a field the history keeps has changed.

        Choosing columns or saving a check's error list changes only bookkeeping the history
        leaves out, and would otherwise add an entry to the Activity page that says nothing.
        """
        values = self._history_values()
        if self.pk is not None and getattr(self, "_history_snapshot", None) == values:
            self.skip_history_when_saving = True
        try:
            super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("skip_history_when_saving", None)
        self._history_snapshot = self._history_values()


class ImportChange(models.Model):
    """One row an import created or revised, with the values it replaced (for rollback)."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes", db_constraint=False)
    model = models.CharField(max_length=100, help_text="app_label.ModelName of the changed record")
    object_id = models.BigIntegerField()
    created = models.BooleanField(help_text="True if the import created the record; False if it revised it")
    previous = models.JSONField(null=True, blank=True, help_text="The field values the import replaced")
    kept = models.BooleanField(
        default=False,
        help_text="True if rolling the import back left this record as it was, because it had been changed since",
    )

    class Meta:
        indexes = [models.Index(fields=["run", "model"])]

    def __str__(self) -> str:
        return f"{'Created' if self.created else 'Revised'} {self.model} {self.object_id}"
