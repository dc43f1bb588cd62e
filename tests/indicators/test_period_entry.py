"""Every place a person types a period reads the forms councils write (issue 9 point 6):
the value form, the target form and a period in the address (imports: tests/imports/
test_observation_periods.py). Nothing narrower than
:func:`~ascent.core.periods.parse_period` stands in front of it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ascent.core.periods import Period
from ascent.indicators.models import Observation, Target

from .factories import IndicatorFactory, ObservationFactory, field_errors, url

pytestmark = pytest.mark.django_db

#: Shared with tests/imports/test_observation_periods.py.
FORMS = [
    ("2017/18 to 2019/20", "2017-18-TO-2019-20", "financial_year_span"),
    ("2017-19", "2017-18-TO-2018-19", "financial_year_span"),
    ("2018-19 year to date to December 2018", "2018-19-YTD-M12", "year_to_date"),  # 37 characters
    ("Apr-Nov 2018", "2018-19-YTD-M11", "year_to_date"),
    ("Oct\u2013Dec 2018", "2018-19-Q3", "quarter"),
    ("Qtr 2 2018/19", "2018-19-Q2", "quarter"),
    ("FY19/20", "2019-20", "financial_year"),
    ("as at July 2018", "2018-M07", "month"),
    ("w/e 13 Oct 2019", "2019-W41", "week"),
]


@pytest.fixture
def reviews(harrow):
    return IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months")


@pytest.mark.parametrize(("text", "code", "kind"), FORMS, ids=[text for text, _, _ in FORMS])
def test_the_value_form_stores_each_form_as_its_period(client, harrow, editor, reviews, text, code, kind):
    client.force_login(editor)
    response = client.post(
        url("observation-edit", harrow, indicator_id=reviews.pk), {"period": text, "value": "61", "status": "final"}
    )
    assert response.status_code == 302
    observation = Observation.objects.get(organisation=harrow, indicator=reviews)
    assert (observation.period_code, observation.period_kind) == (code, kind)
    assert observation.period == Period(observation.period.kind, observation.period_start, observation.period_end)


@pytest.mark.parametrize(("text", "code", "kind"), FORMS[:4], ids=[text for text, _, _ in FORMS[:4]])
def test_the_target_form_stores_each_form_as_its_period(client, harrow, editor, reviews, text, code, kind):
    client.force_login(editor)
    data = {"period": text, "kind": "threshold", "comparison": "at_least", "value": "80"}
    response = client.post(url("target-edit", harrow, indicator_id=reviews.pk), data)
    assert response.status_code == 302
    target = Target.objects.get(organisation=harrow, indicator=reviews)
    assert (target.period_code, target.period_kind) == (code, kind)


def test_an_ambiguous_period_is_refused_in_the_form_with_what_would_be_understood(client, harrow, editor, reviews):
    client.force_login(editor)
    response = client.post(
        url("observation-edit", harrow, indicator_id=reviews.pk),
        {"period": "2018-19 YTD", "value": "61", "status": "final"},
    )
    error = field_errors(response)["period"]
    assert "needs the month it runs to" in error and "2018-19 YTD to Dec 2018" in error
    assert not Observation.objects.exists()


def test_a_period_longer_than_the_form_allows_is_refused_by_length(client, harrow, editor, reviews):
    client.force_login(editor)
    response = client.post(
        url("observation-edit", harrow, indicator_id=reviews.pk), {"period": "x" * 61, "value": "61", "status": "final"}
    )
    assert field_errors(response)["period"] == "The period must be 60 characters or fewer"


def test_the_form_opens_on_a_span_named_in_the_address(client, harrow, editor, reviews):
    ObservationFactory(organisation=harrow, indicator=reviews, period="2017-18 to 2019-20", value=Decimal("1263000"))
    client.force_login(editor)
    response = client.get(url("observation-edit", harrow, indicator_id=reviews.pk), {"period": "2017-18-TO-2019-20"})
    page = response.content.decode()
    assert 'value="2017-18 to 2019-20"' in page and 'value="1263000"' in page
