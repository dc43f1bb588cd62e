"""Improvement plan pages at national scale, each beside the floor page measured in the same run.

**The data** (added to the benchmark database the first time, by :func:`ensure_plans`; kept
while ``PLANS_DATA_VERSION`` matches what the database records; it needs bench/reviews.py's
data, which it adds first): **30,000 actions** nationally. Every council has one improvement
plan answering its newest published review, with 4 themes; Harrow has a second, larger plan.
153 councils × 190 actions + Harrow's extra 930 = 30,000. Each action answers one of the
review's recommendations (the many-to-many rows are written too), has an owner among the
council's members, a due date spread from a year ago to a year ahead (so some are overdue), a
status spread over the seven, two progress updates and a milestone; every fifth is complete
with a link as evidence of completion; every tenth has had an extension approved (its original
date kept) and links an indicator with a target. Rows are written with ``bulk_create`` (no
history rows: these pages do not read history).

**The lines**, each timed after warm-up like the other pages (bench/run.py ``time_requests``;
queries for Harrow and, for the same page, the Isles of Scilly), then printed as a multiple of
the floor measured in the same run: the plans index, Harrow's big plan (first page; and filtered
to overdue actions), one action's page, the follow-ups list, the Overview (with the plan panel)
and the Challenges page (with the plans' checks). A page whose part is not installed yet is
listed as **not measured** with the URL name it waits for.

Called from bench/run.py (``measure_plans``), or alone:

    .venv/bin/python bench/plans.py [--iterations N]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PLANS_DATA_VERSION = 1
ACTIONS_PER_COUNCIL = 190
HARROW_EXTRA = 930  # 153 × 190 + 930 = 30,000
THEMES = ("Information, advice and prevention", "Front door", "Reviews and waiting", "Workforce")
STATUSES = ("not-started", "on-track", "on-track", "at-risk", "off-track", "complete", "will-not-be-done")
META_KEY = "plans_data_version"


def ensure_plans(log=print) -> dict[str, int]:
    """Add the plan data to the benchmark database unless it is there; returns the counts."""
    from bench.generate import _read_meta, _write_meta
    from bench.reviews import ensure_reviews

    ensure_reviews(log)
    meta = _read_meta()
    if meta.get(META_KEY) == str(PLANS_DATA_VERSION):
        return counts()
    log("  generating improvement plans (30,000 actions) ...")
    _generate(random.Random(20261207))  # noqa: S311 - made-up benchmark data, not security
    _write_meta({**_read_meta(), META_KEY: str(PLANS_DATA_VERSION)})
    return counts()


def counts() -> dict[str, int]:
    from ascent.plans.models import Action, Plan, ProgressUpdate

    return {
        "plans": Plan.objects.count(),
        "actions": Action.objects.count(),
        "progress updates": ProgressUpdate.objects.count(),
    }


def _generate(rng: random.Random) -> None:  # noqa: PLR0915 - one linear recipe
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from ascent.indicators.models import Indicator
    from ascent.organisations.models import Membership, Organisation
    from ascent.plans.models import (
        Action,
        ActionEvidence,
        ActionIndicator,
        ExtensionRequest,
        Milestone,
        Plan,
        ProgressUpdate,
        Theme,
    )
    from ascent.reviews.models import Recommendation, Review
    from bench.run import COUNCIL

    today = timezone.localdate()
    indicator_ids = list(Indicator.objects.filter(organisation__isnull=True).values_list("pk", flat=True)[:20])
    with transaction.atomic():
        Plan.objects.all().delete()
        members: dict[int, list[int]] = {}
        for organisation_id, user_id in Membership.objects.values_list("organisation_id", "user_id"):
            members.setdefault(organisation_id, []).append(user_id)
        published = Review.objects.exclude(stage="reporting").order_by("organisation_id", "on_site_from")
        # Ordered oldest first, so each council's newest published review is the one kept.
        newest = {organisation_id: pk for pk, organisation_id in published.values_list("pk", "organisation_id")}
        recommendations: dict[int, list[int]] = {}
        for pk, review_id in Recommendation.objects.filter(review_id__in=newest.values()).values_list(
            "pk", "review_id"
        ):
            recommendations.setdefault(review_id, []).append(pk)

        plans, sizes = [], []
        for organisation in Organisation.objects.order_by("pk"):
            owner = (members.get(organisation.pk) or [None])[0]
            review_id = newest.get(organisation.pk)
            plans.append(
                Plan(
                    organisation=organisation,
                    title=f"{organisation.name} improvement plan 2026-27",
                    owner_id=owner,
                    starts_on=dt.date(2026, 4, 1),
                    ends_on=dt.date(2027, 3, 31),
                    review_id=review_id,
                )
            )
            sizes.append(ACTIONS_PER_COUNCIL)
            if organisation.gss_code == COUNCIL:
                plans.append(
                    Plan(
                        organisation=organisation,
                        title="Harrow adult social care transformation and improvement plan",
                        owner_id=owner,
                        starts_on=dt.date(2025, 4, 1),
                        ends_on=dt.date(2028, 3, 31),
                        review_id=review_id,
                    )
                )
                sizes.append(HARROW_EXTRA)
        Plan.objects.bulk_create(plans, batch_size=1000)
        themes = [Theme(plan=plan, position=n, title=title) for plan in plans for n, title in enumerate(THEMES)]
        Theme.objects.bulk_create(themes, batch_size=2000)
        themes_of: dict[int, list[Theme]] = {}
        for theme in themes:
            themes_of.setdefault(theme.plan_id, []).append(theme)

        actions = []
        for plan, size in zip(plans, sizes, strict=True):
            people = members.get(plan.organisation_id) or [None]
            for n in range(size):
                status = STATUSES[(n * 7 + rng.randrange(7)) % len(STATUSES)]
                original = today + dt.timedelta(days=rng.randrange(-365, 365))
                extended = n % 10 == 3
                due = original + dt.timedelta(days=60) if extended else original
                closed = status in ("complete", "will-not-be-done")
                actions.append(
                    Action(
                        plan=plan,
                        theme=themes_of[plan.pk][n % len(THEMES)],
                        reference=f"{n % len(THEMES) + 1}.{n // len(THEMES) + 1}",
                        position=n,
                        title=f"Action {n + 1}: what the council will do, and by when",
                        description="What will be different for people, and how we will know. " * 2,
                        source="recommendation",
                        owner_id=people[n % len(people)],
                        due_date=due,
                        original_due_date=original,
                        status=status,
                        status_reason="Replaced by the new front door model" if status == "will-not-be-done" else "",
                        percent_complete=100 if status == "complete" else rng.randrange(0, 95),
                        rag="" if closed else rng.choice(["green", "amber", "red"]),
                        completed_on=today - dt.timedelta(days=rng.randrange(1, 200)) if closed else None,
                        last_update_on=today - dt.timedelta(days=rng.randrange(0, 120)),
                    )
                )
        Action.objects.bulk_create(actions, batch_size=5000)

        through = Action.recommendations.through
        links = []
        for action in actions:
            recs = recommendations.get(action.plan.review_id) or []
            if recs:
                links.append(through(action_id=action.pk, recommendation_id=recs[action.position % len(recs)]))
        through.objects.bulk_create(links, batch_size=5000)

        updates, milestones, evidence, extensions, indicator_links = [], [], [], [], []
        for action in actions:
            updates.extend(
                ProgressUpdate(
                    action=action,
                    on=action.last_update_on - dt.timedelta(days=30 * k),
                    author_id=action.owner_id,
                    text="Progress this month: the work moved on, and what comes next. " * 2,
                    status=action.status,
                    percent_complete=action.percent_complete,
                    rag=action.rag,
                )
                for k in range(2)
            )
            milestones.append(Milestone(action=action, title="First milestone", due_date=action.original_due_date))
            if action.status == "complete":
                evidence.append(ActionEvidence(action=action, url="https://example.org/evidence", title="Evidence"))
            if action.position % 10 == 3:
                extensions.append(
                    ExtensionRequest(
                        action=action,
                        requested_by_id=action.owner_id,
                        from_date=action.original_due_date,
                        to_date=action.due_date,
                        reason="Waiting for the new case management system",
                        status="approved",
                        decided_by_id=action.plan.owner_id,
                        decided_at=timezone.now(),
                    )
                )
                if indicator_ids:
                    indicator_links.append(
                        ActionIndicator(
                            action=action,
                            indicator_id=indicator_ids[action.position % len(indicator_ids)],
                            target=60,
                            baseline_value=50,
                        )
                    )
        ProgressUpdate.objects.bulk_create(updates, batch_size=5000)
        Milestone.objects.bulk_create(milestones, batch_size=5000)
        ActionEvidence.objects.bulk_create(evidence, batch_size=5000)
        ExtensionRequest.objects.bulk_create(extensions, batch_size=5000)
        ActionIndicator.objects.bulk_create(indicator_links, batch_size=5000)


# --- the lines --------------------------------------------------------------------------------

#: (line name, URL name, what it needs, who asks, extra query string)
PAGES = [
    ("Floor: static page, beside plans", "core:accessibility", "none", "admin", ""),
    ("Improvement plans index", "plans:index", "organisation", "admin", ""),
    ("Plan page (biggest plan, first page)", "plans:plan", "plan", "admin", ""),
    ("Plan page, overdue actions only", "plans:plan", "plan", "admin", "?show=overdue"),
    ("Action page", "plans:action", "action", "admin", ""),
    ("Follow-up reviews list", "plans:follow_ups", "organisation", "admin", ""),
    ("Overview (with the plan panel)", "organisations:overview", "organisation", "admin", ""),
    ("Challenges (with the plans' checks)", "assurance:index", "organisation", "admin", ""),
]
FLOOR = "Floor: static page, beside plans"


def _biggest(code: str):
    from django.db.models import Count

    from ascent.plans.models import Plan

    return Plan.objects.filter(organisation__gss_code=code).annotate(n=Count("actions")).order_by("-n", "pk").first()


def _paths(needs: str, url_name: str):
    """(Harrow's path, the Isles of Scilly's path) for a line, or raise NoReverseMatch."""
    from django.urls import reverse

    from bench.run import COUNCIL, SMALL_COUNCIL

    if needs == "none":
        path = reverse(url_name)
        return path, path
    if needs == "organisation":
        return tuple(reverse(url_name, kwargs={"gss_code": code}) for code in (COUNCIL, SMALL_COUNCIL))
    paths = []
    for code in (COUNCIL, SMALL_COUNCIL):
        plan = _biggest(code)
        kwargs = {"gss_code": code, "plan_id": plan.pk}
        if needs == "action":
            # An open action with an approved extension and a linked indicator (every tenth from the
            # fourth), so the two councils' pages show the same parts.
            extended = plan.actions.open().filter(extensions__isnull=False).order_by("position")
            kwargs["action_id"] = extended.values_list("pk", flat=True)[0]
        paths.append(reverse(url_name, kwargs=kwargs))
    return tuple(paths)


def measure_plans(iterations: int, client, small_client, log) -> tuple[list, list[str]]:
    """Time each page that exists; returns the lines and the names of pages not measured (and why)."""
    from bench.pages import time_pages

    ensure_plans(log)
    return time_pages(
        PAGES, lambda page: _paths(page[2], page[1]), iterations, lambda page: (client, small_client), log
    )


def ratios(lines: list) -> list[str]:
    """Each plan line as a multiple of the floor measured in the same run (see bench/self_assessment.py)."""
    from bench.self_assessment import ratios as beside_floor

    return beside_floor(lines, floor_name=FLOOR, pages=PAGES)


def main(argv: list[str] | None = None) -> int:
    from bench.pages import standalone

    return standalone(argv, "Improvement plan pages at national scale", measure_plans, ratios, counts)


if __name__ == "__main__":
    raise SystemExit(main())
