"""Findings: drafting, approval by the lead, and the findings block of an element's page."""

from __future__ import annotations


def element_findings_panel(request, organisation, element):
    return None
