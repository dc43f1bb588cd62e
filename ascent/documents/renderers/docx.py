"""Word (DOCX) rendering with python-docx.

The document uses Word's built-in styles (Title, Heading 1-3, List Number, List Bullet,
Table Grid) so that Word's navigation pane, accessibility checker and screen readers
understand its structure. The little raw XML it writes is standard OOXML:

* ``w:tblHeader`` marks each table's header row to repeat on every page;
* ``w:tblCaption`` gives each table its caption as alt text;
* ``descr`` on a picture's ``wp:docPr`` is the picture's alt text;
* each numbered list gets its own ``w:num`` (sharing the List Number definition) with a
  ``w:startOverride``, so every list starts from its own first number.
"""

from __future__ import annotations

import datetime as dt
import struct
from io import BytesIO

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from ascent.core.rag import RAG
from ascent.documents.charts import DARK, to_png
from ascent.documents.colours import rag_colours
from ascent.documents.layout import AVERAGE_EM, column_widths
from ascent.documents.model import (
    BulletList,
    Chart,
    Document,
    KeyFigures,
    Note,
    NumberedList,
    Paragraph,
    Table,
)

__all__ = ["render_docx"]

FONT = "Arial"
TABLE_STYLE = "Table Grid"
PNG_SCALE = 2
MAX_PICTURE_WIDTH = Cm(16)
#: The width of the text on the page: A4 less 20 mm margins, upright or landscape.
TEXT_WIDTH_MM = 170
LANDSCAPE_TEXT_WIDTH_MM = 257
TABLE_FONT_SIZE = 9.5
#: An average character of Arial at the table's size (half an em: the unit the widths of the
#: layout module measure text in), and what each cell loses to its margins (1.5 mm each side,
#: set on every table), in millimetres.
_CHAR_MM = TABLE_FONT_SIZE * AVERAGE_EM * 25.4 / 72
_CELL_MARGIN_MM = 1.5
_CELL_PADDING_MM = 2 * _CELL_MARGIN_MM
#: Tables up to this many rows are kept on one page (as in the PDF); longer ones may break.
SHORT_TABLE_ROWS = 25
_DARK = RGBColor.from_string(DARK.lstrip("#"))
_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_THEME_COLOUR_ATTRIBUTES = ("w:themeColor", "w:themeShade", "w:themeTint")


def _set_style_font(style, *, size: float | None = None, colour: bool = True) -> None:
    """Use Arial (not the theme font) and GOV.UK black for a style."""
    font = style.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if colour:
        font.color.rgb = _DARK
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is not None:
        for attribute in _THEME_FONT_ATTRIBUTES:
            rfonts.attrib.pop(qn(attribute), None)
    color = rpr.find(qn("w:color"))
    if color is not None:
        for attribute in _THEME_COLOUR_ATTRIBUTES:
            color.attrib.pop(qn(attribute), None)


def _setup(word: docx.document.Document, *, landscape: bool = False) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)

    normal = word.styles["Normal"]
    _set_style_font(normal, size=11)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(lang)
    for name, size in (
        ("Title", 26),
        ("Subtitle", 14),
        ("Heading 1", 18),
        ("Heading 2", 14),
        ("Heading 3", 12),
    ):
        _set_style_font(word.styles[name], size=size)


def _properties(word: docx.document.Document, document: Document) -> None:
    props = word.core_properties
    props.title = document.title
    props.subject = document.subtitle or document.title
    props.author = "Ascent"
    props.last_modified_by = "Ascent"
    props.language = "en-GB"
    props.revision = 1
    produced = document.date()
    if produced is not None:
        when = dt.datetime.combine(produced, dt.time(), tzinfo=dt.UTC)
    else:
        when = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props.created = props.modified = when


def _keep_with_next(paragraph: DocxParagraph) -> DocxParagraph:
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _bold_paragraph(word: docx.document.Document, text: str) -> DocxParagraph:
    paragraph = word.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def _row_properties(row, *, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    trpr.append(cant_split)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)


def _table_caption(word_table, caption: str) -> None:
    tblpr = word_table._tbl.tblPr
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption[:255])
    tblpr.append(element)


def _fill_cell(cell, text: str, *, bold: bool = False, right: bool = False, size: float | None = None):
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return run


def _shade(cell, rating: RAG, run) -> None:
    """Shade a rating's cell in its GOV.UK tag colours; the words stay (colour is never alone)."""
    colours = rag_colours(rating)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colours.background_hex)
    cell._tc.get_or_add_tcPr().append(shading)
    run.font.color.rgb = RGBColor.from_string(colours.text_hex)
    run.bold = True


def _set_widths(word_table, table: Table, text_width: float) -> None:
    """Fixed column widths set to the content, so Word and LibreOffice lay the table out alike."""
    widths = column_widths(table, text_width, char_width=_CHAR_MM, padding=_CELL_PADDING_MM)
    word_table.autofit = False
    tblpr = word_table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(_CELL_MARGIN_MM / 25.4 * 1440)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # The schema orders a table's properties: the layout and cell margins come before the
    # table look and caption (Word refuses a file that breaks the order).
    existing = tblpr.find(qn("w:tblLayout"))
    if existing is not None:
        tblpr.remove(existing)
    later = next((child for child in tblpr if child.tag in (qn("w:tblLook"), qn("w:tblCaption"))), None)
    for element in (layout, margins):
        if later is not None:
            later.addprevious(element)
        else:
            tblpr.append(element)
    for index, width in enumerate(widths):
        word_table.columns[index].width = Mm(width)
        for cell in word_table.columns[index].cells:
            cell.width = Mm(width)


