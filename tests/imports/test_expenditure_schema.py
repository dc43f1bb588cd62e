"""Every bad input in a file of expenditure is reported with its row, column, value and reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ascent.imports.engine import SUPPRESSED

from .helpers import check, csv_bytes, error_triples, expenditure_csv

pytestmark = pytest.mark.django_db

EXPECTED_MONEY = "write it as councils do, such as £300, 1,234.56, £863K, £1.263m, 50p or (£183K)"
GOOD = ["E09000015", "Adults", "2023-24", "£34,099k", "actual", "net"]


def row(**changes):
    cells = dict(
        zip(["organisation", "service_line", "financial_year", "amount", "basis", "measure"], GOOD, strict=True)
    )
    cells.update(changes)
    return list(cells.values())


def expenditure(data, **kwargs):
    return check(data, kind="expenditure", **kwargs)


def test_a_valid_row_becomes_a_new_expenditure_line(harrow):
    [record] = expenditure(expenditure_csv(GOOD)).records
    assert record.values == {
        "organisation_id": harrow.pk,
        "service_line": "Adults",
        "financial_year": 2023,
        "amount": Decimal("34099000.00"),
        "basis": "actual",
        "measure": "net",
        "is_illustrative": False,
    }


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("£34,099k", "34099000"), ("£1.2m", "1200000"), ("34099", "34099"), ("(£1.2m)", "-1200000"), ("12.345", "12.35")],
)
def test_amounts_are_read_as_councils_write_them(harrow, amount, expected):
    [record] = expenditure(expenditure_csv(row(amount=amount))).records
    assert record.values["amount"] == Decimal(expected)


def test_the_thousands_option_multiplies_bare_numbers_only(harrow):
    data = expenditure_csv(row(amount="34,099"), row(service_line="Reablement", amount="£1.2m"))
    amounts = [r.values["amount"] for r in expenditure(data, options={"thousands": True}).records]
    assert amounts == [Decimal("34099000"), Decimal("1200000")]


def test_a_units_column_sets_the_scale_of_each_row(harrow):
    data = csv_bytes(
        ["organisation", "service line", "financial year", "amount", "units"],
        ["E09000015", "Adults", "2023-24", "34,099", "£000"],
        ["E09000015", "Reablement", "2023-24", "1.5", "£m"],
        ["E09000015", "CYAD", "2023-24", "900", ""],
    )
    amounts = [r.values["amount"] for r in expenditure(data).records]
    assert amounts == [Decimal("34099000"), Decimal("1500000"), Decimal("900")]


def test_basis_and_measure_default_to_actual_and_net(harrow):
    [record] = expenditure(expenditure_csv(row(basis="", measure=""))).records
    assert (record.values["basis"], record.values["measure"]) == ("actual", "net")


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        (
            {"organisation": "E09999999"},
            "organisation",
            "unknown organisation: give its 9-character GSS code, such as E09000015",
        ),
        ({"service_line": ""}, "service_line", "enter the service line, such as Adults or Reablement"),
        ({"service_line": "x" * 121}, "service_line", "the service line must be 120 characters or fewer"),
        (
            {"financial_year": "Q1 2023/24"},
            "financial_year",
            "must be a financial year, such as 2023-24 (this reads as the quarter Q1 2023/24)",
        ),
        (
            {"financial_year": "2023-25"},
            "financial_year",
            "must be a financial year, such as 2023-24 (this reads as the span of financial years 2023-24 to 2024-25)",
        ),
        (
            {"amount": "lots"},
            "amount",
            f"Could not read 'lots' as an amount of money: {EXPECTED_MONEY}",
        ),
        ({"amount": ""}, "amount", "enter an amount"),
        ({"amount": "[c]"}, "amount", SUPPRESSED),
        (
            {"amount": "£1bn bn"},
            "amount",
            f"Could not read '£1bn bn' as an amount of money: {EXPECTED_MONEY}",
        ),
        ({"basis": "guess"}, "basis", "the basis must be actual, budget or forecast"),
        ({"measure": "both"}, "measure", "the measure must be net or gross"),
    ],
)
def test_each_bad_cell_is_reported_with_its_row_column_and_reason(harrow, changes, column, reason):
    result = expenditure(expenditure_csv(GOOD, row(**changes)))
    assert error_triples(result) == [(3, column, reason)]


def test_an_unknown_unit_is_an_error(harrow):
    data = csv_bytes(["organisation", "service_line", "financial_year", "amount", "units"], GOOD[:4] + ["£bn"])
    assert error_triples(expenditure(data)) == [(2, "units", "the units must be £, £000 or £m")]


def test_duplicate_lines_are_one_error_ignoring_the_case_of_the_service_line(harrow):
    result = expenditure(expenditure_csv(GOOD, row(service_line="ADULTS", amount="1")))
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "organisation, service_line, financial_year, basis, measure"),
    ]
    assert result.errors[0].reason == (
        "Rows 2 and 3 have the same organisation, service line, financial year, basis and measure: keep only one"
    )


def test_budget_and_actual_for_the_same_line_are_not_duplicates(harrow):
    assert expenditure(expenditure_csv(GOOD, row(basis="budget"), row(measure="gross"))).ok


def test_in_an_organisations_space_other_organisations_are_errors(harrow, herefordshire, editor):
    result = expenditure(expenditure_csv(row(organisation="E06000019")), organisation=harrow, user=editor)
    assert error_triples(result) == [(2, "organisation", "this file can only hold figures for Harrow")]
