"""Ascent settings, read from the environment.

One module, layered simply: a profile (ASCENT_ENV) chooses safe defaults, and environment
variables set everything a real deployment needs. The profiles:

    development  a developer's own machine (`manage.py runserver`): DEBUG on by default
    local        `make run`, a demo on http://127.0.0.1: DEBUG off and GOV.UK error pages,
                 plain-HTTP cookies, console email and a secret key made once per checkout
    test         the test suite: fast password hasher, plain static file storage
    production   a real service: DEBUG off, HTTPS settings on, SECRET_KEY and EMAIL_HOST required

DEBUG shows Django's technical pages (settings, every URL pattern, tracebacks) to whoever
meets an error, so only development and test may turn it on: local and production refuse
to start with DEBUG=true rather than let a stray variable override them.

Environment variables (all optional locally):
    DEBUG                 "true"/"false" (default: true in development and test; refused in
                          local and production)
    ASCENT_ENV            "development" (default), "local", "test" or "production"
    SECRET_KEY            required when DEBUG is off, except in local; SECRET_KEY_FILE may
                          name a file instead
    DATABASE_URL          e.g. postgres://user@127.0.0.1:5432/ascent (default: SQLite db.sqlite3)
    SQLITE_BUSY_TIMEOUT_SECONDS  how long a SQLite writer waits for another to finish (default 20)
    ALLOWED_HOSTS         comma-separated host names
    CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://ascent.example.gov.uk
    SECURE_SSL            "true" when served over HTTPS (turns on HSTS and secure cookies)
    EMAIL_URL-style parts: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                          EMAIL_USE_TLS, DEFAULT_FROM_EMAIL
    EMAIL_TO_CONSOLE      "true" to allow DEBUG off without a mail server (trials only)
    SESSION_AGE_MINUTES   idle session expiry (default 120)
    AXES_FAILURE_LIMIT, AXES_COOLOFF_MINUTES   sign-in lockout (default 5 failures, 30 minutes)
    TRUSTED_PROXY_COUNT   number of reverse proxies in front of the service (default 0)
    MEDIA_ROOT            where produced report files are kept
    ASCENT_JOB_STALL_MINUTES, ASCENT_JOB_QUEUE_MINUTES   when a running (default 10 minutes without
                          a heartbeat) or queued (default 60 minutes) job is failed as stalled
    ASCENT_JOBS_PER_PERSON    jobs one person may have waiting or running at once (default 5)
    ASCENT_JOB_FILE_DAYS      days a job's result file is kept (default 7)
    LOG_LEVEL             root log level (default INFO)
    ASCENT_FEEDBACK_EMAIL the address in the phase banner and accessibility statement
    ASCENT_SITE_URL       the service's address, for links in e-mails (default: the first of
                          CSRF_TRUSTED_ORIGINS, else http://127.0.0.1:8000)
    ASCENT_REMINDER_HOUR  the hour (UK time) the worker sends the action reminder digest (default 7)
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a true/false variable, refusing anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    if os.environ.get(name):
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return None


def local_secret_key(path: Path) -> str:
    """A key made once for this checkout, so a demo never signs sessions with a key in the code."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="utf-8").strip()


ASCENT_ENV = os.environ.get("ASCENT_ENV", "development")
if ASCENT_ENV not in {"development", "local", "test", "production"}:
    raise ImproperlyConfigured(f"ASCENT_ENV must be development, local, test or production, not {ASCENT_ENV!r}")

DEBUG = env_bool("DEBUG", ASCENT_ENV in {"development", "test"})
if DEBUG and ASCENT_ENV in {"local", "production"}:
    raise ImproperlyConfigured(
        f"DEBUG cannot be on when ASCENT_ENV={ASCENT_ENV}: it would show the service's internals to "
        "anyone who meets an error. Unset DEBUG, or use ASCENT_ENV=development on your own machine."
    )

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY and ASCENT_ENV == "local":
    SECRET_KEY = local_secret_key(BASE_DIR / "var" / "local-secret-key")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) before running with DEBUG off."
        )
    # Only for local development and tests: never used when DEBUG is off.
    SECRET_KEY = "insecure-local-development-key-not-for-production-use-0123456789"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG or ASCENT_ENV == "local" else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "ascent.core.admin_site.AscentAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ascent.core",
    "ascent.documents",
    "ascent.organisations",
    "ascent.accounts",
    "ascent.assurance",
    "ascent.evidence",
    "ascent.imports",
    "ascent.frameworks",
    "ascent.indicators",
    "ascent.finance",
    "ascent.jobs",
    "ascent.assessments",
    "ascent.reviews",
    "ascent.plans",
    "ascent.programmes",
    "ascent.cld",
    "ascent.reports",
    "ascent.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Every page needs a signed-in user unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ascent.organisations.middleware.CurrentOrganisationMiddleware",
    # A bare 405 (a button's address opened directly) gets the service's error page.
    "ascent.core.middleware.MethodNotAllowedPageMiddleware",
    # Axes last, as its documentation asks, so it sees the final response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ascent.urls"
