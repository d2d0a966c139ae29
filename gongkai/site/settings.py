"""Django settings for gongkai's case platform.

Everything that differs between machines comes from the environment:

* ``DATABASE_URL`` — ``sqlite:///path`` or ``postgres://user:pass@host:port/name``; by
  default an SQLite file ``gongkai.sqlite3`` in ``GONGKAI_DATA_DIR`` (default: ``var/``
  under the repository).
* ``SECRET_KEY`` — required unless ``DEBUG=1`` (startup is refused without it).
* ``DEBUG`` — ``1`` only when asked for (``gongkai serve`` / ``make run`` ask for it for the demo).
* ``ALLOWED_HOSTS`` — comma separated; by default the host of ``GONGKAI_SITE_URL``.
* ``GONGKAI_SITE_URL``, ``GONGKAI_TRUSTED_PROXIES``, ``GONGKAI_CACHE_URL``/``REDIS_URL`` and the
  other production settings: see :mod:`gongkai.site.security` and docs/production.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from gongkai.errors import GongkaiError
from gongkai.site import security

REPO_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR") or REPO_DIR / "var")


# SQLite under concurrent requests: write-ahead log (readers never block the writer), wait up to
# 20 s for the write lock instead of failing with "database is locked", and take that lock when a
# transaction begins (IMMEDIATE), so two transactions never both read and then both try to write.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20,
                  "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}


def _sqlite(name: str) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": dict(SQLITE_OPTIONS)}


def database_from_url(url: str | None) -> dict:
    """A Django DATABASES entry from ``DATABASE_URL`` (sqlite or postgres only)."""
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return _sqlite(str(DATA_DIR / "gongkai.sqlite3"))
    u = urlparse(url)
    if u.scheme == "sqlite":
        # sqlite:////abs/path.db is absolute, sqlite:///rel/path.db relative (as dj-database-url reads them).
        path = unquote(u.path)
        path = path[1:] if path.startswith("/") else path
        return _sqlite(path or ":memory:")
    if u.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(u.path.lstrip("/")) or "postgres",
            "USER": unquote(u.username or ""),
            "PASSWORD": unquote(u.password or ""),
            "HOST": u.hostname or "",
            "PORT": str(u.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise GongkaiError(f"DATABASE_URL 的协议“{u.scheme}”不受支持（应为 sqlite:// 或 postgres://）",
                       path="DATABASE_URL")


# --- production: DEBUG, secret key, public address, proxy, HTTPS (gongkai.site.security) ---------
DEBUG = security.debug(os.environ)
SECRET_KEY = security.secret_key(os.environ, DEBUG)
# The address users open the platform at (links in e-mails; CSRF origin, hosts and HTTPS derive from it).
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000")
_site_scheme, _site_host, _site_origin = security.site(GONGKAI_SITE_URL)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else _site_host).split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [_site_origin] + [o.strip() for o in os.environ.get(
    "GONGKAI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# Peers whose X-Forwarded-For / X-Real-IP is believed (the reverse proxy); nobody else's.
GONGKAI_TRUSTED_PROXIES = security.networks(os.environ.get("GONGKAI_TRUSTED_PROXIES", "127.0.0.1,::1"))
if _site_scheme == "https" and not DEBUG:
    # TLS ends at the proxy, which says so in X-Forwarded-Proto (set by nginx, never passed through).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("GONGKAI_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # monitoring may ask gunicorn directly, over http
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("GONGKAI_HSTS_PRELOAD") == "1"
# Staff sessions end after this many minutes without a request (and when the browser closes).
SESSION_COOKIE_AGE = 60 * int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", "30"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Login: at most this many failures per account, and per client address, within the window (seconds).
GONGKAI_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("GONGKAI_LOGIN_FAILURES_PER_ACCOUNT", "5"))
GONGKAI_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("GONGKAI_LOGIN_FAILURES_PER_ADDRESS", "20"))
GONGKAI_LOGIN_WINDOW = int(os.environ.get("GONGKAI_LOGIN_WINDOW", "900"))
# API tokens expire this many days after they are issued (revoke one by deleting it: admin or revoke_token).
GONGKAI_API_TOKEN_DAYS = int(os.environ.get("GONGKAI_API_TOKEN_DAYS", "90"))
# --- end of production block -------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "gongkai.cases",
    "gongkai.letters",
    "gongkai.decisions",
    "gongkai.reminders",
    "gongkai.registers",
    "gongkai.annual",
    "django_tasks",
    "django_tasks_db",
    "gongkai.supervision",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "gongkai.api",
    "gongkai.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.site.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "gongkai.site.urls"
WSGI_APPLICATION = "gongkai.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and login throttling count here: the database (every worker shares it; the table is
# made by migrate) or Redis (GONGKAI_CACHE_URL / REDIS_URL).
CACHES = security.caches(os.environ)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:workbench"
LOGOUT_REDIRECT_URL = "cases:home"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "uploads"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # Secure cookies wherever the site is https (an intranet site served over plain http could not log in).
    SESSION_COOKIE_SECURE = _site_scheme == "https" and os.environ.get("GONGKAI_INSECURE_COOKIES") != "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# The public form: at most this many submissions per client address per hour (Django cache).
GONGKAI_PUBLIC_RATE = int(os.environ.get("GONGKAI_PUBLIC_RATE", "10"))
# Status look-ups per client address per hour (guessing tracking codes is pointless, but cheap to stop).
GONGKAI_LOOKUP_RATE = int(os.environ.get("GONGKAI_LOOKUP_RATE", "60"))
# Uploads: the largest file accepted, in bytes, and the types accepted.
GONGKAI_UPLOAD_MAX = int(os.environ.get("GONGKAI_UPLOAD_MAX", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = GONGKAI_UPLOAD_MAX + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail (reminders, `gongkai remind`): printed to the console in development; in production set
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST etc. (docs/production.md).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG
                               else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# The REST API (/api/, gongkai.api): token or session authentication, agency-scoped; it reads, and
# does the actions of gongkai.cases.transitions (409 on a conflict).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["gongkai.api.authentication.ExpiringTokenAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gongkai API",
    "DESCRIPTION": ("政府信息公开依申请办理平台：申请、办理记录、答复文书与年度报告表格，"
                    "以及按办理操作表执行的操作（冲突时返回409）；按机关隔离"),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {"FindingReviewEnum": "gongkai.supervision.models.findings.REVIEW_CHOICES"},
}

# Supervision: reports are read in the background by `gongkai worker` (django-tasks with its
# database backend: the same database, no other service; any number of workers, on any machine
# that reaches the database — docs/supervision.md says why this engine). `gongkai serve` starts one
# worker beside itself unless GONGKAI_WORKERS=0.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker renews its claim on the report it reads every LEASE/4 seconds; a claim not renewed for
# LEASE seconds (the worker died) is given to another worker.
GONGKAI_READ_LEASE = float(os.environ.get("GONGKAI_READ_LEASE", "60"))
# Seconds each read pauses before returning (0: none) — only for the killed-worker test and the
# queue benchmark, which need a job that lasts long enough to be interrupted.
GONGKAI_READ_PAUSE = float(os.environ.get("GONGKAI_READ_PAUSE", "0"))
# The largest report file (or zip of reports) a supervisor may upload, in bytes.
GONGKAI_SUPERVISION_UPLOAD_MAX = int(os.environ.get("GONGKAI_SUPERVISION_UPLOAD_MAX", str(200 * 1024 * 1024)))
