"""Ascent's benchmarks at national scale: server time and queries for the main pages.

Prepares (or reuses) the benchmark database from bench/generate.py, signs in as an admin of
Harrow (50 members) and times each page with Django's test client, in process, so the
figures are server time with no network. Each page is also requested as an admin of the
Isles of Scilly (5 members): a page must make the same number of queries for both.

    .venv/bin/python bench/run.py [--fresh] [--no-fail] [--iterations N] [--download-iterations N]

Prints a table and writes bench/results/latest.json. Exits 1 when a line fails its budget,
unless --no-fail. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    RESULTS_DIR,
    SMALL_COUNCIL,
    SMALL_COUNCIL_MEMBERS,
    BenchDatabaseError,
    configure,
    ensure_database,
)

COUNCIL = "E09000015"  # Harrow, 50 members
WARM_UPS = 3

#: Budgets for the 95th percentile of server time, in milliseconds.
PAGE_BUDGET_MS = 300
PDF_BUDGET_MS = 3000
DOCX_BUDGET_MS = 2000


@dataclass
class Line:
    """One measurement: a page (or download), or a step of report generation."""

    name: str
    target: str
    iterations: int
    budget_ms: float | None = None
    timings_ms: list[float] = field(default_factory=list)
    queries: int | None = None
    queries_small: int | None = None
    sql: list[str] = field(default_factory=list)
    sql_small: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.timings_ms, 95)

    @property
    def over_budget(self) -> bool:
        return self.budget_ms is not None and self.p95_ms > self.budget_ms

    @property
    def queries_differ(self) -> bool:
        """True when some query runs more often for the council with more data.

        That is a query per row. A page may run a different *set* of queries for another
        council (a kind of record only one council's page shows), which does not grow with
        data and is not a failure; the totals are still reported side by side.
        """
        if self.queries_small is None:
            return False
        big = Counter(shape(s) for s in self.sql)
        small = Counter(shape(s) for s in self.sql_small)
        return any(big[s] > max(small[s], 1) for s in big)

    @property
    def result(self) -> str:
        if self.budget_ms is None and self.queries_small is None:
            return "-"
        checks = [("time", self.over_budget), ("queries", self.queries_differ)]
        reasons = [reason for reason, failed in checks if failed]
        return f"FAIL: {', '.join(reasons)}" if reasons else "PASS"

    def as_json(self) -> dict:
        data = {
            "name": self.name,
            "target": self.target,
            "iterations": self.iterations,
            "median_ms": round(self.median_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "min_ms": round(min(self.timings_ms), 2),
            "max_ms": round(max(self.timings_ms), 2),
            "budget_p95_ms": self.budget_ms,
            "queries": self.queries,
            f"queries_{SMALL_COUNCIL_MEMBERS}_members": self.queries_small,
            "repeated_queries": repeated(self.sql),
            "result": self.result,
            "problems": self.problems,
        }
        if self.queries_differ:
            data["queries_that_differ"] = difference(self.sql, self.sql_small)
            data["sql"] = self.sql
            data[f"sql_{SMALL_COUNCIL_MEMBERS}_members"] = self.sql_small
        return data


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct% of values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


# --- queries ----------------------------------------------------------------------------

_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
_IN_LIST = re.compile(r"IN \((?:\?, )*\?\)")


def shape(sql: str) -> str:
    """A query with its values taken out, so that repeats of one query look the same."""
    return _IN_LIST.sub("IN (…)", _NUMBER.sub("?", _STRING.sub("?", sql)))


def repeated(sql: list[str]) -> list[dict]:
    """Queries of the same shape run more than once in a request: the sign of a query per row."""
    counts = Counter(shape(s) for s in sql)
    return [{"times": n, "sql": s[:300]} for s, n in counts.most_common() if n > 1]


def difference(sql: list[str], sql_small: list[str]) -> list[dict]:
    """Query shapes run a different number of times for the two councils, and why.

    A shape both councils run, but more often for one, repeats per row: the count grows with
    the data. A shape only one council runs comes from a different kind of record on its page.
    """
    big, small = Counter(shape(s) for s in sql), Counter(shape(s) for s in sql_small)
    return [
        {
            "times": big[s],
            f"times_{SMALL_COUNCIL_MEMBERS}_members": small[s],
            "cause": "repeats per row" if big[s] and small[s] else "a kind of record only one council's page shows",
            "sql": s[:300],
        }
        for s in sorted(set(big) | set(small), key=lambda s: -abs(big[s] - small[s]))
        if big[s] != small[s]
    ]


# --- measuring --------------------------------------------------------------------------


def request(client, path: str, check: Callable[[object], None], timings: list[float] | None = None):
    """GET the path and check the answer; with ``timings``, add the time the GET took (ms)."""
    started = time.perf_counter()
    response = client.get(path)
    if timings is not None:
        timings.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}, not 200: the benchmark cannot go on.")
    check(response)
    return response


def is_html(response) -> None:
    if not response["Content-Type"].startswith("text/html"):
        raise SystemExit(f"Expected a web page, got {response['Content-Type']}")


def starts_with(magic: bytes) -> Callable[[object], None]:
    def check(response) -> None:
        if not response.content.startswith(magic):
            raise SystemExit(f"The download does not start with {magic!r}")

    return check


def time_requests(line: Line, client, small_client, path: str, small_path: str, check) -> Line:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UPS):
        request(client, path, check)
    with CaptureQueriesContext(connection) as captured:
        request(client, path, check)
    line.sql = [q["sql"] for q in captured.captured_queries]
    line.queries = len(line.sql)

    request(small_client, small_path, check)
    with CaptureQueriesContext(connection) as captured:
        request(small_client, small_path, check)
    line.sql_small = [q["sql"] for q in captured.captured_queries]
    line.queries_small = len(line.sql_small)

    for _ in range(line.iterations):
        request(client, path, check, line.timings_ms)

    if line.over_budget:
        line.problems.append(f"p95 {line.p95_ms:,.0f} ms is over the budget of {line.budget_ms:,.0f} ms")
    if line.queries_differ:
        line.problems.append(
            f"{line.queries} queries for 50 members but {line.queries_small} for {SMALL_COUNCIL_MEMBERS}: "
            "a query repeats per row"
        )
    return line


def time_calls(line: Line, call: Callable[[], object]) -> Line:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()
    with CaptureQueriesContext(connection) as captured:
        call()
    line.sql = [q["sql"] for q in captured.captured_queries]
    line.queries = len(line.sql)
    for _ in range(line.iterations):
        started = time.perf_counter()
        call()
        line.timings_ms.append((time.perf_counter() - started) * 1000)
    return line


def admin_of(gss_code: str):
    from ascent.organisations.models import Membership, Organisation, Role

    organisation = Organisation.objects.get(gss_code=gss_code)
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN).select_related("user").order_by("pk")
    ).first()
    return organisation, membership.user


def measure_pages(iterations: int, download_iterations: int, log) -> list[Line]:
    from django.test import Client
    from django.urls import reverse

    _, user = admin_of(COUNCIL)
    _, small_user = admin_of(SMALL_COUNCIL)
    client, small_client = Client(), Client()
    client.force_login(user)
    small_client.force_login(small_user)

    def both(name: str, **kwargs) -> tuple[str, str]:
        return (
            reverse(name, kwargs={"gss_code": COUNCIL, **kwargs}),
            reverse(name, kwargs={"gss_code": SMALL_COUNCIL, **kwargs}),
        )

    pages = [
        ("Overview", both("organisations:overview")),
        ("Members (50)", both("organisations:members")),
        ("Activity, first page", both("organisations:activity")),
        ("Organisation profile (HTML)", both("reports:view", slug="profile")),
        ("Reports index", both("reports:index")),
    ]
    lines = []
    for name, (path, small_path) in pages:
        log(f"  {name} ...")
        line = Line(name, path, iterations, budget_ms=PAGE_BUDGET_MS)
        lines.append(time_requests(line, client, small_client, path, small_path, is_html))
    downloads = [
        ("Profile download, PDF", "pdf", PDF_BUDGET_MS, b"%PDF"),
        ("Profile download, DOCX", "docx", DOCX_BUDGET_MS, b"PK"),
    ]
    for name, fmt, budget, magic in downloads:
        log(f"  {name} ...")
        path, small_path = both("reports:download", slug="profile", fmt=fmt)
        line = Line(name, path, download_iterations, budget_ms=budget)
        lines.append(time_requests(line, client, small_client, path, small_path, starts_with(magic)))
    return lines


def measure_report_generation(iterations: int, download_iterations: int, log) -> list[Line]:
    """Building the profile document, and rendering it to each format, outside any request."""
    from ascent.reports.profile import build_profile
    from ascent.reports.renderers import render
    from ascent.reports.renderers.html import render_html

    organisation, user = admin_of(COUNCIL)
    log("  Report generation ...")
    lines = [
        time_calls(
            Line("Build the profile document", "build_profile()", iterations),
            lambda: build_profile(organisation, user=user),
        )
    ]
    document = build_profile(organisation, user=user)
    lines.append(
        time_calls(Line("Render as a page fragment", "render_html()", iterations), lambda: render_html(document))
    )
    for fmt in ("pdf", "docx", "xlsx"):
        line = Line(f"Render as {fmt.upper()}", f"render({fmt!r})", download_iterations)
        lines.append(time_calls(line, lambda fmt=fmt: render(document, fmt)))
    return lines


# --- reporting --------------------------------------------------------------------------


def machine() -> dict:
    from django import get_version
    from django.db import connection

    info = {
        "nproc": os.cpu_count(),
        "cpus_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": _proc_field("/proc/cpuinfo", "model name"),
        "memory": _proc_field("/proc/meminfo", "MemTotal"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": get_version(),
        "database_vendor": connection.vendor,
    }
    if connection.vendor == "sqlite":
        import sqlite3

        info["database_version"] = sqlite3.sqlite_version
        name = Path(connection.settings_dict["NAME"]).resolve()
        info["database"] = str(name.relative_to(ROOT)) if name.is_relative_to(ROOT) else str(name)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            info["database_version"] = cursor.fetchone()[0]
        info["database"] = f"{connection.settings_dict['HOST']}/{connection.settings_dict['NAME']}"
    return info


def _proc_field(path: str, name: str) -> str | None:
    try:
        for row in Path(path).read_text(encoding="utf-8").splitlines():
            if row.startswith(name):
                return row.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def table(lines: list[Line], *, with_queries: bool) -> str:
    head = f"{'Measurement':<30} {'Runs':>4} {'Median ms':>10} {'p95 ms':>9} {'Budget ms':>10}"
    if with_queries:
        head += f" {'Queries 50/' + str(SMALL_COUNCIL_MEMBERS):>14}"
    else:
        head += f" {'Queries':>14}"
    head += "  Result"
    rows = [head, "-" * len(head)]
    for line in lines:
        budget = f"{line.budget_ms:,.0f}" if line.budget_ms is not None else "-"
        queries = f"{line.queries} / {line.queries_small}" if with_queries else str(line.queries)
        rows.append(
            f"{line.name:<30} {line.iterations:>4} {line.median_ms:>10,.1f} {line.p95_ms:>9,.1f} {budget:>10}"
            f" {queries:>14}  {line.result}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ascent's benchmarks at national scale (see bench/README.md).")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark database first")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a line fails")
    parser.add_argument("--iterations", type=int, default=50, metavar="N", help="timed requests per page (50)")
    parser.add_argument(
        "--download-iterations", type=int, default=10, metavar="N", help="timed PDF and DOCX downloads (10)"
    )
    args = parser.parse_args(argv)
    if args.iterations < 1 or args.download_iterations < 1:
        parser.error("iterations must be at least 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    url = configure()
    try:
        data = ensure_database(url, fresh=args.fresh, log=log)
    except BenchDatabaseError as error:
        log(f"bench: {error}")
        return 2

    from django.utils import timezone

    log("Measuring pages (Harrow, 50 members; queries also for the Isles of Scilly, 5 members):")
    pages = measure_pages(args.iterations, args.download_iterations, log)
    generation = measure_report_generation(args.iterations, args.download_iterations, log)
    info = machine()
    now = timezone.localtime()
    command = " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])]).strip()
    failures = [f"{line.name}: {problem}" for line in pages for problem in line.problems]

    counts = data["counts"]
    made = "reused; generated" if data["reused"] else "generated"
    print()
    print(f"Ascent benchmarks, {now:%-d %B %Y %H:%M}: {command}")
    print(
        f"Machine: {info['nproc']} CPUs ({info['cpu'] or 'unknown CPU'}), Python {info['python']}, "
        f"Django {info['django']}, {info['database_vendor']} {info['database_version'].split(' on ')[0]}"
    )
    print(
        f"Data: {counts['organisations']} councils in {counts['regions']} regions, {counts['users']:,} people, "
        f"{counts['memberships']:,} memberships, {counts['history_rows']:,} history rows "
        f"({made} in {data['generation_seconds']:.1f} s)"
    )
    print()
    print("Pages, as an admin of Harrow (server time per request; queries for Harrow / the Isles of Scilly)")
    print(table(pages, with_queries=True))
    print()
    print("Report generation, outside any request (the organisation profile of Harrow)")
    print(table(generation, with_queries=False))
    print()
    for line in pages:
        for row in repeated(line.sql):
            if row["times"] > 2:
                print(f"Repeated query: {line.name} runs this {row['times']} times: {row['sql'][:100]}…")
    if failures:
        print("\nFAILED:")
        for failure in failures:
            print(f"  {failure}")
        for line in pages:
            if line.queries_differ:
                print(f"  Queries that differ in {line.name} (Harrow vs the Isles of Scilly):")
                for row in difference(line.sql, line.sql_small):
                    times = f"{row['times']}× vs {row[f'times_{SMALL_COUNCIL_MEMBERS}_members']}×"
                    print(f"    {times} ({row['cause']}): {row['sql'][:110]}…")
    else:
        print("All lines within budget, and no query runs more often for 50 members than for 5.")

    elapsed = time.perf_counter() - started
    result = {
        "date": now.isoformat(timespec="seconds"),
        "command": command,
        "machine": info,
        "data": data,
        "council": COUNCIL,
        "small_council": SMALL_COUNCIL,
        "budgets_p95_ms": {"page": PAGE_BUDGET_MS, "pdf": PDF_BUDGET_MS, "docx": DOCX_BUDGET_MS},
        "pages": [line.as_json() for line in pages],
        "report_generation": [line.as_json() for line in generation],
        "passed": not failures,
        "failures": failures,
        "run_seconds": round(elapsed, 1),
    }
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    (RESULTS_DIR / "latest.json").write_text(text, encoding="utf-8")
    (RESULTS_DIR / f"run-{now:%Y%m%d-%H%M%S}.json").write_text(text, encoding="utf-8")
    print(f"\nWritten bench/results/latest.json ({elapsed:.0f} s in all).")
    return 1 if failures and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
