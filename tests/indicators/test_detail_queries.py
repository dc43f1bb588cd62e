"""The indicator page and comparator pages make a fixed number of queries, whatever the amount of data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ascent.core.periods import Period
from ascent.indicators.comparators import sync_builtin_groups

from .bench_factories import custom_group, make_councils, make_indicator, observe, set_target

pytestmark = pytest.mark.django_db

#: Every signed-in page in an organisation's space makes 8 (session, user, the organisation,
#: roles, memberships for the menu, saving the session in a savepoint). The indicator page adds
#: 9: the indicator, its framework elements, what they also count towards (the crosswalk), the
#: series, the targets, the comparator groups, the periods with values (with how many of the
#: group have one), the chosen group's members and the period's values. Pinned: a change here
#: should be deliberate.
DETAIL_QUERIES = 17
#: The comparator groups page adds 2: the groups with their counts, and the council's own groups' members.
INDEX_QUERIES = 10
#: The edit page adds 4: the group, its members, every council and the names already taken.
EDIT_QUERIES = 12


def detail_url(harrow, indicator, **query):
    url = reverse("indicators:detail", kwargs={"gss_code": harrow.gss_code, "indicator_id": indicator.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def indicator(harrow, london):
    indicator = make_indicator("ASCOF-Q")
    observe(harrow, indicator, "2022-23", 70, numerator=7, denominator=10)
    set_target(harrow, indicator, "2022-23")
    for council in make_councils(london, 3):
        observe(council, indicator, "2022-23", 50)
    sync_builtin_groups()
    return indicator


def add_lots(harrow, london, indicator):
    """Many more councils, periods, values and targets."""
    councils = make_councils(london, 60, start=300)
    for year in range(2000, 2022):
        period = Period.financial_year(year).code
        observe(harrow, indicator, period, year - 1950, numerator=1, denominator=2)
        set_target(harrow, indicator, period, value=Decimal(year - 1940))
        for council in councils[:10]:
            observe(council, indicator, period, year - 1960)
    for council in councils:
        observe(council, indicator, "2022-23", 40)
    sync_builtin_groups()


def test_the_indicator_page_query_count_is_pinned(client, viewer, harrow, indicator, django_assert_max_num_queries):
    client.force_login(viewer)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert client.get(detail_url(harrow, indicator)).status_code == 200


def test_the_indicator_page_query_count_does_not_grow(client, viewer, harrow, london, indicator):
    client.force_login(viewer)
    small = count(client, detail_url(harrow, indicator))
    small_england = count(client, detail_url(harrow, indicator, group="england", period="2022-23"))
    add_lots(harrow, london, indicator)
    assert count(client, detail_url(harrow, indicator)) == small <= DETAIL_QUERIES
    assert count(client, detail_url(harrow, indicator, group="england", period="2022-23")) == small_england


def test_the_comparator_pages_query_counts_do_not_grow(client, editor, harrow, london, indicator):
    client.force_login(editor)
    group = custom_group(harrow, "Peers", [harrow])
    index = reverse("indicators:comparators", kwargs={"gss_code": harrow.gss_code})
    edit = reverse("indicators:comparator-edit", kwargs={"gss_code": harrow.gss_code, "slug": group.slug})
    small_index, small_edit = count(client, index), count(client, edit)
    councils = make_councils(london, 80, start=700)
    group.members.set(councils)
    for n in range(5):
        custom_group(harrow, f"More peers {n}", councils[: 10 * (n + 1)])
    sync_builtin_groups()
    assert count(client, index) == small_index <= INDEX_QUERIES
    assert count(client, edit) == small_edit <= EDIT_QUERIES
