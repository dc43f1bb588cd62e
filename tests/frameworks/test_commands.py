"""manage.py load_frameworks and manage.py frameworks."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ascent.frameworks.models import ElementMapping, Framework

from .factories import framework_yaml, make_framework


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_frameworks_loads_each_framework_and_the_crosswalk_then_changes_nothing(db):
    first = _run("load_frameworks").splitlines()
    assert first[:2] == ["teasc-risk-awareness 2015: created", "cqc-la-assessment 2023: created"]
    # A data migration may have made the ASCOF rows already; the loader then completes them.
    assert re.fullmatch(r"ascof-2014 2014-15: (created|updated)", first[2])
    assert re.fullmatch(r"ascof-2023 2023-24: (created|updated)", first[3])
    assert first[4] == f"Crosswalk: {ElementMapping.objects.count()} added, 0 updated, 0 removed, 0 unchanged"
    assert len(first) == 5
    second = _run("load_frameworks")
    assert "cqc-la-assessment 2023: unchanged" in second.splitlines()
    assert (
        second.splitlines()[-1]
        == f"Crosswalk: 0 added, 0 updated, 0 removed, {ElementMapping.objects.count()} unchanged"
    )
    assert Framework.objects.count() == 4


def test_load_frameworks_with_a_file_and_a_bad_file(db, tmp_path):
    good = tmp_path / "kloe.yaml"
    good.write_text(framework_yaml(slug="regional-template"), encoding="utf-8")
    assert "regional-template 1: created" in _run("load_frameworks", "--file", str(good))
    bad = tmp_path / "bad.yaml"
    bad.write_text(framework_yaml(slug="other").replace("title: Access", "title: ''"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 10, elements\[1\]\.title: must not be empty"):
        _run("load_frameworks", "--file", str(bad))
    assert not Framework.objects.filter(slug="other").exists()


def test_frameworks_lists_each_with_version_owner_and_element_counts(shipped_frameworks, harrow):
    make_framework(harrow)
    lines = _run("frameworks").splitlines()
    assert (
        "teasc-risk-awareness  TEASC risk awareness self-assessment  version 2015  shipped  "
        "6 Domain, 31 Area to consider" in lines
    )
    assert (
        "cqc-la-assessment  CQC local authority assessment  version 2023  shipped  4 Theme, 9 Quality statement"
        in lines
    )
    assert (
        "ascof-2023  Adult Social Care Outcomes Framework from 2023/24  version 2023-24  shipped  6 Objective" in lines
    )
    assert "local-kloe  Key lines of enquiry  version 1  Harrow  1 Area, 2 Line of enquiry" in lines
    assert len(lines) == 5


def test_frameworks_with_all_shows_older_versions(db, harrow):
    make_framework(harrow)
    make_framework(harrow, version="2")
    assert len(_run("frameworks").splitlines()) == 1
    lines = _run("frameworks", "--all").splitlines()
    assert lines[0].startswith("local-kloe  Key lines of enquiry  version 1 (older version)  Harrow")
    assert lines[1].startswith("local-kloe  Key lines of enquiry  version 2  Harrow")


def test_frameworks_with_none_loaded_says_how_to_load_them(db):
    assert "load_frameworks" in _run("frameworks")


def test_frameworks_reads_in_two_queries_however_many_frameworks(shipped_frameworks, harrow, django_assert_num_queries):
    make_framework(harrow)
    make_framework(harrow, version="2")
    with django_assert_num_queries(2):
        lines = _run("frameworks", "--all").splitlines()
    assert len(lines) == 6
