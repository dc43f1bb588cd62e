"""Benchmarking: where one council stands among a group of councils on one indicator.

This module is pure Python (no Django, no database): it works on values per
organisation, keyed by anything hashable (the views use organisation ids), so the page,
the ``benchmark`` command and reports all reach the same figures from the same numbers.

Numbers are ``Decimal`` (``int`` is accepted and converted). ``float`` is refused with
``TypeError``, as in :mod:`ascent.core.rag`, so binary rounding cannot move a rank.

Ranking
-------
Rank 1 is the best. With ``HIGHER_IS_BETTER`` the highest value ranks first; with
``LOWER_IS_BETTER`` the lowest value ranks first. With ``NEITHER`` there is no better
direction, so councils are ranked by value, highest first, and the text says so ("ranked
by value, no better direction").

Ties use standard competition ranking ("1224"): councils with equal values share the
best rank among them, and the next rank skips the places they take. So a council's rank
is always one more than the number of councils with a strictly better value. Tied
councils keep the order they were given in (the views give them in name order).

A council whose value is missing (``None``) is left out of the ranking, the quartiles,
the median and the mean, and counted separately ("no value for 2 councils"). "11th of 33"
counts only the councils with a value.

Quartiles
---------
Quartile 1 is the best quarter. A council's quartile comes from the share of councils
with a value that rank strictly better than it::

    quartile = floor(4 × (rank − 1) / n) + 1

where ``n`` is the number of councils with a value. So the 1st quartile is "fewer than a
quarter of the group do better", the 2nd "at least a quarter but fewer than half", and
so on. Consequences: the best council (rank 1) is always in the 1st quartile, even in a
group of one; tied councils share a quartile; a group whose values are all equal is all
in the 1st quartile; with four or more councils, the last-ranked is in the 4th quartile.
In a group of 33, ranks 1 to 9 are the 1st quartile, 10 to 17 the 2nd, 18 to 25 the 3rd
and 26 to 33 the 4th.

Median, mean and gap
--------------------
The median is the middle value, or the exact mean of the two middle values when the
count is even (it is always exact: halving a decimal terminates). The mean is the exact
sum divided by the count: exact whenever the quotient terminates within 28 significant
digits, otherwise correctly rounded to 28 significant digits. Both are independent of the
order the values come in.

The gap to the median is ``subject − median``. It is judged by the polarity: with
``HIGHER_IS_BETTER`` a positive gap is better and a negative one worse, the other way
round with ``LOWER_IS_BETTER``; with ``NEITHER`` it is only described as above or below.

England figure
--------------
See :func:`england_figure`: the aggregate of councils' numerators and denominators when
every council with a value has both, otherwise the average of councils' values.

Confidence interval and significance
------------------------------------
See :func:`significance`: a percentage with its numerator and denominator has a Wilson score
95% interval, and is better, similar or worse than England as Fingertips judges it (England's
figure outside or inside the interval). The maths is :mod:`ascent.cld.stats`, the one place the
client-level data measures use too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import MAX_PREC, Decimal, localcontext
from enum import StrEnum
from typing import Generic, TypeVar

from ascent.cld import stats
from ascent.core.rag import Polarity

__all__ = [
    "RANKED_BY_VALUE",
    "Benchmark",
    "Significance",
    "EnglandBasis",
    "EnglandFigure",
    "Gap",
    "GapJudgement",
    "Placing",
    "benchmark",
    "england_figure",
    "gap_to_median",
    "mean",
    "median",
    "ordinal",
    "quartile",
    "rank",
    "significance",
    "unit_scale",
]

K = TypeVar("K", bound=Hashable)

#: What the text says about an indicator with no better direction.
RANKED_BY_VALUE = "ranked by value, no better direction"

#: Significant digits for a mean that does not terminate (Python's default context).
MEAN_PRECISION = 28


def _as_decimal(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, not {result}")
    return result


# ----- words ---------------------------------------------------------------------------


def ordinal(number: int) -> str:
    """1 -> "1st", 2 -> "2nd", 3 -> "3rd", 11 -> "11th", 21 -> "21st", 111 -> "111th"."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"ordinal needs an int, not {type(number).__name__}")
    if number < 0:
        raise ValueError(f"ordinal needs zero or more, not {number}")
    teens = number % 100 in (11, 12, 13)
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _councils(count: int) -> str:
    return "1 council" if count == 1 else f"{count} councils"


# ----- statistics ----------------------------------------------------------------------


