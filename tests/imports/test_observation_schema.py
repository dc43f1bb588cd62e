"""Every bad input in a file of indicator values is reported with its row, column, value and reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ascent.imports.engine import SUPPRESSED
from ascent.indicators.importing import ObservationSchema

from .helpers import check, csv_bytes, error_triples, observations_csv

pytestmark = pytest.mark.django_db

UNKNOWN_INDICATOR = (
    "unknown indicator: use a code from the indicator library, such as ASCOF-1C1A, "
    "or one of your organisation's local indicators"
)
GOOD = ["E09000015", "ASCOF-1C1A", "2023-24", "27.5", "", "", "final"]


def row(**changes):
    cells = dict(
        zip(["organisation", "indicator", "period", "value", "numerator", "denominator", "status"], GOOD, strict=True)
    )
    cells.update(changes)
    return list(cells.values())


def test_a_valid_row_becomes_a_new_record(harrow, ascof_1c1a):
    result = check(observations_csv(GOOD))
    assert result.ok
    [record] = result.records
    assert record.row == 2
    assert record.action == "new"
    assert record.values["organisation_id"] == harrow.pk
    assert record.values["indicator_id"] == ascof_1c1a.pk
    assert record.values["period_code"] == "2023-24"
    assert record.values["value"] == Decimal("27.5")
    assert record.values["status"] == "final"


@pytest.mark.parametrize(
    ("changes", "column", "value", "reason"),
    [
        (
            {"organisation": "E09999999"},
            "organisation",
            "E09999999",
            "unknown organisation: give its 9-character GSS code, such as E09000015",
        ),
        ({"organisation": ""}, "organisation", "", "enter the organisation's GSS code, such as E09000015"),
        (
            {"indicator": "ASCOF-9Z"},
            "indicator",
            "ASCOF-9Z",
            UNKNOWN_INDICATOR,
        ),
        ({"indicator": ""}, "indicator", "", "enter the indicator's code, such as ASCOF-1C1A"),
        (
            {"period": "2019-13"},
            "period",
            "2019-13",
            "Could not read '2019-13' as a period: it is not a financial year (the second part should be 20, "
            "the year after 2019: '2019-20'), nor a span of financial years (such as '2019-22' for 2019-20 to "
            "2021-22), nor a month (01 to 12)",
        ),
        ({"period": ""}, "period", "", "enter the period"),
        ({"value": "[c]"}, "value", "[c]", SUPPRESSED),
        ({"value": "x"}, "value", "x", SUPPRESSED),
        ({"value": ":"}, "value", ":", SUPPRESSED),
        ({"value": "about 30"}, "value", "about 30", "not a number"),
        ({"value": "1,23"}, "value", "1,23", "not a number: use digits, with commas only between thousands"),
        ({"value": ""}, "value", "", "enter the value"),
        ({"value": "NaN"}, "value", "NaN", "not a number: enter the value"),
        ({"value": "100.5"}, "value", "100.5", "ASCOF-1C1A is a percentage from 0 to 100: 100.5 is above 100"),
        ({"value": "-1"}, "value", "-1", "ASCOF-1C1A is a percentage from 0 to 100: -1 is below 0"),
        (
            {"numerator": "12", "denominator": "10"},
            "numerator",
            "12",
            "the numerator (12) is larger than the denominator (10)",
        ),
        ({"denominator": "0"}, "denominator", "0", "the denominator cannot be zero"),
        ({"numerator": "-3"}, "numerator", "-3", "the numerator cannot be negative"),
        ({"denominator": "-3"}, "denominator", "-3", "the denominator cannot be negative"),
        ({"numerator": "several"}, "numerator", "several", "not a number"),
        ({"status": "draft"}, "status", "draft", "the status must be final or provisional"),
    ],
)
def test_each_bad_cell_is_reported_with_its_row_column_value_and_reason(
    harrow, ascof_1c1a, changes, column, value, reason
):
    result = check(observations_csv(GOOD, row(**changes)))
    assert [(e.row, e.column, e.value, e.reason) for e in result.errors] == [(3, column, value, reason)]
    assert [record.row for record in result.records] == [2]


def test_a_negative_count_is_an_error(harrow, count_indicator):
    result = check(observations_csv(row(indicator="ASCOF-CNT", value="-4")))
    assert error_triples(result) == [(2, "value", "ASCOF-CNT is a count of 0 or more: -4 is below 0")]


def test_a_count_may_be_larger_than_a_hundred(harrow, count_indicator):
    assert check(observations_csv(row(indicator="ASCOF-CNT", value="1234"))).ok


def test_a_value_that_does_not_match_its_rounded_numerator_and_denominator_is_accepted(harrow, ascof_1c1a):
    # 1/3 is 33.33...%; published tables round it.
    assert check(observations_csv(row(value="33.3", numerator="1", denominator="3"))).ok


def test_numerator_larger_than_denominator_is_allowed_where_the_value_is_not_a_proportion(harrow, harrow_local):
    # Average days: total days over people.
    assert check(observations_csv(row(indicator="HAR-01", value="4.5", numerator="450", denominator="100"))).ok


def test_suppression_markers_in_numerator_and_denominator_mean_not_given(harrow, ascof_1c1a):
    result = check(observations_csv(row(numerator="[c]", denominator="x")))
    assert result.ok
    assert result.records[0].values["numerator"] is None


def test_every_error_in_every_row_is_reported(harrow, ascof_1c1a):
    data = observations_csv(
        row(organisation="E09999999", period="Q5 2019/20"),
        GOOD,
        row(value="[x]", status="maybe"),
    )
    assert error_triples(check(data)) == [
        (2, "organisation", "unknown organisation: give its 9-character GSS code, such as E09000015"),
        (2, "period", "Could not read 'Q5 2019/20' as a period: there is no quarter 5; quarters are Q1 to Q4"),
        (4, "value", SUPPRESSED),
        (4, "status", "the status must be final or provisional"),
    ]


def test_duplicate_rows_are_reported_once_naming_both(harrow, ascof_1c1a):
    data = observations_csv(GOOD, row(indicator="ASCOF-1C1A", value="30"), row(period="2022-23"))
    result = check(data)
    assert error_triples(result) == [
        (
            2,
            "organisation, indicator, period",
            "Rows 2 and 3 have the same organisation, indicator and period: keep only one",
        ),
    ]
    assert result.errors[0].value == "E09000015, ASCOF-1C1A, 2023-24"
    assert [record.row for record in result.records] == [4]


def test_thousands_of_identical_rows_are_one_error_naming_a_few_rows_and_counting_the_rest(harrow, ascof_1c1a):
    # Each duplicate used to list every other: 8,000 rows gave 8,000 errors of 8,000 numbers.
    result = check(observations_csv(*[GOOD] * 8000, row(period="2022-23"), *[row(period="2022-23")] * 2))
    assert error_triples(result) == [
        (
            2,
            "organisation, indicator, period",
            "Rows 2, 3, 4, 5, 6 and 7,995 others have the same organisation, indicator and period: keep only one",
        ),
        (
            8002,
            "organisation, indicator, period",
            "Rows 8,002, 8,003 and 8,004 have the same organisation, indicator and period: keep only one",
        ),
    ]
    assert result.records == []


def test_the_same_period_written_two_ways_is_a_duplicate(harrow, ascof_1c1a):
    result = check(observations_csv(GOOD, row(period="2023/24")))
    assert [error.row for error in result.errors] == [2]


def test_a_period_of_another_kind_than_the_indicator_reports_is_accepted(harrow, ascof_1c1a):
    # An annual measure reported monthly, as councils do.
    result = check(observations_csv(row(period="Oct 2023"), row(period="Q3 2023/24"), row(period="2023-W41")))
    assert result.ok
    assert [r.values["period_kind"] for r in result.records] == ["month", "quarter", "week"]


def test_an_excel_date_serial_in_the_period_column_is_read_as_that_date(harrow, ascof_1c1a):
    result = check(observations_csv(row(period="45565")))
    assert result.ok
    assert result.records[0].values["period_code"] == "2024-09-30"


def test_percentages_may_be_written_with_a_percent_sign_and_thousands_separators_are_read(harrow, indicators):
    data = observations_csv(row(value="27.5%"), row(indicator="ASCOF-CNT", value="1,234"))
    values = [record.values["value"] for record in check(data).records]
    assert values == [Decimal("27.5"), Decimal("1234")]


def test_values_are_exact_decimals_rounded_to_six_places(harrow, ascof_1c1a):
    result = check(observations_csv(row(value="0.1"), row(period="2022-23", value="12.34567891")))
    assert [r.values["value"] for r in result.records] == [Decimal("0.1"), Decimal("12.345679")]


def test_status_is_final_unless_given_and_read_ignoring_case(harrow, ascof_1c1a):
    result = check(observations_csv(row(status=""), row(period="2022-23", status="PROVISIONAL")))
    assert [r.values["status"] for r in result.records] == ["final", "provisional"]


def test_organisations_and_indicators_are_matched_ignoring_case_and_punctuation(harrow, ascof_1c1a):
    result = check(observations_csv(row(organisation="e09000015", indicator="ascof 1c(1a)")))
    assert result.ok
    assert result.records[0].values["indicator_id"] == ascof_1c1a.pk


def test_an_organisation_may_be_named_instead_of_coded(harrow, ascof_1c1a):
    assert check(observations_csv(row(organisation="Harrow"))).ok


def test_a_local_indicator_is_found_only_for_its_own_organisation(harrow, herefordshire, harrow_local):
    result = check(
        observations_csv(
            row(indicator="HAR-01", value="3"), row(organisation="E06000019", indicator="HAR-01", value="3")
        )
    )
    assert [record.row for record in result.records] == [2]
    assert error_triples(result)[0][:2] == (3, "indicator")


def test_in_an_organisations_space_rows_for_another_organisation_are_errors(harrow, herefordshire, editor, ascof_1c1a):
    result = check(observations_csv(GOOD, row(organisation="E06000019")), organisation=harrow, user=editor)
    assert error_triples(result) == [(3, "organisation", "this file can only hold figures for Harrow")]


def test_a_superuser_may_import_for_other_organisations_from_a_space(harrow, herefordshire, superuser, ascof_1c1a):
    assert check(observations_csv(GOOD, row(organisation="E06000019")), organisation=harrow, user=superuser).ok


def test_in_an_organisations_space_the_organisation_column_may_be_left_out(harrow, editor, ascof_1c1a):
    data = csv_bytes(["indicator", "period", "value"], ["ASCOF-1C1A", "2023-24", "27.5"])
    result = check(data, organisation=harrow, user=editor)
    assert result.ok
    assert result.records[0].values["organisation_id"] == harrow.pk


def test_errors_name_the_files_own_headings(harrow, ascof_1c1a):
    data = csv_bytes(["GSS code", "Measure code", "Reporting period", "Value"], ["E09000015", "NOPE", "2023-24", "5"])
    assert error_triples(check(data))[0][:2] == (2, "Measure code")


def test_rows_with_only_blank_mapped_cells_are_skipped(harrow, ascof_1c1a):
    data = csv_bytes(
        ["organisation", "indicator", "period", "value", "notes"],
        GOOD[:4] + [""],
        ["", "", "", "", "Source: NHS England"],
    )
    result = check(data)
    assert result.ok
    assert result.rows_read == 1


def test_the_fast_path_and_the_careful_path_agree(harrow, herefordshire, indicators, harrow_local):
    rows = []
    for index, (value, numerator, denominator, status) in enumerate(
        [
            ("27.5", "", "", ""),
            ("27.5", "10", "40", "final"),
            ("101", "", "", ""),
            ("12.1234567", "", "", ""),
            ("[c]", "", "", ""),
            ("5", "6", "5", ""),
            ("5", "0", "0", ""),
            ("5", "", "", "Provisional"),
            ("1e3", "", "", ""),
            ("-0", "", "", ""),
            ("27.5%", "1,000", "2,000", "p"),
        ]
    ):
        for organisation in ("E09000015", "E06000019", "harrow"):
            for indicator in ("ASCOF-1C1A", "ASCOF-2A1", "ASCOF-CNT", "HAR-01"):
                rows.append(
                    [
                        organisation,
                        indicator,
                        f"Q{index % 4 + 1} {2000 + index}/{(index + 1) % 100:02d}",
                        value,
                        numerator,
                        denominator,
                        status,
                    ]
                )
    data = observations_csv(*rows)
    fast = check(data)
    ObservationSchema.fast_path = False
    try:
        careful = check(data)
    finally:
        ObservationSchema.fast_path = True
    assert fast.errors == careful.errors
    assert [(r.row, r.values) for r in fast.records] == [(r.row, r.values) for r in careful.records]
    assert fast.errors and fast.records


def test_a_formula_with_no_saved_value_is_an_error_of_its_row(harrow, ascof_1c1a):
    from .helpers import xlsx_bytes

    data = xlsx_bytes(
        [["organisation", "indicator", "period", "Value"], GOOD[:4], ["E09000015", "ASCOF-1C1A", "2022-23", "=A1"]]
    )
    result = check(data, name="figures.xlsx")
    assert error_triples(result) == [
        (3, "Value", "the cell holds a formula with no saved value: open and save the file in Excel")
    ]
    assert [record.row for record in result.records] == [2]
    assert result.rows_read == 2
