"""Recommendations: in the letter's order, numbered or not, renumbered when reordered; the host's response.

A review's recommendations are one list in ``position`` order. Most letters number them;
some leave a few unnumbered, and some give key priorities instead (or as well), numbered
on their own. :func:`numbering` is the rule, :func:`renumber` applies it: numbered
recommendations get 1..n in order, numbered key priorities 1..n separately, unnumbered
ones no number. ``Recommendation.uid`` never changes, so what links to a recommendation
(an improvement plan's actions, a baseline) survives any renumbering.

Adding one puts it at the end with the next number of its kind, leaving the others as they
are (a letter brought in keeps its numbers as read); moving one, deleting one, or changing
its kind or whether it is numbered renumbers the whole list.

Linking an indicator records its baseline (:class:`RecommendationBaseline`): the latest
value the indicator store holds for the council when the link is made, never changed
afterwards, so a follow-up can measure movement from it.

Every action runs in one transaction, records who acted, and refuses with a
:class:`~django.core.exceptions.ValidationError` naming the field, saving nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from .access import is_host_member
from .findings import allowed_elements, ensure_open
from .models import (
    Finding,
    Recommendation,
    RecommendationBaseline,
    RecommendationKind,
    Response,
    Review,
    ReviewIndicator,
    ScopeItem,
)

#: Responses that need a reason.
NEEDS_REASON = {Response.PARTLY_ACCEPTED, Response.NOT_ACCEPTED}


def numbering(rows: Sequence[tuple[str, bool]]) -> list[int | None]:
    """The number each row shows, given (kind, is_numbered) in list order.

    Numbered rows of each kind count from 1 in order, each kind on its own; unnumbered rows
    get None and do not take a number.
    """
    counters: dict[str, int] = {}
    numbers: list[int | None] = []
    for kind, is_numbered in rows:
        if is_numbered:
            counters[kind] = counters.get(kind, 0) + 1
            numbers.append(counters[kind])
        else:
            numbers.append(None)
    return numbers


def _locked(review: Review) -> list[Recommendation]:
    return list(
        Recommendation.objects.select_for_update().filter(review=review).order_by("position", "id")
    )  # the review's own rows, locked so two reorders cannot interleave


def _apply(ordered: list[Recommendation], *, by) -> list[Recommendation]:
    """Give ``ordered`` positions 0..n-1 and their numbers; save the rows that changed."""
    numbers = numbering([(row.kind, row.is_numbered) for row in ordered])
    changed = []
    for position, (row, number) in enumerate(zip(ordered, numbers, strict=True)):
        if row.position != position or row.number != number:
            row.position, row.number = position, number
            changed.append(row)
    if changed:
        bulk_update_with_history(changed, Recommendation, ["position", "number"], default_user=by)
    return ordered


@transaction.atomic
def renumber(review: Review, *, by=None) -> list[Recommendation]:
    """Number the review's recommendations in order (:func:`numbering`); the list, in order."""
    return _apply(_locked(review), by=by)


@transaction.atomic
def move(recommendation: Recommendation, *, by, direction: str = "", to: int | None = None) -> list[Recommendation]:
    """Move one up or down a place, or ``to`` a place (1 is the first), and renumber."""
    review = ensure_open(recommendation.review)
    ordered = _locked(review)
    index = next((i for i, row in enumerate(ordered) if row.pk == recommendation.pk), None)
    if index is None:
        raise ValidationError("That recommendation is not one of this review's")
    if to is not None:
        if not 1 <= to <= len(ordered):
            raise ValidationError({"to": f"Enter a place from 1 to {len(ordered)}"})
        target = to - 1
    elif direction == "up":
        if index == 0:
            raise ValidationError({"direction": f"{named(ordered[index])} is first already"})
        target = index - 1
    elif direction == "down":
        if index == len(ordered) - 1:
            raise ValidationError({"direction": f"{named(ordered[index])} is last already"})
        target = index + 1
    else:
        raise ValidationError({"direction": "Choose up, down or a place to move it to"})
    row = ordered.pop(index)
    ordered.insert(target, row)
    return _apply(ordered, by=by)


def _check(review: Review, *, kind, text, scope_item, findings, elements) -> dict:
    problems = {}
    if kind not in RecommendationKind.values:
        problems["kind"] = "Choose whether it is a recommendation or a key priority"
    if not text.strip():
        problems["text"] = "Enter the recommendation"
    if scope_item is not None and scope_item.review_id != review.pk:
        problems["scope_item"] = "Choose one of this review's scope items"
    if any(finding.review_id != review.pk for finding in findings):
        problems["findings"] = "Choose findings of this review"
    allowed = {element.pk for element in allowed_elements(review)} if elements else set()
    if any(element.pk not in allowed for element in elements):
        problems["elements"] = "Choose elements of the review's framework or scope"
    return problems


