"""``manage.py import_letter``: print the proposal, and accept it unless --dry-run."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ascent.reviews.models import LetterImport, Recommendation, Review

pytestmark = pytest.mark.django_db
LETTERS = Path(__file__).resolve().parent / "letters"


def run(*args) -> str:
    out = StringIO()
    call_command("import_letter", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_dry_run_prints_the_issues_json_keys_and_saves_nothing(harrow):
    printed = json.loads(run(harrow.gss_code, str(LETTERS / "word-labelled.docx"), "--dry-run", "--format", "json"))
    assert list(printed) == ["scope", "team", "findings", "recommendations"]
    assert set(printed["team"][0]) >= {"name", "role", "organisation"}
    assert set(printed["findings"][0]) >= {"kind", "heading", "text"}
    assert [item["number"] for item in printed["recommendations"]][4:6] == [None, None]
    assert not LetterImport.objects.exists() and not Review.objects.exists()


def test_without_dry_run_it_accepts_the_proposal(harrow):
    printed = run(harrow.gss_code, str(LETTERS / "pdf-priorities.pdf"))
    assert "Recommendations (6)" in printed
    review = Review.objects.get()
    assert review.stage == "published" and review.kind == "safeguarding-peer-review"
    assert Recommendation.objects.filter(review=review, kind="key-priority", number__isnull=True).count() == 3
    assert LetterImport.objects.get().status == "accepted"


def test_an_unknown_council_is_refused(db):
    with pytest.raises(CommandError, match="No council has the GSS code"):
        run("E99999999", str(LETTERS / "pasted-text.txt"), "--dry-run")
