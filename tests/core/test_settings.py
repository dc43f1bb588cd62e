"""The settings refuse unsafe production configurations and pass Django's deploy checks."""

from __future__ import annotations

import json
import os
import shutil
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


PROFILE_REPORT = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'debug': s.DEBUG, 'secure_cookies': getattr(s, 'SESSION_COOKIE_SECURE', False), "
    "'ssl_redirect': getattr(s, 'SECURE_SSL_REDIRECT', False), 'hosts': s.ALLOWED_HOSTS, "
    "'email': s.EMAIL_BACKEND, 'secret': s.SECRET_KEY, 'storage': s.STORAGES['staticfiles']['BACKEND'], "
    "'middleware': s.MIDDLEWARE}))"
)


def profile(**env: str) -> dict:
    result = run_manage("shell", "-c", PROFILE_REPORT, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_debug_whatever_the_environment_says():
    result = run_manage(
        "check",
        ASCENT_ENV="production",
        DEBUG="true",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="ascent.example.gov.uk",
        EMAIL_HOST="smtp.example.gov.uk",
    )
    assert result.returncode != 0
    assert "DEBUG cannot be on when ASCENT_ENV=production" in result.stderr


def test_the_local_profile_for_make_run_has_debug_off_over_plain_http():
    local = profile(ASCENT_ENV="local")
    assert local["debug"] is False
    # http://127.0.0.1 would never get HTTPS-only cookies back, nor could it follow a redirect to HTTPS.
    assert local["secure_cookies"] is False
    assert local["ssl_redirect"] is False
    assert "127.0.0.1" in local["hosts"]
    assert local["email"] == "django.core.mail.backends.console.EmailBackend"
    # Static files are still served, by whitenoise, from collectstatic's output.
    assert local["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in local["middleware"]


def test_the_local_profile_signs_with_a_key_of_its_own_not_the_one_in_the_code():
    local = profile(ASCENT_ENV="local")
    development = profile(ASCENT_ENV="development")
    assert len(local["secret"]) >= 50
    assert local["secret"] != development["secret"]
    assert profile(ASCENT_ENV="local")["secret"] == local["secret"]


def test_the_local_profile_refuses_debug():
    result = run_manage("check", ASCENT_ENV="local", DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG cannot be on when ASCENT_ENV=local" in result.stderr


def test_make_run_serves_the_local_profile_through_the_gunicorn_config():
    make = shutil.which("make")
    assert make, "make is needed to run Ascent"
    recipe = subprocess.run(
        [make, "--dry-run", "--always-make", "run"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout
    serve = next(line for line in recipe.splitlines() if "gunicorn" in line)
    assert "ASCENT_ENV=local" in serve
    assert "--config gunicorn.conf.py" in serve
    assert "DEBUG" not in recipe
