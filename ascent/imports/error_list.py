"""The full list of a file's errors, as a CSV file the person can download.

Only the first errors are kept on the import run (``ASCENT_IMPORT_STORED_ERRORS``); every
error goes into this file, written once when the file is checked. :func:`write_errors_csv`
is the one place that writes it, so that it can move to the documents kernel's writer.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .engine import RowError

HEADINGS = ("Row", "Column", "Value", "Problem")
#: A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    # A value from the uploaded file is shown as typed, never run: a leading quote makes
    # Excel and LibreOffice read the cell as text.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_errors_csv(errors: Iterable[RowError], stream: TextIO) -> None:
    """Write the errors to ``stream`` (opened with ``newline=""``), one row each, as they come."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for error in errors:
        row = "" if error.row is None else str(error.row)
        writer.writerow((row, _safe(error.column), _safe(error.value), _safe(error.reason)))
