"""Flags of a council's actions gathered from the database (ascent/plans/flags.py).

The world: Harrow's plan (answering its published peer challenge) has one action for each
check, an action that raises nothing, and actions the checks leave alone (superseded, will
not be done, in a plan superseded as a whole). Herefordshire has a plan of its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from ascent.assurance import registry
from ascent.core.fields import PeriodColumns
from ascent.core.periods import parse_period
from ascent.indicators.models import Indicator, Observation, Unit
from ascent.plans import flags
from ascent.plans.models import (
    Action,
    ActionEvidence,
    ActionIndicator,
    ActionStatus,
    ExtensionRequest,
    ExtensionStatus,
    Plan,
    PlanSettings,
    PlanStatus,
)
from ascent.reviews import flags as review_flags
from ascent.reviews.models import Recommendation, Response, Review, Stage

from . import local_noon_days_ago

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECENT = TODAY - dt.timedelta(days=3)
LATER = TODAY + dt.timedelta(days=30)


def make_plan(organisation, title="Harrow improvement plan", **fields):
    values = {"starts_on": dt.date(2026, 4, 1), "ends_on": dt.date(2027, 3, 31)}
    return Plan.objects.create(organisation=organisation, title=title, **{**values, **fields})


def make_action(plan, reference, **fields):
    values = {"title": f"Action {reference}", "status": ActionStatus.AT_RISK, "due_date": LATER}
    values["last_update_on"] = RECENT
    return Action.objects.create(plan=plan, reference=reference, **{**values, **fields})


def approve(action, times):
    for number in range(times):
        ExtensionRequest.objects.create(
            action=action,
            to_date=LATER + dt.timedelta(days=number),
            reason="More time",
            status=ExtensionStatus.APPROVED,
        )


@pytest.fixture
def plan(harrow):
    return make_plan(harrow)


@pytest.fixture
def world(harrow, herefordshire, plan):
    """One Harrow action per check, plus actions that raise nothing; returns them by name."""
    actions = {
        "fine": make_action(plan, "1.1", status=ActionStatus.ON_TRACK, rag="green"),
        "overdue": make_action(plan, "1.2", status=ActionStatus.ON_TRACK, due_date=TODAY - dt.timedelta(days=4)),
        "stale": make_action(plan, "1.3", last_update_on=TODAY - dt.timedelta(days=61)),
        "bare": make_action(plan, "1.4", status=ActionStatus.COMPLETE, completed_on=RECENT),
        "green": make_action(plan, "1.5", rag="green"),
        "extended": make_action(plan, "1.6"),
    }
    approve(actions["extended"], 3)
    approve(actions["fine"], 2)
    # Left alone: superseded, will not be done (with its reason), and in a plan superseded as a whole.
    make_action(plan, "2.1", status=ActionStatus.ON_TRACK, due_date=dt.date(2026, 1, 1), superseded_by=actions["fine"])
    make_action(plan, "2.2", status=ActionStatus.WILL_NOT_BE_DONE, status_reason="Merged into 1.1")
    old = make_plan(harrow, "Harrow's old plan", status=PlanStatus.SUPERSEDED, superseded_by=plan)
    make_action(old, "1", status=ActionStatus.ON_TRACK, due_date=dt.date(2025, 1, 1))
    # Complete with evidence, or with a reason for having none: nothing to say.
    evidenced = make_action(plan, "3.1", status=ActionStatus.COMPLETE)
    ActionEvidence.objects.create(action=evidenced, url="https://example.org/report", title="Report")
    make_action(plan, "3.2", status=ActionStatus.COMPLETE, no_evidence_reason="A change of rota, with no paper.")
    # Another council's overdue action never shows in Harrow's flags.
    make_action(make_plan(herefordshire, "Herefordshire plan"), "1", status=ActionStatus.ON_TRACK, due_date=RECENT)

    reablement = Indicator.objects.create(
        organisation=harrow, code="H-REAB", title="Still at home", unit=Unit.PERCENT, polarity="higher_is_better"
    )
    Observation.objects.create(
        organisation=harrow,
        indicator=reablement,
        value=Decimal("79.5"),
        **PeriodColumns.period_values(parse_period("2025-26")),
    )
    ActionIndicator.objects.create(
        action=actions["green"], indicator=reablement, baseline_value=Decimal("82"), target=Decimal("85")
    )
    # The same fall linked to an amber action is not a challenge.
    ActionIndicator.objects.create(action=actions["stale"], indicator=reablement, baseline_value=Decimal("82"))
    return actions


def by_action(found):
    return {(flag.extra["action_id"], flag.check.name) for flag in found}


def test_each_check_flags_its_action_and_nothing_else(harrow, world):
    found = flags.open_flags(harrow)
    assert by_action(found) == {
        (world["overdue"].pk, "plans.on-track-but-overdue"),
        (world["stale"].pk, "plans.no-update"),
        (world["bare"].pk, "plans.complete-without-evidence"),
        (world["green"].pk, "plans.green-while-indicator-worse"),
        (world["extended"].pk, "plans.repeated-extensions"),
    }


def test_a_flag_is_keyed_by_check_and_action_and_links_to_the_action(harrow, world):
    flag = next(f for f in flags.open_flags(harrow) if f.check.name == "plans.green-while-indicator-worse")
    action = world["green"]
    assert flag.key == f"plans.green-while-indicator-worse:action:{action.pk}"
    assert flag.subject == "1.5 Action 1.5 — Harrow improvement plan"
    assert flag.url == reverse(
        "plans:action", kwargs={"gss_code": harrow.gss_code, "plan_id": action.plan_id, "action_id": action.pk}
    )
    assert flag.detail == (
        "RAG green, but a linked indicator has moved the wrong way since it was linked: "
        "H-REAB Still at home from 82.0% to 79.5% (target 85.0%)."
    )


def test_the_councils_own_stale_days_apply(harrow, world):
    PlanSettings.objects.create(organisation=harrow, stale_after_days=90)
    names = {flag.check.name for flag in flags.open_flags(harrow)}
    assert "plans.no-update" not in names


def test_an_action_never_updated_counts_from_the_day_it_was_added(harrow, plan):
    action = make_action(plan, "9.9", last_update_on=None)
    assert flags.open_flags(harrow) == []
    Action.objects.filter(pk=action.pk).update(created_at=local_noon_days_ago(60))
    assert [flag.check.name for flag in flags.open_flags(harrow)] == ["plans.no-update"]


def test_flags_for_action_gives_one_actions_flags(harrow, world):
    overdue = flags.flags_for_action(world["overdue"])
    assert [flag.check.name for flag in overdue] == ["plans.on-track-but-overdue"]
    assert flags.flags_for_action(world["fine"]) == []


def test_the_challenges_page_lists_the_plans_flags(client, harrow, viewer, world):
    client.force_login(viewer)
    page = client.get(reverse("assurance:index", args=[harrow.gss_code]))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    hrefs = {link["href"] for link in soup.select("main a[href]")}
    for flag in flags.open_flags(harrow):
        assert flag.detail in text
        assert flag.url in hrefs
    for check in registry.checks("plans"):
        assert check.reason in text
    assert "Herefordshire plan" not in text


def test_open_flags_takes_a_fixed_number_of_queries(harrow, world, plan, django_assert_num_queries):
    with django_assert_num_queries(7):
        first = flags.open_flags(harrow)
    for number in range(20):
        more = make_action(plan, f"5.{number}", status=ActionStatus.ON_TRACK, rag="green", due_date=RECENT)
        approve(more, 3)
        ActionEvidence.objects.create(action=more, url="https://example.org/x")
        ActionIndicator.objects.create(action=more, indicator=world["green"].indicator_links.get().indicator)
    with django_assert_num_queries(7):
        again = flags.open_flags(harrow)
    assert len(again) > len(first)


def test_a_council_with_no_actions_has_no_flags_in_one_query(harrow, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert flags.open_flags(harrow) == []


# --- the reviews' "no actions" check, counted by this app ----------------------------------------


@pytest.fixture
def review(harrow):
    review = Review.objects.create(
        organisation=harrow, title="Harrow peer challenge", stage=Stage.PUBLISHED, letter_date=dt.date(2026, 3, 1)
    )
    for number in (1, 2):
        Recommendation.objects.create(
            review=review, position=number, number=number, text=f"Do {number}", response=Response.ACCEPTED
        )
    return review


def no_actions(organisation):
    return [flag.detail for flag in review_flags.open_flags(organisation) if flag.check.name == "reviews.no-actions"]


def test_an_accepted_recommendation_with_no_action_is_flagged_until_one_follows_it(harrow, review, plan):
    assert no_actions(harrow) == ["None of the 2 accepted recommendations has an improvement plan action."]
    first, second = review.recommendations.order_by("position")
    make_action(plan, "1").recommendations.add(first)
    assert no_actions(harrow) == [
        "1 of the 2 accepted recommendations has no improvement plan actions: Recommendation 2."
    ]
    closed = make_action(plan, "2", status=ActionStatus.WILL_NOT_BE_DONE, status_reason="No budget")
    closed.recommendations.add(second)
    assert no_actions(harrow) == []


def test_another_councils_action_does_not_answer_a_recommendation(harrow, herefordshire, review):
    first = review.recommendations.first()
    make_action(make_plan(herefordshire, "Herefordshire plan"), "1").recommendations.add(first)
    assert flags.recommendation_action_counts([first.uid]) == {}
    assert len(no_actions(harrow)) == 1


def test_recommendation_action_counts_counts_each_action_once(harrow, review, plan):
    first, second = review.recommendations.order_by("position")
    for reference in ("1", "2"):
        make_action(plan, reference).recommendations.add(first, second)
    assert flags.recommendation_action_counts([first.uid, second.uid]) == {first.uid: 2, second.uid: 2}
    assert flags.recommendation_action_counts([]) == {}


# --- the block an action's page includes ----------------------------------------------------------


def test_the_action_flags_include_shows_each_flag_with_its_reason(harrow, world):
    from django.template.loader import render_to_string

    found = flags.flags_for_action(world["overdue"])
    html = BeautifulSoup(render_to_string("plans/panels/_action_flags.html", {"flags": found}), "html.parser")
    text = " ".join(html.get_text(" ").split())
    assert "The assurance checks challenge this action (1 flag)." in text
    assert found[0].detail in text
    assert registry.get_check("plans.on-track-but-overdue").reason in text
    assert render_to_string("plans/panels/_action_flags.html", {"flags": []}).strip() == ""
    none = render_to_string("plans/panels/_action_flags.html", {"flags": [], "say_none": True})
    assert "The assurance checks raise nothing about this action." in none
