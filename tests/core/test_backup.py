"""A backup holds every record, history row and stored file, and restores into an empty installation only.

The round trip empties the test database (as a new installation would be: only what `migrate`
creates), restores, and compares every row of every table and every file's checksum. Content
types and permissions are recreated with other ids first, so the test also proves that rows
pointing at them (admin log entries, a person's permissions) are translated by natural key.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from ascent.core import backup
from ascent.core.backup import MANIFEST, BackupError, copied_models, restore_backup, write_backup
from ascent.finance.models import ExpenditureLine
from ascent.imports.models import ImportRun
from ascent.indicators.models import Observation
from ascent.jobs.models import Job
from ascent.jobs.services import finish_job
from ascent.organisations.models import Organisation

from ..factories import OrganisationFactory
from ..finance.factories import ExpenditureLineFactory
from ..indicators.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(harrow, herefordshire, admin_user, editor, viewer, outsider, superuser):
    """Records in most apps, with created, changed and deleted history rows, and stored files."""
    indicator = IndicatorFactory(code="ASCOF-1C1A", title="Self-directed support")
    observation = ObservationFactory(organisation=harrow, indicator=indicator, value=Decimal("58.5"))
    observation.value = Decimal("61.25")
    observation._history_user = editor
    observation.save()
    ObservationFactory(organisation=herefordshire, indicator=indicator, value=Decimal("40.125"))
    gone = ExpenditureLineFactory(organisation=harrow, service_line="Long-term care")
    ExpenditureLineFactory(organisation=harrow, service_line="Short-term care", amount=Decimal("1263000.50"))
    gone.delete()
    ImportRun.objects.create(
        organisation=harrow,
        kind="observations",
        file=ContentFile(b"gss_code,indicator,period,value\nE09000015,ASCOF-1C1A,2023-24,61.25\n", name="figures.csv"),
        file_name="figures.csv",
        file_sha256="0" * 64,
        mapping={"value": "Value £"},
        errors=[{"row": 2, "reason": "Ünïcode is kept"}],
        created_by=editor,
    )
    job = Job.objects.create(organisation=harrow, created_by=admin_user, kind="report", title="Profile", parameters={})
    finish_job(job, content=b"%PDF-1.7 not really", filename="profile.pdf", content_type="application/pdf")
    evidence = Path(settings.MEDIA_ROOT) / "evidence" / "2026" / "minutes.txt"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"Board minutes, kept by a later release")
    LogEntry.objects.log_actions(
        user_id=superuser.pk, queryset=[harrow], action_flag=CHANGE, change_message="Renamed", single_object=True
    )
    group = Group.objects.create(name="Support desk")
    permission = Permission.objects.get(codename="view_organisation")
    group.permissions.add(permission)
    viewer.user_permissions.add(permission)
    viewer.groups.add(group)


def natural(model, field_name):
    """A column's values as natural keys where they point at content types or permissions."""
    target = model._meta.get_field(field_name).remote_field
    target = target.model if target is not None else None
    if target is ContentType:
        names = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
        return lambda value: names.get(value)
    if target is Permission:
        permissions = Permission.objects.select_related("content_type")
        names = {p.pk: (p.content_type.app_label, p.codename) for p in permissions}
        return lambda value: names.get(value)
    return lambda value: value


def everything() -> dict[str, list[tuple]]:
    found = {}
    for model in copied_models():
        names = [f.name for f in model._meta.concrete_fields]
        convert = [natural(model, name) for name in names]
        rows = model._base_manager.order_by("pk").values_list(*[f.attname for f in model._meta.concrete_fields])
        found[model._meta.label_lower] = [tuple(c(v) for c, v in zip(convert, row, strict=True)) for row in rows]
    return found


