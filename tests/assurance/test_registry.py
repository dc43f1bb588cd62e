"""The one registry of assurance checks: names are unique, every check has a reason and its tests."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from ascent.assurance import registry
from ascent.core.registry import flag_sources

from ..assessments.test_checks import COVERED as ASSESSMENT_CHECKS_TESTED
from ..plans.test_checks import COVERED as PLAN_CHECKS_TESTED
from ..programmes.test_checks import COVERED as PROGRAMME_CHECKS_TESTED
from ..reviews.test_checks import COVERED as REVIEW_CHECKS_TESTED

#: Each app's checks, and the test module that gives each a case that flags and one that does not.
TESTED = {
    "assessments": ASSESSMENT_CHECKS_TESTED,
    "reviews": REVIEW_CHECKS_TESTED,
    "plans": PLAN_CHECKS_TESTED,
    "programmes": PROGRAMME_CHECKS_TESTED,
}


@pytest.fixture
def scratch(monkeypatch):
    """An empty registry for the test, so the product's checks stay as they are."""
    monkeypatch.setattr(registry, "_CHECKS", {})
    return registry


def test_a_name_registered_twice_is_refused(scratch):
    @scratch.register("demo.rule", title="A rule", reason="Because.", app="demo")
    def first(facts):
        return None

    with pytest.raises(ImproperlyConfigured, match="registered twice"):

        @scratch.register("demo.rule", title="Another", reason="Also because.", app="demo")
        def second(facts):
            return None


@pytest.mark.parametrize("title, reason", [("A rule", ""), ("A rule", "   "), ("", "Because.")])
def test_a_check_needs_a_title_and_a_plain_language_reason(scratch, title, reason):
    with pytest.raises(ImproperlyConfigured, match="title and a plain-language reason"):
        scratch.register("demo.rule", title=title, reason=reason, app="demo")(lambda facts: None)
    assert scratch.checks() == []


def test_run_calls_the_check_and_an_unknown_name_is_an_error(scratch):
    scratch.register("demo.rule", title="A rule", reason="Because.", app="demo")(lambda n: "flagged" if n > 1 else None)
    assert scratch.run("demo.rule", 2) == "flagged"
    assert scratch.run("demo.rule", 1) is None
    with pytest.raises(LookupError, match="demo.missing"):
        scratch.run("demo.missing", 1)


def test_every_registered_check_has_its_tests():
    registered: dict[str, set[str]] = {}
    for check in registry.checks():
        registered.setdefault(check.app, set()).add(check.name)
    assert registered == TESTED


def test_every_check_is_named_for_its_app_and_explains_itself():
    for check in registry.checks():
        assert check.name.startswith(f"{check.app}."), check.name
        assert check.reason.endswith("."), check.name
        assert len(check.reason) > 40, check.name


def test_self_assessment_declares_its_flag_source():
    assert "ascent.assessments.flags.open_flags" in flag_sources()


def test_reviews_declare_their_flag_source():
    assert "ascent.reviews.flags.open_flags" in flag_sources()


@pytest.mark.django_db
def test_open_flags_gathers_from_every_flag_source(harrow, monkeypatch):
    check = registry.Check(name="demo.rule", title="A rule", reason="Because.", app="demo", function=lambda: None)
    flag = registry.Flag(check=check, key="demo.rule:thing:1", detail="Detail", subject="Thing")
    seen = []

    def source(organisation):
        seen.append(organisation)
        return [flag]

    monkeypatch.setattr("ascent.core.registry.flag_sources", lambda: ["tests.assurance.test_registry.SOURCE"])
    monkeypatch.setattr(f"{__name__}.SOURCE", source, raising=False)
    assert registry.open_flags(harrow) == [flag]
    assert seen == [harrow]


SOURCE = None
