"""Plain text for exact numbers, as people write them in tables and forms."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal, localcontext


def decimal_text(value: Decimal, *, grouped: bool = False) -> str:
    """``value`` without exponent or trailing zeros: 80.0 -> "80", 0.50 -> "0.5".

    ``grouped`` puts commas between thousands ("1,234.5"). Negative zero reads "0".
    """
    text = format(value.normalize(), ",f" if grouped else "f")
    return "0" if text in ("-0", "0") else text


def shares_of_100(amounts: list[Decimal], dp: int = 0) -> list[Decimal] | None:
    """Each amount's share of their total in per cent, rounded to ``dp`` places so that the
    shares shown add up to exactly 100 (the largest remainder method).

    Each share is first rounded down; the hundredths (or units, with ``dp=0``) still missing
    from 100 go one each to the shares that lost most in rounding down (on a tie, to the larger
    amount, then to the earlier one). So no share moves by more than one unit in its last place
    from its exact value. Only for amounts that are all zero or more with a total above zero;
    None otherwise (a share of a total that holds income lines has no such meaning).
    """
    if not amounts or any(amount < 0 for amount in amounts):
        return None
    total = sum(amounts, Decimal(0))
    if total <= 0:
        return None
    unit = Decimal(1).scaleb(-dp)
    with localcontext(prec=60):
        exact = [amount * 100 / total for amount in amounts]
        floors = [(value / unit).to_integral_value(rounding=ROUND_FLOOR) * unit for value in exact]
        missing = int(((Decimal(100) - sum(floors, Decimal(0))) / unit).to_integral_value())
        order = sorted(range(len(amounts)), key=lambda i: (-(exact[i] - floors[i]), -amounts[i], i))
        for index in order[:missing]:
            floors[index] += unit
    return [share.quantize(unit) for share in floors]
