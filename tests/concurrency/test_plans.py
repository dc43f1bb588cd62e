"""Improvement plans under two people at once: a decision, a request and an issued report happen once.

Each test sends two real requests in two threads against the database (file SQLite or
PostgreSQL), so they meet its own locking (tests/concurrency/together.py). The first request
holds its lock for a moment, so the second arrives while it works.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ascent.plans import committee as committees
from ascent.plans import extensions, planning
from ascent.plans.models import Action, CommitteeReport, ExtensionRequest, ExtensionStatus, ReportStatus
from tests.plans import front_door_plan

from .together import run_together

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = timezone.localdate()
DUE = TODAY + dt.timedelta(days=10)


def held(function, seconds: float = 0.3):
    """``function`` that holds on to what it took (its lock) for a moment before returning."""

    def hold(*args, **kwargs):
        result = function(*args, **kwargs)
        time.sleep(seconds)
        return result

    return hold


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def action(harrow, editor, contributor):
    plan = front_door_plan(harrow, editor)
    return planning.create_action(plan, by=editor, title="Publish a directory", owner=contributor, due_date=DUE)


def _address(name: str, action: Action, **kwargs) -> str:
    gss_code = action.plan.organisation.gss_code
    return reverse(
        f"plans:{name}", kwargs={"gss_code": gss_code, "plan_id": action.plan_id, "action_id": action.pk, **kwargs}
    )


def test_the_plan_owner_and_an_admin_deciding_the_same_request_at_once_decide_it_once(
    action, editor, admin_user, contributor, monkeypatch
):
    waiting = extensions.request_extension(
        action, by=contributor, to_date=DUE + dt.timedelta(days=30), reason="The supplier is late"
    )
    monkeypatch.setattr(extensions, "_lock_request", held(extensions._lock_request))
    address = _address("decide_extension", action, extension_id=waiting.pk)
    outcomes = run_together(
        lambda: signed_in(editor).post(address, {"decision": "approve", "note": ""}),
        lambda: signed_in(admin_user).post(address, {"decision": "approve", "note": ""}),
    )
    assert [outcome.error for outcome in outcomes] == [None, None]
    responses = [outcome.value for outcome in outcomes]
    assert sorted(response.status_code for response in responses) == [200, 302], "one decides, one is told"
    told = next(response for response in responses if response.status_code == 200)
    assert "The request has already been approved" in told.content.decode()
    action.refresh_from_db()
    # The date moved once, and the first date is kept.
    assert (action.due_date, action.original_due_date) == (DUE + dt.timedelta(days=30), DUE)
    waiting.refresh_from_db()
    assert waiting.status == ExtensionStatus.APPROVED
    assert action.history.filter(history_change_reason="Extension approved").count() == 1


def test_approving_while_the_requester_withdraws_leaves_one_outcome(action, editor, contributor, monkeypatch):
    waiting = extensions.request_extension(
        action, by=contributor, to_date=DUE + dt.timedelta(days=30), reason="The supplier is late"
    )
    monkeypatch.setattr(extensions, "_lock_request", held(extensions._lock_request))
    outcomes = run_together(
        lambda: signed_in(editor).post(
            _address("decide_extension", action, extension_id=waiting.pk), {"decision": "approve", "note": ""}
        ),
        lambda: signed_in(contributor).post(_address("withdraw_extension", action, extension_id=waiting.pk)),
    )
    assert [outcome.error for outcome in outcomes] == [None, None]
    waiting.refresh_from_db()
    action.refresh_from_db()
    if waiting.status == ExtensionStatus.APPROVED:
        assert action.due_date == DUE + dt.timedelta(days=30)
    else:
        assert waiting.status == ExtensionStatus.WITHDRAWN
        assert (action.due_date, action.original_due_date) == (DUE, DUE)


def test_two_requests_for_a_later_date_at_once_leave_one_waiting(action, editor, contributor, monkeypatch):
    monkeypatch.setattr(extensions, "_lock", held(extensions._lock))
    address = _address("request_extension", action)
    asked = {"to_date": f"1/3/{DUE.year + 1}", "reason": "The supplier is late"}
    outcomes = run_together(
        lambda: signed_in(editor).post(address, asked),
        lambda: signed_in(contributor).post(address, asked),
    )
    assert [outcome.error for outcome in outcomes] == [None, None]
    responses = [outcome.value for outcome in outcomes]
    assert sorted(response.status_code for response in responses) == [200, 302]
    told = next(response for response in responses if response.status_code == 200)
    assert "A request for a later date is already waiting for a decision" in told.content.decode()
    assert ExtensionRequest.objects.filter(action=action, status=ExtensionStatus.PENDING).count() == 1


def test_two_editors_issuing_the_same_report_at_once_issue_it_once(action, harrow, editor, admin_user, monkeypatch):
    scrutiny = committees.add_committee(
        harrow, by=editor, name="Health and Social Care Scrutiny Sub-Committee", kind="scrutiny"
    )
    report = committees.start_report(action.plan, by=editor, committee=scrutiny, meeting_on=TODAY)
    committees.change_report(
        report,
        by=editor,
        title=report.title,
        meeting_on=TODAY,
        summary="On track.",
        recommendations_to_committee="To note the progress.",
    )
    monkeypatch.setattr(committees, "content", held(committees.content))
    address = reverse(
        "plans:issue_committee_report",
        kwargs={"gss_code": harrow.gss_code, "plan_id": action.plan_id, "report_id": report.pk},
    )
    outcomes = run_together(
        lambda: signed_in(editor).post(address),
        lambda: signed_in(admin_user).post(address),
    )
    assert [outcome.error for outcome in outcomes] == [None, None]
    responses = [outcome.value for outcome in outcomes]
    assert sorted(response.status_code for response in responses) == [200, 302]
    told = next(response for response in responses if response.status_code == 200)
    assert "cannot change" in told.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED
    assert report.snapshot["plan"]["title"] == "Front door plan"
    issued = report.history.filter(history_change_reason="Committee report issued: its figures kept")
    assert issued.count() == 1
    assert CommitteeReport.objects.filter(plan=action.plan).count() == 1
