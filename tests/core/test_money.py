"""Tests for ascent.core.money: reading and displaying pounds as exact Decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.money import MoneyParseError, format_money, parse_money, round_money

# ----- parse_money ----------------------------------------------------------------------

PARSE_EXAMPLES = [
    ("£863K", "863000"),
    ("£863k", "863000"),
    ("£1.263m", "1263000"),
    ("£1.263M", "1263000"),
    ("£34,099k", "34099000"),
    ("£1.6m", "1600000"),
    ("£300", "300"),
    ("300", "300"),
    ("-£1.2m", "-1200000"),
    ("£-1.2m", "-1200000"),
    ("(£1.2m)", "-1200000"),
    ("( £1.2m )", "-1200000"),
    ("£1.5bn", "1500000000"),
    ("£1.5BN", "1500000000"),
    ("1,234.56", "1234.56"),
    ("  £300  ", "300"),
    ("£ 1.2 m", "1200000"),
    ("£12.5 thousand", "12500"),
    ("£2 million", "2000000"),
    ("£3mn", "3000000"),
    ("£1 billion", "1000000000"),
    ("+£5", "5"),
    ("\u2212£5", "-5"),  # minus sign
    ("\u2013£5", "-5"),  # en dash used as minus
    ("£1,234,567", "1234567"),
    ("£0.50", "0.50"),
    (".5k", "500"),
    ("£1.2345k", "1234.5"),
    ("GBP 300", "300"),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_EXAMPLES)
def test_it_parses_council_money_forms(text, expected):
    assert parse_money(text) == Decimal(expected)


def test_it_scales_exactly_without_float_error():
    assert parse_money("£1.263m") == Decimal("1263000") and parse_money("£0.1k") == Decimal(100)


def test_it_returns_whole_pounds_as_a_plain_integer_decimal():
    assert str(parse_money("£1.263m")) == "1263000"


def test_it_keeps_the_pence_written_for_plain_amounts():
    assert str(parse_money("1,234.50")) == "1234.50"


def test_it_keeps_fractional_pounds_from_scaled_amounts():
    assert parse_money("£1.2345678m") == Decimal("1234567.8")


def test_it_returns_negative_zero_as_zero():
    assert str(parse_money("-£0")) == "0"


def test_it_keeps_precision_beyond_the_default_decimal_context():
    digits = "1234567890123456789012345678901234"
    assert parse_money(f"{digits}.5m") == Decimal(f"{digits}500000")


INVALID_MONEY = [
    "",
    "   ",
    "abc",
    "£",
    "£m",
    "1,23",
    "12,3456",
    "1.2.3",
    "--1",
    "-(£1)",
    "(-£1)",
    "(£1",
    "£1m k",
    "£1 k m",
    "1e6",
    "£1,000,00",
    "£1\u00a0000",  # a no-break space is not a thousands separator
    "300p",
    "NaN",
]


@pytest.mark.parametrize("text", INVALID_MONEY)
def test_it_rejects_text_that_is_not_money(text):
    with pytest.raises(MoneyParseError):
        parse_money(text)


@pytest.mark.parametrize("text", [t for t in INVALID_MONEY if t.strip()])
def test_its_error_message_names_the_input(text):
    with pytest.raises(MoneyParseError, match="Could not read") as caught:
        parse_money(text)
    assert repr(text.strip()) in str(caught.value)


def test_its_error_is_a_value_error():
    assert issubclass(MoneyParseError, ValueError)


def test_it_explains_a_doubled_sign():
    with pytest.raises(MoneyParseError, match="more than one sign"):
        parse_money("(-£1.2m)")


def test_it_accepts_an_int():
    assert parse_money(300) == Decimal(300)


def test_it_accepts_a_decimal():
    assert parse_money(Decimal("1.50")) == Decimal("1.50")


def test_it_converts_a_float_through_its_shortest_text():
    assert parse_money(0.1) == Decimal("0.1")


@pytest.mark.parametrize("value", [True, None, [300], float("nan"), Decimal("Infinity")])
def test_it_rejects_values_that_are_not_amounts(value):
    with pytest.raises(MoneyParseError):
        parse_money(value)


# ----- format_money ---------------------------------------------------------------------

AUTO_EXAMPLES = [
    ("0", "£0"),
    ("300", "£300"),
    ("9999", "£9,999"),
    ("12.5", "£12.50"),
    ("9999.50", "£9,999.50"),
    ("9999.996", "£10K"),
    ("10000", "£10K"),
    ("863000", "£863K"),
    ("863499.99", "£863K"),
    ("863500", "£864K"),
    ("999499", "£999K"),
    ("999500", "£1.0m"),
    ("1000000", "£1.0m"),
    ("1263000", "£1.263m"),
    ("1263456", "£1.263m"),
    ("1263500", "£1.264m"),
    ("1600000", "£1.6m"),
    ("2000000", "£2.0m"),
    ("34099000", "£34.099m"),
    ("1500000000", "£1,500.0m"),
    ("-300", "-£300"),
    ("-863000", "-£863K"),
    ("-1200000", "-£1.2m"),
]


@pytest.mark.parametrize(("amount", "expected"), AUTO_EXAMPLES)
def test_auto_style_picks_the_unit_council_reports_use(amount, expected):
    assert format_money(Decimal(amount)) == expected


POUNDS_EXAMPLES = [
    ("300", None, "£300"),
    ("1234567", None, "£1,234,567"),
    ("1234.5", None, "£1,234.50"),
    ("1234.005", None, "£1,234.01"),
    ("1234.5", 0, "£1,235"),
    ("1234", 2, "£1,234.00"),
    ("0.004", None, "£0.00"),
    ("-1234.5", None, "-£1,234.50"),
]


@pytest.mark.parametrize(("amount", "dp", "expected"), POUNDS_EXAMPLES)
def test_pounds_style_shows_pence_only_when_needed(amount, dp, expected):
    assert format_money(Decimal(amount), style="pounds", dp=dp) == expected


K_EXAMPLES = [
    ("34099000", None, "£34,099k"),
    ("863000", None, "£863k"),
    ("499", None, "£0k"),
    ("500", None, "£1k"),
    ("1234567", 1, "£1,234.6k"),
    ("-34099000", None, "-£34,099k"),
]


@pytest.mark.parametrize(("amount", "dp", "expected"), K_EXAMPLES)
def test_k_style_shows_thousands_with_a_lower_case_k(amount, dp, expected):
    assert format_money(Decimal(amount), style="k", dp=dp) == expected


M_EXAMPLES = [
    ("1263000", None, "£1.263m"),
    ("1600000", None, "£1.6m"),
    ("2000000", None, "£2.0m"),
    ("863000", None, "£0.863m"),
    ("1600000", 3, "£1.600m"),
    ("1650000", 1, "£1.7m"),
    ("1263000", 0, "£1m"),
    ("12345678900", None, "£12,345.679m"),
]


@pytest.mark.parametrize(("amount", "dp", "expected"), M_EXAMPLES)
def test_m_style_trims_zeros_but_keeps_one_decimal_place(amount, dp, expected):
    assert format_money(Decimal(amount), style="m", dp=dp) == expected


def test_auto_style_applies_dp_to_the_chosen_unit():
    assert format_money(Decimal("863500"), dp=1) == "£863.5K"


def test_auto_style_with_dp_for_millions_shows_exact_places():
    assert format_money(Decimal("1600000"), dp=2) == "£1.60m"


def test_rounding_is_half_up():
    assert format_money(Decimal("2.5"), style="pounds", dp=0) == "£3"


def test_rounding_half_up_is_symmetric_for_negatives():
    assert format_money(Decimal("-2.5"), style="pounds", dp=0) == "-£3"


def test_a_negative_amount_that_rounds_to_zero_has_no_minus_sign():
    assert format_money(Decimal("-0.4"), style="pounds", dp=0) == "£0"


def test_it_formats_an_int():
    assert format_money(863000) == "£863K"


def test_it_refuses_a_float():
    with pytest.raises(TypeError, match="Decimal"):
        format_money(863000.0)


def test_it_refuses_a_non_finite_decimal():
    with pytest.raises(ValueError, match="non-finite"):
        format_money(Decimal("NaN"))


def test_it_refuses_an_unknown_style():
    with pytest.raises(ValueError, match="style"):
        format_money(Decimal(1), style="bn")


def test_it_refuses_negative_dp():
    with pytest.raises(ValueError, match="dp"):
        format_money(Decimal(1), dp=-1)


def test_it_refuses_a_non_integer_dp():
    with pytest.raises(TypeError, match="dp"):
        format_money(Decimal(1), dp=1.5)


@pytest.mark.parametrize(
    ("amount", "dp", "expected"),
    [("1.005", 2, "1.01"), ("-1.005", 2, "-1.01"), ("2.5", 0, "3"), ("1234.5678", 3, "1234.568")],
)
def test_round_money_rounds_half_up(amount, dp, expected):
    assert round_money(Decimal(amount), dp) == Decimal(expected)


def test_round_money_defaults_to_pence():
    assert str(round_money(Decimal("3.14159"))) == "3.14"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£863K", "£863K"),
        ("£1.263m", "£1.263m"),
        ("£1.6m", "£1.6m"),
        ("£300", "£300"),
        ("-£1.2m", "-£1.2m"),
        ("(£1.2m)", "-£1.2m"),
        ("£34,099k", "£34.099m"),
        ("1,234.56", "£1,234.56"),
    ],
)
def test_formatting_a_parsed_report_figure_gives_the_report_style(text, expected):
    assert format_money(parse_money(text)) == expected


# ----- properties -----------------------------------------------------------------------

amounts = st.decimals(
    min_value=Decimal("-1e12"),
    max_value=Decimal("1e12"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)
STYLES = ["auto", "pounds", "k", "m"]


@given(amounts)
def test_pounds_with_pence_round_trips_to_the_rounded_amount(amount):
    text = format_money(amount, style="pounds", dp=2)
    assert parse_money(text) == round_money(amount, 2)


@given(amounts)
def test_k_style_round_trips_to_the_nearest_thousand(amount):
    assert parse_money(format_money(amount, style="k")) == round_money(amount / 1000, 0) * 1000


@given(amounts)
def test_m_style_round_trips_to_the_nearest_thousand(amount):
    expected = round_money(amount / 1_000_000, 3) * 1_000_000
    assert parse_money(format_money(amount, style="m")) == expected


@given(amounts)
def test_auto_style_is_within_half_a_display_unit(amount):
    text = format_money(amount)
    if text.endswith(("K", "m")):
        unit = Decimal(1000)
    elif "." in text:
        unit = Decimal("0.01")
    else:
        unit = Decimal(1)
    assert abs(parse_money(text) - amount) <= unit / 2


@given(amounts, st.sampled_from(STYLES))
def test_every_formatted_amount_parses_back(amount, style):
    assert isinstance(parse_money(format_money(amount, style=style)), Decimal)


@given(amounts, amounts, st.sampled_from(STYLES))
def test_rounding_never_reverses_the_order_of_two_amounts(a, b, style):
    low, high = sorted([a, b])
    shown_low = parse_money(format_money(low, style=style, dp=None if style == "auto" else 2))
    shown_high = parse_money(format_money(high, style=style, dp=None if style == "auto" else 2))
    assert shown_low <= shown_high


@given(amounts, st.sampled_from(STYLES))
def test_negating_an_amount_only_adds_a_minus_sign(amount, style):
    positive = format_money(abs(amount), style=style)
    negative = format_money(-abs(amount), style=style)
    expected = positive if parse_money(positive) == 0 else "-" + positive
    assert negative == expected


@given(amounts, st.sampled_from(STYLES), st.integers(0, 4))
def test_formatted_amounts_start_with_a_pound_sign_or_minus_pound(amount, style, dp):
    assert format_money(amount, style=style, dp=dp).startswith(("£", "-£"))


@given(st.decimals(min_value=0, max_value=Decimal("1e12"), places=2))
def test_auto_uses_pounds_below_ten_thousand_and_k_or_m_above(amount):
    text = format_money(amount)
    if amount < 9_999:
        assert text[-1].isdigit()
    elif amount >= 1_000_000:
        assert text.endswith("m")


def test_formatting_keeps_precision_beyond_the_default_decimal_context():
    amount = Decimal("1234567890123456789012345678901500")
    assert format_money(amount, style="k") == "£1,234,567,890,123,456,789,012,345,678,902k"
