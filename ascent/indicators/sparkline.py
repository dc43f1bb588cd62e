"""A small trend line drawn on the server as inline SVG, for scorecard rows.

It needs no script and obeys the page's content security policy (presentation attributes
only, no inline styles). A sparkline is decoration beside figures the table already gives, so
it is hidden from assistive technology (``aria-hidden``); its ``<title>`` still names what it
shows for people who hover over it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["sparkline"]

LINE_COLOUR = "#1d70b8"  # GOV.UK blue
REFERENCE_COLOUR = "#505a5f"  # GOV.UK secondary text
PAD = 3


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def sparkline(
    values: Sequence[Decimal | int | float],
    *,
    title: str,
    width: int = 120,
    height: int = 32,
    reference: Decimal | int | float | None = None,
    breaks: Collection[int] = (),
) -> SafeString:
    """An SVG line through ``values`` (oldest first), with a dot on the latest value.

    ``reference`` (such as a threshold target) is drawn as a dashed horizontal line. No values
    gives an empty string; one value gives a single dot. ``breaks`` are the positions of values
    that follow a break in series (:mod:`ascent.indicators.breaks`): the line stops before each
    one, a dotted upright line marks the gap, and a value left alone between breaks is a dot.
    """
    numbers = [float(value) for value in values if value is not None]
    if not numbers:
        return mark_safe("")  # noqa: S308 - a constant empty string
    scale_from = [*numbers, float(reference)] if reference is not None else numbers
    low, high = min(scale_from), max(scale_from)
    inner_w, inner_h = width - 2 * PAD, height - 2 * PAD

    def x(index: int) -> float:
        return PAD + (inner_w * index / (len(numbers) - 1) if len(numbers) > 1 else inner_w / 2)

    def y(value: float) -> float:
        if high == low:
            return PAD + inner_h / 2
        return PAD + inner_h * (high - value) / (high - low)

    parts = [
        f'<svg class="app-sparkline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-hidden="true" focusable="false">',
        f"<title>{escape(title)}</title>",
    ]
    if reference is not None:
        level = _number(y(float(reference)))
        parts.append(
            f'<line x1="{PAD}" y1="{level}" x2="{width - PAD}" y2="{level}" stroke="{REFERENCE_COLOUR}" '
            'stroke-width="1" stroke-dasharray="3 2"/>'
        )
    starts = sorted({0, *(index for index in breaks if 0 < index < len(numbers))})
    for index in starts[1:]:
        gap = _number((x(index - 1) + x(index)) / 2)
        parts.append(
            f'<line class="app-sparkline__break" x1="{gap}" y1="0" x2="{gap}" y2="{height}" '
            f'stroke="{REFERENCE_COLOUR}" stroke-width="1" stroke-dasharray="1 2"/>'
        )
    last = len(numbers) - 1
    for first, end in zip(starts, [*starts[1:], len(numbers)], strict=True):
        if end - first > 1:
            points = " ".join(f"{_number(x(i))},{_number(y(numbers[i]))}" for i in range(first, end))
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2" '
                'stroke-linejoin="round" stroke-linecap="round"/>'
            )
        elif first != last:
            parts.append(
                f'<circle cx="{_number(x(first))}" cy="{_number(y(numbers[first]))}" r="2" fill="{LINE_COLOUR}"/>'
            )
    parts.append(f'<circle cx="{_number(x(last))}" cy="{_number(y(numbers[last]))}" r="3" fill="{LINE_COLOUR}"/>')
    parts.append("</svg>")
    # Every interpolated value is a number formatted here or the escaped title.
    return mark_safe("".join(parts))  # noqa: S308
