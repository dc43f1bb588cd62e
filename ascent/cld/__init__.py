"""Client-level data (issue 14): a council's CLD extracts, kept privately as Parquet and read with
DuckDB, turned into the ASCOF measures 2A, 2B, 2C, 2E and 3D and local activity figures.

Being built in steps. :mod:`~ascent.cld.duck` opens DuckDB (with the signed Excel reader);
:mod:`~ascent.cld.codes` holds the code lists; :mod:`~ascent.cld.engine` and ``sql/`` the
method of the reference's §6–13; :mod:`~ascent.cld.synthetic` makes believable extracts.
"""
