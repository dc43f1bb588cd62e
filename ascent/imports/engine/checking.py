"""Checking a whole table: map every row, let the schema validate them, gather every error."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from ascent.organisations.models import Organisation

from ..reading import Table
from .mapping import column_headings, map_rows
from .schema import NEW, REVISED, UNCHANGED, Counts, Record, RowError, Schema


@dataclass
class CheckResult:
    rows_read: int
    records: list[Record] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @cached_property
    def counts(self) -> Counts:
        tally = {NEW: 0, REVISED: 0, UNCHANGED: 0}
        for record in self.records:
            tally[record.action] += 1
        return Counts(self.rows_read, tally[NEW], tally[REVISED], tally[UNCHANGED])

    def summary(self) -> str:
        counts = self.counts
        rows = "row" if counts.read == 1 else "rows"
        return (
            f"Read {counts.read:,} {rows}: {counts.created:,} new, {counts.revised:,} revised, "
            f"{counts.unchanged:,} unchanged"
        )


def check_table(
    schema: Schema,
    table: Table,
    mapping: dict[str, str],
    *,
    organisation: Organisation | None = None,
    user=None,
    options: dict | None = None,
) -> CheckResult:
    """Map and validate every row of a table. Errors name the file's own column headings."""
    rows, errors = map_rows(
        schema, table, mapping, default_organisation=organisation.gss_code if organisation is not None else ""
    )
    records, schema_errors = schema.validate(rows, organisation=organisation, user=user, options=options or {})
    headings = column_headings(schema, mapping)
    rows_read = len(rows) + len({error.row for error in errors})
    errors.extend(
        replace(error, column=", ".join(headings.get(name, name) for name in error.column.split(",")))
        for error in schema_errors
    )
    errors.sort(key=lambda error: error.row or 0)
    return CheckResult(rows_read=rows_read, records=records, errors=errors)
