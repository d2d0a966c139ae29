"""Shared settings for the platform tests (tests/cases)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hash test users' passwords quickly (the real hasher is deliberately slow)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


from .platform_world import people  # noqa: E402, F401  (the platform tests' two agencies and staff)
