"""Papers fit for a board pack: each defect a tester found, read back from the file."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import openpyxl
import pdfplumber
import pytest
from docx.oxml.ns import qn
from openpyxl.styles import Alignment

from ascent.core.rag import RAG
from ascent.documents.colours import rag_colours
from ascent.documents.model import Column, Document, Figure, KeyFigures, Note, Paragraph, Section, Table
from ascent.documents.renderers.docx import render_docx
from ascent.documents.renderers.html import render_html
from ascent.documents.renderers.pdf import render_pdf
from ascent.documents.renderers.xlsx import render_xlsx

HEADING = "1 Enhancing quality of life for people with care and support needs"


def domain_table(rows: int, caption: str = HEADING) -> Table:
    return Table(
        caption=caption,
        columns=[Column("Indicator"), Column("Target"), Column("Latest", align="right"), Column("Figures")],
        rows=[
            [
                f"ASCOF-{number} Adults in long-term community support who get self-directed support, all ages",
                "At least 80.0% (amber within 5.0 percentage points) (against the 2015-16 target)",
                Figure(Decimal("83.0"), kind="percent", places=1),
                "Illustrative: latest, previous, baseline and trend",
            ]
            for number in range(rows)
        ],
    )


def paper(filler: int, rows: int) -> Document:
    return Document(
        title="Performance scorecard",
        sections=[
            Section("Summary", [Paragraph("A sentence of the summary, which runs on for a while. " * 12)] * filler),
            Section(
                HEADING,
                [Note("Some values in this table are illustrative, not official statistics."), domain_table(rows)],
            ),
        ],
        landscape=True,
    )


def pdf_pages(document: Document) -> list[str]:
    with pdfplumber.open(io.BytesIO(render_pdf(document))) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.mark.parametrize("filler", [1, 2, 3])
def test_a_domain_heading_stays_with_its_note_and_the_start_of_its_table(filler):
    # Twenty rows of wrapped text are taller than a landscape page: the table cannot be kept
    # whole, so it must start under its heading rather than leave the heading alone.
    pages = pdf_pages(paper(filler, 20))
    first = next(text for text in pages if "1 Enhancing quality of life" in text)
    assert "illustrative, not official statistics" in first
    assert "Indicator Target Latest Figures" in first
    assert "ASCOF-0 " in first and "ASCOF-2 " in first  # the heading row and the first rows
    # The heading is not printed again as the table's caption.
    assert sum(text.count("1 Enhancing quality of life") for text in pages) == 1


def test_a_caption_that_repeats_the_heading_is_shown_once_in_every_format():
    document = paper(1, 3)
    word = docx.Document(io.BytesIO(render_docx(document)))
    assert sum(HEADING in paragraph.text for paragraph in word.paragraphs) == 1
    assert word.tables[-1]._tbl.tblPr.xpath("./w:tblCaption/@w:val") == [HEADING]  # still the alt text
    printed = render_html(document, for_print=True)
    assert 'govuk-table__caption--s govuk-visually-hidden">' + HEADING in printed  # not printed (see _print.css)
    page = render_html(document)
    assert 'govuk-table__caption govuk-table__caption--s govuk-visually-hidden">' + HEADING in page
    # A caption saying something else is shown.
    other = Document(title="T", sections=[Section("Domain", [domain_table(2, caption="Another table")])])
    assert 'govuk-table__caption--s">Another table' in render_html(other)
    assert sum("Another table" in p.text for p in docx.Document(io.BytesIO(render_docx(other))).paragraphs) == 1


def printed_text_size(worksheet) -> float:
    """The size 11 point text prints at when the sheet's visible columns are fitted to the width
    of landscape A4, measuring a width's character as the widest-measuring program does."""
    from ascent.documents.tabular import POINTS_PER_CHAR, PRINTABLE_WIDTH_PT

    widths = [dimension.width for dimension in worksheet.column_dimensions.values() if not dimension.hidden]
    return 11 * min(1, PRINTABLE_WIDTH_PT / (sum(widths) * POINTS_PER_CHAR))


