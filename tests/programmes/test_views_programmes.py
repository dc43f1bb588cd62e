"""The programme list, one programme's page, and setting a programme up (ascent/programmes/views/programmes.py).

The world: Harrow's "Resilient programme" (2019-20) under its Programme Board, with Targeted
Reviews (£863K forecast against £1.046m) and Harrow is Home (£400K forecast in full, £312,000
delivered by mid-November): the programme's £1.263m forecast against £1.446m.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.programmes import actions, flags
from ascent.programmes.models import Milestone, Programme, ProgrammeStatus, SavingKind, Stage

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


@pytest.fixture
def world(harrow, editor):
    programme = resilient_programme(harrow, editor)
    reviews = targeted_reviews(programme, editor)
    home = actions.create_project(
        programme, by=editor, reference="RH02", name="Harrow is Home", stage=Stage.DELIVERY, on=dt.date(2019, 4, 1)
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
    actions.create_project(programme, by=editor, reference="RH03", name="Shared Lives")
    return {"programme": programme, "reviews": reviews, "home": home}


def _more_projects(programme, editor, count: int, start: int = 10):
    for number in range(start, start + count):
        project = actions.create_project(programme, by=editor, reference=f"X{number}", name=f"Project {number}")
        actions.record_saving(project, by=editor, financial_year=2019, target=Decimal("1000"), forecast=Decimal("500"))
        actions.record_saving(project, by=editor, financial_year=2020, target=Decimal("1000"))
        actions.add_update(project, by=editor, text="Going well", rag_overall="green", rag_time="amber")


# The list


def test_the_list_shows_each_programme_with_its_savings_and_projects_by_stage(client, viewer, world):
    client.force_login(viewer)
    page = soup(client.get(url("index")))
    row = page.select_one(f"[data-programme='{world['programme'].pk}']")
    assert "Resilient programme" in text(row)
    assert "Programme Board" in text(row)
    assert text(row.select_one("[data-target]")) == "£1.446m"
    assert text(row.select_one("[data-forecast]")).startswith("£1.263m")
    assert "£183K short" in text(row.select_one("[data-forecast]"))
    assert text(row.select_one("[data-delivered]")) == "£312K"
    assert text(row.select_one("[data-stages]")) == "3: 1 proposed, 2 in delivery"
    assert "2019-20" in text(row)
    assert text(row.select_one("[data-flags]")) == "0"
    # A viewer may not create a programme; the boards are linked for everyone.
    assert not page.find("a", string="Create a programme")
    assert page.find("a", string="Boards")


def test_an_editor_sees_create_a_programme(client, editor, world):
    client.force_login(editor)
    link = soup(client.get(url("index"))).find("a", string="Create a programme")
    assert link["href"] == url("new_programme")


def test_the_list_counts_flags_of_a_programmes_projects(client, viewer, world, monkeypatch):
    from types import SimpleNamespace

    pk = world["programme"].pk
    found = [SimpleNamespace(key="a:1", extra={"programme_id": pk}), SimpleNamespace(key="b:2", extra={})]
    monkeypatch.setattr(flags, "open_flags", lambda organisation: found)
    client.force_login(viewer)
    row = soup(client.get(url("index"))).select_one(f"[data-programme='{world['programme'].pk}']")
    assert text(row.select_one("[data-flags]")) == "1"


def test_the_list_says_when_there_are_no_programmes(client, viewer):
    client.force_login(viewer)
    assert "has no transformation programmes yet" in text(soup(client.get(url("index"))))


def test_the_list_refuses_an_outsider(client, outsider, world):
    client.force_login(outsider)
    assert client.get(url("index")).status_code == 404


def test_the_list_pins_its_queries(client, viewer, world, editor, harrow, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(flags, "open_flags", lambda organisation: [])
    client.force_login(viewer)
    client.get(url("index"))
    with django_assert_num_queries(11):
        client.get(url("index"))
    _more_projects(world["programme"], editor, 5)
    other = actions.create_programme(harrow, by=editor, name="Second programme", starts_on=dt.date(2020, 4, 1))
    _more_projects(other, editor, 3, start=50)
    with django_assert_num_queries(11):
        page = soup(client.get(url("index")))
    assert len(page.select("[data-programme]")) == 2


def test_the_list_does_not_grow_its_queries_with_real_flags(
    client, viewer, world, editor, django_assert_max_num_queries
):
    client.force_login(viewer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _more_projects(world["programme"], editor, 1, start=90)
    client.get(url("index"))
    with CaptureQueriesContext(connection) as before:
        client.get(url("index"))
    _more_projects(world["programme"], editor, 4)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url("index"))


# One programme


def test_the_programme_page_shows_projects_rags_and_savings(client, viewer, world, editor):
    actions.add_update(world["reviews"], by=editor, text="Reviews under way", rag_overall="green", rag_cost="red")
    client.force_login(viewer)
    page = soup(client.get(url("programme", pk=world["programme"].pk)))
    row = page.select_one(f"[data-project='{world['reviews'].pk}']")
    assert "RH01" in text(row) and "Targeted Reviews" in text(row)
    assert "In delivery" in text(row)
    assert row.select_one("[data-rag='overall'] .govuk-tag--green")
    assert row.select_one("[data-rag='cost'] .govuk-tag--red")
    assert "Not reported" in text(row.select_one("[data-rag='time']"))
    assert "£1.046m" in text(row) and "£863K" in text(row)
    total = page.select_one("[data-year-total]")
    assert "£1.446m" in text(total) and "£1.263m" in text(total) and "£312K" in text(total)
    savings = page.select_one("[data-saving-total]")
    assert "£1.446m" in text(savings) and "£183K" in text(savings)
    # Links to the registers, reports and board.
    hrefs = {a["href"] for a in page.select("a")}
    pk = world["programme"].pk
    assert url("risks", pk=pk) in hrefs
    assert url("budget", pk=pk) in hrefs
    assert url("report", pk=pk, kind="highlight") in hrefs
    assert url("report", pk=pk, kind="committee") in hrefs
    assert url("board", pk=world["programme"].board_id) in hrefs
    # A viewer changes nothing.
    assert not page.select("[data-manage]")


def test_the_programme_savings_table_splits_kinds_and_years(client, viewer, world, editor):
    actions.record_saving(
        world["home"], by=editor, financial_year=2020, kind=SavingKind.AVOIDANCE, target=Decimal("50000")
    )
    client.force_login(viewer)
    page = soup(client.get(url("programme", pk=world["programme"].pk)))
    rows = [text(row) for row in page.select("[data-saving-row]")]
    assert rows[0].startswith("2019-20 Cash-releasing £1.446m")
    assert rows[1].startswith("2020-21 Cost avoidance £50K")
    kinds = [text(row) for row in page.select("[data-saving-kind]")]
    assert len(kinds) == 2 and "cost avoidance £50K" in kinds[1]


def test_an_editor_sees_how_to_change_the_programme(client, editor, world):
    client.force_login(editor)
    page = soup(client.get(url("programme", pk=world["programme"].pk)))
    hrefs = {a["href"] for a in page.select("[data-manage] a")}
    assert url("edit_programme", pk=world["programme"].pk) in hrefs
    assert url("new_project", programme_pk=world["programme"].pk) in hrefs


def test_the_programme_page_refuses_an_outsider(client, outsider, world):
    client.force_login(outsider)
    assert client.get(url("programme", pk=world["programme"].pk)).status_code == 404


def test_the_programme_page_pins_its_queries(client, viewer, world, editor, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(flags, "project_flags", lambda organisation, ids=None: {})
    client.force_login(viewer)
    client.get(url("programme", pk=world["programme"].pk))
    with django_assert_num_queries(11):
        client.get(url("programme", pk=world["programme"].pk))
    _more_projects(world["programme"], editor, 6)
    with django_assert_num_queries(11):
        page = soup(client.get(url("programme", pk=world["programme"].pk)))
    assert len(page.select("[data-project]")) == 9


# Setting a programme up and changing it


def test_a_viewer_may_not_create_a_programme(client, viewer, world):
    client.force_login(viewer)
    assert client.get(url("new_programme")).status_code == 403
    assert client.post(url("new_programme"), {"name": "X"}).status_code == 403


def test_an_outsider_may_not_create_a_programme(client, outsider):
    client.force_login(outsider)
    assert client.get(url("new_programme")).status_code == 404


def test_the_programme_form_names_the_fields_in_error(client, editor, world):
    client.force_login(editor)
    page = soup(
        client.post(
            url("new_programme"),
            {
                "name": "",
                "starts_on": "31/2/2019",
                "ends_on": "",
                "risk_appetite": "30",
                "milestone_tolerance_days": "",
            },
        )
    )
    summary = text(page.select_one(".govuk-error-summary"))
    assert "Enter the programme's name" in summary
    assert "The start date must be a real date" in summary
    assert "Risk appetite must be 25 or fewer" in summary
    assert "Enter the milestone tolerance in days" in summary
    assert Programme.objects.count() == 1


def test_the_end_date_must_follow_the_start(client, editor, world):
    client.force_login(editor)
    page = soup(
        client.post(
            url("new_programme"),
            {
                "name": "Later",
                "starts_on": "1/4/2020",
                "ends_on": "1/4/2019",
                "risk_appetite": "12",
                "milestone_tolerance_days": "28",
            },
        )
    )
    assert "The end date must be on or after the start date" in text(page.select_one(".govuk-error-summary"))


def test_an_editor_creates_a_programme(client, editor, contributor, world):
    client.force_login(editor)
    response = client.post(
        url("new_programme"),
        {
            "name": "Better Lives",
            "summary": "Prevention first",
            "sponsor": contributor.pk,
            "manager_name": "Head of Transformation",
            "board": world["programme"].board_id,
            "starts_on": "1/4/2020",
            "ends_on": "31/3/2022",
            "risk_appetite": "10",
            "milestone_tolerance_days": "14",
        },
    )
    made = Programme.objects.get(name="Better Lives")
    assert response.status_code == 302 and response["Location"] == url("programme", pk=made.pk)
    assert made.sponsor == contributor and made.manager_name == "Head of Transformation"
    assert made.starts_on == dt.date(2020, 4, 1) and made.risk_appetite == 10
    assert made.milestone_tolerance_days == 14 and made.board_id == world["programme"].board_id


def test_the_board_must_be_the_councils(client, editor, world, herefordshire):
    other = actions.create_board(herefordshire, by=None, name="Their board")
    client.force_login(editor)
    page = soup(client.post(url("new_programme"), {"name": "X", "starts_on": "1/4/2020", "board": other.pk}))
    assert "Choose one of the council's boards" in text(page.select_one(".govuk-error-summary"))


def test_an_editor_changes_and_closes_a_programme(client, editor, world):
    programme = world["programme"]
    client.force_login(editor)
    page = soup(client.get(url("edit_programme", pk=programme.pk)))
    assert page.select_one("#id_name")["value"] == "Resilient programme"
    data = {
        "name": "Resilient Harrow",
        "starts_on": "1/4/2019",
        "ends_on": "31/3/2020",
        "risk_appetite": "12",
        "milestone_tolerance_days": "28",
        "status": "closed",
        "closed_reason": "",
    }
    page = soup(client.post(url("edit_programme", pk=programme.pk), data))
    assert "Say why the programme is closing" in text(page.select_one(".govuk-error-summary"))
    response = client.post(url("edit_programme", pk=programme.pk), {**data, "closed_reason": "Work moved to boards"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Resilient Harrow" and programme.status == ProgrammeStatus.CLOSED
    assert programme.closed_reason == "Work moved to boards" and programme.closed_on is not None
    page = soup(client.get(url("programme", pk=programme.pk)))
    assert "Work moved to boards" in text(page.select_one("[data-closed]"))


def test_a_contributor_may_not_change_a_programme(client, contributor, world):
    client.force_login(contributor)
    assert client.get(url("edit_programme", pk=world["programme"].pk)).status_code == 403
    assert client.post(url("edit_programme", pk=world["programme"].pk), {}).status_code == 403


def test_an_outsider_may_not_change_a_programme(client, outsider, world):
    client.force_login(outsider)
    assert client.post(url("edit_programme", pk=world["programme"].pk), {}).status_code == 404


# The demo: Resilient Harrow 2019-20 on these pages


@pytest.fixture
def demo(db):
    from ascent.indicators.demo import load_demo_performance
    from ascent.organisations.demo import load_demo_people
    from ascent.organisations.reference import load_reference_data
    from ascent.programmes.demo import load_demo_programmes
    from tests.frameworks.factories import load_shipped

    load_reference_data()
    load_shipped()
    load_demo_people(password_factory=lambda: "demo-password")
    load_demo_performance()
    load_demo_programmes()
    return Programme.objects.get(organisation__gss_code=GSS, name="Resilient Harrow")


def test_the_demo_reads_as_the_resilient_harrow_report(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="editor@harrow.demo.ascent.invalid"))
    row = soup(client.get(url("index"))).select_one(f"[data-programme='{demo.pk}']")
    assert text(row.select_one("[data-target]")) == "£1.446m"
    assert text(row.select_one("[data-forecast]")).startswith("£1.263m")
    page = soup(client.get(url("programme", pk=demo.pk)))
    rows = {text(r.select_one("th")): text(r) for r in page.select("[data-project]")}
    reviews = next(value for key, value in rows.items() if "Targeted Reviews" in key)
    assert "£1.046m" in reviews and "£863K" in reviews
    home = next(value for key, value in rows.items() if "Harrow is Home" in key)
    assert "£400K" in home and "£312K" in home
    for project in demo.projects.all():
        assert client.get(url("project", pk=project.pk)).status_code == 200
        for name in (
            "edit_project",
            "project_stage",
            "project_board",
            "project_update",
            "project_savings",
            "reprofile",
        ):
            assert client.get(url(name, pk=project.pk)).status_code == 200, name
        for name in ("new_milestone", "new_kpi", "take_action"):
            assert client.get(url(name, pk=project.pk)).status_code == 200, name
    for milestone in Milestone.objects.filter(project__programme=demo):
        assert client.get(url("milestone", pk=milestone.pk)).status_code == 200
