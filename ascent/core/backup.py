"""Backing up and restoring a whole installation: every table and every stored file, in one archive.

See docs/adr/0004-backups-as-portable-archives.md for why the archive holds Django-level rows
rather than a database-native dump, and docs/deployment.md for how to use it.

The archive is a gzipped tar file holding, in this order:

- ``data/<app_label>.<model>.jsonl``: one table per file, one JSON list per row, in the
  order of the ``fields`` the manifest names (column attribute names);
- ``files/<path>``: every file under ``MEDIA_ROOT`` (import files, job results, ...);
- ``manifest.json``: format, Ascent version, time, database engine, the applied migrations,
  the content types and permissions the rows refer to, and for each table its row count and
  for each member its size and SHA-256;
- ``manifest.hmac``: an HMAC-SHA256 of the manifest keyed with ``SECRET_KEY``, so a changed
  manifest is noticed (unless the person restoring says they trust the file).

Restoring checks every checksum before it touches the database, refuses an installation that
already holds data or whose migrations differ, loads every row in one transaction with the
original primary keys, checks the counts, resets PostgreSQL's sequences and only then moves
the files into place. Content types and permissions are not copied: ``migrate`` creates them in
the new installation, possibly with other ids, so every reference to one is translated by its
natural key (app label, model, codename).

Sessions are left out on purpose: people sign in again after a restore.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = 1
#: Tables a fresh ``migrate`` fills by itself (translated by natural key instead), and sessions.
NOT_COPIED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
MANIFEST = "manifest.json"
SIGNATURE = "manifest.hmac"
CHUNK = 2000
#: About a million stored files' worth of manifest; anything larger is not one we wrote.
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
_HMAC_SALT = b"ascent.core.backup"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in plain words."""


@dataclass
class Summary:
    tables: int = 0
    rows: int = 0
    files: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def version() -> str:
    try:
        from importlib.metadata import version as dist_version

        return dist_version("ascent")
    except Exception:  # not installed as a distribution: read pyproject.toml's version
        import tomllib

        pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text())["project"]["version"]
        except (OSError, KeyError, ValueError):
            return "unknown"


