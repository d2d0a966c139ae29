"""The settings as a production process sees them: each case starts Python with its own environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

SHOW = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({k: getattr(s, k, None) for k in (
    "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_AGE",
    "SESSION_SAVE_EVERY_REQUEST")} | {"cache": s.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
                                      "proxies": [str(n) for n in s.GONGKAI_TRUSTED_PROXIES]}))
"""
KEY = "k" * 60


def run(code_or_args, tmp_path, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "GONGKAI_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL"))}
    base.update(DJANGO_SETTINGS_MODULE="gongkai.site.settings", GONGKAI_DATA_DIR=str(tmp_path),
                DATABASE_URL=f"sqlite:///{tmp_path}/gk.sqlite3", **env)
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run([sys.executable, *args], env=base, capture_output=True, text=True, timeout=120)


def settings_under(tmp_path, **env) -> dict:
    r = run(SHOW, tmp_path, **env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_no_secret_key_with_debug_off_refuses_to_start(tmp_path):
    r = run("import gongkai.site.wsgi", tmp_path)  # what gunicorn imports
    assert r.returncode != 0 and "未设置 SECRET_KEY" in r.stderr
    cli = run(["-m", "gongkai", "report", "2026", "--agency", "demo"], tmp_path)
    assert cli.returncode == 2 and "未设置 SECRET_KEY" in cli.stderr and "Traceback" not in cli.stderr


def test_debug_only_when_asked(tmp_path):
    assert settings_under(tmp_path, DEBUG="1")["DEBUG"] is True
    s = settings_under(tmp_path, SECRET_KEY=KEY, GONGKAI_SITE_URL="https://gongkai.example.gov.cn")
    assert s["DEBUG"] is False and s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True


def test_production_behind_https_proxy_derives_from_the_site_url(tmp_path):
    s = settings_under(tmp_path, SECRET_KEY=KEY, GONGKAI_SITE_URL="https://gongkai.example.gov.cn")
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://gongkai.example.gov.cn"]
    assert s["ALLOWED_HOSTS"] == ["gongkai.example.gov.cn"]
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SECURE_SSL_REDIRECT"] is True and s["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert s["SESSION_COOKIE_AGE"] == 30 * 60 and s["SESSION_SAVE_EVERY_REQUEST"] is True
    assert s["cache"] == "DatabaseCache" and s["proxies"] == ["127.0.0.1/32", "::1/128"]
    # A port is part of the origin; more origins can be added.
    s = settings_under(tmp_path, SECRET_KEY=KEY, GONGKAI_SITE_URL="https://gk.example.gov.cn:8443",
                       GONGKAI_CSRF_TRUSTED_ORIGINS="https://other.example.gov.cn")
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://gk.example.gov.cn:8443", "https://other.example.gov.cn"]


def test_plain_http_site_has_no_https_redirect_or_hsts(tmp_path):
    s = settings_under(tmp_path, SECRET_KEY=KEY, GONGKAI_SITE_URL="http://10.1.2.3:8000")
    assert s["SECURE_SSL_REDIRECT"] is False and s["SECURE_HSTS_SECONDS"] == 0
    assert s["SECURE_PROXY_SSL_HEADER"] is None and s["ALLOWED_HOSTS"] == ["10.1.2.3"]
    assert s["SESSION_COOKIE_SECURE"] is False  # cookies must reach the site over http


def test_redis_cache_where_configured(tmp_path):
    assert settings_under(tmp_path, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/3")["cache"] == "RedisCache"
    assert settings_under(tmp_path, DEBUG="1", GONGKAI_CACHE_URL="redis://127.0.0.1:6379/3")["cache"] == "RedisCache"


@pytest.mark.parametrize("env, message", [
    ({"GONGKAI_TRUSTED_PROXIES": "10.0.0.0/8, nginx.local"}, "nginx.local"),
    ({"GONGKAI_SITE_URL": "gongkai.example.gov.cn"}, "GONGKAI_SITE_URL"),
    ({"GONGKAI_CACHE_URL": "memcached://127.0.0.1"}, "GONGKAI_CACHE_URL"),
])
def test_bad_settings_are_named(tmp_path, env, message):
    r = run(["-m", "gongkai", "report", "2026", "--agency", "demo"], tmp_path, DEBUG="1", **env)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_check_deploy_under_production_settings(tmp_path):
    """``check --deploy`` finds nothing but the HSTS preload list, which is an office's own decision."""
    r = run(["-m", "django", "check", "--deploy"], tmp_path, SECRET_KEY=KEY + "abcdefghij",
            GONGKAI_SITE_URL="https://gongkai.example.gov.cn")
    assert r.returncode == 0, r.stderr
    out = r.stdout + r.stderr
    assert "security.W021" in out and "1 issue" in out
    r = run(["-m", "django", "check", "--deploy"], tmp_path, SECRET_KEY=KEY + "abcdefghij",
            GONGKAI_SITE_URL="https://gongkai.example.gov.cn", GONGKAI_HSTS_PRELOAD="1")
    assert "no issues" in r.stdout + r.stderr


def test_migrate_makes_the_cache_table(tmp_path):
    r = run(["-m", "django", "migrate", "--noinput", "-v", "0"], tmp_path, DEBUG="1")
    assert r.returncode == 0, r.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "gk.sqlite3") as db:
        assert db.execute("select name from sqlite_master where name = 'gongkai_cache'").fetchone()
