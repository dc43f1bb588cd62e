"""The planner's statistics: SQLite gathers them when asked; other databases gather their own."""

from __future__ import annotations

import pytest
from django.db import connection

from ascent.core.statistics import refresh_planner_statistics


@pytest.mark.django_db
def test_sqlite_gathers_statistics_and_other_databases_are_left_alone(harrow):
    ran = refresh_planner_statistics()

    if connection.vendor == "sqlite":
        assert ran is True
        with connection.cursor() as cursor:
            cursor.execute("select count(*) from sqlite_stat1 where tbl = 'organisations_organisation'")
            assert cursor.fetchone()[0] >= 1
    else:
        assert ran is False
