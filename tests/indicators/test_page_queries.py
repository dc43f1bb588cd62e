"""Query counts of the Performance pages not pinned elsewhere: they must not grow with the data.

Each page is requested once with a little data and once with twenty times as much; the
second request may make no more queries than the first.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

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
