"""Money in imports: a money indicator's values and expenditure amounts are read by the one
money reader the forms use, approximations are shown as such, and bad money is reported with
its row, column and reason (issue 9, point 7)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ascent.imports.models import ImportRun
from ascent.indicators.models import Observation, Unit

from .conftest import make_indicator
from .helpers import check, error_triples, expenditure_csv, observations_csv, xlsx_bytes

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def spend(db):
    return make_indicator("ASCOF-MONEY", unit=Unit.MONEY, polarity="lower_is_better")


def value_row(value, indicator="ASCOF-MONEY", period="2023-24"):
    return ["E09000015", indicator, period, value, "", "", "final"]


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("£10.55m", "10550000"),
        ("£1.2bn", "1200000000"),
        ("£863K", "863000"),
        ("£1,263,000", "1263000"),
        ("1.263m", "1263000"),
        ("10550000", "10550000"),
        ("1,234", "1234"),
        ("(£183K)", "-183000"),
        ("-£183k", "-183000"),
        ("£(183)k", "-183000"),
        ("50p", "0.5"),
        ("£18.456789", "18.456789"),
    ],
)
def test_a_money_indicators_value_is_read_as_councils_write_money(harrow, spend, text, stored):
    result = check(observations_csv(value_row(text)))
    assert result.ok, error_triples(result)
    [record] = result.records
    assert record.values["value"] == D(stored)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("lots", "Could not read 'lots' as an amount of money: write it as councils do, such as £300"),
        ("£1.6m-£1.8m", "Could not read '£1.6m-£1.8m' as an amount of money: it is a range of amounts"),
        ("up to £2m", "Could not read 'up to £2m' as an amount of money: it is a limit, not an amount"),
        ("12%", "Could not read '12%' as an amount of money: it is a percentage"),
        ("£0.50p", "Could not read '£0.50p' as an amount of money: it gives both pounds and pence"),
        ("[c]", "suppressed or not available: leave the row out or give a number"),
        ("", "enter the value"),
        ("£999,999,999,999,999", "the amount is too large"),
    ],
)
def test_bad_money_is_reported_with_its_row_column_and_reason(harrow, spend, text, reason):
    result = check(observations_csv(value_row("£1m", period="2022-23"), value_row(text)))
    [(row, column, message)] = error_triples(result)
    assert (row, column) == (3, "value")
    assert message.startswith(reason)


def test_like_money_problems_are_counted_together(harrow, spend):
    result = check(observations_csv(value_row("lots"), value_row("heaps", period="2022-23")))
    assert {error.summary for error in result.errors} == {"value: not an amount of money that can be read"}


def test_other_indicators_keep_their_number_reader(harrow, spend, ascof_1c1a, count_indicator):
    result = check(observations_csv(value_row("£10.55m", indicator="ASCOF-1C1A")))
    assert error_triples(result) == [(2, "value", "not a number")]
    rows = [value_row("27.5%", indicator="ASCOF-1C1A"), value_row("1,234", indicator="ASCOF-CNT")]
    assert [record.values["value"] for record in check(observations_csv(*rows)).records] == [D("27.5"), D("1234")]


def test_money_beside_an_unknown_indicator_is_not_reported_as_well(harrow, spend):
    result = check(observations_csv(value_row("£10.55m", indicator="HAR-NONE"), value_row("lots", indicator="HAR-NO")))
    assert [(row, column) for row, column, _ in error_triples(result)] == [
        (2, "indicator"),
        (3, "indicator"),
        (3, "value"),
    ]
    assert error_triples(result)[-1][2] == "not a number"


def test_an_approximate_value_is_imported_as_the_amount(harrow, spend):
    [record] = check(observations_csv(value_row("c. £1.6m"))).records
    assert record.values["value"] == D("1600000")


def test_money_from_a_workbook_is_read_too(harrow, spend):
    data = xlsx_bytes(
        [
            ["organisation", "indicator", "period", "value"],
            ["E09000015", "ASCOF-MONEY", "2023-24", "£10.55m"],
            ["E09000015", "ASCOF-MONEY", "2022-23", 9870000],
        ]
    )
    result = check(data, name="figures.xlsx")
    assert sorted(record.values["value"] for record in result.records) == [D("9870000"), D("10550000")]


# ----- the pages -----------------------------------------------------------------------------


def url(name, org, **kwargs):
    return reverse(f"imports:{name}", kwargs={"gss_code": org.gss_code, **kwargs})


def preview_rows(page):
    table = next(t for t in page.select("table") if "to be imported" in t.caption.get_text())
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])] for tr in table.select("tbody tr")]


def test_the_observation_import_accepts_money_previews_approximations_and_stores_the_amounts(
    client, harrow, editor, spend
):
    client.force_login(editor)
    data = observations_csv(value_row("£10.55m"), value_row("just under £1.6m", period="2022-23"))
    client.post(url("upload", harrow, kind="observations"), {"file": SimpleUploadedFile("money.csv", data)})
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.VALIDATED
    page = BeautifulSoup(client.get(url("detail", harrow, run_id=run.pk)).content, "html.parser")
    assert preview_rows(page) == [
        ["2", "Harrow", "ASCOF-MONEY", "2023-24", "£10,550,000", "", "", "Final", "New"],
        [
            "3",
            "Harrow",
            "ASCOF-MONEY",
            "2022-23",
            "£1,600,000 (“just under £1.6m” read as about £1.6m)",
            "",
            "",
            "Final",
            "New",
        ],
    ]
    client.post(url("commit", harrow, run_id=run.pk))
    stored = dict(Observation.objects.filter(indicator=spend).values_list("period_code", "value"))
    assert stored == {"2023-24": D("10550000"), "2022-23": D("1600000")}


def test_bad_money_in_an_import_is_shown_with_its_row_column_and_reason(client, harrow, editor, spend):
    client.force_login(editor)
    data = observations_csv(value_row("£10.55m"), value_row("£1.6m to £1.8m", period="2022-23"))
    client.post(url("upload", harrow, kind="observations"), {"file": SimpleUploadedFile("money.csv", data)})
    run = ImportRun.objects.get()
    assert (run.status, run.error_count) == (ImportRun.Status.INVALID, 1)
    page = BeautifulSoup(client.get(url("detail", harrow, run_id=run.pk)).content, "html.parser")
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert (
        "Row 3, value: Could not read '£1.6m to £1.8m' as an amount of money: it is a range of amounts: "
        "give one amount, such as £1.6m" in summary
    )
    assert not Observation.objects.exists()


# ----- expenditure ---------------------------------------------------------------------------

EXPENDITURE = ["E09000015", "Adults", "2023-24", "£34,099k", "actual", "net"]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("£10.55m", "10550000"),
        ("(£183K)", "-183000"),
        ("£(183)k", "-183000"),
        ("50p", "0.50"),
        ("£1.2bn", "1200000000"),
    ],
)
def test_expenditure_reads_money_with_the_same_reader(harrow, amount, expected):
    [record] = check(expenditure_csv([*EXPENDITURE[:3], amount, *EXPENDITURE[4:]]), kind="expenditure").records
    assert record.values["amount"] == D(expected)


def test_an_amount_with_its_own_scale_is_not_multiplied_in_a_thousands_table(harrow):
    rows = [
        [*EXPENDITURE[:3], "c. 1,200", *EXPENDITURE[4:]],
        ["E09000015", "Reablement", "2023-24", "£1.6m approx.", "actual", "net"],
        ["E09000015", "CYAD", "2023-24", "50p", "actual", "net"],
    ]
    result = check(expenditure_csv(*rows), kind="expenditure", options={"thousands": True})
    assert [record.values["amount"] for record in result.records] == [D("1200000"), D("1600000"), D("0.50")]


def test_the_expenditure_preview_says_an_amount_was_approximate(client, harrow, editor):
    client.force_login(editor)
    data = expenditure_csv([*EXPENDITURE[:3], "circa £1.6m", *EXPENDITURE[4:]])
    client.post(url("upload", harrow, kind="expenditure"), {"file": SimpleUploadedFile("spend.csv", data)})
    run = ImportRun.objects.get()
    page = BeautifulSoup(client.get(url("detail", harrow, run_id=run.pk)).content, "html.parser")
    [row] = preview_rows(page)
    assert row[4] == "£1,600,000 (“circa £1.6m” read as about £1.6m)"


# ----- approximations are kept, and pence previewed alike --------------------------------------


def test_an_approximate_value_is_stored_as_approximate_and_a_later_exact_one_clears_it(client, harrow, editor, spend):
    client.force_login(editor)

    def import_(text):
        data = observations_csv(value_row(text))
        client.post(url("upload", harrow, kind="observations"), {"file": SimpleUploadedFile("money.csv", data)})
        run = ImportRun.objects.latest("pk")
        client.post(url("commit", harrow, run_id=run.pk))
        return Observation.objects.get(indicator=spend)

    observation = import_("c. £1.6m")
    assert (observation.value, observation.is_approximate) == (D("1600000"), True)
    # The same amount written exactly is a revision: it is no longer approximate.
    observation = import_("£1.6m")
    assert (observation.value, observation.is_approximate) == (D("1600000"), False)
    assert [h.is_approximate for h in observation.history.order_by("history_id")] == [True, False]


def test_pence_are_previewed_as_two_places_in_both_imports(client, harrow, editor, spend):
    client.force_login(editor)
    client.post(
        url("upload", harrow, kind="observations"),
        {"file": SimpleUploadedFile("money.csv", observations_csv(value_row("50p")))},
    )
    run = ImportRun.objects.latest("pk")
    [row] = preview_rows(BeautifulSoup(client.get(url("detail", harrow, run_id=run.pk)).content, "html.parser"))
    assert row[4] == "£0.50"
    data = expenditure_csv([*EXPENDITURE[:3], "50p", *EXPENDITURE[4:]])
    client.post(url("upload", harrow, kind="expenditure"), {"file": SimpleUploadedFile("spend.csv", data)})
    run = ImportRun.objects.latest("pk")
    [row] = preview_rows(BeautifulSoup(client.get(url("detail", harrow, run_id=run.pk)).content, "html.parser"))
    assert row[4] == "£0.50"
