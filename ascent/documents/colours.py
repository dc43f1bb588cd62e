"""The colours reports use for RAG ratings: the GOV.UK tag colours the pages use.

Each rating is shown as its GOV.UK tag (:attr:`ascent.core.rag.RAG.css_class`): dark text on
a pale background, from GOV.UK Frontend 6's ``govuk-tag--red``, ``--yellow`` (amber),
``--green`` and ``--grey``. Every pair has a contrast ratio of at least 7:1, and the rating
is always written in words as well, so colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from ascent.core.rag import RAG

__all__ = ["RAG_COLOURS", "TagColours", "rag_colours"]


@dataclass(frozen=True)
class TagColours:
    """A GOV.UK tag's text and background colours, as "#rrggbb"."""

    text: str
    background: str

    @property
    def text_hex(self) -> str:
        """The text colour as six upper-case hex digits, as Word and Excel write colours."""
        return self.text.lstrip("#").upper()

    @property
    def background_hex(self) -> str:
        return self.background.lstrip("#").upper()


#: GOV.UK Frontend 6.6 tag colours, keyed by the tag modifier (``RAG.css_class``).
TAG_COLOURS = {
    "red": TagColours(text="#651b1b", background="#f4d7d7"),
    "yellow": TagColours(text="#7a3c1c", background="#ffee80"),
    "green": TagColours(text="#083d29", background="#cfe4dc"),
    "grey": TagColours(text="#0b0c0c", background="#cecece"),
}

RAG_COLOURS = {rag: TAG_COLOURS[rag.css_class] for rag in RAG}


def rag_colours(rag: RAG | str) -> TagColours:
    """The tag colours of a rating (a :class:`RAG` or its value, such as "amber")."""
    return RAG_COLOURS[RAG(rag)]
