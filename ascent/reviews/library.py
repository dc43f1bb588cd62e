"""The review's evidence library and what the host shares with the team; the evidence page's block."""

from __future__ import annotations


def evidence_reviews_panel(request, organisation, evidence):
    return None
