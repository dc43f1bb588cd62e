"""A loopback load test: signed-in people browsing and importing at once, against gunicorn.

Builds (or reuses) a benchmark database of its own, gives it LOAD_USERS people who are admins
of the bench council, starts gunicorn on a free port on 127.0.0.1, and runs locust headless
against it for a bounded time with a bounded number of users (bench/locustfile.py says what
each person does). Reports the 95th percentile response time of each page and the number of
failed requests, which must be 0.

    .venv/bin/python bench/load.py                         # SQLite: bench/results/load.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ascent_load .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --users 10 --run-time 20   # a quick look

Only ever talks to 127.0.0.1. Writes bench/results/load-<database>-result.json (and locust's
own figures, load-<database>.json, and gunicorn's log, load-<database>-gunicorn.log).
Exits 1 when any request failed. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    BENCH_COUNCIL,
    RESULTS_DIR,
    BenchDatabaseError,
    _read_meta,
    _write_meta,
    configure,
    ensure_database,
)

LOAD_DB = RESULTS_DIR / "load.sqlite3"
HOST = "127.0.0.1"  # never anything else: this is a loopback test
PASSWORD = "load-test-password-0123"  # noqa: S105 (a throwaway account in the bench database)
#: The indicator whose page is visited (the bench's largest benchmarking chart).
INDICATOR = "ASCOF23-2D1"
#: Rows in the small CSV each import uploads.
IMPORT_ROWS = 20


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def prepare(url: str, users: int) -> dict:
    """The database, the people who take part, and what the locustfile needs to know."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from ascent.indicators.models import Indicator, Observation
    from ascent.organisations.actions import add_member
    from ascent.organisations.models import Organisation, Role

    facts = ensure_database(url)
    User = get_user_model()
    council = Organisation.objects.get(gss_code=BENCH_COUNCIL)
    emails = [f"load-{n:03d}@bench.example" for n in range(users)]
    password = make_password(PASSWORD)
    for email in emails:
        user, _ = User.objects.get_or_create(email=email, defaults={"full_name": f"Load {email[5:8]}"})
        user.password = password
        user.save(update_fields=["password"])
        add_member(council, user=user, role=Role.ADMIN)
    # The generator's record counts the people it made; keep it true so that the database is
    # reused next time rather than rebuilt because the load test added its own people.
    meta = _read_meta()
    counts = json.loads(meta["counts"])
    counts["users"] = User.objects.count()
    meta["counts"] = json.dumps(counts)
    _write_meta(meta)
    indicator = Indicator.objects.get(code=INDICATOR)
    rows = list(
        Observation.objects.filter(organisation=council, indicator__organisation__isnull=True)
        .exclude(indicator__unit="percent")  # a percentage needs its numerator and denominator
        .order_by("indicator__code", "period_code")
        .values_list("indicator__code", "period_code", "value")[:IMPORT_ROWS]
    )
    return {
        "facts": facts,
        "plan": {
            "council": BENCH_COUNCIL,
            "indicator_id": indicator.pk,
            "emails": emails,
            "password": PASSWORD,
            "rows": [[code, period, str(value)] for code, period, value in rows],
        },
    }


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit code {server.returncode}) before it was ready")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 (loopback only)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer /healthz within a minute")


def percentile(response_times: dict[float, int], pct: float) -> float | None:
    """The pct-th percentile of locust's histogram of response times ({ms: count})."""
    total = sum(response_times.values())
    if not total:
        return None
    wanted = total * pct / 100
    seen = 0
    for ms in sorted(response_times):
        seen += response_times[ms]
        if seen >= wanted:
            return float(ms)
    return float(max(response_times))


