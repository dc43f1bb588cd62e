"""The benchmark database: every council in England, its people, its audit history and its
performance evidence at national scale.

What it holds (see ``describe()`` for the exact counts):

* the reference data: 9 regions and the 153 councils, loaded with
  ``ascent.organisations.reference.load_reference_data()`` and dated to the platform's launch;
* 50 people in each council, created in bulk with their history rows
  (``simple_history.utils.bulk_create_with_history``), joining over 18 months. Each council
  starts with 2 admins, 7 editors, 15 contributors and 26 viewers; four role changes made
  through ``ascent.organisations.actions.change_role`` (as an admin would make them) leave
  2 admins, 8 editors, 15 contributors and 25 viewers;
* two open invitations per council (one for the Isles of Scilly) and twelve report jobs (two);
* the shipped indicator library (51 ASCOF measures) and the built-in comparator groups, as
  ``manage.py load_indicators`` loads them, plus 9 local indicators of each council's own, so
  every council has 60 indicators;
* indicator values for 152 councils × 60 indicators × 40 periods (less those of the 21 ASCOF
  measures that a 2023/24 measure carries on, from April 2023), generated as a CSV file in
  the documented standard layout and loaded through the real import engine
  (``ascent.imports.engine.import_file``), which is timed: the import throughput is one of
  the benchmark's figures. Each ASCOF measure has 10 financial years (2015-16 to 2024-25) and
  30 quarters (Q3 2017/18 to Q4 2024/25); each local indicator has 40 months (Dec 2021 to
  Mar 2025);
* spending: six service lines for eleven financial years per council, imported the same way;
* targets for every council's indicators (2023-24 and 2024-25; Harrow's from 2019-20), a board
  scorecard (an indicator group) and a council-defined comparator group for the two councils
  the benchmark compares;
* the Isles of Scilly (E06000053), England's smallest council, has 5 people and little data
  (10 ASCOF measures for four years, 2 local indicators for four months, two service lines
  for three years), so the benchmark can check that a page makes the same number of queries
  for a council with little data as for one with a great deal.

The data are random but seeded, so every run generates the same data. The database is
reused while ``GENERATOR_VERSION`` matches what it records; bump the version whenever this
file changes what it generates.

Run on its own to (re)build the database without measuring anything:

    .venv/bin/python bench/generate.py [--fresh]
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DEFAULT_DB = RESULTS_DIR / "bench.sqlite3"

GENERATOR_VERSION = 3
SEED = 20261123

MEMBERS_PER_COUNCIL = 50
BENCH_COUNCIL = "E09000015"  # Harrow: the council whose pages are timed
SMALL_COUNCIL = "E06000053"  # Isles of Scilly
SMALL_COUNCIL_MEMBERS = 5
HISTORY_DAYS = 540  # people join over about 18 months
BATCH_SIZE = 500

# Role values, as in ascent.organisations.models.Role (kept here so this module imports
# nothing from the project before Django is set up).
ADMIN, EDITOR, CONTRIBUTOR, VIEWER = 40, 30, 20, 10

#: Starting roles, and the role changes made afterwards: (role to pick someone from, new role).
FULL_START = {ADMIN: 2, EDITOR: 7, CONTRIBUTOR: 15, VIEWER: 26}
FULL_CHANGES = [(VIEWER, CONTRIBUTOR), (VIEWER, CONTRIBUTOR), (CONTRIBUTOR, EDITOR), (CONTRIBUTOR, VIEWER)]
SMALL_START = {ADMIN: 1, EDITOR: 1, CONTRIBUTOR: 0, VIEWER: 3}
SMALL_CHANGES = [(VIEWER, CONTRIBUTOR)]
INVITATIONS = {"full": 2, "small": 1}
JOBS = {"full": 12, "small": 2}


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    "Aisha Alex Amir Amy Andrew Anita Ben Bethan Callum Catherine Charlotte Chloe Chris Claire Daniel David "
    "Deborah Declan Dominic Eleanor Emily Emma Fatima Fiona Gareth Grace Hannah Harriet Imran Isla Jack James "
    "Jane Jasmine Jo Joanne Jonathan Karen Kate Kwame Laura Leanne Liam Lucy Mark Martin Mary Matthew Megan "
    "Mohammed Nadia Naomi Neil Nicola Oliver Olivia Paul Priya Rachel Rebecca Rhiannon Richard Robert Ruth "
    "Sam Sarah Sean Simon Sophie Stephen Sunita Tom Una Victoria Will Yasmin Zara"
)
LAST_NAMES = _words(
    "Adeyemi Ahmed Ali Allen Baker Begum Bennett Brown Campbell Carter Chapman Clarke Cooper Davies Edwards "
    "Ellis Evans Fraser Green Griffiths Hall Harris Hughes Hussain Jackson James Jones Kaur Khan King Lewis "
    "Lloyd Martin Mensah Mitchell Moore Morgan Morris Murphy Nowak Okafor O'Brien Owen Parker Patel Phillips "
    "Price Roberts Robinson Scott Shah Singh Smith Taylor Thomas Thompson Turner Walker Ward Watson White "
    "Whitfield Williams Wilson Wood Wright Young"
)
JOB_TITLES = {
    ADMIN: ["Director of Adult Social Services", "Assistant Director, Adult Social Care", "Head of Commissioning"],
    EDITOR: [
        "Head of Service, Quality Assurance",
        "Performance and Intelligence Manager",
        "Programme Manager, Transformation",
        "Principal Social Worker",
        "Business Intelligence Lead",
    ],
    CONTRIBUTOR: [
        "Team Manager, Reablement",
        "Senior Social Worker",
        "Principal Occupational Therapist",
        "Finance Business Partner",
        "Safeguarding Adults Manager",
        "Commissioning Officer",
        "Data Analyst",
    ],
    VIEWER: [
        "Member, Health and Social Care Scrutiny",
        "Lead Member for Adult Social Care",
        "Chief Executive",
        "Practice Educator",
        "Healthwatch Liaison",
        "Internal Auditor",
    ],
}

# --- performance evidence -----------------------------------------------------------------

#: The generated import files, kept so that every run can import them again.
OBSERVATIONS_FILE = RESULTS_DIR / "observations.csv"
EXPENDITURE_FILE = RESULTS_DIR / "expenditure.csv"
#: Financial years 2015-16 to 2024-25 (named by the year they start in).
FIRST_YEAR, LAST_YEAR = 2015, 2024
#: ASCOF measures also have quarters from Q3 2017/18 to Q4 2024/25 (30 in all).
FIRST_QUARTER = (2017, 3)
#: Local indicators have months from Dec 2021 to Mar 2025 (40 in all).
FIRST_MONTH = (2021, 12)
LAST_MONTH = (2025, 3)
#: Values for periods ending on or after this day are provisional; earlier ones final.
PROVISIONAL_FROM = date(2024, 4, 1)
#: Every council has targets for these years; Harrow for more, as a council with a long scorecard.
TARGET_YEARS = (2023, 2024)
BENCH_COUNCIL_TARGET_YEARS = tuple(range(2019, 2025))
#: The Isles of Scilly's data: the first ten ASCOF measures of the 2023 set, four years, two
#: local indicators with four months, two service lines for three years.
SMALL_SHIPPED, SMALL_YEARS, SMALL_LOCAL, SMALL_MONTHS = 10, 4, 2, 4
SMALL_SERVICE_LINES, SMALL_SPENDING_YEARS = 2, 3
#: Spending: financial years 2015-16 to 2025-26; actual to 2023-24, then forecast, then budget.
SPENDING_YEARS = tuple(range(2015, 2026))
SERVICE_LINES = (
    ("Older people", 0.42),
    ("Learning disability support", 0.27),
    ("Mental health support", 0.09),
    ("Physical support", 0.13),
    ("Reablement", 0.03),
    ("Commissioning and service delivery", 0.06),
)
BOARD_GROUP = "Adult social care board scorecard"

#: Each council's own indicators: code, title, unit, polarity, decimals. All monthly.
LOCAL_INDICATORS = (
    ("KPI-REV12", "People in long-term support reviewed in the last 12 months", "percent", "higher_is_better", 1),
    ("KPI-ASSESS28", "Care Act assessments completed within 28 days", "percent", "higher_is_better", 1),
    ("KPI-SG90", "Safeguarding enquiries concluded within 90 days", "percent", "higher_is_better", 1),
    ("KPI-WAITING", "People waiting for a Care Act assessment", "count", "lower_is_better", 0),
    ("KPI-WAITDAYS", "Average days from first contact to assessment", "days", "lower_is_better", 1),
    ("KPI-SICK", "Sickness absence in adult services (days per employee)", "days", "lower_is_better", 1),
    ("KPI-DTOC", "Delayed days in hospital attributable to social care, per 100,000", "per_100k", "lower_is_better", 1),
    ("KPI-CARERS", "Carers assessed or reviewed in the month", "count", "higher_is_better", 0),
    ("KPI-HCCOST", "Average weekly cost of a home care package", "money", "neither", 2),
)

META_TABLE = "bench_meta"


class BenchDatabaseError(RuntimeError):
    """The database named by DATABASE_URL is not one the benchmark may write to."""


# --- Django set-up ----------------------------------------------------------------------


def configure() -> str:
    """Point Django at the benchmark database and set it up. Returns the database URL used.

    DATABASE_URL from the environment wins (for PostgreSQL); otherwise a SQLite file under
    bench/results/. Settings are production-like (DEBUG off) except for the fast password
    hasher that ASCENT_ENV=test selects.
    """
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB}"
    os.environ["DATABASE_URL"] = url
    os.environ["ASCENT_ENV"] = "test"
    os.environ["DEBUG"] = "false"
    os.environ["SECURE_SSL"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-outside-the-benchmark-0123456789")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_TO_CONSOLE", "true")  # no mail is sent; DEBUG off needs a choice
    os.environ["DJANGO_SETTINGS_MODULE"] = "ascent.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return url


def uses_default_file(url: str) -> bool:
    return url == f"sqlite:///{DEFAULT_DB}"


# --- the record of what was generated ---------------------------------------------------


def _read_meta() -> dict[str, str]:
    from django.db import DatabaseError, connection, transaction

    if META_TABLE not in connection.introspection.table_names():
        return {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT name, value FROM {META_TABLE}")  # noqa: S608 (constant table name)
            return dict(cursor.fetchall())
    except DatabaseError:
        return {}


def _write_meta(values: dict[str, str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (name VARCHAR(50) PRIMARY KEY, value TEXT NOT NULL)")
        cursor.execute(f"DELETE FROM {META_TABLE}")  # noqa: S608 (constant table name)
        for name, value in values.items():
            cursor.execute(f"INSERT INTO {META_TABLE} (name, value) VALUES (%s, %s)", [name, value])  # noqa: S608


def _has_project_data() -> bool:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from ascent.organisations.models import Organisation

    tables = set(connection.introspection.table_names())
    User = get_user_model()
    return any(model._meta.db_table in tables and model.objects.exists() for model in (User, Organisation))


def _matches(meta: dict[str, str]) -> bool:
    """Whether the database holds what this version of the generator makes."""
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError

    from ascent.indicators.models import Observation

    if meta.get("generator_version") != str(GENERATOR_VERSION):
        return False
    try:
        counts = json.loads(meta["counts"])
        json.loads(meta["imports"])
        return (
            counts["users"] == get_user_model().objects.count()
            and counts["observations"] == Observation.objects.count()
        )
    except (KeyError, ValueError, DatabaseError):
        return False


# --- preparing the database -------------------------------------------------------------


def ensure_database(url: str, *, fresh: bool = False, log=print) -> dict:
    """Migrate the database and generate the data unless a matching copy is already there.

    Returns what the database holds: ``reused``, ``generation_seconds`` (of this run, or of
    the run that made the reused copy), ``generated_at``, ``counts`` and ``imports`` (the
    figures of the timed imports made while generating, by kind; see :func:`time_import`).
    """
    from django.core.management import call_command
    from django.db import connection

    meta = _read_meta()
    if not fresh and _matches(meta):
        call_command("migrate", interactive=False, verbosity=0)
        log(f"Reusing the generated database (generator version {GENERATOR_VERSION}); --fresh rebuilds it.")
        return {
            "reused": True,
            "generation_seconds": float(meta["generation_seconds"]),
            "generated_at": meta["generated_at"],
            "counts": json.loads(meta["counts"]),
            "imports": json.loads(meta["imports"]),
        }

    started = time.perf_counter()
    if uses_default_file(url):
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
        log(f"Generating the benchmark database in {DEFAULT_DB.relative_to(ROOT)} ...")
        call_command("migrate", interactive=False, verbosity=0)
    else:
        if not meta and _has_project_data():
            raise BenchDatabaseError(
                "DATABASE_URL points at a database that already holds users or organisations and was not "
                "made by the benchmark. Give the benchmark an empty database of its own."
            )
        call_command("migrate", interactive=False, verbosity=0)
        if meta:
            call_command("flush", interactive=False, verbosity=0)
        log("Generating the benchmark data in the database named by DATABASE_URL ...")
    counts, imports = generate(log)
    seconds = time.perf_counter() - started
    from django.utils import timezone

    generated_at = timezone.now().isoformat(timespec="seconds")
    _write_meta(
        {
            "generator_version": str(GENERATOR_VERSION),
            "generated_at": generated_at,
            "generation_seconds": f"{seconds:.3f}",
            "counts": json.dumps(counts),
            "imports": json.dumps(imports),
        }
    )
    return {
        "reused": False,
        "generation_seconds": seconds,
        "generated_at": generated_at,
        "counts": counts,
        "imports": imports,
    }


def generate(log=print) -> tuple[dict[str, int], dict[str, dict]]:
    """Fill an empty, migrated database.

    Returns the counts of what was made, and the figures of the timed imports (the
    observations, and the spending lines) by kind.
    """
    from django.db import transaction

    with transaction.atomic():
        role_changes = _generate(random.Random(SEED))
    imports = _generate_performance(random.Random(SEED + 1), log)
    return describe() | {"role_changes": role_changes}, imports


def _generate(rng: random.Random) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django.utils.text import slugify
    from simple_history.utils import bulk_create_with_history

    from ascent.jobs.models import Job
    from ascent.organisations.actions import change_role
    from ascent.organisations.models import Invitation, Membership, Organisation, Region, hash_token
    from ascent.organisations.reference import load_reference_data

    User = get_user_model()
    now = timezone.now()
    launch = now - timedelta(days=HISTORY_DAYS + 7)

    # Reference data, as if loaded when the platform launched.
    load_reference_data()
    Region.history.model.objects.update(history_date=launch)
    Organisation.history.model.objects.update(history_date=launch)
    organisations = list(Organisation.objects.order_by("gss_code"))

    # People: each council's admins join in the first fortnight, the rest over the months after.
    unusable_password = make_password(None)
    people = []  # (organisation, user, starting role)
    for organisation in organisations:
        start = SMALL_START if organisation.gss_code == SMALL_COUNCIL else FULL_START
        domain = f"{slugify(organisation.name)}.bench.ascent.invalid"
        for role, count in start.items():
            for _ in range(count):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                days = rng.uniform(1, 14) if role == ADMIN else rng.uniform(14, HISTORY_DAYS - 30)
                joined = launch + timedelta(days=days)
                user = User(
                    email=f"{slugify(first)}.{slugify(last)}.{len(people) + 1}@{domain}",
                    full_name=f"{first} {last}",
                    job_title=rng.choice(JOB_TITLES[role]),
                    password=unusable_password,
                    date_joined=joined,
                )
                user._history_date = joined
                people.append((organisation, user, role))
    bulk_create_with_history([user for _, user, _ in people], User, batch_size=BATCH_SIZE)

    # Memberships: platform staff add each council's admins; the admins add everyone else.
    admins: dict[int, list] = {}
    for organisation, user, role in people:
        if role == ADMIN:
            admins.setdefault(organisation.pk, []).append(user)
    memberships = []
    for organisation, user, role in people:
        membership = Membership(user=user, organisation=organisation, role=role)
        membership._history_date = user.date_joined + timedelta(minutes=rng.uniform(2, 90))
        membership._history_user = None if role == ADMIN else rng.choice(admins[organisation.pk])
        memberships.append(membership)
    bulk_create_with_history(memberships, Membership, batch_size=BATCH_SIZE)
    joined_at = {m.pk: m._history_date for m in memberships}

    # Open invitations, sent in the last fortnight.
    invitations = []
    for organisation in organisations:
        kind = "small" if organisation.gss_code == SMALL_COUNCIL else "full"
        domain = f"{slugify(organisation.name)}.bench.ascent.invalid"
        for number in range(INVITATIONS[kind]):
            sent = now - timedelta(days=rng.uniform(1, 12))
            admin = rng.choice(admins[organisation.pk])
            invitation = Invitation(
                organisation=organisation,
                email=f"new.starter.{number + 1}@{domain}",
                role=rng.choice([VIEWER, CONTRIBUTOR]),
                token_hash=hash_token(f"bench-{organisation.gss_code}-{number}"),
                invited_by=admin,
                expires_at=sent + timedelta(days=14),
            )
            invitation._history_date = sent
            invitation._history_user = admin
            invitations.append(invitation)
    bulk_create_with_history(invitations, Invitation, batch_size=BATCH_SIZE)

    # Role changes, through the action the Members page uses; then dated realistically, some
    # time after the person joined and within the last three months.
    by_organisation: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_organisation.setdefault(membership.organisation_id, []).append(membership)
    role_changes = 0
    for organisation in organisations:
        changes = SMALL_CHANGES if organisation.gss_code == SMALL_COUNCIL else FULL_CHANGES
        pool = list(by_organisation[organisation.pk])
        rng.shuffle(pool)
        for from_role, to_role in changes:
            membership = next(m for m in pool if m.role == from_role)
            pool.remove(membership)
            change_role(membership, role=to_role, by=rng.choice(admins[organisation.pk]))
            role_changes += 1
    HistoricalMembership = Membership.history.model
    changed = list(HistoricalMembership.objects.filter(history_type="~"))
    for row in changed:
        earliest = max(joined_at[row.id] + timedelta(days=1), now - timedelta(days=90))
        row.history_date = earliest + (now - timedelta(hours=1) - earliest) * rng.random()
    HistoricalMembership.objects.bulk_update(changed, ["history_date"], batch_size=BATCH_SIZE)

    # Report jobs, produced over the last two months.
    jobs = []
    formats = [("pdf", "PDF", "application/pdf"), ("docx", "Word", "application/vnd.openxmlformats")]
    for organisation in organisations:
        kind = "small" if organisation.gss_code == SMALL_COUNCIL else "full"
        members = [m.user for m in by_organisation[organisation.pk] if m.role >= CONTRIBUTOR]
        for _ in range(JOBS[kind]):
            fmt, label, content_type = rng.choice(formats)
            jobs.append(
                Job(
                    organisation=organisation,
                    created_by=rng.choice(members),
                    kind="report:profile",
                    title=f"Organisation profile ({label})",
                    parameters={"report": "profile", "format": fmt},
                    status=Job.Status.DONE,
                    progress=100,
                    result_name=f"organisation-profile.{fmt}",
                    result_content_type=content_type,
                )
            )
    Job.objects.bulk_create(jobs, batch_size=BATCH_SIZE)
    for job in jobs:
        job.created_at = job.started_at = now - timedelta(days=rng.uniform(0, 60))
        job.finished_at = job.updated_at = job.created_at + timedelta(seconds=rng.uniform(2, 20))
    Job.objects.bulk_update(jobs, ["created_at", "started_at", "finished_at", "updated_at"], batch_size=BATCH_SIZE)

    return role_changes


# --- performance evidence ---------------------------------------------------------------

OBSERVATION_HEADINGS = ("organisation", "indicator", "period", "value", "numerator", "denominator", "status")
EXPENDITURE_HEADINGS = ("organisation", "service_line", "financial_year", "amount", "basis", "measure", "units")


def _max_rss_mb() -> float:
    """The most memory this process has held so far (resident set size), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def time_import(kind: str, data: bytes, file_name: str, *, dry_run: bool = False, keep: bool = True) -> dict:
    """Import a whole file through ``ascent.imports.engine.import_file`` and time it.

    ``keep=False`` imports inside a transaction that is then rolled back, so the database is
    left as it was (for timing a re-import on every run). Raises RuntimeError if the file
    has errors: the generated files never should.
    """
    from django.db import transaction

    from ascent.imports.engine import import_file

    rss_before = _max_rss_mb()
    cpu, started = time.process_time(), time.perf_counter()
    if keep:
        result, run = import_file(kind, data, file_name, dry_run=dry_run)
    else:
        with transaction.atomic():
            result, run = import_file(kind, data, file_name, dry_run=dry_run)
            transaction.set_rollback(True)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    if result.errors:
        shown = "; ".join(str(error) for error in result.errors[:5])
        raise RuntimeError(f"{file_name} has {len(result.errors):,} errors, such as: {shown}")
    if result.warnings:
        # A generated file holds no slips: one would stop the import (it needs accept_warnings).
        shown = "; ".join(str(warning) for warning in result.warnings[:5])
        raise RuntimeError(f"{file_name} has {len(result.warnings):,} warnings, such as: {shown}")
    counts = result.counts
    return {
        "kind": kind,
        "file": file_name,
        "file_bytes": len(data),
        "sha256": sha256(data),
        "rows": counts.read,
        "created": counts.created,
        "revised": counts.revised,
        "unchanged": counts.unchanged,
        "saved": run is not None,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "rows_per_second": round(counts.read / seconds) if seconds else None,
        "rss_before_mb": round(rss_before),
        "rss_peak_mb": round(_max_rss_mb()),
    }


