"""In a browser: importing an action plan into a plan (ascent/plans/views/imports.py), from the
upload through a file with errors, the preview and the import to a rollback that keeps an action
worked on since, each page scanned with axe-core (WCAG 2.2 AA) at 1280 px and at 320 px.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_import_action_plan.py
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from ascent.plans.models import Action, Plan, ProgressUpdate

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BAD = b"Reference,Action,Due date\n1,Offer every carer an assessment,Spring 2027\n"
GOOD = (
    b"Reference,Theme,Action,Lead officer,Deadline,Status,RAG,% complete,Latest update\n"
    b"1,Carers,Offer every carer an assessment,Carers lead,31/03/2027,In progress,Green,40%,Started\n"
    b"2,Carers,Halve the waiting list,Editor Person,Mar-27,Not yet started,Amber,0,\n"
)


def test_an_editor_imports_an_action_plan_and_rolls_it_back(page, live_server, harrow, editor, tmp_path):
    plan = Plan.objects.create(
        organisation=harrow,
        title="Harrow improvement plan",
        owner=editor,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
    )
    sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}/orgs/{harrow.gss_code}/plans/{plan.pk}/import/")
    expect(page.get_by_role("heading", name="Import an action plan")).to_be_visible()
    check_accessibility(page, "plans-import-upload")

    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD)
    page.get_by_label("Upload the action plan").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 2, Due date: enter a date such as 31/03/2027, 31 March 2027 or Mar-27"
    )
    check_accessibility(page, "plans-import-errors")

    good = tmp_path / "plan.csv"
    good.write_bytes(GOOD)
    page.get_by_role("link", name="upload it again").click()
    page.get_by_label("Upload the action plan").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("[data-preview]")).to_contain_text("Carers (new theme)")
    check_accessibility(page, "plans-import-preview")

    page.get_by_role("button", name="Import 2 actions").click()
    expect(page.get_by_text("Imported 2 actions into “Harrow improvement plan” from plan.csv")).to_be_visible()
    expect(page.get_by_role("button", name="Roll back this import")).to_be_visible()
    check_accessibility(page, "plans-import-done")

    action = Action.objects.get(reference="2")
    ProgressUpdate.objects.create(action=action, on=dt.date.today(), author=editor, text="Begun")  # noqa: DTZ011
    page.get_by_role("button", name="Roll back this import").click()
    expect(page.get_by_role("heading", name="Some actions have been worked on since this import")).to_be_visible()
    check_accessibility(page, "plans-import-rollback-confirm")
    page.get_by_role("button", name="Remove the 1 untouched action and keep the rest").click()
    expect(page.locator("[data-kept]")).to_contain_text("Action 2 Halve the waiting list")
    check_accessibility(page, "plans-import-rolled-back")
    assert list(Action.objects.values_list("reference", flat=True)) == ["2"]
