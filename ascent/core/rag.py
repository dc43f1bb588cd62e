"""RAG ratings, polarity, direction of travel and target evaluation.

This module is pure Python (no Django, no database). It holds the shared vocabulary for
judging performance and the pure functions that apply it, so every screen, report and
export reaches the same verdict from the same numbers.

Numbers are ``Decimal`` (``int`` is accepted and converted). ``float`` is refused with
``TypeError`` so binary rounding cannot change a rating at a boundary.

Display conventions
-------------------
Colour must never be the only signal. Every enum here has a ``label`` (plain English
text to show) and, where colour is used, a ``css_class`` suffix for GOV.UK tags
(``govuk-tag--<css_class>``):

=========  ===========  ==========
RAG        label        css_class
=========  ===========  ==========
RED        Red          red
AMBER      Amber        yellow
GREEN      Green        green
NONE       Not rated    grey
=========  ===========  ==========

Amber uses the GOV.UK *yellow* tag because the *orange* tag is hard to tell from red.

Direction-of-travel symbols (``Direction.symbol``) are plain text characters meant to be
shown beside the label, not instead of it (mark the symbol ``aria-hidden``). Judged
directions use a tick or cross rather than an arrow because "improving" can mean the
number went down; the number's own movement is available as :attr:`Travel.arrow`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import MAX_PREC, Decimal, localcontext
from enum import StrEnum

from .numbers import decimal_text

__all__ = [
    "RAG",
    "Comparison",
    "DesiredChange",
    "Direction",
    "Polarity",
    "RangeSense",
    "Target",
    "TargetKind",
    "Travel",
    "direction_of_travel",
    "describe_range",
    "evaluate",
    "range_sense",
    "travel",
    "worst",
]

Number = Decimal | int


def _as_decimal(value: object, name: str) -> Decimal:
    """Coerce an ``int`` or finite ``Decimal`` to ``Decimal``; refuse anything else."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, not {result}")
    return result


def _optional_decimal(value: object, name: str) -> Decimal | None:
    return None if value is None else _as_decimal(value, name)


def _tolerance(value: object) -> Decimal:
    if value is None:
        return Decimal(0)
    result = _as_decimal(value, "tolerance")
    if result < 0:
        raise ValueError(f"tolerance must be zero or more, not {result}")
    return result


# ----- RAG -------------------------------------------------------------------------------


class RAG(StrEnum):
    """A red/amber/green rating, plus NONE for "not rated" (missing data).

    RAG values compare by severity: ``NONE < GREEN < AMBER < RED``, so ``max()`` of a set
    of ratings is the worst (but see :func:`worst`, which ignores NONE). Comparisons are
    only meaningful between RAG members.
    """

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = "none"

    @property
    def label(self) -> str:
        """Text to display: "Red", "Amber", "Green" or "Not rated"."""
        return _RAG_LABELS[self]

    @property
    def css_class(self) -> str:
        """GOV.UK tag colour suffix: "red", "yellow", "green" or "grey"."""
        return _RAG_CSS[self]

    @property
    def tag_class(self) -> str:
        """Full class attribute for a GOV.UK tag, such as "govuk-tag govuk-tag--red"."""
        return f"govuk-tag govuk-tag--{self.css_class}"

    @property
    def severity(self) -> int:
        """0 for not rated, then 1 green, 2 amber, 3 red (worst)."""
        return _RAG_SEVERITY[self]

    @property
    def is_rated(self) -> bool:
        """False only for NONE."""
        return self is not RAG.NONE

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for form and model field choices."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def from_text(cls, text: str | None) -> RAG:
        """Read a rating as written in spreadsheets: "R"/"Red", "A"/"Amber", "G"/"Green".

        Blank text, ``None``, "N/A", "-" and "Not rated" give NONE. Case and surrounding
        whitespace are ignored. Anything else raises ``ValueError``.
        """
        if text is None:
            return cls.NONE
        key = " ".join(str(text).split()).lower()
        try:
            return _RAG_WORDS[key]
        except KeyError:
            raise ValueError(
                f"Could not read {text!r} as a RAG rating: expected Red, Amber, Green "
                "(or R, A, G), or blank for not rated."
            ) from None

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, RAG):
            return NotImplemented
        return self.severity < other.severity

    def __le__(self, other: object) -> bool:
        if not isinstance(other, RAG):
            return NotImplemented
        return self.severity <= other.severity

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, RAG):
            return NotImplemented
        return self.severity > other.severity

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, RAG):
            return NotImplemented
        return self.severity >= other.severity