WSGI_APPLICATION = "ascent.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ascent" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ascent.core.context_processors.service",
            ],
        },
    },
]

# GOV.UK Design System markup for every form field lives in core/templates/govuk/forms/.
FORM_RENDERER = "ascent.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a web server (see docs/architecture.md, "Concurrency"): WAL lets readers
    # carry on while one connection writes; the busy timeout makes a writer wait its turn
    # instead of failing with "database is locked"; and IMMEDIATE transactions take the write
    # lock when a transaction begins. A deferred transaction that reads and then writes cannot
    # wait for the lock (SQLite fails it at once to avoid a deadlock), so without this two
    # people saving at the same moment would see an error.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
            "transaction_mode": "IMMEDIATE",
        }
    )
    if ASCENT_ENV == "test":
        # A file, not Django's in-memory default, so that tests which run two requests at
        # once in threads meet SQLite's real locking (tests/concurrency/). One file per run.
        DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"ascent-test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

# Sessions expire after a period of inactivity, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_AGE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "ascent.core.views.csrf_failure"

# Lock an account and address out after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "ascent.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# Count every spelling of an address (case, surrounding spaces) as the one sign-in accepts.
AXES_USERNAME_CALLABLE = "ascent.accounts.identity.lockout_username"
AXES_VERBOSE = False
# Behind reverse proxies, the client's address comes from X-Forwarded-For as far as our own
# proxies vouch for it (see ascent/core/network.py). Set to the number of proxies in front.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "ascent.core.network.client_ip"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "ascent" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence files a council uploads: private, served only through an access-checked view.
    # The default keeps them under MEDIA_ROOT/evidence/; for S3-compatible storage see
    # docs/deployment.md, "Evidence files".
    "evidence": {"BACKEND": "ascent.evidence.storage.EvidenceFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if ASCENT_ENV == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: downloads go through views that check access

# Requests larger than this are refused before a view sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # a bigger file goes to a temporary file, not memory

# Evidence files (ascent/evidence): the largest accepted, refused while it arrives; and the
# dotted path of the installation's virus scanner, `scan(file) -> ScanResult`, or None
# (ascent/evidence/scanning.py; docs/deployment.md, "Evidence files").
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_SCAN_HOOK = None

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if not EMAIL_HOST and not DEBUG and ASCENT_ENV != "local" and not env_bool("EMAIL_TO_CONSOLE", False):
    # Without a mail server, invitation and password-reset links would be written to the
    # service's log, where anyone who reads logs could use them.
    raise ImproperlyConfigured(
        "EMAIL_HOST is not set. Set it (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) before running "
        "with DEBUG off, or set EMAIL_TO_CONSOLE=true for a trial installation."
    )
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ascent <no-reply@ascent.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: Django's tasks API through the django-tasks backport, stored in the
# database so it works on SQLite and PostgreSQL alike; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Jobs that cannot hang (ascent/jobs/services.py, docs/deployment.md): a running job whose
# heartbeat is older than the stall limit, or one queued longer than the queue limit, is
# failed so that the person can try again; each person may have a few jobs waiting or
# running at once; result files are deleted (`manage.py expire_job_files`) after some days.
ASCENT_JOB_HEARTBEAT_SECONDS = env_int("ASCENT_JOB_HEARTBEAT_SECONDS", 30)
ASCENT_JOB_STALL_MINUTES = env_int("ASCENT_JOB_STALL_MINUTES", 10)
ASCENT_JOB_QUEUE_MINUTES = env_int("ASCENT_JOB_QUEUE_MINUTES", 60)
ASCENT_JOBS_PER_PERSON = env_int("ASCENT_JOBS_PER_PERSON", 5)
ASCENT_JOB_FILE_DAYS = env_int("ASCENT_JOB_FILE_DAYS", 7)

# Security headers. The CSP allows scripts from our own origin only; charts run Vega's
# expression interpreter (vega-interpreter) so that no 'unsafe-eval' is needed.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The local profile serves http://127.0.0.1, where HTTPS-only cookies would never be sent back.
SECURE_SSL = env_bool("SECURE_SSL", not DEBUG and ASCENT_ENV != "local")
if SECURE_SSL:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers check health over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-ascent-session"
    CSRF_COOKIE_NAME = "__Host-ascent-csrf"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # Vega's tooltips set inline styles
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# Navigation sections, Overview panels and import schemas are declared by each app on its
# AppConfig (ascent/core/registry.py), not here.
ASCENT_SERVICE_NAME = "Ascent"
ASCENT_PHASE = "Beta"
ASCENT_FEEDBACK_EMAIL = os.environ.get("ASCENT_FEEDBACK_EMAIL", "ascent-feedback@example.org")
ASCENT_INVITATION_DAYS = env_int("ASCENT_INVITATION_DAYS", 14)
# The assurance checks flag a rating whose newest evidence is older than this many days
# at the end of the period assessed (ascent.assessments.checks, "Only old evidence").
ASSURANCE_EVIDENCE_MAX_AGE_DAYS = env_int("ASSURANCE_EVIDENCE_MAX_AGE_DAYS", 730)
# A recommendation of a published review still unanswered this many days after the letter
# is flagged (ascent.reviews.checks, "Recommendation with no response").
ASCENT_REVIEW_RESPONSE_DAYS = env_int("ASCENT_REVIEW_RESPONSE_DAYS", 28)
# Improvement plans (a council may change each in its plan settings, ascent.plans.models.PlanSettings):
# an open action with no progress update for this many days is stale (ascent.plans.checks),
ASCENT_ACTION_STALE_DAYS = env_int("ASCENT_ACTION_STALE_DAYS", 60)
# a review's follow-up is due this many months after its letter,
ASCENT_FOLLOW_UP_MONTHS = env_int("ASCENT_FOLLOW_UP_MONTHS", 10)
# and the reminder digest lists actions due within this many days, besides the overdue ones.
ASCENT_REMINDER_DAYS_AHEAD = env_int("ASCENT_REMINDER_DAYS_AHEAD", 14)
# The worker sends the reminder digest once a day at this hour (UK time; ascent.plans.tasks), and
# its links start with the service's address as people reach it (by default the first trusted
# origin, which an installation served over HTTPS sets; else the address `make run` serves).
ASCENT_REMINDER_HOUR = env_int("ASCENT_REMINDER_HOUR", 7)
ASCENT_SITE_URL = os.environ.get(
    "ASCENT_SITE_URL", CSRF_TRUSTED_ORIGINS[0] if CSRF_TRUSTED_ORIGINS else "http://127.0.0.1:8000"
).rstrip("/")
# Client-level data (ascent.cld): each DuckDB run may hold this much in memory (it spills to a
# temporary folder beyond it) and use this many threads. Extracts are kept as Parquet under
# MEDIA_ROOT/cld/ unless ASCENT_CLD_DIR names another private folder.
ASCENT_CLD_MEMORY_LIMIT = os.environ.get("ASCENT_CLD_MEMORY_LIMIT", "1GB")
ASCENT_CLD_THREADS = env_int("ASCENT_CLD_THREADS", 2)
ASCENT_CLD_DIR = os.environ.get("ASCENT_CLD_DIR", "")
# The largest extract the page takes (a million-row CSV is about 500 MB), and the longest a
# load's background job may take before DuckDB is interrupted and the job fails, saving nothing.
ASCENT_CLD_MAX_UPLOAD_BYTES = env_int("ASCENT_CLD_MAX_UPLOAD_BYTES", 512 * 1024 * 1024)
ASCENT_CLD_LOAD_SECONDS = env_int("ASCENT_CLD_LOAD_SECONDS", 600)

if ASCENT_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if "pytest" in sys.modules or os.environ.get("ASCENT_TEST_APPS") == "1":
        # Test-only models that refer to imported rows (tests/imports/referring): under pytest,
        # and in the manage.py processes tests start (tests/conftest.py sets ASCENT_TEST_APPS
        # for them), so that the benchmark and manage.py with ASCENT_ENV=test leave them out.
        INSTALLED_APPS.append("tests.imports.referring")

# HSTS preloading commits every subdomain of the council's domain to HTTPS for good; that is
# the domain owner's decision, so it is opt-in (SECURE_HSTS_PRELOAD) and its check is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