def read_stats(path: Path) -> dict:
    """Locust's final figures (its --json-file): count, errors, median and p95 of each request."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    lines = {}
    everything: dict[float, int] = {}
    for entry in sorted(entries, key=lambda e: e["name"]):
        times = {float(ms): count for ms, count in entry["response_times"].items()}
        for ms, count in times.items():
            everything[ms] = everything.get(ms, 0) + count
        lines[entry["name"]] = {
            "requests": entry["num_requests"],
            "failures": entry["num_failures"],
            "median_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
            "max_ms": entry["max_response_time"],
        }
    lines["All requests"] = {
        "requests": sum(line["requests"] for line in lines.values()),
        "failures": sum(line["failures"] for line in lines.values()),
        "median_ms": percentile(everything, 50),
        "p95_ms": percentile(everything, 95),
        "max_ms": max((line["max_ms"] for line in lines.values()), default=0),
    }
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent signed-in people (default 50)")
    parser.add_argument(
        "--run-time", type=int, default=120, help="seconds with every person at work, after the ramp-up (default 120)"
    )
    parser.add_argument(
        "--spawn-rate", type=float, default=2, help="people who sign in each second during the ramp-up (default 2)"
    )
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default 2 x cores)")
    parser.add_argument(
        "--think",
        default="5,15",
        help="seconds each person reads a page before the next, as MIN,MAX (default 5,15)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 200 or not 1 <= args.run_time <= 900:
        parser.error("keep the load bounded: 1-200 users, 1-900 seconds")
    try:
        low, high = (float(part) for part in args.think.split(","))
    except ValueError:
        parser.error("--think takes two numbers of seconds, such as 5,15")
    if not 0 <= low <= high <= 600:
        parser.error("--think: 0 <= MIN <= MAX <= 600")

    os.environ.setdefault("DATABASE_URL", f"sqlite:///{LOAD_DB}")
    url = configure()
    from django.db import connection

    vendor = connection.vendor
    try:
        prepared = prepare(url, args.users)
    except BenchDatabaseError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    connection.close()
    plan_file = RESULTS_DIR / f"load-plan-{vendor}.json"
    plan_file.write_text(json.dumps(prepared["plan"]), encoding="utf-8")

    workers = args.workers or 2 * (os.cpu_count() or 1)
    ramp_up = math.ceil(args.users / args.spawn_rate)
    port = free_port()
    base = f"http://{HOST}:{port}"
    env = dict(os.environ, ALLOWED_HOSTS=HOST, DEBUG="false", SECURE_SSL="false", LOG_LEVEL="WARNING")
    # No collectstatic for a load test: pages are fetched without their static files.
    env["PYTHONWARNINGS"] = "ignore:No directory at:UserWarning"
    python_bin = Path(sys.executable).parent
    server_log = open(RESULTS_DIR / f"load-{vendor}-gunicorn.log", "w", encoding="utf-8")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(python_bin / "gunicorn"),
            "ascent.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--preload",  # import the app once, before forking, so no worker starts cold
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        # gunicorn.conf.py (read from ROOT, as in production) logs every request: keep that
        # log beside the results, where a failure can be looked up.
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    prefix = RESULTS_DIR / f"load-{vendor}"
    try:
        wait_until_up(base, server)
        print(
            f"Load test on {vendor}: {args.users} people signing in over {ramp_up} s, then all at work for "
            f"{args.run_time} s, against {base} ({workers} gunicorn workers)"
        )
        started = time.monotonic()
        subprocess.run(
            [
                str(python_bin / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{ramp_up + args.run_time}s",
                "--stop-timeout",
                "30",
                "--json-file",
                str(prefix),
                "--only-summary",
                "--skip-log",
            ],
            cwd=ROOT,
            env=dict(os.environ, ASCENT_LOAD_PLAN=str(plan_file), ASCENT_LOAD_THINK=args.think),
            stdout=subprocess.DEVNULL,
            check=False,
        )
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        server_log.close()

    stats = read_stats(Path(f"{prefix}.json"))
    total = stats["All requests"]
    result = {
        "database": vendor,
        "users": args.users,
        "ramp_up_seconds": ramp_up,
        "run_time_seconds": args.run_time,
        "elapsed_seconds": round(elapsed, 1),
        "think_seconds": args.think,
        "gunicorn_workers": workers,
        "cpu_count": os.cpu_count(),
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
        "p95_ms": total["p95_ms"],
        "requests": total["requests"],
        "errors": total["failures"],
        "by_request": stats,
    }
    (RESULTS_DIR / f"load-{vendor}-result.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"\n{'Request':<34} {'count':>7} {'errors':>7} {'median ms':>10} {'p95 ms':>8}")
    for name, line in stats.items():
        p95 = "-" if line["p95_ms"] is None else f"{line['p95_ms']:.0f}"
        median = "-" if line["median_ms"] is None else f"{line['median_ms']:.0f}"
        print(f"{name:<34} {line['requests']:>7} {line['failures']:>7} {median:>10} {p95:>8}")
    verdict = "PASS" if total["failures"] == 0 and total["requests"] > 0 else "FAIL"
    print(f"\n{verdict}: {total['requests']:,} requests, {total['failures']} errors, p95 {total['p95_ms']:.0f} ms")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
