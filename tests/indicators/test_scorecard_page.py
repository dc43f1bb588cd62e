"""The scorecard page: the Performance section's front page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import NoReverseMatch, reverse

from .factories import IndicatorFactory, IndicatorGroupFactory, TargetFactory, series

pytestmark = pytest.mark.django_db

D = Decimal


def page(client, organisation, **params):
    response = client.get(reverse("indicators:scorecard", kwargs={"gss_code": organisation.gss_code}), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table_rows(soup):
    """{code: {column heading: cell text}} for every row of every table."""
    found = {}
    for table in soup.select("table.govuk-table"):
        headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        for tr in table.select("tbody tr"):
            cells = [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
            found[tr["data-code"]] = dict(zip(headings, cells, strict=True))
    return found


def codes(soup):
    return [tr["data-code"] for tr in soup.select("table.govuk-table tbody tr")]


@pytest.fixture
def reviews(harrow):
    indicator = IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months", decimals=0)
    series(harrow, indicator, {"2021-22": "70", "2022-23": "74", "2023-24": "83"})
    TargetFactory(organisation=harrow, indicator=indicator, period="2023-24", value=D("80"), tolerance=D("5"))
    return indicator


@pytest.fixture
def delays(harrow):
    indicator = IndicatorFactory(
        organisation=harrow, code="HAR-DEL", title="Delayed transfers", unit="per_100k", polarity="lower_is_better"
    )
    series(harrow, indicator, {"2022-23": "10.5", "2023-24": "12.25"}, status="provisional")
    TargetFactory(organisation=harrow, indicator=indicator, period="2023-24", comparison="at_most", value=D("9"))
    return indicator


def test_it_is_the_performance_front_page(client, harrow, viewer, reviews):
    client.force_login(viewer)
    soup = page(client, harrow)
    assert soup.h1.get_text(strip=True) == "Performance"
    assert len(soup.find_all("h1")) == 1


def test_it_links_to_every_part_of_performance_that_exists(client, harrow, viewer, reviews):
    client.force_login(viewer)
    nav = page(client, harrow).find("nav", attrs={"aria-label": "Performance"})
    links = {a.get_text(strip=True): a["href"] for a in nav.find_all("a")}
    expected = {
        "Scorecard": "indicators:scorecard",
        "Indicators": "indicators:library",
        "Indicator groups": "indicators:groups",
        "Comparator groups": "indicators:comparators",
        "Spending": "finance:index",
        "Data imports": "imports:index",
    }
    for text, name in expected.items():
        try:
            url = reverse(name, kwargs={"gss_code": harrow.gss_code})
        except NoReverseMatch:  # another part of the service not built yet
            assert text not in links
        else:
            assert links[text] == url
    assert nav.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == "Scorecard"


def test_each_row_shows_baseline_target_latest_rag_and_direction(client, harrow, viewer, reviews):
    client.force_login(viewer)
    row = table_rows(page(client, harrow))["HAR-REV12"]
    assert row["Indicator"] == "Reviews within 12 months HAR-REV12"
    assert row["Baseline"] == "70% 2021-22"
    assert row["Target"] == "At least 80% (amber within 5 percentage points)"
    assert row["Latest"] == "83% 2023-24"
    assert row["RAG"] == "Green"
    assert row["Direction of travel"] == "Improving ✓ from 74% in 2022-23"


def test_lower_is_better_rows_read_correctly_and_provisional_values_are_tagged(client, harrow, viewer, delays):
    client.force_login(viewer)
    row = table_rows(page(client, harrow))["HAR-DEL"]
    assert row["Latest"] == "12.3 2023-24 Provisional"
    assert row["Target"] == "At most 9.0"
    assert row["RAG"] == "Red"
    assert row["Direction of travel"].startswith("Worsening ✗")


def test_the_rag_tag_always_has_its_text(client, harrow, viewer, reviews, delays):
    client.force_login(viewer)
    tags = page(client, harrow).select("td strong.govuk-tag")
    assert {(" ".join(tag["class"]), tag.get_text(strip=True)) for tag in tags} >= {
        ("govuk-tag govuk-tag--green", "Green"),
        ("govuk-tag govuk-tag--red", "Red"),
    }


def test_each_indicator_links_to_its_page(client, harrow, viewer, reviews):
    client.force_login(viewer)
    link = page(client, harrow).select_one('tr[data-code="HAR-REV12"] th a')
    assert link["href"] == reverse(
        "indicators:detail", kwargs={"gss_code": harrow.gss_code, "indicator_id": reviews.pk}
    )


def test_the_trend_is_a_hidden_svg_with_a_title(client, harrow, viewer, reviews):
    client.force_login(viewer)
    svg = page(client, harrow).select_one('tr[data-code="HAR-REV12"] svg')
    assert svg["aria-hidden"] == "true"
    assert svg.title.get_text() == "Trend of Reviews within 12 months: 3 values from 2021-22 to 2023-24"


def test_tables_have_captions_and_header_scopes(client, harrow, viewer, reviews):
    client.force_login(viewer)
    table = page(client, harrow).select_one("table.govuk-table")
    assert table.caption.get_text(strip=True) == "Local indicators"
    assert all(th.get("scope") for th in table.find_all("th"))


def test_illustrative_values_carry_a_warning_and_a_mark(client, harrow, viewer, reviews):
    made_up = IndicatorFactory(organisation=harrow, code="DEMO", title="Made-up measure")
    series(harrow, made_up, {"2023-24": "50"}, is_illustrative=True)
    client.force_login(viewer)
    soup = page(client, harrow)
    assert "Illustrative: not official statistics" in soup.select_one(".govuk-warning-text").get_text()
    assert soup.select_one('tr[data-code="DEMO"]')["data-illustrative"] == "true"
    assert "Illustrative" in soup.select_one('tr[data-code="DEMO"] th').get_text()
    assert not soup.select_one('tr[data-code="HAR-REV12"]').has_attr("data-illustrative")
    # Beside made-up rows, a real row says that it is real.
    assert soup.select_one('tr[data-code="HAR-REV12"] th [data-source]').get_text(strip=True) == "Real"


@pytest.mark.parametrize("query", [{"q": "HAR-REV"}, {"q": "reviews"}, {"rag": "green"}])
def test_a_search_keeps_every_rows_real_or_illustrative_tag(client, harrow, viewer, reviews, query):
    """Searching for real rows of a scorecard that also holds made-up ones still tags them "Real"."""
    made_up = IndicatorFactory(organisation=harrow, code="DEMO", title="Made-up measure")
    series(harrow, made_up, {"2023-24": "50"}, is_illustrative=True)
    client.force_login(viewer)
    whole = page(client, harrow)
    tags = {tr["data-code"]: tr.th.select_one("[data-source], .govuk-tag") for tr in whole.select("tbody tr")}
    assert all(tags.values()), "the full list tags every row"
    soup = page(client, harrow, **query)
    rows = soup.select("table.govuk-table tbody tr")
    assert [tr["data-code"] for tr in rows] == ["HAR-REV12"]
    for tr in rows:
        tag = tr.th.select_one("[data-source], .govuk-tag")
        assert tag is not None, f"{tr['data-code']} has no Real or Illustrative tag"
        assert tag.get_text(strip=True) == tags[tr["data-code"]].get_text(strip=True)
    # The page still says the scorecard holds made-up figures.
    assert "Illustrative: not official statistics" in soup.select_one(".govuk-warning-text").get_text()


def test_a_real_latest_value_after_made_up_years_says_which_figures_are_made_up(client, harrow, viewer, reviews):
    mixed = IndicatorFactory(organisation=harrow, code="MIXED", title="Mixed measure")
    series(harrow, mixed, {"2021-22": "60", "2022-23": "61"}, is_illustrative=True)
    series(harrow, mixed, {"2023-24": "70"})
    client.force_login(viewer)
    heading = page(client, harrow).select_one('tr[data-code="MIXED"] th')
    assert heading.select_one(".govuk-tag") is None, "the latest value is real: no Illustrative tag"
    assert heading.select_one("[data-source]").get_text(strip=True) == (
        "Real latest value; illustrative previous value, baseline and trend"
    )


def test_real_figures_carry_no_illustrative_warning(client, harrow, viewer, reviews):
    client.force_login(viewer)
    assert page(client, harrow).select_one(".govuk-warning-text") is None


def test_with_no_data_it_explains_how_to_add_some(client, harrow, editor):
    client.force_login(editor)
    soup = page(client, harrow)
    text = soup.get_text(" ", strip=True)
    assert "There is no performance data for Harrow yet" in text
    assert "import a spreadsheet of indicator values" in text
    assert soup.find("a", string="add a local indicator")["href"] == reverse(
        "indicators:indicator-add", kwargs={"gss_code": harrow.gss_code}
    )
    assert soup.select("table") == []


def test_with_no_data_a_viewer_is_told_who_can_add_it(client, harrow, viewer):
    client.force_login(viewer)
    assert "Editors and admins in your organisation can import" in page(client, harrow).get_text(" ", strip=True)


def test_editors_get_a_link_to_set_each_target(client, harrow, editor, viewer, reviews):
    client.force_login(editor)
    link = page(client, harrow).select_one('tr[data-code="HAR-REV12"] a[href*="/target/"]')
    assert link.get_text(" ", strip=True) == "Change the target for Reviews within 12 months"
    assert link["href"].endswith("/target/?period=2023-24")  # opens the target it changes, note and all
    client.force_login(viewer)
    assert page(client, harrow).select_one('a[href*="/target/"]') is None


# ----- filters and sorting ---------------------------------------------------------------


@pytest.fixture
def four(harrow):
    """Red, amber, green and not rated local indicators, created in that order."""
    for code, title, value in [("R", "Charlie", "10"), ("A", "Bravo", "78"), ("G", "Alpha", "90"), ("N", "Delta", "5")]:
        indicator = IndicatorFactory(organisation=harrow, code=code, title=title)
        series(harrow, indicator, {"2023-24": value})
        if code != "N":
            TargetFactory(organisation=harrow, indicator=indicator, value=D("80"), tolerance=D("5"), period="2023-24")


def test_it_filters_by_rag(client, harrow, viewer, four):
    client.force_login(viewer)
    assert codes(page(client, harrow, rag=["green", "none"])) == ["G", "N"]


def test_it_searches(client, harrow, viewer, four):
    client.force_login(viewer)
    assert codes(page(client, harrow, q="brav")) == ["A"]


def test_it_sorts_by_rag_and_by_title(client, harrow, viewer, four):
    client.force_login(viewer)
    assert codes(page(client, harrow, sort="rag")) == ["R", "A", "G", "N"]
    assert codes(page(client, harrow, sort="title")) == ["G", "A", "R", "N"]
    assert codes(page(client, harrow)) == ["R", "A", "G", "N"]


def test_it_shows_a_council_group(client, harrow, viewer, four, reviews):
    from ascent.indicators.models import Indicator

    chosen = [Indicator.objects.get(code=code) for code in ("N", "HAR-REV12")]
    group = IndicatorGroupFactory(organisation=harrow, name="Adults board", members=chosen)
    client.force_login(viewer)
    soup = page(client, harrow, group=group.pk)
    assert codes(soup) == ["N", "HAR-REV12"]
    assert soup.select_one("caption").get_text(strip=True) == "Adults board"


def test_another_organisations_group_is_refused_with_a_message(client, harrow, herefordshire, viewer, four):
    theirs = IndicatorGroupFactory(organisation=herefordshire, name="Hereford private board")
    client.force_login(viewer)
    soup = page(client, harrow, group=theirs.pk)
    assert "Select a group from the list" in soup.select_one(".govuk-error-summary").get_text()
    assert "Hereford private board" not in str(soup)
    assert codes(soup) == ["R", "A", "G", "N"]


def test_nonsense_filters_are_reported_not_fatal(client, harrow, viewer, four):
    client.force_login(viewer)
    soup = page(client, harrow, rag="purple", sort="sideways", q="x" * 500)
    messages = soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Select red, amber, green or not rated" in messages
    assert "Select how to sort from the list" in messages
    assert "Search text must be 100 characters or fewer" in messages


def test_when_nothing_matches_it_says_so(client, harrow, viewer, four):
    client.force_login(viewer)
    text = page(client, harrow, q="nothing like this").get_text(" ", strip=True)
    assert "No indicators match your filters" in text


def test_the_download_links_keep_the_filters(client, harrow, viewer, four):
    client.force_login(viewer)
    soup = page(client, harrow, rag="red", sort="title")
    csv_link = soup.find("a", string="Download this scorecard as CSV")["href"]
    assert csv_link == reverse("indicators:scorecard-export", kwargs={"gss_code": harrow.gss_code, "fmt": "csv"}) + (
        "?rag=red&sort=title"
    )


# ----- queries ----------------------------------------------------------------------------


def add_indicators(organisation, start: int, how_many: int):
    for n in range(start, start + how_many):
        national = IndicatorFactory(code=f"ASCOF23-Z{n}", domain=f"Domain {n % 4}")
        local = IndicatorFactory(organisation=organisation, code=f"L{n}")
        for indicator in (national, local):
            series(organisation, indicator, {"2021-22": n, "2022-23": n + 3, "Q1 2023/24": n, "Q2 2023/24": n + 1})
            TargetFactory(organisation=organisation, indicator=indicator, period="2022-23")
        IndicatorGroupFactory(organisation=organisation, members=[national, local])


def test_the_query_count_is_pinned_and_does_not_grow(client, harrow, editor, django_assert_max_num_queries):
    client.force_login(editor)
    add_indicators(harrow, 0, 2)
    page(client, harrow)
    # 17: the session, the user, memberships, the organisation, the groups, the frameworks to
    # group by, the periods with values (for "as at") and the scorecard's six queries (one is
    # the crosswalk, for indicators grouped through it), among others.
    with django_assert_max_num_queries(17) as small:
        page(client, harrow, sort="rag")
    add_indicators(harrow, 2, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        soup = page(client, harrow, sort="rag")
    assert len(codes(soup)) == 84
