"""The assurance checks of self-assessment: ratings the evidence does not support.

Each check is a pure function over plain values (the dataclasses below), registered in the
one registry of ``ascent.assurance``. It returns the specific sentence to show when it flags,
or ``None``. ``ascent.assessments.flags`` gathers the facts from the database for many
ratings at once and turns what the checks say into flags.

A rating is checked only once it has a value; "favourable" is whatever the framework's scale
marks favourable (CQC's 3 and 4, TEASC's low risk), and "the lowest point" is the level with
the lowest score (CQC's 1, TEASC's high risk), so the checks work for a council's own
framework as well as the shipped ones.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ascent.assurance.registry import register
from ascent.core.dates import govuk_date

APP = "assessments"

#: The kind an indicator link counts as: figures are data.
INDICATOR_KIND = "data"

KIND_NAMES = {
    "data": "data",
    "people": "people's experience",
    "feedback": "feedback from staff and partners",
    "processes": "processes",
    "outcomes": "outcomes",
}


@dataclass(frozen=True)
class IndicatorFact:
    """A linked indicator as the indicator store reads it."""

    code: str
    name: str
    rag: str | None = None  # "green", "amber", "red", "grey" or None
    trend: str | None = None  # "better", "worse", "same" or None
    quartile: int | None = None  # 1–4 in the comparator group, 4 the worst quarter
    #: The last day of the period of its latest value, if it has one.
    latest_date: datetime.date | None = None

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip() if self.code else self.name


@dataclass(frozen=True)
class EvidenceFact:
    """An evidence file attached to the rating."""

    title: str
    kind: str  # a value of ascent.evidence.models.EvidenceKind
    date: datetime.date


@dataclass(frozen=True)
class MappedRating:
    """The council's rating of an element the crosswalk maps this one to, in another framework."""

    element_label: str  # "Domain 3 Commissioning and quality"
    framework_label: str  # "TEASC 2015-16 v1"
    rating_label: str  # "High risk"
    favourable: bool
    is_lowest: bool  # the lowest point of its framework's scale


@dataclass(frozen=True)
class RatingFacts:
    """Everything the checks need to know about one rating."""

    element_label: str
    rating_label: str  # "" when not rated
    favourable: bool = False
    is_lowest: bool = False
    score: int | None = None
    indicators: tuple[IndicatorFact, ...] = ()
    evidence: tuple[EvidenceFact, ...] = ()
    #: The last day of the self-assessment's period.
    period_end: datetime.date | None = None
    #: How old evidence may be at the period's end (ASSURANCE_EVIDENCE_MAX_AGE_DAYS).
    max_evidence_age_days: int = 730
    #: The same element's rating in the version this one was copied from, if it was rated.
    previous_score: int | None = None
    previous_label: str = ""
    #: Whether any indicator or file is linked now that was not linked in that version.
    evidence_added_since_previous: bool = False
    mapped: tuple[MappedRating, ...] = field(default=())

    @property
    def is_rated(self) -> bool:
        return bool(self.rating_label)

    @property
    def evidence_kinds(self) -> set[str]:
        kinds = {item.kind for item in self.evidence}
        if self.indicators:
            kinds.add(INDICATOR_KIND)
        return kinds


def _codes(indicators) -> str:
    return ", ".join(indicator.code or indicator.name for indicator in indicators)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@register(
    "assessments.favourable-over-red",
    title="Favourable rating over red indicators",
    reason=(
        "A rating that says things are going well should not rest on indicators that are off target. "
        "Either the rating is too generous or the narrative needs to say why the figures do not tell the whole story."
    ),
    app=APP,
)
def favourable_over_red(facts: RatingFacts) -> str | None:
    if not facts.favourable:
        return None
    red = [indicator for indicator in facts.indicators if indicator.rag == "red"]
    if not red:
        return None
    return (
        f"Rated {facts.rating_label} while {len(red)} of {_count(len(facts.indicators), 'linked indicator')} "
        f"{'is' if len(red) == 1 else 'are'} red: {_codes(red)}."
    )


@register(
    "assessments.favourable-bottom-quartile",
    title="Favourable rating in the bottom quarter of comparators",
    reason=(
        "A favourable rating sits badly with an indicator on which the council is among the worst quarter of "
        "the councils it compares itself with. Say why the comparison does not apply, or reconsider the rating."
    ),
    app=APP,
)
def favourable_bottom_quartile(facts: RatingFacts) -> str | None:
    if not facts.favourable:
        return None
    bottom = [indicator for indicator in facts.indicators if indicator.quartile == 4]
    if not bottom:
        return None
    return (
        f"Rated {facts.rating_label} while the council is in the bottom quarter of its comparator group on "
        f"{_count(len(bottom), 'linked indicator')}: {_codes(bottom)}."
    )


