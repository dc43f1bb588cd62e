"""The export_review command: the letter as Word or PDF, a published version, or the review as JSON."""

from __future__ import annotations

import json

import docx
import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ascent.reviews import letter as letters

from .letter_world import QUESTIONS, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow, reviewer, admin_user):
    return make_review(harrow, lead_user=reviewer, granted_by=admin_user, draft_findings=1)


def export(review, fmt, out, *extra):
    call_command("export_review", str(review.pk), "--format", fmt, "--out", str(out), *extra)


def test_it_writes_the_review_as_json(review, tmp_path, capsys):
    out = tmp_path / "review.json"
    export(review, "json", out)
    data = json.loads(out.read_text())
    assert [item["text"] for item in data["scope"]["items"]] == QUESTIONS
    assert [member["name"] for member in data["team"]] == ["Pat Lead", "Sam Peer", "Alex Expert"]
    assert data["team"][0]["role"] == "Lead director"
    # Every finding, with its status (the draft one too).
    assert len(data["findings"]) == 13
    assert {finding["status"] for finding in data["findings"]} == {"approved", "draft"}
    assert [item["label"] for item in data["recommendations"]][3:7] == [
        "Recommendation 4",
        "Unnumbered recommendation",
        "Unnumbered recommendation",
        "Recommendation 5",
    ]
    assert data["recommendations"][-1]["label"] == "Key priority 1"
    assert data["letter"]["letter_date"] == "2026-07-11"
    assert "Wrote the data of" in capsys.readouterr().out


def test_it_writes_the_draft_letter_as_word(review, tmp_path, capsys):
    out = tmp_path / "letter.docx"
    export(review, "docx", out)
    texts = [paragraph.text for paragraph in docx.Document(str(out)).paragraphs]
    assert "Executive summary" in texts
    assert "Analyse the demand on the advice team" in texts
    assert capsys.readouterr().out.startswith("Wrote the draft letter of Harrow's")


def test_a_published_review_s_letter_is_not_called_a_draft(review, reviewer, tmp_path, capsys):
    review.findings.filter(status="draft").delete()
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    export(review, "html", tmp_path / "letter.html")
    said = capsys.readouterr().out
    assert said.startswith("Wrote the current letter of Harrow's")
    assert said.rstrip().endswith("It was published as version 1: --letter-version 1 writes that version.")
    assert "draft" not in said


def test_it_writes_a_published_version_as_pdf(review, reviewer, admin_user, tmp_path):
    review.findings.filter(status="draft").delete()
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    review.refresh_from_db()
    letters.update_letter(review, by=reviewer, executive_summary="A later summary.")
    out = tmp_path / "letter.pdf"
    export(review, "pdf", out, "--letter-version", "1")
    with pdfplumber.open(str(out)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Leadership is strong; the front door needs attention." in text
    assert "A later summary." not in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["999999", "--format", "pdf"], "No review has the id 999999"),
        (["abc", "--format", "pdf"], "The id must be a whole number"),
        (["{id}", "--format", "xlsx"], "Unknown format 'xlsx'"),
        (["{id}", "--format", "pdf", "--letter-version", "4"], "no published version 4"),
        (["{id}", "--format", "json", "--letter-version", "1"], "--letter-version is for the letter"),
    ],
)
def test_it_refuses_clearly(review, tmp_path, arguments, message):
    arguments = [argument.replace("{id}", str(review.pk)) for argument in arguments]
    with pytest.raises(CommandError, match=message):
        call_command("export_review", *arguments, "--out", str(tmp_path / "out"))


def test_it_refuses_a_folder_that_does_not_exist(review, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        export(review, "json", tmp_path / "missing" / "out.json")
