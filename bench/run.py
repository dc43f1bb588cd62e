"""Ascent's benchmarks at national scale: import throughput, and server time and queries for
the main pages.

Prepares (or reuses) the benchmark database from bench/generate.py: every council, its people
and about 365,000 indicator values loaded through the import engine. Times the import (when
the database is built), a re-import of the same file and a check-only pass; then signs in as
an admin of Harrow and times each page with Django's test client, in process, so the figures
are server time with no network. Each page is also requested as an admin of the Isles of
Scilly (5 members and little data): a query must not run more often for Harrow than for it.

    .venv/bin/python bench/run.py [--fresh] [--no-fail] [--iterations N] [--download-iterations N]

Prints tables and writes bench/results/latest.json. Exits 1 when a line fails its budget,
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

from bench import imports as bench_imports  # noqa: E402
from bench.activity import measure_activity  # noqa: E402
from bench.cld_import import measure as measure_cld_import  # noqa: E402
from bench.cld_import import report_lines as cld_import_lines  # noqa: E402
from bench.cld_measures import measure as measure_cld_measures  # noqa: E402
from bench.cld_measures import report_lines as cld_measures_lines  # noqa: E402
from bench.committee_report import line as committee_report_line  # noqa: E402
from bench.committee_report import measure_committee_report  # noqa: E402
from bench.generate import (  # noqa: E402
    BENCH_COUNCIL,
    OBSERVATIONS_FILE,
    RESULTS_DIR,
    SMALL_COUNCIL,
    BenchDatabaseError,
    configure,
    ensure_database,
    observations_file,
    time_import,
)
from bench.plans import measure_plans  # noqa: E402
from bench.plans import ratios as plans_ratios  # noqa: E402
from bench.programmes import measure_board_report, measure_programmes, report_lines  # noqa: E402
from bench.programmes import ratios as programmes_ratios  # noqa: E402
from bench.review_letter import line as review_letter_line  # noqa: E402
from bench.review_letter import measure_review_letter  # noqa: E402
from bench.reviews import measure_reviews  # noqa: E402
from bench.reviews import ratios as reviews_ratios  # noqa: E402
from bench.scorecard import measure_scorecard, ratios  # noqa: E402
from bench.self_assessment import measure_self_assessment  # noqa: E402
from bench.self_assessment import ratios as self_assessment_ratios  # noqa: E402
from bench.uploads import measure_uploads, uploads_table  # noqa: E402

COUNCIL = BENCH_COUNCIL  # Harrow: 50 members, 60 indicators, 2,400 values
WARM_UPS = 3
#: Pages of bench/self_assessment.py whose part is not merged yet, with the URL name each waits for.
NOT_MEASURED: list[str] = []
#: The same for bench/reviews.py.
REVIEWS_NOT_MEASURED: list[str] = []
#: The same for bench/plans.py.
PLANS_NOT_MEASURED: list[str] = []
#: The same for bench/programmes.py.
PROGRAMMES_NOT_MEASURED: list[str] = []

#: Budgets for the 95th percentile of server time, in milliseconds.
PAGE_BUDGET_MS = 300
PDF_BUDGET_MS = 3000
DOCX_BUDGET_MS = 2000
#: Budget for importing indicator values, in rows a second (the whole import: reading the
#: file, checking every row and writing).
IMPORT_BUDGET_ROWS_PER_SECOND = 20_000

#: The indicator whose page is timed, and the benchmarking it shows: every council in England
#: in 2023-24 (the largest ranking chart the page draws).
BENCHMARK_INDICATOR = "ASCOF23-2D1"
BENCHMARK_QUERY = {"period": "2023-24", "group": "england"}


@dataclass
class Line:
    """One measurement: a page (or download), or a step of report generation."""

    name: str
    target: str
    iterations: int
    budget_ms: float | None = None
    timings_ms: list[float] = field(default_factory=list)
    #: CPU time of this process for each timed request (ms): with SQLite, the view's and the
    #: database's work; unlike the elapsed time, hardly changed by other work on the machine.
    cpu_ms: list[float] = field(default_factory=list)
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
    def cpu_median_ms(self) -> float:
        return statistics.median(self.cpu_ms)

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
            "cpu_median_ms": round(self.cpu_median_ms, 2),
            "budget_p95_ms": self.budget_ms,
            "queries": self.queries,
            "queries_small_council": self.queries_small,
            "repeated_queries": repeated(self.sql),
            "result": self.result,
            "problems": self.problems,
        }
        if self.queries_differ:
            data["queries_that_differ"] = difference(self.sql, self.sql_small)
            data["sql"] = self.sql
            data["sql_small_council"] = self.sql_small
        return data


@dataclass
class ImportLine:
    """One timed import of the observations file: rows, seconds and rows a second."""

    name: str
    figures: dict
    budget: float | None = IMPORT_BUDGET_ROWS_PER_SECOND
    #: When the figures were measured, if not in this run (the first import happens when the
    #: database is built).
    measured: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.figures["rows"] / self.figures["seconds"]

    @property
    def result(self) -> str:
        if self.problems:
            return "FAIL: " + ", ".join(problem.split(":")[0] for problem in self.problems)
        return "PASS" if self.budget is not None else "-"

    def check(self, *, expect_created: bool) -> ImportLine:
        if self.budget is not None and self.rows_per_second < self.budget:
            self.problems.append(
                f"speed: {self.rows_per_second:,.0f} rows/s is under the budget of {self.budget:,.0f} rows/s"
            )
        created = self.figures["created"]
        if expect_created and created != self.figures["rows"]:
            self.problems.append(f"rows: {created:,} of {self.figures['rows']:,} rows were new")
        if not expect_created and (created or self.figures["revised"]):
            self.problems.append(
                f"idempotence: the same file again made {created:,} new and {self.figures['revised']:,} revised rows"
            )
        return self

    def as_json(self) -> dict:
        return {
            "name": self.name,
            **self.figures,
            "rows_per_second": round(self.rows_per_second),
            "budget_rows_per_second": self.budget,
            "measured": self.measured or "this run",
            "result": self.result,
            "problems": self.problems,
        }


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
            "times_small_council": small[s],
            "cause": "repeats per row" if big[s] and small[s] else "a kind of record only one council's page shows",
            "sql": s[:300],
        }
        for s in sorted(set(big) | set(small), key=lambda s: -abs(big[s] - small[s]))
        if big[s] != small[s]
    ]


# --- measuring --------------------------------------------------------------------------


def request(client, path: str, check: Callable[[object], None], line: Line | None = None):
    """GET the path and check the answer; with ``line``, add the time the GET took (ms)."""
    cpu, started = time.process_time(), time.perf_counter()
    response = client.get(path)
    if line is not None:
        line.timings_ms.append((time.perf_counter() - started) * 1000)
        line.cpu_ms.append((time.process_time() - cpu) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}, not 200: the benchmark cannot go on.")
    check(response)
    return response


def is_html(response) -> None:
    if not response["Content-Type"].startswith("text/html"):
        raise SystemExit(f"Expected a web page, got {response['Content-Type']}")


def is_csv(response) -> None:
    if not response["Content-Type"].startswith("text/csv") or b"," not in response.content[:200]:
        raise SystemExit(f"Expected a CSV file, got {response['Content-Type']}")


def starts_with(magic: bytes) -> Callable[[object], None]:
    def check(response) -> None:
        if not response.content.startswith(magic):
            raise SystemExit(f"The download does not start with {magic!r}")

    return check


def time_requests(
    line: Line, client, small_client, path: str, small_path: str, check, *, timed_paths: list[str] | None = None
) -> Line:
    """Warm up, capture the queries for both councils, then time ``line.iterations`` requests.

    ``timed_paths`` (one per timed request) replaces ``path`` for the timed requests: a line
    whose requests must each ask for something new (so no cache answers them).
    """
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

    for number in range(line.iterations):
        request(client, timed_paths[number] if timed_paths else path, check, line)

    if line.over_budget:
        line.problems.append(f"p95 {line.p95_ms:,.0f} ms is over the budget of {line.budget_ms:,.0f} ms")
    if line.queries_differ:
        line.problems.append(
            f"{line.queries} queries for Harrow but {line.queries_small} for the Isles of Scilly: "
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
        cpu, started = time.process_time(), time.perf_counter()
        call()
        line.timings_ms.append((time.perf_counter() - started) * 1000)
        line.cpu_ms.append((time.process_time() - cpu) * 1000)
    return line


def admin_of(gss_code: str):
    from ascent.organisations.models import Membership, Organisation, Role

    organisation = Organisation.objects.get(gss_code=gss_code)
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN).select_related("user").order_by("pk")
    ).first()
    return organisation, membership.user


def measure_imports(data: dict, log) -> list[ImportLine]:
    """The first import (timed when the database was built), a re-import of the same file and a
    check-only pass over it (both timed now, and leaving the database as it was)."""
    first = data["imports"]["observations"]
    content = observations_file(first.get("sha256"))
    measured = "" if not data["reused"] else f"when the database was built, {data['generated_at'][:16]}"
    lines = [ImportLine("First import", first, measured=measured).check(expect_created=True)]
    log(f"  Re-importing {OBSERVATIONS_FILE.name} ({first['rows']:,} rows; rolled back afterwards) ...")
    again = time_import("observations", content, OBSERVATIONS_FILE.name, keep=False)
    lines.append(ImportLine("Re-import, nothing new", again).check(expect_created=False))
    log("  Checking it without importing (dry run) ...")
    dry = time_import("observations", content, OBSERVATIONS_FILE.name, dry_run=True)
    lines.append(ImportLine("Check only (dry run)", dry).check(expect_created=False))
    spending = data["imports"]["expenditure"]
    lines.append(ImportLine("Spending, first import", spending, budget=None, measured=measured))
    return lines


def _indicator_paths(organisation, indicator) -> list[str]:
    """Indicator page URLs, each for a different period and comparator group, so that every
    request draws its ranking chart afresh (none is in the chart caches)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from ascent.indicators.comparators import groups_for
    from ascent.indicators.series import periods_with_values

    base = reverse("indicators:detail", kwargs={"gss_code": organisation.gss_code, "indicator_id": indicator.pk})
    periods = [period.code for period in periods_with_values(indicator)]
    slugs = [group.slug for group in groups_for(organisation) if group.member_count >= 10]
    combinations = [
        {"period": period, "group": slug}
        for slug in slugs
        for period in periods
        if {"period": period, "group": slug} != BENCHMARK_QUERY
    ]
    return [f"{base}?{urlencode(query)}" for query in combinations]


