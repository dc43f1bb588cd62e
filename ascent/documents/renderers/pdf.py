"""PDF rendering: the standalone print HTML through WeasyPrint.

Nothing is fetched while rendering: the print page carries its CSS inline and its charts
as ``data:`` images, and the URL fetcher refuses every other kind of URL, so a stray or
malicious link in report content cannot make the server request anything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint import HTML, URLFetcher

from ascent.documents.model import Document
from ascent.documents.renderers.html import render_html

__all__ = ["render_pdf"]


class _DataOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that only reads ``data:`` URLs."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


#: While a PDF is laid out, the cyclic garbage collector runs after this many new objects
#: rather than Python's 700 (see :func:`_fewer_collections`).
_LAYOUT_GC_THRESHOLD = 100_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while WeasyPrint lays a document out.

    Layout makes millions of short-lived objects, and every so often Python's collector
    walks all the objects the process holds (Django, the worker's) to find cycles. Setting
    the objects alive before the render aside (``gc.freeze``) and collecting the youngest
    generation after 100,000 new objects rather than 700 takes about a seventh off a long
    report (bench/committee_report.py). The settings are put back afterwards; they decide only
    when garbage is collected, never whether it is.
    """
    thresholds = gc.get_threshold()
    # Objects frozen already (by a server that freezes them before forking) stay frozen.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(_LAYOUT_GC_THRESHOLD, thresholds[1], thresholds[2])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()


def render_pdf(document: Document) -> bytes:
    """Render ``document`` as a tagged A4 PDF with its title in the PDF metadata."""
    html = render_html(document, for_print=True)
    with _fewer_collections():
        page = HTML(string=html, base_url=None, url_fetcher=_DataOnlyFetcher())
        # pdf_tags gives a tagged (structured) PDF, which screen readers rely on.
        return page.write_pdf(pdf_tags=True)
