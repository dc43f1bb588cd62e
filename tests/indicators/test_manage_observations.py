"""Entering or correcting one value by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ascent.indicators.models import Observation

from .factories import IndicatorFactory, ObservationFactory, field_errors, url

pytestmark = pytest.mark.django_db

D = Decimal
VALID = {"period": "2023-24", "value": "83.5", "numerator": "835", "denominator": "1000", "status": "provisional"}


@pytest.fixture
def reviews(harrow):
    return IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months")


def post(client, organisation, indicator, data):
    return client.post(url("observation-edit", organisation, indicator_id=indicator.pk), data)


def test_an_editor_enters_a_value(client, harrow, editor, reviews):
    client.force_login(editor)
    assert post(client, harrow, reviews, VALID).status_code == 302
    observation = Observation.objects.get(organisation=harrow, indicator=reviews)
    assert (observation.period_code, observation.value, observation.status) == ("2023-24", D("83.5"), "provisional")
    assert (observation.numerator, observation.denominator) == (D("835"), D("1000"))
    assert observation.entered_by == editor
    assert observation.history.get().history_user == editor


def test_a_correction_keeps_the_earlier_value_in_the_history_with_who_changed_it(client, harrow, editor, reviews):
    ObservationFactory(organisation=harrow, indicator=reviews, period="2023-24", value=D("80"), is_illustrative=True)
    client.force_login(editor)
    post(client, harrow, reviews, {"period": "2023-24", "value": "82", "status": "final"})
    observation = Observation.objects.get(indicator=reviews)
    assert (observation.value, observation.is_illustrative) == (D("82"), False)
    history = list(observation.history.order_by("history_date"))
    assert [h.value for h in history] == [D("80"), D("82")]
    assert history[-1].history_user == editor
    assert history[-1].history_type == "~"


def test_the_form_shows_the_value_for_the_period_asked_for(client, harrow, editor, reviews):
    ObservationFactory(organisation=harrow, indicator=reviews, period="Q2 2023/24", value=D("61.25"))
    client.force_login(editor)
    response = client.get(url("observation-edit", harrow, indicator_id=reviews.pk), {"period": "2023-24-Q2"})
    page = response.content.decode()
    assert 'value="61.25"' in page
    assert 'value="Q2 2023/24"' in page
    assert "Correct a value" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"period": ""}, "period", "Enter the period, like 2023-24"),
        ({"period": "sometime"}, "period", "Could not read"),
        ({"value": ""}, "value", "Enter the value"),
        ({"value": "lots"}, "value", "The value must be a number, like 27.5"),
        (
            {"value": "120", "numerator": "", "denominator": ""},
            "value",
            "HAR-REV12 is a percentage from 0 to 100: 120 is above 100",
        ),
        ({"numerator": "-1"}, "numerator", "The numerator cannot be negative"),
        ({"numerator": "1001"}, "numerator", "The numerator must not be larger than the denominator"),
        ({"denominator": "0"}, "denominator", "The denominator cannot be zero"),
        ({"denominator": "-5", "numerator": ""}, "denominator", "The denominator cannot be negative"),
        ({"status": "guess"}, "status", "Select provisional or final"),
        ({"status": ""}, "status", "Select provisional or final"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, harrow, editor, reviews, changes, field, message):
    client.force_login(editor)
    errors = field_errors(post(client, harrow, reviews, {**VALID, **changes}))
    assert errors[field].startswith(message)
    assert not Observation.objects.exists()


def test_a_count_cannot_be_negative(client, harrow, editor):
    count = IndicatorFactory(organisation=harrow, code="CNT", unit="count", decimals=0)
    client.force_login(editor)
    errors = field_errors(post(client, harrow, count, {"period": "2023-24", "value": "-3", "status": "final"}))
    assert errors == {"value": "CNT is a count of 0 or more: -3 is below 0"}


def test_another_organisations_indicator_is_a_404(client, harrow, herefordshire, editor):
    theirs = IndicatorFactory(organisation=herefordshire, code="HER-1")
    client.force_login(editor)
    assert post(client, harrow, theirs, VALID).status_code == 404
    assert not Observation.objects.exists()


def test_a_viewer_may_not_enter_values(client, harrow, viewer, reviews):
    client.force_login(viewer)
    assert post(client, harrow, reviews, VALID).status_code == 403
    assert client.get(url("observation-edit", harrow, indicator_id=reviews.pk)).status_code == 403
