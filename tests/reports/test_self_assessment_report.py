"""The self-assessment summary and the regional self-assessment summary, in every format."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from ascent.documents.renderers import render
from ascent.frameworks import scoring
from ascent.indicators.models import Indicator
from ascent.jobs.models import Job
from ascent.reports.self_assessment import build_regional_summary, build_self_assessment
from tests.indicators.factories import IndicatorFactory, ObservationFactory

from ..factories import RegionalRoleFactory, UserFactory
from .self_assessment_world import JUSTIFICATION, build_world


@pytest.fixture
def world(harrow, herefordshire, admin_user):
    return build_world(harrow, herefordshire, admin_user)


def _text(document) -> str:
    return render(document, "html")[0].decode()


def _download(client, organisation, assessment, fmt):
    url = reverse("reports:download", kwargs={"gss_code": organisation.gss_code, "slug": "self-assessment", "fmt": fmt})
    return client.get(url, {"assessment": assessment.pk})


@pytest.mark.django_db
def test_the_summary_shows_ratings_flags_and_justifications(world, harrow, admin_user):
    assert len(world["flags"]) >= 1  # the green domain over the red indicator
    document = build_self_assessment(harrow, user=admin_user, assessment=world["teasc"])
    headings = [section.heading for section in document.sections]
    assert headings[:4] == ["Summary", "Ratings", "Flags and justifications", "Each rating and its evidence"]
    assert "Top risks" in headings and "Evidence" in headings
    assert "Estimate of CQC's overall rating" not in headings  # TEASC has no CQC arithmetic
    html = _text(document)
    assert "Favourable rating over red indicators" in html
    assert JUSTIFICATION in html
    assert "HAR-REV12" in html
    assert "Low risk" in html and "High risk" in html
    assert "Risk: Care market" in html and "Mitigation of Care market" in html
    # The evidence list gives each file's kind and date.
    assert "Quarter 3 scorecard" in html and "Feedback from staff and partners" in html and "31 December 2015" in html


@pytest.mark.django_db
def test_the_summary_reads_the_indicators_as_at_the_end_of_its_period(world, harrow, admin_user):
    reviews = Indicator.objects.get(code="HAR-REV12")
    ObservationFactory(organisation=harrow, indicator=reviews, period="2018-19", value=Decimal("95"))
    rating = world["teasc"].ratings.get(rating="green", indicator_links__indicator=reviews)
    unknown = IndicatorFactory(organisation=harrow, code="HAR-NEW", title="Counted from 2017")
    ObservationFactory(organisation=harrow, indicator=unknown, period="2017-18", value=Decimal("5"))
    rating.indicator_links.create(indicator=unknown)

    html = _text(build_self_assessment(harrow, user=admin_user, assessment=world["teasc"]))

    # 2018-19's value was not known at the end of 2015-16: the 2015-16 value (red) is shown.
    assert "81% (2015-16)" in html and "95% (2018-19)" not in html
    assert "Latest by the end of 2015-16" in html
    assert "No value by the end of 2015-16" in html
    assert "Favourable rating over red indicators" in html


@pytest.mark.django_db
def test_the_cqc_summary_gives_the_estimate_with_its_arithmetic_and_warning(world, harrow, admin_user):
    document = build_self_assessment(harrow, user=admin_user, assessment=world["cqc"])
    html = _text(document)
    assert "Estimate of CQC&#x27;s overall rating" in html or "Estimate of CQC's overall rating" in html
    assert "23 of 36 = 63.9%: Good" in html
    assert scoring.WARNING in html.replace("&#x27;", "'")


@pytest.mark.django_db
def test_it_never_shows_another_councils_self_assessment(world, harrow, herefordshire, admin_user):
    document = build_self_assessment(harrow, user=admin_user, assessment=world["herefordshire_shared"])
    assert "Herefordshire" not in _text(document)
    assert "has no self-assessment" in _text(document)


@pytest.mark.django_db
def test_the_word_document_reads_back(client, world, harrow, admin_user):
    client.force_login(admin_user)
    response = _download(client, harrow, world["teasc"], "docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="self-assessment-summary-harrow-')
    word = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    assert JUSTIFICATION in text
    assert "Favourable rating over red indicators" in text
    assert "Flags and justifications" in text


@pytest.mark.django_db
def test_the_workbook_keeps_numbers_as_numbers(client, world, harrow, admin_user):
    client.force_login(admin_user)
    response = _download(client, harrow, world["cqc"], "xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    values = [value for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row]
    # Each quality statement's score is a number in the sheet, not text.
    scores = [v for v in values if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 4]
    assert len(scores) >= 9
    assert "2" not in values and "3" not in values
    teasc = load_workbook(io.BytesIO(_download(client, harrow, world["teasc"], "xlsx").content))
    cells = [value for sheet in teasc.worksheets for row in sheet.iter_rows(values_only=True) for value in row]
    assert JUSTIFICATION in cells


@pytest.mark.django_db
def test_the_pdf_and_the_web_page(client, world, harrow, admin_user):
    client.force_login(admin_user)
    pdf = _download(client, harrow, world["teasc"], "pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = client.get(
        reverse("reports:view", kwargs={"gss_code": harrow.gss_code, "slug": "self-assessment"}),
        {"assessment": world["cqc"].pk},
    )
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.find("select", {"name": "assessment"}) is not None
    assert "63.9%" in soup.get_text()


@pytest.mark.django_db
def test_another_councils_id_is_refused_with_a_message(client, world, harrow, admin_user):
    client.force_login(admin_user)
    response = _download(client, harrow, world["herefordshire_shared"], "pdf")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Choose one of the council" in page
    assert (
        "Herefordshire" not in page.split("Switch")[0]
        or "Herefordshire" not in BeautifulSoup(page, "html.parser").find("main").get_text()
    )


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_evidence(world, harrow, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ascent.assessments.models import RatingEvidence, RatingIndicator
    from tests.indicators.factories import IndicatorFactory, ObservationFactory

    from .self_assessment_world import _evidence

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_self_assessment(harrow, user=admin_user, assessment=world["teasc"])
        return len(captured)

    before = queries()
    for rating in world["teasc"].ratings.all():
        for number in range(3):
            indicator = IndicatorFactory(organisation=harrow, code=f"X-{rating.pk}-{number}")
            ObservationFactory(organisation=harrow, indicator=indicator, period="2015-16")
            RatingIndicator.objects.create(rating=rating, indicator=indicator)
            evidence = _evidence(harrow, f"File {rating.pk}-{number}", "outcomes", world["teasc"].period_end)
            RatingEvidence.objects.create(rating=rating, evidence=evidence)
    assert queries() == before


@pytest.mark.django_db(transaction=True)
def test_it_is_produced_in_the_background(client, harrow, herefordshire, admin_user):
    world = build_world(harrow, herefordshire, admin_user)
    client.force_login(admin_user)
    url = reverse("reports:run", kwargs={"gss_code": harrow.gss_code, "slug": "self-assessment"})
    client.post(url, {"format": "docx", "self-assessment-assessment": world["teasc"].pk})
    job = Job.objects.get()
    assert job.parameters == {"report": "self-assessment", "format": "docx", "assessment": world["teasc"].pk}
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    download = client.get(reverse("jobs:download", kwargs={"gss_code": harrow.gss_code, "job_id": job.pk}))
    word = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert JUSTIFICATION in cells


# ----- the regional summary ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_regional_summary_shows_only_shared_signed_off_versions(world, west_midlands):
    document = build_regional_summary(west_midlands)
    html = _text(document)
    assert "Herefordshire (2024-25)" in html
    assert "4 – Exceptional standard" in html  # Herefordshire's QS7
    assert "Secret draft" not in html and "TEASC" not in html  # the draft of TEASC never shows
    assert "Harrow" not in html


@pytest.mark.django_db
def test_the_regional_summary_is_for_the_regions_lead(client, world, west_midlands, regional_lead):
    url = reverse("reports:regional", kwargs={"code": west_midlands.code})
    client.force_login(regional_lead)  # London's lead
    assert client.get(url).status_code == 404
    lead = UserFactory()
    RegionalRoleFactory(user=lead, region=west_midlands)
    client.force_login(lead)
    page = client.get(url)
    assert page.status_code == 200
    assert "Herefordshire (2024-25)" in page.content.decode()
    for fmt in ("pdf", "docx", "xlsx"):
        response = client.get(reverse("reports:regional-download", kwargs={"code": west_midlands.code, "fmt": fmt}))
        assert response.status_code == 200
        assert "regional-self-assessment-summary-west-midlands" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    values = [value for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row]
    assert 1 in values  # the version number is a number
    assert (
        client.get(reverse("reports:regional-download", kwargs={"code": west_midlands.code, "fmt": "csv"})).status_code
        == 404
    )


@pytest.mark.django_db
def test_unsharing_removes_it_from_the_regional_summary(world, west_midlands):
    shared = world["herefordshire_shared"]
    shared.shared_at = None
    shared.save()
    html = _text(build_regional_summary(west_midlands))
    assert "No council in West Midlands has shared a self-assessment yet" in html
