"""Setting plans up (ascent/plans/planning.py): plans, themes, actions, actions from a review,
supersession and the counts of the plan list.

The world: Harrow's published peer challenge with three recommendations (1 accepted, 2 partly
accepted, 3 not accepted) and a plan answering it, owned by the editor, with one theme.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ascent.plans import planning
from ascent.plans.models import Action, ActionStatus, Plan, PlanStatus, Source
from ascent.reviews.models import Recommendation, Response, Review, Stage

from . import front_door_plan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def review(harrow):
    review = Review.objects.create(
        organisation=harrow, title="Harrow peer challenge", stage=Stage.PUBLISHED, letter_date=dt.date(2026, 3, 15)
    )
    for number, response in enumerate([Response.ACCEPTED, Response.PARTLY_ACCEPTED, Response.NOT_ACCEPTED], 1):
        Recommendation.objects.create(
            review=review, position=number, number=number, text=f"Recommendation text {number}", response=response
        )
    return review


@pytest.fixture
def plan(harrow, editor, review):
    return front_door_plan(harrow, editor, review=review)


@pytest.fixture
def theme(plan, editor):
    return planning.add_theme(plan, by=editor, title="Information and advice", lead_name="Head of Early Help")


def recommendation(review, number):
    return Recommendation.objects.get(review=review, number=number)


# Plans


def test_creating_a_plan_records_who_created_it(plan, editor):
    assert plan.status == PlanStatus.ACTIVE
    assert plan.history.latest().history_user == editor
    assert plan.created_by == editor


def test_a_plan_must_end_after_it_starts(harrow, editor):
    with pytest.raises(ValidationError) as caught:
        planning.create_plan(harrow, by=editor, title="P", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 3, 1))
    assert caught.value.message_dict == {"ends_on": ["The plan must end on or after the day it starts, 1 April 2026"]}


def test_the_owner_must_be_a_member_of_the_council(harrow, editor, outsider):
    with pytest.raises(ValidationError) as caught:
        planning.create_plan(harrow, by=editor, title="P", starts_on=TODAY, ends_on=TODAY, owner=outsider)
    assert "owner" in caught.value.message_dict


def test_the_review_must_be_a_published_review_of_the_council(harrow, herefordshire, editor):
    open_review = Review.objects.create(organisation=harrow, title="Still scoping", stage=Stage.SCOPING)
    other = Review.objects.create(organisation=herefordshire, title="Theirs", stage=Stage.PUBLISHED)
    for chosen in (open_review, other):
        with pytest.raises(ValidationError) as caught:
            planning.create_plan(harrow, by=editor, title="P", starts_on=TODAY, ends_on=TODAY, review=chosen)
        assert caught.value.message_dict == {"review": ["The review must be a published review of Harrow"]}


def test_changing_a_plan_cannot_make_it_superseded_without_a_successor(plan, editor):
    with pytest.raises(ValidationError) as caught:
        planning.change_plan(plan, by=editor, status=PlanStatus.SUPERSEDED)
    assert "status" in caught.value.message_dict


def test_changing_a_plan_is_audited(plan, editor, admin_user):
    planning.change_plan(plan, by=admin_user, title="Front door plan 2026-27")
    plan.refresh_from_db()
    assert plan.title == "Front door plan 2026-27"
    assert plan.history.latest().history_user == admin_user


# Themes


def test_themes_are_added_last_with_a_member_or_a_name_as_lead(plan, editor, contributor, theme):
    second = planning.add_theme(plan, by=editor, title="Carers", lead=contributor)
    assert (theme.position, second.position) == (1, 2)
    assert second.lead == contributor


def test_a_theme_lead_is_a_member_or_a_name_not_both(plan, editor):
    with pytest.raises(ValidationError) as caught:
        planning.add_theme(plan, by=editor, title="Carers", lead=editor, lead_name="Someone")
    assert caught.value.message_dict == {"lead_name": ["Give the lead as a member or as a name, not both"]}


# Actions


def test_an_action_added_directly_keeps_its_first_date_as_the_original(plan, editor, theme):
    action = planning.create_action(
        plan, by=editor, title="Publish a directory", theme=theme, reference="1.1", due_date=dt.date(2026, 12, 31)
    )
    assert action.source == Source.DIRECT
    assert action.original_due_date == dt.date(2026, 12, 31)
    assert action.history.latest().history_user == editor


def test_an_action_from_a_recommendation_records_it(plan, editor, review):
    action = planning.create_action(plan, by=editor, title="Simplify", recommendations=[recommendation(review, 1)])
    assert action.source == Source.RECOMMENDATION
    assert list(action.recommendations.all()) == [recommendation(review, 1)]


def test_an_action_from_a_flag_records_its_key_check_and_detail(plan, editor):
    action = planning.create_action(
        plan, by=editor, title="Answer the flag", flag_key="x.y:1", flag_check="x.y", flag_detail="Said so"
    )
    assert (action.source, action.flag_key, action.flag_check, action.flag_detail) == (
        "flag",
        "x.y:1",
        "x.y",
        "Said so",
    )


def test_references_are_unique_within_a_plan(plan, editor):
    planning.create_action(plan, by=editor, title="One", reference="1.1")
    with pytest.raises(ValidationError) as caught:
        planning.create_action(plan, by=editor, title="Two", reference="1.1")
    assert caught.value.message_dict == {"reference": ["Another action of the plan has the reference 1.1"]}


def test_a_theme_of_another_plan_is_refused(plan, editor, harrow):
    other = planning.create_plan(harrow, by=editor, title="Other", starts_on=TODAY, ends_on=TODAY)
    theirs = planning.add_theme(other, by=editor, title="Theirs")
    with pytest.raises(ValidationError) as caught:
        planning.create_action(plan, by=editor, title="One", theme=theirs)
    assert caught.value.message_dict == {"theme": ["Choose one of the plan's themes"]}


def test_a_recommendation_of_another_council_is_refused(plan, editor, herefordshire):
    theirs = Review.objects.create(organisation=herefordshire, title="Theirs", stage=Stage.PUBLISHED)
    rec = Recommendation.objects.create(review=theirs, position=0, number=1, text="T", response=Response.ACCEPTED)
    with pytest.raises(ValidationError) as caught:
        planning.create_action(plan, by=editor, title="One", recommendations=[rec])
    assert "recommendations" in caught.value.message_dict


def test_the_first_due_date_may_be_set_when_editing_and_is_kept_as_the_original(plan, editor):
    action = planning.create_action(plan, by=editor, title="One")
    planning.change_action(action, by=editor, title="One", due_date=dt.date(2027, 1, 31))
    action.refresh_from_db()
    assert (action.due_date, action.original_due_date) == (dt.date(2027, 1, 31), dt.date(2027, 1, 31))


def test_a_set_due_date_changes_only_through_an_extension(plan, editor):
    action = planning.create_action(plan, by=editor, title="One", due_date=dt.date(2027, 1, 31))
    with pytest.raises(ValidationError) as caught:
        planning.change_action(action, by=editor, title="One", due_date=dt.date(2027, 6, 30))
    assert caught.value.message_dict == {
        "due_date": ["The action is due on 31 January 2027: ask for an extension to change its date"]
    }
    planning.change_action(action, by=editor, title="One, renamed")
    action.refresh_from_db()
    assert (action.title, action.due_date) == ("One, renamed", dt.date(2027, 1, 31))


# Actions from a review


def test_one_action_per_ticked_accepted_recommendation_linked_and_numbered(plan, editor, review, theme):
    made = planning.actions_from_review(
        plan, by=editor, recommendations=[recommendation(review, 1), recommendation(review, 2)], theme=theme
    )
    assert [(a.reference, a.title, a.theme_id) for a in made] == [
        ("1", "Recommendation text 1", theme.pk),
        ("2", "Recommendation text 2", theme.pk),
    ]
    assert [list(a.recommendations.all()) for a in made] == [[recommendation(review, 1)], [recommendation(review, 2)]]
    assert all(a.source == Source.RECOMMENDATION for a in made)


def test_a_recommendation_may_get_more_actions_later(plan, editor, review):
    planning.actions_from_review(plan, by=editor, recommendations=[recommendation(review, 1)])
    [again] = planning.actions_from_review(plan, by=editor, recommendations=[recommendation(review, 1)])
    assert again.reference == ""  # the number is taken by the first
    assert recommendation(review, 1).plan_actions.count() == 2


def test_a_recommendation_not_accepted_is_refused_and_nothing_is_made(plan, editor, review):
    with pytest.raises(ValidationError) as caught:
        planning.actions_from_review(
            plan, by=editor, recommendations=[recommendation(review, 1), recommendation(review, 3)]
        )
    assert caught.value.message_dict == {"recommendations": ["Choose recommendations the council accepted"]}
    assert not Action.objects.filter(plan=plan).exists()


def test_a_plan_answering_no_review_cannot_take_actions_from_one(harrow, editor, review):
    plan = planning.create_plan(harrow, by=editor, title="No review", starts_on=TODAY, ends_on=TODAY)
    with pytest.raises(ValidationError) as caught:
        planning.actions_from_review(plan, by=editor, recommendations=[recommendation(review, 1)])
    assert "recommendations" in caught.value.message_dict


# Supersession


def test_a_plan_superseded_by_another_keeps_the_link(plan, editor, harrow):
    successor = planning.create_plan(harrow, by=editor, title="Next plan", starts_on=TODAY, ends_on=TODAY)
    planning.supersede_plan(plan, by=editor, successor=successor, note="Merged into the new plan")
    plan.refresh_from_db()
    assert (plan.status, plan.superseded_by, plan.superseded_on) == (PlanStatus.SUPERSEDED, successor, TODAY)
    assert list(successor.supersedes.all()) == [plan]
    assert plan.history.latest().history_change_reason == "Superseded by Next plan"


def test_a_plan_cannot_supersede_itself_or_its_own_predecessor(plan, editor, harrow):
    with pytest.raises(ValidationError) as caught:
        planning.supersede_plan(plan, by=editor, successor=plan)
    assert "successor" in caught.value.message_dict
    successor = planning.create_plan(harrow, by=editor, title="Next plan", starts_on=TODAY, ends_on=TODAY)
    planning.supersede_plan(plan, by=editor, successor=successor)
    with pytest.raises(ValidationError) as caught:
        planning.supersede_plan(successor, by=editor, successor=plan)
    assert caught.value.message_dict == {"successor": ["Front door plan is itself superseded by this plan"]}


def test_a_plan_of_another_council_cannot_take_the_work(plan, editor, herefordshire):
    theirs = Plan.objects.create(organisation=herefordshire, title="Theirs", starts_on=TODAY, ends_on=TODAY)
    with pytest.raises(ValidationError):
        planning.supersede_plan(plan, by=editor, successor=theirs)


def test_an_action_superseded_by_another_is_no_longer_open(plan, editor, harrow):
    first = planning.create_action(plan, by=editor, title="One", due_date=TODAY - dt.timedelta(days=5))
    second = planning.create_action(plan, by=editor, title="Two")
    planning.supersede_action(first, by=editor, successor=second, note="Folded in")
    first.refresh_from_db()
    assert first.superseded_by == second and first.is_superseded
    assert list(second.supersedes.all()) == [first]
    assert list(Action.objects.filter(plan=plan).open()) == [second]
    assert planning.plan_counts(harrow)[plan.pk]["overdue"] == 0


def test_an_action_cannot_supersede_itself_or_loop(plan, editor):
    first = planning.create_action(plan, by=editor, title="One")
    second = planning.create_action(plan, by=editor, title="Two")
    with pytest.raises(ValidationError):
        planning.supersede_action(first, by=editor, successor=first)
    planning.supersede_action(first, by=editor, successor=second)
    with pytest.raises(ValidationError) as caught:
        planning.supersede_action(second, by=editor, successor=first)
    assert "reference" in caught.value.message_dict


# Counts


def test_plan_counts_open_overdue_stale_and_closed_in_one_query(plan, editor, harrow, django_assert_num_queries):
    long_ago = timezone.now() - dt.timedelta(days=90)
    overdue = planning.create_action(plan, by=editor, title="Late", due_date=TODAY - dt.timedelta(days=1))
    stale = planning.create_action(plan, by=editor, title="Quiet", due_date=TODAY + dt.timedelta(days=30))
    Action.objects.filter(pk=stale.pk).update(created_at=long_ago)
    done = planning.create_action(plan, by=editor, title="Done")
    Action.objects.filter(pk=done.pk).update(status=ActionStatus.COMPLETE, created_at=long_ago)
    planning.create_action(plan, by=editor, title="Fresh")
    assert overdue
    with django_assert_num_queries(2):  # the council's settings, then the counts
        counts = planning.plan_counts(harrow)
    assert counts[plan.pk] == {"open": 3, "overdue": 1, "stale": 1, "closed": 1, "total": 4}


def test_choosing_another_status_for_a_superseded_plan_clears_the_link(plan, editor, harrow):
    successor = planning.create_plan(harrow, by=editor, title="Next plan", starts_on=TODAY, ends_on=TODAY)
    planning.supersede_plan(plan, by=editor, successor=successor)
    planning.change_plan(plan, by=editor, status=PlanStatus.ACTIVE)
    plan.refresh_from_db()
    assert (plan.status, plan.superseded_by, plan.superseded_on) == (PlanStatus.ACTIVE, None, None)


def test_changes_to_themes_and_actions_record_who_made_them(plan, theme, editor, admin_user):
    planning.change_theme(theme, by=admin_user, title="Advice", lead=None, lead_name="", position=4)
    action = planning.create_action(plan, by=editor, title="One")
    planning.change_action(action, by=admin_user, title="One, renamed", owner_name="Head of Service")
    assert theme.history.latest().history_user == admin_user
    assert action.history.latest().history_user == admin_user
    action.refresh_from_db()
    assert action.owner_label == "Head of Service"
