"""Open assurance flags of self-assessments: the facts gathered, the checks run, the flags made.

:func:`flags_for` gives the flags of one version (the summary page, the rating page, sign-off);
:func:`open_flags` gives those of the latest version of each of a council's self-assessments
(the Challenges page and the Overview, through the ``flag_sources`` of the app's registration).
Both gather the facts for any number of ratings in a fixed number of queries (see
``tests/assessments/test_flags.py``), hand them to the checks in ``checks.py`` through the
registry, and key each flag ``"<check name>:rating:<ElementRating id>"``, so a justification
given at sign-off (a ``FlagJustification`` of that version) stays with its flag.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from ascent.assurance import registry
from ascent.assurance.registry import Flag
from ascent.core.periods import PeriodParseError, parse_period
from ascent.frameworks.crosswalk import also_counts_towards
from ascent.frameworks.models import Framework
from ascent.indicators.evidence import indicator_evidence_as_at
from ascent.indicators.models import Indicator

from . import checks
from .models import ElementRating, FlagJustification, RatingEvidence, RatingIndicator, SelfAssessment, Status


def flags_for(assessment: SelfAssessment) -> list[Flag]:
    """The flags of one version, justified ones marked, in the order of the framework's elements."""
    return _flags([assessment], assessment.organisation)


def open_flags(organisation) -> list[Flag]:
    """The flags of the latest version of each of the council's self-assessments (drafts too)."""
    assessments = list(
        SelfAssessment.objects.in_organisation(organisation)
        .latest_versions()
        .select_related("framework")
        .order_by("-period_start", "framework__name", "pk")
    )
    return _flags(assessments, organisation)


def flags_of(assessments: Sequence[SelfAssessment], organisation) -> list[Flag]:
    """The flags of several versions of one council, in the same fixed number of queries."""
    return _flags(list(assessments), organisation)


def by_element(flags: Iterable[Flag]) -> dict[int, list[Flag]]:
    """Flags by the element they concern, for a table of ratings (``assessments/_flags.html``)."""
    grouped: dict[int, list[Flag]] = defaultdict(list)
    for flag in flags:
        if flag.element_id is not None:
            grouped[flag.element_id].append(flag)
    return dict(grouped)


def subject(element_label: str, assessment: SelfAssessment) -> str:
    """How a flag names what it is about: "QS7 Safeguarding — CQC 2024-25 v2"."""
    return f"{element_label} — {assessment_label(assessment)}"


def assessment_label(assessment: SelfAssessment) -> str:
    framework = assessment.framework
    return f"{framework.short_name or framework.name} {assessment.period.label} v{assessment.version}"


def rating_url(assessment: SelfAssessment, element_id: int) -> str:
    """The page where the rating is changed or explained (part of the self-assessment pages)."""
    try:
        return reverse(
            "assessments:rating",
            kwargs={
                "gss_code": assessment.organisation.gss_code,
                "assessment_id": assessment.pk,
                "element_id": element_id,
            },
        )
    except NoReverseMatch:  # the self-assessment pages are not installed (only in a partial build)
        return ""


@dataclass
class _Rating:
    """One rating row as read, before its facts are built."""

    id: int
    assessment_id: int
    element_id: int
    element_key: str
    element_label: str
    value: str