def measure_pages(iterations: int, download_iterations: int, log) -> list[Line]:
    from urllib.parse import urlencode

    from django.test import Client
    from django.urls import reverse

    from ascent.core.statistics import refresh_planner_statistics
    from ascent.indicators.models import Indicator, IndicatorGroup

    refresh_planner_statistics()  # as an installation's database has them (ascent.core.statistics)
    organisation, user = admin_of(COUNCIL)
    small_organisation, small_user = admin_of(SMALL_COUNCIL)
    client, small_client = Client(), Client()
    client.force_login(user)
    small_client.force_login(small_user)

    def both(name: str, query: dict | None = None, **kwargs) -> tuple[str, str]:
        suffix = f"?{urlencode(query)}" if query else ""
        return (
            reverse(name, kwargs={"gss_code": COUNCIL, **kwargs}) + suffix,
            reverse(name, kwargs={"gss_code": SMALL_COUNCIL, **kwargs}) + suffix,
        )

    indicator = Indicator.objects.get(organisation__isnull=True, code=BENCHMARK_INDICATOR)
    board = IndicatorGroup.objects.get(organisation=organisation)
    small_board = IndicatorGroup.objects.get(organisation=small_organisation)
    board_paths = (
        reverse("indicators:scorecard", kwargs={"gss_code": COUNCIL}) + f"?group={board.pk}",
        reverse("indicators:scorecard", kwargs={"gss_code": SMALL_COUNCIL}) + f"?group={small_board.pk}",
    )
    indicator_page = both("indicators:detail", BENCHMARK_QUERY, indicator_id=indicator.pk)

    # name, (Harrow's path, the Isles of Scilly's), check, budget, iterations
    lines = []
    pages = [
        ("Overview", both("organisations:overview"), is_html, PAGE_BUDGET_MS),
        ("Members (50)", both("organisations:members"), is_html, PAGE_BUDGET_MS),
        ("Activity, first page", both("organisations:activity"), is_html, PAGE_BUDGET_MS),
        ("Scorecard, board group", board_paths, is_html, PAGE_BUDGET_MS),
        ("Scorecard export, CSV", both("indicators:scorecard-export", fmt="csv"), is_csv, PAGE_BUDGET_MS),
        ("Scorecard export, XLSX", both("indicators:scorecard-export", fmt="xlsx"), starts_with(b"PK"), PAGE_BUDGET_MS),
        ("Indicator + benchmarking", indicator_page, is_html, PAGE_BUDGET_MS),
        ("Comparator groups", both("indicators:comparators"), is_html, PAGE_BUDGET_MS),
        ("Spending", both("finance:index"), is_html, PAGE_BUDGET_MS),
        ("Performance report (HTML)", both("reports:view", slug="performance"), is_html, PAGE_BUDGET_MS),
        ("Organisation profile (HTML)", both("reports:view", slug="profile"), is_html, PAGE_BUDGET_MS),
        ("Reports index", both("reports:index"), is_html, PAGE_BUDGET_MS),
    ]
    for name, (path, small_path), check, budget in pages:
        log(f"  {name} ...")
        line = Line(name, path, iterations, budget_ms=budget)
        lines.append(time_requests(line, client, small_client, path, small_path, check))
    lines += measure_activity(iterations, client, small_client, log)  # bench/activity.py
    # The plain scorecard, then as at a period and two periods side by side (bench/scorecard.py).
    lines += measure_scorecard(iterations, client, small_client, log)
    # Self-assessment pages at national scale, each beside the floor page (bench/self_assessment.py).
    self_assessment_lines, not_measured = measure_self_assessment(iterations, client, small_client, log)
    lines += self_assessment_lines
    # Review pages with 2,000 reviews and 60,000 findings and recommendations (bench/reviews.py).
    review_lines, reviews_not_measured = measure_reviews(iterations, client, small_client, log)
    lines += review_lines
    # Improvement plan pages with 30,000 actions nationally (bench/plans.py).
    plan_lines, plans_not_measured = measure_plans(iterations, client, small_client, log)
    lines += plan_lines
    # Programme pages with 7,650 projects and 76,500 risks nationally (bench/programmes.py).
    programme_lines, programmes_not_measured = measure_programmes(iterations, client, small_client, log)
    lines += programme_lines
    PROGRAMMES_NOT_MEASURED[:] = programmes_not_measured
    NOT_MEASURED[:] = not_measured
    REVIEWS_NOT_MEASURED[:] = reviews_not_measured
    PLANS_NOT_MEASURED[:] = plans_not_measured

    # The same indicator page, but every timed request for a period and group not asked for
    # before, so the benchmark and the ranking chart are worked out afresh each time (the
    # charts are cached in the process, keyed by their figures: see
    # ascent/indicators/views/indicator.py). This is what a person choosing another period or
    # group waits for, so it has the page budget too.
    name = "Indicator, new period/group"
    log(f"  {name} ...")
    fresh = _indicator_paths(organisation, indicator)
    if len(fresh) < iterations:
        raise SystemExit(f"Only {len(fresh)} period and group choices for {BENCHMARK_INDICATOR}: need {iterations}")
    line = Line(name, fresh[0], iterations, budget_ms=PAGE_BUDGET_MS)
    lines.append(time_requests(line, client, small_client, *indicator_page, is_html, timed_paths=fresh))

    downloads = [
        ("Performance download, PDF", "performance", "pdf", PDF_BUDGET_MS, b"%PDF"),
        ("Performance download, DOCX", "performance", "docx", DOCX_BUDGET_MS, b"PK"),
        ("Profile download, PDF", "profile", "pdf", PDF_BUDGET_MS, b"%PDF"),
        ("Profile download, DOCX", "profile", "docx", DOCX_BUDGET_MS, b"PK"),
    ]
    for name, slug, fmt, budget, magic in downloads:
        log(f"  {name} ...")
        path, small_path = both("reports:download", slug=slug, fmt=fmt)
        line = Line(name, path, download_iterations, budget_ms=budget)
        lines.append(time_requests(line, client, small_client, path, small_path, starts_with(magic)))
    return lines


