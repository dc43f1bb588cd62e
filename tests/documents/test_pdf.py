"""PDF rendering through WeasyPrint."""

from __future__ import annotations

import gc
import io

import pdfplumber
import pytest

from ascent.documents.model import Column, Document, Section, Table
from ascent.documents.renderers import render
from ascent.documents.renderers.html import render_html
from ascent.documents.renderers.pdf import _DataOnlyFetcher, render_pdf

from . import sample_document


@pytest.fixture(scope="module")
def pdf_bytes():
    return render_pdf(sample_document())


@pytest.fixture(scope="module")
def pdf(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as opened:
        yield opened


def _text(pdf):
    return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_is_a_pdf_with_pages(pdf_bytes, pdf):
    assert pdf_bytes.startswith(b"%PDF-")
    assert len(pdf.pages) >= 1
    assert pdf.pages[0].width == pytest.approx(595.28, abs=1)  # A4 portrait
    assert pdf.pages[0].height == pytest.approx(841.89, abs=1)


def test_metadata_and_tagging(pdf):
    assert pdf.metadata["Title"] == "Organisation profile: Adult social care in Harrow"
    assert pdf.metadata["Author"] == "Ascent"
    catalog = pdf.doc.catalog
    assert "StructTreeRoot" in catalog  # tagged PDF, for screen readers
    assert catalog["Lang"] == b"en-GB"


def test_text_is_extractable(pdf):
    first = pdf.pages[0].extract_text()
    assert first.startswith("Organisation profile")
    text = _text(pdf)
    assert "Recommendations" in text
    assert "£12,500,000" in text
    assert "Recommendation number 10: review the approach to area 10." in text
    assert "Page 1 of" in first


def test_long_tables_repeat_their_header_row():
    table = Table(
        "A long table",
        [Column("Council"), Column("Value", kind="number")],
        [[f"Council {n}", n * 1000] for n in range(1, 121)],
    )
    document = Document("Long", sections=[Section("Data", [table])])
    with pdfplumber.open(io.BytesIO(render_pdf(document))) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            assert "Council Value" in page.extract_text()


def test_fetcher_allows_data_urls_only():
    fetcher = _DataOnlyFetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.com/style.css")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("file:///etc/passwd")
    response = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert response is not None


def test_render_returns_pdf_content_type():
    content, content_type, extension = render(Document("Tiny"), "pdf")
    assert content.startswith(b"%PDF-")
    assert (content_type, extension) == ("application/pdf", "pdf")


def test_a_table_laid_out_at_set_widths_breaks_no_word_in_its_headings_or_cells():
    # Bold headings like "Overdue" are wider than their letters' count suggests: set too
    # narrow, they would print as "Overdu" and "e".
    headings = ["Theme", "Actions", "Not started", "On track", "Complete", "Overdue", "Completed since"]
    table = Table(
        "Actions by theme and status",
        [Column(headings[0]), *(Column(heading, kind="number") for heading in headings[1:])],
        [[f"Theme {n}: redesign the front door", *range(6)] for n in range(1, 40)],
    )
    document = Document("Widths", sections=[Section("Progress", [table])])
    html = render_html(document, for_print=True)
    assert "app-report__table--fixed" in html
    with pdfplumber.open(io.BytesIO(render_pdf(document))) as pdf:
        words = {word["text"] for page in pdf.pages for word in page.extract_words()}
    assert {"Actions", "started", "Complete", "Overdue", "Completed", "redesign"} <= words


def test_rendering_leaves_the_garbage_collector_as_it_found_it():
    thresholds = gc.get_threshold()
    frozen = gc.get_freeze_count()
    render_pdf(Document("Short", sections=[Section("One", [])]))
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen


def test_rendering_keeps_objects_frozen_before_it_frozen():
    # The count of frozen objects may drop while rendering (a frozen object freed), so follow
    # one object: the collector lists only objects it has not set aside.
    marker = [object()]
    gc.freeze()
    try:
        assert not any(tracked is marker for tracked in gc.get_objects())
        render_pdf(Document("Short", sections=[Section("One", [])]))
        assert gc.get_freeze_count() > 0
        assert not any(tracked is marker for tracked in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(tracked is marker for tracked in gc.get_objects())
