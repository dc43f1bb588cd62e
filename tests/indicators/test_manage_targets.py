"""Setting a target for an indicator and period."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ascent.indicators.models import Target

from .factories import IndicatorFactory, TargetFactory, field_errors, summary_errors, url

pytestmark = pytest.mark.django_db

D = Decimal
THRESHOLD = {"period": "2023-24", "kind": "threshold", "comparison": "at_least", "value": "80", "tolerance": "5"}


@pytest.fixture
def reviews(harrow):
    return IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews within 12 months")


def post(client, organisation, indicator, data):
    return client.post(url("target-edit", organisation, indicator_id=indicator.pk), data)


def test_an_editor_sets_a_threshold_target(client, harrow, editor, reviews):
    client.force_login(editor)
    response = post(client, harrow, reviews, {**THRESHOLD, "note": "Business plan"})
    assert response.status_code == 302
    target = Target.objects.get(organisation=harrow, indicator=reviews)
    assert (target.period_code, target.kind, target.comparison) == ("2023-24", "threshold", "at_least")
    assert (target.value, target.tolerance, target.note) == (D("80"), D("5"), "Business plan")
    assert target.history.get().history_user == editor


def test_a_range_target(client, harrow, editor, reviews):
    client.force_login(editor)
    post(client, harrow, reviews, {"period": "Q3 2023/24", "kind": "range", "low": "70", "high": "80%"})
    target = Target.objects.get(indicator=reviews)
    assert (target.period_code, target.low, target.high, target.value) == ("2023-24-Q3", D("70"), D("80"), None)


def test_a_direction_target_keeps_its_baseline(client, harrow, editor, reviews):
    client.force_login(editor)
    data = {
        "period": "2023-24",
        "kind": "direction",
        "change": "maintain_or_increase",
        "baseline_value": "64.5",
        "baseline_label": "Mar 2019",
    }
    post(client, harrow, reviews, data)
    target = Target.objects.get(indicator=reviews)
    assert (target.change, target.baseline_value, target.baseline_label) == (
        "maintain_or_increase",
        D("64.5"),
        "Mar 2019",
    )


def test_fields_of_other_kinds_of_target_are_ignored(client, harrow, editor, reviews):
    client.force_login(editor)
    response = post(
        client, harrow, reviews, {**THRESHOLD, "low": "nonsense", "change": "increase", "baseline_value": "3"}
    )
    assert response.status_code == 302
    target = Target.objects.get(indicator=reviews)
    assert (target.low, target.change, target.baseline_value) == (None, "", None)


def test_saving_again_for_the_same_period_replaces_the_target_and_keeps_the_old_one(client, harrow, editor, reviews):
    client.force_login(editor)
    post(client, harrow, reviews, THRESHOLD)
    post(client, harrow, reviews, {**THRESHOLD, "value": "85"})
    target = Target.objects.get(indicator=reviews)
    assert target.value == D("85")
    assert [h.value for h in target.history.order_by("history_date")] == [D("80"), D("85")]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"period": ""}, "period", "Enter the period, like 2023-24"),
        ({"period": "Q5 2023/24"}, "period", "Could not read"),
        ({"kind": ""}, "kind", "Select the type of target"),
        ({"kind": "wish"}, "kind", "Select a type of target"),
        ({"comparison": ""}, "comparison", "Select whether the value must be at least or at most the threshold"),
        ({"value": ""}, "value", "Enter the threshold value"),
        ({"value": "eighty"}, "value", "The threshold value must be a number, like 27.5"),
        ({"value": "120"}, "value", "A percentage must be between 0 and 100"),
        ({"tolerance": "-1"}, "tolerance", "The amber tolerance must be zero or more"),
        ({"note": "n" * 301}, "note", "The note must be 300 characters or fewer"),
    ],
)
def test_bad_threshold_input_is_refused_with_a_message(client, harrow, editor, reviews, changes, field, message):
    client.force_login(editor)
    errors = field_errors(post(client, harrow, reviews, {**THRESHOLD, **changes}))
    assert errors[field].startswith(message)
    assert not Target.objects.exists()


def test_a_range_needs_both_ends_in_order(client, harrow, editor, reviews):
    client.force_login(editor)
    errors = field_errors(post(client, harrow, reviews, {"period": "2023-24", "kind": "range", "low": "70"}))
    assert errors == {"high": "Enter the highest value on target"}
    errors = field_errors(
        post(client, harrow, reviews, {"period": "2023-24", "kind": "range", "low": "80", "high": "70"})
    )
    assert errors == {"high": "The highest value must not be less than the lowest value"}


def test_a_direction_needs_the_change_wanted(client, harrow, editor, reviews):
    client.force_login(editor)
    errors = field_errors(post(client, harrow, reviews, {"period": "2023-24", "kind": "direction"}))
    assert errors == {"change": "Select the change wanted"}


def test_a_change_the_polarity_cannot_judge_is_refused(client, harrow, editor):
    neither = IndicatorFactory(organisation=harrow, code="POP", polarity="neither", unit="count")
    client.force_login(editor)
    response = post(client, harrow, neither, {"period": "2023-24", "kind": "direction", "change": "improve"})
    errors = field_errors(response)
    assert errors["change"] == "A 'Improve' target needs a measure where higher or lower is better"
    assert summary_errors(response) == [errors["change"]]


def test_the_form_shows_the_target_for_the_period_asked_for(client, harrow, editor, reviews):
    TargetFactory(organisation=harrow, indicator=reviews, period="2022-23", value=D("66"))
    TargetFactory(organisation=harrow, indicator=reviews, period="2023-24", value=D("77"))
    client.force_login(editor)
    page = client.get(url("target-edit", harrow, indicator_id=reviews.pk), {"period": "2022-23"}).content.decode()
    assert 'value="66"' in page
    latest = client.get(url("target-edit", harrow, indicator_id=reviews.pk)).content.decode()
    assert 'value="77"' in latest
    assert 'value="2023-24"' in latest


def test_a_national_indicator_can_have_a_target(client, harrow, editor):
    national = IndicatorFactory(code="ASCOF-1A")
    client.force_login(editor)
    assert post(client, harrow, national, THRESHOLD).status_code == 302
    assert Target.objects.get().organisation == harrow


def test_another_organisations_indicator_is_a_404(client, harrow, herefordshire, editor):
    theirs = IndicatorFactory(organisation=herefordshire, code="HER-1")
    client.force_login(editor)
    assert post(client, harrow, theirs, THRESHOLD).status_code == 404
    assert client.get(url("target-edit", harrow, indicator_id=theirs.pk)).status_code == 404
    assert not Target.objects.exists()


def test_a_viewer_may_not_set_targets(client, harrow, viewer, reviews):
    client.force_login(viewer)
    assert post(client, harrow, reviews, THRESHOLD).status_code == 403
    assert not Target.objects.exists()