def test_key_figures_are_numbers_with_formats_in_a_workbook_and_text_elsewhere():
    document = Document(
        title="Organisation profile",
        sections=[
            Section(
                "Summary",
                [
                    KeyFigures(
                        [
                            ("Members", 5),
                            ("Total in 2020-21", Figure(Decimal("56651000"), kind="money", text="£56.651m")),
                            ("Change", Figure(Decimal("2847000"), kind="money", text="+£2.847m", signed=True)),
                            ("Change (%)", Figure(Decimal("5"), kind="percent", text="+5%", signed=True)),
                        ]
                    )
                ],
            )
        ],
    )
    contents = openpyxl.load_workbook(io.BytesIO(render_xlsx(document)))["Contents"]
    cells = {row[0].value: row[1] for row in contents.iter_rows(min_row=2) if row[0].value}
    assert cells["Members"].value == 5 and cells["Members"].data_type == "n"
    assert cells["Members"].number_format == "#,##0"
    assert cells["Total in 2020-21"].value == 56651000
    assert cells["Total in 2020-21"].number_format == '"£"#,##0'
    assert cells["Change"].value == 2847000
    assert cells["Change"].number_format == '+"£"#,##0;-"£"#,##0;"£"#,##0'
    assert cells["Change (%)"].value == 5
    assert cells["Change (%)"].number_format == '+#,##0"%";-#,##0"%";#,##0"%"'
    text = "\n".join(pdf_pages(document))
    assert "£56.651m" in text and "+£2.847m" in text and "+5%" in text and "5" in text
    word = docx.Document(io.BytesIO(render_docx(document)))
    values = [row.cells[1].text for row in word.tables[-1].rows]
    assert values == ["5", "£56.651m", "+£2.847m", "+5%"]
    assert ">£56.651m<" in render_html(document)


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        (Figure(Decimal("1600000"), kind="money", text="£1.6m"), "£1,600,000"),
        (Figure(Decimal("-183000"), kind="money", text="−£183K"), "-£183,000"),
        (Figure(Decimal("12.5"), kind="number", places=1, unit="days"), "12.5 days"),
    ],
)
def test_a_money_column_is_as_wide_as_its_numbers_as_the_spreadsheet_shows_them(figure, shown):
    table = Table("Headline indicators", [Column("Indicator"), Column("Latest", align="right")], [["Spend", figure]])
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(Document("T", sections=[Section("S", [table])]))))[
        "Headline indicators"
    ]
    # The number and its format (read back), as wide as the column, with the cell's margin.
    assert sheet["B3"].value == figure.value
    assert sheet.column_dimensions["B"].width >= len(shown) + 1


def test_a_table_sheet_prints_at_eight_points_or_more_on_landscape_a4():
    words = "word " * 30
    table = Table(
        "A wide domain table",
        [Column(name) for name in ("Indicator", "Baseline period", "Target", "Latest period", "Direction")]
        + [Column(name, align="right") for name in ("Baseline", "Latest")]
        + [Column("Rating", kind="rating"), Column("Figures")],
        [[words, "Q3 2015/16", words, "Q3 2015/16", "Improving", Figure(83), Figure(84), None, words]] * 3,
    )
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(Document("T", sections=[Section("S", [table])]))))[
        "A wide domain table"
    ]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert printed_text_size(sheet) >= 8
    # The indicator stays the widest column, and wraps.
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert widths["A"] == max(widths.values()) <= 40
    assert sheet["A3"].alignment.wrap_text
    assert sheet.print_area  # a long caption running on past the table is not printed


def test_counts_by_rating_in_key_figures_are_shaded_in_word_and_other_key_figures_are_not():
    document = Document(
        title="Board pack",
        sections=[
            Section("Summary", [KeyFigures([("Red", 4), ("Amber", 0), ("Green", 9), ("Not rated", 10)])]),
            Section("People", [KeyFigures([("Members", 5), ("Red team", 2)])]),
        ],
    )
    word = docx.Document(io.BytesIO(render_docx(document)))

    def fills(table) -> list[str | None]:
        result = []
        for row in table.rows:
            shading = row.cells[0]._tc.tcPr.find(qn("w:shd"))
            result.append(None if shading is None else shading.get(qn("w:fill")))
        return result

    ratings, people = word.tables[0], word.tables[1]
    assert [row.cells[0].text for row in ratings.rows] == ["Red", "Amber", "Green", "Not rated"]
    expected = [rag_colours(rag).background_hex for rag in (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.NONE)]
    assert [fill.upper() for fill in fills(ratings)] == [hex_.upper() for hex_ in expected]
    assert fills(people) == [None, None]


def test_narrowing_a_sheet_to_print_never_breaks_a_heading_mid_word():
    from ascent.documents.tabular import PRINT_WIDTH_CHARS, Spreadsheet

    book = Spreadsheet(title="Wide")
    sheet = book.add_sheet("Wide")
    headings = ["Indicator", "Approximate", "Commentary"]
    for column, heading in enumerate(headings, start=1):
        sheet.put(1, column, heading)
    for row in range(2, 5):
        sheet.put(row, 1, "A long indicator name that wraps " * 4)
        sheet.put(row, 2, "No")
        sheet.put(row, 3, "Some words " * 20)
    for letter, width in zip("ABC", (200, 14, 200), strict=True):
        sheet.worksheet.column_dimensions[letter].width = width
    for row in sheet.worksheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True)
    sheet.header_row = 1
    saved = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))["Wide"]
    widths = [saved.column_dimensions[letter].width for letter in "ABC"]
    assert sum(widths) <= PRINT_WIDTH_CHARS + 3
    assert widths[1] >= len("Approximate") + 2
