"""The crosswalk: the shipped default, a council's own and hidden rows, and loading it."""

from __future__ import annotations

import pytest

from ascent.frameworks import crosswalk
from ascent.frameworks.crosswalk import also_counts_towards, load_crosswalk_text, mapped, rows_for
from ascent.frameworks.loading import FrameworkError, FrameworkFileError
from ascent.frameworks.models import Element, ElementMapping


def _element(frameworks, slug, key) -> Element:
    return frameworks[slug].elements.get(key=key)


def _labels(elements) -> list[str]:
    return [f"{element.framework.slug}:{element.key}" for element in elements]


def test_the_default_crosswalk_reads_both_ways(shipped_frameworks, harrow):
    commissioning = _element(shipped_frameworks, "teasc-risk-awareness", "domain-3")
    assert _labels(mapped(commissioning, harrow)) == [
        "ascof-2023:objective-6",
        "cqc-la-assessment:qs-4",
        "cqc-la-assessment:qs-5",
    ]
    safeguarding = _element(shipped_frameworks, "cqc-la-assessment", "qs-7")
    assert _labels(mapped(safeguarding, harrow)) == [
        "ascof-2014:domain-4",
        "ascof-2023:objective-4",
        "teasc-risk-awareness:domain-1",
    ]
    leadership = _element(shipped_frameworks, "teasc-risk-awareness", "domain-2")
    assert _labels(mapped(leadership, None)) == ["cqc-la-assessment:qs-8"]


def test_a_council_hides_a_shipped_mapping_for_itself_only(shipped_frameworks, harrow, herefordshire):
    domain_1 = _element(shipped_frameworks, "teasc-risk-awareness", "domain-1")
    qs7 = _element(shipped_frameworks, "cqc-la-assessment", "qs-7")
    # Hidden with the pair the other way round from the shipped row: a mapping reads both ways.
    ElementMapping.objects.create(organisation=harrow, source=qs7, target=domain_1, is_hidden=True)
    assert "teasc-risk-awareness:domain-1" not in _labels(mapped(qs7, harrow))
    assert "cqc-la-assessment:qs-7" not in _labels(mapped(domain_1, harrow))
    assert "teasc-risk-awareness:domain-1" in _labels(mapped(qs7, herefordshire))
    rows = {f"{row.other.framework.slug}:{row.other.key}": row for row in rows_for(qs7, harrow)}
    assert rows["teasc-risk-awareness:domain-1"].is_hidden and rows["teasc-risk-awareness:domain-1"].is_shipped
    assert not rows["ascof-2014:domain-4"].is_hidden


def test_a_councils_own_mapping_counts_for_it_and_no_other(shipped_frameworks, harrow, herefordshire):
    culture = _element(shipped_frameworks, "teasc-risk-awareness", "domain-6")
    qs3 = _element(shipped_frameworks, "cqc-la-assessment", "qs-3")
    ElementMapping.objects.create(organisation=harrow, source=qs3, target=culture, note="Our complaints work")
    assert _labels(mapped(culture, harrow)) == ["cqc-la-assessment:qs-3", "cqc-la-assessment:qs-9"]
    assert _labels(mapped(culture, herefordshire)) == ["cqc-la-assessment:qs-9"]
    assert "teasc-risk-awareness:domain-6" in _labels(mapped(qs3, harrow))
    (own,) = [row for row in rows_for(culture, harrow) if not row.is_shipped]
    assert own.other == qs3 and own.mapping.note == "Our complaints work"


def test_also_counts_towards_answers_for_many_elements_in_one_query(
    shipped_frameworks, harrow, django_assert_num_queries
):
    elements = list(Element.objects.select_related("framework"))
    ElementMapping.objects.create(
        organisation=harrow,
        source=_element(shipped_frameworks, "cqc-la-assessment", "qs-7"),
        target=_element(shipped_frameworks, "teasc-risk-awareness", "domain-1"),
        is_hidden=True,
    )
    with django_assert_num_queries(1):
        result = also_counts_towards(elements, harrow)
        names = {pk: [other.framework.name for other in others] for pk, others in result.items()}
    assert set(result) == {element.pk for element in elements}
    areas = [element for element in elements if element.kind == "Area to consider"]
    assert all(result[area.pk] == [] for area in areas)
    assert sum(len(found) for found in names.values()) == 2 * (
        ElementMapping.objects.filter(organisation=None).count() - 1
    )
    assert also_counts_towards([], harrow) == {}


def test_loading_the_crosswalk_again_changes_nothing_and_drops_what_the_file_no_longer_says(shipped_frameworks):
    before = ElementMapping.objects.count()
    history = ElementMapping.history.count()
    again = crosswalk.load_shipped_crosswalk()
    assert (again.created, again.removed, again.unchanged) == (0, 0, before)
    assert ElementMapping.history.count() == history
    text = "mappings:\n  - from: teasc-risk-awareness:domain-2\n    to: [cqc-la-assessment:qs-8]\n    note: Leaders\n"
    result = load_crosswalk_text(text)
    assert (result.updated, result.removed, result.unchanged) == (1, before - 1, 0)
    (only,) = ElementMapping.objects.all()
    assert (only.source.key, only.target.key, only.note) == ("domain-2", "qs-8", "Leaders")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "mappings:\n  - from: teasc-risk-awareness:domain-9\n    to: [cqc-la-assessment:qs-1]\n",
            FrameworkError(2, "mappings[1].from", "there is no shipped element teasc-risk-awareness:domain-9"),
        ),
        (
            "mappings:\n  - from: teasc-risk-awareness:domain-1\n    to:\n      - cqc-la-assessment:qs-1\n"
            "      - teasc-risk-awareness:domain-2\n",
            FrameworkError(5, "mappings[1].to[2]", "a mapping joins elements of two different frameworks"),
        ),
        (
            "mappings:\n  - from: teasc-risk-awareness:domain-1\n    to: [cqc-la-assessment:qs-1]\n"
            "  - from: cqc-la-assessment:qs-1\n    to: [teasc-risk-awareness:domain-1]\n",
            FrameworkError(
                5,
                "mappings[2].to[1]",
                "cqc-la-assessment:qs-1 and teasc-risk-awareness:domain-1 are already mapped on line 3",
            ),
        ),
        ("mappings:\n  - from: QS1\n    to: []\n", FrameworkError(3, "mappings[1].to", "needs at least 1 items")),
    ],
)
def test_a_bad_crosswalk_names_line_and_field_and_changes_nothing(shipped_frameworks, text, expected):
    before = set(ElementMapping.objects.values_list("pk", flat=True))
    with pytest.raises(FrameworkFileError) as raised:
        load_crosswalk_text(text)
    assert expected in raised.value.errors, raised.value.errors
    assert set(ElementMapping.objects.values_list("pk", flat=True)) == before
