"""Reading a framework typed as text: the outline of elements and the rating scale (no database)."""

from __future__ import annotations

from types import SimpleNamespace

from ascent.frameworks.outline import element_keys, outline_text, parse_outline, parse_scale, scale_text


def shape(text: str):
    lines, problems = parse_outline(text)
    assert problems == []
    return [(item.code, item.title, item.depth, item.parent) for item in lines]


def test_indentation_sets_the_parent():
    assert shape("Leadership\n  Accountability\n    Named lead\n  Scrutiny\nSafeguarding\n") == [
        ("", "Leadership", 0, None),
        ("", "Accountability", 1, 0),
        ("", "Named lead", 2, 1),
        ("", "Scrutiny", 1, 0),
        ("", "Safeguarding", 0, None),
    ]


def test_numbering_sets_the_parent_wherever_the_line_is_indented():
    assert shape("1 Leadership\n2 Safeguarding\n1.1 Accountability\n  2.1. Partnership\n") == [
        ("1", "Leadership", 0, None),
        ("2", "Safeguarding", 0, None),
        ("1.1", "Accountability", 1, 0),
        ("2.1", "Partnership", 1, 1),
    ]


def test_a_code_before_a_colon_tabs_comments_and_blank_lines():
    assert shape("# a comment\nQS1: Assessing needs\n\n\tKLOE-1.2: Named lead: a person\n") == [
        ("QS1", "Assessing needs", 0, None),
        ("KLOE-1.2", "Named lead: a person", 1, 0),
    ]


def test_include_by_reference():
    lines, problems = parse_outline("Safeguarding\n  include CQC-LA-Assessment:QS-7\n")
    assert problems == []
    assert lines[1].include == ("cqc-la-assessment", "qs-7") and lines[1].parent == 0


def test_problems_name_the_line():
    _, problems = parse_outline("1 One\n\n1.1.1 Orphan\n1 Again\ninclude nothing\n" + "  " * 6 + "x\n")
    assert [(p.line, p.message) for p in problems] == [
        (3, "1.1.1 needs a line numbered 1.1 above it, to be its parent"),
        (4, "the number 1 is used twice"),
        (5, "write an included element as “include framework:element”, such as include cqc-la-assessment:qs-7"),
    ]
    _, problems = parse_outline("a\n b\n  c\n   d\n    e\n     f\n")
    assert [(p.line, p.message) for p in problems] == [(6, "an element can be at most 5 levels deep")]
    assert [p.message for p in parse_outline(" \n# only a comment\n")[1]] == ["enter at least one element"]


def test_keys_are_stable_and_distinct():
    lines, _ = parse_outline("1 A\n1.1 B\n11 C\nQS1: D\nE\nE\ninclude cqc:qs-7\n")
    assert element_keys(lines) == ["1", "1-1", "11", "qs1", "e", "e-2", "qs-7"]


def test_outline_text_reads_back_to_the_same_tree():
    def element(pk, parent, code, title, included=None):
        return SimpleNamespace(
            pk=pk, parent_id=parent, code=code, title=title, included_from_id=included and 99, included_from=included
        )

    source = SimpleNamespace(framework=SimpleNamespace(slug="cqc-la-assessment"), key="qs-7")
    elements = [
        element(1, None, "KLOE1", "Safe"),
        element(2, 1, "1.1", "Kept safe"),
        element(3, 1, "Has space", "Odd code"),
        element(4, 1, "QS7", "Safeguarding", included=source),
    ]
    text = outline_text(elements)
    assert text == "KLOE1: Safe\n  1.1: Kept safe\n  Odd code\n  include cqc-la-assessment:qs-7"
    assert [(i.code, i.title, i.depth, i.parent) for i in parse_outline(text)[0]][:3] == [
        ("KLOE1", "Safe", 0, None),
        ("1.1", "Kept safe", 1, 0),
        ("", "Odd code", 1, 0),
    ]


def test_scale_levels_lowest_first_with_colours_and_favourable():
    levels, problems = parse_scale("Not met | red\n\nPartly | AMBER\nMet | green | favourable\n")
    assert problems == []
    assert [(lv["value"], lv["label"], lv["score"], lv["colour"], lv["favourable"]) for lv in levels] == [
        ("not-met", "Not met", 1, "red", False),
        ("partly", "Partly", 2, "amber", False),
        ("met", "Met", 3, "green", True),
    ]
    as_levels = [SimpleNamespace(**level) for level in levels]
    assert scale_text(as_levels) == "Not met | red\nPartly | amber\nMet | green | favourable"


def test_scale_problems_name_the_line():
    _, problems = parse_scale("Low | red\n | green\nHigh | blue\nlow\n")
    assert [(p.line, p.message) for p in problems] == [
        (2, "start the line with the level's label"),
        (3, "“blue” is neither a colour (green, amber, red or grey) nor the word favourable"),
        (4, "the level “low” is on the scale twice"),
    ]
    assert [p.message for p in parse_scale("Only one")[1]] == ["enter at least two levels, one a line"]
    assert [p.message for p in parse_scale("\n".join(f"L{n}" for n in range(11)))[1]] == [
        "a scale can have at most 10 levels"
    ]


def test_an_element_heading_says_its_kind_once():
    from ascent.frameworks.models import Element

    assert Element(code="Theme 1", kind="Theme", title="Working with people").heading == "Theme 1 Working with people"
    assert (
        Element(code="QS7", kind="Quality statement", title="Safeguarding").heading == "Quality statement: Safeguarding"
    )
    assert Element(code="", kind="Domain", title="Leadership").heading == "Domain: Leadership"
