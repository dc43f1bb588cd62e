"""Keeping an action moving (ascent/plans/progress.py, ascent/plans/views/progress.py).

The world: Harrow's plan (owned by the editor) with action 1.1, on track, due in 30 days,
and an indicator of Harrow's (higher is better, a per cent) with values for 2024-25 and 2025-26.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ascent.core.fields import PeriodColumns
from ascent.core.periods import parse_period
from ascent.evidence.models import EvidenceFile
from ascent.indicators.models import Indicator, Observation, Unit
from ascent.plans import progress
from ascent.plans.models import (
    Action,
    ActionEvidence,
    ActionIndicator,
    ActionStatus,
    ExtensionRequest,
    Milestone,
    Plan,
    ProgressUpdate,
)
from ascent.reviews.models import Recommendation, Response, Review, Stage

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def evidence_file(organisation, title="Directory launch report"):
    return EvidenceFile.objects.create(
        organisation=organisation,
        title=title,
        kind="outcomes",
        evidence_date=TODAY,
        file=f"evidence/{title.lower().replace(' ', '-')}.pdf",
        original_name=f"{title}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )


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
    due = TODAY + dt.timedelta(days=30)
    return Action.objects.create(
        plan=plan,
        reference="1.1",
        title="Publish a directory of community support",
        status=ActionStatus.ON_TRACK,
        due_date=due,
        original_due_date=due,
    )


@pytest.fixture
def indicator(harrow):
    made = Indicator.objects.create(
        organisation=harrow, code="H-REAB", title="Reablement", unit=Unit.PERCENT, polarity="higher_is_better"
    )
    for period, value in (("2024-25", "60"), ("2025-26", "70")):
        Observation.objects.create(
            organisation=harrow,
            indicator=made,
            value=Decimal(value),
            **PeriodColumns.period_values(parse_period(period)),
        )
    return made


def update(action, by, **fields):
    values = {"on": TODAY, "text": "Drafted the directory", **fields}
    return progress.add_update(action, by=by, **values)


# ----- progress updates ------------------------------------------------------------------------


def test_an_update_moves_the_actions_status_percent_and_rag(action, contributor):
    made = update(action, contributor, status=ActionStatus.AT_RISK, percent_complete=40, rag="amber")
    action.refresh_from_db()
    assert (action.status, action.percent_complete, action.rag) == (ActionStatus.AT_RISK, 40, "amber")
    assert action.last_update_on == TODAY
    assert (made.author, made.status, made.percent_complete, made.rag) == (contributor, "at-risk", 40, "amber")
    assert action.history.latest().history_user == contributor


def test_an_earlier_update_leaves_the_last_update_date_alone(action, contributor):
    update(action, contributor)
    update(action, contributor, on=TODAY - dt.timedelta(days=20), text="Backdated note")
    action.refresh_from_db()
    assert action.last_update_on == TODAY


def test_an_update_cannot_be_dated_in_the_future(action, contributor):
    with pytest.raises(ValidationError) as caught:
        update(action, contributor, on=TODAY + dt.timedelta(days=1))
    assert caught.value.message_dict == {"on": ["The date of the update must be today or earlier"]}


def test_an_update_needs_its_text(action, contributor):
    with pytest.raises(ValidationError) as caught:
        update(action, contributor, text="   ")
    assert caught.value.message_dict == {"text": ["Write what has happened since the last update"]}
    assert not ProgressUpdate.objects.exists()


def test_an_update_cannot_mark_complete_without_evidence(action, contributor):
    with pytest.raises(ValidationError) as caught:
        update(action, contributor, status=ActionStatus.COMPLETE)
    assert "Add evidence of completion" in caught.value.message_dict["status"][0]
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK
    assert not ProgressUpdate.objects.exists()


def test_an_update_marks_complete_once_there_is_evidence(action, contributor):
    progress.add_evidence(action, by=contributor, url="https://harrow.example/directory", title="The directory")
    update(action, contributor, status=ActionStatus.COMPLETE, percent_complete=80)
    action.refresh_from_db()
    assert (action.status, action.percent_complete, action.completed_on) == (ActionStatus.COMPLETE, 100, TODAY)


def test_an_update_saying_it_will_not_be_done_is_the_reason(action, contributor):
    update(action, contributor, status=ActionStatus.WILL_NOT_BE_DONE, text="The service was recommissioned")
    action.refresh_from_db()
    assert action.status == ActionStatus.WILL_NOT_BE_DONE
    assert action.status_reason == "The service was recommissioned"


def test_a_closed_action_takes_notes_but_no_new_status(action, contributor):
    progress.close_action(action, by=contributor, status=ActionStatus.DONE_ANOTHER_WAY, reason="Folded into 2.1")
    update(action, contributor, text="A note after closing")
    with pytest.raises(ValidationError) as caught:
        update(action, contributor, status=ActionStatus.ON_TRACK)
    assert "reopen it before changing its status" in caught.value.message_dict["status"][0]


def test_a_superseded_action_takes_no_update(action, plan, contributor):
    successor = Action.objects.create(plan=plan, title="Successor")
    Action.objects.filter(pk=action.pk).update(superseded_by=successor)
    action.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        update(action, contributor)
    assert "moved elsewhere" in caught.value.messages[0]


# ----- closing and reopening -------------------------------------------------------------------


def test_closing_as_complete_needs_evidence_or_a_reason(action, contributor):
    with pytest.raises(ValidationError) as caught:
        progress.close_action(action, by=contributor, status=ActionStatus.COMPLETE)
    assert caught.value.message_dict == {
        "no_evidence_reason": ["Add evidence of completion to the action, or say why there is no evidence"]
    }
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK and action.completed_on is None


def test_closing_as_complete_with_a_recorded_reason_for_no_evidence(action, contributor):
    progress.close_action(
        action, by=contributor, status=ActionStatus.COMPLETE, no_evidence_reason="Verbal sign-off at the board"
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETE
    assert (action.percent_complete, action.completed_on) == (100, TODAY)
    assert action.no_evidence_reason == "Verbal sign-off at the board"
    closing = action.updates.get()
    assert closing.text == "Closed as complete. Verbal sign-off at the board"
    assert closing.author == contributor


def test_closing_as_complete_with_evidence(action, contributor, harrow):
    progress.add_evidence(action, by=contributor, evidence=evidence_file(harrow))
    progress.close_action(action, by=contributor, status=ActionStatus.COMPLETE, on=TODAY - dt.timedelta(days=2))
    action.refresh_from_db()
    assert action.completed_on == TODAY - dt.timedelta(days=2)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (ActionStatus.WILL_NOT_BE_DONE, "Say why the action will not be done"),
        (ActionStatus.DONE_ANOTHER_WAY, "Say how the action was done another way"),
    ],
)
def test_closing_without_doing_it_needs_a_reason(action, contributor, status, message):
    with pytest.raises(ValidationError) as caught:
        progress.close_action(action, by=contributor, status=status)
    assert caught.value.message_dict == {"reason": [message]}


def test_an_open_status_does_not_close(action, contributor):
    with pytest.raises(ValidationError) as caught:
        progress.close_action(action, by=contributor, status=ActionStatus.ON_TRACK)
    assert "status" in caught.value.message_dict


def test_a_closed_action_cannot_close_again(action, contributor):
    progress.close_action(action, by=contributor, status=ActionStatus.WILL_NOT_BE_DONE, reason="No longer needed")
    with pytest.raises(ValidationError) as caught:
        progress.close_action(action, by=contributor, status=ActionStatus.WILL_NOT_BE_DONE, reason="Again")
    assert caught.value.message_dict == {"status": ["The action is already closed (will not be done)"]}


def test_reopening_clears_the_closing(action, contributor):
    progress.close_action(action, by=contributor, status=ActionStatus.COMPLETE, no_evidence_reason="Signed off")
    progress.reopen_action(action, by=contributor, status=ActionStatus.AT_RISK, reason="The board asked for more")
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    assert action.completed_on is None and action.no_evidence_reason == ""
    assert action.updates.order_by("-pk").first().text == "Reopened. The board asked for more"


def test_reopening_needs_a_reason_and_a_closed_action(action, contributor):
    with pytest.raises(ValidationError) as caught:
        progress.reopen_action(action, by=contributor, status=ActionStatus.ON_TRACK, reason="Why")
    assert caught.value.message_dict == {"status": ["The action is not closed"]}
    progress.close_action(action, by=contributor, status=ActionStatus.WILL_NOT_BE_DONE, reason="No longer needed")
    with pytest.raises(ValidationError) as caught:
        progress.reopen_action(action, by=contributor, status=ActionStatus.ON_TRACK, reason="")
    assert caught.value.message_dict == {"reason": ["Say why the action is reopened"]}


# ----- milestones ------------------------------------------------------------------------------


def test_milestones_are_added_marked_done_and_removed(action, contributor):
    milestone = progress.add_milestone(action, by=contributor, title="Draft agreed", due_date=TODAY)
    progress.change_milestone(milestone, by=contributor, title="Draft agreed", due_date=TODAY, done_on=TODAY)
    milestone.refresh_from_db()
    assert milestone.done_on == TODAY
    assert milestone.history.latest().history_user == contributor
    progress.remove_milestone(milestone, by=contributor)
    assert not Milestone.objects.exists()


def test_a_milestone_needs_a_title_and_cannot_be_done_tomorrow(action, contributor):
    with pytest.raises(ValidationError) as caught:
        progress.add_milestone(action, by=contributor, title=" ")
    assert caught.value.message_dict == {"title": ["Enter what the milestone is"]}
    with pytest.raises(ValidationError) as caught:
        progress.add_milestone(action, by=contributor, title="Done", done_on=TODAY + dt.timedelta(days=1))
    assert caught.value.message_dict == {"done_on": ["The day it was done must be today or earlier"]}


# ----- evidence ----------------------------------------------------------------------------------


def test_evidence_is_a_file_or_a_titled_link(action, contributor, harrow):
    with pytest.raises(ValidationError) as caught:
        progress.add_evidence(action, by=contributor)
    assert caught.value.message_dict == {"evidence": ["Choose an evidence file, or give a link"]}
    with pytest.raises(ValidationError) as caught:
        progress.add_evidence(action, by=contributor, url="https://harrow.example/x")
    assert caught.value.message_dict == {"title": ["Enter a title for the link, saying what it shows"]}
    with pytest.raises(ValidationError) as caught:
        progress.add_evidence(action, by=contributor, url="harrow.example/x", title="X")
    assert caught.value.message_dict == {"url": ["Enter the link in full, starting https://"]}
    item = progress.add_evidence(action, by=contributor, evidence=evidence_file(harrow))
    assert item.added_by == contributor


def test_another_councils_file_is_refused(action, contributor, herefordshire):
    with pytest.raises(ValidationError) as caught:
        progress.add_evidence(action, by=contributor, evidence=evidence_file(herefordshire))
    assert caught.value.message_dict == {"evidence": ["Choose one of the council's evidence files"]}


def test_the_same_file_is_not_added_twice(action, contributor, harrow):
    chosen = evidence_file(harrow)
    progress.add_evidence(action, by=contributor, evidence=chosen)
    with pytest.raises(ValidationError):
        progress.add_evidence(action, by=contributor, evidence=chosen)


def test_a_complete_action_keeps_its_only_evidence(action, contributor):
    item = progress.add_evidence(action, by=contributor, url="https://harrow.example/d", title="Directory")
    progress.close_action(action, by=contributor, status=ActionStatus.COMPLETE)
    with pytest.raises(ValidationError) as caught:
        progress.remove_evidence(item, by=contributor)
    assert "only evidence" in caught.value.messages[0]
    assert ActionEvidence.objects.filter(pk=item.pk).exists()


# ----- indicators ------------------------------------------------------------------------------


def test_linking_an_indicator_keeps_the_latest_value_as_its_baseline(action, editor, indicator):
    link = progress.link_indicator(action, indicator, by=editor, target=Decimal("85"), target_period_code="2027/28")
    assert (link.baseline_value, link.baseline_period_code) == (Decimal("70"), "2025-26")
    assert link.target_period_code == "2027-28"
    Observation.objects.filter(indicator=indicator).update(value=Decimal("1"))
    link.refresh_from_db()
    assert link.baseline_value == Decimal("70")


def test_an_indicator_is_linked_once_and_a_period_must_read(action, editor, indicator):
    with pytest.raises(ValidationError) as caught:
        progress.link_indicator(action, indicator, by=editor, target_period_code="sometime")
    assert "target_period_code" in caught.value.message_dict
    progress.link_indicator(action, indicator, by=editor)
    with pytest.raises(ValidationError) as caught:
        progress.link_indicator(action, indicator, by=editor)
    assert caught.value.message_dict == {"indicator": ["H-REAB is already linked to this action"]}
    assert list(progress.indicator_choices(action)) == []


def test_another_councils_indicator_is_refused(action, editor, herefordshire):
    theirs = Indicator.objects.create(
        organisation=herefordshire, code="HF-1", title="Theirs", unit=Unit.PERCENT, polarity="higher_is_better"
    )
    with pytest.raises(ValidationError):
        progress.link_indicator(action, theirs, by=editor)


@pytest.mark.parametrize(
    ("polarity", "baseline", "latest", "target", "words"),
    [
        ("higher_is_better", "60", "70", "80", "50% of the way to the target"),
        ("higher_is_better", "60", "80", "80", "Target met"),
        ("higher_is_better", "60", "50", "80", "Moved away from the target"),
        ("lower_is_better", "40", "35", "30", "50% of the way to the target"),
        ("lower_is_better", "40", "29", "30", "Target met"),
        ("higher_is_better", None, "70", "80", ""),
        ("higher_is_better", "60", None, "80", ""),
        ("higher_is_better", "60", "70", None, ""),
    ],
)
def test_towards_the_target(polarity, baseline, latest, target, words):
    def number(text):
        return None if text is None else Decimal(text)

    assert progress.towards_target(polarity, number(baseline), number(latest), number(target)) == words


# ----- the page ----------------------------------------------------------------------------------


def _url(action, name="plans:action", **extra):
    return reverse(name, kwargs={"gss_code": "E09000015", "plan_id": action.plan_id, "action_id": action.pk, **extra})


def _fill(action, contributor, editor, indicator, harrow, n: int = 1):
    for number in range(n):
        update(action, contributor, text=f"Update {number}", on=TODAY - dt.timedelta(days=number + 1))
        progress.add_milestone(action, by=contributor, title=f"Milestone {number}")
        progress.add_evidence(action, by=contributor, evidence=evidence_file(harrow, f"File {number}"))
        ExtensionRequest.objects.create(
            action=action,
            requested_by=contributor,
            decided_by=editor,
            from_date=action.due_date,
            to_date=action.due_date + dt.timedelta(days=number + 1),
            reason=f"Reason {number}",
            status="refused",
            decision_note="No",
        )
    if n > 1:
        second = Indicator.objects.create(
            organisation=harrow, code="H-TWO", title="Second", unit=Unit.PERCENT, polarity="lower_is_better"
        )
        progress.link_indicator(action, second, by=editor)
    else:
        progress.link_indicator(action, indicator, by=editor, target=Decimal("80"))


def test_the_page_shows_the_facts_and_the_original_date(client, viewer, action, plan):
    review = Review.objects.create(organisation=plan.organisation, title="Harrow peer challenge", stage=Stage.PUBLISHED)
    recommendation = Recommendation.objects.create(
        review=review, number=4, text="Simplify the front door.", response=Response.ACCEPTED
    )
    action.recommendations.add(recommendation)
    Action.objects.filter(pk=action.pk).update(
        due_date=dt.date(2027, 3, 31), original_due_date=dt.date(2026, 12, 31), owner_name="Head of Access"
    )
    client.force_login(viewer)
    page = BeautifulSoup(client.get(_url(action)).content, "html.parser")
    facts = page.select_one("[data-facts]")
    assert facts.select_one("[data-due]").get_text(" ", strip=True) == "31 March 2027 (originally 31 December 2026)"
    assert facts.select_one("[data-owner]").get_text(strip=True) == "Head of Access"
    link = facts.select_one("[data-recommendations] a")
    assert link.get_text(strip=True) == "Recommendation 4"
    assert link["href"].endswith(f"/reviews/{review.pk}/recommendations/#recommendation-{recommendation.uid}")
    # A viewer reads, and is offered no change.
    assert page.select_one("[data-buttons]") is None
    assert "Add a milestone" not in page.get_text()


def test_the_page_lists_updates_newest_first_with_what_they_reported(
    client, contributor, editor, action, indicator, harrow
):
    update(action, contributor, text="First", on=TODAY - dt.timedelta(days=5), status="at-risk", rag="amber")
    update(action, contributor, text="Second", percent_complete=30)
    progress.link_indicator(action, indicator, by=editor, target=Decimal("80"))
    client.force_login(contributor)
    page = BeautifulSoup(client.get(_url(action)).content, "html.parser")
    rows = page.select("[data-updates] tbody tr")
    assert [row.select("td")[1].get_text(strip=True) for row in rows] == ["Second", "First"]
    assert rows[1].select("td")[2].get_text(" ", strip=True) == "At risk, RAG amber"
    row = page.select_one("[data-indicator='H-REAB']")
    assert row.select_one("[data-baseline]").get_text(" ", strip=True).startswith("70")
    assert row.select_one("[data-target]").get_text(" ", strip=True).startswith("80")
    assert page.select_one("[data-buttons]") is not None


def test_the_page_tags_an_overdue_action(client, viewer, action):
    Action.objects.filter(pk=action.pk).update(due_date=TODAY - dt.timedelta(days=1))
    client.force_login(viewer)
    page = BeautifulSoup(client.get(_url(action)).content, "html.parser")
    assert page.select_one("[data-overdue]").get_text(strip=True) == "Overdue"


def test_the_page_shows_the_assurance_checks_challenge_to_the_action(client, viewer, action):
    # Reported on track, but past its date: the plans check flags it on the action's own page.
    Action.objects.filter(pk=action.pk).update(due_date=TODAY - dt.timedelta(days=1))
    client.force_login(viewer)
    page = BeautifulSoup(client.get(_url(action)).content, "html.parser")
    warning = page.select_one("[data-action-flags]").get_text(" ", strip=True)
    assert "The assurance checks challenge this action (1 flag)" in warning


def test_the_page_pins_its_queries(client, contributor, editor, action, indicator, harrow, django_assert_num_queries):
    _fill(action, contributor, editor, indicator, harrow)
    client.force_login(contributor)
    client.get(_url(action))  # warm the session
    # 21 for the page and 3 for the assurance checks of the action (ascent.plans.flags).
    with django_assert_num_queries(24) as first:
        assert client.get(_url(action)).status_code == 200
    _fill(action, contributor, editor, indicator, harrow, n=4)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(_url(action)).status_code == 200


def test_a_contributor_posts_an_update(client, contributor, action):
    client.force_login(contributor)
    response = client.post(
        _url(action, "plans:add_update"),
        {"on": f"{TODAY.day}/{TODAY.month}/{TODAY.year}", "text": "Agreed the content", "status": "at-risk"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK and action.last_update_on == TODAY


def test_closing_without_evidence_shows_the_reason_on_the_form(client, contributor, action):
    client.force_login(contributor)
    response = client.post(
        _url(action, "plans:close_action"), {"status": "complete", "on": f"{TODAY.day}/{TODAY.month}/{TODAY.year}"}
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Add evidence of completion to the action, or say why there is no evidence" in summary
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK


def test_an_editor_links_an_indicator_with_a_target(client, editor, action, indicator):
    client.force_login(editor)
    response = client.post(
        _url(action, "plans:link_indicator"), {"indicator": indicator.pk, "target": "85", "target_period_code": ""}
    )
    assert response.status_code == 302
    link = ActionIndicator.objects.get(action=action)
    assert (link.target, link.baseline_value) == (Decimal("85"), Decimal("70"))


def test_a_contributor_cannot_link_indicators(client, contributor, action):
    client.force_login(contributor)
    assert client.get(_url(action, "plans:link_indicator")).status_code == 403


def test_the_actions_owner_may_update_it_whatever_their_role(client, viewer, action):
    Action.objects.filter(pk=action.pk).update(owner=viewer)
    client.force_login(viewer)
    assert client.get(_url(action, "plans:add_update")).status_code == 200


def test_herefordshire_never_reaches_harrows_action(client, outsider, action):
    client.force_login(outsider)
    assert client.get(_url(action)).status_code == 404
    assert client.get(_url(action, "plans:add_update")).status_code == 404


def test_the_page_shows_where_superseded_work_went_both_ways(client, viewer, action, plan, harrow):
    later = Plan.objects.create(
        organisation=harrow, title="Harrow plan 2027-28", starts_on=dt.date(2027, 4, 1), ends_on=dt.date(2028, 3, 31)
    )
    successor = Action.objects.create(plan=later, reference="A1", title="Run the directory")
    Action.objects.filter(pk=action.pk).update(
        superseded_by=successor, superseded_on=dt.date(2026, 11, 2), supersession_note="Merged into the new plan"
    )
    client.force_login(viewer)
    page = BeautifulSoup(client.get(_url(action)).content, "html.parser")
    moved = page.select_one("[data-superseded-by]")
    assert moved.get_text(" ", strip=True) == (
        "The work of this action moved to A1 Run the directory of Harrow plan 2027-28 on 2 November 2026. "
        "Merged into the new plan"
    )
    assert moved.a["href"] == _url(successor)
    assert page.select_one("[data-buttons]") is None
    page = BeautifulSoup(client.get(_url(successor)).content, "html.parser")
    took = page.select_one("[data-supersedes]")
    assert "1.1 Publish a directory of community support" in took.get_text(" ", strip=True)
    assert took.a["href"] == _url(action)


def test_marking_a_milestone_done_starts_from_today(client, contributor, action):
    milestone = progress.add_milestone(action, by=contributor, title="Draft agreed")
    client.force_login(contributor)
    response = client.get(_url(action, "plans:edit_milestone", milestone_id=milestone.pk) + "?done=1")
    field = BeautifulSoup(response.content, "html.parser").select_one("#id_done_on")
    assert field["value"] == f"{TODAY.day}/{TODAY.month}/{TODAY.year}"


def test_a_closed_actions_update_form_offers_only_its_status(client, contributor, action):
    progress.close_action(action, by=contributor, status=ActionStatus.WILL_NOT_BE_DONE, reason="Recommissioned")
    client.force_login(contributor)
    page = BeautifulSoup(client.get(_url(action, "plans:add_update")).content, "html.parser")
    assert [item["value"] for item in page.select("input[name=status]")] == ["will-not-be-done"]
    page = BeautifulSoup(client.get(_url(action)).content, "html.parser")
    assert page.select_one("[data-status-reason]").get_text(strip=True) == "Recommissioned"
    assert "Reopen the action" in page.select_one("[data-buttons]").get_text()
