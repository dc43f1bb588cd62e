"""Matching a file's headings to a schema's columns, and picking the mapped cells out of each row."""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter

from ..reading import Table
from .schema import Column, RowError, Schema, SourceRow


def normalise_heading(text: str) -> str:
    """A heading reduced for matching: lower case, letters and digits only ("GSS_code" → "gsscode")."""
    return re.sub(r"[^0-9a-z]", "", (text or "").casefold())


_UNIT_DECORATION = re.compile(r"\([^)]*\)|\[[^\]]*\]|£\s*'?0{3}s?|£\s*[km]\b|£|%|\bper cent\b")


def auto_map(schema: Schema, headers: Sequence[str]) -> dict[str, str]:
    """Match headings to the schema's columns by name, label or alias, ignoring case and punctuation.

    A heading that does not match as written is tried again without units and notes in
    brackets, so "Net expenditure £000" and "Value (%)" are recognised.
    """
    exact = [normalise_heading(header) for header in headers]
    loose = [normalise_heading(_UNIT_DECORATION.sub(" ", header)) for header in headers]
    taken: set[int] = set()
    mapping: dict[str, str] = {}
    for normalised in (exact, loose):
        for column in schema.columns:
            if column.name in mapping:
                continue
            for candidate in (column.name, column.label, *column.aliases):
                wanted = normalise_heading(candidate)
                index = next((i for i, n in enumerate(normalised) if n == wanted and i not in taken), None)
                if index is not None:
                    taken.add(index)
                    mapping[column.name] = headers[index]
                    break
    return mapping


def column_required(schema: Schema, column: Column, *, organisation_scoped: bool) -> bool:
    """Whether a column must be mapped. In an organisation's space its own organisation column need not be."""
    if organisation_scoped and column.name == schema.organisation_column:
        return False
    return column.required


def mapping_problems(
    schema: Schema, mapping: dict[str, str], headers: Sequence[str], *, organisation_scoped: bool
) -> dict[str, str]:
    """What is wrong with a mapping, by column name: a required column missing, a heading used twice."""
    problems: dict[str, str] = {}
    used: dict[str, str] = {}
    for column in schema.columns:
        heading = mapping.get(column.name) or ""
        if heading and heading not in headers:
            problems[column.name] = f"The file has no column called “{heading}”"
        elif not heading:
            if column_required(schema, column, organisation_scoped=organisation_scoped):
                problems[column.name] = f"Select the column that holds the {column.label[0].lower()}{column.label[1:]}"
        elif heading in used:
            problems[column.name] = f"“{heading}” is already chosen for {used[heading]}: choose a different column"
        else:
            used[heading] = column.label
    return problems


def column_headings(schema: Schema, mapping: dict[str, str]) -> dict[str, str]:
    """How to name each column in an error: the file's heading when mapped, else our label."""
    return {column.name: mapping.get(column.name) or column.label for column in schema.columns}


def map_rows(
    schema: Schema, table: Table, mapping: dict[str, str], *, default_organisation: str = ""
) -> tuple[list[SourceRow], list[RowError]]:
    """The table's rows as :class:`SourceRow` objects, and the errors found while reading cells.

    A row with a reading problem (a formula with no saved value, an Excel error) in a mapped
    column is reported here and not passed to the schema. Rows whose mapped cells are all
    blank are skipped. ``default_organisation`` fills an unmapped organisation column.
    """
    index = {header: i for i, header in enumerate(table.headers)}
    names = {column.name for column in schema.columns}
    columns = [(name, index[heading]) for name, heading in mapping.items() if heading in index and name in names]
    defaults = {}
    if default_organisation and schema.organisation_column and schema.organisation_column not in mapping:
        defaults[schema.organisation_column] = default_organisation
    headings = column_headings(schema, mapping)
    rows: list[SourceRow] = []
    errors: list[RowError] = []
    if not columns:
        return rows, errors
    keys = [name for name, _ in columns]
    getter = itemgetter(*(i for _, i in columns))
    single = len(columns) == 1
    append = rows.append
    for row in table.rows:
        picked = getter(row.cells)
        if single:
            picked = (picked,)
        if row.problems:
            bad = [(name, row.problems[i]) for name, i in columns if i in row.problems]
            if bad:
                shown = dict(zip(keys, picked, strict=True))
                errors.extend(RowError(row.number, headings[name], shown[name], reason) for name, reason in bad)
                continue
        if not any(picked):
            continue
        values = dict(zip(keys, picked, strict=True))
        if defaults:
            values.update(defaults)
        append(SourceRow(row.number, values))
    return rows, errors
