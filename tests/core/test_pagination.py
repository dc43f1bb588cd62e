"""The GOV.UK pagination under every long list (ascent/templates/_pagination.html)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.paginator import Paginator
from django.template.loader import render_to_string


def render(number: int, pages: int, query: str = "") -> BeautifulSoup:
    page = Paginator(range(pages * 10), 10).get_page(number)
    return BeautifulSoup(render_to_string("_pagination.html", {"page": page, "query": query}), "html.parser")


def items(soup: BeautifulSoup) -> list[str]:
    return [item.get_text(strip=True) for item in soup.select(".govuk-pagination__item")]


def test_a_middle_page_links_to_the_ends_and_its_neighbours():
    soup = render(5, 10)
    assert items(soup) == ["1", "⋯", "4", "5", "6", "⋯", "10"]
    current = soup.select_one(".govuk-pagination__item--current a")
    assert current["aria-current"] == "page"
    assert current["aria-label"] == "Page 5 of 10"
    assert [a["href"] for a in soup.select(".govuk-pagination__item:not(.govuk-pagination__item--current) a")] == [
        "?page=1",
        "?page=4",
        "?page=6",
        "?page=10",
    ]
    assert soup.select_one("a[rel=prev]")["href"] == "?page=4"
    assert soup.select_one("a[rel=next]")["href"] == "?page=6"


def test_a_few_pages_are_all_listed():
    soup = render(1, 3)
    assert items(soup) == ["1", "2", "3"]
    assert soup.select_one("a[rel=prev]") is None


@pytest.mark.parametrize("number", [1, 2, 3])
def test_links_keep_the_other_parameters(number):
    soup = render(number, 3, query="who=4&kind=x")
    assert all(a["href"].startswith("?who=4&kind=x&page=") for a in soup.select("a.govuk-pagination__link"))


def test_one_page_shows_no_pagination():
    assert render(1, 1).select_one("nav") is None
