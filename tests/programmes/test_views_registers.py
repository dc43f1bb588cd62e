"""A programme's risks and issues register (and heat map) and its budget monitoring page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ascent.programmes import actions
from ascent.programmes.models import BudgetKind, BudgetLine, Risk, RiskStatus
from ascent.programmes.views.registers import RISKS_PER_PAGE, budget_year, heat_rows

from . import resilient_programme, targeted_reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(harrow, editor):
    return resilient_programme(harrow, editor)


@pytest.fixture
def project(programme, editor):
    return targeted_reviews(programme, editor)


def url(name, organisation, **kwargs):
    return reverse(f"programmes:{name}", kwargs={"gss_code": organisation.gss_code, **kwargs})


def add_risk(programme, editor, *, likelihood=3, impact=4, project=None, **fields):
    fields.setdefault("title", f"Risk {likelihood}x{impact}")
    return actions.save_risk(programme, by=editor, project=project, likelihood=likelihood, impact=impact, **fields)


# ── The heat map ─────────────────────────────────────────────────────────────────────────────


def test_heat_rows_put_impact_five_at_the_top_with_grades():
    rows = heat_rows([[0, 0, 0, 0, 1], *[[0] * 5 for _ in range(3)], [2, 0, 0, 0, 0]])
    assert [row["impact"] for row in rows] == [5, 4, 3, 2, 1]
    top_right = rows[0]["cells"][4]
    assert (top_right["likelihood"], top_right["count"], top_right["score"], top_right["grade"].name) == (
        5,
        1,
        25,
        "Extreme",
    )
    bottom_left = rows[4]["cells"][0]
    assert (bottom_left["count"], bottom_left["score"], bottom_left["grade"].name) == (2, 1, "Low")


def test_the_register_counts_each_cell_and_lists_the_risks(client, harrow, editor, viewer, programme, project):
    add_risk(programme, editor, likelihood=4, impact=5, title="Demand outstrips reviews", project=project)
    add_risk(programme, editor, likelihood=4, impact=5, title="Providers fail")
    add_risk(programme, editor, likelihood=1, impact=2, title="Minor delay")
    closed = add_risk(programme, editor, likelihood=4, impact=5, title="Closed one")
    actions.close_risk(closed, by=editor)
    client.force_login(viewer)
    response = client.get(url("risks", harrow, pk=programme.pk))
    assert response.status_code == 200
    cells = {
        (cell["likelihood"], row["impact"]): cell["count"]
        for row in response.context["heat_rows"]
        for cell in row["cells"]
    }
    assert cells[(4, 5)] == 2
    assert cells[(1, 2)] == 1
    assert sum(cells.values()) == 3
    text = response.content.decode()
    assert 'data-cell="4-5" data-count="2"' in text
    assert '2<span class="govuk-visually-hidden"> at score 20,</span> Extreme' in text
    assert "Demand outstrips reviews" in text
    assert "Closed one" not in text
    assert "Above appetite" in text  # 20 is above the appetite of 12
    assert "Add a risk or issue" not in text
    # Closed risks, when asked for.
    response = client.get(url("risks", harrow, pk=programme.pk), {"status": "closed"})
    assert [risk.title for risk in response.context["rows"]] == ["Closed one"]


def test_the_register_filters_by_project_and_kind(client, harrow, editor, viewer, programme, project):
    add_risk(programme, editor, title="Project risk", project=project)
    add_risk(programme, editor, title="Programme issue", kind="issue")
    client.force_login(viewer)
    page = client.get(url("risks", harrow, pk=programme.pk), {"project": str(project.pk)})
    assert [r.title for r in page.context["rows"]] == ["Project risk"]
    page = client.get(url("risks", harrow, pk=programme.pk), {"project": "programme"})
    assert [r.title for r in page.context["rows"]] == ["Programme issue"]
    page = client.get(url("risks", harrow, pk=programme.pk), {"kind": "issue"})
    assert [r.title for r in page.context["rows"]] == ["Programme issue"]
    assert page.context["counted"] == 1
    # A value that is not a choice is ignored, not an error.
    page = client.get(url("risks", harrow, pk=programme.pk), {"project": "nonsense"})
    assert page.status_code == 200
    assert len(page.context["rows"]) == 2


def test_trend_overdue_review_and_escalation_show(client, harrow, editor, viewer, programme, project):
    risk = add_risk(programme, editor, likelihood=2, impact=3, project=project, review_on=dt.date(2019, 1, 1))
    actions.save_risk(programme, by=editor, risk=risk, likelihood=4, escalated=True)
    client.force_login(viewer)
    text = client.get(url("risks", harrow, pk=programme.pk)).content.decode()
    assert "Rising (was 6)" in text
    assert "Review overdue" in text
    assert "Yes, " in text


def test_the_register_paginates_and_keeps_its_query_count(
    client, harrow, editor, viewer, programme, project, django_assert_num_queries
):
    for n in range(3):
        add_risk(programme, editor, likelihood=1 + n % 5, impact=1 + (n * 2) % 5, project=project if n % 2 else None)
    client.force_login(viewer)
    client.get(url("risks", harrow, pk=programme.pk))
    with django_assert_num_queries(13):
        client.get(url("risks", harrow, pk=programme.pk))
    Risk.objects.bulk_create(
        [
            Risk(
                organisation=harrow,
                programme=programme,
                project=project if n % 2 else None,
                title=f"Bulk risk {n}",
                likelihood=1 + n % 5,
                impact=1 + (n // 5) % 5,
                owner=editor,
                review_on=dt.date(2020, 1, 1),
            )
            for n in range(RISKS_PER_PAGE + 20)
        ]
    )
    with django_assert_num_queries(13):
        response = client.get(url("risks", harrow, pk=programme.pk))
    assert len(response.context["rows"]) == RISKS_PER_PAGE
    assert response.context["counted"] == RISKS_PER_PAGE + 23
    with django_assert_num_queries(13):
        response = client.get(url("risks", harrow, pk=programme.pk), {"page": "2"})
    assert len(response.context["rows"]) == 23


def test_outsiders_get_404s(client, harrow, editor, outsider, programme):
    risk = add_risk(programme, editor)
    client.force_login(outsider)
    for name, pk in (("risks", programme.pk), ("new_risk", programme.pk), ("budget", programme.pk)):
        assert client.get(url(name, harrow, pk=pk)).status_code == 404
    for name in ("risk", "close_risk"):
        assert client.get(url(name, harrow, pk=risk.pk)).status_code == 404


# ── Adding, changing and closing risks ───────────────────────────────────────────────────────


RISK_DATA = {
    "kind": "risk",
    "title": "Reviews do not release the savings",
    "likelihood": "4",
    "impact": "4",
    "target_likelihood": "2",
    "target_impact": "3",
    "owner_name": "Head of Assessment",
    "mitigation": "Weekly tracking of reviews",
    "review_on": "10/12/2019",
}


def test_a_contributor_adds_a_project_risk(client, harrow, contributor, programme, project):
    client.force_login(contributor)
    page = client.get(url("new_risk", harrow, pk=programme.pk), {"project": project.pk})
    assert page.status_code == 200
    assert f'value="{project.pk}" selected' in page.content.decode()
    response = client.post(url("new_risk", harrow, pk=programme.pk), {**RISK_DATA, "project": project.pk})
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.project, risk.score, risk.target_score, risk.review_on) == (project, 16, 6, dt.date(2019, 12, 10))


def test_bad_risk_input_names_the_field(client, harrow, contributor, programme):
    client.force_login(contributor)
    response = client.post(url("new_risk", harrow, pk=programme.pk), {"kind": "risk", "title": "", "likelihood": "7"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Enter the risk" in text
    assert "Choose the likelihood, from 1 to 5" in text
    assert "Choose the impact, from 1 to 5" in text
    response = client.post(url("new_risk", harrow, pk=programme.pk), {**RISK_DATA, "target_impact": ""})
    assert "Choose the target impact too, or neither" in response.content.decode()
    assert not Risk.objects.exists()


def test_viewers_may_read_but_not_change_risks(client, harrow, editor, viewer, programme, project):
    risk = add_risk(programme, editor, project=project)
    client.force_login(viewer)
    assert client.get(url("new_risk", harrow, pk=programme.pk)).status_code == 403
    assert client.post(url("new_risk", harrow, pk=programme.pk), RISK_DATA).status_code == 403
    page = client.get(url("risk", harrow, pk=risk.pk))
    assert page.status_code == 200
    assert "Review the risk" not in page.content.decode()
    assert client.post(url("risk", harrow, pk=risk.pk), RISK_DATA).status_code == 403
    assert client.get(url("close_risk", harrow, pk=risk.pk)).status_code == 403
    assert client.post(url("close_risk", harrow, pk=risk.pk)).status_code == 403
    assert client.post(url("budget", harrow, pk=programme.pk), {"period": "Nov 2019"}).status_code == 403
    risk.refresh_from_db()
    assert risk.status == RiskStatus.OPEN


def test_the_projects_manager_may_update_its_risks_whatever_their_role(
    client, harrow, editor, viewer, programme, project
):
    actions.change_project(project, by=editor, manager=viewer)
    risk = add_risk(programme, editor, project=project)
    client.force_login(viewer)
    response = client.post(url("risk", harrow, pk=risk.pk), {**RISK_DATA, "likelihood": "2"})
    assert response.status_code == 302


def test_rescoring_keeps_the_previous_score_and_escalates(client, harrow, editor, contributor, programme, project):
    risk = add_risk(programme, editor, likelihood=3, impact=4, project=project)
    client.force_login(contributor)
    page = client.get(url("risk", harrow, pk=risk.pk))
    assert "Escalated to the programme" in page.content.decode()
    response = client.post(
        url("risk", harrow, pk=risk.pk), {**RISK_DATA, "likelihood": "5", "impact": "4", "escalated": "on"}
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.score, risk.previous_score, risk.escalated) == (20, 12, True)
    assert risk.escalated_on is not None
    assert risk.project == project


def test_a_programme_risk_is_not_offered_escalation(client, harrow, editor, contributor, programme):
    risk = add_risk(programme, editor)
    client.force_login(contributor)
    assert "Escalated to the programme" not in client.get(url("risk", harrow, pk=risk.pk)).content.decode()


def test_closing_a_risk_asks_first(client, harrow, editor, contributor, programme):
    risk = add_risk(programme, editor, title="Harrow risk to close")
    client.force_login(contributor)
    page = client.get(url("close_risk", harrow, pk=risk.pk))
    assert page.status_code == 200
    assert "Close the risk “Harrow risk to close”?" in page.content.decode()
    response = client.post(url("close_risk", harrow, pk=risk.pk))
    assert response.headers["Location"] == url("risks", harrow, pk=programme.pk)
    risk.refresh_from_db()
    assert risk.status == RiskStatus.CLOSED
    # Again: refused with a message, no error page.
    response = client.post(url("close_risk", harrow, pk=risk.pk), follow=True)
    assert "already closed" in response.content.decode()


# ── Budget monitoring ────────────────────────────────────────────────────────────────────────


def test_budget_year_totals_each_granularity_apart_and_shows_savings(harrow, editor, programme, project):
    second = actions.create_project(
        programme, by=editor, reference="RH02", name="Harrow is Home", on=dt.date(2019, 4, 1)
    )
    actions.record_saving(
        second,
        by=editor,
        financial_year=2019,
        target=Decimal("400000"),
        forecast=Decimal("400000"),
        delivered=Decimal("312000"),
    )
    record = actions.record_budget
    record(
        programme,
        by=editor,
        period="2019-20",
        budget=Decimal("1600000"),
        forecast=Decimal("1650000"),
        kind=BudgetKind.DELIVERY,
        source="Corporate transformation budget",
    )
    record(
        programme,
        by=editor,
        period="Q1 2019/20",
        budget=Decimal("400000"),
        forecast=Decimal("380000"),
        kind=BudgetKind.DELIVERY,
    )
    record(
        programme,
        by=editor,
        period="Q2 2019/20",
        budget=Decimal("400000"),
        forecast=Decimal("420000"),
        spent=Decimal("410000"),
        kind=BudgetKind.DELIVERY,
    )
    record(
        programme, by=editor, period="Nov 2019", budget=Decimal("100000"), forecast=Decimal("90000"), project=project
    )
    lines = list(BudgetLine.objects.filter(programme=programme).select_related("project"))
    savings = list(project.savings.select_related("project")) + list(second.savings.select_related("project"))
    year = budget_year(2019, lines, savings)
    assert year["label"] == "2019-20"
    delivery = next(t for t in year["tables"] if t.kind == BudgetKind.DELIVERY)
    assert [row["period"] for row in delivery.rows] == ["2019-20", "Q1 2019/20", "Q2 2019/20"]
    totals = {row["label"]: row for row in delivery.totals}
    assert totals["Whole year"]["variance"] == "£50K overspend"
    assert totals["Quarters"]["budget"] == "£800K"
    assert totals["Quarters"]["variance"] == "On budget"
    assert totals["Quarters"]["spent"] == "£410K"
    by_project = {(row["scope"], row["kind"]): row for row in year["by_project"]}
    assert by_project[("Programme", "Cost of delivery")]["basis"] == "Whole year"
    assert by_project[("Programme", "Cost of delivery")]["budget"] == "£1.6m"
    assert by_project[("RH01 Targeted Reviews", "Service budget")]["variance"] == "£10K underspend"
    assert year["saving_total"]["target"] == "£1.446m"
    assert year["saving_total"]["forecast"] == "£1.263m"
    assert year["saving_total"]["shortfall"] == "£183K"
    # £50K over on delivery, £10K under on the service: the overspend is not hidden by the underspend.
    assert year["overspends"] == [{"kind": "cost of delivery", "amount": "£50K"}]


def test_the_budget_page_shows_overspend_and_savings_together(client, harrow, editor, viewer, programme, project):
    actions.record_budget(
        programme,
        by=editor,
        period="2019-20",
        budget=Decimal("1000000"),
        forecast=Decimal("1100000"),
        kind=BudgetKind.SERVICE,
    )
    client.force_login(viewer)
    response = client.get(url("budget", harrow, pk=programme.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert "£100K overspend" in text
    assert "Forecast overspend of £100K</strong> on the service budget" in text
    assert "£863K forecast against a target of £1.046m, £183K short" in text
    assert "Record a budget line" not in text


def test_a_contributor_records_a_budget_line_in_pounds(client, harrow, contributor, programme, project):
    client.force_login(contributor)
    response = client.post(
        url("budget", harrow, pk=programme.pk),
        {
            "period": "Q3 2019/20",
            "kind": "delivery",
            "project": project.pk,
            "source": "Corporate transformation budget",
            "budget": "£190K",
            "forecast": "195,000",
            "spent": "£120,500.50",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#year-2019")
    line = BudgetLine.objects.get()
    assert (line.period_code, line.financial_year, line.budget, line.forecast, line.spent) == (
        "2019-20-Q3",
        2019,
        Decimal("190000.00"),
        Decimal("195000.00"),
        Decimal("120500.50"),
    )
    assert line.source == "Corporate transformation budget"
    text = client.get(url("budget", harrow, pk=programme.pk)).content.decode()
    assert "Q3 2019/20" in text
    assert "£5,000 overspend" in text


def test_bad_budget_input_names_the_field_and_saves_nothing(client, harrow, contributor, programme):
    client.force_login(contributor)
    response = client.post(
        url("budget", harrow, pk=programme.pk),
        {"period": "sometime", "kind": "service", "budget": "lots", "forecast": "-5"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter the period as a month, a quarter or a financial year" in text
    assert "The budget must be an amount of pounds" in text
    assert "The forecast outturn cannot be less than nothing" in text
    response = client.post(
        url("budget", harrow, pk=programme.pk), {"period": "2019", "kind": "service", "budget": "1", "forecast": "1"}
    )
    assert response.status_code == 200
    assert not BudgetLine.objects.exists()


def test_the_budget_page_keeps_its_query_count(
    client, harrow, editor, viewer, programme, project, django_assert_num_queries
):
    actions.record_budget(programme, by=editor, period="Nov 2019", budget=Decimal("1"), forecast=Decimal("1"))
    client.force_login(viewer)
    client.get(url("budget", harrow, pk=programme.pk))
    with django_assert_num_queries(11):
        client.get(url("budget", harrow, pk=programme.pk))
    for month in ("Dec 2019", "Jan 2020", "Apr 2020", "May 2020"):
        for kind in BudgetKind.values:
            actions.record_budget(
                programme,
                by=editor,
                period=month,
                budget=Decimal("10"),
                forecast=Decimal("12"),
                kind=kind,
                project=project,
            )
    actions.record_saving(project, by=editor, financial_year=2020, target=Decimal("100"), forecast=Decimal("90"))
    with django_assert_num_queries(11):
        response = client.get(url("budget", harrow, pk=programme.pk))
    assert [year["label"] for year in response.context["years"]] == ["2020-21", "2019-20"]
