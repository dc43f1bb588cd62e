"""What an indicator counts towards: the local indicator form's element checkboxes, and the
indicator page's elements with what they also count towards (the crosswalk)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ascent.frameworks.models import Element, ElementMapping, Framework
from ascent.indicators.models import Indicator, IndicatorElement

from .factories import IndicatorFactory, field_errors, url

pytestmark = pytest.mark.django_db

VALID = {
    "code": "HAR-SG1",
    "title": "Safeguarding enquiries concluded in 28 days",
    "unit": "percent",
    "polarity": "higher_is_better",
    "decimals": "1",
    "frequency": "quarterly",
}


@pytest.fixture
def frameworks(harrow, herefordshire):
    cqc = Framework.objects.create(slug="cqc-la-assessment", version="2023", name="CQC assessment", short_name="CQC")
    theme = Element.objects.create(framework=cqc, key="theme-3", kind="Theme", title="Ensuring safety", sort_order=1)
    qs7 = Element.objects.create(
        framework=cqc,
        parent=theme,
        key="qs-7",
        code="QS7",
        kind="Quality statement",
        title="Safeguarding",
        is_rated=True,
        depth=1,
        sort_order=2,
    )
    prompt = Element.objects.create(
        framework=cqc, parent=qs7, key="qs-7-p1", kind="Prompt", title="A prompt", depth=2, sort_order=3
    )
    teasc = Framework.objects.create(slug="teasc-risk-awareness", version="2015", name="TEASC", short_name="TEASC")
    governance = Element.objects.create(
        framework=teasc, key="domain-1", code="1", kind="Domain", title="Leadership", is_rated=True, sort_order=1
    )
    ElementMapping.objects.create(source=qs7, target=governance)
    own = Framework.objects.create(organisation=harrow, slug="local-indicators", version="1", name="Harrow areas")
    reviews = Element.objects.create(framework=own, key="reviews", kind="Area", title="Reviews", sort_order=1)
    theirs = Framework.objects.create(organisation=herefordshire, slug="kloe", version="1", name="Hereford KLOE")
    hidden = Element.objects.create(framework=theirs, key="a", kind="Area", title="Their area", sort_order=1)
    return {"cqc": cqc, "theme": theme, "qs7": qs7, "prompt": prompt, "reviews": reviews, "hidden": hidden}


def _checkboxes(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        fieldset.legend.get_text(" ", strip=True): [
            label.get_text(strip=True) for label in fieldset.select(".govuk-checkboxes__label")
        ]
        for fieldset in soup.select("fieldset")
        if fieldset.select(".govuk-checkboxes")
    }


def test_the_form_offers_each_visible_frameworks_top_level_and_rated_elements(client, harrow, editor, frameworks):
    client.force_login(editor)
    boxes = _checkboxes(client.get(url("indicator-add", harrow)))

    assert boxes["CQC assessment (optional)"] == ["Ensuring safety", "QS7 Safeguarding"]  # no prompts
    assert boxes["Harrow areas (optional)"] == ["Reviews"]
    assert "Hereford KLOE (optional)" not in boxes


def test_an_editor_tags_a_new_local_indicator_as_the_councils_own(client, harrow, editor, frameworks):
    client.force_login(editor)
    data = {
        **VALID,
        f"elements_{frameworks['cqc'].pk}": [str(frameworks["qs7"].pk)],
        f"elements_{frameworks['reviews'].framework_id}": [str(frameworks["reviews"].pk)],
    }
    response = client.post(url("indicator-add", harrow), data)

    assert response.status_code == 302
    indicator = Indicator.objects.get(code="HAR-SG1")
    tags = IndicatorElement.objects.filter(indicator=indicator)
    assert {(tag.element.key, tag.organisation_id) for tag in tags} == {("qs-7", harrow.pk), ("reviews", harrow.pk)}
    assert all(tag.history.get().history_user == editor for tag in tags)


def test_changing_the_ticks_changes_the_tags_and_keeps_the_others(client, harrow, editor, frameworks):
    indicator = IndicatorFactory(organisation=harrow, code="HAR-SG1")
    IndicatorElement.objects.create(indicator=indicator, element=frameworks["qs7"], organisation=harrow)
    client.force_login(editor)

    page = client.get(url("indicator-edit", harrow, indicator_id=indicator.pk))
    ticked = BeautifulSoup(page.content, "html.parser").select("input[type=checkbox][checked]")
    assert [box["value"] for box in ticked] == [str(frameworks["qs7"].pk)]

    data = {**VALID, f"elements_{frameworks['cqc'].pk}": [str(frameworks["theme"].pk)]}
    assert client.post(url("indicator-edit", harrow, indicator_id=indicator.pk), data).status_code == 302
    assert list(indicator.element_tags.values_list("element__key", flat=True)) == ["theme-3"]


def test_an_element_not_offered_is_refused_naming_the_field(client, harrow, editor, frameworks):
    client.force_login(editor)
    field = f"elements_{frameworks['cqc'].pk}"
    response = client.post(url("indicator-add", harrow), {**VALID, field: [str(frameworks["hidden"].pk)]})

    assert field_errors(response)[field].startswith("Select elements from the list")
    assert not Indicator.objects.filter(code="HAR-SG1").exists()


def test_the_indicator_page_lists_its_elements_and_what_they_also_count_towards(
    client, harrow, herefordshire, viewer, frameworks
):
    indicator = IndicatorFactory(code="ASCOF-4A", title="Feel safe", domain="")
    IndicatorElement.objects.create(indicator=indicator, element=frameworks["qs7"])
    IndicatorElement.objects.create(indicator=indicator, element=frameworks["reviews"], organisation=harrow)
    IndicatorElement.objects.create(indicator=indicator, element=frameworks["hidden"], organisation=herefordshire)
    client.force_login(viewer)

    soup = BeautifulSoup(client.get(url("detail", harrow, indicator_id=indicator.pk)).content, "html.parser")
    text = soup.select_one("#indicator-elements").get_text(" ", strip=True)

    assert "QS7 Safeguarding" in text
    assert "Also counts towards: TEASC 1 Leadership" in text
    assert "Reviews" in text
    assert "Their area" not in text  # another council's tag and framework
