"""The full list of a file's errors, as a CSV file the person can download.

Only the first errors are kept on the import run (``ASCENT_IMPORT_STORED_ERRORS``); every
error goes into this file, written once when the file is checked, a row at a time, through
the documents kernel's CSV writer (which keeps a value such as ``=HYPERLINK(...)`` from the
uploaded file from becoming a formula in the person's spreadsheet).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING, TextIO

from ascent.documents.tabular import write_csv

if TYPE_CHECKING:
    from .engine import RowError

HEADINGS = ("Row", "Column", "Value", "Problem")


def error_rows(errors: Iterable[RowError]) -> Iterable[tuple]:
    """The headings, then one row for each error, as they come."""
    return chain([HEADINGS], ((error.row, error.column, error.value, error.reason) for error in errors))


def write_errors_csv(errors: Iterable[RowError], stream: TextIO) -> None:
    """Write the errors to ``stream`` (opened with ``newline=""``)."""
    write_csv(stream, error_rows(errors))
