"""Query counts of the Performance pages not pinned elsewhere: they must not grow with the data.

Each page is requested once with a little data and once with twenty times as much; the
second request may make no more queries than the first.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.indicators.factories import shipped_frameworks

from .test_scorecard_page import add_indicators

pytestmark = pytest.mark.django_db


def _url(name: str, organisation, **kwargs) -> str:
    return reverse(name, kwargs={"gss_code": organisation.gss_code, **kwargs})


PAGES = [
    ("indicators:library", {}),
    ("indicators:groups", {}),
    ("indicators:scorecard-export", {"fmt": "csv"}),
    ("indicators:scorecard-export", {"fmt": "xlsx"}),
    ("reports:view", {"slug": "performance"}),
    ("reports:download", {"slug": "performance", "fmt": "xlsx"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[f"{n}-{k}" for n, k in PAGES])
def test_the_query_count_does_not_grow_with_the_data(
    client, harrow, editor, django_assert_max_num_queries, name, kwargs
):
    client.force_login(editor)
    path = _url(name, harrow, **kwargs)
    add_indicators(harrow, 0, 2)
    assert client.get(path).status_code == 200
    with django_assert_max_num_queries(20) as small:
        assert client.get(path).status_code == 200
    add_indicators(harrow, 2, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(path).status_code == 200


def test_searching_the_library_by_a_published_code_takes_one_query_more(client, harrow, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ascent.indicators.library import load_indicator_library

    shipped_frameworks()
    load_indicator_library()
    client.force_login(editor)
    path = _url("indicators:library", harrow)
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as plain:
        response = client.get(path)
    with CaptureQueriesContext(connection) as searched:
        found = client.get(path, {"q": "1C(1A)"})
    assert response.status_code == found.status_code == 200
    assert b'data-code="ASCOF23-3D1A"' in found.content
    # The shipped codes and successors, read once to understand the published code.
    assert len(searched.captured_queries) == len(plain.captured_queries) + 1
