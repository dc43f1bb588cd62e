"""Review pages at national scale, each beside the floor page measured in the same run.

**The data** (added to the benchmark database the first time, by :func:`ensure_reviews`; kept
while ``REVIEWS_DATA_VERSION`` matches what the database records): **2,000 reviews** across
the 153 councils (13 each, and 24 for Harrow), each with 3 scope questions, a team of 7, a
timetable of 8 activities, 12 people met, **18 findings** (per question: 3 strengths, 2 areas
for development, 1 key priority; each citing one of two library files) and **12
recommendations** (two of them unnumbered, responses on most): 36,000 findings and 24,000
recommendations, **60,000** in all. Stages spread over the lifecycle; Harrow's newest review is
in reporting, with a reviewer from another council on its team (a grant of the review). Rows
are written with ``bulk_create`` (no history rows: these pages do not read history).

**The lines**, each timed after warm-up like the other pages (bench/run.py ``time_requests``;
queries for Harrow and, for the same page, the Isles of Scilly), then printed as a multiple of
the floor measured in the same run: the Reviews index, a review's overview, its findings, its
recommendations, the letter on screen, its team and fieldwork pages, the same overview as the
reviewer from another council sees it, and the Overview and Challenges pages (which now carry
the reviews panel and the reviews' flags). A page whose part is not merged yet is listed as
**not measured** with the URL name it waits for.

Called from bench/run.py (``measure_reviews``), or alone:

    .venv/bin/python bench/reviews.py [--iterations N]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REVIEWS_DATA_VERSION = 1
REVIEWS_PER_COUNCIL = 13
HARROW_EXTRA = 11  # 153 × 13 + 11 = 2,000
SCOPE_QUESTIONS = 3
TEAM = 7
ACTIVITIES = 8
PEOPLE_MET = 12
FINDINGS_PER_QUESTION = (("strength", 3), ("development", 2), ("key-priority", 1))
RECOMMENDATIONS = 12
UNNUMBERED = {4, 5}  # places (from 0) of the two unnumbered recommendations, as in a real letter
REVIEWER = "bench-reviewer@bench.ascent.invalid"
META_KEY = "reviews_data_version"


def ensure_reviews(log=print) -> dict[str, int]:
    """Add the review data to the benchmark database unless it is there; returns the counts."""
    import json

    from django.contrib.auth import get_user_model

    from bench.generate import _read_meta, _write_meta

    meta = _read_meta()
    if meta.get(META_KEY) == str(REVIEWS_DATA_VERSION):
        return counts()
    log("  generating reviews (2,000 reviews, 60,000 findings and recommendations) ...")
    _generate(random.Random(20261207))  # noqa: S311 - made-up benchmark data, not security
    generated = json.loads(meta.get("counts", "{}"))
    generated["users"] = get_user_model().objects.count()
    _write_meta({**meta, "counts": json.dumps(generated), META_KEY: str(REVIEWS_DATA_VERSION)})
    return counts()


def counts() -> dict[str, int]:
    from ascent.reviews.models import Finding, Recommendation, Review

    return {
        "reviews": Review.objects.count(),
        "findings": Finding.objects.count(),
        "recommendations": Recommendation.objects.count(),
    }


def _stage(rng: random.Random, newest: bool) -> str:
    if newest:
        return "reporting"
    return rng.choice(["published", "follow-up", "closed", "closed", "follow-up"])


def _generate(rng: random.Random) -> None:  # noqa: PLR0915 - one linear recipe
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from ascent.core.models import AccessGrant
    from ascent.evidence.models import EvidenceFile
    from ascent.organisations.models import Organisation
    from ascent.reviews.models import (
        FieldworkActivity,
        Finding,
        LibraryItem,
        PersonMet,
        Recommendation,
        Review,
        ScopeItem,
        TeamMember,
        TeamRole,
    )
    from bench.run import COUNCIL

    now = timezone.now()
    today = timezone.localdate()
    organisations = list(Organisation.objects.order_by("pk"))
    others = [o for o in organisations if o.gss_code != COUNCIL]
    roles = [role.value for role in TeamRole][:6]
    kinds = ["peer-challenge", "assurance-review", "safeguarding-peer-review", "preparation-for-assurance"]
    with transaction.atomic():
        for model in (Finding, Recommendation, ScopeItem, TeamMember, FieldworkActivity, PersonMet, LibraryItem):
            model.objects.all().delete()
        Review.objects.all().delete()

        reviews = []
        for organisation in organisations:
            number = REVIEWS_PER_COUNCIL + (HARROW_EXTRA if organisation.gss_code == COUNCIL else 0)
            for place in range(number):
                newest = place == number - 1
                start = dt.date(2014, 1, 6) + dt.timedelta(days=int(place * (4200 / number)) + rng.randrange(0, 60))
                if newest:
                    start = today - dt.timedelta(days=14)
                stage = _stage(rng, newest)
                reviews.append(
                    Review(
                        organisation=organisation,
                        kind=kinds[place % len(kinds)],
                        title=f"{organisation.name} {kinds[place % len(kinds)].replace('-', ' ')} {start.year}",
                        stage=stage,
                        on_site_from=start,
                        on_site_to=start + dt.timedelta(days=2),
                        commissioned_by="Regional ADASS",
                        introduction="Thank you for inviting the team.",
                        executive_summary="The council knows itself well.",
                        conclusion="The team were impressed.",
                        team_access_ends_on=today + dt.timedelta(days=120),
                        published_at=None if stage == "reporting" else now,
                    )
                )
        Review.objects.bulk_create(reviews, batch_size=2000)
        reviews = list(Review.objects.order_by("pk").values_list("pk", "organisation_id", "on_site_from"))

        scope = [
            ScopeItem(review_id=pk, position=q, kind="question", text=f"Scope question {q + 1}: how well does it work?")
            for pk, _org, _start in reviews
            for q in range(SCOPE_QUESTIONS)
        ]
        ScopeItem.objects.bulk_create(scope, batch_size=5000)
        scope_of: dict[int, list[int]] = {}
        for pk, review_id in ScopeItem.objects.order_by("review_id", "position").values_list("pk", "review_id"):
            scope_of.setdefault(review_id, []).append(pk)

        team = [
            TeamMember(
                review_id=pk,
                position=t,
                name=f"Peer {t + 1}",
                role=roles[t % len(roles)],
                job_title="Director",
                home_organisation=others[(pk + t) % len(others)],
                is_lead=t == 0,
            )
            for pk, _org, _start in reviews
            for t in range(TEAM)
        ]
        TeamMember.objects.bulk_create(team, batch_size=5000)
        activities = [
            FieldworkActivity(
                review_id=pk,
                kind=["interview", "focus-group", "case-file-audit", "mystery-shopper"][a % 4],
                title=f"Activity {a + 1}",
                starts_at=dt.datetime.combine(start, dt.time(9 + a % 8), tzinfo=dt.UTC),
                participants="Head of service\nTeam managers",
            )
            for pk, _org, start in reviews
            for a in range(ACTIVITIES)
        ]
        FieldworkActivity.objects.bulk_create(activities, batch_size=5000)
        people = [
            PersonMet(review_id=pk, position=p, role=f"Role {p + 1}", is_group=p % 4 == 0)
            for pk, _org, _start in reviews
            for p in range(PEOPLE_MET)
        ]
        PersonMet.objects.bulk_create(people, batch_size=5000)

        # Two library files a review, from the council's evidence files where the database has them.
        files_of: dict[int, list[int]] = {}
        for pk, organisation_id in EvidenceFile.objects.values_list("pk", "organisation_id"):
            files_of.setdefault(organisation_id, []).append(pk)
        library = [
            LibraryItem(review_id=pk, evidence_id=file_id)
            for pk, org, _start in reviews
            for file_id in files_of.get(org, [])[:2]
        ]
        LibraryItem.objects.bulk_create(library, batch_size=5000)

        findings = []
        for pk, _org, _start in reviews:
            position = 0
            for scope_id in scope_of[pk]:
                for kind, number in FINDINGS_PER_QUESTION:
                    for n in range(number):
                        findings.append(
                            Finding(
                                review_id=pk,
                                scope_item_id=scope_id,
                                kind=kind,
                                heading=f"Heading {position + 1}",
                                text=f"Finding {position + 1}: what the team saw and heard, with its evidence. " * 3,
                                evidence_references="Interviews with team managers" if n % 2 == 0 else "",
                                position=position,
                                status="approved",
                                approved_at=now,
                            )
                        )
                        position += 1
        Finding.objects.bulk_create(findings, batch_size=5000)
        recommendations = []
        for pk, _org, _start in reviews:
            number = 0
            for place in range(RECOMMENDATIONS):
                numbered = place not in UNNUMBERED
                number += 1 if numbered else 0
                recommendations.append(
                    Recommendation(
                        review_id=pk,
                        position=place,
                        is_numbered=numbered,
                        number=number if numbered else None,
                        text=f"Recommendation text {place + 1}: what the council should do next.",
                        scope_item_id=scope_of[pk][place % SCOPE_QUESTIONS],
                        response=rng.choice(["accepted", "accepted", "partly-accepted", ""]),
                    )
                )
        Recommendation.objects.bulk_create(recommendations, batch_size=5000)

        # A reviewer from another council on Harrow's newest review.
        User = get_user_model()
        reviewer = User.objects.filter(email=REVIEWER).first() or User.objects.create_user(
            email=REVIEWER, password=None, full_name="Bench reviewer"
        )
        newest = Review.objects.filter(organisation__gss_code=COUNCIL).order_by("-on_site_from").first()
        grant = AccessGrant.objects.create(
            user=reviewer,
            record=newest,
            level=AccessGrant.Level.EDIT,
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=120),
            reason="Bench reviewer",
        )
        TeamMember.objects.filter(review=newest, position=1).update(user=reviewer, grant=grant)


# --- the lines --------------------------------------------------------------------------------

#: (line name, URL name, what it needs, who asks)
PAGES = [
    ("Floor: static page, beside reviews", "core:accessibility", "none", "admin"),
    ("Reviews index", "reviews:index", "organisation", "admin"),
    ("Review overview", "reviews:detail", "review", "admin"),
    ("Review findings", "reviews:findings", "review", "admin"),
    ("Review recommendations", "reviews:recommendations", "review", "admin"),
    ("Review letter (HTML)", "reviews:letter", "review", "admin"),
    ("Review team", "reviews:team", "review", "admin"),
    ("Review fieldwork", "reviews:fieldwork", "review", "admin"),
    ("Review overview, as the reviewer", "reviews:detail", "review", "reviewer"),
    ("Overview (with the reviews panel)", "organisations:overview", "organisation", "admin"),
    ("Challenges (with the reviews' flags)", "assurance:index", "organisation", "admin"),
]
FLOOR = "Floor: static page, beside reviews"


def _newest(code: str):
    from ascent.reviews.models import Review

    return Review.objects.filter(organisation__gss_code=code).order_by("-on_site_from").first()


def _paths(needs: str, url_name: str):
    """(Harrow's path, the Isles of Scilly's path) for a line, or raise NoReverseMatch."""
    from django.urls import reverse

    from bench.run import COUNCIL, SMALL_COUNCIL

    if needs == "none":
        path = reverse(url_name)
        return path, path
    if needs == "organisation":
        return tuple(reverse(url_name, kwargs={"gss_code": code}) for code in (COUNCIL, SMALL_COUNCIL))
    if needs == "review":
        return tuple(
            reverse(url_name, kwargs={"gss_code": code, "review_id": _newest(code).pk})
            for code in (COUNCIL, SMALL_COUNCIL)
        )
    raise ValueError(needs)


def measure_reviews(iterations: int, client, small_client, log) -> tuple[list, list[str]]:
    """Time each page that exists; returns the lines and the names of pages not measured (and why)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.pages import time_pages

    ensure_reviews(log)
    reviewer = Client()
    reviewer.force_login(get_user_model().objects.get(email=REVIEWER))

    def paths(page):
        path, small_path = _paths(page[2], page[1])
        # The reviewer sits on Harrow's review only: the small council's path would be a 404.
        return (path, path) if page[3] == "reviewer" else (path, small_path)

    def clients_for(page):
        return (reviewer, reviewer) if page[3] == "reviewer" else (client, small_client)

    return time_pages(PAGES, paths, iterations, clients_for, log)


def ratios(lines: list) -> list[str]:
    """Each review line as a multiple of the floor measured in the same run (see bench/self_assessment.py)."""
    from bench.self_assessment import ratios as beside_floor

    return beside_floor(lines, floor_name=FLOOR, pages=PAGES)


def main(argv: list[str] | None = None) -> int:
    from bench.pages import standalone

    return standalone(argv, "Review pages at national scale", measure_reviews, ratios, counts)


if __name__ == "__main__":
    raise SystemExit(main())