def measure_report_generation(iterations: int, download_iterations: int, log) -> list[Line]:
    """Building the two reports' documents, and rendering them, outside any request."""
    from ascent.documents.renderers import render
    from ascent.documents.renderers.html import render_html
    from ascent.reports.performance import build_performance
    from ascent.reports.profile import build_profile

    organisation, user = admin_of(COUNCIL)
    log("  Report generation ...")
    lines = []
    for title, build in (("performance", build_performance), ("profile", build_profile)):
        lines.append(
            time_calls(
                Line(f"Build the {title} document", f"build_{title}()", iterations),
                lambda build=build: build(organisation, user=user),
            )
        )
        document = build(organisation, user=user)
        lines.append(
            time_calls(
                Line(f"Render {title} as a fragment", "render_html()", iterations),
                lambda document=document: render_html(document),
            )
        )
        for fmt in ("pdf", "docx", "xlsx"):
            line = Line(f"Render {title} as {fmt.upper()}", f"render({fmt!r})", download_iterations)
            lines.append(time_calls(line, lambda fmt=fmt, document=document: render(document, fmt)))
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
        "load_average": [round(load, 2) for load in os.getloadavg()] if hasattr(os, "getloadavg") else None,
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
    head = f"{'Measurement':<32} {'Runs':>4} {'Median ms':>10} {'p95 ms':>9} {'CPU ms':>8} {'Budget ms':>10}"
    head += f" {'Queries H / S':>14}" if with_queries else f" {'Queries':>14}"
    head += "  Result"
    rows = [head, "-" * len(head)]
    for line in lines:
        budget = f"{line.budget_ms:,.0f}" if line.budget_ms is not None else "-"
        queries = f"{line.queries} / {line.queries_small}" if with_queries else str(line.queries)
        rows.append(
            f"{line.name:<32} {line.iterations:>4} {line.median_ms:>10,.1f} {line.p95_ms:>9,.1f}"
            f" {line.cpu_median_ms:>8,.1f} {budget:>10} {queries:>14}  {line.result}"
        )
    return "\n".join(rows)


