"""The performance and profile papers, read back as a board member would get them (issue 9, point 9)."""

from __future__ import annotations

import io

import docx
import openpyxl
import pdfplumber
import pytest

from ascent.documents.renderers import render
from ascent.finance.demo import load_demo_finance
from ascent.indicators import demo
from ascent.indicators.library import load_indicator_library
from ascent.indicators.scorecard import ScorecardGroup
from ascent.organisations.models import Organisation
from ascent.organisations.reference import load_reference_data
from ascent.reports.performance import build_performance
from ascent.reports.profile import build_profile
from tests.documents.test_board_pack import printed_text_size
from tests.indicators.factories import shipped_frameworks

pytestmark = pytest.mark.django_db


@pytest.fixture
def harrow_demo():
    """Harrow's demo figures, with the illustrative years (ASCOF-1G's latest value is made up)."""
    load_reference_data()
    shipped_frameworks()
    load_indicator_library()
    demo.load_demo_performance()
    load_demo_finance()
    return Organisation.objects.get(gss_code="E09000015")


def workbook(document):
    return openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")[0]))


def pdf_text(document) -> str:
    with pdfplumber.open(io.BytesIO(render(document, "pdf")[0])) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_a_domain_heading_names_its_framework_so_two_sets_numbered_alike_differ():
    from ascent.reports.performance import group_heading

    old = ScorecardGroup(
        key="a", title="3 Ensuring that people have a positive experience", framework_label="ASCOF to 2022/23"
    )
    new = ScorecardGroup(key="b", title="3 Empowerment", framework_label="ASCOF from 2023/24")
    local = ScorecardGroup(key="c", title="Local indicators")
    assert group_heading(new) == "3 Empowerment (ASCOF from 2023/24)"
    assert (
        group_heading(old, "as at 2019-20")
        == "3 Ensuring that people have a positive experience (ASCOF to 2022/23) as at 2019-20"
    )
    assert group_heading(local) == "Local indicators"


def test_the_performance_paper_shows_each_domain_once_with_its_framework(harrow_demo, viewer):
    document = build_performance(harrow_demo, user=viewer)
    domains = [section for section in document.sections if section.heading[:2] in ("1 ", "2 ", "3 ", "4 ")]
    assert domains and all("(Adult Social Care Outcomes Framework" in section.heading for section in domains)
    heading = domains[0].heading
    text = pdf_text(document)
    assert text.count(heading.split(" (")[0]) == 1  # the heading, not the caption again
    assert "(Adult Social Care Outcomes Framework" in text
    word = docx.Document(io.BytesIO(render(document, "docx")[0]))
    assert sum(heading in paragraph.text for paragraph in word.paragraphs) == 1
    book = workbook(document)
    sheets = [sheet for sheet in book.worksheets if str(sheet["A1"].value).startswith(heading[:2])]
    assert sheets and all("(Adult Social Care Outcomes Framework" in sheet["A1"].value for sheet in sheets)
    # The rating counts on the Contents sheet are numbers, not text.
    contents = {row[0].value: row[1].value for row in book["Contents"].iter_rows(min_row=2) if row[0].value}
    assert all(isinstance(contents[label], int) for label in ("Red", "Amber", "Green", "Not rated"))
    # Each table sheet prints at 8 points or more on landscape A4.
    for sheet in book.worksheets:
        assert printed_text_size(sheet) >= 8, sheet.title


def test_the_profile_headline_table_marks_each_row_and_gives_the_target_year(harrow_demo, viewer):
    document = build_profile(harrow_demo, user=viewer)
    book = workbook(document)
    sheet = book["Headline indicators"]
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Indicator")
    header = [cell.value for cell in sheet[header_row]]
    assert "Figures" in header and "Target" in header
    rows = {
        row[0].split(" ")[0]: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
    }
    assert rows["ASCOF-1G"]["Figures"].startswith("Illustrative")
    assert any(row["Figures"] == "Real" for row in rows.values())
    assert any("(against the 2015-16 target)" in (row["Target"] or "") for row in rows.values())
    text = pdf_text(document)
    assert "(against the 2015-16 target)" in text.replace("\n", " ")
    # Key figures are numbers with formats in the workbook.
    contents = {row[0].value: row[1] for row in book["Contents"].iter_rows(min_row=2) if row[0].value}
    assert contents["Members"].data_type == "n" and contents["Councils in the region"].value == 33
    assert contents["Rated red"].data_type == "n"
    total = next(cell for label, cell in contents.items() if label.startswith("Total in"))
    assert total.value == 56651000 and total.number_format == '"£"#,##0'
    change = next(cell for label, cell in contents.items() if label.startswith("Change on") and "(%)" not in label)
    assert change.value == 2847000 and change.number_format.startswith('+"£"')
    percent = next(cell for label, cell in contents.items() if label.endswith("(%)"))
    assert percent.value == 5 and percent.number_format.startswith("+")
    # ... and the text the pages show in the PDF.
    assert "£56.651m" in text and "+£2.847m" in text and "+5%" in text
    for sheet in book.worksheets:
        assert printed_text_size(sheet) >= 8, sheet.title
