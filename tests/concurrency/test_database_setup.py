"""SQLite is set up for a web server, and the organisation lock is used only where it works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from ascent.core.locks import hold_organisation_lock

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy = cursor.fetchone()[0]
print(journal, busy, connection.transaction_mode)
"""


def test_a_sqlite_database_uses_wal_a_busy_timeout_and_immediate_transactions(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_BUSY_TIMEOUT_SECONDS"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}", ASCENT_ENV="development")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]


@pytest.mark.django_db(transaction=True)
def test_the_organisation_lock_refuses_to_run_outside_a_transaction(harrow):
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        hold_organisation_lock("imports", harrow.pk)


@pytest.mark.django_db(transaction=True)
def test_the_organisation_lock_is_held_inside_a_transaction(harrow):
    with transaction.atomic():
        hold_organisation_lock("imports", harrow.pk)
        hold_organisation_lock("imports", harrow.pk)  # taking it again in the same transaction is fine
