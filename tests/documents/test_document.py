"""The neutral document model: validation, formatting and file names."""

from __future__ import annotations

import datetime as dt
from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.documents.model import (
    MISSING,
    BulletList,
    Chart,
    Column,
    Document,
    KeyFigures,
    Note,
    NumberedList,
    Paragraph,
    Section,
    Table,
    format_value,
    slugify,
)

from . import sample_document


def test_sample_document_has_every_block_kind():
    kinds = {type(block) for block in sample_document().blocks()}
    assert kinds == {Paragraph, NumberedList, BulletList, Table, Chart, KeyFigures, Note}


def test_blocks_are_immutable_and_lists_become_tuples():
    items = ["One", "Two"]
    block = NumberedList(items)
    items.append("Three")
    assert block.items == ("One", "Two")
    with pytest.raises(FrozenInstanceError):
        block.start = 3  # type: ignore[misc]


def test_column_alignment_defaults_by_kind():
    assert Column("Name").align == "left"
    assert Column("Spend", kind="money").align == "right"
    assert Column("Rate", kind="percent").align == "right"
    assert Column("Code", align="right").align == "right"
    with pytest.raises(ValueError, match="kind"):
        Column("Bad", kind="currency")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="align"):
        Column("Bad", align="centre")  # type: ignore[arg-type]


def test_table_rows_must_match_columns():
    with pytest.raises(ValueError, match="row 2 has 1 cells"):
        Table("Caption", [Column("A"), Column("B")], [["a", 1], ["b"]])


def test_chart_requires_table_and_description():
    table = Table("Data", [Column("A")], [["x"]])
    with pytest.raises(ValueError, match="Table"):
        Chart("Title", {"mark": "bar"}, None, "A description.")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="description"):
        Chart("Title", {"mark": "bar"}, table, " ")
    with pytest.raises(ValueError, match="spec"):
        Chart("Title", {}, table, "A description.")


def test_heading_levels_cannot_be_skipped():
    with pytest.raises(ValueError, match="must not be skipped"):
        Document("Title", sections=[Section("Deep", [], level=3)])
    with pytest.raises(ValueError, match="must not be skipped"):
        Document("Title", sections=[Section("A", []), Section("B", [], level=4)])
    Document("Title", sections=[Section("A", []), Section("B", [], level=3), Section("C", [], level=2)])


def test_format_value_by_kind():
    assert format_value(None, "number") == MISSING
    assert format_value(1234567, "number") == "1,234,567"
    assert format_value(Decimal("12.50"), "number") == "12.50"
    assert format_value(Decimal("1234"), "money") == "£1,234"
    assert format_value(Decimal("8250000.50"), "money") == "£8,250,000.50"
    assert format_value(12.5, "money") == "£12.50"
    assert format_value(-1.5, "percent") == "-1.5%"
    assert format_value("[c]", "number") == "[c]"
    assert format_value(3, "text") == "3"


def test_filename_from_title_organisation_and_date():
    document = sample_document()
    assert document.filename("pdf") == "organisation-profile-harrow-2026-11-23.pdf"
    assert document.filename(".docx") == "organisation-profile-harrow-2026-11-23.docx"


def test_filename_reads_date_from_metadata_and_avoids_repeating_organisation():
    document = Document(
        "Harrow: Council's self-assessment",
        metadata=[("Organisation", "Harrow"), ("Produced", "1 March 2027")],
    )
    assert document.date() == dt.date(2027, 3, 1)
    assert document.filename("xlsx") == "harrow-councils-self-assessment-2027-03-01.xlsx"
    assert Document("Plain").filename("html") == "plain.html"


@given(st.text(max_size=300))
def test_filenames_are_always_safe(title):
    title = title if title.strip() else "x"
    name = Document(title, metadata=[("Organisation", title)]).filename("pdf")
    stem = name.removesuffix(".pdf")
    assert stem
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in stem)
    assert len(stem) <= 100


def test_slugify():
    assert slugify("Bromley & Bexley – Adult Social Care") == "bromley-bexley-adult-social-care"
    assert slugify("Ynys Môn") == "ynys-mon"
