"""Shared settings for the platform tests (tests/cases)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hash test users' passwords quickly (the real hasher is deliberately slow)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Uploaded files go to the test's own directory, not the repository's var/."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


from .platform_world import people  # noqa: E402, F401  (the platform tests' two agencies and staff)