def import_table(lines: list[ImportLine]) -> str:
    head = (
        f"{'Import':<30} {'Rows':>8} {'New':>8} {'Unchanged':>9} {'Seconds':>8} {'CPU s':>6} {'Rows/s':>8} "
        f"{'Budget':>7} {'Peak MB':>8}  Result"
    )
    rows = [head, "-" * len(head)]
    for line in lines:
        figures = line.figures
        budget = f"{line.budget:,.0f}" if line.budget is not None else "-"
        rows.append(
            f"{line.name:<30} {figures['rows']:>8,} {figures['created']:>8,} {figures['unchanged']:>9,} "
            f"{figures['seconds']:>8,.1f} {figures['cpu_seconds']:>6,.1f} {line.rows_per_second:>8,.0f} "
            f"{budget:>7} {figures['rss_peak_mb']:>8,}"
            f"  {line.result}" + (f" ({line.measured})" if line.measured else "")
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

    log("Measuring imports:")
    imports = measure_imports(data, log)
    import_floor = bench_imports.report(log)  # the national import beside its floor (bench/imports.py)
    log("Measuring pages (Harrow; queries also for the Isles of Scilly):")
    pages = measure_pages(args.iterations, args.download_iterations, log)
    generation = measure_report_generation(args.iterations, args.download_iterations, log)
    log("Measuring uploads that could exhaust the server (bench/uploads.py):")
    uploads = measure_uploads(log)
    log("Measuring the feedback letter of a 40-page review as a PDF (bench/review_letter.py):")
    review_letter = measure_review_letter(log)
    log("Measuring a committee report of a 40-page plan in each format (bench/committee_report.py):")
    committee_report = measure_committee_report(log)
    log("Measuring the board highlight report of a 50-project programme in each format (bench/programmes.py):")
    board_report = measure_board_report(3, log)
    log("Measuring a million-row client-level data extract's check, in fresh processes (bench/cld_import.py):")
    cld_import = measure_cld_import(log=log)
    # The national case is 150 councils; until the pipeline is faster that takes hours here,
    # so make bench runs 15 (BENCH_CLD_COUNCILS=150 for the full size). The budget is a ratio to
    # the plain scan of the same files either way.
    councils = int(os.environ.get("BENCH_CLD_COUNCILS", "15"))
    log(f"Measuring every CLD measure on the million-row extract and for {councils} councils (bench/cld_measures.py):")
    cld_measures = measure_cld_measures(councils=councils, log=log)
    info = machine()
    now = timezone.localtime()
    command = " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])]).strip()
    failures = [f"{line.name}: {problem}" for line in [*imports, *pages] for problem in line.problems]
    failures += [f"{review_letter['name']}: {problem}" for problem in review_letter["problems"]]
    failures += [f"{committee_report['name']}: {problem}" for problem in committee_report["problems"]]
    failures += [f"{board_report['name']}: {problem}" for problem in board_report["problems"]]
    failures += [f"{cld_import['name']}: {problem}" for problem in cld_import["problems"]]
    failures += [f"{cld_measures['name']}: {problem}" for problem in cld_measures["problems"]]

    counts = data["counts"]
    made = "reused; generated" if data["reused"] else "generated"
    print()
    print(f"Ascent benchmarks, {now:%-d %B %Y %H:%M}: {command}")
    load = info["load_average"]
    print(
        f"Machine: {info['nproc']} CPUs ({info['cpu'] or 'unknown CPU'}), Python {info['python']}, "
        f"Django {info['django']}, {info['database_vendor']} {info['database_version'].split(' on ')[0]}"
        + (f"; load average {load[0]:.1f} at the end" if load else "")
    )
    print(
        f"Data: {counts['organisations']} councils in {counts['regions']} regions, {counts['users']:,} people, "
        f"{counts['indicators_shipped'] + counts['indicators_local']:,} indicators "
        f"({counts['indicators_shipped']} ASCOF, {counts['indicators_local']:,} local), "
        f"{counts['observations']:,} indicator values, {counts['targets']:,} targets, "
        f"{counts['expenditure_lines']:,} spending lines, {counts['history_rows']:,} history rows "
        f"({made} in {data['generation_seconds']:.1f} s)"
    )
    print()
    print(f"Importing {OBSERVATIONS_FILE.name} through the import engine (budget: rows a second, at least)")
    print(import_table(imports))
    print()
    print("Pages, as an admin of Harrow (server time per request; queries for Harrow / the Isles of Scilly)")
    print(table(pages, with_queries=True))
    print()
    print("The scorecard as at a period and side by side, beside the plain scorecard (bench/scorecard.py)")
    print("\n".join(ratios(pages)))
    print()
    print("Self-assessment pages at national scale, beside the floor page (bench/self_assessment.py)")
    print("\n".join([*self_assessment_ratios(pages), *NOT_MEASURED]))
    print()
    print("Review pages at national scale, beside the floor page (bench/reviews.py)")
    print("\n".join([*reviews_ratios(pages), *REVIEWS_NOT_MEASURED]))
    print()
    print("Improvement plan pages with 30,000 actions nationally, beside the floor page (bench/plans.py)")
    print("\n".join([*plans_ratios(pages), *PLANS_NOT_MEASURED]))
    print()
    print(
        "Programme pages with 7,650 projects and 76,500 risks nationally, beside the floor page (bench/programmes.py)"
    )
    print("\n".join([*programmes_ratios(pages), *PROGRAMMES_NOT_MEASURED]))
    print()
    print("Report generation, outside any request (Harrow's reports)")
    print(table(generation, with_queries=False))
    print()
    print("Checking uploads that could exhaust the server, each in a fresh process (bench/uploads.py)")
    print(uploads_table(uploads))
    print()
    print(review_letter_line(review_letter))
    print()
    print(committee_report_line(committee_report))
    print()
    print("\n".join(report_lines(board_report)))
    print()
    print("\n".join(cld_import_lines(cld_import)))
    print()
    print("\n".join(cld_measures_lines(cld_measures)))
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
                    times = f"{row['times']}× vs {row['times_small_council']}×"
                    print(f"    {times} ({row['cause']}): {row['sql'][:110]}…")
    else:
        print(
            "All lines within budget, and no query runs more often for Harrow (60 indicators, 2,400 values) "
            "than for the Isles of Scilly (12 indicators, 48 values)."
        )

    elapsed = time.perf_counter() - started
    result = {
        "date": now.isoformat(timespec="seconds"),
        "command": command,
        "machine": info,
        "data": data,
        "council": COUNCIL,
        "small_council": SMALL_COUNCIL,
        "budgets": {
            "page_p95_ms": PAGE_BUDGET_MS,
            "pdf_p95_ms": PDF_BUDGET_MS,
            "docx_p95_ms": DOCX_BUDGET_MS,
            "import_rows_per_second": IMPORT_BUDGET_ROWS_PER_SECOND,
        },
        "imports": [line.as_json() for line in imports],
        "import_floor": import_floor,
        "pages": [line.as_json() for line in pages],
        "report_generation": [line.as_json() for line in generation],
        "uploads": uploads,
        "review_letter": review_letter,
        "committee_report": committee_report,
        "board_report": board_report,
        "cld_import": cld_import,
        "cld_measures": cld_measures,
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
