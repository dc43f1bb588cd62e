"""`manage.py finance_summary`: the spending trend on the command line."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from .factories import ExpenditureLineFactory, load_harrow
from .harrow import MOVEMENTS, ORDER, PERCENTS, TOTALS, YEAR_LABELS

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("finance_summary", *args, stdout=out)
    return out.getvalue()


def test_the_text_table_reproduces_the_harrow_figures(harrow):
    load_harrow(harrow)
    lines = run("E09000015").splitlines()
    assert lines[0] == "Net expenditure by service line, £000: Harrow (E09000015)"
    assert lines[2].split() == ["Service", "line", *YEAR_LABELS]
    assert [line.split()[0] for line in lines[3:6]] == ORDER
    assert lines[6].split() == ["Total", *TOTALS]
    assert lines[7].split() == ["Year", "on", "year", "movement", *MOVEMENTS[1:]]
    assert lines[8].split() == ["Year", "on", "year", "%", *PERCENTS[1:]]


def test_the_text_columns_are_aligned(harrow):
    load_harrow(harrow)
    lines = run("E09000015").splitlines()[2:7]
    assert len({len(line) for line in lines}) == 1
    ends = {line.index("34,099") + len("34,099") for line in lines[-1:]}
    assert ends == {lines[0].index("2013-14") + len("2013-14")}


def test_the_text_ends_with_the_summary(harrow):
    load_harrow(harrow)
    assert "Spending rose from £34.099m in 2013-14 to £56.651m in 2020-21, 66% in seven years." in run("E09000015")


def test_csv_has_a_header_row_and_the_harrow_figures(harrow):
    load_harrow(harrow)
    rows = list(csv.reader(io.StringIO(run("E09000015", "--format", "csv"))))
    assert rows[0] == ["Service line (£000)", *YEAR_LABELS]
    assert rows[4] == ["Total", *(total.replace(",", "") for total in TOTALS)]
    assert rows[5][1:] == [movement.replace(",", "") for movement in MOVEMENTS]
    assert rows[6][1:] == [percent.rstrip("%") for percent in PERCENTS]


def test_a_lower_case_gss_code_is_accepted(harrow):
    load_harrow(harrow)
    assert "Harrow (E09000015)" in run("e09000015")


def test_gross_and_a_basis_can_be_chosen(harrow):
    load_harrow(harrow)
    ExpenditureLineFactory(organisation=harrow, service_line="Adults", financial_year=2021,
                           amount=Decimal("70000000"), measure="gross", basis="budget")  # fmt: skip
    rows = list(csv.reader(io.StringIO(run("E09000015", "--format", "csv", "--measure", "gross", "--basis", "budget"))))
    assert rows == [
        ["Service line (£000)", "2021-22 (budget)"],
        ["Adults", "70000"],
        ["Total", "70000"],
        ["Year on year movement", ""],
        ["Year on year %", ""],
    ]


def test_an_unknown_gss_code_is_named_in_the_error(harrow):
    with pytest.raises(CommandError, match="E09999999"):
        run("E09999999")


def test_no_figures_is_a_clear_failure(harrow):
    with pytest.raises(CommandError, match=r"Harrow \(E09000015\) has no net expenditure figures"):
        run("E09000015")


def test_no_figures_on_the_chosen_basis_is_a_clear_failure(harrow):
    load_harrow(harrow)
    with pytest.raises(CommandError, match="has no net expenditure figures on a forecast basis"):
        run("E09000015", "--basis", "forecast")


def test_another_councils_figures_are_not_printed(harrow, herefordshire):
    load_harrow(harrow)
    ExpenditureLineFactory(organisation=herefordshire, service_line="Hereford only line", financial_year=2020)
    assert "Hereford only line" not in run("E09000015")


def test_illustrative_figures_are_marked(harrow):
    load_harrow(harrow, is_illustrative=True)
    assert "Illustrative:" in run("E09000015")


def test_the_command_exits_with_status_1_on_failure(harrow, capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "finance_summary", "E09999999"]).execute()
    assert exit_info.value.code == 1
    assert "E09999999" in capsys.readouterr().err
