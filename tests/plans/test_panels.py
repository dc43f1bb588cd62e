"""The improvement plans' blocks on other pages (ascent/plans/panels.py): the Overview panel and the element block."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ascent.plans.models import Action, ActionStatus, Plan, PlanSettings, PlanStatus
from ascent.plans.panels import element_actions_panel, plans_panel

from ..assessments.factories import teasc_framework

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def make_plan(organisation, title="Harrow improvement plan", **fields):
    values = {"starts_on": dt.date(2026, 4, 1), "ends_on": dt.date(2027, 3, 31)}
    return Plan.objects.create(organisation=organisation, title=title, **{**values, **fields})


def make_action(plan, reference, **fields):
    values = {"title": f"Action {reference}", "status": ActionStatus.AT_RISK, "last_update_on": TODAY}
    return Action.objects.create(plan=plan, reference=reference, **{**values, **fields})


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def plan(harrow):
    return make_plan(harrow)


@pytest.fixture
def actions(harrow, herefordshire, plan):
    """Harrow: two not started (one overdue), one on track and overdue, one off track and quiet, one complete;
    a superseded plan's action and a superseded action are not counted. Herefordshire has its own."""
    made = {
        "waiting": make_action(plan, "1.1", status=ActionStatus.NOT_STARTED),
        "late": make_action(plan, "1.2", status=ActionStatus.NOT_STARTED, due_date=TODAY - dt.timedelta(days=1)),
        "claimed": make_action(plan, "1.3", status=ActionStatus.ON_TRACK, due_date=TODAY - dt.timedelta(days=9)),
        "quiet": make_action(plan, "1.4", status=ActionStatus.OFF_TRACK, last_update_on=TODAY - dt.timedelta(days=60)),
        "done": make_action(plan, "1.5", status=ActionStatus.COMPLETE, no_evidence_reason="No paper"),
    }
    make_action(plan, "1.6", status=ActionStatus.ON_TRACK, superseded_by=made["waiting"])
    old = make_plan(harrow, "Old plan", status=PlanStatus.SUPERSEDED, superseded_by=plan)
    make_action(old, "1", status=ActionStatus.OFF_TRACK, due_date=TODAY - dt.timedelta(days=300))
    make_action(make_plan(herefordshire, "Herefordshire plan"), "1", status=ActionStatus.OFF_TRACK)
    return made


# ----- the Overview panel ---------------------------------------------------------------------


def test_the_panel_counts_open_actions_by_status_overdue_stale_and_flags(harrow, viewer, actions):
    panel = plans_panel(request_for(viewer), harrow)
    assert panel["plans"] == 2
    assert [(status.value, count) for status, count in panel["by_status"]] == [
        ("not-started", 2),
        ("on-track", 1),
        ("off-track", 1),
    ]
    assert panel["open"] == 4
    assert panel["overdue"] == 2
    assert panel["stale"] == 1
    # On track but overdue (1.3), and no update for 60 days (1.4).
    assert panel["flags"] == 2
    assert panel["flags_by_check"] == {"plans.on-track-but-overdue": 1, "plans.no-update": 1}


def test_the_panel_uses_the_councils_stale_days(harrow, viewer, actions):
    PlanSettings.objects.create(organisation=harrow, stale_after_days=61)
    panel = plans_panel(request_for(viewer), harrow)
    assert panel["stale"] == 0 and panel["stale_after_days"] == 61


def test_the_panel_is_for_members_only(harrow, outsider, actions):
    assert plans_panel(request_for(outsider), harrow) is None


def test_the_overview_shows_the_panel(client, harrow, viewer, actions):
    client.force_login(viewer)
    page = soup(client.get(reverse("organisations:overview", args=[harrow.gss_code])))
    heading = next(h for h in page.select("main h2") if h.get_text(strip=True) == "Improvement plans")
    assert heading is not None
    assert [li.get_text(strip=True) for li in page.select("[data-plans-by-status] li")] == [
        "Not started: 2",
        "On track: 1",
        "Off track: 1",
    ]
    assert " ".join(page.select_one("[data-plans-overdue]").get_text().split()) == "2 overdue: past their due date."
    assert " ".join(page.select_one("[data-plans-stale]").get_text().split()) == (
        "1 has had no progress update for 60 days or more."
    )
    flags = page.select_one("[data-plans-flags]")
    assert "2 open challenges" in flags.get_text()
    assert flags.select_one("a")["href"] == reverse("assurance:index", args=[harrow.gss_code])
    by_check = [(a.get_text(strip=True), a["href"]) for a in page.select("[data-plans-checks] a")]
    challenges = reverse("assurance:index", args=[harrow.gss_code])
    assert by_check == [
        ("No progress update", f"{challenges}?check=plans.no-update"),
        ("Reported on track but overdue", f"{challenges}?check=plans.on-track-but-overdue"),
    ]
    assert [li.get_text(strip=True) for li in page.select("[data-plans-checks] li")] == [
        "No progress update: 1",
        "Reported on track but overdue: 1",
    ]
    hrefs = [a["href"] for a in page.select("main a")]
    assert reverse("plans:index", args=[harrow.gss_code]) in hrefs


def test_the_panel_says_when_there_are_no_plans(client, harrow, viewer):
    client.force_login(viewer)
    page = soup(client.get(reverse("organisations:overview", args=[harrow.gss_code])))
    assert "Harrow has no improvement plans yet." in page.get_text()
    assert page.select_one("[data-plans-by-status]") is None


