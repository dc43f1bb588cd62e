"""The Spending panel on an organisation's Overview page (declared on the app's AppConfig)."""

from __future__ import annotations

from . import summary
from .views import VIEW_PERM, expenditure_lines


def spending_panel(request, organisation) -> dict | None:
    """The latest year's total spending and its movement; None with no figures or no permission."""
    if not request.user.has_perm(VIEW_PERM, organisation):
        return None
    lines = expenditure_lines(organisation)
    if not lines:
        return None
    measure = summary.default_measure(lines)
    latest = summary.latest_trend(lines, measure=measure)
    if latest is None:
        return None
    return {
        "template": "finance/_panel.html",
        "organisation": organisation,
        "what": "Net spending" if measure == summary.NET else "Gross spending",
        "sentence": latest.sentence(),
        "is_illustrative": latest.is_illustrative,
    }
