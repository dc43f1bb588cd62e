"""PDF rendering: the standalone print HTML through WeasyPrint.

Nothing is fetched while rendering: the print page carries its CSS inline and its charts
as ``data:`` images, and the URL fetcher refuses every other kind of URL, so a stray or
malicious link in report content cannot make the server request anything.
"""

from __future__ import annotations

from weasyprint import HTML, URLFetcher

from ascent.documents.model import Document
from ascent.documents.renderers.html import render_html

__all__ = ["render_pdf"]


class _DataOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that only reads ``data:`` URLs."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def render_pdf(document: Document) -> bytes:
    """Render ``document`` as a tagged A4 PDF with its title in the PDF metadata."""
    html = render_html(document, for_print=True)
    page = HTML(string=html, base_url=None, url_fetcher=_DataOnlyFetcher())
    # pdf_tags gives a tagged (structured) PDF, which screen readers rely on.
    return page.write_pdf(pdf_tags=True)