def quartile(rank: int, count: int) -> int:
    """The quartile (1 best to 4) of ``rank`` among ``count`` ranked councils (see module docstring)."""
    if count < 1:
        raise ValueError(f"a quartile needs at least one ranked council, not {count}")
    if not 1 <= rank <= count:
        raise ValueError(f"rank {rank} is outside 1 to {count}")
    return 4 * (rank - 1) // count + 1


def median(values: Iterable[Decimal | int]) -> Decimal:
    """The exact median of one or more values."""
    ordered = sorted(_as_decimal(value, "value") for value in values)
    if not ordered:
        raise ValueError("the median needs at least one value")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    with localcontext(prec=MAX_PREC):
        return (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Iterable[Decimal | int]) -> Decimal:
    """The mean of one or more values: an exact sum divided by the count (see module docstring)."""
    numbers = [_as_decimal(value, "value") for value in values]
    if not numbers:
        raise ValueError("the mean needs at least one value")
    with localcontext(prec=MAX_PREC):
        total = sum(numbers, Decimal(0))
    with localcontext(prec=MEAN_PRECISION):
        return total / len(numbers)


# ----- ranking -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placing(Generic[K]):
    """One council's place in a ranking."""

    key: K
    value: Decimal
    rank: int
    quartile: int
    #: True when another council has the same value (and so the same rank).
    tied: bool = False

    @property
    def position(self) -> str:
        """The rank in words: "11th", or "joint 11th" when tied."""
        return f"joint {ordinal(self.rank)}" if self.tied else ordinal(self.rank)


def _better_first_key(polarity: Polarity) -> Callable[[Decimal], Decimal]:
    # Sorting ascending by this key puts the best value first. NEITHER ranks highest first.
    if polarity is Polarity.LOWER_IS_BETTER:
        return lambda value: value
    return lambda value: -value


def rank(values: Mapping[K, Decimal | int | None], polarity: Polarity | str) -> list[Placing[K]]:
    """Rank the councils that have a value, best first (see the module docstring).

    Councils whose value is ``None`` are left out. Tied councils keep the mapping's order.
    """
    polarity = Polarity(polarity)
    present = [(key, _as_decimal(value, f"value for {key!r}")) for key, value in values.items() if value is not None]
    key_of = _better_first_key(polarity)
    ordered = sorted(present, key=lambda item: key_of(item[1]))  # sorted() is stable: ties keep their order
    count = len(ordered)
    counts: dict[Decimal, int] = {}
    for _, value in ordered:
        counts[value] = counts.get(value, 0) + 1
    placings: list[Placing[K]] = []
    current_rank = 0
    previous: Decimal | None = None
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is None or value != previous:
            current_rank = position
            previous = value
        placings.append(Placing(key, value, current_rank, quartile(current_rank, count), counts[value] > 1))
    return placings


# ----- the gap to the median -------------------------------------------------------------


class GapJudgement(StrEnum):
    """How the subject's value compares with the median."""

    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    ABOVE = "above"
    BELOW = "below"

    @property
    def is_better(self) -> bool | None:
        """True if better, False if worse, None when there is nothing to judge."""
        return {GapJudgement.BETTER: True, GapJudgement.WORSE: False}.get(self)


@dataclass(frozen=True, slots=True)
class Gap:
    """``difference`` is subject − median; ``judgement`` reads it by the polarity."""

    difference: Decimal
    judgement: GapJudgement

    def describe(self, format_value: Callable[[Decimal], str] = str) -> str:
        """For example "12.3 better than the group median" or "the same as the group median"."""
        if self.judgement is GapJudgement.SAME:
            return "the same as the group median"
        amount = format_value(self.difference.copy_abs())
        if self.judgement in (GapJudgement.ABOVE, GapJudgement.BELOW):
            return f"{amount} {self.judgement.value} the group median"
        return f"{amount} {self.judgement.value} than the group median"


def gap_to_median(value: Decimal | int, group_median: Decimal | int, polarity: Polarity | str) -> Gap:
    """The subject's gap to the median, judged by the polarity."""
    polarity = Polarity(polarity)
    with localcontext(prec=MAX_PREC):
        difference = _as_decimal(value, "value") - _as_decimal(group_median, "median")
    if difference == 0:
        return Gap(difference, GapJudgement.SAME)
    rose = difference > 0
    if polarity is Polarity.NEITHER:
        return Gap(difference, GapJudgement.ABOVE if rose else GapJudgement.BELOW)
    better = rose == (polarity is Polarity.HIGHER_IS_BETTER)
    return Gap(difference, GapJudgement.BETTER if better else GapJudgement.WORSE)


