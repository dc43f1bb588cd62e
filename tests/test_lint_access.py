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
    "    job = Job.objects.get(pk=job_id)",
    "    organisation = get_object_or_404(Organisation, gss_code=code)",
    "    rows = Membership.objects.all()",
]
GOOD_LINES = [
    "    organisation = get_organisation_for_user(request.user, gss_code)",
    "    rows = Membership.objects.filter(organisation=organisation)",
    "    region = Region.objects.get(code=code)  # access: regions are public reference data",
    "    # Model.objects.get() would skip the access check",
]


@pytest.mark.parametrize("line", BAD_LINES)
def test_it_flags_unchecked_fetches(line):
    assert lint_access.check_line(line)


@pytest.mark.parametrize("line", GOOD_LINES)
def test_it_allows_checked_fetches(line):
    assert lint_access.check_line(line) == []


def test_the_project_follows_the_rule():
    problems = lint_access.check_paths(sorted((ROOT / "ascent").rglob("views.py")))
    assert problems == []
