"""The plan list, the plan page and the set-up forms (ascent/plans/views/plans.py, views/actions.py).

The world: Harrow's published review with recommendations 1 (accepted) and 2 (not accepted),
a plan answering it with two themes and three actions: 1.1 overdue with its date moved by an
extension, 1.2 with no update for 90 days, 2.1 complete.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from ascent.plans import planning
from ascent.plans.models import Action, ActionStatus, Plan, PlanStatus, Source
from ascent.reviews.models import Recommendation, Response, Review, Stage

from . import front_door_plan, local_noon_days_ago

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
GSS = "E09000015"


def url(name, **kwargs):
    return reverse(f"plans:{name}", kwargs={"gss_code": GSS, **kwargs})


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def world(harrow, editor, contributor):
    review = Review.objects.create(
        organisation=harrow, title="Harrow peer challenge", stage=Stage.PUBLISHED, letter_date=dt.date(2026, 3, 15)
    )
    accepted = Recommendation.objects.create(
        review=review, position=0, number=1, text="Simplify the front door.", response=Response.ACCEPTED
    )
    refused = Recommendation.objects.create(
        review=review, position=1, number=2, text="Close the day centre.", response=Response.NOT_ACCEPTED
    )
    plan = front_door_plan(harrow, editor, review=review)
    advice = planning.add_theme(plan, by=editor, title="Information and advice", lead=contributor)
    carers = planning.add_theme(plan, by=editor, title="Carers", lead_name="Head of Carers Services")
    late = planning.create_action(
        plan,
        by=editor,
        title="Publish a directory",
        reference="1.1",
        theme=advice,
        owner=contributor,
        due_date=TODAY - dt.timedelta(days=40),
    )
    Action.objects.filter(pk=late.pk).update(
        due_date=TODAY - dt.timedelta(days=10), status=ActionStatus.ON_TRACK, last_update_on=TODAY, rag="green"
    )
    quiet = planning.create_action(
        plan,
        by=editor,
        title="Train the call handlers",
        reference="1.2",
        theme=advice,
        due_date=TODAY + dt.timedelta(30),
    )
    Action.objects.filter(pk=quiet.pk).update(created_at=local_noon_days_ago(90))
    done = planning.create_action(plan, by=editor, title="Carers' card", reference="2.1", theme=carers)
    Action.objects.filter(pk=done.pk).update(status=ActionStatus.COMPLETE, percent_complete=100)
    return {
        "review": review,
        "accepted": accepted,
        "refused": refused,
        "plan": plan,
        "advice": advice,
        "carers": carers,
        "late": late,
        "quiet": quiet,
        "done": done,
    }


# The list


def test_the_list_shows_each_plan_with_its_counts(client, viewer, world):
    client.force_login(viewer)
    page = soup(client.get(url("index")))
    row = page.select_one(f"[data-plan='{world['plan'].pk}']")
    assert "1 April 2026 to 31 March 2027" in row.text
    assert "Editor Person" in row.text
    counts = [row.select_one(f"[data-{key}]").text for key in ("open", "overdue", "stale", "closed")]
    assert counts == ["2", "1", "1", "1"]
    assert page.find("a", string="Follow-up reviews")
    assert not page.find("a", string="Create a plan")  # a viewer sets nothing up


def test_an_editor_is_offered_to_create_a_plan(client, editor, world):
    client.force_login(editor)
    assert soup(client.get(url("index"))).find("a", string="Create a plan")


def test_the_list_pins_its_queries(client, viewer, world, harrow, editor, django_assert_num_queries):
    client.force_login(viewer)
    client.get(url("index"))
    with django_assert_num_queries(11):
        client.get(url("index"))
    for number in range(5):
        other = planning.create_plan(harrow, by=editor, title=f"Plan {number}", starts_on=TODAY, ends_on=TODAY)
        for step in range(4):
            planning.create_action(other, by=editor, title=f"Action {step}", owner=editor)
    with django_assert_num_queries(11):
        page = soup(client.get(url("index")))
    assert len(page.select("[data-plan]")) == 6


# The plan page


def test_the_plan_page_groups_actions_by_theme_with_their_tags(client, viewer, world):
    client.force_login(viewer)
    page = soup(client.get(url("plan", plan_id=world["plan"].pk)))
    captions = [table.caption.text.strip() for table in page.select("table[data-actions]")]
    assert captions == ["Information and advice", "Carers"]
    late = page.select_one(f"[data-action='{world['late'].pk}']")
    assert late.select_one("[data-overdue]").text == "Overdue"
    assert "originally" in late.select_one("[data-original]").text
    assert "Green" in late.text and "Contributor Person" in late.text
    quiet = page.select_one(f"[data-action='{world['quiet'].pk}']")
    assert quiet.select_one("[data-stale]").text == "No update for 90 days"
    done = page.select_one(f"[data-action='{world['done'].pk}']")
    assert not done.select("[data-overdue], [data-stale]")
    themes = page.select_one("[data-themes]").text
    assert "Contributor Person" in themes and "Head of Carers Services" in themes


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "complete"}, ["done"]),
        ({"show": "overdue"}, ["late"]),
        ({"show": "stale"}, ["quiet"]),
        ({"q": "call handlers"}, ["quiet"]),
        ({"q": "2.1"}, ["done"]),
        ({"status": "not-a-status"}, ["late", "quiet", "done"]),
    ],
)
def test_the_filters(client, viewer, world, query, expected):
    client.force_login(viewer)
    page = soup(client.get(url("plan", plan_id=world["plan"].pk), query))
    shown = {int(row["data-action"]) for row in page.select("[data-action]")}
    assert shown == {world[key].pk for key in expected}


def test_filters_by_theme_and_owner(client, viewer, world, contributor):
    client.force_login(viewer)
    page = soup(client.get(url("plan", plan_id=world["plan"].pk), {"theme": world["carers"].pk}))
    assert {int(row["data-action"]) for row in page.select("[data-action]")} == {world["done"].pk}
    page = soup(client.get(url("plan", plan_id=world["plan"].pk), {"owner": contributor.pk}))
    assert {int(row["data-action"]) for row in page.select("[data-action]")} == {world["late"].pk}
    assert "1 action matches the filters" in page.select_one("[data-count]").text


def test_the_plan_page_is_paginated_and_keeps_the_filters(client, viewer, world, editor):
    for number in range(60):
        planning.create_action(world["plan"], by=editor, title=f"Extra {number}", theme=world["carers"])
    client.force_login(viewer)
    page = soup(client.get(url("plan", plan_id=world["plan"].pk), {"theme": world["carers"].pk}))
    assert len(page.select("[data-action]")) == 50
    following = page.select_one("a[rel=next]")["href"]
    assert f"theme={world['carers'].pk}" in following and "page=2" in following
    page = soup(client.get(url("plan", plan_id=world["plan"].pk), {"theme": world["carers"].pk, "page": 2}))
    assert len(page.select("[data-action]")) == 11


def test_the_plan_page_pins_its_queries(client, viewer, world, editor, django_assert_num_queries):
    client.force_login(viewer)
    client.get(url("plan", plan_id=world["plan"].pk))
    with django_assert_num_queries(16):
        client.get(url("plan", plan_id=world["plan"].pk))
    for number in range(120):
        action = planning.create_action(
            world["plan"],
            by=editor,
            title=f"Extra {number}",
            theme=world["advice"] if number % 2 else None,
            owner=editor,
            due_date=TODAY - dt.timedelta(days=number),
        )
        if number % 3 == 0:
            planning.supersede_action(action, by=editor, successor=world["quiet"])
    with django_assert_num_queries(16):
        page = soup(client.get(url("plan", plan_id=world["plan"].pk), {"page": 2}))
    assert len(page.select("[data-action]")) == 50


def test_a_superseded_plan_says_by_which_and_its_open_actions_show_where_the_work_went(
    client, viewer, world, harrow, editor
):
    successor = planning.create_plan(harrow, by=editor, title="Next plan", starts_on=TODAY, ends_on=TODAY)
    planning.supersede_plan(world["plan"], by=editor, successor=successor)
    client.force_login(viewer)
    page = soup(client.get(url("plan", plan_id=world["plan"].pk)))
    assert "superseded" in page.select_one("[data-superseded]").text
    assert page.select_one("[data-superseded] a")["href"] == url("plan", plan_id=successor.pk)
    moved = page.select_one(f"[data-action='{world['quiet'].pk}'] [data-superseded-by]")
    assert "Work moved to Next plan" in moved.text
    assert not page.select(f"[data-action='{world['done'].pk}'] [data-superseded-by]")
    page = soup(client.get(url("plan", plan_id=successor.pk)))
    assert "Front door plan" in page.select_one("[data-supersedes]").text


def test_a_superseded_action_and_its_successor_point_at_each_other(client, viewer, world, editor):
    planning.supersede_action(world["late"], by=editor, successor=world["quiet"])
    client.force_login(viewer)
    page = soup(client.get(url("plan", plan_id=world["plan"].pk)))
    assert "Work moved to 1.2" in page.select_one(f"[data-action='{world['late'].pk}'] [data-superseded-by]").text
    assert "1.1" in page.select_one(f"[data-action='{world['quiet'].pk}'] [data-supersedes]").text
    assert not page.select(f"[data-action='{world['late'].pk}'] [data-overdue]")


# Setting up


def test_an_editor_creates_a_plan(client, editor, world, harrow):
    client.force_login(editor)
    response = client.post(
        url("new_plan"),
        {"title": "Carers plan", "starts_on": "1/4/2026", "ends_on": "31/3/2027", "status": "active"},
    )
    plan = Plan.objects.get(organisation=harrow, title="Carers plan")
    assert response.headers["Location"] == url("plan", plan_id=plan.pk)
    assert plan.history.latest().history_user == editor


def test_a_bad_plan_names_its_fields_and_saves_nothing(client, editor, world):
    client.force_login(editor)
    page = soup(
        client.post(url("new_plan"), {"title": "", "starts_on": "1/4/2026", "ends_on": "1/3/2026", "status": "active"})
    )
    errors = [item.text.strip() for item in page.select(".govuk-error-summary__list li")]
    assert errors == ["Enter the plan's title"]
    page = soup(
        client.post(url("new_plan"), {"title": "P", "starts_on": "1/4/2026", "ends_on": "1/3/2026", "status": "active"})
    )
    errors = [item.text.strip() for item in page.select(".govuk-error-summary__list li")]
    assert errors == ["The plan must end on or after the day it starts, 1 April 2026"]
    assert Plan.objects.count() == 1


def test_an_editor_adds_and_changes_a_theme(client, editor, world):
    client.force_login(editor)
    client.post(url("new_theme", plan_id=world["plan"].pk), {"title": "Prevention", "lead_name": "Head of Prevention"})
    theme = world["plan"].themes.get(title="Prevention")
    assert (theme.position, theme.lead_name) == (3, "Head of Prevention")
    client.post(
        url("edit_theme", plan_id=world["plan"].pk, theme_id=theme.pk), {"title": "Prevention first", "position": "0"}
    )
    theme.refresh_from_db()
    assert (theme.title, theme.position, theme.lead_name) == ("Prevention first", 0, "")


def test_an_action_from_a_recommendation_is_prefilled_and_linked(client, editor, world):
    client.force_login(editor)
    address = url("new_action", plan_id=world["plan"].pk) + f"?recommendation={world['accepted'].pk}"
    page = soup(client.get(address))
    assert "Recommendation 1 of Harrow peer challenge" in page.select_one("[data-source]").text
    assert page.select_one("textarea[name=title]").text.strip() == "Simplify the front door."
    response = client.post(address, {"title": "Simplify the front door.", "due_date": "31/3/2027"})
    action = Action.objects.get(plan=world["plan"], title="Simplify the front door.")
    assert response.headers["Location"] == url("action", plan_id=world["plan"].pk, action_id=action.pk)
    assert action.source == Source.RECOMMENDATION
    assert list(action.recommendations.all()) == [world["accepted"]]
    assert action.original_due_date == dt.date(2027, 3, 31)


def test_another_councils_recommendation_is_not_found(client, editor, world, herefordshire):
    theirs = Review.objects.create(organisation=herefordshire, title="Theirs", stage=Stage.PUBLISHED)
    rec = Recommendation.objects.create(review=theirs, position=0, number=1, text="T", response=Response.ACCEPTED)
    client.force_login(editor)
    response = client.get(url("new_action", plan_id=world["plan"].pk) + f"?recommendation={rec.pk}")
    assert response.status_code == 404


def test_editing_an_action_with_a_date_offers_no_date_field(client, editor, world):
    client.force_login(editor)
    address = url("edit_action", plan_id=world["plan"].pk, action_id=world["quiet"].pk)
    page = soup(client.get(address))
    assert not page.select("input[name=due_date]")
    assert "extension request" in page.select_one("[data-due-date-set]").text
    client.post(address, {"title": "Train the call handlers", "reference": "1.1"})
    page = soup(client.post(address, {"title": "Train the call handlers", "reference": "1.1"}))
    errors = [item.text.strip() for item in page.select(".govuk-error-summary__list li")]
    assert errors == ["Another action of the plan has the reference 1.1"]


def test_actions_from_the_review_lists_only_accepted_recommendations(client, editor, world):
    client.force_login(editor)
    address = url("actions_from_review", plan_id=world["plan"].pk)
    page = soup(client.get(address))
    offered = [box["value"] for box in page.select("input[name=recommendations]")]
    assert offered == [str(world["accepted"].pk)]
    response = client.post(address, {"recommendations": [world["accepted"].pk], "theme": world["advice"].pk})
    assert response.headers["Location"] == url("plan", plan_id=world["plan"].pk)
    made = Action.objects.get(plan=world["plan"], recommendations=world["accepted"])
    assert (made.reference, made.theme) == ("1", world["advice"])
    page = soup(client.get(address))
    assert "Recommendation 1: 1 action" in page.select_one("[data-answered]").text


def test_choosing_no_recommendation_is_named(client, editor, world):
    client.force_login(editor)
    page = soup(client.post(url("actions_from_review", plan_id=world["plan"].pk), {"theme": ""}))
    errors = [item.text.strip() for item in page.select(".govuk-error-summary__list li")]
    assert errors == ["Choose at least one recommendation to make an action for"]


def test_superseding_an_action_by_reference(client, editor, world):
    client.force_login(editor)
    address = url("supersede_action", plan_id=world["plan"].pk, action_id=world["late"].pk)
    page = soup(client.post(address, {"plan": world["plan"].pk, "reference": "9.9"}))
    errors = [item.text.strip() for item in page.select(".govuk-error-summary__list li")]
    assert errors == ["Front door plan has no action with the reference 9.9"]
    client.post(address, {"plan": world["plan"].pk, "reference": "1.2", "note": "Folded in"})
    world["late"].refresh_from_db()
    assert world["late"].superseded_by == world["quiet"]


def test_superseding_a_plan_from_its_page(client, editor, world, harrow):
    successor = planning.create_plan(harrow, by=editor, title="Next plan", starts_on=TODAY, ends_on=TODAY)
    client.force_login(editor)
    client.post(url("supersede_plan", plan_id=world["plan"].pk), {"successor": successor.pk})
    world["plan"].refresh_from_db()
    assert (world["plan"].status, world["plan"].superseded_by) == (PlanStatus.SUPERSEDED, successor)


# Sources other than a recommendation, and the framework's elements


@pytest.fixture
def assessment(harrow, editor):
    from tests.assessments.factories import self_assessment, teasc_framework

    return self_assessment(harrow, teasc_framework(), by=editor)


def test_an_action_from_a_top_risk_records_it(client, editor, world, assessment):
    from ascent.assessments.models import TopRisk

    risk = TopRisk.objects.create(assessment=assessment, rank=1, risk="Waiting lists for assessment grow")
    client.force_login(editor)
    address = url("new_action", plan_id=world["plan"].pk) + f"?top_risk={risk.pk}"
    assert "Top risk 1: Waiting lists" in soup(client.get(address)).select_one("[data-source]").text
    client.post(address, {"title": "Clear the waiting list"})
    action = Action.objects.get(plan=world["plan"], title="Clear the waiting list")
    assert (action.source, action.top_risk) == (Source.TOP_RISK, risk)


def test_an_action_from_an_open_flag_records_its_key(client, editor, world, monkeypatch):
    from ascent.assurance import registry

    check = registry.Check(name="tests.a-rule", title="A rule", reason="Why", app="plans", function=lambda: None)
    flag = registry.Flag(check=check, key="tests.a-rule:1", detail="Rated Good over red", subject="QS1")
    monkeypatch.setattr(registry, "open_flags", lambda organisation: [flag])
    client.force_login(editor)
    address = url("new_action", plan_id=world["plan"].pk) + "?flag=tests.a-rule:1"
    assert "Rated Good over red" in soup(client.get(address)).select_one("[data-source]").text
    client.post(address, {"title": "Look again at QS1"})
    action = Action.objects.get(plan=world["plan"], title="Look again at QS1")
    assert (action.source, action.flag_key, action.flag_check, action.flag_detail) == (
        Source.FLAG,
        "tests.a-rule:1",
        "tests.a-rule",
        "Rated Good over red",
    )


def test_an_action_is_tagged_with_elements_of_the_councils_framework(client, editor, world, assessment):
    offered = list(planning.council_elements(world["plan"].organisation))
    assert offered and all(element.framework_id == assessment.framework_id for element in offered)
    client.force_login(editor)
    address = url("edit_action", plan_id=world["plan"].pk, action_id=world["done"].pk)
    boxes = soup(client.get(address)).select("input[name=elements]")
    assert len(boxes) == len(offered)
    client.post(address, {"title": "Carers' card", "reference": "2.1", "elements": [offered[0].pk]})
    assert list(world["done"].elements.all()) == [offered[0]]


def test_without_a_self_assessment_no_elements_are_offered(client, editor, world):
    client.force_login(editor)
    page = soup(client.get(url("new_action", plan_id=world["plan"].pk)))
    assert not page.select("input[name=elements]")


def _recommendations_page(client, world):
    address = reverse("reviews:recommendations", args=[world["plan"].organisation.gss_code, world["review"].pk])
    response = client.get(address)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _actions_row(page, recommendation):
    card = page.select_one(f"[data-recommendation='{recommendation.uid}']")
    rows = {row.dt.text.strip(): row.dd for row in card.select(".govuk-summary-list__row")}
    return rows.get("Actions")


def test_the_reviews_recommendations_page_lists_the_actions_answering_each(client, world, editor):
    planning.actions_from_review(world["plan"], by=editor, recommendations=[world["accepted"]])
    planning.actions_from_review(world["plan"], by=editor, recommendations=[world["accepted"]])
    client.force_login(editor)
    row = _actions_row(_recommendations_page(client, world), world["accepted"])
    items = [" ".join(li.text.split()) for li in row.select("[data-recommendation-actions] li")]
    assert items == [
        "1 Simplify the front door. (Front door plan): Not started",
        "Simplify the front door. (Front door plan): Not started",
    ]
    first = row.select_one("[data-recommendation-actions] a")
    action = Action.objects.get(reference="1", plan=world["plan"])
    assert first["href"] == url("action", plan_id=world["plan"].pk, action_id=action.pk)
    add = row.select_one("a[href*='?recommendation=']")
    assert add["href"] == url("new_action", plan_id=world["plan"].pk) + f"?recommendation={world['accepted'].pk}"
    assert " ".join(add.text.split()) == "Add an action for recommendation 1 to Front door plan"
    # A recommendation the council did not accept, with no action, gets no row.
    assert _actions_row(_recommendations_page(client, world), world["refused"]) is None


def test_an_accepted_recommendation_with_no_action_says_so_and_a_viewer_gets_no_link(client, world, viewer):
    client.force_login(viewer)
    row = _actions_row(_recommendations_page(client, world), world["accepted"])
    assert row.select_one("[data-recommendation-actions]").text.strip() == "No action answers it yet."
    assert not row.select("a[href*='?recommendation=']")


def test_a_peer_reviewer_sees_the_recommendations_but_not_the_councils_actions(client, world, editor, outsider):
    from tests.factories import grant

    planning.actions_from_review(world["plan"], by=editor, recommendations=[world["accepted"]])
    grant(outsider, world["review"])
    client.force_login(outsider)
    page = _recommendations_page(client, world)
    assert page.select_one(f"[data-recommendation='{world['accepted'].uid}']")
    assert _actions_row(page, world["accepted"]) is None
    assert "Simplify the front door. (Front door plan)" not in page.text


def test_the_actions_rows_take_two_queries_however_many_recommendations(world, editor, rf, django_assert_num_queries):
    from ascent.plans.panels import recommendation_actions_rows

    more = [
        Recommendation.objects.create(
            review=world["review"], position=n, number=n, text=f"Do {n}.", response=Response.ACCEPTED
        )
        for n in range(3, 13)
    ]
    planning.actions_from_review(world["plan"], by=editor, recommendations=[world["accepted"], *more])
    request = rf.get("/")
    request.user = editor
    recommendations = [world["accepted"], world["refused"], *more]
    editor.has_perm("plans.change_plan", world["plan"].organisation)  # the permission cache, as on a page
    with django_assert_num_queries(2):
        rows = recommendation_actions_rows(request, world["plan"].organisation, world["review"], recommendations)
    assert sorted(rows) == sorted(r.pk for r in [world["accepted"], *more])
    assert all(len(row["actions"]) == 1 for row in rows.values())


def test_actions_with_no_theme_come_last(client, viewer, world, editor):
    planning.create_action(world["plan"], by=editor, title="Themeless")
    client.force_login(viewer)
    page = soup(client.get(url("plan", plan_id=world["plan"].pk)))
    captions = [table.caption.text.strip() for table in page.select("table[data-actions]")]
    assert captions == ["Information and advice", "Carers", "No theme"]
