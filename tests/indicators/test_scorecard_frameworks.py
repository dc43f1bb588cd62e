"""Grouping the scorecard by any framework the council can see: its top-level elements in
order, then local indicators and shipped ones not tagged with it."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

from ascent.core.periods import parse_period
from ascent.frameworks.models import Element, Framework
from ascent.indicators.models import IndicatorElement
from ascent.indicators.scorecard import UnknownFramework, build_comparison, build_scorecard

from .factories import IndicatorFactory, series, url

pytestmark = pytest.mark.django_db


def _cqc():
    """A small CQC-like framework: two themes, each with quality statements under it."""
    framework = Framework.objects.create(
        slug="cqc-la-assessment", version="2023", name="CQC assessment", short_name="CQC"
    )
    themes = {}
    order = 0
    for theme_key, title, statements in (
        ("theme-1", "Working with people", [("qs-1", "QS1", "Assessing needs")]),
        ("theme-3", "Ensuring safety", [("qs-6", "QS6", "Safe pathways"), ("qs-7", "QS7", "Safeguarding")]),
    ):
        order += 1
        theme = Element.objects.create(framework=framework, key=theme_key, kind="Theme", title=title, sort_order=order)
        themes[theme_key] = theme
        for key, code, statement in statements:
            order += 1
            Element.objects.create(
                framework=framework,
                parent=theme,
                key=key,
                code=code,
                kind="Quality statement",
                title=statement,
                is_rated=True,
                depth=1,
                sort_order=order,
            )
    return framework


def _tag(indicator, framework, key, organisation=None):
    IndicatorElement.objects.create(
        indicator=indicator, element=framework.elements.get(key=key), organisation=organisation
    )


@pytest.fixture
def cqc():
    return _cqc()


@pytest.fixture
def tagged(harrow, cqc):
    safeguarding = IndicatorFactory(code="ASCOF-4A", title="Feel safe", sort_order=1)
    pathways = IndicatorFactory(code="ASCOF-2B1", title="At home after reablement", sort_order=2)
    needs = IndicatorFactory(code="ASCOF-1B", title="In control", sort_order=3)
    other = IndicatorFactory(code="ASCOF-1A", title="Quality of life", sort_order=4)
    local = IndicatorFactory(organisation=harrow, code="HAR-1", title="Reviews", sort_order=5)
    local_tagged = IndicatorFactory(organisation=harrow, code="HAR-2", title="Safeguarding enquiries", sort_order=6)
    _tag(safeguarding, cqc, "qs-7")
    _tag(pathways, cqc, "qs-6")
    _tag(needs, cqc, "qs-1")
    _tag(needs, cqc, "qs-7")  # two themes: shown once, under the first
    _tag(local_tagged, cqc, "qs-7", organisation=harrow)  # the council's own tag
    for indicator in (safeguarding, pathways, needs, other):
        series(harrow, indicator, {"2022-23": "60", "2023-24": "70"})
    return {"local": local}


def _groups(scorecard):
    return [(group.title, [row.indicator.code for row in group.rows]) for group in scorecard.groups]


def test_groups_are_the_frameworks_top_level_elements_then_local_then_untagged(harrow, tagged):
    scorecard = build_scorecard(harrow, framework="cqc-la-assessment")

    assert _groups(scorecard) == [
        ("Working with people", ["ASCOF-1B"]),
        ("Ensuring safety", ["ASCOF-4A", "ASCOF-2B1", "HAR-2"]),
        ("Local indicators", ["HAR-1"]),
        ("Not in this framework", ["ASCOF-1A"]),
    ]
    assert scorecard.groups[1].element.key == "theme-3"
    assert scorecard.groups[1].framework_label == "CQC assessment"
    assert scorecard.framework_title == "CQC assessment (2023)"


def test_the_default_is_ascof_as_before(harrow, tagged):
    """Without a framework the rows are grouped by ASCOF; these factory indicators are tagged
    with an ASCOF objective, the local ones are not."""
    groups = _groups(build_scorecard(harrow))

    assert groups[0] == ("Quality of life", ["ASCOF-4A", "ASCOF-2B1", "ASCOF-1B", "ASCOF-1A"])
    assert groups[1] == ("Local indicators", ["HAR-1", "HAR-2"])


def test_by_id_as_well_as_slug(harrow, tagged, cqc):
    assert _groups(build_scorecard(harrow, framework=str(cqc.pk))) == _groups(
        build_scorecard(harrow, framework="cqc-la-assessment")
    )


def test_another_councils_tags_and_frameworks_are_not_used(harrow, herefordshire, tagged, cqc):
    other = Framework.objects.create(organisation=herefordshire, slug="hereford-kloe", version="1", name="KLOE")
    Element.objects.create(framework=other, key="a", kind="Area", title="Area A")
    indicator = IndicatorFactory(code="ASCOF-1A")
    _tag(indicator, cqc, "qs-1", organisation=herefordshire)

    scorecard = build_scorecard(harrow, framework="cqc-la-assessment")
    assert ("Not in this framework", ["ASCOF-1A"]) in _groups(scorecard)
    with pytest.raises(UnknownFramework):
        build_scorecard(harrow, framework="hereford-kloe")
    with pytest.raises(UnknownFramework):
        build_scorecard(harrow, framework=other)
    with pytest.raises(UnknownFramework):
        build_scorecard(harrow, framework="no-such-framework")


def test_a_councils_own_framework(harrow, tagged):
    own = Framework.objects.create(organisation=harrow, slug="local-indicators", version="1", name="Local indicators")
    Element.objects.create(framework=own, key="reviews", kind="Area", title="Reviews", sort_order=1)
    _tag(tagged["local"], own, "reviews", organisation=harrow)

    groups = _groups(build_scorecard(harrow, framework="local-indicators"))

    assert groups[0] == ("Reviews", ["HAR-1"])
    assert groups[1] == ("Local indicators", ["HAR-2"])


def test_a_comparison_keeps_the_grouping(harrow, tagged):
    comparison = build_comparison(
        harrow, parse_period("2023-24"), parse_period("2022-23"), framework="cqc-la-assessment"
    )
    assert [group.title for group in comparison.groups][:2] == ["Working with people", "Ensuring safety"]


@pytest.mark.parametrize("extra", [0, 8])
def test_the_query_count_does_not_grow(harrow, cqc, extra, django_assert_num_queries):
    for n in range(1 + extra):
        indicator = IndicatorFactory(code=f"ASCOF-Q{n}")
        _tag(indicator, cqc, "qs-7" if n % 2 else "qs-1")
        series(harrow, indicator, {"2022-23": "60", "2023-24": "70"})
    # The elements, the indicators, their tags, the crosswalk of the elements, the values and
    # the targets.
    with django_assert_num_queries(6):
        build_scorecard(harrow, framework="cqc-la-assessment")


# ----- the page, the downloads and the command --------------------------------------------


def test_the_page_groups_by_the_chosen_framework(client, harrow, viewer, tagged, django_assert_max_num_queries):
    client.force_login(viewer)
    response = client.get(url("scorecard", harrow), {"framework": "cqc-la-assessment"})
    soup = BeautifulSoup(response.content, "html.parser")

    captions = [caption.get_text(" ", strip=True) for caption in soup.select("main caption")]
    assert captions[0] == "CQC assessment Working with people"
    assert captions[-1] == "Not in this framework"
    chosen = soup.select_one("select[name=framework] option[selected]")
    assert chosen["value"] == "cqc-la-assessment"


def test_the_page_takes_a_frameworks_id_too(client, harrow, viewer, tagged, cqc):
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(url("scorecard", harrow), {"framework": cqc.pk}).content, "html.parser")
    assert soup.select("main caption")[0].get_text(" ", strip=True) == "CQC assessment Working with people"
    assert not soup.select(".govuk-error-summary")


def test_an_unknown_framework_is_reported_on_the_page(client, harrow, viewer, tagged):
    client.force_login(viewer)
    response = client.get(url("scorecard", harrow), {"framework": "nonsense"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Select a framework from the list" in soup.select_one(".govuk-error-summary").get_text()
    # Grouped by ASCOF instead.
    assert soup.select("main caption")[0].get_text(" ", strip=True).endswith("Quality of life")


def test_the_csv_download_carries_the_group(client, harrow, viewer, tagged):
    client.force_login(viewer)
    response = client.get(url("scorecard-export", harrow, fmt="csv"), {"framework": "cqc-la-assessment"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["Code"]: row["Group"] for row in rows}["ASCOF-4A"] == "Ensuring safety"


def test_the_command_groups_by_framework(harrow, tagged):
    out = StringIO()
    call_command("scorecard", harrow.gss_code, "--framework", "cqc-la-assessment", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {row["code"]: row["group"] for row in rows}["ASCOF-1B"] == "Working with people"

    with pytest.raises(CommandError, match="has no framework 'nonsense'"):
        call_command("scorecard", harrow.gss_code, "--framework", "nonsense", stdout=StringIO())


def test_the_performance_report_groups_by_the_chosen_framework(harrow, viewer, tagged):
    from ascent.reports.forms import PerformanceOptionsForm, options_from_parameters
    from ascent.reports.performance import build_performance

    headings = [
        section.heading for section in build_performance(harrow, user=viewer, framework="cqc-la-assessment").sections
    ]
    assert "Ensuring safety (CQC assessment)" in headings
    assert "Not in this framework" in headings
    # A framework no longer there falls back to ASCOF rather than failing a queued report.
    fallback = [section.heading for section in build_performance(harrow, user=viewer, framework="gone").sections]
    assert any(heading.startswith("Quality of life") for heading in fallback)

    form = PerformanceOptionsForm({"framework": "cqc-la-assessment"}, organisation=harrow)
    assert form.options() == {"framework": "cqc-la-assessment"}
    assert options_from_parameters(form.parameters()) == {"framework": "cqc-la-assessment"}


# ----- grouping through the crosswalk ------------------------------------------------------


@pytest.fixture
def teasc(harrow):
    """A TEASC-like framework whose domain 1 the crosswalk maps to an ASCOF domain; an ASCOF
    indicator tagged only with that ASCOF domain, with values for Harrow."""
    from ascent.frameworks.models import ElementMapping

    teasc = Framework.objects.create(slug="teasc-risk-awareness", version="2024", name="TEASC", short_name="TEASC")
    domain = Element.objects.create(framework=teasc, key="domain-1", kind="Domain", title="Performance", sort_order=1)
    Element.objects.create(framework=teasc, key="domain-2", kind="Domain", title="Governance", sort_order=2)
    ascof = Framework.objects.create(slug="ascof-2014", version="2014", name="ASCOF 2014", short_name="ASCOF")
    ascof_domain = Element.objects.create(
        framework=ascof, key="domain-1", kind="Domain", title="Domain 1", sort_order=1
    )
    ElementMapping.objects.create(organisation=None, source=domain, target=ascof_domain)
    indicator = IndicatorFactory(code="ASCOF-1A", title="Quality of life", sort_order=1)
    IndicatorElement.objects.create(indicator=indicator, element=ascof_domain)
    series(harrow, indicator, {"2022-23": "18", "2023-24": "19"})
    return {"domain": domain, "ascof_domain": ascof_domain, "indicator": indicator}


def test_grouping_by_teasc_puts_ascof_indicators_under_its_domains_through_the_crosswalk(harrow, teasc):
    scorecard = build_scorecard(harrow, framework="teasc-risk-awareness")
    assert [group.title for group in scorecard.groups] == ["Performance"]
    (row,) = scorecard.groups[0].rows
    assert row.indicator == teasc["indicator"]
    assert row.through == (teasc["ascof_domain"],)
    assert row.through_text == "Through ASCOF Domain 1"
    assert scorecard.groups[0].through_count == 1


def test_a_direct_tag_is_not_said_to_come_through_the_crosswalk(harrow, teasc):
    IndicatorElement.objects.create(indicator=teasc["indicator"], element=teasc["domain"])
    (group,) = build_scorecard(harrow, framework="teasc-risk-awareness").groups
    assert group.title == "Performance"
    assert group.rows[0].through == ()
    assert group.rows[0].through_text == ""


def test_a_direct_tag_places_an_indicator_before_the_crosswalk_does(harrow, teasc):
    # Tagged directly with TEASC's second domain, and through the crosswalk with its first:
    # the indicator belongs where it is tagged, not in the earlier group it is mapped to.
    governance = Element.objects.get(framework__slug="teasc-risk-awareness", key="domain-2")
    IndicatorElement.objects.create(indicator=teasc["indicator"], element=governance)
    scorecard = build_scorecard(harrow, framework="teasc-risk-awareness")
    assert [group.title for group in scorecard.groups] == ["Governance"]
    assert scorecard.groups[0].rows[0].through == ()


def test_a_mapping_the_council_hid_does_not_group_the_indicator(harrow, herefordshire, teasc):
    from ascent.frameworks.models import ElementMapping

    ElementMapping.objects.create(
        organisation=harrow, source=teasc["domain"], target=teasc["ascof_domain"], is_hidden=True
    )
    scorecard = build_scorecard(harrow, framework="teasc-risk-awareness")
    assert [group.title for group in scorecard.groups] == ["Not in this framework"]
    # Another council that has not hidden it still sees the indicator under the domain.
    series(herefordshire, teasc["indicator"], {"2023-24": "17"})
    other = build_scorecard(herefordshire, framework="teasc-risk-awareness")
    assert [group.title for group in other.groups] == ["Performance"]


def test_a_councils_own_mapping_groups_its_indicators(harrow, herefordshire, teasc):
    from ascent.frameworks.models import ElementMapping

    governance = Element.objects.get(framework__slug="teasc-risk-awareness", key="domain-2")
    ascof_2 = Element.objects.create(
        framework=teasc["ascof_domain"].framework, key="domain-2", kind="Domain", title="Domain 2", sort_order=2
    )
    local = IndicatorFactory(organisation=harrow, code="HAR-9", title="Audit actions", sort_order=9)
    IndicatorElement.objects.create(indicator=local, element=ascof_2, organisation=harrow)
    ElementMapping.objects.create(organisation=harrow, source=governance, target=ascof_2)
    scorecard = build_scorecard(harrow, framework="teasc-risk-awareness")
    assert [group.title for group in scorecard.groups] == ["Performance", "Governance"]
    assert [row.indicator.code for row in scorecard.groups[1].rows] == ["HAR-9"]
    assert scorecard.groups[1].rows[0].through_text == "Through ASCOF Domain 2"


def test_the_page_says_which_rows_come_through_the_crosswalk(client, harrow, viewer, teasc):
    client.force_login(viewer)
    response = client.get(url("scorecard", harrow), {"framework": "teasc-risk-awareness"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert [c.get_text(" ", strip=True) for c in soup.select("main caption")] == ["TEASC Performance"]
    hint = soup.select_one("tbody tr [data-through]")
    assert hint is not None and hint.get_text(strip=True) == "Through ASCOF Domain 1"