_RAG_LABELS = {RAG.RED: "Red", RAG.AMBER: "Amber", RAG.GREEN: "Green", RAG.NONE: "Not rated"}
_RAG_CSS = {RAG.RED: "red", RAG.AMBER: "yellow", RAG.GREEN: "green", RAG.NONE: "grey"}
_RAG_SEVERITY = {RAG.NONE: 0, RAG.GREEN: 1, RAG.AMBER: 2, RAG.RED: 3}
_RAG_WORDS = {
    "r": RAG.RED,
    "red": RAG.RED,
    "a": RAG.AMBER,
    "amber": RAG.AMBER,
    "g": RAG.GREEN,
    "green": RAG.GREEN,
    "": RAG.NONE,
    "-": RAG.NONE,
    "n/a": RAG.NONE,
    "na": RAG.NONE,
    "none": RAG.NONE,
    "not rated": RAG.NONE,
}


def worst(ratings: Iterable[RAG]) -> RAG:
    """The most severe rated value in ``ratings`` (RED > AMBER > GREEN).

    NONE (not rated) is ignored, so one missing figure does not hide the others; if
    nothing is rated (or ``ratings`` is empty) the result is NONE.
    """
    rated = [rating for rating in map(RAG, ratings) if rating.is_rated]
    return max(rated, default=RAG.NONE)


# ----- polarity and direction of travel -------------------------------------------------


class Polarity(StrEnum):
    """Which way a measure should move to count as better."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEITHER = "neither"

    @property
    def label(self) -> str:
        """Text to display, such as "Higher is better"."""
        return _POLARITY_LABELS[self]

    @property
    def sign(self) -> int:
        """+1 if a rise is better, -1 if a fall is better, 0 if neither."""
        return _POLARITY_SIGNS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for form and model field choices."""
        return [(member.value, member.label) for member in cls]


_POLARITY_LABELS = {
    Polarity.HIGHER_IS_BETTER: "Higher is better",
    Polarity.LOWER_IS_BETTER: "Lower is better",
    Polarity.NEITHER: "No preferred direction",
}
_POLARITY_SIGNS = {Polarity.HIGHER_IS_BETTER: 1, Polarity.LOWER_IS_BETTER: -1, Polarity.NEITHER: 0}


