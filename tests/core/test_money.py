"""Tests for ascent.core.money: reading and displaying pounds as exact Decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.money import MoneyParseError, exact_pounds, format_money, parse_money, read_money, round_money

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
    ("£10.55m", "10550000"),
    ("1.263m", "1263000"),
    ("£1,263,000", "1263000"),
    ("£1.2bn", "1200000000"),
    ("£1.2b", "1200000000"),
    ("(£183K)", "-183000"),
    ("-£183k", "-183000"),
    ("£(183)k", "-183000"),
    ("(183)", "-183"),
    ("50p", "0.50"),
    ("1,250p", "12.50"),
    ("-75p", "-0.75"),
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
    "NaN",
]


@pytest.mark.parametrize("text", INVALID_MONEY)
def test_it_rejects_text_that_is_not_money(text):
    with pytest.raises(MoneyParseError):
        parse_money(text)


@pytest.mark.parametrize("text", [t for t in INVALID_MONEY if t.strip()])
def test_its_error_message_names_the_input_and_the_reason(text):
    with pytest.raises(MoneyParseError, match="Could not read") as caught:
        parse_money(text)
    assert repr(" ".join(text.split())) in str(caught.value)
    assert caught.value.reason.split(": ")[-1] in str(caught.value)


def test_its_error_is_a_value_error():
    assert issubclass(MoneyParseError, ValueError)


def test_it_explains_a_doubled_sign():
    with pytest.raises(MoneyParseError, match="more than one minus sign"):
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


APPROXIMATIONS = [
    ("just under £1.6m", "1600000", "just under"),
    ("c. £1.6m", "1600000", "about"),
    ("c.£1.6m", "1600000", "about"),
    ("c £1.6m", "1600000", "about"),
    ("c£1.6m", "1600000", "about"),
    ("ca. £1.6m", "1600000", "about"),
    ("circa £1.6m", "1600000", "about"),
    ("approx. £1.6m", "1600000", "about"),
    ("approximately £1.6m", "1600000", "about"),
    ("about £1.6m", "1600000", "about"),
    ("around £1.6m", "1600000", "about"),
    ("roughly £1.6m", "1600000", "about"),
    ("~£1.6m", "1600000", "about"),
    ("£1.6m approx.", "1600000", "about"),
    ("£1.6m (approx)", "1600000", "about"),
    ("nearly £1.6m", "1600000", "just under"),
    ("almost £1.6m", "1600000", "just under"),
    ("under £2m", "2000000", "under"),
    ("less than £2m", "2000000", "under"),
    ("just over £2m", "2000000", "just over"),
    ("over £2m", "2000000", "over"),
    ("more than £2m", "2000000", "over"),
    ("£2m+", "2000000", "over"),
    ("Circa £863K", "863000", "about"),
    ("c. (£183K)", "-183000", "about"),
]


@pytest.mark.parametrize(("text", "amount", "qualifier"), APPROXIMATIONS)
def test_read_money_reads_an_approximation_and_says_so(text, amount, qualifier):
    reading = read_money(text)
    assert (reading.amount, reading.qualifier, reading.approximate) == (Decimal(amount), qualifier, True)


def test_an_approximation_notes_what_was_written_and_how_it_was_read():
    assert read_money("just under £1.6m").note == "“just under £1.6m” read as about £1.6m"
    assert read_money("c. £1.6m").note == "“c. £1.6m” read as about £1.6m"


@pytest.mark.parametrize("text", ["£10.55m", "(£183K)", "50p", "1,234"])
def test_an_exact_amount_is_not_approximate_and_has_no_note(text):
    reading = read_money(text)
    assert (reading.approximate, reading.qualifier, reading.note) == (False, "", "")


@pytest.mark.parametrize(("text", "scaled"), [("£10.55m", True), ("50p", True), ("£863K", True), ("1,234", False)])
def test_read_money_says_whether_the_text_gave_its_own_scale(text, scaled):
    assert read_money(text).scaled is scaled


@pytest.mark.parametrize("text", ["c. £1.6m", "just under £1.6m", "over £2m", "£2m+"])
def test_parse_money_refuses_an_approximation_because_it_cannot_say_so(text):
    with pytest.raises(MoneyParseError, match="approximation"):
        parse_money(text)


REFUSED_WITH_REASON = [
    ("£1.6m-£1.8m", "range of amounts"),
    ("£1.6m – £1.8m", "range of amounts"),
    ("£1.6m to £1.8m", "range of amounts"),
    ("between £1m and £2m", "range of amounts"),
    ("up to £2m", "a limit"),
    ("at least £2m", "a limit"),
    ("$5m", "dollars"),
    ("€5m", "euros"),
    ("10%", "percentage"),
    ("1,23", "commas that do not separate thousands"),
    ("£1,6m", "commas that do not separate thousands"),
    ("£0.50p", "both pounds and pence"),
    ("£(183)k)", "such as £300"),
    ("(£183K", "such as £300"),
    ("c", "such as £300"),
    ("about", "such as £300"),
    ("ten pounds", "such as £300"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED_WITH_REASON)
def test_it_refuses_what_is_ambiguous_or_not_money_saying_why(text, reason):
    with pytest.raises(MoneyParseError) as caught:
        read_money(text)
    assert reason in caught.value.reason
    shown = " ".join(text.split())
    assert str(caught.value).startswith(f"Could not read {shown!r} as an amount of money: ")
    assert caught.value.reason.split(": ")[-1] in str(caught.value)


def test_an_empty_value_asks_for_an_amount():
    with pytest.raises(MoneyParseError) as caught:
        read_money("  ")
    assert caught.value.reason == "is blank: enter an amount"


def test_read_money_takes_numbers_as_exact_amounts():
    assert read_money(Decimal("10550000")).amount == Decimal("10550000")
    assert read_money(300).amount == Decimal(300) and not read_money(300).approximate


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
    ("999500", "£1m"),
    ("1000000", "£1m"),
    ("1263000", "£1.263m"),
    ("1263456", "£1.263m"),
    ("1263500", "£1.264m"),
    ("1600000", "£1.6m"),
    ("2000000", "£2m"),
    ("5000000", "£5m"),
    ("13000000", "£13m"),
    ("10550000", "£10.55m"),
    ("34099000", "£34.099m"),
    ("1500000000", "£1,500m"),
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
    ("2000000", None, "£2m"),
    ("13000000", None, "£13m"),
    ("10550000", None, "£10.55m"),
    ("863000", None, "£0.863m"),
    ("1600000", 3, "£1.600m"),
    ("1650000", 1, "£1.7m"),
    ("1263000", 0, "£1m"),
    ("12345678900", None, "£12,345.679m"),
]


@pytest.mark.parametrize(("amount", "dp", "expected"), M_EXAMPLES)
def test_m_style_trims_zeros_and_the_point_of_whole_millions(amount, dp, expected):
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


# Amounts as councils write them: whole pounds, and round thousands up to £500m.
council_amounts = st.one_of(
    st.integers(min_value=0, max_value=9_999).map(Decimal),
    st.integers(min_value=10, max_value=500_000).map(lambda thousands: Decimal(thousands * 1000)),
)


@given(council_amounts)
def test_a_council_amount_reads_back_within_its_display_precision(amount):
    text = format_money(amount)
    unit = Decimal(1000) if text.endswith(("K", "m")) else Decimal("0.01")
    assert abs(parse_money(text) - amount) <= unit / 2


@given(st.integers(min_value=100, max_value=50_000).map(lambda tens: Decimal(tens * 10_000)))
def test_millions_to_two_places_read_back_exactly(amount):
    # "£10.55m", "£13m", "£1.26m": nothing is lost at the precision councils write millions.
    text = format_money(amount)
    assert parse_money(text) == amount
    assert not text.endswith(".0m") and ".0m" not in text


@given(council_amounts)
def test_displaying_what_was_read_gives_the_same_text(amount):
    text = format_money(amount)
    assert format_money(parse_money(text)) == text


@given(council_amounts.filter(lambda amount: amount > 0), st.sampled_from(["(%s)", "-%s"]))
def test_a_negative_written_either_way_reads_as_the_negative_amount(amount, pattern):
    text = format_money(amount)
    assert parse_money(pattern % text) == -parse_money(text)


@given(council_amounts, st.sampled_from(["c. %s", "circa %s", "about %s", "just under %s", "over %s", "%s approx."]))
def test_an_approximate_council_amount_reads_as_the_amount_written(amount, pattern):
    text = format_money(amount)
    reading = read_money(pattern % text)
    assert reading.approximate and reading.amount == parse_money(text)
    assert reading.note.endswith(f"read as about {text}")


@given(st.integers(min_value=1, max_value=99_999))
def test_pence_read_as_hundredths_of_a_pound(pence):
    assert parse_money(f"{pence}p") == Decimal(pence) / 100


# ----- exact_pounds: what an import preview shows -------------------------------------------


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("0.5", "£0.50"),
        ("10550000", "£10,550,000"),
        ("10550000.000000", "£10,550,000"),
        ("-183000", "-£183,000"),
        ("1.2345", "£1.2345"),
        ("12.5", "£12.50"),
        ("-0.00", "£0"),
    ],
)
def test_exact_pounds_shows_every_digit_and_pence_as_two_places(amount, shown):
    assert exact_pounds(Decimal(amount)) == shown


@given(st.decimals(min_value=-(10**13), max_value=10**13, places=6, allow_nan=False, allow_infinity=False))
def test_exact_pounds_reads_back_as_the_same_amount(amount):
    assert read_money(exact_pounds(amount)).amount == amount
    assert read_money("c. " + exact_pounds(amount)).approximate
