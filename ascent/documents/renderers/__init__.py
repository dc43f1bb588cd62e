"""Renderers for report documents: HTML, PDF, DOCX and XLSX.

``render(document, fmt)`` returns ``(content, content_type, extension)``, ready for an
``HttpResponse``; pair it with ``document.filename(extension)`` for the download name.
"HTML" here is the standalone print page (a complete file); for a page fragment inside the
site's layout use :func:`ascent.documents.renderers.html.render_html` directly.

Imports of WeasyPrint, python-docx and openpyxl are deferred until a format is rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ascent.documents.model import Document

__all__ = ["FORMATS", "RENDERERS", "Renderer", "render"]


@dataclass(frozen=True)
class Renderer:
    """How to render one format."""

    fmt: str
    content_type: str
    extension: str
    _render: Callable[[Document], bytes]

    def __call__(self, document: Document) -> bytes:
        return self._render(document)


def _html(document: Document) -> bytes:
    from ascent.documents.renderers.html import render_html

    return render_html(document, for_print=True).encode("utf-8")


def _pdf(document: Document) -> bytes:
    from ascent.documents.renderers.pdf import render_pdf

    return render_pdf(document)


def _docx(document: Document) -> bytes:
    from ascent.documents.renderers.docx import render_docx

    return render_docx(document)


def _xlsx(document: Document) -> bytes:
    from ascent.documents.renderers.xlsx import render_xlsx

    return render_xlsx(document)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

RENDERERS: dict[str, Renderer] = {
    "html": Renderer("html", "text/html; charset=utf-8", "html", _html),
    "pdf": Renderer("pdf", "application/pdf", "pdf", _pdf),
    "docx": Renderer("docx", DOCX_TYPE, "docx", _docx),
    "xlsx": Renderer("xlsx", XLSX_TYPE, "xlsx", _xlsx),
}
FORMATS = tuple(RENDERERS)


def render(document: Document, fmt: str) -> tuple[bytes, str, str]:
    """Render ``document`` as ``fmt`` ("html", "pdf", "docx" or "xlsx").

    Returns ``(content, content_type, extension)``. An unknown format raises ``ValueError``.
    """
    try:
        renderer = RENDERERS[fmt.lower()]
    except KeyError:
        raise ValueError(f"Unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return renderer(document), renderer.content_type, renderer.extension