class Direction(StrEnum):
    """How a measure moved between two values.

    With a polarity of HIGHER_IS_BETTER or LOWER_IS_BETTER a change is judged IMPROVING or
    WORSENING. With polarity NEITHER it is only described: INCREASED or DECREASED.
    NO_CHANGE means the values are equal (or within the tolerance); NOT_COMPARABLE means
    a value is missing.
    """

    IMPROVING = "improving"
    WORSENING = "worsening"
    INCREASED = "increased"
    DECREASED = "decreased"
    NO_CHANGE = "no_change"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self) -> str:
        """Text to display, such as "Improving" or "Not comparable"."""
        return _DIRECTION_LABELS[self]

    @property
    def symbol(self) -> str:
        """A text symbol to show beside (never instead of) the label.

        "✓" improving, "✗" worsening, "↑" increased, "↓" decreased, "=" no change and
        "–" (en dash) not comparable.
        """
        return _DIRECTION_SYMBOLS[self]

    @property
    def css_class(self) -> str:
        """GOV.UK tag colour suffix: green improving, red worsening, otherwise grey."""
        return _DIRECTION_CSS[self]

    @property
    def is_judged(self) -> bool:
        """True for IMPROVING and WORSENING, which carry a better/worse judgement."""
        return self in (Direction.IMPROVING, Direction.WORSENING)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for form and model field choices."""
        return [(member.value, member.label) for member in cls]


_DIRECTION_LABELS = {
    Direction.IMPROVING: "Improving",
    Direction.WORSENING: "Worsening",
    Direction.INCREASED: "Increased",
    Direction.DECREASED: "Decreased",
    Direction.NO_CHANGE: "No change",
    Direction.NOT_COMPARABLE: "Not comparable",
}
_DIRECTION_SYMBOLS = {
    Direction.IMPROVING: "\u2713",
    Direction.WORSENING: "\u2717",
    Direction.INCREASED: "\u2191",
    Direction.DECREASED: "\u2193",
    Direction.NO_CHANGE: "=",
    Direction.NOT_COMPARABLE: "\u2013",
}
_DIRECTION_CSS = {
    Direction.IMPROVING: "green",
    Direction.WORSENING: "red",
    Direction.INCREASED: "grey",
    Direction.DECREASED: "grey",
    Direction.NO_CHANGE: "grey",
    Direction.NOT_COMPARABLE: "grey",
}


@dataclass(frozen=True, slots=True)
class Travel:
    """Direction of travel together with the raw change, for display.

    ``change`` is ``latest - previous`` (None when not comparable). ``arrow`` shows how
    the number itself moved: "↑" up, "↓" down, "→" no change (within tolerance) and
    "–" not comparable - so a falling waiting list shows "↓" with direction IMPROVING.
    """

    direction: Direction
    change: Decimal | None
    arrow: str


def _movement(previous: object, latest: object, tolerance: object) -> tuple[Decimal | None, int | None]:
    """(change, movement) where movement is +1 up, -1 down, 0 level, None not comparable."""
    band = _tolerance(tolerance)
    if previous is None or latest is None:
        return None, None
    with localcontext(prec=MAX_PREC):  # subtraction is exact, however many digits
        change = _as_decimal(latest, "latest") - _as_decimal(previous, "previous")
    if change.copy_abs() <= band:
        return change, 0
    return change, 1 if change > 0 else -1


def direction_of_travel(
    previous: Number | None,
    latest: Number | None,
    polarity: Polarity | str,
    *,
    tolerance: Number = Decimal(0),
) -> Direction:
    """Judge the move from ``previous`` to ``latest``.

    * Either value missing (None) gives NOT_COMPARABLE.
    * A change no bigger than ``tolerance`` (absolute, inclusive; default 0, so only
      equal values) gives NO_CHANGE.
    * Otherwise HIGHER_IS_BETTER: a rise is IMPROVING and a fall WORSENING;
      LOWER_IS_BETTER: the reverse; NEITHER: INCREASED or DECREASED.
    """
    polarity = Polarity(polarity)
    _change, movement = _movement(previous, latest, tolerance)
    if movement is None:
        return Direction.NOT_COMPARABLE
    if movement == 0:
        return Direction.NO_CHANGE
    if polarity is Polarity.NEITHER:
        return Direction.INCREASED if movement > 0 else Direction.DECREASED
    return Direction.IMPROVING if movement == polarity.sign else Direction.WORSENING


def travel(
    previous: Number | None,
    latest: Number | None,
    polarity: Polarity | str,
    *,
    tolerance: Number = Decimal(0),
) -> Travel:
    """:func:`direction_of_travel` plus the change and an arrow for the number's movement."""
    direction = direction_of_travel(previous, latest, polarity, tolerance=tolerance)
    change, movement = _movement(previous, latest, tolerance)
    arrow = {None: "\u2013", 0: "\u2192", 1: "\u2191", -1: "\u2193"}[movement]
    return Travel(direction=direction, change=change, arrow=arrow)


# ----- targets ---------------------------------------------------------------------------


class TargetKind(StrEnum):
    """The shapes of target a measure can have."""

    THRESHOLD = "threshold"
    RANGE = "range"
    DIRECTION = "direction"

    @property
    def label(self) -> str:
        """Text to display, such as "Direction against baseline"."""
        return _TARGET_KIND_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for form and model field choices."""
        return [(member.value, member.label) for member in cls]


_TARGET_KIND_LABELS = {
    TargetKind.THRESHOLD: "Threshold",
    TargetKind.RANGE: "Range",
    TargetKind.DIRECTION: "Direction against baseline",
}


class Comparison(StrEnum):
    """For a THRESHOLD target: must the value be at least, or at most, the threshold?"""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"

    @property
    def label(self) -> str:
        """Either "At least" or "At most"."""
        return "At least" if self is Comparison.AT_LEAST else "At most"

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for form and model field choices."""
        return [(member.value, member.label) for member in cls]


