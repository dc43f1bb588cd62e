"""Open assurance flags of a council's reviews, for the Challenges page and the Overview."""

from __future__ import annotations


def open_flags(organisation) -> list:
    return []
