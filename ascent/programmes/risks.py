"""Risk scoring for project and programme registers: likelihood × impact on a 5 × 5 matrix.

A risk's **score** is its likelihood (1 rare to 5 almost certain) times its impact (1
negligible to 5 catastrophic), so 1 to 25. Its **grade** is the band the score falls in,
Low (1–3), Moderate (4–6), High (8–12) or Extreme (15–25), the bands of the NHS 5 × 5 risk
matrix that many councils' registers use, each with the GOV.UK tag colour it shows in. A
programme sets its **appetite**, the highest score it accepts without escalation: a risk
scored above it is flagged. The **heat map** counts a register's risks in each cell, impact
down the side (highest first) and likelihood across; the **trend** compares a score with the
one at the last review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "GRADES",
    "IMPACTS",
    "LIKELIHOODS",
    "Grade",
    "RiskError",
    "above_appetite",
    "grade",
    "heat_map",
    "score",
    "trend",
]

LIKELIHOODS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACTS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Catastrophic"}


class RiskError(ValueError):
    """A likelihood, impact or appetite that cannot be scored, with the reason."""


@dataclass(frozen=True)
class Grade:
    name: str
    lowest: int
    highest: int
    tag_class: str


GRADES = (
    Grade("Low", 1, 3, "govuk-tag--green"),
    Grade("Moderate", 4, 6, "govuk-tag--yellow"),
    Grade("High", 8, 12, "govuk-tag--orange"),
    Grade("Extreme", 15, 25, "govuk-tag--red"),
)


def _level(value: object, what: str, names: dict[int, str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in names:
        choices = ", ".join(f"{number} {name.lower()}" for number, name in names.items())
        raise RiskError(f"The {what} must be a whole number from 1 to 5 ({choices}), not {value!r}")
    return value


def score(likelihood: int, impact: int) -> int:
    """Likelihood × impact: 1 to 25."""
    return _level(likelihood, "likelihood", LIKELIHOODS) * _level(impact, "impact", IMPACTS)


def grade(value: int) -> Grade:
    """The grade of a score (every product of two numbers from 1 to 5 is in one band)."""
    for band in GRADES:
        if band.lowest <= value <= band.highest:
            return band
    raise RiskError(f"{value!r} is not a score of likelihood × impact (1 to 25)")


def above_appetite(value: int, appetite: int) -> bool:
    """Whether a score is above the programme's appetite (the highest score it accepts)."""
    if isinstance(appetite, bool) or not isinstance(appetite, int) or not 1 <= appetite <= 25:
        raise RiskError(f"The risk appetite must be a score from 1 to 25, not {appetite!r}")
    return value > appetite


def heat_map(risks: Iterable[tuple[int, int]]) -> list[list[int]]:
    """How many of ``risks`` (likelihood, impact) fall in each cell: five rows, impact 5 at
    the top down to 1, each of five counts for likelihood 1 to 5."""
    grid = [[0] * 5 for _ in range(5)]
    for likelihood, impact in risks:
        score(likelihood, impact)  # refuses a value off the matrix
        grid[5 - impact][likelihood - 1] += 1
    return grid


def trend(current: int, previous: int | None) -> str:
    """ "rising", "falling" or "steady" against the score at the last review; "new" with none."""
    if previous is None:
        return "new"
    if current > previous:
        return "rising"
    if current < previous:
        return "falling"
    return "steady"
