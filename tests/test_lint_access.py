"""The project's own lint rule: views reach records only through access helpers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("lint_access", ROOT / "scripts" / "lint_access.py")
lint_access = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lint_access)

BAD_LINES = [
    # Fetching by primary key or with Django's shortcuts skips the access check.
    "job = Job.objects.get(pk=job_id)",
    "region = Region.objects.get(code=code)",
    "organisation = get_object_or_404(Organisation, gss_code=code)",
    "rows = get_list_or_404(Membership, organisation=organisation)",
    "run = shortcuts.get_object_or_404(ImportRun, pk=run_id)",
    "rows = Region.objects.all()",
    # An organisation-scoped model must scope its query first, whatever comes after.
    "rows = Membership.objects.filter(organisation=organisation)",
    "line = ExpenditureLine.objects.filter(organisation=organisation, pk=pk).first()",
    "run = ImportRun.objects.select_related('created_by').filter(pk=run_id).first()",
    "count = Observation.objects.count()",
    "rows = Target.objects.exclude(organisation=organisation)",
    "groups = IndicatorGroup.objects.all().filter(organisation=organisation)",
    # One row from a query that was never scoped, whichever the model.
    "region = Region.objects.filter(code=code).first()",
    "person = User.objects.filter(email=email).last()",
    "organisation = Organisation.objects.filter(gss_code=code).get()",
    "latest = Organisation.objects.order_by('name').latest('id')",
]
GOOD_LINES = [
    "organisation = get_organisation_for_user(request.user, gss_code)",
    "run = fetch(ImportRun, request.user, organisation=organisation, perm='imports.view_importrun', pk=run_id)",
    "rows = Membership.objects.in_organisation(organisation).select_related('user')",
    "rows = Observation.objects.visible_to(request.user).filter(indicator=indicator)",
    "row = Observation.objects.in_organisation(organisation).filter(period_code=code).first()",
    "jobs = Job.objects.for_user_in(organisation, request.user)",
    "councils = Organisation.objects.filter(is_active=True).order_by('name')",
    "region = Region.objects.get(code=code)  # access: regions are public reference data",
    "# Model.objects.get() would skip the access check",
    "exists = get_user_model().objects.filter(email__iexact=email).exists()",
]


@pytest.mark.parametrize("line", BAD_LINES)
def test_it_flags_unchecked_fetches(line):
    assert lint_access.check_line(line)


@pytest.mark.parametrize("line", GOOD_LINES)
def test_it_allows_checked_fetches(line):
    assert lint_access.check_line(line) == []


def test_it_reads_a_query_split_over_several_lines():
    source = """
run = (
    ImportRun.objects.filter(organisation=organisation, pk=run_id)
    .select_related("created_by")
    .first()
)
"""
    assert [line for line, _ in lint_access.check_source(source)] == [3]


def test_an_opt_out_on_any_line_of_the_query_covers_it():
    source = """
region = (  # access: regions are public reference data
    Region.objects.filter(code=code)
    .first()
)
"""
    assert lint_access.check_source(source) == []


def test_an_opt_out_needs_a_reason():
    assert lint_access.check_line("job = Job.objects.get(pk=1)  # access:")


def test_it_finds_the_organisation_scoped_models_from_their_base():
    found = lint_access.scoped_models()
    assert {"Observation", "Target", "Indicator", "ImportRun", "ExpenditureLine", "Job", "Membership"} <= found
    assert "Organisation" not in found and "Region" not in found


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("jobs/views.py", True),
        ("indicators/views/manage.py", True),
        ("indicators/views/__init__.py", True),
        ("indicators/views/helpers/tables.py", True),
        ("indicators/actions.py", False),
        ("imports/engine.py", False),
    ],
)
def test_it_checks_every_view_module(path, checked):
    assert lint_access.is_view_module(Path(path)) is checked


def test_the_view_packages_are_among_the_modules_checked():
    modules = [str(path.relative_to(ROOT)) for path in lint_access.view_modules()]
    assert "ascent/indicators/views/manage.py" in modules


def test_the_project_follows_the_rule():
    assert lint_access.check_paths(lint_access.view_modules()) == []
