"""/api/token/: a user's API token for their username and password, throttled as the login page is."""

from __future__ import annotations

from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from ..site import throttle
from .authentication import expired, expires_at


class ObtainToken(ObtainAuthToken):
    """POST username and password: the user's token (a new one when the old one expired) and its expiry."""

    def post(self, request, *args, **kwargs):
        username = str(request.data.get("username", ""))[:150]
        ip = throttle.client_ip(request)
        if throttle.login_blocked(username, ip):
            return Response({"detail": throttle.blocked_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            throttle.login_failed(username, ip)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        throttle.login_succeeded(user.get_username())
        token, _ = Token.objects.get_or_create(user=user)
        if expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key, "expires": expires_at(token).isoformat()})


obtain_token = ObtainToken.as_view()
