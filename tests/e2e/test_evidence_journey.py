"""Browser journey: evidence files (issue 10, point 4).

A contributor of Harrow uploads a web page named as a PDF and is refused, naming what it is;
then uploads a real PDF with its kind and date, sees its page and downloads it. The list
shows it; an editor deletes it. Every page state gets an axe-core WCAG 2.2 AA scan at
desktop and 320 px.

    ASCENT_ENV=test .venv/bin/pytest tests/e2e/test_evidence_journey.py
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ascent.evidence.models import EvidenceFile
from tests.evidence import samples

from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_upload_refuse_download_and_delete_an_evidence_file(page, live_server, harrow, contributor, editor, tmp_path):
    evidence_list = live_server.url + reverse("evidence:index", kwargs={"gss_code": harrow.gss_code})
    sign_in(page, live_server, contributor)
    page.goto(evidence_list)
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence files")
    expect(page.get_by_text("No evidence files have been uploaded yet.")).to_be_visible()
    check_accessibility(page, "evidence-empty-list")

    page.get_by_role("link", name="Upload an evidence file").click()
    check_accessibility(page, "evidence-upload")

    # A web page saved with a PDF name is refused, naming what it really is.
    fake = tmp_path / "inspection-report.pdf"
    fake.write_bytes(samples.HTML)
    page.get_by_label("File").set_input_files(str(fake))
    page.get_by_label("Title").fill("Inspection report")
    page.get_by_label("Processes").check()
    page.get_by_label("Date of the evidence").fill("31/1/2025")
    page.get_by_role("button", name="Upload").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The selected file is an HTML page")
    check_accessibility(page, "evidence-upload-refused")
    assert not EvidenceFile.objects.exists()

    real = tmp_path / "Carers survey 2024.pdf"
    real.write_bytes(samples.PDF)
    page.get_by_label("File").set_input_files(str(real))
    page.get_by_label("Title").fill("Carers' survey 2024")
    page.get_by_label("People's experience").check()
    page.get_by_label("Date of the evidence").fill("31/3/2025")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers' survey 2024")
    expect(page.locator(".govuk-summary-list")).to_contain_text("PDF document")
    check_accessibility(page, "evidence-detail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download").click()
    download = download_info.value
    assert download.suggested_filename == "Carers survey 2024.pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read() == samples.PDF

    page.goto(evidence_list)
    expect(page.locator("table")).to_contain_text("Carers' survey 2024")
    expect(page.locator("table")).to_contain_text("People's experience")
    check_accessibility(page, "evidence-list")

    page.context.clear_cookies()
    sign_in(page, live_server, editor)
    page.goto(evidence_list)
    page.get_by_role("link", name="Carers' survey 2024").click()
    page.get_by_role("link", name="Delete").click()
    check_accessibility(page, "evidence-delete")
    page.get_by_role("button", name="Yes, delete the file").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Carers' survey 2024 has been deleted")
    assert not EvidenceFile.objects.exists()
