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
LAYOUTS = [
    "word-numbered.docx",
    "word-labelled.docx",
    "pdf-priorities.pdf",
    "pasted-text.txt",
    "word-prose-team.docx",
    "pdf-furniture-scope.pdf",
    "text-domains.txt",
    "word-topic-numbers.docx",
    "text-key-line.txt",
]


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


def test_a_team_named_in_a_sentence_gives_names_roles_and_councils_and_the_signer_leads():
    team = proposal_of("word-prose-team.docx")["team"]
    assert [(m["name"], m["role"], m["organisation"]) for m in team] == [
        ("Grace Okoro", "lead-director", "Fernley Borough Council"),
        ("Rosa Lind", "expert-by-experience", "Eastmoor"),
        ("Peter Quinn", "expert-by-experience", "Eastmoor"),
        ("Cllr Dana Hope", "member-peer", "Northby"),
        ("Owen Pryce", "officer-peer", "Westvale Council"),
        ("Jill Amos", "officer-peer", "Southfield"),
        ("Carl Nash", "challenge-manager", "Midlands ADASS"),
    ]
    # The writer's passage is the signature; the others', the sentence that names them.
    assert team[0]["passage"].splitlines()[0] == "Yours sincerely"
    assert team[0]["job_title"] == "Director of Adult Services"
    assert "I was joined by" in team[3]["passage"]


def test_people_thanked_for_organising_the_visit_are_not_the_team():
    names = [m["name"] for m in proposal_of("word-prose-team.docx")["team"]]
    assert "Ann Bell" not in names and "Tim Rowe" not in names


def test_the_scope_list_is_found_past_an_address_block_after_its_cue():
    proposal = proposal_of("pdf-furniture-scope.pdf")
    assert [item["text"] for item in proposal["scope"]] == [
        "Do people who need care at home get it quickly enough after they leave hospital?",
        "How well does the council hear and act on what carers tell it?",
    ]
    # The question restated (in slightly other words) heads the findings, as the scope item's own text.
    headings = {item["heading"] for item in proposal["findings"]}
    assert headings == {item["text"] for item in proposal["scope"]}


def test_domains_are_the_scope_and_findings_under_them_get_a_guessed_kind():
    proposal = proposal_of("text-domains.txt")
    assert [item["text"] for item in proposal["scope"]][2] == "Working with partners"  # past the footnote
    by_heading = {}
    for item in proposal["findings"]:
        by_heading.setdefault(item["heading"], []).append(item["kind"])
    assert by_heading["Outcomes for people"] == [
        "strength", "strength", "strength", "development", "development", "development"
    ]  # fmt: skip
    waiting = proposal["findings"][8]
    assert waiting["text"].endswith("who will need equipment at home.")  # joined across the page break


def test_recommendations_keep_the_numbers_the_text_gives_and_join_an_item_a_page_break_cut():
    recommendations = proposal_of("text-domains.txt")["recommendations"]
    assert [item["number"] for item in recommendations] == [None, 2, 3, 4, None, 6]
    assert recommendations[2]["text"].endswith("report the findings to the board.")


@pytest.mark.parametrize(
    ("sentence", "members"),
    [
        (
            "The review team comprised Ann Lee (Lead peer, Eastby Council) and Bo Tan (Officer peer, Westby).",
            [("Ann Lee", "lead-director", "Eastby Council"), ("Bo Tan", "officer-peer", "Westby")],
        ),
        (
            "The work was carried out by two independent consultants, Kim Roe and Lou Park.",
            [("Kim Roe", "reviewer", ""), ("Lou Park", "reviewer", "")],
        ),
        ("The team was impressed by the staff it met.", None),
    ],
)
def test_prose_team_sentences(sentence, members):
    team = propose(f"# Letter\n{sentence}")["team"]
    if members is None:
        assert team == []
    else:
        assert [(m["name"], m["role"], m["organisation"]) for m in team] == members


def test_a_name_at_the_top_is_not_taken_for_the_title():
    from ascent.reviews.letter_import import guess_review

    text = "Jo Bloggs\n\nDirector of Adult Services\n\nDear Jo\n\nThank you for hosting the peer challenge in May 2014."
    review = guess_review(text)
    assert review["title"] == "Peer challenge, 2014"


def test_the_kind_is_the_one_the_letter_names_most_often():
    from ascent.reviews.letter_import import guess_review

    text = (
        "Assurance report on the council's self-assessment.\n\n"
        "The assurance review met staff. A safeguarding peer review last year found progress.\n\n"
        "This assurance review recommends the following."
    )
    review = guess_review(text)
    assert review["kind"] == "assurance-review"
    assert review["title"] == "Assurance report on the council's self-assessment."


