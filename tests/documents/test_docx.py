"""Word rendering with python-docx, read back with python-docx."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from ascent.documents.model import Chart, Document
from ascent.documents.renderers import render
from ascent.documents.renderers.docx import render_docx

from . import RECOMMENDATIONS, sample_document


@pytest.fixture(scope="module")
def document():
    return sample_document()


@pytest.fixture(scope="module")
def docx_bytes(document):
    return render_docx(document)


@pytest.fixture(scope="module")
def word(docx_bytes):
    return docx.Document(io.BytesIO(docx_bytes))


def _styled(word, style):
    return [p.text for p in word.paragraphs if p.style.name == style]


def _table_with_caption(word, caption):
    for table in word.tables:
        element = table._tbl.tblPr.find(qn("w:tblCaption"))
        if element is not None and element.get(qn("w:val")) == caption:
            return table
    raise AssertionError(f"No table captioned {caption!r}")


def test_core_properties(word):
    props = word.core_properties
    assert props.title == "Organisation profile"
    assert props.subject == "Adult social care in Harrow"
    assert props.author == "Ascent"
    assert props.language == "en-GB"


def test_title_and_headings(word):
    assert word.paragraphs[0].style.name == "Title"
    assert word.paragraphs[0].text == "Organisation profile"
    assert _styled(word, "Subtitle") == ["Adult social care in Harrow"]
    assert _styled(word, "Heading 1") == ["Summary", "Comparisons", "Recommendations"]
    assert _styled(word, "Heading 2") == ["Spending"]


def test_page_is_a4(word):
    section = word.sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297


def test_metadata_table(word):
    table = _table_with_caption(word, "About this report")
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Organisation", "Harrow"],
        ["Produced", "23 November 2026"],
    ]


def test_numbered_lists_restart_with_their_own_numbering(word):
    items = [p for p in word.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in items] == [*RECOMMENDATIONS, "Follow-up item"]
    num_ids = [p._p.pPr.numPr.numId.val for p in items]
    assert len(set(num_ids[:10])) == 1
    assert num_ids[10] != num_ids[0]

    numbering = word.part.numbering_part.numbering_definitions._numbering

    def start_of(num_id):
        num = numbering.num_having_numId(num_id)
        override = num.find(qn("w:lvlOverride"))
        return int(override.find(qn("w:startOverride")).get(qn("w:val")))

    assert start_of(num_ids[0]) == 1
    assert start_of(num_ids[10]) == 11
    # Both lists share the List Number definition, so they look the same.
    assert numbering.num_having_numId(num_ids[0]).abstractNumId.val == (
        numbering.num_having_numId(num_ids[10]).abstractNumId.val
    )


def test_bullets_and_notes(word):
    assert _styled(word, "List Bullet") == ["Harrow is a London borough.", "Comparators are its neighbours."]
    assert "Warning: Illustrative: not official statistics." in [p.text for p in word.paragraphs]


def test_tables_have_repeating_header_rows_and_right_aligned_numbers(word):
    table = _table_with_caption(word, "Gross spending on adult social care")
    assert table.style.name == "Table Grid"
    header = table.rows[0]
    assert [cell.text for cell in header.cells] == ["Service", "Spend", "Change", "Clients", "Comment"]
    repeat = header._tr.trPr.find(qn("w:tblHeader"))
    assert repeat is not None and repeat.get(qn("w:val")) == "true"
    assert all(run.bold for run in header.cells[0].paragraphs[0].runs)
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None

    values = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert values[0] == ["Residential care", "£12,500,000", "4.5%", "1,234", "Rising"]
    assert values[2] == ["Direct payments", "£3,100,000", "12.5%", "–", "[c]"]
    spend = table.rows[1].cells[1].paragraphs[0]
    assert spend.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[1].cells[0].paragraphs[0].alignment is None


def test_charts_are_pictures_with_alt_text_then_tables(word, document):
    charts = [block for block in document.blocks() if isinstance(block, Chart)]
    shapes = word.inline_shapes
    assert len(shapes) == len(charts)
    for shape, chart in zip(shapes, charts, strict=True):
        doc_pr = shape._inline.docPr
        assert doc_pr.get("descr") == chart.description
        assert doc_pr.get("title") == chart.title
        assert shape.width <= docx.shared.Cm(16)
        table = _table_with_caption(word, chart.table.caption)
        assert table.rows[1].cells[0].text == chart.table.display_rows()[0][0]


def test_package_is_well_formed(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        assert package.testzip() is None
        names = package.namelist()
        assert "word/document.xml" in names
        assert any(name.startswith("word/media/") and name.endswith(".png") for name in names)


def test_render_returns_docx_content_type():
    content, content_type, extension = render(Document("Tiny"), "docx")
    assert content.startswith(b"PK")
    assert content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert extension == "docx"
