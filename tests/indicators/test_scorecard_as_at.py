"""The scorecard as at a period, and two periods side by side: the logic, the page, the
downloads and the command line.

The figures follow Harrow's: self-directed support was 83% in Q3 2015/16, a quarterly figure,
while its reviews are counted once a year. As at Q3 2015/16 each indicator shows its latest
value up to the end of December 2015, with its real period.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from ascent.core.periods import Period, PeriodKind, parse_period
from ascent.core.rag import RAG, Direction
from ascent.indicators.models import Frequency
from ascent.indicators.scorecard import (
    build_comparison,
    build_scorecard,
    build_scorecards,
    compare_scorecards,
    filter_scorecard,
    format_change,
    periods_with_data,
    same_period_last_year,
)

from .factories import IndicatorFactory, IndicatorGroupFactory, TargetFactory, series

D = Decimal
Q3_1516 = parse_period("Q3 2015/16")
Q3_1415 = parse_period("Q3 2014/15")


# ----- the same period a year earlier (pure) ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-20", "2018-19"),
        ("Q3 2015/16", "Q3 2014/15"),
        ("Q4 2019/20", "Q4 2018/19"),
        ("Oct 2019", "Oct 2018"),
        ("2019-W41", "2018-W41"),
        ("29 Feb 2020", "28 Feb 2019"),
        ("7 Oct 2019", "7 Oct 2018"),
    ],
)
def test_the_same_period_a_year_earlier(text, expected):
    assert same_period_last_year(parse_period(text)) == parse_period(expected)


def test_there_is_none_before_the_first_supported_year():
    assert same_period_last_year(Period.financial_year(1000)) is None


@st.composite
def periods(draw):
    kind = draw(st.sampled_from(list(PeriodKind)))
    year = draw(st.integers(1901, 2200))
    if kind is PeriodKind.FINANCIAL_YEAR:
        return Period.financial_year(year)
    if kind is PeriodKind.QUARTER:
        return Period.quarter(year, draw(st.integers(1, 4)))
    if kind is PeriodKind.MONTH:
        return Period.month(year, draw(st.integers(1, 12)))
    day = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    if kind is PeriodKind.WEEK:
        return Period.week_commencing(day - timedelta(days=day.weekday()))
    return Period.on(day)


@given(periods())
def test_a_year_earlier_is_the_same_kind_about_a_year_before(period):
    earlier = same_period_last_year(period)
    assert earlier.kind is period.kind
    assert 364 <= (period.start - earlier.start).days <= 366
    assert earlier.end < period.start
    if period.kind is PeriodKind.QUARTER:
        assert earlier.quarter_number == period.quarter_number
    if period.kind in (PeriodKind.MONTH, PeriodKind.FINANCIAL_YEAR):
        assert (earlier.start.month, earlier.start.year) == (period.start.month, period.start.year - 1)
    if period.kind is PeriodKind.WEEK:
        assert earlier.start.weekday() == 0


# ----- changes in words (pure) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "decimals", "amount", "expected"),
    [
        ("percent", 1, D("5"), "+5.0 percentage points"),
        ("percent", 0, D("-1"), "\u22121 percentage point"),
        ("percent", 1, D("0.04"), "No change"),
        ("money", 0, D("-1200000"), "\u2212£1.2m"),
        ("days", 1, D("2.5"), "+2.5 days"),
        ("count", 0, D("1234"), "+1,234"),
        ("count", 0, None, ""),
    ],
)
def test_a_change_has_its_sign_and_unit(unit, decimals, amount, expected):
    indicator = IndicatorFactory.build(unit=unit, decimals=decimals)
    assert format_change(indicator, amount) == expected


def test_in_files_a_change_is_written_in_words():
    percent = IndicatorFactory.build(unit="percent", decimals=1)
    money = IndicatorFactory.build(unit="money", decimals=0)
    assert format_change(percent, D("2.5"), words=True) == "Up 2.5 percentage points"
    assert format_change(money, D("-1200000"), words=True) == "Down £1.2m"
    assert format_change(money, D("0"), words=True) == "No change"


# ----- building the comparison ----------------------------------------------------------


@pytest.fixture
def history(harrow):
    """A quarterly national indicator, yearly local ones, and targets for two years."""
    sds = IndicatorFactory(
        code="ASCOF-1C1A", title="Self-directed support", frequency=Frequency.QUARTERLY, domain="Quality of life"
    )
    series(
        harrow,
        sds,
        {"Q3 2014/15": "78.0", "Q4 2014/15": "79.0", "Q3 2015/16": "83.0", "Q4 2015/16": "84.0"},
    )
    TargetFactory(organisation=harrow, indicator=sds, period="2014-15", value=D("80"))
    TargetFactory(organisation=harrow, indicator=sds, period="2015-16", value=D("80"))
    reviews = IndicatorFactory(organisation=harrow, code="HAR-REV", title="Reviews on time", decimals=0)
    series(harrow, reviews, {"2013-14": "60", "2014-15": "70", "2015-16": "75"})
    TargetFactory(organisation=harrow, indicator=reviews, period="2014-15", value=D("65"))
    old = IndicatorFactory(organisation=harrow, code="HAR-OLD", title="Old measure", decimals=0)
    series(harrow, old, {"2013-14": "50"})
    later = IndicatorFactory(code="ASCOF-2D", title="Short-term support", domain="Delaying need")
    series(harrow, later, {"2016-17": "77"})
    return {"sds": sds, "reviews": reviews, "old": old, "later": later}


def rows_by_code(table) -> dict:
    return {row.indicator.code: row for row in table.rows}


@pytest.mark.django_db
def test_as_at_a_quarter_each_value_keeps_its_real_period(harrow, history):
    scorecard = build_scorecard(harrow, period=Q3_1516)
    rows = rows_by_code(scorecard)
    assert (rows["ASCOF-1C1A"].latest_text, rows["ASCOF-1C1A"].latest_period_label) == ("83.0%", "Q3 2015/16")
    assert (rows["HAR-REV"].latest_text, rows["HAR-REV"].latest_period_label) == ("70%", "2014-15")
    assert "ASCOF-2D" not in rows  # its first value came later


@pytest.mark.django_db
def test_a_comparison_pairs_both_periods_each_rated_as_the_scorecard_rates_it(harrow, history):
    comparison = build_comparison(harrow, Q3_1516, Q3_1415)
    rows = rows_by_code(comparison)
    sds = rows["ASCOF-1C1A"]
    assert (sds.current.latest_text, sds.current.latest_period_label, sds.current.rag) == (
        "83.0%",
        "Q3 2015/16",
        RAG.GREEN,
    )
    assert (sds.compared.latest_text, sds.compared.latest_period_label, sds.compared.rag) == (
        "78.0%",
        "Q3 2014/15",
        RAG.RED,
    )
    assert sds.change == D("5.0")
    assert sds.change_text == "+5.0 percentage points"
    assert sds.direction is Direction.IMPROVING
    reviews = rows["HAR-REV"]
    assert (reviews.current.latest_period_label, reviews.compared.latest_period_label) == ("2014-15", "2013-14")
    assert reviews.change_text == "+10 percentage points"

    # Every rating is the one build_scorecard gives as at that period.
    for period, side in ((Q3_1516, "current"), (Q3_1415, "compared")):
        alone = rows_by_code(build_scorecard(harrow, period=period))
        for code, row in rows.items():
            expected = alone[code].rag if code in alone else RAG.NONE
            assert getattr(row, side).rag is expected, (code, side)


def _snapshot(scorecard) -> list:
    return [
        (
            group.key,
            row.indicator.code,
            row.latest.pk if row.latest else None,
            row.previous.pk if row.previous else None,
            row.baseline,
            row.baseline_label,
            row.target.pk if row.target else None,
            row.rag,
            row.direction,
            row.points,
            row.is_illustrative,
        )
        for group in scorecard.groups
        for row in group.rows
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("grouped", [False, True])
def test_several_periods_at_once_are_each_what_the_scorecard_gives_alone(
    harrow, history, grouped, django_assert_max_num_queries
):
    group = IndicatorGroupFactory(organisation=harrow, members=list(history.values())) if grouped else None
    periods = [None, parse_period("2016-17"), Q3_1516, Q3_1415, parse_period("2013-14"), parse_period("2012-13")]
    # Six: the elements, the indicators, their tags, the crosswalk, the values, the targets.
    with django_assert_max_num_queries(6):
        together = build_scorecards(harrow, periods, group=group)
    for period, scorecard in zip(periods, together, strict=True):
        alone = build_scorecard(harrow, period=period, group=group)
        assert scorecard.period == period
        assert _snapshot(scorecard) == _snapshot(alone), period


@pytest.mark.django_db
def test_the_same_value_on_both_sides_is_no_change(harrow, history):
    old = rows_by_code(build_comparison(harrow, Q3_1516, Q3_1415))["HAR-OLD"]
    assert old.same_value
    assert old.change is None and old.change_text == ""
    assert old.direction is Direction.NOT_COMPARABLE


@pytest.mark.django_db
def test_comparing_with_a_later_period_keeps_every_indicator_of_both(harrow, history):
    comparison = build_comparison(harrow, Q3_1415, parse_period("2016-17"))
    rows = rows_by_code(comparison)
    assert "ASCOF-2D" in rows
    assert rows["ASCOF-2D"].current.latest is None
    assert rows["ASCOF-2D"].compared.latest_text == "77.0%"
    assert rows["ASCOF-1C1A"].change == D("78.0") - D("84.0")
    assert rows["ASCOF-1C1A"].direction is Direction.WORSENING


@pytest.mark.django_db
def test_a_comparison_filters_and_sorts_by_the_as_at_rating(harrow, history):
    comparison = build_comparison(harrow, Q3_1516, Q3_1415)
    kept = filter_scorecard(comparison, rags=[RAG.GREEN])
    assert [row.indicator.code for row in kept.rows] == ["ASCOF-1C1A", "HAR-REV"]
    by_title = filter_scorecard(comparison, sort="title", search="o")
    assert [row.indicator.code for row in by_title.groups[-1].rows] == ["HAR-OLD", "HAR-REV"]


@pytest.mark.django_db
def test_only_one_organisations_scorecards_can_be_compared(harrow, herefordshire, history):
    with pytest.raises(ValueError, match="same organisation"):
        compare_scorecards(build_scorecard(harrow), build_scorecard(herefordshire))


@pytest.mark.django_db
def test_the_periods_with_data_come_latest_first_years_before_their_quarters(harrow, history):
    labels = [period.label for period in periods_with_data(harrow)]
    assert labels == [
        "2016-17",
        "2015-16",
        "Q4 2015/16",
        "Q3 2015/16",
        "2014-15",
        "Q4 2014/15",
        "Q3 2014/15",
        "2013-14",
    ]


# ----- the page ----------------------------------------------------------------------------


def page(client, organisation, **params):
    response = client.get(reverse("indicators:scorecard", kwargs={"gss_code": organisation.gss_code}), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table_rows(soup) -> dict:
    found = {}
    for table in soup.select("table.govuk-table"):
        headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        for tr in table.select("tbody tr"):
            cells = [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"], recursive=False)]
            found[tr["data-code"]] = dict(zip(headings, cells, strict=True))
    return found


def error_messages(soup) -> list[str]:
    return [li.get_text(" ", strip=True) for li in soup.select(".govuk-error-summary li")]


@pytest.mark.django_db
def test_the_as_at_select_lists_the_councils_periods_latest_first(client, harrow, viewer, history):
    client.force_login(viewer)
    soup = page(client, harrow)
    select = soup.select_one("select#id_as_at")
    assert soup.find("label", attrs={"for": "id_as_at"}).get_text(strip=True) == "As at"
    options = [(option["value"], option.get_text(strip=True)) for option in select.find_all("option")]
    assert options[0] == ("", "Latest values")
    assert options[1:4] == [("2016-17", "2016-17"), ("2015-16", "2015-16"), ("2014-15", "2014-15")]
    assert [group["label"] for group in select.find_all("optgroup")] == ["Financial years", "Quarters"]
    compare = [option["value"] for option in soup.select("select#id_compare option")]
    assert compare[:2] == ["", "last-year"]


@pytest.mark.django_db
def test_as_at_a_quarter_the_page_shows_each_value_with_its_real_period(client, harrow, viewer, history):
    client.force_login(viewer)
    soup = page(client, harrow, as_at="2015-16-Q3")
    rows = table_rows(soup)
    assert rows["ASCOF-1C1A"]["Latest as at Q3 2015/16"] == "83.0% Q3 2015/16"
    assert rows["ASCOF-1C1A"]["RAG"] == "Green"
    assert rows["HAR-REV"]["Latest as at Q3 2015/16"] == "70% 2014-15"
    assert "ASCOF-2D" not in rows
    assert "How Harrow stood as at Q3 2015/16" in soup.select_one("#scorecard-periods").get_text()
    assert soup.title.get_text().startswith("Performance, as at Q3 2015/16")
    chosen = soup.select_one("select#id_as_at option[selected]")
    assert chosen["value"] == "2015-16-Q3"


@pytest.mark.django_db
def test_a_period_written_as_councils_write_it_is_read(client, harrow, viewer, history):
    client.force_login(viewer)
    soup = page(client, harrow, as_at="Q3 2015/16")
    assert soup.select_one("select#id_as_at option[selected]")["value"] == "2015-16-Q3"
    assert table_rows(soup)["ASCOF-1C1A"]["Latest as at Q3 2015/16"] == "83.0% Q3 2015/16"


@pytest.mark.django_db
def test_a_period_with_no_values_can_be_chosen_and_says_so(client, harrow, viewer, history):
    client.force_login(viewer)
    soup = page(client, harrow, as_at="2030-31")
    chosen = soup.select_one("select#id_as_at option[selected]")
    assert chosen.get_text(strip=True) == "2030-31 (no values)"
    assert table_rows(soup)["ASCOF-1C1A"]["Latest as at 2030-31"] == "84.0% Q4 2015/16"


@pytest.mark.django_db
def test_a_period_that_cannot_be_read_is_a_form_error_not_a_failure(client, harrow, viewer, history):
    client.force_login(viewer)
    soup = page(client, harrow, as_at="Q5 2015/16", compare="whenever")
    messages = error_messages(soup)
    assert messages[0].startswith("Could not read 'Q5 2015/16' as a period")
    assert messages[0].endswith("Choose the period to show the scorecard as at from the list")
    assert messages[1].startswith("Could not read 'whenever' as a period")
    assert soup.select_one(".govuk-error-summary a")["href"] == "#id_as_at"
    assert soup.select_one("#id_as_at-error")
    assert soup.title.get_text().startswith("Error: ")
    # The latest values are shown meanwhile.
    assert table_rows(soup)["ASCOF-1C1A"]["Latest"] == "84.0% Q4 2015/16"


@pytest.mark.django_db
def test_comparing_with_the_same_period_is_refused(client, harrow, viewer, history):
    client.force_login(viewer)
    soup = page(client, harrow, as_at="2015-16", compare="2015-16")
    assert error_messages(soup) == ["Select a period other than 2015-16 to compare with"]
    assert soup.select_one("table[data-comparison]") is None


@pytest.mark.django_db
def test_two_periods_side_by_side(client, harrow, viewer, history):
    client.force_login(viewer)
    soup = page(client, harrow, as_at="2015-16-Q3", compare="last-year")
    rows = table_rows(soup)
    sds = rows["ASCOF-1C1A"]
    assert sds["As at Q3 2015/16"] == "83.0% Q3 2015/16"
    assert sds["RAG as at Q3 2015/16"] == "Green At least 80.0% (against the 2015-16 target)"
    assert sds["Compared with Q3 2014/15"] == "78.0% Q3 2014/15"
    assert sds["RAG as at Q3 2014/15"] == "Red At least 80.0% (against the 2014-15 target)"
    assert sds["Change"] == "+5.0 percentage points Improving ✓"
    assert rows["HAR-REV"]["Compared with Q3 2014/15"] == "60% 2013-14"
    assert rows["HAR-REV"]["RAG as at Q3 2014/15"] == "Not rated No target set"
    assert rows["HAR-OLD"]["Change"] == "No newer value Both show 2013-14"
    intro = soup.select_one("#scorecard-periods").get_text(" ", strip=True)
    assert "as at Q3 2015/16, compared with Q3 2014/15" in intro
    # The select shows what "last year" was read as.
    assert soup.select_one("select#id_compare option[selected]")["value"] == "last-year"


@pytest.mark.django_db
def test_last_year_without_an_as_at_period_compares_the_latest_period(client, harrow, viewer, history):
    client.force_login(viewer)
    soup = page(client, harrow, compare="last-year")
    rows = table_rows(soup)
    assert rows["ASCOF-2D"]["As at 2016-17"] == "77.0% 2016-17"
    assert rows["ASCOF-2D"]["Compared with 2015-16"] == "No data"
    # Without a value there is nothing to rate: the cell says so, not "No target set".
    assert rows["ASCOF-2D"]["RAG as at 2015-16"] == "Not rated No value by then to rate"
    assert rows["ASCOF-1C1A"]["Compared with 2015-16"] == "84.0% Q4 2015/16"


@pytest.mark.django_db
def test_the_filters_sort_and_group_work_with_two_periods(client, harrow, viewer, history):
    group = IndicatorGroupFactory(organisation=harrow, name="Board", members=[history["reviews"], history["sds"]])
    client.force_login(viewer)
    params = {"as_at": "2015-16-Q3", "compare": "2014-15-Q3"}
    soup = page(client, harrow, **params, rag="red")
    assert list(table_rows(soup)) == []
    assert "No indicators match your filters" in soup.get_text()
    soup = page(client, harrow, **params, rag="green", sort="title")
    assert [tr["data-code"] for tr in soup.select("tbody tr")] == ["ASCOF-1C1A", "HAR-REV"]
    soup = page(client, harrow, **params, group=group.pk)
    assert [tr["data-code"] for tr in soup.select("tbody tr")] == ["HAR-REV", "ASCOF-1C1A"]
    assert soup.select_one("caption").get_text(strip=True) == "Board"
    csv_link = soup.find("a", string="Download this scorecard as CSV")["href"]
    assert csv_link.endswith(f"?as_at=2015-16-Q3&compare=2014-15-Q3&group={group.pk}")


def _add_history(organisation, start: int, how_many: int):
    for n in range(start, start + how_many):
        national = IndicatorFactory(code=f"ASCOF23-Y{n}", domain=f"Domain {n % 4}", frequency=Frequency.QUARTERLY)
        local = IndicatorFactory(organisation=organisation, code=f"LY{n}")
        for indicator in (national, local):
            series(organisation, indicator, {"2014-15": n, "Q3 2014/15": n, "2015-16": n + 3, "Q3 2015/16": n + 1})
            TargetFactory(organisation=organisation, indicator=indicator, period="2015-16")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        # The session, the user, memberships, the organisation, the groups, the frameworks to
        # group by, the periods with values, and the scorecard's six queries (its fifth is the
        # crosswalk, for indicators grouped through it) and the page's own few.
        ({"as_at": "2015-16-Q3", "sort": "rag"}, 17),
        # The same: both periods' scorecards come from one reading of the data.
        ({"as_at": "2015-16-Q3", "compare": "last-year", "sort": "rag"}, 17),
    ],
)
def test_the_query_count_is_pinned_and_does_not_grow(
    client, harrow, editor, django_assert_num_queries, params, queries
):
    client.force_login(editor)
    _add_history(harrow, 0, 2)
    page(client, harrow, **params)
    with django_assert_num_queries(queries):
        page(client, harrow, **params)
    _add_history(harrow, 2, 30)
    with django_assert_num_queries(queries):
        soup = page(client, harrow, **params)
    assert len(soup.select("tbody tr")) == 64


# ----- the downloads -------------------------------------------------------------------------


def download(client, organisation, fmt, **params):
    url = reverse("indicators:scorecard-export", kwargs={"gss_code": organisation.gss_code, "fmt": fmt})
    response = client.get(url, params)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_the_csv_as_at_a_period_says_so_on_every_row(client, harrow, viewer, history):
    client.force_login(viewer)
    response = download(client, harrow, "csv", as_at="Q3 2015/16")
    assert "-as-at-2015-16-Q3-" in response["Content-Disposition"]
    rows = {row["Code"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["ASCOF-1C1A"]["As at"] == "Q3 2015/16"
    assert (rows["ASCOF-1C1A"]["Latest"], rows["ASCOF-1C1A"]["Latest period"]) == ("83.0", "Q3 2015/16")
    assert (rows["HAR-REV"]["Latest"], rows["HAR-REV"]["Latest period"]) == ("70", "2014-15")


@pytest.mark.django_db
def test_the_csv_of_two_periods_has_both_periods_columns(client, harrow, viewer, history):
    client.force_login(viewer)
    response = download(client, harrow, "csv", as_at="2015-16-Q3", compare="last-year")
    assert "-as-at-2015-16-Q3-vs-2014-15-Q3-" in response["Content-Disposition"]
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert reader.fieldnames[:10] == [
        "Group",
        "Code",
        "Indicator",
        "Unit",
        "As at",
        "Value",
        "Period",
        "Status",
        "Approximate",
        "Target",
    ]
    rows = {row["Code"]: row for row in reader}
    sds = rows["ASCOF-1C1A"]
    assert (sds["As at"], sds["Value"], sds["Period"], sds["RAG"]) == ("Q3 2015/16", "83.0", "Q3 2015/16", "Green")
    assert (sds["Compared with"], sds["Compared value"], sds["Compared period"], sds["Compared RAG"]) == (
        "Q3 2014/15",
        "78.0",
        "Q3 2014/15",
        "Red",
    )
    assert (sds["Change"], sds["Change in words"], sds["Direction of travel"]) == (
        "5.0",
        "Up 5.0 percentage points",
        "Improving",
    )
    assert rows["HAR-OLD"]["Change"] == ""
    assert rows["HAR-OLD"]["Change in words"] == "No newer value than 2013-14"


@pytest.mark.django_db
def test_the_workbook_of_two_periods_says_so_in_its_title_and_keeps_numbers(client, harrow, viewer, history):
    client.force_login(viewer)
    response = download(client, harrow, "xlsx", as_at="2015-16-Q3", compare="2014-15-Q3")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Performance scorecard: Harrow, as at Q3 2015/16, compared with Q3 2014/15"
    header = [cell.value for cell in sheet[4]]
    rows = {row[1]: dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=5, values_only=True)}
    sds = rows["ASCOF-1C1A"]
    assert sds["Value"] == pytest.approx(83.0) and sds["Compared value"] == pytest.approx(78.0)
    assert sds["Change"] == pytest.approx(5.0)
    change_cell = sheet.cell(row=5 + list(rows).index("ASCOF-1C1A"), column=header.index("Change") + 1)
    assert "percentage points" in change_cell.number_format
    assert sds["Compared period"] == "Q3 2014/15"


@pytest.mark.django_db
def test_the_workbook_as_at_a_period_says_so_in_its_title(client, harrow, viewer, history):
    client.force_login(viewer)
    sheet = load_workbook(io.BytesIO(download(client, harrow, "xlsx", as_at="2015-16").content)).active
    assert sheet["A1"].value == "Performance scorecard: Harrow, as at 2015-16"


# ----- the command line ----------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("scorecard", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_prints_the_scorecard_as_at_a_period(harrow, history):
    rows = {row["Code"]: row for row in csv.DictReader(io.StringIO(run("E09000015", "--as-at", "Q3 2015/16")))}
    assert (rows["ASCOF-1C1A"]["As at"], rows["ASCOF-1C1A"]["Latest"]) == ("Q3 2015/16", "83.0")
    assert rows["HAR-REV"]["Latest period"] == "2014-15"


@pytest.mark.django_db
def test_the_command_prints_two_periods_as_json(harrow, history):
    rows = json.loads(run("E09000015", "--as-at", "2015-16-Q3", "--compare", "last-year", "--format", "json"))
    sds = next(row for row in rows if row["code"] == "ASCOF-1C1A")
    assert sds["as_at"] == "Q3 2015/16" and sds["compare"] == "Q3 2014/15"
    assert (sds["latest"], sds["compare_value"], sds["change"]) == (83.0, 78.0, 5.0)
    assert (sds["rag"], sds["compare_rag"]) == ("Green", "Red")
    explicit = json.loads(run("E09000015", "--as-at", "2015-16-Q3", "--compare", "Q3 2014/15", "--format", "json"))
    assert explicit == rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-at", "Q5 2015/16"), r"--as-at: Could not read 'Q5 2015/16' as a period"),
        (("--as-at", "2015-16", "--compare", "soon"), r"--compare: Could not read 'soon' as a period"),
        (("--compare", "2014-15"), r"--compare needs --as-at"),
        (("--compare", "last-year"), r"--compare last-year needs --as-at"),
        (("--as-at", "2015-16", "--compare", "2015/16"), r"--compare must be a period other than --as-at \(2015-16\)"),
    ],
)
def test_the_command_refuses_a_bad_period_clearly(harrow, history, args, message):
    with pytest.raises(CommandError, match=message):
        run("E09000015", *args)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_at": "x" * 41}, "Select a period from the list"),
        ({"as_at": "2019-20\x00"}, "Null characters are not allowed."),
        ({"as_at": "last-year"}, "Could not read 'last-year' as a period"),
        ({"as_at": "1000-01", "compare": "last-year"}, "There is no period a year before 1000-01 to compare with"),
        ({"as_at": "2015-16", "compare": "2015/16"}, "Select a period other than 2015-16 to compare with"),
        ({"as_at": "Q3", "compare": "last-year"}, "Could not read 'Q3' as a period"),
    ],
)
def test_odd_periods_in_the_address_get_a_message(client, harrow, viewer, history, params, message):
    client.force_login(viewer)
    soup = page(client, harrow, **params)
    assert any(message in text for text in error_messages(soup)), error_messages(soup)
    assert soup.select_one("table.govuk-table") is not None


@pytest.mark.django_db
def test_last_year_with_no_values_at_all_says_there_is_nothing_to_compare(client, harrow, viewer):
    IndicatorFactory(organisation=harrow, code="EMPTY")
    client.force_login(viewer)
    soup = page(client, harrow, compare="last-year")
    assert error_messages(soup) == ["There are no values to compare yet"]


@pytest.mark.django_db
def test_side_by_side_every_value_says_whether_it_is_illustrative(client, harrow, viewer, history):
    history["sds"].observations.filter(period_code="2014-15-Q3").update(is_illustrative=True)
    client.force_login(viewer)
    soup = page(client, harrow, as_at="2015-16-Q3", compare="last-year")
    row = soup.select_one("tr[data-code='ASCOF-1C1A']")
    cells = row.find_all("td", recursive=False)
    assert cells[0].select_one("[data-source]").get_text(strip=True) == "Real"
    assert cells[2].select_one("[data-source]").get_text(strip=True) == "Illustrative"
    response = download(client, harrow, "csv", as_at="2015-16-Q3", compare="last-year")
    rows = {r["Code"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert (rows["ASCOF-1C1A"]["Illustrative"], rows["ASCOF-1C1A"]["Compared illustrative"]) == ("no", "yes")
    assert (rows["HAR-REV"]["Illustrative"], rows["HAR-REV"]["Compared illustrative"]) == ("no", "no")
    records = json.loads(run("E09000015", "--as-at", "2015-16-Q3", "--compare", "last-year", "--format", "json"))
    sds = next(record for record in records if record["code"] == "ASCOF-1C1A")
    assert (sds["is_illustrative"], sds["compare_is_illustrative"]) == (False, True)
    assert "illustrative" not in sds


@pytest.mark.django_db
def test_side_by_side_a_search_keeps_the_real_tags(client, harrow, viewer, history):
    history["sds"].observations.filter(period_code="2014-15-Q3").update(is_illustrative=True)
    client.force_login(viewer)
    soup = page(client, harrow, as_at="2015-16-Q3", compare="last-year", q="HAR-REV")
    rows = soup.select("table.govuk-table tbody tr")
    assert [row["data-code"] for row in rows] == ["HAR-REV"]
    cells = rows[0].find_all("td", recursive=False)
    sides = [cell.select_one("[data-source]") for cell in (cells[0], cells[2]) if "No data" not in cell.get_text()]
    assert sides and all(side.get_text(strip=True) == "Real" for side in sides)