class RangeSense(StrEnum):
    """For a RANGE target: is beyond the range on the better side also on target?

    Council papers set ranges both ways. "Reviews 70% to 80% a year" on a measure where
    higher is better means "at least 70%, and 80% or more is better still": OR_BETTER. A
    caseload or a budget that should stay "between 70 and 80" is off target on either side:
    KEEP_WITHIN. A measure with no better direction can only keep within its range.
    """

    OR_BETTER = "or_better"
    KEEP_WITHIN = "keep_within"

    @property
    def label(self) -> str:
        """ "In the range or better" or "Keep within the range"."""
        return _SENSE_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for form and model field choices."""
        return [(member.value, member.label) for member in cls]


_SENSE_LABELS = {RangeSense.OR_BETTER: "In the range or better", RangeSense.KEEP_WITHIN: "Keep within the range"}


def range_sense(sense: RangeSense | str | None, polarity: Polarity | str) -> RangeSense:
    """The sense a range target is judged with for a measure of ``polarity``.

    NEITHER is always KEEP_WITHIN (there is no better side). Otherwise an explicit sense is
    used as given, and no sense (``None``) means OR_BETTER.
    """
    if Polarity(polarity) is Polarity.NEITHER:
        return RangeSense.KEEP_WITHIN
    return RangeSense(sense) if sense else RangeSense.OR_BETTER


class DesiredChange(StrEnum):
    """For a DIRECTION target: the change wanted against the baseline.

    IMPROVE and MAINTAIN_OR_IMPROVE take their direction from the measure's polarity.
    """

    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"
    MAINTAIN_OR_INCREASE = "maintain_or_increase"
    MAINTAIN_OR_DECREASE = "maintain_or_decrease"
    IMPROVE = "improve"
    MAINTAIN_OR_IMPROVE = "maintain_or_improve"

    @property
    def label(self) -> str:
        """Text as council targets write it, such as "Maintain or lower"."""
        return _CHANGE_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for form and model field choices."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def from_text(cls, text: str) -> DesiredChange:
        """Read target wording such as "Lower", "Increase", "Maintain or lower".

        Accepted words (case-insensitive): increase, higher, raise, rise, more;
        decrease, lower, reduce, fewer, less; maintain, sustain; improve. Each may follow
        "maintain or " (for example "Maintain or reduce"). Anything else raises
        ``ValueError``.
        """
        words = re.sub(r"[^a-z ]+", " ", str(text).lower())
        key = " ".join(words.split())
        maintain_or = False
        if key.startswith("maintain or "):
            maintain_or = True
            key = key.removeprefix("maintain or ")
        base = _CHANGE_WORDS.get(key)
        if base is None or (maintain_or and base is DesiredChange.MAINTAIN):
            raise ValueError(
                f"Could not read {text!r} as a target direction: expected Increase, Lower, "
                "Maintain, Improve, or 'Maintain or' followed by one of those."
            )
        if not maintain_or:
            return base
        return {
            DesiredChange.INCREASE: DesiredChange.MAINTAIN_OR_INCREASE,
            DesiredChange.DECREASE: DesiredChange.MAINTAIN_OR_DECREASE,
            DesiredChange.IMPROVE: DesiredChange.MAINTAIN_OR_IMPROVE,
        }[base]


_CHANGE_LABELS = {
    DesiredChange.INCREASE: "Increase",
    DesiredChange.DECREASE: "Lower",
    DesiredChange.MAINTAIN: "Maintain",
    DesiredChange.MAINTAIN_OR_INCREASE: "Maintain or increase",
    DesiredChange.MAINTAIN_OR_DECREASE: "Maintain or lower",
    DesiredChange.IMPROVE: "Improve",
    DesiredChange.MAINTAIN_OR_IMPROVE: "Maintain or improve",
}
_CHANGE_WORDS = {
    **dict.fromkeys(("increase", "higher", "raise", "rise", "more"), DesiredChange.INCREASE),
    **dict.fromkeys(("decrease", "lower", "reduce", "fewer", "less"), DesiredChange.DECREASE),
    **dict.fromkeys(("maintain", "sustain"), DesiredChange.MAINTAIN),
    "improve": DesiredChange.IMPROVE,
}


@dataclass(frozen=True, slots=True)
class Target:
    """A target for a measure. Build one with a constructor rather than directly:

    * :meth:`at_least` / :meth:`at_most` - a THRESHOLD with an explicit comparison;
    * :meth:`threshold` - a THRESHOLD whose comparison follows the measure's polarity
      (at least when higher is better, at most when lower is better);
    * :meth:`between` - a RANGE, low to high inclusive, with an optional :class:`RangeSense`
      (None follows the polarity: see :func:`range_sense`);
    * :meth:`direction` - a DIRECTION of change against a baseline.

    ``tolerance`` is an optional absolute amber band (zero or more) on the failing side;
    see :func:`evaluate` for exactly how each kind uses it.
    """

    kind: TargetKind
    value: Decimal | None = None
    comparison: Comparison | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    change: DesiredChange | None = None
    tolerance: Decimal | None = None
    sense: RangeSense | None = None

    def __post_init__(self) -> None:
        kind = TargetKind(self.kind)
        object.__setattr__(self, "kind", kind)
        for name in ("value", "low", "high"):
            object.__setattr__(self, name, _optional_decimal(getattr(self, name), name))
        if self.tolerance is not None:
            object.__setattr__(self, "tolerance", _tolerance(self.tolerance))
        if self.comparison is not None:
            object.__setattr__(self, "comparison", Comparison(self.comparison))
        if self.change is not None:
            object.__setattr__(self, "change", DesiredChange(self.change))
        if self.sense is not None:
            object.__setattr__(self, "sense", RangeSense(self.sense))

        required = {
            TargetKind.THRESHOLD: ("value",),
            TargetKind.RANGE: ("low", "high"),
            TargetKind.DIRECTION: ("change",),
        }[kind]
        allowed = {*required, "tolerance"}
        if kind is TargetKind.THRESHOLD:
            allowed.add("comparison")
        if kind is TargetKind.RANGE:
            allowed.add("sense")
        for name in ("value", "comparison", "low", "high", "change", "sense"):
            present = getattr(self, name) is not None
            if name in required and not present:
                raise ValueError(f"a {kind.value} target needs {name}")
            if present and name not in allowed:
                raise ValueError(f"a {kind.value} target does not use {name}")
        low, high = self.low, self.high
        if kind is TargetKind.RANGE and low is not None and high is not None and low > high:
            raise ValueError(f"range target low ({low}) is above high ({high})")

    @classmethod
    def at_least(cls, value: Number, *, tolerance: Number | None = None) -> Target:
        """Met when the value is at least ``value``."""
        return cls(TargetKind.THRESHOLD, value=value, comparison=Comparison.AT_LEAST, tolerance=tolerance)

    @classmethod
    def at_most(cls, value: Number, *, tolerance: Number | None = None) -> Target:
        """Met when the value is at most ``value``."""
        return cls(TargetKind.THRESHOLD, value=value, comparison=Comparison.AT_MOST, tolerance=tolerance)

    @classmethod
    def threshold(cls, value: Number, *, tolerance: Number | None = None) -> Target:
        """Met when the value reaches ``value`` in the measure's better direction."""
        return cls(TargetKind.THRESHOLD, value=value, tolerance=tolerance)

    @classmethod
    def between(
        cls, low: Number, high: Number, *, sense: RangeSense | str | None = None, tolerance: Number | None = None
    ) -> Target:
        """Met when the value is from ``low`` to ``high`` inclusive, or (unless ``sense`` is
        KEEP_WITHIN, or the measure has no better direction) beyond it on the better side."""
        return cls(TargetKind.RANGE, low=low, high=high, sense=sense, tolerance=tolerance)

    @classmethod
    def keep_within(cls, low: Number, high: Number, *, tolerance: Number | None = None) -> Target:
        """Met only when the value is from ``low`` to ``high`` inclusive, whatever the polarity."""
        return cls.between(low, high, sense=RangeSense.KEEP_WITHIN, tolerance=tolerance)

    @classmethod
    def direction(cls, change: DesiredChange | str, *, tolerance: Number | None = None) -> Target:
        """Met when the value moves as ``change`` asks, compared with a baseline.

        ``change`` may be a :class:`DesiredChange`, its value, or wording such as
        "Maintain or lower" (read with :meth:`DesiredChange.from_text`).
        """
        if not isinstance(change, DesiredChange):
            try:
                change = DesiredChange(change)
            except ValueError:
                change = DesiredChange.from_text(change)
        return cls(TargetKind.DIRECTION, change=change, tolerance=tolerance)

    def describe(self) -> str:
        """Plain-English summary, such as "At least 80 (amber within 5)", "Between 70 and 80 or
        better", "Keep within 70 to 80". :func:`describe_range` words a range for a polarity."""
        if self.value is not None:
            prefix = self.comparison.label if self.comparison else "Reach"
            text = f"{prefix} {decimal_text(self.value)}"
        elif self.low is not None and self.high is not None:
            low, high = decimal_text(self.low), decimal_text(self.high)
            if self.sense is RangeSense.KEEP_WITHIN:
                text = f"Keep within {low} to {high}"
            elif self.sense is RangeSense.OR_BETTER:
                text = f"Between {low} and {high} or better"
            else:
                text = f"Between {low} and {high}"
        else:
            assert self.change is not None
            text = f"{self.change.label} compared with baseline"
        if self.tolerance:
            text += f" (amber within {decimal_text(self.tolerance)})"
        return text

    def validate_for(self, polarity: Polarity | str) -> None:
        """Raise ``ValueError`` if this target cannot be judged for a measure of ``polarity``.

        A polarity-led target (:meth:`threshold`, IMPROVE, MAINTAIN_OR_IMPROVE) needs a
        polarity other than NEITHER.
        """
        polarity = Polarity(polarity)
        if self.kind is TargetKind.THRESHOLD:
            _threshold_comparison(self, polarity)
        elif self.change is not None:
            _resolved_change(self.change, polarity)


