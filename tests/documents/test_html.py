"""HTML rendering: the page fragment and the standalone print page."""

from __future__ import annotations

import base64
import json

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from ascent.documents.model import Chart, Column, Document, Note, Paragraph, Section, Table
from ascent.documents.renderers.html import chart_view, has_charts, render_html

from . import RECOMMENDATIONS, sample_document


@pytest.fixture(scope="module")
def document():
    return sample_document()


@pytest.fixture(scope="module")
def page(document):
    return BeautifulSoup(render_html(document), "html.parser")


@pytest.fixture(scope="module")
def printed(document):
    return BeautifulSoup(render_html(document, for_print=True), "html.parser")


def _levels(soup):
    return [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def test_fragment_is_not_a_whole_page(document):
    html = render_html(document)
    assert "<html" not in html and "<!DOCTYPE" not in html and "extends" not in html
    assert "<body" not in html


def test_headings_start_at_h1_and_never_skip_levels(page):
    levels = _levels(page)
    assert levels[0] == 1 and levels.count(1) == 1
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1
    assert [h.get_text(strip=True) for h in page.find_all("h2")] == [
        "Summary",
        "Comparisons",
        "Recommendations",
    ]
    assert page.find("h3").get_text(strip=True) == "Spending"
    assert "govuk-heading-l" in page.find("h1")["class"]
    assert "govuk-heading-m" in page.find("h2")["class"]


def test_metadata_is_a_summary_list(page):
    summary = page.find("dl", class_="app-report__metadata")
    assert "govuk-summary-list" in summary["class"]
    pairs = [
        (row.find("dt").get_text(strip=True), row.find("dd").get_text(strip=True))
        for row in summary.find_all("div", class_="govuk-summary-list__row")
    ]
    assert pairs == [("Organisation", "Harrow"), ("Produced", "23 November 2026")]


def test_tables_have_captions_and_numeric_cells(page):
    caption = page.find("caption", string="Gross spending on adult social care")
    assert "govuk-table__caption" in caption["class"]
    table = caption.find_parent("table")
    headers = table.find("thead").find_all("th")
    assert [h["scope"] for h in headers] == ["col"] * 5
    assert "govuk-table__header--numeric" in headers[1]["class"]
    assert "govuk-table__header--numeric" not in headers[0]["class"]
    first_row = table.find("tbody").find("tr")
    row_header = first_row.find("th")
    assert row_header["scope"] == "row" and row_header.get_text(strip=True) == "Residential care"
    cells = first_row.find_all("td")
    assert cells[0].get_text(strip=True) == "£12,500,000"
    assert "govuk-table__cell--numeric" in cells[0]["class"]
    assert "govuk-table__cell--numeric" not in cells[3]["class"]
    assert table.find_next("p").get_text(strip=True) == "Source: illustrative figures."


def test_chart_has_live_container_spec_and_static_fallback(page, document):
    chart = next(block for block in document.blocks() if isinstance(block, Chart))
    figure = page.find("figure", class_="app-chart")
    assert figure.find("figcaption").get_text(strip=True) == chart.title
    container = figure.find(attrs={"data-vega-spec-id": True})
    assert container["data-vega-spec-id"] == "chart-1"
    assert container["role"] == "img"
    assert container["aria-label"] == chart.description

    script = figure.find("script", id="chart-1")
    assert script["type"] == "application/json"
    assert json.loads(script.string) == json.loads(json.dumps(chart.spec))

    image = container.find("img")
    assert image["alt"] == ""  # the container carries the text alternative
    prefix = "data:image/svg+xml;base64,"
    assert image["src"].startswith(prefix)
    svg = base64.b64decode(image["src"][len(prefix) :]).decode("utf-8")
    assert svg.startswith("<svg") and "Harrow" in svg


def test_a_chart_view_without_a_static_image_points_people_without_javascript_to_the_table(document, monkeypatch):
    from ascent.documents.renderers import html

    chart = next(block for block in document.blocks() if isinstance(block, Chart))

    def no_drawing(spec):
        raise AssertionError("the static image should not be drawn")

    monkeypatch.setattr(html, "to_svg", no_drawing)
    view = chart_view(chart, "chart-live", static_image=False)
    soup = BeautifulSoup(render_to_string("documents/_chart.html", {"view": view, "for_print": False}), "html.parser")
    container = soup.find(attrs={"data-vega-spec-id": "chart-live"})
    assert container.find("img") is None
    assert container["aria-label"] == chart.description
    assert json.loads(soup.find("script", id="chart-live").string) == json.loads(json.dumps(chart.spec))
    assert "The table below has the same figures" in soup.find("noscript").get_text()
    assert soup.find("details").table is not None


def test_a_chart_with_its_static_image_has_no_noscript_note(page):
    assert page.find("noscript") is None


def test_chart_data_table_is_in_details(page):
    figure = page.find("figure", class_="app-chart")
    details = figure.find_next_sibling("details")
    assert "govuk-details" in details["class"]
    assert details.find("summary").get_text(" ", strip=True).startswith("Show the data as a table")
    table = details.find("table", class_="govuk-table")
    assert table.find("caption").get_text(strip=True).startswith("Permanent admissions per 100,000")
    assert [td.get_text(strip=True) for td in table.select("tbody td")] == [
        "612.5",
        "540.0",
        "701.2",
        "655.0",
    ]


def test_chart_ids_are_unique_and_prefixable(document):
    soup = BeautifulSoup(render_html(document, id_prefix="profile-chart"), "html.parser")
    ids = [c["data-vega-spec-id"] for c in soup.find_all(attrs={"data-vega-spec-id": True})]
    assert ids == ["profile-chart-1", "profile-chart-2"]
    for chart_id in ids:
        assert soup.find("script", id=chart_id) is not None


def test_lists_notes_and_key_figures(page):
    lists = page.find_all("ol", class_="govuk-list--number")
    assert [li.get_text(strip=True) for li in lists[0].find_all("li")] == RECOMMENDATIONS
    assert not lists[0].has_attr("start")
    assert lists[1]["start"] == "11"
    bullets = page.find("ul", class_="govuk-list--bullet")
    assert bullets.find("li").get_text(strip=True) == "Harrow is a London borough."
    warning = page.find("div", class_="govuk-warning-text")
    assert "Illustrative: not official statistics." in warning.get_text(" ", strip=True)
    assert warning.find(class_="govuk-warning-text__icon")["aria-hidden"] == "true"
    figures = page.find("dl", class_="app-key-figures")
    assert figures.find("dd").get_text(strip=True) == "3,579"


def test_text_is_escaped_including_inside_the_json_spec():
    nasty = "</script><script>alert(1)</script>"
    table = Table("Data", [Column("Name"), Column("Value", kind="number")], [[nasty, 1]])
    spec = {"mark": "bar", "data": {"values": [{"name": nasty, "value": 1}]}}
    document = Document(
        title="<b>Title</b>",
        sections=[Section("Section", [Paragraph(nasty), Note(nasty), Chart("Chart", spec, table, nasty)])],
    )
    html = render_html(document)
    assert "<script>alert(1)" not in html
    assert "<b>Title</b>" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert json.loads(soup.find("script", id="chart-1").string) == spec


def test_print_page_is_standalone_with_page_numbers(printed, document):
    assert printed.find("html")["lang"] == "en-GB"
    assert printed.find("title").get_text() == "Organisation profile: Adult social care in Harrow"
    assert printed.find("meta", attrs={"name": "author"})["content"] == "Ascent"
    css = printed.find("style").get_text()
    assert "@page" in css and "counter(page)" in css and "counter(pages)" in css
    assert "table-header-group" in css
    assert not printed.find("script")
    assert not printed.find("link")
    for element in printed.find_all(src=True):
        assert element["src"].startswith("data:")


def test_print_page_shows_chart_image_then_its_table(printed, document):
    chart = next(block for block in document.blocks() if isinstance(block, Chart))
    figure = printed.find("figure", class_="app-chart")
    image = figure.find("img")
    assert image["alt"] == chart.description
    assert image["src"].startswith("data:image/svg+xml;base64,")
    assert not printed.find("details")
    assert figure.find_next("table").find("caption").get_text(strip=True) == chart.table.caption
    assert _levels(printed)[0] == 1


def test_has_charts(document):
    assert has_charts(document)
    assert not has_charts(Document("No charts", sections=[Section("A", [Paragraph("Text")])]))


def test_chart_scripts_load_vendor_bundles_before_the_module(settings):
    # Plain static storage, so the test needs no collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    soup = BeautifulSoup(render_to_string("documents/_chart_scripts.html"), "html.parser")
    sources = [script["src"] for script in soup.find_all("script")]
    assert sources == [
        "/static/build/vendor/vega.min.js",
        "/static/build/vendor/vega-lite.min.js",
        "/static/build/vendor/vega-interpreter.min.js",
        "/static/build/vendor/vega-embed.min.js",
        "/static/js/charts.js",
    ]
    scripts = soup.find_all("script")
    assert all(script.has_attr("defer") for script in scripts[:4])
    assert scripts[-1]["type"] == "module"


# Print column widths ------------------------------------------------------------------------


def _wide_table(columns: int = 5, rows: int = 30) -> Table:
    headings = ["Action", "Owner", "Status and forecast", "Complete", "Due", "Theme", "Overdue"][:columns]
    return Table(
        "Actions of the theme",
        [Column(heading) for heading in headings],
        [
            [f"{n}.1 Work with partners so that people get the right support sooner", "Head of Service",
             "On track, forecast Green", "40%", "7 November 2026 (was 9 August 2026), overdue",
             "Prevention", "Yes"][:columns]
            for n in range(rows)
        ],
    )  # fmt: skip


def _printed_table(table: Table):
    html = render_html(Document("Widths", sections=[Section("Plan", [table])]), for_print=True)
    return BeautifulSoup(html, "html.parser").find("table")


def test_a_printed_table_is_laid_out_at_widths_set_to_its_content():
    table = _printed_table(_wide_table())
    assert "app-report__table--fixed" in table["class"]
    assert table["style"] == "width: 100.00%"
    widths = [float(col["style"].removeprefix("width: ").removesuffix("%")) for col in table.find_all("col")]
    assert len(widths) == 5
    assert sum(widths) == pytest.approx(100, abs=0.05)
    # The action, the longest text, gets the widest column; the percentage the narrowest.
    assert widths[0] == max(widths) and widths[3] == min(widths)


def test_a_printed_table_whose_cells_all_fit_on_a_line_is_only_as_wide_as_they_are():
    table = _printed_table(Table("Short", [Column("A"), Column("B"), Column("C")], [["1", "2", "3"]]))
    assert float(table["style"].removeprefix("width: ").removesuffix("%")) < 30


def test_narrow_tables_and_tables_whose_words_barely_fit_keep_the_automatic_layout():
    two_columns = _printed_table(Table("Two", [Column("Council"), Column("Rate")], [["Harrow", "1"]]))
    assert not two_columns.find("colgroup") and "app-report__table--fixed" not in two_columns["class"]
    crowded = Table(
        "Crowded",
        [Column(f"Incomprehensibilities {n}") for n in range(9)],
        [[f"Counterrevolutionaries {n}" for n in range(9)]],
    )
    table = _printed_table(crowded)
    assert not table.find("colgroup") and not table.get("style")


def test_only_the_print_page_carries_column_widths():
    html = render_html(Document("Widths", sections=[Section("Plan", [_wide_table()])]))
    table = BeautifulSoup(html, "html.parser").find("table")
    assert not table.find("colgroup") and "app-report__table--fixed" not in table["class"]
