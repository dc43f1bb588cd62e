"""A programme's reports: the snapshot's figures, the documents built from it alone, each format."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ascent.documents.model import Figure, KeyFigures, Table
from ascent.documents.renderers import render
from ascent.programmes import actions
from ascent.programmes.models import BudgetKind, Risk, SavingLine, Stage
from ascent.programmes.reporting import build, build_committee, build_highlight, issue_paper, snapshot
from tests.indicators.factories import IndicatorFactory, ObservationFactory

from . import resilient_programme, targeted_reviews

pytestmark = pytest.mark.django_db

AS_AT = dt.date(2019, 11, 20)


def resilient_harrow(harrow, editor):
    """Resilient Harrow 2019-20 as far as its reports go: two projects, savings, a KPI, risks, budget."""
    programme = resilient_programme(harrow, editor)
    reviews = targeted_reviews(programme, editor)
    home = actions.create_project(
        programme,
        by=editor,
        reference="RH02",
        name="Harrow is Home",
        stage=Stage.DELIVERY,
        on=dt.date(2019, 4, 1),
        summary="Bringing people placed out of the borough back home.",
    )
    actions.record_saving(
        home,
        by=editor,
        financial_year=2019,
        target=Decimal("400000"),
        forecast=Decimal("400000"),
        delivered=Decimal("312000"),
        delivered_as_at=dt.date(2019, 11, 15),
    )
    actions.record_saving(home, by=editor, financial_year=2020, target=Decimal("150000.50"))
    actions.add_update(
        reviews,
        by=editor,
        text="Reviews are behind plan.",
        on=dt.date(2019, 11, 1),
        rag_overall="green",
        rag_time="amber",
    )
    indicator = IndicatorFactory(code="RH-3C", title="Contacts resolved at the front door", decimals=1)
    actions.link_kpi(
        reviews,
        by=editor,
        indicator=indicator,
        baseline_value=Decimal("40"),
        baseline_period_code="2018-19",
        target_text="Increase",
    )
    ObservationFactory(organisation=harrow, indicator=indicator, period="2018-19", value=Decimal("41.5"))
    ObservationFactory(organisation=harrow, indicator=indicator, period="2019-20", value=Decimal("58.5"))
    actions.save_risk(
        programme,
        by=editor,
        project=reviews,
        title="Reviews slip into next year",
        likelihood=4,
        impact=4,
        owner_name="Head of Assessment",
    )
    actions.save_risk(programme, by=editor, title="Provider market fragile", likelihood=2, impact=3)
    actions.record_budget(
        programme,
        by=editor,
        period="2019-20",
        budget=Decimal("1590000"),
        forecast=Decimal("1590000"),
        spent=Decimal("1100000"),
        kind=BudgetKind.DELIVERY,
        source="Corporate transformation fund",
    )
    meeting = actions.add_meeting(programme.board, by=editor, held_on=dt.date(2019, 11, 26))
    actions.log_decision(programme.board, by=editor, title="Extend the reviews team to March", programme=programme)
    return programme, reviews, home, meeting


def test_the_snapshot_holds_the_figures_to_the_penny(harrow, editor):
    programme, reviews, home, _meeting = resilient_harrow(harrow, editor)
    data = snapshot(programme, kind="highlight", as_at=AS_AT)
    json.dumps(data)  # JSON-safe throughout
    assert data["year"] == 2019 and data["year_label"] == "2019-20"
    assert data["savings_year"] == {
        "target": "1446000.00",
        "forecast": "1263000.00",
        "delivered": "312000.00",
        "shortfall": "183000.00",
    }
    assert data["savings_by_year"]["2020"]["target"] == "150000.50"
    assert data["savings_total"]["target"] == "1596000.50"
    rows = {row["name"]: row for row in data["projects"]}
    assert rows["Targeted Reviews"]["savings_sentence"] == "£863K forecast against a target of £1.046m, £183K short"
    assert rows["Harrow is Home"]["savings"]["2019"]["delivered_as_at"] == "2019-11-15"
    assert rows["Targeted Reviews"]["rags"] == {"overall": "green", "time": "amber", "cost": "", "benefits": ""}
    assert rows["Targeted Reviews"]["latest_update"]["text"] == "Reviews are behind plan."
    assert [stage["count"] for stage in data["stages"]] == [0, 2, 0, 0]
    (kpi,) = data["kpis"]
    assert (kpi["baseline"], kpi["latest"], kpi["latest_period"]) == ("40.000000", "58.500000", "2019-20")
    assert [risk["score"] for risk in data["risks"]["top"]] == [16, 6]
    assert data["risks"]["above_appetite"] == 1 and data["risks"]["open_risks"] == 2
    assert [decision["title"] for decision in data["decisions"]] == ["Extend the reviews team to March"]
    assert data["budget"][0]["budget"] == "1590000.00"
    assert data["board"]["cycle_weeks"] == 4 and data["board"]["chair"] == "Corporate Director, People"


def test_an_observation_after_the_as_at_date_is_not_the_latest(harrow, editor):
    programme, *_ = resilient_harrow(harrow, editor)
    data = snapshot(programme, kind="highlight", as_at=dt.date(2019, 3, 1))
    assert data["kpis"][0]["latest"] == "41.500000"


def test_the_highlight_report_reads_the_snapshot(harrow, editor):
    programme, *_ = resilient_harrow(harrow, editor)
    document = build_highlight(snapshot(programme, kind="highlight", as_at=AS_AT))
    headings = [section.heading for section in document.sections]
    assert headings[:2] == ["Programme summary", "Project status"]
    assert {"Savings", "Key performance indicators", "Top risks", "Decisions needed"} <= set(headings)
    text = render(document, "html")[0].decode()
    assert "£1.263m" in text and "£1.446m" in text and "£183K" in text
    assert "Extend the reviews team to March" in text
    assert "Reviews slip into next year" in text


def test_the_committee_report_has_the_shape_of_a_council_report(harrow, editor):
    programme, reviews, _home, _meeting = resilient_harrow(harrow, editor)
    improvement = actions.create_board(harrow, by=editor, name="Improvement Board")
    actions.move_to_board(reviews, by=editor, board=improvement, on=dt.date(2020, 1, 6), reason="Programme ended")
    document = build_committee(snapshot(programme, kind="committee", as_at=AS_AT))
    top = [section.heading for section in document.sections if section.level == 2]
    assert top == [
        "Summary and recommendations",
        "Background",
        "The programme",
        "Examples of projects",
        "Savings and financial implications",
        "Performance",
        "Risks",
        "Equalities",
    ]
    text = render(document, "html")[0].decode()
    assert "meets every four weeks" in text
    assert "Improvement Board" in text and "6 January 2020" in text
    assert "£400K forecast against a target of £400K, in full" in text
    assert "Corporate transformation fund" in text
    assert "has not been done yet" in text


def test_an_issued_paper_reads_the_same_after_the_records_change(harrow, editor):
    programme, reviews, _home, meeting = resilient_harrow(harrow, editor)
    paper = issue_paper(programme, by=editor, meeting=meeting, kind="highlight", as_at=AS_AT)
    before = render(build(paper.snapshot), "html")[0]
    actions.record_saving(reviews, by=editor, financial_year=2019, forecast=Decimal("1046000"))
    actions.add_update(reviews, by=editor, text="Now on track.", on=dt.date(2019, 11, 2), rag_overall="red")
    for risk in Risk.objects.filter(programme=programme):
        actions.close_risk(risk, by=editor)
    actions.change_programme(programme, by=editor, name="Renamed programme")
    paper.refresh_from_db()
    assert render(build(paper.snapshot), "html")[0] == before
    assert render(build(snapshot(programme, kind="highlight", as_at=AS_AT)), "html")[0] != before
    assert paper.title.startswith("Resilient programme: board highlight report, Programme Board, 26 November 2019")


def test_a_paper_goes_only_to_a_meeting_of_the_programmes_board(harrow, editor):
    from django.core.exceptions import ValidationError

    programme, *_ = resilient_harrow(harrow, editor)
    other = actions.create_board(harrow, by=editor, name="Other Board")
    elsewhere = actions.add_meeting(other, by=editor, held_on=dt.date(2019, 12, 1))
    with pytest.raises(ValidationError, match="meeting of the programme's board"):
        issue_paper(programme, by=editor, meeting=elsewhere, kind="highlight")
    with pytest.raises(ValidationError, match="Choose which report"):
        issue_paper(programme, by=editor, meeting=elsewhere, kind="nonsense")


@pytest.mark.parametrize("kind", ["highlight", "committee"])
def test_each_format_is_produced_and_valid(harrow, editor, kind):
    import docx
    import openpyxl

    programme, *_ = resilient_harrow(harrow, editor)
    document = build(snapshot(programme, kind=kind, as_at=AS_AT))
    pdf = render(document, "pdf")[0]
    assert pdf.startswith(b"%PDF")
    word = docx.Document(io.BytesIO(render(document, "docx")[0]))
    assert any("Savings" in paragraph.text for paragraph in word.paragraphs)
    book = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")[0]))
    numbers = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float)
    ]
    assert 1263000 in numbers and 1446000 in numbers


def test_money_cells_are_numbers_shown_as_councils_write_them(harrow, editor):
    programme, *_ = resilient_harrow(harrow, editor)
    document = build_highlight(snapshot(programme, kind="highlight", as_at=AS_AT))
    savings = next(b for b in document.blocks() if isinstance(b, Table) and b.caption == "Savings by project, 2019-20")
    total = savings.rows[-1]
    assert total[0] == "Total"
    assert isinstance(total[2], Figure) and total[2].value == Decimal("1263000.00") and total[2].text == "£1.263m"
    figures = [b for b in document.blocks() if isinstance(b, KeyFigures)][1]
    assert [str(value) for _label, value in figures.items] == ["£1.446m", "£1.263m", "£312K", "£183K"]


def _big_programme(harrow, editor, projects=50, years=10, risks=500, board_name="Programme Board"):
    programme = resilient_programme(harrow, editor, board_name=board_name)
    made = [
        actions.create_project(programme, by=editor, reference=f"P{n:02d}", name=f"Project {n}", stage=Stage.DELIVERY)
        for n in range(projects)
    ]
    SavingLine.objects.bulk_create(
        SavingLine(
            organisation=harrow,
            project=project,
            financial_year=2019 + year,
            target=Decimal("10000.25"),
            original_target=Decimal("10000.25"),
            forecast=Decimal("9000"),
        )
        for project in made
        for year in range(years)
    )
    Risk.objects.bulk_create(
        Risk(
            organisation=harrow,
            programme=programme,
            project=made[n % projects],
            title=f"Risk {n}",
            likelihood=n % 5 + 1,
            impact=(n // 5) % 5 + 1,
        )
        for n in range(risks)
    )
    return programme


def test_snapshot_reads_in_a_fixed_number_of_queries(harrow, editor):
    small = _big_programme(harrow, editor, projects=2, years=2, risks=3)
    with CaptureQueriesContext(connection) as few:
        snapshot(small, kind="committee", as_at=AS_AT)
    big = _big_programme(harrow, editor, projects=20, years=5, risks=60, board_name="Second Board")
    with CaptureQueriesContext(connection) as many:
        snapshot(big, kind="committee", as_at=AS_AT)
    assert len(few) == len(many) <= 16


def test_a_programme_of_fifty_projects_renders_to_pdf_with_its_top_ten_risks_and_every_saving(harrow, editor):
    """The size the benchmark times (bench/programmes.py, against its 5-second budget): here only what it holds."""
    programme = _big_programme(harrow, editor)
    data = snapshot(programme, kind="highlight", as_at=AS_AT)
    pdf = render(build(data), "pdf")[0]
    assert pdf.startswith(b"%PDF")
    assert len(data["risks"]["top"]) == 10
    assert data["savings_total"]["target"] == str(Decimal("10000.25") * 500)
