"""Apps declare their navigation section, Overview panels and import kinds once, on their AppConfig."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from ascent.core import registry
from ascent.core.checks import check_registrations
from ascent.core.registry import Panel, Registration, Section

from ..finance.factories import load_harrow
from ..indicators.factories import IndicatorFactory, series

BEFORE = Path(__file__).parent / "nav_before_registry.html"


def test_the_sections_come_in_their_declared_order():
    assert [(s.key, s.label, s.order) for s in registry.navigation()] == [
        ("overview", "Overview", 10),
        ("performance", "Performance", 20),
        ("client-level-data", "Client-level data", 25),
        ("self-assessment", "Self-assessment", 30),
        ("reviews", "Reviews", 40),
        ("improvement-plan", "Improvement plans", 50),
        ("programmes", "Programmes", 60),
        ("reports", "Reports", 90),
    ]


def test_a_section_gathers_the_pages_other_apps_place_in_it():
    sections = {s.key: s for s in registry.navigation()}
    assert sections["performance"].pages == ("indicators:", "imports:", "finance:")  # INSTALLED_APPS order
    assert sections["reports"].pages == ("reports:", "jobs:")


def test_panels_and_import_kinds_come_from_the_apps():
    assert registry.overview_panels() == [
        "ascent.indicators.panels.performance_panel",
        "ascent.assessments.panels.self_assessment_panel",
        "ascent.reviews.panels.reviews_panel",
        "ascent.plans.panels.plans_panel",
        "ascent.finance.panels.spending_panel",
        "ascent.programmes.panels.programmes_panel",
    ]
    assert registry.element_panels() == [
        "ascent.assessments.panels.element_ratings_panel",
        "ascent.indicators.element_panel.element_indicators_panel",
        "ascent.reviews.findings.element_findings_panel",
        "ascent.plans.panels.element_actions_panel",
    ]
    assert registry.evidence_panels() == [
        "ascent.assessments.panels.evidence_ratings_panel",
        "ascent.reviews.library.evidence_reviews_panel",
    ]
    assert registry.flag_sources() == [
        "ascent.assessments.flags.open_flags",
        "ascent.reviews.flags.open_flags",
        "ascent.plans.flags.open_flags",
        "ascent.programmes.flags.open_flags",
    ]
    assert [link.url_name for link in registry.region_links()] == ["assessments:regional", "reports:regional"]
    assert registry.import_schemas() == {
        "observations": "ascent.indicators.importing.ObservationSchema",
        "expenditure": "ascent.finance.importing.ExpenditureSchema",
        "plan_actions": "ascent.plans.import_actions.ActionPlanSchema",
    }
    # Reviews, improvement plans and programmes replaced their placeholders (their apps declare the real sections).
    assert registry.planned_sections() == []


def declared(monkeypatch, *registrations):
    monkeypatch.setattr(registry, "registrations", lambda: [(f"app{i}", r) for i, r in enumerate(registrations)])


def test_equal_orders_fall_back_to_the_label_and_panels_to_their_order(monkeypatch):
    declared(
        monkeypatch,
        Registration(sections=[Section("b", "Beta", "x:b", order=5)], overview_panels=[Panel("z.late", 9)]),
        Registration(sections=[Section("a", "Alpha", "x:a", order=5)], overview_panels=[Panel("a.early", 1)]),
    )
    assert [s.label for s in registry.navigation()] == ["Alpha", "Beta"]
    assert registry.overview_panels() == ["a.early", "z.late"]


def test_a_section_or_import_kind_declared_twice_is_refused(monkeypatch):
    declared(
        monkeypatch,
        Registration(sections=[Section("a", "A", "x:a", order=1)], import_schemas={"k": "p.One"}),
        Registration(sections=[Section("a", "A again", "x:b", order=2)], import_schemas={"k": "p.Two"}),
    )
    with pytest.raises(ImproperlyConfigured, match="'a' is declared twice"):
        registry.navigation()
    with pytest.raises(ImproperlyConfigured, match="'k' is declared twice"):
        registry.import_schemas()


def test_pages_for_a_section_nobody_declares_are_refused(monkeypatch):
    declared(monkeypatch, Registration(section_pages={"nowhere": ("x:",)}))
    with pytest.raises(ImproperlyConfigured, match="nowhere"):
        registry.navigation()


# --- the pages ------------------------------------------------------------------------------


def nav(client, name, organisation) -> BeautifulSoup:
    response = client.get(reverse(name, kwargs={"gss_code": organisation.gss_code}))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def links(soup) -> list[tuple[str, str, bool]]:
    return [
        (a.get_text(strip=True), a["href"], a.get("aria-current") == "page")
        for a in soup.select("ul.govuk-service-navigation__list a")
    ]


@pytest.mark.django_db
def test_the_navigation_markup_is_what_it_was_before_the_registry(client, harrow, viewer):
    """nav_before_registry.html is the scorecard page's navigation as main rendered it at bcaae59, but for
    one label since renamed: "Improvement plans" (a council keeps one or more), once "Improvement plan", and
    the section added since: "Client-level data"."""
    client.force_login(viewer)
    soup = nav(client, "indicators:scorecard", harrow)
    before = BeautifulSoup(BEFORE.read_text(), "html.parser")
    assert soup.select_one("ul.govuk-service-navigation__list").prettify() == before.ul.prettify()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "current"),
    [
        ("organisations:overview", "Overview"),
        ("organisations:members", "Overview"),
        ("organisations:activity", "Overview"),
        ("indicators:scorecard", "Performance"),
        ("finance:index", "Performance"),
        ("imports:index", "Performance"),
        ("cld:index", "Client-level data"),
        ("assessments:index", "Self-assessment"),
        ("reviews:index", "Reviews"),
        ("plans:index", "Improvement plans"),
        ("programmes:index", "Programmes"),
        ("reports:index", "Reports"),
    ],
)
def test_each_page_marks_its_section_as_current(client, harrow, admin_user, page, current):
    client.force_login(admin_user)
    found = links(nav(client, page, harrow))
    gss = harrow.gss_code
    assert [(text, href) for text, href, _ in found] == [
        ("Overview", f"/orgs/{gss}/"),
        ("Performance", f"/orgs/{gss}/performance/"),
        ("Client-level data", f"/orgs/{gss}/client-level-data/"),
        ("Self-assessment", f"/orgs/{gss}/self-assessment/"),
        ("Reviews", f"/orgs/{gss}/reviews/"),
        ("Improvement plans", f"/orgs/{gss}/plans/"),
        ("Programmes", f"/orgs/{gss}/programmes/"),
        ("Reports", f"/orgs/{gss}/reports/"),
    ]
    assert [text for text, _, is_current in found if is_current] == [current]


@pytest.mark.django_db
def test_the_overview_shows_the_same_panels_as_before(client, harrow, viewer):
    load_harrow(harrow)
    series(harrow, IndicatorFactory(code="ASCOF-1C1A"), {"2021-22": "50", "2022-23": "55"})
    client.force_login(viewer)
    soup = nav(client, "organisations:overview", harrow)
    assert [h.get_text(strip=True) for h in soup.select("main h2")] == [
        "About this organisation",
        "Performance",
        "Self-assessment",
        "Reviews",
        "Improvement plans",
        "Spending",
        "Transformation programmes",
        "Recent activity",
        "Members",
    ]


@pytest.fixture
def registry_app(settings):
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "tests.core.registry_app.apps.RegistryAppConfig"]


@pytest.mark.django_db
def test_an_app_adds_its_section_panel_and_import_kind_from_its_own_config(registry_app, client, harrow, viewer):
    client.force_login(viewer)
    soup = nav(client, "organisations:overview", harrow)

    assert [text for text, _, _ in links(soup)] == [
        "Overview",
        "Performance",
        "Client-level data",
        "Peer network",
        "Self-assessment",
        "Reviews",
        "Improvement plans",
        "Programmes",
        "Reports",
    ]
    headings = [h.get_text(strip=True) for h in soup.select("main h2")]
    assert headings.index("Peer visits") < headings.index("Recent activity")
    assert "Visits planned for Harrow." in soup.get_text()
    # Every placeholder is replaced (each section's own app declares it).
    assert soup.find("h2", string="What Ascent will hold for Harrow") is None
    assert registry.import_schemas()["peer-visits"] == "tests.core.registry_app.panels.PeerVisitSchema"


@pytest.mark.django_db
def test_a_section_needing_a_permission_shows_only_to_those_with_it(registry_app, client, harrow, viewer, admin_user):
    client.force_login(viewer)
    assert "Settings" not in [text for text, _, _ in links(nav(client, "organisations:overview", harrow))]
    client.force_login(admin_user)
    assert [text for text, _, _ in links(nav(client, "organisations:overview", harrow))][-1] == "Settings"


def test_the_declarations_pass_the_system_checks():
    assert check_registrations() == []


def test_a_section_with_a_wrong_url_name_or_panel_path_fails_the_checks(monkeypatch):
    declared(
        monkeypatch,
        Registration(
            sections=[Section("a", "A", "organisations:nowhere", order=1)],
            overview_panels=[Panel("ascent.nowhere.panel", order=1)],
        ),
    )
    errors = check_registrations()
    assert [e.id for e in errors] == ["ascent.E002", "ascent.E003"]
    assert errors[0].msg.startswith("The navigation section 'a' links to 'organisations:nowhere'")
    assert errors[1].msg.startswith("ascent.nowhere.panel is declared on an AppConfig but cannot be imported")


def test_a_section_declared_twice_fails_the_checks(monkeypatch):
    twice = Registration(sections=[Section("a", "A", "organisations:overview", order=1)])
    declared(monkeypatch, twice, twice)
    assert [e.id for e in check_registrations()] == ["ascent.E001"]
