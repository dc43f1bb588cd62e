"""Open assurance flags of a council's reviews, for the Challenges page and the Overview.

:func:`open_flags` gathers the facts of every review the council hosts (closed ones apart:
their follow-up is done) in at most three queries, and one per app that counts actions
(:func:`action_counts`), whatever the number of reviews, recommendations and findings
(pinned in ``tests/reviews/test_flags.py``), runs the checks of
``checks.py`` through the registry, and keys each flag ``"<check name>:<what>:<id>"``:

- ``reviews.no-response:recommendation:<uid>`` on each recommendation of a published review
  (published or in follow-up) still unanswered ``ASCENT_REVIEW_RESPONSE_DAYS`` after the
  letter; the letter counts from its publication, or for a review recorded without
  publishing in Ascent (a letter brought in) from the letter's date, else the last day on site;
- ``reviews.no-actions:review:<id>`` on a published review with accepted recommendations
  that have no improvement plan actions (counted by :func:`action_counts`);
- ``reviews.finding-without-evidence:finding:<id>`` on an approved finding of a review still
  open to the team (after publication nobody can change a finding, so a flag there could
  never be answered). Findings brought in from a past letter are left out: the letter is
  their source, and the evidence behind it was never given to the council. Only the team
  changes a team's findings, so on the host's Challenges page the flag asks the host to ask
  the team (``FindingFacts.team_changes``); :func:`finding_flags` gives the same flags of one
  review for its Findings page, where those who can act (the team, or the host recording a
  past review) see them.

Each flag links to the review's page where the record is listed: the recommendations page for
the first two, the findings page for the third, with the record's anchor.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from ascent.assurance import registry
from ascent.assurance.registry import Flag

from . import checks
from .models import (
    DevelopmentLabel,
    Finding,
    FindingKind,
    FindingStatus,
    Recommendation,
    Response,
    Review,
    Stage,
    TeamMember,
)

#: Stages whose recommendations the host should have answered, and acted on.
ANSWERABLE_STAGES = (Stage.PUBLISHED, Stage.FOLLOW_UP)
#: Stages in which the team can still change findings.
OPEN_STAGES = (Stage.SCOPING, Stage.FIELDWORK, Stage.REPORTING)
#: Responses that call for actions in the improvement plan.
ACCEPTING = (Response.ACCEPTED, Response.PARTLY_ACCEPTED)


def action_counts(uids: Iterable) -> dict:
    """How many improvement plan actions follow each recommendation, by uid (0 when none).

    The counts come from every app that declares ``recommendation_action_counts`` on its
    registration (``ascent.core.registry``); with none installed, every count is 0.
    """
    from ascent.core.registry import recommendation_action_counts

    uids = list(uids)
    totals = dict.fromkeys(uids, 0)
    if not uids:
        return totals
    for path in recommendation_action_counts():
        for uid, count in import_string(path)(uids).items():
            if uid in totals:
                totals[uid] += int(count or 0)
    return totals


def open_flags(organisation, *, today: datetime.date | None = None) -> list[Flag]:
    """The open flags of every review the council hosts, newest review first."""
    today = today or timezone.localdate()
    reviews = list(
        Review.objects.in_organisation(organisation)
        .exclude(stage=Stage.CLOSED)
        .only("id", "title", "stage", "published_at", "letter_date", "on_site_to", "development_label", "organisation")
        .annotate(has_team=Exists(TeamMember.objects.filter(review=OuterRef("pk"), user__isnull=False)))
    )
    if not reviews:
        return []
    answerable = [review.pk for review in reviews if review.stage in ANSWERABLE_STAGES]
    open_ = [review.pk for review in reviews if review.stage in OPEN_STAGES]
    gss_code = organisation.gss_code

    recommendations: dict[int, list[Recommendation]] = defaultdict(list)
    if answerable:
        for recommendation in (
            Recommendation.objects.in_organisation(organisation)
            .filter(review_id__in=answerable)
            .only("id", "uid", "review_id", "kind", "number", "response", "position")
            .order_by("review_id", "position", "pk")
        ):
            recommendations[recommendation.review_id].append(recommendation)
    findings: dict[int, list[Finding]] = defaultdict(list)
    if open_:
        for finding in (
            Finding.objects.in_organisation(organisation)
            .filter(review_id__in=open_, status=FindingStatus.APPROVED, letter_import__isnull=True)
            .annotate(files=Count("evidence"))
            .only("id", "review_id", "kind", "heading", "evidence_references", "element_id", "status")
            .order_by("review_id", "scope_item__position", "position", "pk")
        ):
            findings[finding.review_id].append(finding)

    accepted_uids = [
        recommendation.uid
        for rows in recommendations.values()
        for recommendation in rows
        if recommendation.response in ACCEPTING
    ]
    actions = action_counts(accepted_uids)
    days = settings.ASCENT_REVIEW_RESPONSE_DAYS

    flags: list[Flag] = []
    for review in reviews:
        review.organisation = organisation  # the one the caller holds: no query per review
        rows = recommendations.get(review.pk, [])
        if rows:
            published_on = _published_on(review)
            url = _url("reviews:recommendations", gss_code, review.pk)
            for recommendation in rows:
                facts = checks.RecommendationFacts(
                    label=recommendation.label,
                    published_on=published_on,
                    today=today,
                    response=recommendation.response,
                    response_days=days,
                )
                detail = registry.run("reviews.no-response", facts)
                if detail:
                    flags.append(
                        _flag(
                            "reviews.no-response",
                            f"recommendation:{recommendation.uid}",
                            detail,
                            f"{recommendation.label} — {review.title}",
                            _anchor(url, f"recommendation-{recommendation.uid}"),
                            review,
                            recommendation_id=recommendation.pk,
                        )
                    )
            accepted = tuple(
                checks.AcceptedRecommendation(
                    label=r.label, actions=actions.get(r.uid, 0), partly=r.response == Response.PARTLY_ACCEPTED
                )
                for r in rows
                if r.response in ACCEPTING
            )
            detail = registry.run("reviews.no-actions", checks.ReviewActionFacts(accepted=accepted))
            if detail:
                flags.append(_flag("reviews.no-actions", f"review:{review.pk}", detail, review.title, url, review))
        if findings.get(review.pk):
            url = _url("reviews:findings", gss_code, review.pk)
            for finding in findings[review.pk]:
                facts = _finding_facts(review, finding, finding.files, team_changes=review.has_team)
                detail = registry.run("reviews.finding-without-evidence", facts)
                if detail:
                    flags.append(
                        _flag(
                            "reviews.finding-without-evidence",
                            f"finding:{finding.pk}",
                            detail,
                            f"{_kind_label(finding.kind, review.development_label)} — {review.title}",
                            _anchor(url, f"finding-{finding.pk}"),
                            review,
                            element_id=finding.element_id,
                            finding_id=finding.pk,
                        )
                    )
    return flags


def _finding_facts(review, finding, files: int, *, team_changes: bool) -> checks.FindingFacts:
    return checks.FindingFacts(
        kind_label=_kind_label(finding.kind, review.development_label),
        heading=finding.heading,
        evidence_text=finding.evidence_references,
        library_files=files,
        approved=finding.status == FindingStatus.APPROVED,
        team_changes=team_changes,
    )


def finding_flags(review: Review, findings: Iterable[Finding]) -> dict[int, str]:
    """The open flags of one review's findings, by finding id: what its Findings page shows.

    ``findings`` are the page's own, with ``evidence`` prefetched (no query here). Worded for
    those who can change the findings (the team, or the host recording a past review).
    """
    if review.stage not in OPEN_STAGES:
        return {}
    found = {}
    for finding in findings:
        if finding.letter_import_id is not None:
            continue
        facts = _finding_facts(review, finding, len(finding.evidence.all()), team_changes=False)
        detail = registry.run("reviews.finding-without-evidence", facts)
        if detail:
            found[finding.pk] = detail
    return found


def _flag(name, what, detail, subject, url, review, *, element_id=None, **extra) -> Flag:
    return Flag(
        check=registry.get_check(name),
        key=f"{name}:{what}",
        detail=detail,
        subject=subject,
        url=url,
        element_id=element_id,
        extra={"review_id": review.pk, **extra},
    )


def _published_on(review: Review) -> datetime.date | None:
    """When the host's time to answer starts: publication, else the letter's date, else the last day on site."""
    if review.published_at:
        return timezone.localdate(review.published_at)
    return review.letter_date or review.on_site_to


def _kind_label(kind: str, development_label: str) -> str:
    if kind == FindingKind.DEVELOPMENT and development_label == DevelopmentLabel.CONSIDERATION:
        return "Area for consideration"
    return FindingKind(kind).label if kind in FindingKind.values else kind


def _url(name: str, gss_code: str, review_id: int) -> str:
    try:
        return reverse(name, kwargs={"gss_code": gss_code, "review_id": review_id})
    except NoReverseMatch:  # that part of the review's pages is not installed in this build
        return ""


def _anchor(url: str, fragment: str) -> str:
    return f"{url}#{fragment}" if url else ""