# ----- a whole benchmark -----------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark(Generic[K]):
    """A group's values ranked, with the subject council's standing. Build with :func:`benchmark`."""

    polarity: Polarity
    #: Councils with a value, best first.
    placings: tuple[Placing[K], ...]
    #: Councils with no value, in the order given.
    missing: tuple[K, ...]
    subject: K | None = None
    median: Decimal | None = None
    mean: Decimal | None = None

    @property
    def count(self) -> int:
        """How many councils have a value (the "33" of "11th of 33")."""
        return len(self.placings)

    @property
    def missing_count(self) -> int:
        return len(self.missing)

    @property
    def subject_placing(self) -> Placing[K] | None:
        """The subject's placing, or None if it has no value (or there is no subject)."""
        if self.subject is None:
            return None
        return next((placing for placing in self.placings if placing.key == self.subject), None)

    @property
    def gap(self) -> Gap | None:
        placing = self.subject_placing
        if placing is None or self.median is None:
            return None
        return gap_to_median(placing.value, self.median, self.polarity)

    @property
    def rank_text(self) -> str | None:
        """ "11th of 33" (or "joint 11th of 33"), or None when the subject is not ranked."""
        placing = self.subject_placing
        if placing is None:
            return None
        return f"{placing.position} of {self.count}"

    @property
    def quartile_text(self) -> str | None:
        """ "2nd quartile", or None when the subject is not ranked."""
        placing = self.subject_placing
        return None if placing is None else f"{ordinal(placing.quartile)} quartile"

    @property
    def missing_text(self) -> str:
        """ "no value for 2 councils", or "" when every council has a value."""
        return f"no value for {_councils(self.missing_count)}" if self.missing else ""

    @property
    def ranked_by_value(self) -> bool:
        """True when there is no better direction, so the ranking is only by value."""
        return self.polarity is Polarity.NEITHER

    def sentence(
        self,
        subject_name: str,
        group_phrase: str,
        format_value: Callable[[Decimal], str] = str,
    ) -> str:
        """One sentence for people, such as
        "Harrow is 11th of 33 London boroughs (2nd quartile); the group median is 512.3."

        ``group_phrase`` is a plural noun phrase for the group ("London boroughs",
        "councils in London"). Councils with no value are mentioned at the end.
        """
        if self.median is None:
            return "No council in the group has a value for this period."
        median_text = format_value(self.median)
        placing = self.subject_placing
        if placing is None:
            text = (
                f"{subject_name} has no value for this period, so it is not ranked; the group median is "
                f"{median_text} (from {_councils(self.count)} with a value)."
            )
        else:
            how = f", {RANKED_BY_VALUE}" if self.ranked_by_value else ""
            text = (
                f"{subject_name} is {self.rank_text} {group_phrase}{how} ({self.quartile_text}); "
                f"the group median is {median_text}."
            )
        if self.missing:
            text += f" There is {self.missing_text} in the group."
        return text


def benchmark(
    values: Mapping[K, Decimal | int | None],
    polarity: Polarity | str,
    *,
    subject: K | None = None,
) -> Benchmark[K]:
    """Rank ``values`` (council → value or None) and work out the median, mean and subject's standing.

    ``subject`` need not be in ``values``; if it is not, or its value is None, it is simply
    not ranked.
    """
    polarity = Polarity(polarity)
    placings = tuple(rank(values, polarity))
    missing = tuple(key for key, value in values.items() if value is None)
    present = [placing.value for placing in placings]
    return Benchmark(
        polarity=polarity,
        placings=placings,
        missing=missing,
        subject=subject,
        median=median(present) if present else None,
        mean=mean(present) if present else None,
    )


# ----- the England figure ----------------------------------------------------------------


class EnglandBasis(StrEnum):
    AGGREGATE = "aggregate"
    AVERAGE = "average"

    @property
    def label(self) -> str:
        return _BASIS_LABELS[self]


_BASIS_LABELS = {
    EnglandBasis.AGGREGATE: "aggregate of councils' numerators and denominators",
    EnglandBasis.AVERAGE: "average of councils",
}

_UNIT_SCALES = {"percent": Decimal(100), "per_100k": Decimal(100_000)}


def unit_scale(unit: str) -> Decimal:
    """What a numerator ÷ denominator is multiplied by for the unit: 100 for per cent,
    100,000 for a rate per 100,000 population, otherwise 1."""
    return _UNIT_SCALES.get(str(unit), Decimal(1))


