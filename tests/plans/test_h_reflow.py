"""The plan pages' wide tables scroll inside their own region, not the page (WCAG 1.4.10 reflow).

Found by the browser journey of issue 12 (tests/e2e/test_plan_journey.py): at 320 px wide the
plan page's tables of actions, the action's requests for a later date, the council's list of
requests and the follow-up's tables of actions made the whole page scroll sideways. Each now
sits in the house's ``app-table-wrapper``: a focusable region, named, that scrolls on its own.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.plans import committee, extensions, followup
from ascent.plans.models import CommitteeKind, FollowUp, Frequency
from tests.plans.test_planning_views import GSS, TODAY, world  # noqa: F401 - world: the plan page's world

pytestmark = pytest.mark.django_db


def wrapped_tables(client, url: str, selector: str) -> list:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    page = BeautifulSoup(response.content, "html.parser")
    tables = page.select(selector)
    assert tables, f"no {selector} on {url}"
    for table in tables:
        region = table.parent
        assert "app-table-wrapper" in region.get("class", []), f"{selector} is not in a scrolling region"
        assert region.get("role") == "region" and region.get("tabindex") == "0"
        if region.get("aria-labelledby"):
            caption = page.find(id=region["aria-labelledby"])
            assert caption is not None and caption.name == "caption" and caption.text.strip()
        else:
            assert region.get("aria-label", "").strip()
    return tables


def test_the_plan_pages_tables_scroll_in_their_own_region(client, editor, contributor, world):  # noqa: F811
    late = world["late"]
    extensions.request_extension(late, by=contributor, to_date=TODAY + dt.timedelta(days=60), reason="Supplier late")
    late.recommendations.add(world["accepted"])
    followup.plan_follow_up(world["review"], by=editor)
    client.force_login(editor)

    def url(name, **kwargs):
        return reverse(f"plans:{name}", kwargs={"gss_code": GSS, **kwargs})

    assert len(wrapped_tables(client, url("plan", plan_id=world["plan"].pk), "table[data-actions]")) == 2
    wrapped_tables(client, url("action", plan_id=world["plan"].pk, action_id=late.pk), "table[data-extensions]")
    wrapped_tables(client, url("extensions"), "table[data-waiting]")
    follow_up = FollowUp.objects.get(review=world["review"])
    wrapped_tables(client, url("follow_up", follow_up_id=follow_up.pk), "table[data-actions]")


def test_the_committee_pages_tables_scroll_in_their_own_region(client, editor, world):  # noqa: F811
    scrutiny = committee.add_committee(
        world["plan"].organisation, by=editor, name="Scrutiny", kind=CommitteeKind.SCRUTINY
    )
    committee.set_schedule(
        world["plan"], by=editor, committee=scrutiny, frequency=Frequency.QUARTERLY, next_meeting_on=TODAY
    )
    committee.start_report(world["plan"], by=editor, committee=scrutiny, meeting_on=TODAY)
    client.force_login(editor)

    def url(name, **kwargs):
        return reverse(f"plans:{name}", kwargs={"gss_code": GSS, **kwargs})

    wrapped_tables(client, url("committees"), "table[data-committees]")
    wrapped_tables(client, url("schedules", plan_id=world["plan"].pk), "table[data-schedules]")
    wrapped_tables(client, url("schedules", plan_id=world["plan"].pk), "table[data-reports]")


def test_the_plans_list_scrolls_in_its_own_region(client, viewer, world):  # noqa: F811
    client.force_login(viewer)
    wrapped_tables(client, reverse("plans:index", kwargs={"gss_code": GSS}), "table[data-plans]")
