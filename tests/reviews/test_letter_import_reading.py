"""Reading letters (DOCX, PDF, pasted text) and proposing scope, team, findings and recommendations.

The letters in tests/reviews/letters/ were written for these tests, one a layout; their
expected answers are in expected/ (built from content.py by build.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ascent.reviews.letter_import import LetterReadError, propose, public_proposal, read, role_for, sniff
from scripts.letter_import_accuracy import score

LETTERS = Path(__file__).resolve().parent / "letters"
LAYOUTS = ["word-numbered.docx", "word-labelled.docx", "pdf-priorities.pdf", "pasted-text.txt"]


def proposal_of(file_name: str) -> dict:
    data = (LETTERS / file_name).read_bytes()
    source = data.decode("utf-8") if file_name.endswith(".txt") else data
    return propose(read(source)[1])


def expected_of(file_name: str) -> dict:
    return json.loads((LETTERS / "expected" / f"{Path(file_name).stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("file_name", LAYOUTS)
def test_it_finds_every_item_of_each_layout_and_nothing_else(file_name):
    result = score(proposal_of(file_name), expected_of(file_name))
    for part, counts in result.items():
        assert counts["missed"] == 0, (part, counts)
        assert counts["wrong"] == 0, (part, counts)


def test_it_reads_word_list_numbering_as_numbers():
    recommendations = proposal_of("word-numbered.docx")["recommendations"]
    assert [item["number"] for item in recommendations] == [1, 2, 3, 4]
    assert recommendations[0]["text"].startswith("Publish a short guide to direct payments")


def test_it_reads_recommendation_paragraphs_and_keeps_unnumbered_ones_unnumbered():
    recommendations = proposal_of("word-labelled.docx")["recommendations"]
    assert [item["number"] for item in recommendations] == [1, 2, 3, 4, None, None, 7, 8]
    # "Recommendation 3" is on a line of its own: its passage holds both lines.
    assert recommendations[2]["passage"].splitlines()[0] == "Recommendation 3"


def test_it_reads_key_priorities_in_bullets_as_unnumbered_key_priorities():
    recommendations = proposal_of("pdf-priorities.pdf")["recommendations"]
    priorities = [item for item in recommendations if item["kind"] == "key-priority"]
    assert [item["number"] for item in priorities] == [None, None, None]
    assert priorities[1]["text"] == "Agree one threshold document with all partners."


def test_findings_carry_their_kind_heading_and_passage():
    findings = proposal_of("word-labelled.docx")["findings"]
    mystery = next(item for item in findings if "mystery-shopper" in item["text"])
    assert mystery["kind"] == "development"
    assert mystery["heading"] == "Readiness for the Care Act"
    assert mystery["passage"] == mystery["text"]


def test_team_table_gives_name_role_and_organisation():
    team = proposal_of("pdf-priorities.pdf")["team"]
    assert team[0] == {
        "name": "Alan Brook",
        "role": "lead-director",
        "job_title": "Lead peer and former director",
        "organisation": "Coastal Council",
        "passage": "| Alan Brook | Lead peer and former director | Coastal Council |",
    }


def test_it_guesses_the_review_details():
    review = proposal_of("word-labelled.docx")["review"]
    assert review["kind"] == "peer-challenge"
    assert review["on_site_from"] == "2014-07-01"
    assert review["on_site_to"] == "2014-07-03"
    assert review["development_label"] == "consideration"
    assert review["title"] == "Adult social care peer challenge: feedback letter"


def test_the_public_proposal_has_exactly_the_issues_keys():
    assert list(public_proposal(proposal_of("pasted-text.txt"))) == ["scope", "team", "findings", "recommendations"]


def test_a_sub_item_joins_the_recommendation_before_it():
    text = "# Recommendations\n16. The team recommends that:\n  - scrutiny is strengthened\n  - members are trained"
    [item] = propose(text)["recommendations"]
    assert item["number"] == 16
    assert item["text"] == "The team recommends that: scrutiny is strengthened members are trained"


def test_an_unnumbered_recommendation_in_a_findings_section_is_a_recommendation_not_a_finding():
    text = "## Strengths\nStaff are proud of the service they give.\nThe team recommends that this is celebrated."
    proposal = propose(text)
    assert [item["text"] for item in proposal["findings"]] == ["Staff are proud of the service they give."]
    assert proposal["recommendations"][0]["number"] is None


def test_the_file_type_comes_from_the_content_not_the_name():
    pdf = (LETTERS / "pdf-priorities.pdf").read_bytes()
    docx = (LETTERS / "word-numbered.docx").read_bytes()
    assert sniff(pdf) == "pdf"
    assert sniff(docx) == "docx"
    assert sniff(b"Just some text") == "text"


def test_a_zip_that_is_not_a_word_document_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(LetterReadError, match="not a Word document"):
        read(buffer.getvalue())


def test_a_damaged_pdf_is_refused_with_a_message():
    with pytest.raises(LetterReadError, match="could not be read as a PDF"):
        read(b"%PDF-1.4 nothing else here")


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("Lead director", "lead-director"),
        ("Councillor, member peer", "member-peer"),
        ("Expert by experience", "expert-by-experience"),
        ("Peer challenge manager", "challenge-manager"),
        ("Review support officer", "review-support"),
        ("Head of adult social care", "officer-peer"),
        ("Carer", "reviewer"),
    ],
)
def test_roles_as_written_become_team_roles(written, role):
    assert role_for(written) == role


def test_a_numbered_item_pasted_with_a_bullet_keeps_its_number():
    text = "Areas for consideration\n- 16. The Team recommends that:\n - i) scrutiny is strengthened"
    [item] = propose(read(text)[1])["recommendations"]
    assert item["number"] == 16
    assert item["text"].endswith("scrutiny is strengthened")
