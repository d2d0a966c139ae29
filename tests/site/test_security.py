"""Client address, rate limits, login throttling, idle sessions, passwords, API tokens, error pages."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gongkai.cases import models as m
from gongkai.site.security import client_ip, networks
from tests.cases.test_views import form_data

LOOPBACK = networks("127.0.0.1,::1")
PROXIES = networks("10.0.0.0/8")


# --- the client's address ------------------------------------------------------------------------------

@pytest.mark.parametrize("meta, expected", [
    ({"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
    # Not from a trusted proxy: the header is the client's own claim, ignored.
    ({"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "203.0.113.7"),
    ({"REMOTE_ADDR": "203.0.113.7", "HTTP_X_REAL_IP": "198.51.100.1"}, "203.0.113.7"),
    # From nginx on this machine: the address nginx saw.
    ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "198.51.100.1"),
    ({"REMOTE_ADDR": "::1", "HTTP_X_REAL_IP": "2001:db8::5"}, "2001:db8::5"),
    # A client that sends its own X-Forwarded-For through a proxy that appends: the rightmost untrusted wins.
    ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.1"}, "198.51.100.1"),
    ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 127.0.0.1"}, "198.51.100.1"),
    # Garbled header from the proxy: counted under the proxy, never a guess.
    ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "unknown"}, "127.0.0.1"),
    ({"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),
])
def test_client_ip(meta, expected):
    assert client_ip(meta, LOOPBACK) == expected


def test_client_ip_behind_a_proxy_network():
    meta = {"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 10.9.9.9"}
    assert client_ip(meta, PROXIES) == "198.51.100.1"
    assert client_ip(meta, LOOPBACK) == "10.1.2.3"
    assert networks("") == () and networks("10.0.0.1") == (ipaddress.ip_network("10.0.0.1/32"),)


# --- rate limits ------------------------------------------------------------------------------------

def test_only_valid_submissions_count(client, people, settings):
    """Ten typos used to lock an applicant out; now a form sent back for correction costs nothing."""
    settings.GONGKAI_PUBLIC_RATE = 2
    url = reverse("cases:apply", args=["a"])
    for _ in range(10):
        r = client.post(url, form_data(id_number="110105199202023450"))  # wrong check digit
        assert r.status_code == 200
    assert client.post(url, form_data()).status_code == 302
    assert client.post(url, form_data()).status_code == 302
    r = client.post(url, form_data())
    assert r.status_code == 429 and "频繁" in r.content.decode()
    assert m.Application.objects.count() == 2


def test_rate_limit_counts_in_the_database_cache(client, people, settings):
    """The counter is a row every worker sees (Django's database cache), not one worker's memory."""
    settings.GONGKAI_PUBLIC_RATE = 5
    assert client.post(reverse("cases:apply", args=["a"]), form_data()).status_code == 302
    with connection.cursor() as cur:
        cur.execute("select count(*) from gongkai_cache")
        assert cur.fetchone()[0] >= 1


def test_forwarded_address_counts_only_from_a_trusted_proxy(client, people, settings):
    settings.GONGKAI_PUBLIC_RATE = 1
    url = reverse("cases:apply", args=["a"])
    # A client that varies its own X-Forwarded-For gets no fresh allowance.
    assert client.post(url, form_data(), REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    assert client.post(url, form_data(), REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429
    # Behind nginx (127.0.0.1), each client is counted under its own address.
    assert client.post(url, form_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    assert client.post(url, form_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 302
    assert client.post(url, form_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 429
    assert [e.detail["ip"] for e in m.Event.objects.filter(action="submit").order_by("pk")] == [
        "203.0.113.7", "1.1.1.1", "2.2.2.2"]


def _redis_answers() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="Redis 未运行（127.0.0.1:6379）")
def test_rate_limit_in_redis(client, people, settings):
    import uuid

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/0", "KEY_PREFIX": f"gk-test-{uuid.uuid4()}"}}
    settings.GONGKAI_PUBLIC_RATE = 1
    url = reverse("cases:apply", args=["a"])
    assert client.post(url, form_data()).status_code == 302
    assert client.post(url, form_data()).status_code == 429
    cache.clear()


# --- login ------------------------------------------------------------------------------------------

def _login(c, username, password, **extra):
    return c.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_login_throttled_per_account(people, settings):
    settings.GONGKAI_LOGIN_FAILURES_PER_ACCOUNT = 3
    c = Client()
    for i in range(3):
        assert _login(c, "handler", "wrong", REMOTE_ADDR=f"203.0.113.{i}").status_code == 200
    # From yet another address, even the right password is refused while the account is paused.
    r = _login(c, "handler", "pw-12345678", REMOTE_ADDR="203.0.113.99")
    assert r.status_code == 429 and "登录失败次数过多" in r.content.decode() and "15 分钟" in r.content.decode()
    assert "_auth_user_id" not in c.session
    # Other accounts are unaffected; after the window the account logs in again.
    assert _login(Client(), "registrar", "pw-12345678", REMOTE_ADDR="203.0.113.99").status_code == 302
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert _login(c, "handler", "pw-12345678", REMOTE_ADDR="203.0.113.99").status_code == 302


def test_login_throttled_per_address(people, settings):
    settings.GONGKAI_LOGIN_FAILURES_PER_ADDRESS = 4
    c = Client()
    for name in ("a1", "a2", "a3", "a4"):  # one address trying many accounts
        assert _login(c, name, "guess", REMOTE_ADDR="203.0.113.5").status_code == 200
    assert _login(c, "handler", "pw-12345678", REMOTE_ADDR="203.0.113.5").status_code == 429
    assert _login(Client(), "handler", "pw-12345678", REMOTE_ADDR="203.0.113.6").status_code == 302


def test_successful_login_clears_the_accounts_failures(people, settings):
    settings.GONGKAI_LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(2):
        _login(Client(), "handler", "wrong")
    assert _login(Client(), "handler", "pw-12345678").status_code == 302
    for _ in range(2):
        _login(Client(), "handler", "wrong")
    assert _login(Client(), "handler", "pw-12345678").status_code == 302


def test_staff_session_expires_when_idle(people):
    c = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert _login(c, "handler", "pw-12345678").status_code == 302
    workbench = reverse("cases:agency", args=["a"])
    for minutes in (20, 40, 60):  # active every 20 minutes: still logged in
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert c.get(workbench).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=60 + 31), tick=False):  # 31 minutes idle
        r = c.get(workbench)
    assert r.status_code == 302 and r.url.startswith(reverse("login"))


@pytest.mark.parametrize("password", ["12345678901", "password123", "handler2026", "abc12"])
def test_weak_passwords_refused(people, password):
    with pytest.raises(ValidationError):
        validate_password(password, people.handler)


def test_strong_password_accepted(people):
    validate_password("河流-治理-Verify-2026", people.handler)


# --- API tokens -------------------------------------------------------------------------------------

def _api(token: str) -> APIClient:
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return c


def test_api_token_expires(people, settings):
    settings.GONGKAI_API_TOKEN_DAYS = 90
    token = Token.objects.create(user=people.handler)
    assert _api(token.key).get("/api/agencies/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(days=90, minutes=1))
    r = _api(token.key).get("/api/agencies/")
    assert r.status_code == 401 and "过期" in r.json()["detail"]
    # Asking again with the password gives a new token, good for 90 days.
    r = APIClient().post("/api/token/", {"username": "handler", "password": "pw-12345678"})
    assert r.status_code == 200 and r.json()["token"] != token.key
    assert dt.datetime.fromisoformat(r.json()["expires"]) > timezone.now() + dt.timedelta(days=89)
    assert _api(r.json()["token"]).get("/api/agencies/").status_code == 200


def test_api_token_revoked(people, capsys):
    token = Token.objects.create(user=people.handler)
    assert _api(token.key).get("/api/agencies/").status_code == 200
    call_command("revoke_token", "handler")
    assert "已吊销 1 个令牌" in capsys.readouterr().out
    assert _api(token.key).get("/api/agencies/").status_code == 401


def test_token_endpoint_throttled_like_login(people, settings):
    settings.GONGKAI_LOGIN_FAILURES_PER_ACCOUNT = 2
    for _ in range(2):
        assert APIClient().post("/api/token/", {"username": "handler", "password": "x"}).status_code == 400
    r = APIClient().post("/api/token/", {"username": "handler", "password": "pw-12345678"})
    assert r.status_code == 429 and "登录失败次数过多" in r.json()["detail"]


# --- error pages (DEBUG is off while tests run) ---------------------------------------------------------

def test_404_page_in_chinese(client, people, settings):
    assert settings.DEBUG is False
    r = client.get("/no/such/page/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode()
    client.force_login(people.stranger)  # another agency's staff: a record of agency a does not exist for them
    r = client.get(reverse("cases:agency", args=["a"]))
    assert r.status_code == 404 and "页面不存在" in r.content.decode()


def test_403_page_in_chinese(client, people):
    client.force_login(people.supervisor)  # read-only: no actions
    r = client.get(reverse("cases:settings", args=["a"]))
    assert r.status_code == 403 and "没有权限" in r.content.decode()


def test_500_page_in_chinese(people):
    from django.views.defaults import server_error

    r = server_error(RequestFactory().get("/"))
    assert r.status_code == 500 and "服务器内部错误" in r.content.decode()
