"""A money indicator's value and target are entered as councils write money, read by the one
money reader every import uses (issue 9, point 7)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse

from ascent.indicators.forms import ObservationForm, TargetForm
from ascent.indicators.models import Observation, Target, Unit

from .factories import IndicatorFactory, ObservationFactory, TargetFactory, field_errors, url

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def spend(harrow):
    return IndicatorFactory(
        organisation=harrow, code="HAR-DP", title="Direct payments clawed back", unit=Unit.MONEY, decimals=0
    )


@pytest.fixture
def reviews(harrow):
    return IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months")


def post_value(client, organisation, indicator, data):
    return client.post(url("observation-edit", organisation, indicator_id=indicator.pk), data)


def post_target(client, organisation, indicator, data):
    return client.post(url("target-edit", organisation, indicator_id=indicator.pk), data)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# ----- the value form ------------------------------------------------------------------------

AMOUNTS = [
    ("£10.55m", "10550000"),
    ("£1.2bn", "1200000000"),
    ("£863K", "863000"),
    ("£1,263,000", "1263000"),
    ("1.263m", "1263000"),
    ("1,234", "1234"),
    ("(£183K)", "-183000"),
    ("-£183k", "-183000"),
    ("£(183)k", "-183000"),
    ("50p", "0.5"),
]


@pytest.mark.parametrize(("text", "stored"), AMOUNTS)
def test_the_value_form_reads_money_as_councils_write_it(client, harrow, editor, spend, text, stored):
    client.force_login(editor)
    response = post_value(client, harrow, spend, {"period": "2023-24", "value": text, "status": "final"})
    assert response.status_code == 302, field_errors(response)
    assert Observation.objects.get(indicator=spend).value == D(stored)
    assert messages_of(response) == ["The value of HAR-DP for 2023-24 has been saved"]


def test_an_approximate_value_is_saved_as_the_amount_and_said_to_be_approximate(
    client, harrow, editor, admin_user, spend
):
    client.force_login(editor)
    response = post_value(client, harrow, spend, {"period": "2023-24", "value": "just under £1.6m", "status": "final"})
    observation = Observation.objects.get(indicator=spend)
    assert observation.value == D("1600000")
    note = "Approximate: the value “just under £1.6m” was read as about £1.6m"
    assert messages_of(response) == [f"The value of HAR-DP for 2023-24 has been saved. {note}"]
    # The saved record says so too: the Activity page shows the history's reason.
    assert observation.history.get().history_change_reason == note
    client.force_login(admin_user)
    activity = client.get(reverse("organisations:activity", kwargs={"gss_code": harrow.gss_code}))
    assert f"Reason: {note}" in activity.content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lots", "The value is not an amount of money: write it as councils do, such as £300"),
        ("£1.6m-£1.8m", "The value is a range of amounts: give one amount, such as £1.6m"),
        ("up to £2m", "The value is a limit, not an amount: give the amount itself"),
        ("$5m", "The value is in dollars: give amounts in pounds (£)"),
        ("10%", "The value is a percentage, not an amount of money"),
        ("£1,6m", "The value has commas that do not separate thousands"),
        ("£0.50p", "The value gives both pounds and pence: write £0.50 or 50p"),
        ("£999,999,999,999,999", "The value is too large"),
    ],
)
def test_bad_money_in_the_value_form_names_the_field_and_the_reason(client, harrow, editor, spend, text, message):
    client.force_login(editor)
    errors = field_errors(post_value(client, harrow, spend, {"period": "2023-24", "value": text, "status": "final"}))
    assert errors["value"].startswith(message)
    assert not Observation.objects.exists()


def test_a_money_value_is_shown_for_correction_with_every_digit(client, harrow, editor, spend):
    ObservationFactory(organisation=harrow, indicator=spend, period="2023-24", value=D("10550000.5"))
    client.force_login(editor)
    page = client.get(url("observation-edit", harrow, indicator_id=spend.pk), {"period": "2023-24"}).content.decode()
    assert 'value="£10,550,000.50"' in page  # pence as two places, as the import previews show them
    # Saving it again unchanged keeps the amount exactly.
    post_value(client, harrow, spend, {"period": "2023-24", "value": "£10,550,000.5", "status": "final"})
    assert Observation.objects.get(indicator=spend).value == D("10550000.5")


def test_the_money_value_field_says_what_is_accepted_and_allows_letters(client, harrow, editor, spend):
    client.force_login(editor)
    form = ObservationForm(indicator=spend)
    assert "£10.55m" in form.fields["value"].help_text
    assert "inputmode" not in form.fields["value"].widget.attrs


def test_a_non_money_indicator_keeps_its_number_reader(client, harrow, editor, reviews):
    client.force_login(editor)
    errors = field_errors(post_value(client, harrow, reviews, {"period": "2023-24", "value": "£10.55m"}))
    assert errors["value"] == "The value must be a number, like 27.5"
    response = post_value(client, harrow, reviews, {"period": "2023-24", "value": "1,234", "status": "final"})
    assert field_errors(response)["value"].endswith("is a percentage from 0 to 100: 1,234 is above 100")
    post_value(client, harrow, reviews, {"period": "2023-24", "value": "83.5%", "status": "final"})
    assert Observation.objects.get(indicator=reviews).value == D("83.5")
    assert "inputmode" in ObservationForm(indicator=reviews).fields["value"].widget.attrs


# ----- the target form -----------------------------------------------------------------------


def test_a_threshold_target_in_money(client, harrow, editor, spend):
    client.force_login(editor)
    data = {"period": "2023-24", "kind": "threshold", "comparison": "at_most", "value": "£10.55m", "tolerance": "£250K"}
    response = post_target(client, harrow, spend, data)
    assert response.status_code == 302, field_errors(response)
    target = Target.objects.get(indicator=spend)
    assert (target.value, target.tolerance) == (D("10550000"), D("250000"))
    assert messages_of(response) == ["The target for HAR-DP in 2023-24 has been saved"]


def test_a_range_target_in_money(client, harrow, editor, spend):
    client.force_login(editor)
    data = {"period": "2023-24", "kind": "range", "low": "£1.2m", "high": "£1,263,000", "range_sense": "keep_within"}
    post_target(client, harrow, spend, data)
    target = Target.objects.get(indicator=spend)
    assert (target.low, target.high) == (D("1200000"), D("1263000"))


def test_a_direction_target_with_a_money_baseline(client, harrow, editor, spend):
    client.force_login(editor)
    data = {"period": "2023-24", "kind": "direction", "change": "maintain_or_decrease", "baseline_value": "£863K"}
    post_target(client, harrow, spend, data)
    assert Target.objects.get(indicator=spend).baseline_value == D("863000")


def test_an_approximate_target_says_so(client, harrow, editor, spend):
    client.force_login(editor)
    data = {"period": "2023-24", "kind": "threshold", "comparison": "at_most", "value": "c. £1.6m"}
    response = post_target(client, harrow, spend, data)
    target = Target.objects.get(indicator=spend)
    assert target.value == D("1600000")
    note = "Approximate: the threshold value “c. £1.6m” was read as about £1.6m"
    assert messages_of(response) == [f"The target for HAR-DP in 2023-24 has been saved. {note}"]
    assert target.history.get().history_change_reason == note


def test_an_approximation_in_a_field_the_kind_of_target_ignores_is_not_reported(client, harrow, editor, spend):
    client.force_login(editor)
    data = {"period": "2023-24", "kind": "range", "low": "£1m", "high": "£2m", "range_sense": "keep_within"}
    data["value"] = "about £5m"
    response = post_target(client, harrow, spend, data)
    assert messages_of(response) == ["The target for HAR-DP in 2023-24 has been saved"]
    assert Target.objects.get(indicator=spend).history.get().history_change_reason is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"kind": "threshold", "comparison": "at_most", "value": "£1.6m to £1.8m"},
            "value",
            "The threshold value is a range",
        ),
        ({"kind": "range", "low": "lots", "high": "£2m"}, "low", "The lowest value is not an amount of money"),
        ({"kind": "range", "low": "£1m", "high": "€2m"}, "high", "The highest value is in euros"),
        (
            {"kind": "threshold", "comparison": "at_most", "value": "£2m", "tolerance": "5%"},
            "tolerance",
            "The amber tolerance is a percentage",
        ),
        (
            {"kind": "direction", "change": "maintain_or_decrease", "baseline_value": "at least £1m"},
            "baseline_value",
            "The baseline value is a limit",
        ),
    ],
)
def test_bad_money_in_the_target_form_names_the_field_and_the_reason(
    client, harrow, editor, spend, data, field, message
):
    client.force_login(editor)
    errors = field_errors(post_target(client, harrow, spend, {"period": "2023-24", **data}))
    assert errors[field].startswith(message)
    assert not Target.objects.exists()


def test_a_money_target_is_shown_for_editing_in_pounds(client, harrow, editor, spend):
    TargetFactory(organisation=harrow, indicator=spend, period="2023-24", kind="threshold", comparison="at_most",
                  value=D("10550000"))  # fmt: skip
    client.force_login(editor)
    page = client.get(url("target-edit", harrow, indicator_id=spend.pk), {"period": "2023-24"}).content.decode()
    assert 'value="£10,550,000"' in page


def test_the_target_form_reads_every_amount_field_with_the_money_reader(spend):
    form = TargetForm(
        {
            "period": "2023-24",
            "kind": "range",
            "low": "(£183K)",
            "high": "50p",
            "tolerance": "£1.2bn",
            "range_sense": "or_better",
        },
        indicator=spend,
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["low"], form.cleaned_data["high"], form.cleaned_data["tolerance"]) == (
        D("-183000"),
        D("0.5"),
        D("1200000000"),
    )


# ----- display -------------------------------------------------------------------------------


def test_money_entered_is_shown_as_councils_write_it_on_the_scorecard_and_the_indicator_page(
    client, harrow, editor, spend
):
    client.force_login(editor)
    post_value(client, harrow, spend, {"period": "2023-24", "value": "£13m", "status": "final"})
    post_value(client, harrow, spend, {"period": "2022-23", "value": "£5,000,000", "status": "final"})
    post_target(
        client, harrow, spend, {"period": "2023-24", "kind": "threshold", "comparison": "at_most", "value": "£10.55m"}
    )
    scorecard = client.get(url("scorecard", harrow)).content.decode()
    detail = client.get(url("detail", harrow, indicator_id=spend.pk)).content.decode()
    for page in (scorecard, detail):
        assert "£13m" in page and "At most £10.55m" in page
        assert "£13.0m" not in page and "£5.0m" not in page
    assert "£5m" in detail


# ----- an approximation is kept and shown -------------------------------------------------------


def test_an_approximate_value_is_kept_and_shown_as_about_everywhere(client, harrow, editor, spend):
    client.force_login(editor)
    post_value(client, harrow, spend, {"period": "2023-24", "value": "c. £1.6m", "status": "final"})
    observation = Observation.objects.get(indicator=spend)
    assert (observation.value, observation.is_approximate) == (D("1600000"), True)

    scorecard = BeautifulSoup(client.get(url("scorecard", harrow)).content, "html.parser")
    latest = scorecard.select_one('tr[data-code="HAR-DP"]').find_all("td")[2].get_text(" ", strip=True)
    assert latest.startswith("about £1.6m")

    detail = BeautifulSoup(client.get(url("detail", harrow, indicator_id=spend.pk)).content, "html.parser")
    assert "about £1.6m" in detail.select_one("#series-table").get_text(" ", strip=True)

    export = client.get(url("scorecard-export", harrow, fmt="csv")).content.decode("utf-8-sig")
    [row] = [r for r in csv.DictReader(io.StringIO(export)) if r["Code"] == "HAR-DP"]
    assert (row["Latest"], row["Approximate"]) == ("1600000", "yes")

    # Corrected, the form shows it as approximate, so saving it unchanged keeps it so.
    form = client.get(url("observation-edit", harrow, indicator_id=spend.pk), {"period": "2023-24"}).content
    assert BeautifulSoup(form, "html.parser").select_one("#id_value")["value"] == "c. £1,600,000"
    post_value(client, harrow, spend, {"period": "2023-24", "value": "c. £1,600,000", "status": "final"})
    assert Observation.objects.get(indicator=spend).is_approximate is True
    # An exact figure replaces it.
    post_value(client, harrow, spend, {"period": "2023-24", "value": "£1.63m", "status": "final"})
    assert Observation.objects.get(indicator=spend).is_approximate is False


def test_an_approximate_target_is_kept_and_said(client, harrow, editor, spend):
    client.force_login(editor)
    ObservationFactory(organisation=harrow, indicator=spend, period="2023-24", value=D("1500000"))
    response = post_target(
        client,
        harrow,
        spend,
        {"period": "2023-24", "kind": "threshold", "comparison": "at_most", "value": "just under £1.6m"},
    )
    assert response.status_code == 302, field_errors(response)
    target = Target.objects.get(indicator=spend)
    assert (target.value, target.is_approximate) == (D("1600000"), True)
    scorecard = BeautifulSoup(client.get(url("scorecard", harrow)).content, "html.parser")
    cells = scorecard.select_one('tr[data-code="HAR-DP"]').find_all("td")
    assert "(approximate)" in cells[1].get_text(" ", strip=True)
    form = client.get(url("target-edit", harrow, indicator_id=spend.pk), {"period": "2023-24"}).content
    assert BeautifulSoup(form, "html.parser").select_one("#id_value")["value"] == "c. £1,600,000"