def _keep_rows_together(word_table, rows: int) -> None:
    """Keep a short table on one page (each row with the next), or a long table's heading
    row with its first row, so a table never starts with its heading alone at a page foot."""
    keep = len(word_table.rows) - 1 if rows <= SHORT_TABLE_ROWS else min(2, len(word_table.rows) - 1)
    for row in list(word_table.rows)[:keep]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _text_width(word: docx.document.Document) -> float:
    section = word.sections[-1]
    return LANDSCAPE_TEXT_WIDTH_MM if section.orientation == WD_ORIENT.LANDSCAPE else TEXT_WIDTH_MM


def _table(word: docx.document.Document, table: Table, *, heading: str = "") -> None:
    # A caption that says what the section heading just said is not written twice (it
    # stays the table's alt text).
    if table.caption != heading:
        _keep_with_next(_bold_paragraph(word, table.caption))
    word_table = word.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    word_table.style = word.styles[TABLE_STYLE]
    word_table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _table_caption(word_table, table.caption)
    rows = word_table.rows
    _row_properties(rows[0], header=True)
    for cell, column in zip(rows[0].cells, table.columns, strict=True):
        _fill_cell(cell, column.heading, bold=True, right=column.align == "right", size=TABLE_FONT_SIZE)
    for word_row, texts, values in zip(rows[1:], table.display_rows(), table.rows, strict=True):
        _row_properties(word_row, header=False)
        for cell, text, value, column in zip(word_row.cells, texts, values, table.columns, strict=True):
            run = _fill_cell(cell, text, right=column.align == "right", size=TABLE_FONT_SIZE)
            if isinstance(value, RAG):
                _shade(cell, value, run)
    _set_widths(word_table, table, _text_width(word))
    _keep_rows_together(word_table, len(table.rows))
    if table.footnote:
        note = word.add_paragraph()
        note.add_run(table.footnote).font.size = Pt(9)
    else:
        word.add_paragraph()


#: A rating's words, as key figures label counts of each ("Red", "Amber", "Green", "Not rated").
_RATING_LABELS = {rag.label: rag for rag in RAG}


def _pairs_table(word: docx.document.Document, pairs, *, caption: str, bold_values: bool) -> None:
    word_table = word.add_table(rows=len(pairs), cols=2)
    word_table.style = word.styles[TABLE_STYLE]
    _table_caption(word_table, caption)
    # Counts by rating (every label a rating's word) are shaded as ratings are everywhere else.
    ratings = all(label in _RATING_LABELS for label, _ in pairs)
    for row, (label, value) in zip(word_table.rows, pairs, strict=True):
        _row_properties(row, header=False)
        label_cell, value_cell = row.cells
        run = _fill_cell(label_cell, label, bold=not bold_values)
        if ratings:
            _shade(label_cell, _RATING_LABELS[label], run)
        _fill_cell(value_cell, value, bold=bold_values)
    word.add_paragraph()


def _list_number_definition(word: docx.document.Document, start: int) -> int:
    """A new ``w:num`` for the List Number style's numbering, restarting at ``start``."""
    numbering = word.part.numbering_part.numbering_definitions._numbering
    style_num_id = word.styles["List Number"].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def _numbered_list(word: docx.document.Document, block: NumberedList) -> None:
    num_id = _list_number_definition(word, block.start)
    for text in block.items:
        paragraph = word.add_paragraph(text, style="List Number")
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id


def _png_width(png: bytes) -> int:
    """Pixel width from a PNG's IHDR chunk."""
    return struct.unpack(">I", png[16:20])[0]


def _chart(word: docx.document.Document, chart: Chart) -> None:
    _keep_with_next(_bold_paragraph(word, chart.title))
    png = to_png(chart.spec, scale=PNG_SCALE)
    natural = Cm(_png_width(png) / PNG_SCALE / 96 * 2.54)
    picture = word.add_paragraph().add_run().add_picture(BytesIO(png), width=min(natural, MAX_PICTURE_WIDTH))
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", chart.description)
    doc_pr.set("title", chart.title)
    _table(word, chart.table)


def _note(word: docx.document.Document, note: Note) -> None:
    paragraph = _keep_with_next(word.add_paragraph())
    paragraph.add_run("Warning: ").bold = True
    paragraph.add_run(note.text).bold = True


def render_docx(document: Document) -> bytes:
    """Render ``document`` as a Word document."""
    word = docx.Document()
    _setup(word, landscape=document.landscape)
    _properties(word, document)

    word.add_heading(document.title, level=0)
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    if document.metadata:
        _pairs_table(word, list(document.metadata), caption="About this report", bold_values=False)

    for section in document.sections:
        # A heading always stays on the same page as what follows it.
        _keep_with_next(word.add_heading(section.heading, level=section.level - 1))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                word.add_paragraph(block.text)
            elif isinstance(block, NumberedList):
                _numbered_list(word, block)
            elif isinstance(block, BulletList):
                for text in block.items:
                    word.add_paragraph(text, style="List Bullet")
            elif isinstance(block, Table):
                _table(word, block, heading=section.heading)
            elif isinstance(block, Chart):
                _chart(word, block)
            elif isinstance(block, KeyFigures):
                _pairs_table(
                    word, [(label, str(value)) for label, value in block.items], caption="Key figures", bold_values=True
                )
            elif isinstance(block, Note):
                _note(word, block)

    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
