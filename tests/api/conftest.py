"""Shared settings for the API tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hash test users' passwords quickly (the real hasher is deliberately slow)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
