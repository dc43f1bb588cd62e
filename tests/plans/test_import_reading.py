"""Reading an action plan's cells (ascent/plans/import_actions.py): dates, statuses, RAG, per cent.

Pure functions over cell text: no database.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ascent.imports.engine import CellError
from ascent.plans.import_actions import read_date, read_percent, read_rag, read_status


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31/03/2027", dt.date(2027, 3, 31)),
        ("31/3/27", dt.date(2027, 3, 31)),
        ("31-03-2027", dt.date(2027, 3, 31)),
        ("31.03.2027", dt.date(2027, 3, 31)),
        ("1/4/2026", dt.date(2026, 4, 1)),  # day first, as councils write it
        ("2027-03-31", dt.date(2027, 3, 31)),  # an Excel date cell, as the reader gives it
        ("31 March 2027", dt.date(2027, 3, 31)),
        ("31st March 2027", dt.date(2027, 3, 31)),
        ("31 Mar 2027", dt.date(2027, 3, 31)),
        ("31-Mar-27", dt.date(2027, 3, 31)),
        ("2 Sept 2026", dt.date(2026, 9, 2)),
        ("Mar-27", dt.date(2027, 3, 31)),  # a month alone is its last day
        ("March 2027", dt.date(2027, 3, 31)),
        ("Dec 2026", dt.date(2026, 12, 31)),
        ("Feb-28", dt.date(2028, 2, 29)),
        ("46477", dt.date(2027, 3, 31)),  # an Excel date serial saved as a number
        ("  31 MARCH 2027 ", dt.date(2027, 3, 31)),
    ],
)
def test_it_reads_dates_as_councils_write_them(text, day):
    assert read_date(text) == day


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2027", "there is no such day: enter a date such as 31/03/2027, 31 March 2027 or Mar-27"),
        ("Spring 2027", "enter a date such as 31/03/2027, 31 March 2027 or Mar-27"),
        ("Q4", "enter a date such as 31/03/2027, 31 March 2027 or Mar-27"),
        ("TBC", "enter a date such as 31/03/2027, 31 March 2027 or Mar-27"),
    ],
)
def test_it_says_how_to_write_a_date_it_cannot_read(text, reason):
    with pytest.raises(CellError) as raised:
        read_date(text)
    assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Not started", "not-started"),
        ("Not yet started", "not-started"),
        ("In progress", "on-track"),
        ("On Track", "on-track"),
        ("on-track", "on-track"),
        ("At risk", "at-risk"),
        ("Delayed", "off-track"),
        ("Off track", "off-track"),
        ("Completed", "complete"),
        ("Complete", "complete"),
        ("Done", "complete"),
        ("Will not be done", "will-not-be-done"),
        ("Cancelled", "will-not-be-done"),
        ("Won’t do", "will-not-be-done"),
        ("Done another way", "done-another-way"),
    ],
)
def test_it_reads_the_seven_statuses_and_common_wordings(text, status):
    assert read_status(text) == status


def test_a_status_it_does_not_know_lists_the_seven():
    with pytest.raises(CellError) as raised:
        read_status("Parked")
    assert str(raised.value) == (
        "enter one of: not started, on track, at risk, off track, complete, will not be done or done another way"
    )


@pytest.mark.parametrize(("text", "rag"), [("Red", "red"), ("A", "amber"), ("green", "green"), ("Blue", "")])
def test_it_reads_a_rag(text, rag):
    assert read_rag(text) == rag


def test_a_rag_it_does_not_know_is_refused():
    with pytest.raises(CellError, match="enter red, amber or green"):
        read_rag("Purple")


@pytest.mark.parametrize(("text", "percent"), [("40", 40), ("40%", 40), ("100", 100), ("0", 0), ("25.0%", 25)])
def test_it_reads_a_per_cent(text, percent):
    assert read_percent(text) == percent


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0.5", "enter a whole number from 0 to 100, such as 50 or 50%"),
        ("150", "enter a whole number from 0 to 100"),
        ("-5", "enter a whole number from 0 to 100"),
        ("33.3", "enter a whole number from 0 to 100"),
    ],
)
def test_a_per_cent_that_is_ambiguous_or_out_of_range_is_refused(text, reason):
    with pytest.raises(CellError) as raised:
        read_percent(text)
    assert str(raised.value) == reason
