"""Papers fit for a board pack: RAG in colour and words, numbers as numbers, sheet names cut
at word boundaries, headings kept with what follows, tables sized to their content and
spreadsheets set up to print. Each format is read back (pdfplumber, python-docx, openpyxl)."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import openpyxl
import pdfplumber
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.rag import RAG
from ascent.documents.charts import bar_chart
from ascent.documents.colours import RAG_COLOURS, rag_colours
from ascent.documents.layout import AVERAGE_EM, column_widths, text_width
from ascent.documents.model import Chart, Column, Document, Figure, Note, Paragraph, Section, Table, format_value
from ascent.documents.renderers.docx import render_docx
from ascent.documents.renderers.html import render_html
from ascent.documents.renderers.pdf import render_pdf
from ascent.documents.renderers.xlsx import render_xlsx, sheet_title
from ascent.documents.tabular import Spreadsheet

LONG_NAME = "ASCOF-1C1A Adults in long-term community support who get self-directed support"
FIRST = "1 Enhancing quality of life for people with care and support needs"
GROUP = "2 Delaying and reducing the need for care and support"
NOTE = "Some values in this table are illustrative, not official statistics."


def scorecard_table(caption: str = GROUP) -> Table:
    return Table(
        caption=caption,
        columns=[
            Column("Indicator"),
            Column("Baseline", align="right"),
            Column("Baseline period"),
            Column("Target"),
            Column("Latest", align="right"),
            Column("Latest period"),
            Column("Rating", kind="rating"),
        ],
        rows=[
            [LONG_NAME, Figure(Decimal("75.2"), "percent", 1), "2014-15", "At least 85.0%",
             Figure(Decimal("80.9"), "percent", 1), "2018-19", RAG.AMBER],
            ["ASCOF-2A Younger adults admitted to care homes", Figure(Decimal("18.5"), "number", 1), "2014-15",
             "At most 15.0", Figure(Decimal("21.3"), "number", 1), "2018-19", RAG.RED],
            ["HAR-SPEND Spending on home care", Figure(Decimal("1263000"), "money", 0, text="£1.263m"), "2014-15",
             "No target set", Figure(Decimal("1300000"), "money", 0, text="£1.3m"), "2018-19", RAG.NONE],
            ["HAR-DAYS Days to assessment", Figure(Decimal("12.5"), "number", 1, unit="days"), "2014-15",
             "At most 14 days", Figure(Decimal(9), "number", 0, unit="days"), "2018-19", RAG.GREEN],
        ],
    )  # fmt: skip


def board_document(*, filler: int = 0, landscape: bool = False) -> Document:
    counts = {RAG.RED: 1, RAG.AMBER: 1, RAG.GREEN: 1, RAG.NONE: 1}
    chart_table = Table(
        caption="Indicators by rating",
        columns=[Column("Rating", kind="rating"), Column("Indicators", kind="number")],
        rows=[[rag, count] for rag, count in counts.items()],
    )
    chart = Chart(
        title="Indicators by rating",
        spec=bar_chart(
            [{"Rating": rag.label, "Indicators": count} for rag, count in counts.items()],
            x="Indicators",
            y="Rating",
            title="Indicators by rating",
            colours={rag.label: (rag_colours(rag).background, rag_colours(rag).text) for rag in RAG},
        ),
        table=chart_table,
        description="Bar chart of indicators by rating: 1 red, 1 amber, 1 green, 1 not rated.",
    )
    filler_blocks = [Paragraph(f"Paragraph {n} of the summary, long enough to fill a line or two. " * 3)
                     for n in range(filler)]  # fmt: skip
    return Document(
        title="Performance scorecard",
        subtitle="Harrow",
        metadata=[("Organisation", "Harrow"), ("Produced", "6 December 2026")],
        sections=[
            Section("Summary", [*filler_blocks, chart]),
            Section(FIRST, [Note(NOTE), scorecard_table(FIRST)]),
            Section(GROUP, [Note(NOTE), scorecard_table()]),
            Section("3 Ensuring that people have a positive experience of care and support",
                    [Note(NOTE), scorecard_table("3 Ensuring that people have a positive experience of care")]),
        ],
        landscape=landscape,
    )  # fmt: skip


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))


def close(found, colour: str) -> bool:
    if not found or len(found) != 3:
        return False
    return all(abs(a - b) < 0.01 for a, b in zip(found, hex_to_rgb(colour), strict=True))


# The model ---------------------------------------------------------------------------------


def test_ratings_are_shown_in_words():
    assert [format_value(rag, "rating") for rag in RAG] == ["Red", "Amber", "Green", "Not rated"]
    assert format_value(None, "rating") == "–"


def test_a_rating_column_holds_only_ratings_and_ratings_only_go_there():
    with pytest.raises(ValueError, match="holds ratings"):
        Table("T", [Column("Rating", kind="rating")], [["Red"]])
    with pytest.raises(ValueError, match="kind 'rating'"):
        Table("T", [Column("Rating")], [[RAG.RED]])


def test_figures_format_by_their_own_kind():
    assert str(Figure(Decimal("75.2"), "percent", 1)) == "75.2%"
    assert str(Figure(Decimal(9), "number", 0, unit="days")) == "9 days"
    assert str(Figure(Decimal("-0.04"), "number", 1)) == "0.0"
    with pytest.raises(ValueError):
        Figure("75.2%", "percent", 1)


def test_the_tag_colours_are_the_govuk_frontend_ones_and_readable():
    from ascent.documents.charts import contrast_ratio

    assert RAG_COLOURS[RAG.RED].background == "#f4d7d7" and RAG_COLOURS[RAG.RED].text == "#651b1b"
    assert RAG_COLOURS[RAG.AMBER].background == "#ffee80"  # govuk-tag--yellow
    for colours in RAG_COLOURS.values():
        assert contrast_ratio(colours.text, colours.background) >= 4.5


# Sheet names -------------------------------------------------------------------------------


def test_sheet_names_are_cut_at_word_boundaries():
    taken: set[str] = set()
    assert sheet_title(GROUP, taken) == "2 Delaying and reducing"
    assert sheet_title("Net expenditure by service line, £000", taken) == "Net expenditure by service line"
    # The same long title twice: de-duplicated, still whole words.
    assert sheet_title(GROUP, taken) == "2 Delaying and reducing (2)"


words = st.text(alphabet="abcdefghij", min_size=1, max_size=12)


@given(st.lists(st.lists(words, min_size=1, max_size=10).map(" ".join), min_size=1, max_size=8))
def test_sheet_names_are_short_unique_and_whole_words(titles):
    taken: set[str] = set()
    results = [sheet_title(title, taken) for title in titles]
    assert len({name.lower() for name in results}) == len(results)
    for title, name in zip(titles, results, strict=True):
        assert 1 <= len(name) <= 31
        base = name.rsplit(" (", 1)[0] if name.endswith(")") and " (" in name else name
        if len(title.split()[0]) <= 31 - 5:
            # Whole words from the start of the title: never a word cut in two.
            assert title == base or title.startswith(base + " ")


# Excel -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(board_document())))


def test_workbook_figures_are_numbers_with_formats(workbook):
    sheet = workbook["2 Delaying and reducing"]
    header = [cell.value for cell in sheet[2]]
    assert header[:3] == ["Indicator", "Baseline", "Baseline period"]
    rows = list(sheet.iter_rows(min_row=3, max_row=6))
    percent, count, money, days = (row[1] for row in rows)
    assert (percent.value, percent.data_type, percent.number_format) == (75.2, "n", '#,##0.0"%"')
    assert (count.value, count.number_format) == (18.5, "#,##0.0")
    assert (money.value, money.number_format) == (1263000, '"£"#,##0')
    assert (days.value, days.number_format) == (12.5, '#,##0.0" days"')
    assert rows[0][2].value == "2014-15"


def test_workbook_ratings_are_words_on_their_tag_colours(workbook):
    sheet = workbook["2 Delaying and reducing"]
    ratings = {row[6].value: row[6] for row in sheet.iter_rows(min_row=3, max_row=6)}
    assert set(ratings) == {"Amber", "Red", "Not rated", "Green"}
    for rag in RAG:
        cell = ratings[rag.label]
        assert cell.fill.fill_type == "solid"
        assert cell.fill.start_color.rgb[-6:] == rag_colours(rag).background_hex
        assert cell.font.color.rgb[-6:] == rag_colours(rag).text_hex
    chart_sheet = workbook["Indicators by rating"]
    assert chart_sheet["A3"].value == "Red"
    assert chart_sheet["A3"].fill.start_color.rgb[-6:] == "F4D7D7"


def test_the_contents_sheet_lists_each_note_once(workbook):
    sheet = workbook["Contents"]
    column_a = [cell.value for cell in sheet["A"]]
    column_b = [cell.value for cell in sheet["B"]]
    assert "Warning" not in column_a
    assert column_a.count("Notes") == 1
    assert column_b.count(NOTE) == 1


def test_the_indicator_column_is_the_widest(workbook):
    sheet = workbook["2 Delaying and reducing"]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFG"}
    assert max(widths, key=widths.get) == "A"


def test_every_sheet_prints_landscape_fit_to_width_with_headings_and_title(workbook):
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.oddHeader.left.text == "Performance scorecard"
        assert "&P" in sheet.oddFooter.right.text
    assert workbook["2 Delaying and reducing"].print_title_rows == "$2:$2"


def test_every_spreadsheet_gets_the_print_setup():
    spreadsheet = Spreadsheet(title="Spending & savings")
    sheet = spreadsheet.add_sheet("Data")
    sheet.put(1, 1, "Year")
    sheet.worksheet.freeze_panes = "A2"
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.to_bytes()))
    data = book["Data"]
    assert data.page_setup.orientation == "landscape"
    assert data.print_title_rows == "$1:$1"
    assert data.oddHeader.left.text == "Spending && savings"  # "&" is a header code, so it is doubled


# Word --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(render_docx(board_document(landscape=True))))


def test_word_ratings_are_shaded_in_their_tag_colours(word):
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Indicator")
    for row in table.rows[1:]:
        cell = row.cells[6]
        rag = next(rag for rag in RAG if rag.label == cell.text)
        shading = cell._tc.tcPr.find(qn("w:shd"))
        assert shading.get(qn("w:fill")) == rag_colours(rag).background_hex
        run = cell.paragraphs[0].runs[0]
        assert str(run.font.color.rgb) == rag_colours(rag).text_hex and run.bold


def test_word_headings_keep_with_next(word):
    headings = [p for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    notes = [p for p in word.paragraphs if p.text.startswith("Warning:")]
    assert notes and all(p.paragraph_format.keep_with_next for p in notes)


def test_word_tables_are_sized_to_their_content(word):
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Indicator")
    widths = [column.width for column in table.columns]
    assert widths[0] == max(widths)
    assert all(cell.width == widths[index] for row in table.rows for index, cell in enumerate(row.cells))
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    # The indicator name wraps onto at most three lines at the chosen width.
    characters_per_line = widths[0].mm / (9.5 * AVERAGE_EM * 25.4 / 72)
    assert text_width(LONG_NAME) / characters_per_line <= 3
    # Short tables (the ratings) are only as wide as they need to be.
    ratings = next(t for t in word.tables if t.rows[0].cells[0].text == "Rating")
    assert sum(column.width.mm for column in ratings.columns) < 100


def test_a_landscape_document_is_laid_out_sideways(word):
    section = word.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height


def test_column_widths_never_split_a_word_when_there_is_room():
    table = scorecard_table()
    widths = column_widths(table, 170, char_width=1.8, padding=3)
    assert abs(sum(widths) - 170) < 0.01
    # Headings are bold, and so are the rows' headings in the first column.
    cells = [[(c.heading, True), *((r[i], i == 0) for r in table.display_rows())] for i, c in enumerate(table.columns)]
    longest_words = [max(text_width(w, bold=bold) for text, bold in column for w in text.split()) for column in cells]
    assert all(width - 3 >= word * 1.8 for width, word in zip(widths, longest_words, strict=True))


def test_text_is_measured_by_its_letters_widths_not_their_number():
    # Seven letters each, but "Overdue" in bold is over twice as wide as "lllllll".
    assert text_width("Overdue", bold=True) > 2 * text_width("lllllll")
    assert text_width("Overdue", bold=True) > text_width("Overdue")
    # An average character is half an em: ten digits (556 thousandths each) are about 11.
    assert text_width("0123456789") == pytest.approx(11.12)
    # A character outside ASCII counts as a digit's width.
    assert text_width("£") == text_width("0")


# PDF and HTML ------------------------------------------------------------------------------


def test_html_shows_ratings_as_govuk_tags():
    html = render_html(board_document())
    assert '<strong class="govuk-tag govuk-tag--yellow">Amber</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html


def pdf_pages_of(document: Document):
    with pdfplumber.open(io.BytesIO(render_pdf(document))) as pdf:
        return [(page.extract_text() or "", page.rects, page.chars, page.height) for page in pdf.pages]


@pytest.fixture(scope="module")
def pdf_pages():
    return pdf_pages_of(board_document())


def test_the_pdf_has_red_amber_and_green_in_tags_and_chart_bars(pdf_pages):
    fills = [rect.get("non_stroking_color") for _, rects, _, _ in pdf_pages for rect in rects]
    for rag in (RAG.RED, RAG.AMBER, RAG.GREEN):
        assert any(close(fill, rag_colours(rag).background) for fill in fills), rag
    # The words are there too, in the tag's text colour.
    reds = [char for _, _, chars, _ in pdf_pages for char in chars if close(char.get("non_stroking_color"), "#651b1b")]
    assert "Red" in "".join(char["text"] for char in reds)


# Without keeping headings with what follows, the first and third group headings (no filler)
# or the second (12 paragraphs of filler) end up alone at the foot of a page, their tables on
# the next.
@pytest.mark.parametrize("filler", [0, 12])
def test_no_heading_is_left_alone_at_the_foot_of_a_pdf_page(filler):
    pages = pdf_pages_of(board_document(filler=filler))
    for heading in (FIRST, GROUP, "3 Ensuring that people have a positive experience of care and support"):
        page = next(text for text, *_ in pages if heading in text)
        after = page.split(heading, 1)[1]
        assert LONG_NAME.split()[0] in after, f"{heading!r} is not on the same page as its table"


def test_rows_are_tall_enough_for_their_wrapped_text_and_fonts_keep_their_name():
    from openpyxl.styles import Alignment, Font

    spreadsheet = Spreadsheet(title="Scorecard")
    sheet = spreadsheet.add_sheet("Data")
    sheet.worksheet.column_dimensions["A"].width = 20
    sheet.put(1, 1, "Heading", font=Font(bold=True))
    sheet.put(2, 1, LONG_NAME, alignment=Alignment(wrap_text=True))
    sheet.put(3, 1, "Short", alignment=Alignment(wrap_text=True))
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.to_bytes()))
    data = book["Data"]
    # 80 characters in a column 20 wide: five lines or so, never drawn over the next row.
    assert data.row_dimensions[2].height >= 15 * 4
    assert data.row_dimensions[3].height is None
    assert data["A1"].font.bold and data["A1"].font.name == "Calibri"
