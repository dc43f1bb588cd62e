"""Browser journey of issue 10, end to end: from rating an element to the region's heat map.

Harrow's admin rates the six TEASC domains of its 2015-16 self-assessment, links an indicator
that is off target to one and uploads an evidence file for it, and sees the assurance check
challenge the favourable rating; submits, signs off with a justification for each challenge,
and shares it with London. London's regional lead then opens the heat map, reads Harrow's
shared self-assessment, and Harrow's admin exports the self-assessment summary as a PDF.
Every page state gets an axe-core WCAG 2.2 AA scan at 1280 px and 320 px.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_self_assessment_journey.py
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ascent.assessments.models import ElementRating, FlagJustification, SelfAssessment, Status
from ascent.core.periods import parse_period
from ascent.core.rag import Target as TargetRule
from ascent.indicators import actions as indicator_actions
from tests.indicators.factories import IndicatorFactory, series

from .conftest import check_accessibility, sign_in
from .test_journeys import download, heading

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_rate_challenge_sign_off_share_and_the_region_sees_it(
    page, live_server, harrow, admin_user, regional_lead, shipped_frameworks, tmp_path
):
    teasc = shipped_frameworks["teasc-risk-awareness"]
    indicator = IndicatorFactory(code="LOCAL-REVIEWS", title="Long-term clients reviewed in the year", unit="percent")
    series(harrow, indicator, {"2014-15": "71", "2015-16": "64"})
    indicator_actions.set_target(
        harrow, indicator, period=parse_period("2015-16"), rule=TargetRule.at_least(Decimal("80")), by=admin_user
    )
    sign_in(page, live_server, admin_user)

    # Start the self-assessment through the pages.
    page.goto(live_server.url + reverse("assessments:index", kwargs={"gss_code": harrow.gss_code}))
    page.get_by_role("link", name="Start a self-assessment").click()
    page.get_by_label("Framework").select_option(str(teasc.pk))
    page.get_by_label("Period").fill("2015-16")
    page.get_by_role("button", name="Start the self-assessment").click()
    assessment = SelfAssessment.objects.get(organisation=harrow)
    check_accessibility(page, "journey-summary-new")

    # Rate one domain as a person would: a favourable rating over an indicator that is off target.
    performance = teasc.elements.get(key="domain-1")
    page.get_by_role("link", name=performance.label).click()
    expect(heading(page)).to_have_text(performance.label)
    page.get_by_label("Indicator").select_option(label=f"{indicator.code} {indicator.title}")
    page.get_by_role("button", name="Link the indicator").click()
    expect(page.locator("#indicators + .app-table-wrapper table")).to_contain_text("Red")
    pdf = tmp_path / "safeguarding-audit.pdf"
    pdf.write_bytes(PDF)
    upload = page.locator("form", has=page.get_by_role("button", name="Upload and attach"))
    upload.get_by_label("File").set_input_files(str(pdf))
    upload.get_by_label("Title").fill("Safeguarding audit, January 2016")
    upload.get_by_label("Processes").check()
    upload.get_by_label("Date of the evidence").fill("20/1/2016")
    page.get_by_role("button", name="Upload and attach").click()
    expect(page.locator("#evidence + .app-table-wrapper table")).to_contain_text("Safeguarding audit, January 2016")
    page.get_by_label("Low risk").check()
    page.get_by_label("Narrative").fill("Reviews slipped over the winter, but a recovery plan is in place.")
    page.get_by_role("button", name="Save the rating").click()
    check_accessibility(page, "journey-summary-rated")

    # The check challenges the favourable rating: on the rating page and the Challenges page.
    page.get_by_role("link", name=performance.label).click()
    expect(page.locator("main")).to_contain_text("Favourable rating over red indicators")
    check_accessibility(page, "journey-rating-challenged")
    page.goto(live_server.url + reverse("assurance:index", kwargs={"gss_code": harrow.gss_code}))
    expect(page.locator("main")).to_contain_text(indicator.code)
    check_accessibility(page, "journey-challenges")

    # The other five domains were rated at a meeting and typed in afterwards.
    ElementRating.objects.filter(assessment=assessment).exclude(element=performance).update(
        rating="amber", narrative="Agreed at the directorate meeting"
    )

    page.goto(live_server.url + reverse("assessments:detail", args=[harrow.gss_code, assessment.pk]))
    page.get_by_role("link", name="Submit for sign-off").click()
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted for sign-off")

    page.get_by_role("link", name="Sign off").click()
    expect(heading(page)).to_have_text("Sign off the self-assessment")
    boxes = page.locator("textarea[name^='justify-']")
    expect(boxes.first).to_be_visible()
    challenged = boxes.count()
    assert challenged >= 1
    check_accessibility(page, "journey-sign-off")
    for index in range(challenged):
        boxes.nth(index).fill("The recovery plan was agreed by the lead member in February")
    page.get_by_role("button", name="Sign off version 1").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been signed off")
    assessment.refresh_from_db()
    assert assessment.status == Status.SIGNED_OFF
    assert FlagJustification.objects.filter(assessment=assessment).count() == challenged

    page.get_by_role("link", name="Share with the region").click()
    page.get_by_role("button", name="Share with the region").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("shared with London")

    # The admin exports the self-assessment summary as a PDF.
    page.goto(live_server.url + reverse("reports:index", kwargs={"gss_code": harrow.gss_code}))
    page.get_by_role("link", name="View Self-assessment summary").click()
    expect(page.locator("main")).to_contain_text("The recovery plan was agreed by the lead member in February")
    check_accessibility(page, "journey-report")
    name, content = download(page, page.get_by_role("link", name="Download as PDF"))
    assert name.endswith(".pdf"), name
    assert content.startswith(b"%PDF")

    # London's regional lead sees it in the heat map and reads it, with the justification.
    page.context.clear_cookies()
    sign_in(page, live_server, regional_lead)
    page.goto(live_server.url + reverse("organisations:region", kwargs={"code": "E12000007"}))
    page.get_by_role("link", name="Shared self-assessments").click()
    heat = page.locator("[data-heat-map]")
    expect(heat.locator(f"[data-element='{performance.key}'] td")).to_have_text("Low risk")
    check_accessibility(page, "journey-heat-map")
    heat.get_by_role("link", name="Harrow").click()
    expect(page.locator("main")).to_contain_text("The recovery plan was agreed by the lead member in February")
    check_accessibility(page, "journey-region-reads")
