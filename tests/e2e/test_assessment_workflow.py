"""Browser journey: the workflow of a CQC self-assessment (issue 10, points 5 and 6).

An admin of Harrow opens a fully rated draft and sees the estimate of CQC's rating with its
arithmetic; submits it; signs it off, first without and then with a justification for each
open challenge; shares it with London; starts a new version, changes a rating and compares
the two versions. Every page state gets an axe-core WCAG 2.2 AA scan at desktop and 320 px.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_assessment_workflow.py
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ascent.assessments.models import ElementRating, FlagJustification, SelfAssessment, Status
from tests.assessments import workflow_world as build

from .conftest import check_accessibility, sign_in
from .test_journeys import heading

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_submit_sign_off_share_new_version_and_compare(page, live_server, harrow, admin_user):
    framework = build.framework(slug="cqc-journey")
    draft = build.version(harrow, framework, ratings={"qs-1": "3", "qs-2": "3", "qs-3": "2"})
    ElementRating.objects.filter(assessment=draft).update(narrative="Most people are assessed within four weeks")
    sign_in(page, live_server, admin_user)

    page.goto(live_server.url + reverse("assessments:detail", args=[harrow.gss_code, draft.pk]))
    expect(page.get_by_test_id("estimate-arithmetic")).to_have_text("8 of 12 = 66.7%: Good (lower part of the band)")
    expect(page.get_by_text("It is not CQC's judgement")).to_be_visible()
    check_accessibility(page, "workflow-summary-draft")

    page.get_by_role("link", name="Submit for sign-off").click()
    expect(heading(page)).to_have_text("Submit for sign-off")
    check_accessibility(page, "workflow-submit")
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted for sign-off")

    page.get_by_role("link", name="Sign off").click()
    expect(heading(page)).to_have_text("Sign off the self-assessment")
    boxes = page.locator("textarea[name^='justify-']")
    expect(boxes.first).to_be_visible()  # the assurance checks challenge a rating with no evidence
    check_accessibility(page, "workflow-sign-off")
    page.get_by_role("button", name="Sign off version 1").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are signing off over")
    check_accessibility(page, "workflow-sign-off-errors")
    challenged = boxes.count()
    for index in range(challenged):
        boxes.nth(index).fill("The peer review in March saw the practice behind this rating")
    page.get_by_label("Sign-off note (optional)").fill("Agreed at the leadership team")
    page.get_by_role("button", name="Sign off version 1").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been signed off")
    draft.refresh_from_db()
    assert draft.status == Status.SIGNED_OFF
    assert FlagJustification.objects.filter(assessment=draft).count() == challenged
    check_accessibility(page, "workflow-summary-signed-off")

    page.get_by_role("link", name="Share with the region").click()
    expect(heading(page)).to_have_text("Share with London?")
    check_accessibility(page, "workflow-share")
    page.get_by_role("button", name="Share with the region").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("shared with London")

    page.get_by_role("link", name="Start a new version").click()
    check_accessibility(page, "workflow-new-version")
    page.get_by_role("button", name="Start a new version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 2 has been started")
    copy = SelfAssessment.objects.get(based_on=draft)
    ElementRating.objects.filter(assessment=copy, element__key="qs-3").update(
        rating="3", narrative="Most people are now assessed within two weeks"
    )

    page.goto(live_server.url + reverse("assessments:compare", args=[harrow.gss_code, copy.pk]))
    expect(heading(page)).to_have_text("Compare versions")
    row = page.locator("table.ascent-compare tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Rating changed")
    expect(row.locator("ins", has_text="two")).to_have_count(1)
    expect(row.locator("del", has_text="four")).to_have_count(1)
    check_accessibility(page, "workflow-compare")
