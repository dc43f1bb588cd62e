"""The `assessments` and `export_assessment` commands."""

from __future__ import annotations

import io
import json

import docx
import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.reports.self_assessment_world import JUSTIFICATION, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(harrow, herefordshire, admin_user):
    return build_world(harrow, herefordshire, admin_user)


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_assessments_lists_the_councils_versions_as_json(world):
    rows = json.loads(_run("assessments", "e09000015", "--format", "json"))
    assert [(row["framework"], row["period"]) for row in rows] == [
        ("cqc-la-assessment", "2024-25"),
        ("teasc-risk-awareness", "2015-16"),
    ]
    teasc = rows[1]
    assert teasc["id"] == world["teasc"].pk
    assert teasc["status"] == "signed_off" and teasc["shared"] is False and teasc["version"] == 1
    assert teasc["open_flags"] == len(world["flags"]) >= 1
    assert teasc["justified_flags"] == teasc["open_flags"]
    assert rows[0]["status"] == "draft"


def test_assessments_prints_a_table_and_never_another_councils(world):
    text = _run("assessments", "E09000015")
    lines = text.splitlines()
    assert lines[0].split() == ["ID", "Framework", "Period", "Version", "Status", "Shared", "Open", "flags"]
    assert "TEASC risk awareness" in text and "Signed off" in text
    assert str(world["herefordshire_shared"].pk) not in [line.split()[0] for line in lines[1:]]
    herefordshire = json.loads(_run("assessments", "E06000019", "--format", "json"))
    assert {row["id"] for row in herefordshire} == {world["herefordshire_shared"].pk, world["herefordshire_draft"].pk}
    assert [row["shared"] for row in herefordshire if row["id"] == world["herefordshire_shared"].pk] == [True]


def test_assessments_refuses_an_unknown_code(world):
    with pytest.raises(CommandError, match="No organisation has the GSS code 'E09999999'"):
        _run("assessments", "E09999999")


def test_export_json_has_flags_justifications_and_the_estimate(world, tmp_path):
    out = tmp_path / "teasc.json"
    message = _run("export_assessment", str(world["teasc"].pk), "--format", "json", "--out", str(out))
    assert "Harrow" in message and str(out) in message
    data = json.loads(out.read_text())
    assert data["framework"]["slug"] == "teasc-risk-awareness" and data["period"] == "2015-16"
    flagged = [flag for rating in data["ratings"] for flag in rating["flags"]]
    assert flagged and all(flag["justification"] == JUSTIFICATION for flag in flagged)
    assert [risk["rank"] for risk in data["top_risks"]] == [1, 2, 3]
    assert data["cqc_estimate"] is None
    cqc = tmp_path / "cqc.json"
    _run("export_assessment", str(world["cqc"].pk), "--format", "json", "--out", str(cqc))
    estimate = json.loads(cqc.read_text())["cqc_estimate"]
    assert estimate["total"] == 23 and estimate["maximum"] == 36 and estimate["rating"] == "Good"
    assert "estimate" in estimate["warning"]


def test_export_writes_each_document_format(world, tmp_path):
    for fmt in ("docx", "pdf", "xlsx"):
        out = tmp_path / f"teasc.{fmt}"
        _run("export_assessment", str(world["teasc"].pk), "--format", fmt, "--out", str(out))
        content = out.read_bytes()
        if fmt == "pdf":
            assert content.startswith(b"%PDF")
        elif fmt == "docx":
            word = docx.Document(io.BytesIO(content))
            cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
            assert JUSTIFICATION in cells
        else:
            workbook = load_workbook(io.BytesIO(content))
            values = [v for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row]
            assert JUSTIFICATION in values
            assert 3 in values  # the top risks' ranks are numbers


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999", "--format", "pdf"], "No self-assessment has the id 999999"),
        (["abc", "--format", "pdf"], "The id must be a whole number"),
        (["{id}", "--format", "csv"], "Unknown format 'csv': choose docx, pdf, xlsx or json"),
    ],
)
def test_export_refuses_clearly(world, tmp_path, args, message):
    args = [arg.replace("{id}", str(world["teasc"].pk)) for arg in args]
    with pytest.raises(CommandError, match=message):
        _run("export_assessment", *args, "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_export_refuses_a_folder_that_does_not_exist(world, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _run("export_assessment", str(world["teasc"].pk), "--format", "json", "--out", str(tmp_path / "no" / "x.json"))


def test_assessments_counts_flags_raised_after_sign_off_apart(world):
    from ascent.assessments.models import FlagJustification

    FlagJustification.objects.filter(assessment=world["teasc"]).delete()  # as if every flag came later
    (teasc,) = [
        row
        for row in json.loads(_run("assessments", "E09000015", "--format", "json"))
        if row["id"] == world["teasc"].pk
    ]
    assert teasc["justified_flags"] == 0
    assert teasc["after_sign_off_flags"] == teasc["open_flags"] >= 1
    assert f"{teasc['open_flags']} ({teasc['open_flags']} after sign-off)" in _run("assessments", "E09000015")
