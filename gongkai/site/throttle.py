"""Counting requests per client in the shared cache: the public form's rate limits and login throttling.

The cache is the one every worker shares (the database, or Redis; see :mod:`gongkai.site.security`),
so three gunicorn workers count one client once. The client is the address
:func:`client_ip` finds — the proxy's header only from a trusted proxy.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from . import security


def client_ip(request) -> str:
    return security.client_ip(request.META, settings.GONGKAI_TRUSTED_PROXIES)


def _key(bucket: str, who: str) -> str:
    # Hashed: a user name or an IPv6 address may hold characters cache keys should not.
    return f"gongkai:rate:{bucket}:{hashlib.sha256(who.encode('utf-8', 'replace')).hexdigest()[:32]}"


def count(bucket: str, who: str) -> int:
    return int(cache.get(_key(bucket, who)) or 0)


def hit(bucket: str, who: str, window: int) -> int:
    """Count one more for ``who`` in ``bucket``; the new count (it expires ``window`` seconds after the first)."""
    key = _key(bucket, who)
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def reset(bucket: str, who: str) -> None:
    cache.delete(_key(bucket, who))


# --- login ----------------------------------------------------------------------------------------

def login_blocked(username: str, ip: str) -> bool:
    """True when this account or this address has failed too often within the window."""
    return (count("login-account", username.strip().lower()) >= settings.GONGKAI_LOGIN_FAILURES_PER_ACCOUNT
            or count("login-address", ip) >= settings.GONGKAI_LOGIN_FAILURES_PER_ADDRESS)


def login_failed(username: str, ip: str) -> None:
    window = settings.GONGKAI_LOGIN_WINDOW
    hit("login-account", username.strip().lower(), window)
    hit("login-address", ip, window)


def login_succeeded(username: str) -> None:
    reset("login-account", username.strip().lower())


def blocked_message() -> str:
    minutes = max(1, settings.GONGKAI_LOGIN_WINDOW // 60)
    return f"登录失败次数过多，已暂停登录，请 {minutes} 分钟后再试；如忘记密码请联系机关管理员。"