def test_the_panel_says_when_no_action_is_open(client, harrow, viewer, plan):
    make_action(plan, "1", status=ActionStatus.COMPLETE, no_evidence_reason="No paper")
    client.force_login(viewer)
    text = " ".join(soup(client.get(reverse("organisations:overview", args=[harrow.gss_code]))).get_text().split())
    assert "Harrow's plans have no open actions." in text
    assert "No open challenges about actions." in text


#: 3 for the panel, 5 for the flags of every source (the programmes' 1 for a council with no active programme).
PANEL_QUERIES = 9


def test_the_panel_takes_the_same_queries_however_many_actions(
    harrow, viewer, actions, plan, django_assert_num_queries
):
    plans_panel(request_for(viewer), harrow)  # warm the permission caches
    # Each request works out the council's flags once, from every app's sources (the Overview's
    # other panels share them): 3 for the panel, the rest for the flags of every source.
    with django_assert_num_queries(PANEL_QUERIES):
        plans_panel(request_for(viewer), harrow)
    for number in range(30):
        make_action(plan, f"9.{number}", status=ActionStatus.ON_TRACK, due_date=TODAY - dt.timedelta(days=number + 1))
    with django_assert_num_queries(PANEL_QUERIES):
        panel = plans_panel(request_for(viewer), harrow)
    assert panel["overdue"] == 32
    assert panel["flags_by_check"]["plans.on-track-but-overdue"] == 31  # 1.3 and the 30 new ones


def test_the_panels_of_one_request_work_out_the_flags_once(harrow, viewer, actions, django_assert_num_queries):
    request = request_for(viewer)
    plans_panel(request, harrow)
    with django_assert_num_queries(3):
        plans_panel(request, harrow)


def test_the_empty_panel_takes_one_query(harrow, viewer, django_assert_num_queries):
    request = request_for(viewer)
    plans_panel(request, harrow)
    with django_assert_num_queries(1):
        assert plans_panel(request, harrow)["plans"] == 0


# ----- the element page's block ------------------------------------------------------------------


@pytest.fixture
def tagged(harrow, herefordshire, plan, actions):
    framework = teasc_framework()
    element = framework.elements.get(key="domain-2")
    open_one = actions["claimed"]
    open_one.original_due_date = TODAY - dt.timedelta(days=60)
    open_one.save()
    for action in (open_one, actions["done"]):
        action.elements.add(element)
    actions["waiting"].elements.add(framework.elements.get(key="domain-3"))
    other = make_action(make_plan(herefordshire, "Herefordshire's plan"), "H1", title="Herefordshire's own")
    other.elements.add(element)
    return {"element": element, "open": open_one, "closed": actions["done"], "other": other}


def test_the_element_block_lists_the_actions_tagged_with_it(harrow, viewer, tagged):
    panel = element_actions_panel(request_for(viewer), harrow, tagged["element"])
    assert panel["open_actions"] == [tagged["open"]]
    assert panel["closed_actions"] == [tagged["closed"]]
    assert panel["open_actions"][0].overdue is True
    assert panel["open_actions"][0].moved is True


def test_the_element_block_is_for_members_only_and_keeps_to_the_council(harrow, herefordshire, outsider, tagged):
    assert element_actions_panel(request_for(outsider), harrow, tagged["element"]) is None
    panel = element_actions_panel(request_for(outsider), herefordshire, tagged["element"])
    assert panel["open_actions"] == [tagged["other"]]


def test_the_element_page_shows_the_block(client, harrow, viewer, tagged):
    client.force_login(viewer)
    page = soup(client.get(reverse("assessments:element", args=[harrow.gss_code, tagged["element"].pk])))
    rows = page.select("[data-element-actions=open] [data-action]")
    assert [row["data-action"] for row in rows] == [str(tagged["open"].pk)]
    cells = [" ".join(cell.get_text(" ").split()) for cell in rows[0].select("td")]
    assert cells[0] == "1.3 Action 1.3 Harrow improvement plan"
    assert cells[1] == "On track"
    assert cells[2].endswith("Overdue") and "originally" in cells[2]
    link = rows[0].select_one("a")["href"]
    assert link == reverse("plans:action", args=[harrow.gss_code, tagged["open"].plan_id, tagged["open"].pk])
    closed = page.select("[data-element-actions=closed] [data-action]")
    assert [row["data-action"] for row in closed] == [str(tagged["closed"].pk)]
    assert "Herefordshire's own" not in page.get_text()


def test_the_element_block_says_when_nothing_is_tagged(client, harrow, viewer, plan):
    element = teasc_framework().elements.get(key="domain-1")
    client.force_login(viewer)
    page = soup(client.get(reverse("assessments:element", args=[harrow.gss_code, element.pk])))
    assert f"No action of Harrow's improvement plans is tagged with {element.label}." in " ".join(
        page.get_text().split()
    )


def test_the_element_block_takes_one_query_however_many_actions(
    harrow, viewer, plan, tagged, django_assert_num_queries
):
    request = request_for(viewer)
    element_actions_panel(request, harrow, tagged["element"])  # warm the permission caches
    with django_assert_num_queries(1):
        element_actions_panel(request, harrow, tagged["element"])
    for number in range(20):
        make_action(plan, f"8.{number}").elements.add(tagged["element"])
    with django_assert_num_queries(1):
        panel = element_actions_panel(request, harrow, tagged["element"])
    assert len(panel["open_actions"]) == 21