def describe_range(low: str, high: str, sense: RangeSense | str | None, polarity: Polarity | str) -> str:
    """A range target in words for a measure of ``polarity``, with the ends already formatted.

    "Between 70% and 80% (above is better)", "Between 5 and 8 (below is better)" or
    "Keep within 70% to 80%" (a keep-within range, or any range when neither way is better).
    """
    resolved = range_sense(sense, polarity)
    if resolved is RangeSense.KEEP_WITHIN:
        return f"Keep within {low} to {high}"
    side = "above" if Polarity(polarity) is Polarity.HIGHER_IS_BETTER else "below"
    return f"Between {low} and {high} ({side} is better)"


def _threshold_comparison(target: Target, polarity: Polarity) -> Comparison:
    if target.comparison is not None:
        return target.comparison
    if polarity is Polarity.HIGHER_IS_BETTER:
        return Comparison.AT_LEAST
    if polarity is Polarity.LOWER_IS_BETTER:
        return Comparison.AT_MOST
    raise ValueError(
        "a threshold target without 'at least' or 'at most' needs a measure where higher or lower is better"
    )


def _resolved_change(change: DesiredChange, polarity: Polarity) -> DesiredChange:
    """Turn polarity-led changes into explicit ones (MAINTAIN stays two-sided for NEITHER)."""
    if change in (DesiredChange.IMPROVE, DesiredChange.MAINTAIN_OR_IMPROVE, DesiredChange.MAINTAIN):
        if polarity is Polarity.NEITHER:
            if change is DesiredChange.MAINTAIN:
                return change
            raise ValueError(f"a '{change.label}' target needs a measure where higher or lower is better")
        higher = polarity is Polarity.HIGHER_IS_BETTER
        if change is DesiredChange.IMPROVE:
            return DesiredChange.INCREASE if higher else DesiredChange.DECREASE
        return DesiredChange.MAINTAIN_OR_INCREASE if higher else DesiredChange.MAINTAIN_OR_DECREASE
    return change