def _csv_bytes(headings: tuple[str, ...], rows: list[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _periods():
    """The periods values are generated for: financial years, quarters and months, oldest first."""
    from ascent.core.periods import Period

    years = [Period.financial_year(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)]
    quarters = []
    year, quarter = FIRST_QUARTER
    while (year, quarter) <= (LAST_YEAR, 4):
        quarters.append(Period.quarter(year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    months = []
    year, month = FIRST_MONTH
    while (year, month) <= LAST_MONTH:
        months.append(Period.month(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return years, quarters, months


class _Measure:
    """How one indicator's made-up values behave: a centre, a spread between councils and noise."""

    def __init__(self, rng: random.Random, code: str, unit: str, decimals: int, valid_max=None):
        self.code, self.unit, self.decimals = code, unit, decimals
        self.low, self.high = 0.0, None
        if unit == "percent":
            self.centre, self.spread, self.noise, self.low, self.high = rng.uniform(35, 88), 8, 2.5, 1, 99
            self.base = rng.choice((60, 250, 900, 2500))  # people in the denominator, for an average council
        elif unit == "per_100k":
            self.centre = rng.uniform(8, 30) if rng.random() < 0.6 else rng.uniform(400, 700)
            self.spread, self.noise = self.centre * 0.25, self.centre * 0.06
            self.base = 60_000  # the population the rate is per
        elif unit == "score":
            self.centre, self.spread, self.noise = rng.uniform(7, 20), 0.8, 0.3
            if valid_max is not None:
                # On the measure's own scale (1D is 0 to 12), which the import refuses values off.
                self.high = float(valid_max)
                self.centre = min(self.centre, self.high * 0.7)
        elif unit == "count":
            self.centre = rng.uniform(40, 400)
            self.spread, self.noise = self.centre * 0.3, self.centre * 0.08
        elif unit == "days":
            self.centre = rng.uniform(8, 40)
            self.spread, self.noise = self.centre * 0.2, self.centre * 0.05
        else:  # money
            self.centre, self.spread, self.noise = rng.uniform(250, 650), 60, 12

    def walk(self, rng: random.Random, count: int) -> list[float]:
        """``count`` values for one council, drifting from a level of its own."""
        level = self.centre + rng.gauss(0, self.spread)
        drift = rng.gauss(0, self.spread * 0.03)
        values = []
        for step in range(count):
            value = max(self.low, level + drift * step + rng.gauss(0, self.noise))
            values.append(min(self.high, value) if self.high is not None else value)
        return values

    def cells(self, rng: random.Random, value: float, scale: float) -> tuple[str, str, str]:
        """(value, numerator, denominator) as a council's file writes them. Percentages and rates
        come from whole-number numerators and denominators, so they always agree."""
        if self.unit == "percent":
            denominator = max(10, round(self.base * scale * rng.uniform(0.9, 1.1)))
            numerator = min(denominator, round(denominator * value / 100))
            return f"{100 * numerator / denominator:.1f}", str(numerator), str(denominator)
        if self.unit == "per_100k":
            denominator = max(1000, round(self.base * scale * rng.uniform(0.95, 1.05)))
            numerator = round(value * denominator / 100_000)
            return f"{numerator * 100_000 / denominator:.1f}", str(numerator), str(denominator)
        if self.unit == "count":
            return str(round(value * scale)), "", ""
        return f"{value:.{self.decimals}f}", "", ""


def observation_rows(rng: random.Random) -> tuple[list[tuple], dict[tuple[str, str], float]]:
    """The rows of the observations file, and each council's latest value of each indicator."""
    from ascent.indicators.codes import NEW_SET_FROM
    from ascent.indicators.models import Indicator
    from ascent.organisations.models import Organisation

    years, quarters, months = _periods()
    shipped, succeeded = [], set()
    # The 2014/15 to 2022/23 set first, then the set from 2023/24, each in the library's order.
    measures = Indicator.objects.filter(organisation__isnull=True).values_list(
        "code", "unit", "decimals", "valid_max", "successor_id", "sort_order"
    )
    for code, unit, decimals, valid_max, successor, _order in sorted(
        measures, key=lambda m: (not m[0].startswith("ASCOF-"), m[5], m[0])
    ):
        shipped.append(_Measure(rng, code, unit, decimals, valid_max))
        if successor is not None:
            succeeded.add(code)
    # A 2014/15 to 2022/23 measure that a 2023/24 one carries on has no values of its own from
    # April 2023: its code for those periods is read as the successor's (ascent.indicators.codes).
    old_years = [p for p in years if p.start < NEW_SET_FROM]
    old_quarters = [p for p in quarters if p.start < NEW_SET_FROM]
    local = [_Measure(rng, code, unit, decimals) for code, _, unit, _, decimals in LOCAL_INDICATORS]
    small_shipped = [measure for measure in shipped if measure.code.startswith("ASCOF23-")][:SMALL_SHIPPED]
    rows: list[tuple] = []
    latest: dict[tuple[str, str], float] = {}
    for gss_code in Organisation.objects.order_by("gss_code").values_list("gss_code", flat=True):
        small = gss_code == SMALL_COUNCIL
        scale = 0.02 if small else min(6.0, max(0.15, rng.lognormvariate(0, 0.55)))
        plan = (
            [(measure, years[-SMALL_YEARS:]) for measure in small_shipped]
            + [(measure, months[-SMALL_MONTHS:]) for measure in local[:SMALL_LOCAL]]
            if small
            else [(measure, old_years if measure.code in succeeded else years) for measure in shipped]
            + [(measure, old_quarters if measure.code in succeeded else quarters) for measure in shipped]
            + [(measure, months) for measure in local]
        )
        for measure, periods in plan:
            values = measure.walk(rng, len(periods))
            for period, value in zip(periods, values, strict=True):
                status = "provisional" if period.end >= PROVISIONAL_FROM else "final"
                rows.append((gss_code, measure.code, period.label, *measure.cells(rng, value, scale), status))
            # The latest year (or month) is what targets are set against.
            if periods is not quarters and periods is not old_quarters:
                latest[(gss_code, measure.code)] = values[-1] * (scale if measure.unit == "count" else 1)
    return rows, latest


def expenditure_rows(rng: random.Random) -> list[tuple]:
    """The rows of the spending file: net spending in £000 by service line and financial year."""
    from ascent.core.periods import financial_year_label
    from ascent.organisations.models import Organisation

    rows = []
    for gss_code in Organisation.objects.order_by("gss_code").values_list("gss_code", flat=True):
        small = gss_code == SMALL_COUNCIL
        lines = SERVICE_LINES[:SMALL_SERVICE_LINES] if small else SERVICE_LINES
        years = SPENDING_YEARS[-SMALL_SPENDING_YEARS:] if small else SPENDING_YEARS
        total = 1_500 if small else 60_000 * min(6.0, max(0.15, rng.lognormvariate(0, 0.55)))
        for year in years:
            basis = "actual" if year <= 2023 else "forecast" if year == 2024 else "budget"
            for name, share in lines:
                amount = round(total * share * rng.uniform(0.93, 1.07))
                rows.append((gss_code, name, financial_year_label(year), str(amount), basis, "net", "£000"))
            total *= rng.uniform(1.01, 1.08)
    return rows


def observations_file(expected_sha256: str | None = None) -> bytes:
    """The observations file the database was built from: read from bench/results/, or made
    again (the same bytes, from the same seed) when it is missing or not the one expected."""
    if OBSERVATIONS_FILE.exists():
        data = OBSERVATIONS_FILE.read_bytes()
        if expected_sha256 is None or sha256(data) == expected_sha256:
            return data
    rows, _ = observation_rows(random.Random(SEED + 1))
    data = _csv_bytes(OBSERVATION_HEADINGS, rows)
    OBSERVATIONS_FILE.write_bytes(data)
    return data


def _number(value: float, decimals: int):
    from decimal import Decimal

    return Decimal(f"{value:.{decimals}f}")


def _target(rng: random.Random, organisation_id: int, indicator, value: float, index: int, year: int):
    """A target near the council's latest value, so that ratings come out mixed: thresholds
    mostly, some ranges and some directions against a baseline, as council scorecards set them."""
    from ascent.core.periods import Period
    from ascent.indicators.models import Target

    target = Target(organisation_id=organisation_id, indicator_id=indicator.pk)
    decimals = indicator.decimals
    ceiling = 100.0 if indicator.unit == "percent" else None

    def near(x: float) -> float:
        x = max(0.0, x)
        return min(ceiling, x) if ceiling is not None else x

    choice = index % 6
    if indicator.polarity == "neither" or (choice == 0 and indicator.unit == "percent"):
        width = max(abs(value) * 0.06, 1.0)
        middle = value + rng.gauss(0, width / 2)
        target.kind = "range"
        target.low, target.high = _number(near(middle - width), decimals), _number(near(middle + width), decimals)
    elif choice == 1:
        target.kind = "direction"
        target.change = rng.choice(("improve", "maintain_or_improve"))
        target.baseline_value = _number(near(value * rng.uniform(0.94, 1.06)), decimals)
        target.baseline_label = f"Mar '{year % 100:02d}"
    else:
        target.kind = "threshold"
        target.comparison = "at_least" if indicator.polarity == "higher_is_better" else "at_most"
        target.value = _number(near(value * rng.uniform(0.93, 1.07)), decimals)
        if choice == 3:
            target.tolerance = _number(max(abs(value) * 0.03, 10**-decimals), decimals)
    target.set_period(Period.financial_year(year))
    return target


def _generate_performance(rng: random.Random, log) -> dict[str, dict]:
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    from ascent.frameworks.crosswalk import load_shipped_crosswalk
    from ascent.frameworks.loading import load_shipped_frameworks
    from ascent.frameworks.models import Element, Framework
    from ascent.indicators.comparators import create_custom_group, sync_builtin_groups
    from ascent.indicators.library import load_indicator_library
    from ascent.indicators.models import (
        Frequency,
        Indicator,
        IndicatorElement,
        IndicatorGroup,
        IndicatorGroupItem,
        Target,
    )
    from ascent.organisations.models import CouncilType, Membership, Organisation, Role

    organisations = list(Organisation.objects.order_by("gss_code"))
    # As `manage.py load_indicators` does: the library and the built-in comparator groups.
    with transaction.atomic():
        # As `make setup` does: the frameworks first, as the library tags its measures with them.
        load_shipped_frameworks()
        load_shipped_crosswalk()
        load_indicator_library()
        sync_builtin_groups()
        local = []
        for organisation in organisations:
            count = SMALL_LOCAL if organisation.gss_code == SMALL_COUNCIL else len(LOCAL_INDICATORS)
            for order, (code, title, unit, polarity, decimals) in enumerate(LOCAL_INDICATORS[:count], start=1):
                local.append(
                    Indicator(
                        organisation=organisation,
                        code=code,
                        title=title,
                        definition=f"{title}, as the council's performance team reports it each month.",
                        unit=unit,
                        polarity=polarity,
                        decimals=decimals,
                        source="Council performance team",
                        frequency=Frequency.MONTHLY,
                        sort_order=order * 10,
                    )
                )
        bulk_create_with_history(local, Indicator, batch_size=BATCH_SIZE)
        # Each council's local indicators count towards its own "Local priorities" area.
        bulk_create_with_history(
            [
                Framework(organisation=organisation, slug="local-indicators", version="1", name="Local indicators")
                for organisation in organisations
            ],
            Framework,
            batch_size=BATCH_SIZE,
        )
        frameworks = {f.organisation_id: f for f in Framework.objects.filter(slug="local-indicators")}
        bulk_create_with_history(
            [
                Element(framework=framework, key="local-priorities", kind="Area", title="Local priorities")
                for framework in frameworks.values()
            ],
            Element,
            batch_size=BATCH_SIZE,
        )
        areas = {
            e.framework.organisation_id: e
            for e in Element.objects.filter(framework__slug="local-indicators").select_related("framework")
        }
        bulk_create_with_history(
            [
                IndicatorElement(
                    indicator=indicator,
                    element=areas[indicator.organisation_id],
                    organisation_id=indicator.organisation_id,
                )
                for indicator in Indicator.objects.filter(organisation__isnull=False)
            ],
            IndicatorElement,
            batch_size=BATCH_SIZE,
        )

    log(f"  Importing indicator values through the import engine ({OBSERVATIONS_FILE.name}) ...")
    rows, latest = observation_rows(rng)
    data = _csv_bytes(OBSERVATION_HEADINGS, rows)
    OBSERVATIONS_FILE.write_bytes(data)
    imports = {"observations": time_import("observations", data, OBSERVATIONS_FILE.name)}
    figures = imports["observations"]
    log(f"  {figures['rows']:,} rows in {figures['seconds']:.1f} s ({figures['rows_per_second']:,} rows/s)")
    spending = _csv_bytes(EXPENDITURE_HEADINGS, expenditure_rows(rng))
    EXPENDITURE_FILE.write_bytes(spending)
    imports["expenditure"] = time_import("expenditure", spending, EXPENDITURE_FILE.name)

    with transaction.atomic():
        indicators: dict[int, list] = {}
        query = Indicator.objects.order_by("sort_order", "code")
        shipped = list(query.filter(organisation__isnull=True))
        for indicator in query.filter(organisation__isnull=False):
            indicators.setdefault(indicator.organisation_id, []).append(indicator)
        targets = []
        for organisation in organisations:
            years = BENCH_COUNCIL_TARGET_YEARS if organisation.gss_code == BENCH_COUNCIL else TARGET_YEARS
            if organisation.gss_code == SMALL_COUNCIL:
                years = (LAST_YEAR,)
            own = shipped + indicators.get(organisation.pk, [])
            for index, indicator in enumerate(own):
                value = latest.get((organisation.gss_code, indicator.code))
                if value is None:
                    continue
                targets.extend(_target(rng, organisation.pk, indicator, value, index, year) for year in years)
        bulk_create_with_history(targets, Target, batch_size=BATCH_SIZE)

        # A board scorecard and a nearest-neighbour comparator group for the two councils compared.
        by_code = {organisation.gss_code: organisation for organisation in organisations}
        admins = {
            m.organisation_id: m.user
            for m in Membership.objects.filter(role=Role.ADMIN).select_related("user").order_by("-pk")
        }
        london = [o.pk for o in organisations if o.council_type == CouncilType.LONDON_BOROUGH]
        for gss_code, size, members in (
            (BENCH_COUNCIL, 20, rng.sample([pk for pk in london if pk != by_code[BENCH_COUNCIL].pk], 15)),
            (SMALL_COUNCIL, 3, [by_code[code].pk for code in ("E06000052", "E10000008", "E06000026")]),
        ):
            organisation = by_code[gss_code]
            own = indicators.get(organisation.pk, [])
            chosen = [i for i in shipped if i.code.startswith("ASCOF23-")][: size - len(own[:6])] + own[:6]
            chosen = [i for i in chosen if (gss_code, i.code) in latest][:size]
            group = IndicatorGroup.objects.create(
                organisation=organisation, name=BOARD_GROUP, description="The measures the board sees each month."
            )
            for order, indicator in enumerate(chosen, start=1):
                IndicatorGroupItem.objects.create(group=group, indicator=indicator, order=order)
            create_custom_group(
                organisation,
                name="Nearest neighbours",
                description="Councils most like ours, chosen for benchmarking.",
                member_ids=set(members),
                by=admins[organisation.pk],
            )
    return imports


def describe() -> dict[str, int]:
    """Counts of what the database holds."""
    from django.contrib.auth import get_user_model

    from ascent.core.audit import audited_models
    from ascent.finance.models import ExpenditureLine
    from ascent.imports.models import ImportChange, ImportRun
    from ascent.indicators.models import ComparatorGroup, Indicator, IndicatorGroup, Observation, Target
    from ascent.jobs.models import Job
    from ascent.organisations.models import Invitation, Membership, Organisation, Region

    User = get_user_model()
    return {
        "regions": Region.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "invitations": Invitation.objects.count(),
        "jobs": Job.objects.count(),
        "indicators_shipped": Indicator.objects.filter(organisation__isnull=True).count(),
        "indicators_local": Indicator.objects.filter(organisation__isnull=False).count(),
        "observations": Observation.objects.count(),
        "targets": Target.objects.count(),
        "expenditure_lines": ExpenditureLine.objects.count(),
        "comparator_groups": ComparatorGroup.objects.count(),
        "indicator_groups": IndicatorGroup.objects.count(),
        "import_runs": ImportRun.objects.count(),
        "import_changes": ImportChange.objects.count(),
        "history_rows": sum(model.history.model.objects.count() for model in [User, Region, *audited_models()]),
    }


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the database even if it matches")
    args = parser.parse_args(argv)
    url = configure()
    try:
        facts = ensure_database(url, fresh=args.fresh)
    except BenchDatabaseError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    state = "reused" if facts["reused"] else "generated"
    print(f"Database {state} ({facts['generation_seconds']:.1f} s to generate): {json.dumps(facts['counts'])}")
    for figures in facts["imports"].values():
        print(
            f"Import of {figures['file']}: {figures['rows']:,} rows in {figures['seconds']:.1f} s "
            f"({figures['rows_per_second']:,} rows/s), peak memory {figures['rss_peak_mb']:,} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
