"""Uploads that could exhaust the server: time and peak memory of checking each.

    .venv/bin/python bench/uploads.py [--json PATH]

Each file is checked in a fresh Python process (so that one's memory cannot hide in
another's), as the web does it: the upload form's read of the headings and first rows, then
the check (``check_run``: the whole file read, every row checked, the result and the full
error list stored). Peak memory is the process's high-water resident set (VmHWM in
/proc/self/status) less its size before the file was read. The database is a small SQLite
file of its own under bench/results/ (one council, one indicator): the checks need no more.

The files, made here and small on disk:

- 8,000 and 40,000 identical rows of indicator values (CSV): duplicates, reported once;
- a workbook of 20 million cells (1,000,000 rows of 20 numbers) and one of 3 million rows,
  zip bombs of under 2 MB;
- 100,000 distinct valid rows, as CSV and as a workbook, to state the memory of a check per
  row (and so its bound at the row limit).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DATABASE = RESULTS_DIR / "uploads.sqlite3"

CASES = {
    "duplicates-8000": "8,000 identical rows (CSV)",
    "duplicates-40000": "40,000 identical rows (CSV)",
    "bomb-20m-cells": "20 million cells (XLSX bomb)",
    "bomb-3m-rows": "3 million rows (XLSX bomb)",
    "valid-100k-csv": "100,000 valid rows (CSV)",
    "valid-100k-xlsx": "100,000 valid rows (XLSX)",
}
GOOD = "E09000015,ASCOF-1C1A,2023-24,27.5,,,final\r\n"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HEADINGS = "organisation,indicator,period,value,numerator,denominator,status\r\n"


def _file(case: str) -> tuple[str, bytes]:
    sys.path.insert(0, str(ROOT))
    from tests.imports.helpers import xlsx_of_identical_rows

    if case.startswith("duplicates-"):
        return "figures.csv", (HEADINGS + GOOD * int(case.split("-")[1])).encode()
    if case == "bomb-20m-cells":
        return "figures.xlsx", xlsx_of_identical_rows(1_000_000, columns=20)
    if case == "bomb-3m-rows":
        return "figures.xlsx", xlsx_of_identical_rows(3_000_000)
    rows = [f"E09000015,BENCH-{n % 100:02d},{_period(n // 100)},{n % 100}.5,,,final\r\n" for n in range(100_000)]
    if case == "valid-100k-csv":
        return "figures.csv", (HEADINGS + "".join(rows)).encode()
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(HEADINGS.strip().split(","))
    for row in rows:
        cells = row.strip().split(",")
        sheet.append([cells[0], cells[1], cells[2], float(cells[3]), None, None, cells[6]])
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    return "figures.xlsx", buffer.getvalue()


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _period(n: int) -> str:
    # 1,000 months from January 1940 (each for 100 indicators: 100,000 distinct rows).
    year, month = divmod(n, 12)
    return f"{_MONTHS[month]} {1940 + year}"


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["ASCENT_ENV"] = "test"
    os.environ["MEDIA_ROOT"] = str(RESULTS_DIR / "uploads-media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ascent.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _prepare() -> None:
    """Create the small database: migrations, Harrow and the one indicator the files name."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.factories import OrganisationFactory
    from tests.imports.conftest import make_indicator

    OrganisationFactory(gss_code="E09000015", name="Harrow")
    make_indicator("ASCOF-1C1A")
    for n in range(100):
        make_indicator(f"BENCH-{n:02d}")


def _measure(case: str) -> dict:
    """Run in a fresh process: make the file, then time and measure its check."""
    _setup_django()
    name, data = _file(case)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ascent.imports import engine
    from ascent.imports.forms import UploadForm
    from ascent.organisations.models import Organisation

    harrow = Organisation.objects.get(gss_code="E09000015")
    before = _rss_kb("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    outcome = ""
    form = UploadForm(files={"file": SimpleUploadedFile(name, data)}, data={})
    upload_seconds = None
    if not form.is_valid():
        outcome = "refused at upload: " + " ".join(form.errors["file"])
    else:
        upload_seconds = time.perf_counter() - started
        run = engine.start_run(
            kind="observations", data=data, file_name=name, table=form.table, organisation=harrow, user=None
        )
        try:
            result = engine.check_run(run, user=None)
        except engine.ImportRefused as error:
            outcome = f"refused at check: {error}"
        else:
            run.refresh_from_db()
            outcome = f"{result.summary()}; errors: {run.error_count:,}"
            stored = len(json.dumps(run.errors)) + len(json.dumps(run.error_summary))
            outcome += f"; stored report {stored:,} bytes"
            if run.errors_file:
                outcome += f", full list {run.errors_file.size:,} bytes"
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return {
        "case": case,
        "file": CASES[case],
        "file_bytes": len(data),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "upload_seconds": round(upload_seconds, 2) if upload_seconds is not None else None,
        "peak_mb": round((_rss_kb("VmHWM") - before) / 1024, 1),
        "outcome": outcome,
    }


def measure_uploads(log=print) -> list[dict]:
    """Every case, each in its own process; the hook bench/run.py calls."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    subprocess.run([sys.executable, __file__, "--prepare"], check=True, env=env, cwd=ROOT)
    results = []
    for case in CASES:
        log(f"  {CASES[case]}")
        done = subprocess.run(
            [sys.executable, __file__, "--case", case], check=True, env=env, cwd=ROOT, capture_output=True, text=True
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def uploads_table(results: list[dict]) -> str:
    head = f"{'Upload checked':<30} {'File KB':>8} {'Upload s':>8} {'Seconds':>8} {'CPU s':>6} {'Peak MB':>8}  Outcome"
    rows = [head, "-" * len(head)]
    rows.extend(
        f"{r['file']:<30} {r['file_bytes'] / 1024:>8,.0f} {_seconds(r['upload_seconds']):>8} {r['seconds']:>8,.2f} "
        f"{r['cpu_seconds']:>6,.2f} "
        f"{r['peak_mb']:>8,.1f}  {r['outcome']}"
        for r in results
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.prepare:
        _prepare()
        return 0
    if args.case:
        print(json.dumps(_measure(args.case)))
        return 0
    results = measure_uploads(lambda message: print(message, file=sys.stderr, flush=True))
    print(uploads_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
