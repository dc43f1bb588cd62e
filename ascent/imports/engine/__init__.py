"""The tabular import engine: map a file's columns, check every row, commit all or nothing.

A **schema** says what one kind of import holds (its columns) and how its rows become
records; apps declare their kinds on their AppConfig (``ascent.core.registry``: kind → dotted
path of the schema class), so this app knows nothing of the apps above it. A schema follows the
:class:`Schema` protocol; most are a :class:`ModelSchema`, which does the shared work for a
model with a natural key (duplicates, new / revised / unchanged, history, rollback).

The flow, on the web and from the command line alike:

1. :func:`~ascent.imports.reading.read_table` reads the file into rows of cell text.
2. :func:`auto_map` matches the file's headings to the schema's columns (the person can
   change the match on the web); :func:`mapping_problems` says what is missing.
3. :func:`check_table` maps every row and asks the schema to validate them all, collecting
   every error with its row number, column, value and reason.
4. :func:`commit_run` re-checks and writes inside one transaction: any error, nothing is
   saved. Importing the same file again changes nothing (rows are "unchanged"); a changed
   figure revises the existing row, keeping the earlier value in its history and in an
   :class:`~ascent.imports.models.ImportChange`, so that :func:`rollback_run` can undo the
   run exactly. A rollback never undoes later work: rows changed since (by hand or by a
   later import) or protected by other records make it refuse with
   :class:`RollbackBlocked`, listing them, unless the person chooses to keep them.

Speed: a schema does dictionary look-ups per row; organisations, indicators and existing
rows are loaded in a few queries; rows are written in batches of :data:`BATCH_SIZE`.

The engine is a package, one module per concern; each imports only those listed above it:

- :mod:`.schema`: what a kind declares and gives back (columns, rows, records, errors), the
  :class:`Schema` protocol and :func:`get_schema`.
- :mod:`.cells`: reading one cell's text as a number, an amount, a choice, a period or an
  organisation.
- :mod:`.mapping`: matching headings to columns, and picking the mapped cells out of rows.
- :mod:`.checking`: :func:`check_table` and its :class:`CheckResult`.
- :mod:`.writing`: batched SQL for many rows, and SQLite's page cache while writing.
- :mod:`.rollback`: finding rows changed since an import, and what refers to its rows.
- :mod:`.model_schema`: :class:`ModelSchema`, the usual schema.
- :mod:`.runs`: import runs from upload to rollback, and :func:`import_file`.

Callers import from ``ascent.imports.engine`` itself, never from these modules.
"""

# A name imported "as" itself is re-exported although not in __all__: the schemas, views or tests use it.
from .cells import SUPPRESSED as SUPPRESSED
from .cells import SUPPRESSION_MARKERS as SUPPRESSION_MARKERS
from .cells import CellError, Organisations, PeriodReader, RowReader, read_choice, read_money, read_number
from .cells import organisations_for as organisations_for
from .cells import plain_number as plain_number
from .cells import show_number as show_number
from .cells import with_note as with_note
from .checking import CheckResult, check_table
from .mapping import auto_map, map_rows, mapping_problems, normalise_heading
from .mapping import column_required as column_required
from .model_schema import ModelSchema
from .rollback import KeptRow, RollbackBlocked, RollbackOutcome
from .runs import PREVIEW_ROWS as PREVIEW_ROWS
from .runs import (
    background_rows,
    check_rollback,
    check_run,
    commit_run,
    import_file,
    max_file_bytes,
    max_rows,
    preview_run,
    read_run_file,
    rollback_in_background,
    rollback_run,
    run_mapping,
    run_options,
    runs_in_background,
    start_run,
    stored_errors,
)
from .runs import set_run_mapping as set_run_mapping
from .schema import ORGANISATION_COLUMN as ORGANISATION_COLUMN
from .schema import (
    Column,
    Counts,
    ImportRefused,
    Option,
    Record,
    RowError,
    Schema,
    SourceRow,
    get_schema,
    own_page,
    schema_kinds,
)
from .writing import BATCH_SIZE
from .writing import _TableWriter as _TableWriter

__all__ = [
    "BATCH_SIZE",
    "CellError",
    "CheckResult",
    "Column",
    "Counts",
    "ImportRefused",
    "ModelSchema",
    "Option",
    "Organisations",
    "PeriodReader",
    "Record",
    "KeptRow",
    "RollbackBlocked",
    "RollbackOutcome",
    "RowError",
    "RowReader",
    "Schema",
    "SourceRow",
    "auto_map",
    "background_rows",
    "check_run",
    "check_table",
    "check_rollback",
    "commit_run",
    "get_schema",
    "own_page",
    "import_file",
    "map_rows",
    "mapping_problems",
    "max_file_bytes",
    "max_rows",
    "normalise_heading",
    "preview_run",
    "read_choice",
    "read_money",
    "read_number",
    "read_run_file",
    "rollback_in_background",
    "rollback_run",
    "run_mapping",
    "run_options",
    "runs_in_background",
    "schema_kinds",
    "start_run",
    "stored_errors",
]
