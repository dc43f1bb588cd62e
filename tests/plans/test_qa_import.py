"""The plan import's errors, counted by kind, name the column as the file heads it.

The kinds used to keep the schema's own field name ("due_date: not a real date"), which a
council officer never typed and does not recognise; the table of errors beside it said "Due
date". The fix is in the import engine, so every kind of import speaks the file's language.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ascent.imports.models import ImportRun
from ascent.plans.models import Plan

pytestmark = pytest.mark.django_db

WRONG = (
    "Reference,Theme,Action,Owner,Due date,Status,RAG,Per cent complete\n"
    "A1,Carers,Offer every carer an assessment,Carers lead,31/02/2027,In progress,Green,40\n"
    "A2,Carers,Halve the waiting list,Carers lead,30/02/2027,Not yet started,Purple,0\n"
)


def test_errors_by_kind_use_the_files_headings(client, harrow, editor):
    plan = Plan.objects.create(
        organisation=harrow,
        title="Harrow plan",
        owner=editor,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
    )
    client.force_login(editor)
    url = reverse("plans:import", kwargs={"gss_code": harrow.gss_code, "plan_id": plan.pk})
    response = client.post(url, {"file": SimpleUploadedFile("plan.csv", WRONG.encode())}, follow=True)
    assert response.status_code == 200
    run = ImportRun.objects.get()
    assert sorted(run.error_summary) == [["Due date: not a real date", 2], ["RAG: not a RAG rating", 1]]
    page = BeautifulSoup(response.content, "html.parser")
    kinds = [td.get_text(strip=True) for td in page.select("table tbody tr td:first-child")]
    assert "Due date: not a real date" in kinds
    assert not any("due_date" in kind for kind in kinds)