def evaluate(
    target: Target,
    value: Number | None,
    *,
    baseline: Number | None = None,
    polarity: Polarity | str,
) -> RAG:
    """Rate ``value`` against ``target``. ``t`` below is the target's tolerance (0 if none).

    Missing data: ``value`` None gives NONE; a DIRECTION target with ``baseline`` None
    gives NONE. ``baseline`` is ignored by THRESHOLD and RANGE targets. All bounds below
    are inclusive.

    THRESHOLD (comparison "at least" X; "at most" is the mirror image):
        value >= X is GREEN; X - t <= value < X is AMBER; anything lower is RED.
        A target built with :meth:`Target.threshold` takes "at least" from
        HIGHER_IS_BETTER and "at most" from LOWER_IS_BETTER (NEITHER raises ``ValueError``).
        An explicit comparison wins over the polarity.

    RANGE (low L to high H), judged in the sense given by :func:`range_sense`:
        KEEP_WITHIN (the target's sense, or any range when the polarity is NEITHER):
        L <= value <= H is GREEN; within t outside either edge (L - t <= value < L or
        H < value <= H + t) is AMBER; further out is RED. The two sides are symmetric.
        OR_BETTER (the default when the polarity has a better direction): beyond the range
        on the better side is GREEN too, so with HIGHER_IS_BETTER value >= L is GREEN,
        L - t <= value < L AMBER and lower RED; LOWER_IS_BETTER is the mirror image
        (value <= H GREEN, H < value <= H + t AMBER, higher RED).

    DIRECTION (change ``d = value - baseline``):

    * INCREASE: d > 0 GREEN; -t <= d <= 0 AMBER (no change when a rise was wanted, or a
      fall within tolerance); d < -t RED. DECREASE is the mirror image.
    * MAINTAIN_OR_INCREASE: d >= 0 GREEN; -t <= d < 0 AMBER; d < -t RED.
      MAINTAIN_OR_DECREASE is the mirror image.
    * MAINTAIN: "do not get worse". With HIGHER_IS_BETTER it is judged as
      MAINTAIN_OR_INCREASE and with LOWER_IS_BETTER as MAINTAIN_OR_DECREASE, so an
      improvement never counts against it. With NEITHER it is two-sided: d == 0 GREEN;
      0 < |d| <= t AMBER; |d| > t RED.
    * IMPROVE is INCREASE or DECREASE and MAINTAIN_OR_IMPROVE is MAINTAIN_OR_INCREASE or
      MAINTAIN_OR_DECREASE, following the polarity (NEITHER raises ``ValueError``).
    * An explicit INCREASE or DECREASE is applied as written whatever the polarity.

    Consequences relied on by tests: for any target whose sense follows the polarity
    (everything except a KEEP_WITHIN range and an explicit comparison or change against it),
    moving the value in the better direction never makes the rating worse; a KEEP_WITHIN
    range rates values the same distance outside either end alike; and widening the
    tolerance never makes a rating worse.
    """
    polarity = Polarity(polarity)
    if not isinstance(target, Target):
        raise TypeError(f"target must be a Target, not {type(target).__name__}")
    # Resolve the polarity first so a target that cannot be judged fails even without data.
    comparison = change = sense = None
    if target.kind is TargetKind.THRESHOLD:
        comparison = _threshold_comparison(target, polarity)
    elif target.kind is TargetKind.RANGE:
        sense = range_sense(target.sense, polarity)
    elif target.kind is TargetKind.DIRECTION:
        assert target.change is not None
        change = _resolved_change(target.change, polarity)
    if value is None:
        return RAG.NONE
    number = _as_decimal(value, "value")
    band = target.tolerance or Decimal(0)
    reference = None if baseline is None else _as_decimal(baseline, "baseline")
    with localcontext(prec=MAX_PREC):  # differences are exact, however many digits
        return _rate(target, number, reference, band, comparison, change, sense, polarity)


