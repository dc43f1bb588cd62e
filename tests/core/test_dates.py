"""Dates and times in GOV.UK style, and the template filters every page uses for them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.dates import govuk_date, govuk_date_range, govuk_datetime, govuk_time


@pytest.mark.parametrize(
    ("value", "long", "short"),
    [
        (dt.date(2026, 12, 6), "6 December 2026", "6 Dec 2026"),
        (dt.date(2019, 9, 30), "30 September 2019", "30 Sept 2019"),
        (dt.date(2020, 1, 1), "1 January 2020", "1 Jan 2020"),
    ],
)
def test_dates(value, long, short):
    assert govuk_date(value) == long
    assert govuk_date(value, short=True) == short


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [
        (21, 5, "9:05pm"),
        (9, 0, "9am"),
        (9, 30, "9:30am"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (0, 15, "12:15am"),
        (12, 45, "12:45pm"),
        (23, 59, "11:59pm"),
    ],
)
def test_times(hour, minute, text):
    assert govuk_time(dt.time(hour, minute)) == text


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_every_time_reads_back_to_the_same_minute(moment):
    text = govuk_time(moment)
    if text in ("midday", "midnight"):
        assert (moment.hour, moment.minute) == ((12, 0) if text == "midday" else (0, 0))
        return
    clock = text[:-2]
    hours, _, minutes = clock.partition(":")
    hour = int(hours) % 12 + (12 if text.endswith("pm") else 0)
    assert (hour, int(minutes or 0)) == (moment.hour, moment.minute)
    assert not clock.startswith("0") and " " not in text


def test_a_date_and_time():
    assert govuk_datetime(dt.datetime(2026, 12, 6, 21, 5)) == "6 December 2026 at 9:05pm"
    assert govuk_datetime(dt.datetime(2026, 12, 6, 12, 0), short=True) == "6 Dec 2026 at midday"


def test_the_filters_show_uk_time(settings):
    settings.TIME_ZONE = "Europe/London"
    # 20:05 UTC on a summer evening is 9:05pm in London (British Summer Time).
    moment = dt.datetime(2026, 7, 6, 20, 5, tzinfo=ZoneInfo("UTC"))
    template = Template(
        '{% load govuk %}{{ when|govuk_datetime }}|{{ when|govuk_datetime:"short" }}|{{ when|govuk_date }}|'
        "{{ when|govuk_time }}|{{ day|govuk_date }}|{{ missing|govuk_datetime }}"
    )
    rendered = template.render(Context({"when": moment, "day": dt.date(2026, 12, 6), "missing": None}))
    assert rendered == "6 July 2026 at 9:05pm|6 Jul 2026 at 9:05pm|6 July 2026|9:05pm|6 December 2026|"


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (dt.date(2026, 12, 6), dt.date(2026, 12, 8), "6 to 8 December 2026"),
        (dt.date(2014, 6, 30), dt.date(2014, 7, 2), "30 June to 2 July 2014"),
        (dt.date(2025, 12, 30), dt.date(2026, 1, 2), "30 December 2025 to 2 January 2026"),
        (dt.date(2026, 12, 6), dt.date(2026, 12, 6), "6 December 2026"),
        (dt.date(2026, 12, 6), None, "6 December 2026"),
        (None, dt.date(2026, 12, 8), "8 December 2026"),
        (None, None, ""),
    ],
)
def test_date_ranges_say_each_part_once(start, end, text):
    assert govuk_date_range(start, end) == text


def test_a_short_date_range_for_tables():
    assert govuk_date_range(dt.date(2019, 9, 30), dt.date(2019, 10, 2), short=True) == "30 Sept to 2 Oct 2019"


def test_the_date_range_filter():
    template = Template(
        "{% load govuk %}{{ a|govuk_date_range:b }}|{{ a|govuk_date_range:a }}|{{ none|govuk_date_range:b }}"
    )
    rendered = template.render(Context({"a": dt.date(2014, 6, 30), "b": dt.date(2014, 7, 2), "none": None}))
    assert rendered == "30 June to 2 July 2014|30 June 2014|2 July 2014"
