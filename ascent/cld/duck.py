"""Opening DuckDB: in memory, with a bounded memory limit, and the Excel reader loaded.

The Excel reader is DuckDB's own ``excel`` extension. This machine reaches PyPI but not
DuckDB's extension repository, so it comes from the ``duckdb-extension-excel`` package, pinned
to the same version as duckdb. DuckDB checks an extension's signature when loading it and
refuses unsigned ones (``allow_unsigned_extensions`` stays off), so what is loaded is the
binary DuckDB signed, whoever packaged it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from django.conf import settings


def excel_extension_path() -> Path:
    """The signed excel extension for the installed duckdb version."""
    import duckdb_extension_excel

    folder = Path(duckdb_extension_excel.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    return folder / "excel.duckdb_extension"


def connect(*, excel: bool = False, memory_limit: str | None = None, threads: int | None = None):
    """A new in-memory DuckDB connection.

    ``memory_limit`` defaults to ``ASCENT_CLD_MEMORY_LIMIT`` (DuckDB spills to a temporary folder
    beyond it, so a large extract never holds more than this in memory); ``excel`` loads the
    Excel reader (``read_xlsx``).
    """
    config = {
        "memory_limit": memory_limit or getattr(settings, "ASCENT_CLD_MEMORY_LIMIT", "1GB"),
        "threads": threads or getattr(settings, "ASCENT_CLD_THREADS", 2),
        "allow_unsigned_extensions": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    con = duckdb.connect(":memory:", config=config)
    if excel:
        con.execute(f"LOAD '{excel_extension_path()}'")
    return con