def stored_files() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def empty_installation() -> None:
    """What a new database holds after `migrate`: content types and permissions, with other ids."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    ContentType.objects.clear_cache()
    ContentType.objects.create(app_label="elsewhere", model="shifts every id")
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)
    ContentType.objects.clear_cache()


def wipe_media() -> None:
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_restore_into_an_empty_installation_finds_every_record_history_row_and_file(world, tmp_path):
    before, files_before = everything(), stored_files()
    assert set(ExpenditureLine.history.values_list("history_type", flat=True)) == {"+", "-"}
    assert set(Observation.history.values_list("history_type", flat=True)) == {"+", "~"}
    assert LogEntry.objects.exists() and before["accounts.user_user_permissions"]
    assert "evidence/2026/minutes.txt" in files_before and len(files_before) == 3
    archive = tmp_path / "ascent.tar.gz"

    made = write_backup(archive)
    empty_installation()
    wipe_media()
    assert not Observation.objects.exists() and stored_files() == {}
    restored = restore_backup(archive)

    assert restored.counts == made.counts
    assert everything() == before
    assert stored_files() == files_before
    assert restored.files == made.files == 3


def test_new_records_after_a_restore_get_fresh_ids(world, tmp_path):
    archive = tmp_path / "ascent.tar.gz"
    write_backup(archive)
    highest = Organisation.objects.order_by("-pk").first().pk
    empty_installation()
    wipe_media()
    restore_backup(archive)

    created = OrganisationFactory(gss_code="E06000001", name="Hartlepool")  # the sequence was moved on

    assert created.pk > highest
    assert ExpenditureLine.history.filter(history_type="-").count() == 1


def test_the_manifest_records_version_migrations_counts_and_checksums(world, tmp_path):
    archive = tmp_path / "ascent.tar.gz"
    write_backup(archive)
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
        job_file = Job.objects.get().result_file.name
        content = tar.extractfile(f"files/{job_file}").read()

    assert manifest["version"] == backup.version() != "unknown"
    assert manifest["engine"] == connection.vendor
    assert ["organisations", "0001_initial"] in manifest["migrations"]
    assert manifest["tables"]["indicators.observation"]["rows"] == 2
    assert manifest["tables"]["indicators.historicalobservation"]["rows"] == 3
    assert "sessions.session" not in manifest["tables"] and "contenttypes.contenttype" not in manifest["tables"]
    assert manifest["members"][f"files/{job_file}"]["sha256"] == hashlib.sha256(content).hexdigest()
    assert names[-2:] == ["manifest.json", "manifest.hmac"]
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_a_backup_never_overwrites_a_file(world, tmp_path):
    archive = tmp_path / "ascent.tar.gz"
    archive.write_bytes(b"yesterday's backup")
    with pytest.raises(BackupError, match="already exists"):
        write_backup(archive)
    assert archive.read_bytes() == b"yesterday's backup"


def test_a_backup_is_not_written_into_the_file_store(world):
    with pytest.raises(BackupError, match="outside the file store"):
        write_backup(Path(settings.MEDIA_ROOT) / "ascent.tar.gz")


def test_a_restore_over_data_is_refused_and_changes_nothing(world, tmp_path):
    archive = tmp_path / "ascent.tar.gz"
    write_backup(archive)
    before = everything()

    with pytest.raises(BackupError, match="already holds data"):
        restore_backup(archive)

    assert everything() == before


def test_a_restore_over_stored_files_is_refused(world, tmp_path):
    archive = tmp_path / "ascent.tar.gz"
    write_backup(archive)
    empty_installation()

    with pytest.raises(BackupError, match="already holds files"):
        restore_backup(archive)
    assert not Observation.objects.exists()


# --- damaged and changed archives ---------------------------------------------------------


def rewrite(archive: Path, out: Path, change, *, resign: bool = False) -> Path:
    """Copy an archive member by member, letting ``change(name, bytes)`` alter each one.

    With ``resign`` the manifest is signed again with this installation's key, as someone who
    holds the key could.
    """
    manifest = None
    with tarfile.open(archive, "r:gz") as tar, tarfile.open(out, "w:gz") as new:
        for member in tar:
            content = change(member.name, tar.extractfile(member).read())
            if content is None:
                continue
            if member.name == "manifest.json":
                manifest = content
            if member.name == "manifest.hmac" and resign:
                content = backup._sign(manifest, settings.SECRET_KEY).encode()
            info = tarfile.TarInfo(member.name)
            info.size = len(content)
            new.addfile(info, io.BytesIO(content))
    return out


@pytest.fixture
def made(world, tmp_path):
    archive = tmp_path / "ascent.tar.gz"
    write_backup(archive)
    empty_installation()
    wipe_media()
    return archive


def _refused(archive, match, **kwargs):
    with pytest.raises(BackupError, match=match):
        restore_backup(archive, **kwargs)
    assert not Observation.objects.exists()
    assert stored_files() == {}


def test_a_changed_row_is_refused(made, tmp_path):
    def change(name, content):
        return content.replace(b"61.25", b"99.99") if name == "data/indicators.observation.jsonl" else content

    _refused(rewrite(made, tmp_path / "changed.tar.gz", change), "does not match its manifest.*changed or damaged")


def test_a_missing_file_is_refused(made, tmp_path):
    def change(name, content):
        return None if name.startswith("files/evidence/") else content

    _refused(rewrite(made, tmp_path / "missing.tar.gz", change), "missing: files/evidence/2026/minutes.txt")


def test_an_added_entry_is_refused(made, tmp_path):
    with tarfile.open(made, "r:gz") as tar, tarfile.open(tmp_path / "added.tar.gz", "w:gz") as new:
        for member in tar:
            new.addfile(member, tar.extractfile(member))
        info = tarfile.TarInfo("../../etc/cron.d/evil")
        info.size = 1
        new.addfile(info, io.BytesIO(b"x"))
    _refused(tmp_path / "added.tar.gz", "unexpected entry")


def test_a_manifest_changed_to_match_changed_rows_fails_its_signature(made, tmp_path):
    changed_rows = {}

    def change_rows(name, content):
        if name == "data/indicators.observation.jsonl":
            changed_rows["content"] = content.replace(b"61.25", b"99.99")
            return changed_rows["content"]
        if name == "manifest.json":
            manifest = json.loads(content)
            manifest["members"]["data/indicators.observation.jsonl"] = {
                "size": len(changed_rows["content"]),
                "sha256": hashlib.sha256(changed_rows["content"]).hexdigest(),
            }
            return json.dumps(manifest).encode()
        return content

    forged = rewrite(made, tmp_path / "forged.tar.gz", change_rows)
    _refused(forged, "does not match its signature.*--trust-unsigned")


def test_an_archive_from_another_secret_key_restores_when_trusted(made, settings):
    settings.SECRET_KEY = "another installation's key, lost with its server" * 2
    _refused(made, "different SECRET_KEY")

    restore_backup(made, trust_unsigned=True)

    assert Observation.objects.count() == 2


def test_a_trusted_archive_with_an_unreadable_row_is_refused_without_a_traceback(made, tmp_path):
    """Checksums rewritten to match, signature not: only --trust-unsigned gets this far."""

    def change(name, content):
        if name == "data/indicators.observation.jsonl":
            return content.replace(b'"2023-04-01"', b'"the first of April"', 1)
        return content

    broken = rewrite(made, tmp_path / "broken.tar.gz", change)
    with tarfile.open(broken, "r:gz") as tar:
        rows = tar.extractfile("data/indicators.observation.jsonl").read()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert b"the first of April" in rows
    manifest["members"]["data/indicators.observation.jsonl"] = {
        "size": len(rows),
        "sha256": hashlib.sha256(rows).hexdigest(),
    }
    forged = rewrite(
        broken, tmp_path / "forged.tar.gz", lambda name, c: json.dumps(manifest).encode() if name == MANIFEST else c
    )

    _refused(forged, "Row 1 of indicators.observation in the backup cannot be read", trust_unsigned=True)


def test_a_truncated_archive_is_refused(made, tmp_path):
    data = made.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    _refused(truncated, "damaged|not a readable")


def test_a_file_that_is_not_a_backup_is_refused(made, tmp_path):
    other = tmp_path / "photo.tar.gz"
    other.write_bytes(gzip.compress(b"not a tar file at all" * 100))
    _refused(other, "not a readable Ascent backup|damaged")
    _refused(tmp_path / "nowhere.tar.gz", "There is no file")


def test_a_backup_from_another_schema_is_refused(made, tmp_path):
    def change(name, content):
        if name == "manifest.json":
            manifest = json.loads(content)
            manifest["migrations"].append(["indicators", "9999_from_the_future"])
            return json.dumps(manifest).encode()
        return content

    future = rewrite(made, tmp_path / "future.tar.gz", change, resign=True)

    _refused(future, "applied in the backup but not here: indicators.9999_from_the_future")


# --- a separate installation ------------------------------------------------------------------


def test_the_commands_restore_into_a_new_sqlite_installation(world, tmp_path):
    """manage.py backup here (SQLite or PostgreSQL), then migrate and restore into a new SQLite file."""
    archive = tmp_path / "ascent.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = everything()
    files_before = stored_files()
    database = tmp_path / "new.sqlite3"
    env = {
        **os.environ,
        "ASCENT_ENV": "test",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "new-media"),
        "SECRET_KEY": settings.SECRET_KEY,
    }

    def manage(*args):
        return subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, check=False
        )

    assert manage("migrate", "-v0").returncode == 0
    result = manage("restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout
    again = manage("restore", str(archive))
    assert again.returncode != 0 and "already holds data" in again.stderr

    with sqlite3.connect(database) as db:
        for model in copied_models():
            (count,) = db.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"').fetchone()  # noqa: S608
            assert count == len(before[model._meta.label_lower]), model._meta.label_lower
        values = db.execute("SELECT value FROM indicators_observation ORDER BY id").fetchall()
        history = db.execute("SELECT history_type FROM indicators_historicalobservation ORDER BY history_id").fetchall()
    assert [Decimal(str(v)) for (v,) in values] == [Decimal("61.25"), Decimal("40.125")]
    assert [h for (h,) in history] == ["+", "~", "+"]
    restored_root = tmp_path / "new-media"
    restored = {
        p.relative_to(restored_root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in restored_root.rglob("*")
        if p.is_file()
    }
    assert restored == files_before


SNAPSHOT_SCRIPT = """
import json, os, tarfile, threading
from pathlib import Path
from django.db import connections
from ascent.core.backup import write_backup
from ascent.organisations.models import Organisation, Region

