"""Dates and periods at the ends of the calendar get a clear message, never a 500.

Python's dates stop at 31/12/9999: a week or a filter that runs past it overflowed.
"""

from __future__ import annotations

import pytest

from ascent.core.forms import BoundedDateField
from ascent.core.periods import PeriodParseError, parse_period
from tests.indicators.factories import IndicatorFactory, field_errors, url


@pytest.mark.parametrize("text", ["9999-W52", "w/c 27 Dec 9999", "Week 52 9999"])
def test_a_week_past_the_calendar_is_a_period_error(text):
    with pytest.raises(PeriodParseError, match="outside the supported range"):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/12/9999", "Day must be on or before 31/3/9999"),
        ("1/4/1000", None),
        ("31/3/1000", "Day must be on or after 1/4/1000"),
    ],
)
def test_a_typed_date_keeps_within_the_supported_range(text, message):
    from django import forms

    class DayForm(forms.Form):
        day = BoundedDateField(label="Day", input_formats=["%d/%m/%Y"])

    form = DayForm({"day": text})
    assert form.is_valid() is (message is None)
    if message:
        assert form.errors["day"] == [message]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["observation-edit", "target-edit"])
def test_a_far_off_period_in_the_address_is_ignored(client, harrow, editor, page):
    indicator = IndicatorFactory(organisation=harrow, code="HAR-1")
    client.force_login(editor)
    response = client.get(url(page, harrow, indicator_id=indicator.pk), {"period": "9999-W52"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_far_off_period_in_the_value_form_is_explained(client, harrow, editor):
    indicator = IndicatorFactory(organisation=harrow, code="HAR-1")
    client.force_login(editor)
    response = client.post(
        url("observation-edit", harrow, indicator_id=indicator.pk),
        {"period": "9999-W52", "value": "50", "status": "final"},
    )
    assert "outside the supported range" in field_errors(response)["period"]
