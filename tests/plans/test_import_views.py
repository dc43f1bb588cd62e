"""The plan's import pages (ascent/plans/views/imports.py): upload, columns, preview, import, roll back.

The world: Harrow's plan (no review) with one action typed in by hand, 1.1; the editor persona
imports into it.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ascent.imports.models import ImportRun
from ascent.jobs.models import Job
from ascent.plans.models import Action, Plan, ProgressUpdate, Theme

pytestmark = pytest.mark.django_db

GOOD = (
    "Reference,Theme,Action,Owner,Due date,Status,RAG,Per cent complete,Latest update\n"
    "A1,Carers,Offer every carer an assessment,Carers lead,31/03/2027,In progress,Green,40,Started\n"
    "A2,Carers,Halve the waiting list,Editor Person,Mar-27,Not yet started,Amber,0,\n"
)


@pytest.fixture
def plan(harrow, editor):
    plan = Plan.objects.create(
        organisation=harrow,
        title="Harrow improvement plan",
        owner=editor,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
    )
    Action.objects.create(plan=plan, reference="1.1", title="Typed in by hand")
    return plan


def url(name, plan, **kwargs):
    return reverse(f"plans:{name}", kwargs={"gss_code": plan.organisation.gss_code, "plan_id": plan.pk, **kwargs})


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def upload(client, plan, text, name="plan.csv"):
    return client.post(url("import", plan), {"file": SimpleUploadedFile(name, text.encode())})


def test_the_upload_page_explains_the_columns(client, plan, editor):
    client.force_login(editor)
    page = soup(client.get(url("import", plan)))
    assert page.h1.get_text(strip=True) == "Import an action plan"
    headings = [th.get_text(" ", strip=True) for th in page.select("details tbody th")]
    assert headings[:4] == ["Reference (optional)", "Recommendation (optional)", "Theme (optional)", "Action"]
    assert "answers no review" in page.get_text()


def test_no_file_is_an_error_on_the_form(client, plan, editor):
    client.force_login(editor)
    page = soup(client.post(url("import", plan), {}))
    assert (
        page.select_one(".govuk-error-summary")
        .get_text(" ", strip=True)
        .endswith("Select a CSV file or an Excel workbook")
    )


def test_upload_check_preview_import_and_roll_back(client, plan, editor):
    client.force_login(editor)
    response = upload(client, plan, GOOD)
    run = ImportRun.objects.get()
    assert response["Location"] == url("import_preview", plan, run_id=run.pk)
    assert run.status == ImportRun.Status.VALIDATED, "recognised columns are checked at once"

    page = soup(client.get(response["Location"]))
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("[data-preview] tbody tr")]
    assert rows[0] == [
        "2",
        "A1",
        "Offer every carer an assessment",
        "Carers (new theme)",
        "",
        "Carers lead",
        "31 March 2027",
        "On track",
        "Green",
        "40%",
    ]
    assert page.find("button", string="Import 2 actions")
    assert Action.objects.count() == 1, "nothing is saved before the import"

    response = client.post(url("import_commit", plan, run_id=run.pk), follow=True)
    assert "Imported 2 actions into “Harrow improvement plan” from plan.csv" in response.content.decode()
    assert Action.objects.filter(import_run=run).count() == 2
    page = soup(response)
    assert page.find("button", string="Roll back this import")
    assert [a.get_text(strip=True) for a in soup(client.get(url("import", plan))).select("[data-imports] a")] == [
        f"plan.csv(import {run.pk})"
    ]

    response = client.post(url("import_rollback", plan, run_id=run.pk), follow=True)
    assert "Rolled back the import of plan.csv: removed 2 actions and 1 theme it added." in response.content.decode()
    assert list(Action.objects.values_list("reference", flat=True)) == ["1.1"]
    assert not Theme.objects.exists()


def test_errors_are_listed_by_row_and_column_and_nothing_can_be_imported(client, plan, editor):
    client.force_login(editor)
    upload(client, plan, "Reference,Action,Due date\n1.1,Again,31/03/2027\nA2,,soon\n")
    run = ImportRun.objects.get()
    page = soup(client.get(url("import_preview", plan, run_id=run.pk)))
    summary = [li.get_text(strip=True) for li in page.select(".govuk-error-summary__list li")]
    assert summary == [
        "Row 2, Reference: the plan already has an action 1.1: give a new reference or leave the row out",
        "Row 3, Action: enter what the action is",
        "Row 3, Due date: enter a date such as 31/03/2027, 31 March 2027 or Mar-27",
    ]
    assert page.title.get_text().startswith("Error:")
    assert not page.find("button", string=lambda text: text and text.startswith("Import"))
    client.post(url("import_commit", plan, run_id=run.pk))
    assert Action.objects.count() == 1


def test_headings_it_does_not_know_are_matched_by_hand(client, plan, editor):
    client.force_login(editor)
    upload(client, plan, "No.,What we are going to do about it\nA1,Something useful\n")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.UPLOADED
    page = soup(client.get(url("import_preview", plan, run_id=run.pk)))
    assert page.select_one("#id_column_title")

    page = soup(client.post(url("import_preview", plan, run_id=run.pk), {"column_reference": "No."}))
    assert "Select the column that holds the action" in page.select_one(".govuk-error-summary").get_text()

    response = client.post(
        url("import_preview", plan, run_id=run.pk),
        {"column_reference": "No.", "column_title": "What we are going to do about it"},
    )
    run.refresh_from_db()
    assert run.status == ImportRun.Status.VALIDATED
    assert run.mapping["_options"] == {"plan": plan.pk}, "matching the columns keeps the plan"
    client.post(url("import_commit", plan, run_id=run.pk))
    assert Action.objects.get(reference="A1").title == "Something useful"
    assert response.status_code == 302


def test_a_rollback_shows_the_actions_worked_on_since_and_keeps_them_when_asked(client, plan, editor, contributor):
    client.force_login(editor)
    upload(client, plan, GOOD)
    run = ImportRun.objects.get()
    client.post(url("import_commit", plan, run_id=run.pk))
    a2 = Action.objects.get(reference="A2")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        ProgressUpdate.objects.create(action=a2, on=timezone.localdate(), author=contributor, text="Begun")

    page = soup(client.post(url("import_rollback", plan, run_id=run.pk)))
    assert page.h1.get_text(strip=True) == "Some actions have been worked on since this import"
    kept = [[td.get_text(strip=True) for td in tr.select("td")][:3] for tr in page.select("[data-kept] tbody tr")]
    assert kept == [
        ["Action A2 Halve the waiting list", "Not started", "1 progress update added since"],
        ["Theme “Carers”", "", "Still used by actions that stay"],
    ]
    assert Action.objects.filter(import_run=run).count() == 2, "nothing changes until the person chooses"

    response = client.post(url("import_rollback", plan, run_id=run.pk), {"keep_changed": "yes"}, follow=True)
    text = response.content.decode()
    assert (
        "removed 1 action it added. Kept as worked on since: Action A2 Halve the waiting list; Theme “Carers”." in text
    )
    assert [
        [td.get_text(strip=True) for td in tr.select("td")] for tr in soup(response).select("[data-kept] tbody tr")
    ] == [["Action A2 Halve the waiting list", "Not started"]]
    assert list(Action.objects.order_by("reference").values_list("reference", flat=True)) == ["1.1", "A2"]


def test_an_import_of_another_plan_is_not_found_here(client, plan, editor, harrow):
    client.force_login(editor)
    upload(client, plan, GOOD)
    run = ImportRun.objects.get()
    other = Plan.objects.create(
        organisation=harrow, title="Another plan", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31)
    )
    assert client.get(url("import_preview", other, run_id=run.pk)).status_code == 404
    assert client.post(url("import_commit", other, run_id=run.pk)).status_code == 404


def test_a_big_file_is_checked_in_the_background(client, plan, editor, settings):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 1
    client.force_login(editor)
    upload(client, plan, GOOD)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.UPLOADED
    assert (run.job.kind, run.job.status) == ("import:check", Job.Status.QUEUED)
    page = soup(client.get(url("import_preview", plan, run_id=run.pk)))
    assert page.select_one("[data-busy]")
    assert not page.find("form", id="main-form"), "the columns cannot change while the file is checked"


def test_the_general_import_page_and_the_job_send_people_to_the_plans_own_page(client, plan, editor, settings):
    settings.ASCENT_IMPORT_BACKGROUND_ROWS = 1
    client.force_login(editor)
    upload(client, plan, GOOD)
    run = ImportRun.objects.get()
    own = url("import_preview", plan, run_id=run.pk)
    general = reverse("imports:detail", kwargs={"gss_code": plan.organisation.gss_code, "run_id": run.pk})
    response = client.get(general)
    assert (response.status_code, response["Location"]) == (302, own)
    assert run.job.return_url == own


def test_the_upload_page_reads_in_a_fixed_number_of_queries(client, plan, editor, django_assert_num_queries):
    client.force_login(editor)
    upload(client, plan, GOOD)
    client.get(url("import", plan))  # warm the session and caches
    with django_assert_num_queries(10):
        client.get(url("import", plan))
    for _ in range(3):
        upload(client, plan, GOOD)
    with django_assert_num_queries(10):
        client.get(url("import", plan))