# The layouts the browser test found wrong (QA 5), in letters written for these tests -------------


def test_a_signature_after_the_key_priorities_is_never_an_item():
    proposal = proposal_of("word-topic-numbers.docx")
    texts = [item["text"] for item in proposal["recommendations"]]
    assert texts[-2:] == ["Start home care sooner after a hospital stay.", "Grow the number of personal assistants."]
    everything = " ".join(texts + [finding["text"] for finding in proposal["findings"]])
    assert "Yours sincerely" not in everything and "Olu Adeyemi" not in everything


def test_a_signature_ends_the_findings_too():
    text = "## Strengths\nStaff are proud of the work they do every day.\nKind regards\nAnn Lee\nDirector of Care"
    proposal = propose(read(text)[1])
    assert [finding["text"] for finding in proposal["findings"]] == ["Staff are proud of the work they do every day."]


def test_a_team_line_with_the_part_played_in_brackets_splits_name_job_organisation_and_role():
    lead = proposal_of("word-topic-numbers.docx")["team"][0]
    assert {key: lead[key] for key in ("name", "job_title", "organisation", "role")} == {
        "name": "Olu Adeyemi",
        "job_title": "Director of Adult Social Services",
        "organisation": "Kirkby Borough Council",
        "role": "lead-director",
    }


@pytest.mark.parametrize(
    "line, expected",
    [
        ("- Liz Moore – LGA Peer Challenge Manager", ("LGA", "Peer Challenge Manager", "challenge-manager")),
        (
            "- Ann Lee – Programme Manager, Local Government Association",
            ("Local Government Association", "Programme Manager", "challenge-manager"),
        ),
        (
            "- Bo Tan – Local Government Association Peer Challenge Manager",
            ("Local Government Association", "Peer Challenge Manager", "challenge-manager"),
        ),
    ],
)
def test_the_lga_is_kept_as_the_organisation(line, expected):
    member = propose(read(f"## The peer team\n{line}")[1])["team"][0]
    assert (member["organisation"], member["job_title"], member["role"]) == expected


def test_findings_under_numbered_headings_that_restate_the_questions_link_to_them():
    proposal = proposal_of("word-topic-numbers.docx")
    links = {(finding["heading"], finding["scope"]) for finding in proposal["findings"]}
    assert links == {("Hospital discharge", 1), ("Direct payments", 2), ("Keeping social workers", 3)}


def test_a_heading_with_no_number_links_by_its_words_only_to_the_one_question_holding_them():
    text = (
        "## Scope\n1. Is the council's approach to carers working?\n2. How good is the front door?\n"
        "## Carers\n## Strengths\nCarers' assessments are completed promptly and well.\n"
        "## Finance\n## Strengths\nThe budget is balanced for the third year running."
    )
    findings = propose(read(text)[1])["findings"]
    assert [(finding["heading"], finding["scope"]) for finding in findings] == [("Carers", 1), ("Finance", None)]


def test_the_title_is_the_first_line_and_names_the_kind():
    review = proposal_of("text-key-line.txt")["review"]
    assert review["title"] == "Safeguarding Adults Peer Review – Royal Borough of Eastwick"
    assert review["kind"] == "safeguarding-peer-review"
    assert (review["on_site_from"], review["on_site_to"]) == ("2017-10-03", "2017-10-05")


def test_a_key_line_of_enquiry_and_its_sub_areas_without_the_lead_in():
    proposal = proposal_of("text-key-line.txt")
    assert proposal["review"]["scope_style"] == "key-line"
    assert proposal["review"]["key_line_of_enquiry"] == (
        "To what extent are adults at risk in Eastwick protected from harm?"
    )
    assert [item["text"] for item in proposal["scope"]] == [
        "The experience of people who raise a concern",
        "Partnership working through the Safeguarding Adults Board",
        "Recording and quality assurance of enquiries",
    ]


def test_the_letters_own_date_is_read_from_a_line_of_its_own():
    assert proposal_of("word-topic-numbers.docx")["review"]["letter_date"] == "2020-03-02"
    assert proposal_of("text-key-line.txt")["review"]["letter_date"] is None
    dated = propose(read("Peer challenge letter\nDate: Friday 4th April 2019\nDear Sam,")[1])["review"]
    assert dated["letter_date"] == "2019-04-04"
