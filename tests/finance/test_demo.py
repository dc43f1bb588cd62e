from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from ascent.core.money import format_money
from ascent.finance.demo import load_demo_finance
from ascent.finance.models import ExpenditureLine
from ascent.organisations.demo import DemoDataError
from ascent.organisations.reference import load_reference_data

pytestmark = pytest.mark.django_db

#: The report's totals in £000, 2013-14 to 2020-21 (written out here, not read from the demo module).
TOTALS = ["34,099", "36,177", "40,033", "42,184", "46,130", "51,032", "53,804", "56,651"]


@pytest.fixture
def councils(db):
    load_reference_data()


def _lines():
    return ExpenditureLine.objects.filter(organisation__gss_code="E09000015")


def test_harrow_spending_is_stored_in_pounds_and_adds_up_to_the_report_totals(councils):
    load_demo_finance()

    totals = defaultdict(Decimal)
    for line in _lines():
        totals[line.financial_year] += line.amount
    assert [format_money(totals[year], style="k") for year in range(2013, 2021)] == [f"£{t}k" for t in TOTALS]
    assert totals[2013] == Decimal("34099000")
    assert totals[2020] == Decimal("56651000")


def test_harrow_spending_has_three_service_lines_for_eight_years(councils):
    load_demo_finance()

    assert _lines().count() == 24
    assert set(_lines().values_list("service_line", flat=True)) == {"Adults", "Reablement", "CYAD"}
    adults_2013 = _lines().get(service_line="Adults", financial_year=2013)
    assert adults_2013.amount == Decimal("32480000")


def test_years_before_the_report_are_actual_the_current_year_forecast_and_the_next_budget(councils):
    load_demo_finance()

    basis = dict(_lines().filter(service_line="Adults").values_list("financial_year", "basis"))
    assert [basis[year] for year in range(2013, 2019)] == ["actual"] * 6
    assert basis[2019] == "forecast"
    assert basis[2020] == "budget"


def test_harrow_spending_is_net_of_client_contributions_and_real(councils):
    load_demo_finance()

    assert set(_lines().values_list("measure", flat=True)) == {"net"}
    assert not _lines().filter(is_illustrative=True).exists()


def test_running_the_finance_demo_twice_adds_nothing(councils):
    first = load_demo_finance()

    second = load_demo_finance()

    assert _lines().count() == 24
    assert "24 added" in first
    assert "0 added" in second


def test_a_changed_amount_is_put_back(councils):
    load_demo_finance()
    line = _lines().get(service_line="CYAD", financial_year=2017)
    line.amount = Decimal("1")
    line.save()

    summary = load_demo_finance()

    line.refresh_from_db()
    assert line.amount == Decimal("2506000")
    assert "1 corrected" in summary


def test_the_finance_demo_needs_the_reference_data(db):
    with pytest.raises(DemoDataError, match="reference data"):
        load_demo_finance()


def test_the_demo_command_reports_the_performance_and_spending_data(councils):
    out = StringIO()

    call_command("demo", quiet_passwords=True, stdout=out)

    text = out.getvalue()
    assert "Demo spending data: Harrow: 24 expenditure lines" in text
    assert "Demo performance data: Harrow:" in text
    assert "illustrative benchmarking values for 153 councils" in text