@register(
    "assessments.favourable-worsening",
    title="Favourable rating while indicators worsen",
    reason=(
        "A favourable rating while linked indicators are getting worse may describe last year rather than now. "
        "Say what is being done about the decline, or reconsider the rating."
    ),
    app=APP,
)
def favourable_worsening(facts: RatingFacts) -> str | None:
    if not facts.favourable:
        return None
    worse = [indicator for indicator in facts.indicators if indicator.trend == "worse"]
    if not worse:
        return None
    return (
        f"Rated {facts.rating_label} while {_count(len(worse), 'linked indicator')} got worse since the "
        f"period before: {_codes(worse)}."
    )


@register(
    "assessments.no-evidence",
    title="Rating with no evidence",
    reason=(
        "A rating is only as good as the evidence behind it. Link the indicators or attach the files that "
        "show why the element deserves this rating."
    ),
    app=APP,
)
def no_evidence(facts: RatingFacts) -> str | None:
    if not facts.is_rated or facts.indicators or facts.evidence:
        return None
    return f"Rated {facts.rating_label} with no linked indicators and no evidence files."


@register(
    "assessments.stale-evidence",
    title="Only old evidence",
    reason=(
        "Evidence from long before the period being assessed says little about the period itself. "
        "Add recent evidence, or say why the old evidence still holds."
    ),
    app=APP,
)
def stale_evidence(facts: RatingFacts) -> str | None:
    if not facts.is_rated or facts.period_end is None:
        return None
    dates = [item.date for item in facts.evidence]
    dates += [indicator.latest_date for indicator in facts.indicators if indicator.latest_date is not None]
    if not dates:
        return None  # no dated evidence at all: "no evidence" speaks for a rating with none
    cutoff = facts.period_end - datetime.timedelta(days=facts.max_evidence_age_days)
    newest = max(dates)
    if newest >= cutoff:
        return None
    years = facts.max_evidence_age_days / 365
    age = f"{years:g} years" if years == int(years) else f"{facts.max_evidence_age_days} days"
    return (
        f"Rated {facts.rating_label}, but the newest evidence dates from {govuk_date(newest)}, more than {age} "
        f"before the end of the period ({govuk_date(facts.period_end)})."
    )


@register(
    "assessments.one-kind-of-evidence",
    title="Evidence of one kind only",
    reason=(
        "A rating backed by one kind of evidence (only figures, say, or only processes) is one-sided. "
        "CQC looks for people's experience, feedback from staff and partners, processes and outcomes as well "
        "as data."
    ),
    app=APP,
)
def one_kind_of_evidence(facts: RatingFacts) -> str | None:
    if not facts.is_rated:
        return None
    kinds = facts.evidence_kinds
    if len(kinds) != 1:
        return None
    (kind,) = kinds
    return f"Rated {facts.rating_label} on {KIND_NAMES.get(kind, kind)} alone: no other kind of evidence is linked."


@register(
    "assessments.better-without-new-evidence",
    title="Rated better with no new evidence",
    reason=(
        "A rating that improves on the previous version should rest on something new. "
        "Link the indicator or attach the file that shows the improvement."
    ),
    app=APP,
)
def better_without_new_evidence(facts: RatingFacts) -> str | None:
    if not facts.is_rated or facts.score is None or facts.previous_score is None:
        return None
    if facts.score <= facts.previous_score or facts.evidence_added_since_previous:
        return None
    return (
        f"Rated {facts.rating_label}, up from {facts.previous_label} in the previous version, "
        f"with no evidence added since."
    )


@register(
    "assessments.contradicts-mapped-rating",
    title="Contradicts the rating in another framework",
    reason=(
        "The crosswalk says these elements cover the same ground, so a favourable rating in one framework "
        "should not sit beside the lowest rating in the other (a CQC score of 3 or 4 where TEASC says high "
        "risk, or TEASC low risk where CQC scores 1). One of the two needs another look."
    ),
    app=APP,
)
def contradicts_mapped_rating(facts: RatingFacts) -> str | None:
    if not facts.favourable:
        return None
    lowest = [mapped for mapped in facts.mapped if mapped.is_lowest and not mapped.favourable]
    if not lowest:
        return None
    others = "; ".join(f"{m.element_label} is {m.rating_label} in {m.framework_label}" for m in lowest)
    return f"Rated {facts.rating_label} while {others}."


#: The checks above, in the order a rating's flags are listed.
RATING_CHECKS = (
    "assessments.favourable-over-red",
    "assessments.favourable-bottom-quartile",
    "assessments.favourable-worsening",
    "assessments.no-evidence",
    "assessments.stale-evidence",
    "assessments.one-kind-of-evidence",
    "assessments.better-without-new-evidence",
    "assessments.contradicts-mapped-rating",
)
