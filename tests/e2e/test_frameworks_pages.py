"""Browser check of the frameworks pages (issue 10, points 2 and 3).

An editor of Harrow opens the list of frameworks, the CQC framework with its quality
statements and what each also counts towards, and uploads a framework file with mistakes:
the problems are listed by line and field and nothing is loaded. Each page gets an axe-core
WCAG 2.2 AA scan at desktop and 320 px.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_frameworks_pages.py
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ascent.frameworks.models import Framework

from .conftest import check_accessibility, expect_failed_resource, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BROKEN = """\
slug: harrow-kloe
name: Harrow key lines of enquiry
version: "1"
rating_scale:
  - {value: no, label: Not met, score: 1, favourable: false, colour: purple}
  - {value: yes, label: Met, score: 2, favourable: maybe}
elements:
  - key: leadership
    kind: Key line of enquiry
    title: Leadership
"""


def test_frameworks_list_one_framework_and_upload_errors(
    page, live_server, harrow, editor, shipped_frameworks, tmp_path
):
    sign_in(page, live_server, editor)
    page.goto(live_server.url + reverse("frameworks:index", kwargs={"gss_code": harrow.gss_code}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Frameworks")
    expect(page.locator("#shipped-frameworks tbody tr")).to_have_count(len(shipped_frameworks))
    check_accessibility(page, "frameworks-list")

    page.get_by_role("link", name="CQC local authority assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CQC local authority assessment")
    expect(page.locator("#element-qs-8")).to_contain_text("Also counts towards")
    check_accessibility(page, "frameworks-cqc")

    cqc = shipped_frameworks["cqc-la-assessment"]
    refused = live_server.url + reverse("frameworks:edit", kwargs={"gss_code": harrow.gss_code, "framework_id": cqc.pk})
    expect_failed_resource(page, refused)  # a 403 page, visited on purpose
    page.goto(refused)
    expect(page.get_by_role("heading", level=1)).to_have_text("CQC local authority assessment cannot be changed")
    check_accessibility(page, "frameworks-shipped-refused")

    page.goto(live_server.url + reverse("frameworks:upload", kwargs={"gss_code": harrow.gss_code}))
    upload = tmp_path / "harrow-kloe.yaml"
    upload.write_text(BROKEN)
    page.get_by_label("Upload a YAML file").set_input_files(upload)
    page.get_by_role("button", name="Upload the framework").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("nothing was loaded")
    rows = page.locator("#problems tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("rating_scale[1].colour")
    expect(page.locator("#problems")).to_contain_text(
        'no is read as a yes/no value; to mean the text, put it in quotes: "no"'
    )
    expect(page.get_by_role("heading", name="How to write the file")).to_be_visible()
    check_accessibility(page, "frameworks-upload-errors")
    assert not Framework.objects.filter(organisation=harrow).exists()


def test_define_form_errors_and_the_crosswalk(page, live_server, harrow, editor, shipped_frameworks):
    sign_in(page, live_server, editor)
    page.goto(live_server.url + reverse("frameworks:define", kwargs={"gss_code": harrow.gss_code}))
    page.get_by_label("Name", exact=True).fill("Harrow key lines of enquiry")
    page.get_by_label("Elements", exact=True).fill("1 Leadership\n1.2.1 Orphan\n  include cqc-la-assessment:qs-99")
    page.get_by_role("button", name="Add the framework").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Elements, line 2: 1.2.1 needs a line numbered 1.2 above it")
    expect(summary).to_contain_text("Elements, line 3: there is no element cqc-la-assessment:qs-99")
    check_accessibility(page, "frameworks-define-errors")

    outline = "1 Leadership\n  1.1 Accountability\n  include cqc-la-assessment:qs-8"
    page.get_by_label("Elements", exact=True).fill(outline)
    page.get_by_label("Your own rating scale (if you chose to write one)").fill(
        "Not met | red\nMet | green | favourable"
    )
    page.get_by_role("button", name="Add the framework").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harrow key lines of enquiry")
    expect(page.locator("#element-qs-8")).to_contain_text("Included from CQC")

    page.get_by_role("link", name="Change what this framework's elements count towards").click()
    page.get_by_label("Element of this framework").select_option(label="1.1 Accountability")
    page.get_by_label("Also counts towards").select_option(label="QS9 Learning, improvement and innovation")
    page.get_by_role("button", name="Add the mapping").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("now also counts towards")
    check_accessibility(page, "frameworks-crosswalk")
