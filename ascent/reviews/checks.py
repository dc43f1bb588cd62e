"""The reviews' assurance checks: recommendations left unanswered or without actions, findings without evidence.

Each check is a pure function over plain values (the dataclasses below), registered in the
one registry of ``ascent.assurance``; it returns the sentence to show when it flags, or
``None``. ``ascent.reviews.flags`` gathers the facts for all of a council's reviews at once
and turns what the checks say into flags.

- ``reviews.no-response``: a recommendation of a published review that the host has not
  answered (accepted, partly accepted or not accepted) a set number of days after the letter
  (``ASCENT_REVIEW_RESPONSE_DAYS``, 28 by default).
- ``reviews.no-actions``: a published review whose accepted recommendations have no
  improvement plan actions. The number of actions comes from the apps that declare
  ``recommendation_action_counts`` on their registration (the improvement plan app, when it
  arrives); until then every recommendation counts none.
- ``reviews.finding-without-evidence``: an approved finding of a review still open to the
  team with no evidence reference, in words or as a file of the review's library. The host
  cannot change a team's findings, so for a review with a team the sentence tells the host to
  ask the team; the team sees the same flags on the review's Findings page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ascent.assurance.registry import register
from ascent.core.dates import govuk_date

APP = "reviews"


def _days(number: int) -> str:
    return f"{number:,} day" if number == 1 else f"{number:,} days"


def _plural(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def _time_since(start: datetime.date, end: datetime.date) -> str:
    """How long from ``start`` to ``end`` as people say it: "28 days" (up to 8 weeks), then in whole
    months, "over 4 months", and from a year in whole years, "more than 12 years" ("2 years" when exact)."""
    days = (end - start).days
    if days < 60:
        return _days(days)
    months = (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)
    exact = end.day == start.day
    if months < 12:
        return _plural(months, "month") if exact else f"over {_plural(months, 'month')}"
    years = months // 12
    return _plural(years, "year") if exact and months % 12 == 0 else f"more than {_plural(years, 'year')}"


def _subject(label: str) -> str:
    """A label to start a sentence: "Recommendation 12", or "The unnumbered recommendation"."""
    return f"The {label[0].lower()}{label[1:]}" if label.startswith("Unnumbered") else label


def _names(labels: list[str]) -> str:
    """ "Recommendation 1", "Recommendation 1 and Recommendation 3", "A, B and C"."""
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


@dataclass(frozen=True)
class RecommendationFacts:
    """One recommendation of a published review, and where the host's answer stands."""

    label: str  # "Recommendation 12", "Unnumbered recommendation", "Key priority 2"
    #: The day the letter was published (or dated, for a letter brought in); None if unknown.
    published_on: datetime.date | None
    today: datetime.date
    response: str = ""  # a value of ascent.reviews.models.Response, or "" when not answered
    #: How long the host has to answer (ASCENT_REVIEW_RESPONSE_DAYS).
    response_days: int = 28


@register(
    "reviews.no-response",
    title="Recommendation with no response",
    reason=(
        "A review's recommendations are only useful if the council says what it will do about them. "
        "Record whether each one is accepted, partly accepted or not accepted, with the reason where it is not "
        "accepted in full."
    ),
    app=APP,
)
def no_response(facts: RecommendationFacts) -> str | None:
    if facts.response or facts.published_on is None:
        return None
    waited = (facts.today - facts.published_on).days
    if waited < facts.response_days:
        return None
    return (
        f"{_subject(facts.label)} has had no response {_time_since(facts.published_on, facts.today)} after the "
        f"letter of {govuk_date(facts.published_on)} "
        f"(a response is due within {_days(facts.response_days)})."
    )


@dataclass(frozen=True)
class AcceptedRecommendation:
    """A recommendation the host accepted (in full or in part), and its improvement plan actions."""

    label: str
    actions: int
    #: Accepted in part rather than in full.
    partly: bool = False


@dataclass(frozen=True)
class ReviewActionFacts:
    """A published review's accepted recommendations, each with its number of actions."""

    accepted: tuple[AcceptedRecommendation, ...] = ()


@register(
    "reviews.no-actions",
    title="Accepted recommendations with no actions",
    reason=(
        "Accepting a recommendation is a promise to do something about it. Each accepted recommendation should "
        "lead to at least one owned, dated action in the improvement plan, so that progress can be followed up."
    ),
    app=APP,
)
def no_actions(facts: ReviewActionFacts) -> str | None:
    if not facts.accepted:
        return None
    without = [item.label for item in facts.accepted if item.actions <= 0]
    if not without:
        return None
    total = len(facts.accepted)
    partly = sum(1 for item in facts.accepted if item.partly)
    # What the council said of them: accepted, partly accepted, or some of each.
    accepted = "partly accepted" if partly == total else "accepted or partly accepted" if partly else "accepted"
    if len(without) == total:
        if total == 1:
            return f"The one {accepted} recommendation has no improvement plan actions."
        return f"None of the {total:,} {accepted} recommendations has an improvement plan action."
    shown = without if len(without) <= 5 else [*without[:5], f"{len(without) - 5:,} more"]
    verb = "has" if len(without) == 1 else "have"
    return (
        f"{len(without):,} of the {total:,} {accepted} recommendations {verb} no improvement plan actions: "
        f"{_names(shown)}."
    )


@dataclass(frozen=True)
class FindingFacts:
    """An approved finding of a review the team can still change."""

    kind_label: str  # "Strength", "Area for consideration", "Key priority"
    heading: str
    evidence_text: str = ""
    library_files: int = 0
    approved: bool = True
    #: Whether the review team (people with accounts) holds the finding: then the host reading
    #: the flag cannot change it, and is told to ask the team.
    team_changes: bool = False


@register(
    "reviews.finding-without-evidence",
    title="Finding with no evidence reference",
    reason=(
        "A finding in a feedback letter should rest on something the team saw, heard or read. Say where it comes "
        "from (an interview, a case file, a figure) or link a file from the review's evidence library, so the "
        "council can see what it is based on."
    ),
    app=APP,
)
def finding_without_evidence(facts: FindingFacts) -> str | None:
    if not facts.approved or facts.evidence_text.strip() or facts.library_files > 0:
        return None
    about = f" ({facts.heading})" if facts.heading.strip() else ""
    found = f"Approved {facts.kind_label.lower()}{about} with no evidence reference and no library file."
    if facts.team_changes:
        return (
            f"{found} Only the review team can change its findings while the review is open: "
            "ask the team's lead to say what it rests on."
        )
    return found


#: The checks above, by what they look at.
RECOMMENDATION_CHECKS = ("reviews.no-response",)
REVIEW_CHECKS = ("reviews.no-actions",)
FINDING_CHECKS = ("reviews.finding-without-evidence",)
