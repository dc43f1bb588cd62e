"""Values checked against what the indicator allows, in the value form, the local indicator form
and the scorecard: out of range refused, likely slips warned about until confirmed or corrected."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from ascent.indicators import actions
from ascent.indicators.models import Indicator, Observation, Unit
from ascent.indicators.scorecard import build_scorecard, worst_moving

from .factories import IndicatorFactory, TargetFactory, field_errors, series, url

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def quality_of_life(db):
    return IndicatorFactory(code="ASCOF-1A", unit=Unit.SCORE, valid_min=D(0), valid_max=D(24))


@pytest.fixture
def carers_quality_of_life(db):
    return IndicatorFactory(code="ASCOF-1D", unit=Unit.SCORE, valid_min=D(0), valid_max=D(12))


@pytest.fixture
def admissions(db):
    return IndicatorFactory(code="ASCOF-2A1", unit=Unit.PER_100K, polarity="lower_is_better", valid_min=D(0))


@pytest.fixture
def reviews(harrow):
    return IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months")


def post(client, organisation, indicator, data):
    return client.post(url("observation-edit", organisation, indicator_id=indicator.pk), data)


def value(period="2023-24", value="83.5", **extra):
    return {"period": period, "value": value, "numerator": "", "denominator": "", "status": "final", **extra}


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def warning_summary(response) -> list[str]:
    summary = soup_of(response).select_one(".govuk-error-summary")
    return [li.get_text(" ", strip=True) for li in summary.select("li")]


def confirm(response, data) -> dict:
    """The same data, with the confirmation the warned page asks for."""
    checked = soup_of(response).find("input", attrs={"name": "checked"})["value"]
    return {**data, "confirm": "yes", "checked": checked}


# ----- refused: outside the range --------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "typed", "message"),
    [
        ("quality_of_life", "25.3", "ASCOF-1A is a score from 0 to 24: 25.3 is above 24"),
        ("carers_quality_of_life", "13", "ASCOF-1D is a score from 0 to 12: 13 is above 12"),
        ("admissions", "-3", "ASCOF-2A1 is a rate per 100,000 population of 0 or more: -3 is below 0"),
    ],
)
def test_a_value_outside_the_indicators_range_is_refused(client, harrow, editor, request, fixture, typed, message):
    indicator = request.getfixturevalue(fixture)
    client.force_login(editor)
    response = post(client, harrow, indicator, value(value=typed))
    assert field_errors(response) == {"value": message}
    assert not Observation.objects.exists()


def test_the_form_says_what_range_the_value_must_be_in(client, harrow, editor, quality_of_life):
    client.force_login(editor)
    page = soup_of(client.get(url("observation-edit", harrow, indicator_id=quality_of_life.pk)))
    assert page.find(id="id_value-hint").get_text(strip=True) == "ASCOF-1A is a score from 0 to 24."


def test_the_action_refuses_an_out_of_range_value_too(harrow, editor, quality_of_life):
    from ascent.core.periods import parse_period

    with pytest.raises(ValidationError) as caught:
        actions.record_observation(harrow, quality_of_life, period=parse_period("2023-24"), value=D("25.3"), by=editor)
    assert caught.value.message_dict == {"value": ["ASCOF-1A is a score from 0 to 24: 25.3 is above 24"]}
    assert not Observation.objects.exists()


def test_a_negative_local_rate_is_refused(client, harrow, editor):
    rate = IndicatorFactory(organisation=harrow, code="HAR-RATE", unit=Unit.RATE)
    client.force_login(editor)
    errors = field_errors(post(client, harrow, rate, value(value="-0.5")))
    assert errors == {"value": "HAR-RATE is a rate of 0 or more: -0.5 is below 0"}


# ----- warned: likely slips --------------------------------------------------------------


def test_a_proportion_among_percentages_is_warned_about_then_saved_once_confirmed(client, harrow, editor, reviews):
    series(harrow, reviews, {"2021-22": "78.5", "2022-23": "81"})
    client.force_login(editor)
    data = value(value="0.75")
    response = post(client, harrow, reviews, data)
    assert response.status_code == 200
    assert warning_summary(response) == [
        "0.75% looks like a proportion: as a percentage it would be 75%. Your other values for HAR-REV12 are "
        "around 79.75%.",
        "Correct the value, or confirm that it is right",
    ]
    page = soup_of(response)
    assert page.find("label", attrs={"for": "id_confirm"}).get_text(strip=True) == "Yes, save it as it is"
    assert page.select_one(".govuk-error-summary__title").get_text(strip=True) == "Check this value before you save it"
    assert not Observation.objects.filter(period_code="2023-24").exists()

    response = post(client, harrow, reviews, confirm(response, data))
    assert response.status_code == 302
    saved = Observation.objects.get(indicator=reviews, period_code="2023-24")
    assert saved.value == D("0.75")


def test_correcting_the_slip_saves_without_a_confirmation(client, harrow, editor, reviews):
    client.force_login(editor)
    post(client, harrow, reviews, value(value="0.75"))
    response = post(client, harrow, reviews, value(value="75"))
    assert response.status_code == 302
    assert Observation.objects.get(indicator=reviews).value == D("75")


def test_a_confirmation_covers_only_the_slips_it_was_shown(client, harrow, editor, reviews):
    client.force_login(editor)
    first = value(value="0.75")
    response = post(client, harrow, reviews, first)
    # The person changes the figure to another slip and ticks the box they saw before.
    changed = {**confirm(response, first), "value": "90", "numerator": "10", "denominator": "100"}
    response = post(client, harrow, reviews, changed)
    assert response.status_code == 200
    assert warning_summary(response)[0] == (
        "The value 90 does not match its numerator and denominator: 10 out of 100 is 10%."
    )
    assert not Observation.objects.exists()
    assert post(client, harrow, reviews, confirm(response, changed)).status_code == 302
    assert Observation.objects.get().value == D("90")


def test_a_value_that_disagrees_with_its_numerator_and_denominator_is_warned_about(client, harrow, editor, reviews):
    client.force_login(editor)
    response = post(client, harrow, reviews, value(value="90", numerator="10", denominator="100"))
    assert warning_summary(response)[0].startswith("The value 90 does not match")
    assert not Observation.objects.exists()
    # Worked out right, it is saved at once.
    assert post(client, harrow, reviews, value(value="10", numerator="10", denominator="100")).status_code == 302


def test_a_value_for_a_period_not_yet_started_is_warned_about(client, harrow, editor, reviews):
    client.force_login(editor)
    response = post(client, harrow, reviews, value(period="2035-36", value="80"))
    assert warning_summary(response)[0].startswith("2035-36 has not started yet (it starts on 1 April 2035)")
    assert soup_of(response).select_one(".govuk-error-summary__list a")["href"] == "#id_period"
    assert not Observation.objects.exists()


# ----- a confirmed future value stays out of the scorecard --------------------------------


def test_a_confirmed_value_for_2035_36_is_neither_the_latest_value_nor_getting_worse(client, harrow, editor, reviews):
    series(harrow, reviews, {"2022-23": "80", "2023-24": "85"})
    TargetFactory(organisation=harrow, indicator=reviews, value=D("80"), period="2023-24")
    client.force_login(editor)
    data = value(period="2035-36", value="20")
    response = post(client, harrow, reviews, data)
    assert post(client, harrow, reviews, confirm(response, data)).status_code == 302
    assert Observation.objects.filter(period_code="2035-36").exists()

    [row] = build_scorecard(harrow).rows
    assert row.latest.period_code == "2023-24"
    assert row.latest_value == D("85")
    assert worst_moving(build_scorecard(harrow)) == []
    overview = soup_of(client.get(reverse("organisations:overview", kwargs={"gss_code": harrow.gss_code})))
    panel = overview.find("section", attrs={"aria-labelledby": "performance-panel-title"})
    assert "2035-36" not in panel.get_text()


def test_the_scorecard_still_finds_a_shipped_indicator_held_only_in_the_future(harrow, admissions):
    series(harrow, admissions, {"2035-36": "500"})
    assert [row.indicator for row in build_scorecard(harrow).rows] == []


# ----- a local indicator's range ---------------------------------------------------------


LOCAL = {
    "code": "HAR-CHG",
    "title": "Change in admissions",
    "unit": "percent",
    "polarity": "lower_is_better",
    "decimals": "1",
    "frequency": "annual",
}


def test_a_council_sets_its_local_indicators_range(client, harrow, editor):
    client.force_login(editor)
    response = client.post(url("indicator-add", harrow), {**LOCAL, "valid_min": "-100", "valid_max": "500"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="HAR-CHG")
    assert (indicator.valid_min, indicator.valid_max) == (D(-100), D(500))
    # A fall of 20% is allowed; a fall of more than 100% is not.
    assert post(client, harrow, indicator, value(value="-20")).status_code == 302
    errors = field_errors(post(client, harrow, indicator, value(period="2022-23", value="-120")))
    assert errors == {"value": "HAR-CHG is a percentage from -100 to 500: -120 is below -100"}


def test_a_lowest_valid_value_above_the_highest_is_refused(client, harrow, editor):
    client.force_login(editor)
    response = client.post(url("indicator-add", harrow), {**LOCAL, "valid_min": "10", "valid_max": "5"})
    assert field_errors(response) == {
        "valid_max": "The highest valid value must not be less than the lowest valid value"
    }
    assert not Indicator.objects.filter(code="HAR-CHG").exists()


def test_a_range_change_is_kept_in_the_indicators_history(client, harrow, editor):
    client.force_login(editor)
    client.post(url("indicator-add", harrow), LOCAL)
    indicator = Indicator.objects.get(code="HAR-CHG")
    assert (indicator.valid_min, indicator.valid_max) == (None, None)
    client.post(url("indicator-edit", harrow, indicator_id=indicator.pk), {**LOCAL, "valid_max": "200"})
    indicator.refresh_from_db()
    assert indicator.valid_max == D(200)
    assert [h.valid_max for h in indicator.history.order_by("history_date")] == [None, D(200)]


def test_the_library_shows_each_indicators_valid_values(client, harrow, viewer, quality_of_life, admissions, reviews):
    client.force_login(viewer)
    page = soup_of(client.get(url("library", harrow)))
    units = {row["data-code"]: row.find_all("td")[1].get_text(" ", strip=True) for row in page.select("tr[data-code]")}
    assert units == {
        "ASCOF-1A": "Score 0 to 24",
        "ASCOF-2A1": "Per 100,000 population 0 or more",
        "HAR-REV12": "Per cent (%) 0 to 100",
    }