def copied_models() -> list:
    """Every concrete table Django manages, history and many-to-many tables included."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in NOT_COPIED
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def _columns(model) -> list:
    return list(model._meta.concrete_fields)


# --- encoding values -------------------------------------------------------------------------


def _encode(value):
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # full precision: DjangoJSONEncoder would cut microseconds
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def _sign(manifest: bytes, secret: str) -> str:
    key = hashlib.sha256(_HMAC_SALT + secret.encode()).digest()
    return hmac.new(key, manifest, hashlib.sha256).hexdigest()


def _signature_ok(manifest: bytes, signature: str) -> bool:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(_sign(manifest, secret), signature.strip()) for secret in secrets)


class _HashingReader(io.RawIOBase):
    """Reads a file for the tar writer and hashes what it reads, so each file is read once."""

    def __init__(self, raw):
        self.raw = raw
        self.sha = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size=-1):
        chunk = self.raw.read(size)
        self.sha.update(chunk)
        return chunk


# --- backing up ------------------------------------------------------------------------------


@contextmanager
def _snapshot(using: str):
    """One read-only transaction, so every table is read as it stood at one moment."""
    connection = connections[using]
    if connection.in_atomic_block:  # already inside a transaction (a test): use its view
        yield
        return
    if connection.vendor == "sqlite":
        # A deferred transaction takes no write lock, so the service keeps working meanwhile.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _media_files(media_root: Path, skip: Path) -> Iterator[tuple[Path, str]]:
    if not media_root.is_dir():
        return
    for directory, subdirs, names in os.walk(media_root):
        subdirs[:] = sorted(d for d in subdirs if (Path(directory) / d) != skip and not d.startswith(".restore-"))
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path, path.relative_to(media_root).as_posix()


def write_backup(
    target: Path, *, using: str = DEFAULT_DB_ALIAS, progress: Callable[[str], None] = lambda _: None
) -> Summary:
    """Write the archive to ``target`` (refusing to overwrite a file already there)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists. Choose a new file name; a backup never overwrites one.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if target.resolve().is_relative_to(media_root):
        raise BackupError(f"Write the backup outside the file store ({media_root}), or it would back itself up.")
    summary = Summary()
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix=".ascent-backup-", dir=target.parent) as staging_name:
        staging = Path(staging_name)
        members: dict[str, dict] = {}
        tables: dict[str, dict] = {}
        with _snapshot(using):
            started = timezone.now()
            migrations = sorted(MigrationRecorder(connection).applied_migrations())
            content_types = {
                str(pk): [app_label, model]
                for pk, app_label, model in ContentType.objects.using(using).values_list("pk", "app_label", "model")
            }
            permissions = {
                str(pk): [app_label, model, codename]
                for pk, app_label, model, codename in Permission.objects.using(using).values_list(
                    "pk", "content_type__app_label", "content_type__model", "codename"
                )
            }
            for model in copied_models():
                label = model._meta.label_lower
                columns = _columns(model)
                name = f"data/{label}.jsonl"
                sha = hashlib.sha256()
                rows = 0
                with open(staging / f"{label}.jsonl", "wb") as out:
                    query = model._base_manager.using(using).order_by("pk").values_list(*[f.attname for f in columns])
                    for row in query.iterator(chunk_size=CHUNK):
                        line = json.dumps([_encode(v) for v in row], ensure_ascii=False).encode() + b"\n"
                        sha.update(line)
                        out.write(line)
                        rows += 1
                    size = out.tell()
                tables[label] = {"table": model._meta.db_table, "rows": rows, "fields": [f.attname for f in columns]}
                members[name] = {"size": size, "sha256": sha.hexdigest()}
                summary.counts[label] = rows
                summary.rows += rows
                progress(f"{label}: {rows} rows")
        summary.tables = len(tables)

        partial = target.with_name(f".{target.name}.partial")
        try:
            # The archive holds personal data: only the account that made it may read it.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
                for label in tables:
                    tar.add(staging / f"{label}.jsonl", arcname=f"data/{label}.jsonl", recursive=False)
                for path, relative in _media_files(media_root, staging.resolve()):
                    info = tar.gettarinfo(str(path), arcname=f"files/{relative}")
                    with open(path, "rb") as raw:
                        reader = _HashingReader(raw)
                        tar.addfile(info, reader)
                    members[f"files/{relative}"] = {"size": info.size, "sha256": reader.sha.hexdigest()}
                    summary.files += 1
                manifest = {
                    "format": FORMAT,
                    "service": "Ascent",
                    "version": version(),
                    "created_at": started.isoformat(),
                    "engine": connection.vendor,
                    "migrations": [list(key) for key in migrations],
                    "content_types": content_types,
                    "permissions": permissions,
                    "tables": tables,
                    "members": members,
                }
                manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode()
                _add_bytes(tar, MANIFEST, manifest_bytes)
                _add_bytes(tar, SIGNATURE, _sign(manifest_bytes, settings.SECRET_KEY).encode())
            partial.rename(target)
        finally:
            partial.unlink(missing_ok=True)
    return summary


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(content))


# --- checking an archive ---------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return False
    return name in (MANIFEST, SIGNATURE) or (path.parts[0] in ("data", "files") and len(path.parts) > 1)


