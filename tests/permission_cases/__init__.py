"""The permission matrix's rows, one module per area of the service.

Each module defines ``CASES`` (URL name → :class:`~.base.Case`) and may define
``extend_world(world)`` to add the records its URLs need to the shared test world, and
``A_MARKERS``: text that only organisation A's private data contains, which must never
appear in a response to a member of B. A new
app adds a module here; tests/test_permission_matrix.py merges them all and fails on any
URL that no module classifies.

A URL whose answers depend on which record it is asked about (a job's page answers its
requester and the organisation's admins) may have more rows than one: each further row is
keyed ``"<URL name> @ <which record>"`` (see :func:`url_name`) and builds its own arguments.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import Case

#: What separates a URL name from the record a further row of it is about.
VARIANT = " @ "


def url_name(key: str) -> str:
    """The URL name a row of ``CASES`` is about (``"jobs:detail @ a letter's job"`` → ``"jobs:detail"``)."""
    return key.split(VARIANT, 1)[0]


def modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name != "base":
            yield importlib.import_module(f"{__name__}.{info.name}")


def all_cases() -> dict[str, Case]:
    merged: dict[str, Case] = {}
    for module in modules():
        for name, case in module.CASES.items():
            if name in merged:
                raise ValueError(f"{name} is classified twice (again in {module.__name__})")
            merged[name] = case
    return merged


def extend_world(world: dict) -> None:
    for module in modules():
        extend = getattr(module, "extend_world", None)
        if extend is not None:
            extend(world)


def a_markers() -> list[str]:
    found: list[str] = []
    for module in modules():
        found.extend(getattr(module, "A_MARKERS", []))
    return found
