"""Matrix rows for the client-level data pages (ascent/cld/urls.py): every member of A reads
them; editors and admins load extracts, compute the measures and load a population table; a
load's page is its requester's (the editor here) and the admins'. Nobody outside A, no regional
lead and no peer reviewer reaches any of it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .base import EDITORS_OF_A, MEMBERS_OF_A, OK, Case, a, but, goes_to

MARKER = "harrow-private-extract.csv"

#: A load's page needs the right to load, and is then the requester's or an admin's.
LOADER_OR_ADMINS_OF_A = {**EDITORS_OF_A, "editor": OK, "admin_user": OK}


def an_extract(world):
    return {**a(world), "extract_id": world["cld_extract"].pk}


def a_load(world):
    return {**a(world), "job_id": world["cld_load_job"].pk}


def a_measure(world):
    return {**a(world), "slug": "2a"}


def extend_world(world: dict) -> None:
    from django.utils import timezone

    from ascent.cld.models import Extract, ExtractProblem, MeasureResult, MeasureRun, Population
    from ascent.jobs.models import Job

    harrow = world["harrow"]
    extract = Extract.objects.create(
        organisation=harrow,
        created_by=world["editor"],
        original_name=MARKER,
        stored_path="E09000015/matrix.parquet",
        sha256="0" * 64,
        size_bytes=100,
        rows=2,
        release="R2",
        la_code="310",
        stated_start=dt.date(2024, 4, 1),
        stated_end=dt.date(2025, 3, 31),
        loaded_at=timezone.now(),
        problem_count=1,
        summary={"by_field": {"NHS Number": 1}, "kinds": [], "usable": {}},
    )
    ExtractProblem.objects.create(
        extract=extract, row=3, field="NHS Number", value="123456789", reason="is not ten digits"
    )
    world["cld_extract"] = extract
    world["cld_load_job"] = Job.objects.create(
        organisation=harrow,
        created_by=world["editor"],
        kind="cld:load",
        title=f"Loading {MARKER}",
        parameters={"upload": "E09000015/uploads/x.csv", "name": MARKER, "check_only": False},
        permission="cld.load_cld",
    )
    run = MeasureRun.objects.create(
        organisation=harrow,
        period_start=dt.date(2024, 4, 1),
        period_end=dt.date(2025, 3, 31),
        method_version="matrix",
        extracts=[{"id": extract.pk, "sha256": extract.sha256, "name": MARKER}],
        fingerprint="1" * 64,
        ran_at=timezone.now(),
        is_latest_period=True,
    )
    MeasureResult.objects.create(
        run=run, measure="2A", group="Total", numerator=Decimal(40), denominator=Decimal(50), outcome=Decimal("80.0")
    )
    Population.objects.create(organisation=harrow, year=2024, age_band="18 to 64", population=171000)


CASES: dict[str, Case] = {
    "cld:index": Case(get=MEMBERS_OF_A, kwargs=a),
    # With no file chosen the form comes back with its error.
    "cld:upload": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a),
    "cld:load": Case(get=LOADER_OR_ADMINS_OF_A, kwargs=a_load),
    "cld:extract": Case(get=MEMBERS_OF_A, kwargs=an_extract),
    "cld:measures": Case(get=MEMBERS_OF_A, kwargs=a),
    "cld:compute": Case(
        post=but(EDITORS_OF_A, to=goes_to("jobs:detail", a, new="job_id")),
        kwargs=a,
    ),
    "cld:measure": Case(get=MEMBERS_OF_A, kwargs=a_measure),
    "cld:activity": Case(get=MEMBERS_OF_A, kwargs=a),
    # Everyone in A reads the table; posting (with no file: the form's error) is the editors'.
    "cld:population": Case(get=MEMBERS_OF_A, post=EDITORS_OF_A, kwargs=a),
}

A_MARKERS = [MARKER]
