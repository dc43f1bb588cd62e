#!/usr/bin/env python
"""Project rule that generic linters cannot express: views reach records only through access helpers.

In any ``views.py`` under ascent/, these are refused, because they fetch a row without
asking whether the user may see it:

    Model.objects.get(...)        use ascent.organisations.access / a visible_to() queryset
    get_object_or_404(...)        the same: the access helpers give the 404 themselves
    Model.objects.all()           scope the queryset to the organisation the helper returned

A line may opt out with ``# access: <reason>`` when the row is not private (reference data).
Exit status 1 lists every offending line as path:line: message.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RULES = [
    (re.compile(r"\.objects\.get\("), "fetch through an access helper, not Model.objects.get()"),
    (re.compile(r"\bget_object_or_404\("), "use an access helper instead of get_object_or_404()"),
    (re.compile(r"\.objects\.all\(\)"), "scope the queryset to the organisation from the access helper"),
]
OPT_OUT = re.compile(r"#\s*access:\s*\S")


def check_line(line: str) -> list[str]:
    if OPT_OUT.search(line):
        return []
    code = line.split("#", 1)[0]
    return [message for pattern, message in RULES if pattern.search(code)]


def check_paths(paths: list[Path]) -> list[str]:
    problems = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            problems.extend(f"{path}:{number}: {message}" for message in check_line(line))
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "ascent"
    problems = check_paths(sorted(root.rglob("views.py")))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
