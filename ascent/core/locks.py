"""Locks that serialise one kind of change to one thing, held until the transaction ends.

Two people importing into the same organisation, or two admins changing its members, must
take turns: the second waits for the first to finish and then sees what the first did, so it
can answer with a plain reason ("This file has already been imported") instead of an error.

On PostgreSQL this is a transaction-level advisory lock on (purpose, key): it is released at
commit or rollback, and locks nothing else, so pages keep reading and other organisations
keep writing. On SQLite the database has one writer at a time, and every transaction begins
IMMEDIATE (see settings.py), so by the time this runs the transaction already holds the write
lock; nothing more is needed.
"""

from __future__ import annotations

import zlib

from django.db import connections, router


def _class_id(purpose: str) -> int:
    """A stable signed 32-bit number for the purpose, the first half of the advisory key."""
    value = zlib.crc32(purpose.encode("utf-8"))
    return value - 2**32 if value >= 2**31 else value


def hold_lock(purpose: str, key: int, *, using: str | None = None, shared: bool = False) -> None:
    """Wait for, then hold until the end of the current transaction, the lock (purpose, key).

    A ``shared`` lock may be held by many transactions at once, but not while another holds
    the same lock exclusively (the default). Call it first thing inside
    ``transaction.atomic()``; outside a transaction it would protect nothing, so that is refused.
    """
    alias = using or router.db_for_write(None)
    connection = connections[alias]
    if not connection.in_atomic_block:
        raise RuntimeError("hold_lock() must be called inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
            cursor.execute(f"SELECT {function}(%s, %s)", [_class_id(purpose), int(key)])
    elif connection.vendor == "sqlite":
        if getattr(connection, "transaction_mode", None) != "IMMEDIATE":
            raise RuntimeError("SQLite must begin transactions IMMEDIATE for hold_lock() to serialise writers")
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"No lock for the {connection.vendor} database")


def hold_organisation_lock(purpose: str, organisation_id: int | None, *, using: str | None = None) -> None:
    """The lock for one kind of change to one organisation; None means national (no organisation)."""
    hold_lock(purpose, organisation_id or 0, using=using)


#: The purpose of the lock that a national import holds alone, and every other import shares.
ALL_IMPORTS = "imports:all"


def hold_import_lock(organisation_id: int | None, *, using: str | None = None) -> None:
    """The locks an import into one organisation (or a national web import, None) holds.

    First the all-imports lock, shared, so that it waits for a command-line national import
    (:func:`hold_national_import_lock`) but not for imports into other organisations; then the
    organisation's own lock. Every import takes them in this order, so none can deadlock.
    """
    hold_lock(ALL_IMPORTS, 0, using=using, shared=True)
    hold_organisation_lock("imports", organisation_id, using=using)


def hold_national_import_lock(*, using: str | None = None) -> None:
    """The lock a command-line national import holds: every organisation's imports wait for it.

    A national file may write to any organisation, and which ones is known only once it has
    been read and checked, which must happen under the lock (or the check could be out of
    date by the time it writes). One exclusive lock is simpler and cheaper than an advisory
    lock per organisation taken before knowing which are needed, and national imports are
    rare, run by an administrator, and take a minute or so.
    """
    hold_lock(ALL_IMPORTS, 0, using=using)
