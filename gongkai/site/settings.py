"""Django settings for gongkai's case platform.

Everything that differs between machines comes from the environment:

* ``DATABASE_URL`` — ``sqlite:///path`` or ``postgres://user:pass@host:port/name``; by
  default an SQLite file ``gongkai.sqlite3`` in ``GONGKAI_DATA_DIR`` (default: ``var/``
  under the repository).
* ``SECRET_KEY`` — required in production; a development key otherwise.
* ``DEBUG`` — ``1`` for development (the default when ``SECRET_KEY`` is not set).
* ``ALLOWED_HOSTS`` — comma separated.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from gongkai.errors import GongkaiError

REPO_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR") or REPO_DIR / "var")


# The web server and the background worker share the SQLite file: wait for a lock rather than fail,
# take the write lock when a transaction begins (no deadlock upgrading a read lock), and let readers
# read while one process writes (WAL).
SQLITE_OPTIONS = {"timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}


def database_from_url(url: str | None) -> dict:
    """A Django DATABASES entry from ``DATABASE_URL`` (sqlite or postgres only)."""
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "gongkai.sqlite3"),
                "OPTIONS": SQLITE_OPTIONS}
    u = urlparse(url)
    if u.scheme == "sqlite":
        # sqlite:////abs/path.db is absolute, sqlite:///rel/path.db relative (as dj-database-url reads them).
        path = unquote(u.path)
        path = path[1:] if path.startswith("/") else path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:", "OPTIONS": SQLITE_OPTIONS}
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


_secret = os.environ.get("SECRET_KEY")
SECRET_KEY = _secret or "gongkai-development-key-not-for-production"
DEBUG = os.environ.get("DEBUG", "0" if _secret else "1") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

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
    "django_tasks",
    "django_tasks_db",
    "gongkai.supervision",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "gongkai.api",
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

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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
    SESSION_COOKIE_SECURE = os.environ.get("GONGKAI_INSECURE_COOKIES") != "1"
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
# The address staff open the platform at, for links in reminder e-mails.
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000")

# The REST API (/api/, gongkai.api): token or session authentication, agency-scoped, read-only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication",
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
    "DESCRIPTION": "政府信息公开依申请办理平台：申请、办理记录、答复文书与年度报告表格（只读，按机关隔离）",
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
