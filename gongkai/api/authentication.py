"""API tokens that expire and can be revoked (the token endpoint is :mod:`gongkai.api.token`).

A token is good for ``GONGKAI_API_TOKEN_DAYS`` days from when it was issued (``Token.created``).
An expired token is refused (401, saying so) and replaced by a new one the next time its user asks
``/api/token/`` with their password. Revoking is deleting the token: in the admin
(认证令牌), or ``python -m django revoke_token USER``; the next request with it gets 401.
Asking for a token with a wrong password counts as a failed login (:mod:`gongkai.site.throttle`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def expires_at(token: Token) -> dt.datetime:
    return token.created + dt.timedelta(days=settings.GONGKAI_API_TOKEN_DAYS)


def expired(token: Token) -> bool:
    return timezone.now() >= expires_at(token)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expired(token):
            when = timezone.localtime(expires_at(token))
            raise exceptions.AuthenticationFailed(
                f"令牌已于 {when:%Y-%m-%d %H:%M} 过期，请用账号密码重新获取（/api/token/）")
        return user, token
