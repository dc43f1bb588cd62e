"""The settings refuse unsafe production configurations and pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    ours = {"SECRET_KEY", "DEBUG", "ASCENT_ENV", "DATABASE_URL", "EMAIL_HOST", "EMAIL_TO_CONSOLE", "ALLOWED_HOSTS"}
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ASCENT_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_passes_the_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ASCENT_ENV="production",
        SECRET_KEY="a-long-random-secret-for-the-test-" + "x" * 40,
        ALLOWED_HOSTS="ascent.example.gov.uk",
        EMAIL_HOST="smtp.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_mail_server():
    result = run_manage("check", ASCENT_ENV="production", SECRET_KEY="s" * 60, ALLOWED_HOSTS="ascent.example.gov.uk")
    assert result.returncode != 0
    assert "EMAIL_HOST is not set" in result.stderr


def test_a_muddled_boolean_is_refused():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
