"""Column widths for tables in fixed-width formats (Word, and tables in print), set to their
content.

A word processor given no widths shares a page equally between columns, so a long indicator
name in a seven-column table wraps onto eight lines while short "Rating" cells sit in wide,
empty columns. :func:`column_widths` shares the width out by what each column holds: every
column is at least as wide as its longest word (so no word is broken), and the space left
goes to the columns with the most text, in proportion to how much more they hold. The
column with the longest text (an indicator's name) is therefore the widest. Where there is
room, a column is at least as wide as its heading, so a short heading stays on one line.

Text is measured with the advance widths of Arial's glyphs (Liberation Sans, which prints
where Arial is missing, has the same widths), bold for the heading row and for row headings,
in "characters": the width of an average character, half an em. Counting letters instead
would make "Overdue" in bold as narrow as "lllllll" and break it over two lines.
"""

from __future__ import annotations

from ascent.documents.model import Table

__all__ = ["column_extents", "column_widths", "text_width"]

#: Longer cells than this many characters do not make their column any wider: they wrap.
LONGEST_LINE = 90

#: An average character's width, in ems: the unit of :func:`text_width`.
AVERAGE_EM = 0.5

#: Advance widths, in thousandths of an em, of Arial's printable ASCII glyphs (" " to "~"),
#: regular and bold. Other characters (£, é, ’) count as a digit's width, 556.
_ASCII = "".join(chr(code) for code in range(32, 127))
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)  # fmt: skip
_WIDTHS = {False: dict(zip(_ASCII, _REGULAR, strict=True)), True: dict(zip(_ASCII, _BOLD, strict=True))}
_OTHER = 556


def text_width(text: str, *, bold: bool = False) -> float:
    """The printed width of ``text`` on one line, in average characters (half an em)."""
    widths = _WIDTHS[bold]
    return sum(widths.get(char, _OTHER) for char in text) / (1000 * AVERAGE_EM)


def _measure(texts: list[tuple[str, bool]]) -> tuple[float, float]:
    """(longest word, longest text) of a column of ``(text, bold)`` cells, in characters."""
    longest_word = max((text_width(word, bold=bold) for text, bold in texts for word in text.split()), default=1)
    longest_text = max((text_width(text, bold=bold) for text, bold in texts), default=1)
    # Half a character to spare, for the rounding of glyphs to the page's grid.
    longest_word += 0.5
    return longest_word, max(min(longest_text, LONGEST_LINE), longest_word)


def column_extents(table: Table) -> list[tuple[float, float]]:
    """Each column's (narrowest, widest) width in characters: its longest word, and its
    longest text up to :data:`LONGEST_LINE` (a rating's whole text, which never wraps)."""
    headings = [column.heading for column in table.columns]
    columns = list(zip(*(headings, *table.display_rows()), strict=True))
    # The heading row is bold, and so is the first column when it holds the rows' headings.
    measured = [
        _measure([(text, row == 0 or (index == 0 and table.has_row_headers)) for row, text in enumerate(texts)])
        for index, texts in enumerate(columns)
    ]
    # A rating ("Not rated") is never split over two lines.
    return [
        (high + 2, high + 2) if column.kind == "rating" else (low, high)
        for column, (low, high) in zip(table.columns, measured, strict=True)
    ]


def column_widths(
    table: Table,
    total: float,
    *,
    char_width: float,
    padding: float = 0,
    extents: list[tuple[float, float]] | None = None,
) -> list[float]:
    """Widths for ``table``'s columns, adding up to ``total`` (any unit) or less: a table
    whose every cell fits on one line is only as wide as its content.

    ``char_width`` is the width of an average character of the table's font and
    ``padding`` the space each cell loses to its margins, both in the unit of ``total``;
    ``extents`` are :func:`column_extents`, when the caller has them already.
    """
    measured = column_extents(table) if extents is None else extents
    available = total / char_width - len(measured) * padding / char_width
    # A heading stays on one line ("Baseline period", not "Baseline" over "period") when every
    # column can be as wide as its heading and still fit; else only its longest word counts.
    headed = [
        (max(low, min(text_width(column.heading, bold=True) + 0.5, high)), high)
        for column, (low, high) in zip(table.columns, measured, strict=True)
    ]
    if sum(low for low, _ in headed) <= available:
        measured = headed
    minimum = [low for low, _ in measured]
    maximum = [high for _, high in measured]
    if sum(maximum) <= available:
        # Everything fits on one line: each column as wide as its content, and no wider.
        return [high * char_width + padding for high in maximum]
    if sum(minimum) >= available:
        # Even the longest words do not fit: shrink them all alike.
        chars = [low * available / sum(minimum) for low in minimum]
    else:
        share = (available - sum(minimum)) / (sum(maximum) - sum(minimum))
        chars = [low + (high - low) * share for low, high in measured]
    widths = [c * char_width + padding for c in chars]
    scale = total / sum(widths)
    return [width * scale for width in widths]
