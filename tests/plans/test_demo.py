"""The demo improvement plans (ascent/plans/demo.py): they build, their facts hold, and again adds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ascent.plans import reminders
from ascent.plans.demo import FOLLOW_UP_SUMMARY, load_demo_plans
from ascent.plans.models import (
    Action,
    ActionStatus,
    CommitteeReport,
    ExtensionRequest,
    ExtensionStatus,
    FollowUp,
    FollowUpStatus,
    Plan,
    ProgressUpdate,
    ReportingSchedule,
    ReportStatus,
)
from ascent.plans.status import overdue_q, stale_q
from ascent.reviews.models import Response

pytestmark = pytest.mark.django_db

HARROW = "E09000015"
HEREFORDSHIRE = "E06000019"


@pytest.fixture
def loaded(db):
    from ascent.indicators.demo import load_demo_performance
    from ascent.organisations.demo import load_demo_people
    from ascent.organisations.reference import load_reference_data
    from ascent.reviews.demo import load_demo_reviews
    from tests.frameworks.factories import load_shipped

    load_reference_data()
    load_shipped()
    load_demo_people(password_factory=lambda: "demo-password")
    load_demo_performance()
    load_demo_reviews()
    return load_demo_plans()


def plan_of(gss_code: str) -> Plan:
    return Plan.objects.select_related("organisation", "owner", "review").get(organisation__gss_code=gss_code)


def by_reference(plan: Plan) -> dict[str, Action]:
    return {action.reference: action for action in plan.actions.all()}


def test_herefordshire_answers_each_of_its_34_recommendations_with_an_action(loaded):
    plan = plan_of(HEREFORDSHIRE)

    assert plan.owner.email == "dass@herefordshire.demo.ascent.invalid"
    assert plan.review.title == "Adult wellbeing peer challenge 2014"
    assert plan.themes.count() == 5
    recommendations = list(plan.review.recommendations.order_by("position"))
    assert len(recommendations) == 34
    for recommendation in recommendations:
        assert [action.plan_id for action in recommendation.plan_actions.all()] == [plan.pk]
    # Recommendation 31 was not accepted: its action says it will not be done, and why.
    refused = next(rec for rec in recommendations if rec.number == 31)
    assert refused.response == Response.NOT_ACCEPTED
    action = refused.plan_actions.get()
    assert action.status == ActionStatus.WILL_NOT_BE_DONE
    assert "did not accept" in action.status_reason


def test_herefordshires_actions_are_in_varied_states(loaded):
    plan = plan_of(HEREFORDSHIRE)
    actions = plan.actions.all()
    today = timezone.localdate()

    overdue = actions.filter(overdue_q(today))
    assert sorted(action.position for action in overdue) == [1, 12, 18, 26]
    assert overdue.get(position=1).status == ActionStatus.ON_TRACK  # reported on track, yet overdue
    assert sorted(action.position for action in actions.filter(stale_q(60, today))) == [8, 28]
    complete = actions.filter(status=ActionStatus.COMPLETE)
    assert complete.count() == 9
    with_evidence = complete.filter(evidence__isnull=False).distinct()
    assert with_evidence.count() == 8
    assert all(action.percent_complete == 100 and action.completed_on for action in complete)
    (no_evidence,) = complete.exclude(pk__in=with_evidence.values("pk"))
    assert no_evidence.no_evidence_reason
    assert actions.filter(status=ActionStatus.DONE_ANOTHER_WAY).count() == 1
    assert actions.filter(status=ActionStatus.NOT_STARTED).count() == 4
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == 2 * (34 - 4)
    latest = ProgressUpdate.objects.filter(action=overdue.get(position=12)).order_by("-on").first()
    assert (latest.status, latest.on) == (ActionStatus.OFF_TRACK, overdue.get(position=12).last_update_on)


def test_one_action_was_extended_and_keeps_its_original_date(loaded):
    plan = plan_of(HEREFORDSHIRE)
    moved = [action for action in plan.actions.all() if action.original_due_date != action.due_date]

    assert [action.position for action in moved] == [6]
    (action,) = moved
    assert action.original_due_date < timezone.localdate() < action.due_date
    extension = ExtensionRequest.objects.get(action=action)
    assert extension.status == ExtensionStatus.APPROVED
    assert (extension.from_date, extension.to_date) == (action.original_due_date, action.due_date)
    assert extension.decided_by == plan.owner
    pending = ExtensionRequest.objects.get(action__plan=plan, status=ExtensionStatus.PENDING)
    assert pending.action.position == 12
    assert pending.from_date == pending.action.due_date


def test_actions_are_linked_to_indicators_with_targets_and_baselines(loaded):
    plan = plan_of(HEREFORDSHIRE)

    link = by_reference(plan)["1.1"].indicator_links.select_related("indicator").get()

    assert link.indicator.code == "HER-ART-VOICEMAIL"
    assert (link.target, link.baseline_value) == (Decimal("10"), Decimal("25"))
    money = plan.actions.get(position=19).indicator_links.select_related("indicator").get()
    assert (money.indicator.code, money.baseline_value) == ("HER-DP-CLAWBACK", Decimal("929000"))


def test_herefordshires_follow_up_was_held_and_the_plan_goes_to_scrutiny(loaded):
    plan = plan_of(HEREFORDSHIRE)

    follow_up = FollowUp.objects.get(review=plan.review)
    assert follow_up.status == FollowUpStatus.HELD
    assert follow_up.held_on == timezone.localdate() - dt.timedelta(days=7)
    assert follow_up.summary == FOLLOW_UP_SUMMARY
    assert len(follow_up.snapshot["recommendations"]) == 34
    schedule = ReportingSchedule.objects.select_related("committee").get(plan=plan)
    assert schedule.committee.name == "Adults and Wellbeing Scrutiny Committee"
    assert schedule.frequency == "quarterly"
    assert schedule.next_meeting_on > timezone.localdate()


def test_harrow_answers_its_ten_recommendations(loaded):
    plan = plan_of(HARROW)
    actions = by_reference(plan)

    assert plan.review.title == "TEASC risk awareness assurance review 2016"
    assert len(actions) == 10
    assert all(rec.plan_actions.count() == 1 for rec in plan.review.recommendations.all())
    today = timezone.localdate()
    assert sorted(action.reference for action in plan.actions.filter(overdue_q(today))) == ["2.4", "2.8"]
    extended = actions["1.3"]
    assert extended.original_due_date < extended.due_date
    assert ExtensionRequest.objects.get(action=extended).status == ExtensionStatus.APPROVED
    # Actions carry the framework elements of the recommendation they answer.
    assert any(action.elements.exists() for action in actions.values())


def test_owners_with_accounts_get_a_reminder_digest_from_the_demo(loaded):
    outcome = reminders.plan_digests()

    digests = {digest.user.email: digest for digest in outcome.sent}
    editor = digests["editor@herefordshire.demo.ascent.invalid"]
    assert [action.reference for action in editor.overdue] == ["1.1", "2.18"]
    assert "editor@harrow.demo.ascent.invalid" in digests


def test_loading_again_adds_nothing(loaded):
    counts = (Plan.objects.count(), Action.objects.count(), FollowUp.objects.count(), ProgressUpdate.objects.count())

    summary = load_demo_plans()

    assert summary == (
        "Herefordshire: Adult wellbeing improvement plan (34 actions; already there); "
        "Harrow: Adult social care assurance action plan (10 actions; already there)"
    )
    assert counts == (
        Plan.objects.count(),
        Action.objects.count(),
        FollowUp.objects.count(),
        ProgressUpdate.objects.count(),
    )


def test_last_quarters_report_to_scrutiny_was_issued(loaded):
    plan = plan_of(HEREFORDSHIRE)
    report = CommitteeReport.objects.get(plan=plan, status=ReportStatus.ISSUED)
    assert report.meeting_on == timezone.localdate() - dt.timedelta(days=56)
    assert report.snapshot is not None
    assert report.committee.name == "Adults and Wellbeing Scrutiny Committee"
    # Issuing a past meeting's report leaves the next meeting where it was.
    assert ReportingSchedule.objects.get(plan=plan).next_meeting_on == timezone.localdate() + dt.timedelta(days=35)
