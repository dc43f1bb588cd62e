"""Column widths for tables in fixed-width formats (Word), set to their content.

A word processor given no widths shares a page equally between columns, so a long indicator
name in a seven-column table wraps onto eight lines while short "Rating" cells sit in wide,
empty columns. :func:`column_widths` shares the width out by what each column holds: every
column is at least as wide as its longest word (so no word is broken), and the space left
goes to the columns with the most text, in proportion to how much more they hold. The
column with the longest text (an indicator's name) is therefore the widest.
"""

from __future__ import annotations

from ascent.documents.model import Table

__all__ = ["column_widths"]

#: Longer cells than this many characters do not make their column any wider: they wrap.
LONGEST_LINE = 90


def _measure(texts: list[str]) -> tuple[int, int]:
    """(longest word, longest text) of a column, in characters."""
    longest_word = max((len(word) for text in texts for word in text.split()), default=1)
    longest_text = max((len(text) for text in texts), default=1)
    # One character to spare: bold text, capitals and digits are wider than the average.
    longest_word += 1
    return longest_word, max(min(longest_text, LONGEST_LINE), longest_word)


def column_widths(table: Table, total: float, *, char_width: float, padding: float = 0) -> list[float]:
    """Widths for ``table``'s columns, adding up to ``total`` (any unit) or less: a table
    whose every cell fits on one line is only as wide as its content.

    ``char_width`` is the width of an average character of the table's font and
    ``padding`` the space each cell loses to its margins, both in the unit of ``total``.
    """
    columns = list(zip(*([column.heading for column in table.columns], *table.display_rows()), strict=True))
    measured = [_measure(list(texts)) for texts in columns]
    # A rating ("Not rated") is never split over two lines.
    measured = [
        (high + 1, high + 1) if column.kind == "rating" else (low, high)
        for column, (low, high) in zip(table.columns, measured, strict=True)
    ]
    available = total / char_width - len(measured) * padding / char_width
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
