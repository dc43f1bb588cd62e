"""Adding and changing local indicators."""

from __future__ import annotations

import pytest

from ascent.indicators.models import Indicator

from .factories import IndicatorFactory, field_errors, url

pytestmark = pytest.mark.django_db

VALID = {
    "code": "HAR-REV12",
    "title": "Reviews within 12 months",
    "definition": "People in long-term support reviewed in the last 12 months.",
    "unit": "percent",
    "polarity": "higher_is_better",
    "decimals": "1",
    "source": "Case management system",
    "frequency": "quarterly",
}


def test_an_editor_adds_a_local_indicator(client, harrow, editor):
    client.force_login(editor)
    response = client.post(url("indicator-add", harrow), VALID)
    assert response.status_code == 302
    assert response["Location"] == url("library", harrow)
    indicator = Indicator.objects.get(code="HAR-REV12")
    assert indicator.organisation == harrow
    assert indicator.is_local
    assert (indicator.unit, indicator.frequency, indicator.decimals) == ("percent", "quarterly", 1)
    assert indicator.history.get().history_user == editor


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "", "Enter a code"),
        ("code", "has spaces", "The code must start with a letter or number"),
        ("code", "X" * 41, "The code must be 40 characters or fewer"),
        ("title", "", "Enter a title"),
        ("title", "x" * 301, "The title must be 300 characters or fewer"),
        ("unit", "", "Select the unit"),
        ("unit", "furlongs", "Select a unit from the list"),
        ("polarity", "", "Select which way is better"),
        ("decimals", "5", "Decimal places must be from 0 to 4"),
        ("decimals", "", "Select the number of decimal places"),
        ("frequency", "", "Select how often it is reported"),
        ("source", "s" * 201, "The source must be 200 characters or fewer"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, harrow, editor, field, value, message):
    client.force_login(editor)
    errors = field_errors(client.post(url("indicator-add", harrow), {**VALID, field: value}))
    assert errors[field].startswith(message)
    assert not Indicator.objects.filter(organisation=harrow).exists()


def test_a_code_may_not_clash_with_a_national_indicator(client, harrow, editor):
    IndicatorFactory(code="ASCOF-1A")
    client.force_login(editor)
    errors = field_errors(client.post(url("indicator-add", harrow), {**VALID, "code": "ascof-1a"}))
    assert errors["code"] == "ASCOF-1A is the code of a national indicator: choose another code"


def test_a_code_must_be_unique_in_the_organisation(client, harrow, editor):
    IndicatorFactory(organisation=harrow, code="HAR-REV12")
    client.force_login(editor)
    errors = field_errors(client.post(url("indicator-add", harrow), VALID))
    assert errors["code"] == "Your organisation already has an indicator with the code HAR-REV12"


def test_another_organisation_may_use_the_same_code(client, harrow, herefordshire, editor):
    IndicatorFactory(organisation=herefordshire, code="HAR-REV12")
    client.force_login(editor)
    assert client.post(url("indicator-add", harrow), VALID).status_code == 302


def test_an_editor_changes_a_local_indicator_keeping_its_history(client, harrow, editor):
    indicator = IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Old title")
    client.force_login(editor)
    response = client.post(url("indicator-edit", harrow, indicator_id=indicator.pk), {**VALID, "title": "New title"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.title == "New title"
    latest, earlier = indicator.history.order_by("-history_date")[:2]
    assert (latest.title, latest.history_user) == ("New title", editor)
    assert earlier.title == "Old title"


def test_the_edit_form_shows_the_current_values(client, harrow, editor):
    indicator = IndicatorFactory(organisation=harrow, code="HAR-REV12", title="Reviews")
    client.force_login(editor)
    content = client.get(url("indicator-edit", harrow, indicator_id=indicator.pk)).content.decode()
    assert 'value="HAR-REV12"' in content
    assert 'value="Reviews"' in content


def test_a_national_indicator_cannot_be_edited(client, harrow, editor):
    national = IndicatorFactory(code="ASCOF-1A")
    client.force_login(editor)
    assert client.get(url("indicator-edit", harrow, indicator_id=national.pk)).status_code == 403
    assert client.post(url("indicator-edit", harrow, indicator_id=national.pk), VALID).status_code == 403


def test_another_organisations_indicator_is_a_404(client, harrow, herefordshire, editor):
    theirs = IndicatorFactory(organisation=herefordshire, code="HER-1")
    client.force_login(editor)
    assert client.get(url("indicator-edit", harrow, indicator_id=theirs.pk)).status_code == 404
    assert client.post(url("indicator-edit", harrow, indicator_id=theirs.pk), VALID).status_code == 404
    assert client.get(url("indicator-edit", harrow, indicator_id=999999)).status_code == 404


def test_a_viewer_may_not_add_or_change(client, harrow, viewer):
    indicator = IndicatorFactory(organisation=harrow, code="HAR-REV12")
    client.force_login(viewer)
    assert client.post(url("indicator-add", harrow), VALID).status_code == 403
    assert client.post(url("indicator-edit", harrow, indicator_id=indicator.pk), VALID).status_code == 403
    assert not Indicator.objects.filter(organisation=harrow).exclude(pk=indicator.pk).exists()
