"""Dates and times as GOV.UK writes them, the one place every page and report gets them from.

The GOV.UK style guide: "6 December 2026" (no leading zero, no ordinal, the month in full; in a
table short of room "6 Dec 2026"); times on the 12-hour clock with "am" and "pm" and no space,
"9:05pm", and "9am" rather than "9:00am"; "midday" and "midnight" rather than "12pm" and
"12am". A date with a time reads "6 December 2026 at 9:05pm".

These work on naive dates and times as given: a timezone-aware datetime is turned into local
time (Europe/London) by the template filters in :mod:`ascent.core.templatetags.govuk`, or by
:func:`govuk_datetime` when asked with ``local=True``.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["govuk_date", "govuk_date_range", "govuk_datetime", "govuk_time"]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def govuk_date(value: dt.date, *, short: bool = False) -> str:
    """ "6 December 2026", or with ``short`` "6 Dec 2026" (for tables). September is "Sept"
    in GOV.UK's short form."""
    month = _MONTHS[value.month - 1]
    if short:
        month = "Sept" if value.month == 9 else month[:3]
    return f"{value.day} {month} {value.year}"


def govuk_date_range(start: dt.date | None, end: dt.date | None, *, short: bool = False) -> str:
    """A span of days as councils write it, saying each part once: "6 to 8 December 2026",
    "30 June to 2 July 2014", "30 December 2025 to 2 January 2026", and one day alone
    "6 December 2026". With only one end known, that day; with neither, "".
    """
    if start is None or end is None or start == end:
        day = start or end
        return govuk_date(day, short=short) if day is not None else ""
    if end < start:
        start, end = end, start
    last = govuk_date(end, short=short)
    if start.year != end.year:
        first = govuk_date(start, short=short)
    elif start.month != end.month:
        first = govuk_date(start, short=short).rsplit(" ", 1)[0]
    else:
        first = str(start.day)
    return f"{first} to {last}"


def govuk_time(value: dt.time | dt.datetime) -> str:
    """ "9:05pm", "9am", "midday", "midnight"."""
    hour, minute = value.hour, value.minute
    if minute == 0 and hour in (0, 12):
        return "midnight" if hour == 0 else "midday"
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve}{suffix}" if minute == 0 else f"{twelve}:{minute:02d}{suffix}"


def govuk_datetime(value: dt.datetime, *, short: bool = False) -> str:
    """ "6 December 2026 at 9:05pm" (``short``: "6 Dec 2026 at 9:05pm")."""
    return f"{govuk_date(value, short=short)} at {govuk_time(value)}"
