"""CQC's arithmetic for a local authority assessment, as pure functions.

CQC scores each quality statement from 1 (significant shortfalls) to 4 (exceptional
standard). Every statement it scores weighs the same: the overall percentage is the sum of
the scores divided by the most they could add up to (4 × the number scored), and the
percentage falls in a band that gives the overall rating:

=========  =====================
25–38 %    Inadequate
39–62 %    Requires improvement
63–87 %    Good
88–100 %   Outstanding
=========  =====================

The bands leave gaps between whole numbers (38 % and 39 %, 62 % and 63 %, 87 % and 88 %).
With all nine statements scored a sum of 14 gives 38.9 %, and CQC has not published how it
treats such a figure. **Our rule:** a percentage is rounded to the nearest whole percent
(halves go up) before it is placed in a band, so 38.9 % counts as 39 %, Requires
improvement, and 38.4 % counts as 38 %, Inadequate. The percentage shown keeps one decimal
place, so people see where the rounding mattered.

The result is an *estimate* of where CQC might place the council from the council's own
scores: CQC sets its scores by its own judgement over all the evidence, and publishes only
the overall rating and the score of each statement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

#: The scores a quality statement can have.
LOWEST, HIGHEST = 1, 4


@dataclass(frozen=True)
class Band:
    rating: str
    low: int  # the lowest whole percent in the band
    high: int  # the highest whole percent in the band
    colour: str

    def position(self, whole_percent: int) -> str:
        """Where in the band a percentage sits: "lower", "middle" or "upper" (thirds of the band)."""
        width = self.high - self.low + 1
        share = (whole_percent - self.low) / width
        if share < 1 / 3:
            return "lower"
        if share < 2 / 3:
            return "middle"
        return "upper"


BANDS: tuple[Band, ...] = (
    Band("Inadequate", 25, 38, "red"),
    Band("Requires improvement", 39, 62, "orange"),
    Band("Good", 63, 87, "green"),
    Band("Outstanding", 88, 100, "turquoise"),
)

WARNING = (
    "This is an estimate of where CQC might place the council if it scored each quality "
    "statement as the council has. It is not CQC's judgement: CQC sets its own scores from "
    "all the evidence it gathers."
)

ROUNDING_RULE = (
    "A percentage is rounded to the nearest whole percent (halves go up) before it is placed "
    "in a band, so 38.9% counts as 39%."
)


@dataclass(frozen=True)
class Estimate:
    """The overall percentage and rating band from a set of quality statement scores."""

    #: How many statements there are (scored or not).
    statements: int
    #: How many have a score.
    scored: int
    total: int
    #: The most the scored statements could add up to: 4 × scored.
    maximum: int
    #: The keys of the statements with no score yet, in the order given.
    missing: tuple[str, ...] = field(default_factory=tuple)

    @property
    def percentage(self) -> Decimal | None:
        """Sum ÷ maximum × 100, to one decimal place (halves up); None when nothing is scored."""
        if not self.maximum:
            return None
        return (Decimal(self.total) * 100 / Decimal(self.maximum)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def whole_percent(self) -> int | None:
        """The percentage rounded to a whole percent (halves up): what is placed in a band."""
        if not self.maximum:
            return None
        exact = Decimal(self.total) * 100 / Decimal(self.maximum)
        return int(exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def band(self) -> Band | None:
        return band_for(self.whole_percent) if self.whole_percent is not None else None

    @property
    def rating(self) -> str | None:
        return self.band.rating if self.band else None

    @property
    def position(self) -> str | None:
        """ "lower", "middle" or "upper" part of the band, or None when nothing is scored."""
        if self.band is None:
            return None
        return self.band.position(self.whole_percent)

    @property
    def warning(self) -> str:
        return WARNING

    @property
    def is_complete(self) -> bool:
        return self.scored == self.statements and self.statements > 0

    @property
    def rounding_mattered(self) -> bool:
        """True when the percentage sits between two bands and the rounding rule placed it."""
        if self.percentage is None:
            return False
        exact = Decimal(self.total) * 100 / Decimal(self.maximum)
        return exact != int(exact) and any(b.high < exact < b.high + 1 for b in BANDS)

    @property
    def arithmetic(self) -> str:
        """As the page shows it: "23 of 36 = 63.9%: Good (lower part of the band)"."""
        if self.percentage is None:
            return "No quality statement is scored yet, so there is nothing to estimate."
        return f"{self.total} of {self.maximum} = {self.percentage}%: {self.rating} ({self.position} part of the band)"


def band_for(whole_percent: int) -> Band:
    """The band a whole percentage falls in (25 to 100; below 25 cannot happen with scores 1–4)."""
    for band in BANDS:
        if band.low <= whole_percent <= band.high:
            return band
    raise ValueError(f"{whole_percent}% is outside CQC's bands (25% to 100%)")


def estimate(scores: Mapping[str, int | None]) -> Estimate:
    """The estimate from each quality statement's score (1–4), or None where it has none yet.

    Raises ValueError for a score outside 1–4.
    """
    missing: list[str] = []
    total = scored = 0
    for key, score in scores.items():
        if score is None:
            missing.append(key)
            continue
        if isinstance(score, bool) or not isinstance(score, int) or not LOWEST <= score <= HIGHEST:
            raise ValueError(f"The score of {key} must be a whole number from {LOWEST} to {HIGHEST}, not {score!r}")
        total += score
        scored += 1
    return Estimate(
        statements=len(scores), scored=scored, total=total, maximum=HIGHEST * scored, missing=tuple(missing)
    )
