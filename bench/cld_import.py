"""Checking and keeping a million-row CLD extract, beside a bare copy of the same rows.

    .venv/bin/python bench/cld_import.py [--people N] [--json PATH] [--no-fail]

The extract is a synthetic one (``ascent.cld.synthetic``, seed 7, 1% errors, 0.5% duplicates;
800,000 people laid out give about a million rows), made once and kept under bench/results/.
Each line runs in a fresh Python process, so one's memory cannot hide in another's, and gives
the wall time and the process's peak resident memory (VmHWM in /proc/self/status), which
includes DuckDB's:

- **the check and keep**: what ``manage.py cld_import`` does to the file apart from the few
  database rows: the file's SHA-256 (``loading.sha256_beside``, in a thread beside the check, as
  the loader does), ``validation.check_file`` (the file read once with DuckDB's CSV reader, every
  check as SQL, the summary, the usable verdicts, the examples) and writing the rows and problems
  as Parquet (``loading._write_parquet``);
- **the floor**: DuckDB copying the same file, every cell as text, straight to Parquet.

Budgets (issue 14): the check and keep at 250,000 rows a second or more, within 2 GB of peak
memory. The time is reported beside the floor; DuckDB's memory limit is
``ASCENT_CLD_MEMORY_LIMIT`` (1 GB by default).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
MEMORY_BUDGET_MB = 2048
ROWS_PER_SECOND_BUDGET = 250_000
SEED = 7


def _extract(people: int) -> Path:
    return RESULTS_DIR / f"cld-synthetic-{people}-seed{SEED}.csv"


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascent.settings")
    os.environ.setdefault("ASCENT_ENV", "test")
    import django

    django.setup()


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _make(people: int) -> None:
    _setup_django()
    from datetime import date

    from ascent.cld import synthetic

    path = _extract(people)
    if path.exists():
        return
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    options = synthetic.Options(
        gss_code="E09000015",
        people=people,
        years=1,
        seed=SEED,
        error_rate=0.01,
        duplicate_rate=0.005,
        end=date(2026, 9, 30),
    )
    partial = path.with_suffix(".partial")
    synthetic.write(options, partial)
    partial.rename(path)


def _run(line: str, people: int) -> dict:
    """One line, in this (fresh) process."""
    _setup_django()
    from ascent.cld import duck, loading, validation

    path = _extract(people)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        con = duck.connect()
        started = time.perf_counter()
        if line == "floor":
            con.execute(
                "copy (select * from read_csv($source, header = true, all_varchar = true, delim = ',', quote = '\"',"
                " escape = '\"')) to $target (format parquet, compression zstd)",
                {"source": str(path), "target": str(out / "floor.parquet")},
            )
            rows = con.execute("select count(*) from read_parquet(?)", [str(out / "floor.parquet")]).fetchone()[0]
            problems = 0
        else:
            digest = loading.sha256_beside(path)
            report = validation.check_file(con, path, kind="csv")
            list(validation.examples(con))
            digest.result()
            loading._write_parquet(con, out / "extract.parquet", out / "problems.parquet", 1)
            rows, problems = report.rows, report.problem_count
        seconds = time.perf_counter() - started
    peak = round(_peak_mb())
    return {"line": line, "rows": rows, "problems": problems, "seconds": round(seconds, 2), "peak_mb": peak}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=800_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-fail", action="store_true")
    parser.add_argument("--line", help=argparse.SUPPRESS)
    parser.add_argument("--make", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.make:
        _make(args.people)
        return 0
    if args.line:
        print(json.dumps(_run(args.line, args.people)))
        return 0
    result = measure(args.people)
    print("\n".join(report_lines(result)))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if result["passed"] or args.no_fail else 1


def measure(people: int = 800_000, log=None) -> dict:
    """Make the extract once, then time the floor and the check, each in a fresh process."""
    (log or (lambda message: print(message, file=sys.stderr, flush=True)))("  making the synthetic extract (once) ...")
    subprocess.run([sys.executable, __file__, "--make", "--people", str(people)], check=True, cwd=ROOT)
    results = []
    for line in ("floor", "check"):
        done = subprocess.run(
            [sys.executable, __file__, "--line", line, "--people", str(people)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            done.check_returncode()
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    floor, check = results
    rate = check["rows"] / check["seconds"] if check["seconds"] else 0
    problems = []
    if check["peak_mb"] >= MEMORY_BUDGET_MB:
        problems.append(f"peak {check['peak_mb']:,} MB")
    if rate < ROWS_PER_SECOND_BUDGET:
        problems.append(f"{rate:,.0f} rows a second")
    return {
        "name": "A million-row CLD extract checked and kept",
        "size_mb": round(_extract(people).stat().st_size / 1024 / 1024),
        "load": round(os.getloadavg()[0], 1),
        "floor": floor,
        "check": check,
        "memory_budget_mb": MEMORY_BUDGET_MB,
        "rows_per_second_budget": ROWS_PER_SECOND_BUDGET,
        "rows_per_second": round(rate),
        "passed": not problems,
        "problems": problems,
    }


def report_lines(result: dict) -> list[str]:
    floor, check = result["floor"], result["check"]
    ratio = check["seconds"] / floor["seconds"] if floor["seconds"] else 0
    label = f"Check and keep ({check['problems']:,} problems)"

    def rate(line: dict) -> str:
        return f"{line['rows'] / line['seconds']:,.0f}" if line["seconds"] else "-"

    memory_ok = check["peak_mb"] < result["memory_budget_mb"]
    speed_ok = check["rows"] / check["seconds"] >= result["rows_per_second_budget"] if check["seconds"] else False
    return [
        f"A synthetic CLD extract: {check['rows']:,} rows, {result['size_mb']:,} MB of CSV;"
        f" load average {result['load']:.1f} (bench/cld_import.py)",
        f"{'Line':<44}{'Seconds':>9}{'Rows/s':>10}{'Peak MB':>9}{'× floor':>9}",
        f"{'Floor: DuckDB copies the file to Parquet':<44}{floor['seconds']:>9.1f}{rate(floor):>10}"
        f"{floor['peak_mb']:>9,}{1.0:>9.1f}",
        f"{label:<44}{check['seconds']:>9.1f}{rate(check):>10}{check['peak_mb']:>9,}{ratio:>9.1f}",
        f"Budget {result['rows_per_second_budget']:,} rows/s: {'PASS' if speed_ok else 'FAIL'};"
        f" peak memory budget {result['memory_budget_mb']:,} MB: {'PASS' if memory_ok else 'FAIL'}",
    ]


if __name__ == "__main__":
    raise SystemExit(main())
