"""Milestone slippage: how far a milestone's forecast date has moved from its baseline.

A milestone keeps the date it was first planned for (its **baseline**) and the date it is now
expected (its **forecast**, or the date it was met). **Slippage** is the forecast less the
baseline in days: positive when late, negative when early. A programme sets a **tolerance**
in days; a milestone slipped beyond it is flagged.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["beyond_tolerance", "slippage_days", "slippage_text"]


def slippage_days(baseline: dt.date | None, forecast: dt.date | None) -> int | None:
    """Days from the baseline to the forecast (late is positive); None without both dates."""
    if baseline is None or forecast is None:
        return None
    return (forecast - baseline).days


def beyond_tolerance(baseline: dt.date | None, forecast: dt.date | None, tolerance_days: int) -> bool:
    """Whether the milestone is later than its baseline by more than ``tolerance_days``."""
    if tolerance_days < 0:
        raise ValueError(f"A tolerance is a number of days, zero or more, not {tolerance_days}")
    days = slippage_days(baseline, forecast)
    return days is not None and days > tolerance_days


def _span(days: int) -> str:
    if days % 7 == 0 and days >= 14:
        return f"{days // 7} weeks"
    return "1 day" if days == 1 else f"{days} days"


def slippage_text(baseline: dt.date | None, forecast: dt.date | None) -> str:
    """ "On its baseline date", "3 weeks late", "2 days early", or "" without both dates."""
    days = slippage_days(baseline, forecast)
    if days is None:
        return ""
    if days == 0:
        return "On its baseline date"
    return f"{_span(abs(days))} {'late' if days > 0 else 'early'}"
