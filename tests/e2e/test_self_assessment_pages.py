"""The self-assessment pages in a browser: start one, rate an element with its evidence, name
top risks, with every page axe-clean at desktop width and at 320 px."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ascent.assessments.models import ElementRating, SelfAssessment
from tests.assessments.factories import evidence_file, teasc_framework
from tests.indicators.factories import IndicatorFactory, series

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_start_rate_attach_and_name_risks(page, live_server, harrow, contributor, editor):
    framework = teasc_framework()
    indicator = IndicatorFactory(code="2A(1)", title="Admissions to care homes")
    series(harrow, indicator, {"2014-15": "60", "2015-16": "70"})
    evidence_file(harrow, title="Board minutes, March 2016")
    sign_in(page, live_server, editor)

    page.goto(live_server.url + reverse("assessments:index", kwargs={"gss_code": harrow.gss_code}))
    check_accessibility(page, "self-assessment-index-empty")
    page.get_by_role("link", name="Start a self-assessment").click()
    page.get_by_role("button", name="Start the self-assessment").click()  # nothing chosen
    # expect() waits for the answer to the post; is_visible() looked at once and could still see
    # the form before it, on a busy machine.
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "self-assessment-new-errors")
    page.get_by_label("Framework").select_option(str(framework.pk))
    page.get_by_label("Period").fill("2015/16")
    page.get_by_role("button", name="Start the self-assessment").click()
    assessment = SelfAssessment.objects.get()
    check_accessibility(page, "self-assessment-summary")

    page.get_by_role("link", name="Domain 2 Performance and outcomes").click()
    check_accessibility(page, "self-assessment-rating")
    page.get_by_label("Indicator").select_option(label="2A(1) Admissions to care homes")
    page.get_by_role("button", name="Link the indicator").click()
    expect(page.locator("#indicators + .app-table-wrapper table")).to_contain_text("70.0% (2015-16)")
    page.get_by_label("Evidence file").select_option(index=1)
    page.get_by_role("button", name="Attach the file").click()
    expect(page.locator("#evidence + .app-table-wrapper table")).to_contain_text("Board minutes, March 2016")
    page.get_by_label("Medium risk").check()
    page.get_by_label("Narrative").fill("Admissions are falling but remain above comparators.")
    page.get_by_role("button", name="Save the rating").click()
    rating = ElementRating.objects.get(assessment=assessment, element__key="domain-2")
    assert (rating.rating, rating.narrative) == ("amber", "Admissions are falling but remain above comparators.")
    assert page.locator("#completion-text").inner_text() == "1 of 6 rated with a narrative"
    check_accessibility(page, "self-assessment-summary-rated")

    page.get_by_role("link", name="Change the top risks").click()
    page.get_by_label("Risk 1", exact=True).fill("Fragile home care market")
    page.get_by_role("button", name="Save the top risks").click()
    # A named risk needs its mitigation.
    assert "Enter how risk 1 is being mitigated" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Mitigation of risk 1").fill("Fee review with providers")
    page.get_by_role("button", name="Save the top risks").click()
    expect(page.locator("main")).to_contain_text("Fragile home care market")
    page.goto(
        live_server.url
        + reverse("assessments:risks", kwargs={"gss_code": harrow.gss_code, "assessment_id": assessment.pk})
    )
    check_accessibility(page, "self-assessment-risks")
