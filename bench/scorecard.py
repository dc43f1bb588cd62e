"""The scorecard as at a period, and with two periods side by side, beside the plain scorecard
in the same run.

The plain scorecard reads each indicator's values once; as at a period it reads those up to the
period's end; side by side it reads those up to the later period's end once and works out both
periods' rows from them (``build_comparison`` through ``build_scorecards``, three queries).
Timing the three one after another, with the same client and data, shows what the choice of
periods costs, whatever else the machine is doing. Harrow's benchmark data have financial
years 2015-16 to 2024-25, quarters from Q3 2017/18 and months from Dec 2021, so Q3 2023/24
beside Q3 2022/23 and 2023-24 beside 2022-23 have values on both sides for every indicator.

Called from bench/run.py (``measure_scorecard``), or alone:

    .venv/bin/python bench/scorecard.py [--iterations N]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: (line name, query string, the line it is read beside): the plain scorecard and its CSV first.
SCORECARD_LINES = [
    ("Scorecard", {}, None),
    ("Scorecard as at Q3 2023/24", {"as_at": "2023-24-Q3"}, "Scorecard"),
    ("Scorecard, Q3 2023/24 beside Q3 2022/23", {"as_at": "2023-24-Q3", "compare": "last-year"}, "Scorecard"),
    ("Scorecard, 2023-24 beside 2022-23", {"as_at": "2023-24", "compare": "2022-23"}, "Scorecard"),
    ("Scorecard CSV", {}, None),
    ("Scorecard CSV, two quarters", {"as_at": "2023-24-Q3", "compare": "last-year"}, "Scorecard CSV"),
]


def measure_scorecard(iterations: int, client, small_client, log) -> list:
    """The plain scorecard, then as at a period and side by side, each timed ``iterations`` times."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from bench.run import COUNCIL, PAGE_BUDGET_MS, SMALL_COUNCIL, Line, is_csv, is_html, time_requests

    lines = []
    for name, query, _floor in SCORECARD_LINES:
        log(f"  {name} ...")
        csv = name.startswith("Scorecard CSV")
        view, kwargs = ("indicators:scorecard-export", {"fmt": "csv"}) if csv else ("indicators:scorecard", {})
        suffix = f"?{urlencode(query)}" if query else ""
        path, small_path = (
            reverse(view, kwargs={"gss_code": code, **kwargs}) + suffix for code in (COUNCIL, SMALL_COUNCIL)
        )
        line = Line(name, path, iterations, budget_ms=PAGE_BUDGET_MS)
        lines.append(time_requests(line, client, small_client, path, small_path, is_csv if csv else is_html))
    return lines


def ratios(lines: list) -> list[str]:
    """Each line's median server and CPU time beside the plain scorecard's (or its CSV's), in the same run."""
    by_name = {line.name: line for line in lines}
    result = []
    for name, _query, floor_name in SCORECARD_LINES:
        line, floor = by_name.get(name), by_name.get(floor_name)
        if line is None or floor is None:
            continue
        result.append(
            f"{name}: {line.median_ms:,.1f} ms ({line.median_ms / floor.median_ms:.2f} × {floor_name.lower()}, "
            f"{floor.median_ms:,.1f} ms); CPU {line.cpu_median_ms:,.1f} ms "
            f"({line.cpu_median_ms / floor.cpu_median_ms:.2f} × {floor.cpu_median_ms:,.1f} ms)"
        )
    return result


def main(argv: list[str] | None = None) -> int:
    from bench.pages import standalone

    return standalone(argv, "The scorecard as at a period and side by side", measure_scorecard, ratios)


if __name__ == "__main__":
    raise SystemExit(main())
