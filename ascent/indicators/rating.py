"""Which target applies to a value, and the value's rating against it.

One rule for every screen, export and report, so a value is never Green on one and "Not
rated" on another: the scorecard (and through it the exports, the Overview panel, the
``scorecard`` command and the reports) and the indicator page's values table all call
:func:`rate`. docs/user-guide/scorecard.md says the same for readers.

Which target applies to a value for period P (:func:`applicable_target`):

1. the target set for exactly P;
2. else the target for the shortest period that contains P (a year's target applies to the
   months and quarters in it; between two periods of the same length, the later one);
3. else the most recent target whose period ended before P began: a target carries forward
   until a new one is set, as councils keep a standing target ("at least 80%") from one
   business plan to the next. This was the scorecard's rule before it was shared, kept
   deliberately, with one change: a target for part of P (a quarter's target for a year's
   value, or one starting inside P) no longer applies, because it was never a target for the
   whole of P;
4. else none: a value from before any target was set is "Not rated".

A target for a span of financial years ("2017-18 to 2019-20", such as three-year savings) is
for the span as a whole: it applies only to values for spans, and a span's value only to
spans' targets, never to one year's.

With no value (and no period) the most recent target is the one shown.

Whenever the target's period is not the value's own, the rating says so
(:attr:`Rating.against`, such as "against the 2019-20 target"), so a reader can see that a
month was judged against the year's target or an old target carried forward.

The rating itself is :func:`ascent.core.rag.evaluate` with the indicator's polarity. A
direction target is judged against its own baseline value when it has one, otherwise against
the earliest value held for the same kind of period (the caller passes it as ``earliest``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from ascent.core.periods import Period, PeriodKind
from ascent.core.rag import RAG, Polarity, TargetKind, evaluate
from ascent.core.rag import Target as TargetRule

from .models import Indicator, Target

__all__ = ["INCOMPLETE", "Rating", "applicable_target", "rate"]

#: What a stored target that cannot be read as a rule (a range missing an end) shows.
INCOMPLETE = "Target incomplete"


@dataclass(frozen=True)
class Rating:
    """A value's rating and everything a page needs to explain it."""

    rag: RAG = RAG.NONE
    #: The stored target that applies, or None.
    target: Target | None = None
    #: Its pure rule (None when there is no target or it is incomplete).
    rule: TargetRule | None = None
    #: The target in words with the indicator's unit ("At least 80%"), or "" with no target.
    target_text: str = ""
    #: What a direction target is judged against, and when it was taken.
    baseline: Decimal | None = None
    baseline_label: str = ""
    #: True when the baseline is the target's own (not the earliest value held).
    baseline_is_target: bool = False
    #: "against the 2019-20 target" when the target was set for another period, else "".
    against: str = ""
    #: Why a value with a target could not be rated (rare: the polarity changed after a
    #: polarity-led target was set, or the stored target is incomplete).
    problem: str = ""

    @property
    def target_period_label(self) -> str:
        return self.target.period.label if self.target is not None else ""


def _length(target: Target):
    return target.period_end - target.period_start


def applicable_target(targets: Iterable[Target], period: Period | None) -> Target | None:
    """The target that applies to a value for ``period`` (see the module docstring).

    ``targets`` are one organisation's targets for one indicator, in any order. With
    ``period`` None (no value yet), the most recent target.
    """
    targets = list(targets)
    if not targets:
        return None
    if period is None:
        return max(targets, key=lambda t: (t.period_start, -_length(t)))
    for target in targets:
        if target.period_code == period.code:
            return target
    # A target for a span of years (three-year savings) is for the span's total: it rates only
    # values for spans, and a span's value is rated only against a span's target.
    is_span = period.kind is PeriodKind.FINANCIAL_YEAR_SPAN
    targets = [t for t in targets if (t.period_kind == PeriodKind.FINANCIAL_YEAR_SPAN) == is_span]
    containing = [t for t in targets if t.period_start <= period.start and t.period_end >= period.end]
    if containing:
        return min(containing, key=lambda t: (_length(t), -t.period_start.toordinal()))
    earlier = [t for t in targets if t.period_end < period.start]
    if earlier:
        return max(earlier, key=lambda t: (t.period_end, t.period_start))
    return None


def rate(
    indicator: Indicator,
    value: Decimal | None,
    period: Period | None,
    targets: Iterable[Target],
    *,
    earliest: tuple[Decimal, str] | None = None,
) -> Rating:
    """Rate ``value`` (for ``period``) of ``indicator`` against the target that applies.

    ``targets`` are the organisation's targets for the indicator; ``earliest`` is the
    earliest value held for the same kind of period as ``period`` and its period's label,
    the baseline of a direction target that has none of its own. No queries.
    """
    from .scorecard import APPROXIMATE_TARGET, describe_target  # the scorecard imports this module

    target = applicable_target(targets, period)
    if target is None:
        return _with_baseline(Rating(), None, earliest)
    against = ""
    if period is not None and target.period_code != period.code:
        against = f"against the {target.period.label} target"
    try:
        rule = target.rule()
        text = describe_target(rule, indicator) + (APPROXIMATE_TARGET if target.is_approximate else "")
    except ValueError as error:
        return _with_baseline(
            Rating(target=target, target_text=INCOMPLETE, against=against, problem=str(error)), None, earliest
        )
    rating = _with_baseline(Rating(target=target, rule=rule, target_text=text, against=against), target, earliest)
    if value is None:
        return rating
    try:
        rag = evaluate(rule, value, baseline=rating.baseline, polarity=Polarity(indicator.polarity))
    except (ValueError, TypeError) as error:
        return replace(rating, problem=str(error))
    return replace(rating, rag=rag)


def _with_baseline(rating: Rating, target: Target | None, earliest: tuple[Decimal, str] | None) -> Rating:
    if target is not None and target.kind == TargetKind.DIRECTION and target.baseline_value is not None:
        return replace(
            rating, baseline=target.baseline_value, baseline_label=target.baseline_label, baseline_is_target=True
        )
    if earliest is not None:
        return replace(rating, baseline=earliest[0], baseline_label=earliest[1])
    return rating
