"""The indicator page: definition, values over time with the target, and benchmarking."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.documents.charts import to_svg
from ascent.indicators.comparators import sync_builtin_groups
from ascent.indicators.views.indicator import lines_sentence, ranking_lines
from ascent.organisations.models import CouncilType

from .bench_factories import custom_group, make_councils, make_indicator, observe, set_target

pytestmark = pytest.mark.django_db


def url(organisation, indicator, **query) -> str:
    base = reverse("indicators:detail", kwargs={"gss_code": organisation.gss_code, "indicator_id": indicator.pk})
    if query:
        base += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return base


def page(client, user, organisation, indicator, **query) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(url(organisation, indicator, **query))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def summary(soup, list_id: str) -> dict[str, str]:
    rows = soup.select(f"#{list_id} .govuk-summary-list__row")
    return {
        row.select_one("dt").get_text(" ", strip=True): row.select_one("dd").get_text(" ", strip=True) for row in rows
    }


def chart_spec(soup, dom_id: str) -> dict:
    return json.loads(soup.find("script", id=dom_id).string)


def chart_rows(spec: dict) -> list[dict]:
    return spec["layer"][0]["data"]["values"] if "data" not in spec else spec["data"]["values"]


def table_rows(table) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in table.select("tbody tr")]


@pytest.fixture
def indicator():
    return make_indicator("ASCOF-TEST", title="Carers who are satisfied")


@pytest.fixture
def world(harrow, london, indicator):
    """Harrow's values 2019-20 to 2022-23 with targets, and five other boroughs' values for 2022-23.

    In 2022-23 the boroughs have 90, 80, 70, 60 and 50 and Harrow 75, so Harrow is 3rd of 6.
    A sixth borough has values only for 2023-24 (a later period Harrow has no value for).
    """
    for period, value in {"2019-20": 60, "2020-21": 65, "2021-22": 70}.items():
        observe(harrow, indicator, period, value)
    observe(harrow, indicator, "2022-23", "75", numerator=150, denominator=200, status="provisional")
    set_target(harrow, indicator, "2022-23", value=Decimal("80"))
    set_target(harrow, indicator, "2021-22", value=Decimal("65"))
    others = make_councils(london, 6)
    for council, value in zip(others[:5], [90, 80, 70, 60, 50], strict=True):
        observe(council, indicator, "2022-23", value, numerator=value, denominator=100)
    observe(others[5], indicator, "2023-24", 99)
    sync_builtin_groups()
    return others


# ----- the definition -----------------------------------------------------------------------


def test_the_heading_is_the_code_and_title(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator)
    assert soup.h1.get_text(strip=True) == "ASCOF-TEST Carers who are satisfied"
    assert len(soup.find_all("h1")) == 1


def test_the_definition_is_a_summary_list(client, viewer, harrow, indicator, world):
    facts = summary(page(client, viewer, harrow, indicator), "definition")
    assert facts["Definition"] == "The share of people who say they are satisfied."
    assert facts["Unit"] == "Per cent (%)"
    assert facts["Better direction"] == "Higher is better"
    assert facts["How often"] == "Annual"
    assert facts["Source"] == "Survey of adult carers"
    assert facts["Framework"] == "National indicator"
    assert facts["Counts towards"].startswith("ASCOF (Adult Social Care Outcomes Framework from 2023/24, 2023-24)")
    assert facts["Counts towards"].endswith("Quality of life")


# ----- values over time -------------------------------------------------------------------------


def test_the_series_chart_has_the_values_and_the_target(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator)
    spec = chart_spec(soup, "indicator-series-chart")
    data = spec["layer"][0]["data"]["values"] if "data" not in spec else spec["data"]["values"]
    harrow_points = [(d["Period"], d["Value"]) for d in data if d["Series"] == "Harrow"]
    targets = [(d["Period"], d["Value"]) for d in data if d["Series"] == "Target"]
    assert harrow_points == [("2019-20", 60.0), ("2020-21", 65.0), ("2021-22", 70.0), ("2022-23", 75.0)]
    assert targets == [("2021-22", 65.0), ("2022-23", 80.0)]


def test_the_series_chart_has_a_static_fallback_and_a_table(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator)
    canvas = soup.select_one('[data-vega-spec-id="indicator-series-chart"]')
    assert canvas["role"] == "img" and "Harrow's values for ASCOF-TEST" in canvas["aria-label"]
    assert canvas.img["src"].startswith("data:image/svg+xml;base64,")
    alternative = canvas.find_parent("figure").find_next_sibling("details").table
    assert table_rows(alternative)[-1] == ["2022-23", "75.0%", "At least 80.0%"]


def test_the_page_loads_the_chart_scripts(client, viewer, harrow, indicator, world):
    client.force_login(viewer)
    assert b"vega-embed.min.js" in client.get(url(harrow, indicator)).content


def test_the_values_table_has_every_column(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator)
    table = soup.select_one("#series-table")
    headings = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headings == ["Period", "Value", "Numerator", "Denominator", "Status", "Target", "RAG"]
    rows = table_rows(table)
    assert rows[-1] == ["2022-23", "75.0%", "150", "200", "Provisional", "At least 80.0%", "Red"]
    assert rows[-2] == ["2021-22", "70.0%", "– Not recorded", "– Not recorded", "Final", "At least 65.0%", "Green"]
    assert rows[0][5:] == ["No target", "Not rated"]
    assert table.caption.get_text(strip=True).startswith("ASCOF-TEST")


def test_a_page_without_values_says_so(client, viewer, harrow):
    indicator = make_indicator("EMPTY-1")
    soup = page(client, viewer, harrow, indicator)
    assert "Harrow has no values for this indicator yet." in soup.get_text()
    assert soup.find("script", id="indicator-series-chart") is None
    assert "No council has a value for this indicator yet" in soup.get_text()


def test_editors_get_links_to_add_values_and_targets(client, editor, viewer, harrow, indicator, world):
    def links(user):
        return [a.get_text(" ", strip=True) for a in page(client, user, harrow, indicator).select("main a")]

    assert "Set or change a target for ASCOF-TEST" in links(editor)
    assert "Add or correct a value for ASCOF-TEST" in links(editor)
    assert not any("Set or change" in text for text in links(viewer))


# ----- illustrative figures ------------------------------------------------------------------


def test_no_warning_when_nothing_is_illustrative(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator)
    assert "not official statistics" not in soup.get_text()
    assert soup.select_one("#benchmark-illustrative") is None


def test_an_illustrative_value_of_the_council_brings_the_warning(client, viewer, harrow, indicator, world):
    observe(harrow, indicator, "2018-19", 55, is_illustrative=True)
    soup = page(client, viewer, harrow, indicator)
    warning = soup.select_one(".govuk-warning-text[data-illustrative]")
    assert "Illustrative: not official statistics" in warning.get_text()
    assert soup.select_one("#series-table tr[data-illustrative]").th.get_text(strip=True) == "2018-19"


def test_an_illustrative_value_of_another_council_brings_the_warning(client, viewer, harrow, indicator, world):
    observe(world[5], indicator, "2022-23", 40, is_illustrative=True)
    soup = page(client, viewer, harrow, indicator)
    assert soup.select_one(".govuk-warning-text[data-illustrative]")
    # The benchmarking section repeats the label beside the ranked chart it applies to.
    assert "not official statistics" in soup.select_one("#benchmark-illustrative").get_text()
    ranking = soup.select_one('[data-vega-spec-id="indicator-ranking-chart"]').find_parent("figure")
    rows = table_rows(ranking.find_next_sibling("details").table)
    assert ["7th", "Council 105", "40.0% (illustrative)", "Illustrative (made up)"] in rows
    assert ["1st", "Council 100", "90.0%", "Real figure"] in rows
    # Each bar says which it is: a field of the chart's data, drawn differently, with a legend.
    spec = chart_spec(soup, "indicator-ranking-chart")
    figures = {row["Council"]: row["Figure"] for row in chart_rows(spec)}
    assert figures["Council 105"] == "Illustrative (made up)"
    assert figures["Council 100"] == "Real figure"
    bars = spec["layer"][0]["encoding"]
    assert bars["color"]["condition"]["value"] == "#f47738"  # the chosen council still stands out
    assert bars["color"]["field"] == "Figure"
    assert bars["strokeDash"]["field"] == "Figure"
    assert bars["strokeDash"]["scale"] == {
        "domain": ["Real figure", "Illustrative (made up)"],
        "range": [[1, 0], [4, 2]],
    }
    canvas = soup.select_one('[data-vega-spec-id="indicator-ranking-chart"]')
    assert "white bars with a dashed outline are illustrative" in canvas["aria-label"]


def test_the_ranking_chart_draws_its_lines_as_its_words_say_beside_illustrative_bars(
    client, viewer, harrow, indicator, world
):
    # With illustrative bars the lines kept the bars' colours: a blue median, a white England line.
    observe(world[5], indicator, "2022-23", 40, is_illustrative=True)
    soup = page(client, viewer, harrow, indicator)
    assert "a black dashed line" in soup.select_one("#ranking-lines").get_text()
    assert "a purple dotted line" in soup.select_one("#ranking-lines").get_text()
    svg = to_svg(chart_spec(soup, "indicator-ranking-chart"))
    rules = re.search(r'<g class="mark-rule role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S).group(1)
    drawn = re.findall(r'<line [^>]*stroke="(#[0-9a-f]+)"[^>]*stroke-dasharray="([0-9,]+)"', rules)
    assert drawn == [("#0b0c0c", "6,3"), ("#4c2c92", "2,2")]


def test_the_england_line_is_purple_and_dotted_even_with_no_median(indicator):
    figures = SimpleNamespace(result=SimpleNamespace(median=None), england=SimpleNamespace(value=Decimal("71.4")))
    lines = ranking_lines(indicator, figures)
    assert lines == [("England", Decimal("71.4"), "purple dotted")]
    assert lines_sentence(indicator, lines) == "The England figure (71.4%) is marked by a purple dotted line."


def test_each_point_of_a_mixed_series_says_whether_it_is_real(client, viewer, harrow, indicator, world):
    observe(harrow, indicator, "2018-19", 55, is_illustrative=True)
    soup = page(client, viewer, harrow, indicator)

    spec = chart_spec(soup, "indicator-series-chart")
    points = chart_rows(spec)
    figures = {row["Period"]: row.get("Figure") for row in points if row.get("Series", "Harrow") == "Harrow"}
    assert figures["2018-19"] == "Illustrative (made up)"
    assert figures["2022-23"] == "Real figure"
    marked = spec["layer"][-1]
    assert marked["encoding"]["shape"]["scale"]["range"] == ["circle", "diamond"]
    assert marked["encoding"]["fill"]["scale"]["range"] == ["#0b0c0c", "#ffffff"]
    canvas = soup.select_one('[data-vega-spec-id="indicator-series-chart"]')
    assert "hollow diamonds are illustrative" in canvas["aria-label"]
    chart_table = canvas.find_parent("figure").find_next_sibling("details").table
    marked_rows = {row[0]: (row[1], row[-1]) for row in table_rows(chart_table)}
    assert marked_rows["2018-19"] == ("55.0% (illustrative)", "Illustrative (made up)")
    assert marked_rows["2022-23"] == ("75.0%", "Real figure")
    rows = {row[0]: row for row in table_rows(soup.select_one("#series-table"))}
    assert "Illustrative" in rows["2018-19"][1]
    assert "Real figure" in rows["2022-23"][1]


# ----- benchmarking --------------------------------------------------------------------------


def test_benchmarking_defaults_to_the_latest_period_the_council_has_and_its_group(
    client, viewer, harrow, indicator, world
):
    soup = page(client, viewer, harrow, indicator)
    assert soup.select_one("#id_period option[selected]")["value"] == "2022-23"
    assert soup.select_one("#id_group option[selected]")["value"] == "london-boroughs"
    periods = [option["value"] for option in soup.select("#id_period option")]
    assert periods == ["2023-24", "2022-23", "2021-22", "2020-21", "2019-20"]


def test_benchmarking_says_which_period_it_opens_on_and_why(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator)
    assert soup.select_one("#benchmark-why").get_text(strip=True) == (
        "Showing 2022-23, the latest year with figures from both Harrow and other London boroughs."
    )
    # A period the user chose needs no reason.
    assert page(client, viewer, harrow, indicator, period="2021-22").select_one("#benchmark-why") is None


def test_an_in_year_figure_no_peer_has_does_not_become_the_default_period(client, viewer, harrow, indicator, world):
    """Harrow's Q3 2015/16 case: its latest figure is for a quarter that only it reports, so
    benchmarking opens on the latest year the other boroughs report, and says why Harrow's
    quarter is not ranked there."""
    observe(harrow, indicator, "Q3 2023/24", 83)
    soup = page(client, viewer, harrow, indicator)
    assert soup.select_one("#id_period option[selected]")["value"] == "2023-24"
    assert soup.select_one("#benchmark-why").get_text(strip=True) == (
        "Showing 2023-24, the latest year with figures from other London boroughs; "
        "Harrow has a figure for only part of it."
    )
    assert soup.select_one("#benchmark-part-period").get_text(strip=True) == (
        "Harrow's figure for Q3 2023/24 (83.0%) covers only part of 2023-24, so it is not comparable with "
        "full-year figures and is not ranked here."
    )
    assert summary(soup, "benchmark-figures")["Harrow's value"] == "No figure for the whole of 2023-24 (see above)"
    assert "1st of 1" not in soup.get_text()


def test_the_default_prefers_a_period_with_the_council_over_a_later_one_without(
    client, viewer, harrow, indicator, world
):
    # 2023-24 has a peer's figure but not Harrow's; 2022-23 has both.
    soup = page(client, viewer, harrow, indicator)
    assert soup.select_one("#id_period option[selected]")["value"] == "2022-23"


def test_the_default_period_follows_the_chosen_group(client, viewer, harrow, indicator, world):
    # Harrow's pals (world[5] only) report only 2023-24, so that is where the group opens.
    group = custom_group(harrow, "Later pals", [world[5]])
    soup = page(client, viewer, harrow, indicator, group=group.slug)
    assert soup.select_one("#id_period option[selected]")["value"] == "2023-24"
    assert "the latest year with figures from other councils in the group Later pals" in (
        soup.select_one("#benchmark-why").get_text(strip=True)
    )


def test_a_period_only_the_council_reports_says_it_is_compared_with_nobody(client, viewer, harrow, indicator, world):
    observe(harrow, indicator, "Q3 2023/24", 83)
    soup = page(client, viewer, harrow, indicator, period="2023-24-Q3")
    assert "None of the other London boroughs has a figure for Q3 2023/24" in (
        soup.select_one("#benchmark-alone").get_text(strip=True)
    )


def test_the_note_under_the_benchmark_is_true_with_illustrative_peers(client, viewer, harrow, indicator, world):
    real = page(client, viewer, harrow, indicator).get_text(" ", strip=True)
    assert "published values only" not in real
    assert "Only other councils' values are shown, never their targets or notes." in real
    observe(world[5], indicator, "2022-23", 40, is_illustrative=True)
    demo = page(client, viewer, harrow, indicator).get_text(" ", strip=True)
    assert "published values only" not in demo
    assert "values marked illustrative are made up for demonstration, not figures any council has published" in demo


def test_the_benchmark_sentence(client, viewer, harrow, indicator, world):
    sentence = page(client, viewer, harrow, indicator).select_one("#benchmark-sentence").get_text(strip=True)
    assert sentence == (
        "Harrow is 3rd of 6 London boroughs (2nd quartile); the group median is 72.5%. "
        "There is no value for 1 council in the group."
    )


def test_the_benchmark_figures(client, viewer, harrow, indicator, world):
    figures = summary(page(client, viewer, harrow, indicator), "benchmark-figures")
    assert figures["Harrow's value"] == "75.0%"
    assert figures["Rank"] == "3rd of 6 (no value for 1 council)"
    assert figures["Quartile"] == "2nd quartile"  # 2 of 6 do better: at least a quarter, under half
    assert figures["Group median"] == "72.5%"
    assert figures["Group mean"] == "70.8%"
    # (90 + 80 + 70 + 60 + 50 + 150) / (500 + 200) = 71.4%.
    assert figures["England figure"] == "71.4% (aggregate of councils' numerators and denominators, 6 councils)"
    assert figures["Gap to the group median"] == "2.5 percentage points better than the group median"


def test_the_ranking_chart_highlights_the_council(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator)
    spec = chart_spec(soup, "indicator-ranking-chart")
    values = spec["data"]["values"] if "data" in spec else spec["layer"][0]["data"]["values"]
    assert [row["Council"] for row in values] == [
        "Council 100",
        "Council 101",
        "Harrow",
        "Council 102",
        "Council 103",
        "Council 104",
    ]
    assert "Harrow" in json.dumps(spec["layer"][0]["encoding"]["color"])


def test_the_ranking_chart_has_the_median_and_england_lines_in_a_legend_and_in_words(
    client, viewer, harrow, indicator, world
):
    soup = page(client, viewer, harrow, indicator)
    spec = chart_spec(soup, "indicator-ranking-chart")
    (rules,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    # The median of 90, 80, 75, 70, 60 and 50, and the England figure from every council's
    # numerators and denominators (the same figures as the summary list above the chart).
    assert rules["data"]["values"] == [
        {"Line": "Group median", "Line value": 72.5},
        {"Line": "England", "Line value": 71.4},
    ]
    # A legend names each line, and each has its own dash pattern as well as its colour.
    assert rules["encoding"]["color"]["legend"] is not None
    assert rules["encoding"]["strokeDash"]["scale"]["domain"] == ["Group median", "England"]
    dashes = rules["encoding"]["strokeDash"]["scale"]["range"]
    assert dashes[0] != dashes[1]
    words = (
        "the group median (72.5%) is marked by a black dashed line and the England figure (71.4%) "
        "is marked by a purple dotted line."
    )
    assert soup.select_one("#ranking-lines").get_text(strip=True) == "On the chart below, " + words
    assert soup.select_one('[data-vega-spec-id="indicator-ranking-chart"]')["aria-label"].endswith(
        words[:1].upper() + words[1:]
    )


def test_the_ranking_chart_is_drawn_in_the_browser_only_and_points_to_its_table(
    client, viewer, harrow, indicator, world
):
    soup = page(client, viewer, harrow, indicator)
    canvas = soup.select_one('[data-vega-spec-id="indicator-ranking-chart"]')
    assert canvas.img is None and canvas["role"] == "img"
    note = canvas.find_parent("figure").find_next_sibling("noscript")
    assert "The table below has the same figures" in note.get_text()
    # The series chart keeps its static image.
    assert soup.select_one('[data-vega-spec-id="indicator-series-chart"]').img is not None


def test_the_ranking_table_alternative(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator)
    figure = soup.select_one('[data-vega-spec-id="indicator-ranking-chart"]').find_parent("figure")
    table = figure.find_next_sibling("details").table
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Rank", "Council", "Value"]
    rows = table_rows(table)
    assert rows[0] == ["1st", "Council 100", "90.0%"]
    assert rows[2] == ["3rd", "Harrow (selected council)", "75.0%"]
    assert rows[-1] == ["Not ranked", "Council 105", "No value"]


def test_choosing_another_group_and_period(client, viewer, harrow, indicator, world):
    group = custom_group(harrow, "Harrow pals", [world[0], world[4]])
    soup = page(client, viewer, harrow, indicator, period="2022-23", group=group.slug)
    assert soup.select_one("#id_group option[selected]")["value"] == group.slug
    sentence = soup.select_one("#benchmark-sentence").get_text(strip=True)
    assert sentence.startswith("Harrow is 2nd of 3 when ranked with councils in the group Harrow pals")
    assert "not a member of Harrow pals" in soup.select_one(".govuk-inset-text").get_text()


def test_a_period_the_council_has_no_value_for(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator, period="2023-24")
    assert (
        soup.select_one("#benchmark-sentence")
        .get_text(strip=True)
        .startswith("Harrow has no value for this period, so it is not ranked")
    )
    assert summary(soup, "benchmark-figures")["Harrow's value"] == "No value for this period"


def test_a_bad_choice_is_reported_and_the_defaults_are_used(client, viewer, harrow, indicator, world):
    soup = page(client, viewer, harrow, indicator, period="1999-00", group="no-such-group")
    errors = [a.get_text(strip=True) for a in soup.select(".govuk-error-summary a")]
    assert errors == ["Select a period from the list", "Select a comparator group from the list"]
    assert soup.select_one(".govuk-error-summary a")["href"] == "#id_period"
    assert "3rd of 6 London boroughs" in soup.select_one("#benchmark-sentence").get_text()


def test_another_councils_group_cannot_be_chosen(client, viewer, harrow, herefordshire, indicator, world):
    theirs = custom_group(herefordshire, "Hereford friends", [herefordshire])
    soup = page(client, viewer, harrow, indicator, group=theirs.slug)
    assert "Hereford friends" not in soup.get_text()
    assert soup.select(".govuk-error-summary")


def test_a_region_for_a_council_outside_london(client, outsider, herefordshire, indicator, world):
    observe(herefordshire, indicator, "2022-23", 85)
    soup = page(client, outsider, herefordshire, indicator)
    assert soup.select_one("#id_group option[selected]")["value"] == "region-e12000005"
    assert (
        soup.select_one("#benchmark-sentence")
        .get_text(strip=True)
        .startswith("Herefordshire is 1st of 1 councils in the West Midlands region")
    )


def test_no_better_direction_is_ranked_by_value(client, viewer, harrow, london):
    indicator = make_indicator("NEUTRAL-1", polarity="neither", unit="count", decimals=0)
    observe(harrow, indicator, "2022-23", 5)
    for council, value in zip(make_councils(london, 3), [9, 7, 1], strict=True):
        observe(council, indicator, "2022-23", value)
    sync_builtin_groups()
    soup = page(client, viewer, harrow, indicator)
    assert "3rd of 4 London boroughs, ranked by value, no better direction (3rd quartile)" in soup.get_text()
    assert summary(soup, "benchmark-figures")["Gap to the group median"] == "1 below the group median"


def test_lower_is_better_ranks_the_lowest_first(client, viewer, harrow, london):
    indicator = make_indicator("LOW-1", polarity="lower_is_better", unit="per_100k")
    observe(harrow, indicator, "2022-23", "512.3")
    for council, value in zip(make_councils(london, 2), ["400", "700"], strict=True):
        observe(council, indicator, "2022-23", value)
    sync_builtin_groups()
    figures = summary(page(client, viewer, harrow, indicator), "benchmark-figures")
    assert figures["Rank"] == "2nd of 3"
    assert figures["Group median"] == "512.3"
    assert figures["Gap to the group median"] == "the same as the group median"
    # No numerators: the England figure is the average of councils.
    assert figures["England figure"] == "537.4 (average of councils, 3 councils)"


def test_without_built_in_groups_the_page_says_how_to_set_them_up(client, viewer, harrow, indicator):
    observe(harrow, indicator, "2022-23", 5)
    assert "python manage.py load_indicators" in page(client, viewer, harrow, indicator).get_text()


# ----- what the page may show --------------------------------------------------------------------


def test_another_councils_targets_and_notes_are_never_shown(client, viewer, harrow, indicator, world):
    set_target(world[0], indicator, "2022-23", value=Decimal("12.5"), note="Private plan of Council 100")
    text = page(client, viewer, harrow, indicator).get_text()
    assert "Private plan" not in text
    assert "12.5%" not in text


def test_another_councils_numerators_are_not_shown(client, viewer, harrow, indicator, world):
    observe(world[5], indicator, "2021-22", 55, numerator=987654, denominator=1234567)
    body = page(client, viewer, harrow, indicator, period="2021-22").decode()
    assert "987654" not in body and "987,654" not in body
    assert "1234567" not in body and "1,234,567" not in body


def test_the_councils_own_local_indicator_has_no_benchmarking(client, viewer, harrow):
    local = make_indicator("HAR-1", organisation=harrow)
    observe(harrow, local, "2022-23", 5)
    soup = page(client, viewer, harrow, local)
    assert summary(soup, "definition")["Framework"] == "Local indicator of Harrow"
    assert "This is a local indicator of Harrow" in soup.get_text()
    assert soup.select_one("#id_period") is None


def test_another_councils_local_indicator_is_not_found(client, viewer, harrow, herefordshire):
    theirs = make_indicator("HER-1", organisation=herefordshire)
    client.force_login(viewer)
    assert client.get(url(harrow, theirs)).status_code == 404


def test_an_unknown_indicator_is_not_found(client, viewer, harrow, indicator):
    client.force_login(viewer)
    response = client.get(reverse("indicators:detail", kwargs={"gss_code": harrow.gss_code, "indicator_id": 99999}))
    assert response.status_code == 404


def test_a_unitary_is_not_among_the_london_boroughs(client, viewer, harrow, london, indicator, world):
    unitary = make_councils(london, 1, start=900, council_type=CouncilType.UNITARY)[0]
    observe(unitary, indicator, "2022-23", 100)
    sync_builtin_groups()
    assert "3rd of 6 London boroughs" in page(client, viewer, harrow, indicator).get_text()
