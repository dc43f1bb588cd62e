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
    #: Likely slips in rows that are allowed (a proportion among percentages, a future period):
    #: they do not stop an import, but the person must confirm them before it is made.
    warnings: list[RowError] = field(default_factory=list)

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
    consume: bool = False,
) -> CheckResult:
    """Map and validate every row of a table. Errors name the file's own column headings.

    ``consume`` empties the table's rows once they are mapped, so that the file's rows are not
    held twice (as read, and as mapped) while the schema checks them.
    """
    rows, errors = map_rows(
        schema, table, mapping, default_organisation=organisation.gss_code if organisation is not None else ""
    )
    if consume:
        table.rows.clear()
    records, schema_errors = schema.validate(rows, organisation=organisation, user=user, options=options or {})
    warn = getattr(schema, "warn", None)
    schema_warnings = warn(records) if warn is not None else []
    headings = column_headings(schema, mapping)
    rows_read = len(rows) + len({error.row for error in errors})

    def in_file_terms(error: RowError) -> RowError:
        column = ", ".join(headings.get(name, name) for name in error.column.split(","))
        # A kind names its column too ("due_date: not a real date"): by the file's heading.
        kind = error.kind
        if kind.startswith(f"{error.column}: "):
            kind = f"{column}: {kind.removeprefix(f'{error.column}: ')}"
        return replace(error, column=column, kind=kind)

    errors.extend(in_file_terms(error) for error in schema_errors)
    errors.sort(key=lambda error: error.row or 0)
    warnings = sorted((in_file_terms(warning) for warning in schema_warnings), key=lambda warning: warning.row or 0)
    return CheckResult(rows_read=rows_read, records=records, errors=errors, warnings=warnings)
