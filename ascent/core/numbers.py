"""Plain text for exact numbers, as people write them in tables and forms."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal, localcontext


def decimal_text(value: Decimal, *, grouped: bool = False) -> str:
    """``value`` without exponent or trailing zeros: 80.0 -> "80", 0.50 -> "0.5".

    ``grouped`` puts commas between thousands ("1,234.5"). Negative zero reads "0".
    """
    text = format(value.normalize(), ",f" if grouped else "f")
    return "0" if text in ("-0", "0") else text


def allocate(total: Decimal, weights: list[Decimal], unit: Decimal) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, each part a whole number of ``unit``s
    (a penny, a per cent), the parts adding up to exactly ``total`` (the largest remainder
    method).

    Each part is first rounded down; the units still missing from the total go one each to
    the parts that lost most in rounding down (on a tie, to the larger weight, then to the
    earlier one). So no part is more than one unit from its exact share. ``total`` must be a
    whole number of units and not negative; the weights must not be negative and must add up
    to more than zero (``ValueError`` otherwise).
    """
    if total < 0 or total % unit:
        raise ValueError(f"The total must be a whole number of {unit} and not negative, not {total}")
    if not weights or any(weight < 0 for weight in weights):
        raise ValueError("The weights must be zero or more")
    whole = sum(weights, Decimal(0))
    if whole <= 0:
        raise ValueError("The weights must add up to more than zero")
    with localcontext(prec=60):
        exact = [weight * total / whole for weight in weights]
        floors = [(value / unit).to_integral_value(rounding=ROUND_FLOOR) * unit for value in exact]
        missing = int(((total - sum(floors, Decimal(0))) / unit).to_integral_value())
        order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), -weights[i], i))
        for index in order[:missing]:
            floors[index] += unit
    return [part.quantize(unit) for part in floors]


def shares_of_100(amounts: list[Decimal], dp: int = 0) -> list[Decimal] | None:
    """Each amount's share of their total in per cent, rounded to ``dp`` places so that the
    shares shown add up to exactly 100 (:func:`allocate`: no share moves by more than one unit
    in its last place from its exact value). Only for amounts that are all zero or more with a
    total above zero; None otherwise (a share of a total that holds income lines has no such
    meaning).
    """
    if not amounts or any(amount < 0 for amount in amounts) or sum(amounts, Decimal(0)) <= 0:
        return None
    return allocate(Decimal(100), amounts, Decimal(1).scaleb(-dp))
