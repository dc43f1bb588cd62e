"""Setting a target for an indicator and period."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from ascent.core.rag import RAG
from ascent.indicators.models import Target
from ascent.indicators.scorecard import build_scorecard

from .factories import IndicatorFactory, TargetFactory, field_errors, series, summary_errors, url

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
    data = {"period": "Q3 2023/24", "kind": "range", "low": "70", "high": "80%", "range_sense": "keep_within"}
    post(client, harrow, reviews, data)
    target = Target.objects.get(indicator=reviews)
    assert (target.period_code, target.low, target.high, target.value) == ("2023-24-Q3", D("70"), D("80"), None)
    assert target.range_sense == "keep_within"


@pytest.mark.parametrize(("sense", "expected"), [("or_better", RAG.GREEN), ("keep_within", RAG.RED)])
def test_a_range_says_whether_above_it_is_on_target(client, harrow, editor, reviews, sense, expected):
    # "Reviews 70% to 80% a year": 84% is on target unless the range is to be kept within.
    client.force_login(editor)
    series(harrow, reviews, {"2023-24": "84"})
    data = {"period": "2023-24", "kind": "range", "low": "70", "high": "80", "range_sense": sense}
    assert post(client, harrow, reviews, data).status_code == 302
    assert build_scorecard(harrow).rows[0].rag is expected


def test_a_range_needs_its_sense_chosen(client, harrow, editor, reviews):
    client.force_login(editor)
    errors = field_errors(
        post(client, harrow, reviews, {"period": "2023-24", "kind": "range", "low": "7", "high": "8"})
    )
    assert errors == {"range_sense": "Select whether to keep within the range"}


def test_a_range_for_an_indicator_with_no_better_direction_is_kept_within(client, harrow, editor):
    caseload = IndicatorFactory(organisation=harrow, code="CASE", polarity="neither", unit="count")
    client.force_login(editor)
    page = client.get(url("target-edit", harrow, indicator_id=caseload.pk)).content.decode()
    assert 'name="range_sense"' not in page
    assert "no better direction, so a value above the highest or below the lowest value is off target" in page
    post(client, harrow, caseload, {"period": "2023-24", "kind": "range", "low": "70", "high": "80"})
    assert Target.objects.get(indicator=caseload).range_sense == "keep_within"


@pytest.mark.parametrize(
    ("polarity", "on_target", "hint"),
    [
        ("higher_is_better", "above the highest value is on target too", "a value below the lowest value is off"),
        ("lower_is_better", "below the lowest value is on target too", "a value above the highest value is off"),
    ],
)
def test_the_form_says_what_happens_above_and_below_a_range(client, harrow, editor, polarity, on_target, hint):
    indicator = IndicatorFactory(organisation=harrow, code="P", polarity=polarity)
    client.force_login(editor)
    soup = BeautifulSoup(client.get(url("target-edit", harrow, indicator_id=indicator.pk)).content, "html.parser")
    labels = [label.get_text(" ", strip=True) for label in soup.select('label[for^="id_range_sense"]')]
    assert labels[0] == f"In the range or better: {on_target}"
    assert labels[1].startswith("Keep within the range: ")
    assert hint in soup.select_one("#id_range_sense-hint").get_text()
    assert not soup.select('input[name="range_sense"][checked]')  # an explicit choice, not a default


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
        ({"value": "120"}, "value", "HAR-REV12 is a percentage from 0 to 100: 120 is above 100"),
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
    kind = {"period": "2023-24", "kind": "range", "range_sense": "or_better"}
    errors = field_errors(post(client, harrow, reviews, {**kind, "low": "70"}))
    assert errors == {"high": "Enter the highest value on target"}
    errors = field_errors(post(client, harrow, reviews, {**kind, "low": "80", "high": "70"}))
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
    TargetFactory(organisation=harrow, indicator=reviews, period="2022-23", value=D("66"), note="Plan 2022")
    TargetFactory(organisation=harrow, indicator=reviews, period="2023-24", value=D("77"))
    client.force_login(editor)
    page = client.get(url("target-edit", harrow, indicator_id=reviews.pk), {"period": "2022-23"}).content.decode()
    assert 'value="66"' in page
    assert 'value="2022-23"' in page
    assert BeautifulSoup(page, "html.parser").select_one("#id_note").get_text().strip() == "Plan 2022"


def test_a_new_periods_target_copies_the_latest_values_but_not_its_period_or_note(client, harrow, editor, reviews):
    TargetFactory(organisation=harrow, indicator=reviews, period="2022-23", value=D("66"))
    TargetFactory(
        organisation=harrow, indicator=reviews, period="2023-24", value=D("77"), tolerance=D("2"), note="Plan 2023"
    )
    client.force_login(editor)
    for query in ({}, {"period": "2024-25"}):
        soup = BeautifulSoup(
            client.get(url("target-edit", harrow, indicator_id=reviews.pk), query).content, "html.parser"
        )
        assert soup.select_one("#id_value")["value"] == "77"
        assert soup.select_one("#id_tolerance")["value"] == "2"
        assert soup.select_one('input[name="kind"][value="threshold"]').has_attr("checked")
        assert soup.select_one("#id_note").get_text().strip() == ""
        assert "filled in from the 2023-24 target" in soup.select_one(".govuk-inset-text").get_text()
        assert soup.select_one("#id_period").get("value", "") == query.get("period", "")


def test_the_form_has_a_back_link_to_the_indicator(client, harrow, editor, reviews):
    client.force_login(editor)
    soup = BeautifulSoup(client.get(url("target-edit", harrow, indicator_id=reviews.pk)).content, "html.parser")
    back = soup.select_one("a.govuk-back-link")
    assert back["href"] == url("detail", harrow, indicator_id=reviews.pk)
    assert back.find_parent("main") is None  # before the main content, as GOV.UK places it
    assert back.get_text(" ", strip=True) == "Back to HAR-REV12 Reviews within 12 months"


def test_each_kinds_fields_are_revealed_under_its_radio(client, harrow, editor, reviews):
    client.force_login(editor)
    soup = BeautifulSoup(client.get(url("target-edit", harrow, indicator_id=reviews.pk)).content, "html.parser")
    revealed = {}
    for radio in soup.select('input[name="kind"]'):
        panel = soup.find(id=radio["data-aria-controls"])
        assert "govuk-radios__conditional" in panel["class"]
        revealed[radio["value"]] = {tag["name"] for tag in panel.select("input, select, textarea")}
    assert revealed == {
        "threshold": {"comparison", "value"},
        "range": {"low", "high", "range_sense"},
        "direction": {"change", "baseline_value", "baseline_label"},
    }
    # Nothing chosen yet: every panel is hidden (by CSS, only when GOV.UK Frontend's script runs).
    assert len(soup.select(".govuk-radios__conditional--hidden")) == 3


def test_the_chosen_kinds_fields_are_shown_when_the_form_comes_back(client, harrow, editor, reviews):
    client.force_login(editor)
    response = post(client, harrow, reviews, {"period": "2023-24", "kind": "range", "low": "70"})
    soup = BeautifulSoup(response.content, "html.parser")
    shown = soup.select(".govuk-radios__conditional:not(.govuk-radios__conditional--hidden)")
    assert [panel["data-kind"] for panel in shown] == ["range"]


@pytest.mark.parametrize(("name", "limit"), [("note", 300), ("baseline_label", 60)])
def test_limited_text_has_a_character_count(client, harrow, editor, reviews, name, limit):
    client.force_login(editor)
    soup = BeautifulSoup(client.get(url("target-edit", harrow, indicator_id=reviews.pk)).content, "html.parser")
    field = soup.select_one(f"#id_{name}")
    group = field.find_parent(class_="govuk-character-count")
    assert group["data-module"] == "govuk-character-count"
    assert group["data-maxlength"] == str(limit)
    assert "govuk-js-character-count" in field["class"]
    assert not field.has_attr("maxlength")  # people may type past the limit and then trim
    info = soup.select_one(f"#id_{name}-info")
    assert info.get_text(strip=True) == f"You can enter up to {limit} characters"
    assert f"id_{name}-info" in field["aria-describedby"].split()


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


def test_a_target_outside_the_indicators_scale_is_refused(client, harrow, editor):
    """A target an indicator can never reach is refused as a value outside its range is."""
    client.force_login(editor)
    score = IndicatorFactory(
        organisation=harrow, code="HAR-QOL", unit="score", polarity="higher_is_better", valid_min=0, valid_max=24
    )
    data = {**THRESHOLD, "value": "30"}
    errors = field_errors(post(client, harrow, score, data))
    assert errors["value"] == "HAR-QOL is a score from 0 to 24: 30 is above 24"
    range_data = {**THRESHOLD, "kind": "range", "low": "-1", "high": "20", "range_sense": "or_better"}
    assert (
        field_errors(post(client, harrow, score, range_data))["low"] == "HAR-QOL is a score from 0 to 24: -1 is below 0"
    )
    assert not Target.objects.exists()
