"""Open assurance flags of a council's programmes (placeholder until the checks land).

- :func:`open_flags` (organisation) -> list of ``ascent.assurance.registry.Flag``.
- :func:`project_flags` (organisation, project_ids=None) -> {project id: [Flag, ...]}.
"""

from __future__ import annotations


def open_flags(organisation) -> list:
    return []


def project_flags(organisation, project_ids=None) -> dict[int, list]:
    return {}
