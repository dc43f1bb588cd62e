"""Committees, schedules and committee reports (ascent/plans/committee.py).

The world: Harrow's plan (1 April 2026 to 31 March 2027) has two themes, "Front door" (led by
the editor) and "Carers", and four actions: 1.1 overdue and on track, 1.2 complete, 2.1 at
risk with its date moved by an extension, and 2.2 not started and not updated for months.
Action 1.2 moves a "lower is better" indicator of waiting days, linked at 45 with a target of
30 and now at 40. Harrow reports it quarterly to its scrutiny sub-committee, next on 14 January
2027. Herefordshire has a committee of its own.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document as WordDocument
from openpyxl import load_workbook

from ascent.core.fields import PeriodColumns
from ascent.core.periods import parse_period
from ascent.documents.model import Table
from ascent.indicators.models import Indicator, Observation, Unit
from ascent.plans import committee as committees
from ascent.plans.models import (
    Action,
    ActionIndicator,
    ActionStatus,
    Committee,
    CommitteeKind,
    CommitteeReport,
    Frequency,
    Plan,
    ReportingSchedule,
    ReportStatus,
    Theme,
)

pytestmark = pytest.mark.django_db

TEXTS = {
    "summary": "Most actions are on track; the front door work is late.",
    "recommendations_to_committee": "The committee is asked to note the progress of the plan.",
}


@pytest.fixture
def world(harrow, herefordshire, editor):
    return make_world(harrow, herefordshire, editor)


def make_world(harrow, herefordshire, editor) -> dict:
    """The records of the world above (tests/plans/test_committee_views.py uses them too)."""
    today = timezone.localdate()
    plan = Plan.objects.create(
        organisation=harrow,
        title="Harrow improvement plan",
        owner=editor,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
    )
    front = Theme.objects.create(plan=plan, title="Front door", position=1, lead=editor)
    carers = Theme.objects.create(plan=plan, title="Carers", position=2, lead_name="Head of Carers Services")
    late = Action.objects.create(
        plan=plan,
        theme=front,
        reference="1.1",
        title="Publish one number for the front door",
        status=ActionStatus.ON_TRACK,
        rag="green",
        percent_complete=40,
        due_date=today - dt.timedelta(days=10),
        original_due_date=today - dt.timedelta(days=10),
        last_update_on=today - dt.timedelta(days=5),
    )
    done = Action.objects.create(
        plan=plan,
        theme=front,
        reference="1.2",
        title="Train the contact centre",
        status=ActionStatus.COMPLETE,
        percent_complete=100,
        due_date=today + dt.timedelta(days=30),
        original_due_date=today + dt.timedelta(days=30),
        completed_on=today - dt.timedelta(days=2),
        last_update_on=today - dt.timedelta(days=2),
    )
    moved = Action.objects.create(
        plan=plan,
        theme=carers,
        reference="2.1",
        title="Offer every carer an assessment",
        status=ActionStatus.AT_RISK,
        rag="amber",
        percent_complete=20,
        due_date=today + dt.timedelta(days=90),
        original_due_date=today + dt.timedelta(days=60),
        last_update_on=today - dt.timedelta(days=1),
    )
    quiet = Action.objects.create(
        plan=plan,
        theme=carers,
        reference="2.2",
        title="Refresh the carers' strategy",
        due_date=today + dt.timedelta(days=120),
        original_due_date=today + dt.timedelta(days=120),
    )
    Action.objects.filter(pk=quiet.pk).update(created_at=timezone.now() - dt.timedelta(days=100))
    waits = Indicator.objects.create(
        organisation=harrow,
        code="H-WAIT",
        title="Days waiting for an assessment",
        unit=Unit.DAYS,
        polarity="lower_is_better",
        decimals=0,
    )
    Observation.objects.create(
        organisation=harrow,
        indicator=waits,
        value=Decimal("40"),
        **PeriodColumns.period_values(parse_period("2025-26")),
    )
    ActionIndicator.objects.create(
        action=done,
        indicator=waits,
        target=Decimal("30"),
        baseline_value=Decimal("45"),
        baseline_period_label="2024-25",
    )
    scrutiny = Committee.objects.create(organisation=harrow, name="Health and Social Care Scrutiny Sub-Committee")
    schedule = ReportingSchedule.objects.create(
        plan=plan, committee=scrutiny, frequency=Frequency.QUARTERLY, next_meeting_on=dt.date(2027, 1, 14)
    )
    theirs = Committee.objects.create(organisation=herefordshire, name="Herefordshire Adults Scrutiny")
    return {
        "plan": plan,
        "front": front,
        "carers": carers,
        "late": late,
        "done": done,
        "moved": moved,
        "quiet": quiet,
        "waits": waits,
        "scrutiny": scrutiny,
        "schedule": schedule,
        "theirs": theirs,
        "today": today,
    }


def draft(world, editor, meeting_on=dt.date(2027, 1, 14), **texts):
    report = committees.start_report(world["plan"], by=editor, committee=world["scrutiny"], meeting_on=meeting_on)
    if texts:
        report = committees.change_report(report, by=editor, title=report.title, meeting_on=meeting_on, **texts)
    return report


def issued(world, editor, meeting_on=dt.date(2027, 1, 14)):
    return committees.issue_report(draft(world, editor, meeting_on, **TEXTS), by=editor)


# Committees --------------------------------------------------------------------------------------


def test_a_committee_is_added_with_who_added_it(harrow, editor):
    record = committees.add_committee(harrow, by=editor, name="  Adults   Board ", kind=CommitteeKind.BOARD)
    assert (record.name, record.kind, record.organisation) == ("Adults Board", "board", harrow)
    assert record.history.get().history_user == editor


def test_a_second_committee_of_the_same_name_is_refused_whatever_its_case(world, harrow, editor):
    with pytest.raises(ValidationError) as refused:
        committees.add_committee(harrow, by=editor, name="health and social care scrutiny sub-committee", kind="board")
    assert refused.value.message_dict == {
        "name": ["The council already has a committee called health and social care scrutiny sub-committee"]
    }


def test_another_council_may_use_the_same_name(world, herefordshire, editor):
    record = committees.add_committee(
        herefordshire, by=editor, name="Health and Social Care Scrutiny Sub-Committee", kind="scrutiny"
    )
    assert record.organisation == herefordshire


def test_a_committee_needs_a_name_and_a_kind(harrow, editor):
    with pytest.raises(ValidationError) as refused:
        committees.add_committee(harrow, by=editor, name=" ", kind="scrutiny")
    assert refused.value.message_dict == {"name": ["Enter the committee's name"]}
    with pytest.raises(ValidationError) as refused:
        committees.add_committee(harrow, by=editor, name="Cabinet", kind="parliament")
    assert refused.value.message_dict == {"kind": ["Choose what kind of committee it is"]}


def test_a_committee_is_renamed(world, editor):
    record = committees.change_committee(world["scrutiny"], by=editor, name="Adults Scrutiny", kind="scrutiny")
    assert Committee.objects.get(pk=record.pk).name == "Adults Scrutiny"
    assert record.history.first().history_user == editor


# Schedules ---------------------------------------------------------------------------------------


def test_a_schedule_is_set_then_changed_not_duplicated(world, harrow, editor):
    cabinet = Committee.objects.create(organisation=harrow, name="Cabinet", kind=CommitteeKind.CABINET)
    made = committees.set_schedule(
        world["plan"], by=editor, committee=cabinet, frequency="half-yearly", next_meeting_on=dt.date(2027, 2, 1)
    )
    changed = committees.set_schedule(
        world["plan"], by=editor, committee=cabinet, frequency="yearly", next_meeting_on=dt.date(2027, 3, 1)
    )
    assert made.pk == changed.pk
    assert (changed.frequency, changed.next_meeting_on) == ("yearly", dt.date(2027, 3, 1))
    assert ReportingSchedule.objects.filter(plan=world["plan"]).count() == 2


def test_a_schedule_with_another_councils_committee_is_refused(world, editor):
    with pytest.raises(ValidationError) as refused:
        committees.set_schedule(
            world["plan"],
            by=editor,
            committee=world["theirs"],
            frequency="quarterly",
            next_meeting_on=dt.date(2027, 1, 1),
        )
    assert refused.value.message_dict == {"committee": ["Choose one of the council's committees"]}


@pytest.mark.parametrize(
    ("frequency", "after", "expected"),
    [
        ("quarterly", dt.date(2027, 1, 14), dt.date(2027, 4, 14)),
        ("quarterly", dt.date(2027, 5, 1), dt.date(2027, 7, 14)),
        ("monthly", dt.date(2027, 1, 13), dt.date(2027, 1, 14)),
        ("half-yearly", dt.date(2027, 1, 14), dt.date(2027, 7, 14)),
        ("yearly", dt.date(2027, 1, 14), dt.date(2028, 1, 14)),
    ],
)
def test_the_next_meeting_moves_on_by_the_frequency(world, frequency, after, expected):
    schedule = world["schedule"]
    schedule.frequency = frequency
    assert committees.next_meeting_after(schedule, after) == expected


def test_the_schedules_know_their_last_issued_report(world, editor, django_assert_num_queries):
    report = issued(world, editor)
    with django_assert_num_queries(2):
        rows = committees.schedules(world["plan"])
    assert [row.last_issued for row in rows] == [report]


# Reports: start, change, issue ---------------------------------------------------------------------


def test_a_report_starts_as_a_draft_with_its_title_filled_in(world, editor):
    report = draft(world, editor)
    assert report.status == ReportStatus.DRAFT
    assert report.title == (
        "Harrow improvement plan: progress report to the Health and Social Care Scrutiny Sub-Committee, 14 January 2027"
    )
    assert report.previous is None and report.snapshot is None
    assert report.author == editor


def test_the_next_report_compares_with_the_last_issued_and_carries_its_background(world, editor):
    first = draft(world, editor, **TEXTS, background="The plan answers the peer challenge of 2026.")
    first = committees.issue_report(first, by=editor)
    draft(world, editor, dt.date(2027, 2, 1))  # a draft never counts as the previous report
    second = committees.start_report(
        world["plan"], by=editor, committee=world["scrutiny"], meeting_on=dt.date(2027, 4, 14)
    )
    assert second.previous == first
    assert second.background == "The plan answers the peer challenge of 2026."


def test_a_meeting_before_the_last_reports_is_refused(world, editor):
    issued(world, editor)
    with pytest.raises(ValidationError) as refused:
        committees.start_report(world["plan"], by=editor, committee=world["scrutiny"], meeting_on=dt.date(2026, 10, 1))
    assert refused.value.message_dict == {
        "meeting_on": ["The meeting must be on or after the last report's meeting, 14 January 2027"]
    }


def test_a_report_to_another_councils_committee_is_refused(world, editor):
    with pytest.raises(ValidationError) as refused:
        committees.start_report(world["plan"], by=editor, committee=world["theirs"], meeting_on=dt.date(2027, 1, 1))
    assert refused.value.message_dict == {"committee": ["Choose one of the council's committees"]}


def test_issuing_needs_the_summary_and_the_recommendations(world, editor):
    report = draft(world, editor)
    with pytest.raises(ValidationError) as refused:
        committees.issue_report(report, by=editor)
    assert refused.value.message_dict == {"summary": ["Write the summary before issuing the report"]}
    report = committees.change_report(report, by=editor, title=report.title, meeting_on=report.meeting_on, summary="S")
    with pytest.raises(ValidationError) as refused:
        committees.issue_report(report, by=editor)
    assert refused.value.message_dict == {
        "recommendations_to_committee": ["Write what the committee is asked to do before issuing the report"]
    }
    assert CommitteeReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_issuing_keeps_the_figures_and_moves_the_schedule_on(world, editor):
    report = issued(world, editor)
    assert report.status == ReportStatus.ISSUED and report.issued_by == editor
    assert report.snapshot["totals"]["actions"] == 4
    assert report.snapshot["texts"]["summary"] == TEXTS["summary"]
    assert ReportingSchedule.objects.get(pk=world["schedule"].pk).next_meeting_on == dt.date(2027, 4, 14)
    latest = report.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Committee report issued: its figures kept")


def test_a_report_to_an_earlier_meeting_than_the_schedules_leaves_it(world, editor):
    issued(world, editor, meeting_on=dt.date(2026, 12, 1))
    assert ReportingSchedule.objects.get(pk=world["schedule"].pk).next_meeting_on == dt.date(2027, 1, 14)


# Snapshot immutability ----------------------------------------------------------------------------


def test_an_issued_report_reads_the_same_whatever_changes_later(world, editor):
    report = issued(world, editor)
    before = committees.report_content(CommitteeReport.objects.get(pk=report.pk))
    page_before = committees.build_document(report)
    Action.objects.filter(pk=world["late"].pk).update(status=ActionStatus.COMPLETE, percent_complete=100)
    Action.objects.create(plan=world["plan"], theme=world["front"], reference="1.3", title="A later action")
    Theme.objects.filter(pk=world["carers"].pk).update(title="Carers and families")
    world["plan"].title = "Renamed plan"
    world["plan"].save()
    Committee.objects.filter(pk=world["scrutiny"].pk).update(name="Renamed committee")
    again = CommitteeReport.objects.get(pk=report.pk)
    assert committees.report_content(again) == before
    assert committees.build_document(again) == page_before
    assert again.snapshot["totals"]["by_status"]["complete"] == 1


def test_an_issued_report_cannot_be_changed_or_issued_again(world, editor):
    report = issued(world, editor)
    kept = CommitteeReport.objects.get(pk=report.pk).snapshot
    with pytest.raises(ValidationError) as refused:
        committees.change_report(report, by=editor, title="New", meeting_on=report.meeting_on, summary="Other")
    assert list(refused.value.message_dict) == ["status"]
    assert "it reads as the committee saw it, and cannot change" in refused.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        committees.issue_report(report, by=editor)
    again = CommitteeReport.objects.get(pk=report.pk)
    assert (again.snapshot, again.title, again.summary) == (kept, report.title, TEXTS["summary"])


def test_a_draft_reads_the_plan_as_it_is_now(world, editor):
    report = draft(world, editor)
    assert committees.report_content(report)["totals"]["closed"] == 1
    Action.objects.filter(pk=world["late"].pk).update(status=ActionStatus.COMPLETE)
    assert committees.report_content(report)["totals"]["closed"] == 2


# Content ---------------------------------------------------------------------------------------


def test_the_content_counts_by_theme_with_overdue_and_stale(world, editor):
    data = committees.content(draft(world, editor))
    front, carers = data["themes"]
    assert (front["title"], front["lead"], carers["lead"]) == ("Front door", "Editor Person", "Head of Carers Services")
    assert front["counts"]["by_status"]["on-track"] == 1 and front["counts"]["by_status"]["complete"] == 1
    assert front["counts"]["overdue"] == 1 and carers["counts"]["overdue"] == 0
    assert carers["counts"]["stale"] == 1  # 2.2: made 100 days ago, never updated
    assert data["totals"] | {"by_status": None} == {
        "actions": 4,
        "by_status": None,
        "open": 3,
        "closed": 1,
        "overdue": 1,
        "stale": 1,
        "completed_since": None,
    }
    moved = carers["actions"][0]
    assert (moved["due_on"], moved["original_due_on"]) == (
        (world["today"] + dt.timedelta(days=90)).isoformat(),
        (world["today"] + dt.timedelta(days=60)).isoformat(),
    )
    assert data["budget"] == {"held": False}
    assert data["changes"] is None


def test_actions_without_a_theme_are_grouped_last(world, editor):
    Action.objects.create(plan=world["plan"], title="Unthemed action")
    data = committees.content(draft(world, editor))
    assert [theme["title"] for theme in data["themes"]] == ["Front door", "Carers", "No theme"]


def test_the_performance_shows_latest_target_and_movement(world, editor):
    (row,) = committees.content(draft(world, editor))["indicators"]
    assert row["code"] == "H-WAIT" and row["action"] == "1.2"
    assert (row["baseline"], row["latest"], row["target"]) == ("45.000000", "40.000000", "30.000000")
    assert row["direction"] == "improving" and row["direction_label"] == "Better"


def test_the_content_reads_in_a_fixed_number_of_queries(world, editor, django_assert_num_queries):
    report = draft(world, editor)
    report = CommitteeReport.objects.select_related("plan__organisation", "plan__owner", "committee", "author").get(
        pk=report.pk
    )
    with django_assert_num_queries(9):  # with one for the spending beside it
        committees.content(report)
    for number in range(30):
        theme = Theme.objects.create(plan=world["plan"], title=f"Theme {number}", position=10 + number)
        action = Action.objects.create(plan=world["plan"], theme=theme, title=f"Action {number}", owner=editor)
        ActionIndicator.objects.create(action=action, indicator=world["waits"], baseline_value=Decimal(number))
    with django_assert_num_queries(9):
        committees.content(report)


# Changes since the last report -----------------------------------------------------------------


def test_the_next_report_shows_what_changed_since_the_last(world, editor):
    issued(world, editor)
    today = world["today"]
    Action.objects.filter(pk=world["moved"].pk).update(
        status=ActionStatus.COMPLETE, percent_complete=100, completed_on=today
    )
    Action.objects.filter(pk=world["quiet"].pk).update(
        due_date=today - dt.timedelta(days=1), status=ActionStatus.ON_TRACK
    )
    new = Action.objects.create(plan=world["plan"], theme=world["front"], reference="1.3", title="Open a drop-in")
    Action.objects.filter(pk=world["late"].pk).delete()
    second = draft(world, editor, dt.date(2027, 4, 14))
    data = committees.content(second, today=today + dt.timedelta(days=1))
    found = data["changes"]
    assert [line["reference"] for line in found["completed"]] == ["2.1"]
    assert [line["reference"] for line in found["overdue"]] == ["2.2"]
    assert [(line["reference"], line["from"], line["to"]) for line in found["status"]] == [
        ("2.1", "At risk", "Complete"),
        ("2.2", "Not started", "On track"),
    ]
    assert [line["id"] for line in found["new"]] == [new.pk]
    assert [(line["reference"], line["to"]) for line in found["dates"]] == [
        ("2.2", (today - dt.timedelta(days=1)).isoformat())
    ]
    assert [line["reference"] for line in found["removed"]] == ["1.1"]
    assert data["totals"]["completed_since"] == 1
    text = str(committees.document_from_content(data, issued=False))
    assert "Newly complete since the last report" in text


def test_with_nothing_changed_the_report_says_so(world, editor):
    issued(world, editor)
    document = committees.build_document(draft(world, editor, dt.date(2027, 4, 14)))
    (section,) = [section for section in document.sections if section.heading == "Changes since the last report"]
    assert section.blocks[-1].text == "No action has changed since the last report."


def test_the_first_report_says_there_is_nothing_to_compare_with(world, editor):
    document = committees.build_document(draft(world, editor))
    (section,) = [section for section in document.sections if section.heading == "Changes since the last report"]
    assert section.blocks[0].text.startswith("This is the first report of the plan to the committee")


def test_the_document_is_in_the_committee_report_shape(world, editor):
    document = committees.build_document(draft(world, editor, **TEXTS))
    assert [section.heading for section in document.sections if section.level == 2] == [
        "Summary",
        "Recommendations to the committee",
        "Background",
        "Progress by theme",
        "Performance",
        "Budget",
        "Implications",
        "Risks",
        "Changes since the last report",
    ]
    (budget,) = [section for section in document.sections if section.heading == "Budget"]
    assert budget.blocks[0].text == "Not held: no spending figures have been loaded for the council."
    assert document.metadata_value("Committee") == "Health and Social Care Scrutiny Sub-Committee"


def _spending(organisation, year: int, **lines):
    from ascent.finance.models import ExpenditureLine

    for service_line, (amount, basis) in lines.items():
        ExpenditureLine.objects.create(
            organisation=organisation, service_line=service_line, financial_year=year, amount=amount, basis=basis
        )


def _budget_section(document):
    (budget,) = [section for section in document.sections if section.heading == "Budget"]
    return budget


def test_the_budget_shows_the_councils_spending_in_the_years_the_plan_runs(world, editor, harrow):
    _spending(harrow, 2025, Adults=(Decimal("50000000"), "actual"), Reablement=(Decimal("400000"), "actual"))
    _spending(harrow, 2026, Adults=(Decimal("53022000"), "budget"), Reablement=(Decimal("390000"), "budget"))
    _spending(harrow, 2019, Adults=(Decimal("1000"), "actual"))  # long before the plan: left out
    data = committees.content(draft(world, editor))
    budget = data["budget"]
    assert budget["held"] and budget["during_plan"]
    assert budget["header"] == ["Service line (£000)", "2026-27 (budget)"]
    assert budget["rows"][:3] == [["Adults", "53022"], ["Reablement", "390"], ["Total", "53412"]]
    document = committees.build_document(draft(world, editor, **TEXTS))
    table = next(block for block in _budget_section(document).blocks if isinstance(block, Table))
    assert table.caption == "Net expenditure by service line, £000"
    assert table.rows[0] == ("Adults", Decimal("53022"))
    assert _budget_section(document).blocks[1].text == "Spending was £53.412m in 2026-27 (budget)."


def test_a_plan_in_years_without_figures_gets_the_latest_three_held_saying_so(world, editor, harrow):
    for year in range(2015, 2021):
        _spending(harrow, year, Adults=(Decimal(1000000 * (year - 2000)), "actual"))
    budget = committees.content(draft(world, editor))["budget"]
    assert not budget["during_plan"]
    assert budget["header"] == ["Service line (£000)", "2018-19", "2019-20", "2020-21"]
    percent = next(row for row in budget["rows"] if row[0] == "Year on year %")
    assert percent[1:] == [None, "6", "5"]
    blocks = _budget_section(committees.build_document(draft(world, editor, **TEXTS))).blocks
    assert blocks[0].text.startswith("The council holds no spending figures for the years the plan runs yet")
    table = next(block for block in blocks if isinstance(block, Table))
    assert table.rows[-1][2].kind == "percent" and table.rows[-1][2].value == Decimal("6")


def test_an_issued_report_keeps_the_budget_it_was_issued_with(world, editor, harrow):
    _spending(harrow, 2026, Adults=(Decimal("53022000"), "budget"))
    report = issued(world, editor)
    from ascent.finance.models import ExpenditureLine

    ExpenditureLine.objects.filter(organisation=harrow).update(amount=Decimal("1"))
    kept = committees.build_document(report)
    table = next(block for block in _budget_section(kept).blocks if isinstance(block, Table))
    assert table.rows[0] == ("Adults", Decimal("53022"))


# The plan_report command ------------------------------------------------------------------------


def test_the_command_writes_an_issued_report_as_the_committee_saw_it(world, editor, tmp_path):
    report = issued(world, editor)
    Action.objects.filter(plan=world["plan"]).update(title="Renamed after the meeting")
    out = io.StringIO()
    call_command("plan_report", str(report.pk), "--format", "docx", "--out", str(tmp_path / "report.docx"), stdout=out)
    word = WordDocument(str(tmp_path / "report.docx"))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Changes since the last report" in text and TEXTS["summary"] in text
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "1.2 Train the contact centre" in cells and "Renamed after the meeting" not in " ".join(cells)
    assert "(issued)" in out.getvalue() and "as DOCX" in out.getvalue()


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_command_writes_a_pdf_and_a_spreadsheet(world, editor, tmp_path, fmt):
    report = draft(world, editor, **TEXTS)
    target = tmp_path / f"report.{fmt}"
    call_command("plan_report", str(report.pk), "--format", fmt, "--out", str(target), stdout=io.StringIO())
    if fmt == "pdf":
        with pdfplumber.open(target) as pdf:
            assert "Recommendations to the committee" in pdf.pages[0].extract_text()
    else:
        book = load_workbook(target)
        assert "Actions" in [sheet["A1"].value for sheet in book.worksheets]


def test_the_command_names_an_unknown_report_and_an_unwritable_file(world, editor, tmp_path):
    with pytest.raises(CommandError, match="No committee report has the id 999999"):
        call_command("plan_report", "999999", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    report = draft(world, editor)
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("plan_report", str(report.pk), "--format", "xlsx", "--out", str(tmp_path / "missing" / "x.xlsx"))
