"""The production set-up of docs/production.md, for real: nginx (TLS, self-signed) → gunicorn → gongkai.

Logging in and submitting the public form through the proxy used to fail with “CSRF验证失败”
(Django saw http and a different origin); the settings now derive the trusted origin and the
proxy's HTTPS header from GONGKAI_SITE_URL.
"""

from __future__ import annotations

import http.cookiejar
import re
import sqlite3
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .proxy_world import NGINX, Stack

pytestmark = [pytest.mark.slow, pytest.mark.skipif(NGINX is None, reason="nginx 未安装（Debian: nginx-light）")]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, and Origin/Referer as a browser sends them on a form POST; redirects not followed."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect(),
                                                  urllib.request.HTTPSHandler(context=stack.ssl))

    def request(self, url: str, data: dict | None = None, referer: str | None = None):
        req = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode() if data is not None else None)
        if data is not None:
            req.add_header("Origin", self.stack.https)
            req.add_header("Referer", referer or url)
        try:
            r = self.opener.open(req, timeout=30)
        except urllib.error.HTTPError as e:
            r = e
        return r.status, dict(r.headers), r.read().decode("utf-8", "replace")

    def token(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def cookie(self, name: str):
        return next((c for c in self.jar if c.name == name), None)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = Stack(tmp_path_factory.mktemp("proxy"))
    try:
        s.start()
    except Exception:
        s.stop()
        pytest.fail("生产环境未能启动：\n" + s.logs())
    yield s
    s.stop()


def test_login_through_nginx_over_https(stack):
    b = Browser(stack)
    status, headers, page = b.request(f"{stack.https}/login/")
    assert status == 200 and "工作人员登录" in page
    # HTTPS seen through the proxy: HSTS sent, cookies marked Secure.
    assert headers.get("Strict-Transport-Security", "").startswith("max-age=31536000")
    assert b.cookie("csrftoken").secure
    status, headers, page = b.request(f"{stack.https}/login/", {
        "csrfmiddlewaretoken": b.token(page), "username": "handler", "password": "Gongkai-Proxy-2026", "next": ""})
    assert status == 302, (status, page[:2000], stack.logs())
    assert "CSRF" not in page
    assert headers["Location"] == "/staff/"
    session = b.cookie("sessionid")
    assert session is not None and session.secure and "httponly" in {k.lower() for k in session._rest}
    status, _, page = b.request(f"{stack.https}/staff/demo/")
    assert status == 200 and "示例市人民政府办公室" in page and "handler" in page


def _form(token: str, **over) -> dict:
    return {"csrfmiddlewaretoken": token, "applicant_type": "natural_person", "applicant_name": "王五",
            "id_type": "resident_id", "id_number": "110105199202023459", "phone": "13900000000",
            "info_title": "2025年示范河治理工程验收报告", "info_description": "申请公开该工程的竣工验收报告全文",
            "delivery_form": "email", "email": "wangwu@example.org"} | over


def _applications(stack) -> int:
    with sqlite3.connect(stack.dir / "gongkai.sqlite3") as db:
        return db.execute("select count(*) from cases_application").fetchone()[0]


def test_public_form_through_nginx_over_https(stack):
    b = Browser(stack)
    url = f"{stack.https}/apply/demo/"
    status, _, page = b.request(url)
    assert status == 200
    before = _applications(stack)
    status, headers, page = b.request(url, _form(b.token(page)))
    assert status == 302, (status, page[:2000], stack.logs())
    assert headers["Location"].startswith("/receipt/") or "/track/" in headers["Location"]
    status, _, page = b.request(stack.https + headers["Location"])
    assert status == 200 and "2025年示范河治理工程验收报告" in page
    with sqlite3.connect(stack.dir / "gongkai.sqlite3") as db:
        (detail,) = db.execute("select detail from cases_event where action = 'submit' order by id desc").fetchone()
    assert _applications(stack) == before + 1
    assert '"ip": "127.0.0.1"' in detail  # the client nginx saw, from its header (the proxy is trusted)


def test_rate_limit_shared_by_the_workers_and_typos_free(stack):
    """Two gunicorn workers count one client once (the database cache); forms sent back cost nothing."""
    b = Browser(stack)
    url = f"{stack.https}/apply/demo/"
    _, _, page = b.request(url)
    token = b.token(page)
    for _ in range(2 * stack.RATE):
        status, _, page = b.request(url, _form(token, id_number="110105199202023450"))  # bad check digit
        assert status == 200 and "校验位" in page
    statuses = []
    for _ in range(2 * stack.RATE):
        status, _, _ = b.request(url, _form(token))
        statuses.append(status)
        if status == 429:
            break
    assert statuses[-1] == 429
    assert _applications(stack) == stack.RATE  # this test's and the one before's, from the same address


def test_form_post_without_the_proxys_origin_is_refused(stack):
    """CSRF is still checked: a POST whose Origin is another site is refused (403, in Chinese)."""
    b = Browser(stack)
    status, _, page = b.request(f"{stack.https}/login/")
    req = urllib.request.Request(f"{stack.https}/login/", data=urllib.parse.urlencode(
        {"csrfmiddlewaretoken": b.token(page), "username": "handler", "password": "x"}).encode())
    req.add_header("Origin", "https://evil.example")
    req.add_header("Referer", "https://evil.example/")
    with pytest.raises(urllib.error.HTTPError) as e:
        b.opener.open(req, timeout=30)
    assert e.value.status == 403 and "CSRF" in e.value.read().decode()


def test_plain_http_redirects_to_https(stack):
    b = Browser(stack)
    status, headers, _ = b.request(f"{stack.http}/apply/demo/")
    assert status == 301 and headers["Location"] == f"{stack.https}/apply/demo/"
    # gunicorn itself, asked over plain http without the proxy's header, redirects to https too.
    status, headers, _ = b.request(f"http://127.0.0.1:{stack.app_port}/login/")
    assert status == 301 and headers["Location"].startswith("https://127.0.0.1")
    # … except the health check, which monitoring asks of gunicorn directly.
    status, _, body = b.request(f"http://127.0.0.1:{stack.app_port}/healthz")
    assert (status, body) == (200, "ok")
