"""Matching a file's headings to a schema's columns."""

from __future__ import annotations

import pytest

from ascent.core.registry import import_schemas
from ascent.imports import engine


@pytest.fixture
def observations():
    return engine.get_schema("observations")


@pytest.fixture
def expenditure():
    return engine.get_schema("expenditure")


def test_headings_match_ignoring_case_spaces_underscores_and_punctuation(observations):
    mapping = engine.auto_map(
        observations, ["ORGANISATION", "Indicator", " period ", "Value", "Numer-ator", "DENOMINATOR"]
    )
    assert mapping == {
        "organisation": "ORGANISATION",
        "indicator": "Indicator",
        "period": " period ",
        "value": "Value",
        "numerator": "Numer-ator",
        "denominator": "DENOMINATOR",
    }


@pytest.mark.parametrize(
    ("heading", "column"),
    [
        ("GSS code", "organisation"),
        ("ONS code", "organisation"),
        ("LA code", "organisation"),
        ("Measure", "indicator"),
        ("ASCOF measure code", "indicator"),
        ("Code", "indicator"),
        ("Year", "period"),
        ("Reporting period", "period"),
        ("Reporting_Period", "period"),
    ],
)
def test_common_other_headings_are_recognised(observations, heading, column):
    assert engine.auto_map(observations, [heading]) == {column: heading}


def test_units_and_notes_in_brackets_are_ignored_when_nothing_else_matches(observations, expenditure):
    assert engine.auto_map(observations, ["Value (%)"]) == {"value": "Value (%)"}
    assert engine.auto_map(expenditure, ["Net expenditure £000"]) == {"amount": "Net expenditure £000"}
    assert expenditure.suggest_options({"amount": "Net expenditure £000"}) == {"thousands": True}
    assert expenditure.suggest_options({"amount": "Amount"}) == {"thousands": False}


def test_a_heading_is_used_for_one_column_only(observations):
    mapping = engine.auto_map(observations, ["code", "indicator"])
    assert mapping == {"indicator": "indicator"}


def test_missing_and_repeated_columns_are_problems(observations):
    headers = ["org", "indicator", "period", "value"]
    problems = engine.mapping_problems(
        observations, {"indicator": "indicator", "period": "indicator"}, headers, organisation_scoped=False
    )
    assert problems == {
        "organisation": "Select the column that holds the organisation",
        "period": "“indicator” is already chosen for Indicator: choose a different column",
        "value": "Select the column that holds the value",
    }


def test_in_an_organisations_space_the_organisation_column_is_optional(observations):
    mapping = {"indicator": "i", "period": "p", "value": "v"}
    assert engine.mapping_problems(observations, mapping, ["i", "p", "v"], organisation_scoped=True) == {}


def test_a_heading_the_file_does_not_have_is_a_problem(observations):
    mapping = {"organisation": "o", "indicator": "i", "period": "p", "value": "gone"}
    problems = engine.mapping_problems(observations, mapping, ["o", "i", "p"], organisation_scoped=False)
    assert problems == {"value": "The file has no column called “gone”"}


def test_an_unknown_kind_has_no_schema():
    with pytest.raises(LookupError):
        engine.get_schema("targets")


def test_every_declared_kind_has_a_schema():
    for kind in import_schemas():
        schema = engine.get_schema(kind)
        assert schema.kind == kind
        assert schema.columns and schema.title
