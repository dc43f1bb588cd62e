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

__all__ = ["govuk_date", "govuk_datetime", "govuk_time"]

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
