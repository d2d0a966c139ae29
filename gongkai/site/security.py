"""Production settings derived from the environment: DEBUG, the secret key, the public address,
the trusted proxies, and the shared cache. No Django import at module level (settings use it).

* ``DEBUG=1`` is the only way to turn DEBUG on (``gongkai serve`` / ``make run`` ask for it for
  the demo). With DEBUG off a ``SECRET_KEY`` is required: :func:`secret_key` raises with a
  Chinese message naming the variable, so gunicorn, ``migrate`` or ``check`` refuse to start.
* ``GONGKAI_SITE_URL`` (``https://gongkai.example.gov.cn``) is where users open the platform:
  its origin is trusted for CSRF, its host is the default ``ALLOWED_HOSTS``, and an ``https``
  address turns on the proxy's ``X-Forwarded-Proto`` header, the HTTPS redirect and HSTS.
* ``GONGKAI_TRUSTED_PROXIES`` (addresses or networks, comma separated; default the loopback
  addresses) are the only peers whose ``X-Forwarded-For`` / ``X-Real-IP`` is believed
  (:func:`client_ip`).
* ``GONGKAI_CACHE_URL`` or ``REDIS_URL`` (``redis://…``) puts the cache (rate limits, login
  throttling) in Redis; otherwise it is Django's database cache, shared by every worker.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlparse

from gongkai.errors import GongkaiError

DEV_SECRET = "gongkai-development-key-not-for-production"
CACHE_TABLE = "gongkai_cache"
NO_SECRET = ("未设置 SECRET_KEY：生产环境（DEBUG 关闭）必须在环境变量中设置一个足够长的随机密钥，"
             "例如 SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')；"
             "仅试用演示时可设置 DEBUG=1（见 docs/production.md）")


def debug(env) -> bool:
    return env.get("DEBUG", "0").strip().lower() in ("1", "true", "yes", "on")


def secret_key(env, debug_on: bool) -> str:
    """``SECRET_KEY`` from the environment; the development key only when DEBUG is on."""
    key = (env.get("SECRET_KEY") or "").strip()
    if key:
        return key
    if debug_on:
        return DEV_SECRET
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(NO_SECRET)


def site(url: str) -> tuple[str, str, str]:
    """(scheme, host, origin) of ``GONGKAI_SITE_URL``; a clear error when it is not an http(s) address."""
    u = urlparse(url.strip())
    if u.scheme not in ("http", "https") or not u.hostname:
        raise GongkaiError(f"GONGKAI_SITE_URL“{url}”不是 http:// 或 https:// 开头的网址", path="GONGKAI_SITE_URL")
    return u.scheme, u.hostname, f"{u.scheme}://{u.netloc}"


def networks(spec: str) -> tuple:
    """Parse ``GONGKAI_TRUSTED_PROXIES`` (``127.0.0.1, 10.0.0.0/8, ::1``) into networks."""
    out = []
    for part in spec.replace(" ", ",").split(","):
        if not part:
            continue
        try:
            out.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise GongkaiError(f"GONGKAI_TRUSTED_PROXIES 中的“{part}”不是 IP 地址或网段",
                               path="GONGKAI_TRUSTED_PROXIES") from None
    return tuple(out)


def _ip(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(addr, trusted) -> bool:
    return addr is not None and any(addr in net for net in trusted)


def client_ip(meta: dict, trusted) -> str:
    """The client's address: the peer itself, unless the peer is a trusted proxy.

    From a trusted proxy, ``X-Forwarded-For`` is read from the right (each proxy appends the
    address it saw) and the first address that is not itself a trusted proxy is the client;
    ``X-Real-IP`` is used when there is no ``X-Forwarded-For``. A header from any other peer is
    ignored: a client cannot choose the address its rate limits are counted under.
    """
    peer = meta.get("REMOTE_ADDR", "") or "unknown"
    if not _trusted(_ip(peer), trusted):
        return peer
    forwarded = [a for a in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if a.strip()]
    if forwarded:
        for part in reversed(forwarded):
            addr = _ip(part)
            if addr is None:
                return peer  # a garbled header: count under the proxy rather than trust a guess
            if not _trusted(addr, trusted):
                return str(addr)
        return str(addr)  # every hop a trusted proxy: the leftmost is the origin
    real = _ip(meta.get("HTTP_X_REAL_IP") or "")
    return str(real) if real is not None else peer


def caches(env) -> dict:
    """The default cache: Redis when ``GONGKAI_CACHE_URL``/``REDIS_URL`` names one, else the database."""
    url = (env.get("GONGKAI_CACHE_URL") or env.get("REDIS_URL") or "").strip()
    if url:
        scheme = urlparse(url).scheme
        if scheme not in ("redis", "rediss", "unix"):
            raise GongkaiError(f"GONGKAI_CACHE_URL 的协议“{scheme}”不受支持（应为 redis:// 或 rediss://）",
                               path="GONGKAI_CACHE_URL")
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                            "KEY_PREFIX": env.get("GONGKAI_CACHE_PREFIX", "gongkai")}}
    return {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}}
