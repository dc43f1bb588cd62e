"""In a browser: the Challenges page lists open and justified flags and passes the
accessibility scan at desktop width and at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ascent.assessments.models import FlagJustification
from tests.assurance import world

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flagged(harrow):
    cqc = world.cqc()
    assessment = world.assessment(harrow, cqc)
    qs7 = world.rate(assessment, "qs-7", "3")
    world.link(qs7, world.red_indicator(harrow, "ASCOF-4A"))
    qs4 = world.rate(assessment, "qs-4", "2")
    FlagJustification.objects.create(
        assessment=assessment,
        flag_key=f"assessments.no-evidence:rating:{qs4.pk}",
        check_name="assessments.no-evidence",
        reason="...",
        justification="The case file audit reports in June, and its findings will be attached then.",
    )
    return assessment


def test_the_challenges_page_reads_well_at_both_widths(page, live_server, harrow, viewer, flagged):
    sign_in(page, live_server, viewer)
    page.goto(f"{live_server.url}/orgs/{harrow.gss_code}/challenges/")
    expect(page.get_by_role("heading", name="Challenges", exact=True)).to_be_visible()
    expect(page.get_by_text("QS7 Safeguarding — CQC 2024-25 v1").first).to_be_visible()
    expect(page.get_by_role("heading", name="Justified at sign-off")).to_be_visible()
    check_accessibility(page, "challenges")
