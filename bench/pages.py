"""What the page benchmarks share: timing a list of pages, running one module on its own, and
running a document benchmark in a process of its own.

bench/self_assessment.py, bench/reviews.py and bench/plans.py each list their pages as
``(name, URL name, what it needs, ...)`` and say how to find Harrow's and the Isles of
Scilly's paths; :func:`time_pages` times each page that is installed and says which are not.
:func:`standalone` is each module's ``main``; :func:`in_own_process` and :func:`document_main`
serve bench/review_letter.py and bench/committee_report.py, which build databases of their own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_pages(pages, paths: Callable, iterations: int, clients_for: Callable, log) -> tuple[list, list[str]]:
    """Time each page of ``pages`` whose URL is installed.

    ``paths(page)`` gives (Harrow's path, the small council's path) or raises NoReverseMatch;
    ``clients_for(page)`` gives the (client, small client) to ask with. A page's fifth item, when
    there is one, is a query string added to both paths. Returns the lines and the pages not
    measured, each with why.
    """
    from django.urls import NoReverseMatch

    from ascent.core.statistics import refresh_planner_statistics
    from bench.run import PAGE_BUDGET_MS, Line, is_html, time_requests

    # As an installation's database has them (PostgreSQL gathers them itself): see ascent.core.statistics.
    refresh_planner_statistics()
    lines, missing = [], []
    for page in pages:
        name, url_name = page[:2]
        try:
            path, small_path = paths(page)
        except NoReverseMatch as error:
            missing.append(f"{name}: not measured: {url_name} is not installed yet: {error}")
            log(f"  {name}: not measured ({url_name} missing)")
            continue
        query = page[4] if len(page) > 4 else ""
        path, small_path = path + query, small_path + query
        log(f"  {name} ...")
        line = Line(name, path, iterations, budget_ms=PAGE_BUDGET_MS)
        try:
            lines.append(time_requests(line, *clients_for(page), path, small_path, is_html))
        except (Exception, SystemExit) as error:  # noqa: BLE001 - a failing page is reported; the others still run
            missing.append(f"{name}: not measured: {path} failed ({type(error).__name__}: {error})")
            log(f"  {name}: failed ({type(error).__name__})")
    return lines, missing


def standalone(argv, description: str, measure: Callable, ratios: Callable, counts: Callable | None = None) -> int:
    """A page module run on its own: the benchmark database, an admin of Harrow and of the Isles of
    Scilly, ``measure(iterations, client, small_client, log)``, then its table and ratios."""
    parser = argparse.ArgumentParser(description=f"{description} (bench/README.md).")
    parser.add_argument("--iterations", type=int, default=50, metavar="N", help="timed requests per line (50)")
    args = parser.parse_args(argv)

    from bench.generate import configure, ensure_database

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    ensure_database(configure(), log=log)

    from django.test import Client

    from bench.run import COUNCIL, SMALL_COUNCIL, admin_of, table

    client, small_client = Client(), Client()
    client.force_login(admin_of(COUNCIL)[1])
    small_client.force_login(admin_of(SMALL_COUNCIL)[1])
    measured = measure(args.iterations, client, small_client, log)
    lines, missing = measured if isinstance(measured, tuple) else (measured, [])
    if counts is not None:
        print(f"Data: {counts()}")
    print(table(lines, with_queries=True))
    print()
    print("\n".join(ratios(lines)))
    for line in missing:
        print(line)
    return 1 if any(line.problems for line in lines) else 0


def in_own_process(script: str, line: Callable, log=print) -> dict:
    """Run ``script --json -`` in a process of its own (it builds its own database) and return its result."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, script, "--json", "-"], check=False, env=env, cwd=ROOT, capture_output=True, text=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"  {line(result)}")
    return result


def document_main(argv, description: str, measure: Callable, problems: Callable, show: Callable) -> int:
    """The ``main`` of a document benchmark: measure, then print ``show(result)`` or the JSON."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="Also write the result as JSON to this file ('-' for standard output)")
    parser.add_argument("--no-fail", action="store_true", help="Exit 0 even when over budget")
    args = parser.parse_args(argv)
    result = measure(args.runs)
    result["problems"] = problems(result)
    if args.json == "-":
        print(json.dumps(result))
    else:
        print(show(result))
        for problem in result["problems"]:
            print(f"FAIL: {problem}")
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2))
    return 1 if result["problems"] and not args.no_fail else 0
