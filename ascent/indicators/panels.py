"""The Performance panel on an organisation's Overview page (declared on the app's AppConfig)."""

from __future__ import annotations

from .scorecard import build_scorecard, rag_counts, worst_moving

WORST_SHOWN = 3


def performance_panel(request, organisation) -> dict | None:
    """RAG counts and the indicators getting worse fastest, or a pointer to importing data.

    None when the user may not see performance evidence. Three queries, whatever the data.
    """
    if not request.user.has_perm("indicators.view_performance", organisation):
        return None
    scorecard = build_scorecard(organisation)
    rated = [row for row in scorecard.rows if row.has_data]
    counts = rag_counts(scorecard)
    return {
        "template": "indicators/_panel.html",
        "has_data": bool(rated),
        "counts": [(rag, counts[rag]) for rag in counts],
        "indicator_count": len(rated),
        "worst": worst_moving(scorecard, WORST_SHOWN),
        "is_illustrative": scorecard.is_illustrative,
        "can_import": request.user.has_perm("imports.import_data", organisation),
    }
