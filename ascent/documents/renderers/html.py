"""HTML rendering of a report :class:`~ascent.documents.model.Document`.

Two forms, from the same partial templates:

* the page fragment (``documents/document.html``) for embedding in a page that extends
  ``base.html``. Charts are live (vega-embed, see ``static/js/charts.js``) with a static
  SVG fallback, and their data tables sit in a "Show the data as a table" details
  component. A page with charts must also include ``documents/_chart_scripts.html`` in its
  ``{% block scripts %}`` (see :func:`has_charts`).
* the standalone print page (``documents/print.html``, ``for_print=True``), a complete HTML
  document with its own A4 print CSS, used for PDFs and HTML downloads. Charts are static
  SVG images followed by their data tables.

Static charts are embedded as ``<img src="data:image/svg+xml;base64,...">``: the image is
self-contained (no fetches), and each SVG keeps its internal ids to itself, so several
charts on one page cannot clash.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from ascent.core.rag import RAG
from ascent.documents.charts import to_svg
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

__all__ = ["chart_view", "has_charts", "render_html"]

_HEADING_CLASSES = {1: "govuk-heading-l", 2: "govuk-heading-m", 3: "govuk-heading-s", 4: "govuk-heading-s"}
_KINDS = {
    Paragraph: "paragraph",
    NumberedList: "numbered_list",
    BulletList: "bullet_list",
    Table: "table",
    Chart: "chart",
    KeyFigures: "key_figures",
    Note: "note",
}
SHORT_TABLE_ROWS = 25
_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="(\d+(?:\.\d+)?)"[^>]*?\bheight="(\d+(?:\.\d+)?)"')


@dataclass(frozen=True)
class _Cell:
    text: str
    numeric: bool
    header: bool
    #: A rating's GOV.UK tag classes ("govuk-tag govuk-tag--red"), else empty.
    tag_class: str = ""


@dataclass(frozen=True)
class _TableView:
    table: Table
    headings: list[tuple[str, bool]]  # (heading, numeric)
    rows: list[list[_Cell]]
    #: The caption says what the section heading above it says: it is kept for screen
    #: readers but not shown (nor printed) a second time.
    caption_hidden: bool = False
    #: Short enough to keep whole on one printed page (see :func:`_fits_a_page`).
    fits_page: bool = True
    #: In print, each column's share of the table's width (per cent, summing to 100), and
    #: the table's share of the page's. Set, the table is laid out at these widths
    #: (``table-layout: fixed``) rather than from its content: see :func:`_print_widths`.
    print_widths: tuple[str, ...] = ()
    print_width: str = "100%"

    @property
    def narrow(self) -> bool:
        """A table of one or two columns is printed only as wide as it needs, not across the page."""
        return len(self.headings) <= 2

    @property
    def short(self) -> bool:
        """Short tables are kept on one page in print; longer ones may break."""
        return len(self.rows) <= SHORT_TABLE_ROWS and self.fits_page


@dataclass(frozen=True)
class _ChartView:
    chart: Chart
    dom_id: str
    spec: dict[str, Any]
    image_src: str
    image_width: str | None
    image_height: str | None
    table: _TableView


@dataclass(frozen=True)
class _Item:
    kind: str
    block: Any
    table: _TableView | None = None
    chart: _ChartView | None = None


def has_charts(document: Document) -> bool:
    """Whether a page showing ``document`` needs the chart scripts."""
    return any(isinstance(block, Chart) for block in document.blocks())


#: Print layout, roughly: characters across the text of a portrait and a landscape A4 page
#: at the tables' 9.5 point type, and the lines of table a page holds below a heading.
_PAGE_CHARS = {False: 110, True: 150}
_PAGE_LINES = {False: 48, True: 30}
#: The width of a page's text in print (A4 less 16 mm margins, see _print.css), an average
#: character of a table's 9.5 point type (half an em) and a cell's padding, in millimetres.
_PAGE_MM = {False: 178, True: 265}
_TABLE_CHAR_MM = 9.5 * 0.5 * 25.4 / 72
_TABLE_CELL_PADDING_MM = 4


def _fits_a_page(table: Table, *, landscape: bool) -> bool:
    """Whether ``table`` (caption, heading row and rows, their text wrapped in columns set
    to their content) surely fits on one printed page, so it may be kept whole."""
    if len(table.rows) > SHORT_TABLE_ROWS:
        return False
    from ascent.documents.layout import column_widths

    widths = column_widths(table, _PAGE_CHARS[landscape], char_width=1, padding=2)
    texts = [[column.heading for column in table.columns], *table.display_rows()]
    lines = 2  # the caption
    for row in texts:
        lines += max(-(-len(text) // max(int(width) - 2, 1)) for text, width in zip(row, widths, strict=True))
        lines += 0.6  # each row's padding and rule
    return lines <= _PAGE_LINES[landscape]


def _print_widths(table: Table, *, landscape: bool) -> tuple[tuple[str, ...], str]:
    """Print column widths for ``table``, set to their content (:func:`column_widths`, as
    Word's are), and the table's width: the whole page's unless every cell fits on one line.
    Empty when the table is left to WeasyPrint's automatic layout.

    A table given its widths is laid out once (``table-layout: fixed``). Left to the
    automatic layout, every cell's text is broken into lines twice more to find its narrowest
    and widest widths, which is most of the time a long report takes to print. A table is
    given widths only when its longest words fit with room to spare, since the estimate of
    a word's width may be a little short; a one- or two-column table keeps the automatic
    layout too, to be printed only as wide as it needs.
    """
    if len(table.columns) <= 2:
        return (), "100%"
    from ascent.documents.layout import column_extents, column_widths

    page = _PAGE_MM[landscape] / _TABLE_CHAR_MM
    padding = _TABLE_CELL_PADDING_MM / _TABLE_CHAR_MM
    extents = column_extents(table)
    if sum(low + padding for low, _ in extents) > 0.9 * page:
        return (), "100%"
    widths = column_widths(table, page, char_width=1, padding=padding, extents=extents)
    total = sum(widths)
    columns = tuple(f"{100 * width / total:.2f}%" for width in widths)
    return columns, f"{min(100.0, 100 * total / page):.2f}%"


def _table_view(table: Table, *, heading: str = "", landscape: bool = False, for_print: bool = False) -> _TableView:
    row_headers = table.has_row_headers
    rows = [
        [
            _Cell(
                text=text,
                numeric=column.align == "right",
                header=row_headers and index == 0,
                tag_class=value.tag_class if isinstance(value, RAG) else "",
            )
            for index, (text, value, column) in enumerate(zip(texts, values, table.columns, strict=True))
        ]
        for texts, values in zip(table.display_rows(), table.rows, strict=True)
    ]
    headings = [(column.heading, column.align == "right") for column in table.columns]
    # Print widths only for print: measuring every cell's text is a long report page's biggest cost.
    print_widths, print_width = _print_widths(table, landscape=landscape) if for_print else ((), "100%")
    return _TableView(
        table=table,
        headings=headings,
        rows=rows,
        caption_hidden=table.caption == heading,
        fits_page=_fits_a_page(table, landscape=landscape),
        print_widths=print_widths,
        print_width=print_width,
    )


def chart_view(chart: Chart, dom_id: str, *, static_image: bool = True, for_print: bool = False) -> _ChartView:
    """One chart ready for the "documents/_chart.html" partial, for a page that shows a chart
    on its own rather than a whole document: live view, static SVG and table alternative.

    ``static_image=False`` leaves out the SVG drawn on the server, which the live view
    replaces as soon as the page's scripts run. Drawing it costs about half a second for a
    chart with hundreds of labels (every council in England), so a page may do without it
    when its table alternative serves people without JavaScript as well; the partial then
    tells them the table has the figures. Documents (PDF, Word, print) always have images.
    """
    if not static_image:
        return _ChartView(
            chart=chart,
            dom_id=dom_id,
            spec=chart.spec,
            image_src="",
            image_width=None,
            image_height=None,
            table=_table_view(chart.table, for_print=for_print),
        )
    svg = to_svg(chart.spec)
    size = _SVG_SIZE.search(svg)
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return _ChartView(
        chart=chart,
        dom_id=dom_id,
        spec=chart.spec,
        image_src=f"data:image/svg+xml;base64,{encoded}",
        image_width=size.group(1) if size else None,
        image_height=size.group(2) if size else None,
        table=_table_view(chart.table, for_print=for_print),
    )


def _is_long(item: _Item) -> bool:
    view = item.table or (item.chart.table if item.chart else None)
    return view is not None and not view.short


def _context(document: Document, *, for_print: bool, id_prefix: str) -> dict[str, Any]:
    chart_count = 0
    sections = []
    for section in document.sections:
        items = []
        for block in section.blocks:
            kind = _KINDS[type(block)]
            if isinstance(block, Chart):
                chart_count += 1
                items.append(
                    _Item(kind, block, chart=chart_view(block, f"{id_prefix}-{chart_count}", for_print=for_print))
                )
            elif isinstance(block, Table):
                view = _table_view(block, heading=section.heading, landscape=document.landscape, for_print=for_print)
                items.append(_Item(kind, block, table=view))
            else:
                items.append(_Item(kind, block))
        # In print, a heading is kept on one page with its leading notes and the first
        # block after them, so a heading is never left alone at the foot of a page.
        # A table too long for one page is left out of the group (it would be pushed whole
        # to the next page, leaving the heading alone); the group is kept with the table's
        # caption, heading row and first rows instead (see _print.css).
        lead = next((index for index, item in enumerate(items) if item.kind != "note"), len(items) - 1) + 1
        if lead and _is_long(items[lead - 1]):
            lead -= 1
        sections.append(
            {
                "section": section,
                "level": section.level,
                "heading_class": _HEADING_CLASSES[section.level],
                "items": items,
                "lead_items": items[:lead],
                "rest_items": items[lead:],
            }
        )
    return {
        "document": document,
        "sections": sections,
        "for_print": for_print,
        "has_charts": chart_count > 0,
        "title_class": _HEADING_CLASSES[1],
    }


def render_html(document: Document, *, for_print: bool = False, id_prefix: str = "chart") -> str:
    """Render ``document`` as a page fragment, or (``for_print``) a standalone print page.

    Charts get DOM ids ``{id_prefix}-1``, ``{id_prefix}-2``...; pass a different prefix
    if two documents share a page.
    """
    template = "documents/print.html" if for_print else "documents/document.html"
    return render_to_string(template, _context(document, for_print=for_print, id_prefix=id_prefix))