def _flags(assessments: Sequence[SelfAssessment], organisation) -> list[Flag]:
    if not assessments:
        return []
    by_id = {assessment.pk: assessment for assessment in assessments}
    for assessment in assessments:
        assessment.organisation = organisation  # reuse the one the caller holds: no query per row
    previous_ids = {a.based_on_id for a in assessments if a.based_on_id}

    # 1. Ratings of these versions and of the versions they were copied from.
    rows = (
        ElementRating.objects.filter(assessment_id__in=[*by_id, *previous_ids])
        .order_by("assessment_id", "element__sort_order", "pk")
        .values_list("pk", "assessment_id", "element_id", "element__key", "element__code", "element__title", "rating")
    )
    ratings: list[_Rating] = []
    previous: dict[tuple[int, str], _Rating] = {}
    for pk, assessment_id, element_id, key, code, title, value in rows:
        row = _Rating(pk, assessment_id, element_id, key, f"{code} {title}".strip(), value)
        if assessment_id in by_id:
            ratings.append(row)
        if assessment_id in previous_ids:
            previous[(assessment_id, key)] = row
    all_ids = [row.id for row in ratings] + [row.id for row in previous.values()]

    # 2. Linked indicators, and 3. attached evidence files, of all of them.
    indicator_links: dict[int, list[int]] = defaultdict(list)
    indicators: dict[int, Indicator] = {}
    for link in RatingIndicator.objects.filter(rating_id__in=all_ids).select_related("indicator").order_by("pk"):
        indicator_links[link.rating_id].append(link.indicator_id)
        indicators[link.indicator_id] = link.indicator
    evidence_links: dict[int, list[tuple[int, checks.EvidenceFact]]] = defaultdict(list)
    for rating_id, file_id, title, kind, date in RatingEvidence.objects.filter(rating_id__in=all_ids).values_list(
        "rating_id", "evidence_id", "evidence__title", "evidence__kind", "evidence__evidence_date"
    ):
        evidence_links[rating_id].append((file_id, checks.EvidenceFact(title=title, kind=kind, date=date)))

    # What the indicator store says about the indicators linked to these versions (the previous
    # versions' links only tell whether evidence was added): a fixed number of queries.
    current = {indicator_id for row in ratings for indicator_id in indicator_links.get(row.id, ())}
    # As at the end of each version's period: a 2015-16 rating is not challenged by 2018-19 values.
    # Each period end needs only the indicators linked to its own versions' ratings.
    wanted_by_end: dict[datetime.date, set[int]] = {assessment.period_end: set() for assessment in assessments}
    for row in ratings:
        wanted_by_end[by_id[row.assessment_id].period_end].update(indicator_links.get(row.id, ()))
    facts_by_end = _indicator_facts(organisation, {pk: indicators[pk] for pk in current}, wanted_by_end)

    # 4. The crosswalk, and 5. the council's ratings of the mapped elements.
    mapped = _mapped_ratings(organisation, assessments, ratings)

    # 6. Justifications given at sign-off.
    justified = dict(FlagJustification.objects.filter(assessment_id__in=by_id).values_list("flag_key", "justification"))

    max_age = settings.ASSURANCE_EVIDENCE_MAX_AGE_DAYS
    scales: dict = {}
    flags: list[Flag] = []
    for row in ratings:
        assessment = by_id[row.assessment_id]
        indicator_facts = facts_by_end[assessment.period_end]
        scale, levels = _scale_of(assessment.framework, scales)
        level = levels.get(row.value) if row.value else None
        if level is None:
            continue  # not rated (or a value the scale no longer has): nothing to hold to account
        before = previous.get((assessment.based_on_id, row.element_key)) if assessment.based_on_id else None
        # The previous version's rating of the same element (by key), read on this version's scale.
        before_level = levels.get(before.value) if before and before.value else None
        before_keys = _evidence_keys(before.id, indicator_links, evidence_links) if before else set()
        added = bool(_evidence_keys(row.id, indicator_links, evidence_links) - before_keys)
        facts = checks.RatingFacts(
            element_label=row.element_label,
            rating_label=level.label,
            favourable=level.favourable,
            is_lowest=bool(scale) and level.score == scale[0].score,
            score=level.score,
            indicators=tuple(indicator_facts[i] for i in indicator_links.get(row.id, ()) if i in indicator_facts),
            evidence=tuple(fact for _, fact in evidence_links.get(row.id, ())),
            period_end=assessment.period_end,
            max_evidence_age_days=max_age,
            previous_score=before_level.score if before_level else None,
            previous_label=before_level.label if before_level else "",
            evidence_added_since_previous=added,
            mapped=tuple(mapped.get(row.id, ())),
        )
        url = rating_url(assessment, row.element_id)
        signed_off = assessment.status == Status.SIGNED_OFF
        for name in checks.RATING_CHECKS:
            detail = registry.run(name, facts)
            if detail is None:
                continue
            key = f"{name}:rating:{row.id}"
            flags.append(
                Flag(
                    check=registry.get_check(name),
                    key=key,
                    detail=detail,
                    subject=subject(row.element_label, assessment),
                    url=url,
                    element_id=row.element_id,
                    justification=justified.get(key, ""),
                    after_sign_off=signed_off and key not in justified,
                    extra={"assessment_id": assessment.pk, "rating_id": row.id},
                )
            )
    return flags


def _evidence_keys(rating_id: int, indicator_links, evidence_links) -> set[tuple[str, int]]:
    keys = {("indicator", indicator_id) for indicator_id in indicator_links.get(rating_id, ())}
    keys |= {("file", file_id) for file_id, _ in evidence_links.get(rating_id, ())}
    return keys


