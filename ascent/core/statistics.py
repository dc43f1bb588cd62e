"""The query planner's statistics after a bulk load.

PostgreSQL gathers statistics on its own (autovacuum). SQLite gathers none unless asked, and
without them it may choose a poor index: with no statistics it took the index of actions "not
superseded" (nearly every action in the country) rather than the council's plans to find one
council's actions, three times slower. :func:`refresh_planner_statistics` runs SQLite's
``ANALYZE``, bounded by ``analysis_limit`` so that it takes milliseconds on a large database;
the demo command and the benchmark call it after loading data.
"""

from __future__ import annotations

from django.db import connection

#: Rows SQLite samples per index (its documentation suggests a few hundred to a thousand).
ANALYSIS_LIMIT = 1000


def refresh_planner_statistics(using=None) -> bool:
    """Gather SQLite's statistics; on other databases, do nothing. Returns whether it ran."""
    db = using or connection
    if db.vendor != "sqlite":
        return False
    with db.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return True
