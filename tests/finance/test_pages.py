"""The Spending page and its CSV and XLSX exports."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from ascent.finance.models import ExpenditureLine

from .factories import ExpenditureLineFactory, load_harrow
from .harrow import MOVEMENTS, ORDER, PERCENTS, TOTALS, YEAR_LABELS

pytestmark = pytest.mark.django_db


def page_url(org, **query):
    url = reverse("finance:index", kwargs={"gss_code": org.gss_code})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def export_url(org, fmt, **query):
    url = reverse("finance:export", kwargs={"gss_code": org.gss_code, "fmt": fmt})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def soup_of(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup.select(".govuk-visually-hidden"):
        hidden.decompose()
    return soup


def trend_table(soup):
    """The trend table as {row heading: [cell texts]}, with the column headings under "".

    The first match is the trend table (the chart's data table comes later on the page).
    """
    table = soup.select_one("table.app-spending-trend")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    rows = {"": headings[1:]}
    for row in table.select("tbody tr"):
        rows[row.th.get_text(strip=True)] = [td.get_text(strip=True) for td in row.select("td")]
    return rows


@pytest.fixture
def harrow_spending(harrow):
    load_harrow(harrow)
    return harrow


# The Resilient Harrow table --------------------------------------------------------------


def test_the_page_reproduces_the_harrow_table(client, harrow_spending, viewer):
    client.force_login(viewer)
    rows = trend_table(soup_of(client.get(page_url(harrow_spending))))
    assert rows[""] == YEAR_LABELS
    assert list(rows)[1:] == [*ORDER, "Total", "Year on year movement", "Year on year %"]
    assert rows["Total"] == TOTALS
    assert rows["Year on year movement"] == MOVEMENTS
    assert rows["Year on year %"] == PERCENTS
    assert rows["CYAD"] == ["1,188", "1,452", "1,683", "1,452", "2,506", "2,615", "3,239", "3,239"]


def test_the_page_has_one_h1_and_the_table_caption(client, harrow_spending, viewer):
    client.force_login(viewer)
    soup = soup_of(client.get(page_url(harrow_spending)))
    assert [h1.get_text(strip=True) for h1 in soup.select("h1")] == ["Spending"]
    caption = soup.select_one("table.app-spending-trend caption").get_text(strip=True)
    assert caption == "Net expenditure by service line, £000"


def test_the_page_has_the_performance_navigation_with_spending_current(client, harrow_spending, viewer):
    client.force_login(viewer)
    nav = soup_of(client.get(page_url(harrow_spending))).select_one('nav[aria-label="Performance"]')
    links = {a.get_text(strip=True): a for a in nav.select("a")}
    assert links["Scorecard"]["href"] == reverse("indicators:scorecard", kwargs={"gss_code": harrow_spending.gss_code})
    assert links["Spending"]["aria-current"] == "page"
    assert [a.get_text(strip=True) for a in nav.select("a[aria-current]")] == ["Spending"]


def test_numbers_are_right_aligned_and_the_total_is_bold(client, harrow_spending, viewer):
    client.force_login(viewer)
    table = soup_of(client.get(page_url(harrow_spending))).select_one("table.app-spending-trend")
    cells = table.select("tbody td")
    assert cells and all("govuk-table__cell--numeric" in cell["class"] for cell in cells)
    total = next(row for row in table.select("tbody tr") if row.th.get_text(strip=True) == "Total")
    assert all("govuk-!-font-weight-bold" in cell["class"] for cell in total.select("td"))
    assert all(th["scope"] == "row" for th in table.select("tbody th"))


def test_the_page_sums_up_the_trend(client, harrow_spending, viewer):
    client.force_login(viewer)
    text = soup_of(client.get(page_url(harrow_spending))).get_text(" ", strip=True)
    assert "Spending rose from £34.099m in 2013-14 to £56.651m in 2020-21, 66% in seven years." in text


def test_the_chart_is_live_with_a_static_image_and_a_table(client, harrow_spending, viewer):
    client.force_login(viewer)
    response = client.get(page_url(harrow_spending))
    soup = soup_of(response)
    canvas = soup.select_one(".app-chart__canvas")
    assert canvas["role"] == "img" and "£34.099m" in canvas["aria-label"]
    assert canvas.img["src"].startswith("data:image/svg+xml;base64,")
    spec = json.loads(soup.find("script", id=canvas["data-vega-spec-id"]).string)
    assert '"Total (\\u00a3000)": 56651' in json.dumps(spec) or '"Total (£000)": 56651' in json.dumps(spec)
    alternative = soup.select_one("details.app-chart__data table")
    assert [td.get_text(strip=True) for td in alternative.select("tbody td")] == TOTALS
    assert b"js/charts.js" in response.content


def chart_spec(soup) -> dict:
    canvas = soup.select_one(".app-chart__canvas")
    return json.loads(soup.find("script", id=canvas["data-vega-spec-id"]).string)


def bars_layer(spec: dict) -> dict:
    return next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")


def test_forecast_and_budget_years_are_drawn_differently_and_said_in_words(client, harrow_spending, viewer):
    # As in the Resilient Harrow report: 2019-20 was the forecast and 2020-21 the budget.
    ExpenditureLine.objects.filter(organisation=harrow_spending, financial_year=2019).update(basis="forecast")
    ExpenditureLine.objects.filter(organisation=harrow_spending, financial_year=2020).update(basis="budget")
    client.force_login(viewer)
    soup = soup_of(client.get(page_url(harrow_spending)))
    spec = chart_spec(soup)
    bars = bars_layer(spec)
    kinds = {row["Financial year"]: row["Basis"] for row in (bars.get("data") or spec["data"])["values"]}
    assert kinds["2018-19"] == "Actual"
    assert kinds["2019-20 (forecast)"] == "Forecast" and kinds["2020-21 (budget)"] == "Budget"
    # Each basis has its own fill and outline dash, named in the legend.
    colour, dash = bars["encoding"]["color"], bars["encoding"]["strokeDash"]
    assert colour["scale"]["domain"] == dash["scale"]["domain"] == ["Actual", "Forecast", "Budget"]
    assert len(set(colour["scale"]["range"])) == 3
    assert len({json.dumps(d) for d in dash["scale"]["range"]}) == 3
    assert colour["legend"] is not None
    note = (
        "2019-20 is a forecast (a lighter bar with a dashed outline) and 2020-21 is a budget (a white bar with "
        "a dotted outline); the other years are actual spending (solid blue bars)."
    )
    assert soup.select_one("#spending-basis-note").get_text(strip=True) == note
    assert soup.select_one(".app-chart__canvas")["aria-label"].endswith(note)


def test_a_chart_with_only_actual_years_has_plain_bars_and_no_note(client, harrow_spending, viewer):
    client.force_login(viewer)
    soup = soup_of(client.get(page_url(harrow_spending)))
    bars = bars_layer(chart_spec(soup))
    assert "strokeDash" not in bars["encoding"]
    assert soup.select_one("#spending-basis-note") is None


def test_a_legend_names_only_the_bases_the_chart_has(client, harrow_spending, viewer):
    ExpenditureLine.objects.filter(organisation=harrow_spending, financial_year__gte=2019).update(basis="budget")
    client.force_login(viewer)
    soup = soup_of(client.get(page_url(harrow_spending)))
    colour = bars_layer(chart_spec(soup))["encoding"]["color"]["scale"]
    # Budget keeps the look it has beside a forecast: white.
    assert colour == {"domain": ["Actual", "Budget"], "range": ["#1d70b8", "#ffffff"]}
    assert "2019-20 and 2020-21 are budgets (each a white bar with a dotted outline)" in soup.select_one(
        "#spending-basis-note"
    ).get_text(strip=True)


def test_the_export_links_keep_the_choices(client, harrow_spending, viewer):
    client.force_login(viewer)
    soup = soup_of(client.get(page_url(harrow_spending, measure="net", from_year=2015)))
    links = [a["href"] for a in soup.select("a[download]")]
    assert links == [
        export_url(harrow_spending, "csv", measure="net", basis="best", from_year=2015),
        export_url(harrow_spending, "xlsx", measure="net", basis="best", from_year=2015),
    ]


# Choices ---------------------------------------------------------------------------------


def test_gross_figures_can_be_chosen(client, harrow_spending, viewer):
    ExpenditureLineFactory(organisation=harrow_spending, service_line="Adults", financial_year=2020,
                           amount=Decimal("70000000"), measure="gross")  # fmt: skip
    client.force_login(viewer)
    soup = soup_of(client.get(page_url(harrow_spending, measure="gross")))
    assert soup.select_one("table.app-spending-trend caption").get_text(strip=True).startswith("Gross expenditure")
    assert trend_table(soup)["Total"] == ["70,000"]


def test_years_can_be_limited(client, harrow_spending, viewer):
    client.force_login(viewer)
    rows = trend_table(soup_of(client.get(page_url(harrow_spending, from_year=2018, to_year=2019))))
    assert (rows[""], rows["Total"]) == (["2018-19", "2019-20"], ["51,032", "53,804"])


def test_plans_are_labelled_and_a_basis_can_be_forced(client, harrow_spending, viewer):
    ExpenditureLineFactory(organisation=harrow_spending, service_line="Adults", financial_year=2021,
                           amount=Decimal("60000000"), basis="budget")  # fmt: skip
    client.force_login(viewer)
    assert trend_table(soup_of(client.get(page_url(harrow_spending))))[""][-1] == "2021-22 (budget)"
    rows = trend_table(soup_of(client.get(page_url(harrow_spending, basis="budget"))))
    assert (rows[""], rows["Total"]) == (["2021-22 (budget)"], ["60,000"])


def test_a_gap_year_shows_no_figures(client, harrow, viewer):
    for year, amount in [(2015, 100_000), (2017, 120_000)]:
        ExpenditureLineFactory(organisation=harrow, service_line="Adults", financial_year=year, amount=amount)
    client.force_login(viewer)
    soup = soup_of(client.get(page_url(harrow)))
    rows = trend_table(soup)
    assert rows["Total"] == ["100", "–", "120"]
    assert rows["Year on year movement"] == ["", "–", "–"]
    assert "There are no figures for 2016-17" in soup.get_text(" ", strip=True)


def test_a_fall_shows_a_minus_sign(client, harrow, viewer):
    for year, amount in [(2019, 4_000_000), (2020, 3_880_000)]:
        ExpenditureLineFactory(organisation=harrow, service_line="Adults", financial_year=year, amount=amount)
    client.force_login(viewer)
    rows = trend_table(soup_of(client.get(page_url(harrow))))
    assert (rows["Year on year movement"], rows["Year on year %"]) == (["", "−120"], ["", "−3%"])


def test_choices_that_match_nothing_say_so(client, harrow_spending, viewer):
    client.force_login(viewer)
    text = soup_of(client.get(page_url(harrow_spending, basis="forecast"))).get_text(" ", strip=True)
    assert "There are no figures for these choices" in text


def test_a_last_year_before_the_first_is_reported(client, harrow_spending, viewer):
    client.force_login(viewer)
    soup = soup_of(client.get(page_url(harrow_spending, from_year=2019, to_year=2015)))
    errors = [a.get_text(strip=True) for a in soup.select(".govuk-error-summary a")]
    assert errors == ["The last year must be the same as or after the first year"]
    assert soup.select_one(".govuk-error-summary a")["href"] == "#id_to_year"
    assert trend_table(soup)["Total"] == TOTALS  # the whole trend is still shown


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"measure": "total"}, "Select net or gross"),
        ({"basis": "outturn"}, "Select a basis from the list"),
        ({"from_year": "1999"}, "Select a first year from the list"),
        ({"to_year": "'; drop table"}, "Select a last year from the list"),
    ],
)
def test_bad_choices_are_reported_not_a_500(client, harrow_spending, viewer, query, message):
    client.force_login(viewer)
    response = client.get(page_url(harrow_spending), data=query)
    errors = [a.get_text(strip=True) for a in soup_of(response).select(".govuk-error-summary a")]
    assert errors == [message]


def test_illustrative_figures_carry_a_warning(client, harrow, viewer):
    load_harrow(harrow, is_illustrative=True)
    client.force_login(viewer)
    warning = soup_of(client.get(page_url(harrow))).select_one(".govuk-warning-text__text")
    assert warning.get_text(" ", strip=True).startswith("Illustrative:")


def test_real_figures_carry_no_warning(client, harrow_spending, viewer):
    client.force_login(viewer)
    assert soup_of(client.get(page_url(harrow_spending))).select_one(".govuk-warning-text") is None


# The empty state -------------------------------------------------------------------------


def import_url(org):
    for name, kwargs in [("imports:upload", {"kind": "expenditure"}), ("imports:index", {})]:
        try:
            return reverse(name, kwargs={"gss_code": org.gss_code, **kwargs})
        except NoReverseMatch:
            continue
    return None


def test_with_no_figures_editors_are_pointed_to_the_import(client, harrow, editor):
    client.force_login(editor)
    soup = soup_of(client.get(page_url(harrow)))
    assert soup.select_one("h2").get_text(strip=True) == "No spending figures yet"
    assert soup.select_one("table") is None
    expected = import_url(harrow)
    links = [a["href"] for a in soup.select("main a") if "Import expenditure" in a.get_text()]
    assert links == ([expected] if expected else [])


def test_with_no_figures_viewers_are_told_who_can_import(client, harrow, viewer):
    client.force_login(viewer)
    text = soup_of(client.get(page_url(harrow))).get_text(" ", strip=True)
    assert "An editor or admin at Harrow can import them" in text
    assert "Import expenditure" not in text


# Exports ---------------------------------------------------------------------------------


def test_the_csv_export_parses_back_to_the_harrow_figures(client, harrow_spending, viewer):
    client.force_login(viewer)
    response = client.get(export_url(harrow_spending, "csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="spending-trend-harrow-net.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Service line (£000)", *YEAR_LABELS]
    assert rows[4] == ["Total", *(total.replace(",", "") for total in TOTALS)]
    assert rows[5][1:] == [movement.replace(",", "") for movement in MOVEMENTS]
    assert rows[6][1:] == [percent.rstrip("%") for percent in PERCENTS]


def test_the_xlsx_export_holds_numbers_as_numbers(client, harrow_spending, viewer):
    client.force_login(viewer)
    response = client.get(export_url(harrow_spending, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Net expenditure by service line, £000: Harrow"
    assert rows[1] == ["Service line (£000)", *YEAR_LABELS]
    assert [row[0] for row in rows[2:]] == [*ORDER, "Total", "Year on year movement", "Year on year %"]
    assert rows[5][1:] == [int(total.replace(",", "")) for total in TOTALS]
    assert rows[6][1:] == [None, *(int(movement.replace(",", "")) for movement in MOVEMENTS[1:])]
    assert rows[7][1:] == [None, *(int(percent.rstrip("%")) for percent in PERCENTS[1:])]
    assert sheet.cell(row=6, column=2).number_format == "#,##0"
    assert sheet.cell(row=8, column=3).number_format == '0"%"'


def test_exports_follow_the_choices(client, harrow_spending, viewer):
    client.force_login(viewer)
    response = client.get(export_url(harrow_spending, "csv", from_year=2019))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Service line (£000)", "2019-20", "2020-21"]


def test_an_export_with_bad_choices_says_why(client, harrow_spending, viewer):
    client.force_login(viewer)
    response = client.get(export_url(harrow_spending, "csv", from_year=2019, to_year=2015))
    assert response.status_code == 400
    assert "The last year must be the same as or after the first year" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_with_no_figures_is_the_header_alone(client, harrow, viewer, fmt):
    client.force_login(viewer)
    response = client.get(export_url(harrow, fmt))
    if fmt == "csv":
        assert response.content.decode("utf-8-sig") == "Service line (£000)\r\n"
    else:
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert rows == [("Net expenditure by service line, £000: Harrow",), ("Service line (£000)",)]


def test_an_unknown_export_format_is_a_404(client, harrow_spending, viewer):
    client.force_login(viewer)
    assert client.get(export_url(harrow_spending, "pdf")).status_code == 404


def test_an_export_marks_illustrative_figures(client, harrow, viewer):
    load_harrow(harrow, is_illustrative=True)
    client.force_login(viewer)
    sheet = load_workbook(io.BytesIO(client.get(export_url(harrow, "xlsx")).content)).active
    assert "illustrative" in sheet["A1"].value


# Organisations and speed -----------------------------------------------------------------


def test_another_organisations_figures_are_never_shown(client, harrow_spending, herefordshire, viewer):
    ExpenditureLineFactory(organisation=herefordshire, service_line="Hereford only line", financial_year=2020)
    client.force_login(viewer)
    body = client.get(page_url(harrow_spending)).content.decode()
    assert "Hereford only line" not in body
    assert "Hereford only line" not in client.get(export_url(harrow_spending, "csv")).content.decode()
    assert trend_table(soup_of(client.get(page_url(harrow_spending))))["Total"] == TOTALS


def test_a_member_of_another_organisation_gets_a_404(client, harrow_spending, outsider):
    client.force_login(outsider)
    assert client.get(page_url(harrow_spending)).status_code == 404
    assert client.get(export_url(harrow_spending, "csv")).status_code == 404


def test_an_organisation_sees_its_own_figures(client, harrow_spending, herefordshire, outsider):
    ExpenditureLineFactory(organisation=herefordshire, service_line="Hereford only line", financial_year=2020)
    client.force_login(outsider)
    rows = trend_table(soup_of(client.get(page_url(herefordshire))))
    assert list(rows)[1] == "Hereford only line"
    assert "Adults" not in rows


def add_many_lines(org, service_lines=30, years=range(2000, 2013)):
    for index in range(service_lines):
        for year in years:
            for basis in ("actual", "budget"):
                ExpenditureLineFactory(
                    organisation=org, service_line=f"Line {index}", financial_year=year, basis=basis, amount=1000
                )


PAGE_QUERIES = 10


def test_the_page_query_count_is_pinned_and_does_not_grow(
    client, harrow_spending, viewer, django_assert_max_num_queries
):
    client.force_login(viewer)
    url = page_url(harrow_spending)
    client.get(url)
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200
    add_many_lines(harrow_spending)
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_the_export_query_count_is_pinned_and_does_not_grow(
    client, harrow_spending, viewer, django_assert_max_num_queries
):
    client.force_login(viewer)
    url = export_url(harrow_spending, "xlsx")
    client.get(url)
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200
    add_many_lines(harrow_spending)
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200