def _open(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r:gz")
    except FileNotFoundError:
        raise BackupError(f"There is no file at {source}.") from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(f"{source} is not a readable Ascent backup ({error}).") from None


def _hash_member(tar: tarfile.TarFile, member: tarfile.TarInfo, sink=None) -> str:
    sha = hashlib.sha256()
    reader = tar.extractfile(member)
    while chunk := reader.read(1 << 20):
        sha.update(chunk)
        if sink is not None:
            sink.write(chunk)
    return sha.hexdigest()


def read_manifest(source: Path, *, trust_unsigned: bool = False) -> dict:
    """Check the whole archive against its manifest and return the manifest.

    Reads every member once, so a corrupted or changed archive is refused before anything is
    restored.
    """
    source = Path(source)
    seen: dict[str, dict] = {}
    manifest_bytes = signature = None
    try:
        with _open(source) as tar:
            for member in tar:
                if not _safe_name(member.name) or not member.isfile():
                    raise BackupError(
                        f"{source} holds an unexpected entry {member.name!r}: it was not made by Ascent's backup "
                        "or it has been changed. Nothing was restored."
                    )
                if member.name in seen or (member.name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(f"{source} holds {member.name!r} twice. Nothing was restored.")
                if member.name in (MANIFEST, SIGNATURE) and member.size > MAX_MANIFEST_BYTES:
                    raise BackupError(f"The {member.name} of {source} is too large to be Ascent's.")
                if member.name == MANIFEST:
                    manifest_bytes = tar.extractfile(member).read()
                elif member.name == SIGNATURE:
                    signature = tar.extractfile(member).read().decode("ascii", "replace")
                else:
                    seen[member.name] = {"size": member.size, "sha256": _hash_member(tar, member)}
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(
            f"{source} is damaged and cannot be read to the end ({error}). Nothing was restored."
        ) from None
    if manifest_bytes is None or signature is None:
        raise BackupError(f"{source} has no manifest: it is not a complete Ascent backup. Nothing was restored.")
    if not _signature_ok(manifest_bytes, signature) and not trust_unsigned:
        raise BackupError(
            f"The manifest of {source} does not match its signature. Either the archive was changed after it "
            "was made, or it was made by an installation with a different SECRET_KEY. If you made this backup "
            "yourself and trust it, run the restore again with --trust-unsigned: every checksum is still checked. "
            "Nothing was restored."
        )
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise BackupError(f"The manifest of {source} is not valid JSON. Nothing was restored.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{source} is in backup format {manifest.get('format')!r}; this version of Ascent reads format {FORMAT}."
        )
    expected = manifest.get("members", {})
    tables = {f"data/{label}.jsonl" for label in manifest.get("tables", {})}
    if tables != {name for name in expected if name.startswith("data/")}:
        raise BackupError(f"The manifest of {source} does not list its tables consistently. Nothing was restored.")
    missing = sorted(set(expected) - set(seen))
    extra = sorted(set(seen) - set(expected))
    changed = sorted(name for name in set(seen) & set(expected) if seen[name] != expected[name])
    if missing or extra or changed:
        problems = []
        if changed:
            problems.append("changed or damaged: " + ", ".join(changed[:10]))
        if missing:
            problems.append("missing: " + ", ".join(missing[:10]))
        if extra:
            problems.append("not in the manifest: " + ", ".join(extra[:10]))
        raise BackupError(f"{source} does not match its manifest ({'; '.join(problems)}). Nothing was restored.")
    return manifest


# --- restoring -------------------------------------------------------------------------------


#: The task queue's table. ``manage.py migrate`` itself queues work there (the reminder digest's
#: daily run), so a new installation's queued tasks are not data: the backup brings its own
#: queue, and the restore replaces them.
TASK_QUEUE = "django_tasks_database.dbtaskresult"


def _queued_by_migrate(label: str, model, using: str):
    """The rows of ``model`` that a freshly migrated installation holds without anyone's data."""
    rows = model._base_manager.using(using)
    if label != TASK_QUEUE:
        return rows.none()
    from django_tasks.base import TaskResultStatus

    return rows.filter(status=TaskResultStatus.READY, started_at__isnull=True)


def _check_installation(manifest: dict, using: str, media_root: Path) -> list:
    connection = connections[using]
    applied = {tuple(key) for key in MigrationRecorder(connection).applied_migrations()}
    wanted = {tuple(key) for key in manifest["migrations"]}
    if applied != wanted:
        only_backup = sorted(".".join(k) for k in wanted - applied)
        only_here = sorted(".".join(k) for k in applied - wanted)
        detail = []
        if only_backup:
            detail.append(f"applied in the backup but not here: {', '.join(only_backup[:10])}")
        if only_here:
            detail.append(f"applied here but not in the backup: {', '.join(only_here[:10])}")
        raise BackupError(
            f"The backup was made by Ascent {manifest.get('version')} and its database schema differs from this "
            f"installation's ({'; '.join(detail)}). Restore into an installation of the same release, with "
            "`manage.py migrate` run and nothing else, then upgrade. Nothing was restored."
        )
    models = {model._meta.label_lower: model for model in copied_models()}
    for label, table in manifest["tables"].items():
        model = models.get(label)
        if model is None:
            raise BackupError(f"The backup holds the table {label}, which this installation does not have.")
        fields = [f.attname for f in _columns(model)]
        if fields != table["fields"]:
            raise BackupError(
                f"The table {label} has other columns in the backup than here. Restore into the same release."
            )
    holding = [
        label
        for label, model in models.items()
        if model._base_manager.using(using).exclude(pk__in=_queued_by_migrate(label, model, using)).exists()
    ]
    if holding:
        raise BackupError(
            "This installation already holds data (in "
            + ", ".join(holding[:5])
            + ("…" if len(holding) > 5 else "")
            + "). A restore only goes into an empty installation: create a new database, run "
            "`manage.py migrate`, and restore into that. Nothing was restored."
        )
    if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(
            f"The file store {media_root} already holds files. Restore into an empty MEDIA_ROOT. Nothing was restored."
        )
    return [models[label] for label in manifest["tables"]]


def _translators(manifest: dict, using: str) -> dict:
    """Old content type and permission ids → this installation's, matched by natural key."""
    content_types = {}
    for old, (app_label, model) in manifest["content_types"].items():
        ct, _ = ContentType.objects.using(using).get_or_create(app_label=app_label, model=model)
        content_types[int(old)] = ct.pk
    permissions = {}
    by_key = {
        (app_label, model, codename): pk
        for pk, app_label, model, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "content_type__model", "codename"
        )
    }
    for old, (app_label, model, codename) in manifest["permissions"].items():
        pk = by_key.get((app_label, model, codename))
        if pk is None:
            ct = ContentType.objects.using(using).get_by_natural_key(app_label, model)
            pk = Permission.objects.using(using).create(content_type=ct, codename=codename, name=codename).pk
        permissions[int(old)] = pk
    return {ContentType: content_types, Permission: permissions}


def _row_builder(model, translators: dict):
    columns = _columns(model)
    converters = []
    for f in columns:
        target = f.remote_field.model if f.remote_field is not None else None
        mapping = translators.get(target) if target is not None else None
        if mapping is not None:
            converters.append(lambda v, mapping=mapping: None if v is None else mapping[int(v)])
        else:
            converters.append(f.to_python)
    attnames = [f.attname for f in columns]

    def build(values: list):
        return model(**{name: convert(v) for name, convert, v in zip(attnames, converters, values, strict=True)})

    return build, columns


def restore_backup(
    source: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    trust_unsigned: bool = False,
    progress: Callable[[str], None] = lambda _: None,
) -> Summary:
    """Restore ``source`` into this (empty) installation: all of it, or nothing."""
    source = Path(source)
    manifest = read_manifest(source, trust_unsigned=trust_unsigned)
    media_root = Path(settings.MEDIA_ROOT)
    models = _check_installation(manifest, using, media_root)
    by_label = {model._meta.label_lower: model for model in models}
    connection = connections[using]
    summary = Summary(tables=len(models))
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root))
    try:
        with transaction.atomic(using=using):
            for label, model in by_label.items():
                _queued_by_migrate(label, model, using).delete()
            translators = _translators(manifest, using)
            with _open(source) as tar:
                for member in tar:
                    if member.name.startswith("data/"):
                        label = member.name.removeprefix("data/").removesuffix(".jsonl")
                        model = by_label[label]
                        rows = _load_table(tar, member, model, translators, using)
                        summary.counts[label] = rows
                        summary.rows += rows
                        progress(f"{label}: {rows} rows")
                    elif member.name.startswith("files/"):
                        relative = member.name.removeprefix("files/")
                        destination = staging / relative
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        with open(destination, "wb") as out:
                            digest = _hash_member(tar, member, sink=out)
                        if digest != manifest["members"][member.name]["sha256"]:
                            raise BackupError(f"{member.name} changed while it was being restored.")
                        summary.files += 1
            for model in models:
                label = model._meta.label_lower
                found = model._base_manager.using(using).count()
                if found != manifest["tables"][label]["rows"]:
                    raise BackupError(
                        f"{label}: the backup lists {manifest['tables'][label]['rows']} rows but {found} were "
                        "restored. Nothing was restored."
                    )
            statements = connection.ops.sequence_reset_sql(no_style(), models)
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
    except DatabaseError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"The database refused the restored rows ({error}). Nothing was restored.") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # The rows are committed: now put the files where the rows expect them.
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            destination = media_root / path.relative_to(staging)
            destination.parent.mkdir(parents=True, exist_ok=True)
            path.replace(destination)
    shutil.rmtree(staging, ignore_errors=True)
    return summary


def _load_table(tar, member, model, translators: dict, using: str) -> int:
    build, columns = _row_builder(model, translators)
    connection = connections[using]
    batch_size = max(1, connection.ops.bulk_batch_size(columns, [None] * CHUNK) or CHUNK)
    batch = []
    rows = 0
    reader = io.TextIOWrapper(tar.extractfile(member), encoding="utf-8")
    for number, line in enumerate(reader, start=1):
        try:
            batch.append(build(json.loads(line)))
        except (ValueError, TypeError, KeyError, ValidationError) as error:
            # Only reachable with --trust-unsigned (or a bug): checksums matched, yet the row is wrong.
            raise BackupError(
                f"Row {number} of {model._meta.label_lower} in the backup cannot be read ({error}). "
                "Nothing was restored."
            ) from None
        if len(batch) >= batch_size:
            _insert(model, columns, batch, using)
            rows += len(batch)
            batch = []
    if batch:
        _insert(model, columns, batch, using)
        rows += len(batch)
    return rows


def _insert(model, columns, objects, using) -> None:
    # raw=True, as loaddata does: keeps auto_now values as they were and sends no signals, so no
    # history rows are invented (the backup holds the real ones).
    model._base_manager._insert(objects, fields=columns, using=using, raw=True)
