"""An import reads the period forms councils write, and explains the ones it cannot read."""

from __future__ import annotations

import pytest

from tests.indicators.test_period_entry import FORMS

from .helpers import check, observations_csv

pytestmark = pytest.mark.django_db


def test_an_import_reads_the_forms_councils_write(harrow, ascof_1c1a):
    rows = [["E09000015", "ASCOF-1C1A", text, "27.5", "", "", "final"] for text, _, _ in FORMS]
    result = check(observations_csv(*rows))
    assert result.ok, [error.reason for error in result.errors]
    assert [(r.values["period_code"], r.values["period_kind"]) for r in result.records] == [
        (code, kind) for _, code, kind in FORMS
    ]


def test_an_import_explains_an_ambiguous_period(harrow, ascof_1c1a):
    result = check(observations_csv(["E09000015", "ASCOF-1C1A", "2008-11", "27.5", "", "", "final"]))
    [error] = result.errors
    assert (error.column, error.value) == ("period", "2008-11")
    assert "it could be Nov 2008 or the financial years 2008-09 to 2010-11" in error.reason
