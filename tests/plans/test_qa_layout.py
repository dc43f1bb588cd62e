"""The plan pages reflow at 320 px (WCAG 1.4.10): every table scrolls sideways inside its own box.

A wide table (the plan list has eight columns, the plan page six) otherwise makes the whole page
scroll sideways on a phone. Each table sits in ``app-table-wrapper``, a focusable region named by
the table's caption, as the reviews' tables do.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.plans import planning

TEMPLATES = Path(__file__).resolve().parents[2] / "ascent" / "plans" / "templates" / "plans"
GSS = "E09000015"


def page_templates():
    # E-mails are read in a mail program, not a browser page of the service.
    return sorted(p for p in TEMPLATES.rglob("*.html") if "emails" not in p.parts)


def test_every_table_of_the_plan_pages_is_in_a_scrolling_region():
    unwrapped = []
    for path in page_templates():
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines):
            if "<table" in line and "app-table-wrapper" not in lines[number - 1]:
                unwrapped.append(f"{path.relative_to(TEMPLATES)}:{number + 1}")
    assert unwrapped == []


@pytest.mark.django_db
def test_the_plan_list_and_plan_page_name_each_scrolling_region_by_its_caption(client, harrow, editor):
    plan = planning.create_plan(
        harrow, by=editor, title="Front door plan", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31)
    )
    advice = planning.add_theme(plan, by=editor, title="Information and advice", lead_name="Head of Advice")
    carers = planning.add_theme(plan, by=editor, title="Carers", lead_name="Head of Carers Services")
    planning.create_action(plan, by=editor, title="One phone number", theme=advice, due_date=dt.date(2026, 9, 1))
    planning.create_action(plan, by=editor, title="A carers' card", theme=carers, due_date=dt.date(2026, 10, 1))
    client.force_login(editor)
    for url in (
        reverse("plans:index", kwargs={"gss_code": GSS}),
        reverse("plans:plan", kwargs={"gss_code": GSS, "plan_id": plan.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        tables = page.select("main table")
        assert tables
        ids = []
        for table in tables:
            region = table.parent
            assert "app-table-wrapper" in region["class"] and region["tabindex"] == "0"
            caption = page.find(id=region["aria-labelledby"])
            assert caption is not None and caption.name == "caption" and caption.parent is table
            ids.append(caption["id"])
        assert len(ids) == len(set(ids)), ids
    # The plan page: the themes table and one table of actions per theme.
    assert len(tables) == 3
    assert [re.sub(r"\s+", " ", t.caption.get_text()).strip() for t in tables[1:]] == [
        "Information and advice",
        "Carers",
    ]


@pytest.mark.django_db
def test_the_plan_page_says_per_cent_complete_not_done(client, harrow, editor):
    # "Done" beside the status "Done another way" (at 0%) read as a contradiction.
    plan = planning.create_plan(
        harrow, by=editor, title="Front door plan", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31)
    )
    planning.create_action(plan, by=editor, title="One phone number", due_date=dt.date(2026, 9, 1))
    client.force_login(editor)
    response = client.get(reverse("plans:plan", kwargs={"gss_code": GSS, "plan_id": plan.pk}))
    page = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(strip=True) for th in page.select("table[data-actions] thead th")]
    assert headers == ["Action", "Owner", "Due", "Status", "RAG", "Per cent complete"]