def _rate(
    target: Target,
    number: Decimal,
    baseline: Decimal | None,
    band: Decimal,
    comparison: Comparison | None,
    change: DesiredChange | None,
    sense: RangeSense | None,
    polarity: Polarity,
) -> RAG:
    """Apply the rules documented on :func:`evaluate` to a non-missing value."""
    if target.kind is TargetKind.THRESHOLD:
        assert target.value is not None
        shortfall = target.value - number
        if comparison is Comparison.AT_MOST:
            shortfall = -shortfall
        return _rate_shortfall(shortfall, band)

    if target.kind is TargetKind.RANGE:
        assert target.low is not None and target.high is not None
        below, above = target.low - number, number - target.high
        if sense is RangeSense.KEEP_WITHIN:
            shortfall = max(below, above)
        elif polarity is Polarity.HIGHER_IS_BETTER:
            shortfall = below  # above the range is better still
        else:
            shortfall = above  # lower is better: below the range is better still
        return _rate_shortfall(shortfall, band)

    if baseline is None:
        return RAG.NONE
    d = number - baseline
    if change is DesiredChange.MAINTAIN:
        return _rate_shortfall(d.copy_abs(), band)
    if change in (DesiredChange.DECREASE, DesiredChange.MAINTAIN_OR_DECREASE):
        d = -d  # mirror so that a rise is always the wanted direction
    if change in (DesiredChange.INCREASE, DesiredChange.DECREASE) and d == 0:
        return RAG.AMBER  # a strict change was wanted but the value stood still
    return _rate_shortfall(-d, band)


def _rate_shortfall(shortfall: Decimal, band: Decimal) -> RAG:
    """GREEN if nothing is missing, AMBER if the shortfall is within the band, else RED."""
    if shortfall <= 0:
        return RAG.GREEN
    if shortfall <= band:
        return RAG.AMBER
    return RAG.RED