def _indicator_facts(
    organisation, indicators: dict[int, Indicator], wanted_by_end: dict[datetime.date, set[int]]
) -> dict[datetime.date, dict[int, checks.IndicatorFact]]:
    """The RAG rating, trend and comparator quartile of each indicator wanted at each period end,
    from the indicator store, as they stood then (only values for periods ending by then count)."""
    if not indicators:
        return {end: {} for end in wanted_by_end}
    store = indicator_evidence_as_at(organisation, indicators.values(), wanted_by_end, only=wanted_by_end)
    result = {}
    for end, wanted in wanted_by_end.items():
        facts = {}
        for indicator_id in wanted:
            indicator = indicators[indicator_id]
            found = store[end].get(indicator_id)
            facts[indicator_id] = checks.IndicatorFact(
                code=indicator.code,
                name=indicator.title,
                rag=found.rag if found else None,
                trend=found.trend if found else None,
                quartile=found.quartile if found else None,
                latest_date=_period_end(found.latest.period_code) if found and found.latest else None,
            )
        result[end] = facts
    return result


def _period_end(code: str) -> datetime.date | None:
    """The last day of a stored period code, for how old an indicator's latest value is."""
    try:
        return parse_period(code).end
    except (PeriodParseError, ValueError):
        return None


def _mapped_ratings(
    organisation, assessments: Sequence[SelfAssessment], ratings: list[_Rating]
) -> dict[int, list[checks.MappedRating]]:
    """For each rating, the council's ratings of the elements mapped to it in other frameworks.

    For each other framework, the one self-assessment looked at is the council's latest: the
    newest version of the most recent period that starts on or before this one ends.
    """
    # The crosswalk as the council sees it (shipped mappings it has not hidden, and its own): one query.
    crosswalk = also_counts_towards({row.element_id for row in ratings}, organisation)
    mapped_ids = {element_id: {other.pk for other in others} for element_id, others in crosswalk.items()}
    wanted = set().union(*mapped_ids.values()) if mapped_ids else set()
    if not wanted:
        return {}
    latest_end = max(assessment.period_end for assessment in assessments)
    others = (
        ElementRating.objects.filter(
            assessment__organisation=organisation,
            assessment__next_version__isnull=True,
            assessment__period_start__lte=latest_end,
            element_id__in=wanted,
        )
        .select_related("assessment", "assessment__framework", "element")
        .order_by("pk")
    )
    # framework id → [(assessment, {element id: rating row})]
    by_framework: dict[int, dict[int, tuple[SelfAssessment, dict[int, ElementRating]]]] = defaultdict(dict)
    for other in others:
        entry = by_framework[other.assessment.framework_id].setdefault(other.assessment_id, (other.assessment, {}))
        entry[1][other.element_id] = other
    by_id = {assessment.pk: assessment for assessment in assessments}
    scales: dict = {}
    found: dict[int, list[checks.MappedRating]] = defaultdict(list)
    for row in ratings:
        targets = mapped_ids.get(row.element_id)
        if not targets:
            continue
        assessment = by_id[row.assessment_id]
        for framework_id, candidates in by_framework.items():
            if framework_id == assessment.framework_id:
                continue
            eligible = [c for c in candidates.values() if c[0].period_start <= assessment.period_end]
            if not eligible:
                continue
            other_assessment, other_ratings = max(eligible, key=lambda c: (c[0].period_start, c[0].version))
            for element_id in sorted(targets & set(other_ratings)):
                other = other_ratings[element_id]
                scale, levels = _scale_of(other_assessment.framework, scales)
                level = levels.get(other.rating) if other.rating else None
                if level is None:
                    continue
                found[row.id].append(
                    checks.MappedRating(
                        element_label=other.element.label,
                        framework_label=assessment_label(other_assessment),
                        rating_label=level.label,
                        favourable=level.favourable,
                        is_lowest=level.score == scale[0].score,
                    )
                )
    return found


def _scale_of(framework: Framework, scales: dict) -> tuple[list, dict]:
    """The framework's scale (lowest first) and its levels by stored value, as ``Framework.level``
    finds them (the first level with the value), read once per framework in a call rather than
    once per rating (the scale is rebuilt from its JSON on every ``scale`` or ``level``)."""
    found = scales.get(framework.pk)
    if found is None:
        scale = framework.scale
        levels: dict = {}
        for level in scale:
            levels.setdefault(level.value, level)
        found = scales[framework.pk] = (scale, levels)
    return found