@transaction.atomic
def save_recommendation(
    review: Review,
    *,
    by,
    text: str,
    kind: str = RecommendationKind.RECOMMENDATION,
    is_numbered: bool = True,
    scope_item: ScopeItem | None = None,
    findings: Iterable[Finding] = (),
    elements: Iterable = (),
    recommendation: Recommendation | None = None,
) -> Recommendation:
    """Add a recommendation at the end (``recommendation`` None) or change one."""
    ensure_open(review)
    findings, elements = list(findings), list(elements)
    problems = _check(review, kind=kind, text=text, scope_item=scope_item, findings=findings, elements=elements)
    if problems:
        raise ValidationError(problems)
    renumbering = False
    if recommendation is None:
        recommendation = Recommendation(review=review, created_by=by)
        rows = Recommendation.objects.filter(review=review)
        last = rows.aggregate(last=Max("position"))["last"]
        recommendation.position = 0 if last is None else last + 1
        if is_numbered:
            highest = rows.filter(kind=kind).aggregate(highest=Max("number"))["highest"]
            recommendation.number = (highest or 0) + 1
    elif recommendation.review_id != review.pk:
        raise ValidationError("That recommendation is not one of this review's")
    else:
        renumbering = recommendation.kind != kind or recommendation.is_numbered != is_numbered
    recommendation.kind, recommendation.is_numbered, recommendation.text = kind, is_numbered, text.strip()
    recommendation.scope_item = scope_item
    recommendation._history_user = by
    recommendation.save()
    recommendation.findings.set(findings)
    recommendation.elements.set(elements)
    if renumbering:
        renumber(review, by=by)
        recommendation.refresh_from_db(fields=["position", "number"])
    return recommendation


@transaction.atomic
def delete_recommendation(recommendation: Recommendation, *, by) -> None:
    """Delete one and renumber the rest (its baselines go with it)."""
    review = ensure_open(recommendation.review)
    recommendation._history_user = by
    recommendation.delete()
    renumber(review, by=by)


@transaction.atomic
def respond(recommendation: Recommendation, *, by, response: str, reason: str = "") -> Recommendation:
    """Record the host's response: accepted, partly accepted or not accepted (these two with a reason)."""
    review = recommendation.review
    stage = Review.objects.values_list("stage", flat=True).get(pk=review.pk)
    review.stage = stage
    problems = {}
    if review.is_open:
        problems["response"] = "You can respond once the letter is published"
    elif response not in Response.values:
        problems["response"] = "Choose accepted, partly accepted or not accepted"
    elif response in NEEDS_REASON and not reason.strip():
        problems["reason"] = f"Enter why the recommendation is {Response(response).label.lower()}"
    if problems:
        raise ValidationError(problems)
    recommendation.response, recommendation.response_reason = response, reason.strip()
    recommendation.responded_at, recommendation.responded_by = timezone.now(), by
    recommendation._history_user = by
    recommendation.save(update_fields=["response", "response_reason", "responded_at", "responded_by", "updated_at"])
    return recommendation


# ----- indicators and their baselines ------------------------------------------------------


def indicator_choices(review: Review, user) -> list:
    """Indicators ``user`` may link: the host's members any the council can use; the team those
    the host shares with the review (they see nothing else of the council's figures)."""
    from ascent.indicators.models import Indicator

    indicators = Indicator.objects.for_organisation(review.organisation).filter(is_active=True)
    if not is_host_member(user, review):
        shared = ReviewIndicator.objects.in_organisation(review.organisation).filter(review=review)
        indicators = indicators.filter(pk__in=shared.values("indicator_id"))
    return list(indicators.order_by("sort_order", "code"))


def latest_value(organisation, indicator) -> tuple:
    """(value, period code, period label) of the council's latest value as the scorecard reads it,
    or (None, "", "") when the store holds none."""
    from ascent.indicators.evidence import indicator_evidence
    from ascent.indicators.models import Observation

    latest = indicator_evidence(organisation, [indicator])[indicator.pk].latest
    if latest is None:
        return None, "", ""
    value = (
        Observation.objects.filter(organisation=organisation, indicator=indicator, period_code=latest.period_code)
        .values_list("value", flat=True)
        .first()
    )
    return value, latest.period_code, latest.period


def with_value_text(baselines: Iterable[RecommendationBaseline]) -> list[RecommendationBaseline]:
    """The baselines, each with ``value_text`` in its indicator's unit ("41.5%", "£1.2m")."""
    from ascent.indicators.scorecard import format_value

    baselines = list(baselines)
    for baseline in baselines:
        baseline.value_text = format_value(baseline.indicator, baseline.value) if baseline.period_code else ""
    return baselines


def named(recommendation: Recommendation, *, within: bool = False) -> str:
    """Its label as a sentence starts with it: "Recommendation 3", or "The unnumbered recommendation"
    (``within`` a sentence, "the unnumbered recommendation")."""
    label = recommendation.label
    if recommendation.number:
        return label
    return f"{'the' if within else 'The'} {label.lower()}"


@transaction.atomic
def link_indicator(recommendation: Recommendation, indicator, *, by) -> RecommendationBaseline:
    """Link an indicator and record its baseline: the latest value now, kept as it is from then on."""
    review = ensure_open(recommendation.review)
    if indicator.pk not in {choice.pk for choice in indicator_choices(review, by)}:
        raise ValidationError({"indicator": "Choose an indicator shared with this review"})
    if RecommendationBaseline.objects.filter(recommendation=recommendation, indicator=indicator).exists():
        raise ValidationError(
            {"indicator": f"{indicator.code} is already linked to {named(recommendation, within=True)}"}
        )
    value, period_code, period_label = latest_value(review.organisation, indicator)
    baseline = RecommendationBaseline(
        recommendation=recommendation,
        indicator=indicator,
        value=value,
        period_code=period_code,
        period_label=period_label,
    )
    baseline._history_user = by
    baseline.save()
    return baseline


@transaction.atomic
def unlink_indicator(baseline: RecommendationBaseline, *, by) -> None:
    ensure_open(baseline.recommendation.review)
    baseline._history_user = by
    baseline.delete()
