"""The benchmark database: every council in England, its people and a realistic audit history.

What it holds (see ``describe()`` for the exact counts):

* the reference data: 9 regions and the 153 councils, loaded with
  ``ascent.organisations.reference.load_reference_data()`` and dated to the platform's launch;
* 50 people in each council, created in bulk with their history rows
  (``simple_history.utils.bulk_create_with_history``), joining over 18 months. Each council
  starts with 2 admins, 7 editors, 15 contributors and 26 viewers; four role changes made
  through ``ascent.organisations.actions.change_role`` (as an admin would make them) leave
  2 admins, 8 editors, 15 contributors and 25 viewers;
* the Isles of Scilly (E06000053), England's smallest council, has 5 people instead, so the
  benchmark can check that a page makes the same number of queries for 5 members as for 50;
* two open invitations per council (one for the Isles of Scilly) and twelve report jobs (two).

The data are random but seeded, so every run generates the same people. The database is
reused while ``GENERATOR_VERSION`` matches what it records; bump the version whenever this
file changes what it generates.

Run on its own to (re)build the database without measuring anything:

    .venv/bin/python bench/generate.py [--fresh]
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DEFAULT_DB = RESULTS_DIR / "bench.sqlite3"

GENERATOR_VERSION = 1
SEED = 20261123

MEMBERS_PER_COUNCIL = 50
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

    if meta.get("generator_version") != str(GENERATOR_VERSION):
        return False
    try:
        return json.loads(meta["counts"])["users"] == get_user_model().objects.count()
    except (KeyError, ValueError, DatabaseError):
        return False


# --- preparing the database -------------------------------------------------------------


def ensure_database(url: str, *, fresh: bool = False, log=print) -> dict:
    """Migrate the database and generate the data unless a matching copy is already there.

    Returns what the database holds: ``reused``, ``generation_seconds`` (of this run, or of
    the run that made the reused copy), ``generated_at`` and ``counts``.
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
    counts = generate()
    seconds = time.perf_counter() - started
    from django.utils import timezone

    generated_at = timezone.now().isoformat(timespec="seconds")
    _write_meta(
        {
            "generator_version": str(GENERATOR_VERSION),
            "generated_at": generated_at,
            "generation_seconds": f"{seconds:.3f}",
            "counts": json.dumps(counts),
        }
    )
    return {"reused": False, "generation_seconds": seconds, "generated_at": generated_at, "counts": counts}


def generate() -> dict[str, int]:
    """Fill an empty, migrated database. Returns the counts of what was made."""
    from django.db import transaction

    with transaction.atomic():
        return _generate(random.Random(SEED))


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

    return describe() | {"role_changes": role_changes}


def describe() -> dict[str, int]:
    """Counts of what the database holds."""
    from django.contrib.auth import get_user_model

    from ascent.core.audit import audited_models
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
