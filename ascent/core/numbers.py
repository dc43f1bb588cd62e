"""Plain text for exact numbers, as people write them in tables and forms."""

from __future__ import annotations

from decimal import Decimal


def decimal_text(value: Decimal, *, grouped: bool = False) -> str:
    """``value`` without exponent or trailing zeros: 80.0 -> "80", 0.50 -> "0.5".

    ``grouped`` puts commas between thousands ("1,234.5"). Negative zero reads "0".
    """
    text = format(value.normalize(), ",f" if grouped else "f")
    return "0" if text in ("-0", "0") else text
