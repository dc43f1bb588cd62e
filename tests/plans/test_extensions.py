"""Asking for a later date and deciding (ascent/plans/extensions.py, ascent/plans/views/extensions.py).

The world: Harrow's plan, owned by the editor, with action 1.1 due 31 December 2026 (its first
date). The contributor keeps the action moving; the editor, as the plan's owner, decides.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ascent.plans import extensions, progress
from ascent.plans.models import Action, ActionStatus, ExtensionRequest, ExtensionStatus, Plan

pytestmark = pytest.mark.django_db

FIRST_DUE = dt.date(2026, 12, 31)


@pytest.fixture
def plan(harrow, editor):
    return Plan.objects.create(
        organisation=harrow,
        title="Harrow improvement plan",
        owner=editor,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
    )


@pytest.fixture
def action(plan):
    return Action.objects.create(
        plan=plan,
        reference="1.1",
        title="Publish a directory of community support",
        status=ActionStatus.ON_TRACK,
        due_date=FIRST_DUE,
        original_due_date=FIRST_DUE,
    )


def ask(action, by, to_date=dt.date(2027, 3, 31), reason="The supplier is late"):
    return extensions.request_extension(action, by=by, to_date=to_date, reason=reason)


def test_asking_records_the_dates_who_and_why(action, contributor):
    made = ask(action, contributor)
    assert (made.from_date, made.to_date, made.status) == (FIRST_DUE, dt.date(2027, 3, 31), ExtensionStatus.PENDING)
    assert made.requested_by == contributor
    assert made.history.latest().history_user == contributor
    action.refresh_from_db()
    assert action.due_date == FIRST_DUE  # nothing moves until it is approved


def test_the_new_date_must_be_later(action, contributor):
    for day in (FIRST_DUE, FIRST_DUE - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as caught:
            ask(action, contributor, to_date=day)
        assert caught.value.message_dict == {
            "to_date": ["The new date must be later than the due date, 31 December 2026"]
        }


def test_a_reason_is_needed(action, contributor):
    with pytest.raises(ValidationError) as caught:
        ask(action, contributor, reason="  ")
    assert caught.value.message_dict == {"reason": ["Say why the action needs a later date"]}


def test_one_request_waits_at_a_time(action, contributor):
    ask(action, contributor)
    with pytest.raises(ValidationError) as caught:
        ask(action, contributor, to_date=dt.date(2027, 6, 30))
    assert "already waiting" in caught.value.messages[0]


def test_the_database_holds_one_waiting_request_too(action, contributor):
    ask(action, contributor)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExtensionRequest.objects.create(action=action, to_date=dt.date(2027, 6, 30), reason="Again")


def test_an_action_without_a_date_or_closed_asks_for_none(action, contributor):
    Action.objects.filter(pk=action.pk).update(due_date=None, original_due_date=None)
    action.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        ask(action, contributor)
    assert "no due date yet" in caught.value.message_dict["to_date"][0]
    Action.objects.filter(pk=action.pk).update(due_date=FIRST_DUE, status=ActionStatus.COMPLETE)
    action.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        ask(action, contributor)
    assert "closed" in caught.value.messages[0]


def test_approving_moves_the_date_and_keeps_the_original(action, contributor, editor):
    request = ask(action, contributor)
    extensions.decide_extension(request, by=editor, approve=True)
    action.refresh_from_db()
    assert (action.due_date, action.original_due_date) == (dt.date(2027, 3, 31), FIRST_DUE)
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (ExtensionStatus.APPROVED, editor)
    assert request.decided_at is not None
    assert action.history.latest().history_user == editor
    # A second extension moves it again; the first date stays the original.
    second = ask(action, contributor, to_date=dt.date(2027, 6, 30))
    assert second.from_date == dt.date(2027, 3, 31)
    extensions.decide_extension(second, by=editor, approve=True)
    action.refresh_from_db()
    assert (action.due_date, action.original_due_date) == (dt.date(2027, 6, 30), FIRST_DUE)
    assert progress.due_text(action) == "30 June 2027 (originally 31 December 2026)"


def test_an_action_whose_first_date_was_never_kept_keeps_it_now(action, contributor, editor):
    Action.objects.filter(pk=action.pk).update(original_due_date=None)
    action.refresh_from_db()
    extensions.decide_extension(ask(action, contributor), by=editor, approve=True)
    action.refresh_from_db()
    assert action.original_due_date == FIRST_DUE


def test_refusing_needs_a_note_and_leaves_the_date(action, contributor, editor):
    request = ask(action, contributor)
    with pytest.raises(ValidationError) as caught:
        extensions.decide_extension(request, by=editor, approve=False)
    assert caught.value.message_dict == {"note": ["Say why the request is refused"]}
    extensions.decide_extension(request, by=editor, approve=False, note="Finish by the year end")
    action.refresh_from_db()
    request.refresh_from_db()
    assert action.due_date == FIRST_DUE
    assert (request.status, request.decision_note) == (ExtensionStatus.REFUSED, "Finish by the year end")


def test_a_decided_request_cannot_be_decided_or_withdrawn_again(action, contributor, editor):
    request = ask(action, contributor)
    extensions.decide_extension(request, by=editor, approve=True)
    with pytest.raises(ValidationError) as caught:
        extensions.decide_extension(request, by=editor, approve=False, note="Changed my mind")
    assert caught.value.messages == ["The request has already been approved"]
    with pytest.raises(ValidationError):
        extensions.withdraw_extension(request, by=contributor)


def test_withdrawing_lets_a_new_request_be_made(action, contributor):
    request = ask(action, contributor)
    extensions.withdraw_extension(request, by=contributor)
    request.refresh_from_db()
    assert request.status == ExtensionStatus.WITHDRAWN
    assert ask(action, contributor, to_date=dt.date(2027, 2, 28)).status == ExtensionStatus.PENDING


# ----- pages ----------------------------------------------------------------------------------------


def _url(action, name, **extra):
    return reverse(name, kwargs={"gss_code": "E09000015", "plan_id": action.plan_id, "action_id": action.pk, **extra})


def test_a_contributor_asks_and_the_plans_owner_approves(client, contributor, editor, action):
    client.force_login(contributor)
    response = client.post(
        _url(action, "plans:request_extension"), {"to_date": "31/3/2027", "reason": "The supplier is late"}
    )
    assert response.status_code == 302
    request = ExtensionRequest.objects.get()
    # The contributor may not decide.
    assert client.get(_url(action, "plans:decide_extension", extension_id=request.pk)).status_code == 403
    client.force_login(editor)
    response = client.post(_url(action, "plans:decide_extension", extension_id=request.pk), {"decision": "approve"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.due_date, action.original_due_date) == (dt.date(2027, 3, 31), FIRST_DUE)
    page = BeautifulSoup(client.get(_url(action, "plans:action")).content, "html.parser")
    assert page.select_one("[data-due]").get_text(" ", strip=True) == "31 March 2027 (originally 31 December 2026)"
    row = page.select_one(f"[data-extension='{request.pk}']")
    assert row["data-extension-status"] == "approved"
    assert "31 December 2026 to 31 March 2027" in row.get_text(" ", strip=True)


def test_an_admin_decides_though_not_the_plans_owner(client, contributor, admin_user, action):
    request = ask(action, contributor)
    client.force_login(admin_user)
    response = client.post(
        _url(action, "plans:decide_extension", extension_id=request.pk), {"decision": "refuse", "note": "Not now"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ExtensionStatus.REFUSED


def test_refusing_without_a_note_is_named_on_the_form(client, contributor, editor, action):
    request = ask(action, contributor)
    client.force_login(editor)
    response = client.post(_url(action, "plans:decide_extension", extension_id=request.pk), {"decision": "refuse"})
    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    assert "Say why the request is refused" in summary.get_text(" ", strip=True)


def test_an_earlier_date_is_named_on_the_form(client, contributor, action):
    client.force_login(contributor)
    response = client.post(_url(action, "plans:request_extension"), {"to_date": "1/12/2026", "reason": "Sooner"})
    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    assert "The new date must be later than the due date, 31 December 2026" in summary.get_text(" ", strip=True)
    assert not ExtensionRequest.objects.exists()


def test_the_list_shows_the_councils_waiting_requests(
    client, contributor, editor, viewer, plan, action, django_assert_num_queries
):
    ask(action, contributor)
    client.force_login(viewer)
    url = reverse("plans:extensions", kwargs={"gss_code": "E09000015"})
    client.get(url)
    with django_assert_num_queries(10) as first:
        page = BeautifulSoup(client.get(url).content, "html.parser")
    rows = page.select("[data-waiting] tbody tr")
    assert len(rows) == 1 and "Publish a directory" in rows[0].get_text()
    assert "Decide" not in rows[0].get_text()  # a viewer does not decide
    for number in range(2, 6):
        other = Action.objects.create(plan=plan, reference=f"1.{number}", title=f"Action {number}", due_date=FIRST_DUE)
        extensions.decide_extension(ask(other, contributor), by=editor, approve=number % 2 == 0, note="Noted")
        ask(other, contributor, to_date=dt.date(2027, 9, 30))
    with django_assert_num_queries(len(first.captured_queries)):
        page = BeautifulSoup(client.get(url).content, "html.parser")
    assert len(page.select("[data-waiting] tbody tr")) == 5
    assert len(page.select("[data-decided] tbody tr")) == 4


def test_a_request_overtaken_by_a_later_date_cannot_be_approved(action, contributor, editor):
    request = ask(action, contributor, to_date=dt.date(2027, 2, 28))
    Action.objects.filter(pk=action.pk).update(due_date=dt.date(2027, 3, 31))
    with pytest.raises(ValidationError) as caught:
        extensions.decide_extension(request, by=editor, approve=True)
    assert caught.value.messages == ["The action is already due 31 March 2027: refuse the request instead"]
