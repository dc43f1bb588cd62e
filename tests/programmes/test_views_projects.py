"""A project's page and its forms (ascent/programmes/views/projects.py).

The world: Harrow's "Resilient programme" under its Programme Board, with Targeted Reviews
(RH01, in delivery, £1.046m target and £863K forecast for 2019-20), a second board (the
Improvement Board), a local indicator with values in the store, and an improvement plan
with one open action.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.programmes import actions, flags
from ascent.programmes.models import (
    BoardMove,
    EqiaStatus,
    Milestone,
    Project,
    ProjectIndicator,
    ProjectUpdate,
    Reprofiling,
    SavingKind,
    SavingLine,
    Stage,
)
from tests.indicators.factories import IndicatorFactory, ObservationFactory

from . import resilient_programme, targeted_reviews

pytestmark = pytest.mark.django_db

GSS = "E09000015"


def url(name, **kwargs):
    return reverse(f"programmes:{name}", kwargs={"gss_code": GSS, **kwargs})


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def errors(response) -> str:
    return text(soup(response).select_one(".govuk-error-summary"))


@pytest.fixture
def world(harrow, editor):
    from ascent.plans import planning

    programme = resilient_programme(harrow, editor)
    project = targeted_reviews(programme, editor)
    improvement = actions.create_board(harrow, by=editor, name="Improvement Board")
    indicator = IndicatorFactory(organisation=harrow, code="H-REV", title="Reviews completed", domain="")
    ObservationFactory(organisation=harrow, indicator=indicator, period="2018-19", value=Decimal("61"))
    ObservationFactory(organisation=harrow, indicator=indicator, period="2019-20", value=Decimal("72"))
    plan = planning.create_plan(
        harrow, by=editor, title="Front door plan", starts_on=dt.date(2019, 4, 1), ends_on=dt.date(2020, 3, 31)
    )
    action = planning.create_action(plan, by=editor, title="Review everyone in long-term care", reference="2.1")
    return {
        "programme": programme,
        "project": project,
        "improvement": improvement,
        "indicator": indicator,
        "plan": plan,
        "action": action,
    }


def _fill(project, editor, world, count: int = 1, start: int = 0):
    """Records of every kind on ``project``, ``count`` of each."""
    from ascent.plans import planning

    programme = project.programme
    for number in range(start, start + count):
        actions.add_update(project, by=editor, text=f"Update {number}", on=dt.date(2019, 11, 1 + number))
        actions.save_milestone(
            project, by=editor, title=f"Milestone {number}", baseline_date=dt.date(2019, 6, 1 + number)
        )
        actions.record_budget(
            programme,
            by=editor,
            period=f"2019-{number + 4:02d}",
            budget=Decimal("1000"),
            forecast=Decimal("1200"),
            project=project,
        )
        actions.save_risk(programme, by=editor, project=project, title=f"Risk {number}", likelihood=4, impact=4)
        action = planning.create_action(world["plan"], by=editor, title=f"Extra action {number}")
        actions.hand_action_to_project(action, project, by=editor)
        indicator = IndicatorFactory(organisation=project.organisation, code=f"H-X{number}", domain="")
        ObservationFactory(organisation=project.organisation, indicator=indicator, period="2019-20")
        actions.link_kpi(project, by=editor, indicator=indicator, target_text="Higher")
    if start == 0:
        actions.move_to_board(project, by=editor, board=world["improvement"], on=dt.date(2020, 1, 6), reason="Moved")


# The page


def test_the_project_page_shows_everything_about_the_project(client, viewer, editor, world):
    project = world["project"]
    actions.change_project(
        project, by=editor, problem="Too many people in residential care", eqia=EqiaStatus.DONE, eqia_note="Signed off"
    )
    actions.add_update(project, by=editor, text="Reviews on track", rag_overall="green", rag_benefits="amber")
    actions.move_to_board(
        project, by=editor, board=world["improvement"], on=dt.date(2020, 1, 6), reason="Improvement Board oversight"
    )
    actions.record_saving(project, by=editor, financial_year=2020, target=Decimal("200000"))
    actions.reprofile_savings(
        project, by=editor, changes={2019: Decimal("946000"), 2020: Decimal("300000")}, reason="Slower start"
    )
    actions.save_milestone(
        project,
        by=editor,
        title="All reviews done",
        baseline_date=dt.date(2019, 9, 30),
        forecast_date=dt.date(2019, 11, 11),
    )
    actions.link_kpi(
        project, by=editor, indicator=world["indicator"], baseline_period_code="2018-19", target_text="Higher"
    )
    actions.hand_action_to_project(world["action"], project, by=editor, note="The reviews project does this")
    actions.save_risk(world["programme"], by=editor, project=project, title="Reviewers leave", likelihood=4, impact=4)
    client.force_login(viewer)
    page = soup(client.get(url("project", pk=project.pk)))
    assert "In delivery" in text(page.select_one("[data-stage]"))
    assert "Improvement Board" in text(page.select_one("[data-board]"))
    history = [text(row) for row in page.select("[data-board-history] tbody tr")]
    assert len(history) == 2 and "Programme Board Improvement Board Improvement Board oversight" in history[1]
    assert page.select_one("[data-rag='overall'] .govuk-tag--green")
    assert page.select_one("[data-rag='benefits'] .govuk-tag--yellow")
    assert "Reviews on track" in text(page.select_one("[data-updates]"))
    assert "Too many people in residential care" in text(page.select_one("[data-business-case]"))
    assert "Done: Signed off" in text(page.select_one("[data-eqia]"))
    rows = [text(row) for row in page.select("[data-saving-row]")]
    assert rows[0].startswith("2019-20 Cash-releasing £1.046m £946K £863K")
    assert rows[1].startswith("2020-21 Cash-releasing £200K £300K")
    reprofiling = text(page.select_one("[data-reprofiling]"))
    assert "2019-20 £1.046m, 2020-21 £200K → 2019-20 £946K, 2020-21 £300K" in reprofiling
    assert "Slower start" in reprofiling
    assert "6 weeks late" in text(page.select_one("[data-slippage]"))
    assert "Beyond tolerance" in text(page.select_one("[data-slippage]"))
    kpi = text(page.select_one("[data-kpi]"))
    assert "61.0% (2018-19)" in kpi and "Higher" in kpi and "72.0% (2019-20)" in kpi
    assert "Review everyone in long-term care" in text(page.select_one("[data-handed]"))
    assert "Reviewers leave" in text(page.select_one("[data-risks]"))
    # A viewer changes nothing here.
    assert not page.select("[data-manage]")
    assert not page.find("a", string="Add a risk or issue")


def test_the_project_page_links_an_editor_to_every_form(client, editor, world):
    project = world["project"]
    client.force_login(editor)
    hrefs = {a["href"] for a in soup(client.get(url("project", pk=project.pk))).select("a")}
    for name in (
        "edit_project",
        "project_stage",
        "project_board",
        "project_update",
        "project_savings",
        "reprofile",
        "new_milestone",
        "new_kpi",
        "take_action",
    ):
        assert url(name, pk=project.pk) in hrefs, name
    assert url("new_risk", pk=project.programme_id) + f"?project={project.pk}" in hrefs


def test_the_project_page_lists_its_flags(client, viewer, world, monkeypatch):
    from types import SimpleNamespace

    project = world["project"]
    flag = SimpleNamespace(
        key="programmes.green-behind:1", check=SimpleNamespace(title="Green while behind"), detail="£183K short", url=""
    )
    monkeypatch.setattr(flags, "project_flags", lambda organisation, ids=None: {project.pk: [flag]})
    client.force_login(viewer)
    page = soup(client.get(url("project", pk=project.pk)))
    assert "1 open flag" in text(page.select_one("[data-flags]"))
    assert "Green while behind : £183K short" in text(page.select_one("[data-flag-list]"))


def test_the_project_page_refuses_an_outsider(client, outsider, world):
    client.force_login(outsider)
    assert client.get(url("project", pk=world["project"].pk)).status_code == 404


def test_the_project_page_pins_its_queries(client, viewer, editor, world, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(flags, "project_flags", lambda organisation, ids=None: {})
    project = world["project"]
    _fill(project, editor, world, 1)
    client.force_login(viewer)
    client.get(url("project", pk=project.pk))
    with django_assert_num_queries(19):
        client.get(url("project", pk=project.pk))
    _fill(project, editor, world, 4, start=1)
    with django_assert_num_queries(19):
        page = soup(client.get(url("project", pk=project.pk)))
    assert len(page.select("[data-kpi]")) == 5


# Setting up and changing a project


def test_an_editor_adds_a_project(client, editor, contributor, world):
    programme = world["programme"]
    client.force_login(editor)
    assert soup(client.get(url("new_project", programme_pk=programme.pk))).select_one("#id_name")
    response = client.post(
        url("new_project", programme_pk=programme.pk),
        {
            "reference": "RH02",
            "name": "Harrow is Home",
            "manager": contributor.pk,
            "eqia": "not-needed",
            "board": world["improvement"].pk,
            "stage": "delivery",
            "problem": "People moved out of borough",
            "business_case_approved_on": "1/3/2019",
        },
    )
    made = Project.objects.get(name="Harrow is Home")
    assert response.status_code == 302 and response["Location"] == url("project", pk=made.pk)
    assert made.board == world["improvement"] and made.stage == Stage.DELIVERY and made.manager == contributor
    assert made.eqia == EqiaStatus.NOT_NEEDED and made.business_case_approved_on == dt.date(2019, 3, 1)


def test_a_project_can_start_with_no_board(client, editor, world):
    client.force_login(editor)
    client.post(
        url("new_project", programme_pk=world["programme"].pk),
        {"name": "Unboarded", "eqia": "not-done", "board": "", "stage": "proposed"},
    )
    assert Project.objects.get(name="Unboarded").board is None


def test_the_project_form_names_the_fields_in_error(client, editor, world):
    client.force_login(editor)
    response = client.post(
        url("new_project", programme_pk=world["programme"].pk),
        {"reference": "RH01", "name": "Clash", "eqia": "maybe", "stage": "closed", "business_case_approved_on": "x"},
    )
    summary = errors(response)
    assert "Choose done, not needed or not done yet" in summary
    assert "Choose a stage listed" in summary
    assert "The date the business case was approved must be a real date" in summary
    response = client.post(
        url("new_project", programme_pk=world["programme"].pk),
        {"reference": "RH01", "name": "Clash", "eqia": "done", "stage": "proposed"},
    )
    assert "Another project of Resilient programme has the reference RH01" in errors(response)
    assert not Project.objects.filter(name="Clash").exists()


def test_an_editor_changes_the_business_case(client, editor, world):
    project = world["project"]
    client.force_login(editor)
    page = soup(client.get(url("edit_project", pk=project.pk)))
    assert page.select_one("#id_name")["value"] == "Targeted Reviews"
    response = client.post(
        url("edit_project", pk=project.pk),
        {"reference": "RH01", "name": "Targeted Reviews", "eqia": "done", "outcomes": "People live at home"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.outcomes == "People live at home" and project.eqia == EqiaStatus.DONE


def test_an_editor_form_refuses_a_viewer_and_a_contributor(client, viewer, contributor, world):
    project = world["project"]
    for person in (viewer, contributor):
        client.force_login(person)
        for name in (
            "edit_project",
            "project_stage",
            "project_board",
            "reprofile",
            "new_milestone",
            "new_kpi",
            "take_action",
        ):
            assert client.get(url(name, pk=project.pk)).status_code == 403, name
            assert client.post(url(name, pk=project.pk), {}).status_code == 403, name
        assert client.post(url("new_project", programme_pk=project.programme_id), {}).status_code == 403


def test_every_form_refuses_an_outsider(client, outsider, world):
    project = world["project"]
    client.force_login(outsider)
    for name in (
        "edit_project",
        "project_stage",
        "project_board",
        "project_update",
        "project_savings",
        "reprofile",
        "new_milestone",
        "new_kpi",
        "take_action",
    ):
        assert client.post(url(name, pk=project.pk), {}).status_code == 404, name
    assert client.post(url("new_project", programme_pk=project.programme_id), {}).status_code == 404


# Stage and board


def test_closing_a_project_needs_a_reason(client, editor, world):
    project = world["project"]
    client.force_login(editor)
    response = client.post(url("project_stage", pk=project.pk), {"stage": "closed", "on": "31/3/2020", "reason": ""})
    assert "Give the reason for closing the project" in errors(response)
    response = client.post(url("project_stage", pk=project.pk), {"stage": "", "on": ""})
    summary = errors(response)
    assert "Choose the project's new stage" in summary and "Enter the date of the change" in summary
    response = client.post(
        url("project_stage", pk=project.pk), {"stage": "bau", "on": "31/3/2020", "reason": "Part of the service now"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.BAU and project.stage_changed_on == dt.date(2020, 3, 31)


def test_an_editor_moves_a_project_between_boards(client, editor, world):
    project = world["project"]
    client.force_login(editor)
    page = soup(client.get(url("project_board", pk=project.pk)))
    assert "Programme Board oversees the project now" in text(page.select_one("[data-current-board]"))
    response = client.post(
        url("project_board", pk=project.pk),
        {"board": world["improvement"].pk, "moved_on": "6/1/2020", "reason": "Oversight"},
    )
    assert response.status_code == 302
    move = BoardMove.objects.filter(project=project).order_by("-id").first()
    assert move.from_name == "Programme Board" and move.to_name == "Improvement Board"
    assert move.moved_on == dt.date(2020, 1, 6) and move.reason == "Oversight"
    response = client.post(
        url("project_board", pk=project.pk), {"board": world["improvement"].pk, "moved_on": "7/1/2020"}
    )
    assert "The project is already overseen by that board" in errors(response)
    response = client.post(url("project_board", pk=project.pk), {"board": "999999", "moved_on": "nope"})
    summary = errors(response)
    assert "Choose one of the council's boards" in summary and "The date of the move must be a real date" in summary


# Updates


def test_a_contributor_adds_an_update_with_rags(client, contributor, world):
    project = world["project"]
    client.force_login(contributor)
    response = client.post(
        url("project_update", pk=project.pk),
        {
            "text": "Half the reviews done",
            "on": "15/11/2019",
            "rag_overall": "amber",
            "rag_time": "green",
            "rag_cost": "green",
            "rag_benefits": "red",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.rag_overall, project.rag_benefits, project.last_update_on) == (
        "amber",
        "red",
        dt.date(2019, 11, 15),
    )
    assert ProjectUpdate.objects.get(project=project).author == contributor


def test_the_update_form_names_the_fields_in_error(client, contributor, world):
    client.force_login(contributor)
    response = client.post(url("project_update", pk=world["project"].pk), {"text": "", "on": "", "rag_time": "blue"})
    summary = errors(response)
    assert "Enter the update" in summary
    assert "Enter the date of the update" in summary
    assert "Choose the overall RAG: green, amber or red" in summary
    assert "Choose green, amber or red" in summary
    assert not ProjectUpdate.objects.exists()


def test_a_viewer_may_not_add_an_update(client, viewer, world):
    client.force_login(viewer)
    assert client.post(url("project_update", pk=world["project"].pk), {"text": "x"}).status_code == 403


def test_the_project_manager_may_add_an_update_whatever_their_role(client, viewer, editor, world):
    project = world["project"]
    actions.change_project(project, by=editor, manager=viewer)
    client.force_login(viewer)
    assert client.get(url("project_update", pk=project.pk)).status_code == 200


# Savings


def test_an_editor_sets_a_target_phased_over_years(client, editor, world):
    project = world["project"]
    other = actions.create_project(world["programme"], by=editor, name="Harrow is Home")
    client.force_login(editor)
    response = client.post(
        url("project_savings", pk=other.pk),
        {
            "form": "target",
            "target-total": "£1m",
            "target-first_year": "2017",
            "target-last_year": "2019",
            "target-kind": "cash",
        },
    )
    assert response.status_code == 302
    lines = list(SavingLine.objects.filter(project=other).order_by("financial_year"))
    assert [line.target for line in lines] == [Decimal("333333.34"), Decimal("333333.33"), Decimal("333333.33")]
    assert all(line.original_target == line.target for line in lines)
    # A project that has a target is re-profiled instead.
    response = client.post(
        url("project_savings", pk=project.pk),
        {
            "form": "target",
            "target-total": "5000",
            "target-first_year": "2019",
            "target-last_year": "2019",
            "target-kind": "cash",
        },
    )
    assert "re-profile them" in errors(response)


def test_the_target_form_names_the_fields_in_error(client, editor, world):
    client.force_login(editor)
    response = client.post(
        url("project_savings", pk=world["project"].pk),
        {"form": "target", "target-total": "lots", "target-first_year": "2020", "target-last_year": "2019"},
    )
    summary = errors(response)
    assert "The total target" in summary
    assert "The last financial year must be the first or a later one" in summary
    assert "Choose cash-releasing or cost avoidance" in summary


def test_a_contributor_records_a_years_saving(client, contributor, world):
    project = world["project"]
    client.force_login(contributor)
    page = soup(client.get(url("project_savings", pk=project.pk)))
    assert page.select_one("[data-saving-form]") and not page.select_one("[data-target-form]")
    response = client.post(
        url("project_savings", pk=project.pk),
        {
            "form": "saving",
            "saving-financial_year": "2019",
            "saving-kind": "cash",
            "saving-delivered": "£700,000",
            "saving-delivered_as_at": "15/11/2019",
            "saving-forecast": "900K",
        },
    )
    assert response.status_code == 302
    line = SavingLine.objects.get(project=project, financial_year=2019)
    assert line.delivered == Decimal("700000") and line.forecast == Decimal("900000")
    assert line.delivered_as_at == dt.date(2019, 11, 15) and line.target == Decimal("1046000")
    # A contributor may not set targets.
    response = client.post(url("project_savings", pk=project.pk), {"form": "target", "target-total": "1"})
    assert response.status_code == 403


def test_the_saving_form_names_the_fields_in_error(client, contributor, world):
    client.force_login(contributor)
    response = client.post(
        url("project_savings", pk=world["project"].pk),
        {"form": "saving", "saving-financial_year": "", "saving-kind": "cash", "saving-delivered": "-£5"},
    )
    summary = errors(response)
    assert "Choose the financial year" in summary
    assert "The saving delivered" in summary
    response = client.post(
        url("project_savings", pk=world["project"].pk),
        {"form": "saving", "saving-financial_year": "2019", "saving-kind": "cash"},
    )
    assert "Enter the saving delivered to date, the forecast, or both" in errors(response)


def test_a_viewer_may_not_record_savings(client, viewer, world):
    client.force_login(viewer)
    assert client.get(url("project_savings", pk=world["project"].pk)).status_code == 403
    assert client.post(url("project_savings", pk=world["project"].pk), {"form": "saving"}).status_code == 403


def test_an_editor_reprofiles_and_the_original_stays(client, editor, world):
    project = world["project"]
    client.force_login(editor)
    page = soup(client.get(url("reprofile", pk=project.pk)))
    assert page.select_one("#id_year_2019")["value"] == "1046000.00"
    assert "£1.046m" in text(page.select_one("[data-profile]"))
    response = client.post(
        url("reprofile", pk=project.pk),
        {"kind": "cash", "year_2019": "£846K", "new_year": "2020", "new_amount": "£200K", "reason": "Slower start"},
    )
    assert response.status_code == 302
    lines = {line.financial_year: line for line in SavingLine.objects.filter(project=project)}
    assert lines[2019].target == Decimal("846000") and lines[2019].original_target == Decimal("1046000")
    assert lines[2020].target == Decimal("200000")
    record = Reprofiling.objects.get(project=project)
    assert record.reason == "Slower start" and not record.total_changed
    page = soup(client.get(url("reprofile", pk=project.pk)))
    assert "Slower start" in text(page.select_one("[data-reprofilings]"))


def test_reprofiling_that_changes_the_total_must_say_so(client, editor, world):
    project = world["project"]
    client.force_login(editor)
    data = {"kind": "cash", "year_2019": "£900K", "reason": "Fewer reviews"}
    assert "say that the target changes" in errors(client.post(url("reprofile", pk=project.pk), data))
    response = client.post(url("reprofile", pk=project.pk), {**data, "total_changes": "on"})
    assert response.status_code == 302
    assert Reprofiling.objects.get(project=project).total_changed


def test_the_reprofile_form_names_the_fields_in_error(client, editor, world):
    client.force_login(editor)
    response = client.post(
        url("reprofile", pk=world["project"].pk), {"kind": "cash", "year_2019": "abc", "new_year": "2021", "reason": ""}
    )
    summary = errors(response)
    assert "The target for 2019-20" in summary
    assert "Enter the amount for the added year" in summary
    assert "Enter the reason for re-profiling" in summary
    assert not Reprofiling.objects.exists()


# Milestones


def test_an_editor_adds_a_milestone_and_a_contributor_moves_its_forecast(client, editor, contributor, world):
    project = world["project"]
    client.force_login(editor)
    response = client.post(url("new_milestone", pk=project.pk), {"title": "Reviews done", "baseline_date": "30/9/2019"})
    assert response.status_code == 302
    milestone = Milestone.objects.get(project=project)
    assert milestone.forecast_date == dt.date(2019, 9, 30)
    client.force_login(contributor)
    page = soup(client.get(url("milestone", pk=milestone.pk)))
    assert "On its baseline date" in text(page.select_one("[data-milestone]"))
    response = client.post(url("milestone", pk=milestone.pk), {"forecast_date": "21/10/2019", "done_on": ""})
    assert response.status_code == 302 and response["Location"] == url("project", pk=project.pk)
    milestone.refresh_from_db()
    assert milestone.baseline_date == dt.date(2019, 9, 30) and milestone.forecast_date == dt.date(2019, 10, 21)
    response = client.post(url("milestone", pk=milestone.pk), {"forecast_date": "21/10/2019", "done_on": "22/10/2019"})
    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2019, 10, 22)


def test_the_milestone_forms_name_the_fields_in_error(client, editor, world):
    project = world["project"]
    client.force_login(editor)
    summary = errors(client.post(url("new_milestone", pk=project.pk), {"title": "", "baseline_date": "soon"}))
    assert "Enter the milestone" in summary and "The baseline date must be a real date" in summary
    milestone = actions.save_milestone(project, by=editor, title="Go live", baseline_date=dt.date(2019, 9, 30))
    summary = errors(client.post(url("milestone", pk=milestone.pk), {"forecast_date": ""}))
    assert "Enter the forecast date" in summary


def test_a_viewer_may_not_move_a_milestone(client, viewer, editor, outsider, world):
    milestone = actions.save_milestone(world["project"], by=editor, title="Go live", baseline_date=dt.date(2019, 9, 30))
    client.force_login(viewer)
    assert client.post(url("milestone", pk=milestone.pk), {"forecast_date": "1/1/2020"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url("milestone", pk=milestone.pk)).status_code == 404


# KPIs and plan actions


def test_an_editor_links_a_kpi_with_its_baseline_from_the_store(client, editor, world):
    project = world["project"]
    client.force_login(editor)
    response = client.post(
        url("new_kpi", pk=project.pk),
        {"indicator": world["indicator"].pk, "baseline_period_code": "2018-19", "target_value": "80"},
    )
    assert response.status_code == 302
    kpi = ProjectIndicator.objects.get(project=project)
    assert kpi.baseline_value == Decimal("61") and kpi.baseline_period_code == "2018-19"
    assert kpi.target_value == Decimal("80")


def test_the_kpi_form_names_the_fields_in_error(client, editor, world):
    client.force_login(editor)
    summary = errors(client.post(url("new_kpi", pk=world["project"].pk), {"indicator": "", "target_value": "lots"}))
    assert "Choose the indicator" in summary and "The target value must be a number" in summary
    summary = errors(client.post(url("new_kpi", pk=world["project"].pk), {"indicator": world["indicator"].pk}))
    assert "Enter the target, as a number or in words" in summary


def test_an_editor_hands_a_plan_action_to_the_project(client, editor, world):
    from ascent.plans.models import Action

    project = world["project"]
    client.force_login(editor)
    page = soup(client.get(url("take_action", pk=project.pk)))
    assert "Review everyone in long-term care" in text(page.select_one("#id_action"))
    response = client.post(url("take_action", pk=project.pk), {"action": world["action"].pk, "note": "Same work"})
    assert response.status_code == 302
    action = Action.objects.get(pk=world["action"].pk)
    assert action.superseded_by_record == project and action.supersession_note == "Same work"
    # It is no longer open, so no longer offered.
    page = soup(client.get(url("take_action", pk=project.pk)))
    assert "Review everyone" not in text(page.select_one("#id_action"))
    summary = errors(client.post(url("take_action", pk=project.pk), {"action": world["action"].pk}))
    assert "Choose an open action from the list" in summary
    # The action's own page links to the project that took its work.
    action_page = soup(
        client.get(reverse("plans:action", kwargs={"gss_code": GSS, "plan_id": action.plan_id, "action_id": action.pk}))
    )
    moved = action_page.select_one("[data-superseded-by]")
    assert "the project RH01 Targeted Reviews" in text(moved) and "Same work" in text(moved)
    assert moved.select_one("a")["href"] == url("project", pk=project.pk)


def test_another_councils_action_is_not_offered(client, editor, world, herefordshire):
    from ascent.plans import planning

    theirs = planning.create_plan(
        herefordshire, by=None, title="Their plan", starts_on=dt.date(2019, 4, 1), ends_on=dt.date(2020, 3, 31)
    )
    action = planning.create_action(theirs, by=None, title="Their action")
    client.force_login(editor)
    summary = errors(client.post(url("take_action", pk=world["project"].pk), {"action": action.pk}))
    assert "Choose an open action from the list" in summary


def test_saving_kinds_are_kept_apart_on_the_page(client, viewer, editor, world):
    actions.record_saving(
        world["project"], by=editor, financial_year=2019, kind=SavingKind.AVOIDANCE, target=Decimal("5000")
    )
    client.force_login(viewer)
    rows = [text(row) for row in soup(client.get(url("project", pk=world["project"].pk))).select("[data-saving-row]")]
    assert len(rows) == 2 and "Cost avoidance" in rows[1]
