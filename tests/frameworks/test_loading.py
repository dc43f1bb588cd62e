"""Loading frameworks from YAML: the shipped files, errors by line and field, versions."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ascent.frameworks.loading import (
    CREATED,
    UNCHANGED,
    UPDATED,
    FrameworkError,
    FrameworkFileError,
    load_framework,
    load_framework_text,
    load_shipped_frameworks,
)
from ascent.frameworks.models import Element, ElementMapping, Framework

from .factories import framework_yaml, make_framework, use_framework

ROOT = Path(__file__).resolve().parents[2]
ASCOF_CSV = ROOT / "ascent" / "indicators" / "data" / "ascof.csv"


def _history_rows() -> int:
    return sum(model.history.count() for model in (Framework, Element, ElementMapping))


# --- the shipped frameworks -----------------------------------------------------------------


def test_shipped_frameworks_have_the_elements_the_spec_names(shipped_frameworks):
    teasc = shipped_frameworks["teasc-risk-awareness"]
    domains = list(teasc.elements.filter(parent=None))
    assert [d.key for d in domains] == [f"domain-{n}" for n in range(1, 7)]
    assert [d.title for d in domains] == [
        "Performance and outcomes",
        "Leadership and governance",
        "Commissioning and quality",
        "National priorities and partnerships",
        "Resource and workforce management",
        "Culture and challenge",
    ]
    assert all(d.kind == "Domain" and d.is_rated and d.depth == 0 for d in domains)
    areas = teasc.elements.filter(parent__key="domain-3")
    assert [a.title for a in areas] == ["Market shaping", "Quality issues"]
    assert all(a.kind == "Area to consider" and not a.is_rated and a.depth == 1 for a in areas)
    assert teasc.top_risks == 3
    assert [(level.value, level.label, level.score, level.favourable) for level in teasc.scale] == [
        ("red", "High risk", 1, False),
        ("amber", "Medium risk", 2, False),
        ("green", "Low risk", 3, True),
    ]

    cqc = shipped_frameworks["cqc-la-assessment"]
    assert cqc.scoring == Framework.Scoring.CQC_LA_2023
    assert cqc.evidence_categories == ["people", "feedback", "processes", "outcomes"]
    themes = list(cqc.elements.filter(kind="Theme"))
    assert [t.key for t in themes] == ["theme-1", "theme-2", "theme-3", "theme-4"]
    statements = list(cqc.elements.filter(kind="Quality statement"))
    assert [s.key for s in statements] == [f"qs-{n}" for n in range(1, 10)]
    assert [s.code for s in statements] == [f"QS{n}" for n in range(1, 10)]
    assert statements[6].title == "Safeguarding" and statements[6].parent.key == "theme-3"
    for statement in statements:
        assert statement.is_rated
        assert statement.we_statement.startswith("We ")
        assert len(statement.i_statements) >= 2
        # I statements speak as the person: every one says "I", "my" or "me".
        assert all(re.search(r"\b(I|my|My|me)\b", text) for text in statement.i_statements), statement.i_statements
    assert [level.label for level in cqc.scale] == [
        "1 – Significant shortfalls",
        "2 – Some shortfalls",
        "3 – Good standard",
        "4 – Exceptional standard",
    ]
    assert [level.value for level in cqc.scale if level.favourable] == ["3", "4"]
    assert cqc.level("3").colour == "green"


def test_ascof_elements_match_the_indicator_library_and_its_data_migration(shipped_frameworks):
    """Part B tags indicators by framework slug and element key: every tag in the library file
    names a shipped element, and indicators migration 0009 (which made these rows before the
    files were loaded) used the same slugs, versions, keys and titles, so the loader adopts them."""
    import importlib

    migration = importlib.import_module("ascent.indicators.migrations.0009_indicator_elements_from_domains")
    with ASCOF_CSV.open(encoding="utf-8") as handle:
        tags = {tag for row in csv.DictReader(handle) for tag in row["elements"].split()}
    for tag in tags:
        slug, key = tag.split(":")
        assert shipped_frameworks[slug].elements.filter(key=key).exists(), tag
    for slug, spec in migration.ASCOF.items():
        framework = shipped_frameworks[slug]
        assert framework.version == spec["version"]
        for number, title in spec["titles"].items():
            element = framework.elements.get(key=f"{spec['key']}-{number}")
            assert (element.code, element.title, element.kind) == (str(number), title, spec["kind"])
    assert shipped_frameworks["ascof-2023"].elements.count() == 6


def test_loading_the_shipped_files_again_changes_nothing(db):
    first = load_shipped_frameworks()
    # CREATED on an empty database; a data migration may have made the ASCOF rows already,
    # and then the loader completes them in place (UPDATED).
    assert {status for _f, status in first} <= {CREATED, UPDATED}
    assert [f.slug for f, _status in first] == ["teasc-risk-awareness", "cqc-la-assessment", "ascof-2014", "ascof-2023"]
    rows = (Framework.objects.count(), Element.objects.count())
    history = _history_rows()
    second = load_shipped_frameworks()
    assert [(f.pk, status) for f, status in second] == [(f.pk, UNCHANGED) for f, _s in first]
    assert (Framework.objects.count(), Element.objects.count()) == rows
    assert _history_rows() == history


def test_a_file_that_differs_only_in_comments_and_layout_is_unchanged(db):
    framework = make_framework()
    text = "# a comment\n" + framework_yaml().replace("  - {value: poor", "  -   {value: poor")
    assert load_framework(text) == (framework, UNCHANGED)


# --- errors by line and field, nothing saved ----------------------------------------------------

BAD_FILES = {
    "missing field": (
        framework_yaml().replace("name: Key lines of enquiry\n", ""),
        FrameworkError(1, "name", "name is missing"),
    ),
    "wrong type": (
        framework_yaml() + "top_risks: three\n",
        FrameworkError(14, "top_risks", "must be a whole number, not 'three'"),
    ),
    "number where text is wanted": (
        framework_yaml().replace('version: "1"', "version: 2"),
        FrameworkError(
            3, "version", "must be text (put it in quotes if it looks like a number, a date or yes/no), not 2"
        ),
    ),
    "unknown field": (
        framework_yaml().replace("    kind: Area\n", "    kind: Area\n    colour: blue\n"),
        None,
    ),
    "duplicate key": (
        framework_yaml().replace("key: line-2", "key: line-1"),
        FrameworkError(13, "elements[1].children[2].key", "key line-1 is already used by another element (line 12)"),
    ),
    "unknown parent": (
        framework_yaml() + "  - {key: line-3, kind: Line, title: Third, parent: area-9}\n",
        FrameworkError(14, "elements[2].parent", "no element in this file has the key area-9"),
    ),
    "bad include": (
        framework_yaml() + "  - include: cqc-la-assessment:qs-77\n",
        FrameworkError(14, "elements[2].include", "there is no framework cqc-la-assessment to include from"),
    ),
    "badly written include": (
        framework_yaml() + "  - include: QS7\n",
        FrameworkError(
            14,
            "elements[2].include",
            "'QS7' must name a framework and one of its elements as framework-slug:element-key, "
            "like cqc-la-assessment:qs-7",
        ),
    ),
    "bad scale: same value twice": (
        framework_yaml().replace("value: good", "value: poor"),
        FrameworkError(6, "rating_scale[2].value", "value poor is already used by level 1 of the scale"),
    ),
    "bad scale: same score twice": (
        framework_yaml().replace("score: 2", "score: 1"),
        FrameworkError(
            6,
            "rating_scale[2].score",
            "score 1 is already used by level 1: each level needs its own score, higher for better",
        ),
    ),
    "bad scale: unknown colour": (
        framework_yaml().replace("colour: green", "colour: purple"),
        FrameworkError(6, "rating_scale[2].colour", "'purple' is not one of: green, amber, red, grey"),
    ),
    "bad scale: one level": (
        framework_yaml().replace("  - {value: good, label: Good, score: 2, favourable: true, colour: green}\n", ""),
        FrameworkError(5, "rating_scale", "needs at least 2 items"),
    ),
    "same field twice": (
        framework_yaml() + 'version: "2"\n',
        FrameworkError(14, "version", "version is given twice (first on line 3)"),
    ),
    "nothing rated": (
        framework_yaml().replace(", rated: true", ""),
        FrameworkError(8, "elements", "no element is rated: mark at least one rated: true"),
    ),
    "parent cycle": (
        framework_yaml()
        + "  - {key: a, kind: K, title: A, parent: b, rated: true}\n  - {key: b, kind: K, title: B, parent: a}\n",
        FrameworkError(14, "elements[2].parent", "its parents lead back to itself, so it has no place in the tree"),
    ),
    "YAML aliases": (
        "slug: &s x\nname: *s\n",
        FrameworkError(2, "", "anchors and aliases (& and *) are not allowed: write each value out"),
    ),
    "not YAML": (
        framework_yaml() + "  - [unclosed\n",
        None,
    ),
    "a control character": (
        "not: [yaml\n\x00\x01",
        FrameworkError(
            2,
            "",
            "this line has a character a text file should not contain (U+0000, a control character): "
            "save the file again as plain text",
        ),
    ),
    "a bad escape in quotes": (
        framework_yaml() + 'source: "C:\\q"\n',
        FrameworkError(14, "", "this is not valid YAML: found unknown escape character 'q'"),
    ),
    "a tag YAML safe loading refuses": (
        framework_yaml() + "source: !!python/name:os.system x\n",
        None,
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_names_line_and_field_and_saves_nothing(db, case):
    text, expected = BAD_FILES[case]
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(text)
    errors = raised.value.errors
    if expected is not None:
        assert expected in errors, errors
    else:
        assert errors and all(error.line > 0 for error in errors), errors
    assert str(errors[0]).startswith(f"line {errors[0].line}")
    assert Framework.objects.count() == Element.objects.count() == 0


def test_unknown_field_names_the_field_and_its_line(db):
    text = framework_yaml().replace("    kind: Area\n", "    kind: Area\n    colour: blue\n")
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(text)
    (error,) = raised.value.errors
    assert (error.line, error.field) == (10, "elements[1].colour")
    assert error.message.startswith("colour is not a field this file can have here")


def test_every_error_is_reported_not_only_the_first(db):
    text = framework_yaml().replace("name: Key lines of enquiry\n", "").replace("title: First line", "title: ''")
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(text)
    fields = {error.field for error in raised.value.errors}
    assert {"name", "elements[1].children[1].title"} <= fields


def test_an_error_in_an_update_leaves_the_earlier_version_as_it_was(db, harrow):
    framework = make_framework(harrow)
    with pytest.raises(FrameworkFileError):
        load_framework_text(framework_yaml(title="Changed").replace("key: line-2", "key: line-1"), organisation=harrow)
    framework.refresh_from_db()
    assert framework.elements.get(key="area-1").title == "Access"


# --- includes by reference ------------------------------------------------------------------------


def test_an_element_included_by_reference_links_to_its_source_and_copies_its_title(shipped_frameworks, harrow):
    text = framework_yaml() + "  - include: cqc-la-assessment:qs-7\n    rated: true\n"
    framework = load_framework_text(text, organisation=harrow)
    element = framework.elements.get(key="qs-7")
    source = shipped_frameworks["cqc-la-assessment"].elements.get(key="qs-7")
    assert element.included_from == source
    assert (element.title, element.code, element.kind, element.is_rated) == (
        "Safeguarding",
        "QS7",
        "Quality statement",
        True,
    )
    assert element.we_statement == source.we_statement


def test_an_include_may_give_its_own_key_and_have_children(shipped_frameworks, harrow):
    text = framework_yaml() + (
        "  - include: teasc-risk-awareness:domain-3\n"
        "    key: commissioning\n"
        "    children:\n"
        "      - {key: care-homes, kind: Prompt, title: Care home quality}\n"
    )
    framework = load_framework_text(text, organisation=harrow)
    child = framework.elements.get(key="care-homes")
    assert child.parent.key == "commissioning"
    assert child.parent.title == "Commissioning and quality"
    assert child.depth == 1


def test_a_council_cannot_include_another_councils_framework(db, harrow, herefordshire):
    make_framework(herefordshire, slug="hereford-kloe")
    text = framework_yaml() + "  - include: hereford-kloe:line-1\n"
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(text, organisation=harrow)
    assert raised.value.errors == [
        FrameworkError(14, "elements[2].include", "there is no framework hereford-kloe to include from")
    ]


def test_an_include_naming_an_element_the_framework_lacks(shipped_frameworks, harrow):
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(framework_yaml() + "  - include: cqc-la-assessment:qs-77\n", organisation=harrow)
    assert raised.value.errors == [
        FrameworkError(14, "elements[2].include", "CQC local authority assessment has no element with the key qs-77")
    ]
    assert not Framework.objects.filter(organisation=harrow).exists()


# --- versions ---------------------------------------------------------------------------------------


def test_a_changed_file_updates_an_unused_version_in_place_by_key(db, harrow):
    framework = make_framework(harrow)
    kept = framework.elements.get(key="line-1")
    text = framework_yaml(title="Access and assessment").replace(
        "      - {key: line-2, kind: Line of enquiry, title: Second line, rated: true}\n",
        "      - {key: line-3, kind: Line of enquiry, title: Third line, rated: true}\n",
    )
    updated, status = load_framework(text, organisation=harrow)
    assert (updated.pk, status) == (framework.pk, UPDATED)
    assert Framework.objects.count() == 1
    assert updated.elements.get(key="area-1").title == "Access and assessment"
    assert updated.elements.get(key="line-1").pk == kept.pk
    assert list(updated.elements.values_list("key", flat=True)) == ["area-1", "line-1", "line-3"]
    assert load_framework(text, organisation=harrow) == (updated, UNCHANGED)


def test_a_changed_file_for_a_used_version_makes_a_new_version(db, harrow):
    framework = make_framework(harrow)
    use_framework(framework, harrow)
    assert framework.is_in_use()
    new, status = load_framework(framework_yaml(title="Access and assessment"), organisation=harrow)
    assert status == CREATED
    assert new.pk != framework.pk
    assert new.previous_version == framework
    assert new.version == "1 (revision 2)"
    framework.refresh_from_db()
    assert framework.superseded_by == new
    assert framework.elements.get(key="area-1").title == "Access"
    assert new.elements.get(key="area-1").title == "Access and assessment"
    assert list(Framework.objects.current().filter(organisation=harrow)) == [new]
    # The same file again: the newest version already has it.
    assert load_framework(framework_yaml(title="Access and assessment"), organisation=harrow) == (new, UNCHANGED)


def test_a_file_with_a_new_version_makes_a_new_version_and_carries_the_crosswalk(shipped_frameworks, harrow):
    framework = make_framework(harrow)
    qs7 = shipped_frameworks["cqc-la-assessment"].elements.get(key="qs-7")
    ElementMapping.objects.create(organisation=harrow, source=framework.elements.get(key="line-1"), target=qs7)
    new = load_framework_text(framework_yaml(version="2"), organisation=harrow)
    assert (new.version, new.previous_version) == ("2", framework)
    assert ElementMapping.objects.filter(organisation=harrow, source__framework=new, target=qs7).count() == 1
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(framework_yaml(version="1", title="Back again"), organisation=harrow)
    assert raised.value.errors[0].field == "version"


def test_is_in_use_is_false_for_an_unused_version_and_other_councils_are_separate(db, harrow, herefordshire):
    ours = make_framework(harrow)
    theirs = make_framework(herefordshire)
    shipped = make_framework(None)
    assert len({ours.pk, theirs.pk, shipped.pk}) == 3
    use_framework(theirs, herefordshire)
    assert not ours.is_in_use() and not shipped.is_in_use()
    assert theirs.is_in_use()


def test_the_example_in_the_developer_docs_loads(shipped_frameworks, harrow):
    docs = (ROOT / "docs" / "dev" / "framework-yaml.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    framework = load_framework_text(example, organisation=harrow)
    assert framework.slug == "harrow-kloe"
    assert [(e.key, e.parent.key if e.parent else None) for e in framework.elements.select_related("parent")] == [
        ("access", None),
        ("front-door", "access"),
        ("waiting", "access"),
        ("carers", "access"),
        ("qs-7", None),
    ]
    assert framework.elements.get(key="qs-7").included_from.framework.slug == "cqc-la-assessment"
    assert framework.level("green").label == "Yes, consistently"


def _tree(framework):
    return [
        (e.key, e.parent.key if e.parent else None, e.code, e.kind, e.title, e.we_statement, e.i_statements, e.is_rated)
        for e in framework.elements.select_related("parent")
    ]


def test_a_framework_written_out_as_yaml_loads_back_to_the_same_tree(shipped_frameworks, harrow):
    from ascent.frameworks.loading import framework_to_yaml

    cqc = shipped_frameworks["cqc-la-assessment"]
    # A council's copy takes a slug of its own (a shipped framework's slug is refused).
    text = framework_to_yaml(cqc).replace("slug: cqc-la-assessment", "slug: harrow-cqc", 1)
    copy = load_framework_text(text, organisation=harrow)
    assert copy.pk != cqc.pk and copy.organisation == harrow
    assert _tree(copy) == _tree(cqc)
    assert (copy.rating_scale, copy.scoring, copy.evidence_categories) == (
        cqc.rating_scale,
        cqc.scoring,
        cqc.evidence_categories,
    )
    # Loading it back over the shipped version it came from changes nothing.
    assert load_framework(framework_to_yaml(cqc)) == (cqc, UNCHANGED)


def test_a_written_out_framework_keeps_its_includes_and_can_start_a_new_version(shipped_frameworks, harrow):
    from ascent.frameworks.loading import framework_to_yaml

    own = load_framework_text(framework_yaml() + "  - include: cqc-la-assessment:qs-7\n", organisation=harrow)
    text = framework_to_yaml(own, version="2")
    assert "include: cqc-la-assessment:qs-7" in text
    new = load_framework_text(text, organisation=harrow)
    assert (new.version, new.previous_version) == ("2", own)
    assert _tree(new) == _tree(own)
    assert new.elements.get(key="qs-7").included_from.framework.slug == "cqc-la-assessment"


def test_a_council_cannot_take_the_slug_of_a_shipped_framework(shipped_frameworks, harrow):
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(framework_yaml(slug="teasc-risk-awareness", version="2016"), organisation=harrow)
    (error,) = raised.value.errors
    assert (error.line, error.field) == (1, "slug")
    assert error.message.startswith("teasc-risk-awareness is the slug of a framework that comes with Ascent")
    assert not Framework.objects.filter(organisation=harrow).exists()
    # its own slug stays its own: a new version of the council's framework still loads
    make_framework(harrow)
    assert load_framework_text(framework_yaml(version="2"), organisation=harrow).version == "2"


ONE_ROUND = """\
slug: local-kloe
name: Key lines of enquiry
version: "1"
top_risks: three
rating_scale:
  - {value: poor, label: Poor, score: 1, favourable: false, colour: purple}
  - {value: poor, label: Good, score: 1, favourable: true, colour: green}
