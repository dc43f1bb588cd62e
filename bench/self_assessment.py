"""Self-assessment pages at national scale, each beside the floor page measured in the same run.

**The data** (added to the benchmark database the first time, by :func:`ensure_self_assessments`;
kept while ``SELF_ASSESSMENT_DATA_VERSION`` matches what the database records):
every one of the 153 councils has a self-assessment against **3 frameworks** (TEASC risk
awareness, CQC's local authority assessment and the ASCOF objectives from 2023/24) for each
of **5 periods** (2020-21 to 2024-25): 2,295 self-assessments, each rated on every rated
element (6 + 9 + 6 = 21 ratings a council a period: 16,065 ratings), each rating with two
linked indicators and two of the council's twelve evidence files (dated 2018 to 2025, of every
kind), and three top risks on each TEASC self-assessment. Versions before 2024-25 are signed off;
in 2024-25 every other council's is still a draft; signed-off versions of councils in
even-numbered places are shared with their region. The rows are written with ``bulk_create``
(no history rows: these pages do not read history). The regional lead of London (Harrow's
region) and of the North East (the smallest region, for the query comparison) are added.

**The lines**, each timed after warm-up like the other pages (bench/run.py ``time_requests``;
queries for Harrow and, for the same page, the Isles of Scilly, or for the regional pages the
North East), then printed as a multiple of the floor measured in the same run:

- Floor: static page (``/accessibility/``);
- Self-assessment summary (part D's page for one version: Harrow's TEASC 2024-25);
- Self-assessment summary report (HTML) (the report on screen, for the same version);
- Element page (part G's page for TEASC domain 1 in Harrow: every version, evidence, flags);
- Challenges (part F's page: every open flag of Harrow's 15 latest versions);
- Regional heat map (part G's page, as London's lead: 33 councils × 3 frameworks);
- Regional summary report (HTML) (the regional report on screen, as London's lead).

A page whose part is not merged yet (its URL name does not resolve) is listed as **not
measured** with the URL name it waits for, so the lead sees which figures are missing.

Called from bench/run.py (``measure_self_assessment``), or alone:

    .venv/bin/python bench/self_assessment.py [--iterations N]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SELF_ASSESSMENT_DATA_VERSION = 1
FRAMEWORKS = ("teasc-risk-awareness", "cqc-la-assessment", "ascof-2023")
PERIODS = ("2020-21", "2021-22", "2022-23", "2023-24", "2024-25")
EVIDENCE_FILES_PER_COUNCIL = 12
LINKS_PER_RATING = 2
SMALL_REGION = "E12000001"  # North East: 12 councils
LONDON = "E12000007"
LEADS = {LONDON: "bench-lead-london@bench.ascent.invalid", SMALL_REGION: "bench-lead-north-east@bench.ascent.invalid"}
META_KEY = "self_assessment_data_version"


# --- the data ---------------------------------------------------------------------------------


def _frameworks():
    from ascent.frameworks.models import Element, Framework

    found = {f.slug: f for f in Framework.objects.filter(organisation__isnull=True, slug__in=FRAMEWORKS).current()}
    if len(found) < len(FRAMEWORKS):
        from ascent.frameworks.crosswalk import load_shipped_crosswalk
        from ascent.frameworks.loading import load_shipped_frameworks

        load_shipped_frameworks()
        load_shipped_crosswalk()
        found = {f.slug: f for f in Framework.objects.filter(organisation__isnull=True, slug__in=FRAMEWORKS).current()}
    rated = {
        slug: list(Element.objects.filter(framework=framework, is_rated=True).order_by("sort_order"))
        for slug, framework in found.items()
    }
    return found, rated


def ensure_self_assessments(log=print) -> dict[str, int]:
    """Add the self-assessment data to the benchmark database unless it is there; returns the counts."""
    from bench.generate import _read_meta, _write_meta

    meta = _read_meta()
    if meta.get(META_KEY) == str(SELF_ASSESSMENT_DATA_VERSION):
        return counts()
    import json

    from django.contrib.auth import get_user_model

    log("  generating self-assessments (153 councils × 3 frameworks × 5 periods) ...")
    _generate(random.Random(20261207))  # noqa: S311 - made-up benchmark data, not security
    # The regional leads are new people: record them, or the next run would think the database
    # is not the generator's and build it again (bench/generate.py ``_matches``).
    generated = json.loads(meta.get("counts", "{}"))
    generated["users"] = get_user_model().objects.count()
    _write_meta({**meta, "counts": json.dumps(generated), META_KEY: str(SELF_ASSESSMENT_DATA_VERSION)})
    return counts()


def counts() -> dict[str, int]:
    from ascent.assessments.models import ElementRating, RatingEvidence, RatingIndicator, SelfAssessment, TopRisk
    from ascent.evidence.models import EvidenceFile

    return {
        "self_assessments": SelfAssessment.objects.count(),
        "ratings": ElementRating.objects.count(),
        "indicator_links": RatingIndicator.objects.count(),
        "evidence_files": EvidenceFile.objects.count(),
        "evidence_links": RatingEvidence.objects.count(),
        "top_risks": TopRisk.objects.count(),
    }


def _generate(rng: random.Random) -> None:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from ascent.assessments.models import (
        ElementRating,
        RatingEvidence,
        RatingIndicator,
        SelfAssessment,
        Status,
        TopRisk,
    )
    from ascent.core.periods import parse_period
    from ascent.evidence.models import EvidenceFile, EvidenceKind
    from ascent.indicators.models import Indicator
    from ascent.organisations.models import Organisation, Region, RegionalRole

    frameworks, rated = _frameworks()
    organisations = list(Organisation.objects.order_by("pk"))
    shipped = list(Indicator.objects.filter(organisation__isnull=True).values_list("pk", flat=True))
    kinds = [kind.value for kind in EvidenceKind]
    now = timezone.now()
    with transaction.atomic():
        # Clear any earlier version of this data (the rest of the database is kept).
        for model in (RatingEvidence, RatingIndicator, TopRisk, ElementRating):
            model.objects.all().delete()
        SelfAssessment.objects.all().delete()
        EvidenceFile.objects.filter(file__startswith="bench/").delete()

        files = [
            EvidenceFile(
                organisation=organisation,
                title=f"Evidence {number + 1} of {organisation.name}",
                kind=kinds[number % len(kinds)],
                evidence_date=dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(0, 7 * 365)),
                file=f"bench/{organisation.gss_code}-{number}.pdf",
                original_name=f"evidence-{number + 1}.pdf",
                content_type="application/pdf",
                size=20_000,
                sha256="0" * 64,
            )
            for organisation in organisations
            for number in range(EVIDENCE_FILES_PER_COUNCIL)
        ]
        EvidenceFile.objects.bulk_create(files, batch_size=2000)
        files_by_org: dict[int, list[int]] = {}
        for pk, organisation_id in EvidenceFile.objects.filter(file__startswith="bench/").values_list(
            "pk", "organisation_id"
        ):
            files_by_org.setdefault(organisation_id, []).append(pk)

        assessments = []
        for place, organisation in enumerate(organisations):
            for slug in FRAMEWORKS:
                for period_code in PERIODS:
                    period = parse_period(period_code)
                    latest = period_code == PERIODS[-1]
                    signed = not latest or place % 2 == 0
                    assessment = SelfAssessment(
                        organisation=organisation,
                        framework=frameworks[slug],
                        version=1,
                        status=Status.SIGNED_OFF if signed else Status.DRAFT,
                        signed_off_at=now if signed else None,
                        shared_at=now if signed and place % 2 == 0 else None,
                    )
                    assessment.set_period(period)
                    assessments.append(assessment)
        SelfAssessment.objects.bulk_create(assessments, batch_size=2000)
        assessments = list(SelfAssessment.objects.select_related("framework").order_by("pk"))

        ratings = [
            ElementRating(
                assessment=assessment,
                element=element,
                rating=rng.choice([level.value for level in assessment.framework.scale]),
                narrative=f"Our view of {element.title.lower()} in {assessment.period.label}.",
                strengths="What works well.",
                areas_for_development="What we are improving.",
            )
            for assessment in assessments
            for element in rated[assessment.framework.slug]
        ]
        risks = [
            TopRisk(
                assessment=assessment,
                rank=rank,
                risk=f"Risk {rank}",
                mitigation="Mitigation",
                element=rated[assessment.framework.slug][0],
            )
            for assessment in assessments
            for rank in range(1, assessment.framework.top_risks + 1)
        ]
        ElementRating.objects.bulk_create(ratings, batch_size=2000)
        TopRisk.objects.bulk_create(risks, batch_size=2000)
        organisation_of = {a.pk: a.organisation_id for a in assessments}
        rating_rows = list(ElementRating.objects.values_list("pk", "assessment_id").order_by("pk"))
        indicator_links = [
            RatingIndicator(rating_id=rating_id, indicator_id=indicator_id)
            for rating_id, _assessment_id in rating_rows
            for indicator_id in rng.sample(shipped, LINKS_PER_RATING)
        ]
        evidence_links = [
            RatingEvidence(rating_id=rating_id, evidence_id=evidence_id)
            for rating_id, assessment_id in rating_rows
            for evidence_id in rng.sample(files_by_org[organisation_of[assessment_id]], LINKS_PER_RATING)
        ]
        RatingIndicator.objects.bulk_create(indicator_links, batch_size=5000)
        RatingEvidence.objects.bulk_create(evidence_links, batch_size=5000)

        User = get_user_model()
        for code, email in LEADS.items():
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email, password=None, full_name=f"Bench lead {code}"
            )
            RegionalRole.objects.get_or_create(
                user=user, region=Region.objects.get(code=code), kind=RegionalRole.Kind.LEAD
            )


# --- the lines --------------------------------------------------------------------------------

#: (line name, URL name, what it needs, the part that owns it)
PAGES = [
    ("Floor: static page, beside self-assessment", "core:accessibility", "none", "core"),
    ("Self-assessment summary", "assessments:detail", "assessment", "D (assessments pages)"),
    ("Self-assessment summary report (HTML)", "reports:view", "report", "H (reports)"),
    ("Element page", "assessments:element", "element", "G (element page)"),
    ("Challenges", "assurance:index", "organisation", "F (assurance)"),
    ("Regional heat map", "assessments:regional", "region", "G (regional view)"),
    ("Regional summary report (HTML)", "reports:regional", "region", "H (reports)"),
]
FLOOR = "Floor: static page, beside self-assessment"


def _paths(needs: str, url_name: str):
    """(Harrow's path, the small counterpart's path) for a line, or raise NoReverseMatch."""
    from django.urls import reverse

    from ascent.assessments.models import SelfAssessment
    from ascent.frameworks.models import Element
    from bench.run import COUNCIL, SMALL_COUNCIL

    def latest_teasc(code: str) -> SelfAssessment:
        return (
            SelfAssessment.objects.filter(organisation__gss_code=code, framework__slug=FRAMEWORKS[0])
            .order_by("-period_start")
            .first()
        )

    if needs == "none":
        path = reverse(url_name)
        return path, path
    if needs == "organisation":
        return tuple(reverse(url_name, kwargs={"gss_code": code}) for code in (COUNCIL, SMALL_COUNCIL))
    if needs == "assessment":
        return tuple(
            reverse(url_name, kwargs={"gss_code": code, "assessment_id": latest_teasc(code).pk})
            for code in (COUNCIL, SMALL_COUNCIL)
        )
    if needs == "report":
        return tuple(
            reverse(url_name, kwargs={"gss_code": code, "slug": "self-assessment"})
            + f"?assessment={latest_teasc(code).pk}"
            for code in (COUNCIL, SMALL_COUNCIL)
        )
    if needs == "element":
        element = Element.objects.filter(framework_id=latest_teasc(COUNCIL).framework_id, is_rated=True).order_by(
            "sort_order"
        )[0]
        return tuple(
            reverse(url_name, kwargs={"gss_code": code, "element_id": element.pk}) for code in (COUNCIL, SMALL_COUNCIL)
        )
    if needs == "region":
        return tuple(reverse(url_name, kwargs={"code": code}) for code in (LONDON, SMALL_REGION))
    raise ValueError(needs)


def measure_self_assessment(iterations: int, client, small_client, log) -> tuple[list, list[str]]:
    """Time each page that exists; returns the lines and the names of pages not measured (and why)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.pages import time_pages

    ensure_self_assessments(log)
    User = get_user_model()
    lead, small_lead = Client(), Client()
    lead.force_login(User.objects.get(email=LEADS[LONDON]))
    small_lead.force_login(User.objects.get(email=LEADS[SMALL_REGION]))

    def clients_for(page):
        return (lead, small_lead) if page[2] == "region" else (client, small_client)

    return time_pages(PAGES, lambda page: _paths(page[2], page[1]), iterations, clients_for, log)


def ratios(lines: list, *, floor_name: str = FLOOR, pages=PAGES) -> list[str]:
    """Each line of ``pages`` as a multiple of the floor's median server and CPU time, in the same run.

    bench/reviews.py uses it for its own pages and floor.
    """
    by_name = {line.name: line for line in lines}
    floor = by_name.get(floor_name)
    if floor is None:
        return []
    names = {name for name, *_ in pages}
    return [
        f"{line.name}: {line.median_ms:,.1f} ms ({line.median_ms / floor.median_ms:.1f} × floor, "
        f"{floor.median_ms:,.1f} ms); CPU {line.cpu_median_ms:,.1f} ms "
        f"({line.cpu_median_ms / floor.cpu_median_ms:.1f} × {floor.cpu_median_ms:,.1f} ms); "
        f"queries {line.queries} / {line.queries_small}"
        for line in lines
        if line is not floor and line.name in names
    ]


def main(argv: list[str] | None = None) -> int:
    from bench.pages import standalone

    return standalone(argv, "Self-assessment pages at national scale", measure_self_assessment, ratios, counts)


if __name__ == "__main__":
    raise SystemExit(main())