@dataclass(frozen=True, slots=True)
class EnglandFigure:
    value: Decimal
    basis: EnglandBasis
    #: How many councils' values it is made from.
    councils: int

    @property
    def basis_text(self) -> str:
        """ "England figure: aggregate of councils' numerators and denominators" or "...: average of councils"."""
        return f"England figure: {self.basis.label}"


def england_figure(
    rows: Iterable[tuple[Decimal | int | None, Decimal | int | None, Decimal | int | None]],
    *,
    unit: str,
) -> EnglandFigure | None:
    """The England figure from every council's ``(value, numerator, denominator)``.

    Councils with no value are ignored. If every council with a value also has a
    numerator and a denominator (and the denominators do not add up to zero), the figure
    is Σ numerator ÷ Σ denominator scaled by the unit (see :func:`unit_scale`): the
    national rate, weighting each council by its size. Otherwise it is the mean of the
    councils' values. None when no council has a value.
    """
    values: list[Decimal] = []
    numerators: list[Decimal] = []
    denominators: list[Decimal] = []
    complete = True
    for value, numerator, denominator in rows:
        if value is None:
            continue
        values.append(_as_decimal(value, "value"))
        if numerator is None or denominator is None:
            complete = False
        else:
            numerators.append(_as_decimal(numerator, "numerator"))
            denominators.append(_as_decimal(denominator, "denominator"))
    if not values:
        return None
    if complete:
        with localcontext(prec=MAX_PREC):
            total_numerator = sum(numerators, Decimal(0))
            total_denominator = sum(denominators, Decimal(0))
        if total_denominator != 0:
            with localcontext(prec=MEAN_PRECISION):
                figure = total_numerator * unit_scale(unit) / total_denominator
            return EnglandFigure(figure, EnglandBasis.AGGREGATE, len(values))
    return EnglandFigure(mean(values), EnglandBasis.AVERAGE, len(values))


# ----- the confidence interval and significance --------------------------------------------

_VERDICT_WORDS = {
    stats.BETTER: "Better than England",
    stats.SIMILAR: "Similar to England",
    stats.WORSE: "Worse than England",
    stats.HIGHER: "Higher than England",
    stats.LOWER: "Lower than England",
}


@dataclass(frozen=True, slots=True)
class Significance:
    """A percentage's Wilson 95% interval (per cent, 1 decimal place) and, with an England
    figure, how it compares: "better", "similar" or "worse" (or "higher"/"lower" with no
    better direction)."""

    numerator: Decimal
    denominator: Decimal
    low: Decimal
    high: Decimal
    england: Decimal | None = None
    verdict: str | None = None

    def interval_text(self, format_value: Callable[[Decimal], str] = str) -> str:
        """ "71.1% to 86.7% (Wilson score, from 80 of 100)" with ``format_value`` for the ends."""
        counts = f"{decimal_words(self.numerator)} of {decimal_words(self.denominator)}"
        return f"{format_value(self.low)} to {format_value(self.high)} (Wilson score, from {counts})"

    def verdict_text(self, format_value: Callable[[Decimal], str] = str) -> str:
        """ "Better than England: England's 65.6% is below the interval", or "" without England."""
        if self.verdict is None or self.england is None:
            return ""
        where = "below" if self.england < self.low else "above" if self.england > self.high else "within"
        return f"{_VERDICT_WORDS[self.verdict]}: England's {format_value(self.england)} is {where} the interval"


def decimal_words(number: Decimal) -> str:
    """A count as people write it: 1,234 (no ".00")."""
    number = Decimal(number)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,}"


def significance(
    numerator: Decimal | int | None,
    denominator: Decimal | int | None,
    *,
    unit: str,
    polarity: Polarity | str,
    england: Decimal | None = None,
) -> Significance | None:
    """The Wilson 95% interval of a percentage and its verdict against ``england`` (see the
    module docstring). None unless the unit is per cent and the numerator is a part of a
    denominator above zero (a figure that is not a proportion has no such interval)."""
    if str(unit) != "percent" or numerator is None or denominator is None:
        return None
    try:
        low, high = stats.wilson_rounded(numerator, denominator)
    except ValueError:  # more in the numerator than the denominator, or a negative count
        return None
    if low is None:
        return None
    verdict = None if england is None else stats.compare((low, high), england, Polarity(polarity))
    return Significance(Decimal(numerator), Decimal(denominator), low, high, england, verdict)
