from decimal import Decimal

import pytest

from ascent.core.numbers import decimal_text


@pytest.mark.parametrize(
    ("value", "grouped", "text"),
    [
        (Decimal("80.000000"), False, "80"),
        (Decimal("0.50"), False, "0.5"),
        (Decimal("1E+3"), False, "1000"),
        (Decimal("-0.000"), False, "0"),
        (Decimal("0"), False, "0"),
        (Decimal("1234.50"), True, "1,234.5"),
        (Decimal("1234.50"), False, "1234.5"),
        (Decimal("-12345678"), True, "-12,345,678"),
    ],
)
def test_decimal_text_drops_exponents_and_trailing_zeros(value, grouped, text):
    assert decimal_text(value, grouped=grouped) == text