elements:
  - key: area-1
    kind: Area
    title: Access
    children:
      - {key: line-1, kind: Line of enquiry, title: First line, rated: true}
      - {key: line-1, kind: Line of enquiry, title: Second line, rated: true}
      - {key: line-3, kind: Line of enquiry, rated: true}
      - {key: line-4, kind: Line of enquiry, title: Fourth, parent: area-9}
      - {include: "cqc-la-assessment:qs-77"}
      - {key: line-5, kind: Line of enquiry, title: Fifth, rated: maybe}
"""


def test_schema_and_other_problems_are_reported_in_one_round_by_line(db):
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(ONE_ROUND)
    found = {(error.line, error.field) for error in raised.value.errors}
    assert found == {
        (4, "top_risks"),
        (6, "rating_scale[1].colour"),
        (7, "rating_scale[2].value"),
        (7, "rating_scale[2].score"),
        (14, "elements[1].children[2].key"),
        (15, "elements[1].children[3].title"),
        (16, "elements[1].children[4].parent"),
        (17, "elements[1].children[5].include"),
        (18, "elements[1].children[6].rated"),
    }, raised.value.errors
    assert raised.value.errors == sorted(raised.value.errors)
    assert Framework.objects.count() == 0


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("no", 'no is read as a yes/no value; to mean the text, put it in quotes: "no"'),
        ("On", 'On is read as a yes/no value; to mean the text, put it in quotes: "On"'),
        ("2024-01-31", '2024-01-31 is read as a date; to mean the text, put it in quotes: "2024-01-31"'),
    ],
)
def test_a_value_yaml_reads_as_something_else_is_reported_as_written(db, written, message):
    text = framework_yaml().replace("value: poor", f"value: {written}")
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(text)
    assert FrameworkError(5, "rating_scale[1].value", message) in raised.value.errors, raised.value.errors


def test_a_field_given_twice_is_reported_with_the_other_problems(db):
    text = framework_yaml().replace("top_risks", "x") + 'version: "2"\ntop_risks: three\n'
    with pytest.raises(FrameworkFileError) as raised:
        load_framework_text(text)
    assert {error.field for error in raised.value.errors} == {"version", "top_risks"}, raised.value.errors
