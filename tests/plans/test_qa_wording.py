"""Wording a director or a scrutiny councillor reads on the action page.

An indicator that has not moved said "No change (No change)": the direction and the change
were both written out, and for no movement they are the same words. And a closed action kept
its last forecast ("Green: will be done by its date" on an action that will not be done).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.urls import reverse

from ascent.plans import planning, progress
from ascent.plans.models import Action, ActionStatus, ForecastRag
from ascent.reviews.models import Recommendation, Response, Review, Stage


def movement_cell(direction: str, label: str, change_text: str) -> str:
    row = {
        "indicator": SimpleNamespace(code="HER-ART-VOICEMAIL", title="Calls reaching an answering machine"),
        "link": SimpleNamespace(baseline_period_label="Jun 2014", target_period_code="", pk=1),
        "baseline_text": "25%",
        "latest_text": "25%",
        "latest_period": "Jun 2014",
        "target_text": "10%",
        "direction": direction,
        "direction_label": label,
        "change_text": change_text,
        "towards_target": "",
    }
    html = render_to_string("plans/action/_indicators.html", {"page": SimpleNamespace(indicators=[row])})
    cell = BeautifulSoup(html, "html.parser").select_one("td[data-direction]")
    return cell.get_text(" ", strip=True)


def test_an_indicator_that_has_not_moved_says_no_change_once():
    assert movement_cell("no_change", "No change", "No change") == "No change"


def test_an_indicator_that_moved_gives_the_change_beside_the_direction():
    assert movement_cell("improving", "Better", "-5 percentage points") == "Better (-5 percentage points)"


@pytest.mark.django_db
def test_a_closed_action_shows_no_forecast(client, harrow, editor):
    # "Green: will be done by its date" on an action that will not be done read as a contradiction.
    plan = planning.create_plan(
        harrow, by=editor, title="Front door plan", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31)
    )
    dropped = planning.create_action(plan, by=editor, title="Close the day centre", due_date=dt.date(2026, 9, 1))
    going = planning.create_action(plan, by=editor, title="One phone number", due_date=dt.date(2026, 9, 1))
    Action.objects.filter(pk__in=[dropped.pk, going.pk]).update(rag=ForecastRag.GREEN)
    progress.close_action(dropped, by=editor, status=ActionStatus.WILL_NOT_BE_DONE, reason="Consultation said no")
    client.force_login(editor)
    kwargs = {"gss_code": harrow.gss_code, "plan_id": plan.pk}
    page = BeautifulSoup(
        client.get(reverse("plans:action", kwargs={**kwargs, "action_id": dropped.pk})).content, "html.parser"
    )
    assert page.select_one("[data-rag]").get_text(strip=True) == "Not needed: the action is closed"
    page = BeautifulSoup(client.get(reverse("plans:plan", kwargs=kwargs)).content, "html.parser")
    rag = {row["data-action"]: row.select("td")[3].get_text(strip=True) for row in page.select("tr[data-action]")}
    assert rag == {str(dropped.pk): "Closed", str(going.pk): "Green"}


def test_a_blocked_rollback_speaks_of_one_action_or_several():
    from ascent.plans.import_actions import _blocked_message

    assert _blocked_message(1).endswith(
        "1 action it added has been worked on since. Keep it (with everything on it) and remove the rest, or cancel."
    )
    assert _blocked_message(3).endswith(
        "3 actions it added have been worked on since. "
        "Keep them (with everything on them) and remove the rest, or cancel."
    )


@pytest.mark.django_db
def test_unnumbered_recommendations_already_answered_are_told_apart(client, harrow, editor):
    # Two lines "Unnumbered recommendation: 1 action" said nothing about which was which.
    review = Review.objects.create(
        organisation=harrow, title="Harrow peer challenge", stage=Stage.PUBLISHED, letter_date=dt.date(2026, 3, 15)
    )
    first = Recommendation.objects.create(
        review=review, position=0, text="Give the board fuller reports on progress.", response=Response.ACCEPTED
    )
    second = Recommendation.objects.create(
        review=review, position=1, text="Relaunch personalisation with training.", response=Response.ACCEPTED
    )
    plan = planning.create_plan(
        harrow, by=editor, title="Plan", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31), review=review
    )
    planning.create_action(plan, by=editor, title="Board reports", recommendations=[first])
    planning.create_action(plan, by=editor, title="Personalisation", recommendations=[second])
    client.force_login(editor)
    response = client.get(
        reverse("plans:actions_from_review", kwargs={"gss_code": harrow.gss_code, "plan_id": plan.pk})
    )
    items = [
        li.get_text(" ", strip=True)
        for li in BeautifulSoup(response.content, "html.parser").select("[data-answered] li")
    ]
    assert items == [
        "Unnumbered recommendation (“Give the board fuller reports on progress.”): 1 action",
        "Unnumbered recommendation (“Relaunch personalisation with training.”): 1 action",
    ]
