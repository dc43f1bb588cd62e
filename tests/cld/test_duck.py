"""DuckDB opens in memory with the signed Excel reader and a memory limit."""

from __future__ import annotations

import openpyxl
import pytest

from ascent.cld import duck


def test_the_excel_reader_loads_signed_and_reads_every_cell_as_text(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Event Type", "Unit Cost"])
    sheet.append(["Service", 12.5])
    sheet.append(["Request", None])
    path = tmp_path / "extract.xlsx"
    book.save(path)

    con = duck.connect(excel=True)

    assert con.execute("select current_setting('allow_unsigned_extensions')").fetchone() == (False,)
    rows = con.execute("select * from read_xlsx(?, all_varchar = true)", [str(path)]).fetchall()
    assert rows == [("Service", "12.5"), ("Request", None)]


def test_the_memory_limit_comes_from_the_settings(settings):
    settings.ASCENT_CLD_MEMORY_LIMIT = "256MB"
    con = duck.connect()
    limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
    assert limit in {"256.0 MiB", "244.1 MiB"}  # DuckDB reports it in MiB


def test_an_unsigned_extension_is_refused(tmp_path):
    fake = tmp_path / "fake.duckdb_extension"
    fake.write_bytes(b"not an extension")
    con = duck.connect()
    with pytest.raises(Exception, match="(?i)signature|not a valid|invalid"):
        con.execute(f"LOAD '{fake}'")
