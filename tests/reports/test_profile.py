"""The Organisation profile: built from the database, downloaded in every format, read back."""

from __future__ import annotations

import io
import re

import docx
import openpyxl
import pdfplumber
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.documents.charts import to_svg
from ascent.documents.model import Chart
from ascent.organisations import actions
from ascent.organisations.models import Membership, Role
from ascent.reports.profile import build_profile
from tests.indicators.factories import shipped_frameworks

pytestmark = pytest.mark.django_db


@pytest.fixture
def harrow_people(harrow, herefordshire, admin_user, editor, contributor, viewer, outsider):
    actions.change_role(Membership.objects.get(user=contributor), role=Role.EDITOR, by=admin_user)
    return harrow


def download(client, org, fmt):
    url = reverse("reports:download", kwargs={"gss_code": org.gss_code, "slug": "profile", "fmt": fmt})
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_document_describes_the_organisation(harrow_people, admin_user):
    document = build_profile(harrow_people, user=admin_user)
    assert document.title == "Organisation profile"
    assert document.metadata_value("Organisation") == "Harrow"
    headings = [section.heading for section in document.sections]
    assert headings == ["Summary", "Performance", "Spending", "Who works in this space", "The region", "Recent changes"]
    role_table = next(table for table, _ in document.tables() if table.caption.startswith("Members"))
    assert [list(row) for row in role_table.rows] == [["Admin", 1], ["Editor", 2], ["Contributor", 0], ["Viewer", 1]]


def test_it_never_counts_another_organisations_members(harrow_people, admin_user):
    document = build_profile(harrow_people, user=admin_user)
    everything = repr(document)
    assert "outsider@herefordshire.example" not in everything
    assert "Outsider Person" not in everything


def test_the_pdf_reads_back(client, harrow_people, viewer):
    client.force_login(viewer)
    response = download(client, harrow_people, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="organisation-profile-harrow-')
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Organisation profile" in text
    assert "Harrow" in text
    assert "Members of Harrow by role" in text
    assert "E09000015" in text


def test_the_word_document_reads_back(client, harrow_people, admin_user):
    client.force_login(admin_user)
    response = download(client, harrow_people, "docx")
    word = docx.Document(io.BytesIO(response.content))
    assert word.paragraphs[0].text == "Organisation profile"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Summary", "Performance", "Spending", "Who works in this space", "The region", "Recent changes"]
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert {"Admin", "Editor", "Viewer", "Harrow"} <= cells
    assert word.inline_shapes, "the chart is in the document as a picture"


def test_the_workbook_reads_back(client, harrow_people, viewer):
    client.force_login(viewer)
    response = download(client, harrow_people, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert ("Editor", 2) in values


def test_the_web_page_shows_the_chart_and_its_table(client, harrow_people, viewer):
    client.force_login(viewer)
    url = reverse("reports:view", kwargs={"gss_code": harrow_people.gss_code, "slug": "profile"})
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Organisation profile"
    chart = soup.select_one("[data-vega-spec-id]")
    assert chart["role"] == "img" and "Harrow has 4 members" in chart["aria-label"]
    assert soup.select_one("details table caption").get_text(strip=True) == "Members of Harrow by role"


def test_an_unknown_report_or_format_is_a_404(client, harrow_people, viewer):
    client.force_login(viewer)
    assert client.get(f"/orgs/{harrow_people.gss_code}/reports/nonsense/").status_code == 404
    assert client.get(f"/orgs/{harrow_people.gss_code}/reports/profile/download/exe/").status_code == 404


def test_the_profile_page_query_count_does_not_grow(client, harrow_people, admin_user, django_assert_max_num_queries):
    from tests.factories import MembershipFactory

    client.force_login(admin_user)
    url = reverse("reports:view", kwargs={"gss_code": harrow_people.gss_code, "slug": "profile"})
    client.get(url)
    MembershipFactory.create_batch(40, organisation=harrow_people)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_the_summary_keeps_proper_nouns_capitalised(harrow_people, admin_user):
    summary = build_profile(harrow_people, user=admin_user).sections[0].blocks[1].text
    assert "is a London borough in the London region" in summary


def test_only_admins_see_recent_changes_in_the_profile(harrow_people, admin_user, viewer):
    admin_headings = [s.heading for s in build_profile(harrow_people, user=admin_user).sections]
    viewer_headings = [s.heading for s in build_profile(harrow_people, user=viewer).sections]
    assert "Recent changes" in admin_headings
    assert "Recent changes" not in viewer_headings


def test_the_profile_gives_headline_performance_and_spending(client, viewer):
    from ascent.finance.demo import load_demo_finance
    from ascent.indicators import demo
    from ascent.indicators.library import load_indicator_library
    from ascent.organisations.models import Organisation
    from ascent.organisations.reference import load_reference_data

    load_reference_data()
    shipped_frameworks()
    load_indicator_library()
    demo.load_demo_performance()
    load_demo_finance()
    harrow = Organisation.objects.get(gss_code="E09000015")
    Membership.objects.update_or_create(user=viewer, organisation=harrow, defaults={"role": Role.VIEWER})
    document = build_profile(harrow, user=viewer)
    sections = {section.heading: section for section in document.sections}
    performance = repr(sections["Performance"])
    assert "Rated red" in performance and "Rated green" in performance
    headline = next(table for table, _ in document.tables() if table.caption == "Headline indicators")
    assert 1 <= len(headline.rows) <= 6
    severities = [row[4].severity for row in headline.rows]
    assert severities == sorted(severities, reverse=True), "the worst rated first"
    spending = repr(sections["Spending"])
    assert "£56.651m" in spending and "2020-21" in spending  # Harrow's latest total
    client.force_login(viewer)
    word = docx.Document(io.BytesIO(download(client, harrow, "docx").content))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Summary", "Performance", "Spending"]


def test_a_council_without_figures_is_told_so(harrow_people, admin_user):
    document = build_profile(harrow_people, user=admin_user)
    sections = {section.heading: section for section in document.sections}
    assert "has no indicator values" in repr(sections["Performance"])
    assert "has no spending figures" in repr(sections["Spending"])


def test_the_members_chart_ticks_at_whole_members(harrow_people, admin_user):
    # Harrow has 0 to 2 members in each role: its axis read "0 1 1 2 2", with ticks at halves.
    document = build_profile(harrow_people, user=admin_user)
    chart = next(block for block in document.blocks() if isinstance(block, Chart) and block.title.startswith("Members"))
    assert max(row["Members"] for row in chart.spec["data"]["values"]) == 2
    axes = re.findall(r"role-axis-label.*?</g>", to_svg(chart.spec), re.S)
    ticks = [text for group in axes for text in re.findall(r">([0-9.]+)</text>", group)]
    assert ticks == ["0", "1", "2"]