region, _ = Region.objects.get_or_create(code="E12000001", defaults={"name": "North East", "adass_name": "North East"})
before = Organisation.objects.count()
written = []

def write_elsewhere():  # another connection, as the web server would be
    try:
        Organisation.objects.create(gss_code="E06000047", name="County Durham", council_type="unitary", region=region)
        written.append(True)
    finally:
        connections.close_all()

def progress(message):  # after each table; organisations.* are read after accounts.*
    if not written and message.startswith("accounts."):
        thread = threading.Thread(target=write_elsewhere)
        thread.start()
        thread.join()

archive = Path(os.environ["BACKUP_TO"])
write_backup(archive, progress=progress)
with tarfile.open(archive, "r:gz") as tar:
    tables = json.load(tar.extractfile("manifest.json"))["tables"]
print(json.dumps({
    "written": written,
    "before": before,
    "after": Organisation.objects.count(),
    "in_backup": tables["organisations.organisation"]["rows"],
    "history_in_backup": tables["organisations.historicalorganisation"]["rows"],
    "history_now": Organisation.history.count(),
}))
"""


def test_a_row_written_by_another_connection_during_a_backup_is_left_out(world, tmp_path):
    """Every table is read in one snapshot, as production runs: PostgreSQL, or an SQLite file in WAL mode.

    Runs in a subprocess against a real database (this test database on PostgreSQL; a new
    SQLite file otherwise, since the in-memory test database has no snapshots), with a second
    connection adding an organisation after the first tables have been read.
    """
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        url = (
            f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@{settings_dict['HOST']}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        )
    else:
        url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    env = {
        **os.environ,
        "ASCENT_ENV": "test",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "live-media"),
        "BACKUP_TO": str(tmp_path / "during.tar.gz"),
    }

    def manage(*args):
        return subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, check=False
        )

    if connection.vendor != "postgresql":
        assert manage("migrate", "-v0").returncode == 0
    result = manage("shell", "-c", SNAPSHOT_SCRIPT)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])

    assert found["written"] == [True] and found["after"] == found["before"] + 1
    assert found["in_backup"] == found["before"]
    assert found["history_in_backup"] == found["history_now"] - 1
