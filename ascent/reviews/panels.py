"""The reviews panel on a council's Overview page."""

from __future__ import annotations


def reviews_panel(request, organisation):
    return None
