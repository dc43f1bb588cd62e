"""A programme's reports: the board highlight report and the committee report.

A report is made in two steps, so a paper issued to a meeting reads the same for good:

- :func:`snapshot` (``ascent/programmes/reporting/snapshot.py``) reads the programme into
  plain, JSON-safe values (Decimals as strings, dates as ISO text) in a fixed, small number
  of queries, whatever the size of the programme;
- :func:`build_highlight` and :func:`build_committee` (``documents.py``) build a
  document-kernel ``Document`` from a snapshot alone, never from the database: the live
  report builds from a fresh snapshot, an issued :class:`~ascent.programmes.models.BoardPaper`
  from the one it keeps.

:func:`issue_paper` keeps a snapshot as a paper to a meeting of the programme's board.
"""

from __future__ import annotations

from .documents import build, build_committee, build_highlight
from .papers import issue_paper
from .snapshot import KINDS, snapshot

__all__ = ["KINDS", "build", "build_committee", "build_highlight", "issue_paper", "snapshot"]
