"""Resilient Harrow's spending table (£000, net of client contributions), 2013-14 to 2020-21."""

from __future__ import annotations

from decimal import Decimal

from ascent.finance.summary import Line

YEARS = list(range(2013, 2021))
YEAR_LABELS = ["2013-14", "2014-15", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "2020-21"]
# In £000, as the report prints them; stored in pounds.
LINES_IN_THOUSANDS = {
    "Adults": [32_480, 34_221, 37_959, 40_439, 43_237, 47_991, 50_178, 53_022],
    "Reablement": [431, 504, 391, 293, 387, 426, 387, 390],
    "CYAD": [1_188, 1_452, 1_683, 1_452, 2_506, 2_615, 3_239, 3_239],
}
ORDER = ["Adults", "Reablement", "CYAD"]
TOTALS = ["34,099", "36,177", "40,033", "42,184", "46,130", "51,032", "53,804", "56,651"]
MOVEMENTS = ["", "2,078", "3,856", "2,151", "3,946", "4,902", "2,772", "2,847"]
PERCENTS = ["", "6%", "11%", "5%", "9%", "11%", "5%", "5%"]


def pounds(thousands: int) -> Decimal:
    return Decimal(thousands) * 1000


def harrow_lines(**extra) -> list[Line]:
    """The table as lines, year by year in the report's row order (as an import would list them)."""
    return [
        Line(name, year, pounds(LINES_IN_THOUSANDS[name][index]), **extra)
        for index, year in enumerate(YEARS)
        for name in ORDER
    ]
