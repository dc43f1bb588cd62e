"""Migrations 0009-0010: each indicator's framework and domain become framework element tags,
keeping every grouping, and going back restores them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("indicators", "0008_indicator_elements")]
AFTER = [("indicators", "0010_remove_indicator_framework_domain")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _seed(apps):
    Region = apps.get_model("organisations", "Region")
    Organisation = apps.get_model("organisations", "Organisation")
    Indicator = apps.get_model("indicators", "Indicator")
    london = Region.objects.create(code="E12000007", name="London")
    harrow = Organisation.objects.create(
        gss_code="E09000015", name="Harrow", council_type="london_borough", region=london
    )
    brent = Organisation.objects.create(
        gss_code="E09000005", name="Brent", council_type="london_borough", region=london
    )

    def make(code, framework, domain, organisation=None):
        return Indicator.objects.create(
            code=code,
            title=code,
            unit="percent",
            polarity="higher_is_better",
            framework=framework,
            domain=domain,
            organisation=organisation,
        )

    make("ASCOF-1A", "ascof-2014", "1 Enhancing quality of life for people with care and support needs")
    make("ASCOF-1B", "ascof-2014", "1 Enhancing quality of life for people with care and support needs")
    make("ASCOF-4A", "ascof-2014", "4 Safeguarding adults whose circumstances make them vulnerable")
    make("ASCOF23-2A", "ascof-2023", "2 Independence")
    make("ASCOF23-9Z", "ascof-2023", "Workforce")  # no number: matched by title, else its own element
    make("ASCOF-NONE", "ascof-2014", "")  # no domain: no grouping to keep
    make("HAR-1", "local", "Reviews", harrow)
    make("HAR-2", "local", "Reviews", harrow)
    make("HAR-3", "local", "Carers", harrow)
    make("HAR-4", "local", "", harrow)
    make("BRE-1", "local", "Reviews", brent)
    return harrow, brent


def _grouping(apps):
    """Each indicator's (framework slug, owner's GSS code or None, element key, element title)."""
    IndicatorElement = apps.get_model("indicators", "IndicatorElement")
    return {
        tag.indicator.code: (
            tag.element.framework.slug,
            tag.element.framework.organisation.gss_code if tag.element.framework.organisation_id else None,
            tag.element.key,
            tag.element.title,
            tag.organisation_id is not None,
        )
        for tag in IndicatorElement.objects.select_related("indicator", "element__framework__organisation")
    }


def test_the_migrations_keep_every_grouping_go_back_cleanly_and_adopt_loaded_frameworks(old_apps):
    """Both cases in one test, because taking the database back to 0008 (every later migration of
    every app unapplied) and forward again costs about three minutes on each database: first
    every grouping is kept and going back restores the fields; then, from a clean 0008 state,
    a framework loaded before the migration ran is adopted, not duplicated."""
    old = _every_grouping_is_kept_and_going_back_restores_the_fields(old_apps)
    _empty(old)
    _an_existing_shipped_framework_is_adopted_not_duplicated(old)


def _empty(apps):
    """Remove what the first case left, at 0008, so the second starts from nothing."""
    for label in ("indicators.Indicator", "frameworks.Element", "frameworks.Framework"):
        apps.get_model(label).objects.all().delete()
    apps.get_model("organisations.Organisation").objects.all().delete()
    apps.get_model("organisations.Region").objects.all().delete()


def _every_grouping_is_kept_and_going_back_restores_the_fields(old_apps):
    _seed(old_apps)

    new_apps = migrate(AFTER)
    grouping = _grouping(new_apps)

    assert grouping["ASCOF-1A"] == (
        "ascof-2014",
        None,
        "domain-1",
        "Enhancing quality of life for people with care and support needs",
        False,
    )
    assert grouping["ASCOF-1A"] == grouping["ASCOF-1B"]
    assert grouping["ASCOF-4A"][:3] == ("ascof-2014", None, "domain-4")
    assert grouping["ASCOF23-2A"] == ("ascof-2023", None, "objective-2", "Independence", False)
    assert grouping["ASCOF23-9Z"][:4] == ("ascof-2023", None, "workforce", "Workforce")
    assert "ASCOF-NONE" not in grouping and "HAR-4" not in grouping
    # Each council's local domains become elements of its own framework, tagged as its own.
    assert grouping["HAR-1"] == ("local-indicators", "E09000015", "reviews", "Reviews", True)
    assert grouping["HAR-1"] == grouping["HAR-2"]
    assert grouping["HAR-3"][:4] == ("local-indicators", "E09000015", "carers", "Carers")
    assert grouping["BRE-1"][:2] == ("local-indicators", "E09000005")
    Framework = new_apps.get_model("frameworks", "Framework")
    ascof = Framework.objects.get(slug="ascof-2014", organisation__isnull=True)
    assert ascof.version == "2014-15"
    assert sorted(ascof.elements.values_list("key", flat=True)) == [f"domain-{n}" for n in range(1, 5)]
    later = Framework.objects.get(slug="ascof-2023", organisation__isnull=True)
    assert later.version == "2023-24"
    assert {f"objective-{n}" for n in range(1, 7)} <= set(later.elements.values_list("key", flat=True))
    Indicator = new_apps.get_model("indicators", "Indicator")
    assert not hasattr(Indicator, "framework") or "framework" not in [f.name for f in Indicator._meta.fields]

    old = migrate(BEFORE)
    Indicator = old.get_model("indicators", "Indicator")
    restored = {i.code: (i.framework, i.domain) for i in Indicator.objects.all()}
    assert restored["ASCOF-1A"] == ("ascof-2014", "1 Enhancing quality of life for people with care and support needs")
    assert restored["ASCOF-4A"][0] == "ascof-2014" and restored["ASCOF-4A"][1].startswith("4 Safeguarding adults")
    assert restored["ASCOF23-2A"] == ("ascof-2023", "2 Independence")
    assert restored["ASCOF23-9Z"] == ("ascof-2023", "Workforce")
    assert restored["ASCOF-NONE"] == ("ascof-2014", "")
    assert restored["HAR-1"] == restored["HAR-2"] == restored["BRE-1"] == ("local", "Reviews")
    assert restored["HAR-3"] == ("local", "Carers")
    assert restored["HAR-4"] == ("local", "")
    return old


def _an_existing_shipped_framework_is_adopted_not_duplicated(old_apps):
    """When the frameworks were loaded before the migration ran, their elements are used."""
    Framework = old_apps.get_model("frameworks", "Framework")
    Element = old_apps.get_model("frameworks", "Element")
    loaded = Framework.objects.create(slug="ascof-2023", version="2023-24", name="Loaded")
    Element.objects.create(framework=loaded, key="objective-2", code="2", kind="Objective", title="Independence")
    _seed(old_apps)

    new_apps = migrate(AFTER)

    Framework = new_apps.get_model("frameworks", "Framework")
    assert Framework.objects.filter(slug="ascof-2023").count() == 1
    assert _grouping(new_apps)["ASCOF23-2A"][:3] == ("ascof-2023", None, "objective-2")
    assert Framework.objects.get(slug="ascof-2023").name == "Loaded"
