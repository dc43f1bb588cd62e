"""The command-line tools: `programmes GSS_CODE` and `programme_report ID`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from .test_reporting import resilient_harrow

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_programmes_lists_the_programmes_and_projects_as_a_table(harrow, editor):
    resilient_harrow(harrow, editor)
    text = run("programmes", "e09000015")
    assert "Resilient programme" in text and "board: Programme Board" in text
    assert "Savings 2019-20: £1.263m forecast against £1.446m, £312K delivered, £183K short" in text
    line = next(line for line in text.splitlines() if "RH01 Targeted Reviews" in line)
    assert "In delivery" in line and "Green" in line and "Amber" in line and "£863K" in line and "£183K" in line


def test_programmes_as_json(harrow, editor):
    resilient_harrow(harrow, editor)
    (programme,) = json.loads(run("programmes", "E09000015", "--format", "json"))
    assert programme["financial_year"] == "2019-20"
    assert programme["savings"] == {
        "target": "1446000.00",
        "forecast": "1263000.00",
        "delivered": "312000.00",
        "shortfall": "183000.00",
    }
    reviews = programme["projects"][0]
    assert reviews["name"] == "Targeted Reviews" and reviews["stage"] == "delivery"
    assert reviews["rags"] == {"overall": "green", "time": "amber", "cost": None, "benefits": None}
    assert reviews["board"] == "Programme Board"
    later = json.loads(run("programmes", "E09000015", "--format", "json", "--year", "2020"))[0]
    assert later["savings"]["target"] == "150000.50"


def test_programmes_of_a_council_with_none(harrow):
    assert run("programmes", "E09000015") == "Harrow has no transformation programmes.\n"
    assert json.loads(run("programmes", "E09000015", "--format", "json")) == []


def test_programmes_refuses_an_unknown_gss_code(db):
    with pytest.raises(CommandError, match="No organisation has the GSS code 'E99999999'"):
        run("programmes", "E99999999")


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_programme_report_writes_each_format(harrow, editor, tmp_path, fmt):
    import docx
    import openpyxl

    programme, *_ = resilient_harrow(harrow, editor)
    out = tmp_path / f"report.{fmt}"
    text = run("programme_report", str(programme.pk), "--format", fmt, "--out", str(out))
    assert f"Wrote the board highlight report of Resilient programme (Harrow) to {out} as {fmt.upper()}" in text
    content = out.read_bytes()
    if fmt == "pdf":
        assert content.startswith(b"%PDF")
    elif fmt == "docx":
        assert any("Programme summary" in p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    else:
        book = openpyxl.load_workbook(io.BytesIO(content))
        values = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert 1263000 in values


def test_programme_report_writes_the_committee_report(harrow, editor, tmp_path):
    import docx

    programme, *_ = resilient_harrow(harrow, editor)
    out = tmp_path / "committee.docx"
    run("programme_report", str(programme.pk), "--format", "docx", "--kind", "committee", "--out", str(out))
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Summary and recommendations" in texts and "Equalities" in texts


def test_programme_report_refuses_bad_input(harrow, editor, tmp_path):
    programme, *_ = resilient_harrow(harrow, editor)
    out = str(tmp_path / "x")
    with pytest.raises(CommandError, match="No programme has the id 999999"):
        run("programme_report", "999999", "--format", "pdf", "--out", out)
    with pytest.raises(CommandError, match="'abc' is not a programme id"):
        run("programme_report", "abc", "--format", "pdf", "--out", out)
    with pytest.raises(CommandError, match="Unknown format 'odt': choose one of docx, pdf, xlsx, html"):
        run("programme_report", str(programme.pk), "--format", "odt", "--out", out)
    with pytest.raises(CommandError, match="Unknown kind of report 'annual'"):
        run("programme_report", str(programme.pk), "--format", "pdf", "--kind", "annual", "--out", out)
    with pytest.raises(CommandError, match="Cannot write"):
        run("programme_report", str(programme.pk), "--format", "docx", "--out", str(tmp_path / "missing" / "x.docx"))
