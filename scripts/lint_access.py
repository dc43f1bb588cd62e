#!/usr/bin/env python
"""Project rule that generic linters cannot express: views reach records only through access helpers.

It reads every view module under ascent/ (any ``views.py`` and every module of a ``views``
package) as Python syntax, so a query split over several lines is read whole, and refuses:

    get_object_or_404(...), get_list_or_404(...)
                                use ascent.organisations.access.fetch: it gives the 404 itself
    Model.objects.get(...)      the same
    Model.objects.all()         scope the queryset to the organisation from the access helper
    X.objects.<anything but visible_to / in_organisation / for_user_in / shared_with_region>(...)
                                where X is organisation-scoped (derives from OrganisationScoped):
                                such a query must start by scoping itself
    ....filter(...).first()     (or .last(), .get(), .earliest(), .latest()) on a query that
                                was never scoped: fetching one row is what fetch() is for

Organisation-scoped models are found by reading every ``models.py``: a class whose bases
include ``OrganisationScoped`` or ``OrganisationScopedModel`` (or another such class).

A query may opt out with a comment starting ``# access:`` and giving the reason, on any
line of the statement that holds it, when the rows are not private (reference data, the person's own account).
Exit status 1 lists every offending line as path:line: message.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "ascent"
SCOPED_BASES = {"OrganisationScoped", "OrganisationScopedModel"}
#: shared_with_region(region) scopes self-assessments to what a region's councils shared with
#: it; views call it only with a region from get_region_for_user.
SCOPING = {"visible_to", "in_organisation", "for_user_in", "shared_with_region"}
ONE_ROW = {"first", "last", "get", "earliest", "latest"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
OPT_OUT = re.compile(r"#\s*access:\s*\S")

GET = "fetch one record through ascent.organisations.access.fetch, not Model.objects.get()"
SHORTCUT = "use ascent.organisations.access.fetch instead of {name}()"
ALL = "scope the queryset to the organisation from the access helper, not Model.objects.all()"
UNSCOPED = "{model} is organisation-scoped: start the query with visible_to(user) or in_organisation(organisation)"
FIRST = "fetch one record through ascent.organisations.access.fetch, not .{method}() on an unscoped query"


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


@cache
def scoped_models(root: Path = ROOT) -> frozenset[str]:
    """Names of the organisation-scoped models declared in any models.py under root."""
    bases: dict[str, set[str]] = {}
    for path in root.rglob("models.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(filter(None, (_name(b) for b in node.bases)))
    found = set(SCOPED_BASES)
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in found and parents & found:
                found.add(name)
                changed = True
    return frozenset(found - SCOPED_BASES)


def _opt_out_lines(source: str) -> set[int]:
    lines = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and OPT_OUT.match(token.string):
                lines.add(token.start[0])
    except (tokenize.TokenError, IndentationError):
        pass
    return lines


def _chain(call: ast.Call) -> tuple[str | None, list[str]] | None:
    """For ``X.objects.a(...).b(...)``: (``X`` or None if not a plain name, ["a", "b"]); else None."""
    methods: list[str] = []
    node: ast.expr = call
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            methods.append(node.func.attr)
            node = node.func.value
        elif isinstance(node, ast.Attribute) and node.attr == "objects":
            return _name(node.value) if isinstance(node.value, ast.Name) else None, methods[::-1]
        else:
            return None


def _problems(model: str | None, methods: list[str], scoped: frozenset[str]) -> list[str]:
    if not methods:
        return []
    first = methods[0]
    if first == "get":
        return [GET]
    if first == "all" and not SCOPING & set(methods):
        return [ALL]
    if model in scoped and first not in SCOPING:
        return [UNSCOPED.format(model=model)]
    one_row = [m for m in methods if m in ONE_ROW]
    if one_row and not SCOPING & set(methods):
        return [FIRST.format(method=one_row[0])]
    return []


def _statement_lines(tree: ast.AST) -> dict[int, tuple[int, int]]:
    """For each node, the lines of the statement it is in (a compound statement's header only)."""
    lines: dict[int, tuple[int, int]] = {}
    for statement in ast.walk(tree):  # breadth first: inner statements overwrite outer ones
        if not isinstance(statement, ast.stmt):
            continue
        body = getattr(statement, "body", None)
        last = body[0].lineno - 1 if body else statement.end_lineno or statement.lineno
        for node in ast.walk(statement):
            lines[id(node)] = (statement.lineno, max(last, statement.lineno))
    return lines


def check_source(source: str, scoped: frozenset[str] | None = None) -> list[tuple[int, str]]:
    """Every (line, message) in one view module's source."""
    scoped = scoped_models() if scoped is None else scoped
    tree = ast.parse(source)
    opted_out = _opt_out_lines(source)
    inner: set[int] = set()  # calls that are links of a longer chain: judged with the whole chain
    found = []
    calls = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Call)),
        key=lambda n: (n.lineno, n.col_offset, -(n.end_lineno or 0), -(n.end_col_offset or 0)),
    )
    statement_lines = _statement_lines(tree)
    for call in calls:
        first, last = statement_lines.get(id(call), (call.lineno, call.end_lineno or call.lineno))
        if any(line in opted_out for line in range(first, last + 1)):
            continue
        name = _name(call.func)
        if name in SHORTCUTS:
            found.append((call.lineno, SHORTCUT.format(name=name)))
            continue
        if id(call) in inner:
            continue
        chain = _chain(call)
        if chain is None:
            continue
        node = call.func.value
        while isinstance(node, ast.Call | ast.Attribute):
            inner.add(id(node))
            node = node.func if isinstance(node, ast.Call) else node.value
        found.extend((call.lineno, message) for message in _problems(*chain, scoped))
    return found


def check_line(line: str, scoped: frozenset[str] | None = None) -> list[str]:
    """The messages for one line of code (for the tests' examples)."""
    return [message for _, message in check_source(line.strip(), scoped)]


def is_view_module(path: Path) -> bool:
    return path.suffix == ".py" and (path.name == "views.py" or "views" in path.parent.parts)


def view_modules(root: Path = ROOT) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if is_view_module(path.relative_to(root)))


def check_paths(paths: list[Path], scoped: frozenset[str] | None = None) -> list[str]:
    problems = []
    for path in paths:
        for number, message in check_source(path.read_text(encoding="utf-8"), scoped):
            problems.append(f"{path}:{number}: {message}")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else ROOT
    problems = check_paths(view_modules(root), scoped_models(root))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
